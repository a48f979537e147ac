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
#include "stats.h"

#define TCP_MAX_UNACKED 1000   /* unacknowledged segments remembered per direction */
#define TCP_UA_FIRST 8         /* a list's first size (pooled, see struct tcp_conn) */

struct recycle;

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
	uint32_t seq, nextseq;
	uint64_t frame;
	int64_t ts;
	uint32_t capture;
	uint8_t rexmit;            /* a retransmission: no RTT sample from its ACK (Karn) */
	uint8_t resent_other;      /* its bytes were resent in other segment sizes: an ACK
				    * of them proves nothing about this size getting through */
};

#define TCP_RUN_FRAMES 6       /* frames kept of the longest same-segment retransmission run */
#define TCP_RTT_BUCKETS 32     /* log2 histogram of ACK RTT in microseconds */

/* What one direction sent over the connection (for verdicts and reports). */
struct tcp_dir_stats {
	uint64_t data_pkts, data_bytes;        /* segments with payload, payload bytes (all copies) */
	uint64_t retrans_pkts, retrans_bytes;  /* every retransmission label (fast, spurious incl.) */
	uint64_t fast_retrans, spurious, ooo, lost_segment, acked_unseen, dup_acks;
	uint64_t acked_unseen_bytes;           /* bytes acknowledged that were never seen */
	struct frame_ref acked_unseen_frames[4]; /* the first ACKs past data never seen */
	uint64_t zero_window, zwp, window_full, keep_alive;
	uint32_t max_seg;                      /* largest payload sent */
	uint32_t max_acked_seg;                /* largest payload the peer acknowledged (or SACKed) */
	struct frame_ref first_retrans;
	struct frame_ref first_lost;           /* first "previous segment not captured" */
	struct frame_ref first_dup_ack;        /* first duplicate ACK this direction sent */
	struct frame_ref window_full_frames[4];  /* the first window-full segments */
	/* longest run of retransmissions of one segment (RTO backoff evidence) */
	uint32_t run_len;                      /* retransmissions in the run */
	uint8_t run_backoff;                   /* each interval at least 1.5x the previous */
	int64_t run_first_gap, run_last_gap;   /* first and last interval, ns */
	uint32_t run_seg_len;
	uint32_t run_seq;                      /* the run's segment (absolute sequence number) */
	struct frame_ref run_frames[TCP_RUN_FRAMES];
	unsigned nrun_frames;
	/* data segments sent after the longest run's last copy (path MTU:
	 * did the sender shrink its segments?) */
	uint32_t after_run_segs, after_run_max_seg;
	struct frame_ref after_run_first;
	/* receive window: episodes during which this direction advertised 0 */
	uint32_t zw_episodes;
	int64_t zw_total_ns, zw_longest_ns;
	struct frame_ref zw_first, zw_longest_start, zw_longest_end;
	/* ACK RTT samples measured on this direction's data (Karn: none from
	 * retransmitted segments) */
	uint32_t rtt_n;
	int64_t rtt_min, rtt_max, rtt_sum;
	uint32_t rtt_hist[TCP_RTT_BUCKETS];
};

struct tcp_dir {
	uint32_t base_seq;         /* relative numbering's zero, as Wireshark's */
	uint8_t base_set;          /* 0 not yet, 1 from data or the peer's ACK, 2 from a SYN */
	int8_t win_scale;          /* -1 unknown, -2 no scaling, else the shift */
	uint8_t syn_seen;
	uint8_t valid_bif;
	uint32_t nextseq;          /* 0 = unknown */
	uint64_t nextseq_frame;
	int64_t nextseq_ts;
	uint32_t maxseqtobeacked;
	uint32_t lastack;          /* 0 = none (no ACK flag) */
	int64_t lastack_ts;
	uint32_t window;           /* scaled when known */
	uint8_t window_set;
	uint32_t lastsegflags;     /* labels of this direction's previous segment */
	int32_t dupacknum;         /* -1: an ACKed-unseen indication is pending */
	uint64_t lastnondupack;
	struct tcp_unacked *ua;    /* owned, up to TCP_MAX_UNACKED */
	uint32_t nua, capua;
	uint64_t ua_over_cap;      /* segments not remembered (cap) */
	uint32_t mss;              /* from the SYN */
	uint8_t sack_perm;         /* SACK-permitted on the SYN */
	int64_t zw_since;          /* advertising a zero window since (0: not) */
	struct frame_ref zw_since_frame;
	/* the current same-segment retransmission run */
	uint32_t cur_seq, cur_len, cur_seglen;
	int64_t cur_last_ts, cur_first_gap, cur_last_gap;
	uint8_t cur_backoff;
	struct frame_ref cur_frames[TCP_RUN_FRAMES];
	unsigned ncur_frames;
	struct tcp_dir_stats st;
};

struct tcp_conn {
	struct tcp_dir d[2];
	/* where lists of TCP_UA_FIRST segments come from and go back (src/recycle.h:
	 * taken by tcp_analyze's thread, given back by tcp_conn_clear's); NULL:
	 * the heap */
	struct recycle *ua_pool;
	int64_t syn_ts, synack_ts;
	int64_t irtt_ns;           /* SYN -> ACK of the SYN-ACK; 0 = unknown */
	int64_t irtt_half[2];      /* [0] SYN -> SYN-ACK, [1] SYN-ACK -> ACK */
	/* the out-of-order threshold as Wireshark takes it: from the most
	 * recent SYN to the first later segment with ACK and without SYN, in
	 * either direction (0 = not yet: 3 ms is used) */
	int64_t mru_syn_ts;
	int64_t ooo_rtt_ns;
};

/* Heap bytes the connection holds beyond its struct (the unacknowledged
 * segment lists), for the flow table's memory budget. */
size_t tcp_conn_extra_bytes(const struct tcp_conn *c);
/* Returns owned state (free with tcp_conn_free), or NULL. */
struct tcp_conn *tcp_conn_new(void);
void tcp_conn_free(struct tcp_conn *c);
/* The same in two halves, for pooled memory: tcp_conn_init on a zeroed
 * struct, tcp_conn_clear frees what it holds (the struct stays). */
void tcp_conn_init(struct tcp_conn *c);
void tcp_conn_clear(struct tcp_conn *c);
/* Closes open zero-window episodes at the connection's end (end_ts). */
void tcp_conn_finish(struct tcp_conn *c, int64_t end_ts);
/* Analyses one segment travelling in direction dir (0: originator ->
 * responder); fills *out. */
void tcp_analyze(struct tcp_conn *c, int dir, const struct packet *p, const struct decoded *d,
		 struct tcp_seg_result *out);
/* Approximate ACK RTT percentile (0-100) of a direction's samples, in ns
 * (log2 histogram: within a factor of 2); -1 without samples. */
int64_t tcp_rtt_percentile(const struct tcp_dir_stats *s, unsigned pct);
#endif
