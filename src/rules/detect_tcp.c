/*
 * detect_tcp.c - detectors for TCP connection attempts (rule ids 3000-3999).
 *
 *  syn_unanswered      attempts that got no SYN-ACK, RST or ICMP error,
 *                      grouped by source prefix x destination service and
 *                      contrasted with the sources that did connect to it
 *  connection_refused  attempts answered by RST or by an ICMP error quoting
 *                      the SYN, grouped by destination service
 *
 * State is bounded: at most param.max_groups groups per rule (then counted
 * as groups_over_cap), and a capped evidence list per group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules.h"
#include "detect_util.h"

#define SVC_SOURCES_MAX 16     /* distinct answered source ranges remembered per service */

struct grp_key {
	struct ip_addr src_net;   /* masked */
	uint8_t src_len;
	struct svc_key svc;
};

/* The site health-check range a group stands for (its prefix is exactly
 * that range), or NULL for a default-prefix group. */
static const struct site_prefix *group_hc(const struct site *site, const struct grp_key *k)
{
	const struct site_prefix *hc = site_lookup(site, &k->src_net, SITE_HEALTHCHECK);
	struct ip_addr m;

	if (!hc || hc->len != k->src_len)
		return NULL;
	mask_addr(&hc->net, hc->len, &m);
	return memcmp(&m, &k->src_net, sizeof(m)) == 0 ? hc : NULL;
}

/* ================= syn_unanswered ================= */

static void gt_free_state(void *st, struct gtable *a, struct gtable *b)
{
	gt_free(a);
	if (b)
		gt_free(b);
	free(st);
}


static const struct param_schema su_params[] = {
	{ "min_attempts", PARAM_COUNT, 1, 1000000, 2,
	  "distinct unanswered attempts (4-tuple + ISN) a group needs" },
	{ "rto", PARAM_DURATION, 0, 120, 3,
	  "attempts started less than this before the capture ended are undecidable" },
	{ "src_prefix_v4", PARAM_PREFIXLEN, 8, 32, 24, "IPv4 source grouping prefix length" },
	{ "src_prefix_v6", PARAM_PREFIXLEN, 16, 128, 64, "IPv6 source grouping prefix length" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "groups kept per rule (then counted)" },
	{ "require_retry", PARAM_COUNT, 0, 1, 1,
	  "1: count only attempts whose SYN was retried (a real stack retries; spoofed SYNs and scanners do not)" },
};

struct su_group {
	struct grp_key k;
	uint32_t unanswered, undecidable, syn_pkts, single_syn;
	int64_t first_ts, last_ts;
	struct evidence ev;          /* evidence and flows accumulate here */
};

struct su_svc {
	struct svc_key k;
	uint32_t answered;
	struct ip_addr srcs[SVC_SOURCES_MAX];
	uint8_t src_len[SVC_SOURCES_MAX];
	unsigned nsrcs;
	uint32_t srcs_over;
};

struct su_state {
	const struct detect_ctx *ctx;
	double min_attempts, rto, require_retry;
	uint8_t len4, len6;
	struct gtable groups, svcs;
};

static void *su_create(const struct detect_ctx *ctx)
{
	struct su_state *s = calloc(1, sizeof(*s));
	size_t max;

	if (!s)
		return NULL;
	s->ctx = ctx;
	s->min_attempts = rule_param(ctx->rule, "min_attempts");
	s->rto = rule_param(ctx->rule, "rto");
	s->require_retry = rule_param(ctx->rule, "require_retry");
	s->len4 = (uint8_t)rule_param(ctx->rule, "src_prefix_v4");
	s->len6 = (uint8_t)rule_param(ctx->rule, "src_prefix_v6");
	max = (size_t)rule_param(ctx->rule, "max_groups");
	if (gt_init(&s->groups, sizeof(struct su_group), max) < 0 ||
	    gt_init(&s->svcs, sizeof(struct su_svc), max) < 0) {
		gt_free_state(s, &s->groups, &s->svcs);
		return NULL;
	}
	return s;
}

