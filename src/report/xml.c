/*
 * xml.c - report.xml, the authoritative record of one analysis.
 *
 * Streamed through libxml2's xmlTextWriter (constant memory: the flows are
 * copied from the conn.log spool one line at a time).  Vocabulary and types:
 * reports/netrca-report-1.xsd.  Every string that came from a capture or a
 * file name goes through sanitize_str() first, then through the writer's own
 * escaping; numbers are written as numbers.  No wall-clock time anywhere.
 */
#include "config.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <pcap/pcap.h>
#include <openssl/crypto.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlversion.h>
#include "report.h"
#include "../sanitize.h"
#include "../hash.h"
#include "../fmt.h"
#include "../hashout.h"
#include "../rules/rules.h"
#include "../../dissectors/anomaly.h"

#define XML_STR_CAP 1024                /* sanitised bytes kept per string */
#define XML_LINE_MAX 8192               /* longest conn.log line read */
#define XML_MAX_COLS 72

/* A rule's texts (title, next checks, explanation, alternatives) repeat in
 * every finding of the rule: they are sanitised and escaped once, by their
 * address, and written raw after that, as xmlTextWriterWriteString would
 * write them (it escapes with xmlEncodeSpecialChars, then writes raw). */
#define XML_TEXT_CACHE 256
struct text_slot {
	const char *src;                /* the rule pack's string */
	xmlChar *esc;                   /* owned */
	int trunc;
};

struct xw {
	xmlTextWriterPtr w;
	FILE *fp;                       /* the file under w */
	int err;
	char s[XML_STR_CAP + 8];        /* sanitiser output */
	struct text_slot texts[XML_TEXT_CACHE];
};

static void x_start(struct xw *x, const char *name)
{
	if (!x->err && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->err = 1;
}

static void x_end(struct xw *x)
{
	if (!x->err && xmlTextWriterEndElement(x->w) < 0)
		x->err = 1;
}

/* Attribute with a value netrca made itself (constants, numbers, hashes). */
static void x_attr(struct xw *x, const char *name, const char *v)
{
	if (!x->err && xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST v) < 0)
		x->err = 1;
}

static void x_attr_u64(struct xw *x, const char *name, uint64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "%llu", (unsigned long long)v);
	x_attr(x, name, b);
}

static void x_attr_i64(struct xw *x, const char *name, int64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "%lld", (long long)v);
	x_attr(x, name, b);
}

static void x_attr_bool(struct xw *x, const char *name, int v)
{
	x_attr(x, name, v ? "true" : "false");
}

/* xs:double lexical form (printf's "nan"/"inf" are not). */
static void x_attr_dbl(struct xw *x, const char *name, double v)
{
	char b[40];

	if (isnan(v))
		snprintf(b, sizeof(b), "NaN");
	else if (isinf(v))
		snprintf(b, sizeof(b), v > 0 ? "INF" : "-INF");
	else
		snprintf(b, sizeof(b), "%.10g", v);
	x_attr(x, name, b);
}

/* Sanitises s[0..len) into x->s; returns x->s; *trunc (if given) = cut. */
static const char *x_san(struct xw *x, const void *s, size_t len, int *trunc)
{
	int t = 0;

	sanitize_str(s ? s : "", s ? len : 0, x->s, sizeof(x->s), XML_STR_CAP, &t);
	if (trunc)
		*trunc = t;
	return x->s;
}

/* Attribute with a hostile value (capture strings, paths, library texts). */
static int x_attr_san(struct xw *x, const char *name, const char *s)
{
	int t;

	x_san(x, s, s ? strlen(s) : 0, &t);
	x_attr(x, name, x->s);
	return t;
}

/* <name truncated="true">text</name>, the text sanitised; `cut` says the
 * source was already cut before it reached us. */
static void x_text_el(struct xw *x, const char *name, const void *s, size_t len, int cut)
{
	int t;

	x_san(x, s, len, &t);
	x_start(x, name);
	if (t || cut)
		x_attr_bool(x, "truncated", 1);
	if (!x->err && xmlTextWriterWriteString(x->w, BAD_CAST x->s) < 0)
		x->err = 1;
	x_end(x);
}

static void x_text_str(struct xw *x, const char *name, const char *s)
{
	x_text_el(x, name, s, s ? strlen(s) : 0, 0);
}

/* The slot of a rule text (NULL when the cache is full or out of memory:
 * the caller writes it the ordinary way). */
static const struct text_slot *x_rule_text(struct xw *x, const char *s)
{
	size_t h = (size_t)(hash_mix((uintptr_t)s) >> 56), k;

	for (k = 0; k < XML_TEXT_CACHE; k++) {
		struct text_slot *sl = &x->texts[(h + k) % XML_TEXT_CACHE];
		if (sl->src == s)
			return sl;
		if (!sl->src) {
			int t;
			x_san(x, s, strlen(s), &t);
			if (!(sl->esc = xmlEncodeSpecialChars(NULL, BAD_CAST x->s)))
				return NULL;
			sl->src = s;
			sl->trunc = t;
			return sl;
		}
	}
	return NULL;
}

static void x_free_texts(struct xw *x)
{
	unsigned i;

	for (i = 0; i < XML_TEXT_CACHE; i++)
		xmlFree(x->texts[i].esc);
}

/* <name [truncated="true"]>text</name> for a rule text, attributes first
 * (source="rule" for an alternative). */
static void x_rule_text_el(struct xw *x, const char *name, const char *source, const char *s)
{
	const struct text_slot *sl = x_rule_text(x, s);
	int t = 0, rc;

	if (!sl)
		x_san(x, s, strlen(s), &t);   /* not cached: the ordinary way */
	x_start(x, name);
	if (source)
		x_attr(x, "source", source);
	else if (sl ? sl->trunc : t)
		x_attr_bool(x, "truncated", 1);
	if (x->err)
		return;
	/* even an empty text: the writer then closes the start tag with ">" */
	rc = sl ? xmlTextWriterWriteRaw(x->w, sl->esc) : xmlTextWriterWriteString(x->w, BAD_CAST x->s);
	if (rc < 0)
		x->err = 1;
	x_end(x);
}

static void x_frame(struct xw *x, uint32_t capture, uint64_t frame)
{
	x_start(x, "frame");
	x_attr_u64(x, "capture", capture);
	x_attr_u64(x, "number", frame);
	x_end(x);
}

static void x_ts(struct xw *x, const char *ns_name, const char *iso_name, int64_t ts)
{
	struct ts_fmt f;

	x_attr_i64(x, ns_name, ts);
	if (ts >= 0 && strcmp(pkt_ts_iso(ts, &f), "-") != 0)
		x_attr(x, iso_name, f.s);
}

static const char *sev_name(int s)
{
	return s >= 0 && s < SEV_COUNT ? severity_names[s] : "info";
}

/* --fail-on: a severity, or "none" (SEV_COUNT: no finding sets exit 1). */
static const char *fail_on_name(int s)
{
	return s >= SEV_COUNT ? "none" : sev_name(s);
}

static const char *fmt_name(enum reader_format f)
{
	switch (f) {
	case FMT_PCAP: return "pcap";
	case FMT_PCAPNG: return "pcapng";
	default: return "unknown";
	}
}

static const char *lt_name(uint32_t lt)
{
	/* LINKTYPE_RAW (101) is DLT_RAW in libpcap's naming. */
	const char *n = pcap_datalink_val_to_name(lt == 101 ? DLT_RAW : (int)lt);
	return n ? n : "unknown";
}

/* ---- header: tool, options, rule pack, site ------------------------- */

static void x_component(struct xw *x, const char *name, const char *version)
{
	x_start(x, "component");
	x_attr(x, "name", name);
	x_attr_san(x, "version", version ? version : "");
	x_end(x);
}

