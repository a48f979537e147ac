/*
 * decode.c - drives the dissectors for one packet: link -> IP -> (tunnels ->
 * IP)* -> transport.  Tunnels (GRE RFC 2784/2890 incl. transparent Ethernet
 * bridging and Aruba's 802.11 frames, IP-in-IP RFC 2003, GTP-U (3GPP TS 29.281), IPv6-in-IPv4 RFC 4213, VXLAN RFC 7348) are
 * followed at most DECODE_TUNNEL_MAX deep; the fields of struct decoded then
 * describe the innermost IP datagram and d->tun[] the hops around it.  A
 * fragment stops at its own IP layer: src/frag.c reassembles it and hands
 * the datagram back through decode_datagram().
 */
#include <stdio.h>
#include <arpa/inet.h>
#include "decode.h"
#include "../src/hash.h"
#include "link.h"
#include "ip.h"
#include "transport.h"

const char *const tunnel_kind_names[TUN_COUNT] = { "none", "gre", "ipip", "6in4", "vxlan", "gtpu" };

enum { GRE_C = 0x8000, GRE_R = 0x4000, GRE_K = 0x2000, GRE_S = 0x1000 };

/* What a tunnel's inner bytes start with.  INNER_MIRROR is not a tunnel
 * but a remote capture: an ERSPAN copy of a frame seen elsewhere. */
enum { INNER_IP = 0, INNER_ETHERNET, INNER_WLAN, INNER_MIRROR };

/* Aruba controllers tunnel 802.11 frames in GRE with protocol types 0x8200
 * to 0x8370 in steps of 0x10 (as Wireshark's GRE dissector lists them). */
static int gre_aruba_wlan(uint16_t pt)
{
	return pt >= 0x8200 && pt <= 0x8370 && (pt & 0x000f) == 0;
}

/*
 * GTP-U (3GPP TS 29.281 §5.1): version 1, protocol type GTP, message type
 * 255 (G-PDU: a user's IP packet; echo and error messages are not followed);
 * the TEID is the hop's key.  With any of the E, S, PN flags 4 more bytes
 * (sequence number, N-PDU number, next extension type), then extension
 * headers (length in 4-byte units, at most GTPU_EXT_MAX followed).  c is at
 * the GTP header (the UDP header consumed); *hdr grows by what is consumed.
 */
static int gtpu_header(struct cursor *c, struct decoded *d, struct tunnel_hop *hop, uint32_t *hdr)
{
	uint8_t fl = cursor_u8(c), type = cursor_u8(c), next = 0;
	unsigned n = 0;

	cursor_skip(c, 2);
	hop->key = cursor_be32(c);
	if (!cursor_ok(c)) {
		decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_TUNNEL_BAD);
		return 0;
	}
	if ((fl >> 5) != 1 || !(fl & 0x10) || type != 255)
		return 0;   /* GTP' or a signalling message: left as UDP */
	*hdr += 8;
	if (fl & 0x07) {
		cursor_skip(c, 3);
		next = cursor_u8(c);
		*hdr += 4;
	}
	while (next && cursor_ok(c)) {
		uint8_t len = cursor_u8(c);
		if (!len || ++n > GTPU_EXT_MAX) {
			decode_anomaly(d, AN_TUNNEL_BAD);
			return 0;
		}
		cursor_skip(c, (size_t)len * 4 - 2);
		next = cursor_u8(c);
		*hdr += (uint32_t)len * 4;
	}
	if (!cursor_ok(c)) {
		decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_TUNNEL_BAD);
		return 0;
	}
	hop->has_key = 1;
	hop->kind = TUN_GTPU;
	return 1;
}

/*
 * If the transport bytes in *l4 (of the datagram d describes) carry a tunnel,
 * fills *hop, sets *inner to the inner bytes and *link to what they start
 * with (INNER_IP, an Ethernet header, an 802.11 data frame), and returns 1; else 0 (a broken tunnel header is
 * an anomaly, and the packet stays what its outer headers say).
 */
static int tunnel_inner(struct cursor *l4, struct decoded *d, struct tunnel_hop *hop,
			struct cursor *inner, int *link, uint16_t *ethertype)
{
	struct cursor c = *l4;
	uint32_t hdr = 0;

