/*
 * detect_path.c - what the capture point sees of the two directions of TCP
 * connections, and how the receiver's window behaves (rule ids 3000-3999):
 *
 *  asym_path          the two directions of connections take different paths
 *                     (SYN-ACKs without their SYNs, ACKs of a direction never
 *                     seen, forward and return on different interfaces, or at
 *                     the service: requests arriving from one next hop, answers
 *                     leaving toward another and never arriving)
 *  one_sided          data acknowledged that this point never saw, with the
 *                     byte count as proof (kept apart from unanswered SYNs)
 *  zero_window_stall  a receiver advertised a zero window for a long time
 *                     while the sender probed: the application is not reading
 *
 * All fed by OBS_TCP_FLOW; bounded per rule (param.max_groups) and per group.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules.h"
#include "detect_util.h"
#include "../flow.h"
#include "../tcp.h"

static const struct param_schema path_params[] = {
	{ "min_flows", PARAM_COUNT, 1, 1000000, 1, "connections showing the signature" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "services kept per rule (then counted)" },
};

enum asym_sig { SIG_SYNACK_ONLY = 0, SIG_ACK_BLIND, SIG_TWO_IFACES, SIG_NEXT_HOPS, SIG_COUNT };

/* What the responder's side of a capture shows of a return path that fails:
 * the first flow's two next hops and the frames that prove the answers
 * never arrived (SIG_NEXT_HOPS). */
struct hop_view {
	uint8_t in[6], out[6];    /* the originator's packets came from, the answers went to */
	uint8_t ttl;              /* TTL of the originator's first packet here */
	uint8_t data;             /* the first flow failed after the handshake */
	struct frame_ref first, last;  /* its first and latest unacknowledged answer */
	uint32_t other_pairs;     /* flows with another pair of next hops */
	uint32_t synacks;         /* SYN-ACKs never acknowledged */
	uint32_t syn_repeats;     /* SYN retries (the latest after the first SYN-ACK) */
	uint32_t data_rexmit;     /* originator data segments sent again (all of it acknowledged) */
};

struct path_group {
	struct svc_key svc;
	uint32_t flows, sig[SIG_COUNT];
	uint64_t acked_bytes;
	uint32_t seen_dir[2];     /* connections seen only client-to-service [0] / service-to-client [1] */
	struct frame_ref first_blind;  /* the first ACK of a direction never seen */
	struct hop_view hop;
	uint32_t mated;           /* one-sided flows whose other half another flow showed here */
	struct evidence ev;
};

/*
 * One direction of a connection in one tunnel, the other direction in another
 * tunnel between the same two tunnel endpoints (a mirror session or overlay
 * that keys the directions apart, e.g. GRE keys per direction): each tunnel
 * context is a flow of its own, each looks one-sided, yet this capture point
 * saw both directions on one path.  Such halves are matched here, keyed by
 * the connection and the tunnel endpoints without the key; a service all of
 * whose flows found their other half does not fire.
 */
struct half_key {
	struct ip_addr lo, hi;    /* the connection's endpoints, ordered */
	struct ip_addr olo, ohi;  /* the outermost tunnel's endpoints, ordered */
	uint16_t plo, phi;
	uint8_t kind;             /* tunnel kind */
};

struct half_rec {
	struct half_key k;
	uint8_t mask;             /* 1: lo -> hi seen, 2: hi -> lo seen */
	uint8_t n;                /* flows of this connection noted (capped at 255) */
	uint8_t counted;          /* bit i: the i-th of them is counted in its group */
	struct svc_key svc[2];    /* the groups of the first two */
};

/* State of asym_path and one_sided: the groups and the halves. */
struct path_state {
	struct det_state *det;
	struct gtable halves;
};

