/*
 * check_detect.c - the evaluator (src/rules/eval.c), the handshake detectors
 * (src/rules/detect_tcp.c) and the findings model (src/result.c), fed with
 * hand-made observation sequences.  The pack is fixtures/rules/detect.rules
 * (syn-unanswered: min_attempts 3, rto 3s, max_groups 16; connection-refused:
 * min_refusals 2, max_groups 16), the site file fixtures/rules/detect.site
 * (health checks 198.51.100.0/25 "lb-hc").  The single-connection verdicts
 * (issue 14: syn-unanswered on one connection, synack-lost, retransmission-
 * burst after a tail loss probe, and how they link) run on the pack itself
 * (rules/), as netrca loads it.
 */
#include "testutil.h"
/* struct att literals give the leading fields and leave the rest zero */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include "rules/rules.h"
#include "flow.h"
#include "tcp.h"

#define SEC 1000000000LL
#define T0 (1767225600LL * SEC)   /* 2026-01-01T00:00:00Z */

static const char *rfix(const char *name)
{
	static char buf[4][4096];
	static unsigned k;
	const char *top = getenv("top_srcdir");
	char *b = buf[k++ % 4];

	snprintf(b, sizeof(buf[0]), "%s/fixtures/rules/%s", top && *top ? top : ".", name);
	return b;
}

static struct rulepack PACK;
static struct site SITE;

static void setup(void)
{
	char err[RULES_ERRLEN], *p = (char *)rfix("detect.rules");

	ck_assert_msg(rulepack_load(&PACK, &p, 1, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(site_load(&SITE, rfix("detect.site"), err, sizeof(err)) == 0, "%s", err);
}

static void teardown(void)
{
	rulepack_free(&PACK);
	site_free(&SITE);
}

static struct ip_addr ip(const char *s)
{
	struct ip_addr a;
	uint8_t len;
	ck_assert_msg(prefix_parse(s, &a, &len) == 0, "%s", s);
	return a;
}

/* One attempt observation: first SYN at frame, answered (if at all) at frame+1. */
struct att {
	enum attempt_outcome out;
	const char *src, *dst;
	uint16_t sport, dport;
	uint64_t frame;
	int64_t ts;                 /* ns after T0 */
	uint32_t attempts, syn_pkts;
	uint8_t at_eof;
	int64_t end_ts;             /* ns after T0, when the outcome was decided */
	const char *icmp_from;
	uint8_t icmp_type, icmp_code;
};

static void feed(struct evaluator *e, const struct att *a)
{
	struct obs o;
	struct obs_attempt *t = &o.v.attempt;
	unsigned i;

	memset(&o, 0, sizeof(o));
	o.type = OBS_TCP_ATTEMPT;
	o.capture = 0;
	o.frame = a->frame;
	o.ts = T0 + a->ts;
	snprintf(o.uid, sizeof(o.uid), "C0-%llu", (unsigned long long)a->frame);
	t->outcome = a->out;
	t->src = ip(a->src);
	t->dst = ip(a->dst);
	t->sport = a->sport;
	t->dport = a->dport;
	t->attempts = a->attempts ? a->attempts : 1;
	/* default: an unanswered attempt's SYN was retried once (a real stack) */
	t->syn_pkts = a->syn_pkts ? a->syn_pkts : a->out == ATT_UNANSWERED ? 2 : 1;
	t->first_syn_ts = T0 + a->ts;
	t->capture_end_ts = T0 + (a->end_ts ? a->end_ts : a->ts + 10 * SEC);
	t->at_eof = a->at_eof;
	t->nsyn = t->syn_pkts < OBS_MAX_FRAMES ? t->syn_pkts : OBS_MAX_FRAMES;
	for (i = 0; i < t->nsyn; i++) {
		t->syn[i].capture = 0;
		t->syn[i].frame = a->frame + 1000 * i;   /* retries far later */
	}
	if (a->out != ATT_UNANSWERED) {
		t->answer.capture = 0;
		t->answer.frame = a->frame + 1;
	}
	if (a->icmp_from) {
		t->icmp_from = ip(a->icmp_from);
		t->icmp_type = a->icmp_type;
		t->icmp_code = a->icmp_code;
	}
	t->syn_ttl = 64;
	eval_obs(e, &o);
}

static struct evaluator *ev_new(int with_site)
{
	struct evaluator *e = eval_new(&PACK, with_site ? &SITE : NULL);
	ck_assert_ptr_nonnull(e);
	return e;
}

static void run(struct evaluator *e, struct findings *fs)
{
	memset(fs, 0, sizeof(*fs));
	eval_finish(e, T0 + 100 * SEC, fs);
	eval_free(e);
}

static const struct metric *metric(const struct finding *f, const char *name)
{
	unsigned i;
	for (i = 0; i < f->nm; i++)
		if (!strcmp(f->m[i].name, name))
			return &f->m[i];
	return NULL;
}

static double mval(const struct finding *f, const char *name)
{
	const struct metric *m = metric(f, name);
	ck_assert_msg(m != NULL, "metric %s missing", name);
	return m->value;
}

static unsigned count_rule(const struct findings *fs, uint32_t id)
{
	unsigned i, n = 0;
	for (i = 0; i < fs->n; i++)
		if (fs->v[i].rule->id == id)
			n++;
	return n;
}

/* ---- syn_unanswered -------------------------------------------------------- */

/* Fires at min_attempts (3) distinct attempts, not at 2; answered, refused and
 * retried-once attempts are not unanswered ones. */
START_TEST(t_su_threshold)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);
	const struct finding *f;
	const struct metric *m;
	char filt[512];

	feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40001, 8443, 3, 0, 1, 2 });
	feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.11", "203.0.113.10", 40002, 8443, 4, SEC / 10, 1, 2 });
	feed(e, &(struct att){ ATT_REFUSED_RST, "192.0.2.12", "203.0.113.10", 40003, 8443, 5, SEC / 5 });
	run(e, &fs);
	ck_assert_uint_eq(count_rule(&fs, 3001), 0);
	findings_free(&fs);

	e = ev_new(0);
	feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40001, 8443, 3, 0, 1, 2 });
	feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.11", "203.0.113.10", 40002, 8443, 4, SEC / 10, 1, 2 });
	feed(e, &(struct att){ ATT_REFUSED_RST, "192.0.2.12", "203.0.113.10", 40003, 8443, 5, SEC / 5 });
	feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.200", "203.0.113.10", 40004, 8443, 7, SEC / 2, 1, 3 });
	run(e, &fs);
	ck_assert_uint_eq(count_rule(&fs, 3001), 1);
	ck_assert_uint_eq(count_rule(&fs, 3002), 0);   /* one refusal */
	f = &fs.v[0];
	ck_assert_ptr_eq(f->rule, &PACK.rules[0]);
	ck_assert_int_eq(f->severity, SEV_HIGH);
	ck_assert_str_eq(f->group, "192.0.2.0/24 -> 203.0.113.10:8443/tcp");
	ck_assert_str_eq(f->verdict,
			 "At this capture point, 3 connection attempts from 192.0.2.0/24 to 203.0.113.10:8443/tcp "
			 "got no SYN-ACK (7 SYN packets), and no source connected to that service.");
	m = metric(f, "unanswered_attempts");
	ck_assert_ptr_nonnull(m);
	ck_assert(m->value == 3 && m->has_threshold && m->threshold == 3);
	ck_assert_str_eq(m->op, ">=");
	ck_assert(mval(f, "syn_packets") == 7);
	ck_assert(mval(f, "answered_attempts_same_service") == 0);
	ck_assert(mval(f, "span") == 0.5);
	ck_assert_ptr_null(metric(f, "undecidable_attempts_at_capture_end"));
	ck_assert_msg(strstr(f->extra_alternatives, "not listening") != NULL, "%s", f->extra_alternatives);
	/* evidence: the SYN frames (first SYN and retries), ascending */
	ck_assert_uint_eq(f->nev, 7);
	ck_assert_uint_eq(f->ev_total, 7);
	finding_filter(f, 0, filt, sizeof(filt));
	ck_assert_str_eq(filt, "frame.number in {3, 4, 7, 1003, 1004, 1007, 2007}");
	ck_assert_uint_eq(f->nflows, 3);
	ck_assert_str_eq(f->flows[0], "C0-3");
	findings_free(&fs);
}
END_TEST

/* attempts counts distinct attempts: one observation may carry several; a
 * kernel SYN retry (one attempt, 3 SYN packets) stays one. */
START_TEST(t_su_attempts_not_packets)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);

	feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40001, 80, 3, 0, 1, 3 });
	feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40002, 80, 9, SEC, 1, 3 });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 0);   /* 2 attempts, 6 SYNs: below 3 */
	findings_free(&fs);
	e = ev_new(0);
	feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40001, 80, 3, 0, 3, 3 });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert(mval(&fs.v[0], "unanswered_attempts") == 3);
	findings_free(&fs);
}
END_TEST

/* Groups are source /24 x destination service: other services, other /24s
 * and IPv6 /64s are separate groups. */
START_TEST(t_su_grouping)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);
	int i;

	for (i = 0; i < 2; i++) {
		feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40001 + i, 80, 3 + i });
		feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 41001 + i, 81, 10 + i });
		feed(e, &(struct att){ ATT_UNANSWERED, "192.0.3.10", "203.0.113.10", 42001 + i, 80, 20 + i });
		feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.11", 43001 + i, 80, 30 + i });
	}
	for (i = 0; i < 3; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, i ? "2001:db8:1:2:ffff::1" : "2001:db8:1:2::7", "2001:db8::80",
				       44001 + i, 443, 40 + i });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].group, "2001:db8:1:2::/64 -> [2001:db8::80]:443/tcp");
	findings_free(&fs);
}
END_TEST

/* Sources that connect to the same service are named in the verdict and the
 * metrics; answers to other services do not count. */
