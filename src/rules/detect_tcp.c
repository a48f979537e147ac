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

#define SVC_SOURCES_MAX 16     /* distinct answered source ranges remembered per service */

struct svc_key {
	struct ip_addr dst;
	uint16_t dport;
};

struct grp_key {
	struct ip_addr src_net;   /* masked */
	uint8_t src_len;
	struct svc_key svc;
};

/* ---- a bounded open-addressing table of fixed-size records ---- */

#define DROPPED_MAX 65536     /* distinct over-cap keys counted exactly */

struct gtable {
	unsigned char *slots;     /* cap * (1 + rec) bytes: used flag + record */
	size_t rec, cap, n, max;
	uint64_t over_cap;        /* records (attempts) refused */
	uint64_t *dropped;        /* hashes of distinct refused keys (open addressing, 0 = empty) */
	uint64_t ndropped;        /* distinct refused keys, exact up to DROPPED_MAX */
};

static int gt_init(struct gtable *t, size_t rec, size_t max)
{
	t->rec = rec;
	t->max = max;
	t->cap = 16;
	while (t->cap < max * 2)
		t->cap *= 2;
	t->n = 0;
	t->over_cap = 0;
	t->slots = calloc(t->cap, 1 + rec);
	return t->slots ? 0 : -1;
}