static void *path_state_new(const struct detect_ctx *ctx, const char *p1)
{
	struct path_state *ps = calloc(1, sizeof(*ps));

	if (!ps)
		return NULL;
	ps->det = det_create(ctx, sizeof(struct path_group), p1, NULL, NULL);
	if (!ps->det || gt_init(&ps->halves, sizeof(struct half_rec), 2 * (size_t)rule_param(ctx->rule, "max_groups")) < 0) {
		det_destroy(ps->det);
		free(ps);
		return NULL;
	}
	return ps;
}

static void path_state_free(void *st)
{
	struct path_state *ps = st;

	if (!ps)
		return;
	gt_free(&ps->halves);
	det_destroy(ps->det);
	free(ps);
}

static void *path_create(const struct detect_ctx *ctx)
{
	return path_state_new(ctx, "min_flows");
}

static int end_less(const struct ip_addr *a, uint16_t pa, const struct ip_addr *b, uint16_t pb)
{
	int c = memcmp(a, b, sizeof(*a));
	return c < 0 || (c == 0 && pa < pb);
}

/* Notes a one-sided flow carried in a tunnel (seen: the direction it shows)
 * as one half of its connection; counted: the rule counted it in the group
 * of its service. */
static void half_note(struct path_state *ps, const struct obs_tcp_flow *of, int seen, int counted)
{
	const struct flow *f = of->flow;
	struct half_key k;
	struct half_rec *r;
	int src_lo;

	if (!f->tun_kind || (!f->d[0].pkts) == (!f->d[1].pkts))
		return;
	memset(&k, 0, sizeof(k));
	src_lo = end_less(&of->src, of->sport, &of->dst, of->dport);
	k.lo = src_lo ? of->src : of->dst;
	k.hi = src_lo ? of->dst : of->src;
	k.plo = src_lo ? of->sport : of->dport;
	k.phi = src_lo ? of->dport : of->sport;
	if (memcmp(&f->tun_src, &f->tun_dst, sizeof(f->tun_src)) < 0) {
		k.olo = f->tun_src;
		k.ohi = f->tun_dst;
	} else {
		k.olo = f->tun_dst;
		k.ohi = f->tun_src;
	}
	k.kind = f->tun_kind;
	if (!(r = gt_get(&ps->halves, &k, sizeof(k), 1)))
		return;   /* counted (halves over cap): the flow stays one-sided */
	/* the sender of the direction seen is the originator (seen 0) or not */
	r->mask |= (uint8_t)((seen == 0) == (src_lo != 0) ? 1 : 2);
	if (r->n < 2) {
		memset(&r->svc[r->n], 0, sizeof(r->svc[r->n]));   /* as path_group's key */
		r->svc[r->n].dst = of->dst;
		r->svc[r->n].dport = of->dport;
		if (counted)
			r->counted |= (uint8_t)(1u << r->n);
	}
	if (r->n < 255)
		r->n++;
}

/* Counts into each group the flows whose other half was seen (two flows of
 * one connection, one per direction). */
static void halves_mate(struct path_state *ps)
{
	size_t i;
	unsigned j;

	for (i = 0; i < ps->halves.cap; i++) {
		struct half_rec *r = gt_at(&ps->halves, i);
		if (!r || r->mask != 3 || r->n != 2)
			continue;
		for (j = 0; j < 2; j++) {
			struct path_group *g;
			if (!(r->counted & (1u << j)))
				continue;
			if ((g = gt_get(&ps->det->groups, &r->svc[j], sizeof(r->svc[j]), 0)))
				g->mated++;
		}
	}
}

/* The info finding when the halves table overflowed. */
static void halves_over_cap(const struct path_state *ps, struct findings *out)
{
	struct finding f;
	uint64_t n = ps->halves.over_cap;

	if (!n)
		return;
	memset(&f, 0, sizeof(f));
	f.rule = ps->det->ctx->rule;
	f.severity = SEV_INFO;
	snprintf(f.group, sizeof(f.group), "tunnel halves over cap");
	snprintf(f.verdict, sizeof(f.verdict),
		 "Analysis limit: %llu one-sided connection%s in tunnels %s not matched with the other "
		 "direction in another tunnel (table full, 2 x param.max_groups): counted as one-sided.",
		 (unsigned long long)n, n == 1 ? "" : "s", n == 1 ? "was" : "were");
	finding_add_metric(&f, "tunnel_halves_over_cap", (double)n, ">", 0, "");
	findings_add(out, &f);
}

