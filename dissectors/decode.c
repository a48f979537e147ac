/*
 * decode.c - drives the dissectors for one packet: link -> IP -> transport.
 * Non-first fragments stop at the IP layer (their transport header is in the
 * first fragment; reassembly belongs to the IP layer's fragment service).
 */
#include <stdio.h>
#include <arpa/inet.h>
#include "decode.h"
#include "link.h"
#include "ip.h"
#include "transport.h"

int decode_packet(const struct packet *p, struct decoded *d)
{
	struct cursor c = cursor_make(p->data, p->caplen), l4;
	int cut = p->caplen < p->len, ok;
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
	d->l3_off = (uint32_t)cursor_pos(&c);
	ver = (uint8_t)(cursor_peek_u8(&c, 0) >> 4);
	if ((d->ethertype == 0x0800 && ver != 4) || (d->ethertype == 0x86dd && ver != 6) ||
	    (d->ethertype == 0 && ver != 4 && ver != 6)) {
		decode_anomaly(d, cursor_left(&c) == 0 && cut ? AN_SNAPLEN_CUT : AN_IP_VERSION);
		return 0;
	}
	d->cut = (uint8_t)cut;
	ok = ver == 4 ? ipv4_decode(&c, cut, d, &l4) : ipv6_decode(&c, cut, d, &l4);
	d->cut = (uint8_t)(d->cut && cut);
	if (!ok) {
		d->ip_bad = 1;  /* the addresses of an unusable header name no flow */
		return 0;
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
