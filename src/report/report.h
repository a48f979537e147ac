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
#include "../result.h"

#define REPORT_XML_NS "urn:netrca:report:1"
#define REPORT_SCHEMA_VERSION "1"

/* report.xml: the authoritative record (schema reports/netrca-report-1.xsd). */
int report_write_xml(const struct analysis *a, const char *path, char *err, size_t errlen);
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
