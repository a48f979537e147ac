/*
 * tcp.h - TCP sequence analysis, per segment, in one pass.
 *
 * The labels are Wireshark's TCP expert analysis (tcp.analysis.*), decided
 * with the same state and in the same order of checks, so `netrca frames`
 * can be compared with `tshark -2` mechanically: per direction the next
 * expected sequence number, the highest contiguous one ("max seq to be
 * acked"), the last ACK and its time, the window, the duplicate-ACK counter,
 * and a bounded list of unacknowledged segments (for ACK RTT).  Where netrca
 * deliberately differs it is documented in doc/tcp-analysis.md.
 *
 * State is allocated only for flows with more than one packet (a SYN flood
 * costs nothing here) and is bounded per direction (TCP_MAX_UNACKED).
 */
#ifndef NETRCA_TCP_H
#define NETRCA_TCP_H
#include <stdint.h>
#include "../dissectors/decode.h"
#include "packet.h"

#define TCP_MAX_UNACKED 1000   /* unacknowledged segments remembered per direction */

enum tcp_label {
	TL_RETRANSMISSION = 0, TL_FAST_RETRANSMISSION, TL_SPURIOUS_RETRANSMISSION,
	TL_OUT_OF_ORDER, TL_LOST_SEGMENT, TL_ACK_LOST_SEGMENT, TL_DUPLICATE_ACK,
	TL_ZERO_WINDOW, TL_ZERO_WINDOW_PROBE, TL_ZERO_WINDOW_PROBE_ACK, TL_WINDOW_FULL,
	TL_WINDOW_UPDATE, TL_KEEP_ALIVE, TL_KEEP_ALIVE_ACK, TL_COUNT
};
/* tshark's field names: "tcp.analysis.retransmission", ... */
extern const char *const tcp_label_names[TL_COUNT];

struct tcp_seg_result {
	uint32_t labels;           /* bit (1 << enum tcp_label) */
	uint32_t dup_ack_num;      /* with TL_DUPLICATE_ACK: #n */
	uint64_t dup_ack_frame;    /* ... of this frame (the last non-duplicate ACK) */
	uint64_t acked_frame;      /* this ACK exactly acknowledges that frame's segment */
	int64_t ack_rtt_ns;        /* and took this long (-1: none) */
	int64_t rto_ns;            /* retransmission: time since the segment that set nextseq */
	uint32_t bytes_in_flight;  /* after this segment (valid if has_bif) */
	uint8_t has_bif;
};

struct tcp_unacked {
	uint32_t seq, nextseq;     /* relative */
	uint64_t frame;
	int64_t ts;
};

struct tcp_dir {
	uint32_t base;             /* base sequence number (relative numbering) */
	uint8_t base_set;
	int8_t win_scale;          /* -1 unknown, -2 no scaling, else the shift */
	uint8_t syn_seen;
	uint8_t valid_bif;
	uint32_t nextseq;          /* relative; 0 = unknown */
	uint64_t nextseq_frame;
	int64_t nextseq_ts;
	uint32_t maxseqtobeacked;
	uint32_t lastack;          /* relative to the peer's base */
	int64_t lastack_ts;
	uint32_t window;           /* scaled when known */
	uint8_t window_set;
	uint32_t lastsegflags;     /* labels of this direction's previous segment */
	uint32_t dupacknum;
	uint64_t lastnondupack;
	struct tcp_unacked *ua;    /* owned, up to TCP_MAX_UNACKED */
	uint32_t nua, capua;
	uint64_t ua_over_cap;      /* segments not remembered (cap) */
	uint32_t mss;              /* from the SYN */
};

struct tcp_conn {
	struct tcp_dir d[2];
	int64_t syn_ts, synack_ts;
	int64_t irtt_ns;           /* SYN -> ACK of the SYN-ACK; 0 = unknown */
	int64_t irtt_half[2];      /* [0] SYN -> SYN-ACK, [1] SYN-ACK -> ACK */
};

/* Returns owned state (free with tcp_conn_free), or NULL. */
struct tcp_conn *tcp_conn_new(void);
void tcp_conn_free(struct tcp_conn *c);
/* Analyses one segment travelling in direction dir (0: originator ->
 * responder); fills *out. */
void tcp_analyze(struct tcp_conn *c, int dir, const struct packet *p, const struct decoded *d,
		 struct tcp_seg_result *out);
#endif
