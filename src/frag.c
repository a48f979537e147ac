/* frag.c - IPv4 and IPv6 fragment reassembly (see frag.h). */
#include <stdlib.h>
#include <string.h>
#include "frag.h"
#include "hash.h"
#include "cursor.h"

#define DGRAM_MAX 65535u           /* an IP datagram's payload cannot exceed this */
#define BUF_STEP 2048u

struct frag_key {
	uint8_t src[16], dst[16];
	uint32_t id;
	uint32_t tun;
	uint16_t vlan;
	uint8_t ver, proto;
};

struct piece {
	uint32_t lo, hi;           /* payload byte range [lo, hi) */
};

struct dgram {
	struct frag_key key;
	struct dgram *hnext, *prev, *next;   /* hash chain; creation-order list */
	int64_t first_ts;
	struct frame_ref first;
	uint8_t *buf;              /* payload bytes, owned; cap bytes */
	uint32_t cap;
	uint32_t total;            /* payload length, known once the last fragment came */
	uint8_t have_last, have_first;
	uint8_t hdr[60];           /* the first fragment's IP header (IPv6: fixed 40 bytes) */
	uint8_t hdr_len;
	uint8_t v6_nh;             /* IPv6: the header after the fragment header */
	uint16_t npieces;
	struct piece pc[FRAG_MAX_PIECES];  /* disjoint, sorted */
	uint16_t nfrags;
	struct frame_ref frames[FRAG_MAX_FRAMES];
	unsigned nframes;
};

struct frag_table {
	struct frag_limits lim;
	struct dgram **buckets;
	uint32_t nbuckets;
	struct dgram *head, *tail;  /* oldest first */
	struct counter *anomalies;
	struct frag_stats st;
	uint8_t *out;               /* the last reassembled datagram */
	uint64_t seed;
};

static uint32_t key_hash(const struct frag_table *t, const struct frag_key *k)
{
	uint64_t w[4], h = t->seed;
	unsigned i;

	memcpy(w, k->src, 16);
	memcpy(w + 2, k->dst, 16);
	for (i = 0; i < 4; i++)
		h = hash_mix(h ^ w[i]) + i;
	h ^= (uint64_t)k->id << 32 | (uint64_t)k->vlan << 16 | (uint64_t)k->ver << 8 | k->proto;
	h = hash_mix(h ^ k->tun);
	return (uint32_t)h;
}

static int key_eq(const struct frag_key *a, const struct frag_key *b)
{
	return a->id == b->id && a->tun == b->tun && a->vlan == b->vlan && a->ver == b->ver &&
	       a->proto == b->proto && memcmp(a->src, b->src, 16) == 0 && memcmp(a->dst, b->dst, 16) == 0;
}

struct frag_table *frag_new(const struct frag_limits *l, struct counter *anomalies)
{
	struct frag_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->lim = *l;
	if (!t->lim.max_datagrams)
		t->lim.max_datagrams = FRAG_DEFAULT_DATAGRAMS;
	if (!t->lim.max_bytes)
		t->lim.max_bytes = FRAG_DEFAULT_BYTES;
	t->nbuckets = 1024;
	while (t->nbuckets < t->lim.max_datagrams && t->nbuckets < (1u << 20))
		t->nbuckets <<= 1;
	t->buckets = calloc(t->nbuckets, sizeof(*t->buckets));
	t->out = malloc(DGRAM_MAX + 60);
	if (!t->buckets || !t->out) {
		free(t->buckets);
		free(t->out);
		free(t);
		return NULL;
	}
	t->anomalies = anomalies;
	t->seed = HASH_SEED;
	return t;
}

static void unlink_dgram(struct frag_table *t, struct dgram *g)
{
	struct dgram **pp = &t->buckets[key_hash(t, &g->key) & (t->nbuckets - 1)];

	while (*pp && *pp != g)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = g->hnext;
	if (g->prev)
		g->prev->next = g->next;
	else
		t->head = g->next;
	if (g->next)
		g->next->prev = g->prev;
	else
		t->tail = g->prev;
	t->st.bytes -= g->cap + sizeof(*g);
	t->st.active--;
	free(g->buf);
	free(g);
}

