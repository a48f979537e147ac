/*
 * echo.c - ICMP and ICMPv6 echo pairing (see echo.h).
 */
#include <stdlib.h>
#include "echo.h"
#include "hash.h"

struct echo_slot {
	uint64_t key;             /* 0 = free */
	int64_t ts;
	struct frame_ref req;
};

struct echo_table {
	struct echo_slot slot[ECHO_SLOTS];
	int64_t swept;            /* capture time of the last sweep for unanswered requests */
	struct echo_stats *st;    /* borrowed */
};

struct echo_table *echo_new(struct echo_stats *st)
{
	struct echo_table *t = calloc(1, sizeof(*t));

	if (t)
		t->st = st;
	return t;
}

void echo_free(struct echo_table *t)
{
	free(t);
}

static uint64_t echo_key(const struct ip_addr *src, const struct ip_addr *dst, uint16_t id,
			 uint16_t seq)
{
	uint64_t h = hash_bytes(HASH_SEED, src->a, 16);

	h = hash_bytes(h, dst->a, 16);
	h = hash_mix(hash_add(h, (uint64_t)src->v << 32 | (uint32_t)id << 16 | seq));
	return h ? h : 1;
}

static void unanswered(struct echo_table *t, struct echo_slot *s)
{
	counter_hit(&t->st->unanswered, s->req.capture, s->req.frame);
	s->key = 0;
}

void echo_pair(struct echo_table *t, const struct packet *p, const struct decoded *d)
{
	int req = (d->l4 == L4_ICMP && d->icmp.type == 8) || (d->l4 == L4_ICMP6 && d->icmp.type == 128);
	int rep = (d->l4 == L4_ICMP && d->icmp.type == 0) || (d->l4 == L4_ICMP6 && d->icmp.type == 129);
	uint64_t k;
	struct echo_slot *s;

	if (!t || (!req && !rep))
		return;
	if (req) {
		t->st->requests++;
		k = echo_key(&d->src, &d->dst, d->icmp.id, d->icmp.seq);
		s = &t->slot[k & (ECHO_SLOTS - 1)];
		if (s->key && s->key != k && p->ts_ns - s->ts <= ECHO_TIMEOUT_NS) {
			t->st->table_full++;
			return;
		}
		if (s->key && s->key != k)
			unanswered(t, s);
		if (s->key == k)
			return;   /* the same request again: the first one stands */
		s->key = k;
		s->ts = p->ts_ns;
		s->req.capture = p->capture;
		s->req.frame = p->frame;
		return;
	}
	t->st->replies++;
	k = echo_key(&d->dst, &d->src, d->icmp.id, d->icmp.seq);
	s = &t->slot[k & (ECHO_SLOTS - 1)];
	if (s->key == k) {
		t->st->answered++;
		s->key = 0;
	} else {
		counter_hit(&t->st->unsolicited, p->capture, p->frame);
	}
}

void echo_expire(struct echo_table *t, int64_t now, int all)
{
	unsigned i;

	if (!t)
		return;
	/* a sweep of the table once per second of capture time, not per packet */
	if (!all && now - t->swept < 1000000000)
		return;
	t->swept = now;
	for (i = 0; i < ECHO_SLOTS; i++)
		if (t->slot[i].key && (all || now - t->slot[i].ts > ECHO_TIMEOUT_NS))
			unanswered(t, &t->slot[i]);
}
