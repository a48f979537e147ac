/*
 * result.h - the finished result model that the writers read: findings with
 * their evidence, plus everything else the report shows.  Writers
 * (src/report/) read this and the flow spool, nothing else.
 */
#ifndef NETRCA_RESULT_H
#define NETRCA_RESULT_H
#include <stdint.h>
#include "stats.h"
#include "engine.h"
#include "tseq.h"

#define FINDING_MAX_EVIDENCE 32   /* evidence references kept per finding */
#define FINDING_MAX_FLOWS 8       /* flow uids kept per finding */
#define FINDING_MAX_METRICS 8
#define FINDINGS_MAX 10000        /* findings kept per analysis: the most important (findings_sort) */
#define FINDINGS_SLACK 500        /* held beyond it before the least important are cut */
#define TOP_FLOWS 25              /* flows shown in the HTML by bytes */

enum severity { SEV_INFO = 0, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL, SEV_COUNT };
extern const char *const severity_names[SEV_COUNT];
/* Parses "info".."critical"; returns -1 if unknown. */
int severity_parse(const char *s);

struct metric {
	char name[40];            /* e.g. "unanswered_attempts" */
	double value;
	int has_threshold;
	char op[3];               /* ">=", ">", "<=", "<" */
	double threshold;
	char unit[12];            /* "", "s", "%", "bytes" */
};

struct rule;                  /* src/rules/rules.h */

struct finding {
	const struct rule *rule;  /* borrowed from the rule pack */
	enum severity severity;
	char verdict[600];        /* one line, "at this capture point"; built from numbers and addresses only */
	char group[256];          /* what the finding is about, e.g. "198.51.100.0/24 -> 192.0.2.10:8080/tcp" */
	struct frame_ref ev[FINDING_MAX_EVIDENCE];
	unsigned nev;
	uint64_t ev_total;        /* evidence frames in all, kept or not */
	struct frame_ref ev_last; /* the latest evidence frame, kept or not */
	char flows[FINDING_MAX_FLOWS][24];
	unsigned nflows;
	uint64_t flows_total;
	struct metric m[FINDING_MAX_METRICS];
	unsigned nm;
	char extra_alternatives[300]; /* alternatives specific to this evidence (appended to the rule's) */
	/* set after the run (findings_link, findings_times) */
	unsigned cause;           /* 1 + index of the finding that explains this one; 0: a root cause */
	int has_times;            /* the two evidence times below are known */
	int64_t first_ts, last_ts;/* capture timestamps (ns since the epoch) of ev[0] and ev_last */
	int64_t first_rel, last_rel; /* the same, relative to the first frame of their capture */
};

/* Adds a frame to a finding's evidence (kept if room, always counted). */
void finding_add_ev(struct finding *f, uint32_t capture, uint64_t frame);
void finding_add_flow(struct finding *f, const char *uid);

/* What a detector's group gathers before it becomes a finding: the evidence
 * frames and flows only (a fraction of a finding's size), with the same
 * keep-the-earliest and count-everything rules. */
struct evidence {
	struct frame_ref ev[FINDING_MAX_EVIDENCE];
	unsigned nev;
	uint64_t ev_total;
	struct frame_ref ev_last;
	char flows[FINDING_MAX_FLOWS][24];
	unsigned nflows;
	uint64_t flows_total;
};
void evidence_add_ev(struct evidence *e, uint32_t capture, uint64_t frame);
/* f (overwritten, all zero) with ev's frames and flows. */
void finding_from_evidence(struct finding *f, const struct evidence *ev);
void evidence_add_flow(struct evidence *e, const char *uid);
void finding_add_metric(struct finding *f, const char *name, double value, const char *op,
			double threshold, const char *unit);
void finding_add_info(struct finding *f, const char *name, double value, const char *unit);
/*
 * Wireshark display filter selecting the kept evidence frames of capture
 * `capture`, in Wireshark 4's set syntax ("frame.number in {3..6, 9}"), into
 * buf.  Built from numbers only.  Returns the number of frames it selects;
 * buf is "" when there are none or it would not fit in n bytes.
 */
unsigned finding_filter(const struct finding *f, uint32_t capture, char *buf, size_t n);

struct findings {
	struct finding *v;        /* owned */
	unsigned n, cap;
	uint64_t dropped;         /* beyond FINDINGS_MAX */
};
/* Appends a copy of f; returns 0, or -1 (counted in dropped).  Past
 * FINDINGS_MAX + FINDINGS_SLACK the findings are sorted and cut back to the
 * FINDINGS_MAX first, so which are kept does not depend on the order they
 * came in. */
int findings_add(struct findings *fs, const struct finding *f);
/* Sorts by severity (high first), then first evidence (capture, frame), then
 * rule id, then group; keeps the FINDINGS_MAX first (the rest counted in
 * dropped). */
void findings_sort(struct findings *fs);
void findings_free(struct findings *fs);
/*
 * Links consequences to their causes, after findings_sort: a finding whose
 * rule lists caused_by rules is explained by the first finding (in that
 * list's order, then report order) of one of those rules that shares a
 * flow with it (never one it explains itself).  Then reorders the findings
 * so that each root cause is followed by what it explains: a family ranks
 * where its most important member ranked.  Returns the number of links.
 */
