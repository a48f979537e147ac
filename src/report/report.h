/*
 * report.h - the writers.  Each reads the finished result model (struct
 * analysis) and the flow spool, nothing else, and writes one file.
 * Capture-derived strings go through src/sanitize.h; markup is built only
 * through libxml2 (xmlTextWriter for XML; the tree API with
 * xmlNewTextChild / xmlSetProp for HTML).
 */
#ifndef NETRCA_REPORT_H
#define NETRCA_REPORT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "../result.h"

#define REPORT_XML_NS "urn:netrca:report:1"
#define REPORT_SCHEMA_VERSION "1"

/* report.xml: the authoritative record (schema reports/netrca-report-1.xsd). */
int report_write_xml(const struct analysis *a, const char *path, char *err, size_t errlen);
/* The same into fp, which it takes over and closes (path names it in errors). */
int report_write_xml_file(const struct analysis *a, FILE *fp, const char *path, char *err, size_t errlen);
/*
 * report.xml's <flow> rows, built while the analysis runs: the finishing
 * stage hands each conn.log row (and its tcp.log row, if any) over as it
 * writes them, and the rows go to fp exactly as report_write_xml would build
 * them from the spools (same code, same lines).  conn_fields / tcp_fields are
 * the spools' "#fields" lines.  report_write_xml copies them when ok.
 */
struct xml_rows {
	FILE *fp;                     /* borrowed, read back by report_write_xml */
	uint64_t rows, skipped;
	int ok;                       /* 0 after any error: the spools are read instead */
	void *impl;
};
int xml_rows_open(struct xml_rows *b, FILE *fp, const char *conn_fields, const char *tcp_fields);
void xml_rows_add(struct xml_rows *b, const char *conn_row, size_t n, const char *tcp_row, size_t tn);
/* Flushes and frees the builder (fp stays open); -1 (and ok 0) on error. */
int xml_rows_close(struct xml_rows *b);
/* report.html: one self-contained page, strict CSP, no script. */
int report_write_html(const struct analysis *a, const char *path, char *err, size_t errlen);
/*
 * Every counted limitation of the analysis, in a fixed order (only non-zero
 * ones reach fn), with the first frame affected (0 if unknown) and one line
 * of explanation.  spool: 1 the conn.log was read (spool_skipped lines
 * dropped), 0 it could not be read, -1 not applicable.  Defined in xml.c.
 */
void report_each_limit(const struct analysis *a, int spool, uint64_t spool_skipped,
		       void (*fn)(void *ctx, const char *name, uint64_t count, uint64_t first_frame,
				  const char *text),
		       void *ctx);

/* The page's stylesheet (src/report/style.c) and its CSP hash source
 * ("'sha256-...'") computed at run time with OpenSSL EVP. */
extern const char report_css[];
int report_css_hash(char *buf, size_t n);
#endif