static void write_tool(struct xw *x)
{
	x_start(x, "tool");
	x_attr(x, "name", "netrca");
	x_attr(x, "version", PACKAGE_VERSION);
	x_component(x, "netrca", PACKAGE_VERSION);
	x_component(x, "libpcap", pcap_lib_version());
	x_component(x, "nDPI", classify_version());
	x_component(x, "OpenSSL", OpenSSL_version(OPENSSL_VERSION));
	x_component(x, "libxml2", LIBXML_DOTTED_VERSION);
	x_end(x);
}

static void write_options(struct xw *x, const struct analysis *a)
{
	const struct engine_opts *o = a->opts;

	x_start(x, "options");
	x_attr(x, "fail-on", fail_on_name(a->fail_on));
	x_attr_bool(x, "ndpi", !(o && o->no_ndpi));
	if (o)
		x_attr_u64(x, "max-flows", o->max_flows);
	if (o && o->bpf)
		x_text_str(x, "bpf", o->bpf);
	if (a->options_line)
		x_text_str(x, "command-line", a->options_line);
	x_end(x);
}

static void write_pack(struct xw *x, const struct analysis *a)
{
	if (a->pack) {
		x_start(x, "rulepack");
		x_attr_san(x, "version", a->pack->pack_version);
		x_attr_san(x, "sha256", a->pack->sha256);
		x_attr_u64(x, "rules", a->pack->n);
		x_attr_u64(x, "files", a->pack->nfiles);
		x_end(x);
	}
	if (a->site) {
		x_start(x, "site");
		x_attr_san(x, "path", a->site->path);
		x_attr_san(x, "sha256", a->site->sha256);
		x_attr_u64(x, "prefixes", a->site->n);
		x_end(x);
	}
}

/* ---- chain of custody ----------------------------------------------- */

static void write_cstr(struct xw *x, const char *name, const struct capture_string *cs,
		       const char *attr, uint64_t attr_v)
{
	int t;

	x_san(x, cs->s, cs->len < sizeof(cs->s) ? cs->len : sizeof(cs->s) - 1, &t);
	x_start(x, name);
	if (attr)
		x_attr_u64(x, attr, attr_v);
	x_attr_bool(x, "truncated", t || cs->truncated);
	if (!x->err && xmlTextWriterWriteString(x->w, BAD_CAST x->s) < 0)
		x->err = 1;
	x_end(x);
}

static const char *input_status(const struct input_result *in)
{
	return in->unreadable ? "unreadable" : in->partial ? "partial" : "complete";
}

static void write_capture(struct xw *x, const struct input_result *in)
{
	unsigned i;

	x_start(x, "capture");
	x_attr_u64(x, "id", in->capture);
	x_attr(x, "status", input_status(in));
	x_attr(x, "format", fmt_name(in->fmt));
	x_attr_u64(x, "size", in->size);
	if (in->sha256[0])
		x_attr_san(x, "sha256", in->sha256);
	x_attr_u64(x, "frames", in->frames);
	if (in->frames) {
		x_ts(x, "first-ts", "first-time", in->first_ts);
		x_ts(x, "last-ts", "last-time", in->last_ts);
	}
	x_text_str(x, "name", in->path);
	for (i = 0; i < in->rstats.nlinktypes && i < 16; i++) {
		x_start(x, "link-type");
		x_attr_u64(x, "number", in->rstats.linktypes[i]);
		x_attr(x, "name", lt_name(in->rstats.linktypes[i]));
		x_end(x);
	}
	if (in->unreadable || in->partial) {
		x_start(x, "reader-message");
		if (in->partial)
			x_attr_u64(x, "last-good-frame", in->last_good_frame);
		x_san(x, in->message, strnlen(in->message, sizeof(in->message)), NULL);
		if (!x->err && xmlTextWriterWriteString(x->w, BAD_CAST x->s) < 0)
			x->err = 1;
		x_end(x);
	}
	if (in->shb_hardware.len)
		write_cstr(x, "shb-hardware", &in->shb_hardware, NULL, 0);
	if (in->shb_os.len)
		write_cstr(x, "shb-os", &in->shb_os, NULL, 0);
	if (in->shb_userappl.len)
		write_cstr(x, "shb-userappl", &in->shb_userappl, NULL, 0);
	for (i = 0; i < in->nifnames && i < INPUT_MAX_IFNAMES; i++)
		write_cstr(x, "interface-name", &in->ifnames[i], "index", i);
	if (in->comments_total || in->ncomments) {
		x_start(x, "comments");
		x_attr_u64(x, "total", in->comments_total > in->ncomments ? in->comments_total
									: in->ncomments);
		x_attr_u64(x, "shown", in->ncomments);
		for (i = 0; i < in->ncomments && i < INPUT_MAX_COMMENTS; i++)
			write_cstr(x, "comment", &in->comments[i], "frame", in->comments[i].frame);
		x_end(x);
	}
	x_end(x);
}

/* ---- summary -------------------------------------------------------- */

static void write_summary(struct xw *x, const struct analysis *a)
{
	const struct engine_result *er = a->er;
	uint64_t sev[SEV_COUNT] = { 0 }, above = 0;
	unsigned i;

	if (a->findings)
		for (i = 0; i < a->findings->n; i++) {
			int s = a->findings->v[i].severity;
			if (s >= 0 && s < SEV_COUNT)
				sev[s]++;
			if (s >= a->fail_on)
				above++;
		}
	x_start(x, "summary");
	x_attr_bool(x, "partial", a->partial);
	x_attr_u64(x, "captures", er->nin);
	x_attr_u64(x, "packets", er->packets);
	x_attr_u64(x, "ip-packets", er->ip_packets);
	x_attr_u64(x, "non-ip-packets", er->non_ip);
	x_attr_u64(x, "filtered-out", er->filtered_out);
	x_attr_u64(x, "flows", er->conn_rows);
	if (er->packets) {
		x_ts(x, "first-ts", "first-time", er->first_ts);
		x_ts(x, "last-ts", "last-time", er->last_ts);
	}
	x_attr(x, "fail-on", fail_on_name(a->fail_on));
	x_attr_u64(x, "at-or-above-fail-on", above);
	for (i = SEV_COUNT; i-- > 0;) {
		x_start(x, "severity");
		x_attr(x, "name", severity_names[i]);
		x_attr_u64(x, "count", sev[i]);
		x_end(x);
	}
	for (i = 0; i < CS_COUNT; i++) {
		x_start(x, "conn-state");
		x_attr(x, "name", engine_conn_state_names[i]);
		x_attr_u64(x, "count", er->conn_states[i]);
		x_end(x);
	}
	x_start(x, "icmp-errors");
	x_attr_u64(x, "joined", er->icmp_joined.count);
	x_attr_u64(x, "unjoined", er->icmp_unjoined.count);
	x_end(x);
	x_start(x, "icmp-echo");
	x_attr_u64(x, "requests", er->echo.requests);
	x_attr_u64(x, "replies", er->echo.replies);
	x_attr_u64(x, "answered", er->echo.answered);
	x_attr_u64(x, "unanswered", er->echo.unanswered.count);
	x_attr_u64(x, "unsolicited", er->echo.unsolicited.count);
	for (i = 0; i < er->echo.unanswered.nfirst; i++)
		x_frame(x, er->echo.unanswered.first[i].capture, er->echo.unanswered.first[i].frame);
	x_end(x);
	for (i = 0; i < er->pmtu.n; i++) {
		const struct path_mtu *m = &er->pmtu.path[i];
		char ad[64];
		x_start(x, "path-mtu");
		x_attr(x, "dst", ip_addr_str(&m->dst, ad, sizeof(ad)));
		if (m->mtu)
			x_attr_u64(x, "mtu", m->mtu);
		x_attr(x, "router", ip_addr_str(&m->router, ad, sizeof(ad)));
		x_attr_u64(x, "reports", m->reports);
		x_frame(x, m->frame.capture, m->frame.frame);
		x_end(x);
	}
	x_start(x, "fragments");
	x_attr_u64(x, "fragments", er->frag.fragments);
	x_attr_u64(x, "datagrams", er->frag.datagrams);
	x_attr_u64(x, "reassembled", er->frag.completed);
	x_attr_u64(x, "incomplete", er->frag.incomplete);
	x_attr_u64(x, "peak-bytes", er->frag.bytes_peak);
	x_end(x);
	x_end(x);
}

