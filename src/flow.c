/*
 * flow.c - flow table, TCP endpoint states and Zeek-compatible history.
 *
 * The endpoint state machine follows the semantics Zeek documents for its
 * conn_state field (INACTIVE, SYN_SENT, SYN_ACK_SENT, PARTIAL, ESTABLISHED,
 * CLOSED, RESET per endpoint), so conn.log reads the same as Zeek's for the
 * same packets.  One deliberate difference: a segment with a bad checksum is
 * still analysed (and marked 'c'), because offloaded checksums on the
 * capturing host are common and dropping those frames would break flows.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/random.h>
#include "flow.h"
#include "hash.h"
#include "cursor.h"
#include "fmt.h"
#include "recycle.h"
#include "tcp.h"

struct flow_table {
	struct flow **buckets;
	size_t nbuckets;          /* power of two */
	/* one least-recently-seen list per idle timeout (open TCP, closed TCP,
	 * other), so each class expires on its own timeout */
	struct flow *lru_head[FLOW_CLASSES], *lru_tail[FLOW_CLASSES];
	uint64_t bytes;           /* flows + charged per-flow state */
	struct flow_limits lim;
	flow_final_cb cb;
	void *arg;
	uint64_t seed;
	uint64_t cur_frame;
	struct flow_stats st;
	void (*release)(struct flow *f);
	int handoff;              /* finalised flows belong to the callback */
	struct recycle pool;      /* freed full records, to be taken again */
	struct recycle cpool;     /* freed compact records (FLOW_COMPACT_SIZE) */
	struct flow whole;        /* a compact record read whole by a borrowing callback */
};

void flow_table_set_release(struct flow_table *t, void (*release)(struct flow *f))
{
	t->release = release;
}

static inline int32_t seq_diff(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}

void flow_limits_default(struct flow_limits *l)
{
	l->max_flows = FLOW_DEFAULT_MAX;
	l->max_bytes = FLOW_DEFAULT_MAX_BYTES;
	l->tcp_idle_ns = 300LL * 1000000000LL;    /* Zeek tcp_inactivity_timeout */
	l->tcp_closed_ns = 5LL * 1000000000LL;    /* linger after FIN/RST exchange */
	l->tcp_attempt_ns = 60LL * 1000000000LL;  /* unanswered SYNs: a stack retries within ~1 min */
	l->udp_idle_ns = 60LL * 1000000000LL;
	l->other_idle_ns = 60LL * 1000000000LL;
	l->full_records = 0;
}

struct flow_table *flow_table_new(const struct flow_limits *l, flow_final_cb cb, void *arg)
{
	struct flow_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->lim = *l;
	if (t->lim.max_flows == 0)
		t->lim.max_flows = 1;
	t->nbuckets = 1u << 16;
	recycle_init(&t->pool, sizeof(struct flow));
	recycle_init(&t->cpool, FLOW_COMPACT_SIZE);
	t->buckets = calloc(t->nbuckets, sizeof(*t->buckets));
	if (!t->buckets) {
		free(t);
		return NULL;
	}
	t->cb = cb;
	t->arg = arg;
	/* Keyed hash against crafted collision floods; output never depends on
	 * bucket order, so a random key keeps results deterministic. */
	if (getrandom(&t->seed, sizeof(t->seed), 0) != sizeof(t->seed))
		t->seed = HASH_SEED;
	return t;
}

static uint64_t key_hash(const struct flow_table *t, const struct flow_key *k)
{
	uint64_t w[4], h = t->seed;
	unsigned i;

	memcpy(w, k->a, 16);
	memcpy(w + 2, k->b, 16);
	for (i = 0; i < 4; i++)
		h = hash_mix(h ^ w[i]) + i;
	h ^= ((uint64_t)k->pa << 48) | ((uint64_t)k->pb << 32) | ((uint64_t)k->vlan << 16) |
	     ((uint64_t)k->proto << 8) | k->ver;
	h = hash_mix(h) ^ k->tun;
	return hash_mix(h);
}

static int key_eq(const struct flow_key *x, const struct flow_key *y)
{
	return x->pa == y->pa && x->pb == y->pb && x->proto == y->proto && x->vlan == y->vlan &&
	       x->ver == y->ver && x->tun == y->tun && memcmp(x->a, y->a, 16) == 0 && memcmp(x->b, y->b, 16) == 0;
}

/* Builds the normalised key; *src_is_a says whether the packet's source is
 * endpoint a. */
static void make_key(const struct decoded *d, struct flow_key *k, int *src_is_a)
{
	int c;
	uint16_t sp = d->sport, dp = d->dport;

	memset(k, 0, sizeof(*k));
	if (d->l4 == L4_ICMP || d->l4 == L4_ICMP6) {
		/* Zeek: ICMP "ports" are type and code; echo pairs share id. */
		sp = d->icmp.type;
		dp = d->icmp.code;
		if (d->icmp.type == 8 || d->icmp.type == 0 || d->icmp.type == 128 ||
		    d->icmp.type == 129)
			sp = dp = d->icmp.id;
	} else if (d->l4 != L4_TCP && d->l4 != L4_UDP) {
		sp = dp = 0;
	}
	c = memcmp(d->src.a, d->dst.a, 16);
	*src_is_a = c < 0 || (c == 0 && sp <= dp);
	memcpy(k->a, *src_is_a ? d->src.a : d->dst.a, 16);
	memcpy(k->b, *src_is_a ? d->dst.a : d->src.a, 16);
	k->pa = *src_is_a ? sp : dp;
	k->pb = *src_is_a ? dp : sp;
	k->proto = d->proto;
	k->ver = d->ip_ver;
	k->vlan = d->nvlan ? d->vlan[0] : 0;
	k->tun = d->tun_ctx;
}

/* 0 open TCP, 1 closed TCP (linger), 2 other protocols, 3 TCP attempts the
 * responder never answered (half-open: their own, shorter timeout) */
