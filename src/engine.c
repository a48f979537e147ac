/* engine.c - the single pass (see engine.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <pcap/pcap.h>
#include "engine.h"
#include "capdup.h"
#include "capfilter.h"
#include "echo.h"
#include "pathmtu.h"
#include "frametime.h"
#include "instream.h"
#include "cursor.h"
#include "connlog.h"
#include "tcplog.h"
#include "hashfile.h"
#include "handoff.h"
#include "recycle.h"
#include "../dissectors/decode.h"

const char *const engine_conn_state_names[CS_COUNT] = {
	"S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH"
};

struct engine {
	const struct engine_opts *o;
	struct frag_table *frag;
	struct echo_table *echo;  /* owned (src/echo.c) */
	struct engine_result *r;
	struct flow_table *ft;
	struct classifier *cls;
	struct connlog *log;
	struct tcplog *tlog;
	struct capfilter *bpf;    /* --bpf, owned (src/capfilter.c); NULL: none */
	struct capdup *dup;       /* owned (src/capdup.c) */
	struct handoff *ho;       /* to the finishing stage (src/handoff.h) */
	struct recycle tcp_pool;  /* struct tcp_conn: taken by the packet stage, given back by the finishing stage */
	struct recycle ua_pool;   /* their first unacknowledged-segment lists, the same way */
	struct flow whole;        /* finishing stage: a compact record read whole (flow_expand) */
	uint64_t bytes_read;      /* progress: input bytes of the inputs read to their end */
};

/* What the packet stage hands the finishing stage. */
enum ho_kind {
	HO_FLOW_END = 1,   /* ptr: the flow (handed over); a: capture clock; b: enum flow_end */
	HO_CLS_FEED,       /* ptr: the flow; data: its IP bytes for nDPI; a: packet time */
	HO_CLS_INVALID,    /* ptr: the flow; a packet nDPI must not see */
	HO_OBS             /* data: a struct obs */
};

/* LINKTYPE_* (file value) to the DLT_* value libpcap's compiler wants. */
static int cs_index(const char *s)
{
	int i;
	for (i = 0; i < CS_COUNT; i++)
		if (strcmp(engine_conn_state_names[i], s) == 0)
			return i;
	return CS_OTH;
}

static void set_addr(struct ip_addr *dst, const uint8_t *a, uint8_t ver)
{
	dst->v = ver;
	memcpy(dst->a, a, 16);
}

/* The outcome of a TCP connection attempt, decided when its flow ends. */
static void emit_attempt(struct engine *e, const struct flow *f, enum flow_end why, int64_t now)
{
	struct obs o;
	struct obs_attempt *a = &o.v.attempt;
	const uint8_t *oh, *rh;

	if (!e->o->sink || f->l4 != L4_TCP || !f->syn_pkts)
		return;
	memset(&o, 0, sizeof(o));
	o.type = OBS_TCP_ATTEMPT;
	o.capture = f->syn_frames[0].capture;
	o.frame = f->syn_frames[0].frame;
	o.ts = f->first_syn_ts;
	flow_uid(f, o.uid, sizeof(o.uid));
	flow_endpoints(f, &oh, &a->sport, &rh, &a->dport);
	set_addr(&a->src, oh, f->key.ver);
	set_addr(&a->dst, rh, f->key.ver);
	a->attempts = f->attempts ? f->attempts : 1;
	a->syn_pkts = f->syn_pkts;
	a->first_syn_ts = f->first_syn_ts;
	a->capture_end_ts = now;
	a->at_eof = why == FLOW_END_EOF;
	{
		/* the first SYNs kept, then the latest if it is another one */
		unsigned i, kept = f->syn_pkts < FLOW_SYN_FRAMES - 1 ? f->syn_pkts : FLOW_SYN_FRAMES - 1;
		const struct frame_ref *last = &f->syn_frames[FLOW_SYN_FRAMES - 1];
		for (i = 0; i < kept && a->nsyn < OBS_MAX_FRAMES; i++)
			a->syn[a->nsyn++] = f->syn_frames[i];
		if (f->syn_pkts > kept && a->nsyn < OBS_MAX_FRAMES)
			a->syn[a->nsyn++] = *last;
	}
	a->syn_ttl = f->syn_ttl;
	a->completed = f->tcp && f->tcp->irtt_ns > 0;
	a->synack_pkts = f->synack_pkts;
	if (f->synack_frame.frame) {
		a->outcome = ATT_ANSWERED;
		a->answer = f->synack_frame;
	} else if (f->rst_frame.frame) {
		a->outcome = ATT_REFUSED_RST;
		a->answer = f->rst_frame;
	} else if (f->icmp_frame.frame && f->dx[0].icmp_errors) {
		a->outcome = ATT_REFUSED_ICMP;
		a->answer = f->icmp_frame;
		a->icmp_from = f->icmp_from;
		a->icmp_type = f->icmp_err_type;
		a->icmp_code = f->icmp_err_code;
	} else {
		a->outcome = ATT_UNANSWERED;
	}
	e->o->sink(e->o->sink_arg, &o);
}

static void emit_flow(struct engine *e, const struct flow *f, enum obs_type type, const char *app)
{
	struct obs o;
	const uint8_t *oh, *rh;

	if (!e->o->sink || (type == OBS_TCP_FLOW && f->l4 != L4_TCP))
		return;
	memset(&o, 0, sizeof(o));
	o.type = type;
	o.capture = f->capture;
	o.frame = f->first_frame;
	o.ts = f->first_ts;
	flow_uid(f, o.uid, sizeof(o.uid));
	o.v.flow.flow = f;
	o.v.flow.tcp = type == OBS_TCP_FLOW ? f->tcp : NULL;
	{
		/* snprintf("%s") without the format parser (twice per flow) */
		size_t n = strnlen(app, sizeof(o.v.flow.app) - 1);
		memcpy(o.v.flow.app, app, n);
		o.v.flow.app[n] = 0;
	}
	flow_endpoints(f, &oh, &o.v.flow.sport, &rh, &o.v.flow.dport);
	set_addr(&o.v.flow.src, oh, f->key.ver);
	set_addr(&o.v.flow.dst, rh, f->key.ver);
	e->o->sink(e->o->sink_arg, &o);
}

