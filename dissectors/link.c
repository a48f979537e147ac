/*
 * link.c - link-layer headers.
 * Ethernet II (IEEE 802.3), 802.1Q / 802.1ad tag stacks (depth capped at
 * DECODE_VLAN_MAX), Linux cooked v1 (LINKTYPE_LINUX_SLL) and v2
 * (LINKTYPE_LINUX_SLL2), BSD loopback (NULL host order, LOOP network order),
 * PPP in HDLC-like framing (RFC 1662), PPP over Ethernet sessions (RFC 2516,
 * also behind VLAN tags), and the header-less RAW/IPV4/IPV6.
 * IEEE 802.11 data frames with an LLC/SNAP header (as Aruba controllers
 * tunnel them in GRE) through link_wlan_data().
 */
#include "link.h"

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86dd
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88a8
#define ETH_P_QINQ_OLD 0x9100
#define ETH_P_PPP_SES 0x8864

static int ppp_decode(struct cursor *c, struct decoded *d);

static int is_ip_type(uint16_t t)
{
	return t == ETH_P_IP || t == ETH_P_IPV6;
}

static int finish_ethertype(struct decoded *d, struct cursor *c)
{
	if (!cursor_ok(c)) {
		decode_anomaly(d, AN_LINK_SHORT);
		return 0;
	}
	if (!is_ip_type(d->ethertype)) {
		decode_anomaly(d, AN_ETHERTYPE_OTHER);
		return 0;
	}
	return 1;
}

static int eth_decode(struct cursor *c, struct decoded *d)
{
	unsigned depth = 0;
	uint16_t type;

	cursor_bytes(c, d->mac_dst, 6);
	cursor_bytes(c, d->mac_src, 6);
	type = cursor_be16(c);
	if (!cursor_ok(c)) {
		decode_anomaly(d, AN_LINK_SHORT);
		return 0;
	}
	d->has_mac = 1;
	while (type == ETH_P_8021Q || type == ETH_P_8021AD || type == ETH_P_QINQ_OLD) {
		uint16_t tci;
		if (depth == DECODE_VLAN_MAX) {
			decode_anomaly(d, AN_VLAN_DEPTH);
			return 0;
		}
		tci = cursor_be16(c);
		type = cursor_be16(c);
		if (!cursor_ok(c)) {
			decode_anomaly(d, AN_LINK_SHORT);
			return 0;
		}
		if (depth < 2)
			d->vlan[depth] = tci & 0x0fff;
		depth++;
	}
	d->nvlan = (uint8_t)(depth > 255 ? 255 : depth);
	d->ethertype = type;
	if (type == ETH_P_PPP_SES) {
		/* RFC 2516 §6: version 1, type 1, code 0 (session data), session
		 * id, length; then the PPP protocol field */
		uint8_t vt = cursor_u8(c), code = cursor_u8(c);
		uint16_t plen;
		cursor_skip(c, 2);
		plen = cursor_be16(c);
		if (!cursor_ok(c)) {
			decode_anomaly(d, AN_LINK_SHORT);
			return 0;
		}
		if (vt != 0x11 || code != 0) {
			decode_anomaly(d, AN_ETHERTYPE_OTHER);
			return 0;
		}
		/* the PPPoE length bounds the PPP frame: Ethernet padding after
		 * it is no part of the datagram, whatever the IP header claims */
		cursor_limit(c, plen);
		return ppp_decode(c, d);
	}
	return finish_ethertype(d, c);
}

/* Linux cooked v1: pkttype(2) hatype(2) halen(2) addr(8) protocol(2). */
static int sll_decode(struct cursor *c, struct decoded *d)
{
	uint16_t halen;
	uint8_t addr[8];

	d->sll_pkttype = cursor_be16(c);
	cursor_skip(c, 2);
	halen = cursor_be16(c);
	cursor_bytes(c, addr, 8);
	d->ethertype = cursor_be16(c);
	if (cursor_ok(c) && halen == 6) {
		memcpy(d->mac_src, addr, 6);
		d->has_mac = 1;
	}
	if (d->sll_pkttype == 4)
		d->dir = PKT_DIR_OUT;
	else if (d->sll_pkttype <= 3)
		d->dir = PKT_DIR_IN;
	return finish_ethertype(d, c);
}

/* Linux cooked v2: protocol(2) reserved(2) ifindex(4) hatype(2) pkttype(1)
 * halen(1) addr(8). */
static int sll2_decode(struct cursor *c, struct decoded *d)
{
	uint8_t halen;
	uint8_t addr[8];

	d->ethertype = cursor_be16(c);
	cursor_skip(c, 2);
	d->sll_ifindex = cursor_be32(c);
	cursor_skip(c, 2);
	d->sll_pkttype = cursor_u8(c);
	halen = cursor_u8(c);
	cursor_bytes(c, addr, 8);
	if (cursor_ok(c) && halen == 6) {
		memcpy(d->mac_src, addr, 6);
		d->has_mac = 1;
	}
	if (d->sll_pkttype == 4)
		d->dir = PKT_DIR_OUT;
	else if (d->sll_pkttype <= 3)
		d->dir = PKT_DIR_IN;
	return finish_ethertype(d, c);
}

