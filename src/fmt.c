/* fmt.c - fast text formatting for the per-flow writers (see fmt.h). */
#include <stdlib.h>
#include "fmt.h"

static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* v's decimal digits ending at e (exclusive); returns where they start. */
static char *digits_before(char *e, uint64_t v)
{
	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		e -= 2;
		memcpy(e, digit_pairs + 2 * r, 2);
	}
	if (v >= 10) {
		e -= 2;
		memcpy(e, digit_pairs + 2 * v, 2);
	} else {
		*--e = (char)('0' + v);
	}
	return e;
}

char *fmt_u64(char *p, uint64_t v)
{
	char tmp[20], *e = tmp + sizeof(tmp), *s = digits_before(e, v);

	return fmt_mem(p, s, (size_t)(e - s));
}

char *fmt_i64(char *p, int64_t v)
{
	if (v < 0) {
		*p++ = '-';
		return fmt_u64(p, 0 - (uint64_t)v);
	}
	return fmt_u64(p, (uint64_t)v);
}

/* At least w digits of v, zero-padded on the left ("%0*llu"). */
static char *u64_pad(char *p, uint64_t v, size_t w)
{
	char tmp[20], *e = tmp + sizeof(tmp), *s = digits_before(e, v);

	while ((size_t)(e - s) < w)
		*--s = '0';
	return fmt_mem(p, s, (size_t)(e - s));
}

char *fmt_secs_us(char *p, int64_t ns)
{
	int64_t s = ns / 1000000000LL, us = (ns % 1000000000LL) / 1000;

	p = fmt_i64(p, s);
	*p++ = '.';
	if (us < 0) {           /* "%06lld" of a negative: the sign takes a column */
		*p++ = '-';
		return u64_pad(p, (uint64_t)-us, 5);
	}
	return u64_pad(p, (uint64_t)us, 6);
}

char *fmt_ipv4(char *p, const uint8_t *a)
{
	int i;

	for (i = 0; i < 4; i++) {
		unsigned v = a[i];
		if (i)
			*p++ = '.';
		if (v >= 100) {
			*p++ = (char)('0' + v / 100);
			v %= 100;
			p = fmt_mem(p, digit_pairs + 2 * v, 2);
		} else if (v >= 10) {
			p = fmt_mem(p, digit_pairs + 2 * v, 2);
		} else {
			*p++ = (char)('0' + v);
		}
	}
	return p;
}

char *fmt_uid(char *p, uint32_t capture, uint64_t frame)
{
	*p++ = 'C';
	p = fmt_u64(p, capture);
	*p++ = '-';
	return fmt_u64(p, frame);
}

int fmt_out_init(struct fmt_out *o, FILE *f, size_t cap)
{
	o->f = f;
	o->len = 0;
	o->cap = cap;
	o->buf = malloc(cap);
	return o->buf ? 0 : -1;
}

int fmt_out_flush(struct fmt_out *o)
{
	int rc = 0;

	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
		rc = -1;
	o->len = 0;
	return rc;
}

int fmt_out_free(struct fmt_out *o)
{
	int rc = o->buf ? fmt_out_flush(o) : 0;

	free(o->buf);
	o->buf = NULL;
	o->cap = 0;
	return rc;
}