static struct path_group *path_group(struct det_state *s, const struct obs_tcp_flow *of)
{
	struct svc_key k;

	memset(&k, 0, sizeof(k));
	k.dst = of->dst;
	k.dport = of->dport;
	return gt_get(&s->groups, &k, sizeof(k), 1);
}

/* A direction that acknowledges a direction never seen here, convincingly:
 * it opened the connection itself (its SYN or SYN-ACK was seen), or its ACK
 * numbers advance (a lone stray ACK proves nothing). */
static int blind(const struct flow *f, int dir)
{
	const struct flow_dirx *e = &f->dx[dir];

	if (!e->acks_blind || f->d[!dir].pkts)
		return 0;
	return (dir == 0 ? f->syn_pkts > 0 : f->synack_pkts > 0) || e->ack_blind_max != e->ack_blind_first;
}

/* Bytes of data the blind direction acknowledged (beyond a SYN-ACK's one). */
static uint32_t blind_data_bytes(const struct flow_dirx *e)
{
	uint32_t span = e->ack_blind_max - e->ack_blind_first;
	return e->acks_blind ? span : 0;
}

/* ---- asym_path ---- */

/* Virtual MACs of first-hop redundancy protocols: hosts send to them while
 * the active router forwards with its own MAC, so a different MAC in the two
 * directions is no sign of two paths.  VRRP (RFC 5798 §7.3: 00-00-5E-00-01-xx
 * IPv4, 00-00-5E-00-02-xx IPv6), HSRP v1 (00-00-0C-07-AC-xx) and v2
 * (00-00-0C-9F-Fx-xx), GLBP (00-07-B4-xx-xx-xx). */
static int path_fhrp_mac(const uint8_t m[6])
{
	if (m[0] == 0x00 && m[1] == 0x00 && m[2] == 0x5e && m[3] == 0x00 && (m[4] == 0x01 || m[4] == 0x02))
		return 1;
	if (m[0] == 0x00 && m[1] == 0x00 && m[2] == 0x0c && m[3] == 0x07 && m[4] == 0xac)
		return 1;
	if (m[0] == 0x00 && m[1] == 0x00 && m[2] == 0x0c && m[3] == 0x9f && (m[4] & 0xf0) == 0xf0)
		return 1;
	return m[0] == 0x00 && m[1] == 0x07 && m[2] == 0xb4;
}

static int mac_zero(const uint8_t m[6])
{
	return !(m[0] | m[1] | m[2] | m[3] | m[4] | m[5]);
}

/* The flow passes here in both directions, on a link with Ethernet headers,
 * and the originator's packets came from another next hop than the one the
 * answers were sent to (each direction kept its MAC: no path change).  A
 * cooked capture has no destination MAC (zero): no verdict from it. */
static int split_next_hops(const struct flow *f)
{
	const struct flow_dir *o = &f->d[0], *r = &f->d[1];

	if (!o->pkts || !r->pkts || !o->mac_set || !r->mac_set || mac_zero(r->mac_dst) || mac_zero(o->mac))
		return 0;
	if (f->dx[0].mac_changes || f->dx[1].mac_changes || (o->mac[0] & 1) || (r->mac_dst[0] & 1))
		return 0;
	return memcmp(o->mac, r->mac_dst, 6) != 0 && !path_fhrp_mac(r->mac_dst) && !path_fhrp_mac(o->mac);
}