START_TEST(t_su_contrast)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);
	const struct finding *f;
	int i;

	for (i = 0; i < 3; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, "198.51.100.211", "192.0.2.10", 50000 + i, 8443, 10 + i,
				       i * SEC, 1, 2 });
	feed(e, &(struct att){ ATT_ANSWERED, "203.0.113.21", "192.0.2.10", 51000, 8443, 20 });
	feed(e, &(struct att){ ATT_ANSWERED, "203.0.113.22", "192.0.2.10", 51001, 8443, 22 });
	feed(e, &(struct att){ ATT_ANSWERED, "192.0.2.50", "192.0.2.10", 51002, 8443, 24 });
	feed(e, &(struct att){ ATT_ANSWERED, "198.51.100.99", "192.0.2.10", 51003, 8443, 26 });  /* same range */
	feed(e, &(struct att){ ATT_ANSWERED, "192.0.2.51", "192.0.2.10", 51004, 443, 28 });    /* other port */
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	f = &fs.v[0];
	ck_assert_str_eq(f->verdict,
			 "At this capture point, 3 connection attempts from 198.51.100.0/24 to 192.0.2.10:8443/tcp "
			 "got no SYN-ACK (6 SYN packets), while 4 attempts from 2 other source ranges to the same "
			 "service were answered.");
	ck_assert(mval(f, "answered_attempts_same_service") == 4);
	ck_assert(mval(f, "other_source_ranges_connecting") == 2);
	ck_assert(mval(f, "span") == 2);
	ck_assert_str_eq(f->extra_alternatives, "");
	findings_free(&fs);
}
END_TEST

/*
 * A site health-check range groups its sources and is named.  (Before
 * e6360df, su_source's mask_addr(net, len, net) wiped the prefix: the group
 * was "-/25", unnamed, and every health-check range of one length merged.)
 */
START_TEST(t_su_healthcheck_site)
{
	struct findings fs;
	struct evaluator *e = ev_new(1);
	const struct finding *f;
	static const char *const hc[] = { "198.51.100.11", "198.51.100.12", "198.51.100.13", "198.51.100.14" };
	int i;

	for (i = 0; i < 8; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, hc[i % 4], "192.0.2.10", 48000 + i, 8443, 3 + i, i * SEC / 10,
				       1, 3 });
	for (i = 0; i < 6; i++)
		feed(e, &(struct att){ ATT_ANSWERED, "203.0.113.21", "192.0.2.10", 49000 + i, 8443, 20 + i });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	f = &fs.v[0];
	ck_assert_str_eq(f->group, "198.51.100.0/25 (health checks: lb-hc) -> 192.0.2.10:8443/tcp");
	ck_assert_msg(strstr(f->verdict, "8 connection attempts from 198.51.100.0/25 to 192.0.2.10:8443/tcp") &&
			      strstr(f->verdict, "while 6 attempts from 1 other source range to the same service "
						 "were answered."),
		      "%s", f->verdict);
	ck_assert(mval(f, "unanswered_attempts") == 8);
	ck_assert(mval(f, "syn_packets") == 24);
	ck_assert_uint_eq(f->nflows, 8);
	ck_assert_uint_eq(f->flows_total, 8);
	findings_free(&fs);
	/* without the site file: the default /24 */
	e = ev_new(0);
	for (i = 0; i < 8; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, hc[i % 4], "192.0.2.10", 48000 + i, 8443, 3 + i });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].group, "198.51.100.0/24 -> 192.0.2.10:8443/tcp");
	findings_free(&fs);
}
END_TEST

/*
 * Sources outside the health-check range keep the default /24 group and no
 * health-check label, even when the /24's network address lies inside the
 * range.  (Before e6360df su_finish looked the label up by the group's
 * network address: "198.51.100.0/24 (health checks: lb-hc)".)
 */
START_TEST(t_su_healthcheck_label)
{
	struct findings fs;
	struct evaluator *e = ev_new(1);
	int i;

	for (i = 0; i < 3; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, i ? "198.51.100.201" : "198.51.100.200", "192.0.2.10",
				       47000 + i, 8443, 3 + i });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].group, "198.51.100.0/24 -> 192.0.2.10:8443/tcp");
	findings_free(&fs);
}
END_TEST

/* An IPv6 health-check range (a /56, wider than the default /64) groups
 * sources from several /64s. */
START_TEST(t_su_healthcheck_v6)
{
	struct findings fs;
	struct evaluator *e = ev_new(1);
	int i;

	for (i = 0; i < 3; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, i ? "2001:db8:c:7f::1" : "2001:db8:c:1::9", "2001:db8::443",
				       46000 + i, 443, 3 + i });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].group, "2001:db8:c::/56 (health checks: lb-hc-v6) -> [2001:db8::443]:443/tcp");
	findings_free(&fs);
}
END_TEST

/* Only the failing range itself connects: the verdict says so. */
START_TEST(t_su_same_range_answered)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);
	int i;

	for (i = 0; i < 3; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40000 + i, 443, 3 + i });
	for (i = 0; i < 2; i++)
		feed(e, &(struct att){ ATT_ANSWERED, "192.0.2.11", "203.0.113.10", 41000 + i, 443, 10 + i });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].verdict,
			 "At this capture point, 3 connection attempts from 192.0.2.0/24 to 203.0.113.10:443/tcp "
			 "got no SYN-ACK (6 SYN packets), while 2 other attempts from the same source range were "
			 "answered.");
	ck_assert(mval(&fs.v[0], "other_source_ranges_connecting") == 0);
	ck_assert(mval(&fs.v[0], "answered_attempts_same_service") == 2);
	findings_free(&fs);
}
END_TEST

/* Attempts decided only by the end of the capture, younger than rto (3 s)
 * and never retried are set apart: not counted, shown as a metric.  A
 * retried SYN is decided even at the capture's end (the client waited out
 * its own RTO). */
START_TEST(t_su_undecidable)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);
	const struct finding *f;
	int i;

	/* 2 decided + 4 undecidable: below the threshold */
	for (i = 0; i < 2; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40000 + i, 80, 3 + i, i * SEC });
	for (i = 0; i < 4; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 41000 + i, 80, 10 + i,
				       10 * SEC, 1, 1, 1, 12 * SEC + SEC / 2 });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 0);
	findings_free(&fs);

	/* 2 decided + 1 retried at the capture's end, 1 s old (counted) + 2 undecidable */
	e = ev_new(0);
	for (i = 0; i < 2; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40000 + i, 80, 3 + i, i * SEC });
	feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40005, 80, 8, 5 * SEC, 1, 2, 1,
			       6 * SEC });
	for (i = 0; i < 2; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 41000 + i, 80, 10 + i,
				       10 * SEC, 1, 1, 1, 12 * SEC });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	f = &fs.v[0];
	ck_assert(mval(f, "unanswered_attempts") == 3);
	ck_assert(mval(f, "undecidable_attempts_at_capture_end") == 2);
	ck_assert(mval(f, "syn_packets") == 6);
	ck_assert(mval(f, "span") == 5);
	ck_assert_uint_eq(f->ev_total, 6);        /* undecidable SYNs are no evidence */
	ck_assert_uint_eq(f->flows_total, 3);
	findings_free(&fs);
}
END_TEST

/* require_retry (default 1): a SYN never retried (spoofed source, scanner)
 * is not an unanswered attempt; it is counted apart. */
START_TEST(t_su_require_retry)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);
	const struct finding *f;
	int i;

	for (i = 0; i < 5; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40000 + i, 80, 3 + i, i * SEC, 1, 1 });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 0);
	findings_free(&fs);
	e = ev_new(0);
	for (i = 0; i < 5; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40000 + i, 80, 3 + i, i * SEC,
				       1, i < 3 ? 2 : 1 });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	f = &fs.v[0];
	ck_assert(mval(f, "unanswered_attempts") == 3);
	ck_assert(mval(f, "attempts_never_retried") == 2);
	findings_free(&fs);
}
END_TEST

/* Evidence is capped at 32 references with the total; flows at 8 with the total. */
START_TEST(t_su_caps)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);
	const struct finding *f;
	char filt[2048], want[2048];
	unsigned i, o = 0;

	/* 40 attempts of 2 SYN packets each (first SYN + a retry): 80 SYN frames */
	for (i = 0; i < 40; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40000 + i, 80, 100 - 2 * i,
				       i * SEC / 100, 1, 2 });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	f = &fs.v[0];
	ck_assert_uint_eq(f->nev, FINDING_MAX_EVIDENCE);
	ck_assert_uint_eq(f->ev_total, 80);
	ck_assert_uint_eq(f->nflows, FINDING_MAX_FLOWS);
	ck_assert_uint_eq(f->flows_total, 40);
	ck_assert(mval(f, "syn_packets") == 80);
	/* kept: the earliest 32 frames, whatever order the attempts ended in:
	 * the first SYNs 22, 24, ..., 84 (the retries at +1000 are later) */
	for (i = 1; i < f->nev; i++)
		ck_assert(f->ev[i - 1].frame < f->ev[i].frame);
	ck_assert_uint_eq(f->ev[0].frame, 22);
	ck_assert_uint_eq(f->ev[31].frame, 84);
	ck_assert_uint_eq(finding_filter(f, 0, filt, sizeof(filt)), 32);
	o = (size_t)snprintf(want, sizeof(want), "frame.number in {");
	for (i = 0; i < 32; i++)
		o += (size_t)snprintf(want + o, sizeof(want) - o, "%s%u", i ? ", " : "", 22 + 2 * i);
	snprintf(want + o, sizeof(want) - o, "}");
	ck_assert_str_eq(filt, want);
	findings_free(&fs);
}
END_TEST

/* max_groups (16) caps the groups; what is dropped is counted in an info finding. */
START_TEST(t_su_max_groups)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);
	const struct finding *f;
	unsigned i, j;

	for (i = 0; i < 20; i++)
		for (j = 0; j < 3; j++)
			feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40000 + 10 * i + j,
					       (uint16_t)(1000 + i), 10 + 10 * i + j });
	run(e, &fs);
	ck_assert_uint_eq(count_rule(&fs, 3001), 17);
	f = &fs.v[fs.n - 1];   /* info sorts last */
	ck_assert_int_eq(f->severity, SEV_INFO);
	ck_assert_str_eq(f->group, "groups over cap");
	ck_assert(mval(f, "groups_over_cap") > 0);
	ck_assert_uint_eq(f->nev, 0);
	for (i = 0; i + 1 < fs.n; i++)
		ck_assert_int_eq(fs.v[i].severity, SEV_HIGH);
	findings_free(&fs);
}
END_TEST

