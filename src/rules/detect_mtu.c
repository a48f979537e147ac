/*
 * detect_mtu.c - the IP layer, ICMP and path MTU (rule ids 2000-2999):
 *
 *  pmtud_black_hole    large segments never get through while smaller ones
 *                      do, and no ICMP says why: at the sender the same large
 *                      segment is retransmitted with RTO backoff and never
 *                      acknowledged; at the receiver full-size segments never
 *                      arrive and the hole they leave is duplicate-ACKed
 *  pmtud_icmp_ignored  ICMP fragmentation-needed / packet-too-big came back,
 *                      yet the sender kept sending larger packets beyond one
 *                      round trip of grace
 *  pmtud_worked_around no ICMP; after the retransmission timeouts the sender
 *                      shrank its segments by itself (RFC 4821 MTU probing,
 *                      Windows black-hole detection) and the transfer went on
 *  pmtud_adapted       ICMP came back and the sender adapted (informational)
 *  ip_fragmentation    a flow's datagrams arrive as IP fragments
 *  mss_exceeds_path    a connection's MSS is larger than the path MTU that ICMP
 *                      reported for the same destination allows
 *  frag_overlap        fragments of one datagram disagree about the same bytes
 *
 * Fed by OBS_TCP_FLOW / OBS_FLOW at the end of each flow, OBS_ICMP_PTB and
 * OBS_FRAG_CONFLICT at their frames; bounded per rule (param.max_groups).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules.h"
#include "detect_util.h"
#include "detect_mtu.h"
#include "../flow.h"
#include "../tcp.h"
#include "../hash.h"

/* One group per path and service, in one direction of travel: the sender,
 * the receiver and the service port (the responder's), so that the
 * connections of many clients to a service, or of a service back to one
 * client, are one finding rather than one per ephemeral port. */
struct dir_key {
	struct ip_addr src, dst;
	uint16_t dport;           /* the responder's port */
	uint8_t proto;
	uint8_t from_responder;   /* the sender is the responder (dport is its own) */
};

struct mtu_group {
	struct dir_key k;
	uint32_t flows;
	/* the numbers of the first flow that showed the signature */
	uint32_t failing, acked, mss, retrans, mtu, sent_after, after_seg, oversize;
	uint32_t frags, largest;  /* ip_fragmentation: fragments, largest datagram */
	uint32_t fail_ip, acked_ip, overhead;
	uint8_t receiver_side, tunnel, ver;
	uint64_t count;
	struct evidence ev;
};

/* "sender -> receiver:port/proto", or "sender:port -> receiver/proto" when
 * the sender is the service. */
static void dir_str(const struct dir_key *k, char *buf, size_t n)
{
	char a[48], b[48];
	const char *pr = k->proto == 6 ? "tcp" : k->proto == 17 ? "udp" : k->proto == 1 ? "icmp" :
			 k->proto == 58 ? "icmp6" : "ip";
	int v6 = k->dst.v == 6;

	ip_addr_str(&k->src, a, sizeof(a));
	ip_addr_str(&k->dst, b, sizeof(b));
	if (k->from_responder)
		snprintf(buf, n, v6 ? "[%s]:%u -> %s/%s" : "%s:%u -> %s/%s", a, k->dport, b, pr);
	else
		snprintf(buf, n, v6 ? "%s -> [%s]:%u/%s" : "%s -> %s:%u/%s", a, b, k->dport, pr);
}

/* The group of direction `s` of the flow in o (created). */
static struct mtu_group *dir_group(struct det_state *st, const struct obs_tcp_flow *of, int s)
{
	struct dir_key k;

	memset(&k, 0, sizeof(k));
	k.src = s ? of->dst : of->src;
	k.dst = s ? of->src : of->dst;
	k.dport = of->dport;
	k.from_responder = (uint8_t)s;
	k.proto = of->flow->key.proto;
	return gt_get(&st->groups, &k, sizeof(k), 1);   /* the key is copied in */
}

/* Slot i of the group table as the start of a finding: the rule, its
 * severity, the group's evidence and "sender -> receiver:port/proto" (into
 * grp and the finding's group).  NULL for an empty slot. */
static struct mtu_group *dir_finding(struct det_state *st, size_t i, struct finding *f,
				     char *grp, size_t n)
{
	struct mtu_group *g = gt_at(&st->groups, i);

	if (!g)
		return NULL;
	det_finding(st, &g->ev, f);
	dir_str(&g->k, grp, n);
	snprintf(f->group, sizeof(f->group), "%s", grp);
	return g;
}

/* IP + TCP header bytes of the sender's segments (its largest datagram minus
 * its largest payload, when both are known), else the bare minimum. */