/* The answers never reached the originator, as the responder's side sees it:
 * the SYN-ACKs were never acknowledged and the originator sent its SYN again
 * after the first of them (1); or the responder acknowledged all of the
 * originator's data, yet the originator sent it again, and never acknowledged
 * a byte of the responder's data (2).  0: the connection shows neither. */
static int path_answers_lost(const struct flow *f)
{
	const struct flow_dir *o = &f->d[0], *r = &f->d[1];

	if (f->synack_pkts && !f->est_ts && f->syn_pkts > 1 &&
	    frame_ref_after(&f->syn_frames[FLOW_SYN_FRAMES - 1], &f->synack_frame))
		return 1;
	if (f->est_ts && o->rxmit && r->hw != r->data_start && o->have_ack && r->have_ack &&
	    (int32_t)(o->ack_hw - r->data_start) <= 0 && (int32_t)(r->ack_hw - o->hw) >= 0)
		return 2;
	return 0;
}

static void hop_note(struct path_group *g, const struct flow *f, int how)
{
	struct hop_view *h = &g->hop;
	const struct flow_dir *o = &f->d[0], *r = &f->d[1];

	if (how == 1) {
		h->synacks += f->synack_pkts;
		h->syn_repeats += f->syn_pkts - 1;
	} else {
		h->data_rexmit += o->rxmit;
	}
	if (g->sig[SIG_NEXT_HOPS] == 1) {   /* the first flow names the next hops */
		memcpy(h->in, o->mac, 6);
		memcpy(h->out, r->mac_dst, 6);
		h->ttl = f->syn_pkts ? f->syn_ttl : o->ttl_first;
		h->data = how == 2;
		h->first = how == 1 ? f->synack_frame : f->dx[1].first_data;
		h->last.capture = r->last_capture;
		h->last.frame = r->last_frame;
	} else if (memcmp(h->in, o->mac, 6) || memcmp(h->out, r->mac_dst, 6)) {
		h->other_pairs++;
	}
	/* the arrival (first SYN, from h->in) and the answer (toward h->out) */
	if (f->syn_pkts)
		evidence_add_ev(&g->ev, f->syn_frames[0].capture, f->syn_frames[0].frame);
	if (f->synack_pkts)
		evidence_add_ev(&g->ev, f->synack_frame.capture, f->synack_frame.frame);
	if (how == 1) {   /* the SYN sent again after it */
		evidence_add_ev(&g->ev, f->syn_frames[FLOW_SYN_FRAMES - 1].capture,
				f->syn_frames[FLOW_SYN_FRAMES - 1].frame);
	} else {          /* the first answer with data, the originator's latest packet */
		evidence_add_ev(&g->ev, f->dx[1].first_data.capture, f->dx[1].first_data.frame);
		evidence_add_ev(&g->ev, o->last_capture, o->last_frame);
	}
	evidence_add_ev(&g->ev, r->last_capture, r->last_frame);
}

