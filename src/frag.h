/*
 * frag.h - IPv4 and IPv6 fragment reassembly (RFC 791 §3.2, RFC 8200 §4.5).
 *
 * Every fragment the engine decodes is offered here; when one completes its
 * datagram, the reassembled datagram (IP header + payload, owned by the
 * table until the next offer) continues up the stack through
 * decode_datagram(), at the completing fragment's frame, carrying the capped
 * list of the frames it was made from.  Overlapping bytes keep what arrived
 * first; an overlap with different bytes is a named anomaly, as are tiny
 * first fragments (RFC 1858), fragments reaching beyond 65535 and datagrams
 * never completed.  Hard caps: fragments per datagram, concurrent datagrams
 * and bytes held; datagrams time out on the capture clock (30 s for IPv4 as
 * Linux's ipfrag_time, 60 s for IPv6 per RFC 8200).  Every cap is counted.
 */
#ifndef NETRCA_FRAG_H
#define NETRCA_FRAG_H
#include <stdint.h>
#include "packet.h"
#include "stats.h"
#include "../dissectors/decode.h"

#define FRAG_MAX_PIECES 64         /* fragments kept per datagram (Linux: 64 by default) */
#define FRAG_MAX_FRAMES 16         /* frames listed per reassembled datagram */
#define FRAG_DEFAULT_DATAGRAMS 8192
#define FRAG_DEFAULT_BYTES (32ull << 20)
#define FRAG_V4_TIMEOUT_NS (30ll * 1000000000)
#define FRAG_V6_TIMEOUT_NS (60ll * 1000000000)

struct frag_limits {
	uint32_t max_datagrams;
	uint64_t max_bytes;
};

struct frag_stats {
	uint64_t fragments;          /* offered */
	uint64_t datagrams;          /* started */
	uint64_t completed;
	uint64_t incomplete;         /* timed out or left at the end */
	uint64_t evicted;            /* dropped unfinished because a cap was full */
	struct frame_ref first_evicted;
	uint64_t over_pieces;        /* fragments refused: FRAG_MAX_PIECES reached */
	struct frame_ref first_over_pieces;
	uint64_t bytes, bytes_peak;  /* held now, most ever */
	uint64_t active, active_peak;
};

/* What one offer produced. */
struct frag_out {
	int complete;                /* 1: the fields below describe a datagram */
	const uint8_t *data;         /* borrowed from the table until the next call */
	uint32_t len;
	uint16_t nfrags;             /* fragments it was made from */
	struct frame_ref frames[FRAG_MAX_FRAMES];
	unsigned nframes;            /* listed (the first ones, then the completing one) */
	uint64_t anomalies;          /* bits (1 << enum anomaly) this fragment showed */
	/* with AN_FRAG_CONFLICT: the datagram it belongs to */
	struct frame_ref dgram_first;  /* its first fragment seen */
	uint8_t proto;
	uint8_t ports_known;         /* its first 4 bytes (TCP/UDP ports) are there */
	uint16_t sport, dport;
};

struct frag_table;

/*
 * Returns an owned table or NULL.  anomalies (borrowed, AN_COUNT counters,
 * may be NULL) receive the anomalies found when datagrams expire
 * (AN_FRAG_INCOMPLETE, at the datagram's first frame).
 */
struct frag_table *frag_new(const struct frag_limits *l, struct counter *anomalies);
void frag_free(struct frag_table *t);
/* Offers fragment (p, d) at capture time now; fills *out. */
void frag_offer(struct frag_table *t, const struct packet *p, const struct decoded *d, int64_t now,
		struct frag_out *out);
/* Drops datagrams older than their timeout (counted incomplete). */
void frag_expire(struct frag_table *t, int64_t now);
/* End of capture: every unfinished datagram is incomplete. */
void frag_flush(struct frag_table *t);
const struct frag_stats *frag_stats(const struct frag_table *t);
#endif
