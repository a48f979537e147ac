/*
 * capdup.h - capture duplicates: a packet recorded twice (another interface
 * of a forwarding or NAT host, a SPAN or mirror session) is one packet.
 * Every recent packet is remembered in a bounded ring (CAPDUP_RING packets,
 * 5 ms); a comparison its caps cut short is counted (capdup_table_full,
 * limitation duplicate-table-full).
 */
#ifndef NETRCA_CAPDUP_H
#define NETRCA_CAPDUP_H
#include <stdint.h>
#include "../dissectors/decode.h"
#include "packet.h"
#include "stats.h"

struct capdup;

/* Owned, free with capdup_free(); NULL when out of memory. */
struct capdup *capdup_new(void);
void capdup_free(struct capdup *t);
/*
 * 1 if p (decoded as d; both borrowed) is a copy of a recent packet, with
 * *orig set to the original's frame; else 0 and p is remembered.  A packet
 * recorded three or four times is one original and its copies.
 */
int capdup_check(struct capdup *t, const struct packet *p, const struct decoded *d,
		 struct frame_ref *orig);
/*
 * After capdup_check, once the packet's flow is known (flow_id: the flow's
 * capture << 48 ^ first frame): remembers the flow of a new packet, and for
 * a copy returns whether its original was in the same flow (1), which is
 * when the copy is kept out of the flow's analysis; dup is what capdup_check
 * returned.  A copy in another flow (the other side of a NAT) is 0.
 */
int capdup_same_flow(struct capdup *t, uint64_t flow_id, int dup);
/* Comparisons cut short by the caps so far. */
uint64_t capdup_table_full(const struct capdup *t);
#endif
