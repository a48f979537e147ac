/*
 * detect_tcp.c - detectors for TCP connection attempts (rule ids 3000-3999).
 *
 *  syn_unanswered      attempts that got no SYN-ACK, RST or ICMP error,
 *                      grouped by source prefix x destination service and
 *                      contrasted with the sources that did connect to it;
 *                      a group too small for that verdict still gives one
 *                      finding when one of its connections retried its SYN
 *                      long enough (one reproduced failure is an incident)
 *  synack_lost         the responder's SYN-ACK passed this capture point but
 *                      the originator kept retransmitting its SYN and never
 *                      completed the handshake: the SYN-ACK is lost beyond
 *                      this point, per service
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
#include "../flow.h"

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
	{ "single_min_retries", PARAM_COUNT, 1, 100, 2,
	  "SYN retries one connection needs to be a finding on its own (group below min_attempts)" },
	{ "single_min_wait", PARAM_DURATION, 0, 120, 1.8,
	  "and the time from its first to its latest SYN" },
	{ "single_high_retries", PARAM_COUNT, 1, 100, 3,
	  "from this many retries (or single_high_wait) the finding has the rule's severity, else medium" },
	{ "single_high_wait", PARAM_DURATION, 0, 600, 6,
	  "from this wait (or single_high_retries) the finding has the rule's severity, else medium" },
};

/* The connection of a group that waited longest for an answer to its SYN. */
struct su_single {
	struct ip_addr src;
	uint16_t sport;
	uint32_t retries;          /* SYN packets - 1 */
	int64_t wait_ns;           /* first to latest SYN */
	uint64_t first_frame;      /* tie-break: the earlier connection */
	uint32_t capture;
};

