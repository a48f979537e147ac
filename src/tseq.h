/*
 * tseq.h - time-sequence data for evidence flows.
 *
 * A time-sequence picture (Stevens / tcptrace) of a TCP connection plots, per
 * segment, its sequence range against time, and per ACK the acknowledged
 * sequence number and the receive window's right edge.  Which flows a finding
 * will cite is known only after the pass, and the pass reads the capture once,
 * so the engine appends one fixed-size record per analysed TCP segment to an
 * anonymous temporary file (tseq_spool), and after the detectors have finished
 * tseq_collect() reads back the records of the flows the findings cite,
 * bounded per flow and in the number of flows.  Nothing grows in memory with
 * the capture; the spool's size is capped (counted).
 */
#ifndef NETRCA_TSEQ_H
#define NETRCA_TSEQ_H
#include <stdint.h>
#include <stdio.h>
#include "packet.h"
#include "stats.h"
#include "../dissectors/decode.h"

#define TSEQ_MAX_FLOWS 32          /* evidence flows given time-sequence data */
#define TSEQ_MAX_POINTS 2000       /* points kept per flow */
#define TSEQ_PRE_POINTS 500        /* of which at most this many before the first evidence */
#define TSEQ_SPOOL_MAX (8ull << 20) /* segment records spooled per analysis (~450 MB) */

/* One TCP segment as the picture needs it.  Sequence, ACK and SACK numbers
 * are relative, as Wireshark's (src/tcp.c: base_seq); base is the sending
 * direction's zero (absolute). */
struct tseq_point {
	uint64_t frame;
	int64_t ts;
	uint32_t capture;
	uint32_t seq, ack;         /* ack valid when flags has ACK */
	uint32_t base;
	uint32_t len;              /* payload bytes on the wire */
	uint32_t win;              /* advertised window, scaled when the scale is known */
	uint32_t sack_l, sack_r;   /* the first SACK block (0, 0: none) */
	uint16_t labels;           /* bit (1 << enum tcp_label) */
	uint8_t dir;               /* 0 originator -> responder */
	uint8_t flags;             /* TCP flags, low 8 bits */
};

struct tseq_spool;

/* Returns an owned spool (an unlinked temporary file), or NULL. */
struct tseq_spool *tseq_spool_open(void);
void tseq_spool_close(struct tseq_spool *s);
/* Appends one segment of the flow (capture, first_frame).  Beyond
 * TSEQ_SPOOL_MAX records the point is counted in dropped, not written. */
void tseq_add(struct tseq_spool *s, uint32_t flow_capture, uint64_t flow_frame,
	      const struct tseq_point *pt);
/* Records written, records not written (cap), first frame not written. */
uint64_t tseq_spooled(const struct tseq_spool *s);
uint64_t tseq_dropped(const struct tseq_spool *s);

struct tseq_flow {
	char uid[24];              /* "C<capture>-<first frame>" */
	uint32_t capture;
	uint64_t first_frame;
	struct frame_ref anchor;   /* first evidence frame of the findings citing the flow */
	struct tseq_point *pts;    /* owned, time order */
	unsigned n;
	uint64_t total;            /* points spooled for the flow */
	uint64_t omitted_before, omitted_after;
};

struct tseq_set {
	struct tseq_flow *v;       /* owned */
	unsigned n;
	uint64_t flows_over_cap;   /* cited flows beyond TSEQ_MAX_FLOWS */
	uint64_t spool_dropped;    /* copied from the spool */
	int read_error;
};

/* Declares a flow wanted (uid as the findings spell it) with the first
 * evidence frame to centre on (borrowed; NULL: from its start).  Returns 0,
 * or -1 when the uid is malformed; over TSEQ_MAX_FLOWS the flow is counted,
 * not kept. */
int tseq_want(struct tseq_set *set, const char *uid, const struct frame_ref *anchor);
/* Reads the spool once and fills the wanted flows' points.  Returns 0 or
 * -1 (read error, flagged in set). */
int tseq_collect(struct tseq_spool *s, struct tseq_set *set);
/* The wanted flow with this uid, or NULL. */
const struct tseq_flow *tseq_find(const struct tseq_set *set, const char *uid);
void tseq_set_free(struct tseq_set *set);
#endif
