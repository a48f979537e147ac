/*
 * tcp.c - per-segment TCP sequence analysis (see tcp.h and
 * doc/tcp-analysis.md).  The checks run in the order Wireshark's TCP expert
 * analysis runs them, because a segment takes the first label whose
 * conditions hold; sequence numbers are relative (first SYN = 0; a
 * connection seen mid-stream starts at 1), as in Wireshark's default view.
 */
#include <stdlib.h>
#include <string.h>
#include "tcp.h"

const char *const tcp_label_names[TL_COUNT] = {
	"tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
	"tcp.analysis.spurious_retransmission", "tcp.analysis.out_of_order",
	"tcp.analysis.lost_segment", "tcp.analysis.ack_lost_segment",
	"tcp.analysis.duplicate_ack", "tcp.analysis.zero_window",
	"tcp.analysis.zero_window_probe", "tcp.analysis.zero_window_probe_ack",
	"tcp.analysis.window_full", "tcp.analysis.window_update",
	"tcp.analysis.keep_alive", "tcp.analysis.keep_alive_ack"
};

#define L(x) (1u << (x))

static inline int gt(uint32_t a, uint32_t b) { return (int32_t)(a - b) > 0; }
static inline int lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static inline int le(uint32_t a, uint32_t b) { return (int32_t)(a - b) <= 0; }

struct tcp_conn *tcp_conn_new(void)
{
	struct tcp_conn *c = calloc(1, sizeof(*c));
	if (c)
		c->d[0].win_scale = c->d[1].win_scale = -1;
	return c;
}

void tcp_conn_free(struct tcp_conn *c)
{
	if (!c)
		return;
	free(c->d[0].ua);
	free(c->d[1].ua);
	free(c);
}

/* Window scale from the handshake (RFC 7323 §2.2): used only when both
 * SYNs carried the option. */
static void handshake_options(struct tcp_conn *c, int dir, const struct decoded *d)
{
	struct tcp_dir *f = &c->d[dir], *r = &c->d[!dir];
	uint16_t fl = d->tcp.flags;

	if (!(fl & TCP_SYN))
		return;
	f->syn_seen = 1;
	f->win_scale = d->tcp.wscale >= 0 ? (int8_t)(d->tcp.wscale > 14 ? 14 : d->tcp.wscale) : -2;
	if (d->tcp.mss)
		f->mss = d->tcp.mss;
	if ((fl & TCP_ACK) && (f->win_scale == -2 || r->win_scale == -2)) {
		f->win_scale = -2;
		if (r->syn_seen)
			r->win_scale = -2;
	}
}

static void ua_add(struct tcp_dir *f, uint32_t seq, uint32_t nextseq, const struct packet *p)
{
	if (f->nua == f->capua) {
		uint32_t nc = f->capua ? f->capua * 2 : 8;
		struct tcp_unacked *n;
		if (f->capua >= TCP_MAX_UNACKED) {
			f->ua_over_cap++;
			return;
		}
		if (nc > TCP_MAX_UNACKED)
			nc = TCP_MAX_UNACKED;
		n = realloc(f->ua, nc * sizeof(*n));
		if (!n) {
			f->ua_over_cap++;
			return;
		}
		f->ua = n;
		f->capua = nc;
	}
	f->ua[f->nua].seq = seq;
	f->ua[f->nua].nextseq = nextseq;
	f->ua[f->nua].frame = p->frame;
	f->ua[f->nua].ts = p->ts_ns;
	f->nua++;
}

/* Trims the reverse direction's unacked list by this ACK; an exact match of
 * a segment's end gives the ACK RTT sample. */
static void ua_ack(struct tcp_dir *r, uint32_t ack, const struct packet *p, struct tcp_seg_result *out)
{
	uint32_t i, k = 0;

	for (i = 0; i < r->nua; i++) {
		struct tcp_unacked *u = &r->ua[i];
		if (ack == u->nextseq) {
			/* the newest exact match wins (the list is in arrival order) */
			out->acked_frame = u->frame;
			out->ack_rtt_ns = p->ts_ns - u->ts;
			continue;
		}
		if (gt(ack, u->seq) && le(ack, u->nextseq)) {
			u->seq = ack;  /* partly acknowledged */
			r->ua[k++] = *u;
			continue;
		}
		if (gt(u->nextseq, ack)) {
			r->ua[k++] = *u;
			continue;
		}
		/* older than the ACK: acknowledged */
	}
	r->nua = k;
}