/* ---- preflight: can this capture be trusted? ------------------------ */

static void write_preflight(struct xw *x, const struct engine_result *er)
{
	struct pf_check c[PF_CHECKS];
	enum pf_level v = preflight_checks(er, c);
	const struct preflight *p = &er->preflight;
	unsigned i;

	x_start(x, "preflight");
	x_attr(x, "verdict", preflight_level_names[v]);
	x_attr_u64(x, "tcp-flows", p->tcp_flows);
	x_attr_u64(x, "tcp-flows-flagged", p->flagged);
	for (i = 0; i < PF_CHECKS; i++) {
		x_start(x, "check");
		x_attr(x, "name", c[i].name);
		x_attr(x, "level", preflight_level_names[c[i].level]);
		x_attr_dbl(x, "value", c[i].value);
		if (c[i].unit[0])
			x_attr(x, "unit", c[i].unit);
		x_attr_u64(x, "count", c[i].count);
		x_attr_dbl(x, "caveat-above", c[i].caveat);
		if (c[i].unreliable >= 0)
			x_attr_dbl(x, "unreliable-at", c[i].unreliable);
		if (c[i].first.frame) {
			x_attr_u64(x, "first-capture", c[i].first.capture);
			x_attr_u64(x, "first-frame", c[i].first.frame);
		}
		x_attr(x, "affects", c[i].affects);
		x_end(x);
	}
	x_end(x);
}

/* ---- findings ------------------------------------------------------- */

static void write_alternatives(struct xw *x, const struct finding *f)
{
	const char *ra = f->rule ? f->rule->alternatives : NULL;
	const char *ea = f->extra_alternatives;

	x_start(x, "alternatives");
	if (ra && *ra)
		x_rule_text_el(x, "alternative", "rule", ra);
	if (ea[0]) {
		x_start(x, "alternative");
		x_attr(x, "source", "evidence");
		x_san(x, ea, strnlen(ea, sizeof(f->extra_alternatives)), NULL);
		if (!x->err && xmlTextWriterWriteString(x->w, BAD_CAST x->s) < 0)
			x->err = 1;
		x_end(x);
	}
	x_end(x);
}

static void write_finding(struct xw *x, const struct finding *f, unsigned idx)
{
	const struct rule *r = f->rule;
	char id[16], filter[FINDING_MAX_EVIDENCE * 40 + 64];
	unsigned i;

	snprintf(id, sizeof(id), "F%u", idx + 1);
	x_start(x, "finding");
	x_attr(x, "id", id);
	x_attr_u64(x, "rule", r ? r->id : 0);
	x_attr_san(x, "slug", r ? r->slug : "unknown");
	x_attr_u64(x, "version", r ? r->version : 0);
	x_attr(x, "severity", sev_name(f->severity));
	if (r && r->incident && *r->incident)
		x_attr_san(x, "incident", r->incident);
	if (f->cause) {
		snprintf(id, sizeof(id), "F%u", f->cause);
		x_attr(x, "caused-by", id);
	}
	if (f->has_times) {
		char rel[40];
		x_ts(x, "first-ts", "first-time", f->first_ts);
		x_ts(x, "last-ts", "last-time", f->last_ts);
		snprintf(rel, sizeof(rel), "%s%lld.%09lld", f->first_rel < 0 ? "-" : "",
			 (long long)(f->first_rel < 0 ? -f->first_rel : f->first_rel) / 1000000000LL,
			 (long long)(f->first_rel < 0 ? -f->first_rel : f->first_rel) % 1000000000LL);
		x_attr(x, "first-relative", rel);
		snprintf(rel, sizeof(rel), "%s%lld.%09lld", f->last_rel < 0 ? "-" : "",
			 (long long)(f->last_rel < 0 ? -f->last_rel : f->last_rel) / 1000000000LL,
			 (long long)(f->last_rel < 0 ? -f->last_rel : f->last_rel) % 1000000000LL);
		x_attr(x, "last-relative", rel);
	}
	x_rule_text_el(x, "title", NULL, r && r->title ? r->title : "");
	x_text_el(x, "verdict", f->verdict, strnlen(f->verdict, sizeof(f->verdict)), 0);
	x_text_el(x, "group", f->group, strnlen(f->group, sizeof(f->group)), 0);

	x_start(x, "flows");
	x_attr_u64(x, "total", f->flows_total > f->nflows ? f->flows_total : f->nflows);
	x_attr_u64(x, "shown", f->nflows);
	for (i = 0; i < f->nflows && i < FINDING_MAX_FLOWS; i++) {
		x_start(x, "flow-ref");
		x_san(x, f->flows[i], strnlen(f->flows[i], sizeof(f->flows[i])), NULL);
		x_attr(x, "uid", x->s);
		x_end(x);
	}
	x_end(x);

	x_start(x, "evidence");
	x_attr_u64(x, "total", f->ev_total > f->nev ? f->ev_total : f->nev);
	x_attr_u64(x, "shown", f->nev);
	if (f->ev_last.frame) {
		x_attr_u64(x, "last-capture", f->ev_last.capture);
		x_attr_u64(x, "last-frame", f->ev_last.frame);
	}
	for (i = 0; i < f->nev && i < FINDING_MAX_EVIDENCE; i++)
		x_frame(x, f->ev[i].capture, f->ev[i].frame);
	x_end(x);

	x_start(x, "metrics");
	for (i = 0; i < f->nm && i < FINDING_MAX_METRICS; i++) {
		const struct metric *m = &f->m[i];
		x_start(x, "metric");
		x_san(x, m->name, strnlen(m->name, sizeof(m->name)), NULL);
		x_attr(x, "name", x->s);
		x_attr_dbl(x, "value", m->value);
		if (m->has_threshold) {
			x_san(x, m->op, strnlen(m->op, sizeof(m->op)), NULL);
			x_attr(x, "op", x->s);
			x_attr_dbl(x, "threshold", m->threshold);
		}
		if (m->unit[0]) {
			x_san(x, m->unit, strnlen(m->unit, sizeof(m->unit)), NULL);
			x_attr(x, "unit", x->s);
		}
		x_end(x);
	}
	x_end(x);

	/* One filter per capture present in the (sorted) evidence. */
	for (i = 0; i < f->nev && i < FINDING_MAX_EVIDENCE; i++) {
		if (i > 0 && f->ev[i].capture == f->ev[i - 1].capture)
			continue;
		if (finding_filter(f, f->ev[i].capture, filter, sizeof(filter)) == 0)
			continue;
		x_start(x, "display-filter");
		x_attr_u64(x, "capture", f->ev[i].capture);
		x_san(x, filter, strlen(filter), NULL);
		if (!x->err && xmlTextWriterWriteString(x->w, BAD_CAST x->s) < 0)
			x->err = 1;
		x_end(x);
	}
	write_alternatives(x, f);
	x_rule_text_el(x, "next-checks", NULL, r && r->next ? r->next : "");
	x_rule_text_el(x, "explain", NULL, r && r->explain ? r->explain : "");
	x_end(x);
}

static void write_findings(struct xw *x, const struct analysis *a)
{
	const struct findings *fs = a->findings;
	unsigned i, n = fs ? fs->n : 0;

	x_start(x, "findings");
	x_attr_u64(x, "total", (uint64_t)n + (fs ? fs->dropped : 0));
	x_attr_u64(x, "shown", n);
	{
		struct verdict v;
		verdict_build(fs, &v);
		x_attr_u64(x, "root-causes", v.roots);
	}
	for (i = 0; i < n; i++)
		write_finding(x, &fs->v[i], i);
	x_end(x);
}

/* ---- time sequences ------------------------------------------------- */

