/*
 * detect_tcpflow.c - detectors over whole TCP connections (rule ids
 * 3000-3999), fed the sequence analysis of each connection when it ends
 * (OBS_TCP_FLOW) and the outcome of each connection attempt (OBS_TCP_ATTEMPT):
 *
 *  retrans_burst  the same segment retransmitted again and again with RTO
 *                 backoff, per destination service (one connection is enough)
 *  loss_rate      sustained retransmission rate per service and time window
 *  syn_flood      many attempts from many sources against one listener with a
 *                 low handshake completion, per service and time window
 *
 * State is bounded per rule (param.max_groups, then counted) and per group
 * (capped evidence with totals).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules.h"
#include "detect_util.h"
#include "../flow.h"
#include "../tcp.h"

static const char *const dir_words[2] = { "client-to-service", "service-to-client" };

/* ================= retrans_burst ================= */

static const struct param_schema rb_params[] = {
	{ "min_run", PARAM_COUNT, 2, 1000, 3,
	  "retransmissions of one and the same segment in a row" },
	{ "require_backoff", PARAM_COUNT, 0, 1, 1,
	  "1: the intervals between the copies must grow (RTO backoff)" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "services kept per rule (then counted)" },
};

struct rb_key {
	struct svc_key svc;
	uint8_t dir;              /* which way the retransmitted data went */
};

struct rb_group {
	struct rb_key k;
	uint32_t flows, max_run, max_seg;
	int64_t first_gap, last_gap;  /* of the longest run */
	struct evidence ev;
};

static void *rb_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct rb_group), "min_run", "require_backoff", NULL);
}

/* The peer acknowledged the run's segment by the connection's end (a
 * cumulative ACK at or past its end; absolute sequence numbers). */
static int rb_acked(const struct tcp_conn *c, int dir)
{
	const struct tcp_dir_stats *ts = &c->d[dir].st;
	uint32_t end = ts->run_seq + ts->run_seg_len, ack = c->d[!dir].lastack;

	return ack && (int32_t)(ack - end) >= 0;
}

/* The direction had acknowledged the peer's FIN: the peer had closed its
 * side when the run ended. */
static int rb_peer_closed(const struct flow *f, const struct tcp_conn *c, int dir)
{
	uint32_t ack = c->d[dir].lastack;

	return f->d[!dir].fin_seen && ack && (int32_t)(ack - (f->d[!dir].last_fin_seq + 1)) >= 0;
}

/*
 * RTO backoff of a run: every interval at least 1.5 times the one before
 * (tcp.c's run_backoff), or, for a segment never acknowledged until the
 * connection ended while the peer had not closed its side, intervals that
 * grew by 1.5 a step over all but one step (last >= first * 1.5^(n-2)):
 * Linux sends a tail loss probe before its first timeout, so its first two
 * intervals are both about 200 ms and only the later ones double (0.2, 0.2,
 * 0.4, 0.8, 1.6 s).  Data sent after the peer's FIN and never acknowledged
 * is a closing detail (a peer gone, state dropped at its FIN), not a stall.
 */
static int rb_backoff(const struct flow *f, const struct tcp_conn *c, int dir)
{
	const struct tcp_dir_stats *ts = &c->d[dir].st;

	if (ts->run_backoff)
		return 1;
	if (ts->run_len < 2 || ts->run_first_gap <= 0 || rb_acked(c, dir) || rb_peer_closed(f, c, dir))
		return 0;
	return (double)ts->run_last_gap >=
	       (double)ts->run_first_gap * pow(1.5, ts->run_len > 3 ? (double)ts->run_len - 2 : 1);
}

static void rb_on_obs(void *st, const struct obs *o)
{
	struct det_state *s = st;
	const struct obs_tcp_flow *of = &o->v.flow;
	int dir;

	if (o->type != OBS_TCP_FLOW || !of->tcp)
		return;
	for (dir = 0; dir < 2; dir++) {
		const struct tcp_dir_stats *ts = &of->tcp->d[dir].st;
		struct rb_key k;
		struct rb_group *g;
		unsigned i;

		if (ts->run_len < s->p1 || (s->p2 > 0 && !rb_backoff(of->flow, of->tcp, dir)))
			continue;
		memset(&k, 0, sizeof(k));
		k.svc.dst = of->dst;
		k.svc.dport = of->dport;
		k.dir = (uint8_t)dir;
		g = gt_get(&s->groups, &k, sizeof(k), 1);
		if (!g)
			continue;
		g->flows++;
		if (ts->run_len > g->max_run) {
			g->max_run = ts->run_len;
			g->max_seg = ts->run_seg_len;
			g->first_gap = ts->run_first_gap;
			g->last_gap = ts->run_last_gap;
		}
		for (i = 0; i < ts->nrun_frames; i++)
			evidence_add_ev(&g->ev, ts->run_frames[i].capture, ts->run_frames[i].frame);
		evidence_add_flow(&g->ev, o->uid);
	}
}

