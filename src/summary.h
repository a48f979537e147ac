/* summary.h - the plain-text analysis summary (stdout and summary.txt). */
#ifndef NETRCA_SUMMARY_H
#define NETRCA_SUMMARY_H
#include <stdio.h>
#include "engine.h"
/* Writes the summary of r to out (both borrowed). */
void summary_write(FILE *out, const struct engine_result *r, const struct engine_opts *o);
struct findings;
/* Writes the findings, one block each (verdict, evidence, filter). */
void summary_findings(FILE *out, const struct findings *fs);
#endif
