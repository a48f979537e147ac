/*
 * tcp.c - TCP header and options (RFC 9293 §3.1; MSS RFC 9293 §3.7.1,
 * window scale and timestamps RFC 7323, SACK RFC 2018).
 */
#include "transport.h"
#include "ip.h"

enum { OPT_EOL = 0, OPT_NOP = 1, OPT_MSS = 2, OPT_WS = 3, OPT_SACK_PERM = 4,
       OPT_SACK = 5, OPT_TS = 8 };

static void tcp_option(uint8_t kind, struct cursor *v, struct decoded *d)
{
	struct tcp_fields *t = &d->tcp;
	size_t len = cursor_left(v);

	switch (kind) {
	case OPT_MSS:
		if (len == 2)
			t->mss = cursor_be16(v);
		break;
	case OPT_WS:
		if (len == 1)
			t->wscale = (int8_t)(cursor_u8(v) & 0x7f);
		break;
	case OPT_SACK_PERM:
		t->sack_perm = 1;
		break;
	case OPT_TS:
		if (len == 8) {
			t->has_ts = 1;
			t->ts_val = cursor_be32(v);
			t->ts_ecr = cursor_be32(v);
		}
		break;
	case OPT_SACK:
		while (cursor_left(v) >= 8 && t->nsack < DECODE_SACK_MAX) {
			t->sack[t->nsack][0] = cursor_be32(v);
			t->sack[t->nsack][1] = cursor_be32(v);
			t->nsack++;
		}
		break;
	default:
		break;
	}
}

static void tcp_options(struct cursor opts, struct decoded *d)
{
	unsigned n = 0;

	while (cursor_left(&opts) > 0 && n++ < DECODE_TCP_OPT_MAX) {
		uint8_t kind = cursor_u8(&opts), len;
		struct cursor v;
		if (kind == OPT_EOL)
			return;
		if (kind == OPT_NOP)
			continue;
		len = cursor_u8(&opts);
		if (!cursor_ok(&opts) || len < 2) {
			decode_anomaly(d, AN_TCP_OPTION);
			return;
		}
		v = cursor_sub(&opts, (size_t)len - 2);
		if (!cursor_ok(&opts)) {
			decode_anomaly(d, AN_TCP_OPTION);
			return;
		}
		tcp_option(kind, &v, d);
	}
}

void tcp_decode(struct cursor *c, struct decoded *d)
{
	struct tcp_fields *t = &d->tcp;
	struct cursor seg = *c, hdr, tmp;
	uint8_t off, fl;
	uint32_t seglen = d->ip_len - d->ip_hdr_len;

	d->l4 = L4_TCP;
	t->wscale = -1;
	d->sport = cursor_be16(c);
	d->dport = cursor_be16(c);
	t->seq = cursor_be32(c);
	t->ack = cursor_be32(c);
	off = cursor_u8(c);
	fl = cursor_u8(c);
	t->win = cursor_be16(c);
	t->csum = cursor_be16(c);
	cursor_skip(c, 2);
	if (!cursor_ok(c)) {
		decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_TCP_HDRLEN);
		d->l4 = L4_OTHER;
		return;
	}
	t->flags = (uint16_t)(fl | ((off & 1) << 8));
	t->hdr_len = (uint16_t)((off >> 4) * 4);
	if (t->hdr_len < 20 || t->hdr_len > seglen) {
		decode_anomaly(d, AN_TCP_HDRLEN);
		t->hdr_len = 20;
		return;
	}
	if ((fl & TCP_SYN) && (fl & (TCP_FIN | TCP_RST)))
		decode_anomaly(d, AN_TCP_FLAGS);
	else if ((fl & 0x3f) == 0)
		decode_anomaly(d, AN_TCP_FLAGS);
	tmp = seg;
	hdr = cursor_sub(&tmp, t->hdr_len);
	if (!cursor_ok(&tmp)) {
		/* header options cut by the snapshot length */
		decode_anomaly(d, d->cut ? AN_SNAPLEN_CUT : AN_TCP_HDRLEN);
	} else {
		cursor_skip(&hdr, 20);
		tcp_options(cursor_rest(&hdr), d);
	}
	d->payload_len = seglen - t->hdr_len;
	cursor_skip(c, t->hdr_len - 20u);
	if (cursor_ok(c)) {
		d->payload_caplen = (uint32_t)cursor_left(c);
		d->payload = cursor_view(c, d->payload_caplen);
	}
	if (!d->cut && !d->is_fragment && cursor_left(&seg) == seglen)
		transport_csum(&seg, t->csum, d, AN_TCP_CSUM);
}

void transport_csum(const struct cursor *full, uint16_t csum, struct decoded *d,
		    enum anomaly bad)
{
	uint32_t len = (uint32_t)cursor_left(full);
	uint32_t ps = ip_pseudo_sum(d, len);
	uint16_t folded_ps = cursor_csum_fold(ps);
	uint16_t inv_ps = (uint16_t)(0xffffu ^ folded_ps);

	d->csum_checked = 1;
	if (cursor_csum_fold(cursor_csum(full, ps)) == 0xffff)
		return;
	if (csum == folded_ps || csum == inv_ps) {
		d->csum_offload = 1;
		decode_anomaly(d, AN_CSUM_OFFLOAD);
		return;
	}
	d->csum_bad = 1;
	decode_anomaly(d, bad);
}
