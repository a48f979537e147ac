/*
 * detect_mtu.h - the path-MTU black-hole signature, shared by rule 2001
 * (src/rules/detect_mtu.c) and the cross-layer verdicts (detect_cross.c).
 */
#ifndef NETRCA_DETECT_MTU_H
#define NETRCA_DETECT_MTU_H
#include "../flow.h"
#include "../tcp.h"

struct bh_params {
	unsigned min_retrans;     /* retransmissions of the same large segment */
	int backoff;              /* their intervals must grow */
	unsigned min_segment;     /* smallest segment counted as large */
	unsigned min_dup_acks;    /* receiver side: duplicate ACKs for the hole */
};

/*
 * Direction s of a finished TCP connection (f, t borrowed) shows the path
 * MTU black hole: 1 as seen at the sender (its large segment retransmitted,
 * never acknowledged, no ICMP), 2 as seen at the receiver (full-size segments
 * never arrived, the hole never filled), 0 not.
 */
/* The signature's parameters from a rule that declares them (min_retrans,
 * require_backoff, min_segment, min_dup_acks). */
struct rule;
void pmtud_params(const struct rule *r, struct bh_params *p);

int pmtud_black_hole_dir(const struct flow *f, const struct tcp_conn *t, int s, const struct bh_params *p);
#endif