/* Source grouping: a site health-check range wins over the default prefix. */
static void su_source(const struct su_state *s, const struct ip_addr *src, struct ip_addr *net,
		      uint8_t *len)
{
	const struct site_prefix *hc = site_lookup(s->ctx->site, src, SITE_HEALTHCHECK);

	if (hc) {
		*net = hc->net;
		*len = hc->len;
		mask_addr(net, *len, net);
		return;
	}
	*len = src->v == 6 ? s->len6 : s->len4;
	mask_addr(src, *len, net);
}

static void su_answered(struct su_state *s, const struct obs_attempt *a, const struct grp_key *gk)
{
	struct su_svc *v = gt_get(&s->svcs, &gk->svc, sizeof(gk->svc), 1);
	unsigned i;

	if (!v)
		return;
	v->answered++;
	for (i = 0; i < v->nsrcs; i++)
		if (v->src_len[i] == gk->src_len && !memcmp(&v->srcs[i], &gk->src_net, sizeof(gk->src_net)))
			return;
	if (v->nsrcs < SVC_SOURCES_MAX) {
		v->srcs[v->nsrcs] = gk->src_net;
		v->src_len[v->nsrcs++] = gk->src_len;
	} else {
		v->srcs_over++;
	}
	(void)a;
}

static void su_on_obs(void *st, const struct obs *o)
{
	struct su_state *s = st;
	const struct obs_attempt *a = &o->v.attempt;
	struct grp_key gk;
	struct su_group *g;
	unsigned i;

	memset(&gk, 0, sizeof(gk));
	su_source(s, &a->src, &gk.src_net, &gk.src_len);
	gk.svc.dst = a->dst;
	gk.svc.dport = a->dport;
	if (a->outcome == ATT_ANSWERED) {
		su_answered(s, a, &gk);
		return;
	}
	if (a->outcome != ATT_UNANSWERED)
		return;
	g = gt_get(&s->groups, &gk, sizeof(gk), 1);
	if (!g)
		return;
	/* Undecidable: the capture ended before an answer could have come.  A
	 * retried SYN already proves the client waited out its own RTO. */
	if (a->at_eof && a->syn_pkts < 2 && (double)(a->capture_end_ts - a->first_syn_ts) < s->rto * 1e9) {
		g->undecidable += a->attempts;
		return;
	}
	if (s->require_retry > 0 && a->syn_pkts < 2) {
		/* given up at once: not how a real client's stack behaves */
		g->single_syn += a->attempts;
		return;
	}
	if (!g->unanswered || a->first_syn_ts < g->first_ts)
		g->first_ts = a->first_syn_ts;
	if (a->first_syn_ts > g->last_ts)
		g->last_ts = a->first_syn_ts;
	g->unanswered += a->attempts;
	g->syn_pkts += a->syn_pkts;
	for (i = 0; i < a->nsyn; i++)
		evidence_add_ev(&g->ev, a->syn[i].capture, a->syn[i].frame);
	/* frames beyond the first and latest SYN still count as evidence */
	if (a->syn_pkts > a->nsyn)
		g->ev.ev_total += a->syn_pkts - a->nsyn;
	evidence_add_flow(&g->ev, o->uid);
}

