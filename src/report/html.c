/*
 * html.c - report.html: one self-contained page for a reviewer.
 *
 * Built only with libxml2's HTML tree API: element names and attribute
 * names are constants; text goes in through xmlNewTextChild /
 * xmlNodeAddContent and attribute values through xmlSetProp, which store it
 * literally and escape it on output.  Every string from a capture or a file
 * name passes through sanitize_str() first.  The page has no script, loads
 * nothing, and its only stylesheet (report_css, a constant) is allowed by
 * hash in a Content-Security-Policy that is the first child of <head>.
 * Display filters sit in a read-only <textarea> so they can be selected and
 * copied.  No wall-clock time: the same analysis gives the same bytes.
 */
#include "config.h"
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>
#include <openssl/crypto.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlversion.h>
#include "report.h"
#include "../sanitize.h"
#include "../rules/rules.h"
#include "../../dissectors/anomaly.h"

#define HTML_STR_CAP 1024            /* sanitised bytes kept per string */
#define HTML_MAX_FINDINGS 1000       /* findings drawn; the rest are in report.xml */


struct hw {
	xmlDocPtr doc;
	int err;                     /* an allocation failed */
	char s[HTML_STR_CAP + 8];    /* sanitiser output */
};

/* ---- building blocks ------------------------------------------------ */

/* A child element (name is a constant), optionally with a class. */
static xmlNodePtr el(struct hw *h, xmlNodePtr parent, const char *name, const char *cls)
{
	xmlNodePtr n = xmlNewTextChild(parent, NULL, BAD_CAST name, NULL);

	if (!n) {
		h->err = 1;
		return parent;   /* keep building; the error is reported at the end */
	}
	if (cls && !xmlSetProp(n, BAD_CAST "class", BAD_CAST cls))
		h->err = 1;
	return n;
}

/* A child element holding text that netrca made (escaped by libxml2). */
static xmlNodePtr el_text(struct hw *h, xmlNodePtr parent, const char *name, const char *cls,
			  const char *text)
{
	xmlNodePtr n = xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST text);

	if (!n) {
		h->err = 1;
		return parent;
	}
	if (cls && !xmlSetProp(n, BAD_CAST "class", BAD_CAST cls))
		h->err = 1;
	return n;
}

static const char *san(struct hw *h, const void *s, size_t len, int *trunc)
{
	int t = 0;

	sanitize_str(s ? s : "", s ? len : 0, h->s, sizeof(h->s), HTML_STR_CAP, &t);
	if (trunc)
		*trunc = t;
	return h->s;
}

static const char *san_str(struct hw *h, const char *s)
{
	return san(h, s, s ? strlen(s) : 0, NULL);
}

/* A child element with a hostile string as its text. */
static xmlNodePtr el_san(struct hw *h, xmlNodePtr parent, const char *name, const char *cls,
			 const char *s)
{
	return el_text(h, parent, name, cls, san_str(h, s));
}

static void add_text(struct hw *h, xmlNodePtr n, const char *text)
{
	xmlNodePtr t = xmlNewText(BAD_CAST text);

	if (!t || !xmlAddChild(n, t)) {
		xmlFreeNode(t);
		h->err = 1;
	}
}

static void prop(struct hw *h, xmlNodePtr n, const char *name, const char *v)
{
	if (!xmlSetProp(n, BAD_CAST name, BAD_CAST v))
		h->err = 1;
}

/* Appends text to the NUL-terminated buf (size n), cutting at a UTF-8
 * character boundary so a cut never leaves a broken sequence. */
static void cat(char *buf, size_t n, const char *text)
{
	size_t o = strnlen(buf, n), k = strlen(text);

	if (o + 1 >= n)
		return;
	if (k > n - 1 - o) {
		k = n - 1 - o;
		while (k > 0 && ((unsigned char)text[k] & 0xc0) == 0x80)
			k--;
	}
	memcpy(buf + o, text, k);
	buf[o + k] = 0;
}