/* Wireshark's flag letters in header order (CWR ECE URG ACK PSH RST SYN FIN). */
static const char *flag_str(uint8_t fl, char *buf)
{
	static const char letters[] = "FSRPAUEC";
	unsigned i, n = 0;

	for (i = 8; i-- > 0;)
		if (fl & (1u << i))
			buf[n++] = letters[i];
	buf[n] = 0;
	return buf;
}

static void label_str(uint16_t labels, char *buf, size_t len)
{
	size_t n = 0;
	unsigned i;

	buf[0] = 0;
	for (i = 0; i < TL_COUNT; i++) {
		const char *nm = tcp_label_names[i];
		if (!(labels & (1u << i)))
			continue;
		if (strncmp(nm, "tcp.analysis.", 13) == 0)
			nm += 13;
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "", nm);
		if (n >= len)
			return;
	}
}

/*
 * One evidence flow's segments: time from the flow's first listed point,
 * sequence, ACK and SACK numbers relative as Wireshark's, the advertised
 * window (scaled when the scale is known): what a time-sequence (Stevens)
 * picture plots.
 */
static void write_timeseq(struct xw *x, const struct tseq_flow *t)
{
	uint32_t base[2] = { 0, 0 };
	int have[2] = { 0, 0 };
	char buf[64], labels[400];
	unsigned i;

	for (i = 0; i < t->n; i++)
		if (!have[t->pts[i].dir]) {
			have[t->pts[i].dir] = 1;
			base[t->pts[i].dir] = t->pts[i].base;
		}
	x_start(x, "time-sequence");
	x_attr(x, "flow", t->uid);
	x_attr_u64(x, "points", t->n);
	x_attr_u64(x, "total", t->total);
	x_attr_u64(x, "omitted-before", t->omitted_before);
	x_attr_u64(x, "omitted-after", t->omitted_after);
	x_attr_i64(x, "t0-ns", t->pts[0].ts);
	if (have[0])
		x_attr_u64(x, "base-seq-orig", base[0]);
	if (have[1])
		x_attr_u64(x, "base-seq-resp", base[1]);
	for (i = 0; i < t->n; i++) {
		const struct tseq_point *p = &t->pts[i];
		int64_t dt = p->ts - t->pts[0].ts;
		x_start(x, "seg");
		x_attr_u64(x, "capture", p->capture);
		x_attr_u64(x, "frame", p->frame);
		snprintf(buf, sizeof(buf), "%s%lld.%06lld", dt < 0 ? "-" : "",
			 (long long)(dt < 0 ? -dt : dt) / 1000000000,
			 ((long long)(dt < 0 ? -dt : dt) % 1000000000) / 1000);
		x_attr(x, "t", buf);
		x_attr(x, "dir", p->dir ? "resp" : "orig");
		x_attr(x, "flags", flag_str(p->flags, buf));
		x_attr_u64(x, "seq", p->seq);
		x_attr_u64(x, "len", p->len);
		if (p->flags & TCP_ACK)
			x_attr_u64(x, "ack", p->ack);
		x_attr_u64(x, "win", p->win);
		if (p->sack_l != p->sack_r) {
			x_attr_u64(x, "sack-left", p->sack_l);
			x_attr_u64(x, "sack-right", p->sack_r);
		}
		if (p->labels) {
			label_str(p->labels, labels, sizeof(labels));
			x_attr(x, "labels", labels);
		}
		x_end(x);
	}
	x_end(x);
}

static void write_timeseqs(struct xw *x, const struct analysis *a)
{
	const struct tseq_set *ts = a->tseq;
	unsigned i, n = 0;

	for (i = 0; ts && i < ts->n; i++)
		n += ts->v[i].n > 0;
	x_start(x, "time-sequences");
	x_attr_u64(x, "shown", n);
	for (i = 0; ts && i < ts->n; i++)
		if (ts->v[i].n)
			write_timeseq(x, &ts->v[i]);
	x_end(x);
}

/* ---- anomalies ------------------------------------------------------ */

static void write_anomalies(struct xw *x, const struct engine_result *er)
{
	uint64_t total = 0;
	unsigned i, j, kinds = 0;

	for (i = 0; i < AN_COUNT; i++)
		if (er->anomalies[i].count) {
			total += er->anomalies[i].count;
			kinds++;
		}
	x_start(x, "anomalies");
	x_attr_u64(x, "total", total);
	x_attr_u64(x, "kinds", kinds);
	for (i = 0; i < AN_COUNT; i++) {
		const struct counter *c = &er->anomalies[i];
		if (!c->count)
			continue;
		x_start(x, "anomaly");
		x_attr(x, "name", anomaly_name((enum anomaly)i));
		x_attr_bool(x, "malformed", anomaly_is_malformed((enum anomaly)i));
		x_attr_u64(x, "count", c->count);
		for (j = 0; j < c->nfirst && j < STATS_FIRST_FRAMES; j++)
			x_frame(x, c->first[j].capture, c->first[j].frame);
		x_end(x);
	}
	x_end(x);
}

/* ---- flows (from the conn.log spool) -------------------------------- */

/*
 * The <flow> elements are most of report.xml (one per flow, with the TCP
 * measurements of tcp.log): going through xmlTextWriter one attribute at a
 * time cost a third of the analysis.  They are built here as text in a
 * large buffer and handed to the writer with xmlTextWriterWriteRawLen, a
 * buffer at a time, under the same rules as everything else in this file:
 *
 *   - a string value goes through sanitize_str() and then libxml2's own
 *     attribute escaping, xmlAttrSerializeTxtContent() with a document
 *     that declares UTF-8 (what xmlTextWriterWriteAttribute does in a
 *     document started with that encoding); nothing read from the spools
 *     reaches the markup any other way;
 *   - a number is copied only when it is nothing but digits (and, for
 *     times, one inner dot), so it needs no escaping;
 *   - element and attribute names are netrca's (tcp.log's column names);
 *   - the layout is the writer's: indentation by depth ("  " per level;
 *     <flows> is a child of the root), "/>" for an element without
 *     content, a newline after each tag, so the bytes are the ones
 *     xmlTextWriter wrote before (bench/identity.sh compares them on every
 *     fixture, bench/spool_diff.sh on hostile spools).
 */
#define ROWS_BUF (64u << 10)          /* under glibc's mmap threshold: see connlog.c */
#define IND_FLOW "    "               /* depth 3: report > flows > flow */
#define IND_TCP "      "
#define IND_SIDE "        "
#define IND_FLOWS_END "  "            /* before </flows>, depth 2 */

struct rows {
	char *buf;                      /* owned */
	size_t len, cap;
	xmlBufferPtr esc;               /* owned: libxml2's escaping output */
	xmlDocPtr doc;                  /* owned: only declares the encoding */
	int started;                    /* rows written: <flows ...> is closed */
	FILE *fp;                       /* borrowed: rows go here, not to the writer */
};

enum { C_TS, C_UID, C_OH, C_OP, C_RH, C_RP, C_PROTO, C_SERVICE, C_DURATION, C_OB, C_RB,
       C_STATE, C_HIST, C_OPK, C_OIB, C_RPK, C_RIB, C_COUNT };
static const char *const conn_cols[C_COUNT] = {
	"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service",
	"duration", "orig_bytes", "resp_bytes", "conn_state", "history", "orig_pkts",
	"orig_ip_bytes", "resp_pkts", "resp_ip_bytes"
};

struct spool_info {
	int opened;
	uint64_t rows, skipped;
};

/* Hands what is buffered to the writer.  The first call closes the start
 * tag of <flows> (the writer adds the ">"). */
static void rows_flush(struct xw *x, struct rows *r)
{
	if (r->len && !x->err) {
		if (r->fp) {
			if (fwrite(r->buf, 1, r->len, r->fp) != r->len)
				x->err = 1;
		} else if (xmlTextWriterWriteRawLen(x->w, BAD_CAST r->buf, (int)r->len) < 0) {
			x->err = 1;
		}
	}
	r->len = 0;
}

/* Room for n more bytes: flushes, and grows for a value longer than the
 * buffer (a capped string cannot be; a number from a damaged line can). */
