/*
 * flow.h - the bidirectional flow table.
 *
 * One hash lookup per packet, keyed on protocol, both endpoints and the
 * link context (outer VLAN id).  Flows are kept in least-recently-seen order:
 * idle flows expire on the capture clock, and when the table is full the
 * least recently seen flow is finalised early (counted).  Finalised flows go
 * to a callback (the conn.log spool) and are freed: memory does not grow with
 * the number of flows in the capture.
 */
#ifndef NETRCA_FLOW_H
#define NETRCA_FLOW_H

#include <stddef.h>
#include <stdint.h>
#include "../dissectors/decode.h"
#include "stats.h"

#define FLOW_HIST_MAX 32          /* history letters kept (then 'x'-free truncation, counted) */
#define FLOW_DEFAULT_MAX (1u << 20)
#define FLOW_DEFAULT_MAX_BYTES (160ull << 20) /* flows + their TCP state */
#define FLOW_CLASSES 4
#define FLOW_SYN_FRAMES 4          /* SYN frames kept per flow: the first three and the latest */

enum tcp_ep_state {
	EP_INACTIVE = 0, EP_SYN_SENT, EP_SYN_ACK_SENT, EP_PARTIAL,
	EP_ESTABLISHED, EP_CLOSED, EP_RESET
};

/* Per direction of a flow: [0] originator -> responder, [1] the reverse.
 * What every packet of every flow touches (part of the compact record). */
struct flow_dir {
	uint64_t pkts;
	uint64_t ip_bytes;
	uint64_t first_frame, last_frame;
	uint32_t first_capture, last_capture;
	/* TCP */
	uint32_t isn;             /* SYN sequence number (valid if syn_seen) */
	uint32_t data_start;      /* first payload sequence number */
	uint32_t hw;              /* highest payload end seen (seq + len) */
	uint32_t ack_hw;          /* highest ACK this side sent (acks the peer) */
	uint32_t last_syn_seq, last_fin_seq, last_rst_seq;
	uint32_t rxmit, zero_win, bad_csum;  /* counters for the scaled letters */
	uint32_t rxmit_next, zero_win_next, bad_csum_next;
	uint64_t missed;          /* bytes skipped over by a forward jump (gaps) */
	uint64_t payload;         /* UDP/ICMP/other: payload bytes on the wire */
	uint8_t state;            /* enum tcp_ep_state */
	uint8_t prev_state;
	uint8_t syn_seen, have_seq, have_ack, fin_seen;
	uint8_t hist_mask;        /* once-only letters already written */
	uint8_t ttl;              /* last TTL / hop limit seen */
	uint8_t ttl_first, ttl_min, ttl_max;
	uint8_t udp_active;
	uint8_t mac_set;
	uint8_t mac[6];           /* last source MAC (link layers that have one) */
	uint8_t mac_dst[6];       /* next hop this direction was sent to */
	uint8_t fin_unacked;      /* its FIN is not acknowledged yet (the connection is not over) */
	uint32_t ifkey;           /* capture interface (pcapng id << 16 | SLL2 ifindex) + 1 */
	/* IP layer (the rarer facts are in struct flow_ipdir) */
	uint32_t max_ip_len;      /* largest IP datagram sent (reassembled size) */
	uint32_t df_pkts;         /* IPv4 datagrams with Don't Fragment set */
};

/* Per direction, what only a full record keeps: facts that need payload or
 * an event a flow without payload rarely shows (a TTL, MAC or interface
 * change, an ACK of a direction never seen, an ICMP error, a capture
 * artefact).  The packet that brings the first of them makes the flow full
 * (see "compact record" in struct flow). */
struct flow_dirx {
	uint32_t ttl_changes;     /* packets whose TTL differs from the previous one */
	uint32_t mac_changes;
	uint32_t if_changes;
	struct frame_ref ttl_change_frame, mac_change_frame;  /* first change */
	struct frame_ref ttl_change_prev, mac_change_prev;    /* the packet before it */
	struct frame_ref first_data;  /* first packet with payload */
	uint8_t first_data_tls;   /* it starts like a TLS handshake record (type 22, version 3.x) */
	/* ACKs sent while the other direction had shown no packet at all */
	uint32_t acks_blind;
	struct frame_ref ack_blind_frame;
	uint32_t ack_blind_first, ack_blind_max; /* ACK numbers: the span is data acknowledged */
	uint32_t icmp_errors;     /* ICMP errors quoting packets of this direction */
	/* capture artefacts (src/preflight.c) */
	uint32_t cap_dups;        /* packets recorded twice (the twins) */
	uint32_t super_segs;      /* segments larger than the receiver's MSS */
	uint32_t cut_pkts;        /* packets cut by the snapshot length */
};

