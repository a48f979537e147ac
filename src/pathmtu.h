/*
 * pathmtu.h - path MTU evidence from ICMP fragmentation-needed (RFC 792,
 * RFC 1191) and packet-too-big (RFC 4443 §3.2, RFC 8201) reports: the
 * smallest MTU reported per destination (a table of PATH_MTU_MAX, further
 * destinations counted), and per flow direction what the sender did after
 * a report about it (datagrams that fit, datagrams still too large).
 */
#ifndef NETRCA_PATHMTU_H
#define NETRCA_PATHMTU_H
#include <stdint.h>
#include "../dissectors/decode.h"
#include "flow.h"
#include "packet.h"
#include "stats.h"

#define PATH_MTU_MAX 64              /* destinations with an ICMP-reported MTU listed */

/* The smallest MTU ICMP reported on the path to one destination. */
struct path_mtu {
	struct ip_addr dst;          /* the destination of the packets reported on */
	uint32_t mtu;                /* smallest reported (0: reports without a value only) */
	struct ip_addr router;       /* who reported the smallest */
	struct frame_ref frame;      /* that report */
	uint64_t reports;
};

struct pmtu_table {
	struct path_mtu path[PATH_MTU_MAX];   /* per destination, in first-report order */
	unsigned n;
	uint64_t over_cap;                    /* reports about destinations beyond the table */
};

/* A fragmentation-needed / packet-too-big report p (decoded as d, its quote
 * present) into the per-destination table r. */
void pathmtu_note(struct pmtu_table *r, const struct packet *p, const struct decoded *d);
/* A datagram of flow f in direction dir after a report about that
 * direction (joined to f by the flow table): fits, or too large. */
void pathmtu_flow_update(struct flow *f, int dir, const struct packet *p, const struct decoded *d);
#endif