static int rows_room(struct xw *x, struct rows *r, size_t n)
{
	char *nb;

	if (r->cap - r->len >= n)
		return 0;
	rows_flush(x, r);
	if (r->cap >= n)
		return 0;
	nb = realloc(r->buf, n);
	if (!nb) {
		x->err = 1;
		return -1;
	}
	r->buf = nb;
	r->cap = n;
	return 0;
}

static void rows_put(struct xw *x, struct rows *r, const char *s, size_t n)
{
	if (rows_room(x, r, n) == 0) {
		memcpy(r->buf + r->len, s, n);
		r->len += n;
	}
}

static void rows_puts(struct xw *x, struct rows *r, const char *s)
{
	rows_put(x, r, s, strlen(s));
}

/* ` name="` + v[0..n) + `"`: v is escaped already, or checked digits. */
static void rows_attr_raw(struct xw *x, struct rows *r, const char *name, const char *v, size_t n)
{
	size_t nl = strlen(name);
	char *p;

	if (rows_room(x, r, nl + n + 4) < 0)
		return;
	p = r->buf + r->len;
	*p++ = ' ';
	memcpy(p, name, nl);
	p += nl;
	*p++ = '=';
	*p++ = '"';
	memcpy(p, v, n);
	p += n;
	*p++ = '"';
	r->len = (size_t)(p - r->buf);
}

/* ` name="` + v escaped by libxml2 + `"`. */
static void rows_attr_esc(struct xw *x, struct rows *r, const char *name, const char *v)
{
	xmlBufferEmpty(r->esc);
	xmlAttrSerializeTxtContent(r->esc, r->doc, NULL, BAD_CAST v);
	rows_attr_raw(x, r, name, (const char *)xmlBufferContent(r->esc),
		      (size_t)xmlBufferLength(r->esc));
}

static int split_tabs(char *s, char **f, int max)
{
	int n = 0;

	f[n++] = s;
	for (; *s && n < max; s++)
		if (*s == '\t') {
			*s = 0;
			f[n++] = s + 1;
		}
	return n;
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return *end == 0 && errno == 0;
}

/* "123.456789": Zeek's time / interval with a fixed number of decimals.
 * Returns its length, 0 when s is not one. */
static size_t decimal_len(const char *s)
{
	const char *p;
	int digits = 0, dot = 0;

	for (p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.' && !dot && digits)
			dot = 1;
		else
			return 0;
	}
	return digits > 0 && p[-1] != '.' ? (size_t)(p - s) : 0;
}

/* A count: written as the number it parses to (no leading zeros), left out
 * when it is not one. */
static void flow_num(struct xw *x, struct rows *r, const char *name, const char *v)
{
	char b[24];
	uint64_t n;
	size_t len = 0;

	while (v[len] >= '0' && v[len] <= '9')
		len++;
	if (len && !v[len] && len < 20 && (v[0] != '0' || len == 1)) {
		rows_attr_raw(x, r, name, v, len);     /* already canonical */
		return;
	}
	if (parse_u64(v, &n))
		rows_attr_raw(x, r, name, b, (size_t)(fmt_u64(b, n) - b));
}

static void flow_dec(struct xw *x, struct rows *r, const char *name, const char *v)
{
	size_t n = decimal_len(v);

	if (n)
		rows_attr_raw(x, r, name, v, n);
}

/* Printable ASCII that neither the sanitiser ('\\') nor attribute escaping
 * (markup, quotes) would change. */
static int plain_char(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '\\' && c != '<' && c != '>' && c != '&' && c != '"' &&
	       c != '\'';
}

static void flow_str(struct xw *x, struct rows *r, const char *name, const char *v)
{
	size_t n = 0;

	/* what the sanitiser and the escaping would leave as it is (addresses,
	 * uids, states, history letters, protocol names) is copied as it is */
	while (plain_char((unsigned char)v[n]))
		n++;
	if (!v[n] && n < XML_STR_CAP / 2) {
		rows_attr_raw(x, r, name, v, n);
		return;
	}
	x_san(x, v, strlen(v), NULL);
	rows_attr_esc(x, r, name, x->s);
}

/*
 * The TCP spool (tcp.log) is written in the same order as conn.log, for the
 * TCP flows that had sequence analysis: it is read in step, one pending row
 * at a time, and merged into the <flow> of the same uid.  Its header names
 * the columns; what each becomes is worked out once, from the header.
 */
enum { TC_SKIP, TC_TCP, TC_QUALITY, TC_TUNNEL, TC_ORIG, TC_RESP };

struct tcp_spool {
	FILE *fp;
	char *line;
	char *f[XML_MAX_COLS];
	int nf;
	int pending;
	int ncols;
	char *names[XML_MAX_COLS];
	char *hdr;
	unsigned char kind[XML_MAX_COLS];       /* TC_* */
	char attr[XML_MAX_COLS][64];            /* attribute name */
	char pre[XML_MAX_COLS][68];             /* ` name="`, made once from the header */
	unsigned char prelen[XML_MAX_COLS];
};

/* Attribute name from a column name: "orig_rtt_p50" -> "rtt-p50" (prefix
 * dropped), '_' -> '-'. */
static void tcp_attr_name(char *name, size_t n, const char *col)
{
	size_t i;

	for (i = 0; col[i] && i < n - 1; i++)
		name[i] = col[i] == '_' ? '-' : col[i];
	name[i] = 0;
}

static void tcp_spool_header(struct tcp_spool *t)
{
	int i;

	for (i = 0; i < t->ncols; i++) {
		const char *c = t->names[i];
		t->kind[i] = TC_SKIP;
		t->attr[i][0] = 0;
		if (i == 0)          /* the uid */
			continue;
		if (!strcmp(c, "quality")) {
			t->kind[i] = TC_QUALITY;
		} else if (!strcmp(c, "tunnel")) {
			t->kind[i] = TC_TUNNEL;
		} else if (!strncmp(c, "orig_", 5)) {
			t->kind[i] = TC_ORIG;
			c += 5;
		} else if (!strncmp(c, "resp_", 5)) {
			t->kind[i] = TC_RESP;
			c += 5;
		} else {
			t->kind[i] = TC_TCP;
		}
		tcp_attr_name(t->attr[i], sizeof(t->attr[i]), c);
		t->prelen[i] = (unsigned char)snprintf(t->pre[i], sizeof(t->pre[i]), " %s=\"", t->attr[i]);
	}
}

static void tcp_spool_next(struct tcp_spool *t)
{
	t->pending = 0;
	while (t->fp && fgets(t->line, XML_LINE_MAX, t->fp)) {
		size_t len = strlen(t->line);
		if (len == XML_LINE_MAX - 1 && t->line[len - 1] != '\n') {
			int c;
			while ((c = fgetc(t->fp)) != EOF && c != '\n')
				;
			continue;
		}
		while (len && (t->line[len - 1] == '\n' || t->line[len - 1] == '\r'))
			t->line[--len] = 0;
		if (t->line[0] == '#') {
			if (strncmp(t->line, "#fields\t", 8) == 0 && !t->hdr) {
				t->hdr = strdup(t->line + 8);
				if (t->hdr) {
					t->ncols = split_tabs(t->hdr, t->names, XML_MAX_COLS);
					tcp_spool_header(t);
				}
			}
			continue;
		}
		t->nf = split_tabs(t->line, t->f, XML_MAX_COLS);
		if (t->nf == t->ncols && t->nf > 4) {
			t->pending = 1;
			return;
		}
	}
}

static int tcp_spool_matches(const struct tcp_spool *t, const char *uid)
{
	return t->pending && strcmp(t->f[0], uid) == 0;
}

/* A measurement of column i: decimal values only ("-" = unknown is left
 * out).  An empty name is an error, as it is for xmlTextWriterWriteAttribute. */
