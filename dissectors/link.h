/* link.h - link-layer dissectors (Ethernet + 802.1Q/802.1ad, SLL, SLL2,
 * NULL/LOOP, PPP, RAW, IPV4, IPV6). */
#ifndef NETRCA_LINK_H
#define NETRCA_LINK_H
#include "../src/cursor.h"
#include "decode.h"

/*
 * Consumes the link header of linktype from c and leaves c at the network
 * header.  Sets d->ethertype (0x0800 / 0x86dd for IP; 0 when the link type
 * itself says "IP, version from the first nibble").  Returns 1 if the payload
 * should be decoded as IP, 0 otherwise (with an anomaly bit explaining why).
 */
int link_decode(uint32_t linktype, struct cursor *c, struct decoded *d);
/*
 * Consumes an IEEE 802.11 data frame's header and its LLC/SNAP header from c
 * (no FCS is expected before the payload) and leaves c at the network header;
 * sets d->ethertype.  Returns as link_decode.
 */
int link_wlan_data(struct cursor *c, struct decoded *d);
#endif