static void hit(struct frag_table *t, enum anomaly a, const struct frame_ref *at)
{
	if (t->anomalies)
		counter_hit(&t->anomalies[a], at->capture, at->frame);
}

/* An unfinished datagram leaves: timed out / end of capture (incomplete),
 * or pushed out by a cap (evicted, and incomplete as well). */
static void drop_unfinished(struct frag_table *t, struct dgram *g, int evicted)
{
	t->st.incomplete++;
	hit(t, AN_FRAG_INCOMPLETE, &g->first);
	if (evicted) {
		if (!t->st.evicted)
			t->st.first_evicted = g->first;
		t->st.evicted++;
	}
	unlink_dgram(t, g);
}

void frag_expire(struct frag_table *t, int64_t now)
{
	/* creation order is capture-clock order: the oldest are at the head */
	while (t->head) {
		struct dgram *g = t->head;
		int64_t to = g->key.ver == 6 ? FRAG_V6_TIMEOUT_NS : FRAG_V4_TIMEOUT_NS;
		if (now - g->first_ts <= to) {
			/* IPv6 datagrams may sit behind younger IPv4 ones: check on */
			struct dgram *x = g->next;
			while (x) {
				struct dgram *nx = x->next;
				if (x->key.ver == 4 && now - x->first_ts > FRAG_V4_TIMEOUT_NS)
					drop_unfinished(t, x, 0);
				else if (now - x->first_ts <= FRAG_V4_TIMEOUT_NS)
					break;
				x = nx;
			}
			return;
		}
		drop_unfinished(t, g, 0);
	}
}

void frag_flush(struct frag_table *t)
{
	while (t->head)
		drop_unfinished(t, t->head, 0);
}

void frag_free(struct frag_table *t)
{
	if (!t)
		return;
	while (t->head)
		unlink_dgram(t, t->head);
	free(t->buckets);
	free(t->out);
	free(t);
}

const struct frag_stats *frag_stats(const struct frag_table *t)
{
	return &t->st;
}

static void make_key(const struct decoded *d, struct frag_key *k)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->src, d->src.a, 16);
	memcpy(k->dst, d->dst.a, 16);
	k->id = d->frag_id;
	k->tun = d->tun_ctx;
	k->vlan = d->nvlan ? d->vlan[0] : 0;
	k->ver = d->ip_ver;
	k->proto = d->ip_ver == 4 ? d->proto : 0;
}

static struct dgram *find_or_add(struct frag_table *t, const struct packet *p,
				 const struct decoded *d, int64_t now)
{
	struct frag_key k;
	uint32_t b;
	struct dgram *g;

	make_key(d, &k);
	b = key_hash(t, &k) & (t->nbuckets - 1);
	for (g = t->buckets[b]; g; g = g->hnext)
		if (key_eq(&g->key, &k))
			return g;
	while (t->head && (t->st.active >= t->lim.max_datagrams ||
			   t->st.bytes + sizeof(*g) > t->lim.max_bytes))
		drop_unfinished(t, t->head, 1);
	g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->key = k;
	g->first_ts = now;
	g->first.capture = p->capture;
	g->first.frame = p->frame;
	g->hnext = t->buckets[b];
	t->buckets[b] = g;
	g->prev = t->tail;
	if (t->tail)
		t->tail->next = g;
	else
		t->head = g;
	t->tail = g;
	t->st.datagrams++;
	t->st.active++;
	if (t->st.active > t->st.active_peak)
		t->st.active_peak = t->st.active;
	t->st.bytes += sizeof(*g);
	if (t->st.bytes > t->st.bytes_peak)
		t->st.bytes_peak = t->st.bytes;
	return g;
}

/* Grows g's buffer to hold hi bytes (charged to the cap; older datagrams are
 * evicted to make room).  Returns 0 or -1. */