static uint32_t seg_overhead(const struct flow *f, const struct tcp_dir_stats *st, int s)
{
	uint32_t min = f->key.ver == 6 ? 60 : 40;
	uint32_t o = f->d[s].max_ip_len > st->max_seg ? f->d[s].max_ip_len - st->max_seg : min;

	return o >= min && o <= min + 40 ? o : min;
}

/* Did the receiver acknowledge beyond sequence number seq? */
static int acked_past(const struct tcp_conn *t, int s, uint32_t seq)
{
	const struct tcp_dir *r = &t->d[!s];

	return r->lastack && (int32_t)(r->lastack - seq) > 0;
}

static const struct param_schema bh_params[] = {
	{ "min_retrans", PARAM_COUNT, 1, 1000, 3, "retransmissions of the same large segment" },
	{ "require_backoff", PARAM_COUNT, 0, 1, 1, "1: the retransmission intervals must grow (RTO backoff)" },
	{ "min_segment", PARAM_COUNT, 1, 65535, 576, "smallest segment size counted as large (bytes)" },
	{ "min_dup_acks", PARAM_COUNT, 1, 1000, 2, "receiver side: duplicate ACKs for the hole" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "directions kept per rule (then counted)" },
};

static void *bh_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct mtu_group), "min_retrans", "min_segment", "min_dup_acks");
}

static void add_run_frames(struct evidence *ev, const struct tcp_dir_stats *st)
{
	unsigned i;

	for (i = 0; i < st->nrun_frames && i < TCP_RUN_FRAMES; i++)
		evidence_add_ev(ev, st->run_frames[i].capture, st->run_frames[i].frame);
}

/* The sender-side signature in direction s: 1 if it holds. */
static int bh_sender(const struct flow *f, const struct tcp_conn *t, int s, const struct bh_params *p)
{
	const struct tcp_dir_stats *d = &t->d[s].st;

	return d->run_len >= p->min_retrans && (!p->backoff || d->run_backoff) &&
	       d->run_seg_len >= p->min_segment && d->max_acked_seg > 0 &&
	       d->run_seg_len > d->max_acked_seg && !flow_ipdir(f, s)->ptb_count &&
	       !acked_past(t, s, d->run_seq);
}

/* Bytes the sender's sequence numbers show it sent that the receiver never
 * acknowledged by the end (0 when all were). */
static uint32_t never_acked(const struct tcp_conn *t, int s)
{
	const struct tcp_dir *snd = &t->d[s], *rcv = &t->d[!s];

	if (!snd->nextseq || !rcv->lastack || (int32_t)(snd->nextseq - rcv->lastack) <= 0)
		return 0;
	return snd->nextseq - rcv->lastack;
}

/*
 * The receiver-side signature for sender s (the capture point is next to the
 * receiver): the sender's data skipped ahead (a hole), the hole was never
 * filled, the receiver duplicate-ACKed it or at least two full-size
 * segments' worth of bytes vanished, and no segment anywhere near the size
 * the receiver's MSS allows ever arrived.
 */
static int bh_receiver(const struct tcp_conn *t, int s, const struct bh_params *p)
{
	const struct tcp_dir *snd = &t->d[s], *rcv = &t->d[!s];
	uint32_t full = rcv->mss, lost = never_acked(t, s);

	if (!full || full < p->min_segment || snd->st.run_len || !snd->st.lost_segment || !lost)
		return 0;
	if (rcv->st.dup_acks < p->min_dup_acks && lost < 2 * full)
		return 0;
	/* full-size segments carry at most 40 bytes of TCP options */
	return snd->st.max_seg + 40 < full;
}

int pmtud_black_hole_dir(const struct flow *f, const struct tcp_conn *t, int s, const struct bh_params *p)
{
	if (bh_sender(f, t, s, p))
		return 1;
	return bh_receiver(t, s, p) ? 2 : 0;
}

void pmtud_params(const struct rule *r, struct bh_params *p)
{
	p->min_retrans = (unsigned)rule_param(r, "min_retrans");
	p->min_segment = (unsigned)rule_param(r, "min_segment");
	p->min_dup_acks = (unsigned)rule_param(r, "min_dup_acks");
	p->backoff = rule_param(r, "require_backoff") > 0;
}