/* 1234567 -> "1,234,567" */
static const char *num(uint64_t v, char *buf, size_t n)
{
	char tmp[32];
	size_t len, i, o = 0;

	snprintf(tmp, sizeof(tmp), "%" PRIu64, v);
	len = strlen(tmp);
	for (i = 0; i < len && o + 2 < n; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = 0;
	return buf;
}

static const char *dbl(double v, char *buf, size_t n)
{
	if (isnan(v))
		snprintf(buf, n, "n/a");
	else if (isinf(v))
		snprintf(buf, n, v > 0 ? "infinite" : "-infinite");
	else
		snprintf(buf, n, "%.6g", v);
	return buf;
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

static const char *lt_name(uint32_t lt)
{
	const char *n = pcap_datalink_val_to_name(lt == 101 ? DLT_RAW : (int)lt);
	return n ? n : "unknown";
}

static const char *ts_iso(int64_t ts, struct ts_fmt *f)
{
	if (ts < 0)
		snprintf(f->s, sizeof(f->s), "-");
	else
		pkt_ts_iso(ts, f);
	return f->s;
}

/* A two-column row: <tr><th>key</th><td>value</td></tr>; returns the td. */
static xmlNodePtr kv(struct hw *h, xmlNodePtr table, const char *key, const char *value,
		     const char *cls)
{
	xmlNodePtr tr = el(h, table, "tr", NULL);

	el_text(h, tr, "th", NULL, key);
	return el_text(h, tr, "td", cls, value ? value : "");
}

static const struct input_result *input_by_id(const struct engine_result *er, uint32_t id)
{
	unsigned i;

	for (i = 0; i < er->nin; i++)
		if (er->in[i].capture == id)
			return &er->in[i];
	return NULL;
}

/* The sanitised last path component of path, cut at about n / 2 bytes so a
 * long name cannot crowd out the text around it. */
static const char *base_name(struct hw *h, const char *path, char *buf, size_t n)
{
	const char *s = path ? strrchr(path, '/') : NULL;

	(void)h;
	s = s ? s + 1 : path ? path : "";
	sanitize_str(s, strlen(s), buf, n, n / 2, NULL);
	return buf;
}

/* ---- head ------------------------------------------------------------ */

static int build_head(struct hw *h, xmlNodePtr html, const struct analysis *a)
{
	char hash[128], csp[512], title[300], bn[200];
	xmlNodePtr head, m, style, t;

	if (report_css_hash(hash, sizeof(hash)) < 0)
		return -1;
	snprintf(csp, sizeof(csp),
		 "default-src 'none'; style-src %s; img-src data:; base-uri 'none'; form-action 'none'",
		 hash);
	head = el(h, html, "head", NULL);
	/* First child of <head>: nothing before it can load anything. */
	m = el(h, head, "meta", NULL);
	prop(h, m, "http-equiv", "Content-Security-Policy");
	prop(h, m, "content", csp);
	m = el(h, head, "meta", NULL);
	prop(h, m, "charset", "utf-8");
	m = el(h, head, "meta", NULL);
	prop(h, m, "name", "referrer");
	prop(h, m, "content", "no-referrer");
	m = el(h, head, "meta", NULL);
	prop(h, m, "name", "viewport");
	prop(h, m, "content", "width=device-width, initial-scale=1");
	m = el(h, head, "meta", NULL);
	prop(h, m, "name", "generator");
	prop(h, m, "content", "netrca " PACKAGE_VERSION);
	if (a->er->nin)
		snprintf(title, sizeof(title), "netrca report: %s%s",
			 base_name(h, a->er->in[0].path, bn, sizeof(bn)),
			 a->er->nin > 1 ? " and more" : "");
	else
		snprintf(title, sizeof(title), "netrca report");
	el_text(h, head, "title", NULL, title);
	/* The stylesheet is a constant: no capture data ever goes in here. */
	style = el(h, head, "style", NULL);
	t = xmlNewText(BAD_CAST report_css);
	if (!t || !xmlAddChild(style, t)) {
		xmlFreeNode(t);
		h->err = 1;
	}
	return 0;
}

/* ---- header, summary, chain of custody ----------------------------- */

static void build_top(struct hw *h, xmlNodePtr body, const struct analysis *a)
{
	const struct engine_result *er = a->er;
	xmlNodePtr top = el(h, body, "header", "top"), d;
	char line[400], b1[32], ts1[64];
	struct ts_fmt f1, f2;

	d = el(h, top, "div", NULL);
	el_text(h, d, "h1", NULL, "netrca evidence report");
	if (er->packets) {
		snprintf(ts1, sizeof(ts1), "%s", ts_iso(er->first_ts, &f1));
		snprintf(line, sizeof(line), "%u capture file%s, %s packets, %s to %s", er->nin,
			 er->nin == 1 ? "" : "s", num(er->packets, b1, sizeof(b1)), ts1,
			 ts_iso(er->last_ts, &f2));
	} else {
		snprintf(line, sizeof(line), "%u capture file%s, no packets read", er->nin,
			 er->nin == 1 ? "" : "s");
	}
	el_text(h, d, "div", "sub", line);
	d = el(h, top, "div", "sub");
	snprintf(line, sizeof(line), "netrca %s", PACKAGE_VERSION);
	el_text(h, d, "div", NULL, line);
	if (a->pack) {
		snprintf(line, sizeof(line), "rule pack ");
		cat(line, sizeof(line), san_str(h, a->pack->pack_version));
		el_text(h, d, "div", NULL, line);
	}

	/* Partial inputs: said first, before any finding. */
	for (unsigned i = 0; i < er->nin; i++) {
		const struct input_result *in = &er->in[i];
		char msg[900], bn[200];
		xmlNodePtr b;

		if (!in->unreadable && !in->partial)
			continue;
		b = el(h, body, "div", in->unreadable ? "banner bad" : "banner");
		el_text(h, b, "strong", NULL, in->unreadable ? "Unreadable input. " : "Partial analysis. ");
		if (in->unreadable)
			snprintf(msg, sizeof(msg), "Capture %u (%s) could not be read; nothing from it is "
				 "analysed. Reader: ", in->capture, base_name(h, in->path, bn, sizeof(bn)));
		else
			snprintf(msg, sizeof(msg), "Capture %u (%s) is damaged or cut short after frame "
				 "%" PRIu64 "; later frames are not analysed and the absence of a finding "
				 "there proves nothing. Reader: ", in->capture,
				 base_name(h, in->path, bn, sizeof(bn)), in->last_good_frame);
		add_text(h, b, msg);
		add_text(h, b, san(h, in->message, strnlen(in->message, sizeof(in->message)), NULL));
	}
}

/* The first screen: the verdict (one line per incident class, each linked
 * to its finding) and what was not examined, above everything else. */
static void build_verdict(struct hw *h, xmlNodePtr body, const struct analysis *a)
{
	struct verdict v;
	xmlNodePtr sec, ul, li, link;
	char line[1400], cls[32], id[24];
	unsigned i;

	verdict_build(a->findings, &v);
	sec = el(h, body, "section", "first");
	prop(h, sec, "id", "verdict");
	el_text(h, sec, "h2", NULL, "Verdict");
	if (!v.n) {
		el_text(h, sec, "p", "clean", san_str(h, verdict_none(a, &v, line, sizeof(line))));
	} else {
		ul = el(h, sec, "ul", NULL);
		for (i = 0; i < v.n; i++) {
			const struct finding *f = &a->findings->v[v.head[i]];
			li = el(h, ul, "li", NULL);
			snprintf(cls, sizeof(cls), "badge %s", sev_name(f->severity));
			el_text(h, li, "span", cls, sev_name(f->severity));
			add_text(h, li, " ");
			link = el_text(h, li, "a", NULL, san_str(h, verdict_line(a, &v, i, line, sizeof(line))));
			snprintf(id, sizeof(id), "#F%u", v.head[i] + 1);
			prop(h, link, "href", id);
		}
		if (v.classes_over) {
			snprintf(line, sizeof(line), "%u more incident classes: see the findings.", v.classes_over);
			el_text(h, sec, "p", "muted", line);
		}
		if (v.notes) {
			snprintf(line, sizeof(line), "And %u low or info finding%s.", v.notes, v.notes == 1 ? "" : "s");
			el_text(h, sec, "p", "muted", line);
		}
	}
	if (a->apps && a->apps->n) {
		size_t o = 0;
		o += (size_t)snprintf(line + o, sizeof(line) - o, "Not examined: ");
		for (i = 0; i < a->apps->n && o < sizeof(line); i++)
			o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%s %" PRIu64 " flow%s", i ? ", " : "",
					      a->apps->v[i].name, a->apps->v[i].flows,
					      a->apps->v[i].flows == 1 ? "" : "s");
		if (o < sizeof(line) && a->apps->other_flows)
			o += (size_t)snprintf(line + o, sizeof(line) - o, ", other protocols %" PRIu64 " flows",
					      a->apps->other_flows);
		if (o < sizeof(line))
			snprintf(line + o, sizeof(line) - o, " (named by nDPI; netrca does not analyse these "
				 "application protocols yet).");
		el_text(h, sec, "p", "muted", san_str(h, line));
	}
}

static void build_nav(struct hw *h, xmlNodePtr body)
{
	static const char *const links[][2] = {
		{ "#verdict", "Verdict" }, { "#summary", "Summary" }, { "#custody", "Chain of custody" },
		{ "#preflight", "Capture quality" },
		{ "#findings", "Findings" }, { "#flows", "Top flows" },
		{ "#anomalies", "Anomalies" }, { "#limitations", "Limitations" },
		{ "#details", "Capture details" }, { "#appendix", "Appendix" },
	};
	xmlNodePtr nav = el(h, body, "nav", "toc");
	unsigned i;

	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		xmlNodePtr aa = el_text(h, nav, "a", NULL, links[i][1]);
		prop(h, aa, "href", links[i][0]);
		if (i + 1 < sizeof(links) / sizeof(links[0]))
			add_text(h, nav, " \xc2\xb7 ");
	}
}

