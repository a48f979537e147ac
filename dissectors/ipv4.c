/*
 * ipv4.c - IPv4 header (RFC 791).
 * Checks the three lengths against each other: IHL (header), total length
 * (datagram) and what was captured.  A total length of 0 is what TSO frames
 * captured on the sending host carry: counted, and the captured length used.
 * So is a total length beyond a completely captured frame.
 */
#include "ip.h"

/* Walk the options (RFC 791 §3.1) only to validate their lengths. */
static void ipv4_options(struct cursor opts, struct decoded *d)
{
	unsigned n = 0;

	while (cursor_left(&opts) > 0 && n++ < 40) {
		uint8_t type = cursor_u8(&opts), len;
		if (type == 0) /* end of option list */
			return;
		if (type == 1) /* no-operation */
			continue;
		len = cursor_u8(&opts);
		if (!cursor_ok(&opts) || len < 2 || !cursor_skip(&opts, (size_t)len - 2)) {
			decode_anomaly(d, AN_IPV4_OPTIONS);
			return;
		}
	}
}

int ipv4_decode(struct cursor *c, int cut, struct decoded *d, struct cursor *l4)
{
	struct cursor hdr = *c, dgram;
	uint8_t vihl = cursor_u8(c);
	uint32_t ihl = (uint32_t)(vihl & 0x0f) * 4, tot, avail;
	uint16_t frag;

	cursor_skip(c, 1); /* DSCP/ECN */
	tot = cursor_be16(c);
	d->ip_id = cursor_be16(c);
	frag = cursor_be16(c);
	d->ttl = cursor_u8(c);
	d->proto = cursor_u8(c);
	cursor_skip(c, 2);
	d->src.v = d->dst.v = 4;
	cursor_bytes(c, d->src.a, 4);
	cursor_bytes(c, d->dst.a, 4);
	if (!cursor_ok(c)) {
		decode_anomaly(d, cut ? AN_SNAPLEN_CUT : AN_IPV4_HDRLEN);
		return 0;
	}
	d->ip_ver = 4;
	if (ihl < 20) {
		decode_anomaly(d, AN_IPV4_HDRLEN);
		return 0;
	}
	avail = (uint32_t)cursor_left(&hdr);
	if (tot == 0) {
		/* TSO/GSO on the capturing host: the length is not filled in. */
		decode_anomaly(d, AN_IP_LEN_ZERO);
		tot = avail;
	}
	if (avail < tot && !cut) {
		/* the whole frame was captured, and the header claims more than
		 * arrived: the wire's bytes are the datagram (as Wireshark takes
		 * them), not the claim */
		decode_anomaly(d, AN_IPV4_TOTLEN);
		tot = avail;
	}
	if (tot < ihl) {
		decode_anomaly(d, AN_IPV4_HDRLEN);
		return 0;
	}
	d->ip_len = tot;
	d->ip_hdr_len = ihl;
	d->df = (frag & 0x4000) != 0;
	d->mf = (frag & 0x2000) != 0;
	d->frag_off = (uint16_t)((frag & 0x1fff) * 8);
	d->is_fragment = d->mf || d->frag_off;
	if (d->is_fragment) {
		decode_anomaly(d, AN_IP_FRAGMENT);
		d->frag_id = d->ip_id;
		d->frag_data_off = ihl;
		d->frag_data_len = tot - ihl;
	}

	if (avail < tot)
		d->cut = 1;   /* (only when cut: see above) */
	/* The datagram as captured: padding beyond tot is not ours.  (A
	 * child is never assigned over its own parent: the return slot may
	 * alias the argument.) */
	dgram = cursor_sub_clamp(&hdr, tot);
	if (cursor_left(&dgram) < ihl) {
		decode_anomaly(d, cut ? AN_SNAPLEN_CUT : AN_IPV4_HDRLEN);
		d->cut |= (uint8_t)cut;
		return 0;
	}
	{
		struct cursor h = dgram;
		struct cursor full = cursor_sub(&h, ihl);
		if (cursor_csum_fold(cursor_csum(&full, 0)) != 0xffff)
			decode_anomaly(d, AN_IPV4_CSUM);
		cursor_skip(&full, 20);
		ipv4_options(cursor_rest(&full), d);
		*l4 = cursor_rest(&h);
	}
	return 1;
}

uint32_t ip_pseudo_sum(const struct decoded *d, uint32_t l4len)
{
	uint32_t sum = 0;
	unsigned i, n = d->ip_ver == 6 ? 16 : 4;

	for (i = 0; i < n; i += 2) {
		sum += (uint32_t)((d->src.a[i] << 8) | d->src.a[i + 1]);
		sum += (uint32_t)((d->dst.a[i] << 8) | d->dst.a[i + 1]);
	}
	sum += d->proto;
	sum += l4len & 0xffff;
	sum += l4len >> 16;
	return sum;
}