static void su_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct su_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct su_group *g = gt_at(&s->groups, i);
		struct su_svc *v;
		struct finding f;
		char src[64], svc[80];
		const struct site_prefix *hc;
		unsigned others = 0, j;

		if (!g || g->unanswered < s->min_attempts)
			continue;
		finding_from_evidence(&f, &g->ev);
		f.rule = s->ctx->rule;
		f.severity = s->ctx->rule->severity;
		prefix_str(&g->k.src_net, g->k.src_len, src, sizeof(src));
		svc_str(&g->k.svc, svc, sizeof(svc));
		hc = group_hc(s->ctx->site, &g->k);
		v = gt_get(&s->svcs, &g->k.svc, sizeof(g->k.svc), 0);
		if (v)
			for (j = 0; j < v->nsrcs; j++)
				if (v->src_len[j] != g->k.src_len ||
				    memcmp(&v->srcs[j], &g->k.src_net, sizeof(g->k.src_net)))
					others++;
		snprintf(f.group, sizeof(f.group), "%s%s%s%s -> %s", src, hc ? " (health checks: " : "",
			 hc ? hc->name : "", hc ? ")" : "", svc);
		if (v && v->answered && !others)
			snprintf(f.verdict, sizeof(f.verdict),
				 "At this capture point, %u connection attempt%s from %s to %s got no SYN-ACK "
				 "(%u SYN packets), while %u other attempt%s from the same source range %s answered.",
				 g->unanswered, g->unanswered == 1 ? "" : "s", src, svc, g->syn_pkts, v->answered,
				 v->answered == 1 ? "" : "s", v->answered == 1 ? "was" : "were");
		else if (v && v->answered)
			snprintf(f.verdict, sizeof(f.verdict),
				 "At this capture point, %u connection attempt%s from %s to %s got no SYN-ACK "
				 "(%u SYN packets), while %u attempt%s from %u%s other source range%s to the same "
				 "service %s answered.",
				 g->unanswered, g->unanswered == 1 ? "" : "s", src, svc, g->syn_pkts, v->answered,
				 v->answered == 1 ? "" : "s", others, v->srcs_over ? "+" : "", others == 1 ? "" : "s",
				 v->answered == 1 ? "was" : "were");
		else
			snprintf(f.verdict, sizeof(f.verdict),
				 "At this capture point, %u connection attempt%s from %s to %s got no SYN-ACK "
				 "(%u SYN packets), and no source connected to that service.",
				 g->unanswered, g->unanswered == 1 ? "" : "s", src, svc, g->syn_pkts);
		finding_add_metric(&f, "unanswered_attempts", g->unanswered, ">=", s->min_attempts, "");
		finding_add_info(&f, "syn_packets", g->syn_pkts, "");
		finding_add_info(&f, "answered_attempts_same_service", v ? v->answered : 0, "");
		finding_add_info(&f, "other_source_ranges_connecting", others, "");
		finding_add_info(&f, "span", (double)(g->last_ts - g->first_ts) / 1e9, "s");
		if (g->undecidable)
			finding_add_info(&f, "undecidable_attempts_at_capture_end", g->undecidable, "");
		if (g->single_syn)
			finding_add_info(&f, "attempts_never_retried", g->single_syn, "");
		if (!v || !v->answered)
			snprintf(f.extra_alternatives, sizeof(f.extra_alternatives),
				 "The service may be down or not listening on this port: no source connected to it "
				 "in this capture.");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

static void su_destroy(void *st)
{
	struct su_state *s = st;
	gt_free_state(s, &s->groups, &s->svcs);
}

const struct detector_def detect_syn_unanswered = {
	"syn_unanswered", 3000, 3999, su_params, sizeof(su_params) / sizeof(su_params[0]),
	1u << OBS_TCP_ATTEMPT, "src_prefix, dst_service",
	"Connection attempts that got no SYN-ACK (nor RST, nor ICMP error), counted as distinct "
	"attempts and grouped by source prefix x destination service",
	su_create, su_on_obs, su_finish, su_destroy
};

/* ================= connection_refused ================= */

static const struct param_schema cr_params[] = {
	{ "min_refusals", PARAM_COUNT, 1, 1000000, 2, "refused attempts a service needs" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "services kept per rule (then counted)" },
};

struct cr_group {
	struct svc_key k;
	uint32_t by_rst, by_icmp;
	struct ip_addr router;      /* first ICMP sender */
	uint8_t icmp_type, icmp_code;
	uint8_t router_set;
	uint32_t routers_other;     /* ICMP errors from other senders */
	struct evidence ev;
};

static void *cr_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct cr_group), "min_refusals", NULL, NULL);
}

static void cr_on_obs(void *st, const struct obs *o)
{
	struct det_state *s = st;
	const struct obs_attempt *a = &o->v.attempt;
	struct svc_key k;
	struct cr_group *g;

	if (a->outcome != ATT_REFUSED_RST && a->outcome != ATT_REFUSED_ICMP)
		return;
	memset(&k, 0, sizeof(k));
	k.dst = a->dst;
	k.dport = a->dport;
	g = gt_get(&s->groups, &k, sizeof(k), 1);
	if (!g)
		return;
	if (a->outcome == ATT_REFUSED_RST) {
		g->by_rst += a->attempts;
	} else {
		g->by_icmp += a->attempts;
		if (!g->router_set) {
			g->router = a->icmp_from;
			g->icmp_type = a->icmp_type;
			g->icmp_code = a->icmp_code;
			g->router_set = 1;
		} else if (memcmp(&g->router, &a->icmp_from, sizeof(g->router)) != 0) {
			g->routers_other++;
		}
	}
	evidence_add_ev(&g->ev, a->syn[0].capture, a->syn[0].frame);
	evidence_add_ev(&g->ev, a->answer.capture, a->answer.frame);
	evidence_add_flow(&g->ev, o->uid);
}