/* The IP layer's rarer facts about one direction: allocated for a flow only
 * when a datagram came fragmented or an ICMP path-MTU report quoted it
 * (charged to the flow table's memory cap). */
struct flow_ipdir {
	uint32_t frag_dgrams;     /* datagrams that arrived as fragments */
	uint32_t frag_pieces;     /* the fragments they were made from */
	struct frame_ref frag_first;  /* the frame that completed the first one */
	struct frame_ref frag_frames[4]; /* the first fragments of the first one */
	/* ICMP fragmentation-needed / packet-too-big quoting this direction */
	uint32_t ptb_count;
	uint32_t ptb_mtu_min;     /* smallest MTU reported (0: only reports without one) */
	int64_t ptb_first_ts;
	struct frame_ref ptb_first;
	struct ip_addr ptb_from;  /* the router that sent the first report */
	/* packets still larger than the reported MTU more than one RTT after it */
	uint32_t ptb_oversize;
	struct frame_ref ptb_oversize_first, ptb_oversize_last;
	uint32_t ptb_after_max;   /* largest datagram sent after that grace */
	uint32_t ptb_after_pkts;  /* datagrams sent after that grace */
	uint32_t ptb_fit_pkts;    /* datagrams sent after the report that fit the MTU it gave */
	uint32_t ptb_fit_max;     /* the largest of them */
};

struct flow_ip {
	struct flow_ipdir d[2];
};

struct flow_key {
	uint8_t a[16], b[16];     /* endpoints, a <= b (address, then port) */
	uint16_t pa, pb;
	uint16_t vlan;
	uint8_t proto;
	uint8_t ver;
	uint32_t tun;             /* tunnel context (decoded.tun_ctx), 0 = none */
};

/*
 * A flow.  The table keeps a flow that has not carried payload as a compact
 * record: only the first FLOW_COMPACT_SIZE bytes (up to `app_master`) exist.
 * The packet that needs more (payload, a reset, a tunnel, a port reuse, a
 * TTL / MAC / interface change, a blind ACK, an ICMP error, a capture
 * artefact) makes it full first: the table moves it into a whole record
 * (flow_lookup, flow_note_icmp_error, flow_full).  `full` tells which; on
 * the packet stage only the compact part may be read of a compact flow.
 * A finalised compact flow is read through flow_expand, which gives the
 * whole record with the rest zero.
 */
