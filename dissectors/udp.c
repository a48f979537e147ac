/* udp.c - UDP header (RFC 768); checksum 0 means "none" for IPv4 only. */
#include "transport.h"

void udp_decode(struct cursor *c, struct decoded *d)
{
	struct cursor dgram = *c;
	uint32_t iplen = d->ip_len - d->ip_hdr_len;
	uint16_t ulen, csum;

	d->l4 = L4_UDP;
	d->sport = cursor_be16(c);
	d->dport = cursor_be16(c);
	ulen = cursor_be16(c);
	csum = cursor_be16(c);
	if (!cursor_ok(c)) {
		decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_UDP_LEN);
		d->l4 = L4_OTHER;
		return;
	}
	if (ulen < 8 || (!d->is_fragment && ulen > iplen)) {
		decode_anomaly(d, AN_UDP_LEN);
		ulen = (uint16_t)(iplen > 0xffff ? 0xffff : iplen);
		if (ulen < 8)
			ulen = 8;
	}
	d->payload_len = (uint32_t)ulen - 8;
	{
		struct cursor pl = cursor_sub_clamp(c, d->payload_len);
		d->payload_caplen = (uint32_t)cursor_left(&pl);
		d->payload = cursor_view(&pl, d->payload_caplen);
	}
	if (!d->cut && !d->is_fragment && (csum != 0 || d->ip_ver == 6)) {
		struct cursor full = cursor_sub_clamp(&dgram, ulen);
		if (cursor_left(&full) == ulen)
			transport_csum(&full, csum, d, AN_UDP_CSUM);
	}
}
