/* ip.h - IPv4 (RFC 791) and IPv6 (RFC 8200) dissectors. */
#ifndef NETRCA_IP_H
#define NETRCA_IP_H
#include "../src/cursor.h"
#include "decode.h"

/*
 * Decode the IP header at c into d; on success *l4 is a child view of the
 * transport bytes actually captured for this datagram (Ethernet padding
 * removed) and 1 is returned.  `cut` says the record was cut by the snapshot
 * length, so a short datagram is a capture artefact, not malformation.
 */
int ipv4_decode(struct cursor *c, int cut, struct decoded *d, struct cursor *l4);
int ipv6_decode(struct cursor *c, int cut, struct decoded *d, struct cursor *l4);

/* Unfolded ones'-complement sum of the pseudo-header for a transport
 * checksum over l4len bytes (RFC 793 §3.1, RFC 8200 §8.1). */
uint32_t ip_pseudo_sum(const struct decoded *d, uint32_t l4len);
#endif