static void build_summary(struct hw *h, xmlNodePtr body, const struct analysis *a)
{
	uint64_t sev[SEV_COUNT] = { 0 }, above = 0;
	xmlNodePtr sec, strip, p;
	char b[64], line[300];
	unsigned i, roots = 0, n = a->findings ? a->findings->n : 0;
	int s;

	for (i = 0; i < n; i++)
		roots += !a->findings->v[i].cause;

	/* the tiles count root causes; a consequence is shown under its cause */
	for (i = 0; i < n; i++) {
		s = a->findings->v[i].severity;
		if (s >= 0 && s < SEV_COUNT && !a->findings->v[i].cause)
			sev[s]++;
		if (s >= a->fail_on)
			above++;
	}
	sec = el(h, body, "section", NULL);
	prop(h, sec, "id", "summary");
	el_text(h, sec, "h2", NULL, "Summary");
	strip = el(h, sec, "div", "strip");
	for (s = SEV_COUNT - 1; s >= 0; s--) {
		xmlNodePtr t;
		snprintf(line, sizeof(line), "tile %s%s", severity_names[s], sev[s] ? "" : " zero");
		t = el(h, strip, "div", line);
		el_text(h, t, "div", "n", num(sev[s], b, sizeof(b)));
		el_text(h, t, "div", "l", severity_names[s]);
	}
	p = el(h, sec, "p", "verdict-line");
	if (n == 0)
		snprintf(line, sizeof(line), a->partial ? "No rule fired on the frames that could be read."
							 : "No rule fired on these captures.");
	else if (a->fail_on >= SEV_COUNT)
		snprintf(line, sizeof(line), "%u finding%s (%u root cause%s); --fail-on none: findings do not "
			 "set the exit code.", n, n == 1 ? "" : "s", roots, roots == 1 ? "" : "s");
	else
		snprintf(line, sizeof(line), "%u finding%s (%u root cause%s); %" PRIu64 " at or above --fail-on %s.",
			 n, n == 1 ? "" : "s", roots, roots == 1 ? "" : "s", above, fail_on_name(a->fail_on));
	add_text(h, p, line);
	if (a->findings && a->findings->dropped) {
		snprintf(line, sizeof(line), " %" PRIu64 " less important findings were counted but not kept.",
			 a->findings->dropped);
		add_text(h, p, line);
	}
}

static void custody_string(struct hw *h, xmlNodePtr table, const char *key,
			   const struct capture_string *cs)
{
	int t;
	char v[HTML_STR_CAP + 32];

	san(h, cs->s, cs->len < sizeof(cs->s) ? cs->len : sizeof(cs->s) - 1, &t);
	snprintf(v, sizeof(v), "%s%s", h->s, (t || cs->truncated) ? " (truncated)" : "");
	kv(h, table, key, v, "mono");
}

static void build_capture(struct hw *h, xmlNodePtr sec, const struct input_result *in)
{
	const char *status = in->unreadable ? "unreadable" : in->partial ? "partial" : "complete";
	char cls[40], line[600], b1[32], bn[200];
	xmlNodePtr box, tbl, td;
	struct ts_fmt f;
	unsigned i;
	int t;

	snprintf(cls, sizeof(cls), "custody %s", status);
	box = el(h, sec, "div", cls);
	snprintf(line, sizeof(line), "Capture %u \xe2\x80\x94 %s", in->capture,
		 base_name(h, in->path, bn, sizeof(bn)));
	el_text(h, box, "h3", NULL, line);
	tbl = el(h, box, "table", "kv");
	san(h, in->path, in->path ? strlen(in->path) : 0, &t);
	td = kv(h, tbl, "File", h->s, "mono");
	if (t)
		add_text(h, td, " (truncated)");
	if (in->partial)
		snprintf(line, sizeof(line), "PARTIAL: damaged after frame %" PRIu64,
			 in->last_good_frame);
	else
		snprintf(line, sizeof(line), "%s", status);
	kv(h, tbl, "Status", line, in->partial || in->unreadable ? NULL : "ok");
	if (in->partial || in->unreadable)
		kv(h, tbl, "Reader message",
		   san(h, in->message, strnlen(in->message, sizeof(in->message)), NULL), "mono");
	kv(h, tbl, "Format", in->fmt == FMT_PCAPNG ? "pcapng" : in->fmt == FMT_PCAP ? "pcap" : "unknown",
	   NULL);
	snprintf(line, sizeof(line), "%s bytes", num(in->size, b1, sizeof(b1)));
	kv(h, tbl, "Size", line, NULL);
	kv(h, tbl, "SHA-256", in->sha256[0] ? san_str(h, in->sha256) : "-", "mono");
	kv(h, tbl, "Frames", num(in->frames, b1, sizeof(b1)), NULL);
	if (in->frames) {
		snprintf(line, sizeof(line), "%s  (%" PRId64 " ns)", ts_iso(in->first_ts, &f), in->first_ts);
		kv(h, tbl, "First packet (UTC)", line, "mono");
		snprintf(line, sizeof(line), "%s  (%" PRId64 " ns)", ts_iso(in->last_ts, &f), in->last_ts);
		kv(h, tbl, "Last packet (UTC)", line, "mono");
	}
	if (in->rstats.nlinktypes) {
		size_t o = 0;
		line[0] = 0;
		for (i = 0; i < in->rstats.nlinktypes && i < 16 && o < sizeof(line) - 40; i++)
			o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%s (%u)", i ? ", " : "",
					      lt_name(in->rstats.linktypes[i]), in->rstats.linktypes[i]);
		kv(h, tbl, "Link types", line, NULL);
	}
	if (in->shb_hardware.len)
		custody_string(h, tbl, "Section: hardware", &in->shb_hardware);
	if (in->shb_os.len)
		custody_string(h, tbl, "Section: OS", &in->shb_os);
	if (in->shb_userappl.len)
		custody_string(h, tbl, "Section: application", &in->shb_userappl);
	for (i = 0; i < in->nifnames && i < INPUT_MAX_IFNAMES; i++) {
		snprintf(line, sizeof(line), "Interface %u name", i);
		custody_string(h, tbl, line, &in->ifnames[i]);
	}
	if (in->ncomments) {
		xmlNodePtr ul;
		uint64_t total = in->comments_total > in->ncomments ? in->comments_total : in->ncomments;
		snprintf(line, sizeof(line), "%u of %" PRIu64 " shown", in->ncomments, total);
		td = kv(h, tbl, "Packet comments", line, NULL);
		ul = el(h, td, "ul", "mono");
		for (i = 0; i < in->ncomments && i < INPUT_MAX_COMMENTS; i++) {
			const struct capture_string *cs = &in->comments[i];
			char v[HTML_STR_CAP + 64];
			san(h, cs->s, cs->len < sizeof(cs->s) ? cs->len : sizeof(cs->s) - 1, &t);
			snprintf(v, sizeof(v), "frame %" PRIu64 ": %s%s", cs->frame, h->s,
				 (t || cs->truncated) ? " (truncated)" : "");
			el_text(h, ul, "li", NULL, v);
		}
	}
}