/* The over-cap finding counts groups and attempts apart: 4 groups beyond
 * max_groups with 3 attempts each.  (Before e6360df it said "12 groups".) */
START_TEST(t_su_over_cap_counts_groups)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);
	const struct finding *f;
	unsigned i, j;

	for (i = 0; i < 20; i++)
		for (j = 0; j < 3; j++)
			feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40000 + 10 * i + j,
					       (uint16_t)(1000 + i), 10 + 10 * i + j });
	run(e, &fs);
	f = &fs.v[fs.n - 1];
	ck_assert_str_eq(f->group, "groups over cap");
	ck_assert_msg(mval(f, "groups_over_cap") == 4, "4 groups dropped, finding says: %s", f->verdict);
	ck_assert(mval(f, "attempts_over_cap") == 12);
	findings_free(&fs);
}
END_TEST

/* ---- connection_refused ---------------------------------------------------- */

/* RST and ICMP refusals of one service: counted together, the router and the
 * ICMP code named. */
START_TEST(t_cr_rst_and_icmp)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);
	const struct finding *f;
	char filt[256];

	feed(e, &(struct att){ ATT_REFUSED_RST, "192.0.2.10", "203.0.113.10", 40001, 22, 5, 0 });
	feed(e, &(struct att){ ATT_REFUSED_ICMP, "192.0.2.10", "203.0.113.10", 40002, 22, 9, SEC, .icmp_from = "192.0.2.1",
			       .icmp_type = 3, .icmp_code = 13 });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	f = &fs.v[0];
	ck_assert_ptr_eq(f->rule, &PACK.rules[1]);
	ck_assert_int_eq(f->severity, SEV_MEDIUM);
	ck_assert_str_eq(f->group, "-> 203.0.113.10:22/tcp");
	ck_assert_str_eq(f->verdict,
			 "At this capture point, 2 connection attempts to 203.0.113.10:22/tcp were refused: "
			 "1 answered by RST from the destination, 1 by ICMP communication administratively "
			 "prohibited (type 3 code 13) from 192.0.2.1.");
	ck_assert(mval(f, "refused_attempts") == 2);
	ck_assert(metric(f, "refused_attempts")->threshold == 2);
	ck_assert(mval(f, "refused_by_rst") == 1);
	ck_assert(mval(f, "refused_by_icmp") == 1);
	ck_assert_msg(strstr(f->extra_alternatives, "ICMP") != NULL, "%s", f->extra_alternatives);
	/* evidence: each SYN and its refusal */
	ck_assert_uint_eq(f->ev_total, 4);
	finding_filter(f, 0, filt, sizeof(filt));
	ck_assert_str_eq(filt, "frame.number in {5, 6, 9, 10}");
	ck_assert_uint_eq(f->flows_total, 2);
	findings_free(&fs);
}
END_TEST

START_TEST(t_cr_rst_only)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);

	feed(e, &(struct att){ ATT_REFUSED_RST, "192.0.2.10", "203.0.113.10", 40001, 8081, 5, 0 });
	feed(e, &(struct att){ ATT_REFUSED_RST, "192.0.2.11", "203.0.113.10", 40002, 8081, 7, 0 });
	feed(e, &(struct att){ ATT_REFUSED_RST, "192.0.2.12", "203.0.113.10", 40003, 8081, 11, 0 });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].verdict, "At this capture point, 3 connection attempts to 203.0.113.10:8081/tcp "
					  "were refused: 3 answered by RST from the destination.");
	ck_assert_str_eq(fs.v[0].extra_alternatives, "");
	findings_free(&fs);
}
END_TEST

/* ICMPv6 refusals, two different senders; code names per RFC 4443. */
START_TEST(t_cr_icmp6)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);

	feed(e, &(struct att){ ATT_REFUSED_ICMP, "2001:db8::10", "2001:db8:1::20", 40001, 443, 5, 0,
			       .icmp_from = "2001:db8:ffff::1", .icmp_type = 1, .icmp_code = 1 });
	feed(e, &(struct att){ ATT_REFUSED_ICMP, "2001:db8::10", "2001:db8:1::20", 40002, 443, 8, 0,
			       .icmp_from = "2001:db8:ffff::2", .icmp_type = 1, .icmp_code = 4 });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].verdict,
			 "At this capture point, 2 connection attempts to [2001:db8:1::20]:443/tcp were refused: "
			 "2 by ICMP communication administratively prohibited (type 1 code 1) from "
			 "2001:db8:ffff::1 and other senders.");
	findings_free(&fs);
}
END_TEST

/* A single refused probe does not fire, per service; unanswered and answered
 * attempts are not refusals. */
START_TEST(t_cr_single)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);

	feed(e, &(struct att){ ATT_REFUSED_RST, "192.0.2.10", "203.0.113.10", 40001, 8081, 16, 0 });
	feed(e, &(struct att){ ATT_REFUSED_ICMP, "192.0.2.10", "203.0.113.10", 40002, 8082, 20, 0,
			       .icmp_from = "192.0.2.1", .icmp_type = 3, .icmp_code = 3 });
	feed(e, &(struct att){ ATT_REFUSED_RST, "192.0.2.10", "203.0.113.11", 40003, 8081, 24, 0 });
	feed(e, &(struct att){ ATT_ANSWERED, "192.0.2.10", "203.0.113.10", 40004, 8081, 30, 0 });
	feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40005, 8081, 40, 0 });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 0);
	findings_free(&fs);
}
END_TEST

/* max_groups for connection_refused: 20 services refused twice each, cap
 * 16: 16 findings and an info finding counting the 4 services (DESIGN §3:
 * degradation is visible; before e6360df nothing said so). */
START_TEST(t_cr_max_groups)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);
	unsigned i, j, info = 0;

	for (i = 0; i < 20; i++)
		for (j = 0; j < 2; j++)
			feed(e, &(struct att){ ATT_REFUSED_RST, "192.0.2.10", "203.0.113.10", 40000 + 10 * i + j,
					       (uint16_t)(2000 + i), 10 + 10 * i + 2 * j });
	run(e, &fs);
	for (i = 0; i < fs.n; i++)
		if (fs.v[i].severity == SEV_INFO && metric(&fs.v[i], "groups_over_cap"))
			info++;
	ck_assert_uint_eq(fs.n - info, 16);
	ck_assert_msg(info == 1, "no finding counts the 4 services over max_groups");
	ck_assert(mval(&fs.v[fs.n - 1], "groups_over_cap") == 4);
	ck_assert(mval(&fs.v[fs.n - 1], "attempts_over_cap") == 8);
	findings_free(&fs);
}
END_TEST

/* ---- findings model ----------------------------------------------------- */

