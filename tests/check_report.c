/*
 * check_report.c - the XML and HTML writers (src/report/), fed a hand-built
 * analysis full of hostile strings (DESIGN.md section 3; reliability.md
 * section 6 item 19).
 *
 * report.xml must be well-formed and valid against
 * $top_srcdir/reports/netrca-report-1.xsd; report.html must parse, hold no
 * live markup from the capture (no <script>, no <img>, no on* attribute),
 * carry the CSP as the first child of <head> with the hash of the stylesheet
 * it really contains, and show each display filter in a read-only textarea.
 * Writing twice gives the same bytes.  report.xml's <flow> rows are the same
 * bytes whether read from the conn.log / tcp.log spools or built while the
 * engine writes them (xml_rows_*), for ordinary, hostile and random rows and
 * for the engine's own rows (flow_rows_two_paths*).
 */
#include <check.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include "result.h"
#include "engine.h"
#include "rules/rules.h"
#include "report/report.h"
#include "connlog.h"
#include "tcplog.h"
#include "hashout.h"
#include "testutil.h"
#include "connlog.h"
#include "tcplog.h"

#define H_SCRIPT "<script>alert(1)</script>"
#define H_IMG "\"><img src=x onerror=alert(1)>"
#define H_CRLF "Host: a\r\nX-Injected: 1"
#define H_BYTES "\x01\xff"
#define H_RLO "evil\xe2\x80\xaegpj.exe"

/* ---- the fake analysis ---------------------------------------------- */

struct fixture {
	struct engine_result er;
	struct engine_opts opts;
	struct findings fs;
	struct top_flows top;
	struct rulepack pack;
	struct rule rules[2];
	struct analysis a;
	char *dir;
	char conn_log[4200];
	char *long_path;
};

static void cstr(struct capture_string *cs, const char *s, size_t len)
{
	memset(cs, 0, sizeof(*cs));
	if (len > sizeof(cs->s) - 1) {
		cs->truncated = 1;
		len = sizeof(cs->s) - 1;
	}
	memcpy(cs->s, s, len);
	cs->len = len;
}

static void write_conn_log(const char *path)
{
	FILE *f = fopen(path, "w");
	char *big;

	ck_assert_ptr_nonnull(f);
	fprintf(f, "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
		   "#path\tconn\n#open\t2026-01-01-00-00-00\n#fields\t" CONN_FIELDS "\n"
		   "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\t"
		   "count\tstring\tcount\tstring\tcount\tcount\tcount\tcount\tstring\n");
	fprintf(f, "1700000000.000100\tC0-1\t192.0.2.10\t40000\t198.51.100.5\t443\ttcp\ttls\t"
		   "0.250000\t517\t4096\tSF\t0\tShADadFf\t8\t1000\t7\t4500\t1:abc=\n");
	fprintf(f, "1700000000.100000\tC0-3\t192.0.2.11\t40001\t198.51.100.5\t8080\ttcp\t-\t"
		   "-\t0\t0\tS0\t0\tS\t2\t120\t0\t0\t1:def=\n");
	/* hostile service and history (the spool is ours, but sanitise anyway) */
	fprintf(f, "1700000001.000000\tC1-5\t2001:db8::1\t53\t2001:db8::2\t5353\tudp\t"
		   "<img src=x onerror=alert(1)>\t0.001000\t40\t80\tSF\t0\tDd\x01\xff\t1\t88\t1\t128\t1:x=\n");
	/* a line longer than the writer's buffer, and one with missing columns */
	big = malloc(20000);
	ck_assert_ptr_nonnull(big);
	memset(big, 'A', 19999);
	big[19999] = 0;
	fprintf(f, "1700000002.000000\tC1-9\t%s\n", big);
	free(big);
	fprintf(f, "1700000003.000000\tC1-11\t192.0.2.1\n");
	fprintf(f, "#close\t2026-01-01-00-00-01\n");
	ck_assert_int_eq(fclose(f), 0);
}

