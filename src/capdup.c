/*
 * capdup.c - capture duplicates (see capdup.h): the same packet recorded
 * twice, e.g. `tcpdump -i any` on a forwarding or NAT host (once per
 * interface) or a SPAN session that copies both directions of a link.
 */
#include <stdlib.h>
#include <string.h>
#include "capdup.h"
#include "cursor.h"
#include "flow.h"
#include "hash.h"

/*
 * A packet's signature leaves out what NAT
 * rewrites (addresses, ports, checksums) and keeps what it does not (IPv4 ID,
 * lengths, TCP sequence, ACK, flags and window, the first payload bytes).  A
 * recent packet with the same signature is its twin when it came from another
 * interface, or, on the same interface, when it carries a non-zero IPv4 ID
 * and arrived within 1 ms (a retransmission gets a new ID).
 *
 * Every recent packet is remembered (a ring in arrival order, chained per
 * signature bucket, newest first), and a packet is compared with the latest
 * one of the same signature: whether a twin is found does not depend on the
 * hash, only on the caps (DUP_RING packets, DUP_CHAIN steps per lookup),
 * and a comparison they cut short is counted (limitation
 * duplicate-table-full).  A link to an entry carries the latest time of it
 * and every older entry of its bucket, so a lookup stops as soon as nothing
 * further can be within 5 ms, usually in the small bucket array without
 * touching the ring, and still finds twins across captures read one after
 * the other that overlap in time.
 */
#define DUP_RING 32768               /* 5 ms of packets up to 6.5 million packets/s */
#define DUP_BUCKETS 4096
#define DUP_CHAIN 64
#define DUP_WINDOW_NS 5000000LL      /* 5 ms */
#define DUP_SAME_IF_NS 1000000LL     /* 1 ms */

/* A link to an entry of the ring: its packet number among those compared
 * (1-based; 0 none), and the latest time of that entry and of every older
 * one of its bucket (an upper bound once some have left the ring). */
struct dup_link {
	uint64_t seq;
	int64_t maxts;
};

struct dup_ent {
	uint64_t sig;
	uint64_t seq;
	int64_t ts;
	struct dup_link older;    /* the next older entry of its bucket */
	struct frame_ref fr;      /* the original's frame, which its copies name */
	uint64_t flow_id;         /* the original's flow (capture << 48 ^ first frame; 0 none) */
	uint32_t ifkey;
	uint8_t matched;          /* a copy was found for it (it is not forgotten unmatched) */
};

struct capdup {
	struct dup_link head[DUP_BUCKETS];   /* the newest entry of each bucket */
	struct dup_ent ring[DUP_RING];
	uint64_t seq;                        /* the last one given */
	struct dup_ent *cur;                 /* the current packet's entry, or its original's */
	uint64_t table_full;                 /* comparisons cut short by the caps */
};

static uint64_t dup_signature(const struct decoded *d)
{
	uint8_t first[64];
	uint64_t w, h = HASH_SEED;
	uint32_t i, n = d->payload_caplen < 64 ? d->payload_caplen : 64;
	struct cursor c = cursor_make(d->payload, n);

	/* the first payload bytes, read through the cursor, then by words */
	memset(first, 0, sizeof(first));
	if (n && !cursor_bytes(&c, first, n))   /* (no payload: d->payload may be NULL) */
		n = 0;
	h = hash_add(h, (uint64_t)d->ip_ver << 56 | (uint64_t)d->proto << 48 | (uint64_t)d->ip_id << 32 |
		       d->ip_len);
	h = hash_add(h, (uint64_t)d->tcp.seq << 32 | d->tcp.ack);
	h = hash_add(h, (uint64_t)d->tcp.flags << 48 | (uint64_t)d->tcp.win << 32 |
		       (uint32_t)d->icmp.type << 24 | (uint32_t)d->icmp.code << 16 | n);
	for (i = 0; i < n; i += 8) {
		memcpy(&w, first + i, 8);
		h = hash_add(h, w);
	}
	return hash_mix(h);
}

int capdup_check(struct capdup *t, const struct packet *p, const struct decoded *d,
		 struct frame_ref *orig)
{
	uint64_t sig, s;
	uint32_t ifkey = flow_if_key(p, d);
	struct dup_link *head, l;
	struct dup_ent *x;
	unsigned steps;

	t->cur = NULL;
	if ((d->l4 != L4_TCP && d->l4 != L4_UDP && d->l4 != L4_ICMP && d->l4 != L4_ICMP6))
		return 0;
	sig = dup_signature(d);
	head = &t->head[(sig >> 32) & (DUP_BUCKETS - 1)];
	for (l = *head, steps = 0; l.seq && p->ts_ns - l.maxts <= DUP_WINDOW_NS; l = x->older) {
		x = &t->ring[(l.seq - 1) & (DUP_RING - 1)];
		if (x->seq != l.seq)
			break;    /* overwritten: it and all older ones left the ring */
		if (x->sig == sig) {
			int64_t dt = p->ts_ns - x->ts;
			if (dt >= 0 && (x->ifkey != ifkey ||
					(d->ip_ver == 4 && d->ip_id != 0 && dt <= DUP_SAME_IF_NS))) {
				x->matched = 1;
				*orig = x->fr;
				t->cur = x;
				return 1;
			}
			break;
		}
		if (++steps == DUP_CHAIN) {
			t->table_full++;   /* older entries of the bucket not compared */
			break;
		}
	}
	s = ++t->seq;
	x = &t->ring[(s - 1) & (DUP_RING - 1)];
	if (x->seq && !x->matched && p->ts_ns - x->ts >= 0 && p->ts_ns - x->ts <= DUP_WINDOW_NS)
		t->table_full++;   /* forgotten within its window: a twin could follow */
	x->sig = sig;
	x->seq = s;
	x->ts = p->ts_ns;
	x->older = *head;
	x->ifkey = ifkey;
	x->fr.capture = p->capture;
	x->fr.frame = p->frame;
	x->flow_id = 0;
	x->matched = 0;
	t->cur = x;
	if (!head->seq || p->ts_ns > head->maxts)
		head->maxts = p->ts_ns;
	head->seq = s;
	return 0;
}

struct capdup *capdup_new(void)
{
	return calloc(1, sizeof(struct capdup));
}

void capdup_free(struct capdup *t)
{
	free(t);
}

int capdup_same_flow(struct capdup *t, uint64_t flow_id, int dup)
{
	if (!t || !t->cur)
		return dup;
	if (!dup)
		t->cur->flow_id = flow_id;
	else if (t->cur->flow_id != flow_id)
		dup = 0;
	t->cur = NULL;
	return dup;
}

uint64_t capdup_table_full(const struct capdup *t)
{
	return t ? t->table_full : 0;
}