START_TEST(t_filter)
{
	struct finding f;
	char buf[256];

	memset(&f, 0, sizeof(f));
	finding_add_ev(&f, 1, 7);
	finding_add_ev(&f, 0, 30);
	finding_add_ev(&f, 0, 4);
	finding_add_ev(&f, 0, 4);     /* duplicate: ignored */
	finding_add_ev(&f, 0, 0);     /* frame 0: no frame */
	finding_add_ev(&f, 1, 2);
	finding_add_ev(&f, 0, 12);
	ck_assert_uint_eq(f.nev, 5);
	ck_assert_uint_eq(f.ev_total, 5);
	ck_assert_uint_eq(finding_filter(&f, 0, buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "frame.number in {4, 12, 30}");
	ck_assert_uint_eq(finding_filter(&f, 1, buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "frame.number in {2, 7}");
	ck_assert_uint_eq(finding_filter(&f, 2, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
	/* too small a buffer: no filter rather than one selecting fewer
	 * frames; exactly large enough: the whole filter */
	ck_assert_uint_eq(finding_filter(&f, 0, buf, 27), 3);
	ck_assert_str_eq(buf, "");
	ck_assert_uint_eq(finding_filter(&f, 0, buf, 28), 3);
	ck_assert_str_eq(buf, "frame.number in {4, 12, 30}");
	/* runs of three or more are ranges, two in a row are listed */
	finding_add_ev(&f, 0, 13);
	finding_add_ev(&f, 0, 14);
	finding_add_ev(&f, 0, 5);
	finding_add_ev(&f, 0, 31);
	ck_assert_uint_eq(finding_filter(&f, 0, buf, sizeof(buf)), 7);
	ck_assert_str_eq(buf, "frame.number in {4, 5, 12..14, 30, 31}");
	/* the caller's evidence order is left alone */
	ck_assert_uint_eq(f.ev[0].frame, 7);
	/* big numbers */
	memset(&f, 0, sizeof(f));
	finding_add_ev(&f, 0, 18446744073709551615ULL);
	finding_add_ev(&f, 0, 4294967296ULL);
	finding_filter(&f, 0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "frame.number in {4294967296, 18446744073709551615}");
}
END_TEST

START_TEST(t_metrics_cap)
{
	struct finding f;
	int i;

	memset(&f, 0, sizeof(f));
	for (i = 0; i < 12; i++)
		finding_add_info(&f, "m", i, "s");
	ck_assert_uint_eq(f.nm, FINDING_MAX_METRICS);
	ck_assert(!f.m[0].has_threshold);
	ck_assert_str_eq(f.m[7].unit, "s");
	finding_add_metric(&f, "x", 1, ">=", 2, NULL);
	ck_assert_uint_eq(f.nm, FINDING_MAX_METRICS);
}
END_TEST

/* Findings sort by severity (highest first), then first evidence (capture,
 * frame), then rule id. */
/* A blank finding of rule r named "g<i>" (the tests below tell them apart
 * by their group). */
static void blank_finding(struct finding *f, const struct rule *r, enum severity sev, unsigned i)
{
	memset(f, 0, sizeof(*f));
	f->rule = r;
	f->severity = sev;
	snprintf(f->group, sizeof(f->group), "g%u", i);
}

/* Causes and consequences: findings_link links by shared flow in caused_by
 * order, never into a loop, and moves each family together where its most
 * important member ranked; the verdict counts root causes. */
START_TEST(t_link)
{
	static struct rule bh, burst, loss, other;
	struct findings fs;
	struct finding f;
	struct verdict v;
	static const struct {
		struct rule *r;
		enum severity sev;
		uint64_t frame;
		const char *flow1, *flow2;
	} IN[] = {
		{ &burst, SEV_HIGH, 10, "C0-5", NULL },    /* g0: explained by g2 (bh, shares C0-5) */
		{ &other, SEV_HIGH, 20, "C0-5", NULL },    /* g1: a root, no caused_by */
		{ &bh, SEV_MEDIUM, 30, "C0-5", "C0-9" },   /* g2: root of g0 and g3 */
		{ &loss, SEV_LOW, 40, "C0-9", NULL },      /* g3: explained by g2 (bh before burst) */
		{ &burst, SEV_HIGH, 50, "C0-7", NULL },    /* g4: shares nothing: a root */
		{ &loss, SEV_LOW, 60, "C0-7", NULL },      /* g5: explained by g4 */
	};
	/* sorted: g0 g1 g4 g2 g3 g5; families: g2 (g0 first) -> g2 g0 g3, then
	 * g1, then g4 g5 */
	static const char *const WANT[] = { "g2", "g0", "g3", "g1", "g4", "g5" };
	static const unsigned CAUSE[] = { 0, 1, 1, 0, 0, 5 };
	unsigned i;

	bh.id = 2001;
	burst.id = 3003;
	burst.caused_by[0] = 2001;
	burst.ncaused_by = 1;
	loss.id = 3004;
	loss.caused_by[0] = 2001;   /* preferred over 3003 */
	loss.caused_by[1] = 3003;
	loss.ncaused_by = 2;
	other.id = 3500;
	/* a loop the rules allow (2001 <- 3003 <- 2001) must not be closed */
	bh.caused_by[0] = 3003;
	bh.ncaused_by = 1;
	memset(&fs, 0, sizeof(fs));
	for (i = 0; i < sizeof(IN) / sizeof(IN[0]); i++) {
		blank_finding(&f, IN[i].r, IN[i].sev, i);
		finding_add_ev(&f, 0, IN[i].frame);
		finding_add_flow(&f, IN[i].flow1);
		if (IN[i].flow2)
			finding_add_flow(&f, IN[i].flow2);
		ck_assert_int_eq(findings_add(&fs, &f), 0);
	}
	findings_sort(&fs);
	ck_assert_uint_eq(findings_link(&fs), 3);
	for (i = 0; i < fs.n; i++) {
		ck_assert_msg(!strcmp(fs.v[i].group, WANT[i]), "position %u: %s, want %s", i, fs.v[i].group,
			      WANT[i]);
		ck_assert_msg(fs.v[i].cause == CAUSE[i], "position %u: cause %u, want %u", i, fs.v[i].cause,
			      CAUSE[i]);
	}
	ck_assert_uint_eq(findings_root(&fs, 2), 0);
	ck_assert_uint_eq(findings_depth(&fs, 2), 1);
	ck_assert_uint_eq(findings_depth(&fs, 0), 0);
	verdict_build(&fs, &v);
	ck_assert_uint_eq(v.roots, 3);
	ck_assert_uint_eq(v.consequences, 3);
	ck_assert_uint_eq(v.roots_by_sev[SEV_HIGH], 2);
	ck_assert_uint_eq(v.roots_by_sev[SEV_MEDIUM], 1);
	/* lines: classes without incident are their rules: bh (medium), other, burst */
	ck_assert_uint_eq(v.n, 3);
	ck_assert_uint_eq(v.head[0], 0);
	ck_assert_uint_eq(v.explains[0], 2);
	ck_assert_uint_eq(v.explains[2], 1);
	findings_free(&fs);
}
END_TEST

START_TEST(t_sort)
{
	static struct rule r1, r2, r3;
	struct findings fs;
	struct finding f;
	static const struct {
		struct rule *r;
		enum severity sev;
		uint32_t cap;
		uint64_t frame;   /* 0: no evidence */
	} IN[] = {
		{ &r1, SEV_MEDIUM, 0, 50 }, { &r2, SEV_HIGH, 1, 3 },  { &r1, SEV_HIGH, 0, 90 },
		{ &r3, SEV_HIGH, 0, 90 },   { &r2, SEV_HIGH, 0, 90 }, { &r1, SEV_INFO, 0, 0 },
		{ &r1, SEV_CRITICAL, 2, 1 }, { &r3, SEV_LOW, 0, 1 },  { &r1, SEV_HIGH, 0, 0 },
	};
	/* expected order: indices into IN */
	static const int WANT[] = { 6, 2, 4, 3, 1, 8, 0, 7, 5 };
	unsigned i;

	r1.id = 3001;
	r2.id = 3002;
	r3.id = 3500;
	memset(&fs, 0, sizeof(fs));
	for (i = 0; i < sizeof(IN) / sizeof(IN[0]); i++) {
		blank_finding(&f, IN[i].r, IN[i].sev, i);
		if (IN[i].frame) {
			finding_add_ev(&f, IN[i].cap, IN[i].frame + 500);   /* sorted on add */
			finding_add_ev(&f, IN[i].cap, IN[i].frame);
		}
		ck_assert_int_eq(findings_add(&fs, &f), 0);
	}
	findings_sort(&fs);
	for (i = 0; i < fs.n; i++) {
		char g[16];
		snprintf(g, sizeof(g), "g%d", WANT[i]);
		ck_assert_msg(!strcmp(fs.v[i].group, g), "position %u: %s, want %s", i, fs.v[i].group, g);
	}
	findings_free(&fs);
}
END_TEST

/* The evaluator dispatches to both rules; findings come out sorted. */
START_TEST(t_eval_both_sorted)
{
	struct findings fs;
	struct evaluator *e = ev_new(0);
	int i;

	for (i = 0; i < 2; i++)
		feed(e, &(struct att){ ATT_REFUSED_RST, "192.0.2.10", "203.0.113.10", 40000 + i, 22, 2 + 2 * i, 0 });
	for (i = 0; i < 3; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 41000 + i, 80, 50 + i, 0 });
	for (i = 0; i < 3; i++)
		feed(e, &(struct att){ ATT_UNANSWERED, "198.51.100.7", "203.0.113.10", 42000 + i, 80, 20 + i, 0 });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 3);
	ck_assert_str_eq(fs.v[0].group, "198.51.100.0/24 -> 203.0.113.10:80/tcp");   /* high, frame 20 */
	ck_assert_str_eq(fs.v[1].group, "192.0.2.0/24 -> 203.0.113.10:80/tcp");      /* high, frame 50 */
	ck_assert_str_eq(fs.v[2].group, "-> 203.0.113.10:22/tcp");                   /* medium */
	findings_free(&fs);
}
END_TEST

/* No observations, no findings; an empty pack is fine too. */
START_TEST(t_eval_empty)
{
	struct findings fs;
	struct rulepack none;
	struct evaluator *e = ev_new(1);

	run(e, &fs);
	ck_assert_uint_eq(fs.n, 0);
	memset(&none, 0, sizeof(none));
	e = eval_new(&none, NULL);
	ck_assert_ptr_nonnull(e);
	feed(e, &(struct att){ ATT_UNANSWERED, "192.0.2.10", "203.0.113.10", 40000, 80, 2, 0 });
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 0);
}
END_TEST

/* ---- one connection (issue 14), on the pack of rules/ ------------------------ */

static struct rulepack RP;

static void setup_pack(void)
{
	char err[RULES_ERRLEN], dir[4096];
	const char *top = getenv("top_srcdir");

	snprintf(dir, sizeof(dir), "%s/rules", top && *top ? top : ".");
	ck_assert_msg(rulepack_load_dir(&RP, dir, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(site_load(&SITE, rfix("detect.site"), err, sizeof(err)) == 0, "%s", err);
}

static void teardown_pack(void)
{
	rulepack_free(&RP);
	site_free(&SITE);
}

static struct evaluator *rp_new(void)
{
	struct evaluator *e = eval_new(&RP, NULL);
	ck_assert_ptr_nonnull(e);
	return e;
}

/* The finding of rule id (exactly one expected). */
static const struct finding *only(const struct findings *fs, uint32_t id)
{
	unsigned i;
	const struct finding *f = NULL;

	ck_assert_uint_eq(count_rule(fs, id), 1);
	for (i = 0; i < fs->n; i++)
		if (fs->v[i].rule->id == id)
			f = &fs->v[i];
	return f;
}

/* A connection's end as the engine reports it: the flow (and TCP analysis,
 * may be NULL) of uid C0-<frame>. */
static void feed_flow(struct evaluator *e, const struct flow *fl, const struct tcp_conn *tc, const char *src,
		      uint16_t sport, const char *dst, uint16_t dport, uint64_t frame)
{
	struct obs o;

	memset(&o, 0, sizeof(o));
	o.type = OBS_TCP_FLOW;
	o.frame = frame;
	o.ts = fl->first_ts;
	snprintf(o.uid, sizeof(o.uid), "C0-%llu", (unsigned long long)frame);
	o.v.flow.flow = fl;
	o.v.flow.tcp = tc;
	o.v.flow.src = ip(src);
	o.v.flow.dst = ip(dst);
	o.v.flow.sport = sport;
	o.v.flow.dport = dport;
	eval_obs(e, &o);
}

/*
 * One unanswered connection: its attempt (SYN frames frame, +1000, ...) and
 * its flow, `syns` SYNs from ts to ts + span, `back` packets from the
 * responder (0: nothing came back).
 */
static void feed_unanswered(struct evaluator *e, const char *src, uint16_t sport, const char *dst, uint16_t dport,
			    uint64_t frame, int64_t ts, uint32_t syns, int64_t span, uint64_t back)
{
	struct flow *fl = calloc(1, sizeof(*fl));

	ck_assert_ptr_nonnull(fl);
	feed(e, &(struct att){ ATT_UNANSWERED, src, dst, sport, dport, frame, ts, 1, syns });
	fl->l4 = L4_TCP;
	fl->attempts = 1;
	fl->syn_pkts = syns;
	fl->first_ts = fl->first_syn_ts = T0 + ts;
	fl->last_ts = fl->last_ts_dir[0] = T0 + ts + span;
	fl->d[0].pkts = syns;
	fl->d[1].pkts = back;
	fl->syn_frames[0].frame = frame;
	feed_flow(e, fl, NULL, src, sport, dst, dport, frame);
	free(fl);
}

/* An answered attempt whose SYN frames are listed explicitly (at most 3 first
 * and the latest, as the engine keeps them). */
static void feed_answered(struct evaluator *e, const char *src, uint16_t sport, uint64_t answer,
			  const uint64_t *syn, unsigned nsyn, uint32_t syn_pkts, uint32_t synacks, int completed)
{
	struct obs o;
	struct obs_attempt *t = &o.v.attempt;
	unsigned i;

	memset(&o, 0, sizeof(o));
	o.type = OBS_TCP_ATTEMPT;
	o.frame = syn[0];
	o.ts = T0;
	snprintf(o.uid, sizeof(o.uid), "C0-%llu", (unsigned long long)syn[0]);
	t->outcome = ATT_ANSWERED;
	t->src = ip(src);
	t->dst = ip("192.0.2.10");
	t->sport = sport;
	t->dport = 8080;
	t->attempts = 1;
	t->syn_pkts = syn_pkts;
	t->first_syn_ts = T0;
	t->capture_end_ts = T0 + 10 * SEC;
	for (i = 0; i < nsyn; i++)
		t->syn[i].frame = syn[i];
	t->nsyn = nsyn;
	t->answer.frame = answer;
	t->synack_pkts = synacks;
	t->completed = (uint8_t)completed;
	eval_obs(e, &o);
}

/* One connection whose SYN was retried: nothing below 2 retries over 1.8 s,
 * medium at 2 retries over 2 s (Linux: 1 s apart), high from 3 retries (or
 * 6 s); the verdict names the connection, the evidence its SYN frames. */
START_TEST(t_one_syn_thresholds)
{
	struct findings fs;
	struct evaluator *e;
	const struct finding *f;
	char filt[256];

	/* one retry after 1 s: a lost SYN (near-miss) */
	e = rp_new();
	feed_unanswered(e, "203.0.113.21", 40000, "192.0.2.10", 8080, 3, 0, 2, SEC, 0);
	run(e, &fs);
	ck_assert_uint_eq(count_rule(&fs, 3001), 0);
	findings_free(&fs);
	/* two retries, but within 1 s: too quick to be a stack giving up */
	e = rp_new();
	feed_unanswered(e, "203.0.113.21", 40000, "192.0.2.10", 8080, 3, 0, 3, SEC, 0);
	run(e, &fs);
	ck_assert_uint_eq(count_rule(&fs, 3001), 0);
	findings_free(&fs);
	/* two retries over 2.0 s: medium */
	e = rp_new();
	feed_unanswered(e, "203.0.113.21", 40000, "192.0.2.10", 8080, 3, 0, 3, 2 * SEC, 0);
	run(e, &fs);
	f = only(&fs, 3001);
	ck_assert_int_eq(f->severity, SEV_MEDIUM);
	ck_assert_str_eq(f->group, "203.0.113.21:40000 -> 192.0.2.10:8080/tcp");
	ck_assert_str_eq(f->verdict,
			 "At this capture point, the connection from 203.0.113.21:40000 to 192.0.2.10:8080/tcp "
			 "sent its SYN 3 times over 2.0 s (2 retries) and got no SYN-ACK, RST or ICMP error; no "
			 "source connected to that service.");
	ck_assert(mval(f, "syn_retries") == 2 && metric(f, "syn_retries")->threshold == 2);
	ck_assert(mval(f, "syn_wait") == 2.0 && metric(f, "syn_wait")->threshold == 1.8);
	ck_assert(mval(f, "unanswered_attempts") == 1);
	finding_filter(f, 0, filt, sizeof(filt));
	ck_assert_str_eq(filt, "frame.number in {3, 1003, 2003}");
	ck_assert_uint_eq(f->nflows, 1);
	ck_assert_str_eq(f->flows[0], "C0-3");
	ck_assert_msg(strstr(f->extra_alternatives, "not listening") != NULL, "%s", f->extra_alternatives);
	findings_free(&fs);
	/* four retries over 4 s (the capture): high */
	e = rp_new();
	feed_unanswered(e, "203.0.113.21", 40000, "192.0.2.10", 8080, 3, 0, 5, 4 * SEC, 0);
	run(e, &fs);
	f = only(&fs, 3001);
	ck_assert_int_eq(f->severity, SEV_HIGH);
	ck_assert(mval(f, "syn_retries") == 4);
	ck_assert_uint_eq(f->ev_total, 5);
	findings_free(&fs);
	/* two retries over 7 s (a doubling stack, 1 + 2 + 4 s): high by the wait */
	e = rp_new();
	feed_unanswered(e, "203.0.113.21", 40000, "192.0.2.10", 8080, 3, 0, 3, 7 * SEC, 0);
	run(e, &fs);
	ck_assert_int_eq(only(&fs, 3001)->severity, SEV_HIGH);
	findings_free(&fs);
}
END_TEST

/* Anything back from the responder, or an answer to the attempt, and the one
 * connection is not a finding; an answered attempt to the service is named. */
START_TEST(t_one_syn_not_alone)
{
	static const uint64_t late3[] = { 3, 4, 5 };
	struct findings fs;
	struct evaluator *e;
	const struct finding *f;

	e = rp_new();
	feed_unanswered(e, "203.0.113.21", 40000, "192.0.2.10", 8080, 3, 0, 4, 3 * SEC, 1);
	run(e, &fs);
	ck_assert_uint_eq(count_rule(&fs, 3001), 0);
	findings_free(&fs);
	/* answered late (the third SYN, frame 5, got the SYN-ACK 6): not unanswered at all */
	e = rp_new();
	feed_answered(e, "203.0.113.21", 40000, 6, late3, 3, 3, 1, 1);
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 0);
	findings_free(&fs);
	/* another client connected to the service */
	e = rp_new();
	feed(e, &(struct att){ ATT_ANSWERED, "198.51.100.7", "192.0.2.10", 50000, 8080, 2, 0 });
	feed_unanswered(e, "203.0.113.21", 40000, "192.0.2.10", 8080, 3, SEC, 4, 3 * SEC, 0);
	run(e, &fs);
	f = only(&fs, 3001);
	ck_assert_msg(strstr(f->verdict, ", while 1 other attempt to the same service was answered.") != NULL, "%s",
		      f->verdict);
	ck_assert(mval(f, "answered_attempts_same_service") == 1);
	ck_assert(mval(f, "other_source_ranges_connecting") == 1);
	findings_free(&fs);
	/* a health checker of the site file: the range is named beside the connection */
	e = eval_new(&RP, &SITE);
	ck_assert_ptr_nonnull(e);
	feed_unanswered(e, "198.51.100.11", 40000, "192.0.2.10", 8443, 3, 0, 3, 2 * SEC, 0);
	run(e, &fs);
	ck_assert_str_eq(only(&fs, 3001)->group, "198.51.100.11:40000 (health checks: lb-hc) -> 192.0.2.10:8443/tcp");
	findings_free(&fs);
}
END_TEST

/* Several unanswered connections from one range: the grouped verdict alone,
 * never one per connection besides it; one below min_attempts (2) with
 * another that did not qualify: one finding naming the one that did. */
START_TEST(t_one_syn_grouped_covers)
{
	struct findings fs;
	struct evaluator *e;
	const struct finding *f;
	int i;

	e = rp_new();
	for (i = 0; i < 3; i++)
		feed_unanswered(e, "203.0.113.21", 40000 + i, "192.0.2.10", 8080, 3 + i, i * SEC, 5, 4 * SEC, 0);
	run(e, &fs);
	f = only(&fs, 3001);
	ck_assert_str_eq(f->group, "203.0.113.0/24 -> 192.0.2.10:8080/tcp");
	ck_assert(mval(f, "unanswered_attempts") == 3);
	ck_assert_ptr_null(metric(f, "syn_retries"));
	findings_free(&fs);
	/* the same from three ranges: one finding each, for one connection each */
	e = rp_new();
	feed_unanswered(e, "203.0.113.21", 40000, "192.0.2.10", 8080, 3, 0, 5, 4 * SEC, 0);
	feed_unanswered(e, "198.51.100.21", 40000, "192.0.2.10", 8080, 4, 0, 3, 2 * SEC, 0);
	feed_unanswered(e, "192.0.2.200", 40000, "192.0.2.10", 8080, 5, 0, 2, SEC, 0);
	run(e, &fs);
	ck_assert_uint_eq(count_rule(&fs, 3001), 2);
	ck_assert_str_eq(fs.v[0].group, "203.0.113.21:40000 -> 192.0.2.10:8080/tcp");   /* high first */
	ck_assert_str_eq(fs.v[1].group, "198.51.100.21:40000 -> 192.0.2.10:8080/tcp");
	findings_free(&fs);
}
END_TEST

/* synack-lost: two SYNs after the first SYN-ACK and no completed handshake
 * fire; one (a SYN crossing the SYN-ACK) does not, nor a handshake that
 * completed in the end; counting through the kept frames. */
START_TEST(t_synack_lost)
{
	static const uint64_t lost[] = { 3, 6, 8, 12 }, once[] = { 3, 6 }, late[] = { 3, 4, 5, 30 };
	struct findings fs;
	struct evaluator *e;
	const struct finding *f;
	char filt[256];

	/* 5 SYNs (kept: 3, 6, 8 and the latest 12), SYN-ACK at 4: 4 SYNs after it */
	e = rp_new();
	feed_answered(e, "203.0.113.21", 40000, 4, lost, 4, 5, 6, 0);
	run(e, &fs);
	f = only(&fs, 3015);
	ck_assert_int_eq(f->severity, SEV_HIGH);
	ck_assert_str_eq(f->group, "203.0.113.21:40000 -> 192.0.2.10:8080/tcp");
	ck_assert_str_eq(f->verdict,
			 "At this capture point, 192.0.2.10:8080/tcp answered the SYN of 203.0.113.21:40000 (6 "
			 "SYN-ACKs seen here), yet the client sent its SYN 4 more times after the first SYN-ACK and "
			 "never completed the handshake: the SYN-ACKs are lost between this capture point and the "
			 "client.");
	ck_assert(mval(f, "syn_retries_after_syn_ack") == 4);
	ck_assert(metric(f, "syn_retries_after_syn_ack")->threshold == 2);
	finding_filter(f, 0, filt, sizeof(filt));
	ck_assert_str_eq(filt, "frame.number in {3, 4, 6, 8, 12}");
	ck_assert_uint_eq(f->ev_total, 6);   /* + the SYN between 8 and 12 not kept */
	ck_assert_uint_eq(count_rule(&fs, 3001), 0);
	findings_free(&fs);
	/* one SYN after it, then completed: a crossing (near-miss) */
	e = rp_new();
	feed_answered(e, "203.0.113.21", 40000, 4, once, 2, 2, 2, 1);
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 0);
	findings_free(&fs);
	/* 2 SYNs after it, then completed: the SYN-ACKs may only have been
	 * late (the client's ACK may acknowledge the first) */
	e = rp_new();
	feed_answered(e, "203.0.113.21", 40000, 4, lost, 3, 3, 3, 1);
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 0);
	findings_free(&fs);
	/* the same, never completed: fires */
	e = rp_new();
	feed_answered(e, "203.0.113.21", 40000, 4, lost, 3, 3, 3, 0);
	run(e, &fs);
	ck_assert(mval(only(&fs, 3015), "syn_retries_after_syn_ack") == 2);
	findings_free(&fs);
	/* SYN-ACK after the first three SYNs, before the latest: at least 1 */
	e = rp_new();
	feed_answered(e, "203.0.113.21", 40000, 20, late, 4, 9, 1, 0);
	run(e, &fs);
	ck_assert_uint_eq(count_rule(&fs, 3015), 0);   /* 1 < 2 */
	findings_free(&fs);
	/* connections of three clients to the service: one grouped finding
	 * (the one that completed is not counted) */
	e = rp_new();
	feed_answered(e, "203.0.113.21", 40000, 4, lost, 4, 5, 5, 0);
	feed_answered(e, "203.0.113.22", 40001, 4, lost, 3, 3, 3, 1);
	feed_answered(e, "198.51.100.9", 40002, 4, lost, 3, 3, 3, 0);
	run(e, &fs);
	f = only(&fs, 3015);
	ck_assert_int_eq(f->severity, SEV_HIGH);
	ck_assert_str_eq(f->group, "-> 192.0.2.10:8080/tcp");
	ck_assert(mval(f, "connections") == 2 && mval(f, "syn_ack_packets") == 8);
	ck_assert(mval(f, "syn_retries_after_syn_ack") == 4);
	ck_assert_msg(strstr(f->verdict, "answered the SYNs of 2 connections (8 SYN-ACKs seen here)") != NULL, "%s",
		      f->verdict);
	findings_free(&fs);
}
END_TEST

