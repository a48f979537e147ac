/*
 * detect_path.c - what the capture point sees of the two directions of TCP
 * connections, and how the receiver's window behaves (rule ids 3000-3999):
 *
 *  asym_path          the two directions of connections take different paths
 *                     (SYN-ACKs without their SYNs, ACKs of a direction never
 *                     seen, forward and return on different interfaces)
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

enum asym_sig { SIG_SYNACK_ONLY = 0, SIG_ACK_BLIND, SIG_TWO_IFACES, SIG_COUNT };

struct path_group {
	struct svc_key svc;
	uint32_t flows, sig[SIG_COUNT];
	uint64_t acked_bytes;
	struct evidence ev;
};

static void *path_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct path_group), "min_flows", NULL, NULL);
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

static void asym_on_obs(void *st, const struct obs *o)
{
	struct det_state *s = st;
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
	for (i = 0; i < SIG_COUNT; i++)
		any |= sig[i];
	if (!any || !(g = path_group(s, of)))
		return;
	g->flows++;
	for (i = 0; i < SIG_COUNT; i++)
		g->sig[i] += (uint32_t)sig[i];
	if (sig[SIG_SYNACK_ONLY]) {
		evidence_add_ev(&g->ev, f->synack_frame.capture, f->synack_frame.frame);
		evidence_add_ev(&g->ev, f->d[1].last_capture, f->d[1].last_frame);
	}
	if (sig[SIG_ACK_BLIND]) {
		const struct flow_dirx *e = blind(f, 0) ? &f->dx[0] : &f->dx[1];
		evidence_add_ev(&g->ev, f->capture, f->first_frame);
		evidence_add_ev(&g->ev, e->ack_blind_frame.capture, e->ack_blind_frame.frame);
		evidence_add_ev(&g->ev, e->first_data.capture, e->first_data.frame);
		g->acked_bytes += blind_data_bytes(e);
	}
	if (sig[SIG_TWO_IFACES]) {
		evidence_add_ev(&g->ev, f->d[0].first_capture, f->d[0].first_frame);
		evidence_add_ev(&g->ev, f->d[1].first_capture, f->d[1].first_frame);
	}
	evidence_add_flow(&g->ev, o->uid);
}

static void asym_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct det_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct path_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80], how[400];
		size_t n = 0;

		if (!g || g->flows < s->p1)
			continue;
		det_finding(s, &g->ev, &f);
		svc_str(&g->svc, svc, sizeof(svc));
		snprintf(f.group, sizeof(f.group), "%s", svc);
		how[0] = 0;
		if (g->sig[SIG_SYNACK_ONLY])
			n += (size_t)snprintf(how + n, sizeof(how) - n, "%u SYN-ACK%s passed without %s SYN", g->sig[SIG_SYNACK_ONLY],
					      g->sig[SIG_SYNACK_ONLY] == 1 ? "" : "s", g->sig[SIG_SYNACK_ONLY] == 1 ? "its" : "their");
		if (g->sig[SIG_ACK_BLIND] && n < sizeof(how))
			n += (size_t)snprintf(how + n, sizeof(how) - n, "%s%u connection%s acknowledged packets of a direction never seen here",
					      n ? "; " : "", g->sig[SIG_ACK_BLIND], g->sig[SIG_ACK_BLIND] == 1 ? "" : "s");
		if (g->sig[SIG_TWO_IFACES] && n < sizeof(how))
			snprintf(how + n, sizeof(how) - n, "%s%u connection%s left on one interface and were answered on another",
				 n ? "; " : "", g->sig[SIG_TWO_IFACES], g->sig[SIG_TWO_IFACES] == 1 ? "" : "s");
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point the two directions of %u connection%s to %s take different "
			 "paths: %s.",
			 g->flows, g->flows == 1 ? "" : "s", svc, how);
		finding_add_metric(&f, "connections", g->flows, ">=", s->p1, "");
		finding_add_info(&f, "syn_ack_without_syn", g->sig[SIG_SYNACK_ONLY], "");
		finding_add_info(&f, "acks_of_unseen_direction", g->sig[SIG_ACK_BLIND], "");
		finding_add_info(&f, "answered_on_other_interface", g->sig[SIG_TWO_IFACES], "");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

const struct detector_def detect_asym_path = {
	"asym_path", 3000, 3999, path_params, sizeof(path_params) / sizeof(path_params[0]),
	1u << OBS_TCP_FLOW, "dst_service",
	"The two directions of connections take different paths at the capture point: SYN-ACKs "
	"without SYNs, acknowledgements of a direction never seen, answers on another interface",
	path_create, asym_on_obs, asym_finish, det_destroy
};

/* ---- one_sided ---- */

static const struct param_schema os_params[] = {
	{ "min_bytes", PARAM_COUNT, 1, 1e12, 1, "data bytes acknowledged but never seen" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "services kept per rule (then counted)" },
};

static void *os_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct path_group), "min_bytes", NULL, NULL);
}

static void os_on_obs(void *st, const struct obs *o)
{
	struct det_state *s = st;
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
		return;
	e = &f->d[dir];
	x = &f->dx[dir];
	bytes = blind_data_bytes(x);
	if (bytes < s->p1)
		return;
	memset(&k, 0, sizeof(k));
	k.dst = of->dst;
	k.dport = of->dport;
	g = gt_get(&s->groups, &k, sizeof(k), 1);
	if (!g)
		return;
	g->flows++;
	g->acked_bytes += bytes;
	evidence_add_ev(&g->ev, x->ack_blind_frame.capture, x->ack_blind_frame.frame);
	evidence_add_ev(&g->ev, e->last_capture, e->last_frame);
	evidence_add_flow(&g->ev, o->uid);
}

static void os_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct det_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct path_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80];

		if (!g)
			continue;
		det_finding(s, &g->ev, &f);
		svc_str(&g->svc, svc, sizeof(svc));
		snprintf(f.group, sizeof(f.group), "%s", svc);
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point %u connection%s to %s %s seen in one direction only, yet "
			 "%llu bytes of the other direction were acknowledged: this point is on one path "
			 "of an asymmetric route (or drops one direction).",
			 g->flows, g->flows == 1 ? "" : "s", svc, g->flows == 1 ? "is" : "are",
			 (unsigned long long)g->acked_bytes);
		finding_add_metric(&f, "acked_bytes_never_seen", (double)g->acked_bytes, ">=", s->p1, "bytes");
		finding_add_info(&f, "connections", g->flows, "");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

const struct detector_def detect_one_sided = {
	"one_sided", 3000, 3999, os_params, sizeof(os_params) / sizeof(os_params[0]),
	1u << OBS_TCP_FLOW, "dst_service",
	"Connections seen in one direction only whose ACKs prove data flowed the other way",
	os_create, os_on_obs, os_finish, det_destroy
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