/* Finishing stage: a finalised flow to the logs, the rule evaluator and the
 * top-flows list, then freed. */
static void finish_flow(struct engine *e, struct flow *rec, enum flow_end why, int64_t now)
{
	char app[64];
	/* a compact record is read as a whole one (the rest zero) */
	struct flow *f = flow_expand(rec, &e->whole);

	classify_flow_end(e->cls, f);
	classify_name(e->cls, f, app, sizeof(app));
	if (f->tcp)
		tcp_conn_finish(f->tcp, f->last_ts);
	if (e->log)
		connlog_write(e->log, f, app);
	tcplog_write(e->tlog, f, preflight_flow(&e->r->preflight, f));
	if (e->log && e->o->on_rows) {
		size_t n, tn;
		const char *c = connlog_last_row(e->log, &n), *t = tcplog_last_row(e->tlog, &tn);
		e->o->on_rows(e->o->rows_arg, c, n, t, tn);
	}
	e->r->conn_states[cs_index(flow_conn_state(f))]++;
	emit_attempt(e, f, why, now);
	emit_flow(e, f, OBS_TCP_FLOW, app);
	emit_flow(e, f, OBS_FLOW, app);
	if (f->tcp)
		e->r->tcp_ua_over_cap += f->tcp->d[0].ua_over_cap + f->tcp->d[1].ua_over_cap;
	if (e->o->on_flow)
		e->o->on_flow(e->o->flow_arg, f, app);
	if (f->tcp) {
		tcp_conn_clear(f->tcp);
		recycle_put(&e->tcp_pool, f->tcp);
		f->tcp = NULL;
		rec->tcp = NULL;
	}
	flow_dispose(e->ft, rec);
}

/* Finishing stage: one item, in the order the packet stage committed them. */
static void finish_item(void *arg, const struct ho_item *it)
{
	struct engine *e = arg;

	switch (it->kind) {
	case HO_FLOW_END:
		finish_flow(e, it->ptr, (enum flow_end)it->b, it->a);
		break;
	case HO_CLS_FEED:
		classify_feed(e->cls, it->ptr, it->data, it->len, it->a);
		break;
	case HO_CLS_INVALID:
		classify_not_validated(e->cls, it->ptr);
		break;
	case HO_OBS:
		if (e->o->sink && it->len == sizeof(struct obs))
			e->o->sink(e->o->sink_arg, (const struct obs *)it->data);
		break;
	}
}

static void prefetch_range(const void *p, size_t n)
{
	const char *c = p;
	size_t o;

	for (o = 0; o < n; o += 64)
		__builtin_prefetch(c + o, 0, 3);
}

/* Finishing stage, before an item: a finalised flow a few items ahead is
 * brought into this core's cache while the current one is worked on.  The
 * packet stage wrote it on the other core, and reading it line by line (the
 * record, then its TCP state) was most of the finishing stage's time per
 * flow.  Three items ahead the record's compact part; two ahead, with its
 * first lines here, the rest and the TCP state; one ahead, the TCP state's
 * unacknowledged-segment lists, for writing (giving them back to their pool
 * writes their link, and that store's wait was tcp_conn_clear's time).  A
 * finalised flow belongs to this stage from its commit on, so reading it is
 * safe; a live flow (the other item kinds) is not looked at. */
static void peek_item(void *arg, const struct ho_item *it, unsigned ahead)
{
	const struct flow *f = it->ptr;
	int i;

	(void)arg;
	if (it->kind != HO_FLOW_END || !f)
		return;
	if (ahead >= 3) {
		prefetch_range(f, FLOW_COMPACT_SIZE);
	} else if (ahead == 2) {
		if (f->full)
			prefetch_range((const char *)f + FLOW_COMPACT_SIZE, sizeof(*f) - FLOW_COMPACT_SIZE);
		if (f->tcp)
			prefetch_range(f->tcp, sizeof(*f->tcp));
	} else if (f->tcp) {
		for (i = 0; i < 2; i++)
			if (f->tcp->d[i].ua)
				__builtin_prefetch(f->tcp->d[i].ua, 1, 3);
	}
}

/* Packet stage: the flow table finalised f; it goes to the finishing stage
 * with the capture clock of this moment. */
static void on_final(void *arg, struct flow *f, enum flow_end why)
{
	struct engine *e = arg;
	struct ho_item it;

	flow_tcp_uncharge(e->ft, f);
	memset(&it, 0, sizeof(it));
	it.kind = HO_FLOW_END;
	it.ptr = f;
	it.a = e->r->clock.now;
	it.b = why;
	handoff_commit(e->ho, &it);
}

/* Packet stage: an observation decided at a packet, in order with the rest. */
static void hand_obs(struct engine *e, const struct obs *o)
{
	struct ho_item it;
	uint8_t *b = handoff_space(e->ho, sizeof(*o));

	memcpy(b, o, sizeof(*o));
	memset(&it, 0, sizeof(it));
	it.kind = HO_OBS;
	it.len = sizeof(*o);
	handoff_commit(e->ho, &it);
}

/* Packet stage: what nDPI is to see of this packet, handed over as a copy. */
static void hand_classify(struct engine *e, struct flow *f, const struct packet *p, const struct decoded *d)
{
	struct ho_item it;
	const uint8_t *ip;
	uint32_t len;
	enum cls_offer k = classify_offer(f, p, d, &ip, &len);

	if (k == CLS_NO)
		return;
	memset(&it, 0, sizeof(it));
	it.ptr = f;
	if (k == CLS_FEED) {
		uint8_t *b = handoff_space(e->ho, len);
		memcpy(b, ip, len);
		it.kind = HO_CLS_FEED;
		it.len = len;
		it.a = p->ts_ns;
	} else {
		it.kind = HO_CLS_INVALID;
	}
	handoff_commit(e->ho, &it);
}