static void rb_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct det_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct rb_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80];

		if (!g)
			continue;
		det_finding(s, &g->ev, &f);
		svc_str(&g->k.svc, svc, sizeof(svc));
		snprintf(f.group, sizeof(f.group), "%s", svc);
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point, on %u connection%s to %s the same %u-byte %s segment was "
			 "sent %u times (%u retransmissions, intervals growing from %.3f s to %.3f s): the "
			 "receiver never acknowledged it, so the segment or its acknowledgements are lost "
			 "beyond this point.",
			 g->flows, g->flows == 1 ? "" : "s", svc, g->max_seg, dir_words[g->k.dir],
			 g->max_run + 1, g->max_run, (double)g->first_gap / 1e9, (double)g->last_gap / 1e9);
		finding_add_metric(&f, "retransmissions_of_one_segment", g->max_run, ">=", s->p1, "");
		finding_add_info(&f, "segment_bytes", g->max_seg, "bytes");
		finding_add_info(&f, "first_interval", (double)g->first_gap / 1e9, "s");
		finding_add_info(&f, "last_interval", (double)g->last_gap / 1e9, "s");
		finding_add_info(&f, "connections", g->flows, "");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

const struct detector_def detect_retrans_burst = {
	"retrans_burst", 3000, 3999, rb_params, sizeof(rb_params) / sizeof(rb_params[0]),
	1u << OBS_TCP_FLOW, "dst_service, direction",
	"The same segment retransmitted again and again with RTO backoff, per destination service and "
	"data direction",
	rb_create, rb_on_obs, rb_finish, det_destroy
};

/* ================= loss_rate ================= */

static const struct param_schema lr_params[] = {
	{ "min_loss_pct", PARAM_PERCENT, 0.01, 100, 0.5,
	  "retransmitted share of the data segments (spurious retransmissions excluded)" },
	{ "min_data_pkts", PARAM_COUNT, 10, 100000000, 200, "data segments a window needs" },
	{ "window", PARAM_DURATION, 1, 86400, 60, "time window (by connection start)" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "service windows kept per rule" },
};

struct lr_key {
	struct svc_key svc;
	int64_t win;
};

struct lr_group {
	struct lr_key k;
	uint64_t data, retrans, holes, flows;
	int64_t first_ts, last_ts;
	struct evidence ev;
};

static void *lr_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct lr_group), "min_loss_pct", "min_data_pkts", "window");
}

static void lr_on_obs(void *st, const struct obs *o)
{
	struct det_state *s = st;
	const struct obs_tcp_flow *of = &o->v.flow;
	const struct flow *fl = of->flow;
	struct lr_key k;
	struct lr_group *g;
	int dir;

	if (o->type != OBS_TCP_FLOW || !of->tcp)
		return;
	memset(&k, 0, sizeof(k));
	k.svc.dst = of->dst;
	k.svc.dport = of->dport;
	k.win = (int64_t)floor((double)fl->first_ts / (s->p3 * 1e9));
	g = gt_get(&s->groups, &k, sizeof(k), 1);
	if (!g)
		return;
	if (!g->flows || fl->first_ts < g->first_ts)
		g->first_ts = fl->first_ts;
	if (fl->last_ts > g->last_ts)
		g->last_ts = fl->last_ts;
	g->flows++;
	for (dir = 0; dir < 2; dir++) {
		const struct tcp_dir_stats *ts = &of->tcp->d[dir].st;
		g->data += ts->data_pkts;
		g->retrans += ts->retrans_pkts - ts->spurious;
		g->holes += ts->lost_segment;
		if (ts->retrans_pkts > ts->spurious && ts->first_retrans.frame)
			evidence_add_ev(&g->ev, ts->first_retrans.capture, ts->first_retrans.frame);
	}
	if (of->tcp->d[0].st.retrans_pkts + of->tcp->d[1].st.retrans_pkts >
	    of->tcp->d[0].st.spurious + of->tcp->d[1].st.spurious)
		evidence_add_flow(&g->ev, o->uid);
}