static void bh_on_obs(void *vs, const struct obs *o)
{
	struct det_state *st = vs;
	const struct obs_tcp_flow *of = &o->v.flow;
	const struct flow *f = of->flow;
	const struct tcp_conn *t = of->tcp;
	struct bh_params p;
	int s;

	if (o->type != OBS_TCP_FLOW || !t)
		return;
	pmtud_params(st->ctx->rule, &p);
	for (s = 0; s < 2; s++) {
		const struct tcp_dir_stats *d = &t->d[s].st;
		struct mtu_group *g;
		int sig = pmtud_black_hole_dir(f, t, s, &p), snd = sig == 1, rcv = sig == 2;
		if (!sig)
			continue;
		g = dir_group(st, of, s);
		if (!g)
			continue;
		if (!g->flows) {
			uint32_t oh = seg_overhead(f, d, s);
			g->receiver_side = (uint8_t)rcv;
			g->count = rcv ? never_acked(t, s) : 0;
			g->failing = snd ? d->run_seg_len : 0;
			g->acked = snd ? d->max_acked_seg : d->max_seg;
			g->mss = t->d[!s].mss;
			g->retrans = d->run_len;
			g->overhead = oh;
			g->fail_ip = snd ? d->run_seg_len + oh : t->d[!s].mss + oh;
			g->acked_ip = g->acked + oh;
			g->tunnel = f->tun_kind;
			g->ver = f->key.ver;
		}
		g->flows++;
		if (snd) {
			add_run_frames(&g->ev, d);
		} else {
			evidence_add_ev(&g->ev, d->first_lost.capture, d->first_lost.frame);
			evidence_add_ev(&g->ev, t->d[!s].st.first_dup_ack.capture,
				       t->d[!s].st.first_dup_ack.frame);
		}
		evidence_add_flow(&g->ev, o->uid);
	}
}

static void bh_finish(void *vs, int64_t end_ts, struct findings *out)
{
	struct det_state *st = vs;
	size_t i;

	(void)end_ts;
	for (i = 0; i < st->groups.cap; i++) {
		struct finding f;
		char grp[128], tun[120] = "";
		struct mtu_group *g = dir_finding(st, i, &f, grp, sizeof(grp));

		if (!g)
			continue;
		if (g->tunnel)
			snprintf(tun, sizeof(tun), " The flow runs inside a %s tunnel, whose headers add to "
				 "every packet on the underlay.", tunnel_kind_names[g->tunnel]);
		if (!g->receiver_side && g->acked <= 1) {
			/* only the SYN (or FIN) was acknowledged: no data size got through */
			snprintf(f.verdict, sizeof(f.verdict),
				 "At this capture point %s sent a %u-byte segment %u more time%s with growing "
				 "timeouts and it was never acknowledged; only the handshake got through on this "
				 "connection, and no ICMP fragmentation-needed or packet-too-big came back: a path "
				 "MTU black hole beyond this point (compare with smaller segments on other "
				 "connections of the path). The path MTU is below %u bytes (MSS offered: %u).%s",
				 grp, g->failing, g->retrans, g->retrans == 1 ? "" : "s", g->fail_ip, g->mss, tun);
			finding_add_metric(&f, "retransmissions_of_large_segment", g->retrans, ">=", st->p1, "");
			finding_add_metric(&f, "smallest_failing_segment", g->failing, ">", g->acked, "bytes");
		} else if (!g->receiver_side) {
			snprintf(f.verdict, sizeof(f.verdict),
				 "At this capture point %s sent a %u-byte segment %u more time%s with growing "
				 "timeouts and it was never acknowledged, while segments up to %u bytes were; no "
				 "ICMP fragmentation-needed or packet-too-big came back: a path MTU black hole "
				 "beyond this point. The path MTU lies between %u and %u bytes (MSS offered: %u).%s",
				 grp, g->failing, g->retrans, g->retrans == 1 ? "" : "s", g->acked,
				 g->acked_ip, g->fail_ip - 1, g->mss, tun);
			finding_add_metric(&f, "retransmissions_of_large_segment", g->retrans, ">=", st->p1, "");
			finding_add_metric(&f, "smallest_failing_segment", g->failing, ">", g->acked, "bytes");
		} else {
			snprintf(f.verdict, sizeof(f.verdict),
				 "At this capture point (next to the receiver) %llu bytes of %s were sent and never "
				 "arrived, the hole was never filled, and no segment larger than %u bytes ever "
				 "arrived although the receiver's MSS allows %u: full-size segments are lost "
				 "between the sender and this point, a path MTU black hole (path MTU below %u "
				 "bytes).%s",
				 (unsigned long long)g->count, grp, g->acked, g->mss, g->fail_ip, tun);
			finding_add_metric(&f, "largest_segment_arrived", g->acked, "<", g->mss, "bytes");
			finding_add_info(&f, "bytes_never_arrived", (double)g->count, "bytes");
		}
		finding_add_info(&f, "largest_acknowledged_segment", g->acked, "bytes");
		finding_add_info(&f, "mss_offered_by_receiver", g->mss, "bytes");
		finding_add_info(&f, "path_mtu_at_most", g->fail_ip - 1, "bytes");
		finding_add_info(&f, "flows", g->flows, "");
		findings_add(out, &f);
	}
	over_cap_finding(st->ctx, &st->groups, out);
}

