/*
 * icmp.c - ICMP (RFC 792, fragmentation needed RFC 1191) and ICMPv6
 * (RFC 4443).  For error messages the quoted datagram is decoded once, never
 * recursively: its IP header and the first 8 bytes of its transport header,
 * enough to name the flow (ports, TCP sequence number) it refers to.
 */
#include "transport.h"
#include "ip.h"

/* ICMP sums the message only; ICMPv6 adds the IPv6 pseudo-header (RFC 4443 §2.3). */
static void icmp_csum(const struct cursor *msg, struct decoded *d)
{
	uint32_t len = (uint32_t)cursor_left(msg);
	uint32_t sum = d->ip_ver == 6 ? ip_pseudo_sum(d, len) : 0;

	if (d->cut || d->is_fragment || len != d->ip_len - d->ip_hdr_len)
		return;
	d->csum_checked = 1;
	if (cursor_csum_fold(cursor_csum(msg, sum)) != 0xffff) {
		d->csum_bad = 1;
		decode_anomaly(d, AN_ICMP_CSUM);
	}
}

/* A quote that ends early: cut by the snapshot length, or too short
 * (RFC 792 asks for the IP header and 8 bytes of the datagram). */
static void quote_short(struct decoded *d)
{
	decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_ICMP_QUOTE);
}

static void quote_l4(struct cursor *c, struct icmp_quote *q)
{
	if (q->proto == 6 || q->proto == 17 || q->proto == 132) {
		q->sport = cursor_be16(c);
		q->dport = cursor_be16(c);
		q->ports_ok = (uint8_t)cursor_ok(c);
		if (q->proto == 6)
			q->tcp_seq = cursor_be32(c);
		q->l4_complete = (uint8_t)cursor_ok(c);
	} else if (q->proto == 1 || q->proto == 58) {
		q->icmp_type = cursor_u8(c);
		q->l4_complete = (uint8_t)cursor_ok(c);
	}
}

