/*
 * echo.h - ICMP and ICMPv6 echo pairing (RFC 792, RFC 4443 §4): outstanding
 * requests by (source, destination, identifier, sequence number) in a fixed
 * table of ECHO_SLOTS; a request no reply came for within ECHO_TIMEOUT_NS of
 * capture time (or by the end) is unanswered; a slot still busy with another
 * recent request is counted (table_full) and the new request not tracked.
 */
#ifndef NETRCA_ECHO_H
#define NETRCA_ECHO_H
#include <stdint.h>
#include "../dissectors/decode.h"
#include "packet.h"
#include "stats.h"

#define ECHO_SLOTS 4096
#define ECHO_TIMEOUT_NS (10ll * 1000000000)

struct echo_stats {
	uint64_t requests, replies, answered;
	struct counter unanswered;  /* requests no reply came for (10 s, or the end) */
	struct counter unsolicited; /* replies to no request seen */
	uint64_t table_full;        /* requests not tracked: table full */
};

struct echo_table;

/* Owned, free with echo_free(); counts into *st (borrowed, outlives the
 * table).  NULL when out of memory. */
struct echo_table *echo_new(struct echo_stats *st);
void echo_free(struct echo_table *t);
/* Pairs p (decoded as d) if it is an echo request or reply; t may be NULL. */
void echo_pair(struct echo_table *t, const struct packet *p, const struct decoded *d);
/* Requests older than ECHO_TIMEOUT_NS at capture time now (every one with
 * all) become unanswered; swept at most once per second of capture time. */
void echo_expire(struct echo_table *t, int64_t now, int all);
#endif