/* BSD loopback: 4-byte address family; AF_INET6 differs between systems. */
static int null_decode(struct cursor *c, struct decoded *d, int big)
{
	uint32_t af = cursor_u32(c, big);

	if (!cursor_ok(c)) {
		decode_anomaly(d, AN_LINK_SHORT);
		return 0;
	}
	/* A NULL file written on the other byte order: the value shows it. */
	if (!big && (af & 0xffff) == 0 && af != 0)
		af >>= 24;
	if (af == 2)
		d->ethertype = ETH_P_IP;
	else if (af == 24 || af == 28 || af == 30 || af == 10)
		d->ethertype = ETH_P_IPV6;
	else
		d->ethertype = 0xffff;
	return finish_ethertype(d, c);
}

/* PPP (RFC 1661/1662): optional 0xff03, then a 1- or 2-byte protocol. */
static int ppp_decode(struct cursor *c, struct decoded *d)
{
	uint16_t proto;

	if (cursor_peek_u8(c, 0) == 0xff && cursor_peek_u8(c, 1) == 0x03)
		cursor_skip(c, 2);
	proto = cursor_u8(c);
	if (!(proto & 1))  /* protocol field not compressed */
		proto = (uint16_t)((proto << 8) | cursor_u8(c));
	if (proto == 0x0021)
		d->ethertype = ETH_P_IP;
	else if (proto == 0x0057)
		d->ethertype = ETH_P_IPV6;
	else
		d->ethertype = 0xffff;
	return finish_ethertype(d, c);
}

/*
 * An IEEE 802.11 data frame (IEEE 802.11-2020 9.2.3, 9.3.2.1): frame control,
 * duration, three addresses, sequence control, a fourth address when both
 * To DS and From DS are set, QoS control for QoS subtypes, HT control when
 * a QoS frame has the +HTC/Order bit; then LLC/SNAP (RFC 1042: AA AA 03,
 * OUI 00 00 00 or 00 00 F8) and the EtherType.  Frames without data (Null,
 * management, control) and protected (encrypted) frames carry nothing to
 * follow.  The addresses are not the wire's MACs: d->has_mac is left as is.
 */
int link_wlan_data(struct cursor *c, struct decoded *d)
{
	uint8_t fc0, fc1, llc[6];
	unsigned len = 24;

	fc0 = cursor_u8(c);
	fc1 = cursor_u8(c);
	if (!cursor_ok(c)) {
		decode_anomaly(d, AN_LINK_SHORT);
		return 0;
	}
	/* protocol version 0, type data (2); a subtype with bit 2 set has no body */
	if ((fc0 & 0x03) != 0 || (fc0 & 0x0c) != 0x08 || (fc0 & 0x40) || (fc1 & 0x40)) {
		decode_anomaly(d, AN_ETHERTYPE_OTHER);
		return 0;
	}
	if ((fc1 & 0x03) == 0x03)
		len += 6;                 /* To DS and From DS: address 4 */
	if (fc0 & 0x80) {
		len += 2;                 /* QoS control */
		if (fc1 & 0x80)
			len += 4;         /* HT control */
	}
	cursor_skip(c, len - 2);
	cursor_bytes(c, llc, sizeof(llc));
	d->ethertype = cursor_be16(c);
	if (!cursor_ok(c)) {
		decode_anomaly(d, AN_LINK_SHORT);
		return 0;
	}
	if (llc[0] != 0xaa || llc[1] != 0xaa || llc[2] != 0x03 || llc[3] != 0x00 || llc[4] != 0x00 ||
	    (llc[5] != 0x00 && llc[5] != 0xf8)) {
		d->ethertype = 0;
		decode_anomaly(d, AN_ETHERTYPE_OTHER);
		return 0;
	}
	return finish_ethertype(d, c);
}

int link_decode(uint32_t linktype, struct cursor *c, struct decoded *d)
{
	d->linktype = linktype;
	switch (linktype) {
	case LT_EN10MB:
		return eth_decode(c, d);
	case LT_LINUX_SLL:
		return sll_decode(c, d);
	case LT_LINUX_SLL2:
		return sll2_decode(c, d);
	case LT_NULL:
		return null_decode(c, d, 0);
	case LT_LOOP:
		return null_decode(c, d, 1);
	case LT_PPP:
		return ppp_decode(c, d);
	case LT_RAW:
	case LT_RAW_BSD12:
	case LT_RAW_BSD14:
		d->ethertype = 0;
		return 1;
	case LT_IPV4:
		d->ethertype = ETH_P_IP;
		return 1;
	case LT_IPV6:
		d->ethertype = ETH_P_IPV6;
		return 1;
	default:
		decode_anomaly(d, AN_LINK_UNSUPPORTED);
		return 0;
	}
}
