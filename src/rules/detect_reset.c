/*
 * detect_reset.c - resets, port reuse, receive-window limits and path
 * changes, judged per TCP connection when it ends (OBS_TCP_FLOW), grouped by
 * destination service (rule ids 3000-3999):
 *
 *  reset_early     the responder resets a connection right after the handshake
 *                  (health checks that connect and then reset themselves are
 *                  the originator's resets: not counted)
 *  reset_idle      a reset after the connection sat idle longer than a
 *                  threshold: an idle timeout on a middlebox shorter than the
 *                  application's (idle-timeout mismatch)
 *  reset_injected  a reset unlike the peer it claims to come from: a TTL unlike
 *                  that side's earlier packets, or arriving sooner after the
 *                  other side's packet than the path's round trip allows
 *  port_reuse      a new SYN on a 4-tuple whose connection is still open or
 *                  just closed, answered by a bare ACK or a RST (SNAT pressure)
 *  window_limited  a transfer that keeps filling the receiver's window
 *  path_change     a connection whose TTL or source MAC changes mid-capture
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules.h"
#include "detect_util.h"
#include "../flow.h"
#include "../tcp.h"

/* One group per destination service (and side, where it matters). */
struct svc_group {
	struct svc_key svc;
	uint8_t side;
	uint32_t flows;
	double a, b, c;           /* detector-specific aggregates */
	struct evidence ev;
};

static struct svc_group *svc_get(struct det_state *s, const struct obs_tcp_flow *of, int side)
{
	struct svc_group k;

	memset(&k, 0, sizeof(k));
	k.svc.dst = of->dst;
	k.svc.dport = of->dport;
	k.side = (uint8_t)side;
	return gt_get(&s->groups, &k, offsetof(struct svc_group, flows), 1);
}

/* Common start of a finding for group g. */
static void svc_finding(const struct det_state *s, const struct svc_group *g, struct finding *f,
			char *svc, size_t n)
{
	det_finding(s, &g->ev, f);
	svc_str(&g->svc, svc, n);
	snprintf(f->group, sizeof(f->group), "%s", svc);
}

static const char *side_name(int dir)
{
	return dir ? "the service" : "the client";
}

#define MAXG_PARAM { "max_groups", PARAM_COUNT, 16, 100000, 4096, "services kept per rule (then counted)" }

/* ================= reset_early ================= */

static const struct param_schema re_params[] = {
	{ "max_delay", PARAM_DURATION, 0, 3600, 1, "reset at most this long after the handshake" },
	{ "min_flows", PARAM_COUNT, 1, 1000000, 2, "connections reset that way" },
	MAXG_PARAM,
};

static void *re_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct svc_group), "max_delay", "min_flows", NULL);
}

static void re_on_obs(void *st, const struct obs *o)
{
	struct det_state *s = st;
	const struct flow *f = o->v.flow.flow;
	struct svc_group *g;

	if (o->type != OBS_TCP_FLOW || !f->rst_first.frame || f->rst_dir != 1 || !f->rst_established ||
	    (double)f->rst_after_est_ns > s->p1 * 1e9 || f->rst_data_before[1] > 0)
		return;
	/* a reset with a TTL unlike the service's own packets is not the
	 * service's: the injected-reset rule speaks for it */
	if (f->d[1].pkts > 1 && (f->rst_ttl > f->d[1].ttl_first + 1 || f->rst_ttl + 1 < f->d[1].ttl_first))
		return;
	if (!(g = svc_get(s, &o->v.flow, 1)))
		return;
	g->flows++;
	if ((double)f->rst_after_est_ns > g->a)
		g->a = (double)f->rst_after_est_ns;
	g->b += (double)f->rst_data_before[0];
	evidence_add_ev(&g->ev, f->synack_frame.capture, f->synack_frame.frame);
	evidence_add_ev(&g->ev, f->rst_first.capture, f->rst_first.frame);
	evidence_add_flow(&g->ev, o->uid);
}