static int flow_class(const struct flow *f)
{
	if (f->l4 == L4_TCP) {
		if (f->finished)
			return 1;
		return f->d[1].pkts == 0 && f->syn_pkts ? 3 : 0;
	}
	return 2;
}

static void lru_unlink(struct flow_table *t, struct flow *f)
{
	int c = f->lru_class;

	if (f->prev)
		f->prev->next = f->next;
	else
		t->lru_head[c] = f->next;
	if (f->next)
		f->next->prev = f->prev;
	else
		t->lru_tail[c] = f->prev;
	f->prev = f->next = NULL;
}

static void lru_append(struct flow_table *t, struct flow *f)
{
	int c = flow_class(f);

	f->lru_class = (uint8_t)c;
	f->prev = t->lru_tail[c];
	f->next = NULL;
	if (t->lru_tail[c])
		t->lru_tail[c]->next = f;
	else
		t->lru_head[c] = f;
	t->lru_tail[c] = f;
}

/* The least recently seen flow of all classes (ties: class order). */
static struct flow *lru_oldest(const struct flow_table *t)
{
	struct flow *best = NULL;
	int c;

	for (c = 0; c < FLOW_CLASSES; c++)
		if (t->lru_head[c] && (!best || t->lru_head[c]->last_ts < best->last_ts))
			best = t->lru_head[c];
	return best;
}

static void table_charge(struct flow_table *t, int64_t delta)
{
	t->bytes = (uint64_t)((int64_t)t->bytes + delta);
}

void flow_tcp_charge(struct flow_table *t, struct flow *f)
{
	/* the lists grow by doubling: a change is rare */
	uint32_t held = f->tcp ? (uint32_t)(sizeof(struct tcp_conn) + tcp_conn_extra_bytes(f->tcp)) : 0;

	if (held != f->tcp_charged) {
		table_charge(t, (int64_t)held - (int64_t)f->tcp_charged);
		f->tcp_charged = held;
	}
}

void flow_tcp_uncharge(struct flow_table *t, struct flow *f)
{
	if (t)
		table_charge(t, -(int64_t)f->tcp_charged);
	f->tcp_charged = 0;
}

static void hash_unlink(struct flow_table *t, struct flow *f)
{
	struct flow **pp = &t->buckets[key_hash(t, &f->key) & (t->nbuckets - 1)];

	while (*pp && *pp != f)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = f->hnext;
}

static void flow_free(struct flow_table *t, struct flow *f);

static size_t flow_size(const struct flow *f)
{
	return f->full ? sizeof(struct flow) : FLOW_COMPACT_SIZE;
}

/* A compact record of the table copied into a whole one (the rest zero),
 * charged as one; the compact block goes back to its pool.  The links are
 * copied as they are: the caller fixes whatever pointed at the old block.
 * Returns f itself when out of memory. */
static struct flow *make_full(struct flow_table *t, struct flow *f)
{
	struct flow *n = recycle_get(&t->pool);

	if (!n)
		return f;
	memcpy(n, f, FLOW_COMPACT_SIZE);
	n->full = 1;
	t->bytes += sizeof(struct flow) - FLOW_COMPACT_SIZE;
	t->st.promoted++;
	recycle_put(&t->cpool, f);
	return n;
}

/* Makes a compact flow of the table full in place: the hash chain and its
 * least-recently-seen list now hold the whole record.  Returns the flow
 * (f itself if it was full, or when out of memory: check ->full). */
struct flow *flow_full(struct flow_table *t, struct flow *f)
{
	struct flow **pp, *n;

	if (f->full)
		return f;
	pp = &t->buckets[key_hash(t, &f->key) & (t->nbuckets - 1)];
	while (*pp && *pp != f)
		pp = &(*pp)->hnext;
	if (!*pp)
		return f;     /* not in the table: cannot happen */
	n = make_full(t, f);
	if (n == f)
		return f;
	*pp = n;
	if (n->prev)
		n->prev->next = n;
	else
		t->lru_head[n->lru_class] = n;
	if (n->next)
		n->next->prev = n;
	else
		t->lru_tail[n->lru_class] = n;
	return n;
}

static void finalise(struct flow_table *t, struct flow *f, enum flow_end why)
{
	hash_unlink(t, f);
	lru_unlink(t, f);
	t->st.active--;
	t->bytes -= flow_size(f);
	t->st.finalised++;
	if (why == FLOW_END_EVICTED) {
		if (!t->st.evicted)
			t->st.first_evict_frame = t->cur_frame;
		t->st.evicted++;
	} else if (why == FLOW_END_IDLE) {
		t->st.expired++;
	}
	if (t->handoff) {
		/* the callback takes the flow over (flow_dispose frees it later) */
		if (f->ip)
			t->bytes -= sizeof(*f->ip);
		t->cb(t->arg, f, why);
		return;
	}
	/* a borrowed flow is read whole by the callback (a compact one through
	 * the table's scratch record; the release hook sees the original) */
	if (t->cb)
		t->cb(t->arg, flow_expand(f, &t->whole), why);
	if (t->release)
		t->release(f);
	flow_free(t, f);
}

void flow_dispose(struct flow_table *t, struct flow *f)
{
	if (!f)
		return;
	free(f->ip);
	recycle_put(f->full ? &t->pool : &t->cpool, f);
}

struct flow *flow_expand(struct flow *f, struct flow *scratch)
{
	if (f->full)
		return f;
	memcpy(scratch, f, FLOW_COMPACT_SIZE);
	memset((char *)scratch + FLOW_COMPACT_SIZE, 0, sizeof(*scratch) - FLOW_COMPACT_SIZE);
	scratch->full = 1;   /* a whole record (a copy: f stays what it was) */
	return scratch;
}

void flow_table_set_handoff(struct flow_table *t)
{
	t->handoff = t->cb != NULL;
}