const struct detector_def detect_pmtud_black_hole = {
	"pmtud_black_hole", 2000, 2999, bh_params, sizeof(bh_params) / sizeof(bh_params[0]),
	1u << OBS_TCP_FLOW, "direction",
	"Large segments never get through while smaller ones do, and no ICMP fragmentation-needed "
	"or packet-too-big came back: at the sender, the same large segment retransmitted with RTO "
	"backoff and never acknowledged; at the receiver, full-size segments missing and the hole "
	"duplicate-ACKed",
	bh_create, bh_on_obs, bh_finish, det_destroy
};

/* ---- pmtud_worked_around ---- */

static const struct param_schema wa_params[] = {
	{ "min_retrans", PARAM_COUNT, 1, 1000, 2, "retransmissions of the large segment before the shrink" },
	{ "min_segment", PARAM_COUNT, 1, 65535, 576, "smallest segment size counted as large (bytes)" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "directions kept per rule (then counted)" },
};

static void *wa_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct mtu_group), "min_retrans", "min_segment", NULL);
}

static void wa_on_obs(void *vs, const struct obs *o)
{
	struct det_state *st = vs;
	const struct obs_tcp_flow *of = &o->v.flow;
	const struct flow *f = of->flow;
	const struct tcp_conn *t = of->tcp;
	int s;

	if (o->type != OBS_TCP_FLOW || !t)
		return;
	for (s = 0; s < 2; s++) {
		const struct tcp_dir_stats *d = &t->d[s].st;
		struct mtu_group *g;
		if (d->run_len < st->p1 || d->run_seg_len < st->p2 || flow_ipdir(f, s)->ptb_count ||
		    !d->after_run_segs || d->after_run_max_seg >= d->run_seg_len ||
		    d->max_acked_seg >= d->run_seg_len || !acked_past(t, s, d->run_seq))
			continue;
		g = dir_group(st, of, s);
		if (!g)
			continue;
		if (!g->flows) {
			g->failing = d->run_seg_len;
			g->after_seg = d->after_run_max_seg;
			g->retrans = d->run_len;
			g->mss = t->d[!s].mss;
			g->overhead = seg_overhead(f, d, s);
		}
		g->flows++;
		add_run_frames(&g->ev, d);
		evidence_add_ev(&g->ev, d->after_run_first.capture, d->after_run_first.frame);
		evidence_add_flow(&g->ev, o->uid);
	}
}

static void wa_finish(void *vs, int64_t end_ts, struct findings *out)
{
	struct det_state *st = vs;
	size_t i;

	(void)end_ts;
	for (i = 0; i < st->groups.cap; i++) {
		struct finding f;
		char grp[128];
		struct mtu_group *g = dir_finding(st, i, &f, grp, sizeof(grp));

		if (!g)
			continue;
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point %s: a %u-byte segment was retransmitted %u time%s without an "
			 "ICMP fragmentation-needed / packet-too-big, then the sender went on with segments of "
			 "at most %u bytes, which got through: TCP worked around a path MTU black hole by "
			 "itself (MTU probing / black-hole detection), paying the timeouts. The path MTU is "
			 "below %u bytes.",
			 grp, g->failing, g->retrans, g->retrans == 1 ? "" : "s", g->after_seg,
			 g->failing + g->overhead);
		finding_add_metric(&f, "retransmissions_before_shrink", g->retrans, ">=", st->p1, "");
		finding_add_info(&f, "failing_segment", g->failing, "bytes");
		finding_add_info(&f, "segment_after_shrink", g->after_seg, "bytes");
		finding_add_info(&f, "mss_offered_by_receiver", g->mss, "bytes");
		finding_add_info(&f, "flows", g->flows, "");
		findings_add(out, &f);
	}
	over_cap_finding(st->ctx, &st->groups, out);
}

const struct detector_def detect_pmtud_worked_around = {
	"pmtud_worked_around", 2000, 2999, wa_params, sizeof(wa_params) / sizeof(wa_params[0]),
	1u << OBS_TCP_FLOW, "direction",
	"No ICMP; after retransmission timeouts of a large segment the sender shrank its segments "
	"by itself and the transfer went on",
	wa_create, wa_on_obs, wa_finish, det_destroy
};

/* ---- pmtud_icmp_ignored / pmtud_adapted (OBS_FLOW: any protocol) ---- */