static void re_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct det_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct svc_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80];

		if (!g || g->flows < s->p2)
			continue;
		svc_finding(s, g, &f, svc, sizeof(svc));
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point %s reset %u connection%s within %.3f s of completing the "
			 "handshake, before sending any data: the port accepts connections but something behind "
			 "it refuses them.",
			 svc, g->flows, g->flows == 1 ? "" : "s", g->a / 1e9);
		finding_add_metric(&f, "connections_reset_after_handshake", g->flows, ">=", s->p2, "");
		finding_add_metric(&f, "longest_handshake_to_reset", g->a / 1e9, "<=", s->p1, "s");
		finding_add_info(&f, "client_bytes_before_reset", g->b, "bytes");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

const struct detector_def detect_reset_early = {
	"reset_early", 3000, 3999, re_params, sizeof(re_params) / sizeof(re_params[0]),
	1u << OBS_TCP_FLOW, "dst_service",
	"The responder resets connections right after the handshake, before sending data",
	re_create, re_on_obs, re_finish, det_destroy
};

/* ================= reset_idle ================= */

static const struct param_schema ri_params[] = {
	{ "min_idle", PARAM_DURATION, 0.1, 86400, 5, "idle time before the reset" },
	{ "min_flows", PARAM_COUNT, 1, 1000000, 1, "connections reset that way" },
	MAXG_PARAM,
};

static void *ri_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct svc_group), "min_idle", "min_flows", NULL);
}

static void ri_on_obs(void *st, const struct obs *o)
{
	struct det_state *s = st;
	const struct flow *f = o->v.flow.flow;
	struct svc_group *g;

	if (o->type != OBS_TCP_FLOW || !f->rst_first.frame || !f->rst_established ||
	    (double)f->rst_idle_ns < s->p1 * 1e9)
		return;
	if (!(g = svc_get(s, &o->v.flow, 0)))
		return;
	g->flows++;
	if (!g->a || (double)f->rst_idle_ns < g->a)
		g->a = (double)f->rst_idle_ns;     /* shortest idle that ended in a reset */
	if ((double)f->rst_idle_ns > g->b)
		g->b = (double)f->rst_idle_ns;
	g->c += f->rst_dir == 1;
	evidence_add_ev(&g->ev, f->rst_idle_from.capture, f->rst_idle_from.frame);
	evidence_add_ev(&g->ev, f->rst_idle_to.capture, f->rst_idle_to.frame);
	evidence_add_ev(&g->ev, f->rst_first.capture, f->rst_first.frame);
	evidence_add_flow(&g->ev, o->uid);
}

static void ri_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct det_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct svc_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80];

		if (!g || g->flows < s->p2)
			continue;
		svc_finding(s, g, &f, svc, sizeof(svc));
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point %u connection%s to %s %s reset after sitting idle for %.1f-%.1f s "
			 "(%u reset by the service side, %u by the client side): a device on the path forgets idle "
			 "connections sooner than the endpoints do (idle-timeout mismatch).",
			 g->flows, g->flows == 1 ? "" : "s", svc, g->flows == 1 ? "was" : "were", g->a / 1e9,
			 g->b / 1e9, (unsigned)g->c, g->flows - (unsigned)g->c);
		finding_add_metric(&f, "shortest_idle_before_reset", g->a / 1e9, ">=", s->p1, "s");
		finding_add_metric(&f, "connections", g->flows, ">=", s->p2, "");
		finding_add_info(&f, "longest_idle_before_reset", g->b / 1e9, "s");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

const struct detector_def detect_reset_idle = {
	"reset_idle", 3000, 3999, ri_params, sizeof(ri_params) / sizeof(ri_params[0]),
	1u << OBS_TCP_FLOW, "dst_service",
	"Resets after an idle period longer than a threshold (idle-timeout mismatch)",
	ri_create, ri_on_obs, ri_finish, det_destroy
};

/* ================= reset_injected ================= */