static void grow(struct flow_table *t)
{
	size_t n = t->nbuckets * 2, i;
	struct flow **nb = calloc(n, sizeof(*nb));

	if (!nb)
		return; /* keep the smaller table: slower, still correct */
	for (i = 0; i < t->nbuckets; i++) {
		struct flow *f = t->buckets[i], *next;
		for (; f; f = next) {
			size_t h = key_hash(t, &f->key) & (n - 1);
			next = f->hnext;
			f->hnext = nb[h];
			nb[h] = f;
		}
	}
	free(t->buckets);
	t->buckets = nb;
	t->nbuckets = n;
}

static int is_service_port(uint16_t p)
{
	return p != 0 && p < 1024;
}

/* Decide the originator of a new flow from its first packet. */
static void choose_originator(struct flow *f, const struct decoded *d, int src_is_a)
{
	int src_orig = 1;

	if (d->l4 == L4_TCP) {
		uint16_t fl = d->tcp.flags;
		if ((fl & TCP_SYN) && !(fl & TCP_ACK)) {
			src_orig = 1;
		} else if ((fl & TCP_SYN) && (fl & TCP_ACK)) {
			src_orig = 0;
			f->guessed = 1;
		} else {
			src_orig = !(is_service_port(d->sport) && !is_service_port(d->dport));
			f->guessed = 1;
		}
	} else if (d->l4 == L4_UDP) {
		if (is_service_port(d->sport) && !is_service_port(d->dport)) {
			src_orig = 0;
			f->guessed = 1;
		}
	} else if (d->l4 == L4_ICMP || d->l4 == L4_ICMP6) {
		/* An echo reply seen first: the requester is the originator. */
		if (d->icmp.type == 0 || d->icmp.type == 129) {
			src_orig = 0;
			f->guessed = 1;
		}
	}
	f->orig_is_a = (uint8_t)(src_orig ? src_is_a : !src_is_a);
	/* Zeek's '^': the first packet did not come from the originator. */
	f->flipped = (uint8_t)!src_orig;
}

static struct flow *flow_create(struct flow_table *t, const struct flow_key *k, uint64_t h,
				const struct packet *p, const struct decoded *d, int src_is_a, int full)
{
	struct flow *f;
	size_t size = full ? sizeof(struct flow) : FLOW_COMPACT_SIZE;

	/* full (in flows or in bytes): finalise the least recently seen early */
	while (t->st.active && (t->st.active >= t->lim.max_flows ||
				(t->lim.max_bytes && t->bytes + size > t->lim.max_bytes))) {
		struct flow *old = lru_oldest(t);
		if (!old)
			break;
		finalise(t, old, FLOW_END_EVICTED);
	}
	f = recycle_get(full ? &t->pool : &t->cpool);
	if (!f)
		return NULL;
	f->full = (uint8_t)full;
	if (!full)
		t->st.compact++;
	f->key = *k;
	f->capture = p->capture;
	f->first_frame = p->frame;
	f->first_ts = f->last_ts = p->ts_ns;
	f->l4 = (uint8_t)d->l4;
	f->d[0].rxmit_next = f->d[1].rxmit_next = 1;
	f->d[0].zero_win_next = f->d[1].zero_win_next = 1;
	f->d[0].bad_csum_next = f->d[1].bad_csum_next = 1;
	if (d->l4 == L4_ICMP || d->l4 == L4_ICMP6) {
		f->icmp_type = d->icmp.type;
		f->icmp_code = d->icmp.code;
	}
	choose_originator(f, d, src_is_a);
	f->hnext = t->buckets[h & (t->nbuckets - 1)];
	t->buckets[h & (t->nbuckets - 1)] = f;
	lru_append(t, f);
	t->bytes += size;
	t->st.created++;
	t->st.active++;
	if (t->st.active > t->st.peak)
		t->st.peak = t->st.active;
	/* at most half as many flows as buckets: a packet of a new flow walks
	 * the whole chain, a cache miss per flow in it */
	if (t->st.active > t->nbuckets / 2)
		grow(t);
	return f;
}

static int64_t idle_limit(const struct flow_table *t, const struct flow *f)
{
	if (f->l4 == L4_TCP) {
		if (f->finished)
			return t->lim.tcp_closed_ns;
		return f->d[1].pkts == 0 && f->syn_pkts ? t->lim.tcp_attempt_ns : t->lim.tcp_idle_ns;
	}
	if (f->l4 == L4_UDP)
		return t->lim.udp_idle_ns;
	return t->lim.other_idle_ns;
}

/* A new SYN (different ISN) on a flow whose connection is over starts a new
 * flow: the old one is finalised first (port reuse). */
static int is_reuse(const struct flow *f, const struct decoded *d, int dir)
{
	const struct flow_dir *o = &f->d[0];

	if (d->l4 != L4_TCP || !(d->tcp.flags & TCP_SYN) || (d->tcp.flags & TCP_ACK) || dir != 0)
		return 0;
	if (!o->syn_seen || o->isn == d->tcp.seq)
		return 0;
	if (f->finished || o->state == EP_CLOSED || o->state == EP_RESET ||
	    f->d[1].state == EP_RESET || f->d[1].state == EP_CLOSED)
		return 2;
	/* still open: a new connection on its 4-tuple (port reuse, SNAT) */
	return o->state == EP_ESTABLISHED && f->d[1].state == EP_ESTABLISHED ? 1 : 0;
}

uint32_t flow_if_key(const struct packet *p, const struct decoded *d)
{
	return ((p->iface & 0xffff) << 16 | (d->sll_ifindex & 0xffff)) + 1;
}

/* What a packet brings that only a full record keeps, whatever its flow:
 * payload, a tunnel, a capture artefact, a reset (flow_update's evidence). */
static int brings_full(const struct decoded *d)
{
	return d->payload_len || d->ntun ||
	       (d->anomalies & ((uint64_t)1 << AN_CAPTURE_DUPLICATE | (uint64_t)1 << AN_SNAPLEN_CUT)) ||
	       (d->l4 == L4_TCP && (d->tcp.flags & TCP_RST));
}

/* A new flow whose first packet brings none of that, nor an ACK (of a
 * direction not seen yet: a blind ACK), starts compact (see struct flow). */