/* The chain of custody in one table at the top of the page; the details
 * (pcapng strings, comments, tool versions) follow further down. */
static void build_custody_table(struct hw *h, xmlNodePtr body, const struct analysis *a)
{
	static const char *const cols[] = { "#", "File and SHA-256", "Status", "Frames", "Size",
		"First / last packet (UTC)" };
	xmlNodePtr sec, tbl, tr, td;
	char line[300], b1[32], bn[200];
	struct ts_fmt f;
	unsigned i;

	sec = el(h, body, "section", NULL);
	prop(h, sec, "id", "custody");
	el_text(h, sec, "h2", NULL, "Chain of custody");
	tbl = el(h, sec, "table", "custody-table");
	tr = el(h, el(h, tbl, "thead", NULL), "tr", NULL);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		el_text(h, tr, "th", i == 3 || i == 4 ? "num" : NULL, cols[i]);
	tbl = el(h, tbl, "tbody", NULL);
	for (i = 0; i < a->er->nin; i++) {
		const struct input_result *in = &a->er->in[i];
		const char *st = in->unreadable ? "unreadable" : in->partial ? "partial" : "complete";

		tr = el(h, tbl, "tr", NULL);
		snprintf(line, sizeof(line), "%u", in->capture);
		el_text(h, tr, "td", "num", line);
		td = el(h, tr, "td", NULL);
		el_text(h, td, "div", "fname", base_name(h, in->path, bn, sizeof(bn)));
		el_text(h, td, "div", "hash mono", in->sha256[0] ? san_str(h, in->sha256) : "no hash");
		snprintf(line, sizeof(line), "status %s", st);
		td = el(h, tr, "td", NULL);
		el_text(h, td, "span", line, st);
		if (in->partial) {
			snprintf(line, sizeof(line), "after frame %" PRIu64, in->last_good_frame);
			el_text(h, td, "div", "muted", line);
		}
		el_text(h, tr, "td", "num", num(in->frames, b1, sizeof(b1)));
		snprintf(line, sizeof(line), "%s B", num(in->size, b1, sizeof(b1)));
		el_text(h, tr, "td", "num", line);
		td = el(h, tr, "td", "mono ts");
		if (in->frames) {
			el_text(h, td, "div", NULL, ts_iso(in->first_ts, &f));
			el_text(h, td, "div", NULL, ts_iso(in->last_ts, &f));
		} else {
			add_text(h, td, "-");
		}
	}
	el_text(h, sec, "p", "muted", "Full path, link types, pcapng section and interface strings, "
		"packet comments, tool versions and options: see Capture details below.");
}

static void build_custody(struct hw *h, xmlNodePtr body, const struct analysis *a)
{
	const struct engine_opts *o = a->opts;
	xmlNodePtr sec, box, tbl;
	char line[300];
	unsigned i;

	sec = el(h, body, "section", NULL);
	prop(h, sec, "id", "details");
	el_text(h, sec, "h2", NULL, "Capture details");
	for (i = 0; i < a->er->nin; i++)
		build_capture(h, sec, &a->er->in[i]);

	box = el(h, sec, "div", "custody");
	el_text(h, box, "h3", NULL, "Tool and options");
	tbl = el(h, box, "table", "kv");
	kv(h, tbl, "netrca", PACKAGE_VERSION, "mono");
	kv(h, tbl, "libpcap", san_str(h, pcap_lib_version()), "mono");
	kv(h, tbl, "nDPI", san_str(h, classify_version()), "mono");
	kv(h, tbl, "OpenSSL", san_str(h, OpenSSL_version(OPENSSL_VERSION)), "mono");
	kv(h, tbl, "libxml2", LIBXML_DOTTED_VERSION, "mono");
	if (a->options_line)
		kv(h, tbl, "Options", san_str(h, a->options_line), "mono");
	kv(h, tbl, "Fail on", fail_on_name(a->fail_on), NULL);
	kv(h, tbl, "BPF filter", o && o->bpf ? san_str(h, o->bpf) : "none", "mono");
	kv(h, tbl, "Application classification", o && o->no_ndpi ? "off (--no-ndpi)" : "nDPI", NULL);
	if (a->pack) {
		char nr[32];
		line[0] = 0;
		cat(line, sizeof(line), san_str(h, a->pack->pack_version));
		snprintf(nr, sizeof(nr), ", %u rules", a->pack->n);
		cat(line, sizeof(line), nr);
		kv(h, tbl, "Rule pack", line, NULL);
		kv(h, tbl, "Rule pack SHA-256", san_str(h, a->pack->sha256), "mono");
	}
	if (a->site) {
		kv(h, tbl, "Site file", san_str(h, a->site->path), "mono");
		kv(h, tbl, "Site file SHA-256", san_str(h, a->site->sha256), "mono");
	}
}

/* ---- findings ------------------------------------------------------- */

/* Splits a rule text at ';' into list items (display only). */
static void text_list(struct hw *h, xmlNodePtr parent, const char *text)
{
	xmlNodePtr ul;
	const char *p = text;

	if (!text || !*text)
		return;
	ul = el(h, parent, "ul", NULL);
	while (*p) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len)
			el_text(h, ul, "li", NULL, san(h, p, len, NULL));
		if (!e)
			break;
		p = e + 1;
	}
}

static int metric_holds(const struct metric *m)
{
	if (!strcmp(m->op, ">="))
		return m->value >= m->threshold;
	if (!strcmp(m->op, ">"))
		return m->value > m->threshold;
	if (!strcmp(m->op, "<="))
		return m->value <= m->threshold;
	if (!strcmp(m->op, "<"))
		return m->value < m->threshold;
	return 0;
}