static void mac_fmt(const uint8_t m[6], char *buf, size_t n)
{
	snprintf(buf, n, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* The SIG_NEXT_HOPS part of the verdict into buf (n bytes); returns its length. */
static size_t hop_text(const struct path_group *g, char *buf, size_t n)
{
	const struct hop_view *h = &g->hop;
	uint32_t k = g->sig[SIG_NEXT_HOPS];
	char in[18], out[18], what[200], more[64];
	int w;

	mac_fmt(h->in, in, sizeof(in));
	mac_fmt(h->out, out, sizeof(out));
	if (h->synacks)
		snprintf(what, sizeof(what), "%u SYN-ACK%s never acknowledged, the client retried its SYN %u time%s, the latest after the first SYN-ACK",
			 h->synacks, h->synacks == 1 ? " was" : "s were", h->syn_repeats, h->syn_repeats == 1 ? "" : "s");
	else
		what[0] = 0;
	if (h->data_rexmit)
		snprintf(what + strlen(what), sizeof(what) - strlen(what),
			 "%sthe client sent its data again %u time%s although the service acknowledged all of it, and acknowledged none of the service's data",
			 what[0] ? "; " : "", h->data_rexmit, h->data_rexmit == 1 ? "" : "s");
	more[0] = 0;
	if (h->other_pairs)
		snprintf(more, sizeof(more), " (%u by other next hops)", h->other_pairs);
	w = snprintf(buf, n,
		     "%u connection%s arrived from next hop %s (TTL %u) and %s answered toward next hop %s%s, and the answers "
		     "never arrived: %s (first unacknowledged answer frame %llu, last %llu); check the return route and "
		     "the state table of the router %s",
		     k, k == 1 ? "" : "s", in, h->ttl, k == 1 ? "was" : "were", out, more, what,
		     (unsigned long long)h->first.frame, (unsigned long long)h->last.frame, out);
	return w < 0 ? 0 : (size_t)w >= n ? n - 1 : (size_t)w;
}

static void asym_on_obs(void *st, const struct obs *o)
{
	struct path_state *ps = st;
	struct det_state *s = ps->det;
	const struct obs_tcp_flow *of = &o->v.flow;
	const struct flow *f = of->flow;
	int sig[SIG_COUNT] = { 0 }, any = 0, i;
	struct path_group *g;

	if (o->type != OBS_TCP_FLOW)
		return;
	/* the responder's SYN-ACK seen, the originator's SYN never */
	sig[SIG_SYNACK_ONLY] = f->synack_pkts > 0 && f->syn_pkts == 0 && f->d[0].pkts == 0;
	/* one direction acknowledges a direction this point never saw */
	sig[SIG_ACK_BLIND] = blind(f, 0) || blind(f, 1);
	/* both directions seen, but on different capture interfaces */
	sig[SIG_TWO_IFACES] = f->d[0].pkts && f->d[1].pkts && f->d[0].ifkey != f->d[1].ifkey &&
			      !f->dx[0].if_changes && !f->dx[1].if_changes;
	/* at the service: in from one next hop, out toward another, answers lost */
	sig[SIG_NEXT_HOPS] = split_next_hops(f) ? path_answers_lost(f) : 0;
	for (i = 0; i < SIG_COUNT; i++)
		any |= sig[i];
	g = any ? path_group(s, of) : NULL;
	/* one direction only: its other half may be another flow (tunnel) */
	half_note(ps, of, f->d[0].pkts ? 0 : 1, g != NULL);
	if (!g)
		return;
	g->flows++;
	for (i = 0; i < SIG_COUNT; i++)
		g->sig[i] += sig[i] ? 1u : 0u;
	if (sig[SIG_SYNACK_ONLY]) {
		evidence_add_ev(&g->ev, f->synack_frame.capture, f->synack_frame.frame);
		evidence_add_ev(&g->ev, f->d[1].last_capture, f->d[1].last_frame);
	}
	if (sig[SIG_ACK_BLIND]) {
		int seen = blind(f, 0) ? 0 : 1;
		const struct flow_dirx *e = &f->dx[seen];
		g->seen_dir[seen]++;
		if (!g->first_blind.frame || frame_ref_after(&g->first_blind, &e->ack_blind_frame))
			g->first_blind = e->ack_blind_frame;
		evidence_add_ev(&g->ev, f->capture, f->first_frame);
		evidence_add_ev(&g->ev, e->ack_blind_frame.capture, e->ack_blind_frame.frame);
		evidence_add_ev(&g->ev, e->first_data.capture, e->first_data.frame);
		g->acked_bytes += blind_data_bytes(e);
	}
	if (sig[SIG_TWO_IFACES]) {
		evidence_add_ev(&g->ev, f->d[0].first_capture, f->d[0].first_frame);
		evidence_add_ev(&g->ev, f->d[1].first_capture, f->d[1].first_frame);
	}
	if (sig[SIG_NEXT_HOPS])
		hop_note(g, f, sig[SIG_NEXT_HOPS]);
	evidence_add_flow(&g->ev, o->uid);
}

static void asym_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct path_state *ps = st;
	struct det_state *s = ps->det;
	size_t i;

	(void)end_ts;
	halves_mate(ps);
	for (i = 0; i < s->groups.cap; i++) {
		struct path_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80], how[520];
		size_t n = 0;

		if (!g || g->flows < s->p1 || g->mated >= g->flows)
			continue;
		det_finding(s, &g->ev, &f);
		svc_str(&g->svc, svc, sizeof(svc));
		snprintf(f.group, sizeof(f.group), "%s", svc);
		how[0] = 0;
		if (g->sig[SIG_SYNACK_ONLY])
			n += (size_t)snprintf(how + n, sizeof(how) - n, "%u SYN-ACK%s passed without %s SYN", g->sig[SIG_SYNACK_ONLY],
					      g->sig[SIG_SYNACK_ONLY] == 1 ? "" : "s", g->sig[SIG_SYNACK_ONLY] == 1 ? "its" : "their");
		if (g->sig[SIG_ACK_BLIND] && n < sizeof(how))
			n += (size_t)snprintf(how + n, sizeof(how) - n, "%s%u connection%s acknowledged packets of a direction never seen here "
					      "(%s, from frame %llu on)",
					      n ? "; " : "", g->sig[SIG_ACK_BLIND], g->sig[SIG_ACK_BLIND] == 1 ? "" : "s",
					      g->seen_dir[0] && g->seen_dir[1] ? "each one direction only"
					      : g->seen_dir[0] ? "the service-to-client direction is missing"
							       : "the client-to-service direction is missing",
					      (unsigned long long)g->first_blind.frame);
		if (g->sig[SIG_TWO_IFACES] && n < sizeof(how))
			n += (size_t)snprintf(how + n, sizeof(how) - n, "%s%u connection%s left on one interface and were answered on another",
					      n ? "; " : "", g->sig[SIG_TWO_IFACES], g->sig[SIG_TWO_IFACES] == 1 ? "" : "s");
		if (g->sig[SIG_NEXT_HOPS] && n + 2 < sizeof(how)) {
			if (n)
				n += (size_t)snprintf(how + n, sizeof(how) - n, "; ");
			hop_text(g, how + n, sizeof(how) - n);
		}
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point the two directions of %u connection%s to %s take different "
			 "paths: %s.",
			 g->flows, g->flows == 1 ? "" : "s", svc, how);
		finding_add_metric(&f, "connections", g->flows, ">=", s->p1, "");
		finding_add_info(&f, "syn_ack_without_syn", g->sig[SIG_SYNACK_ONLY], "");
		finding_add_info(&f, "acks_of_unseen_direction", g->sig[SIG_ACK_BLIND], "");
		finding_add_info(&f, "answered_on_other_interface", g->sig[SIG_TWO_IFACES], "");
		if (g->sig[SIG_NEXT_HOPS]) {   /* at most 8 metrics: the TTL is in the verdict */
			finding_add_info(&f, "answered_toward_other_next_hop", g->sig[SIG_NEXT_HOPS], "");
			if (g->hop.synacks) {
				finding_add_info(&f, "syn_acks_never_acknowledged", g->hop.synacks, "");
				finding_add_info(&f, "syn_retries", g->hop.syn_repeats, "");
			}
			if (g->hop.data_rexmit)
				finding_add_info(&f, "data_resent_though_acknowledged", g->hop.data_rexmit, "");
		}
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
	halves_over_cap(ps, out);
}