static int starts_full(const struct decoded *d)
{
	return brings_full(d) || (d->l4 == L4_TCP && (d->tcp.flags & TCP_ACK));
}

/* Whether packet d, travelling in direction dir of compact flow f, needs
 * the full record: it brings something flow_update keeps only there. */
static int needs_full(const struct flow *f, int dir, const struct packet *p, const struct decoded *d)
{
	const struct flow_dir *e = &f->d[dir];

	if (brings_full(d) || (d->l4 == L4_TCP && (d->tcp.flags & TCP_ACK) && f->d[!dir].pkts == 0))
		return 1;
	if (e->pkts && (d->ttl != e->ttl || e->ifkey != flow_if_key(p, d)))
		return 1;
	return d->has_mac && e->mac_set && memcmp(e->mac, d->mac_src, 6) != 0;
}

struct flow *flow_lookup(struct flow_table *t, const struct packet *p, const struct decoded *d,
			 int64_t now, int *dir)
{
	struct flow_key k;
	int src_is_a;
	uint64_t h;
	struct flow *f;

	if (!d->ip_ver)
		return NULL;
	t->cur_frame = p->frame;
	make_key(d, &k, &src_is_a);
	h = key_hash(t, &k);
	for (f = t->buckets[h & (t->nbuckets - 1)]; f; f = f->hnext)
		if (key_eq(&f->key, &k))
			break;
	/* The packet's own time, but never beyond the capture clock: an
	 * isolated far-future timestamp must not end flows, and a packet from
	 * a second capture that restarts earlier must not either. */
	if (p->ts_ns < now)
		now = p->ts_ns;
	if (f && now - f->last_ts > idle_limit(t, f)) {
		/* idle past its timeout (the expiry walk had not reached it) */
		finalise(t, f, FLOW_END_IDLE);
		f = NULL;
	}
	if (f) {
		int reuse;
		char old_uid[24];
		int64_t gap;
		*dir = src_is_a == f->orig_is_a ? 0 : 1;
		reuse = is_reuse(f, d, *dir);
		if (!reuse) {
			lru_unlink(t, f);
			lru_append(t, f);
			if (!f->full && needs_full(f, *dir, p, d) && !(f = flow_full(t, f))->full)
				return NULL;   /* out of memory: the packet stays outside */
			return f;
		}
		flow_uid(f, old_uid, sizeof(old_uid));
		gap = p->ts_ns - f->last_ts;
		finalise(t, f, FLOW_END_CLOSED);
		f = flow_create(t, &k, h, p, d, src_is_a, 1);
		if (f) {
			f->reuse = (uint8_t)reuse;
			f->reuse_gap_ns = gap;
			memcpy(f->reuse_of, old_uid, sizeof(f->reuse_of));
			*dir = src_is_a == f->orig_is_a ? 0 : 1;
		}
		return f;
	}
	f = flow_create(t, &k, h, p, d, src_is_a, t->lim.full_records || starts_full(d));
	if (f)
		*dir = src_is_a == f->orig_is_a ? 0 : 1;
	return f;
}

struct flow *flow_find_quoted(struct flow_table *t, const struct decoded *d, int *dir)
{
	struct decoded q;
	struct flow_key k;
	int src_is_a;
	struct flow *f;

	if (!d->icmp.q.present || !(d->icmp.q.l4_complete || d->icmp.q.ports_ok))
		return NULL;
	memset(&q, 0, sizeof(q));
	q.src = d->icmp.q.src;
	q.dst = d->icmp.q.dst;
	q.sport = d->icmp.q.sport;
	q.dport = d->icmp.q.dport;
	q.proto = d->icmp.q.proto;
	q.ip_ver = d->icmp.q.src.v;
	q.l4 = q.proto == 6 ? L4_TCP : q.proto == 17 ? L4_UDP : L4_OTHER;
	q.nvlan = d->nvlan;
	q.vlan[0] = d->vlan[0];
	q.tun_ctx = d->icmp.q.via_tunnel ? d->icmp.q.tun_ctx : d->tun_ctx;
	if (q.l4 == L4_OTHER)
		return NULL;
	make_key(&q, &k, &src_is_a);
	for (f = t->buckets[key_hash(t, &k) & (t->nbuckets - 1)]; f; f = f->hnext)
		if (key_eq(&f->key, &k)) {
			*dir = src_is_a == f->orig_is_a ? 0 : 1;
			return f;
		}
	return NULL;
}

/* ---- history letters (upper case: originator; lower case: responder) ---- */

enum { H_SYN = 1, H_FIN = 2, H_RST = 4, H_ACK = 8, H_DATA = 16, H_MULTI = 32, H_FINRST = 64 };

static void hist_add(struct flow_table *t, struct flow *f, int dir, char c)
{
	if (dir)
		c = (char)(c - 'A' + 'a');
	if (f->hist_len >= FLOW_HIST_MAX - 1) {
		if (!f->hist_truncated)
			t->st.hist_truncated++;
		f->hist_truncated = 1;
		return;
	}
	f->hist[f->hist_len++] = c;
	f->hist[f->hist_len] = 0;
}

/* Once-per-direction letter; returns 1 if the letter had been written before. */
static int hist_once(struct flow_table *t, struct flow *f, int dir, uint8_t mask, char c)
{
	if (f->d[dir].hist_mask & mask)
		return 1;
	f->d[dir].hist_mask |= mask;
	hist_add(t, f, dir, c);
	return 0;
}

/* Letters that repeat at 1, 10, 100, ... events. */
static void hist_scaled(struct flow_table *t, struct flow *f, int dir, uint32_t *count,
			uint32_t *next, char c)
{
	if (++*count == *next) {
		hist_add(t, f, dir, c);
		*next = *next > UINT32_MAX / 10 ? UINT32_MAX : *next * 10;
	}
}