static int reserve(struct frag_table *t, struct dgram *g, uint32_t hi)
{
	uint32_t ncap;
	uint8_t *nb;

	if (hi <= g->cap)
		return 0;
	ncap = (hi + BUF_STEP - 1) / BUF_STEP * BUF_STEP;
	if (ncap > DGRAM_MAX)
		ncap = DGRAM_MAX;
	while (t->head && t->head != g && t->st.bytes + (ncap - g->cap) > t->lim.max_bytes)
		drop_unfinished(t, t->head, 1);
	if (t->st.bytes + (ncap - g->cap) > t->lim.max_bytes)
		return -1;
	nb = realloc(g->buf, ncap);
	if (!nb)
		return -1;
	t->st.bytes += ncap - g->cap;
	if (t->st.bytes > t->st.bytes_peak)
		t->st.bytes_peak = t->st.bytes;
	g->buf = nb;
	g->cap = ncap;
	return 0;
}

/*
 * Copies the fragment's bytes (data, [lo, hi)) where nothing is yet, compares
 * them where something is (first arrival wins) and merges the ranges.
 * Returns the anomaly bits (overlap, conflict), or -1 when the piece cap is
 * reached (nothing changed then).
 */
static int64_t place(struct dgram *g, struct cursor data, uint32_t lo, uint32_t hi)
{
	struct piece all[FRAG_MAX_PIECES + 1];
	int64_t an = 0;
	uint32_t at = lo;
	unsigned i, n = 0, m = 0;

	/* the merged list first, so a refused fragment changes nothing */
	for (i = 0; i < g->npieces && g->pc[i].lo < lo; i++)
		all[n++] = g->pc[i];
	all[n].lo = lo;
	all[n++].hi = hi;
	for (; i < g->npieces; i++)
		all[n++] = g->pc[i];
	for (i = 0; i < n; i++) {
		if (m && all[i].lo <= all[m - 1].hi) {
			if (all[i].hi > all[m - 1].hi)
				all[m - 1].hi = all[i].hi;
		} else {
			all[m++] = all[i];
		}
	}
	if (m > FRAG_MAX_PIECES)
		return -1;
	/* bytes: fill the holes, compare the overlaps */
	for (i = 0; i < g->npieces && at < hi; i++) {
		const struct piece *x = &g->pc[i];
		uint32_t end, k;
		if (x->hi <= at)
			continue;
		if (x->lo >= hi)
			break;
		if (x->lo > at) {
			cursor_bytes(&data, g->buf + at, x->lo - at);
			at = x->lo;
		}
		end = x->hi < hi ? x->hi : hi;
		an |= (int64_t)1 << AN_FRAG_OVERLAP;
		for (k = at; k < end; k++)
			if (cursor_u8(&data) != g->buf[k]) {
				an |= (int64_t)1 << AN_FRAG_CONFLICT;
				cursor_skip(&data, end - k - 1);
				break;
			}
		at = end;
	}
	if (at < hi)
		cursor_bytes(&data, g->buf + at, hi - at);
	memcpy(g->pc, all, m * sizeof(all[0]));
	g->npieces = (uint16_t)m;
	return an;
}

static void build(struct frag_table *t, struct dgram *g, struct frag_out *out)
{
	uint32_t n = g->hdr_len, sum = 0, i;
	struct cursor h;

	memcpy(t->out, g->hdr, g->hdr_len);
	memcpy(t->out + n, g->buf, g->total);
	if (g->key.ver == 4) {
		uint32_t tot = g->hdr_len + g->total;
		t->out[2] = (uint8_t)(tot >> 8);
		t->out[3] = (uint8_t)tot;
		t->out[6] &= 0x40;      /* keep DF; MF and offset cleared */
		t->out[7] = 0;
		t->out[10] = t->out[11] = 0;
		h = cursor_make(t->out, g->hdr_len);
		sum = cursor_csum(&h, 0);
		sum = (uint32_t)~cursor_csum_fold(sum) & 0xffff;
		t->out[10] = (uint8_t)(sum >> 8);
		t->out[11] = (uint8_t)sum;
	} else {
		t->out[4] = (uint8_t)(g->total >> 8);
		t->out[5] = (uint8_t)g->total;
		t->out[6] = g->v6_nh;
	}
	out->complete = 1;
	out->data = t->out;
	out->len = g->hdr_len + g->total;
	out->nfrags = g->nfrags;
	for (i = 0; i < g->nframes; i++)
		out->frames[i] = g->frames[i];
	out->nframes = g->nframes;
}

