/*
 * detect_cross.c - cross-layer verdicts (rule ids 9000-9999): one incident
 * whose proof spans layers, reported once instead of as separate symptoms.
 *
 *  tls_black_hole  a TLS handshake stalls at the server's first flight
 *                  (ServerHello, Certificate, ...) on a connection that shows
 *                  the path MTU black hole in the server's direction: the
 *                  certificate chain is the first thing big enough to need
 *                  full-size segments, so "TLS is broken" and "large requests
 *                  time out" are the same MTU problem (DESIGN.md §4)
 *
 * TLS is recognised by nDPI's classification or, with nDPI off, by the
 * client's first bytes having the shape of a TLS handshake record; no TLS
 * parsing happens here (that is the TLS analysis's).  Fed by OBS_TCP_FLOW.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules.h"
#include "detect_util.h"
#include "detect_mtu.h"

static const struct param_schema tb_params[] = {
	{ "min_retrans", PARAM_COUNT, 1, 1000, 3, "retransmissions of the same large segment" },
	{ "require_backoff", PARAM_COUNT, 0, 1, 1, "1: the retransmission intervals must grow" },
	{ "min_segment", PARAM_COUNT, 1, 65535, 576, "smallest segment size counted as large (bytes)" },
	{ "min_dup_acks", PARAM_COUNT, 1, 1000, 2, "receiver side: duplicate ACKs for the hole" },
	{ "max_flight", PARAM_COUNT, 1000, 1000000, 32768,
	  "the stall must lie within this many bytes of the server's first data" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "services kept per rule (then counted)" },
};

struct tb_group {
	struct svc_key svc;
	uint32_t flows;
	uint32_t failing, acked, retrans, offset, mss;
	uint8_t receiver_side;
	char app[48];
	char client[48];
	struct evidence ev;
};

static void *tb_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct tb_group), "min_retrans", "min_segment", "max_flight");
}

static int is_tls(const struct obs_tcp_flow *of)
{
	return strstr(of->app, "TLS") != NULL || of->flow->dx[0].first_data_tls;
}

static void tb_on_obs(void *vs, const struct obs *o)
{
	struct det_state *st = vs;
	const struct obs_tcp_flow *of = &o->v.flow;
	const struct flow *f = of->flow;
	const struct tcp_conn *t = of->tcp;
	const struct tcp_dir *srv;
	struct bh_params p;
	struct tb_group *g;
	struct svc_key k;
	uint32_t at;
	int sig;

	if (o->type != OBS_TCP_FLOW || !t || !is_tls(of))
		return;
	pmtud_params(st->ctx->rule, &p);
	/* the server's direction: responder -> originator */
	sig = pmtud_black_hole_dir(f, t, 1, &p);
	if (!sig || !f->dx[0].first_data.frame || !f->d[1].data_start)
		return;
	srv = &t->d[1];
	/* where the server's data stopped getting through, from its first byte */
	at = sig == 1 ? srv->st.run_seq - f->d[1].data_start
		      : (t->d[0].lastack ? t->d[0].lastack - f->d[1].data_start : 0);
	if (at > st->p3)
		return;
	memset(&k, 0, sizeof(k));
	k.dst = of->dst;
	k.dport = of->dport;
	g = gt_get(&st->groups, &k, sizeof(k), 1);
	if (!g)
		return;
	if (!g->flows) {
		g->receiver_side = sig == 2;
		g->failing = srv->st.run_seg_len;
		g->acked = sig == 1 ? srv->st.max_acked_seg : srv->st.max_seg;
		g->retrans = srv->st.run_len;
		g->offset = at;
		g->mss = t->d[0].mss;
		snprintf(g->app, sizeof(g->app), "%s", of->app[0] ? of->app : "TLS");
		ip_addr_str(&of->src, g->client, sizeof(g->client));
	}
	g->flows++;
	/* the client's first flight (ClientHello), then the server's stuck one */
	evidence_add_ev(&g->ev, f->dx[0].first_data.capture, f->dx[0].first_data.frame);
	if (sig == 1) {
		unsigned i;
		for (i = 0; i < srv->st.nrun_frames && i < TCP_RUN_FRAMES; i++)
			evidence_add_ev(&g->ev, srv->st.run_frames[i].capture, srv->st.run_frames[i].frame);
	} else {
		evidence_add_ev(&g->ev, srv->st.first_lost.capture, srv->st.first_lost.frame);
	}
	evidence_add_flow(&g->ev, o->uid);
}

static void tb_finish(void *vs, int64_t end_ts, struct findings *out)
{
	struct det_state *st = vs;
	size_t i;

	(void)end_ts;
	for (i = 0; i < st->groups.cap; i++) {
		struct tb_group *g = gt_at(&st->groups, i);
		struct finding f;
		char svc[80];

		if (!g)
			continue;
		det_finding(st, &g->ev, &f);
		svc_str(&g->svc, svc, sizeof(svc));
		snprintf(f.group, sizeof(f.group), "%s", svc);
		if (!g->receiver_side) {
			char where[48];
			if (g->offset)
				snprintf(where, sizeof(where), "%u bytes into that flight", g->offset);
			else
				snprintf(where, sizeof(where), "at the start of that flight");
			snprintf(f.verdict, sizeof(f.verdict),
				 "At this capture point the %s handshake from %s to %s stalled at the server's "
				 "first flight (ServerHello, Certificate): its %u-byte segment %s was "
				 "retransmitted %u times with growing timeouts and never acknowledged, while "
				 "segments up to %u bytes were, and no ICMP came back. One incident: a path MTU "
				 "black hole, which TLS meets first because the certificate chain needs full-size "
				 "segments.",
				 g->app, g->client, svc, g->failing, where, g->retrans, g->acked);
		} else
			snprintf(f.verdict, sizeof(f.verdict),
				 "At this capture point (next to the client) the %s handshake from %s to %s "
				 "stalled at the server's first flight (ServerHello, Certificate): the client "
				 "got %u bytes of it and never the rest, no segment larger than %u bytes arrived "
				 "although its MSS allows %u. One incident: a path MTU black hole between the "
				 "server and this point, which TLS meets first because the certificate chain "
				 "needs full-size segments.",
				 g->app, g->client, svc, g->offset, g->acked, g->mss);
		finding_add_metric(&f, "stall_offset_in_server_flight", g->offset, "<=", st->p3, "bytes");
		if (!g->receiver_side)
			finding_add_metric(&f, "retransmissions_of_large_segment", g->retrans, ">=", st->p1, "");
		finding_add_info(&f, "largest_acknowledged_segment", g->acked, "bytes");
		finding_add_info(&f, "failing_segment", g->failing, "bytes");
		finding_add_info(&f, "connections", g->flows, "");
		findings_add(out, &f);
	}
	over_cap_finding(st->ctx, &st->groups, out);
}

const struct detector_def detect_tls_black_hole = {
	"tls_black_hole", 9000, 9999, tb_params, sizeof(tb_params) / sizeof(tb_params[0]),
	1u << OBS_TCP_FLOW, "dst_service",
	"A TLS handshake (nDPI, or the client's first bytes) stalls at the server's first flight on "
	"a connection with the path MTU black-hole signature in the server's direction",
	tb_create, tb_on_obs, tb_finish, det_destroy
};
