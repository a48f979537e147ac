/* transport.h - TCP (RFC 9293), UDP (RFC 768), ICMP (RFC 792, 1191) and
 * ICMPv6 (RFC 4443) dissectors. Each consumes the transport bytes in *c. */
#ifndef NETRCA_TRANSPORT_H
#define NETRCA_TRANSPORT_H
#include "../src/cursor.h"
#include "decode.h"

void tcp_decode(struct cursor *c, struct decoded *d);
void udp_decode(struct cursor *c, struct decoded *d);
void icmp_decode(struct cursor *c, struct decoded *d);
void icmp6_decode(struct cursor *c, struct decoded *d);

/* Verify a transport checksum (field value csum, the L4 bytes in full) and
 * classify it as good, bad, or "offloaded" (holds only the pseudo-header sum,
 * as Linux leaves it for the NIC to finish). */
void transport_csum(const struct cursor *full, uint16_t csum, struct decoded *d,
		    enum anomaly bad);
#endif