static void tcp_history(struct flow_table *t, struct flow *f, int dir, const struct decoded *d)
{
	struct flow_dir *e = &f->d[dir];
	uint16_t fl = d->tcp.flags;
	int nflags = !!(fl & TCP_SYN) + !!(fl & TCP_FIN) + !!(fl & TCP_RST);
	uint32_t len = d->payload_len;

	if (nflags > 1) {
		if ((fl & TCP_FIN) && (fl & TCP_RST))
			hist_once(t, f, dir, H_FINRST, 'I');
		else
			hist_once(t, f, dir, H_MULTI, 'Q');
	} else if (nflags == 1) {
		if (fl & TCP_SYN) {
			char c = (fl & TCP_ACK) ? 'H' : 'S';
			if (hist_once(t, f, dir, H_SYN, c) && d->tcp.seq != e->last_syn_seq)
				hist_add(t, f, dir, c);
			e->last_syn_seq = d->tcp.seq;
		}
		if (fl & TCP_FIN) {
			if (hist_once(t, f, dir, H_FIN, 'F') && d->tcp.seq + len != e->last_fin_seq)
				hist_add(t, f, dir, 'F');
			e->last_fin_seq = d->tcp.seq + len;
		}
		if (fl & TCP_RST) {
			if (hist_once(t, f, dir, H_RST, 'R') && d->tcp.seq != e->last_rst_seq)
				hist_add(t, f, dir, 'R');
			e->last_rst_seq = d->tcp.seq;
		}
	} else if (len) {
		hist_once(t, f, dir, H_DATA, 'D');
	} else if (fl & TCP_ACK) {
		hist_once(t, f, dir, H_ACK, 'A');
	}
}

/* ---- endpoint state machine (Zeek's conn_state semantics) ---- */

static void set_state(struct flow_dir *e, uint8_t s)
{
	e->prev_state = e->state;
	e->state = s;
}

/* A side is through when it reset, or closed and its FIN was acknowledged:
 * a FIN nobody acknowledged is retransmitted with growing gaps, and those
 * retransmissions belong to this connection, not to a new flow started
 * once the short linger has passed. */
static int side_done(const struct flow_dir *x)
{
	return x->state == EP_RESET || (x->state == EP_CLOSED && !x->fin_unacked);
}

static void tcp_state(struct flow *f, int dir, const struct decoded *d)
{
	struct flow_dir *e = &f->d[dir], *peer = &f->d[!dir], *orig = &f->d[0];
	uint16_t fl = d->tcp.flags;
	int syn = fl & TCP_SYN, fin = fl & TCP_FIN, rst = fl & TCP_RST, ack = fl & TCP_ACK;

	/* a FIN is acknowledged by an ACK beyond the sender's last data byte
	 * (the FIN takes the sequence number after it) */
	if (fin && !rst)
		e->fin_unacked = !(peer->have_ack &&
				   seq_diff(peer->ack_hw, d->tcp.seq + d->payload_len + (syn ? 1u : 0u)) > 0);
	if (ack && !rst && peer->fin_unacked && (!peer->have_seq || seq_diff(d->tcp.ack, peer->hw) > 0))
		peer->fin_unacked = 0;

	switch (e->state) {
	case EP_INACTIVE:
		if (syn) {
			if (dir == 0) {
				set_state(e, ack ? EP_SYN_ACK_SENT : EP_SYN_SENT);
			} else {
				if (peer->state == EP_SYN_SENT)
					set_state(peer, EP_ESTABLISHED);
				set_state(e, EP_ESTABLISHED);
			}
		}
		if (fin)
			set_state(e, EP_CLOSED);
		if (rst)
			set_state(e, EP_RESET);
		if (e->state == EP_INACTIVE) {
			if (dir == 1 && d->payload_len == 0 && orig->state == EP_SYN_SENT)
				; /* an ACK of a SYN before the SYN-ACK: not a partial connection */
			else if (ack && peer->state == EP_ESTABLISHED)
				set_state(e, EP_ESTABLISHED);
			else
				set_state(e, EP_PARTIAL);
		}
		break;
	case EP_SYN_SENT:
	case EP_SYN_ACK_SENT:
		if (fin)
			set_state(e, EP_CLOSED);
		if (rst)
			set_state(e, EP_RESET);
		break;
	case EP_ESTABLISHED:
	case EP_PARTIAL:
		if (syn && e->state == EP_PARTIAL && peer->state == EP_INACTIVE && !ack)
			set_state(e, EP_SYN_SENT);
		if (fin && !rst) {
			set_state(e, EP_CLOSED);
			if (peer->state == EP_RESET && peer->prev_state == EP_CLOSED)
				set_state(peer, EP_CLOSED);
		}
		if (rst)
			set_state(e, EP_RESET);
		break;
	case EP_CLOSED:
		if (rst && peer->state != EP_CLOSED)
			set_state(e, EP_RESET);
		break;
	default:
		break;
	}
	if (e->state == EP_RESET || (side_done(e) && (peer->state == EP_RESET || side_done(peer))) ||
	    (e->state == EP_CLOSED && peer->state == EP_RESET))
		f->finished = 1;
}