static void note_anomalies(struct engine *e, const struct packet *p, uint64_t bits)
{
	while (bits) {
		int a = __builtin_ctzll(bits);
		bits &= bits - 1;
		if (a < AN_COUNT)
			counter_hit(&e->r->anomalies[a], p->capture, p->frame);
	}
}

static struct flow_table *release_table;  /* the table release_flow returns charges to */

static void release_flow(struct flow *f)
{
	flow_tcp_uncharge(release_table, f);
	tcp_conn_free(f->tcp);
	f->tcp = NULL;
}

/* One analysed TCP segment into the time-sequence spool (src/tseq.h). */
static void spool_point(struct engine *e, const struct flow *f, int dir, const struct packet *p,
			const struct decoded *d, uint32_t labels)
{
	struct tseq_point pt;

	if (!e->o->tseq || !f->tcp)
		return;
	memset(&pt, 0, sizeof(pt));
	pt.frame = p->frame;
	pt.capture = p->capture;
	pt.ts = p->ts_ns;
	pt.base = f->tcp->d[dir].base_seq;
	pt.seq = d->tcp.seq - pt.base;
	pt.ack = d->tcp.ack - f->tcp->d[!dir].base_seq;
	pt.len = d->payload_len;
	pt.win = f->tcp->d[dir].window;
	if (d->tcp.nsack) {
		pt.sack_l = d->tcp.sack[0][0] - f->tcp->d[!dir].base_seq;
		pt.sack_r = d->tcp.sack[0][1] - f->tcp->d[!dir].base_seq;
	}
	pt.labels = (uint16_t)labels;
	pt.dir = (uint8_t)dir;
	pt.flags = (uint8_t)d->tcp.flags;
	tseq_add(e->o->tseq, f->capture, f->first_frame, &pt);
}

/* A flow whose only packet so far is a bare SYN has no sequence-analysis
 * state (a SYN flood costs nothing here); the second packet creates it and
 * replays that SYN from what the flow kept of it. */
static int tcp_state_for(struct engine *e, struct flow *f, const struct decoded *d)
{
	struct packet sp;
	struct decoded sd;
	struct tcp_seg_result tr;

	if (f->tcp)
		return 1;
	if (f->d[0].pkts + f->d[1].pkts == 1 && (d->tcp.flags & (TCP_SYN | TCP_ACK)) == TCP_SYN &&
	    d->payload_len == 0)
		return 0;
	f->tcp = recycle_get(&e->tcp_pool);
	if (!f->tcp)
		return 0;
	tcp_conn_init(f->tcp);
	f->tcp->ua_pool = &e->ua_pool;
	flow_tcp_charge(e->ft, f);
	if (f->d[0].pkts + f->d[1].pkts == 2 && f->syn_pkts >= 1 &&
	    f->syn_frames[0].frame == f->first_frame && f->syn_frames[0].capture == f->capture) {
		memset(&sp, 0, sizeof(sp));
		memset(&sd, 0, sizeof(sd));
		sp.capture = f->syn_frames[0].capture;
		sp.frame = f->syn_frames[0].frame;
		sp.ts_ns = f->first_syn_ts;
		sd.l4 = L4_TCP;
		sd.tcp.seq = f->syn_isn;   /* (d[0].isn is already the second SYN's when it differs) */
		sd.tcp.flags = TCP_SYN;
		sd.tcp.win = f->syn_win;
		sd.tcp.wscale = f->syn_wscale;
		sd.tcp.mss = f->syn_mss;
		sd.tcp.sack_perm = f->syn_sack;
		tcp_analyze(f->tcp, 0, &sp, &sd, &tr);
		spool_point(e, f, 0, &sp, &sd, tr.labels);
	}
	return 1;
}

static void handle_decoded(struct engine *e, const struct packet *p, struct decoded *dp, int64_t now,
			   int dup);

/* ICMP fragmentation needed / packet too big: an observation at its frame. */
static void emit_ptb(struct engine *e, const struct packet *p, const struct decoded *d,
		     const struct flow *q)
{
	struct obs o;

	if (!d->icmp.q.present ||
	    !((d->l4 == L4_ICMP && d->icmp.type == 3 && d->icmp.code == 4) ||
	      (d->l4 == L4_ICMP6 && d->icmp.type == 2)))
		return;
	pathmtu_note(&e->r->pmtu, p, d);
	if (!e->o->sink)
		return;
	memset(&o, 0, sizeof(o));
	o.type = OBS_ICMP_PTB;
	o.capture = p->capture;
	o.frame = p->frame;
	o.ts = p->ts_ns;
	if (q)
		flow_uid(q, o.uid, sizeof(o.uid));
	o.v.ptb.router = d->src;
	o.v.ptb.src = d->icmp.q.src;
	o.v.ptb.dst = d->icmp.q.dst;
	o.v.ptb.proto = d->icmp.q.proto;
	o.v.ptb.sport = d->icmp.q.sport;
	o.v.ptb.dport = d->icmp.q.dport;
	o.v.ptb.mtu = d->icmp.mtu;
	o.v.ptb.quoted_len = d->icmp.q.inner_len;
	o.v.ptb.joined = q != NULL;
	hand_obs(e, &o);
}

static void emit_frag_conflict(struct engine *e, const struct packet *p, const struct decoded *d,
			       const struct frag_out *fo)
{
	struct obs o;

	if (!e->o->sink)
		return;
	memset(&o, 0, sizeof(o));
	o.type = OBS_FRAG_CONFLICT;
	o.capture = p->capture;
	o.frame = p->frame;
	o.ts = p->ts_ns;
	o.v.frag.src = d->src;
	o.v.frag.dst = d->dst;
	o.v.frag.proto = fo->proto;
	o.v.frag.id = d->frag_id;
	o.v.frag.ports_known = fo->ports_known;
	o.v.frag.sport = fo->sport;
	o.v.frag.dport = fo->dport;
	o.v.frag.first = fo->dgram_first;
	hand_obs(e, &o);
}