struct flow {
	/* ---- the compact record: every flow ---- */
	struct flow_key key;
	uint8_t full;             /* 1: the whole record exists (see above) */
	struct flow *hnext;       /* hash chain */
	struct flow *prev, *next; /* least-recently-seen list */
	uint64_t first_frame;     /* uid = (capture, first frame) */
	uint32_t capture;
	uint8_t orig_is_a;        /* originator is key.a */
	uint8_t guessed;          /* originator decided by heuristic, not a SYN */
	uint8_t flipped;          /* '^': originator changed after creation */
	uint8_t lru_class;        /* which least-recently-seen list holds it */
	uint8_t finished;         /* both sides closed/reset: short linger */
	uint8_t hist_len;
	uint8_t hist_truncated;
	uint8_t l4;               /* enum l4_kind */
	char hist[FLOW_HIST_MAX];
	int64_t first_ts, last_ts;
	uint32_t attempts;        /* distinct connection attempts (4-tuple + ISN) */
	uint8_t cls_offered;      /* packets offered to nDPI (packet stage, src/classify.h) */
	uint8_t cls_done;         /* nDPI is done with it (finishing stage; read relaxed) */
	uint16_t icmp_type, icmp_code;   /* ICMP flows: first message */
	/* connection-attempt evidence (TCP): first SYN frames, the answer */
	struct frame_ref syn_frames[FLOW_SYN_FRAMES]; /* first SYNs, the last slot the latest */
	uint32_t syn_pkts;
	uint8_t syn_ttl;
	int8_t syn_wscale;               /* first SYN's options, to replay it later */
	uint8_t syn_sack;
	uint16_t syn_win, syn_mss;
	uint32_t syn_isn;                /* the first SYN's sequence number (a later one may differ) */
	int64_t first_syn_ts;
	struct frame_ref synack_frame;   /* first SYN-ACK from the responder */
	uint32_t synack_pkts;
	uint32_t tcp_charged;     /* bytes of tcp (struct and lists) charged to the table's budget */
	struct frame_ref rst_frame;      /* first RST from the responder */
	int64_t est_ts;                  /* handshake completed (ACK of the SYN-ACK) */
	int64_t last_gap_ns;             /* gap before the latest packet */
	struct frame_ref pkt_last, pkt_prev;  /* the latest two packets */
	int64_t last_ts_dir[2];          /* latest packet per direction */
	struct flow_ip *ip;       /* NULL until needed (see struct flow_ipdir), owned */
	void *classify;           /* classifier state, owned by src/classify */
	struct tcp_conn *tcp;     /* sequence analysis (src/tcp.c), owned; NULL until a 2nd packet */
	struct flow_dir d[2];
	/* ---- the full record only ---- */
	uint16_t app_master, app_proto;  /* nDPI result (0 = unknown); finishing stage */
	uint32_t icmp_errors;     /* ICMP errors referring to this flow */
	uint64_t app_risk;        /* nDPI risk bitmask: hints, never verdicts */
	/* the first RST of the connection */
	struct frame_ref rst_first;
	int64_t rst_ts;
	uint8_t rst_dir, rst_ttl, rst_established;
	int64_t rst_idle_ns;             /* longest of the last two gaps before the RST */
	int64_t rst_after_est_ns;        /* time from handshake completion to the RST */
	int64_t rst_since_peer_ns;       /* time from the other side's last packet to the RST */
	uint64_t rst_data_before[2];     /* payload each side had sent before it */
	struct frame_ref rst_idle_from, rst_idle_to; /* the packets around the idle gap */
	/* port reuse: this flow's SYN came on a 4-tuple whose previous connection ... */
	uint8_t reuse;                   /* 0 no, 1 was still open, 2 had closed */
	int64_t reuse_gap_ns;            /* time since that connection's last packet */
	char reuse_of[24];               /* its uid */
	struct frame_ref challenge_ack;  /* responder answered the new SYN with a bare ACK */
	struct frame_ref icmp_frame;     /* first ICMP error quoting this flow */
	struct ip_addr icmp_from;
	uint8_t icmp_err_type, icmp_err_code;
	/* the outermost tunnel the flow was carried in (kind 0: none) */
	uint8_t tun_kind, tun_depth;
	uint16_t tun_overhead;    /* bytes all its tunnels add */
	uint32_t tun_key;
	struct ip_addr tun_src, tun_dst;
	struct flow_dirx dx[2];
};

/* Bytes of a compact record (the part of struct flow before app_master,
 * rounded to the allocator's alignment). */
#define FLOW_COMPACT_SIZE ((offsetof(struct flow, app_master) + 15) & ~(size_t)15)

/* Why a flow was finalised. */
enum flow_end { FLOW_END_IDLE = 0, FLOW_END_CLOSED, FLOW_END_EVICTED, FLOW_END_EOF };

struct flow_table;

/* Called once per finalised flow, in finalisation order; the flow is freed
 * right after the callback returns (borrowed for the call), unless the table
 * hands flows over (flow_table_set_handoff). */
typedef void (*flow_final_cb)(void *arg, struct flow *f, enum flow_end why);

struct flow_limits {
	uint32_t max_flows;
	uint64_t max_bytes;       /* flows and the per-flow state charged to them (0: no limit) */
	int64_t tcp_idle_ns, tcp_closed_ns, tcp_attempt_ns, udp_idle_ns, other_idle_ns;
	uint8_t full_records;     /* 1: no compact records, every flow full from its first
				   * packet (tests compare the two) */
};

void flow_limits_default(struct flow_limits *l);

/* Returns an owned table (free with flow_table_free) or NULL. */
struct flow_table *flow_table_new(const struct flow_limits *l, flow_final_cb cb, void *arg);
/*
 * Finds or creates the flow of decoded packet d at capture time `now`.
 * *dir receives 0 when the packet travels originator -> responder.  Returns a
 * flow borrowed until the next call, or NULL when the packet has no flow
 * (not IP).
 */