/* A TCP analysis with one direction's longest same-segment run. */
static void run_conn(struct tcp_conn *tc, uint32_t len, uint8_t backoff, int64_t first, int64_t last,
		     uint32_t seq, uint32_t seglen, uint32_t peer_ack)
{
	unsigned i;

	memset(tc, 0, sizeof(*tc));
	tc->d[0].st.run_len = len;
	tc->d[0].st.run_backoff = backoff;
	tc->d[0].st.run_first_gap = first;
	tc->d[0].st.run_last_gap = last;
	tc->d[0].st.run_seq = seq;
	tc->d[0].st.run_seg_len = seglen;
	for (i = 0; i <= len && i < TCP_RUN_FRAMES; i++)
		tc->d[0].st.run_frames[tc->d[0].st.nrun_frames++].frame = 6 + i;
	tc->d[1].lastack = peer_ack;
}

/* 3003 findings on a connection with that analysis; peer_fin: the peer's
 * FIN sequence number + 1 (0: no FIN). */
static unsigned burst_findings_fin(const struct tcp_conn *tc, uint32_t peer_fin)
{
	struct findings fs;
	struct evaluator *e = rp_new();
	struct flow *fl = calloc(1, sizeof(*fl));
	unsigned n;

	ck_assert_ptr_nonnull(fl);
	fl->l4 = L4_TCP;
	fl->first_ts = T0;
	if (peer_fin) {
		fl->d[1].fin_seen = 1;
		fl->d[1].last_fin_seq = peer_fin - 1;
	}
	feed_flow(e, fl, tc, "203.0.113.21", 40000, "192.0.2.10", 8080, 3);
	free(fl);
	run(e, &fs);
	n = count_rule(&fs, 3003);
	findings_free(&fs);
	return n;
}

