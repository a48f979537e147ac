/*
 * pathmtu.c - what ICMP said about path MTUs (see pathmtu.h).
 */
#include <string.h>
#include "pathmtu.h"
#include "tcp.h"

/*
 * Path MTU: after an ICMP fragmentation-needed / packet-too-big report for
 * a direction, its datagrams larger than the reported MTU, sent more than
 * one round trip later and not allowed to be fragmented (IPv4 DF, or IPv6),
 * mean the report did not reach the sender or was ignored.  Stacks ignore
 * reports below 552 bytes (IPv4, Linux min_pmtu) and 1280 (IPv6, RFC 8200
 * §5): the floor is used then.
 */
void pathmtu_flow_update(struct flow *f, int dir, const struct packet *p, const struct decoded *d)
{
	struct flow_ipdir *q;
	int64_t grace;
	uint32_t floor, mtu, size;
	int df;

	if (!f->ip)
		return;   /* no report about this flow: the common case, nothing to do */
	q = &f->ip->d[dir];
	if (!q->ptb_count || p->ts_ns <= q->ptb_first_ts)
		return;
	/* segments already queued in the sender (qdisc, NIC ring) still leave
	 * after the report arrives: one round trip, at least 10 ms */
	grace = f->tcp && f->tcp->irtt_ns > 0 ? f->tcp->irtt_ns : 200000000;
	if (grace < 10000000)
		grace = 10000000;
	floor = d->ip_ver == 6 ? 1280 : 552;
	/* inside a tunnel the report is about the outer packet */
	size = d->ip_len + d->tun_overhead;
	df = d->ntun ? d->tun[0].outer_df || d->tun[0].src.v == 6 : d->ip_ver == 6 || d->df;
	mtu = q->ptb_mtu_min > floor ? q->ptb_mtu_min : floor;
	if (q->ptb_mtu_min && size <= mtu) {
		q->ptb_fit_pkts++;
		if (size > q->ptb_fit_max)
			q->ptb_fit_max = size;
	}
	if (p->ts_ns - q->ptb_first_ts <= grace)
		return;
	q->ptb_after_pkts++;
	if (size > q->ptb_after_max)
		q->ptb_after_max = size;
	if (!q->ptb_mtu_min || size <= mtu || !df)
		return;
	if (!q->ptb_oversize) {
		q->ptb_oversize_first.capture = p->capture;
		q->ptb_oversize_first.frame = p->frame;
	}
	q->ptb_oversize_last.capture = p->capture;
	q->ptb_oversize_last.frame = p->frame;
	q->ptb_oversize++;
}

/* The smallest MTU reported per destination (the report's "path"). */
void pathmtu_note(struct pmtu_table *r, const struct packet *p, const struct decoded *d)
{
	const struct ip_addr *dst = &d->icmp.q.dst;
	struct path_mtu *m = NULL;
	unsigned i;

	for (i = 0; i < r->n; i++)
		if (r->path[i].dst.v == dst->v && !memcmp(r->path[i].dst.a, dst->a, 16))
			m = &r->path[i];
	if (!m) {
		if (r->n == PATH_MTU_MAX) {
			r->over_cap++;
			return;
		}
		m = &r->path[r->n++];
		memset(m, 0, sizeof(*m));
		m->dst = *dst;
	}
	m->reports++;
	if (!m->frame.frame || (d->icmp.mtu && (!m->mtu || d->icmp.mtu < m->mtu))) {
		m->mtu = d->icmp.mtu;
		m->router = d->src;
		m->frame.capture = p->capture;
		m->frame.frame = p->frame;
	}
}