/* Sequence bookkeeping: sizes, retransmissions ('t'), gaps (missed bytes). */
static void tcp_seq(struct flow_table *t, struct flow *f, int dir, const struct decoded *d)
{
	struct flow_dir *e = &f->d[dir], *peer = &f->d[!dir];
	uint16_t fl = d->tcp.flags;
	uint32_t len = d->payload_len, seq = d->tcp.seq;

	if (fl & TCP_SYN) {
		if (!e->syn_seen || e->isn != seq) {
			if (dir == 0 && (!e->syn_seen || e->isn != seq))
				f->attempts++;
			e->isn = seq;
			e->data_start = e->hw = seq + 1;
			e->have_seq = 1;
		}
		e->syn_seen = 1;
		seq++;
	}
	if (!e->have_seq && !(fl & TCP_RST)) {
		/* Mid-stream: as if a SYN preceded this segment, or the
		 * peer's ACK tells where our data started. */
		e->data_start = e->hw = seq;
		e->have_seq = 1;
	}
	if ((fl & TCP_ACK) && !(fl & TCP_RST)) {
		if (!e->have_ack || seq_diff(d->tcp.ack, e->ack_hw) > 0)
			e->ack_hw = d->tcp.ack;
		e->have_ack = 1;
		if (!peer->have_seq) {
			peer->data_start = peer->hw = d->tcp.ack;
			peer->have_seq = 1;
		} else if (seq_diff(d->tcp.ack, peer->hw) > (peer->fin_seen ? 1 : 0)) {
			/* Data acknowledged that this point never saw: a content gap
			 * (Zeek's missed_bytes), and part of the peer's byte count. */
			uint32_t gap = (uint32_t)seq_diff(d->tcp.ack, peer->hw);
			if (peer->fin_seen)
				gap--;
			peer->missed += gap;
			peer->hw += gap;
		}
	}
	if (len && !(fl & TCP_RST) && e->have_seq) {
		uint32_t end = seq + len;
		if (seq_diff(end, e->hw) <= 0) {
			hist_scaled(t, f, dir, &e->rxmit, &e->rxmit_next, 'T');
		} else {
			if (seq_diff(seq, e->hw) > 0)
				e->missed += (uint32_t)seq_diff(seq, e->hw);
			e->hw = end;
		}
	}
	if (fl & TCP_FIN)
		e->fin_seen = 1;
	if (d->tcp.win == 0 && !(fl & (TCP_RST | TCP_SYN)) && peer->state != EP_CLOSED &&
	    e->state != EP_RESET)
		hist_scaled(t, f, dir, &e->zero_win, &e->zero_win_next, 'W');
}

/* Evidence of the connection attempt: which frames carried the SYNs and the
 * answer (bounded: first and latest SYN, first SYN-ACK, first RST). */
static void attempt_evidence(struct flow *f, int dir, const struct packet *p, const struct decoded *d)
{
	uint16_t fl = d->tcp.flags;
	struct frame_ref ref = { p->capture, p->frame };

	if (dir == 0 && (fl & TCP_SYN) && !(fl & TCP_ACK)) {
		if (f->syn_pkts < FLOW_SYN_FRAMES - 1)
			f->syn_frames[f->syn_pkts] = ref;
		if (!f->syn_pkts) {
			f->first_syn_ts = p->ts_ns;
			f->syn_ttl = d->ttl;
			f->syn_wscale = d->tcp.wscale;
			f->syn_sack = d->tcp.sack_perm;
			f->syn_win = d->tcp.win;
			f->syn_mss = d->tcp.mss;
			f->syn_isn = d->tcp.seq;
		}
		f->syn_frames[FLOW_SYN_FRAMES - 1] = ref;
		f->syn_pkts++;
	} else if (dir == 1 && (fl & TCP_SYN) && (fl & TCP_ACK)) {
		if (!f->synack_frame.frame)
			f->synack_frame = ref;
		f->synack_pkts++;
	} else if (dir == 1 && (fl & TCP_RST) && !f->rst_frame.frame) {
		f->rst_frame = ref;
	}
}

const struct flow_ipdir *flow_ipdir(const struct flow *f, int dir)
{
	static const struct flow_ipdir none;

	return f->ip ? &f->ip->d[dir] : &none;
}

struct flow_ipdir *flow_ipdir_get(struct flow_table *t, struct flow *f, int dir)
{
	if (!f->ip) {
		f->ip = calloc(1, sizeof(*f->ip));
		if (!f->ip)
			return NULL;
		t->bytes += sizeof(*f->ip);
	}
	return &f->ip->d[dir];
}

/* Frees what a flow owns besides itself (the IP extension) and returns its
 * charge. */
static void flow_free(struct flow_table *t, struct flow *f)
{
	if (f->ip) {
		t->bytes -= sizeof(*f->ip);
		free(f->ip);
	}
	recycle_put(f->full ? &t->pool : &t->cpool, f);
}

struct flow *flow_note_icmp_error(struct flow_table *t, struct flow *f, int qdir,
				  const struct packet *p, const struct decoded *d)
{
	struct flow_dirx *e;
	struct flow_ipdir *q;

	if (!(f = flow_full(t, f))->full)
		return f;     /* out of memory: not recorded */
	e = &f->dx[qdir];
	f->icmp_errors++;
	e->icmp_errors++;
	/* RFC 1191 fragmentation needed / RFC 8201 packet too big */
	if (((d->l4 == L4_ICMP && d->icmp.type == 3 && d->icmp.code == 4) ||
	     (d->l4 == L4_ICMP6 && d->icmp.type == 2)) && (q = flow_ipdir_get(t, f, qdir)) != NULL) {
		if (!q->ptb_count) {
			q->ptb_first_ts = p->ts_ns;
			q->ptb_first.capture = p->capture;
			q->ptb_first.frame = p->frame;
			q->ptb_from = d->src;
		}
		q->ptb_count++;
		if (d->icmp.mtu && (!q->ptb_mtu_min || d->icmp.mtu < q->ptb_mtu_min))
			q->ptb_mtu_min = d->icmp.mtu;
	}
	if (!f->icmp_frame.frame) {
		f->icmp_frame.capture = p->capture;
		f->icmp_frame.frame = p->frame;
		f->icmp_from = d->src;
		f->icmp_err_type = d->icmp.type;
		f->icmp_err_code = d->icmp.code;
	}
	return f;
}

/* The first RST: who sent it, when, after how much idleness and data, with
 * what TTL (evidence for the reset verdicts); handshake completion time; a
 * responder's bare ACK to a new SYN on a reused 4-tuple (challenge ACK). */