const struct detector_def detect_asym_path = {
	"asym_path", 3000, 3999, path_params, sizeof(path_params) / sizeof(path_params[0]),
	1u << OBS_TCP_FLOW, "dst_service",
	"The two directions of connections take different paths at the capture point: SYN-ACKs "
	"without SYNs, acknowledgements of a direction never seen, answers on another interface, "
	"or requests from one next hop answered toward another and the answers lost",
	path_create, asym_on_obs, asym_finish, path_state_free
};

/* ---- one_sided ---- */

static const struct param_schema os_params[] = {
	{ "min_bytes", PARAM_COUNT, 1, 1e12, 1, "data bytes acknowledged but never seen" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "services kept per rule (then counted)" },
};

static void *os_create(const struct detect_ctx *ctx)
{
	return path_state_new(ctx, "min_bytes");
}

static void os_on_obs(void *st, const struct obs *o)
{
	struct path_state *ps = st;
	struct det_state *s = ps->det;
	const struct obs_tcp_flow *of = &o->v.flow;
	const struct flow *f = of->flow;
	const struct flow_dir *e;
	const struct flow_dirx *x;
	struct path_group *g;
	struct svc_key k;
	uint32_t bytes;
	int dir;

	if (o->type != OBS_TCP_FLOW)
		return;
	if (blind(f, 0))
		dir = 0;
	else if (blind(f, 1))
		dir = 1;
	else
		dir = -1;
	bytes = dir < 0 ? 0 : blind_data_bytes(&f->dx[dir]);
	if (dir < 0 || bytes < s->p1) {
		/* not counted, but it may be the other half of one that is */
		half_note(ps, of, f->d[0].pkts ? 0 : 1, 0);
		return;
	}
	e = &f->d[dir];
	x = &f->dx[dir];
	memset(&k, 0, sizeof(k));
	k.dst = of->dst;
	k.dport = of->dport;
	g = gt_get(&s->groups, &k, sizeof(k), 1);
	half_note(ps, of, dir, g != NULL);
	if (!g)
		return;
	g->flows++;
	g->acked_bytes += bytes;
	g->seen_dir[dir]++;
	if (!g->first_blind.frame || frame_ref_after(&g->first_blind, &x->ack_blind_frame))
		g->first_blind = x->ack_blind_frame;
	evidence_add_ev(&g->ev, x->ack_blind_frame.capture, x->ack_blind_frame.frame);
	evidence_add_ev(&g->ev, e->last_capture, e->last_frame);
	evidence_add_flow(&g->ev, o->uid);
}