unsigned findings_link(struct findings *fs);
/* The root cause of finding i (itself if it is one). */
unsigned findings_root(const struct findings *fs, unsigned i);
/* Depth of finding i under its root (0 for a root). */
unsigned findings_depth(const struct findings *fs, unsigned i);
struct frametime;
/* The absolute times of each finding's first and last evidence frame, from
 * the per-frame spool (has_times stays 0 where a frame has none). */
void findings_times(struct findings *fs, struct frametime *ft, const struct engine_result *er);

/* A flow row kept for "top flows" (bounded: TOP_FLOWS by total bytes). */
struct top_flow {
	char uid[24];
	char proto[8];
	char orig[48], resp[48];
	uint16_t orig_p, resp_p;
	char conn_state[8];
	char history[40];
	char app[48];
	uint64_t orig_pkts, resp_pkts, orig_bytes, resp_bytes;  /* ip bytes */
	int64_t first_ts, last_ts;
};

struct top_flows {
	struct top_flow v[TOP_FLOWS];
	unsigned n;
	uint64_t total_flows;
	uint64_t total_bytes;
	unsigned worst;           /* index of the least of a full list, when worst_ok */
	int worst_ok;
};
/* Offers a flow; kept if among the TOP_FLOWS largest so far (ties: earlier uid stays). */
void top_flows_offer(struct top_flows *t, const struct top_flow *f);
/* Whether a flow of `bytes` (ip bytes, both directions) and uid `uid`
 * would not be kept by top_flows_offer: then it is counted and 1 returned,
 * so that the caller formats nothing for it. */
int top_flows_skip(struct top_flows *t, uint64_t bytes, const char *uid);
/* Sorts the kept flows by bytes, descending (stable on uid). */
void top_flows_sort(struct top_flows *t);

/* Application protocols nDPI named, with their flow counts: what netrca
 * saw but does not analyse yet ("TLS: 45 flows not examined").  Keyed by
 * the master protocol ("TLS" for TLS.Google); bounded, the rest counted. */
#define APP_TALLY_MAX 48
struct app_tally {
	struct app_count {
		char name[24];
		uint64_t flows;
	} v[APP_TALLY_MAX];
	unsigned n;
	uint64_t other_flows;     /* flows of protocols beyond the table */
	unsigned last;            /* the entry hit last (a cache) */
};
/* Counts one flow of nDPI name app ("" or NULL: none). */
void app_tally_add(struct app_tally *t, const char *app);
/* Most flows first, then by name. */
void app_tally_sort(struct app_tally *t);

struct rulepack;
struct site;
struct xml_rows;

/*
 * The first screen: one line per incident class found, headed by its most
 * important root cause of at least medium severity (consequences are shown
 * under their cause, never as lines of their own), or "No incident
 * signature found" with what was examined.
 */
#define VERDICT_MAX_LINES 12
struct verdict {
	unsigned n;                          /* incident lines */
	unsigned head[VERDICT_MAX_LINES];    /* the finding heading each line */
	unsigned more[VERDICT_MAX_LINES];    /* other root causes of the same class */
	unsigned explains[VERDICT_MAX_LINES]; /* findings the head explains (its consequences) */
	unsigned classes_over;               /* classes beyond VERDICT_MAX_LINES */
	unsigned roots, consequences;        /* findings that are / are not root causes */
	unsigned roots_by_sev[SEV_COUNT];    /* root causes per severity */
	unsigned notes;                      /* root causes below medium */
};
void verdict_build(const struct findings *fs, struct verdict *v);

/* Everything a writer needs; all borrowed. */
struct analysis {
	const struct engine_result *er;
	const struct engine_opts *opts;
	const struct findings *findings;
	const struct top_flows *top;
	const struct rulepack *pack;
	const struct site *site;      /* may be NULL */
	const char *conn_log;         /* path of the flow spool (conn.log) */
	const char *tcp_log;          /* path of the TCP spool (tcp.log), may be NULL */
	const struct xml_rows *rows;  /* <flow> rows built during the analysis, may be NULL */
	const struct tseq_set *tseq;  /* time-sequence data of evidence flows, may be NULL */
	const struct app_tally *apps; /* application protocols nDPI named, may be NULL */
	uint64_t frametimes_skipped;  /* frames without a recorded time (frametime.h) */
	const char *out_dir;          /* the result directory's final name, may be NULL */
	const char *options_line;     /* the command line options, as given */
	int fail_on;                  /* enum severity */
	int partial;                  /* some input unreadable or damaged */
};

/* Line i of the verdict, e.g. "Firewall or policy blocks connections:
 * 198.51.100.0/24 -> 192.0.2.10:8443/tcp: connection attempts ... get no
 * SYN-ACK (24 frames, 3..176, 2026-11-26 12:19:08.056822000 to
 * 12:19:12.678333000 UTC) [high, F1]", into buf (rule texts and groups as
 * the rules and detectors wrote them: writers sanitise).  Returns buf. */
const char *verdict_line(const struct analysis *a, const struct verdict *v, unsigned i, char *buf, size_t n);
/* "No incident signature found: ..." with what was examined. */
const char *verdict_none(const struct analysis *a, const struct verdict *v, char *buf, size_t n);
/* "3..176" or "0:3..1:40" (several captures): the evidence frames' span. */
const char *finding_span(const struct finding *f, int captures, char *buf, size_t n);
#endif