static uint32_t bytes_in_flight(const struct tcp_dir *f)
{
	uint32_t i, lo = 0, hi = 0;
	for (i = 0; i < f->nua; i++) {
		if (i == 0 || lt(f->ua[i].seq, lo))
			lo = f->ua[i].seq;
		if (i == 0 || gt(f->ua[i].nextseq, hi))
			hi = f->ua[i].nextseq;
	}
	return f->nua ? hi - lo : 0;
}

static void irtt(struct tcp_conn *c, int dir, const struct packet *p, uint16_t fl)
{
	/* Like Wireshark, the initial RTT runs from the most recent SYN (a
	 * retried SYN restarts it) to the ACK of the SYN-ACK. */
	if ((fl & TCP_SYN) && !(fl & TCP_ACK) && dir == 0 && !c->irtt_ns)
		c->syn_ts = p->ts_ns;
	else if ((fl & TCP_SYN) && (fl & TCP_ACK) && dir == 1 && !c->synack_ts)
		c->synack_ts = p->ts_ns;
	else if (!(fl & (TCP_SYN | TCP_RST)) && (fl & TCP_ACK) && dir == 0 && c->syn_ts &&
		 c->synack_ts && !c->irtt_ns) {
		c->irtt_ns = p->ts_ns - c->syn_ts;
		c->irtt_half[0] = c->synack_ts - c->syn_ts;
		c->irtt_half[1] = p->ts_ns - c->synack_ts;
	}
}

/* The retransmission family (fast, out-of-order, spurious, plain). */
static void retransmission(struct tcp_conn *c, struct tcp_dir *f, struct tcp_dir *r, uint32_t seq,
			   uint32_t seglen, uint16_t fl, const struct packet *p, struct tcp_seg_result *out)
{
	int not_advanced = f->nextseq && lt(seq, f->nextseq);
	int64_t t, ooo;

	if (!(seglen > 0 || (fl & (TCP_SYN | TCP_FIN))))
		return;
	if (out->labels & L(TL_KEEP_ALIVE))
		return;
	/* one byte before nextseq and carrying more than a byte: the data
	 * that follows a zero-window probe, not a retransmission */
	if (seglen > 1 && f->nextseq - 1 == seq)
		not_advanced = 0;
	t = p->ts_ns - r->lastack_ts;
	if (not_advanced && r->dupacknum >= 2 && r->lastack == seq && t < 20000000) {
		out->labels |= L(TL_FAST_RETRANSMISSION) | L(TL_RETRANSMISSION);
		return;
	}
	/* data the peer already acknowledged: spurious (checked before
	 * out-of-order, as tshark 4.0 does) */
	if (seglen > 0 && r->lastack && le(seq + seglen, r->lastack)) {
		out->labels |= L(TL_SPURIOUS_RETRANSMISSION) | L(TL_RETRANSMISSION);
		return;
	}
	t = p->ts_ns - f->nextseq_ts;
	ooo = c->irtt_ns ? c->irtt_ns : 3000000;
	if (not_advanced && t < ooo &&
	    f->nextseq != seq + seglen + ((fl & (TCP_SYN | TCP_FIN)) ? 1u : 0u)) {
		out->labels |= L(TL_OUT_OF_ORDER);
		return;
	}
	if (not_advanced) {
		out->labels |= L(TL_RETRANSMISSION);
		out->rto_ns = p->ts_ns - f->nextseq_ts;
	}
}

void tcp_analyze(struct tcp_conn *c, int dir, const struct packet *p, const struct decoded *d,
		 struct tcp_seg_result *out)
{
	struct tcp_dir *f = &c->d[dir], *r = &c->d[!dir];
	uint16_t fl = d->tcp.flags;
	uint32_t seglen = d->payload_len, seq, ack, window, nextseq;

	memset(out, 0, sizeof(*out));
	out->ack_rtt_ns = -1;
	handshake_options(c, dir, d);
	irtt(c, dir, p, fl);
	if (!f->base_set) {
		f->base = (fl & TCP_SYN) ? d->tcp.seq : d->tcp.seq - 1;
		f->base_set = 1;
	}
	if (!r->base_set && (fl & TCP_ACK)) {
		r->base = d->tcp.ack - 1;
		r->base_set = 1;
	}
	seq = d->tcp.seq - f->base;
	ack = (fl & TCP_ACK) ? d->tcp.ack - r->base : 0;
	window = d->tcp.win;
	if (!(fl & TCP_SYN) && f->win_scale >= 0)
		window <<= f->win_scale;