static uint64_t fnv(const void *k, size_t n)
{
	const unsigned char *p = k;
	uint64_t h = 1469598103934665603ULL;
	size_t i;
	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

/* Counts a refused key: every refusal, and each distinct key once. */
static void gt_drop(struct gtable *t, uint64_t h)
{
	size_t i, step;

	t->over_cap++;
	if (!h)
		h = 1;
	if (!t->dropped && !(t->dropped = calloc(DROPPED_MAX * 2, sizeof(*t->dropped))))
		return;
	if (t->ndropped >= DROPPED_MAX)
		return;
	for (i = h & (DROPPED_MAX * 2 - 1), step = 0; step < DROPPED_MAX * 2;
	     step++, i = (i + 1) & (DROPPED_MAX * 2 - 1)) {
		if (t->dropped[i] == h)
			return;
		if (!t->dropped[i]) {
			t->dropped[i] = h;
			t->ndropped++;
			return;
		}
	}
}

/* Finds (or inserts, zeroed) the record whose first klen bytes equal key.
 * NULL when the table is full (counted). */
static void *gt_get(struct gtable *t, const void *key, size_t klen, int create)
{
	size_t i = fnv(key, klen) & (t->cap - 1), step;

	for (step = 0; step < t->cap; step++, i = (i + 1) & (t->cap - 1)) {
		unsigned char *s = t->slots + i * (1 + t->rec);
		if (!s[0]) {
			if (!create)
				return NULL;
			if (t->n == t->max) {
				gt_drop(t, fnv(key, klen));
				return NULL;
			}
			s[0] = 1;
			memcpy(s + 1, key, klen);
			t->n++;
			return s + 1;
		}
		if (memcmp(s + 1, key, klen) == 0)
			return s + 1;
	}
	return NULL;
}

static void *gt_at(struct gtable *t, size_t i)
{
	unsigned char *s = t->slots + i * (1 + t->rec);
	return s[0] ? s + 1 : NULL;
}

/* out = a masked to len bits (out may be a). */
static void mask_addr(const struct ip_addr *a, uint8_t len, struct ip_addr *out)
{
	struct ip_addr in = *a;
	unsigned i, nb = in.v == 6 ? 16 : 4, full = len / 8, rem = len % 8;

	memset(out, 0, sizeof(*out));
	out->v = in.v;
	for (i = 0; i < nb && i < full; i++)
		out->a[i] = in.a[i];
	if (rem && full < nb)
		out->a[full] = (uint8_t)(in.a[full] & (0xff << (8 - rem)));
}

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

/* One info finding when a rule's group table overflowed: degradation is
 * visible, never silent. */
static void over_cap_finding(const struct detect_ctx *ctx, const struct gtable *t, struct findings *out)
{
	struct finding f;

	if (!t->over_cap)
		return;
	memset(&f, 0, sizeof(f));
	f.rule = ctx->rule;
	f.severity = SEV_INFO;
	snprintf(f.group, sizeof(f.group), "groups over cap");
	snprintf(f.verdict, sizeof(f.verdict),
		 "Analysis limit: %s%llu group%s (%llu connection attempt%s) not evaluated by this rule: "
		 "its group table was full (param.max_groups).",
		 t->ndropped >= DROPPED_MAX ? "at least " : "", (unsigned long long)t->ndropped,
		 t->ndropped == 1 ? "" : "s", (unsigned long long)t->over_cap,
		 t->over_cap == 1 ? " was" : "s were");
	finding_add_metric(&f, "groups_over_cap", (double)t->ndropped, ">", 0, "");
	finding_add_info(&f, "attempts_over_cap", (double)t->over_cap, "");
	findings_add(out, &f);
}

static void svc_str(const struct svc_key *k, char *buf, size_t n)
{
	char a[64];
	ip_addr_str(&k->dst, a, sizeof(a));
	if (k->dst.v == 6)
		snprintf(buf, n, "[%s]:%u/tcp", a, k->dport);
	else
		snprintf(buf, n, "%s:%u/tcp", a, k->dport);
}

/* ================= syn_unanswered ================= */

static const struct param_schema su_params[] = {
	{ "min_attempts", PARAM_COUNT, 1, 1000000, 2,
	  "distinct unanswered attempts (4-tuple + ISN) a group needs" },
	{ "rto", PARAM_DURATION, 0, 120, 3,
	  "attempts started less than this before the capture ended are undecidable" },
	{ "src_prefix_v4", PARAM_PREFIXLEN, 8, 32, 24, "IPv4 source grouping prefix length" },
	{ "src_prefix_v6", PARAM_PREFIXLEN, 16, 128, 64, "IPv6 source grouping prefix length" },
	{ "max_groups", PARAM_COUNT, 16, 100000, 4096, "groups kept per rule (then counted)" },
};

struct su_group {
	struct grp_key k;
	uint32_t unanswered, undecidable, syn_pkts;
	int64_t first_ts, last_ts;
	struct finding ev;          /* evidence and flows accumulate here */
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
	double min_attempts, rto;
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
	s->len4 = (uint8_t)rule_param(ctx->rule, "src_prefix_v4");
	s->len6 = (uint8_t)rule_param(ctx->rule, "src_prefix_v6");
	max = (size_t)rule_param(ctx->rule, "max_groups");
	if (gt_init(&s->groups, sizeof(struct su_group), max) < 0 ||
	    gt_init(&s->svcs, sizeof(struct su_svc), max) < 0) {
		free(s->groups.slots);
		free(s);
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
	if (a->at_eof && (double)(a->capture_end_ts - a->first_syn_ts) < s->rto * 1e9) {
		g->undecidable += a->attempts;
		return;
	}
	if (!g->unanswered || a->first_syn_ts < g->first_ts)
		g->first_ts = a->first_syn_ts;
	if (a->first_syn_ts > g->last_ts)
		g->last_ts = a->first_syn_ts;
	g->unanswered += a->attempts;
	g->syn_pkts += a->syn_pkts;
	for (i = 0; i < a->nsyn; i++)
		finding_add_ev(&g->ev, a->syn[i].capture, a->syn[i].frame);
	/* frames beyond the first and latest SYN still count as evidence */
	if (a->syn_pkts > a->nsyn)
		g->ev.ev_total += a->syn_pkts - a->nsyn;
	finding_add_flow(&g->ev, o->uid);
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
		f = g->ev;
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
		if (v && v->answered)
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
		if (!v || !v->answered)
			snprintf(f.extra_alternatives, sizeof(f.extra_alternatives),
				 "The service may be down or not listening on this port: no source connected to it "
				 "in this capture.");
		findings_add(out, &f);
	}
	over_cap_finding(s->ctx, &s->groups, out);
}

static void gt_free_state(void *st, struct gtable *a, struct gtable *b)
{
	free(a->slots);
	free(a->dropped);
	if (b) {
		free(b->slots);
		free(b->dropped);
	}
	free(st);
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
	struct finding ev;
};

struct cr_state {
	const struct detect_ctx *ctx;
	double min;
	struct gtable groups;
};

static void *cr_create(const struct detect_ctx *ctx)
{
	struct cr_state *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->ctx = ctx;
	s->min = rule_param(ctx->rule, "min_refusals");
	if (gt_init(&s->groups, sizeof(struct cr_group), (size_t)rule_param(ctx->rule, "max_groups")) < 0) {
		free(s);
		return NULL;
	}
	return s;
}

static void cr_on_obs(void *st, const struct obs *o)
{
	struct cr_state *s = st;
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
	finding_add_ev(&g->ev, a->syn[0].capture, a->syn[0].frame);
	finding_add_ev(&g->ev, a->answer.capture, a->answer.frame);
	finding_add_flow(&g->ev, o->uid);
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
	struct cr_state *s = st;
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
		if (total < s->min)
			continue;
		f = g->ev;
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
		finding_add_metric(&f, "refused_attempts", total, ">=", s->min, "");
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

static void cr_destroy(void *st)
{
	struct cr_state *s = st;
	gt_free_state(s, &s->groups, NULL);
}

const struct detector_def detect_connection_refused = {
	"connection_refused", 3000, 3999, cr_params, sizeof(cr_params) / sizeof(cr_params[0]),
	1u << OBS_TCP_ATTEMPT, "dst_service",
	"Connection attempts refused by RST or by an ICMP error quoting the SYN, grouped by destination "
	"service",
	cr_create, cr_on_obs, cr_finish, cr_destroy
};