static const char *op_sign(const char *op)
{
	if (!strcmp(op, ">="))
		return "\xe2\x89\xa5";
	if (!strcmp(op, "<="))
		return "\xe2\x89\xa4";
	if (!strcmp(op, ">"))
		return ">";
	if (!strcmp(op, "<"))
		return "<";
	return "?";
}

static void build_metrics(struct hw *h, xmlNodePtr art, const struct finding *f)
{
	xmlNodePtr tbl, tr;
	char v[64], t[64], line[200], unit[64];
	unsigned i;

	if (!f->nm)
		return;
	el_text(h, art, "h4", NULL, "Why it fired: value vs threshold");
	tbl = el(h, art, "table", NULL);
	tr = el(h, el(h, tbl, "thead", NULL), "tr", NULL);
	el_text(h, tr, "th", NULL, "Metric");
	el_text(h, tr, "th", "num", "Value");
	el_text(h, tr, "th", NULL, "Threshold");
	el_text(h, tr, "th", NULL, "Result");
	tbl = el(h, tbl, "tbody", NULL);
	for (i = 0; i < f->nm && i < FINDING_MAX_METRICS; i++) {
		const struct metric *m = &f->m[i];
		snprintf(unit, sizeof(unit), "%s", m->unit[0] ? " " : "");
		cat(unit, sizeof(unit), san(h, m->unit, strnlen(m->unit, sizeof(m->unit)), NULL));
		tr = el(h, tbl, "tr", NULL);
		el_text(h, tr, "td", "mono", san(h, m->name, strnlen(m->name, sizeof(m->name)), NULL));
		snprintf(line, sizeof(line), "%s%s", dbl(m->value, v, sizeof(v)), unit);
		el_text(h, tr, "td", "num", line);
		if (m->has_threshold) {
			snprintf(line, sizeof(line), "%s %s%s", op_sign(m->op),
				 dbl(m->threshold, t, sizeof(t)), unit);
			el_text(h, tr, "td", "mono", line);
			el_text(h, tr, "td", metric_holds(m) ? NULL : "muted",
				metric_holds(m) ? "crossed" : "not crossed");
		} else {
			el_text(h, tr, "td", "muted", "\xe2\x80\x94");
			el_text(h, tr, "td", "muted", "context");
		}
	}
}

static void build_evidence(struct hw *h, xmlNodePtr art, const struct analysis *a,
			   const struct finding *f)
{
	char line[FINDING_MAX_EVIDENCE * 40 + 128], bn[200];
	uint64_t total = f->ev_total > f->nev ? f->ev_total : f->nev;
	unsigned i, j;
	xmlNodePtr ul;

	snprintf(line, sizeof(line), "Evidence frames (%u of %" PRIu64 " listed)", f->nev, total);
	el_text(h, art, "h4", NULL, line);
	if (!f->nev) {
		el_text(h, art, "p", "none", "no frame references");
		return;
	}
	ul = el(h, art, "ul", "frames");
	for (i = 0; i < f->nev && i < FINDING_MAX_EVIDENCE; i = j) {
		const struct input_result *in = input_by_id(a->er, f->ev[i].capture);
		size_t o;
		o = (size_t)snprintf(line, sizeof(line), "capture %u (%s): frame%s ", f->ev[i].capture,
				     in ? base_name(h, in->path, bn, sizeof(bn)) : "?", "s");
		for (j = i; j < f->nev && j < FINDING_MAX_EVIDENCE && f->ev[j].capture == f->ev[i].capture;
		     j++)
			if (o < sizeof(line) - 32)
				o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%" PRIu64,
						      j > i ? ", " : "", f->ev[j].frame);
		el_text(h, ul, "li", "mono", line);
	}
}

static void build_filters(struct hw *h, xmlNodePtr art, const struct analysis *a,
			  const struct finding *f)
{
	char filter[FINDING_MAX_EVIDENCE * 40 + 64], line[300], rows[8], bn[200];
	unsigned i, k;

	for (i = 0; i < f->nev && i < FINDING_MAX_EVIDENCE; i++) {
		const struct input_result *in;
		xmlNodePtr ta;

		if (i > 0 && f->ev[i].capture == f->ev[i - 1].capture)
			continue;
		k = finding_filter(f, f->ev[i].capture, filter, sizeof(filter));
		if (!k)
			continue;
		in = input_by_id(a->er, f->ev[i].capture);
		snprintf(line, sizeof(line), "Wireshark display filter \xe2\x80\x94 capture %u (%s)",
			 f->ev[i].capture, in ? base_name(h, in->path, bn, sizeof(bn)) : "?");
		el_text(h, art, "h4", NULL, line);
		/* Built from frame numbers only; read-only so it can be copied. */
		ta = el_text(h, art, "textarea", NULL, filter);
		prop(h, ta, "readonly", "readonly");
		prop(h, ta, "spellcheck", "false");
		snprintf(rows, sizeof(rows), "%u", 1 + (unsigned)(strlen(filter) / 110));
		prop(h, ta, "rows", rows);
		snprintf(line, sizeof(line), "Display filter for capture %u", f->ev[i].capture);
		prop(h, ta, "aria-label", line);
	}
}

