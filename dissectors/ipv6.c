/*
 * ipv6.c - IPv6 header and extension header chain (RFC 8200 §4).
 * The chain is followed at most DECODE_IPV6_EXT_MAX headers deep; each
 * header must fit in the datagram.  A payload length of 0 (jumbogram,
 * RFC 2675, or a TSO frame) uses the captured length.
 */
#include "ip.h"

enum { NH_HOPOPT = 0, NH_ROUTING = 43, NH_FRAGMENT = 44, NH_ESP = 50, NH_AH = 51,
       NH_NONE = 59, NH_DSTOPTS = 60, NH_MOBILITY = 135, NH_HIP = 139, NH_SHIM6 = 140 };

static int is_ext(uint8_t nh)
{
	return nh == NH_HOPOPT || nh == NH_ROUTING || nh == NH_FRAGMENT ||
	       nh == NH_AH || nh == NH_DSTOPTS || nh == NH_MOBILITY ||
	       nh == NH_HIP || nh == NH_SHIM6;
}

/* Follows the chain in *c; returns the upper-layer protocol, or -1. */
static int ipv6_ext_chain(struct cursor *c, uint8_t nh, struct decoded *d)
{
	unsigned n = 0;

	while (is_ext(nh)) {
		uint8_t next, hlen;
		size_t len;
		if (n++ == DECODE_IPV6_EXT_MAX) {
			decode_anomaly(d, AN_IPV6_EXT_CHAIN);
			return -1;
		}
		next = cursor_u8(c);
		hlen = cursor_u8(c);
		if (nh == NH_FRAGMENT) {
			uint16_t off = cursor_be16(c);
			d->frag_id = cursor_be32(c);
			d->ip_id = (uint16_t)d->frag_id;
			d->frag_off = (uint16_t)(off & 0xfff8);
			d->mf = off & 1;
			d->is_fragment = d->mf || d->frag_off;
			if (!cursor_ok(c)) {
				decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_IPV6_EXT_LEN);
				return -1;
			}
			d->ip_hdr_len += 8;
			if (d->is_fragment) {
				decode_anomaly(d, AN_IP_FRAGMENT);
				d->frag_nh = next;
				d->frag_data_off = d->ip_hdr_len;
				d->frag_data_len = d->ip_len > d->ip_hdr_len ? d->ip_len - d->ip_hdr_len : 0;
				/* a later fragment's bytes are data, not headers */
				if (d->frag_off)
					return next;
			}
			nh = next;
			continue;
		} else {
			len = nh == NH_AH ? ((size_t)hlen + 2) * 4 : ((size_t)hlen + 1) * 8;
			cursor_skip(c, len - 2);
		}
		if (!cursor_ok(c)) {
			decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_IPV6_EXT_LEN);
			return -1;
		}
		d->ip_hdr_len += (uint32_t)len;
		nh = next;
	}
	return nh;
}

int ipv6_decode(struct cursor *c, int cut, struct decoded *d, struct cursor *l4)
{
	uint32_t vtf = cursor_be32(c), avail;
	uint16_t plen = cursor_be16(c);
	uint8_t nh = cursor_u8(c);
	int up;

	d->ttl = cursor_u8(c);
	d->src.v = d->dst.v = 6;
	cursor_bytes(c, d->src.a, 16);
	cursor_bytes(c, d->dst.a, 16);
	if (!cursor_ok(c)) {
		decode_anomaly(d, cut ? AN_SNAPLEN_CUT : AN_LINK_SHORT);
		return 0;
	}
	(void)vtf;
	d->ip_ver = 6;
	d->ip_hdr_len = 40;
	avail = (uint32_t)cursor_left(c);
	if (plen == 0) {
		decode_anomaly(d, AN_IP_LEN_ZERO);
		plen = (uint16_t)(avail > 0xffff ? 0xffff : avail);
	}
	if (avail < plen && !cut) {
		/* a completely captured frame shorter than the header claims:
		 * the wire's bytes are the datagram */
		decode_anomaly(d, AN_IPV6_PAYLEN);
		plen = (uint16_t)avail;
	}
	d->ip_len = 40u + plen;
	if (avail < plen)
		d->cut = 1;   /* (only when cut: see above) */
	{
		struct cursor pl = cursor_sub_clamp(c, plen);
		up = ipv6_ext_chain(&pl, nh, d);
		if (up < 0)
			return 0;
		d->proto = (uint8_t)up;
		*l4 = cursor_rest(&pl);
	}
	return 1;
}
