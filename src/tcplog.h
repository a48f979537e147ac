/*
 * tcplog.h - the second flow spool: per TCP connection, what the sequence
 * analysis measured (RTT halves and percentiles, options from the SYNs,
 * loss and window counters, TTL per direction), in the same finalisation
 * order as conn.log, as a Zeek-style TSV (tcp.log).  report.xml merges it
 * into each <flow> by uid.
 */
#ifndef NETRCA_TCPLOG_H
#define NETRCA_TCPLOG_H
#include <stdio.h>
#include "flow.h"

struct tcplog;
/* Opens path for writing; returns an owned handle or NULL. */
struct tcplog *tcplog_open(const char *path);
/* The same on an open stream, which it takes over (closed on failure too). */
struct tcplog *tcplog_open_file(FILE *f);
/* Writes f's row if it has sequence-analysis state (borrowed), with its
 * capture-quality flags (preflight_flow's result). */
void tcplog_write(struct tcplog *l, const struct flow *f, unsigned quality);
/* Closes; 0 or -1 on a write error. */
int tcplog_close(struct tcplog *l);
/* The header's "#fields..." line (no newline), owned by the caller. */
char *tcplog_fields_line(void);
/* The row the latest tcplog_write wrote (with its newline), valid until the
 * next write; NULL if that call wrote none. */
const char *tcplog_last_row(const struct tcplog *l, size_t *n);
/* The column names, in order (NULL-terminated), for readers. */
extern const char *const tcplog_fields[];
#endif