static void tcp_attr(struct xw *x, struct rows *r, const struct tcp_spool *t, int i)
{
	const char *v = t->f[i];
	/* an upper bound of the value's length (split_tabs ended it with a NUL
	 * where the next field starts); the copy below stops at the NUL */
	size_t n = i + 1 < t->nf ? (size_t)(t->f[i + 1] - v - 1) : strlen(v), pl = t->prelen[i];
	char *p, *q;
	int digits = 0, dot = 0;

	/* room for a 32-byte prefix block, the value and the quote */
	if (rows_room(x, r, (pl > 32 ? pl : 32) + n + 1) < 0)
		return;
	p = r->buf + r->len;
	if (pl <= 32)
		memcpy(p, t->pre[i], 32);   /* a fixed size: two moves; the excess is overwritten */
	else
		memcpy(p, t->pre[i], pl);
	/* the value, copied while it is checked as decimal_len would */
	for (q = p + pl; *v; v++) {
		if (*v >= '0' && *v <= '9')
			digits++;
		else if (*v == '.' && !dot && digits)
			dot = 1;
		else
			return;
		*q++ = *v;
	}
	if (!digits || q[-1] == '.')
		return;
	if (!t->attr[i][0]) {
		x->err = 1;
		return;
	}
	*q++ = '"';
	r->len = (size_t)(q - r->buf);
}

/* <tcp> with the connection's columns, then a <side> per direction. */
static void write_tcp(struct xw *x, struct rows *r, struct tcp_spool *t)
{
	static const char *const open_side[2] = { IND_SIDE "<side name=\"orig\"",
						  IND_SIDE "<side name=\"resp\"" };
	int i, side;

	rows_puts(x, r, IND_TCP "<tcp");
	for (i = 1; i < t->nf; i++)
		if (t->kind[i] == TC_QUALITY) {
			if (strcmp(t->f[i], "-") != 0)
				flow_str(x, r, "quality", t->f[i]);
		} else if (t->kind[i] == TC_TUNNEL) {
			if (strcmp(t->f[i], "-") != 0)
				flow_str(x, r, "tunnel", t->f[i]);
		} else if (t->kind[i] == TC_TCP) {
			tcp_attr(x, r, t, i);
		}
	rows_puts(x, r, ">\n");
	for (side = 0; side < 2; side++) {
		int want = side ? TC_RESP : TC_ORIG;
		rows_puts(x, r, open_side[side]);
		for (i = 1; i < t->nf; i++)
			if (t->kind[i] == want)
				tcp_attr(x, r, t, i);
		rows_puts(x, r, "/>\n");
	}
	rows_puts(x, r, IND_TCP "</tcp>\n");
}

static int write_flow_row(struct xw *x, struct rows *r, char **f, int nf, const int *col,
			  struct tcp_spool *ts)
{
	const char *v[C_COUNT];
	int i;

	for (i = 0; i < C_COUNT; i++) {
		if (col[i] < 0 || col[i] >= nf)
			return -1;
		v[i] = f[col[i]];
	}
	if (!r->started) {
		rows_puts(x, r, "\n");       /* after the ">" of <flows ...> */
		r->started = 1;
	}
	rows_puts(x, r, IND_FLOW "<flow");
	flow_str(x, r, "uid", v[C_UID]);
	flow_str(x, r, "proto", v[C_PROTO]);
	flow_str(x, r, "src", v[C_OH]);
	flow_num(x, r, "sport", v[C_OP]);
	flow_str(x, r, "dst", v[C_RH]);
	flow_num(x, r, "dport", v[C_RP]);
	flow_str(x, r, "conn_state", v[C_STATE]);
	flow_str(x, r, "history", v[C_HIST]);
	if (strcmp(v[C_SERVICE], "-") != 0 && v[C_SERVICE][0])
		flow_str(x, r, "app", v[C_SERVICE]);
	flow_num(x, r, "orig-pkts", v[C_OPK]);
	flow_num(x, r, "orig-bytes", v[C_OB]);
	flow_num(x, r, "orig-ip-bytes", v[C_OIB]);
	flow_num(x, r, "resp-pkts", v[C_RPK]);
	flow_num(x, r, "resp-bytes", v[C_RB]);
	flow_num(x, r, "resp-ip-bytes", v[C_RIB]);
	flow_dec(x, r, "duration", v[C_DURATION]);
	flow_dec(x, r, "ts", v[C_TS]);
	if (tcp_spool_matches(ts, v[C_UID])) {
		rows_puts(x, r, ">\n");
		write_tcp(x, r, ts);
		tcp_spool_next(ts);
		rows_puts(x, r, IND_FLOW "</flow>\n");
	} else {
		rows_puts(x, r, "/>\n");
	}
	return 0;
}

/* The row buffer and libxml2's escaping context; -1 if out of memory. */
static int rows_init(struct rows *r)
{
	memset(r, 0, sizeof(*r));
	r->buf = malloc(ROWS_BUF);
	r->cap = ROWS_BUF;
	r->esc = xmlBufferCreate();
	/* The writer's own document declares the output encoding (UTF-8), so
	 * its escaping leaves UTF-8 characters as they are; without one they
	 * would become character references. */
	r->doc = xmlNewDoc(BAD_CAST "1.0");
	if (r->doc)
		r->doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
	return r->buf && r->esc && r->doc && r->doc->encoding ? 0 : -1;
}

static void rows_free(struct rows *r)
{
	free(r->buf);
	if (r->esc)
		xmlBufferFree(r->esc);
	if (r->doc)
		xmlFreeDoc(r->doc);
	r->buf = NULL;
	r->esc = NULL;
	r->doc = NULL;
}

static void map_fields(char *line, int *col)
{
	char *f[XML_MAX_COLS];
	int n, i, j;

	n = split_tabs(line, f, XML_MAX_COLS);
	for (j = 0; j < C_COUNT; j++)
		col[j] = -1;
	for (i = 1; i < n; i++)   /* f[0] is "#fields" */
		for (j = 0; j < C_COUNT; j++)
			if (strcmp(f[i], conn_cols[j]) == 0)
				col[j] = i - 1;
}

/* Copies rows built during the analysis (xml_rows_*) into the report: the
 * first byte through the writer (it closes the start tag of <flows>), the
 * rest appended to the file under it (hashout_copy_range). */
static void copy_prebuilt(struct xw *x, const struct xml_rows *b, struct spool_info *si)
{
	struct stat st;
	int fd = fileno(b->fp);
	char first;

	si->opened = 1;
	si->rows = b->rows;
	si->skipped = b->skipped;
	if (fflush(b->fp) != 0 || fd < 0 || fstat(fd, &st) != 0 || st.st_size < 0) {
		x->err = 1;
		return;
	}
	if (st.st_size == 0)
		return;
	if (pread(fd, &first, 1, 0) != 1 || xmlTextWriterWriteRawLen(x->w, BAD_CAST & first, 1) < 0 ||
	    xmlTextWriterFlush(x->w) < 0 ||
	    hashout_copy_range(x->fp, fd, 1, (uint64_t)st.st_size - 1) < 0) {
		x->err = 1;
		return;
	}
	if (xmlTextWriterWriteRawLen(x->w, BAD_CAST IND_FLOWS_END, (int)strlen(IND_FLOWS_END)) < 0)
		x->err = 1;   /* the writer's indent is off after raw text */
}

/*
 * Copies the spool into <flow> elements, one bounded line at a time: a line
 * longer than XML_LINE_MAX, or with missing columns, is skipped and counted.
 * Rows built during the analysis from the same lines are copied instead.
 */