static void fixture_init(struct fixture *x)
{
	struct input_result *in;
	struct finding f;
	struct top_flow tf;
	size_t i;

	memset(x, 0, sizeof(*x));
	x->dir = tmpdir_new();
	snprintf(x->conn_log, sizeof(x->conn_log), "%s/conn.log", x->dir);
	write_conn_log(x->conn_log);

	x->er.nin = 2;
	x->er.in = calloc(2, sizeof(*x->er.in));
	ck_assert_ptr_nonnull(x->er.in);

	in = &x->er.in[0];
	in->path = strdup("/evidence/" H_SCRIPT H_IMG "\r\n" H_BYTES H_RLO ".pcapng");
	in->capture = 0;
	in->size = 123456;
	snprintf(in->sha256, sizeof(in->sha256), "%s",
		 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	in->fmt = FMT_PCAPNG;
	in->frames = 40;
	in->first_ts = 1700000000000100000LL;
	in->last_ts = 1700000001999999999LL;
	in->rstats.nlinktypes = 2;
	in->rstats.linktypes[0] = 1;
	in->rstats.linktypes[1] = 101;
	in->rstats.blocks_unknown = 1;
	cstr(&in->shb_hardware, H_SCRIPT, strlen(H_SCRIPT));
	cstr(&in->shb_os, H_IMG, strlen(H_IMG));
	cstr(&in->shb_userappl, H_CRLF, strlen(H_CRLF));
	cstr(&in->ifnames[0], H_BYTES, 2);
	cstr(&in->ifnames[1], H_RLO, strlen(H_RLO));
	cstr(&in->ifnames[2], "nul\0inside", 10);
	in->nifnames = 3;
	cstr(&in->comments[0], H_SCRIPT, strlen(H_SCRIPT));
	in->comments[0].frame = 3;
	{
		char longc[600];
		memset(longc, 'c', sizeof(longc));
		cstr(&in->comments[1], longc, sizeof(longc));   /* cut by the reader */
		in->comments[1].frame = 9;
	}
	in->ncomments = 2;
	in->comments_total = 11;

	/* capture 1: a 64 KiB name, damaged after frame 57 */
	in = &x->er.in[1];
	x->long_path = malloc(64 * 1024 + 1);
	ck_assert_ptr_nonnull(x->long_path);
	for (i = 0; i < 64 * 1024; i++)
		x->long_path[i] = "<>\"'&\x01\xff\\"[i % 8];
	x->long_path[64 * 1024] = 0;
	in->path = strdup(x->long_path);
	in->capture = 1;
	in->size = 9999;
	snprintf(in->sha256, sizeof(in->sha256), "%s",
		 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
	in->fmt = FMT_PCAP;
	in->frames = 57;
	in->first_ts = 1700000002000000000LL;
	in->last_ts = 1700000003000000000LL;
	in->rstats.nlinktypes = 1;
	in->rstats.linktypes[0] = 1;
	in->partial = 1;
	in->last_good_frame = 57;
	snprintf(in->message, sizeof(in->message), "%s", "truncated record " H_SCRIPT " \x1b[2J");

	x->er.packets = 97;
	x->er.ip_packets = 95;
	x->er.non_ip = 2;
	x->er.first_ts = 1700000000000100000LL;
	x->er.last_ts = 1700000003000000000LL;
	x->er.anomalies[AN_TCP_CSUM].count = 3;
	counter_hit(&x->er.anomalies[AN_SNAPLEN_CUT], 0, 12);
	counter_hit(&x->er.anomalies[AN_SNAPLEN_CUT], 1, 4);
	x->er.anomalies[AN_TCP_CSUM].nfirst = 1;
	x->er.anomalies[AN_TCP_CSUM].first[0].frame = 7;
	x->er.flows.evicted = 2;
	x->er.flows.first_evict_frame = 30;
	x->er.clock.jumps_back = 1;
	x->er.clock.first_jump_frame = 22;
	x->er.ndpi_used = 1;
	x->er.conn_rows = 5;
	x->er.conn_states[CS_SF] = 2;
	x->er.conn_states[CS_S0] = 1;

	x->opts.bpf = "tcp port 80 and host " H_SCRIPT;
	x->opts.conn_log = x->conn_log;

	/* two rules; rule texts come from files, so they are hostile too */
	x->rules[0].id = 3001;
	snprintf(x->rules[0].slug, sizeof(x->rules[0].slug), "syn-unanswered");
	x->rules[0].version = 1;
	x->rules[0].severity = SEV_HIGH;
	x->rules[0].title = strdup("Connection attempts from a source range get no SYN-ACK");
	x->rules[0].explain = strdup("A firewall drops the handshake " H_IMG);
	x->rules[0].alternatives = strdup("asymmetric return path through a stateful firewall; "
					  "the server is down");
	x->rules[0].next = strdup("Firewall deny logs for the source range; tcpdump on the target");
	x->rules[0].incident = strdup("firewall-blocks-health-checks");
	x->rules[1].id = 3002;
	snprintf(x->rules[1].slug, sizeof(x->rules[1].slug), "connection-refused");
	x->rules[1].version = 2;
	x->rules[1].severity = SEV_MEDIUM;
	x->rules[1].title = strdup("Connections refused " H_SCRIPT);
	x->rules[1].explain = strdup("");
	x->rules[1].alternatives = strdup("");
	x->rules[1].next = strdup("Is the service listening?");
	x->rules[1].incident = strdup("");

	x->pack.rules = x->rules;
	x->pack.n = 2;
	x->pack.nfiles = 1;
	snprintf(x->pack.pack_version, sizeof(x->pack.pack_version), "2026.11-test");
	snprintf(x->pack.sha256, sizeof(x->pack.sha256), "%s",
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

	memset(&f, 0, sizeof(f));
	f.rule = &x->rules[0];
	f.severity = SEV_HIGH;
	snprintf(f.verdict, sizeof(f.verdict), "At this capture point 4 connection attempts from "
		 "198.51.100.0/24 to 192.0.2.10:8080/tcp got no SYN-ACK");
	snprintf(f.group, sizeof(f.group), "198.51.100.0/24 -> 192.0.2.10:8080/tcp");
	finding_add_ev(&f, 0, 12);
	finding_add_ev(&f, 0, 3);
	finding_add_ev(&f, 1, 7);
	finding_add_ev(&f, 0, 9);
	finding_add_ev(&f, 1, 5);
	finding_add_flow(&f, "C0-3");
	finding_add_flow(&f, "C1-5");
	finding_add_metric(&f, "unanswered_attempts", 4, ">=", 2, "");
	finding_add_metric(&f, "window", 30, "<=", 30, "s");
	finding_add_info(&f, "answered_sources", 3, "");
	snprintf(f.extra_alternatives, sizeof(f.extra_alternatives), "%s", H_SCRIPT " " H_BYTES);
	ck_assert_int_eq(findings_add(&x->fs, &f), 0);

	memset(&f, 0, sizeof(f));
	f.rule = &x->rules[1];
	f.severity = SEV_MEDIUM;
	snprintf(f.verdict, sizeof(f.verdict), "At this capture point 192.0.2.10:25 refused 1 connection");
	snprintf(f.group, sizeof(f.group), "192.0.2.10:25/tcp");
	for (i = 1; i <= 40; i++)   /* more than FINDING_MAX_EVIDENCE */
		finding_add_ev(&f, i % 2, i);
	finding_add_metric(&f, "refusals", 1, ">=", 1, "");
	ck_assert_int_eq(findings_add(&x->fs, &f), 0);
	findings_sort(&x->fs);

	memset(&tf, 0, sizeof(tf));
	snprintf(tf.uid, sizeof(tf.uid), "C0-1");
	snprintf(tf.proto, sizeof(tf.proto), "tcp");
	snprintf(tf.orig, sizeof(tf.orig), "192.0.2.10");
	snprintf(tf.resp, sizeof(tf.resp), "198.51.100.5");
	tf.orig_p = 40000;
	tf.resp_p = 443;
	snprintf(tf.conn_state, sizeof(tf.conn_state), "SF");
	snprintf(tf.history, sizeof(tf.history), "ShADadFf");
	snprintf(tf.app, sizeof(tf.app), "%s", H_IMG);
	tf.orig_pkts = 8;
	tf.resp_pkts = 7;
	tf.orig_bytes = 1000;
	tf.resp_bytes = 4500;
	top_flows_offer(&x->top, &tf);
	snprintf(tf.uid, sizeof(tf.uid), "C1-5");
	snprintf(tf.proto, sizeof(tf.proto), "udp");
	snprintf(tf.orig, sizeof(tf.orig), "2001:db8::1");
	snprintf(tf.resp, sizeof(tf.resp), "2001:db8::2");
	snprintf(tf.history, sizeof(tf.history), "Dd" H_BYTES);
	snprintf(tf.app, sizeof(tf.app), "-");
	tf.orig_bytes = 88;
	tf.resp_bytes = 128;
	top_flows_offer(&x->top, &tf);
	top_flows_sort(&x->top);

	x->a.er = &x->er;
	x->a.opts = &x->opts;
	x->a.findings = &x->fs;
	x->a.top = &x->top;
	x->a.pack = &x->pack;
	x->a.site = NULL;
	x->a.conn_log = x->conn_log;
	x->a.options_line = "analyze -o out --fail-on high " H_SCRIPT " " H_RLO;
	x->a.fail_on = SEV_HIGH;
	x->a.partial = 1;
}

static void fixture_free(struct fixture *x)
{
	unsigned i;

	for (i = 0; i < x->er.nin; i++)
		free(x->er.in[i].path);
	free(x->er.in);
	for (i = 0; i < 2; i++) {
		free(x->rules[i].title);
		free(x->rules[i].explain);
		free(x->rules[i].alternatives);
		free(x->rules[i].next);
		free(x->rules[i].incident);
	}
	findings_free(&x->fs);
	free(x->long_path);
	tmpdir_free(x->dir);
}

static const char *out_path(const struct fixture *x, const char *name)
{
	static char buf[4][4200];
	static unsigned k;
	char *b = buf[k++ % 4];

	snprintf(b, sizeof(buf[0]), "%s/%s", x->dir, name);
	return b;
}

static const char *xsd_path(void)
{
	static char buf[4096];
	const char *top = getenv("top_srcdir");

	snprintf(buf, sizeof(buf), "%s/reports/netrca-report-1.xsd", top && *top ? top : ".");
	return buf;
}

/* ---- XML helpers ---------------------------------------------------- */

static void quiet_errors(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Validation errors are counted and printed (they explain a failure). */
static int nerrors;
static void count_errors(void *ctx, const char *msg, ...)
{
	va_list ap;

	(void)ctx;
	nerrors++;
	va_start(ap, msg);
	vfprintf(stderr, msg, ap);
	va_end(ap);
}

static int validate(xmlDocPtr doc)
{
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd_path());
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr vc;
	int rc;

	ck_assert_ptr_nonnull(pc);
	schema = xmlSchemaParse(pc);
	ck_assert_msg(schema != NULL, "cannot parse %s", xsd_path());
	vc = xmlSchemaNewValidCtxt(schema);
	ck_assert_ptr_nonnull(vc);
	nerrors = 0;
	xmlSchemaSetValidErrors(vc, count_errors, count_errors, NULL);
	rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	return rc;
}

static int quiet_nerr;
static void quiet_count(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
	quiet_nerr++;
}

/* Validates without printing; returns xmlSchemaValidateDoc's result. */
static int validate_quiet(xmlDocPtr doc)
{
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd_path());
	xmlSchemaPtr schema = xmlSchemaParse(pc);
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	int rc;

	ck_assert_ptr_nonnull(vc);
	xmlSchemaSetValidErrors(vc, quiet_count, quiet_count, NULL);
	rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	return rc;
}

static xmlChar *xp_str(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o;
	xmlChar *s;

	ck_assert_ptr_nonnull(ctx);
	xmlXPathRegisterNs(ctx, BAD_CAST "r", BAD_CAST REPORT_XML_NS);
	o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	ck_assert_msg(o != NULL, "bad xpath %s", expr);
	s = xmlXPathCastToString(o);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return s;
}

static void xp_eq(xmlDocPtr doc, const char *expr, const char *want)
{
	xmlChar *s = xp_str(doc, expr);

	ck_assert_msg(strcmp((const char *)s, want) == 0, "%s = \"%s\", want \"%s\"", expr, s, want);
	xmlFree(s);
}

static xmlDocPtr read_xml(const char *path)
{
	xmlDocPtr doc;

	xmlSetGenericErrorFunc(NULL, count_errors);
	nerrors = 0;
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	xmlSetGenericErrorFunc(NULL, quiet_errors);
	ck_assert_msg(doc != NULL, "%s is not well-formed", path);
	ck_assert_int_eq(nerrors, 0);
	return doc;
}

/* ---- tests: XML ----------------------------------------------------- */

START_TEST(xml_valid_and_faithful)
{
	struct fixture x;
	char err[512];
	const char *p;
	xmlDocPtr doc;
	char *raw;
	size_t len, i;

	fixture_init(&x);
	p = out_path(&x, "report.xml");
	ck_assert_msg(report_write_xml(&x.a, p, err, sizeof(err)) == 0, "%s", err);
	doc = read_xml(p);
	ck_assert_int_eq(validate(doc), 0);
	ck_assert_int_eq(nerrors, 0);

	/* root, namespace, header */
	xp_eq(doc, "namespace-uri(/*)", REPORT_XML_NS);
	xp_eq(doc, "/r:report/@schema-version", "1");
	xp_eq(doc, "/r:report/@partial", "true");
	xp_eq(doc, "count(/r:report/r:tool/r:component)", "5");
	xp_eq(doc, "/r:report/r:rulepack/@version", "2026.11-test");
	xp_eq(doc, "/r:report/r:options/@fail-on", "high");
	xp_eq(doc, "/r:report/r:options/r:bpf", "tcp port 80 and host " H_SCRIPT);

	/* chain of custody with the hostile strings shown, not obeyed */
	xp_eq(doc, "count(/r:report/r:capture)", "2");
	xp_eq(doc, "/r:report/r:capture[@id=0]/r:name",
	      "/evidence/" H_SCRIPT H_IMG "\\x0D\\x0A\\x01\\xFFevil\\u202Egpj.exe.pcapng");
	xp_eq(doc, "/r:report/r:capture[@id=0]/r:name/@truncated", "");
	xp_eq(doc, "/r:report/r:capture[@id=0]/@status", "complete");
	xp_eq(doc, "/r:report/r:capture[@id=0]/@first-ts", "1700000000000100000");
	xp_eq(doc, "/r:report/r:capture[@id=0]/@first-time", "2023-11-14T22:13:20.000100000Z");
	xp_eq(doc, "/r:report/r:capture[@id=0]/r:link-type[2]/@name", "RAW");
	xp_eq(doc, "/r:report/r:capture[@id=0]/r:shb-hardware", H_SCRIPT);
	xp_eq(doc, "/r:report/r:capture[@id=0]/r:shb-os", H_IMG);
	xp_eq(doc, "/r:report/r:capture[@id=0]/r:shb-userappl", "Host: a\\x0D\\x0AX-Injected: 1");
	xp_eq(doc, "/r:report/r:capture[@id=0]/r:interface-name[@index=0]", "\\x01\\xFF");
	xp_eq(doc, "/r:report/r:capture[@id=0]/r:interface-name[@index=1]", "evil\\u202Egpj.exe");
	xp_eq(doc, "/r:report/r:capture[@id=0]/r:interface-name[@index=2]", "nul\\x00inside");
	xp_eq(doc, "/r:report/r:capture[@id=0]/r:comments/@total", "11");
	xp_eq(doc, "/r:report/r:capture[@id=0]/r:comments/r:comment[@frame=3]", H_SCRIPT);
	xp_eq(doc, "/r:report/r:capture[@id=0]/r:comments/r:comment[@frame=9]/@truncated", "true");
	xp_eq(doc, "/r:report/r:capture[@id=1]/@status", "partial");
	xp_eq(doc, "/r:report/r:capture[@id=1]/r:name/@truncated", "true");
	xp_eq(doc, "string-length(/r:report/r:capture[@id=1]/r:name) <= 1027", "true");
	xp_eq(doc, "/r:report/r:capture[@id=1]/r:reader-message/@last-good-frame", "57");
	xp_eq(doc, "/r:report/r:capture[@id=1]/r:reader-message",
	      "truncated record " H_SCRIPT " \\x1B[2J");

	/* findings: sorted, evidence in two captures, one filter per capture */
	xp_eq(doc, "/r:report/r:findings/@total", "2");
	xp_eq(doc, "/r:report/r:findings/r:finding[1]/@rule", "3001");
	xp_eq(doc, "/r:report/r:findings/r:finding[1]/@slug", "syn-unanswered");
	xp_eq(doc, "/r:report/r:findings/r:finding[1]/@severity", "high");
	xp_eq(doc, "/r:report/r:findings/r:finding[1]/r:evidence/@total", "5");
	xp_eq(doc, "count(/r:report/r:findings/r:finding[1]/r:evidence/r:frame)", "5");
	xp_eq(doc, "/r:report/r:findings/r:finding[1]/r:display-filter[@capture=0]",
	      "frame.number in {3, 9, 12}");
	xp_eq(doc, "/r:report/r:findings/r:finding[1]/r:display-filter[@capture=1]",
	      "frame.number in {5, 7}");
	xp_eq(doc, "/r:report/r:findings/r:finding[1]/r:metrics/r:metric[1]/@op", ">=");
	xp_eq(doc, "/r:report/r:findings/r:finding[1]/r:metrics/r:metric[3]/@op", "");
	xp_eq(doc, "/r:report/r:findings/r:finding[1]/r:alternatives/r:alternative[@source='evidence']",
	      H_SCRIPT " \\x01\\xFF");
	xp_eq(doc, "/r:report/r:findings/r:finding[2]/r:evidence/@total", "40");
	xp_eq(doc, "/r:report/r:findings/r:finding[2]/r:evidence/@shown", "32");
	xp_eq(doc, "/r:report/r:summary/r:severity[@name='high']/@count", "1");
	xp_eq(doc, "/r:report/r:summary/@at-or-above-fail-on", "1");
	xp_eq(doc, "/r:report/r:summary/r:conn-state[@name='SF']/@count", "2");

	/* flows from the spool: 3 good rows, the long and the short line skipped */
	xp_eq(doc, "count(/r:report/r:flows/r:flow)", "3");
	xp_eq(doc, "/r:report/r:flows/r:flow[1]/@app", "tls");
	xp_eq(doc, "/r:report/r:flows/r:flow[1]/@orig-ip-bytes", "1000");
	xp_eq(doc, "/r:report/r:flows/r:flow[1]/@ts", "1700000000.000100");
	xp_eq(doc, "count(/r:report/r:flows/r:flow[2]/@app)", "0");
	xp_eq(doc, "count(/r:report/r:flows/r:flow[2]/@duration)", "0");
	xp_eq(doc, "/r:report/r:flows/r:flow[3]/@app", "<img src=x onerror=alert(1)>");
	xp_eq(doc, "/r:report/r:flows/r:flow[3]/@history", "Dd\\x01\\xFF");
	xp_eq(doc, "/r:report/r:limitations/r:limitation[@name='flow-spool-lines-skipped']/@count", "2");
	xp_eq(doc, "/r:report/r:limitations/r:limitation[@name='flow-table-full']/@first-frame", "30");
	xp_eq(doc, "/r:report/r:limitations/r:limitation[@name='inputs-partial']/@count", "1");
	xp_eq(doc, "/r:report/r:anomalies/r:anomaly[@name][1]/@malformed", "false");

	/* the bytes: no raw control, no invalid UTF-8, no bidi override */
	raw = slurp(p, &len);
	ck_assert_ptr_nonnull(raw);
	ck_assert(xmlCheckUTF8((const xmlChar *)raw));
	for (i = 0; i < len; i++)
		ck_assert_msg((unsigned char)raw[i] >= 0x20 || raw[i] == '\n',
			      "raw control byte 0x%02x at %zu", (unsigned char)raw[i], i);
	ck_assert_ptr_null(strstr(raw, "\xe2\x80\xae"));
	ck_assert_ptr_null(strstr(raw, "<script"));
	ck_assert_ptr_null(strstr(raw, "<img"));
	free(raw);

	/* and the command-line validator agrees, when present */
	if (access("/usr/bin/xmllint", X_OK) == 0) {
		char cmd[9000];
		snprintf(cmd, sizeof(cmd), "/usr/bin/xmllint --noout --nonet --schema '%s' '%s' 2>/dev/null",
			 xsd_path(), p);
		ck_assert_int_eq(system(cmd), 0);
	}
	xmlFreeDoc(doc);
	fixture_free(&x);
}
END_TEST

START_TEST(xml_minimal_valid)
{
	struct fixture x;
	struct analysis a;
	struct engine_result er;
	struct input_result in;
	char err[512];
	const char *p;
	xmlDocPtr doc;

	fixture_init(&x);
	memset(&er, 0, sizeof(er));
	memset(&in, 0, sizeof(in));
	in.path = (char *)"/nonexistent/\xff.pcap";
	in.unreadable = 1;
	snprintf(in.message, sizeof(in.message), "/nonexistent/\xff.pcap: No such file");
	er.in = &in;
	er.nin = 1;
	memset(&a, 0, sizeof(a));
	a.er = &er;
	a.fail_on = SEV_COUNT;   /* --fail-on none */
	a.partial = 1;
	a.conn_log = "/nonexistent/conn.log";
	p = out_path(&x, "min.xml");
	ck_assert_msg(report_write_xml(&a, p, err, sizeof(err)) == 0, "%s", err);
	doc = read_xml(p);
	ck_assert_int_eq(validate(doc), 0);
	xp_eq(doc, "/r:report/r:capture/@status", "unreadable");
	xp_eq(doc, "/r:report/r:options/@fail-on", "none");
	xp_eq(doc, "/r:report/r:summary/@fail-on", "none");
	xp_eq(doc, "/r:report/r:capture/r:name", "/nonexistent/\\xFF.pcap");
	xp_eq(doc, "/r:report/r:findings/@total", "0");
	xp_eq(doc, "count(/r:report/r:rulepack)", "0");
	xp_eq(doc, "/r:report/r:limitations/r:limitation[@name='flow-spool-unreadable']/@count", "1");
	xmlFreeDoc(doc);

	p = out_path(&x, "min.html");
	ck_assert_msg(report_write_html(&a, p, err, sizeof(err)) == 0, "%s", err);
	fixture_free(&x);
}
END_TEST

START_TEST(xml_unwritable)
{
	struct fixture x;
	char err[512];

	fixture_init(&x);
	err[0] = 0;
	ck_assert_int_ne(report_write_xml(&x.a, "/nonexistent-dir/report.xml", err, sizeof(err)), 0);
	ck_assert(err[0] != 0);
	err[0] = 0;
	ck_assert_int_ne(report_write_html(&x.a, "/nonexistent-dir/report.html", err, sizeof(err)), 0);
	ck_assert(err[0] != 0);
	/* disk full: the error must surface, not a short file reported as written */
	if (access("/dev/full", W_OK) == 0) {
		err[0] = 0;
		ck_assert_int_ne(report_write_xml(&x.a, "/dev/full", err, sizeof(err)), 0);
		ck_assert_msg(strstr(err, "write error") != NULL, "%s", err);
		err[0] = 0;
		ck_assert_int_ne(report_write_html(&x.a, "/dev/full", err, sizeof(err)), 0);
		ck_assert_msg(strstr(err, "write error") != NULL, "%s", err);
	}
	fixture_free(&x);
}
END_TEST

/* The schema is not vacuous: small corruptions of a valid report fail it. */
static void expect_invalid(const char *xml, size_t len, const char *from, const char *to)
{
	const char *at = strstr(xml, from);
	char *bad;
	size_t k = strlen(from), t = strlen(to), pre;
	xmlDocPtr doc;

	ck_assert_msg(at != NULL, "%s not in the report", from);
	pre = (size_t)(at - xml);
	bad = malloc(len - k + t + 1);
	ck_assert_ptr_nonnull(bad);
	memcpy(bad, xml, pre);
	memcpy(bad + pre, to, t);
	memcpy(bad + pre + t, at + k, len - pre - k);
	bad[len - k + t] = 0;
	doc = xmlReadMemory(bad, (int)(len - k + t), "bad.xml", NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	ck_assert_msg(validate_quiet(doc) != 0, "schema accepts %s -> %s", from, to);
	xmlFreeDoc(doc);
	free(bad);
}

START_TEST(xsd_rejects)
{
	struct fixture x;
	char err[512];
	const char *p;
	char *xml;
	size_t len;

	fixture_init(&x);
	p = out_path(&x, "report.xml");
	ck_assert_msg(report_write_xml(&x.a, p, err, sizeof(err)) == 0, "%s", err);
	xml = slurp(p, &len);
	ck_assert_ptr_nonnull(xml);
	expect_invalid(xml, len, "severity=\"high\"", "severity=\"urgent\"");
	expect_invalid(xml, len, "<frame capture=\"1\" number=\"5\"/>", "<frame capture=\"7\" number=\"5\"/>");
	expect_invalid(xml, len, "conn_state=\"S0\"", "conn_state=\"XX\"");
	expect_invalid(xml, len, "frames=\"40\"", "frames=\"-1\"");
	expect_invalid(xml, len, ">frame.number in {5, 7}<", ">frame.number in {5, 7} or 1<");
	expect_invalid(xml, len, ">frame.number in {5, 7}<", ">frame.number == 5<");
	expect_invalid(xml, len, "schema-version=\"1\"", "schema-version=\"2\"");
	expect_invalid(xml, len, "<icmp-errors ", "<icmp-error ");
	free(xml);
	fixture_free(&x);
}
END_TEST

/* ---- tests: HTML ---------------------------------------------------- */

static const char *const forbidden_elements[] = {
	"script", "img", "iframe", "object", "embed", "link", "base", "form", "input", "svg",
	"math", "frame", "frameset", "applet", "video", "audio", "source", "meta-refresh",
};

struct walk {
	int textareas, filters_ok, style_count;
	char style_text[65536];
	int found_cap0_filter;
};

/* "frame.number in {3, 5..9}": numbers and ranges only */
static int is_filter(const char *s)
{
	const char *p = s;

	if (strncmp(p, "frame.number in {", 17) != 0)
		return 0;
	p += 17;
	for (;;) {
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
		if (!strncmp(p, "..", 2) && isdigit((unsigned char)p[2])) {
			p += 2;
			while (isdigit((unsigned char)*p))
				p++;
		}
		if (!strcmp(p, "}"))
			return 1;
		if (strncmp(p, ", ", 2) != 0)
			return 0;
		p += 2;
	}
}

static void walk(xmlNodePtr n, struct walk *w)
{
	for (; n; n = n->next) {
		xmlAttrPtr at;
		unsigned i;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; i < sizeof(forbidden_elements) / sizeof(forbidden_elements[0]); i++)
			ck_assert_msg(xmlStrcasecmp(n->name, BAD_CAST forbidden_elements[i]) != 0,
				      "element <%s> in the page", n->name);
		for (at = n->properties; at; at = at->next) {
			xmlChar *v = xmlNodeGetContent((xmlNodePtr)at);
			ck_assert_msg(xmlStrncasecmp(at->name, BAD_CAST "on", 2) != 0,
				      "event attribute %s", at->name);
			ck_assert_msg(xmlStrcasecmp(at->name, BAD_CAST "src") != 0 &&
				      xmlStrcasecmp(at->name, BAD_CAST "style") != 0 &&
				      xmlStrcasecmp(at->name, BAD_CAST "srcdoc") != 0 &&
				      xmlStrcasecmp(at->name, BAD_CAST "action") != 0,
				      "attribute %s", at->name);
			if (!xmlStrcasecmp(at->name, BAD_CAST "href"))
				ck_assert_msg(v && v[0] == '#', "href %s leaves the page", v);
			if (!xmlStrcasecmp(at->name, BAD_CAST "http-equiv"))
				ck_assert_msg(!xmlStrcasecmp(v, BAD_CAST "Content-Security-Policy"),
					      "http-equiv %s", v);
			xmlFree(v);
		}
		if (!xmlStrcasecmp(n->name, BAD_CAST "textarea")) {
			xmlChar *v = xmlNodeGetContent(n);
			w->textareas++;
			ck_assert_msg(xmlHasProp(n, BAD_CAST "readonly") != NULL, "textarea not readonly");
			ck_assert_msg(is_filter((const char *)v), "textarea holds \"%s\"", v);
			if (!strcmp((const char *)v,
				    "frame.number in {3, 9, 12}"))
				w->found_cap0_filter = 1;
			xmlFree(v);
		}
		if (!xmlStrcasecmp(n->name, BAD_CAST "style")) {
			xmlChar *v = xmlNodeGetContent(n);
			w->style_count++;
			snprintf(w->style_text, sizeof(w->style_text), "%s", (const char *)v);
			xmlFree(v);
		}
		walk(n->children, w);
	}
}

static xmlNodePtr first_element(xmlNodePtr n)
{
	for (; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

static xmlNodePtr find_element(xmlNodePtr n, const char *name)
{
	for (; n; n = n->next) {
		xmlNodePtr r;
		if (n->type == XML_ELEMENT_NODE && !xmlStrcasecmp(n->name, BAD_CAST name))
			return n;
		if ((r = find_element(n->children, name)) != NULL)
			return r;
	}
	return NULL;
}

static void sha256_b64(const char *s, char *out, size_t n)
{
	unsigned char md[32], b64[64];
	unsigned int mdlen = 0;

	ck_assert(EVP_Digest(s, strlen(s), md, &mdlen, EVP_sha256(), NULL));
	EVP_EncodeBlock(b64, md, (int)mdlen);
	snprintf(out, n, "'sha256-%s'", (const char *)b64);
}

START_TEST(html_inert_and_strict)
{
	struct fixture x;
	char err[512], hash[128], want_csp[512], real[128];
	const char *p;
	htmlDocPtr doc;
	xmlNodePtr root, head, meta, body;
	xmlChar *v, *text;
	struct walk *w;
	char *raw;
	size_t len, i;

	fixture_init(&x);
	p = out_path(&x, "report.html");
	ck_assert_msg(report_write_html(&x.a, p, err, sizeof(err)) == 0, "%s", err);

	/* the bytes: ASCII only, no markup from the capture anywhere */
	raw = slurp(p, &len);
	ck_assert_ptr_nonnull(raw);
	ck_assert_msg(strncmp(raw, "<!DOCTYPE html>", 15) == 0, "doctype: %.40s", raw);
	for (i = 0; i < len; i++)
		ck_assert_msg((unsigned char)raw[i] < 0x80 &&
			      ((unsigned char)raw[i] >= 0x20 || raw[i] == '\n'),
			      "byte 0x%02x at %zu", (unsigned char)raw[i], i);
	ck_assert_ptr_null(strcasestr(raw, "<script"));
	ck_assert_ptr_null(strcasestr(raw, "<img"));
	ck_assert_ptr_null(strcasestr(raw, "http://"));
	ck_assert_ptr_null(strcasestr(raw, "https://"));

	doc = htmlReadFile(p, NULL, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	ck_assert_ptr_nonnull(doc);
	root = xmlDocGetRootElement(doc);
	ck_assert_ptr_nonnull(root);
	ck_assert_str_eq((const char *)root->name, "html");
	head = first_element(root->children);
	ck_assert_ptr_nonnull(head);
	ck_assert_str_eq((const char *)head->name, "head");

	/* CSP first, with the hash of the stylesheet the page really holds */
	meta = first_element(head->children);
	ck_assert_ptr_nonnull(meta);
	ck_assert_str_eq((const char *)meta->name, "meta");
	v = xmlGetProp(meta, BAD_CAST "http-equiv");
	ck_assert_str_eq((const char *)v, "Content-Security-Policy");
	xmlFree(v);
	ck_assert_int_eq(report_css_hash(hash, sizeof(hash)), 0);
	snprintf(want_csp, sizeof(want_csp), "default-src 'none'; style-src %s; img-src data:; "
		 "base-uri 'none'; form-action 'none'", hash);
	v = xmlGetProp(meta, BAD_CAST "content");
	ck_assert_str_eq((const char *)v, want_csp);
	xmlFree(v);

	w = calloc(1, sizeof(*w));
	ck_assert_ptr_nonnull(w);
	walk(root, w);
	ck_assert_int_eq(w->style_count, 1);
	ck_assert_str_eq(w->style_text, report_css);
	sha256_b64(w->style_text, real, sizeof(real));
	ck_assert_str_eq(real, hash);
	/* F1: captures 0 and 1; F2: captures 0 and 1 */
	ck_assert_int_eq(w->textareas, 4);
	ck_assert(w->found_cap0_filter);
	free(w);

	/* hostile text is there, visibly escaped, as text */
	body = find_element(root, "body");
	ck_assert_ptr_nonnull(body);
	text = xmlNodeGetContent(body);
	ck_assert_ptr_nonnull(strstr((const char *)text, H_SCRIPT));
	ck_assert_ptr_nonnull(strstr((const char *)text, H_IMG));
	ck_assert_ptr_nonnull(strstr((const char *)text, "\\x01\\xFF"));
	ck_assert_ptr_nonnull(strstr((const char *)text, "evil\\u202Egpj.exe"));
	ck_assert_ptr_nonnull(strstr((const char *)text, "Host: a\\x0D\\x0AX-Injected: 1"));
	ck_assert_ptr_nonnull(strstr((const char *)text, "truncated record"));
	ck_assert_ptr_nonnull(strstr((const char *)text, "Partial analysis"));
	ck_assert_ptr_null(strstr((const char *)text, "\xe2\x80\xae"));
	ck_assert_ptr_null(strchr((const char *)text, '\x01'));
	xmlFree(text);
	xmlFreeDoc(doc);
	free(raw);
	fixture_free(&x);
}
END_TEST

START_TEST(deterministic)
{
	struct fixture x;
	char err[512];
	const char *names[4] = { "a.xml", "b.xml", "a.html", "b.html" };
	char *buf[4];
	size_t len[4];
	int i;

	fixture_init(&x);
	for (i = 0; i < 4; i++) {
		const char *p = out_path(&x, names[i]);
		int rc = i < 2 ? report_write_xml(&x.a, p, err, sizeof(err))
			       : report_write_html(&x.a, p, err, sizeof(err));
		ck_assert_msg(rc == 0, "%s", err);
		buf[i] = slurp(p, &len[i]);
		ck_assert_ptr_nonnull(buf[i]);
	}
	ck_assert_uint_eq(len[0], len[1]);
	ck_assert(memcmp(buf[0], buf[1], len[0]) == 0);
	ck_assert_uint_eq(len[2], len[3]);
	ck_assert(memcmp(buf[2], buf[3], len[2]) == 0);
	for (i = 0; i < 4; i++)
		free(buf[i]);
	fixture_free(&x);
}
END_TEST

START_TEST(css_hash_format)
{
	char hash[128], small[10];

	ck_assert_int_eq(report_css_hash(hash, sizeof(hash)), 0);
	ck_assert_uint_eq(strlen(hash), strlen("'sha256-'") + 44);
	ck_assert(strncmp(hash, "'sha256-", 8) == 0 && hash[strlen(hash) - 1] == '\'');
	ck_assert_int_lt(report_css_hash(small, sizeof(small)), 0);
	/* the stylesheet is ASCII and cannot close its element */
	for (size_t i = 0; report_css[i]; i++)
		ck_assert((unsigned char)report_css[i] < 0x80);
	ck_assert_ptr_null(strstr(report_css, "</"));
	ck_assert_ptr_null(strstr(report_css, "url("));
	ck_assert_ptr_null(strstr(report_css, "@import"));
}
END_TEST

/* ---- end to end: a hostile pcapng through the engine ----------------- */

struct buf {
	unsigned char b[8192];
	size_t n;
};

static void put(struct buf *b, const void *p, size_t n)
{
	ck_assert_uint_le(b->n + n, sizeof(b->b));
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

static void put32(struct buf *b, uint32_t v)
{
	put(b, &v, 4);   /* little-endian host: the section's byte order */
}

static void put_opt(struct buf *b, uint16_t code, const void *v, size_t len)
{
	static const unsigned char zero[4];
	uint16_t h[2] = { code, (uint16_t)len };

	put(b, h, 4);
	put(b, v, len);
	put(b, zero, (4 - len % 4) % 4);
}

static void put_block(struct buf *out, uint32_t type, const struct buf *body)
{
	put32(out, type);
	put32(out, (uint32_t)(12 + body->n));
	put(out, body->b, body->n);
	put32(out, (uint32_t)(12 + body->n));
}

/* SHB, IDB and one EPB (a TCP SYN) whose strings are all hostile. */
static void write_hostile_pcapng(const char *path)
{
	static const unsigned char frame[54] = {
		2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 0x08, 0x00,
		0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 192, 0, 2, 1, 198, 51, 100, 2,
		0x9c, 0x40, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0 };
	static const char comment[] = H_SCRIPT "\0" H_IMG;
	static struct buf out, body;
	uint16_t v[2] = { 1, 0 };
	uint64_t ts = 1767225600000000ULL;
	char big[2000];
	FILE *f;

	memset(big, 'A', sizeof(big));
	memcpy(big, H_BYTES H_RLO, 2 + strlen(H_RLO));
	out.n = body.n = 0;
	put32(&body, 0x1A2B3C4D);
	put(&body, v, 4);
	put32(&body, 0xffffffff);
	put32(&body, 0xffffffff);
	put_opt(&body, 2, H_SCRIPT, strlen(H_SCRIPT));
	put_opt(&body, 3, H_IMG "\r\n", strlen(H_IMG) + 2);
	put_opt(&body, 4, big, sizeof(big));
	put_opt(&body, 0, "", 0);
	put_block(&out, 0x0A0D0D0A, &body);
	body.n = 0;
	put32(&body, 1);            /* LINKTYPE_ETHERNET, reserved */
	put32(&body, 65535);
	put_opt(&body, 2, "eth" H_RLO H_SCRIPT, 3 + strlen(H_RLO) + strlen(H_SCRIPT));
	put_opt(&body, 0, "", 0);
	put_block(&out, 1, &body);
	body.n = 0;
	put32(&body, 0);
	put32(&body, (uint32_t)(ts >> 32));
	put32(&body, (uint32_t)ts);
	put32(&body, sizeof(frame));
	put32(&body, sizeof(frame));
	put(&body, frame, sizeof(frame));
	put(&body, "\0\0", 2);      /* pad 54 -> 56 */
	put_opt(&body, 1, comment, sizeof(comment) - 1);
	put_opt(&body, 0, "", 0);
	put_block(&out, 6, &body);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(out.b, 1, out.n, f), out.n);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(hostile_capture_end_to_end)
{
	struct fixture x;
	struct engine_result er;
	struct engine_opts o;
	struct findings fs;
	struct top_flows top;
	struct analysis a;
	char err[512], pcap[4300], cl[4300];
	char *paths[1], *raw;
	const char *p;
	size_t len;
	xmlDocPtr doc;
	htmlDocPtr hd;
	struct walk *w;

	fixture_init(&x);
	snprintf(pcap, sizeof(pcap), "%s/" H_SCRIPT "\xe2\x80\xae.pcapng", x.dir);
	/* '/' cannot be in a file name: the </script> becomes a directory part */
	for (char *q = pcap + strlen(x.dir) + 1; *q; q++)
		if (*q == '/')
			*q = '|';
	write_hostile_pcapng(pcap);
	snprintf(cl, sizeof(cl), "%s/e2e-conn.log", x.dir);
	memset(&o, 0, sizeof(o));
	o.conn_log = cl;
	o.no_ndpi = 1;
	memset(&er, 0, sizeof(er));
	paths[0] = pcap;
	ck_assert_msg(engine_run(&o, paths, 1, &er, err, sizeof(err)) == ENGINE_OK, "%s", err);
	ck_assert_uint_eq(er.nin, 1);
	ck_assert_uint_eq(er.in[0].frames, 1);

	memset(&fs, 0, sizeof(fs));
	memset(&top, 0, sizeof(top));
	memset(&a, 0, sizeof(a));
	a.er = &er;
	a.opts = &o;
	a.findings = &fs;
	a.top = &top;
	a.conn_log = cl;
	a.fail_on = SEV_HIGH;

	p = out_path(&x, "e2e.xml");
	ck_assert_msg(report_write_xml(&a, p, err, sizeof(err)) == 0, "%s", err);
	doc = read_xml(p);
	ck_assert_int_eq(validate(doc), 0);
	xp_eq(doc, "/r:report/r:capture/r:shb-hardware", H_SCRIPT);
	xp_eq(doc, "starts-with(/r:report/r:capture/r:shb-userappl, '\\x01\\xFFevil\\u202Egpj.exe')", "true");
	xp_eq(doc, "/r:report/r:capture/r:shb-userappl/@truncated", "true");
	xp_eq(doc, "/r:report/r:capture/r:interface-name", "ethevil\\u202Egpj.exe" H_SCRIPT);
	xp_eq(doc, "/r:report/r:capture/r:comments/r:comment[@frame=1]", H_SCRIPT "\\x00" H_IMG);
	xp_eq(doc, "count(/r:report/r:flows/r:flow)", "1");
	xmlFreeDoc(doc);

	p = out_path(&x, "e2e.html");
	ck_assert_msg(report_write_html(&a, p, err, sizeof(err)) == 0, "%s", err);
	raw = slurp(p, &len);
	ck_assert_ptr_nonnull(raw);
	ck_assert_ptr_null(strcasestr(raw, "<script"));
	ck_assert_ptr_null(strcasestr(raw, "<img"));
	free(raw);
	hd = htmlReadFile(p, NULL, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	ck_assert_ptr_nonnull(hd);
	w = calloc(1, sizeof(*w));
	ck_assert_ptr_nonnull(w);
	walk(xmlDocGetRootElement(hd), w);
	ck_assert_int_eq(w->style_count, 1);
	ck_assert_int_eq(w->textareas, 0);
	free(w);
	xmlFreeDoc(hd);
	engine_result_free(&er);
	unlink(cl);
	unlink(pcap);
	fixture_free(&x);
}
END_TEST

/* ---- property: random hostile bytes in every string field -------------- */

static uint32_t rnd(uint32_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 17;
	*st ^= *st << 5;
	return *st;
}

/* Fills dst (size n) with len random bytes biased towards markup, quotes,
 * controls and broken UTF-8; NUL-terminated at len (NULs may occur inside). */
static size_t rnd_bytes(uint32_t *st, char *dst, size_t n)
{
	static const char pick[] = "<>&\"'/\\;=\r\n\t\x01\x1b\x7f\x80\x9f\xc2\xc3\xe2\x80\xae\xef\xbb\xbf\xf0\xff"
				   "script img onerror";
	size_t len = rnd(st) % n, i;

	for (i = 0; i < len; i++)
		dst[i] = (rnd(st) & 1) ? pick[rnd(st) % (sizeof(pick) - 1)] : (char)rnd(st);
	dst[len] = 0;
	return len;
}

START_TEST(random_hostile_strings)
{
	struct fixture x;
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr schema;
	uint32_t st = 0x2545f491u;
	char err[512], path[300], title[200], opts[200], bpf[100];
	int iter;

	fixture_init(&x);
	pc = xmlSchemaNewParserCtxt(xsd_path());
	schema = xmlSchemaParse(pc);
	ck_assert_ptr_nonnull(schema);
	for (iter = 0; iter < 80; iter++) {
		struct input_result *in = &x.er.in[iter % 2];
		struct finding *f = &x.fs.v[iter % 2];
		struct top_flow *tf = &x.top.v[0];
		xmlSchemaValidCtxtPtr vc;
		xmlDocPtr doc;
		htmlDocPtr hd;
		struct walk *w;
		char *raw;
		size_t len, i;
		int rc;

		rnd_bytes(&st, path, sizeof(path));
		free(in->path);
		in->path = strdup(path);
		in->shb_hardware.len = rnd_bytes(&st, in->shb_hardware.s, sizeof(in->shb_hardware.s));
		in->shb_os.len = rnd_bytes(&st, in->shb_os.s, sizeof(in->shb_os.s));
		in->ifnames[0].len = rnd_bytes(&st, in->ifnames[0].s, sizeof(in->ifnames[0].s));
		in->comments[0].len = rnd_bytes(&st, in->comments[0].s, sizeof(in->comments[0].s));
		rnd_bytes(&st, in->message, sizeof(in->message));
		rnd_bytes(&st, f->verdict, sizeof(f->verdict));
		rnd_bytes(&st, f->group, sizeof(f->group));
		rnd_bytes(&st, f->extra_alternatives, sizeof(f->extra_alternatives));
		rnd_bytes(&st, f->m[0].name, sizeof(f->m[0].name));
		rnd_bytes(&st, f->m[0].unit, sizeof(f->m[0].unit));
		rnd_bytes(&st, title, sizeof(title));
		free(x.rules[iter % 2].title);
		x.rules[iter % 2].title = strdup(title);
		free(x.rules[iter % 2].next);
		x.rules[iter % 2].next = strdup(title);
		rnd_bytes(&st, tf->app, sizeof(tf->app));
		rnd_bytes(&st, tf->history, sizeof(tf->history));
		rnd_bytes(&st, tf->orig, sizeof(tf->orig));
		rnd_bytes(&st, opts, sizeof(opts));
		x.a.options_line = opts;
		rnd_bytes(&st, bpf, sizeof(bpf));
		x.opts.bpf = bpf;

		ck_assert_msg(report_write_xml(&x.a, out_path(&x, "r.xml"), err, sizeof(err)) == 0, "%s", err);
		doc = xmlReadFile(out_path(&x, "r.xml"), NULL, XML_PARSE_NONET);
		ck_assert_msg(doc != NULL, "iteration %d: report.xml not well-formed", iter);
		vc = xmlSchemaNewValidCtxt(schema);
		xmlSchemaSetValidErrors(vc, count_errors, count_errors, NULL);
		rc = xmlSchemaValidateDoc(vc, doc);
		xmlSchemaFreeValidCtxt(vc);
		xmlFreeDoc(doc);
		ck_assert_msg(rc == 0, "iteration %d: report.xml not valid", iter);

		ck_assert_msg(report_write_html(&x.a, out_path(&x, "r.html"), err, sizeof(err)) == 0, "%s", err);
		raw = slurp(out_path(&x, "r.html"), &len);
		ck_assert_ptr_nonnull(raw);
		for (i = 0; i < len; i++)
			ck_assert((unsigned char)raw[i] < 0x80);
		ck_assert_ptr_null(strcasestr(raw, "<script"));
		ck_assert_ptr_null(strcasestr(raw, "<img"));
		free(raw);
		hd = htmlReadFile(out_path(&x, "r.html"), NULL,
				  HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
		ck_assert_ptr_nonnull(hd);
		w = calloc(1, sizeof(*w));
		ck_assert_ptr_nonnull(w);
		walk(xmlDocGetRootElement(hd), w);
		ck_assert_int_eq(w->style_count, 1);
		ck_assert_str_eq(w->style_text, report_css);
		free(w);
		xmlFreeDoc(hd);
	}
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	unlink(out_path(&x, "r.xml"));
	unlink(out_path(&x, "r.html"));
	fixture_free(&x);
}
END_TEST

/* A random field without the spool's separators (the writers never put
 * tabs or line ends in a field), hostile otherwise. */
static void rnd_field(uint32_t *st, char *dst, size_t n)
{
	size_t i, len = rnd_bytes(st, dst, n);

	for (i = 0; i < len; i++)
		if (dst[i] == '\t' || dst[i] == '\n' || dst[i] == '\r' || dst[i] == 0)
			dst[i] = '%';
	if (!len) {
		dst[0] = '-';
		dst[1] = 0;
	}
}

/* The uid (first column) of a spool row. */
static size_t row_uid(const char *row, char *uid, size_t n)
{
	size_t i;

	for (i = 0; row[i] && row[i] != '\t' && i + 1 < n; i++)
		uid[i] = row[i];
	uid[i] = 0;
	return i;
}

/*
 * report.xml's <flow> rows built during the analysis (xml_rows_*, fed each
 * conn.log row with its tcp.log row, as the finishing stage does) are the
 * rows report_write_xml builds from the spools, byte for byte: the fixture's
 * hostile and broken rows, then rows with random hostile strings and
 * numbers, with and without tcp.log rows.
 */
START_TEST(xml_rows_match_spools)
{
	struct fixture x;
	uint32_t st = 0x9e3779b9u;
	char err[512], tl[4200], *tfields = tcplog_fields_line();
	int iter;

	unsigned ncols = 0;
	const char *q;

	ck_assert_ptr_nonnull(tfields);
	for (q = tfields; (q = strchr(q, '\t')) != NULL; q++)
		ncols++;   /* "#fields" then one tab per column */
	ck_assert_uint_gt(ncols, 10);
	fixture_init(&x);
	snprintf(tl, sizeof(tl), "%s/tcp.log", x.dir);
	for (iter = 0; iter < 12; iter++) {
		FILE *cf, *tf, *rf;
		struct xml_rows b;
		char *line = malloc(1 << 16), uid[64], tuid[64];
		char **trows = calloc(64, sizeof(*trows));
		size_t spool_len, rows_len, ntrows = 0, i;
		char *a, *c;
		int k;

		ck_assert_ptr_nonnull(line);
		ck_assert_ptr_nonnull(trows);
		if (iter > 0) {
			/* a fresh conn.log of random rows, and tcp.log rows for some */
			cf = fopen(x.conn_log, "w");
			tf = fopen(tl, "w");
			ck_assert_ptr_nonnull(cf);
			ck_assert_ptr_nonnull(tf);
			fprintf(cf, "#separator \\x09\n#path\tconn\n%s\n", connlog_fields_line());
			fprintf(tf, "#separator \\x09\n#path\ttcp\n%s\n", tfields);
			for (k = 0; k < 40; k++) {
				char u[40], proto[40], hist[40], svc[40], num[40];
				unsigned j;
				rnd_field(&st, u, sizeof(u));
				rnd_field(&st, proto, sizeof(proto));
				rnd_field(&st, hist, sizeof(hist));
				rnd_field(&st, svc, sizeof(svc));
				/* numbers: canonical, leading zeros, past 2^64, or junk */
				switch (rnd(&st) % 4) {
				case 0: snprintf(num, sizeof(num), "%u", rnd(&st)); break;
				case 1: snprintf(num, sizeof(num), "000%u", rnd(&st) % 100); break;
				case 2: snprintf(num, sizeof(num), "184467440737095516160"); break;
				default: rnd_field(&st, num, sizeof(num)); break;
				}
				snprintf(uid, sizeof(uid), "C%d-%d%s", iter, k, rnd(&st) % 5 ? "" : u);
				fprintf(cf, "%u.%06u\t%s\t192.0.2.%u\t%s\t%s\t443\t%s\t%s\t0.%06u\t%s\t4\tSF\t0\t%s\t%s\t1\t2\t3\t1:x=\n",
					1700000000u + (unsigned)k, rnd(&st) % 1000000, uid, rnd(&st) % 256, num,
					k % 7 ? "2001:db8::1" : u, proto, svc, rnd(&st) % 1000000, num, hist, num);
				if (rnd(&st) % 3) {
					fprintf(tf, "%s", uid);
					for (j = 1; j < ncols; j++) {
						switch (rnd(&st) % 5) {
						case 0: fprintf(tf, "\t-"); break;
						case 1: fprintf(tf, "\t%u.%06u", rnd(&st) % 10, rnd(&st) % 1000000); break;
						case 2: rnd_field(&st, num, sizeof(num)); fprintf(tf, "\t%s", num); break;
						default: fprintf(tf, "\t%u", rnd(&st) % 100000); break;
						}
					}
					fprintf(tf, "\n");
				}
			}
			ck_assert_int_eq(fclose(cf), 0);
			ck_assert_int_eq(fclose(tf), 0);
			x.a.tcp_log = tl;
		}
		x.a.rows = NULL;
		ck_assert_msg(report_write_xml(&x.a, out_path(&x, "spool.xml"), err, sizeof(err)) == 0, "%s", err);

		/* the same rows through the builder */
		tf = x.a.tcp_log ? fopen(x.a.tcp_log, "r") : NULL;
		while (tf && fgets(line, 1 << 16, tf) && ntrows < 64)
			if (line[0] != '#')
				trows[ntrows++] = strdup(line);
		if (tf)
			fclose(tf);
		rf = tmpfile();
		ck_assert_ptr_nonnull(rf);
		ck_assert_int_eq(xml_rows_open(&b, rf, connlog_fields_line(), tfields), 0);
		cf = fopen(x.conn_log, "r");
		ck_assert_ptr_nonnull(cf);
		i = 0;
		while (fgets(line, 1 << 16, cf)) {
			const char *t = NULL;
			if (line[0] == '#')
				continue;
			/* conn.log: ts, then the uid */
			row_uid(strchr(line, '\t') ? strchr(line, '\t') + 1 : line, uid, sizeof(uid));
			/* tcp.log rows come in conn.log order, for some flows only */
			if (i < ntrows) {
				row_uid(trows[i], tuid, sizeof(tuid));
				if (!strcmp(uid, tuid))
					t = trows[i++];
			}
			xml_rows_add(&b, line, strlen(line), t, t ? strlen(t) : 0);
		}
		fclose(cf);
		ck_assert_int_eq(xml_rows_close(&b), 0);
		x.a.rows = &b;
		ck_assert_msg(report_write_xml(&x.a, out_path(&x, "rows.xml"), err, sizeof(err)) == 0, "%s", err);
		x.a.rows = NULL;
		fclose(rf);

		a = slurp(out_path(&x, "spool.xml"), &spool_len);
		c = slurp(out_path(&x, "rows.xml"), &rows_len);
		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_nonnull(c);
		ck_assert_msg(spool_len == rows_len && memcmp(a, c, spool_len) == 0,
			      "iteration %d: report.xml differs between the spool and the builder (%zu / %zu bytes)",
			      iter, spool_len, rows_len);
		/* it has rows, with TCP measurements merged once tcp.log has rows */
		ck_assert_ptr_nonnull(strstr(a, "<flow uid="));
		if (iter > 0)
			ck_assert_ptr_nonnull(strstr(a, "<side name=\"orig\""));
		free(a);
		free(c);
		for (i = 0; i < ntrows; i++)
			free(trows[i]);
		free(trows);
		free(line);
	}
	free(tfields);
	fixture_free(&x);
}
END_TEST

/* ---- <flow> rows: read from the spools, or built while the engine runs --- */

/*
 * report.xml's <flow> rows reach the file one of two ways: read back from
 * the conn.log and tcp.log spools (analysis.rows NULL), or built from each
 * row as the engine writes it (xml_rows_*; analysis.rows set) and copied in.
 * For the same rows both must give the same bytes.  The rows below are
 * written to spools under the real writers' header lines (connlog_open /
 * tcplog_open write them into a file here) and handed to the builder as the
 * engine hands them: each conn.log row with its newline, with its own
 * tcp.log row or none.  The built report is written with the spool paths
 * pointing nowhere (so a silent fall-back to the spools would show), once
 * through plain stdio and once through a threaded hashout stream (what
 * netrca analyze does: the rows arrive by hashout_copy_range).
 */

/* A growing byte string (rows may hold NULs). */
struct sb {
	char *b;
	size_t n, cap;
};

static void sb_put(struct sb *s, const void *p, size_t n)
{
	if (s->n + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 256;
		while (cap < s->n + n + 1)
			cap *= 2;
		s->b = realloc(s->b, cap);
		ck_assert_ptr_nonnull(s->b);
		s->cap = cap;
	}
	memcpy(s->b + s->n, p, n);
	s->n += n;
	s->b[s->n] = 0;
}

static void sb_puts(struct sb *s, const char *p)
{
	sb_put(s, p, strlen(p));
}

/* n bytes made of unit repeated (the last copy cut), malloc'ed. */
static char *rep(const char *unit, size_t n)
{
	size_t u = strlen(unit), i;
	char *p = malloc(n + 1);

	ck_assert_ptr_nonnull(p);
	for (i = 0; i < n; i++)
		p[i] = unit[i % u];
	p[n] = 0;
	return p;
}

/* One conn.log row and what goes with it. */
struct prow {
	struct sb c;          /* the conn.log row as written; n 0: none (a tcp.log row only) */
	struct sb t;          /* its tcp.log row (written to tcp.log); n 0: none */
	int feed_tcp;         /* the builder is handed t with c */
};

struct rowset {
	struct prow v[700];
	size_t n;
	uint64_t want_rows, want_skipped;   /* worked out by hand / by the generator */
	uint64_t want_tcp;                  /* <tcp> elements (tcp.log rows merged) */
};

/* A conn.log row from 19 fields (NULL = the field is left out with its tab:
 * missing columns), ending with end. */
static void conn_join(struct sb *s, const char *const *f, int nf, const char *end)
{
	int i;

	for (i = 0; i < nf; i++) {
		if (i)
			sb_puts(s, "\t");
		sb_puts(s, f[i]);
	}
	sb_puts(s, end);
}

#define CONN_NF 19
static const char *const conn_base[CONN_NF] = {
	"1700000000.000100", "C0-1", "192.0.2.10", "40000", "198.51.100.5", "443", "tcp", "tls",
	"0.250000", "517", "4096", "SF", "0", "ShADadFf", "8", "1000", "7", "4500", "1:abc="
};
enum { F_TS, F_UID, F_OH, F_OP, F_RH, F_RP, F_PROTO, F_SERVICE, F_DUR, F_OB, F_RB, F_STATE,
       F_MISSED, F_HIST, F_OPK, F_OIB, F_RPK, F_RIB, F_CID };

/* A tcp.log row for uid in tcplog_fields' order: plausible values, with
 * name=value overrides from kv (NULL-terminated pairs). */
static void tcp_join(struct sb *s, const char *uid, const char *const *kv, const char *end)
{
	unsigned i, k;

	sb_puts(s, uid);
	for (i = 1; tcplog_fields[i]; i++) {
		const char *name = tcplog_fields[i], *v = NULL;
		char num[32];
		for (k = 0; kv && kv[k]; k += 2)
			if (!strcmp(kv[k], name))
				v = kv[k + 1];
		if (!v) {
			if (!strcmp(name, "quality") || !strcmp(name, "tunnel"))
				v = "-";
			else if (strstr(name, "rtt") || strstr(name, "time"))
				snprintf(num, sizeof(num), "0.%06u", 1000 + i * 37), v = num;
			else
				snprintf(num, sizeof(num), "%u", i * 3 % 17), v = num;
		}
		sb_puts(s, "\t");
		sb_puts(s, v);
	}
	sb_puts(s, end);
}

static struct prow *rs_new(struct rowset *rs)
{
	struct prow *p;

	ck_assert_uint_lt(rs->n, sizeof(rs->v) / sizeof(rs->v[0]));
	p = &rs->v[rs->n++];
	memset(p, 0, sizeof(*p));
	p->feed_tcp = 1;
	return p;
}

static void rs_free(struct rowset *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		free(rs->v[i].c.b);
		free(rs->v[i].t.b);
	}
	free(rs);
}

/* The header lines the real writers put before the rows (and, for conn.log,
 * the #close line after them): written by connlog_open / tcplog_open into
 * path, then read back. */
static char *writer_header(const char *path, int conn, char **trailer)
{
	char *text, *last;
	size_t len;

	if (conn) {
		struct connlog *l = connlog_open(path, 1700000000000000000LL);
		ck_assert_ptr_nonnull(l);
		ck_assert_int_eq(connlog_close(l, 1700000100000000000LL), 0);
	} else {
		struct tcplog *l = tcplog_open(path);
		ck_assert_ptr_nonnull(l);
		ck_assert_int_eq(tcplog_close(l), 0);
	}
	text = slurp(path, &len);
	ck_assert_ptr_nonnull(text);
	ck_assert(len > 0 && text[len - 1] == '\n');
	if (conn) {
		char *fields = strstr(text, connlog_fields_line());
		ck_assert_ptr_nonnull(fields);
		ck_assert(fields > text && fields[-1] == '\n');
		text[len - 1] = 0;
		last = strrchr(text, '\n') + 1;
		ck_assert(strncmp(last, "#close\t", 7) == 0);
		*trailer = malloc(strlen(last) + 2);
		ck_assert_ptr_nonnull(*trailer);
		sprintf(*trailer, "%s\n", last);
		*last = 0;
	} else {
		char *tf = tcplog_fields_line();
		ck_assert_ptr_nonnull(tf);
		ck_assert_ptr_nonnull(strstr(text, tf));
		free(tf);
	}
	return text;
}

/* Writes conn.log and tcp.log for rs into dir. */
static void write_spools(const struct rowset *rs, const char *conn_path, const char *tcp_path)
{
	char *trailer = NULL, *chead = writer_header(conn_path, 1, &trailer);
	char *thead = writer_header(tcp_path, 0, NULL);
	FILE *c = fopen(conn_path, "wb"), *t = fopen(tcp_path, "wb");
	size_t i;

	ck_assert(c && t);
	fputs(chead, c);
	fputs(thead, t);
	for (i = 0; i < rs->n; i++) {
		const struct prow *p = &rs->v[i];
		ck_assert_uint_eq(fwrite(p->c.b ? p->c.b : "", 1, p->c.n, c), p->c.n);
		ck_assert_uint_eq(fwrite(p->t.b ? p->t.b : "", 1, p->t.n, t), p->t.n);
	}
	fputs(trailer, c);
	ck_assert_int_eq(fclose(c), 0);
	ck_assert_int_eq(fclose(t), 0);
	free(chead);
	free(thead);
	free(trailer);
}

/* The two byte strings are equal; else where they differ. */
static void same_bytes(const char *an, const char *a, size_t al, const char *bn, const char *b, size_t bl)
{
	size_t i;

	if (al == bl && memcmp(a, b, al) == 0)
		return;
	for (i = 0; i < al && i < bl && a[i] == b[i]; i++)
		;
	ck_abort_msg("%s (%zu bytes) and %s (%zu bytes) differ at byte %zu: \"%.60s\" / \"%.60s\"",
		     an, al, bn, bl, i, i >= 20 ? a + i - 20 : a, i >= 20 ? b + i - 20 : b);
}

static uint64_t count_str(const char *hay, const char *needle)
{
	uint64_t n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* The count of the flow-spool-lines-skipped limitation (0 when absent). */
static uint64_t spool_skipped(const char *xml)
{
	static const char key[] = "<limitation name=\"flow-spool-lines-skipped\" count=\"";
	const char *p = strstr(xml, key);

	return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

struct two_paths {
	struct xml_rows b;
	char *spool, *built;          /* the two report.xml, read back */
	size_t spool_len, built_len;
};

/* Writes report.xml from x's analysis with the spools of rs, and again with
 * rows built by xml_rows_* (plain stdio and hashout); asserts all three are
 * the same bytes and the counts agree with rs's.  valid: 1 the report must
 * also be valid against the schema, -1 well-formed, 0 neither checked. */
static void two_paths(struct fixture *x, const struct rowset *rs, int valid, const char *tag)
{
	char cl[4300], tl[4300], rp[4300], p1[4300], p2[4300], p3[4300], err[512], hex[65];
	struct analysis a = x->a;
	struct xml_rows b;
	struct hashout *h = NULL;
	char *tf = tcplog_fields_line(), *s1, *s2, *s3;
	size_t l1 = 0, l2 = 0, l3 = 0, i;
	uint64_t conn_rows = 0;
	FILE *fp, *hf;

	snprintf(cl, sizeof(cl), "%s/%s-conn.log", x->dir, tag);
	snprintf(tl, sizeof(tl), "%s/%s-tcp.log", x->dir, tag);
	snprintf(rp, sizeof(rp), "%s/%s-rows", x->dir, tag);
	snprintf(p1, sizeof(p1), "%s/%s-spool.xml", x->dir, tag);
	snprintf(p2, sizeof(p2), "%s/%s-built.xml", x->dir, tag);
	snprintf(p3, sizeof(p3), "%s/%s-hashout.xml", x->dir, tag);
	write_spools(rs, cl, tl);
	for (i = 0; i < rs->n; i++)
		conn_rows += rs->v[i].c.n > 0;
	x->er.conn_rows = conn_rows;

	/* the spools */
	a.conn_log = cl;
	a.tcp_log = tl;
	a.rows = NULL;
	ck_assert_msg(report_write_xml(&a, p1, err, sizeof(err)) == 0, "%s", err);

	/* the builder, fed as the engine feeds it */
	ck_assert_ptr_nonnull(tf);
	fp = fopen(rp, "w+b");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(xml_rows_open(&b, fp, connlog_fields_line(), tf), 0);
	for (i = 0; i < rs->n; i++) {
		const struct prow *p = &rs->v[i];
		if (!p->c.n)
			continue;   /* a tcp.log row with no conn.log row: nothing to hand over */
		xml_rows_add(&b, p->c.b, p->c.n, p->feed_tcp && p->t.n ? p->t.b : NULL,
			     p->feed_tcp ? p->t.n : 0);
	}
	ck_assert_int_eq(xml_rows_close(&b), 0);
	ck_assert_int_eq(b.ok, 1);
	a.rows = &b;
	a.conn_log = "/nonexistent/conn.log";
	a.tcp_log = "/nonexistent/tcp.log";
	ck_assert_msg(report_write_xml(&a, p2, err, sizeof(err)) == 0, "%s", err);
	hf = hashout_open(p3, 1, &h);
	ck_assert_ptr_nonnull(hf);
	ck_assert_msg(report_write_xml_file(&a, hf, p3, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(hashout_finish(h, hex), 0);
	fclose(fp);

	s1 = slurp(p1, &l1);
	s2 = slurp(p2, &l2);
	s3 = slurp(p3, &l3);
	ck_assert(s1 && s2 && s3);
	same_bytes("spool path", s1, l1, "built rows", s2, l2);
	same_bytes("spool path", s1, l1, "built rows through hashout", s3, l3);
	{
		char want[65];
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned mdlen = 0, j;
		ck_assert_int_eq(EVP_Digest(s3, l3, md, &mdlen, EVP_sha256(), NULL), 1);
		for (j = 0; j < mdlen; j++)
			snprintf(want + 2 * j, 3, "%02x", md[j]);
		ck_assert_str_eq(hex, want);
	}

	/* the counts: the builder's, the spool reader's (the report) and ours */
	ck_assert_msg(strstr(s1, "<limitation name=\"flow-spool-unreadable\"") == NULL, "spools not read");
	ck_assert_uint_eq(count_str(s1, "<flow uid=\""), rs->want_rows);
	ck_assert_uint_eq(b.rows, rs->want_rows);
	ck_assert_uint_eq(spool_skipped(s1), rs->want_skipped);
	ck_assert_uint_eq(b.skipped, rs->want_skipped);
	ck_assert_uint_eq(count_str(s1, "\n" "      <tcp"), rs->want_tcp);
	if (valid) {
		xmlDocPtr doc = read_xml(p1);   /* well-formed */
		if (valid > 0)
			ck_assert_int_eq(validate(doc), 0);
		xmlFreeDoc(doc);
	}
	free(s1);
	free(s2);
	free(s3);
	free(tf);
	unlink(cl);
	unlink(tl);
	unlink(rp);
	unlink(p1);
	unlink(p2);
	unlink(p3);
}

/* Adds a conn.log row: fields f[0..nf) joined by tabs, then end.  kept: 1
 * listed, 0 skipped (too long, missing columns), -1 neither (empty). */
static struct prow *add_conn(struct rowset *rs, const char *const *f, int nf, const char *end, int kept)
{
	struct prow *p = rs_new(rs);

	conn_join(&p->c, f, nf, end);
	if (kept > 0)
		rs->want_rows++;
	else if (kept == 0)
		rs->want_skipped++;
	return p;
}

START_TEST(flow_rows_two_paths)
{
	struct fixture x;
	struct rowset *rs = calloc(1, sizeof(*rs));
	const char *f[32];
	char *s511, *s512, *s2000, *h1500, *h9000, *pad, *tun9000;
	struct prow *p;
	int i;

	ck_assert_ptr_nonnull(rs);
	fixture_init(&x);
	s511 = rep("a", 511);
	s512 = rep("b", 512);
	s2000 = rep("c", 2000);
	h1500 = rep("&<\"\xc3\xa9\\'>", 1500);
	h9000 = rep("ShAD", 9000);
	tun9000 = rep("gre,", 9000);

	/* an ordinary TCP flow with its tcp.log row */
	memcpy(f, conn_base, sizeof(conn_base));
	p = add_conn(rs, f, CONN_NF, "\n", 1);
	tcp_join(&p->t, f[F_UID], NULL, "\n");
	/* an ordinary UDP flow: no tcp.log row */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-2", f[F_PROTO] = "udp", f[F_OP] = "53000", f[F_RP] = "53", f[F_SERVICE] = "dns";
	f[F_HIST] = "Dd", f[F_STATE] = "SF";
	add_conn(rs, f, CONN_NF, "\n", 1);
	/* TCP, unknowns everywhere, capture-quality flags and a tunnel */
	{
		static const char *const kv[] = {
			"irtt", "-", "rtt_syn_synack", "-", "rtt_synack_ack", "-", "orig_rtt_min", "-",
			"resp_rtt_p50", "-", "quality", "one_sided,acked_unseen",
			"tunnel", "gre,192.0.2.1,192.0.2.2,42+1", "tunnel_overhead", "24", NULL };
		memcpy(f, conn_base, sizeof(conn_base));
		f[F_UID] = "C0-3", f[F_SERVICE] = "-", f[F_DUR] = "-", f[F_STATE] = "S0", f[F_HIST] = "S";
		p = add_conn(rs, f, CONN_NF, "\n", 1);
		tcp_join(&p->t, f[F_UID], kv, "\n");
	}
	/* markup, quotes, backslashes, C0 controls */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-4", f[F_OH] = H_SCRIPT, f[F_RH] = H_IMG, f[F_SERVICE] = "a&b'c\\d\"e<f>&amp;]]>";
	f[F_HIST] = "Sh\x01\x1f\x7f\x1b[2J\x0b\x0c", f[F_PROTO] = "tcp&<";
	p = add_conn(rs, f, CONN_NF, "\n", 1);
	tcp_join(&p->t, f[F_UID], NULL, "\n");
	/* invalid UTF-8, C1 controls, bidi and other invisible characters */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-5", f[F_PROTO] = "udp";
	f[F_OH] = "\xff\xfe\xc0\x80\xed\xa0\x80\xf4\x90\x80\x80\xe2\x80";
	f[F_RH] = "\xc2\x80\xc2\x9f\xc2\xa0\xc3\xa9";
	f[F_SERVICE] = "evil\xe2\x80\xaegpj\xef\xbb\xbf\xe2\x80\x8f\xe2\x81\xa6x";
	f[F_HIST] = "\xf0\x9f\x98\x80\xe2\x80\xad";
	add_conn(rs, f, CONN_NF, "\n", 1);
	/* a hostile uid, its tcp.log row found by it */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C<&>\"'\\\xe2\x80\xae\xff-6";
	p = add_conn(rs, f, CONN_NF, "\n", 1);
	tcp_join(&p->t, f[F_UID], NULL, "\n");
	/* strings at and past the sanitiser's limits */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-7", f[F_OH] = s511, f[F_RH] = s512, f[F_SERVICE] = s2000, f[F_HIST] = h1500;
	p = add_conn(rs, f, CONN_NF, "\n", 1);
	tcp_join(&p->t, f[F_UID], NULL, "\n");
	/* numbers with leading zeros, at and past 2^64 */
	{
		static const char *const kv[] = {
			"irtt", "000.000100", "orig_mss", "0001460", "resp_rtt_max", "1e5",
			"rtt_syn_synack", "18446744073709551616.5", "orig_data_bytes",
			"99999999999999999999999", "resp_mss", "00", "orig_rtt_min", "1.", NULL };
		memcpy(f, conn_base, sizeof(conn_base));
		f[F_UID] = "C0-8", f[F_OP] = "0080", f[F_RP] = "00443";
		f[F_OB] = "18446744073709551615", f[F_RB] = "18446744073709551616", f[F_OPK] = "007";
		f[F_OIB] = "0000000000000000000001", f[F_RPK] = "00", f[F_RIB] = "99999999999999999999";
		f[F_TS] = "01700000000.5", f[F_DUR] = "1.";
		p = add_conn(rs, f, CONN_NF, "\n", 1);
		tcp_join(&p->t, f[F_UID], kv, "\n");
	}
	/* numbers that are not: left out */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-9", f[F_PROTO] = "udp", f[F_OP] = "+5", f[F_RP] = " 5", f[F_OB] = "-1";
	f[F_RB] = "", f[F_OPK] = "1.5", f[F_OIB] = "0x10", f[F_RPK] = "5 ", f[F_RIB] = "-";
	f[F_TS] = "1.2.3", f[F_DUR] = ".5";
	add_conn(rs, f, CONN_NF, "\n", 1);
	/* 18 columns (community_id missing: not shown, so listed) */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-10", f[F_PROTO] = "udp";
	add_conn(rs, f, CONN_NF - 1, "\n", 1);
	/* 17 columns, and 5: skipped */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-11", f[F_PROTO] = "udp";
	add_conn(rs, f, CONN_NF - 2, "\n", 0);
	f[F_UID] = "C0-12";
	add_conn(rs, f, 5, "\n", 0);
	/* 25 columns: the extra ones are not read */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-13";
	for (i = CONN_NF; i < 25; i++)
		f[i] = i % 2 ? H_SCRIPT : "\xff";
	p = add_conn(rs, f, 25, "\n", 1);
	tcp_join(&p->t, f[F_UID], NULL, "\n");
	/* an empty line, a comment */
	add_conn(rs, NULL, 0, "\n", -1);
	f[0] = "# a comment\t" H_SCRIPT "\x01\xff";
	add_conn(rs, f, 1, "\n", -1);
	/* CRLF endings on both rows */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-15", f[F_CID] = "1:crlf=";
	p = add_conn(rs, f, CONN_NF, "\r\n", 1);
	tcp_join(&p->t, f[F_UID], NULL, "\r\n");
	/* a line past 8 KiB: skipped */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-16", f[F_HIST] = h9000, f[F_PROTO] = "udp";
	add_conn(rs, f, CONN_NF, "\n", 0);
	/* the longest line read (8190 bytes and its newline), and one byte more */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-17", f[F_CID] = "";
	p = rs_new(rs);
	conn_join(&p->c, f, CONN_NF, "");
	pad = rep("=", 8190 - p->c.n);
	sb_puts(&p->c, pad);
	ck_assert_uint_eq(p->c.n, 8190);
	sb_puts(&p->c, "\n");
	rs->want_rows++;
	tcp_join(&p->t, f[F_UID], NULL, "\n");
	free(pad);
	f[F_UID] = "C0-18", f[F_PROTO] = "udp";
	p = rs_new(rs);
	conn_join(&p->c, f, CONN_NF, "");
	pad = rep("=", 8191 - p->c.n);
	sb_puts(&p->c, pad);
	ck_assert_uint_eq(p->c.n, 8191);
	sb_puts(&p->c, "\n");
	rs->want_skipped++;
	free(pad);
	/* tcp.log rows neither path can use: a column short, past 8 KiB */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-19";
	p = add_conn(rs, f, CONN_NF, "\n", 1);
	tcp_join(&p->t, f[F_UID], NULL, "");
	*strrchr(p->t.b, '\t') = 0;
	p->t.n = strlen(p->t.b);
	sb_puts(&p->t, "\n");
	{
		const char *kv[] = { "tunnel", tun9000, NULL };
		f[F_UID] = "C0-20";
		p = add_conn(rs, f, CONN_NF, "\n", 1);
		tcp_join(&p->t, f[F_UID], kv, "\n");
	}
	/* a uid that makes its tcp.log row look like a comment */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "#C0-21";
	p = add_conn(rs, f, CONN_NF, "\n", 1);
	tcp_join(&p->t, f[F_UID], NULL, "\n");
	/* a NUL: the reader sees the row end there (missing columns) */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-22", f[F_PROTO] = "udp", f[F_HIST] = "Sh";
	p = rs_new(rs);
	conn_join(&p->c, f, F_HIST + 1, "");
	sb_put(&p->c, "\0AD\t8\t1000\t7\t4500\t1:nul=\n", 25);
	rs->want_skipped++;
	/* and a last ordinary one, after all that */
	memcpy(f, conn_base, sizeof(conn_base));
	f[F_UID] = "C0-23";
	p = add_conn(rs, f, CONN_NF, "\n", 1);
	tcp_join(&p->t, f[F_UID], NULL, "\n");

	ck_assert_uint_eq(rs->want_rows, 17);
	ck_assert_uint_eq(rs->want_skipped, 5);
	rs->want_tcp = 10;   /* all but C0-19 (a column short), C0-20 (too long), #C0-21 */
	two_paths(&x, rs, 1, "mixed");

	free(s511);
	free(s512);
	free(s2000);
	free(h1500);
	free(h9000);
	free(tun9000);
	rs_free(rs);
	fixture_free(&x);
}
END_TEST

/* ---- the same, rows of random hostile bytes ------------------------------ */

/* Markup, quotes, backslashes, CR, controls, invalid and odd UTF-8 (as in
 * bench/spool_gen.py), and a NUL (the last, by its index). */
static const char *const pieces[] = {
	"a", "Z", "0", "9", ".", ":", ",", "-", "^", " ", "&", "<", ">", "\"", "'", "&amp;", "]]>",
	"\r", "\\", "\x01", "\x1f", "\x7f", "\x80", "\xff", "\xc3\xa9", "\xe2\x80\xae", "\xef\xbb\xbf",
	"\xf0\x9f\x98\x80", "\xed\xa0\x80", "\xc0\x80", "\xf4\x90\x80\x80", "\xe2\x80", "=", "/",
	"\x0b", "\x0c", "#", "\xc2\x85", "\xc2\x9b", "\xe2\x81\xa6", ""
};
#define NPIECES (sizeof(pieces) / sizeof(pieces[0]))

static void hostile(struct sb *s, uint32_t *st, unsigned maxlen)
{
	static const unsigned lens[] = { 0, 1, 2, 5, 10 };
	unsigned n = rnd(st) % 7, i;

	n = n < 5 ? lens[n] : n == 5 ? maxlen : rnd(st) % (maxlen + 1);
	for (i = 0; i < n; i++) {
		unsigned k = rnd(st) % NPIECES;
		if (k == NPIECES - 1)
			sb_put(s, rnd(st) % 8 ? "a" : "", 1);   /* now and then a NUL */
		else
			sb_puts(s, pieces[k]);
	}
}

static void longstr(struct sb *s, uint32_t *st, unsigned n)
{
	static const char pick[] = "abcdef&<\"\xc3\xa9";
	unsigned i;

	for (i = 0; i < n; i++)
		sb_put(s, &pick[rnd(st) % (sizeof(pick) - 1)], 1);
}

static void num(struct sb *s, uint32_t *st)
{
	static const char *const v[] = {
		"0", "1", "7", "65535", "65536", "007", "00", "-1", "", "-", "+5", " 5", "5 ", "1.5",
		"18446744073709551615", "18446744073709551616", "99999999999999999999",
		"1844674407370955161", "0000000000000000000001" };
	unsigned k = rnd(st) % 23;
	char b[24];

	if (k < sizeof(v) / sizeof(v[0]))
		sb_puts(s, v[k]);
	else if (k == 19)
		snprintf(b, sizeof(b), "%u%u", rnd(st), rnd(st)), sb_puts(s, b);
	else if (k == 20)
		snprintf(b, sizeof(b), "%u", rnd(st) % 1000000), sb_puts(s, b);
	else if (k == 21) {
		char *o = rep("1", 1 + rnd(st) % 3000);
		sb_puts(s, o);
		free(o);
	} else
		hostile(s, st, 6);
}

static void dec(struct sb *s, uint32_t *st)
{
	static const char *const v[] = { "0", "0.000000", "12.345678", "1.", ".5", "1.2.3", "-", "",
					 "1e5", "-1.0", "123", "0012.5" };
	unsigned k = rnd(st) % 15;

	if (k < sizeof(v) / sizeof(v[0])) {
		sb_puts(s, v[k]);
	} else if (k == 12) {
		char *o = rep("9", 1 + rnd(st) % 4000);
		sb_puts(s, o);
		sb_puts(s, ".5");
		free(o);
	} else if (k == 13) {
		char b[32];
		snprintf(b, sizeof(b), "%u.%06u", rnd(st), rnd(st) % 1000000);
		sb_puts(s, b);
	} else {
		hostile(s, st, 6);
	}
}

static void strf(struct sb *s, uint32_t *st)
{
	static const char *const v[] = { "tcp", "-", "SF", "ShADadfF" };
	unsigned k = rnd(st) % 9;

	if (k < 4)
		sb_puts(s, v[k]);
	else if (k == 4)
		hostile(s, st, 3);
	else if (k == 5)
		longstr(s, st, 900 + rnd(st) % 301);
	else if (k == 6)
		longstr(s, st, 1 + rnd(st) % 3000);
	else
		hostile(s, st, 40);
}

/* What the spool reader makes of a conn.log row (as given to the builder):
 * 1 listed, 0 skipped, -1 neither (empty or a comment).  The columns needed
 * are the first 18 (the header's order). */
static int reader_kept(const char *row, size_t n)
{
	size_t i, tabs = 0;

	while (n && (row[n - 1] == '\n' || row[n - 1] == '\r'))
		n--;
	if (n >= 8191)
		return 0;
	if (!n || !row[0] || row[0] == '#')
		return -1;
	for (i = 0; i < n && row[i]; i++)
		tabs += row[i] == '\t';
	return tabs + 1 >= 18 ? 1 : 0;
}

/* Same for a tcp.log row: 1 if it is merged into its flow. */
static int tcp_usable(const char *row, size_t n)
{
	size_t i, tabs = 0, ncols = 0;

	while (tcplog_fields[ncols])
		ncols++;
	while (n && (row[n - 1] == '\n' || row[n - 1] == '\r'))
		n--;
	if (n >= 8191 || !n || row[0] == '#')
		return 0;
	for (i = 0; i < n && row[i]; i++)
		tabs += row[i] == '\t';
	return tabs + 1 == ncols;
}

/* 600 rows of hostile bytes in every column, a tcp.log row with half the
 * flows the reader lists.  tcp_safe: tcp.log's two string columns (quality,
 * tunnel) get markup, quotes, backslashes and bidi characters but no control
 * or invalid UTF-8 (report.xml stays well-formed: see flow_rows_two_paths_random);
 * else the same bytes as the other columns. */
static struct rowset *random_rows(uint32_t st, int tcp_safe)
{
	static const char *const safe[] = { H_SCRIPT, H_IMG, "a\\b\\", "evil\xe2\x80\xaegpj",
					    "]]>&amp;&#1;", "offload,duplicates", "-", "" };
	struct rowset *rs = calloc(1, sizeof(*rs));
	int i, j;

	ck_assert_ptr_nonnull(rs);
	for (i = 0; i < 600; i++) {
		struct prow *p = rs_new(rs);
		struct sb uid = { 0 };
		unsigned k = rnd(&st) % 100;
		char b[16];
		int kept;

		if (k < 2) {
			sb_puts(&p->c, "\n");
		} else if (k < 3) {
			sb_puts(&p->c, "# a comment\t");
			hostile(&p->c, &st, 40);
			sb_puts(&p->c, "\n");
		} else if (k < 5) {
			longstr(&p->c, &st, 9000);
			sb_puts(&p->c, "\n");
		} else {
			int nf = rnd(&st) % 100 < 4 ? 1 + (int)(rnd(&st) % 18) : CONN_NF;
			hostile(&uid, &st, 8);
			snprintf(b, sizeof(b), "-%d", i);
			sb_puts(&uid, b);
			for (j = 0; j < nf; j++) {
				if (j)
					sb_puts(&p->c, "\t");
				if (j == F_UID)
					sb_put(&p->c, uid.b, uid.n);
				else if (j == F_TS || j == F_DUR)
					dec(&p->c, &st);
				else if (j == F_OP || j == F_RP || (j >= F_OB && j <= F_RB) || j == F_MISSED ||
					 j >= F_OPK)
					j == F_CID ? strf(&p->c, &st) : num(&p->c, &st);
				else
					strf(&p->c, &st);
			}
			if (rnd(&st) % 100 < 5)
				sb_puts(&p->c, "\r");
			/* what the engine cannot write and the two readers take
			 * differently: a NUL or a CR at the end of a line near the
			 * reader's limit (see the report of this test) */
			if (p->c.n > 8000) {
				size_t q;
				for (q = 0; q < p->c.n; q++)
					if (!p->c.b[q] || p->c.b[q] == '\r')
						p->c.b[q] = 'N';
				for (q = 0; q < uid.n; q++)   /* the uid as written */
					if (!uid.b[q] || uid.b[q] == '\r')
						uid.b[q] = 'N';
			}
			sb_puts(&p->c, "\n");
		}
		kept = reader_kept(p->c.b, p->c.n);
		if (kept > 0)
			rs->want_rows++;
		else if (kept == 0)
			rs->want_skipped++;
		/* the engine writes a tcp.log row only with a conn.log row it
		 * wrote, under the same uid */
		if (kept > 0 && uid.n && !memchr(uid.b, 0, uid.n) && rnd(&st) % 2) {
			size_t c;
			sb_put(&p->t, uid.b, uid.n);
			for (c = 1; tcplog_fields[c]; c++) {
				const char *name = tcplog_fields[c];
				sb_puts(&p->t, "\t");
				if (!strcmp(name, "quality") || !strcmp(name, "tunnel")) {
					unsigned q = rnd(&st) % 6;
					if (tcp_safe)
						sb_puts(&p->t, safe[rnd(&st) % (sizeof(safe) / sizeof(safe[0]))]);
					else if (q == 0)
						sb_puts(&p->t, "-");
					else if (q == 1)
						sb_puts(&p->t, "offload,duplicates");
					else if (q == 2)
						longstr(&p->t, &st, 2000);
					else
						hostile(&p->t, &st, 40);
				} else if (rnd(&st) % 2) {
					dec(&p->t, &st);
				} else {
					num(&p->t, &st);
				}
			}
			if (rnd(&st) % 100 < 5) {          /* a column short: not used */
				char *tab = memrchr(p->t.b, '\t', p->t.n);
				p->t.n = (size_t)(tab - p->t.b);
			}
			for (c = 0; c < p->t.n; c++)      /* no NUL (see above) */
				if (!p->t.b[c])
					p->t.b[c] = 'N';
			sb_puts(&p->t, "\n");
			rs->want_tcp += tcp_usable(p->t.b, p->t.n);
		}
		free(uid.b);
	}
	ck_assert_uint_gt(rs->want_rows, 400);
	ck_assert_uint_gt(rs->want_skipped, 15);
	ck_assert_uint_gt(rs->want_tcp, 100);
	return rs;
}

/* Byte for byte the same with hostile bytes everywhere.  The schema cannot
 * hold (uids, ports, states and quality flags are not what the engine
 * writes); report.xml stays well-formed as long as tcp.log's quality and
 * tunnel hold no control or invalid UTF-8: those two go to the markup
 * escaped but not sanitised (the engine writes only its own flag names and
 * tunnel descriptions there). */
START_TEST(flow_rows_two_paths_random)
{
	struct fixture x;
	struct rowset *rs;

	fixture_init(&x);
	rs = random_rows(0x9e3779b9u, 0);
	two_paths(&x, rs, 0, "random");
	rs_free(rs);
	rs = random_rows(0x85ebca6bu, 1);
	two_paths(&x, rs, -1, "random-wf");
	rs_free(rs);
	fixture_free(&x);
}
END_TEST

/* ---- a tcp.log row whose uid is no conn.log row's -------------------------- */

/*
 * The engine cannot write one (a tcp.log row goes with the conn.log row just
 * written, under its uid), but the spool reader meets it: it holds the row
 * as pending until a conn.log row of that uid comes, so every later tcp.log
 * row stays unread.  The builder's equivalent input is every later flow
 * handed over without its tcp.log row (here the stray row itself is handed
 * over with the next flow, whose uid it does not match: it is not used).
 * At the end of tcp.log the stray row changes nothing.
 */
START_TEST(flow_rows_two_paths_stray_tcp_row)
{
	static const char stray[] = "C9-" H_SCRIPT;
	struct fixture x;
	struct rowset *rs;
	const char *f[CONN_NF];
	struct prow *p;
	int where, i;

	fixture_init(&x);
	for (where = 0; where < 2; where++) {
		rs = calloc(1, sizeof(*rs));
		ck_assert_ptr_nonnull(rs);
		for (i = 1; i <= 5; i++) {
			char uid[8];
			snprintf(uid, sizeof(uid), "C0-%d", i);
			memcpy(f, conn_base, sizeof(conn_base));
			f[F_UID] = uid;
			if (i == 3)
				f[F_PROTO] = "udp", f[F_HIST] = "Dd";
			if (i == 2 && where == 0) {
				/* tcp.log: C0-1, the stray row, C0-2, C0-4, C0-5; the
				 * builder gets the stray row with C0-2, then nothing */
				p = add_conn(rs, f, CONN_NF, "\n", 1);
				tcp_join(&p->t, stray, NULL, "\n");
				p = rs_new(rs);
				tcp_join(&p->t, uid, NULL, "\n");
				continue;
			}
			p = add_conn(rs, f, CONN_NF, "\n", 1);
			if (i != 3)
				tcp_join(&p->t, uid, NULL, "\n");
			p->feed_tcp = where == 1 || i == 1;
		}
		if (where == 1) {
			p = rs_new(rs);
			tcp_join(&p->t, stray, NULL, "\n");
		}
		rs->want_tcp = where == 0 ? 1 : 4;
		two_paths(&x, rs, 1, where ? "stray-end" : "stray-mid");
		rs_free(rs);
	}
	fixture_free(&x);
}
END_TEST

/* ---- the rows as the engine writes and hands them over ---------------------- */

struct recorder {
	struct rowset *rs;
	int overflow;
};

/* engine_opts.on_rows, on the finishing stage's thread (no Check here). */
static void record_rows(void *arg, const char *c, size_t n, const char *t, size_t tn)
{
	struct recorder *r = arg;
	struct prow *p;

	if (r->rs->n >= sizeof(r->rs->v) / sizeof(r->rs->v[0])) {
		r->overflow = 1;
		return;
	}
	p = &r->rs->v[r->rs->n++];
	memset(p, 0, sizeof(*p));
	p->feed_tcp = 1;
	sb_put(&p->c, c, n);
	if (t)
		sb_put(&p->t, t, tn);
}

/* The body (lines not starting with '#') of a spool. */
static char *spool_body(const char *path, size_t *n)
{
	size_t len, i = 0;
	char *text = slurp(path, &len);
	struct sb s = { 0 };

	ck_assert_ptr_nonnull(text);
	while (i < len) {
		char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) + 1 : len;
		if (text[i] != '#')
			sb_put(&s, text + i, end - i);
		i = end;
	}
	free(text);
	sb_put(&s, "", 0);
	*n = s.n;
	return s.b;
}

START_TEST(flow_rows_two_paths_engine)
{
	static const char *const inputs[] = {
		"tcp/edge-crafted.pcap", "tcp/keepalive.pcap", "tcp/zwp-crafted.pcap",
		"engine/hostile_tcp.pcap", "engine/hostile_udp.pcap", "engine/hostile_ipv6.pcap",
		"engine/ng_mixed.pcapng", "engine/dup_any_nat.pcap", "engine/icmp_errors.pcap",
		"hostile/hostile-strings.pcapng", "evidence/refused.pcap" };
	enum { NIN = sizeof(inputs) / sizeof(inputs[0]) };
	const char *top = getenv("top_srcdir");
	struct fixture x;
	struct recorder rec;
	struct engine_opts o;
	struct engine_result er;
	char *paths[NIN], cl[4300], tl[4300], err[512], *body;
	struct sb rows = { 0 }, trows = { 0 };
	size_t i, n;
	int rc;

	fixture_init(&x);
	rec.rs = calloc(1, sizeof(*rec.rs));
	rec.overflow = 0;
	ck_assert_ptr_nonnull(rec.rs);
	for (i = 0; i < NIN; i++) {
		paths[i] = malloc(4200);
		ck_assert_ptr_nonnull(paths[i]);
		snprintf(paths[i], 4200, "%s/fixtures/%s", top && *top ? top : ".", inputs[i]);
	}
	snprintf(cl, sizeof(cl), "%s/engine-conn.log", x.dir);
	snprintf(tl, sizeof(tl), "%s/engine-tcp.log", x.dir);
	memset(&o, 0, sizeof(o));
	o.no_ndpi = 1;
	o.conn_log = cl;
	o.tcp_log = tl;
	o.on_rows = record_rows;
	o.rows_arg = &rec;
	memset(&er, 0, sizeof(er));
	rc = engine_run(&o, paths, NIN, &er, err, sizeof(err));
	ck_assert_msg(rc == ENGINE_OK, "engine_run %d: %s", rc, err);
	ck_assert_int_eq(rec.overflow, 0);

	/* what was handed over is what the spools hold, row for row */
	ck_assert_uint_eq(rec.rs->n, er.conn_rows);
	for (i = 0; i < rec.rs->n; i++) {
		const struct prow *p = &rec.rs->v[i];
		ck_assert(p->c.n > 0 && p->c.b[p->c.n - 1] == '\n');
		sb_put(&rows, p->c.b, p->c.n);
		if (p->t.n) {
			const char *tab = memchr(p->t.b, '\t', p->t.n), *ctab = memchr(p->c.b, '\t', p->c.n);
			const char *cuid = ctab + 1, *cend = memchr(cuid, '\t', p->c.n - (size_t)(cuid - p->c.b));
			ck_assert(tab && ctab && cend);
			ck_assert(tab - p->t.b == cend - cuid && !memcmp(p->t.b, cuid, (size_t)(cend - cuid)));
			sb_put(&trows, p->t.b, p->t.n);
			rec.rs->want_tcp++;
		}
	}
	sb_put(&rows, "", 0);
	sb_put(&trows, "", 0);
	body = spool_body(cl, &n);
	same_bytes("conn.log rows", body, n, "rows handed over", rows.b, rows.n);
	free(body);
	body = spool_body(tl, &n);
	same_bytes("tcp.log rows", body, n, "tcp rows handed over", trows.b, trows.n);
	free(body);
	ck_assert_uint_gt(rec.rs->want_tcp, 10);
	ck_assert_uint_lt(rec.rs->want_tcp, rec.rs->n);   /* UDP and ICMP flows have none */

	/* the two paths, from spools under the writers' own headers */
	rec.rs->want_rows = rec.rs->n;
	rec.rs->want_skipped = 0;
	two_paths(&x, rec.rs, 1, "engine");

	free(rows.b);
	free(trows.b);
	for (i = 0; i < NIN; i++)
		free(paths[i]);
	engine_result_free(&er);
	unlink(cl);
	unlink(tl);
	rs_free(rec.rs);
	fixture_free(&x);
}
END_TEST

/* The findings cap keeps the most important, whatever order they came in:
 * 13,000 findings, the 3,000 high ones last, the rest low; after the final
 * sort the 10,000 kept are every high one, then the earliest-evidence low
 * ones, and 3,000 are counted as dropped. */
START_TEST(findings_cap_keeps_most_important)
{
	static struct rule r;
	struct findings fs;
	struct finding *f = calloc(1, sizeof(*f));
	unsigned i, high = 0;

	ck_assert_ptr_nonnull(f);
	memset(&fs, 0, sizeof(fs));
	r.id = 1001;
	f->rule = &r;
	f->nev = 1;
	for (i = 0; i < 13000; i++) {
		int is_high = i >= 10000;
		f->severity = is_high ? SEV_HIGH : SEV_LOW;
		f->ev[0].capture = 0;
		f->ev[0].frame = 1 + (uint64_t)(13000 - i);   /* later findings, earlier frames */
		snprintf(f->group, sizeof(f->group), "g%u", i);
		ck_assert_int_eq(findings_add(&fs, f), 0);
		ck_assert_uint_le(fs.n, FINDINGS_MAX + FINDINGS_SLACK);
	}
	findings_sort(&fs);
	ck_assert_uint_eq(fs.n, FINDINGS_MAX);
	ck_assert_uint_eq(fs.dropped, 3000);
	for (i = 0; i < fs.n; i++) {
		high += fs.v[i].severity == SEV_HIGH;
		if (i)   /* sorted: severity, then first evidence frame */
			ck_assert(fs.v[i - 1].severity > fs.v[i].severity ||
				  (fs.v[i - 1].severity == fs.v[i].severity &&
				   fs.v[i - 1].ev[0].frame < fs.v[i].ev[0].frame));
	}
	ck_assert_uint_eq(high, 3000);
	/* the low ones kept are those with the earliest evidence: findings
	 * 3,000..9,999 (frames 3,002..10,001), not the first 7,000 to arrive */
	ck_assert_uint_eq(fs.v[3000].ev[0].frame, 3002);
	ck_assert_uint_eq(fs.v[FINDINGS_MAX - 1].ev[0].frame, 10001);
	findings_free(&fs);
	free(f);
}
END_TEST

/* The top-flows list: skipping a flow before formatting it (what netrca
 * does for every finalised flow) keeps exactly what offering every flow
 * keeps, which is the TOP_FLOWS best by bytes then uid, ties included: 3,000
 * flows with bytes from a few values, in random order. */
START_TEST(top_flows_skip_same_as_offer)
{
	static struct top_flows a, b;
	static struct top_flow all[3000];
	struct top_flow tf;
	unsigned i, j, seed = 12345;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	for (i = 0; i < 3000; i++) {
		memset(&tf, 0, sizeof(tf));
		seed = seed * 1103515245u + 12345u;
		snprintf(tf.uid, sizeof(tf.uid), "C%u-%u", (seed >> 8) % 3, (seed >> 12) % 100000);
		seed = seed * 1103515245u + 12345u;
		tf.orig_bytes = 40 * (1 + (seed >> 16) % 4);     /* 40, 80, 120, 160: many ties */
		tf.resp_bytes = (seed >> 20) % 2 ? 40 : 0;
		all[i] = tf;
		top_flows_offer(&a, &tf);
		if (!top_flows_skip(&b, tf.orig_bytes + tf.resp_bytes, tf.uid))
			top_flows_offer(&b, &tf);
	}
	top_flows_sort(&a);
	top_flows_sort(&b);
	ck_assert_uint_eq(a.n, TOP_FLOWS);
	ck_assert_uint_eq(b.n, TOP_FLOWS);
	ck_assert_uint_eq(a.total_flows, 3000);
	ck_assert_uint_eq(b.total_flows, 3000);
	ck_assert_uint_eq(a.total_bytes, b.total_bytes);
	for (i = 0; i < TOP_FLOWS; i++) {
		unsigned better = 0;
		ck_assert_str_eq(a.v[i].uid, b.v[i].uid);
		ck_assert_uint_eq(a.v[i].orig_bytes, b.v[i].orig_bytes);
		/* and it is the i-th best of all (by bytes, then uid) */
		for (j = 0; j < 3000; j++) {
			uint64_t x = all[j].orig_bytes + all[j].resp_bytes,
				 y = a.v[i].orig_bytes + a.v[i].resp_bytes;
			better += x > y || (x == y && strcmp(all[j].uid, a.v[i].uid) < 0);
		}
		ck_assert_uint_eq(better, i);
	}
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);   /* ASan builds are slow on the random test */
	xmlSetGenericErrorFunc(NULL, quiet_errors);
	tcase_add_test(tc, xml_valid_and_faithful);
	tcase_add_test(tc, findings_cap_keeps_most_important);
	tcase_add_test(tc, top_flows_skip_same_as_offer);
	tcase_add_test(tc, xml_minimal_valid);
	tcase_add_test(tc, xml_unwritable);
	tcase_add_test(tc, xsd_rejects);
	tcase_add_test(tc, html_inert_and_strict);
	tcase_add_test(tc, deterministic);
	tcase_add_test(tc, css_hash_format);
	tcase_add_test(tc, hostile_capture_end_to_end);
	tcase_add_test(tc, random_hostile_strings);
	tcase_add_test(tc, xml_rows_match_spools);
	tcase_add_test(tc, flow_rows_two_paths);
	tcase_add_test(tc, flow_rows_two_paths_random);
	tcase_add_test(tc, flow_rows_two_paths_stray_tcp_row);
	tcase_add_test(tc, flow_rows_two_paths_engine);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(report_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	xmlCleanupParser();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