static void reset_evidence(struct flow *f, int dir, const struct packet *p, const struct decoded *d)
{
	uint16_t fl = d->tcp.flags;

	if (dir == 0 && !f->est_ts && f->synack_frame.frame && (fl & TCP_ACK) &&
	    !(fl & (TCP_SYN | TCP_RST)))
		f->est_ts = p->ts_ns;
	if (f->full && f->reuse && dir == 1 && (fl & (TCP_ACK | TCP_SYN | TCP_RST)) == TCP_ACK &&
	    !f->synack_frame.frame && !f->challenge_ack.frame) {
		f->challenge_ack.capture = p->capture;
		f->challenge_ack.frame = p->frame;
	}
	if (!(fl & TCP_RST) || f->rst_first.frame)
		return;
	f->rst_first.capture = p->capture;
	f->rst_first.frame = p->frame;
	f->rst_ts = p->ts_ns;
	f->rst_dir = (uint8_t)dir;
	f->rst_ttl = d->ttl;
	f->rst_established = f->est_ts != 0;
	f->rst_after_est_ns = f->est_ts ? p->ts_ns - f->est_ts : -1;
	f->rst_idle_ns = p->ts_ns - f->last_ts;
	f->rst_idle_from = f->pkt_last;
	f->rst_idle_to = f->rst_first;
	if (f->last_gap_ns > f->rst_idle_ns) {
		/* idle, one packet (that met no state), then the reset */
		f->rst_idle_ns = f->last_gap_ns;
		f->rst_idle_from = f->pkt_prev;
		f->rst_idle_to = f->pkt_last;
	}
	f->rst_since_peer_ns = f->d[!dir].pkts ? p->ts_ns - f->last_ts_dir[!dir] : -1;
	f->rst_data_before[0] = flow_payload_bytes(f, 0);
	f->rst_data_before[1] = flow_payload_bytes(f, 1);
}

/* A TTL or MAC change: counted, and the first one's frame with the one
 * before it kept. */
static void note_change(uint32_t *count, struct frame_ref *at, struct frame_ref *before,
			const struct packet *p, uint32_t prev_capture, uint64_t prev_frame)
{
	if (!*count) {
		at->capture = p->capture;
		at->frame = p->frame;
		before->capture = prev_capture;
		before->frame = prev_frame;
	}
	++*count;
}

void flow_update(struct flow_table *t, struct flow *f, int dir, const struct packet *p,
		 const struct decoded *d)
{
	struct flow_dir *e = &f->d[dir];
	/* the full record's part; only touched when flow_lookup made it full */
	struct flow_dirx *x = &f->dx[dir];
	uint64_t prev_frame;
	uint32_t prev_capture;
	int dup = d->dup_same_flow;   /* (a copy in another flow is this flow's own packet) */
	int new_attempt = d->l4 == L4_TCP && (d->tcp.flags & (TCP_SYN | TCP_ACK)) == TCP_SYN &&
			  e->syn_seen && e->isn != d->tcp.seq;

	if (d->l4 == L4_TCP)
		reset_evidence(f, dir, p, d);
	f->last_gap_ns = (f->d[0].pkts + f->d[1].pkts) ? p->ts_ns - f->last_ts : 0;
	f->last_ts_dir[dir] = p->ts_ns;
	f->pkt_prev = f->pkt_last;
	f->pkt_last.capture = p->capture;
	f->pkt_last.frame = p->frame;
	if (!e->pkts) {
		e->first_frame = p->frame;
		e->first_capture = p->capture;
	}
	prev_frame = e->last_frame;
	prev_capture = e->last_capture;
	if (d->payload_len && !x->first_data.frame) {
		struct cursor c = cursor_make(d->payload, d->payload_caplen);
		uint8_t type = cursor_u8(&c), major = cursor_u8(&c), minor = cursor_u8(&c);
		x->first_data.capture = p->capture;
		x->first_data.frame = p->frame;
		/* a record header only (RFC 8446 §5.1), no parsing: a hint for the
		 * cross-layer verdicts when nDPI is off */
		x->first_data_tls = cursor_ok(&c) && type == 22 && major == 3 && minor <= 4;
	}
	e->pkts++;
	e->ip_bytes += d->ip_len;
	if (d->ip_len > e->max_ip_len)
		e->max_ip_len = d->ip_len;
	if (d->ip_ver == 4 && d->df && e->df_pkts < UINT32_MAX)
		e->df_pkts++;
	if (d->reassembled) {
		struct flow_ipdir *q = flow_ipdir_get(t, f, dir);
		if (q && !q->frag_dgrams) {
			unsigned i;
			q->frag_first.capture = p->capture;
			q->frag_first.frame = p->frame;
			for (i = 0; i < p->nfrags && i < 4; i++)
				q->frag_frames[i] = p->frags[i];
		}
		if (q) {
			q->frag_dgrams++;
			q->frag_pieces += d->reassembled;
		}
	}
	if (d->ntun && !f->tun_kind) {
		f->tun_kind = d->tun[0].kind;
		f->tun_depth = d->ntun;
		f->tun_overhead = d->tun_overhead;
		f->tun_key = d->tun[0].key;
		f->tun_src = d->tun[0].src;
		f->tun_dst = d->tun[0].dst;
	}
	e->last_frame = p->frame;
	e->last_capture = p->capture;
	/* Path evidence (TTL, interface, MAC) is the path of this flow's own
	 * packets: a capture duplicate is the same packet seen at another point
	 * (another interface, a second mirror), and a new attempt's SYN (a new
	 * ISN on the same ports) may come from another host behind the same
	 * address; neither is a change of path. */
	if (!dup) {
		if (!e->ifkey || new_attempt) {   /* (ifkey: set by every packet that is not a copy) */
			e->ttl_first = e->ttl_min = e->ttl_max = d->ttl;
		} else if (d->ttl != e->ttl) {
			note_change(&x->ttl_changes, &x->ttl_change_frame, &x->ttl_change_prev, p,
				    prev_capture, prev_frame);
			if (d->ttl < e->ttl_min)
				e->ttl_min = d->ttl;
			if (d->ttl > e->ttl_max)
				e->ttl_max = d->ttl;
		}
		e->ttl = d->ttl;
		{
			uint32_t ifkey = flow_if_key(p, d);
			if (e->ifkey && e->ifkey != ifkey)
				x->if_changes++;
			e->ifkey = ifkey;
		}
	}
	if (d->l4 == L4_TCP && (d->tcp.flags & TCP_ACK) && !(d->tcp.flags & TCP_RST) &&
	    f->d[!dir].pkts == 0) {
		/* acknowledging a direction this capture point has never seen */
		if (!x->acks_blind) {
			x->ack_blind_frame.capture = p->capture;
			x->ack_blind_frame.frame = p->frame;
			x->ack_blind_first = x->ack_blind_max = d->tcp.ack;
		} else if ((int32_t)(d->tcp.ack - x->ack_blind_max) > 0) {
			x->ack_blind_max = d->tcp.ack;
		}
		x->acks_blind++;
	}
	if (d->has_mac && !dup) {
		memcpy(e->mac_dst, d->mac_dst, 6);
		if (e->mac_set && !new_attempt && memcmp(e->mac, d->mac_src, 6) != 0) {
			note_change(&x->mac_changes, &x->mac_change_frame, &x->mac_change_prev, p,
				    prev_capture, prev_frame);
		}
		memcpy(e->mac, d->mac_src, 6);
		e->mac_set = 1;
	}
	if (p->ts_ns > f->last_ts)
		f->last_ts = p->ts_ns;
	if (d->l4 == L4_TCP) {
		if (d->csum_bad)
			hist_scaled(t, f, dir, &e->bad_csum, &e->bad_csum_next, 'C');
		tcp_history(t, f, dir, d);
		attempt_evidence(f, dir, p, d);
		tcp_state(f, dir, d);
		tcp_seq(t, f, dir, d);
	} else {
		e->payload += d->payload_len;
		e->udp_active = 1;
		if (d->l4 == L4_UDP && d->payload_len)
			hist_once(t, f, dir, H_DATA, 'D');
	}
	if (flow_class(f) != f->lru_class) {
		/* a connection that just closed moves to the short-linger list */
		lru_unlink(t, f);
		lru_append(t, f);
	}
}