struct su_group {
	struct grp_key k;
	uint32_t unanswered, undecidable, syn_pkts, single_syn;
	int64_t first_ts, last_ts;
	uint32_t singles;            /* connections that qualify on their own */
	struct su_single best;       /* the one that retried most (then waited longest) */
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
	double single_retries, single_wait, high_retries, high_wait;
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
	s->single_retries = rule_param(ctx->rule, "single_min_retries");
	s->single_wait = rule_param(ctx->rule, "single_min_wait");
	s->high_retries = rule_param(ctx->rule, "single_high_retries");
	s->high_wait = rule_param(ctx->rule, "single_high_wait");
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

/* The group of an attempt from src to dst:dport. */
static void su_key(const struct su_state *s, const struct ip_addr *src, const struct ip_addr *dst,
		   uint16_t dport, struct grp_key *gk)
{
	memset(gk, 0, sizeof(*gk));
	su_source(s, src, &gk->src_net, &gk->src_len);
	gk->svc.dst = *dst;
	gk->svc.dport = dport;
}

static void su_on_attempt(struct su_state *s, const struct obs *o)
{
	const struct obs_attempt *a = &o->v.attempt;
	struct grp_key gk;
	struct su_group *g;
	unsigned i;

	su_key(s, &a->src, &a->dst, a->dport, &gk);
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

/* Does candidate c beat the group's best single connection?  More retries,
 * then the longer wait, then the earlier connection (order-independent). */
static int su_better(const struct su_single *c, const struct su_single *b, uint32_t have)
{
	if (!have)
		return 1;
	if (c->retries != b->retries)
		return c->retries > b->retries;
	if (c->wait_ns != b->wait_ns)
		return c->wait_ns > b->wait_ns;
	if (c->capture != b->capture)
		return c->capture < b->capture;
	return c->first_frame < b->first_frame;
}

/*
 * One connection on its own: its SYN retried at least single_min_retries
 * times over at least single_min_wait, and nothing at all came back (no
 * SYN-ACK, RST, ICMP error, nor any other packet).  The latest SYN's time is
 * the originator's latest packet when it sent nothing but SYNs; a connection
 * that sent anything else, or carried several attempts (ISNs), is left to
 * the grouped verdict.
 */
static void su_on_flow(struct su_state *s, const struct obs *o)
{
	const struct obs_tcp_flow *of = &o->v.flow;
	const struct flow *f = of->flow;
	struct su_single c;
	struct grp_key gk;
	struct su_group *g;

	if (!f || !f->syn_pkts || f->attempts > 1 || f->d[0].pkts != f->syn_pkts || f->d[1].pkts ||
	    f->synack_frame.frame || f->rst_frame.frame || f->icmp_frame.frame)
		return;
	memset(&c, 0, sizeof(c));
	c.retries = f->syn_pkts - 1;
	c.wait_ns = f->last_ts_dir[0] - f->first_syn_ts;
	if (c.retries < s->single_retries || (double)c.wait_ns < s->single_wait * 1e9)
		return;
	c.src = of->src;
	c.sport = of->sport;
	c.capture = f->syn_frames[0].capture;
	c.first_frame = f->syn_frames[0].frame;
	su_key(s, &of->src, &of->dst, of->dport, &gk);
	g = gt_get(&s->groups, &gk, sizeof(gk), 1);
	if (!g)
		return;
	if (su_better(&c, &g->best, g->singles))
		g->best = c;
	g->singles++;
}

static void su_on_obs(void *st, const struct obs *o)
{
	if (o->type == OBS_TCP_ATTEMPT)
		su_on_attempt(st, o);
	else if (o->type == OBS_TCP_FLOW)
		su_on_flow(st, o);
}

/*
 * A group below min_attempts whose connection(s) retried long enough on
 * their own: one finding naming the connection that waited most.  Severity
 * by the evidence: the rule's (high) from single_high_retries retries or
 * single_high_wait waited, else medium (never above the rule's).
 */
static void su_single_finding(const struct su_state *s, const struct su_group *g, const struct su_svc *v,
			      unsigned others, struct findings *out)
{
	const struct su_single *b = &g->best;
	const struct site_prefix *hc;
	struct finding f;
	char src[80], svc[80], more[200] = "", tail[120];
	double wait = (double)b->wait_ns / 1e9;
	enum severity sev = s->ctx->rule->severity;

	if (!(b->retries >= s->high_retries || wait >= s->high_wait) && sev > SEV_MEDIUM)
		sev = SEV_MEDIUM;
	finding_from_evidence(&f, &g->ev);
	f.rule = s->ctx->rule;
	f.severity = sev;
	endpoint_str(&b->src, b->sport, src, sizeof(src));
	svc_str(&g->k.svc, svc, sizeof(svc));
	hc = group_hc(s->ctx->site, &g->k);
	snprintf(f.group, sizeof(f.group), "%s%s%s%s -> %s", src, hc ? " (health checks: " : "",
		 hc ? hc->name : "", hc ? ")" : "", svc);
	if (g->unanswered > 1)
		snprintf(more, sizeof(more), " %u other attempt%s from the same source range got no answer either.",
			 g->unanswered - 1, g->unanswered == 2 ? "" : "s");
	if (v && v->answered)
		snprintf(tail, sizeof(tail), ", while %u other attempt%s to the same service %s answered.",
			 v->answered, v->answered == 1 ? "" : "s", v->answered == 1 ? "was" : "were");
	else
		snprintf(tail, sizeof(tail), "; no source connected to that service.");
	snprintf(f.verdict, sizeof(f.verdict),
		 "At this capture point, the connection from %s to %s sent its SYN %u times over %.1f s "
		 "(%u retries) and got no SYN-ACK, RST or ICMP error%s%s",
		 src, svc, b->retries + 1, wait, b->retries, tail, more);
	finding_add_metric(&f, "syn_retries", b->retries, ">=", s->single_retries, "");
	finding_add_metric(&f, "syn_wait", wait, ">=", s->single_wait, "s");
	finding_add_info(&f, "unanswered_attempts", g->unanswered, "");
	finding_add_info(&f, "syn_packets", g->syn_pkts, "");
	finding_add_info(&f, "answered_attempts_same_service", v ? v->answered : 0, "");
	finding_add_info(&f, "other_source_ranges_connecting", others, "");
	if (g->undecidable)
		finding_add_info(&f, "undecidable_attempts_at_capture_end", g->undecidable, "");
	if (g->single_syn)
		finding_add_info(&f, "attempts_never_retried", g->single_syn, "");
	snprintf(f.extra_alternatives, sizeof(f.extra_alternatives),
		 "%sOne connection is one sample: repeat the attempt (curl, nc -vz) to see whether every "
		 "connection to the service fails or only some (a loaded listener, one of several backends).",
		 v && v->answered ? "" : "The service may be down or not listening on this port: no source "
					  "connected to it in this capture. ");
	findings_add(out, &f);
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

		if (!g || (g->unanswered < s->min_attempts && !g->singles))
			continue;
		v = gt_get(&s->svcs, &g->k.svc, sizeof(g->k.svc), 0);
		if (v)
			for (j = 0; j < v->nsrcs; j++)
				if (v->src_len[j] != g->k.src_len ||
				    memcmp(&v->srcs[j], &g->k.src_net, sizeof(g->k.src_net)))
					others++;
		if (g->unanswered < s->min_attempts) {
			/* too few for the grouped verdict: one connection speaks for itself */
			su_single_finding(s, g, v, others, out);
			continue;
		}
		finding_from_evidence(&f, &g->ev);
		f.rule = s->ctx->rule;
		f.severity = s->ctx->rule->severity;
		prefix_str(&g->k.src_net, g->k.src_len, src, sizeof(src));
		svc_str(&g->k.svc, svc, sizeof(svc));
		hc = group_hc(s->ctx->site, &g->k);
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
	(1u << OBS_TCP_ATTEMPT) | (1u << OBS_TCP_FLOW), "src_prefix, dst_service",
	"Connection attempts that got no SYN-ACK (nor RST, nor ICMP error), counted as distinct "
	"attempts and grouped by source prefix x destination service; below min_attempts, one "
	"connection whose SYN was retried long enough on its own",
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

/* ================= synack_lost ================= */

static const struct param_schema sl_params[] = {
	{ "min_syn_after", PARAM_COUNT, 1, 1000, 2,
	  "SYN retransmissions the originator sent after the first SYN-ACK seen here" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "services kept per rule (then counted)" },
};

struct sl_conn {
	struct ip_addr src;
	uint16_t sport;
	uint32_t syn_after, syn_pkts, synack_pkts;
	uint8_t at_least;
	struct frame_ref first;      /* its first SYN: tie-break */
};

struct sl_group {
	struct svc_key k;
	uint32_t flows, synacks;
	struct sl_conn worst;        /* the connection with the most SYNs after the SYN-ACK */
	struct evidence ev;
};

static void *sl_create(const struct detect_ctx *ctx)
{
	return det_create(ctx, sizeof(struct sl_group), "min_syn_after", NULL, NULL);
}

/*
 * How many of the attempt's SYNs came after its first SYN-ACK.  The attempt
 * keeps its first three SYN frames and the latest: once one of the first
 * three is later than the SYN-ACK, every SYN from it on is; when only the
 * latest is, at least that one is (*at_least set).
 */
static uint32_t syns_after_synack(const struct obs_attempt *a, uint8_t *at_least)
{
	unsigned kept = a->syn_pkts < a->nsyn ? a->syn_pkts : a->nsyn, j;

	*at_least = 0;
	if (a->syn_pkts > a->nsyn && kept)
		kept--;                 /* the last slot is the latest SYN */
	for (j = 0; j < kept; j++)
		if (frame_ref_after(&a->syn[j], &a->answer))
			return a->syn_pkts - j;
	if (a->nsyn > kept && frame_ref_after(&a->syn[a->nsyn - 1], &a->answer)) {
		*at_least = 1;
		return 1;
	}
	return 0;
}

static int sl_worse(const struct sl_conn *c, const struct sl_conn *w, uint32_t have)
{
	if (!have)
		return 1;
	if (c->syn_after != w->syn_after)
		return c->syn_after > w->syn_after;
	return frame_ref_after(&w->first, &c->first);
}

static void sl_on_obs(void *st, const struct obs *o)
{
	struct det_state *s = st;
	const struct obs_attempt *a = &o->v.attempt;
	struct sl_conn c;
	struct svc_key k;
	struct sl_group *g;
	unsigned j, kept = 0;

	/* one attempt (one ISN) whose SYN-ACK was seen here and that never
	 * completed: a handshake completed in the end may only have had its
	 * SYN-ACKs delayed (the client's ACK may acknowledge the first one) */
	if (a->outcome != ATT_ANSWERED || a->attempts != 1 || !a->answer.frame || a->completed)
		return;
	memset(&c, 0, sizeof(c));
	c.syn_after = syns_after_synack(a, &c.at_least);
	if (c.syn_after < s->p1)
		return;
	c.src = a->src;
	c.sport = a->sport;
	c.syn_pkts = a->syn_pkts;
	c.synack_pkts = a->synack_pkts;
	c.first = a->syn[0];
	memset(&k, 0, sizeof(k));
	k.dst = a->dst;
	k.dport = a->dport;
	g = gt_get(&s->groups, &k, sizeof(k), 1);
	if (!g)
		return;
	if (sl_worse(&c, &g->worst, g->flows))
		g->worst = c;
	g->flows++;
	g->synacks += a->synack_pkts;
	/* the first SYN, the SYN-ACK, then the SYNs that followed it */
	evidence_add_ev(&g->ev, a->syn[0].capture, a->syn[0].frame);
	evidence_add_ev(&g->ev, a->answer.capture, a->answer.frame);
	for (j = 1; j < a->nsyn; j++)
		if (frame_ref_after(&a->syn[j], &a->answer)) {
			evidence_add_ev(&g->ev, a->syn[j].capture, a->syn[j].frame);
			kept++;
		}
	/* the SYNs after it that the attempt does not keep still count */
	if (c.syn_after > kept)
		g->ev.ev_total += c.syn_after - kept;
	evidence_add_flow(&g->ev, o->uid);
}

static void sl_finish(void *st, int64_t end_ts, struct findings *out)
{
	struct det_state *s = st;
	size_t i;

	(void)end_ts;
	for (i = 0; i < s->groups.cap; i++) {
		struct sl_group *g = gt_at(&s->groups, i);
		const struct sl_conn *w;
		struct finding f;
		char svc[80], cli[80];

		if (!g)
			continue;
		w = &g->worst;
		det_finding(s, &g->ev, &f);
		svc_str(&g->k, svc, sizeof(svc));
		endpoint_str(&w->src, w->sport, cli, sizeof(cli));
		if (g->flows == 1) {
			snprintf(f.group, sizeof(f.group), "%s -> %s", cli, svc);
			snprintf(f.verdict, sizeof(f.verdict),
				 "At this capture point, %s answered the SYN of %s (%u SYN-ACK%s seen here), "
				 "yet the client sent its SYN %s%u more time%s after the first SYN-ACK and never "
				 "completed the handshake: the SYN-ACKs are lost between this capture point and the "
				 "client.",
				 svc, cli, w->synack_pkts, w->synack_pkts == 1 ? "" : "s", w->at_least ? "at least " : "",
				 w->syn_after, w->syn_after == 1 ? "" : "s");
		} else {
			snprintf(f.group, sizeof(f.group), "-> %s", svc);
			snprintf(f.verdict, sizeof(f.verdict),
				 "At this capture point, %s answered the SYNs of %u connections (%u SYN-ACKs seen "
				 "here), yet each client sent its SYN again at least %u times after the first SYN-ACK "
				 "and none completed the handshake: the SYN-ACKs are lost between this capture point "
				 "and the clients.",
				 svc, g->flows, g->synacks, (unsigned)s->p1);
		}
		finding_add_metric(&f, "syn_retries_after_syn_ack", w->syn_after, ">=", s->p1, "");
		finding_add_info(&f, "syn_ack_packets", g->synacks, "");
		finding_add_info(&f, "connections", g->flows, "");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

const struct detector_def detect_synack_lost = {
	"synack_lost", 3000, 3999, sl_params, sizeof(sl_params) / sizeof(sl_params[0]),
	1u << OBS_TCP_ATTEMPT, "dst_service",
	"Connections whose SYN-ACK passed this capture point while the originator kept retransmitting "
	"its SYN (the SYN-ACK is lost beyond this point), grouped by destination service",
	sl_create, sl_on_obs, sl_finish, det_destroy
};
