/*
 * tcp.c - per-segment TCP sequence analysis (see tcp.h and
 * doc/tcp-analysis.md).  The checks run in the order Wireshark's TCP expert
 * analysis runs them, because a segment takes the first label whose
 * conditions hold.
 */
#include <stdlib.h>
#include <string.h>
#include "tcp.h"
#include "recycle.h"

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

/* Wireshark's sequence comparisons, exactly: at a distance of 2^31 both gt
 * and lt hold (GT_SEQ is written as the peer's difference below zero). */
static inline int gt(uint32_t a, uint32_t b) { return (int32_t)(b - a) < 0; }
static inline int lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static inline int le(uint32_t a, uint32_t b) { return (int32_t)(a - b) <= 0; }

void tcp_conn_init(struct tcp_conn *c)
{
	c->d[0].win_scale = c->d[1].win_scale = -1;
}

void tcp_conn_clear(struct tcp_conn *c)
{
	int i;

	for (i = 0; i < 2; i++)
		if (c->ua_pool && c->d[i].capua == TCP_UA_FIRST)
			recycle_put(c->ua_pool, c->d[i].ua);
		else
			free(c->d[i].ua);
	c->d[0].ua = c->d[1].ua = NULL;
	c->d[0].nua = c->d[1].nua = c->d[0].capua = c->d[1].capua = 0;
}

struct tcp_conn *tcp_conn_new(void)
{
	struct tcp_conn *c = calloc(1, sizeof(*c));
	if (c)
		tcp_conn_init(c);
	return c;
}

void tcp_conn_free(struct tcp_conn *c)
{
	if (!c)
		return;
	tcp_conn_clear(c);
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
	f->sack_perm = d->tcp.sack_perm;
	if ((fl & TCP_ACK) && (f->win_scale == -2 || r->win_scale == -2)) {
		f->win_scale = -2;
		if (r->syn_seen)
			r->win_scale = -2;
	}
}

size_t tcp_conn_extra_bytes(const struct tcp_conn *c)
{
	return c ? ((size_t)c->d[0].capua + c->d[1].capua) * sizeof(struct tcp_unacked) : 0;
}