struct flow *flow_lookup(struct flow_table *t, const struct packet *p, const struct decoded *d,
			 int64_t now, int *dir);
/* Updates the flow with the packet (counters, TCP state, history). */
void flow_update(struct flow_table *t, struct flow *f, int dir, const struct packet *p,
		 const struct decoded *d);
/* Finds the flow a quoted header (ICMP error) belongs to, without creating
 * one; *dir is the direction of the quoted packet.  NULL if unknown. */
struct flow *flow_find_quoted(struct flow_table *t, const struct decoded *d, int *dir);
/* Records ICMP error d (in packet p) against the flow it quotes; the flow
 * becomes full for it, so the flow to use from now on is returned (f
 * itself, still compact and without the record, only when out of memory). */
struct flow *flow_note_icmp_error(struct flow_table *t, struct flow *f, int qdir,
				  const struct packet *p, const struct decoded *d);
/* Makes a compact flow of the table full (see struct flow); the flow to
 * use from now on is returned (f itself if it was full already, or when out
 * of memory: then ->full is still 0). */
struct flow *flow_full(struct flow_table *t, struct flow *f);
/* The whole record of a flow the table finalised: f itself when full, else
 * scratch filled with the compact record and zeros (marked full: it is a
 * whole record; f is still the one to dispose of). */
struct flow *flow_expand(struct flow *f, struct flow *scratch);
/* Direction dir's rarer IP-layer facts: read-only, all zero when the flow
 * has none (borrowed; never NULL). */
const struct flow_ipdir *flow_ipdir(const struct flow *f, int dir);
/* The same, for writing: allocated on first use and charged to t (NULL only
 * when out of memory). */
struct flow_ipdir *flow_ipdir_get(struct flow_table *t, struct flow *f, int dir);
/* Expires idle flows against the capture clock. */
void flow_expire(struct flow_table *t, int64_t now);
/* Finalises every remaining flow (end of capture), oldest first. */
void flow_table_flush(struct flow_table *t);
void flow_table_free(struct flow_table *t);
/* Called for every flow just before it is freed (to release per-flow state
 * other modules own), also when the table is freed without finalising. */
void flow_table_set_release(struct flow_table *t, void (*release)(struct flow *f));
/* From now on the final callback takes each finalised flow over: the table
 * forgets it (and its charge) and neither releases nor frees it; whoever
 * holds it ends with flow_dispose.  The release hook still serves
 * flow_table_free. */
void flow_table_set_handoff(struct flow_table *t);
/* Frees a flow of table t handed over by the final callback (its tcp and
 * classifier state must be gone already): it goes back to the table's pool
 * (src/recycle.h).  One thread at a time, while t exists. */
void flow_dispose(struct flow_table *t, struct flow *f);
/* The flow's TCP analysis state (f->tcp: its struct and its unacknowledged-
 * segment lists) counts against the table's memory cap (--flow-memory):
 * flow_tcp_charge after it is attached and after each segment (it charges
 * only a change), flow_tcp_uncharge when the flow leaves the table or the
 * state is freed (t NULL: nothing to return it to). */
void flow_tcp_charge(struct flow_table *t, struct flow *f);
void flow_tcp_uncharge(struct flow_table *t, struct flow *f);

struct flow_stats {
	uint64_t created, finalised, evicted, expired, active, peak;
	uint64_t hist_truncated;
	uint64_t first_evict_frame;
	uint64_t compact;         /* flows created as compact records */
	uint64_t promoted;        /* compact records made full */
};
const struct flow_stats *flow_table_stats(const struct flow_table *t);

/* Zeek conn_state of a flow ("S0", "SF", ...). */
const char *flow_conn_state(const struct flow *f);
/* Zeek-style uid: "C<capture>-<first frame>" into buf; returns buf. */
const char *flow_uid(const struct flow *f, char *buf, size_t n);
/* Payload bytes per direction as Zeek counts them (from sequence numbers
 * for TCP). */
uint64_t flow_payload_bytes(const struct flow *f, int dir);
/* The capture interface of a packet as a flow direction keeps it
 * (flow_dir.ifkey: pcapng interface << 16 | SLL2 ifindex, + 1). */
uint32_t flow_if_key(const struct packet *p, const struct decoded *d);
/* Originator / responder address and port. */
void flow_endpoints(const struct flow *f, const uint8_t **oh, uint16_t *op,
		    const uint8_t **rh, uint16_t *rp);

#endif