	/* zero-window probe: exactly one byte at nextseq into a closed window */
	if (seglen == 1 && seq == f->nextseq && r->window_set && r->window == 0) {
		out->labels |= L(TL_ZERO_WINDOW_PROBE);
		goto finished_fwd;
	}
	if (window == 0 && !(fl & (TCP_RST | TCP_FIN | TCP_SYN)))
		out->labels |= L(TL_ZERO_WINDOW);
	if (f->nextseq && gt(seq, f->nextseq) && !(fl & TCP_RST)) {
		out->labels |= L(TL_LOST_SEGMENT);
		f->valid_bif = 0;
	}
	if ((seglen == 0 || seglen == 1) && seq == f->nextseq - 1 &&
	    !(fl & (TCP_SYN | TCP_FIN | TCP_RST)))
		out->labels |= L(TL_KEEP_ALIVE);
	if (seglen == 0 && window && window != f->window && seq == f->nextseq && ack == f->lastack &&
	    !(fl & (TCP_SYN | TCP_FIN | TCP_RST)))
		out->labels |= L(TL_WINDOW_UPDATE);
	if (seglen > 0 && r->win_scale != -1 && r->window_set &&
	    seq + seglen == r->lastack + r->window && !(fl & (TCP_SYN | TCP_FIN | TCP_RST)))
		out->labels |= L(TL_WINDOW_FULL);
	if (seglen == 0 && window && window == f->window && seq == f->nextseq && ack == f->lastack &&
	    (r->lastsegflags & L(TL_KEEP_ALIVE)) && !(fl & (TCP_SYN | TCP_FIN | TCP_RST))) {
		out->labels |= L(TL_KEEP_ALIVE_ACK);
		goto finished_fwd;
	}
	if (seglen == 0 && window == 0 && window == f->window && seq == f->nextseq &&
	    (ack == f->lastack || ack == f->lastack + 1) && (r->lastsegflags & L(TL_ZERO_WINDOW_PROBE)) &&
	    !(fl & (TCP_SYN | TCP_FIN | TCP_RST))) {
		out->labels |= L(TL_ZERO_WINDOW_PROBE_ACK);
		goto finished_fwd;
	}
	if (seglen == 0 && window && window == f->window && seq == f->nextseq && ack == f->lastack &&
	    !(fl & (TCP_SYN | TCP_FIN | TCP_RST))) {
		f->dupacknum++;
		out->labels |= L(TL_DUPLICATE_ACK);
		out->dup_ack_num = f->dupacknum;
		out->dup_ack_frame = f->lastnondupack;
	}
finished_fwd:
	if (!(out->labels & L(TL_DUPLICATE_ACK))) {
		f->lastnondupack = p->frame;
		f->dupacknum = 0;
	}
	if (r->maxseqtobeacked && gt(ack, r->maxseqtobeacked) && (fl & TCP_ACK)) {
		out->labels |= L(TL_ACK_LOST_SEGMENT);
		r->maxseqtobeacked = r->nextseq;
	}
	retransmission(c, f, r, seq, seglen, fl, p, out);

	/* bookkeeping */
	nextseq = seq + seglen;
	if (seglen || (fl & (TCP_SYN | TCP_FIN))) {
		if (fl & (TCP_SYN | TCP_FIN))
			nextseq++;
		ua_add(f, seq, nextseq, p);
	}
	if (gt(nextseq, f->nextseq) || !f->nextseq) {
		if (!(out->labels & L(TL_ZERO_WINDOW_PROBE))) {
			f->nextseq = nextseq;
			f->nextseq_frame = p->frame;
			f->nextseq_ts = p->ts_ns;
		}
	}
	if (seq == f->maxseqtobeacked || !f->maxseqtobeacked) {
		if (!(out->labels & L(TL_ZERO_WINDOW_PROBE)))
			f->maxseqtobeacked = f->nextseq;
	}
	f->window = window;
	f->window_set = 1;
	f->lastack = ack;
	f->lastack_ts = p->ts_ns;
	f->lastsegflags = out->labels;
	if (fl & TCP_ACK) {
		ua_ack(r, ack, p, out);
		r->valid_bif = 1;
	}
	if (seglen && f->valid_bif) {
		out->bytes_in_flight = bytes_in_flight(f);
		out->has_bif = 1;
	}
	if (!f->valid_bif && !(out->labels & L(TL_LOST_SEGMENT)))
		f->valid_bif = 1;
}