static xmlNodePtr build_finding(struct hw *h, xmlNodePtr sec, const struct analysis *a,
				 const struct finding *f, unsigned idx)
{
	const struct rule *r = f->rule;
	const char *sev = sev_name(f->severity);
	char cls[40], line[HTML_STR_CAP + 64], id[16];
	xmlNodePtr art, head;
	unsigned i;

	snprintf(cls, sizeof(cls), "finding %s%s", sev, f->cause ? " consequence" : "");
	art = el(h, sec, "article", cls);
	snprintf(id, sizeof(id), "F%u", idx + 1);
	prop(h, art, "id", id);
	head = el(h, art, "div", "head");
	snprintf(cls, sizeof(cls), "badge %s", sev);
	el_text(h, head, "span", cls, sev);
	snprintf(line, sizeof(line), "%s. %s", id, r && r->title ? san_str(h, r->title) : "");
	el_text(h, head, "h3", NULL, line);
	snprintf(line, sizeof(line), "rule %u %s v%u", r ? r->id : 0,
		 r ? san(h, r->slug, strnlen(r->slug, sizeof(r->slug)), NULL) : "unknown",
		 r ? r->version : 0);
	el_text(h, head, "span", "rule mono", line);

	if (f->cause) {
		const struct finding *c = &a->findings->v[f->cause - 1];
		xmlNodePtr p = el(h, art, "p", "caused"), link;
		snprintf(id, sizeof(id), "F%u", f->cause);
		add_text(h, p, "A consequence of ");
		snprintf(line, sizeof(line), "F%u (%s)", f->cause,
			 c->rule && c->rule->title ? san_str(h, c->rule->title) : "");
		link = el_text(h, p, "a", NULL, line);
		snprintf(line, sizeof(line), "#%s", id);
		prop(h, link, "href", line);
		add_text(h, p, ": explained by it, not a separate problem.");
		snprintf(id, sizeof(id), "F%u", idx + 1);
	}
	el_text(h, art, "p", "verdict", san(h, f->verdict, strnlen(f->verdict, sizeof(f->verdict)), NULL));
	if (f->has_times) {
		char t1[48], t2[48];
		snprintf(line, sizeof(line), "Evidence from %s to %s (capture clock; %+.6f s to %+.6f s into the "
			 "capture, frame.time_relative)", pkt_ts_utc(f->first_ts, 9, t1, sizeof(t1)),
			 pkt_ts_utc(f->last_ts, 9, t2, sizeof(t2)), (double)f->first_rel / 1e9, (double)f->last_rel / 1e9);
		el_text(h, art, "p", "when", line);
	}
	snprintf(line, sizeof(line), "%s", san(h, f->group, strnlen(f->group, sizeof(f->group)), NULL));
	if (line[0]) {
		xmlNodePtr p = el(h, art, "p", "group");
		add_text(h, p, "About: ");
		el_text(h, p, "span", "mono", line);
	}

	build_evidence(h, art, a, f);
	snprintf(line, sizeof(line), "Flows (%u of %" PRIu64 " listed)", f->nflows,
		 f->flows_total > f->nflows ? f->flows_total : f->nflows);
	el_text(h, art, "h4", NULL, line);
	if (f->nflows) {
		size_t o = 0;
		line[0] = 0;
		for (i = 0; i < f->nflows && i < FINDING_MAX_FLOWS; i++)
			o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%s", i ? ", " : "",
					      san(h, f->flows[i], strnlen(f->flows[i], sizeof(f->flows[i])),
						  NULL));
		el_text(h, art, "p", "mono", line);
	} else {
		el_text(h, art, "p", "none", "no flow references");
	}
	build_metrics(h, art, f);
	build_filters(h, art, a, f);

	if ((r && r->alternatives && *r->alternatives) || f->extra_alternatives[0]) {
		el_text(h, art, "h4", NULL, "What the evidence does not exclude");
		if (r)
			text_list(h, art, r->alternatives);
		if (f->extra_alternatives[0]) {
			char ea[sizeof(f->extra_alternatives) + 1];
			snprintf(ea, sizeof(ea), "%s", f->extra_alternatives);
			text_list(h, art, ea);
		}
	}
	if (r && r->next && *r->next) {
		el_text(h, art, "h4", NULL, "Next checks");
		text_list(h, art, r->next);
	}
	if (r && r->explain && *r->explain) {
		el_text(h, art, "h4", NULL, "Explanation");
		el_san(h, art, "p", NULL, r->explain);
	}
	return art;
}

static void build_findings(struct hw *h, xmlNodePtr body, const struct analysis *a)
{
	unsigned i, n = a->findings ? a->findings->n : 0;
	xmlNodePtr sec, *arts;
	char line[200];

	sec = el(h, body, "section", NULL);
	prop(h, sec, "id", "findings");
	snprintf(line, sizeof(line), "Findings (%u)", n);
	el_text(h, sec, "h2", NULL, line);
	if (!n) {
		el_text(h, sec, "p", "none", "No rule fired. See the analysis limitations below for what "
			"this analysis could not see.");
		return;
	}
	/* a consequence goes inside the article of the finding that explains
	 * it (causes always come first in report order) */
	arts = calloc(n < HTML_MAX_FINDINGS ? n : HTML_MAX_FINDINGS, sizeof(*arts));
	for (i = 0; i < n && i < HTML_MAX_FINDINGS; i++) {
		const struct finding *f = &a->findings->v[i];
		xmlNodePtr parent = sec;
		if (arts && f->cause && f->cause - 1 < i && arts[f->cause - 1])
			parent = arts[f->cause - 1];
		xmlNodePtr art = build_finding(h, parent, a, f, i);
		if (arts)
			arts[i] = art;
	}
	free(arts);
	if (n > HTML_MAX_FINDINGS) {
		snprintf(line, sizeof(line), "%u more findings are listed in report.xml only.",
			 n - HTML_MAX_FINDINGS);
		el_text(h, sec, "p", "banner", line);
	}
}

/* ---- flows, anomalies, limitations, appendix ------------------------ */

static void build_flows(struct hw *h, xmlNodePtr body, const struct analysis *a)
{
	static const char *const cols[] = { "Flow", "Proto", "Originator", "Responder", "State",
		"History", "App", "Packets (orig / resp)", "IP bytes (orig / resp)" };
	const struct top_flows *t = a->top;
	xmlNodePtr sec, tbl, tr;
	char line[600], b1[32], b2[32], sh[200];
	uint64_t shown_bytes = 0, shown_pkts = 0;
	unsigned i;

	sec = el(h, body, "section", NULL);
	prop(h, sec, "id", "flows");
	el_text(h, sec, "h2", NULL, "Top flows by bytes");
	if (!t || !t->n) {
		el_text(h, sec, "p", "none", "No flows.");
		return;
	}
	tbl = el(h, sec, "table", NULL);
	tr = el(h, el(h, tbl, "thead", NULL), "tr", NULL);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		el_text(h, tr, "th", i >= 7 ? "num" : NULL, cols[i]);
	tbl = el(h, tbl, "tbody", NULL);
	for (i = 0; i < t->n && i < TOP_FLOWS; i++) {
		const struct top_flow *f = &t->v[i];
		tr = el(h, tbl, "tr", NULL);
		el_text(h, tr, "td", "mono", san(h, f->uid, strnlen(f->uid, sizeof(f->uid)), NULL));
		el_text(h, tr, "td", NULL, san(h, f->proto, strnlen(f->proto, sizeof(f->proto)), NULL));
		sh[0] = 0;
		cat(sh, sizeof(sh), san(h, f->orig, strnlen(f->orig, sizeof(f->orig)), NULL));
		snprintf(line, sizeof(line), strchr(sh, ':') ? "[%s]:%u" : "%s:%u", sh, f->orig_p);
		el_text(h, tr, "td", "mono", line);
		sh[0] = 0;
		cat(sh, sizeof(sh), san(h, f->resp, strnlen(f->resp, sizeof(f->resp)), NULL));
		snprintf(line, sizeof(line), strchr(sh, ':') ? "[%s]:%u" : "%s:%u", sh, f->resp_p);
		el_text(h, tr, "td", "mono", line);
		el_text(h, tr, "td", "mono",
			san(h, f->conn_state, strnlen(f->conn_state, sizeof(f->conn_state)), NULL));
		el_text(h, tr, "td", "mono", san(h, f->history, strnlen(f->history, sizeof(f->history)), NULL));
		el_text(h, tr, "td", NULL, f->app[0] && strcmp(f->app, "-")
			? san(h, f->app, strnlen(f->app, sizeof(f->app)), NULL) : "");
		snprintf(line, sizeof(line), "%s / %s", num(f->orig_pkts, b1, sizeof(b1)),
			 num(f->resp_pkts, b2, sizeof(b2)));
		el_text(h, tr, "td", "num", line);
		snprintf(line, sizeof(line), "%s / %s", num(f->orig_bytes, b1, sizeof(b1)),
			 num(f->resp_bytes, b2, sizeof(b2)));
		el_text(h, tr, "td", "num", line);
		shown_bytes += f->orig_bytes + f->resp_bytes;
		shown_pkts += f->orig_pkts + f->resp_pkts;
	}
	tr = el(h, el(h, tbl->parent, "tfoot", NULL), "tr", NULL);
	snprintf(line, sizeof(line), "%u of %" PRIu64 " flows shown", t->n, t->total_flows);
	prop(h, el_text(h, tr, "td", NULL, line), "colspan", "7");
	snprintf(line, sizeof(line), "%s packets", num(shown_pkts, b1, sizeof(b1)));
	el_text(h, tr, "td", "num", line);
	snprintf(line, sizeof(line), "%s of %s bytes", num(shown_bytes, b1, sizeof(b1)),
		 num(t->total_bytes, b2, sizeof(b2)));
	el_text(h, tr, "td", "num", line);
	snprintf(line, sizeof(line), "Every flow (%" PRIu64 ") is listed in report.xml and conn.log. "
		 "Flows by state:", a->er->conn_rows);
	{
		xmlNodePtr p = el(h, sec, "p", "muted");
		size_t o;
		add_text(h, p, line);
		line[0] = 0;
		o = 0;
		for (i = 0; i < CS_COUNT; i++)
			if (a->er->conn_states[i] && o < sizeof(line) - 40)
				o += (size_t)snprintf(line + o, sizeof(line) - o, " %s %" PRIu64,
						      engine_conn_state_names[i], a->er->conn_states[i]);
		add_text(h, p, o ? line : " none");
	}
}