static void lr_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct det_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct lr_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80];
		double pct;

		if (!g || g->data < s->p2 || !g->data)
			continue;
		pct = 100.0 * (double)g->retrans / (double)g->data;
		if (pct < s->p1)
			continue;
		det_finding(s, &g->ev, &f);
		svc_str(&g->k.svc, svc, sizeof(svc));
		snprintf(f.group, sizeof(f.group), "%s", svc);
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point, %.2f %% of the data segments on %llu connection%s to %s were "
			 "retransmitted (%llu of %llu) over %.1f s; %s",
			 pct, (unsigned long long)g->flows, g->flows == 1 ? "" : "s", svc,
			 (unsigned long long)g->retrans, (unsigned long long)g->data,
			 (double)(g->last_ts - g->first_ts) / 1e9,
			 g->holes * 2 >= g->retrans
				 ? "holes were seen here before the retransmissions, so segments were lost before this capture point."
				 : "the original copies passed here, so segments (or their acknowledgements) were lost beyond this capture point.");
		finding_add_metric(&f, "retransmitted_pct", pct, ">=", s->p1, "%");
		finding_add_metric(&f, "data_segments", (double)g->data, ">=", s->p2, "");
		finding_add_info(&f, "retransmissions", (double)g->retrans, "");
		finding_add_info(&f, "holes_seen_here", (double)g->holes, "");
		finding_add_info(&f, "connections", (double)g->flows, "");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

const struct detector_def detect_loss_rate = {
	"loss_rate", 3000, 3999, lr_params, sizeof(lr_params) / sizeof(lr_params[0]),
	1u << OBS_TCP_FLOW, "dst_service, window",
	"Sustained share of retransmitted data segments per destination service and time window",
	lr_create, lr_on_obs, lr_finish, det_destroy
};

/* ================= syn_flood ================= */

static const struct param_schema sf_params[] = {
	{ "min_attempts", PARAM_COUNT, 10, 100000000, 100, "connection attempts in the window" },
	{ "min_rate", PARAM_COUNT, 1, 100000000, 20, "attempts per second over the window's span" },
	{ "max_completion_pct", PARAM_PERCENT, 0, 100, 50, "share of attempts that completed the handshake" },
	{ "min_sources", PARAM_COUNT, 1, 100000000, 10, "distinct source addresses" },
	{ "window", PARAM_DURATION, 1, 86400, 60, "time window (by first SYN)" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "service windows kept per rule" },
	{ "max_sources", PARAM_COUNT, 1024, 10000000, 262144, "distinct (service, source) pairs counted" },
};

struct sf_key {
	struct svc_key svc;
	int64_t win;
};

struct sf_group {
	struct sf_key k;
	uint64_t attempts, completed, refused, answered, sources, synack_retries;
	uint8_t sources_capped;
	int64_t first_ts, last_ts;
	struct evidence ev;
};

struct sf_pair {
	struct sf_key k;
	struct ip_addr src;
};

struct sf_state {
	const struct detect_ctx *ctx;
	double min_attempts, min_rate, max_completion, min_sources, window;
	struct gtable groups, pairs;
};

static void *sf_create(const struct detect_ctx *ctx)
{
	struct sf_state *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->ctx = ctx;
	s->min_attempts = rule_param(ctx->rule, "min_attempts");
	s->min_rate = rule_param(ctx->rule, "min_rate");
	s->max_completion = rule_param(ctx->rule, "max_completion_pct");
	s->min_sources = rule_param(ctx->rule, "min_sources");
	s->window = rule_param(ctx->rule, "window");
	if (gt_init(&s->groups, sizeof(struct sf_group), (size_t)rule_param(ctx->rule, "max_groups")) < 0) {
		free(s);
		return NULL;
	}
	if (gt_init(&s->pairs, sizeof(struct sf_pair), (size_t)rule_param(ctx->rule, "max_sources")) < 0) {
		gt_free(&s->groups);
		free(s);
		return NULL;
	}
	return s;
}