static const struct param_schema rj_params[] = {
	{ "min_ttl_delta", PARAM_COUNT, 1, 255, 2, "TTL difference from that side's earlier packets" },
	{ "rtt_fraction", PARAM_PERCENT, 0, 100, 50,
	  "a reset sooner than this share of the initial RTT after the other side's packet cannot come from the far end" },
	MAXG_PARAM,
};

static void *rj_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct svc_group), "min_ttl_delta", "rtt_fraction", NULL);
}

static void rj_on_obs(void *st, const struct obs *o)
{
	struct det_state *s = st;
	const struct obs_tcp_flow *of = &o->v.flow;
	const struct flow *f = of->flow;
	const struct flow_dir *e;
	int ttl_odd, too_fast = 0, delta;
	struct svc_group *g;

	if (o->type != OBS_TCP_FLOW || !f->rst_first.frame)
		return;
	e = &f->d[f->rst_dir];
	/* the same side's packets before the reset set its usual TTL */
	if (e->pkts < 2)
		return;
	delta = (int)f->rst_ttl - (int)e->ttl_first;
	if (delta < 0)
		delta = -delta;
	ttl_odd = delta >= (int)s->p1;
	/* a reset from the far side must travel at least the half round trip
	 * from this point to that side and back: compare with the initial RTT
	 * half of that side, as seen here */
	if (of->tcp && of->tcp->irtt_ns > 0 && f->rst_since_peer_ns >= 0) {
		int64_t half = of->tcp->irtt_half[f->rst_dir == 1 ? 0 : 1];
		too_fast = half > 0 && (double)f->rst_since_peer_ns < (double)half * s->p2 / 100.0;
	}
	if (!ttl_odd && !too_fast)
		return;
	if (!(g = svc_get(s, of, f->rst_dir)))
		return;
	g->flows++;
	g->a += ttl_odd;
	g->b += too_fast;
	if (delta > g->c)
		g->c = delta;
	evidence_add_ev(&g->ev, e->first_capture, e->first_frame);
	evidence_add_ev(&g->ev, f->rst_first.capture, f->rst_first.frame);
	evidence_add_flow(&g->ev, o->uid);
}

static void rj_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct det_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct svc_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80];

		if (!g)
			continue;
		svc_finding(s, g, &f, svc, sizeof(svc));
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point %u reset%s on connections to %s claim to come from %s but do not "
			 "look like it: %u with a TTL %u hops away from that side's other packets, %u arriving "
			 "sooner than a packet from that side could: a middlebox on the path injects them.",
			 g->flows, g->flows == 1 ? "" : "s", svc, side_name(g->side), (unsigned)g->a, (unsigned)g->c,
			 (unsigned)g->b);
		finding_add_metric(&f, "ttl_difference", g->c, ">=", s->p1, "hops");
		finding_add_info(&f, "resets_too_fast_for_the_path", g->b, "");
		finding_add_info(&f, "resets", g->flows, "");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

const struct detector_def detect_reset_injected = {
	"reset_injected", 3000, 3999, rj_params, sizeof(rj_params) / sizeof(rj_params[0]),
	1u << OBS_TCP_FLOW, "dst_service, claimed_sender",
	"Resets whose TTL or timing do not fit the side they claim to come from",
	rj_create, rj_on_obs, rj_finish, det_destroy
};

/* ================= port_reuse ================= */

static const struct param_schema pr_params[] = {
	{ "min_flows", PARAM_COUNT, 1, 1000000, 1, "new connections on a busy 4-tuple not answered by a SYN-ACK" },
	MAXG_PARAM,
};

static void *pr_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct svc_group), "min_flows", NULL, NULL);
}

