/* summary.h - the plain-text analysis summary (stdout and summary.txt). */
#ifndef NETRCA_SUMMARY_H
#define NETRCA_SUMMARY_H
#include <stdio.h>
#include "engine.h"
struct analysis;
/*
 * The first screen: the verdict (one line per incident class found, or "No
 * incident signature found" with what was examined), then what netrca saw
 * but did not examine (application protocols nDPI named).
 */
void summary_verdict(FILE *out, const struct analysis *a);
/* Writes the summary of r to out (both borrowed). */
void summary_write(FILE *out, const struct engine_result *r, const struct engine_opts *o);
/*
 * Writes the findings, one block each (verdict, times, evidence, filter),
 * each consequence under the finding that explains it.  limit > 0: at most
 * that many root causes (with their consequences), then how many more
 * there are and where (`rest`, e.g. "out/summary.txt").
 */
void summary_findings(FILE *out, const struct analysis *a, unsigned limit, const char *rest);
#endif
