/*
 * obs.h - observations: typed facts the analyses emit, {capture, frame,
 * flow uid, type, values}.  Detectors see the world only through these (and
 * the read-only flow accessors); they never look at packets.
 *
 * Observations arrive in the order the analyses decide them: a per-packet
 * fact at its frame, a per-connection outcome when the flow is finalised
 * (its `frame` is still the first frame of what it describes).
 */
#ifndef NETRCA_OBS_H
#define NETRCA_OBS_H
#include <stdint.h>
#include "stats.h"
#include "../dissectors/decode.h"

#define OBS_MAX_FRAMES 4

enum obs_type {
	OBS_TCP_ATTEMPT = 0,   /* a TCP connection attempt ended (outcome below) */
	OBS_TCP_FLOW,          /* a TCP connection ended: its sequence-analysis summary */
	OBS_FLOW,              /* any flow ended (TCP, UDP, ICMP, other): counters, IP layer */
	OBS_ICMP_PTB,          /* ICMP fragmentation needed / ICMPv6 packet too big, at its frame */
	OBS_FRAG_CONFLICT,     /* fragments overlapped with different bytes, at the fragment's frame */
	OBS_COUNT
};

struct flow;
struct tcp_conn;

enum attempt_outcome {
	ATT_ANSWERED = 0,      /* SYN-ACK seen from the responder */
	ATT_UNANSWERED,        /* SYN(s) only: no SYN-ACK, RST or ICMP error */
	ATT_REFUSED_RST,       /* responder answered the SYN with RST */
	ATT_REFUSED_ICMP,      /* an ICMP/ICMPv6 error quoting the SYN came back */
	ATT_OUTCOME_COUNT
};
extern const char *const obs_attempt_outcome_names[ATT_OUTCOME_COUNT];

struct obs_attempt {
	enum attempt_outcome outcome;
	struct ip_addr src, dst;   /* originator, responder */
	uint16_t sport, dport;
	uint32_t attempts;         /* distinct attempts (4-tuple + ISN) */
	uint32_t syn_pkts;         /* SYN packets, retries included */
	int64_t first_syn_ts;
	int64_t capture_end_ts;    /* capture clock when the outcome was decided */
	uint8_t at_eof;            /* decided because the capture ended */
	struct frame_ref syn[OBS_MAX_FRAMES];  /* first SYN frames */
	unsigned nsyn;
	struct frame_ref answer;   /* SYN-ACK, RST or ICMP frame (frame 0 = none) */
	struct ip_addr icmp_from;  /* router / host that sent the ICMP error */
	uint8_t icmp_type, icmp_code;
	uint8_t syn_ttl;           /* TTL of the first SYN as seen here */
	uint8_t completed;         /* the originator acknowledged the SYN-ACK */
	uint32_t synack_pkts;      /* SYN-ACKs the responder sent (retries included) */
};

/* The end of a TCP connection: the flow and its sequence analysis, read-only
 * and borrowed for the call (accessors: src/flow.h, src/tcp.h). */
struct obs_tcp_flow {
	const struct flow *flow;
	const struct tcp_conn *tcp;   /* NULL for a one-packet flow */
	struct ip_addr src, dst;   /* originator, responder */
	uint16_t sport, dport;
	char app[48];              /* nDPI's application name ("" if none or off) */
};

/* An ICMP report that a path's MTU is smaller than a packet sent on it. */
struct obs_icmp_ptb {
	struct ip_addr router;     /* who sent the report */
	struct ip_addr src, dst;   /* the quoted packet's sender and destination */
	uint8_t proto;             /* quoted protocol */
	uint16_t sport, dport;
	uint32_t mtu;              /* 0: the router did not say (RFC 792 style) */
	uint32_t quoted_len;       /* the quoted datagram's length */
	uint8_t joined;            /* a flow of this capture was quoted */
};

/* Two fragments of one datagram that disagree about the same bytes. */
struct obs_frag {
	struct ip_addr src, dst;
	uint8_t proto;             /* the datagram's protocol (IPv6: after the fragment header) */
	uint32_t id;
	uint8_t ports_known;       /* the first fragment, with the ports, was there */
	uint16_t sport, dport;
	struct frame_ref first;    /* the datagram's first fragment seen */
};

struct obs {
	enum obs_type type;
	uint32_t capture;
	uint64_t frame;
	int64_t ts;
	char uid[24];
	union {
		struct obs_attempt attempt;
		struct obs_tcp_flow flow;     /* OBS_TCP_FLOW and OBS_FLOW (tcp NULL there) */
		struct obs_icmp_ptb ptb;
		struct obs_frag frag;
	} v;
};

/* Where observations go (the rule evaluator); borrowed for one call. */
typedef void (*obs_sink)(void *arg, const struct obs *o);
#endif