/* RFC 1122 §3.2.2 / RFC 4443 §2.4(e): no error message about an error. */
static int icmp_type_is_error(uint8_t proto, uint8_t type)
{
	if (proto == 58)
		return type < 128;
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

static void quote_v4(struct cursor *c, struct decoded *d)
{
	struct icmp_quote *q = &d->icmp.q;
	uint8_t vihl = cursor_u8(c);
	uint32_t ihl = (uint32_t)(vihl & 0xf) * 4;
	uint16_t fo;

	cursor_skip(c, 1);
	q->inner_len = cursor_be16(c);
	q->ip_id = cursor_be16(c);
	fo = cursor_be16(c);
	cursor_skip(c, 1);
	q->proto = cursor_u8(c);
	cursor_skip(c, 2);
	q->src.v = q->dst.v = 4;
	cursor_bytes(c, q->src.a, 4);
	cursor_bytes(c, q->dst.a, 4);
	if (!cursor_ok(c)) {
		quote_short(d);
		return;
	}
	if ((vihl >> 4) != 4 || ihl < 20) {
		decode_anomaly(d, AN_ICMP_QUOTE);
		return;
	}
	q->present = 1;
	if (!cursor_skip(c, ihl - 20)) {
		quote_short(d);
		return;
	}
	if (fo & 0x1fff)
		return;   /* a later fragment: its first bytes are data, not ports */
	quote_l4(c, q);
	if (!q->l4_complete && (q->proto == 6 || q->proto == 17 || q->proto == 132 || q->proto == 1))
		quote_short(d);
}

static void quote_v6(struct cursor *c, struct decoded *d)
{
	struct icmp_quote *q = &d->icmp.q;
	uint32_t vtf = cursor_be32(c);

	q->inner_len = cursor_be16(c);
	q->proto = cursor_u8(c);
	cursor_skip(c, 1);
	q->src.v = q->dst.v = 6;
	cursor_bytes(c, q->src.a, 16);
	cursor_bytes(c, q->dst.a, 16);
	if (!cursor_ok(c)) {
		quote_short(d);
		return;
	}
	if ((vtf >> 28) != 6) {
		decode_anomaly(d, AN_ICMP_QUOTE);
		return;
	}
	q->present = 1;
	/* the extension headers before the transport header (RFC 8200 §4),
	 * as far as the quote goes; a later fragment has no transport header */
	{
		unsigned n = 0;
		while (q->proto == 0 || q->proto == 43 || q->proto == 60 || q->proto == 51 ||
		       q->proto == 44) {
			uint8_t next = cursor_u8(c), hl = cursor_u8(c);
			size_t len = q->proto == 51 ? ((size_t)hl + 2) * 4 :
				     q->proto == 44 ? 8 : ((size_t)hl + 1) * 8;
			if (q->proto == 44) {
				uint16_t off = cursor_be16(c);
				cursor_skip(c, 4);
				if (off & 0xfff8) {
					q->proto = next;
					return;
				}
			} else {
				cursor_skip(c, len - 2);
			}
			if (!cursor_ok(c) || ++n > DECODE_IPV6_EXT_MAX) {
				quote_short(d);
				return;
			}
			q->proto = next;
		}
	}
	quote_l4(c, q);
	if (!q->l4_complete && (q->proto == 6 || q->proto == 17 || q->proto == 132 || q->proto == 58))
		quote_short(d);
}

/*
 * An error about a tunnel's packet (an underlay router reporting on the
 * outer GRE / IP-in-IP / VXLAN header) is about the flow inside it: follow
 * the quote through the tunnel when it holds enough bytes (routers quote up
 * to 576 bytes for IPv4, 1280 for IPv6).
 */
static void quote_tunnel(const struct cursor *start, struct decoded *d)
{
	struct icmp_quote *q = &d->icmp.q;
	struct decoded in;
	struct cursor c = *start;

	if (d->in_quote || !q->present ||
	    !(q->proto == 4 || q->proto == 41 || q->proto == 47 ||
	      (q->proto == 17 && q->l4_complete && q->dport == VXLAN_PORT)))
		return;
	if (!decode_quote(&c, &in) || !in.ntun || !in.ip_ver ||
	    (in.l4 != L4_TCP && in.l4 != L4_UDP))
		return;
	q->via_tunnel = 1;
	q->tun_ctx = in.tun_ctx;
	q->src = in.src;
	q->dst = in.dst;
	q->proto = in.proto;
	q->sport = in.sport;
	q->dport = in.dport;
	q->tcp_seq = in.tcp.seq;
	q->ip_id = in.ip_id;
	q->inner_len = (uint16_t)(in.ip_len > 0xffff ? 0xffff : in.ip_len);
	q->l4_complete = q->ports_ok = 1;
}

static void quote(struct cursor *c, struct decoded *d, int v6)
{
	struct cursor start = *c;

	if (v6)
		quote_v6(c, d);
	else
		quote_v4(c, d);
	quote_tunnel(&start, d);
	if (d->icmp.q.present && d->icmp.q.l4_complete &&
	    (d->icmp.q.proto == 1 || d->icmp.q.proto == 58) &&
	    icmp_type_is_error(d->icmp.q.proto, d->icmp.q.icmp_type))
		decode_anomaly(d, AN_ICMP_QUOTE_ICMP);
}

void icmp_decode(struct cursor *c, struct decoded *d)
{
	struct icmp_info *m = &d->icmp;

	d->l4 = L4_ICMP;
	icmp_csum(c, d);
	m->type = cursor_u8(c);
	m->code = cursor_u8(c);
	cursor_skip(c, 2);
	if (!cursor_ok(c)) {
		decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_ICMP_SHORT);
		d->l4 = L4_OTHER;
		return;
	}
	switch (m->type) {
	case 0: case 8: case 13: case 14: /* echo reply/request, timestamp */
		m->id = cursor_be16(c);
		m->seq = cursor_be16(c);
		break;
	case 3: /* destination unreachable; code 4 carries the next-hop MTU */
		cursor_skip(c, 2);
		m->mtu = cursor_be16(c);
		if (m->code != 4)
			m->mtu = 0;
		m->is_error = 1;
		break;
	case 5: /* redirect */
		m->gateway.v = 4;
		cursor_bytes(c, m->gateway.a, 4);
		m->is_error = 1;
		break;
	case 4: case 11: case 12: /* source quench, time exceeded, param problem */
		cursor_skip(c, 4);
		m->is_error = 1;
		break;
	default:
		cursor_skip(c, 4);
		break;
	}
	if (!cursor_ok(c)) {
		decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_ICMP_SHORT);
		return;
	}
	d->payload_caplen = (uint32_t)cursor_left(c);
	d->payload_len = d->ip_len - d->ip_hdr_len - 8;
	if (m->is_error) {
		struct cursor q = *c;
		quote(&q, d, 0);
	}
}

void icmp6_decode(struct cursor *c, struct decoded *d)
{
	struct icmp_info *m = &d->icmp;

	d->l4 = L4_ICMP6;
	icmp_csum(c, d);
	m->type = cursor_u8(c);
	m->code = cursor_u8(c);
	cursor_skip(c, 2);
	if (!cursor_ok(c)) {
		decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_ICMP_SHORT);
		d->l4 = L4_OTHER;
		return;
	}
	switch (m->type) {
	case 1: case 3: case 4: /* unreachable, time exceeded, parameter problem */
		cursor_skip(c, 4);
		m->is_error = 1;
		break;
	case 2: /* packet too big */
		m->mtu = cursor_be32(c);
		m->is_error = 1;
		break;
	case 128: case 129: /* echo */
		m->id = cursor_be16(c);
		m->seq = cursor_be16(c);
		break;
	case 137: /* redirect: target address (the better first hop) */
		cursor_skip(c, 4);
		m->gateway.v = 6;
		cursor_bytes(c, m->gateway.a, 16);
		cursor_skip(c, 16);
		break;
	default:
		cursor_skip(c, 4);
		break;
	}
	if (!cursor_ok(c)) {
		decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_ICMP_SHORT);
		return;
	}
	d->payload_caplen = (uint32_t)cursor_left(c);
	d->payload_len = d->ip_len - d->ip_hdr_len - 8;
	if (m->is_error) {
		struct cursor q = *c;
		quote(&q, d, 1);
	}
}