static void os_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct path_state *ps = st;
	struct det_state *s = ps->det;
	size_t i;

	(void)end_ts;
	halves_mate(ps);
	for (i = 0; i < s->groups.cap; i++) {
		struct path_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80], sides[160];

		if (!g || g->mated >= g->flows)
			continue;
		det_finding(s, &g->ev, &f);
		svc_str(&g->svc, svc, sizeof(svc));
		snprintf(f.group, sizeof(f.group), "%s", svc);
		/* which direction passes here and which is missing */
		if (g->seen_dir[0] && g->seen_dir[1])
			snprintf(sides, sizeof(sides), "%u show only client-to-service packets, %u only "
				 "service-to-client packets; the other direction of each never passes here",
				 g->seen_dir[0], g->seen_dir[1]);
		else
			snprintf(sides, sizeof(sides), "only %s packets pass here, the %s direction never does",
				 g->seen_dir[0] ? "client-to-service" : "service-to-client",
				 g->seen_dir[0] ? "service-to-client" : "client-to-service");
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point %u connection%s to %s %s seen in one direction only (%s), yet "
			 "%llu bytes of the missing direction were acknowledged (ACKs from frame %llu on): "
			 "this point is on one path of an asymmetric route, or drops one direction.",
			 g->flows, g->flows == 1 ? "" : "s", svc, g->flows == 1 ? "is" : "are", sides,
			 (unsigned long long)g->acked_bytes, (unsigned long long)g->first_blind.frame);
		finding_add_metric(&f, "acked_bytes_never_seen", (double)g->acked_bytes, ">=", s->p1, "bytes");
		finding_add_info(&f, "connections", g->flows, "");
		finding_add_info(&f, "seen_client_to_service_only", g->seen_dir[0], "");
		finding_add_info(&f, "seen_service_to_client_only", g->seen_dir[1], "");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
	halves_over_cap(ps, out);
}