static void write_flows(struct xw *x, const struct analysis *a, struct spool_info *si)
{
	char *line = NULL;
	FILE *fp = NULL;
	int col[C_COUNT], j;
	struct tcp_spool ts;
	struct rows r;

	x_start(x, "flows");
	x_attr_u64(x, "total", a->er->conn_rows);
	if (a->rows && a->rows->ok) {
		copy_prebuilt(x, a->rows, si);
		x_end(x);
		return;
	}
	memset(&ts, 0, sizeof(ts));
	if (a->tcp_log && (ts.line = malloc(XML_LINE_MAX)) != NULL)
		ts.fp = fopen(a->tcp_log, "r");
	tcp_spool_next(&ts);

	for (j = 0; j < C_COUNT; j++)
		col[j] = -1;
	if (a->conn_log)
		fp = fopen(a->conn_log, "r");
	line = malloc(XML_LINE_MAX);
	if (rows_init(&r) < 0) {
		x->err = 1;     /* out of memory: the report fails */
		goto out;
	}
	if (!fp || !line)
		goto out;
	si->opened = 1;
	while (!x->err && fgets(line, XML_LINE_MAX, fp)) {
		size_t len = strlen(line);
		char *f[XML_MAX_COLS];
		int nf;

		if (len == XML_LINE_MAX - 1 && line[len - 1] != '\n') {
			int c;
			while ((c = fgetc(fp)) != EOF && c != '\n')
				;
			si->skipped++;
			continue;
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		if (line[0] == '#') {
			if (strncmp(line, "#fields\t", 8) == 0)
				map_fields(line, col);
			continue;
		}
		if (!len)
			continue;
		nf = split_tabs(line, f, XML_MAX_COLS);
		if (write_flow_row(x, &r, f, nf, col, &ts) < 0)
			si->skipped++;
		else
			si->rows++;
	}
	if (ferror(fp))
		si->skipped++;
	if (r.started)
		rows_puts(x, &r, IND_FLOWS_END);   /* the writer's indent is off after raw text */
	rows_flush(x, &r);
out:
	x_end(x);
	rows_free(&r);
	free(line);
	if (ts.fp)
		fclose(ts.fp);
	free(ts.line);
	free(ts.hdr);
	if (fp)
		fclose(fp);
}

/* ---- <flow> rows built while the analysis runs ------------------------ */

struct xml_rows_impl {
	struct xw x;                    /* no writer: err and the sanitiser's buffer */
	struct rows r;
	struct tcp_spool ts;            /* the current tcp.log row, handed in */
	int col[C_COUNT];
	char *line;                     /* XML_LINE_MAX: the conn.log row, split in place */
};

int xml_rows_open(struct xml_rows *b, FILE *fp, const char *conn_fields, const char *tcp_fields)
{
	struct xml_rows_impl *m = calloc(1, sizeof(*m));
	char *hdr;

	memset(b, 0, sizeof(*b));
	b->fp = fp;
	if (!m || !fp || rows_init(&m->r) < 0 || !(m->line = malloc(XML_LINE_MAX)) ||
	    !(m->ts.line = malloc(XML_LINE_MAX)) || !(hdr = strdup(conn_fields))) {
		if (m) {
			rows_free(&m->r);
			free(m->line);
			free(m->ts.line);
			free(m);
		}
		return -1;
	}
	m->r.fp = fp;
	map_fields(hdr, m->col);
	free(hdr);
	if (tcp_fields && strncmp(tcp_fields, "#fields\t", 8) == 0 && (m->ts.hdr = strdup(tcp_fields + 8))) {
		m->ts.ncols = split_tabs(m->ts.hdr, m->ts.names, XML_MAX_COLS);
		tcp_spool_header(&m->ts);
	}
	b->impl = m;
	b->ok = 1;
	return 0;
}

/* A bounded copy of one spool row, as the spool reader would see it: NULL
 * for a row it would skip as too long. */
static char *take_line(char *dst, const char *row, size_t n)
{
	while (n && (row[n - 1] == '\n' || row[n - 1] == '\r'))
		n--;
	if (n >= XML_LINE_MAX - 1)
		return NULL;
	memcpy(dst, row, n);
	dst[n] = 0;
	return dst;
}

void xml_rows_add(struct xml_rows *b, const char *conn_row, size_t n, const char *tcp_row, size_t tn)
{
	struct xml_rows_impl *m = b->impl;
	char *f[XML_MAX_COLS];
	int nf;

	if (!b->ok || !m)
		return;
	m->ts.pending = 0;
	if (tcp_row && m->ts.hdr && take_line(m->ts.line, tcp_row, tn) && m->ts.line[0] != '#') {
		m->ts.nf = split_tabs(m->ts.line, m->ts.f, XML_MAX_COLS);
		m->ts.pending = m->ts.nf == m->ts.ncols && m->ts.nf > 4;
	}
	if (!take_line(m->line, conn_row, n)) {
		b->skipped++;
		return;
	}
	if (!m->line[0] || m->line[0] == '#')
		return;
	nf = split_tabs(m->line, f, XML_MAX_COLS);
	if (write_flow_row(&m->x, &m->r, f, nf, m->col, &m->ts) < 0)
		b->skipped++;
	else
		b->rows++;
	if (m->x.err)
		b->ok = 0;
}

int xml_rows_close(struct xml_rows *b)
{
	struct xml_rows_impl *m = b->impl;

	if (!m)
		return -1;
	rows_flush(&m->x, &m->r);
	if (m->x.err || fflush(b->fp) != 0 || ferror(b->fp))
		b->ok = 0;
	rows_free(&m->r);
	free(m->line);
	free(m->ts.line);
	free(m->ts.hdr);
	free(m);
	b->impl = NULL;
	return b->ok ? 0 : -1;
}

/* ---- limitations ---------------------------------------------------- */

/*
 * Every counted limitation of the analysis, in a fixed order, with its count
 * (only non-zero ones are passed to fn), the first frame affected when known
 * (0 if not) and one line of explanation.  spool: 1 the conn.log was read
 * (spool_skipped lines dropped), 0 it could not be read, -1 not applicable.
 * Declared in report.h; html.c uses it too.
 */
void report_each_limit(const struct analysis *a, int spool, uint64_t spool_skipped,
		       void (*fn)(void *ctx, const char *name, uint64_t count, uint64_t first_frame,
				  const char *text),
		       void *ctx)
{
	const struct engine_result *er = a->er;
	uint64_t unknown_blocks = 0, ifaces = 0, bad_iface = 0, comments = 0, partial = 0,
		 unreadable = 0, ev_capped = 0, flows_capped = 0, ts_capped = 0;
	unsigned i;

	for (i = 0; i < er->nin; i++) {
		const struct input_result *in = &er->in[i];
		unknown_blocks += in->rstats.blocks_unknown;
		ifaces += in->rstats.ifaces_over_cap;
		bad_iface += in->rstats.bad_iface;
		if (in->comments_total > in->ncomments)
			comments += in->comments_total - in->ncomments;
		partial += in->partial != 0;
		unreadable += in->unreadable != 0;
	}
	for (i = 0; a->tseq && i < a->tseq->n; i++)
		ts_capped += a->tseq->v[i].omitted_before + a->tseq->v[i].omitted_after > 0;
	if (a->findings)
		for (i = 0; i < a->findings->n; i++) {
			ev_capped += a->findings->v[i].ev_total > a->findings->v[i].nev;
			flows_capped += a->findings->v[i].flows_total > a->findings->v[i].nflows;
		}
#define LIMIT(name, count, first, text) do { if (count) fn(ctx, name, count, first, text); } while (0)
	LIMIT("inputs-unreadable", unreadable, 0, "inputs that could not be read at all");
	LIMIT("inputs-partial", partial, 0,
	      "inputs damaged or cut short: frames after the last good frame are not analysed");
	LIMIT("flow-table-full", er->flows.evicted, er->flows.first_evict_frame,
	      "flows finalised early because the flow table was full");
	LIMIT("history-truncated", er->flows.hist_truncated, 0,
	      "flows whose history string reached its cap");
	LIMIT("clock-jumps-backward", er->clock.jumps_back, er->clock.first_jump_frame,
	      "isolated backwards timestamps, ignored for expiry");
	LIMIT("clock-jumps-forward", er->clock.jumps_forward, er->clock.first_jump_frame,
	      "isolated far-forward timestamps, ignored for expiry");
	LIMIT("capture-gaps", er->clock.gaps, 0,
	      "confirmed forward gaps of more than an hour in the capture");
	LIMIT("bpf-not-applicable", er->bpf_not_applicable, 0,
	      "frames of link types the BPF expression cannot apply to");
	LIMIT("ndpi-not-used", (uint64_t)!er->ndpi_used, 0,
	      "application classification (nDPI) was off or unavailable");
	LIMIT("ndpi-skipped-packets", er->cls.not_validated, 0,
	      "packets not given to nDPI (cut, fragmented or malformed)");
	LIMIT("ndpi-gave-up", er->cls.gave_up, 0,
	      "flows nDPI could not classify within its packet budget");
	LIMIT("findings-dropped", a->findings ? a->findings->dropped : 0, 0,
	      "findings beyond the per-analysis cap (the least important), counted but not kept");
	LIMIT("evidence-capped", ev_capped, 0,
	      "findings with more evidence frames than are listed");
	LIMIT("flows-capped", flows_capped, 0, "findings with more flows than are listed");
	LIMIT("pcapng-unknown-blocks", unknown_blocks, 0, "pcapng blocks of unknown type, skipped");
	LIMIT("pcapng-interfaces-over-cap", ifaces, 0,
	      "pcapng interfaces beyond the per-section cap");
	LIMIT("pcapng-bad-interface", bad_iface, 0,
	      "packets naming an interface that was never described");
	LIMIT("comments-not-kept", comments, 0,
	      "packet comments beyond the per-input cap, counted but not shown");
	LIMIT("fragments-evicted", er->frag.evicted, er->frag.first_evicted.frame,
	      "unfinished fragmented datagrams dropped because the reassembly caps were full");
	LIMIT("fragments-over-cap", er->frag.over_pieces, er->frag.first_over_pieces.frame,
	      "fragments refused: their datagram already had the most pieces kept");
	LIMIT("path-mtu-table-full", er->pmtu.over_cap, 0,
	      "ICMP path-MTU reports about destinations beyond the listed ones");
	LIMIT("duplicate-table-full", er->dup_table_full, 0,
	      "packets that could not be compared with every recent one for capture duplicates");
	LIMIT("echo-table-full", er->echo.table_full, 0,
	      "ICMP echo requests not paired: the table of outstanding requests was full");
	LIMIT("timeseq-spool-full", a->tseq ? a->tseq->spool_dropped : 0, 0,
	      "TCP segments not spooled for time-sequence data (spool cap or write error)");
	LIMIT("timeseq-flows-capped", a->tseq ? a->tseq->flows_over_cap : 0, 0,
	      "evidence flows beyond the cap given no time-sequence data");
	LIMIT("timeseq-points-capped", ts_capped, 0,
	      "evidence flows with more segments than their time-sequence data lists");
	LIMIT("timeseq-unavailable", (uint64_t)(a->tseq && a->tseq->read_error), 0,
	      "the time-sequence spool could not be created or read back");
	LIMIT("flow-spool-unreadable", (uint64_t)(spool == 0), 0,
	      "the flow spool (conn.log) could not be read: flows not listed");
	LIMIT("flow-spool-lines-skipped", spool > 0 ? spool_skipped : 0, 0,
	      "conn.log lines too long or with missing columns, not listed");
	LIMIT("frame-times-missing", a->frametimes_skipped, 0,
	      "frames without a recorded timestamp: findings citing them have no absolute times");
	/* what netrca saw but does not analyse: one line per protocol nDPI named */
	for (i = 0; a->apps && i < a->apps->n; i++) {
		char t[160];
		snprintf(t, sizeof(t), "%s: %" PRIu64 " flow%s (named by nDPI) not examined by netrca",
			 a->apps->v[i].name, a->apps->v[i].flows, a->apps->v[i].flows == 1 ? "" : "s");
		LIMIT("not-examined", a->apps->v[i].flows, 0, t);
	}
	if (a->apps && a->apps->other_flows) {
		char t[160];
		snprintf(t, sizeof(t), "other protocols: %" PRIu64 " flows (named by nDPI) not examined by netrca",
			 a->apps->other_flows);
		LIMIT("not-examined", a->apps->other_flows, 0, t);
	}
#undef LIMIT
}

static void x_limit(void *ctx, const char *name, uint64_t count, uint64_t first_frame,
		    const char *text)
{
	struct xw *x = ctx;

	x_start(x, "limitation");
	x_attr(x, "name", name);
	x_attr_u64(x, "count", count);
	if (first_frame)
		x_attr_u64(x, "first-frame", first_frame);
	if (!x->err && xmlTextWriterWriteString(x->w, BAD_CAST text) < 0)
		x->err = 1;
	x_end(x);
}

static void write_limitations(struct xw *x, const struct analysis *a, const struct spool_info *si)
{
	x_start(x, "limitations");
	report_each_limit(a, si->opened, si->skipped, x_limit, x);
	x_end(x);
}

/* ---- document ------------------------------------------------------- */

int report_write_xml(const struct analysis *a, const char *path, char *err, size_t errlen)
{
	FILE *fp;

	if (!a || !a->er || !path) {
		snprintf(err, errlen, "report.xml: nothing to write");
		return -1;
	}
	/* Our own FILE: errors carry errno, libxml2 prints nothing, and the
	 * final fclose tells us whether the bytes reached the disk. */
	fp = fopen(path, "wb");
	if (!fp) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	return report_write_xml_file(a, fp, path, err, errlen);
}

int report_write_xml_file(const struct analysis *a, FILE *fp, const char *path, char *err, size_t errlen)
{
	struct xw *x;
	struct spool_info si = { 0, 0, 0 };
	xmlOutputBufferPtr out;
	unsigned i;
	int rc = -1, e = 0;

	if (!a || !a->er || !fp) {
		snprintf(err, errlen, "report.xml: nothing to write");
		if (fp)
			fclose(fp);
		return -1;
	}
	x = calloc(1, sizeof(*x));
	if (!x) {
		snprintf(err, errlen, "report.xml: out of memory");
		fclose(fp);
		return -1;
	}
	x->fp = fp;
	out = xmlOutputBufferCreateFile(fp, NULL);
	x->w = out ? xmlNewTextWriter(out) : NULL;
	if (!x->w) {
		if (out)
			xmlOutputBufferClose(out);
		fclose(fp);
		snprintf(err, errlen, "%s: out of memory", path);
		free(x);
		return -1;
	}
	if (xmlTextWriterSetIndent(x->w, 1) < 0 ||
	    xmlTextWriterSetIndentString(x->w, BAD_CAST "  ") < 0 ||
	    xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElementNS(x->w, NULL, BAD_CAST "report", BAD_CAST REPORT_XML_NS) < 0)
		x->err = 1;
	x_attr(x, "schema-version", REPORT_SCHEMA_VERSION);
	x_attr(x, "generator", "netrca " PACKAGE_VERSION);
	x_attr_bool(x, "partial", a->partial);

	write_tool(x);
	write_options(x, a);
	write_pack(x, a);
	for (i = 0; i < a->er->nin; i++)
		write_capture(x, &a->er->in[i]);
	write_summary(x, a);
	write_preflight(x, a->er);
	write_findings(x, a);
	write_timeseqs(x, a);
	write_anomalies(x, a->er);
	write_flows(x, a, &si);
	write_limitations(x, a, &si);

	x_end(x);
	if (!x->err && xmlTextWriterEndDocument(x->w) < 0)
		x->err = 1;
	if (!x->err && xmlTextWriterFlush(x->w) < 0)
		x->err = 1;
	xmlFreeTextWriter(x->w);      /* closes out, not fp */
	/* the reason of a failed write: fflush's, else fclose's (a hashed
	 * stream's close gives the errno of its first failed write) */
	errno = 0;
	if (fflush(fp) != 0 || ferror(fp)) {
		x->err = 1;
		e = errno;
	}
	errno = 0;
	if (fclose(fp) != 0) {
		x->err = 1;
		if (errno)
			e = errno;
	}
	if (x->err)
		snprintf(err, errlen, "%s: write error%s%s", path, e ? ": " : "", e ? strerror(e) : "");
	else
		rc = 0;
	x_free_texts(x);
	free(x);
	errno = e;    /* for the caller's own message */
	return rc;
}
