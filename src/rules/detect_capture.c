/*
 * detect_capture.c - capture quality (rule ids 1000-1999): trust the
 * evidence first.
 *
 *  capture_drops  receivers acknowledged data this capture point never saw:
 *                 the capture (not the network) dropped those packets.  The
 *                 difference matters: a hole the receiver duplicate-ACKs is
 *                 loss before the capture point; a hole it acknowledges past
 *                 was only missed by the capture.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules.h"
#include "../flow.h"
#include "../tcp.h"
#include "../preflight.h"

static const struct param_schema cd_params[] = {
	{ "min_bytes", PARAM_COUNT, 1, 1e15, 1, "bytes acknowledged but never captured" },
	{ "min_events", PARAM_COUNT, 1, 1e9, 2, "ACKs past data never captured" },
};

struct cd_state {
	const struct detect_ctx *ctx;
	double min_bytes, min_events;
	uint64_t events, bytes, flows, payload;
	struct evidence ev;
};

static void *cd_create(const struct detect_ctx *ctx)
{
	struct cd_state *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->ctx = ctx;
	s->min_bytes = rule_param(ctx->rule, "min_bytes");
	s->min_events = rule_param(ctx->rule, "min_events");
	return s;
}

static void cd_on_obs(void *st, const struct obs *o)
{
	struct cd_state *s = st;
	const struct obs_tcp_flow *of = &o->v.flow;
	uint64_t ev = 0;
	int dir;
	unsigned k;

	if (o->type != OBS_TCP_FLOW || !of->tcp)
		return;
	for (dir = 0; dir < 2; dir++) {
		const struct tcp_dir_stats *ts = &of->tcp->d[dir].st;
		s->payload += ts->data_bytes;
		/* a connection first seen mid-stream acknowledges data from before
		 * the capture began, and a challenge ACK on a reused 4-tuple the
		 * old connection's data: neither is a drop */
		if (!ts->acked_unseen || !of->flow->syn_pkts || of->flow->reuse)
			continue;
		ev += ts->acked_unseen;
		for (k = 0; k < 4 && k < ts->acked_unseen; k++)
			evidence_add_ev(&s->ev, ts->acked_unseen_frames[k].capture, ts->acked_unseen_frames[k].frame);
	}
	if (ev) {
		/* the bytes: the data sender's content gaps, at most what the
		 * ACKs jumped over (the same sum as the preflight check) */
		s->bytes += preflight_unseen_bytes(of->flow);
		s->events += ev;
		s->flows++;
		evidence_add_flow(&s->ev, o->uid);
	}
}

static void cd_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct cd_state *s = st;
	struct finding f;
	double pct;

	(void)end_ts;
	if ((double)s->events < s->min_events || (double)s->bytes < s->min_bytes)
		return;
	pct = s->payload + s->bytes ? 100.0 * (double)s->bytes / (double)(s->payload + s->bytes) : 0;
	finding_from_evidence(&f, &s->ev);
	f.rule = s->ctx->rule;
	f.severity = s->ctx->rule->severity;
	snprintf(f.group, sizeof(f.group), "the capture");
	snprintf(f.verdict, sizeof(f.verdict),
		 "This capture point missed at least %llu bytes (%.2f %% of the TCP payload) that the "
		 "receivers acknowledged, in %llu places on %llu connection%s: the capture dropped those "
		 "packets, not the network. Judge loss verdicts on these connections with that in mind.",
		 (unsigned long long)s->bytes, pct, (unsigned long long)s->events,
		 (unsigned long long)s->flows, s->flows == 1 ? "" : "s");
	finding_add_metric(&f, "acked_unseen_events", (double)s->events, ">=", s->min_events, "");
	finding_add_metric(&f, "acked_unseen_bytes", (double)s->bytes, ">=", s->min_bytes, "bytes");
	finding_add_info(&f, "share_of_tcp_payload", pct, "%");
	findings_add(out, &f);
}

static void cd_destroy(void *st)
{
	free(st);
}

const struct detector_def detect_capture_drops = {
	"capture_drops", 1000, 1999, cd_params, sizeof(cd_params) / sizeof(cd_params[0]),
	1u << OBS_TCP_FLOW, "capture",
	"Data acknowledged by the receivers that the capture point never saw: capture drops",
	cd_create, cd_on_obs, cd_finish, cd_destroy
};