void frag_offer(struct frag_table *t, const struct packet *p, const struct decoded *d, int64_t now,
		struct frag_out *out)
{
	struct dgram *g;
	struct cursor c, data;
	uint32_t lo = d->frag_off, len, hi;
	int64_t an;
	struct frame_ref at = { p->capture, p->frame };

	memset(out, 0, sizeof(*out));
	t->st.fragments++;
	/* the fragment's data as captured (a cut fragment cannot complete one) */
	c = cursor_make(p->data, p->caplen);
	if (!cursor_skip(&c, d->ip_off + d->frag_data_off))
		return;
	len = d->frag_data_len;
	data = cursor_sub(&c, len);
	if (!cursor_ok(&data))
		return;
	hi = lo + len;
	if (hi > DGRAM_MAX || (d->ip_ver == 4 && hi + d->ip_hdr_len > DGRAM_MAX)) {
		out->anomalies |= (uint64_t)1 << AN_FRAG_TOO_BIG;
		return;
	}
	if (lo == 0 && ((d->proto == 6 && len < 20) || ((d->proto == 17 || d->proto == 1 || d->proto == 58) && len < 8)) &&
	    d->mf)
		out->anomalies |= (uint64_t)1 << AN_FRAG_TINY;
	if (d->ip_ver == 4 && d->proto == 6 && lo == 8)
		out->anomalies |= (uint64_t)1 << AN_FRAG_TINY;   /* RFC 1858: rewrites the TCP flags */
	g = find_or_add(t, p, d, now);
	if (!g)
		return;
	if (g->npieces == FRAG_MAX_PIECES || reserve(t, g, hi) < 0) {
		if (!t->st.over_pieces)
			t->st.first_over_pieces = at;
		t->st.over_pieces++;
		return;
	}
	an = len ? place(g, data, lo, hi) : 0;
	if (an < 0) {
		if (!t->st.over_pieces)
			t->st.first_over_pieces = at;
		t->st.over_pieces++;
		return;
	}
	out->anomalies |= (uint64_t)an;
	if (an & ((int64_t)1 << AN_FRAG_CONFLICT)) {
		out->dgram_first = g->first;
		out->proto = g->key.ver == 4 ? g->key.proto : d->frag_nh;
		if ((out->proto == 6 || out->proto == 17) && g->npieces && g->pc[0].lo == 0 &&
		    g->pc[0].hi >= 4) {
			struct cursor pc = cursor_make(g->buf, 4);
			out->sport = cursor_be16(&pc);
			out->dport = cursor_be16(&pc);
			out->ports_known = 1;
		}
	}
	if (g->nframes < FRAG_MAX_FRAMES - 1)
		g->frames[g->nframes++] = at;
	else
		g->frames[FRAG_MAX_FRAMES - 1] = at, g->nframes = FRAG_MAX_FRAMES;
	if (g->nfrags < UINT16_MAX)
		g->nfrags++;
	if (lo == 0 && !g->have_first) {
		struct cursor hc = cursor_make(p->data, p->caplen);
		cursor_skip(&hc, d->ip_off);
		g->hdr_len = (uint8_t)(d->ip_ver == 4 ? d->ip_hdr_len : 40);
		if (cursor_bytes(&hc, g->hdr, g->hdr_len)) {
			g->have_first = 1;
			g->v6_nh = d->frag_nh;
		}
	}
	if (!d->mf && !g->have_last) {
		g->have_last = 1;
		g->total = hi;
	}
	if (g->have_first && g->have_last && g->npieces == 1 && g->pc[0].lo == 0 &&
	    g->pc[0].hi == g->total) {
		t->st.completed++;
		build(t, g, out);
		unlink_dgram(t, g);
	}
}
