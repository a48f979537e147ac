/*
 * fuzz_stream.c - libFuzzer target for the stream service: the input is a
 * program of operations (segment, ACK, skip, end) on two directions sharing
 * a small budget; the consumer checks that offsets only ever move forward
 * and that delivered + skipped + gap bytes equal the stream offset.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cursor.h"
#include "stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile uint8_t touched;

struct check {
	struct stream_dir *s;
	uint64_t next;
	uint32_t skip_every;
	uint64_t n;
};

static void on_data(void *arg, uint64_t off, const uint8_t *p, size_t n, const struct frame_ref *ref)
{
	struct check *c = arg;
	size_t i;

	(void)ref;
	if (off < c->next)
		abort();
	c->next = off + n;
	for (i = 0; i < n; i += 512)
		touched ^= p[i];   /* touch the delivered bytes */
	if (c->skip_every && ++c->n % c->skip_every == 0)
		stream_skip(c->s, n);
}

static void on_gap(void *arg, uint64_t off, uint64_t len)
{
	struct check *c = arg;
	if (off < c->next)
		abort();
	c->next = off + len;
}

static void on_end(void *arg, enum stream_end why)
{
	(void)arg;
	(void)why;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor c = cursor_make(data, size);
	struct stream_budget budget = { 64 * 1024, 0, 0 };
	struct check ck[2];
	struct stream_consumer cons[2];
	uint32_t base = cursor_be32(&c);
	unsigned i, ops = 0;

	memset(ck, 0, sizeof(ck));
	for (i = 0; i < 2; i++) {
		cons[i].data = on_data;
		cons[i].gap = on_gap;
		cons[i].end = on_end;
		cons[i].arg = &ck[i];
		ck[i].skip_every = cursor_u8(&c) % 5;
		ck[i].s = stream_new(base + i * 0x10000000u, 16 * 1024, &budget, &cons[i]);
	}
	while (cursor_left(&c) > 0 && ops++ < 4096) {
		uint8_t op = cursor_u8(&c);
		struct stream_dir *s = ck[op & 1].s;
		uint32_t dbase = base + (op & 1) * 0x10000000u;
		struct frame_ref ref = { 0, ops };

		if (!s)
			break;
		switch ((op >> 1) % 4) {
		case 0: { /* segment: offset (16 bit, may run backwards), length */
			uint32_t off = cursor_be16(&c), len = cursor_be16(&c) % 2048;
			const uint8_t *p;
			len = len < cursor_left(&c) ? len : (uint32_t)cursor_left(&c);
			p = cursor_view(&c, len);
			if (p)
				stream_segment(s, dbase + off * 8u, p, len, &ref);
			break;
		}
		case 1:
			stream_ack(s, dbase + cursor_be16(&c) * 8u);
			break;
		case 2:
			stream_skip(s, cursor_u8(&c));
			break;
		default:
			if (cursor_u8(&c) == 0xee)
				stream_end(s, STREAM_END_FIN);
			break;
		}
	}
	for (i = 0; i < 2; i++) {
		if (!ck[i].s)
			continue;
		stream_end(ck[i].s, STREAM_END_FLOW);
		if (stream_offset(ck[i].s) < ck[i].next)
			abort();
		stream_free(ck[i].s);
	}
	if (budget.used != 0)
		abort();
	return 0;
}