static void sf_on_obs(void *st, const struct obs *o)
{
	struct sf_state *s = st;
	const struct obs_attempt *a = &o->v.attempt;
	struct sf_key k;
	struct sf_pair pk;
	struct sf_group *g;
	uint64_t before;

	if (o->type != OBS_TCP_ATTEMPT)
		return;
	memset(&k, 0, sizeof(k));
	k.svc.dst = a->dst;
	k.svc.dport = a->dport;
	k.win = (int64_t)floor((double)a->first_syn_ts / (s->window * 1e9));
	g = gt_get(&s->groups, &k, sizeof(k), 1);
	if (!g)
		return;
	if (!g->attempts || a->first_syn_ts < g->first_ts)
		g->first_ts = a->first_syn_ts;
	if (a->first_syn_ts > g->last_ts)
		g->last_ts = a->first_syn_ts;
	g->attempts += a->attempts;
	g->completed += a->completed;
	g->answered += a->outcome == ATT_ANSWERED;
	g->refused += a->outcome == ATT_REFUSED_RST;
	if (a->synack_pkts > 1)
		g->synack_retries += a->synack_pkts - 1;
	memset(&pk, 0, sizeof(pk));
	pk.k = k;
	pk.src = a->src;
	before = s->pairs.n;
	if (gt_get(&s->pairs, &pk, sizeof(pk), 1) && s->pairs.n > before)
		g->sources++;
	else if (s->pairs.n == s->pairs.max)
		g->sources_capped = 1;
	if (!a->completed)
		evidence_add_ev(&g->ev, a->syn[0].capture, a->syn[0].frame);
	if (!a->completed)
		evidence_add_flow(&g->ev, o->uid);
}

static void sf_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct sf_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct sf_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80];
		double span, rate, pct;

		if (!g || g->attempts < s->min_attempts || g->sources < s->min_sources)
			continue;
		span = (double)(g->last_ts - g->first_ts) / 1e9;
		rate = span > 0 ? (double)g->attempts / span : (double)g->attempts;
		pct = 100.0 * (double)g->completed / (double)g->attempts;
		if (rate < s->min_rate || pct > s->max_completion)
			continue;
		finding_from_evidence(&f, &g->ev);
		f.rule = s->ctx->rule;
		f.severity = s->ctx->rule->severity;
		svc_str(&g->k.svc, svc, sizeof(svc));
		snprintf(f.group, sizeof(f.group), "%s", svc);
		snprintf(f.verdict, sizeof(f.verdict),
			 "At this capture point, %llu connection attempts from %s%llu distinct sources reached "
			 "%s in %.1f s (%.0f per second); only %llu (%.1f %%) completed the handshake, %llu got a "
			 "SYN-ACK%s.",
			 (unsigned long long)g->attempts, g->sources_capped ? "at least " : "",
			 (unsigned long long)g->sources, svc, span, rate, (unsigned long long)g->completed, pct,
			 (unsigned long long)g->answered,
			 g->answered > g->completed * 2 ? " (SYN cookies or a full backlog answering half-open)" : "");
		finding_add_metric(&f, "attempts", (double)g->attempts, ">=", s->min_attempts, "");
		finding_add_metric(&f, "attempts_per_second", rate, ">=", s->min_rate, "/s");
		finding_add_metric(&f, "completed_pct", pct, "<=", s->max_completion, "%");
		finding_add_metric(&f, "distinct_sources", (double)g->sources, ">=", s->min_sources, "");
		finding_add_info(&f, "answered_with_syn_ack", (double)g->answered, "");
		finding_add_info(&f, "syn_ack_retransmissions", (double)g->synack_retries, "");
		finding_add_info(&f, "refused_by_rst", (double)g->refused, "");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

static void sf_destroy(void *st)
{
	struct sf_state *s = st;
	gt_free(&s->groups);
	gt_free(&s->pairs);
	free(s);
}

const struct detector_def detect_syn_flood = {
	"syn_flood", 3000, 3999, sf_params, sizeof(sf_params) / sizeof(sf_params[0]),
	1u << OBS_TCP_ATTEMPT, "dst_service, window",
	"Many connection attempts from many sources against one listener with low handshake "
	"completion, per service and time window",
	sf_create, sf_on_obs, sf_finish, sf_destroy
};