static const struct param_schema ptb_params[] = {
	{ "min_oversize", PARAM_COUNT, 1, 1000000, 2, "packets larger than the reported MTU after the grace" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "directions kept per rule (then counted)" },
};

static void *ptb_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct mtu_group), "min_oversize", NULL, NULL);
}

static void ptb_collect(struct det_state *st, const struct obs *o, int ignored)
{
	const struct obs_tcp_flow *of = &o->v.flow;
	const struct flow *f = of->flow;
	int s;

	if (o->type != OBS_FLOW)
		return;
	for (s = 0; s < 2; s++) {
		const struct flow_ipdir *q = flow_ipdir(f, s);
		struct mtu_group *g;
		if (!q->ptb_count)
			continue;
		if (ignored ? q->ptb_oversize < st->p1 : (q->ptb_oversize || !q->ptb_fit_pkts))
			continue;
		g = dir_group(st, of, s);
		if (!g)
			continue;
		if (!g->flows) {
			g->mtu = q->ptb_mtu_min;
			g->oversize = q->ptb_oversize;
			g->sent_after = ignored ? q->ptb_after_max : q->ptb_fit_max;
			g->count = q->ptb_count;
			g->ver = f->key.ver;
		}
		g->flows++;
		evidence_add_ev(&g->ev, q->ptb_first.capture, q->ptb_first.frame);
		if (ignored) {
			evidence_add_ev(&g->ev, q->ptb_oversize_first.capture, q->ptb_oversize_first.frame);
			evidence_add_ev(&g->ev, q->ptb_oversize_last.capture, q->ptb_oversize_last.frame);
		}
		evidence_add_flow(&g->ev, o->uid);
	}
}

static void ign_on_obs(void *vs, const struct obs *o)
{
	ptb_collect(vs, o, 1);
}

static void adp_on_obs(void *vs, const struct obs *o)
{
	ptb_collect(vs, o, 0);
}

static void ptb_finish(struct det_state *st, struct findings *out, int ignored)
{
	size_t i;

	for (i = 0; i < st->groups.cap; i++) {
		struct finding f;
		char grp[128], mtu[40];
		struct mtu_group *g = dir_finding(st, i, &f, grp, sizeof(grp));
		uint32_t floor = g ? (g->ver == 6 ? 1280 : 552) : 0;

		if (!g)
			continue;
		if (g->mtu)
			snprintf(mtu, sizeof(mtu), "an MTU of %u", g->mtu);
		else
			snprintf(mtu, sizeof(mtu), "no MTU value");
		if (ignored) {
			snprintf(f.verdict, sizeof(f.verdict),
				 "At this capture point %s: %llu ICMP fragmentation-needed / packet-too-big "
				 "report%s with %s quoted this traffic, yet more than one round trip later the "
				 "sender still sent %u packet%s larger than that (up to %u bytes) that may not be "
				 "fragmented: the reports do not reach the sender or it ignores them.%s",
				 grp, (unsigned long long)g->count, g->count == 1 ? "" : "s", mtu, g->oversize,
				 g->oversize == 1 ? "" : "s", g->sent_after,
				 g->mtu && g->mtu < floor ? " (Stacks ignore MTUs below the protocol minimum, "
				 "so the minimum was used as the limit.)" : "");
			finding_add_metric(&f, "packets_larger_than_reported_mtu", g->oversize, ">=", st->p1, "");
		} else {
			snprintf(f.verdict, sizeof(f.verdict),
				 "At this capture point %s: ICMP reported %s on the path and the sender adapted: "
				 "after one round trip it sent nothing larger (largest since: %u bytes). Path MTU "
				 "discovery works here.",
				 grp, mtu, g->sent_after);
		}
		finding_add_info(&f, "reported_mtu", g->mtu, "bytes");
		finding_add_info(&f, "largest_packet_after_report", g->sent_after, "bytes");
		finding_add_info(&f, "icmp_reports", (double)g->count, "");
		finding_add_info(&f, "flows", g->flows, "");
		findings_add(out, &f);
	}
	over_cap_finding(st->ctx, &st->groups, out);
}

static void ign_finish(void *vs, int64_t end_ts, struct findings *out)
{
	(void)end_ts;
	ptb_finish(vs, out, 1);
}

static void adp_finish(void *vs, int64_t end_ts, struct findings *out)
{
	(void)end_ts;
	ptb_finish(vs, out, 0);
}

const struct detector_def detect_pmtud_icmp_ignored = {
	"pmtud_icmp_ignored", 2000, 2999, ptb_params, sizeof(ptb_params) / sizeof(ptb_params[0]),
	1u << OBS_FLOW, "direction",
	"ICMP fragmentation-needed / packet-too-big quoting the flow came back, yet the sender kept "
	"sending larger packets that may not be fragmented beyond one round trip of grace",
	ptb_create, ign_on_obs, ign_finish, det_destroy
};