static void build_anomalies(struct hw *h, xmlNodePtr body, const struct engine_result *er)
{
	xmlNodePtr sec, tbl = NULL, tr;
	char line[400], b1[32];
	unsigned i, j;

	sec = el(h, body, "section", NULL);
	prop(h, sec, "id", "anomalies");
	el_text(h, sec, "h2", NULL, "Decoding anomalies");
	for (i = 0; i < AN_COUNT; i++) {
		const struct counter *c = &er->anomalies[i];
		size_t o = 0;
		if (!c->count)
			continue;
		if (!tbl) {
			tbl = el(h, sec, "table", NULL);
			tr = el(h, el(h, tbl, "thead", NULL), "tr", NULL);
			el_text(h, tr, "th", NULL, "Anomaly");
			el_text(h, tr, "th", NULL, "Kind");
			el_text(h, tr, "th", "num", "Count");
			el_text(h, tr, "th", NULL, "First frames (capture:frame)");
			tbl = el(h, tbl, "tbody", NULL);
		}
		tr = el(h, tbl, "tr", NULL);
		el_text(h, tr, "td", "mono", anomaly_name((enum anomaly)i));
		el_text(h, tr, "td", NULL, anomaly_is_malformed((enum anomaly)i) ? "malformed"
										 : "capture artefact");
		el_text(h, tr, "td", "num", num(c->count, b1, sizeof(b1)));
		line[0] = 0;
		for (j = 0; j < c->nfirst && j < STATS_FIRST_FRAMES; j++)
			o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%u:%" PRIu64, j ? ", " : "",
					      c->first[j].capture, c->first[j].frame);
		el_text(h, tr, "td", "mono", line);
	}
	if (!tbl)
		el_text(h, sec, "p", "none", "No decoding anomalies.");
}

/* Capture quality: the verdict, then every check with its value, its
 * thresholds and what it affects, so a reader knows how far to trust the
 * findings before reading them. */
static void build_preflight(struct hw *h, xmlNodePtr body, const struct engine_result *er)
{
	struct pf_check c[PF_CHECKS];
	enum pf_level v = preflight_checks(er, c);
	xmlNodePtr sec, tbl, tr, p;
	char line[400], b1[48], b2[96];
	unsigned i;

	sec = el(h, body, "section", NULL);
	prop(h, sec, "id", "preflight");
	el_text(h, sec, "h2", NULL, "Capture quality");
	p = el(h, sec, "p", "verdict-line");
	el_text(h, p, "span", v == PF_OK ? "badge info" : v == PF_CAVEAT ? "badge medium" : "badge high",
		preflight_level_names[v]);
	snprintf(line, sizeof(line), v == PF_OK ? " This capture shows no sign of missing or doubled data."
		 : v == PF_CAVEAT ? " Usable; read the verdicts named below with the caveat given."
		 : " The capture cannot support the verdicts named below: capture again closer to the "
		   "problem or on both legs of the path.");
	add_text(h, p, line);
	snprintf(line, sizeof(line), "%" PRIu64 " of %" PRIu64 " TCP flows carry a quality flag "
		 "(tcp.log column quality; report.xml tcp/@quality).", er->preflight.flagged,
		 er->preflight.tcp_flows);
	el_text(h, sec, "p", "muted", line);
	tbl = el(h, sec, "table", NULL);
	tr = el(h, el(h, tbl, "thead", NULL), "tr", NULL);
	el_text(h, tr, "th", NULL, "Check");
	el_text(h, tr, "th", NULL, "Level");
	el_text(h, tr, "th", "num", "Value");
	el_text(h, tr, "th", NULL, "Thresholds");
	el_text(h, tr, "th", NULL, "First frame");
	el_text(h, tr, "th", NULL, "Affects");
	tbl = el(h, tbl, "tbody", NULL);
	for (i = 0; i < PF_CHECKS; i++) {
		tr = el(h, tbl, "tr", NULL);
		el_text(h, tr, "td", "mono", c[i].name);
		el_text(h, tr, "td", NULL, preflight_level_names[c[i].level]);
		if (c[i].unit[0])
			snprintf(b1, sizeof(b1), "%.2f %s (%" PRIu64 ")", c[i].value, c[i].unit, c[i].count);
		else
			snprintf(b1, sizeof(b1), "%" PRIu64, c[i].count);
		el_text(h, tr, "td", "num", b1);
		if (c[i].unreliable >= 0)
			snprintf(b2, sizeof(b2), "caveat > %g%s, unreliable \xe2\x89\xa5 %g%s", c[i].caveat,
				 c[i].unit, c[i].unreliable, c[i].unit);
		else
			snprintf(b2, sizeof(b2), "caveat > %g", c[i].caveat);
		el_text(h, tr, "td", NULL, b2);
		if (c[i].first.frame)
			snprintf(b1, sizeof(b1), "%u:%" PRIu64, c[i].first.capture, c[i].first.frame);
		else
			snprintf(b1, sizeof(b1), "-");
		el_text(h, tr, "td", "mono", b1);
		el_text(h, tr, "td", NULL, c[i].affects);
	}
}