/* RFC 792 / RFC 1812 / RFC 4443 names for the unreachable codes. */
static const char *unreach_name(int v6, uint8_t type, uint8_t code)
{
	static const char *const v4[] = {
		"net unreachable", "host unreachable", "protocol unreachable", "port unreachable",
		"fragmentation needed", "source route failed", "destination network unknown",
		"destination host unknown", "source host isolated", "network administratively prohibited",
		"host administratively prohibited", "network unreachable for TOS",
		"host unreachable for TOS", "communication administratively prohibited",
		"host precedence violation", "precedence cutoff in effect"
	};
	static const char *const v6n[] = {
		"no route to destination", "communication administratively prohibited",
		"beyond scope of source address", "address unreachable", "port unreachable",
		"source address failed ingress/egress policy", "reject route to destination"
	};

	if (!v6 && type == 3 && code < sizeof(v4) / sizeof(v4[0]))
		return v4[code];
	if (v6 && type == 1 && code < sizeof(v6n) / sizeof(v6n[0]))
		return v6n[code];
	if ((!v6 && type == 11) || (v6 && type == 3))
		return "time exceeded";
	if (v6 && type == 2)
		return "packet too big";
	return "error";
}

static void cr_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct det_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct cr_group *g = gt_at(&s->groups, i);
		struct finding f;
		char svc[80], router[64], icmp[200] = "";
		uint32_t total;

		if (!g)
			continue;
		total = g->by_rst + g->by_icmp;
		if (total < s->p1)
			continue;
		finding_from_evidence(&f, &g->ev);
		f.rule = s->ctx->rule;
		f.severity = s->ctx->rule->severity;
		svc_str(&g->k, svc, sizeof(svc));
		snprintf(f.group, sizeof(f.group), "-> %s", svc);
		if (g->by_icmp) {
			ip_addr_str(&g->router, router, sizeof(router));
			snprintf(icmp, sizeof(icmp), "%s%u by ICMP %s (type %u code %u) from %s%s",
				 g->by_rst ? ", " : "", g->by_icmp, unreach_name(g->k.dst.v == 6, g->icmp_type, g->icmp_code),
				 g->icmp_type, g->icmp_code, router, g->routers_other ? " and other senders" : "");
		}
		{
			char parts[300];
			if (g->by_rst)
				snprintf(parts, sizeof(parts), "%u answered by RST from the destination%s", g->by_rst,
					 icmp);
			else
				snprintf(parts, sizeof(parts), "%s", icmp);
			snprintf(f.verdict, sizeof(f.verdict),
				 "At this capture point, %u connection attempt%s to %s %s refused: %s.", total,
				 total == 1 ? "" : "s", svc, total == 1 ? "was" : "were", parts);
		}
		finding_add_metric(&f, "refused_attempts", total, ">=", s->p1, "");
		finding_add_info(&f, "refused_by_rst", g->by_rst, "");
		finding_add_info(&f, "refused_by_icmp", g->by_icmp, "");
		if (g->by_icmp)
			snprintf(f.extra_alternatives, sizeof(f.extra_alternatives),
				 "The ICMP error may come from a firewall or router acting for the destination; "
				 "the sender address says which device answered.");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

const struct detector_def detect_connection_refused = {
	"connection_refused", 3000, 3999, cr_params, sizeof(cr_params) / sizeof(cr_params[0]),
	1u << OBS_TCP_ATTEMPT, "dst_service",
	"Connection attempts refused by RST or by an ICMP error quoting the SYN, grouped by destination "
	"service",
	cr_create, cr_on_obs, cr_finish, det_destroy
};