static unsigned burst_findings(const struct tcp_conn *tc)
{
	return burst_findings_fin(tc, 0);
}

/* retransmission-burst on one connection: doubling intervals fire as before;
 * Linux's tail loss probe (0.2, 0.2, 0.4, 0.8, 1.6 s) fires only for a
 * segment never acknowledged; flat intervals never do. */
START_TEST(t_burst_tail_loss_probe)
{
	struct tcp_conn *tc = calloc(1, sizeof(*tc));

	ck_assert_ptr_nonnull(tc);
	run_conn(tc, 5, 1, SEC / 5, 16 * SEC / 5, 1000, 86, 0);
	ck_assert_uint_eq(burst_findings(tc), 1);
	run_conn(tc, 5, 0, SEC / 5, 8 * SEC / 5, 1000, 86, 0);
	ck_assert_uint_eq(burst_findings(tc), 1);
	/* the same, acknowledged in the end (the peer's ACK covers 1000 + 86) */
	run_conn(tc, 5, 0, SEC / 5, 8 * SEC / 5, 1000, 86, 1086);
	ck_assert_uint_eq(burst_findings(tc), 0);
	/* an ACK short of the segment's end does not cover it */
	run_conn(tc, 5, 0, SEC / 5, 8 * SEC / 5, 1000, 86, 1085);
	ck_assert_uint_eq(burst_findings(tc), 1);
	/* ... across the sequence-number wrap too */
	run_conn(tc, 5, 0, SEC / 5, 8 * SEC / 5, 0xfffffff0u, 86, 0x46);
	ck_assert_uint_eq(burst_findings(tc), 0);
	run_conn(tc, 5, 0, SEC / 5, 8 * SEC / 5, 0xfffffff0u, 86, 0xfffffff8u);
	ck_assert_uint_eq(burst_findings(tc), 1);
	/* sent after the peer's FIN (acknowledged: the sender's ACK is past it):
	 * a closing detail; before the FIN was acknowledged, still a stall */
	run_conn(tc, 5, 0, SEC / 5, 8 * SEC / 5, 1000, 86, 0);
	tc->d[0].lastack = 918;
	ck_assert_uint_eq(burst_findings_fin(tc, 918), 0);
	tc->d[0].lastack = 917;
	ck_assert_uint_eq(burst_findings_fin(tc, 918), 1);
	/* ... but a strictly backed-off run fires as it always did */
	run_conn(tc, 5, 1, SEC / 5, 16 * SEC / 5, 1000, 86, 0);
	tc->d[0].lastack = 918;
	ck_assert_uint_eq(burst_findings_fin(tc, 918), 1);
	/* flat 1 s intervals: not a backed-off timer */
	run_conn(tc, 5, 0, SEC, SEC, 1000, 86, 0);
	ck_assert_uint_eq(burst_findings(tc), 0);
	/* 3 copies, 0.2 then 0.3 s: 1.5 per step allowing one flat step */
	run_conn(tc, 3, 0, SEC / 5, 3 * SEC / 10, 1000, 86, 0);
	ck_assert_uint_eq(burst_findings(tc), 1);
	run_conn(tc, 3, 0, SEC / 5, 29 * SEC / 100, 1000, 86, 0);
	ck_assert_uint_eq(burst_findings(tc), 0);
	/* two retransmissions: below min_run */
	run_conn(tc, 2, 1, SEC / 5, 2 * SEC / 5, 1000, 86, 0);
	ck_assert_uint_eq(burst_findings(tc), 0);
	free(tc);
}
END_TEST

/* A retransmission burst of the SYN itself (a doubling stack: 1, 2, 4 s) on
 * the unanswered connection is shown under the unanswered-SYN finding, never
 * above it; the same under synack-lost. */