/*
 * A fragment goes to the fragment service; the datagram it completes (if
 * any) goes on from the IP layer at this frame.  A reassembled datagram
 * that is itself a fragment (a fragmented tunnel inside a fragmented
 * tunnel) is offered again, at most twice.
 */
static void handle_fragment(struct engine *e, const struct packet *p, struct decoded *d,
			    int64_t now, int dup)
{
	struct frag_out fo;
	struct decoded rd;
	struct packet rp;
	unsigned depth;

	if (dup || !e->frag) {
		if (e->o->on_packet)
			e->o->on_packet(e->o->packet_arg, p, d, NULL, 0, NULL);
		return;
	}
	frag_offer(e->frag, p, d, now, &fo);
	note_anomalies(e, p, fo.anomalies);
	if (fo.anomalies & ((uint64_t)1 << AN_FRAG_CONFLICT))
		emit_frag_conflict(e, p, d, &fo);
	if (!fo.complete && e->o->on_packet)
		e->o->on_packet(e->o->packet_arg, p, d, NULL, 0, NULL);
	for (depth = 0; fo.complete; depth++) {
		rp = *p;
		rp.data = fo.data;
		rp.caplen = rp.len = fo.len;
		rp.frags = fo.frames;
		rp.nfrags = fo.nframes;
		if (!decode_datagram(fo.data, fo.len, d, fo.nfrags, &rd)) {
			note_anomalies(e, p, rd.anomalies);
			if (e->o->on_packet)
				e->o->on_packet(e->o->packet_arg, p, &rd, NULL, 0, NULL);
			return;
		}
		note_anomalies(e, p, rd.anomalies & ~((uint64_t)1 << AN_IP_FRAGMENT));
		if (!rd.is_fragment) {
			handle_decoded(e, &rp, &rd, now, 0);
			return;
		}
		if (depth == 1) {
			decode_anomaly(&rd, AN_TUNNEL_DEPTH);
			note_anomalies(e, p, (uint64_t)1 << AN_TUNNEL_DEPTH);
			return;
		}
		*d = rd;
		frag_offer(e->frag, &rp, d, now, &fo);
		note_anomalies(e, p, fo.anomalies);
	}
}

static void handle_packet(struct engine *e, const struct packet *p, int64_t now)
{
	struct decoded d;
	int dup;

	if (!decode_packet(p, &d)) {
		if (d.ip_bad)
			e->r->ip_unusable++;
		else
			e->r->non_ip++;
		note_anomalies(e, p, d.anomalies);
		if (e->o->on_packet)
			e->o->on_packet(e->o->packet_arg, p, &d, NULL, 0, NULL);
		return;
	}
	dup = e->dup && capdup_check(e->dup, p, &d, &d.dup_of);
	if (dup)
		decode_anomaly(&d, AN_CAPTURE_DUPLICATE);
	note_anomalies(e, p, d.anomalies);
	e->r->ip_packets++;
	if (d.is_fragment)
		handle_fragment(e, p, &d, now, dup);
	else
		handle_decoded(e, p, &d, now, dup);
}

/* A whole datagram (a packet, or reassembled from fragments): its flow, the
 * sequence analysis, nDPI, the ICMP join. */
static void handle_decoded(struct engine *e, const struct packet *p, struct decoded *dp, int64_t now,
			   int dup)
{
	struct decoded d = *dp;
	struct flow *f;
	struct tcp_seg_result tr, *trp = NULL;
	int dir = 0, cut, copy = dup;

	f = flow_lookup(e->ft, p, &d, now, &dir);
	if (!f) {
		if (e->o->on_packet)
			e->o->on_packet(e->o->packet_arg, p, &d, NULL, 0, NULL);
		return;
	}
	/* A copy is kept out of its flow's analysis only when its original was
	 * in the same flow.  A copy in another flow (the other side of a NAT,
	 * seen by `tcpdump -i any` or a second mirror) is that flow's own first
	 * sight of the packet: left out, the flow would show holes that are not
	 * there. */
	dup = capdup_same_flow(e->dup, (uint64_t)f->capture << 48 ^ f->first_frame, dup);
	d.dup_same_flow = (uint8_t)dup;
	flow_update(e->ft, f, dir, p, &d);
	cut = (d.anomalies & (uint64_t)1 << AN_SNAPLEN_CUT) != 0;
	if ((copy || cut) && !f->full)
		f = flow_full(e->ft, f);   /* (a fragment's twin: flow_lookup saw no mark) */
	if (copy && f->full && f->dx[dir].cap_dups < UINT32_MAX)
		f->dx[dir].cap_dups++;
	if (cut && f->full && f->dx[dir].cut_pkts < UINT32_MAX)
		f->dx[dir].cut_pkts++;
	/* a capture duplicate is counted in the flow, but the sequence analysis
	 * and the classifier see the packet once per flow: a twin is not a
	 * retransmission */
	if (!dup && d.l4 == L4_TCP && tcp_state_for(e, f, &d)) {
		unsigned i;
		if (f->tcp->d[!dir].mss && d.payload_len > f->tcp->d[!dir].mss) {
			counter_hit(&e->r->anomalies[AN_TCP_SUPER_SEGMENT], p->capture, p->frame);
			if (f->dx[dir].super_segs < UINT32_MAX)
				f->dx[dir].super_segs++;
		}
		tcp_analyze(f->tcp, dir, p, &d, &tr);
		flow_tcp_charge(e->ft, f);
		spool_point(e, f, dir, p, &d, tr.labels);
		trp = &tr;
		for (i = 0; i < TL_COUNT; i++)
			if (tr.labels & (1u << i))
				e->r->tcp_labels[i]++;
	}
	if (!dup)
		pathmtu_flow_update(f, dir, p, &d);
	if ((d.l4 == L4_ICMP || d.l4 == L4_ICMP6) && d.icmp.is_error) {
		int qdir;
		struct flow *q = flow_find_quoted(e->ft, &d, &qdir);
		if (q) {
			q = flow_note_icmp_error(e->ft, q, qdir, p, &d);
			counter_hit(&e->r->icmp_joined, p->capture, p->frame);
			d.icmp.q.joined.capture = q->capture;
			d.icmp.q.joined.frame = q->first_frame;
		} else {
			counter_hit(&e->r->icmp_unjoined, p->capture, p->frame);
		}
		emit_ptb(e, p, &d, q);
	}
	if (e->o->on_packet)
		e->o->on_packet(e->o->packet_arg, p, &d, f, dir, trp);
	if (!dup) {
		if (e->cls)
			hand_classify(e, f, p, &d);
		echo_pair(e->echo, p, &d);
	}
}