static void ua_add(struct tcp_dir *f, struct recycle *pool, uint32_t seq, uint32_t nextseq,
		   const struct packet *p, int rexmit, int resend)
{
	if (f->nua == f->capua) {
		uint32_t nc = f->capua ? f->capua * 2 : TCP_UA_FIRST;
		struct tcp_unacked *n;
		if (f->capua >= TCP_MAX_UNACKED) {
			f->ua_over_cap++;
			return;
		}
		if (nc > TCP_MAX_UNACKED)
			nc = TCP_MAX_UNACKED;
		/* the first list from the pool; a pooled block is heap memory, so
		 * growing it is a realloc like any other */
		n = !f->capua && pool ? recycle_get(pool) : realloc(f->ua, nc * sizeof(*n));
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
	f->ua[f->nua].capture = p->capture;
	f->ua[f->nua].ts = p->ts_ns;
	f->ua[f->nua].rexmit = (uint8_t)rexmit;
	f->ua[f->nua].resent_other = 0;
	if (resend) {
		/* earlier copies covering these bytes with other edges (a sender that
		 * shrank its segments) no longer stand for their own size */
		uint32_t i;
		for (i = 0; i < f->nua; i++) {
			struct tcp_unacked *u = &f->ua[i];
			if (gt(nextseq, u->seq) && gt(u->nextseq, seq) &&
			    (u->seq != seq || u->nextseq != nextseq))
				u->resent_other = 1;
		}
	}
	f->nua++;
}

/* Trims the reverse direction's unacked list by this ACK; an exact match of
 * a segment's end gives the ACK RTT sample. */
static void rtt_sample(struct tcp_dir_stats *st, int64_t rtt)
{
	uint64_t us = rtt > 0 ? (uint64_t)rtt / 1000 : 0;
	unsigned b = 0;

	while (us > 1 && b < TCP_RTT_BUCKETS - 1) {
		us >>= 1;
		b++;
	}
	st->rtt_hist[b]++;
	if (!st->rtt_n || rtt < st->rtt_min)
		st->rtt_min = rtt;
	if (!st->rtt_n || rtt > st->rtt_max)
		st->rtt_max = rtt;
	st->rtt_sum += rtt;
	st->rtt_n++;
}

int64_t tcp_rtt_percentile(const struct tcp_dir_stats *s, unsigned pct)
{
	uint64_t want, seen = 0;
	unsigned b;

	if (!s->rtt_n)
		return -1;
	want = ((uint64_t)s->rtt_n * pct + 99) / 100;
	if (want == 0)
		want = 1;
	for (b = 0; b < TCP_RTT_BUCKETS; b++) {
		seen += s->rtt_hist[b];
		if (seen >= want) {
			/* bucket b holds [2^b, 2^(b+1)) us: report its geometric middle,
			 * clamped to the exact extremes */
			int64_t v = (int64_t)(((uint64_t)1 << b) * 1414 / 1000) * 1000;
			if (v < s->rtt_min)
				v = s->rtt_min;
			if (v > s->rtt_max)
				v = s->rtt_max;
			return v;
		}
	}
	return s->rtt_max;
}

static void ua_ack(struct tcp_dir *r, uint32_t ack, const struct packet *p, struct tcp_seg_result *out)
{
	uint32_t i, k = 0, acked_len = 0;
	const struct tcp_unacked *match = NULL;

	for (i = 0; i < r->nua; i++) {
		struct tcp_unacked *u = &r->ua[i];
		if (ack == u->nextseq) {
			/* the newest exact match wins (the list is in arrival order) */
			match = u;
			out->acked_frame = u->frame;
			out->ack_rtt_ns = p->ts_ns - u->ts;
			acked_len = u->nextseq - u->seq;
			if (acked_len > r->st.max_acked_seg && !u->resent_other)
				r->st.max_acked_seg = acked_len;
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
		if (u->nextseq - u->seq > r->st.max_acked_seg && u->nextseq - u->seq < 0x10000 &&
		    !u->resent_other)
			r->st.max_acked_seg = u->nextseq - u->seq;
	}
	r->nua = k;
	if (match && !match->rexmit)
		rtt_sample(&r->st, out->ack_rtt_ns);
}

/* SACK blocks (RFC 2018) name segments that got through although the
 * cumulative ACK has not passed them: they count as acknowledged for the
 * largest-acknowledged size (path MTU verdicts). */
static void ua_sack(struct tcp_dir *r, const struct decoded *d)
{
	unsigned b, i;

	for (b = 0; b < d->tcp.nsack && b < DECODE_SACK_MAX; b++) {
		uint32_t l = d->tcp.sack[b][0], h = d->tcp.sack[b][1];
		for (i = 0; i < r->nua; i++) {
			const struct tcp_unacked *u = &r->ua[i];
			uint32_t len = u->nextseq - u->seq;
			if (len > r->st.max_acked_seg && len < 0x10000 && !u->resent_other &&
			    !gt(l, u->seq) && !gt(u->nextseq, h))
				r->st.max_acked_seg = len;
		}
	}
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
	ooo = c->ooo_rtt_ns ? c->ooo_rtt_ns : 3000000;
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

/* The segment that first carried seq (for the run's evidence), if still
 * remembered as unacknowledged. */
static int original_frame(const struct tcp_dir *f, uint32_t seq, struct frame_ref *ref, int64_t *ts)
{
	uint32_t i;
	for (i = 0; i < f->nua; i++)
		if (f->ua[i].seq == seq && !f->ua[i].rexmit) {
			ref->capture = f->ua[i].capture;
			ref->frame = f->ua[i].frame;
			*ts = f->ua[i].ts;
			return 1;
		}
	return 0;
}

static void run_frame(struct tcp_dir *f, const struct frame_ref *ref)
{
	if (f->ncur_frames < TCP_RUN_FRAMES)
		f->cur_frames[f->ncur_frames++] = *ref;
}

/* Tracks retransmissions of one and the same segment: RTO backoff shows as
 * growing intervals between its copies (RFC 6298 §5.5). */
static int retrans_run(struct tcp_dir *f, uint32_t seq, uint32_t seglen, const struct packet *p)
{
	struct tcp_dir_stats *st = &f->st;
	struct frame_ref ref = { p->capture, p->frame };

	/* a copy of another length (a sender that shrank its segments) starts
	 * a run of its own */
	if (f->cur_len && seq == f->cur_seq && seglen == f->cur_seglen) {
		int64_t gap = p->ts_ns - f->cur_last_ts;
		if ((double)gap * 2 < (double)f->cur_last_gap * 3)  /* no overflow on wild clocks */
			f->cur_backoff = 0;
		f->cur_last_gap = gap;
		f->cur_len++;
	} else {
		struct frame_ref orig;
		int64_t ots;
		f->cur_seq = seq;
		f->cur_seglen = seglen;
		f->cur_len = 1;
		f->cur_backoff = 1;
		f->ncur_frames = 0;
		/* the first interval runs from the original copy when it is
		 * remembered, else from the segment that set nextseq */
		f->cur_first_gap = f->cur_last_gap = f->nextseq_ts ? p->ts_ns - f->nextseq_ts : 0;
		if (original_frame(f, seq, &orig, &ots)) {
			run_frame(f, &orig);
			f->cur_first_gap = f->cur_last_gap = p->ts_ns - ots;
		}
	}
	f->cur_last_ts = p->ts_ns;
	run_frame(f, &ref);
	if (f->cur_len > st->run_len || (f->cur_len == st->run_len && seglen > st->run_seg_len)) {
		st->run_len = f->cur_len;
		st->run_backoff = f->cur_len >= 2 && f->cur_backoff;
		st->run_first_gap = f->cur_first_gap;
		st->run_last_gap = f->cur_last_gap;
		st->run_seg_len = seglen;
		st->run_seq = seq;
		memcpy(st->run_frames, f->cur_frames, sizeof(st->run_frames));
		st->nrun_frames = f->ncur_frames;
		st->after_run_segs = st->after_run_max_seg = 0;
		st->after_run_first.frame = 0;
		return 1;
	}
	return 0;
}

static void zw_close(struct tcp_dir *f, int64_t ts, const struct frame_ref *end)
{
	struct tcp_dir_stats *st = &f->st;
	int64_t len = ts - f->zw_since;

	if (!f->zw_since)
		return;
	st->zw_total_ns += len;
	if (len > st->zw_longest_ns) {
		st->zw_longest_ns = len;
		st->zw_longest_start = f->zw_since_frame;
		st->zw_longest_end = *end;
	}
	f->zw_since = 0;
}

void tcp_conn_finish(struct tcp_conn *c, int64_t end_ts)
{
	struct frame_ref none = { 0, 0 };
	zw_close(&c->d[0], end_ts, &none);
	zw_close(&c->d[1], end_ts, &none);
}

/* Zero-window episodes of the direction that advertises the window. */
static void zero_window(struct tcp_dir *f, uint32_t window, uint16_t fl, const struct packet *p)
{
	struct frame_ref ref = { p->capture, p->frame };

	if (fl & (TCP_SYN | TCP_RST))
		return;
	if (window == 0 && !(fl & TCP_FIN)) {
		if (!f->zw_since) {
			f->zw_since = p->ts_ns ? p->ts_ns : 1;
			f->zw_since_frame = ref;
			if (!f->st.zw_episodes)
				f->st.zw_first = ref;
			f->st.zw_episodes++;
		}
	} else if (window) {
		zw_close(f, p->ts_ns, &ref);
	}
}

static void account(struct tcp_dir *f, uint32_t seq, uint32_t seglen, uint32_t ack_gap,
		    const struct packet *p, const struct tcp_seg_result *out)
{
	struct tcp_dir_stats *st = &f->st;
	uint32_t l = out->labels;
	int extends_run = 0;

	if (seglen) {
		st->data_pkts++;
		st->data_bytes += seglen;
		if (seglen > st->max_seg)
			st->max_seg = seglen;
	}
	if (l & L(TL_RETRANSMISSION)) {
		st->retrans_pkts++;
		st->retrans_bytes += seglen;
		if (!st->first_retrans.frame) {
			st->first_retrans.capture = p->capture;
			st->first_retrans.frame = p->frame;
		}
		if (!(l & (L(TL_SPURIOUS_RETRANSMISSION) | L(TL_FAST_RETRANSMISSION))))
			extends_run = retrans_run(f, seq, seglen, p);
	}
	if (seglen && st->run_len && !extends_run) {
		if (!st->after_run_segs) {
			st->after_run_first.capture = p->capture;
			st->after_run_first.frame = p->frame;
		}
		st->after_run_segs++;
		if (seglen > st->after_run_max_seg)
			st->after_run_max_seg = seglen;
	}
	st->fast_retrans += !!(l & L(TL_FAST_RETRANSMISSION));
	st->spurious += !!(l & L(TL_SPURIOUS_RETRANSMISSION));
	st->ooo += !!(l & L(TL_OUT_OF_ORDER));
	if ((l & L(TL_LOST_SEGMENT)) && !st->lost_segment) {
		st->first_lost.capture = p->capture;
		st->first_lost.frame = p->frame;
	}
	if ((l & L(TL_DUPLICATE_ACK)) && !st->dup_acks) {
		st->first_dup_ack.capture = p->capture;
		st->first_dup_ack.frame = p->frame;
	}
	st->lost_segment += !!(l & L(TL_LOST_SEGMENT));
	st->dup_acks += !!(l & L(TL_DUPLICATE_ACK));
	st->zero_window += !!(l & L(TL_ZERO_WINDOW));
	st->zwp += !!(l & L(TL_ZERO_WINDOW_PROBE));
	if ((l & L(TL_WINDOW_FULL)) && st->window_full < 4) {
		st->window_full_frames[st->window_full].capture = p->capture;
		st->window_full_frames[st->window_full].frame = p->frame;
	}
	st->window_full += !!(l & L(TL_WINDOW_FULL));
	st->keep_alive += !!(l & L(TL_KEEP_ALIVE));
	if (l & L(TL_ACK_LOST_SEGMENT)) {
		if (st->acked_unseen < 4) {
			st->acked_unseen_frames[st->acked_unseen].capture = p->capture;
			st->acked_unseen_frames[st->acked_unseen].frame = p->frame;
		}
		st->acked_unseen++;
		st->acked_unseen_bytes += ack_gap;
	}
}

/*
 * A SYN (without ACK) whose sequence number is not its direction's base is a
 * new connection on the same ports, not a retransmission: Wireshark starts a
 * new conversation there (tcp.analysis.reused_ports), so both directions'
 * sequence state starts again.  What was measured so far (the statistics,
 * the open zero-window episode's time) stays with the flow, and the
 * unacknowledged-segment lists keep their memory.
 */
static void new_session(struct tcp_conn *c, const struct packet *p)
{
	struct frame_ref ref = { p->capture, p->frame };
	int i;

	for (i = 0; i < 2; i++) {
		struct tcp_dir *x = &c->d[i], keep = *x;
		zw_close(&keep, p->ts_ns, &ref);
		memset(x, 0, sizeof(*x));
		x->win_scale = -1;
		x->ua = keep.ua;
		x->capua = keep.capua;
		x->ua_over_cap = keep.ua_over_cap;
		x->st = keep.st;
	}
	c->syn_ts = c->synack_ts = c->irtt_ns = 0;
	c->irtt_half[0] = c->irtt_half[1] = 0;
	c->mru_syn_ts = c->ooo_rtt_ns = 0;
}

void tcp_analyze(struct tcp_conn *c, int dir, const struct packet *p, const struct decoded *d,
		 struct tcp_seg_result *out)
{
	uint32_t ack_gap = 0;
	struct tcp_dir *f = &c->d[dir], *r = &c->d[!dir];
	uint16_t fl = d->tcp.flags;
	uint32_t seglen = d->payload_len, seq, ack, window, nextseq;

	memset(out, 0, sizeof(*out));
	out->ack_rtt_ns = -1;
	if ((fl & (TCP_SYN | TCP_ACK)) == TCP_SYN && f->base_set && d->tcp.seq != f->base_seq)
		new_session(c, p);
	handshake_options(c, dir, d);
	irtt(c, dir, p, fl);
	/* Absolute sequence numbers, as tshark's analysis uses them: "0 =
	 * unknown" then only collides with a real 0, and a connection first
	 * seen through the peer's ACK is judged the way tshark judges it. */
	seq = d->tcp.seq;
	ack = (fl & TCP_ACK) ? d->tcp.ack : 0;
	window = d->tcp.win;
	if (!(fl & TCP_SYN) && f->win_scale >= 0)
		window <<= f->win_scale;
	/* Relative numbering as Wireshark's: a direction counts from its SYN
	 * (a new attempt's SYN starts a new session above), else from one below
	 * its first sequence number; an ACK for a direction not seen yet fixes
	 * that direction's zero one below the ACK. */
	if (!f->base_set || ((fl & TCP_SYN) && (f->base_set == 1 || seq != f->base_seq))) {
		f->base_seq = (fl & TCP_SYN) ? seq : seq - 1;
		f->base_set = (fl & TCP_SYN) ? 2 : 1;
	}
	if ((fl & TCP_ACK) && !r->base_set) {
		r->base_seq = d->tcp.ack - 1;
		r->base_set = 1;
	}

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
	    ack == f->lastack && (r->lastsegflags & L(TL_ZERO_WINDOW_PROBE)) &&
	    !(fl & (TCP_SYN | TCP_FIN | TCP_RST))) {
		out->labels |= L(TL_ZERO_WINDOW_PROBE_ACK);
		goto finished_fwd;
	}
	if (seglen == 0 && window && window == f->window && seq == f->nextseq && ack == f->lastack &&
	    !(fl & (TCP_SYN | TCP_FIN | TCP_RST))) {
		f->dupacknum = f->dupacknum == -1 ? 1 : f->dupacknum + 1;
		out->labels |= L(TL_DUPLICATE_ACK);
		out->dup_ack_num = (uint32_t)f->dupacknum;
		out->dup_ack_frame = f->lastnondupack;
	}
finished_fwd:
	/* the duplicate-ACK count restarts when the ACK number moves */
	if (ack != f->lastack) {
		f->lastnondupack = p->frame;
		f->dupacknum = 0;
	}
	/* ACKed unseen: beyond the contiguous data seen.  A hole behind data
	 * already seen is flagged once (the mark moves up to nextseq); an ACK
	 * of data not seen at all is flagged once per run of such ACKs (the
	 * peer's dupacknum -1 marks it). */
	if (r->maxseqtobeacked && gt(ack, r->maxseqtobeacked) && (fl & TCP_ACK)) {
		if (lt(r->maxseqtobeacked, r->nextseq)) {
			ack_gap = r->nextseq - r->maxseqtobeacked;
			r->maxseqtobeacked = r->nextseq;
			out->labels |= L(TL_ACK_LOST_SEGMENT);
		} else {
			if (r->dupacknum == 0) {
				out->labels |= L(TL_ACK_LOST_SEGMENT);
				ack_gap = ack - r->maxseqtobeacked;
			}
			r->dupacknum = -1;
		}
	}
	retransmission(c, f, r, seq, seglen, fl, p, out);

	/* bookkeeping */
	nextseq = seq + seglen;
	if (seglen || (fl & (TCP_SYN | TCP_FIN))) {
		if (fl & (TCP_SYN | TCP_FIN))
			nextseq++;
		/* below the highest byte sent: a resend (retransmission, or one
		 * tshark calls out-of-order), the only case that can overlap */
		ua_add(f, c->ua_pool, seq, nextseq, p, !!(out->labels & L(TL_RETRANSMISSION)),
		       f->nextseq && lt(seq, f->nextseq));
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
		if (d->tcp.nsack)
			ua_sack(r, d);
	}
	if (seglen && f->valid_bif) {
		out->bytes_in_flight = bytes_in_flight(f);
		out->has_bif = 1;
	}
	if (!f->valid_bif && !(out->labels & L(TL_LOST_SEGMENT)))
		f->valid_bif = 1;
	account(f, seq, seglen, ack_gap, p, out);
	zero_window(f, window, fl, p);
	/* after the segment, as Wireshark sets them: the most recent SYN, and
	 * the first ACK-flagged segment after it (data, RST or either side) */
	if ((fl & (TCP_SYN | TCP_ACK)) == TCP_SYN)
		c->mru_syn_ts = p->ts_ns;
	else if ((fl & (TCP_SYN | TCP_ACK)) == TCP_ACK && c->mru_syn_ts && !c->ooo_rtt_ns)
		c->ooo_rtt_ns = p->ts_ns - c->mru_syn_ts;
}
