/*
 * connlog.h - the flow spool: finalised flows written as a Zeek-shaped
 * conn.log (TSV with Zeek's header lines and field names, plus community_id),
 * in finalisation order, so memory does not grow with the number of flows.
 */
#ifndef NETRCA_CONNLOG_H
#define NETRCA_CONNLOG_H
#include <stdio.h>
#include "flow.h"
#include "classify.h"

struct connlog;
/* Opens path for writing; the #open line uses open_ts (capture clock).
 * Returns owned handle or NULL (errno set). */
struct connlog *connlog_open(const char *path, int64_t open_ts);
/* The same on an open stream, which it takes over (closed on failure too). */
struct connlog *connlog_open_file(FILE *f, int64_t open_ts);
/* One row for f; app is its application name as classify_name gives it
 * ("" or NULL: none). */
void connlog_write(struct connlog *l, const struct flow *f, const char *app);
/* Writes #close with close_ts, closes; returns 0 or -1 on a write error. */
int connlog_close(struct connlog *l, int64_t close_ts);
uint64_t connlog_rows(const struct connlog *l);
/* The header's "#fields..." line (no newline). */
const char *connlog_fields_line(void);
/* The row connlog_write wrote last (with its newline), valid until the next
 * write; NULL before the first. */
const char *connlog_last_row(const struct connlog *l, size_t *n);

/* Community ID v1 (seed 0) of a flow into buf (>= 34 bytes): "1:<base64>". */
const char *community_id(const struct flow *f, char *buf, size_t n);
#endif