static void pr_on_obs(void *st, const struct obs *o)
{
	struct det_state *s = st;
	const struct flow *f = o->v.flow.flow;
	struct svc_group *g;

	if (o->type != OBS_TCP_FLOW || !f->reuse)
		return;
	/* a reused 4-tuple that connected normally is fine */
	if (f->synack_frame.frame && !f->challenge_ack.frame)
		return;
	if (!(g = svc_get(s, &o->v.flow, 0)))
		return;
	g->flows++;
	g->a += f->reuse == 1;                      /* previous still open */
	g->b += f->challenge_ack.frame != 0;
	g->c += f->rst_first.frame && f->rst_dir == 1;
	evidence_add_ev(&g->ev, f->syn_frames[0].capture, f->syn_frames[0].frame);
	if (f->challenge_ack.frame)
		evidence_add_ev(&g->ev, f->challenge_ack.capture, f->challenge_ack.frame);
	if (f->rst_first.frame)
		evidence_add_ev(&g->ev, f->rst_first.capture, f->rst_first.frame);
	evidence_add_flow(&g->ev, f->reuse_of);
	evidence_add_flow(&g->ev, o->uid);
}

static void pr_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct det_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct svc_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80];

		if (!g || g->flows < s->p1)
			continue;
		svc_finding(s, g, &f, svc, sizeof(svc));
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point %u new connection%s to %s reused the 4-tuple of a connection that "
			 "was %s; the service answered %u with a bare ACK (challenge ACK) and %u with a RST instead "
			 "of a SYN-ACK: source ports are being reused too soon (SNAT or client port exhaustion).",
			 g->flows, g->flows == 1 ? "" : "s", svc,
			 g->a == g->flows ? "still open" : g->a ? "still open or just closed" : "just closed",
			 (unsigned)g->b, (unsigned)g->c);
		finding_add_metric(&f, "reused_tuples_not_accepted", g->flows, ">=", s->p1, "");
		finding_add_info(&f, "previous_still_open", g->a, "");
		finding_add_info(&f, "challenge_acks", g->b, "");
		finding_add_info(&f, "resets", g->c, "");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

const struct detector_def detect_port_reuse = {
	"port_reuse", 3000, 3999, pr_params, sizeof(pr_params) / sizeof(pr_params[0]),
	1u << OBS_TCP_FLOW, "dst_service",
	"New SYNs on a 4-tuple still open or just closed, answered by an ACK or RST",
	pr_create, pr_on_obs, pr_finish, det_destroy
};

/* ================= window_limited ================= */

static const struct param_schema wl_params[] = {
	{ "min_full_pct", PARAM_PERCENT, 0.1, 100, 10, "share of data segments that filled the receiver's window" },
	{ "min_data_pkts", PARAM_COUNT, 10, 1e12, 50, "data segments the transfer needs" },
	MAXG_PARAM,
};

static void *wl_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct svc_group), "min_full_pct", "min_data_pkts", NULL);
}

static void wl_on_obs(void *st, const struct obs *o)
{
	struct det_state *s = st;
	const struct obs_tcp_flow *of = &o->v.flow;
	int dir;

	if (o->type != OBS_TCP_FLOW || !of->tcp)
		return;
	for (dir = 0; dir < 2; dir++) {
		const struct tcp_dir_stats *ts = &of->tcp->d[dir].st;
		struct svc_group *g;
		double pct;

		/* a receiver that stopped reading is the zero-window rule's story */
		if ((double)ts->data_pkts < s->p2 || of->tcp->d[!dir].st.zw_episodes)
			continue;
		pct = 100.0 * (double)ts->window_full / (double)ts->data_pkts;
		if (pct < s->p1)
			continue;
		if (!(g = svc_get(s, of, dir)))
			continue;
		g->flows++;
		g->a += (double)ts->window_full;
		g->b += (double)ts->data_pkts;
		for (unsigned k = 0; k < 4 && k < ts->window_full; k++)
			evidence_add_ev(&g->ev, ts->window_full_frames[k].capture, ts->window_full_frames[k].frame);
		evidence_add_flow(&g->ev, o->uid);
	}
}