START_TEST(t_one_conn_links)
{
	static const uint64_t lost[] = { 3, 6, 8, 12 };
	struct findings fs;
	struct evaluator *e = rp_new();
	struct tcp_conn *tc = calloc(1, sizeof(*tc));
	struct flow *fl = calloc(1, sizeof(*fl));
	struct verdict v;

	ck_assert_ptr_nonnull(tc);
	ck_assert_ptr_nonnull(fl);
	feed(e, &(struct att){ ATT_UNANSWERED, "203.0.113.21", "192.0.2.10", 40000, 8080, 3, 0, 1, 4 });
	run_conn(tc, 3, 1, SEC, 4 * SEC, 1000, 0, 0);
	fl->l4 = L4_TCP;
	fl->attempts = 1;
	fl->syn_pkts = 4;
	fl->first_ts = fl->first_syn_ts = T0;
	fl->last_ts = fl->last_ts_dir[0] = T0 + 7 * SEC;
	fl->d[0].pkts = 4;
	fl->syn_frames[0].frame = 3;
	feed_flow(e, fl, tc, "203.0.113.21", 40000, "192.0.2.10", 8080, 3);
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 2);
	ck_assert_uint_eq(findings_link(&fs), 1);
	ck_assert_uint_eq(fs.v[0].rule->id, 3001);
	ck_assert_uint_eq(fs.v[1].rule->id, 3003);
	ck_assert_uint_eq(fs.v[1].cause, 1);
	verdict_build(&fs, &v);
	ck_assert_uint_eq(v.roots, 1);
	ck_assert_uint_eq(v.head[0], 0);
	findings_free(&fs);

	e = rp_new();
	feed_answered(e, "203.0.113.21", 40000, 4, lost, 4, 5, 5, 0);
	memset(fl, 0, sizeof(*fl));
	fl->l4 = L4_TCP;
	fl->first_ts = T0;
	fl->syn_frames[0].frame = 3;
	feed_flow(e, fl, tc, "203.0.113.21", 40000, "192.0.2.10", 8080, 3);
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 2);
	ck_assert_uint_eq(findings_link(&fs), 1);
	ck_assert_uint_eq(fs.v[0].rule->id, 3015);
	ck_assert_uint_eq(fs.v[1].cause, 1);
	findings_free(&fs);
	free(fl);
	free(tc);
}
END_TEST

/* ---- asym_path at the service, one_sided (src/rules/detect_path.c) ------------- */

/* A pack of the two path rules as rules/tcp-transport.rules has them (defaults:
 * min_flows 1, min_bytes 1), written here so the tests do not follow the pack. */
static struct rulepack PPACK;

static void path_setup(void)
{
	static const char text[] =
		"pack_version = path-1\n"
		"rule 3012 one-sided-flow\n  version = 1\n  detector = one_sided\n  severity = medium\n"
		"  title = \"one-sided\"\n  caused_by = 3013\n"
		"rule 3013 asymmetric-return-path\n  version = 1\n  detector = asym_path\n  severity = high\n"
		"  title = \"asymmetric\"\n";
	char path[] = "/tmp/check_detect_path.XXXXXX", err[RULES_ERRLEN], *p = path;
	int fd = mkstemp(path);
	FILE *fp;

	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	ck_assert_msg(rulepack_load(&PPACK, &p, 1, err, sizeof(err)) == 0, "%s", err);
	unlink(path);
}

static void path_teardown(void)
{
	rulepack_free(&PPACK);
}

static const uint8_t MAC_FWA[6] = { 0x02, 0x0a, 0, 0, 0, 0x01 };
static const uint8_t MAC_FWB[6] = { 0x02, 0x0b, 0, 0, 0, 0x02 };
static const uint8_t MAC_SRV[6] = { 0x02, 0x53, 0, 0, 0, 0x10 };

static struct frame_ref fr(uint64_t n)
{
	struct frame_ref r = { 0, n };
	return r;
}

/* The server's view of lan-drop-synack-server.pcap's first connection: SYNs
 * from fwA (TTL 63) at frames 3, 11, 16, SYN-ACKs toward fwB from frame 6 to
 * 17, never acknowledged. */
static void srv_synack_flow(struct flow *f)
{
	memset(f, 0, sizeof(*f));
	f->full = 1;
	f->capture = 0;
	f->first_frame = 3;
	f->d[0].pkts = 3;
	f->d[1].pkts = 4;
	f->d[0].mac_set = f->d[1].mac_set = 1;
	memcpy(f->d[0].mac, MAC_FWA, 6);
	memcpy(f->d[0].mac_dst, MAC_SRV, 6);
	memcpy(f->d[1].mac, MAC_SRV, 6);
	memcpy(f->d[1].mac_dst, MAC_FWB, 6);
	f->d[0].ttl_first = f->syn_ttl = 63;
	f->d[1].ttl_first = 64;
	f->syn_pkts = 3;
	f->syn_frames[0] = fr(3);
	f->syn_frames[1] = fr(11);
	f->syn_frames[2] = fr(16);
	f->syn_frames[FLOW_SYN_FRAMES - 1] = fr(16);
	f->synack_pkts = 4;
	f->synack_frame = fr(6);
	f->d[1].first_frame = 6;
	f->d[1].last_frame = 17;
	f->d[0].first_frame = 3;
	f->d[0].last_frame = 16;
}

/* The same connection failing after the handshake (lan-drop-later-server): the
 * service acknowledged the 97-byte request, the client sent it again 5 times
 * and never acknowledged a byte of the 147-byte response (frame 10 on). */
static void srv_data_flow(struct flow *f)
{
	srv_synack_flow(f);
	f->syn_pkts = 1;
	f->syn_frames[FLOW_SYN_FRAMES - 1] = fr(3);
	f->synack_pkts = 1;
	f->est_ts = T0 + 1000;
	f->d[0].pkts = 8;
	f->d[1].pkts = 10;
	f->d[0].have_seq = f->d[1].have_seq = f->d[0].have_ack = f->d[1].have_ack = 1;
	f->d[0].data_start = 5001;
	f->d[0].hw = 5098;
	f->d[0].rxmit = 5;
	f->d[0].ack_hw = 9001;          /* the SYN-ACK only */
	f->d[1].data_start = 9001;
	f->d[1].hw = 9148;
	f->d[1].ack_hw = 5098;          /* the whole request */
	f->dx[1].first_data = fr(10);
	f->d[0].last_frame = 43;
	f->d[1].last_frame = 44;
}

static void feed_path_flow(struct evaluator *e, const struct flow *f, const char *src, const char *dst,
		      uint16_t sport, uint16_t dport)
{
	struct obs o;

	memset(&o, 0, sizeof(o));
	o.type = OBS_TCP_FLOW;
	o.capture = f->capture;
	o.frame = f->first_frame;
	o.ts = T0;
	snprintf(o.uid, sizeof(o.uid), "C0-%llu", (unsigned long long)f->first_frame);
	o.v.flow.flow = f;
	o.v.flow.src = ip(src);
	o.v.flow.dst = ip(dst);
	o.v.flow.sport = sport;
	o.v.flow.dport = dport;
	eval_obs(e, &o);
}

static int has_ev(const struct finding *f, uint64_t frame)
{
	unsigned i;
	for (i = 0; i < f->nev; i++)
		if (f->ev[i].frame == frame)
			return 1;
	return 0;
}

/* Evaluates one flow with the path pack; the findings into fs. */
static void path_run(const struct flow *f, struct findings *fs)
{
	struct evaluator *e = eval_new(&PPACK, NULL);

	ck_assert_ptr_nonnull(e);
	feed_path_flow(e, f, "192.0.2.10", "203.0.113.10", 58198, 8443);
	run(e, fs);
}

/* SYN-ACKs toward another next hop than the SYNs came from, never acknowledged,
 * the SYN repeated after them: fires, names both MACs, the TTL, the frames. */
START_TEST(t_asym_server_synack)
{
	struct findings fs;
	struct flow f;
	const struct finding *x;

	srv_synack_flow(&f);
	path_run(&f, &fs);
	ck_assert_uint_eq(fs.n, 1);
	x = &fs.v[0];
	ck_assert_uint_eq(x->rule->id, 3013);
	ck_assert_str_eq(x->group, "203.0.113.10:8443/tcp");
	ck_assert_msg(strstr(x->verdict, "1 connection arrived from next hop 02:0a:00:00:00:01 (TTL 63) and was "
				   "answered toward next hop 02:0b:00:00:00:02, and the answers never arrived: "
				   "4 SYN-ACKs were never acknowledged, the client retried its SYN 2 times, the latest after "
				   "the first SYN-ACK "
				   "(first unacknowledged answer frame 6, last 17); check the return route and the "
				   "state table of the router 02:0b:00:00:00:02") != NULL, "%s", x->verdict);
	ck_assert(has_ev(x, 3) && has_ev(x, 6) && has_ev(x, 16) && has_ev(x, 17));
	ck_assert_double_eq(mval(x, "answered_toward_other_next_hop"), 1);
	ck_assert_double_eq(mval(x, "syn_acks_never_acknowledged"), 4);
	ck_assert_double_eq(mval(x, "syn_retries"), 2);
	ck_assert_double_eq(mval(x, "syn_ack_without_syn"), 0);
	ck_assert_ptr_null(metric(x, "data_resent_though_acknowledged"));
	findings_free(&fs);
}
END_TEST

/* After the handshake: the service acknowledged all the client sent, the client
 * sent it again and acknowledged none of the service's data. */
START_TEST(t_asym_server_data)
{
	struct findings fs;
	struct flow f;
	const struct finding *x;

	srv_data_flow(&f);
	path_run(&f, &fs);
	ck_assert_uint_eq(fs.n, 1);
	x = &fs.v[0];
	ck_assert_msg(strstr(x->verdict, "the client sent its data again 5 times although the service acknowledged all of it, and "
				   "acknowledged none of the service's data (first unacknowledged answer frame 10, "
				   "last 44)") != NULL, "%s", x->verdict);
	ck_assert(has_ev(x, 3) && has_ev(x, 6) && has_ev(x, 10) && has_ev(x, 43) && has_ev(x, 44));
	ck_assert_double_eq(mval(x, "data_resent_though_acknowledged"), 5);
	ck_assert_ptr_null(metric(x, "syn_acks_never_acknowledged"));
	findings_free(&fs);
}
END_TEST

