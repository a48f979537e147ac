/*
 * handoff.h - the hand-off between the packet stage and the finishing stage.
 *
 * The engine runs in two stages (doc/ARCHITECTURE.md, "Two stages"): the
 * packet stage reads, decodes and keeps the flow table; the finishing stage
 * classifies (nDPI), writes each finalised flow to the logs and hands the
 * observations to the rule evaluator.  The packet stage pushes work items in
 * order, the finishing stage consumes them in the same order on its own
 * thread, so the outputs are those of one thread, byte for byte.
 *
 * A single-producer, single-consumer ring of items plus a ring of bytes for
 * what an item carries (a copy of a packet for nDPI, an observation).  Both
 * rings are bounded: a full ring makes the producer wait, so what is in
 * flight never exceeds HANDOFF_ITEMS items and HANDOFF_BYTES bytes.  Without
 * a thread (none could be started, or serial mode) every item is consumed
 * inside handoff_commit, at once.
 */
#ifndef NETRCA_HANDOFF_H
#define NETRCA_HANDOFF_H
#include <stddef.h>
#include <stdint.h>

#define HANDOFF_ITEMS 2048
#define HANDOFF_BYTES (4u << 20)
#define HANDOFF_MAX_ITEM (128u << 10)   /* largest payload one item may carry */

struct ho_item {
	uint32_t kind;        /* the engine's item kinds */
	uint32_t len;         /* bytes carried (at data) */
	void *ptr;            /* e.g. the flow */
	int64_t a, b;         /* two values of the kind's choosing */
	const uint8_t *data;  /* set by the hand-off: the carried bytes (consumer side) */
	uint64_t bend;        /* internal: end of the carried bytes in the byte ring */
};

typedef void (*handoff_consume)(void *arg, const struct ho_item *it);
/* Told, before an item is consumed, of an item `ahead` places after it
 * (1, 2 and 3) that is already committed: a chance to prefetch what that item
 * points to.  It must not change anything, nor read what the producer may
 * still be writing. */
typedef void (*handoff_peek)(void *arg, const struct ho_item *it, unsigned ahead);

struct handoff_stats {
	uint64_t items;          /* items handed over */
	uint64_t bytes;          /* bytes carried */
	uint64_t producer_waits; /* times the packet stage waited for room */
	uint64_t consumer_waits; /* times the finishing stage waited for work (known after drain) */
	int threaded;            /* 1 if a second thread consumed */
};

struct handoff;

/* threaded 0: consume inline.  NULL if out of memory. */
struct handoff *handoff_new(handoff_consume fn, void *arg, int threaded);
/* The same, with a look-ahead for the consumer thread (not called inline). */
struct handoff *handoff_new_peek(handoff_consume fn, handoff_peek peek, void *arg, int threaded);
/* Room for len (<= HANDOFF_MAX_ITEM) bytes the next item will carry, aligned
 * to 16 bytes (a struct may be read there in place); waits for the consumer
 * if the ring is full.  Write them, then commit. */
uint8_t *handoff_space(struct handoff *h, uint32_t len);
/* Hands over one item: it->len bytes from the last handoff_space, at most
 * what it reserved (none without one).  The consumer is woken once
 * WAKE_BATCH (256) items wait, when the producer must wait for room, or at
 * drain: up to 255 items may wait for a sleeping consumer meanwhile. */
void handoff_commit(struct handoff *h, const struct ho_item *it);
/* Wakes a sleeping consumer now, whatever is waiting: for a producer about
 * to be busy elsewhere with work the consumer could overlap. */
void handoff_kick(struct handoff *h);
/* Waits until every item is consumed and stops the thread.  Idempotent. */
void handoff_drain(struct handoff *h);
const struct handoff_stats *handoff_stats(const struct handoff *h);
void handoff_free(struct handoff *h);
#endif