const struct detector_def detect_pmtud_adapted = {
	"pmtud_adapted", 2000, 2999, ptb_params, sizeof(ptb_params) / sizeof(ptb_params[0]),
	1u << OBS_FLOW, "direction",
	"ICMP fragmentation-needed / packet-too-big quoting the flow came back and the sender sent "
	"nothing larger afterwards",
	ptb_create, adp_on_obs, adp_finish, det_destroy
};

/* ---- ip_fragmentation ---- */

static const struct param_schema fr_params[] = {
	{ "min_datagrams", PARAM_COUNT, 1, 1000000, 1, "datagrams of the flow that arrived fragmented" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "directions kept per rule (then counted)" },
};

static void *fr_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct mtu_group), "min_datagrams", NULL, NULL);
}

static void fr_on_obs(void *vs, const struct obs *o)
{
	struct det_state *st = vs;
	const struct obs_tcp_flow *of = &o->v.flow;
	const struct flow *f = of->flow;
	int s;

	if (o->type != OBS_FLOW)
		return;
	for (s = 0; s < 2; s++) {
		const struct flow_ipdir *q = flow_ipdir(f, s);
		struct mtu_group *g;
		if (q->frag_dgrams < st->p1 || !(g = dir_group(st, of, s)))
			continue;
		g->flows++;
		g->count += q->frag_dgrams;
		g->frags += q->frag_pieces;
		if (f->d[s].max_ip_len > g->largest)
			g->largest = f->d[s].max_ip_len;
		g->ver = f->key.ver;
		{
			unsigned k;
			for (k = 0; k < 4; k++)
				evidence_add_ev(&g->ev, q->frag_frames[k].capture, q->frag_frames[k].frame);
		}
		evidence_add_ev(&g->ev, q->frag_first.capture, q->frag_first.frame);
		evidence_add_flow(&g->ev, o->uid);
	}
}

static void fr_finish(void *vs, int64_t end_ts, struct findings *out)
{
	struct det_state *st = vs;
	size_t i;

	(void)end_ts;
	for (i = 0; i < st->groups.cap; i++) {
		struct finding f;
		char grp[128];
		struct mtu_group *g = dir_finding(st, i, &f, grp, sizeof(grp));

		if (!g)
			continue;
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point %llu datagram%s of %s arrived as %u IP fragments (largest "
			 "datagram %u bytes). %s",
			 (unsigned long long)g->count, g->count == 1 ? "" : "s", grp, g->frags, g->largest,
			 g->ver == 6 ? "IPv6 routers never fragment (RFC 8200): the sending host itself "
			 "sent datagrams larger than the path MTU it knew." :
			 "They were sent without Don't Fragment and split by the sender or by a router "
			 "whose next hop has a smaller MTU; one lost fragment loses the whole datagram.");
		finding_add_metric(&f, "fragmented_datagrams", (double)g->count, ">=", st->p1, "");
		finding_add_info(&f, "fragments", g->frags, "");
		finding_add_info(&f, "largest_datagram", g->largest, "bytes");
		finding_add_info(&f, "flows", g->flows, "");
		findings_add(out, &f);
	}
	over_cap_finding(st->ctx, &st->groups, out);
}

const struct detector_def detect_ip_fragmentation = {
	"ip_fragmentation", 2000, 2999, fr_params, sizeof(fr_params) / sizeof(fr_params[0]),
	1u << OBS_FLOW, "direction",
	"A flow's datagrams arrive as IP fragments (IPv4 without DF, or IPv6 source fragmentation)",
	fr_create, fr_on_obs, fr_finish, det_destroy
};

/* ---- mss_exceeds_path ---- */

#define PMTU_CACHE 1024

struct pmtu_entry {
	struct ip_addr dst;
	uint32_t mtu;
	int64_t ts;                /* when it was first reported */
	struct frame_ref frame;
	struct ip_addr router;
};

struct mx_state {
	struct det_state *base;
	struct pmtu_entry cache[PMTU_CACHE];
	unsigned n;
	uint64_t cache_full;
	uint16_t index[PMTU_CACHE * 2];   /* open addressing: cache slot + 1, 0 = free */
};

/* Where a destination's entry sits in the index (a free slot if it has none). */
static unsigned mx_slot(const struct mx_state *m, const struct ip_addr *a)
{
	uint64_t h = hash_mix(hash_bytes(HASH_SEED ^ a->v, a->a, 16));
	unsigned i;

	for (i = (unsigned)h & (PMTU_CACHE * 2 - 1);; i = (i + 1) & (PMTU_CACHE * 2 - 1)) {
		const struct pmtu_entry *e;
		if (!m->index[i])
			return i;
		e = &m->cache[m->index[i] - 1];
		if (e->dst.v == a->v && memcmp(e->dst.a, a->a, 16) == 0)
			return i;
	}
}