/* Near-misses of the service's view: each must stay quiet. */
START_TEST(t_asym_server_quiet)
{
	static const uint8_t VRRP[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x07 };
	static const uint8_t HSRP[6] = { 0x00, 0x00, 0x0c, 0x07, 0xac, 0x01 };
	struct findings fs;
	struct flow f;
	int k;

	for (k = 0; k < 11; k++) {
		srv_synack_flow(&f);
		switch (k) {
		case 0: f.est_ts = T0 + 1; break;                      /* the handshake completed (ECMP) */
		case 1: memcpy(f.d[1].mac_dst, MAC_FWA, 6); break;      /* one router both ways: not asymmetric */
		case 2: memcpy(f.d[1].mac_dst, VRRP, 6); break;         /* a VRRP virtual MAC */
		case 3: memcpy(f.d[1].mac_dst, HSRP, 6); break;         /* an HSRP virtual MAC */
		case 4: memset(f.d[1].mac_dst, 0, 6); break;            /* cooked capture: no destination MAC */
		case 5: f.syn_frames[FLOW_SYN_FRAMES - 1] = fr(4); f.syn_pkts = 2; break; /* retried before the answer */
		case 6: f.dx[0].mac_changes = 1; break;                 /* a path change, rule 3014's */
		case 7: f.syn_pkts = 1; f.syn_frames[FLOW_SYN_FRAMES - 1] = fr(3); break; /* never repeated */
		case 8: srv_data_flow(&f); f.d[0].ack_hw = 9148; break; /* the client acknowledged the answer */
		case 9: srv_data_flow(&f); f.d[1].ack_hw = 5001; break; /* the request was not acknowledged: loss */
		case 10: srv_data_flow(&f); f.d[0].rxmit = 0; break;    /* the client never sent again */
		}
		path_run(&f, &fs);
		ck_assert_msg(fs.n == 0, "case %d: %u findings (%s)", k, fs.n, fs.n ? fs.v[0].verdict : "");
		findings_free(&fs);
	}
	/* and the base case does fire with this very pack */
	srv_synack_flow(&f);
	path_run(&f, &fs);
	ck_assert_uint_eq(fs.n, 1);
	findings_free(&fs);
}
END_TEST

/* Two connections to one service with different next-hop pairs: the first
 * names the hops, the other is counted. */
START_TEST(t_asym_server_pairs)
{
	struct findings fs;
	struct flow f1, f2;
	struct evaluator *e = eval_new(&PPACK, NULL);

	srv_synack_flow(&f1);
	srv_synack_flow(&f2);
	f2.first_frame = 7;
	f2.syn_frames[0] = fr(7);
	f2.d[0].mac[5] = 0x09;
	feed_path_flow(e, &f1, "192.0.2.10", "203.0.113.10", 58198, 8443);
	feed_path_flow(e, &f2, "192.0.2.10", "203.0.113.10", 58204, 8443);
	run(e, &fs);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_msg(strstr(fs.v[0].verdict, "2 connections arrived from next hop 02:0a:00:00:00:01 (TTL 63) and "
					   "were answered toward next hop 02:0b:00:00:00:02 (1 by other next hops)") != NULL,
		      "%s", fs.v[0].verdict);
	ck_assert_double_eq(mval(&fs.v[0], "syn_acks_never_acknowledged"), 8);
	ck_assert_uint_eq(fs.v[0].nflows, 2);
	findings_free(&fs);
}
END_TEST

/* One direction only, ACKs over 194 bytes never seen: 3012 says which direction
 * is missing and from which frame, and is linked to the 3013 finding of the
 * same flow (drop-later-fwB.pcap). */
START_TEST(t_one_sided_direction)
{
	struct findings fs;
	struct flow f;
	const struct finding *os = NULL, *as = NULL;
	unsigned i;

	memset(&f, 0, sizeof(f));
	f.full = 1;
	f.first_frame = 3;
	f.d[1].pkts = 6;
	f.d[1].first_frame = 3;
	f.d[1].last_frame = 26;
	f.synack_pkts = 1;
	f.synack_frame = fr(3);
	f.dx[1].acks_blind = 6;
	f.dx[1].ack_blind_frame = fr(3);
	f.dx[1].ack_blind_first = 1001;
	f.dx[1].ack_blind_max = 1195;
	path_run(&f, &fs);
	ck_assert_uint_eq(fs.n, 2);
	findings_link(&fs);
	for (i = 0; i < fs.n; i++) {
		if (fs.v[i].rule->id == 3012)
			os = &fs.v[i];
		else
			as = &fs.v[i];
	}
	ck_assert(os && as);
	ck_assert_msg(strstr(os->verdict, "1 connection to 203.0.113.10:8443/tcp is seen in one direction only "
				   "(only service-to-client packets pass here, the client-to-service direction never "
				   "does), yet 194 bytes of the missing direction were acknowledged (ACKs from frame 3 "
				   "on)") != NULL, "%s", os->verdict);
	ck_assert_double_eq(mval(os, "acked_bytes_never_seen"), 194);
	ck_assert_double_eq(mval(os, "seen_service_to_client_only"), 1);
	ck_assert_double_eq(mval(os, "seen_client_to_service_only"), 0);
	ck_assert(has_ev(os, 3) && has_ev(os, 26));
	ck_assert_msg(strstr(as->verdict, "1 connection acknowledged packets of a direction never seen here (the "
				   "client-to-service direction is missing, from frame 3 on)") != NULL, "%s", as->verdict);
	/* the consequence is listed after its cause and linked to it */
	ck_assert_uint_eq(fs.v[0].rule->id, 3013);
	ck_assert_uint_eq(fs.v[1].cause, 1);
	findings_free(&fs);
}
END_TEST

/* zk_erspan.pcap's shape: a mirror session in GRE keys the two directions of a
 * connection apart (key 0 client to server, 0x02000000 back), so each is a flow
 * of its own and looks one-sided; both pass this point between the same tunnel
 * endpoints: quiet.  The other direction in a tunnel between other endpoints,
 * or not at all, still fires. */
static void half_flow(struct flow *f, int dir, const char *outer_src, uint32_t key, uint64_t frame)
{
	memset(f, 0, sizeof(*f));
	f->full = 1;
	f->first_frame = frame;
	f->tun_kind = 1;
	f->tun_key = key;
	f->tun_src = ip(outer_src);
	f->tun_dst = ip("10.200.0.224");
	f->d[dir].pkts = 5;
	f->d[dir].first_frame = frame;
	f->d[dir].last_frame = frame + 80;
	if (dir == 0) {
		f->syn_pkts = 1;
		f->syn_frames[0] = f->syn_frames[FLOW_SYN_FRAMES - 1] = fr(frame);
	} else {
		f->synack_pkts = 1;
		f->synack_frame = fr(frame);
	}
	f->dx[dir].acks_blind = 4;
	f->dx[dir].ack_blind_frame = fr(frame + (dir == 0 ? 2 : 0));
	f->dx[dir].ack_blind_first = 1001;
	f->dx[dir].ack_blind_max = 1300;
}

START_TEST(t_path_tunnel_halves)
{
	struct findings fs;
	struct flow a, b;
	struct evaluator *e;
	int k;

	for (k = 0; k < 3; k++) {
		half_flow(&a, 0, "10.200.0.3", 0, 97);
		half_flow(&b, 1, k == 1 ? "10.200.0.5" : "10.200.0.3", 0x02000000, 98);
		e = eval_new(&PPACK, NULL);
		ck_assert_ptr_nonnull(e);
		feed_path_flow(e, &b, "192.168.69.10", "192.168.69.2", 49162, 80);   /* either order */
		if (k != 2)
			feed_path_flow(e, &a, "192.168.69.10", "192.168.69.2", 49162, 80);
		run(e, &fs);
		if (k == 0) {
			ck_assert_msg(fs.n == 0, "halves in one tunnel pair: %u findings (%s)", fs.n,
				      fs.n ? fs.v[0].verdict : "");
		} else {
			ck_assert_uint_eq(count_rule(&fs, 3013), 1);
			ck_assert_uint_eq(count_rule(&fs, 3012), 1);
			ck_assert_double_eq(mval(&fs.v[0], "connections") + (k == 1 ? 0 : 1), 2);
		}
		findings_free(&fs);
	}
}
END_TEST

static Suite *detect_suite(void)
{
	Suite *s = suite_create("detect");
	TCase *tc = tcase_create("syn_unanswered");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_su_threshold);
	tcase_add_test(tc, t_su_attempts_not_packets);
	tcase_add_test(tc, t_su_grouping);
	tcase_add_test(tc, t_su_contrast);
	tcase_add_test(tc, t_su_healthcheck_site);
	tcase_add_test(tc, t_su_healthcheck_label);
	tcase_add_test(tc, t_su_healthcheck_v6);
	tcase_add_test(tc, t_su_same_range_answered);
	tcase_add_test(tc, t_su_undecidable);
	tcase_add_test(tc, t_su_require_retry);
	tcase_add_test(tc, t_su_caps);
	tcase_add_test(tc, t_su_max_groups);
	tcase_add_test(tc, t_su_over_cap_counts_groups);
	suite_add_tcase(s, tc);
	tc = tcase_create("connection_refused");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_cr_rst_and_icmp);
	tcase_add_test(tc, t_cr_rst_only);
	tcase_add_test(tc, t_cr_icmp6);
	tcase_add_test(tc, t_cr_single);
	tcase_add_test(tc, t_cr_max_groups);
	suite_add_tcase(s, tc);
	tc = tcase_create("findings");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_filter);
	tcase_add_test(tc, t_metrics_cap);
	tcase_add_test(tc, t_sort);
	tcase_add_test(tc, t_link);
	tcase_add_test(tc, t_eval_both_sorted);
	tcase_add_test(tc, t_eval_empty);
	suite_add_tcase(s, tc);
	tc = tcase_create("one_connection");
	tcase_add_checked_fixture(tc, setup_pack, teardown_pack);
	tcase_add_test(tc, t_one_syn_thresholds);
	tcase_add_test(tc, t_one_syn_not_alone);
	tcase_add_test(tc, t_one_syn_grouped_covers);
	tcase_add_test(tc, t_synack_lost);
	tcase_add_test(tc, t_burst_tail_loss_probe);
	tcase_add_test(tc, t_one_conn_links);
	suite_add_tcase(s, tc);
	tc = tcase_create("path");
	tcase_add_checked_fixture(tc, path_setup, path_teardown);
	tcase_add_test(tc, t_asym_server_synack);
	tcase_add_test(tc, t_asym_server_data);
	tcase_add_test(tc, t_asym_server_quiet);
	tcase_add_test(tc, t_asym_server_pairs);
	tcase_add_test(tc, t_one_sided_direction);
	tcase_add_test(tc, t_path_tunnel_halves);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(detect_suite());
}
