/*
 * capfilter.h - the --bpf filter: one pcap-filter(7) expression, compiled
 * with libpcap for each link type met (at most CAPFILTER_LINKTYPES; a
 * packet of a link type beyond them, or one the expression cannot be
 * compiled for, is filtered out and counted as not applicable).
 */
#ifndef NETRCA_CAPFILTER_H
#define NETRCA_CAPFILTER_H
#include <stddef.h>
#include <stdint.h>
#include "packet.h"

#define CAPFILTER_LINKTYPES 16

struct capfilter;

/* Owned, free with capfilter_free(); the expression (borrowed, outlives the
 * filter) is checked by compiling it for Ethernet.  NULL with a message in
 * err when it does not compile or memory is short. */
struct capfilter *capfilter_new(const char *expr, char *err, size_t errlen);
void capfilter_free(struct capfilter *f);
/* 1 = keep the packet (borrowed), 0 = filtered out. */
int capfilter_match(struct capfilter *f, const struct packet *p);
/* Packets filtered out because the expression did not apply to their link type. */
uint64_t capfilter_not_applicable(const struct capfilter *f);
#endif
