/*
 * fmt.h - fast text formatting for the per-flow writers (conn.log, tcp.log,
 * report.xml's flow rows): numbers, fixed-point seconds, IPv4 addresses and
 * flow uids written straight into a caller's buffer, byte for byte what the
 * printf formats named beside each function give, and an output buffer that
 * reaches its FILE with one fwrite per fill.
 *
 * The fmt_* writers take p (borrowed, with room for the longest result: 20
 * digits, 27 bytes for seconds, 15 for an address, 33 for a uid) and return
 * the end of what they wrote; nothing is NUL-terminated.
 */
#ifndef NETRCA_FMT_H
#define NETRCA_FMT_H
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* "%llu" */
char *fmt_u64(char *p, uint64_t v);
/* "%lld" */
char *fmt_i64(char *p, int64_t v);
/* "%lld.%06lld" of (ns / 1e9, (ns % 1e9) / 1000): seconds with microseconds,
 * truncated (Zeek's time and interval), negative values included. */
char *fmt_secs_us(char *p, int64_t ns);
/* inet_ntop(AF_INET) of a[0..3] (borrowed) */
char *fmt_ipv4(char *p, const uint8_t *a);
/* flow_uid(): "C%u-%llu" */
char *fmt_uid(char *p, uint32_t capture, uint64_t frame);

static inline char *fmt_mem(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

static inline char *fmt_str(char *p, const char *s)
{
	return fmt_mem(p, s, strlen(s));
}

/* Output buffer in front of a FILE. */
struct fmt_out {
	FILE *f;                /* borrowed */
	char *buf;              /* owned */
	size_t len, cap;
};

/* Gives o a buffer of cap bytes for f (borrowed); 0 or -1 (no memory). */
int fmt_out_init(struct fmt_out *o, FILE *f, size_t cap);
/* One fwrite of what is buffered; 0, or -1 when the FILE had an error. */
int fmt_out_flush(struct fmt_out *o);
/* Flushes, frees the buffer (not the FILE); 0 or -1 as fmt_out_flush. */
int fmt_out_free(struct fmt_out *o);

/* Where to write up to n (<= cap) more bytes: flushes first when they do not
 * fit.  Commit what was written with fmt_out_commit(o, end). */
static inline char *fmt_out_reserve(struct fmt_out *o, size_t n)
{
	if (o->cap - o->len < n)
		fmt_out_flush(o);
	return o->buf + o->len;
}

static inline void fmt_out_commit(struct fmt_out *o, const char *end)
{
	o->len = (size_t)(end - o->buf);
}
#endif