static const struct param_schema mx_params[] = {
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "receivers kept per rule (then counted)" },
};

static void *mx_create(const struct detect_ctx *ctx)
{
	struct mx_state *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->base = det_create(ctx, sizeof(struct mtu_group), NULL, NULL, NULL);
	if (!m->base) {
		free(m);
		return NULL;
	}
	return m;
}

static void mx_destroy(void *vs)
{
	struct mx_state *m = vs;

	if (!m)
		return;
	det_destroy(m->base);
	free(m);
}

static struct pmtu_entry *mx_find(struct mx_state *m, const struct ip_addr *a)
{
	unsigned i = mx_slot(m, a);

	return m->index[i] ? &m->cache[m->index[i] - 1] : NULL;
}

static void mx_on_obs(void *vs, const struct obs *o)
{
	struct mx_state *m = vs;
	const struct obs_tcp_flow *of;
	const struct tcp_conn *t;
	int s;

	if (o->type == OBS_ICMP_PTB) {
		struct pmtu_entry *e;
		if (!o->v.ptb.mtu)
			return;
		e = mx_find(m, &o->v.ptb.dst);
		if (!e) {
			if (m->n == PMTU_CACHE) {
				m->cache_full++;
				return;
			}
			m->index[mx_slot(m, &o->v.ptb.dst)] = (uint16_t)(m->n + 1);
			e = &m->cache[m->n++];
			e->dst = o->v.ptb.dst;
			e->mtu = 0;
			e->ts = o->ts;
		}
		if (!e->mtu || o->v.ptb.mtu < e->mtu) {
			e->mtu = o->v.ptb.mtu;
			e->frame.capture = o->capture;
			e->frame.frame = o->frame;
			e->router = o->v.ptb.router;
		}
		return;
	}
	if (o->type != OBS_TCP_FLOW || !(t = o->v.flow.tcp))
		return;
	of = &o->v.flow;
	for (s = 0; s < 2; s++) {
		/* the receiver's MSS sizes the sender's segments */
		const struct ip_addr *rcv = s ? &of->src : &of->dst;
		const struct pmtu_entry *e = mx_find(m, rcv);
		/* inside a tunnel the report is about the outer packet */
		uint32_t mss = t->d[!s].mss, hdr = (of->flow->key.ver == 6 ? 60 : 40) + of->flow->tun_overhead;
		struct mtu_group *g;
		const struct frame_ref *syn;
		/* only a connection opened once the path MTU was known could have
		 * used a smaller MSS (the one the report was about adapted or not:
		 * rules 2002 / 2004) */
		if (!e || !mss || mss + hdr <= e->mtu || of->flow->first_ts <= e->ts)
			continue;
		g = dir_group(m->base, of, s);
		if (!g)
			continue;
		if (!g->flows) {
			g->mss = mss;
			g->mtu = e->mtu;
			g->overhead = hdr;
			g->ver = of->flow->key.ver;
		}
		g->flows++;
		syn = &of->flow->syn_frames[0];
		evidence_add_ev(&g->ev, syn->capture, syn->frame);
		syn = &of->flow->synack_frame;
		evidence_add_ev(&g->ev, syn->capture, syn->frame);
		evidence_add_ev(&g->ev, e->frame.capture, e->frame.frame);
		evidence_add_flow(&g->ev, o->uid);
	}
}

static void mx_finish(void *vs, int64_t end_ts, struct findings *out)
{
	struct mx_state *m = vs;
	struct det_state *st = m->base;
	size_t i;

	(void)end_ts;
	for (i = 0; i < st->groups.cap; i++) {
		struct finding f;
		char grp[128];
		struct mtu_group *g = dir_finding(st, i, &f, grp, sizeof(grp));

		if (!g)
			continue;
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point %s: the receiver's MSS of %u lets the sender build %u-byte "
			 "packets, but ICMP reported a path MTU of %u towards that receiver. Every full-size "
			 "segment depends on path MTU discovery working; an MSS of %u would fit.",
			 grp, g->mss, g->mss + g->overhead, g->mtu, g->mtu > g->overhead ? g->mtu - g->overhead : 0);
		finding_add_metric(&f, "mss_plus_headers", g->mss + g->overhead, ">", g->mtu, "bytes");
		finding_add_info(&f, "mss", g->mss, "bytes");
		finding_add_info(&f, "reported_path_mtu", g->mtu, "bytes");
		finding_add_info(&f, "flows", g->flows, "");
		findings_add(out, &f);
	}
	over_cap_finding(st->ctx, &st->groups, out);
	if (m->cache_full) {
		struct finding f;
		memset(&f, 0, sizeof(f));
		f.rule = st->ctx->rule;
		f.severity = SEV_INFO;
		snprintf(f.group, sizeof(f.group), "path MTU cache over cap");
		snprintf(f.verdict, sizeof(f.verdict),
			 "Analysis limit: %llu ICMP path-MTU report%s for new destinations %s not remembered "
			 "by this rule: it keeps %d destinations.",
			 (unsigned long long)m->cache_full, m->cache_full == 1 ? "" : "s",
			 m->cache_full == 1 ? "was" : "were", PMTU_CACHE);
		finding_add_metric(&f, "reports_not_cached", (double)m->cache_full, ">", 0, "");
		findings_add(out, &f);
	}
}