static void wl_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct det_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct svc_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80];
		double pct;

		if (!g)
			continue;
		svc_finding(s, g, &f, svc, sizeof(svc));
		pct = 100.0 * g->a / g->b;
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point %.1f %% of the %.0f data segments %s sent on %u connection%s to %s "
			 "filled the receiver's advertised window: the receive window, not the network, limits the "
			 "throughput.",
			 pct, g->b, side_name(g->side), g->flows, g->flows == 1 ? "" : "s", svc);
		finding_add_metric(&f, "window_full_pct", pct, ">=", s->p1, "%");
		finding_add_info(&f, "window_full_segments", g->a, "");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

const struct detector_def detect_window_limited = {
	"window_limited", 3000, 3999, wl_params, sizeof(wl_params) / sizeof(wl_params[0]),
	1u << OBS_TCP_FLOW, "dst_service, sender",
	"Transfers that keep filling the receiver's advertised window",
	wl_create, wl_on_obs, wl_finish, det_destroy
};

/* ================= path_change ================= */

static const struct param_schema pc_params[] = {
	{ "max_changes", PARAM_COUNT, 1, 1000, 2, "more changes than this are flapping, not a path change" },
	MAXG_PARAM,
};

static void *pc_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct svc_group), "max_changes", NULL, NULL);
}

static void pc_on_obs(void *st, const struct obs *o)
{
	struct det_state *s = st;
	const struct flow *f = o->v.flow.flow;
	int dir;

	if (o->type != OBS_TCP_FLOW)
		return;
	for (dir = 0; dir < 2; dir++) {
		const struct flow_dir *e = &f->d[dir];
		const struct flow_dirx *x = &f->dx[dir];
		/* a change that stuck: the last value differs from the first, and
		 * it changed only a few times (not per-packet load balancing);
		 * a reset's own TTL does not count */
		int ttl = x->ttl_changes && x->ttl_changes <= s->p1 && e->ttl != e->ttl_first &&
			  !(f->rst_first.frame && f->rst_dir == dir && x->ttl_changes == 1);
		int mac = x->mac_changes && x->mac_changes <= s->p1;
		struct svc_group *g;

		if (!ttl && !mac)
			continue;
		if (!(g = svc_get(s, &o->v.flow, dir)))
			continue;
		g->flows++;
		g->a += ttl;
		g->b += mac;
		if (ttl) {
			int delta = (int)e->ttl - (int)e->ttl_first;
			if ((delta < 0 ? -delta : delta) > g->c)
				g->c = delta < 0 ? -delta : delta;
			evidence_add_ev(&g->ev, x->ttl_change_prev.capture, x->ttl_change_prev.frame);
			evidence_add_ev(&g->ev, x->ttl_change_frame.capture, x->ttl_change_frame.frame);
		}
		if (mac) {
			evidence_add_ev(&g->ev, x->mac_change_prev.capture, x->mac_change_prev.frame);
			evidence_add_ev(&g->ev, x->mac_change_frame.capture, x->mac_change_frame.frame);
		}
		evidence_add_flow(&g->ev, o->uid);
	}
}

static void pc_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct det_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct svc_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80];

		if (!g)
			continue;
		svc_finding(s, g, &f, svc, sizeof(svc));
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point the packets from %s on %u connection%s to %s changed path "
			 "mid-connection: %u changed TTL (by up to %u hops), %u changed source MAC (another "
			 "gateway).",
			 side_name(g->side), g->flows, g->flows == 1 ? "" : "s", svc, (unsigned)g->a,
			 (unsigned)g->c, (unsigned)g->b);
		finding_add_info(&f, "connections", g->flows, "");
		finding_add_info(&f, "ttl_changes", g->a, "");
		finding_add_info(&f, "max_ttl_delta", g->c, "hops");
		finding_add_info(&f, "mac_changes", g->b, "");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

const struct detector_def detect_path_change = {
	"path_change", 3000, 3999, pc_params, sizeof(pc_params) / sizeof(pc_params[0]),
	1u << OBS_TCP_FLOW, "dst_service, sender",
	"Connections whose TTL or source MAC changes mid-capture and stays changed",
	pc_create, pc_on_obs, pc_finish, det_destroy
};