const struct detector_def detect_one_sided = {
	"one_sided", 3000, 3999, os_params, sizeof(os_params) / sizeof(os_params[0]),
	1u << OBS_TCP_FLOW, "dst_service",
	"Connections seen in one direction only whose ACKs prove data flowed the other way",
	os_create, os_on_obs, os_finish, path_state_free
};

/* ---- zero_window_stall ---- */

static const struct param_schema zw_params[] = {
	{ "min_stall", PARAM_DURATION, 0.001, 86400, 1, "longest zero-window episode" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "services kept per rule (then counted)" },
};

struct zw_group {
	struct svc_key svc;
	uint8_t dir;
	uint32_t flows, episodes;
	int64_t longest, total;
	uint64_t probes;
	struct evidence ev;
};

static void *zw_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct zw_group), "min_stall", NULL, NULL);
}

static void zw_on_obs(void *st, const struct obs *o)
{
	struct det_state *s = st;
	const struct obs_tcp_flow *of = &o->v.flow;
	int dir;

	if (o->type != OBS_TCP_FLOW || !of->tcp)
		return;
	for (dir = 0; dir < 2; dir++) {
		const struct tcp_dir_stats *ts = &of->tcp->d[dir].st;
		struct zw_group key, *g;

		if ((double)ts->zw_longest_ns < s->p1 * 1e9)
			continue;
		memset(&key, 0, sizeof(key));
		key.svc.dst = of->dst;
		key.svc.dport = of->dport;
		key.dir = (uint8_t)dir;
		g = gt_get(&s->groups, &key, offsetof(struct zw_group, flows), 1);
		if (!g)
			continue;
		g->flows++;
		g->episodes += ts->zw_episodes;
		g->total += ts->zw_total_ns;
		if (ts->zw_longest_ns > g->longest)
			g->longest = ts->zw_longest_ns;
		g->probes += of->tcp->d[!dir].st.zwp;
		evidence_add_ev(&g->ev, ts->zw_longest_start.capture, ts->zw_longest_start.frame);
		evidence_add_ev(&g->ev, ts->zw_longest_end.capture, ts->zw_longest_end.frame);
		evidence_add_flow(&g->ev, o->uid);
	}
}

static void zw_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct det_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct zw_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80];
		const char *who;

		if (!g)
			continue;
		who = g->dir == 0 ? "the client" : "the service";
		det_finding(s, &g->ev, &f);
		svc_str(&g->svc, svc, sizeof(svc));
		snprintf(f.group, sizeof(f.group), "%s", svc);
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point %s of %u connection%s to %s advertised a zero receive window "
			 "for up to %.2f s (%.2f s in all, %u episode%s; %llu window probe%s): its application "
			 "stopped reading, the network was not the bottleneck.",
			 who, g->flows, g->flows == 1 ? "" : "s", svc, (double)g->longest / 1e9,
			 (double)g->total / 1e9, g->episodes, g->episodes == 1 ? "" : "s",
			 (unsigned long long)g->probes, g->probes == 1 ? "" : "s");
		finding_add_metric(&f, "longest_zero_window", (double)g->longest / 1e9, ">=", s->p1, "s");
		finding_add_info(&f, "zero_window_total", (double)g->total / 1e9, "s");
		finding_add_info(&f, "episodes", g->episodes, "");
		finding_add_info(&f, "window_probes", (double)g->probes, "");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

const struct detector_def detect_zero_window_stall = {
	"zero_window_stall", 3000, 3999, zw_params, sizeof(zw_params) / sizeof(zw_params[0]),
	1u << OBS_TCP_FLOW, "dst_service, receiver",
	"A receiver advertising a zero window for a long time while the sender probes",
	zw_create, zw_on_obs, zw_finish, det_destroy
};