struct limit_ctx {
	struct hw *h;
	xmlNodePtr sec, tbl;
};

static void html_limit(void *ctx, const char *name, uint64_t count, uint64_t first_frame,
		       const char *text)
{
	struct limit_ctx *lc = ctx;
	struct hw *h = lc->h;
	xmlNodePtr tr;
	char b[32];

	if (!lc->tbl) {
		lc->tbl = el(h, lc->sec, "table", NULL);
		tr = el(h, el(h, lc->tbl, "thead", NULL), "tr", NULL);
		el_text(h, tr, "th", NULL, "Limitation");
		el_text(h, tr, "th", "num", "Count");
		el_text(h, tr, "th", "num", "First frame");
		el_text(h, tr, "th", NULL, "Meaning");
		lc->tbl = el(h, lc->tbl, "tbody", NULL);
	}
	tr = el(h, lc->tbl, "tr", NULL);
	el_text(h, tr, "td", "mono", name);
	el_text(h, tr, "td", "num", num(count, b, sizeof(b)));
	if (first_frame)
		el_text(h, tr, "td", "num", num(first_frame, b, sizeof(b)));
	else
		el_text(h, tr, "td", "num", "");
	el_text(h, tr, "td", NULL, text);
}

static void build_limitations(struct hw *h, xmlNodePtr body, const struct analysis *a)
{
	struct limit_ctx lc;

	lc.h = h;
	lc.tbl = NULL;
	lc.sec = el(h, body, "section", NULL);
	prop(h, lc.sec, "id", "limitations");
	el_text(h, lc.sec, "h2", NULL, "Analysis limitations");
	report_each_limit(a, -1, 0, html_limit, &lc);
	if (!lc.tbl)
		el_text(h, lc.sec, "p", "none", "No cap was hit and no input was damaged.");
}

static void build_appendix(struct hw *h, xmlNodePtr body, const struct analysis *a)
{
	xmlNodePtr sec, tbl, ft;
	char hash[128], line[300];

	sec = el(h, body, "section", NULL);
	prop(h, sec, "id", "appendix");
	el_text(h, sec, "h2", NULL, "Appendix");
	tbl = el(h, sec, "table", "kv");
	if (a->pack) {
		kv(h, tbl, "Rule pack version", san_str(h, a->pack->pack_version), "mono");
		kv(h, tbl, "Rule pack SHA-256", san_str(h, a->pack->sha256), "mono");
		snprintf(line, sizeof(line), "%u rules from %u file%s", a->pack->n, a->pack->nfiles,
			 a->pack->nfiles == 1 ? "" : "s");
		kv(h, tbl, "Rules loaded", line, NULL);
	} else {
		kv(h, tbl, "Rule pack", "none", NULL);
	}
	kv(h, tbl, "Site file", a->site ? san_str(h, a->site->path) : "none", "mono");
	kv(h, tbl, "Report schema", REPORT_XML_NS " (reports/netrca-report-1.xsd)", "mono");
	if (report_css_hash(hash, sizeof(hash)) == 0)
		kv(h, tbl, "Stylesheet hash (CSP)", hash, "mono");
	ft = el(h, body, "footer", NULL);
	add_text(h, ft, "Generated by netrca " PACKAGE_VERSION ". report.xml is the authoritative "
		 "record; this page runs no script and loads nothing. Frame numbers are Wireshark's; "
		 "strings from the captures are shown escaped (\\xNN, \\uNNNN).");
}

/* ---- document ------------------------------------------------------- */

static int write_file(const char *path, const xmlChar *buf, int len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "wb");

	if (!f) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	if ((len > 0 && fwrite(buf, 1, (size_t)len, f) != (size_t)len) || fflush(f) != 0) {
		int e = errno;
		snprintf(err, errlen, "%s: write error: %s", path, strerror(e));
		fclose(f);
		errno = e;   /* for the caller's own message */
		return -1;
	}
	if (fclose(f) != 0) {
		snprintf(err, errlen, "%s: write error: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int report_write_html(const struct analysis *a, const char *path, char *err, size_t errlen)
{
	struct hw *h;
	xmlNodePtr html, body;
	xmlChar *buf = NULL;
	int len = 0, rc = -1, e;

	if (!a || !a->er || !path) {
		snprintf(err, errlen, "report.html: nothing to write");
		return -1;
	}
	h = calloc(1, sizeof(*h));
	if (!h) {
		snprintf(err, errlen, "report.html: out of memory");
		return -1;
	}
	h->doc = htmlNewDocNoDtD(NULL, NULL);
	if (!h->doc || !xmlCreateIntSubset(h->doc, BAD_CAST "html", NULL, NULL))
		goto out_oom;
	html = xmlNewDocNode(h->doc, NULL, BAD_CAST "html", NULL);
	if (!html)
		goto out_oom;
	xmlDocSetRootElement(h->doc, html);
	prop(h, html, "lang", "en");
	if (build_head(h, html, a) < 0) {
		snprintf(err, errlen, "report.html: cannot hash the stylesheet");
		goto out;
	}
	body = el(h, html, "body", NULL);
	build_top(h, body, a);
	build_verdict(h, body, a);
	build_nav(h, body);
	build_summary(h, body, a);
	build_custody_table(h, body, a);
	build_preflight(h, body, a->er);
	build_findings(h, body, a);
	build_flows(h, body, a);
	build_anomalies(h, body, a->er);
	build_limitations(h, body, a);
	build_custody(h, body, a);
	build_appendix(h, body, a);
	if (h->err)
		goto out_oom;
	/* No meta Content-Type is present, so libxml2 writes ASCII with
	 * character references: the bytes do not depend on a charset guess. */
	htmlDocDumpMemoryFormat(h->doc, &buf, &len, 1);
	if (!buf)
		goto out_oom;
	rc = write_file(path, buf, len, err, errlen);
	goto out;
out_oom:
	snprintf(err, errlen, "report.html: out of memory");
out:
	e = errno;
	xmlFree(buf);
	if (h->doc)
		xmlFreeDoc(h->doc);
	free(h);
	errno = e;   /* a failed write's reason, for the caller's own message */
	return rc;
}