/*
 * One input in time order.  A regular file is opened here for its first
 * timestamp and again to be read (its SHA-256 is taken on a thread of its
 * own, re-reading the path); a pipe or standard input can be read once
 * only, so its byte source (hashing as it reads), reader and first packet
 * are kept from here to the read.
 */
struct order {
	unsigned idx;
	int64_t first_ts;
	int ok;                  /* opened as a capture */
	int has_first;           /* a first packet */
	int stream;              /* not a regular file */
	struct instream *in;     /* stream only: owned */
	struct reader *rd;       /* stream only: owned, first packet pending */
	struct packet first;     /* stream only: borrows rd's buffer */
	enum reader_status first_st; /* stream only: how that first read ended */
	char *msg;               /* stream only: why it could not be opened (owned) */
};

static int order_cmp(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	if (x->ok != y->ok)
		return y->ok - x->ok;
	if (x->first_ts != y->first_ts)
		return x->first_ts < y->first_ts ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void order_free(struct order *ord, unsigned n)
{
	unsigned i;

	for (i = 0; ord && i < n; i++) {
		reader_close(ord[i].rd);
		instream_close(ord[i].in);
		free(ord[i].msg);
	}
	free(ord);
}

/* Opens a pipe / standard input for good: ord keeps what it read. */
static void order_stream(const char *path, struct order *o)
{
	char err[READER_ERRLEN] = "";

	o->in = instream_open(path, INSTREAM_HASH, err, sizeof(err));
	if (o->in)
		o->rd = reader_open_stream(o->in, path, 0, err, sizeof(err));
	if (!o->rd) {
		o->msg = strdup(err);
		return;
	}
	o->ok = 1;
	/* an error here is kept: libpcap must not be asked again past it */
	o->first_st = reader_next(o->rd, &o->first);
	if (o->first_st == READER_OK) {
		o->has_first = 1;
		o->first_ts = o->first.ts_ns;
	}
}

/* Time order of the inputs by their first packet (ring segments). */
static void order_inputs(char *const *paths, unsigned n, struct order *ord)
{
	unsigned i;
	char err[READER_ERRLEN];

	for (i = 0; i < n; i++) {
		struct reader *rd;
		struct packet p;
		ord[i].idx = i;
		ord[i].stream = instream_is_stream(paths[i]);
		if (ord[i].stream) {
			order_stream(paths[i], &ord[i]);
			continue;
		}
		rd = reader_open(paths[i], 0, err, sizeof(err));
		ord[i].ok = rd != NULL;
		if (rd && reader_next(rd, &p) == READER_OK) {
			ord[i].has_first = 1;
			ord[i].first_ts = p.ts_ns;
		}
		reader_close(rd);
	}
	if (n > 1)
		qsort(ord, n, sizeof(*ord), order_cmp);
}

/*
 * Two files that start at the same instant are the same capture twice (or
 * two capture points of it): refused before anything is read.
 */
static int same_start(char *const *paths, const struct order *ord, unsigned n, char *err, size_t errlen)
{
	unsigned i;
	char t[48];

	for (i = 0; i + 1 < n; i++) {
		if (!ord[i].has_first || !ord[i + 1].has_first || ord[i].first_ts != ord[i + 1].first_ts)
			continue;
		pkt_ts_utc(ord[i].first_ts, 6, t, sizeof(t));
		snprintf(err, errlen, "%s and %s overlap in time: both begin at %s. Files given together are "
			 "read as one capture only when they follow each other in time (a tcpdump -C/-G ring); "
			 "several capture points will be a separate mode (--points, not built yet): analyse "
			 "each file on its own",
			 instream_name(paths[ord[i].idx]), instream_name(paths[ord[i + 1].idx]), t);
		return 1;
	}
	return 0;
}

/* The first timestamp of the next input that has one (INT64_MAX: none). */
static int64_t next_start(const struct order *ord, unsigned n, unsigned i, unsigned *which)
{
	for (i++; i < n; i++)
		if (ord[i].ok && ord[i].has_first) {
			*which = i;
			return ord[i].first_ts;
		}
	return INT64_MAX;
}

/* Where a read stopped because its file overlaps the next one in time. */
struct overlap {
	int64_t limit;           /* the next input's first packet + the tolerance */
	unsigned over;           /* packets later than limit so far */
	uint64_t frame;          /* the first of them */
	int64_t ts;
};

/* After BPF: expire against the clock, then analyse. */
static void analyse(struct engine *e, const struct packet *p, int64_t now)
{
	if (e->bpf && !capfilter_match(e->bpf, p)) {
		e->r->filtered_out++;
		return;
	}
	flow_expire(e->ft, now);
	if (e->frag)
		frag_expire(e->frag, now);
	echo_expire(e->echo, now, 0);
	handle_packet(e, p, now);
}

/*
 * A packet far ahead of the capture clock is held back (copied: the reader
 * reuses its buffer) until the next packet tells whether the capture really
 * resumed later (then flows expire against the new time first, so the held
 * packet does not revive a stale flow) or the timestamp was an isolated
 * jump (then it is analysed on the old clock).
 */
struct held {
	struct packet p;
	uint8_t *buf;
	size_t cap;
	int active;
};

static int hold(struct held *h, const struct packet *p)
{
	/* at least one byte: a zero-length record keeps a valid data pointer
	 * (memcpy must never see NULL, even for 0 bytes: C11 7.24.1p2) */
	size_t need = p->caplen ? p->caplen : 1;

	if (need > h->cap) {
		uint8_t *nb = realloc(h->buf, need);
		if (!nb)
			return 0;
		h->buf = nb;
		h->cap = need;
	}
	if (p->caplen)
		memcpy(h->buf, p->data, p->caplen);
	h->p = *p;
	h->p.data = h->buf;
	h->p.comment = NULL;
	h->p.comment_len = 0;
	h->active = 1;
	return 1;
}

static void release_held(struct engine *e, struct held *h, uint64_t gaps_before)
{
	if (!h->active)
		return;
	h->active = 0;
	if (e->r->clock.gaps > gaps_before)
		analyse(e, &h->p, h->p.ts_ns);      /* confirmed: the new time */
	else
		analyse(e, &h->p, e->r->clock.now); /* isolated: the old clock */
}

/* engine_opts.progress; at an input's end its bytes join those read. */
static void report_progress(struct engine *e, const struct input_result *in, const struct reader *rd, int end)
{
	struct engine_progress pg;

	pg.bytes = e->bytes_read + reader_offset(rd);
	pg.packets = e->r->packets;
	pg.flows = flow_table_stats(e->ft)->active;
	pg.input = in->capture;
	pg.ninputs = e->r->nin;
	e->o->progress(e->o->progress_arg, &pg);
	if (end)
		e->bytes_read = pg.bytes;
}

/*
 * Reads one input to its end.  first_st (may be NULL): how its first read
 * ended, done already (a pipe's, from ordering), with the packet in *first
 * if READER_OK.  Returns 1 when it stopped because ENGINE_OVERLAP_PACKETS of
 * its packets are later than ov->limit (the next input overlaps it in
 * time), else 0.
 */
static int read_input(struct engine *e, struct input_result *in, struct reader *rd,
		      const enum reader_status *first_st, const struct packet *first,
		      struct overlap *ov)
{
	struct packet p;
	enum reader_status s;
	struct held h = { .buf = NULL, .cap = 0, .active = 0 };

	if (e->o->progress)
		report_progress(e, in, rd, 0);
	for (;;) {
		uint64_t gaps = e->r->clock.gaps;
		int64_t now;

		if (first_st) {
			s = *first_st;
			first_st = NULL;
			if (s != READER_OK)
				break;
			p = *first;
		} else if ((s = reader_next(rd, &p)) != READER_OK) {
			break;
		}
		if (p.ts_ns > ov->limit && ov->over++ == 0) {
			ov->frame = p.frame;
			ov->ts = p.ts_ns;
		}
		if (ov->over >= ENGINE_OVERLAP_PACKETS) {
			free(h.buf);
			return 1;
		}
		now = clock_update(&e->r->clock, p.ts_ns, p.frame);
		in->frames++;
		e->r->packets++;
		frametime_add(e->o->frametime, p.capture, p.frame, p.ts_ns);
		if (e->o->progress && !(e->r->packets & (ENGINE_PROGRESS_EVERY - 1)))
			report_progress(e, in, rd, 0);
		if (in->frames == 1)
			in->first_ts = p.ts_ns;
		in->last_ts = p.ts_ns;
		if (!e->r->first_ts || p.ts_ns < e->r->first_ts)
			e->r->first_ts = p.ts_ns;
		if (p.ts_ns > e->r->last_ts)
			e->r->last_ts = p.ts_ns;
		if (p.comment) {
			if (in->ncomments < INPUT_MAX_COMMENTS)
				capture_string_set(&in->comments[in->ncomments++], p.comment,
						   p.comment_len, p.frame);
			in->comments_total++;
		}
		release_held(e, &h, gaps);
		if (e->r->clock.candidate && e->r->clock.cand_frame == p.frame && hold(&h, &p))
			continue;
		analyse(e, &p, now);
		if (e->o->stop && *e->o->stop)
			break;   /* interrupted: the caller writes no result */
	}
	release_held(e, &h, e->r->clock.gaps);
	free(h.buf);
	if (e->o->progress)
		report_progress(e, in, rd, 1);
	in->last_good_frame = in->frames;
	if (s == READER_ERROR) {
		in->partial = 1;
		snprintf(in->message, sizeof(in->message), "%s", reader_error(rd));
	}
	in->rstats = *reader_stats(rd);
	in->shb_hardware = in->rstats.shb_hardware;
	in->shb_os = in->rstats.shb_os;
	in->shb_userappl = in->rstats.shb_userappl;
	for (in->nifnames = 0; in->nifnames < in->rstats.nifnames && in->nifnames < INPUT_MAX_IFNAMES;
	     in->nifnames++)
		in->ifnames[in->nifnames] = in->rstats.ifnames[in->nifnames];
	return 0;
}

static void overlap_message(char *const *paths, const struct order *ord, unsigned i, unsigned j,
			    const struct overlap *ov, char *err, size_t errlen)
{
	char a[48], b[48];

	pkt_ts_utc(ord[j].first_ts, 6, a, sizeof(a));
	pkt_ts_utc(ov->ts, 6, b, sizeof(b));
	snprintf(err, errlen, "%s and %s overlap in time: %s begins at %s, but %s goes on to frame %llu "
		 "at %s (%.3f s later; the tolerance is %lld ms). Files given together are read as one "
		 "capture only when they follow each other in time (a tcpdump -C/-G ring); several "
		 "capture points will be a separate mode (--points, not built yet): analyse each file "
		 "on its own",
		 instream_name(paths[ord[i].idx]), instream_name(paths[ord[j].idx]),
		 instream_name(paths[ord[j].idx]), a, instream_name(paths[ord[i].idx]),
		 (unsigned long long)ov->frame, b, (double)(ov->ts - ord[j].first_ts) / 1e9,
		 (long long)(ENGINE_OVERLAP_TOLERANCE_NS / 1000000));
}

static int check_stdin(char *err, size_t errlen)
{
	struct stat st;

	if (fstat(0, &st) != 0) {
		snprintf(err, errlen, "%s: standard input: %s", INSTREAM_STDIN_NAME, strerror(errno));
		return ENGINE_INPUT;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", INSTREAM_STDIN_NAME);
		return ENGINE_INPUT;
	}
	if (isatty(0)) {
		snprintf(err, errlen, "%s: standard input is a terminal, not a capture "
			 "(tcpdump -w - | netrca analyze -o DIR -)", INSTREAM_STDIN_NAME);
		return ENGINE_USAGE;
	}
	return ENGINE_OK;
}

/* How many inputs and how often "-": the checks engine_run makes too. */
static int check_count(char *const *paths, unsigned n, char *err, size_t errlen)
{
	unsigned i, nstdin = 0;

	if (n == 0 || n > ENGINE_MAX_INPUTS) {
		snprintf(err, errlen, "between 1 and %d input files are needed", ENGINE_MAX_INPUTS);
		return ENGINE_USAGE;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(paths[i], INSTREAM_STDIN) && ++nstdin > 1) {
			snprintf(err, errlen, "standard input (-) can be given only once");
			return ENGINE_USAGE;
		}
	return ENGINE_OK;
}

int engine_check_inputs(char *const *paths, unsigned n, char *err, size_t errlen)
{
	unsigned i;
	int rc = check_count(paths, n, err, errlen);

	for (i = 0; rc == ENGINE_OK && i < n; i++) {
		struct stat st;
		const char *p = paths[i];
		int fd;

		if (!strcmp(p, INSTREAM_STDIN)) {
			rc = check_stdin(err, errlen);
			continue;
		}
		if (stat(p, &st) != 0) {
			snprintf(err, errlen, "%s: %s", p, strerror(errno));
			return ENGINE_INPUT;
		}
		if (S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s: is a directory", p);
			return ENGINE_INPUT;
		}
		if (!S_ISREG(st.st_mode)) {
			/* a pipe: opening it would take the writer's data (or block) */
			if (access(p, R_OK) != 0) {
				snprintf(err, errlen, "%s: %s", p, strerror(errno));
				return ENGINE_INPUT;
			}
			continue;
		}
		fd = open(p, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			snprintf(err, errlen, "%s: %s", p, strerror(errno));
			return ENGINE_INPUT;
		}
		close(fd);
	}
	return rc;
}

static int engine_setup(struct engine *e, char *err, size_t errlen)
{
	struct flow_limits lim;

	flow_limits_default(&lim);
	if (e->o->max_flows)
		lim.max_flows = e->o->max_flows;
	if (e->o->max_flow_bytes)
		lim.max_bytes = e->o->max_flow_bytes;
	lim.full_records = e->o->full_records != 0;
	if (e->o->bpf && !(e->bpf = capfilter_new(e->o->bpf, err, errlen)))
		return ENGINE_USAGE;
	e->dup = capdup_new();
	e->echo = echo_new(&e->r->echo);
	{
		struct frag_limits fl = { 0, 0 };
		e->frag = frag_new(&fl, e->r->anomalies);
	}
	if (!e->dup || !e->echo || !e->frag) {
		snprintf(err, errlen, "out of memory");
		return ENGINE_INTERNAL;
	}
	e->ft = flow_table_new(&lim, on_final, e);
	if (!e->ft) {
		snprintf(err, errlen, "out of memory creating the flow table");
		return ENGINE_INTERNAL;
	}
	flow_table_set_release(e->ft, release_flow);
	flow_table_set_handoff(e->ft);
	release_table = e->ft;
	if (!e->o->no_ndpi) {
		e->cls = classify_new();
		if (!e->cls) {
			snprintf(err, errlen, "nDPI could not be initialised");
			return ENGINE_INTERNAL;
		}
		e->r->ndpi_used = 1;
	}
	e->ho = handoff_new_peek(finish_item, peek_item, e, !e->o->serial);
	if (!e->ho) {
		snprintf(err, errlen, "out of memory");
		return ENGINE_INTERNAL;
	}
	return ENGINE_OK;
}

static struct connlog *open_connlog(const struct engine_opts *o, int64_t open_ts)
{
	FILE *f;

	if (!o->open_out)
		return connlog_open(o->conn_log, open_ts);
	f = o->open_out(o->open_arg, o->conn_log);
	return f ? connlog_open_file(f, open_ts) : NULL;
}

static struct tcplog *open_tcplog(const struct engine_opts *o)
{
	FILE *f;

	if (!o->open_out)
		return tcplog_open(o->tcp_log);
	f = o->open_out(o->open_arg, o->tcp_log);
	return f ? tcplog_open_file(f) : NULL;
}

int engine_run(const struct engine_opts *o, char *const *paths, unsigned n,
	       struct engine_result *r, char *err, size_t errlen)
{
	struct engine e;
	struct order *ord = NULL;
	struct hashfile **hs = NULL;
	unsigned i;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(&e, 0, sizeof(e));
	e.o = o;
	e.r = r;
	recycle_init(&e.tcp_pool, sizeof(struct tcp_conn));
	recycle_init(&e.ua_pool, TCP_UA_FIRST * sizeof(struct tcp_unacked));
	err[0] = 0;
	clock_init(&r->clock);
	rc = check_count(paths, n, err, errlen);
	if (rc != ENGINE_OK)
		return rc;
	rc = engine_setup(&e, err, errlen);
	if (rc != ENGINE_OK)
		goto out;
	r->in = calloc(n, sizeof(*r->in));
	ord = calloc(n, sizeof(*ord));
	hs = calloc(n, sizeof(*hs));
	if (!r->in || !ord || !hs) {
		snprintf(err, errlen, "out of memory");
		rc = ENGINE_INTERNAL;
		goto out;
	}
	r->nin = n;
	order_inputs(paths, n, ord);
	if (o->refuse_overlap && same_start(paths, ord, n, err, errlen)) {
		rc = ENGINE_USAGE;
		goto out;
	}
	for (i = 0; i < n; i++)
		if (!ord[i].stream)
			hs[i] = hashfile_start(paths[ord[i].idx]);
	for (i = 0; i < n; i++) {
		struct input_result *in = &r->in[i];
		struct reader *rd;
		struct overlap ov = { INT64_MAX, 0, 0, 0 };
		unsigned next = 0;
		int stop;
		in->path = strdup(instream_name(paths[ord[i].idx]));
		in->capture = i;
		if (ord[i].stream) {
			rd = ord[i].rd;
			if (rd) {
				reader_set_capture(rd, i);
				ord[i].first.capture = i;
			} else {
				snprintf(in->message, sizeof(in->message), "%s", ord[i].msg ? ord[i].msg : "out of memory");
			}
		} else {
			rd = reader_open(paths[ord[i].idx], i, in->message, sizeof(in->message));
		}
		if (!rd) {
			in->unreadable = 1;
			continue;
		}
		in->fmt = reader_format(rd);
		if (!e.log && o->conn_log) {
			/* #open is the capture clock's start: the first input's first packet. */
			e.log = open_connlog(o, ord[i].first_ts);
			if (o->tcp_log)
				e.tlog = open_tcplog(o);
			if (!e.log || (o->tcp_log && !e.tlog)) {
				snprintf(err, errlen, "%s: cannot write", o->conn_log);
				reader_close(rd);
				rc = ENGINE_INTERNAL;
				goto out;
			}
		}
		if (o->refuse_overlap && ord[i].ok && ord[i].has_first) {
			ov.limit = next_start(ord, n, i, &next);
			if (ov.limit != INT64_MAX)
				ov.limit += ENGINE_OVERLAP_TOLERANCE_NS;
		}
		stop = read_input(&e, in, rd, ord[i].stream ? &ord[i].first_st : NULL, &ord[i].first, &ov);
		reader_close(rd);
		if (ord[i].stream)
			ord[i].rd = NULL;   /* closed: not again by order_free */
		if (stop) {
			overlap_message(paths, ord, i, next, &ov, err, errlen);
			rc = ENGINE_USAGE;
			goto out;
		}
	}
	if (r->clock.candidate) {
		r->clock.jumps_forward++;
		r->clock.candidate = 0;
	}
	if (e.frag)
		frag_flush(e.frag);
	echo_expire(e.echo, 0, 1);
	flow_table_flush(e.ft);
	handoff_drain(e.ho);
	rc = ENGINE_OK;
	for (i = 0; i < n; i++) {
		if (r->in[i].unreadable || r->in[i].partial)
			rc = ENGINE_INPUT;
	}
out:
	if (e.ft)
		flow_table_flush(e.ft);   /* an early exit: nothing is left half-finished */
	handoff_free(e.ho);
	for (i = 0; hs && i < n; i++) {
		/* a refused run hashes nothing more: its results are not written */
		int keep = r->in && r->in[i].path && rc != ENGINE_USAGE && rc != ENGINE_INTERNAL;
		if (!keep)
			hashfile_cancel(hs[i]);
		if (keep && ord && ord[i].stream)   /* read to its end: hashed whole */
			instream_finish_hash(ord[i].in, r->in[i].sha256, &r->in[i].size);
		else if (keep)
			hashfile_finish(hs[i], r->in[i].sha256, &r->in[i].size);
		else
			hashfile_finish(hs[i], (char[65]){0}, &(uint64_t){0});
	}
	if (e.ft) {
		r->flows = *flow_table_stats(e.ft);
		flow_table_free(e.ft);
		release_table = NULL;
	}
	recycle_drain(&e.tcp_pool);
	recycle_drain(&e.ua_pool);
	if (e.cls) {
		r->cls = *classify_stats(e.cls);
		classify_free(e.cls);
	}
	if (e.tlog && tcplog_close(e.tlog) < 0 && rc == ENGINE_OK) {
		snprintf(err, errlen, "%s: write error", o->tcp_log);
		rc = ENGINE_INTERNAL;
	}
	if (e.log) {
		r->conn_rows = connlog_rows(e.log);
		if (connlog_close(e.log, r->last_ts) < 0 && rc == ENGINE_OK) {
			snprintf(err, errlen, "%s: write error", o->conn_log);
			rc = ENGINE_INTERNAL;
		}
	} else if (o->conn_log && rc != ENGINE_USAGE && rc != ENGINE_INTERNAL) {
		/* No input readable: still leave well-formed, empty logs. */
		struct connlog *l = open_connlog(o, 0);
		if (l)
			connlog_close(l, 0);
		if (o->tcp_log)
			tcplog_close(open_tcplog(o));
	}
	r->bpf_not_applicable = capfilter_not_applicable(e.bpf);
	capfilter_free(e.bpf);
	if (e.frag) {
		r->frag = *frag_stats(e.frag);
		frag_free(e.frag);
	}
	r->dup_table_full = capdup_table_full(e.dup);
	echo_free(e.echo);
	capdup_free(e.dup);
	order_free(ord, n);
	free(hs);
	return rc;
}

void engine_result_free(struct engine_result *r)
{
	unsigned i;

	for (i = 0; r->in && i < r->nin; i++)
		free(r->in[i].path);
	free(r->in);
	r->in = NULL;
}