	*link = INNER_IP;
	memset(hop, 0, sizeof(*hop));
	switch (d->proto) {
	case 4:   /* IPv4 in IP */
	case 41:  /* IPv6 in IP */
		hop->kind = (d->proto == 41 && d->ip_ver == 4) ? TUN_6IN4 : TUN_IPIP;
		*ethertype = d->proto == 4 ? 0x0800 : 0x86dd;
		break;
	case 47: {
		uint16_t fl = cursor_be16(&c), pt = cursor_be16(&c);
		if (!cursor_ok(&c) || (fl & 7) != 0 || (fl & GRE_R)) {
			/* GRE version 1 (PPTP) or source routing: not a tunnel we follow */
			if (!cursor_ok(&c) || (fl & GRE_R))
				decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_TUNNEL_BAD);
			return 0;
		}
		hdr = 4;
		if (fl & GRE_C) {
			cursor_skip(&c, 4);
			hdr += 4;
		}
		if (fl & GRE_K) {
			hop->key = cursor_be32(&c);
			hop->has_key = 1;
			hdr += 4;
		}
		if (fl & GRE_S) {
			cursor_skip(&c, 4);
			hdr += 4;
		}
		if (!cursor_ok(&c)) {
			decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_TUNNEL_BAD);
			return 0;
		}
		if (pt == 0x88be || pt == 0x22eb) {
			/* ERSPAN: type I (0x88BE without a sequence number) has no
			 * header of its own, type II (0x88BE) 8 bytes of version 1,
			 * type III (0x22EB) 12 of version 2 and 8 more with its O
			 * flag (the platform-specific subheader) */
			uint8_t h[12];
			uint32_t n = pt == 0x22eb ? 12 : (fl & GRE_S) ? 8 : 0;
			if (n && (!cursor_bytes(&c, h, n) || (h[0] >> 4) != (n == 12 ? 2 : 1))) {
				decode_anomaly(d, d->cut && !cursor_ok(&c) ? AN_SNAPLEN_CUT : AN_TUNNEL_BAD);
				return 0;
			}
			if (n == 12 && (h[11] & 1)) {
				cursor_skip(&c, 8);
				n += 8;
			}
			if (!cursor_ok(&c)) {
				decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_TUNNEL_BAD);
				return 0;
			}
			hdr += n;
			*link = INNER_MIRROR;
		} else if (pt == 0x6558)
			*link = INNER_ETHERNET;
		else if (gre_aruba_wlan(pt))
			*link = INNER_WLAN;
		else if (pt == 0x0800 || pt == 0x86dd)
			*ethertype = pt;
		else
			return 0;   /* MPLS, ...: not followed */
		hop->kind = TUN_GRE;
		break;
	}
	case 17: {
		uint16_t dport, flags;
		cursor_skip(&c, 2);
		dport = cursor_be16(&c);
		cursor_skip(&c, 4);
		if (dport == GTPU_PORT && cursor_ok(&c)) {
			hdr = 8;
			if (!gtpu_header(&c, d, hop, &hdr))
				return 0;
			*ethertype = 0;   /* the version nibble says which IP */
			break;
		}
		if (dport != VXLAN_PORT || !cursor_ok(&c))
			return 0;
		flags = cursor_u8(&c);
		cursor_skip(&c, 3);
		hop->key = cursor_be32(&c) >> 8;
		if (!cursor_ok(&c) || !(flags & 0x08)) {
			/* port 4789 without a valid VXLAN header: left as UDP */
			decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_TUNNEL_BAD);
			return 0;
		}
		hop->has_key = 1;
		hop->kind = TUN_VXLAN;
		*link = INNER_ETHERNET;
		hdr = 16;
		break;
	}
	default:
		return 0;
	}
	hop->src = d->src;
	hop->dst = d->dst;
	hop->outer_df = d->df;
	hop->outer_ttl = d->ttl;
	hop->outer_len = d->ip_len;
	hop->overhead = (uint16_t)(d->ip_hdr_len + hdr);
	*inner = cursor_rest(&c);
	return 1;
}

/* A direction-independent context id for the flow key: both endpoints of
 * every hop (in a fixed order), the kind and the key/VNI.  A GTP-U TEID is
 * left out: each direction of a bearer has its own. */
static uint32_t tunnel_ctx(const struct decoded *d)
{
	uint64_t h = HASH_SEED;
	unsigned i;

	for (i = 0; i < d->ntun; i++) {
		const struct tunnel_hop *t = &d->tun[i];
		int swap = memcmp(t->src.a, t->dst.a, 16) > 0;
		h = hash_bytes(h, swap ? t->dst.a : t->src.a, 16);
		h = hash_bytes(h, swap ? t->src.a : t->dst.a, 16);
		h = hash_add(h, (uint64_t)t->kind << 32 | (t->kind == TUN_GTPU ? 0 : t->key));
	}
	h = hash_mix(h);
	h ^= h >> 32;
	return (uint32_t)h ? (uint32_t)h : 1;
}