const struct detector_def detect_mss_exceeds_path = {
	"mss_exceeds_path", 2000, 2999, mx_params, sizeof(mx_params) / sizeof(mx_params[0]),
	(1u << OBS_TCP_FLOW) | (1u << OBS_ICMP_PTB), "direction",
	"A connection opened after ICMP reported the path MTU towards its receiver still uses an "
	"MSS (plus headers) larger than that MTU",
	mx_create, mx_on_obs, mx_finish, mx_destroy
};

/* ---- frag_overlap ---- */

struct fo_key {
	struct ip_addr src, dst;
	uint16_t dport;
	uint8_t proto, ports_known;
};

struct fo_group {
	struct fo_key k;
	uint32_t n;
	struct evidence ev;
};

static const struct param_schema fo_params[] = {
	{ "min_conflicts", PARAM_COUNT, 1, 1000000, 1, "fragments that contradicted earlier ones" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "address pairs kept per rule (then counted)" },
};

static void *fo_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct fo_group), "min_conflicts", NULL, NULL);
}

static void fo_on_obs(void *vs, const struct obs *o)
{
	struct det_state *st = vs;
	struct fo_group *g;
	struct fo_key k;

	if (o->type != OBS_FRAG_CONFLICT)
		return;
	memset(&k, 0, sizeof(k));
	k.src = o->v.frag.src;
	k.dst = o->v.frag.dst;
	k.proto = o->v.frag.proto;
	k.ports_known = o->v.frag.ports_known;
	k.dport = o->v.frag.dport;
	g = gt_get(&st->groups, &k, sizeof(k), 1);
	if (!g)
		return;
	g->n++;
	evidence_add_ev(&g->ev, o->v.frag.first.capture, o->v.frag.first.frame);
	evidence_add_ev(&g->ev, o->capture, o->frame);
}

static void fo_finish(void *vs, int64_t end_ts, struct findings *out)
{
	struct det_state *st = vs;
	size_t i;

	(void)end_ts;
	for (i = 0; i < st->groups.cap; i++) {
		struct fo_group *g = gt_at(&st->groups, i);
		struct finding f;
		char a[64], b[64];

		if (!g || g->n < st->p1)
			continue;
		det_finding(st, &g->ev, &f);
		ip_addr_str(&g->k.src, a, sizeof(a));
		ip_addr_str(&g->k.dst, b, sizeof(b));
		if (g->k.ports_known) {
			struct dir_key dk;
			memset(&dk, 0, sizeof(dk));
			dk.src = g->k.src;
			dk.dst = g->k.dst;
			dk.dport = g->k.dport;
			dk.proto = g->k.proto;
			dir_str(&dk, f.group, sizeof(f.group));
		} else {
			snprintf(f.group, sizeof(f.group), "%s -> %s", a, b);
		}
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point %u fragment%s from %s to %s overlapped earlier fragments of "
			 "the same datagram with different bytes. Receivers resolve such overlaps differently "
			 "(RFC 5722 makes IPv6 drop them), so what this capture reassembles (first arrival "
			 "wins) may not be what the host received: an IDS-evasion technique, or corruption.",
			 g->n, g->n == 1 ? "" : "s", a, b);
		finding_add_metric(&f, "conflicting_fragments", g->n, ">=", st->p1, "");
		findings_add(out, &f);
	}
	over_cap_finding(st->ctx, &st->groups, out);
}

const struct detector_def detect_frag_overlap = {
	"frag_overlap", 2000, 2999, fo_params, sizeof(fo_params) / sizeof(fo_params[0]),
	1u << OBS_FRAG_CONFLICT, "direction",
	"Fragments of one datagram overlap with different bytes",
	fo_create, fo_on_obs, fo_finish, det_destroy
};