void flow_expire(struct flow_table *t, int64_t now)
{
	int c;

	/* each list is in last-seen order and has one timeout: stop at its
	 * first flow still live */
	for (c = 0; c < FLOW_CLASSES; c++)
		while (t->lru_head[c] && now - t->lru_head[c]->last_ts > idle_limit(t, t->lru_head[c]))
			finalise(t, t->lru_head[c], FLOW_END_IDLE);
}

void flow_table_flush(struct flow_table *t)
{
	struct flow *f;

	while ((f = lru_oldest(t)) != NULL)
		finalise(t, f, FLOW_END_EOF);
}

void flow_table_free(struct flow_table *t)
{
	if (!t)
		return;
	struct flow *f;

	while ((f = lru_oldest(t)) != NULL) {
		lru_unlink(t, f);
		if (t->release)
			t->release(f);
		flow_free(t, f);
	}
	recycle_drain(&t->pool);
	recycle_drain(&t->cpool);
	free(t->buckets);
	free(t);
}

const struct flow_stats *flow_table_stats(const struct flow_table *t)
{
	return &t->st;
}

uint64_t flow_payload_bytes(const struct flow *f, int dir)
{
	const struct flow_dir *e = &f->d[dir];

	if (f->l4 != L4_TCP)
		return e->payload;
	if (!e->have_seq)
		return 0;
	return (uint32_t)(e->hw - e->data_start);
}

const char *flow_conn_state(const struct flow *f)
{
	const struct flow_dir *o = &f->d[0], *r = &f->d[1];
	int os = o->state, rs = r->state;
	int o_inactive = os == EP_INACTIVE || os == EP_PARTIAL;
	int r_inactive = rs == EP_INACTIVE || rs == EP_PARTIAL;

	if (f->l4 != L4_TCP) {
		if (f->l4 == L4_UDP) {
			if (o->udp_active)
				return r->udp_active ? "SF" : "S0";
			return r->udp_active ? "SHR" : "OTH";
		}
		return "OTH";
	}
	if (rs == EP_RESET) {
		if (os == EP_SYN_SENT || os == EP_SYN_ACK_SENT ||
		    (os == EP_RESET && flow_payload_bytes(f, 0) == 0 && flow_payload_bytes(f, 1) == 0))
			return "REJ";
		return o_inactive ? "RSTRH" : "RSTR";
	}
	if (os == EP_RESET) {
		if (r_inactive) {
			/* Zeek: history matches ^?S[^HAFGIQ]*R.* */
			const char *h = f->hist;
			if (*h == '^')
				h++;
			if (*h == 'S') {
				for (h++; *h && !strchr("HAFGIQ", *h); h++)
					if (*h == 'R')
						return "RSTOS0";
			}
			return "OTH";
		}
		return "RSTO";
	}
	if (rs == EP_CLOSED && os == EP_CLOSED)
		return "SF";
	if (os == EP_CLOSED)
		return r_inactive ? "SH" : "S2";
	if (rs == EP_CLOSED)
		return o_inactive ? "SHR" : "S3";
	if (os == EP_SYN_SENT && rs == EP_INACTIVE)
		return "S0";
	if (os == EP_ESTABLISHED && rs == EP_ESTABLISHED)
		return "S1";
	return "OTH";
}

const char *flow_uid(const struct flow *f, char *buf, size_t n)
{
	char tmp[48];
	size_t len = (size_t)(fmt_uid(tmp, f->capture, f->first_frame) - tmp);

	if (!n)
		return buf;
	if (len >= n)
		len = n - 1;
	memcpy(buf, tmp, len);
	buf[len] = 0;
	return buf;
}

void flow_endpoints(const struct flow *f, const uint8_t **oh, uint16_t *op,
		    const uint8_t **rh, uint16_t *rp)
{
	*oh = f->orig_is_a ? f->key.a : f->key.b;
	*op = f->orig_is_a ? f->key.pa : f->key.pb;
	*rh = f->orig_is_a ? f->key.b : f->key.a;
	*rp = f->orig_is_a ? f->key.pb : f->key.pa;
}