/* The IP-level fields describe one datagram: cleared before the next one. */
static void reset_ip(struct decoded *d)
{
	d->ip_ver = 0;
	d->proto = 0;
	d->ttl = 0;
	d->df = d->mf = 0;
	d->ip_id = 0;
	d->frag_off = 0;
	d->is_fragment = 0;
	d->frag_id = 0;
	d->frag_nh = 0;
	d->frag_data_off = d->frag_data_len = 0;
	d->ip_len = d->ip_hdr_len = 0;
	memset(&d->src, 0, sizeof(d->src));
	memset(&d->dst, 0, sizeof(d->dst));
}

/* An inner Ethernet header (VXLAN, GRE bridging) or 802.11 data frame (GRE
 * from an Aruba controller): the outer link fields stay the packet's (path
 * evidence is about the wire it was captured on). */
static int inner_link(struct cursor *c, struct decoded *d, int link, uint32_t *len)
{
	uint8_t has_mac = d->has_mac, nvlan = d->nvlan, src[6], dst[6];
	uint16_t vlan[2];
	size_t before = cursor_pos(c);
	int ok;

	memcpy(src, d->mac_src, 6);
	memcpy(dst, d->mac_dst, 6);
	memcpy(vlan, d->vlan, sizeof(vlan));
	ok = link == INNER_WLAN ? link_wlan_data(c, d) : link_decode(LT_EN10MB, c, d);
	*len = (uint32_t)(cursor_pos(c) - before);
	d->has_mac = has_mac;
	memcpy(d->mac_src, src, 6);
	memcpy(d->mac_dst, dst, 6);
	d->nvlan = nvlan;
	memcpy(d->vlan, vlan, sizeof(vlan));
	return ok;
}

/* The Ethernet frame an ERSPAN session copied: it is decoded as if captured
 * where the mirror took it, so its MACs and VLAN tags replace the mirror
 * transport's.  Returns 0 (and leaves the link fields as they were) when it
 * carries no IP. */
static int mirror_link(struct cursor *c, struct decoded *d, uint32_t *len)
{
	struct decoded keep = *d;
	size_t before = cursor_pos(c);

	d->nvlan = 0;
	memset(d->vlan, 0, sizeof(d->vlan));
	if (!link_decode(LT_EN10MB, c, d)) {
		uint64_t an = d->anomalies;
		*d = keep;
		d->anomalies = an;
		return 0;
	}
	*len = (uint32_t)(cursor_pos(c) - before);
	return 1;
}

/* From the IP header at c: IP, tunnels, transport. */
static int decode_ip(struct cursor *c, int cut, struct decoded *d)
{
	struct cursor l4, inner;
	uint8_t ver = (uint8_t)(cursor_peek_u8(c, 0) >> 4);
	unsigned nmirror = 0;
	int ok;

	for (;;) {
		struct tunnel_hop hop;
		int ilink;
		uint16_t et = 0;
		uint32_t elen = 0;

		if (ver != 4 && ver != 6) {
			decode_anomaly(d, cursor_left(c) == 0 && cut ? AN_SNAPLEN_CUT : AN_IP_VERSION);
			if (d->ntun)
				d->ip_bad = 1;
			return 0;
		}
		ok = ver == 4 ? ipv4_decode(c, cut, d, &l4) : ipv6_decode(c, cut, d, &l4);
		d->cut = (uint8_t)(d->cut && cut);
		if (!ok) {
			d->ip_bad = 1;  /* the addresses of an unusable header name no flow */
			return 0;
		}
		if (d->is_fragment)
			break;
		if (!tunnel_inner(&l4, d, &hop, &inner, &ilink, &et))
			break;
		if (ilink == INNER_MIRROR) {
			/* a remote capture, not a hop of the packet's path: what
			 * carried the copy is forgotten, the copy is the packet */
			if (nmirror == DECODE_TUNNEL_MAX) {
				decode_anomaly(d, AN_TUNNEL_DEPTH);
				break;
			}
			if (!mirror_link(&inner, d, &elen))
				break;  /* not IP inside: the mirror's own datagram stands */
			nmirror++;
			d->ip_off += hop.overhead + elen;
			d->l3_off = d->ip_off;
			d->ntun = 0;
			d->tun_ctx = 0;
			d->tun_overhead = 0;
			et = d->ethertype;
		} else {
			if (d->ntun == DECODE_TUNNEL_MAX) {
				decode_anomaly(d, AN_TUNNEL_DEPTH);
				break;
			}
			if (ilink != INNER_IP && !inner_link(&inner, d, ilink, &elen))
				break;  /* not IP inside (ARP over VXLAN...): the outer datagram stands */
			hop.overhead = (uint16_t)(hop.overhead + elen);
			if (ilink != INNER_IP)
				et = d->ethertype;
			d->tun[d->ntun++] = hop;
			d->ip_off += hop.overhead;
			d->tun_overhead = (uint16_t)(d->tun_overhead + hop.overhead);
			d->tun_ctx = tunnel_ctx(d);
		}
		reset_ip(d);
		ver = (uint8_t)(cursor_peek_u8(&inner, 0) >> 4);
		if ((et == 0x0800 && ver != 4) || (et == 0x86dd && ver != 6)) {
			decode_anomaly(d, cursor_left(&inner) == 0 && cut ? AN_SNAPLEN_CUT : AN_IP_VERSION);
			d->ip_bad = 1;
			return 0;
		}
		*c = inner;
	}
	if (d->is_fragment && d->frag_off != 0)
		return 1;
	switch (d->proto) {
	case 6:
		tcp_decode(&l4, d);
		break;
	case 17:
		udp_decode(&l4, d);
		break;
	case 1:
		if (d->ip_ver == 4)
			icmp_decode(&l4, d);
		else
			d->l4 = L4_OTHER;
		break;
	case 58:
		if (d->ip_ver == 6)
			icmp6_decode(&l4, d);
		else
			d->l4 = L4_OTHER;
		break;
	default:
		d->l4 = L4_OTHER;
		d->payload_caplen = (uint32_t)cursor_left(&l4);
		d->payload_len = d->ip_len - d->ip_hdr_len;
		break;
	}
	return 1;
}

int decode_packet(const struct packet *p, struct decoded *d)
{
	struct cursor c = cursor_make(p->data, p->caplen);
	int cut = p->caplen < p->len;
	uint8_t ver;

	memset(d, 0, sizeof(*d));
	d->tcp.wscale = -1;
	d->dir = p->dir;
	if (cut)
		decode_anomaly(d, AN_SNAPLEN_CUT);
	if (!link_decode(p->linktype, &c, d)) {
		if (cut)
			d->anomalies &= ~((uint64_t)1 << AN_LINK_SHORT);
		return 0;
	}
	if (p->dir != PKT_DIR_UNKNOWN)
		d->dir = p->dir;
	d->l3_off = d->ip_off = (uint32_t)cursor_pos(&c);
	ver = (uint8_t)(cursor_peek_u8(&c, 0) >> 4);
	if ((d->ethertype == 0x0800 && ver != 4) || (d->ethertype == 0x86dd && ver != 6) ||
	    (d->ethertype == 0 && ver != 4 && ver != 6)) {
		decode_anomaly(d, cursor_left(&c) == 0 && cut ? AN_SNAPLEN_CUT : AN_IP_VERSION);
		return 0;
	}
	d->cut = (uint8_t)cut;
	return decode_ip(&c, cut, d);
}

int decode_quote(struct cursor *c, struct decoded *q)
{
	memset(q, 0, sizeof(*q));
	q->tcp.wscale = -1;
	q->in_quote = 1;
	q->cut = 1;
	return decode_ip(c, 1, q);
}

int decode_datagram(const uint8_t *ip, uint32_t len, const struct decoded *ctx, uint16_t nfrags,
		    struct decoded *d)
{
	struct cursor c = cursor_make(ip, len);

	memset(d, 0, sizeof(*d));
	d->tcp.wscale = -1;
	d->linktype = ctx->linktype;
	d->ethertype = ctx->ethertype;
	d->has_mac = ctx->has_mac;
	memcpy(d->mac_src, ctx->mac_src, 6);
	memcpy(d->mac_dst, ctx->mac_dst, 6);
	d->nvlan = ctx->nvlan;
	memcpy(d->vlan, ctx->vlan, sizeof(d->vlan));
	d->sll_ifindex = ctx->sll_ifindex;
	d->sll_pkttype = ctx->sll_pkttype;
	d->dir = ctx->dir;
	d->ntun = ctx->ntun;
	memcpy(d->tun, ctx->tun, sizeof(d->tun));
	d->tun_ctx = ctx->tun_ctx;
	d->tun_overhead = ctx->tun_overhead;
	d->reassembled = nfrags;
	return decode_ip(&c, 0, d);
}

const char *ip_addr_str(const struct ip_addr *a, char *buf, size_t n)
{
	if (a->v == 4)
		inet_ntop(AF_INET, a->a, buf, (socklen_t)n);
	else if (a->v == 6)
		inet_ntop(AF_INET6, a->a, buf, (socklen_t)n);
	else
		snprintf(buf, n, "-");
	return buf;
}
