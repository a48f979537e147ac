/* handoff.c - single-producer, single-consumer hand-off (see handoff.h). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "handoff.h"

/* The consumer is woken when this many items wait (or the producer must
 * wait, or the stage drains): one wake-up per batch, not per item. */
#define WAKE_BATCH 256
/* A waiting producer is woken after this many items were consumed. */
#define ROOM_BATCH 64

struct handoff {
	handoff_consume fn;
	handoff_peek peek;
	void *arg;
	int threaded;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t c_cond, p_cond;
	struct ho_item *items;       /* HANDOFF_ITEMS */
	uint8_t *bytes;              /* HANDOFF_BYTES */
	uint8_t *scratch;            /* inline mode: the carried bytes */
	uint64_t btail;              /* producer: bytes reserved so far (a counter, not a position) */
	uint64_t pend_off, pend_end; /* producer: the last handoff_space */
	uint32_t pend_len;           /* ... and the bytes it asked for */
	int pend;
	uint64_t head_seen;          /* producer: consumer's head as last read */
	uint64_t bhead_seen;         /* producer: consumer's byte position as last read */
	unsigned since_check;        /* producer: commits since it last looked for a sleeping consumer */
	int drained;
	int joined;                  /* the thread ran and has ended */
	struct handoff_stats st;
	uint64_t consumer_waits;     /* written by the consumer only */
	/* shared, each on its own cache line */
	_Alignas(64) atomic_uint_fast64_t tail;   /* items committed */
	_Alignas(64) atomic_uint_fast64_t head;   /* items consumed */
	atomic_uint_fast64_t bhead;               /* bytes released by the consumer */
	_Alignas(64) atomic_int c_waiting, p_waiting, stop;
};

static void wake(struct handoff *h, pthread_cond_t *c)
{
	pthread_mutex_lock(&h->mu);
	pthread_cond_signal(c);
	pthread_mutex_unlock(&h->mu);
}

static void *consumer_main(void *arg)
{
	struct handoff *h = arg;
	uint64_t head = atomic_load(&h->head), since_wake = 0, tail = head;

	for (;;) {
		struct ho_item it;
		if (head == tail)
			tail = atomic_load_explicit(&h->tail, memory_order_acquire);
		if (head == tail) {
			if (atomic_load(&h->p_waiting))
				wake(h, &h->p_cond);
			pthread_mutex_lock(&h->mu);
			atomic_store(&h->c_waiting, 1);
			while (head == atomic_load(&h->tail) && !atomic_load(&h->stop)) {
				h->consumer_waits++;
				pthread_cond_wait(&h->c_cond, &h->mu);
			}
			atomic_store(&h->c_waiting, 0);
			pthread_mutex_unlock(&h->mu);
			if (head == atomic_load_explicit(&h->tail, memory_order_acquire))
				break;   /* stopped, and nothing is left */
			continue;
		}
		if (h->peek) {
			unsigned k;
			for (k = 1; k <= 3; k++)
				if (tail - head > k)
					h->peek(h->arg, &h->items[(head + k) % HANDOFF_ITEMS], k);
		}
		it = h->items[head % HANDOFF_ITEMS];
		h->fn(h->arg, &it);
		head++;
		atomic_store_explicit(&h->bhead, it.bend, memory_order_release);
		atomic_store(&h->head, head);
		if (++since_wake >= ROOM_BATCH) {
			since_wake = 0;
			if (atomic_load(&h->p_waiting))
				wake(h, &h->p_cond);
		}
	}
	return NULL;
}

struct handoff *handoff_new(handoff_consume fn, void *arg, int threaded)
{
	return handoff_new_peek(fn, NULL, arg, threaded);
}

struct handoff *handoff_new_peek(handoff_consume fn, handoff_peek peek, void *arg, int threaded)
{
	struct handoff *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->fn = fn;
	h->peek = peek;
	h->arg = arg;
	atomic_init(&h->tail, 0);
	atomic_init(&h->head, 0);
	atomic_init(&h->bhead, 0);
	atomic_init(&h->c_waiting, 0);
	atomic_init(&h->p_waiting, 0);
	atomic_init(&h->stop, 0);
	if (threaded) {
		h->items = calloc(HANDOFF_ITEMS, sizeof(*h->items));
		h->bytes = malloc(HANDOFF_BYTES);
		if (h->items && h->bytes && pthread_mutex_init(&h->mu, NULL) == 0) {
			int c = pthread_cond_init(&h->c_cond, NULL) == 0;
			int p = c && pthread_cond_init(&h->p_cond, NULL) == 0;
			if (p && pthread_create(&h->th, NULL, consumer_main, h) == 0)
				h->threaded = 1;
			if (!h->threaded) {
				if (p)
					pthread_cond_destroy(&h->p_cond);
				if (c)
					pthread_cond_destroy(&h->c_cond);
				pthread_mutex_destroy(&h->mu);
			}
		}
		if (!h->threaded) {
			/* no thread: the same work, inline */
			free(h->items);
			free(h->bytes);
			h->items = NULL;
			h->bytes = NULL;
		}
	}
	if (!(h->scratch = malloc(HANDOFF_MAX_ITEM))) {
		handoff_free(h);
		return NULL;
	}
	h->st.threaded = h->threaded;
	return h;
}

/* The producer waits, with the consumer awake, until room() holds. */
static void producer_wait(struct handoff *h, int (*room)(struct handoff *h, uint64_t need), uint64_t need)
{
	if (room(h, need))
		return;
	h->st.producer_waits++;
	atomic_thread_fence(memory_order_seq_cst);   /* the items published before this look */
	if (atomic_load(&h->c_waiting))
		wake(h, &h->c_cond);
	pthread_mutex_lock(&h->mu);
	atomic_store(&h->p_waiting, 1);
	while (!room(h, need))
		pthread_cond_wait(&h->p_cond, &h->mu);
	atomic_store(&h->p_waiting, 0);
	pthread_mutex_unlock(&h->mu);
}

/* The producer reads the consumer's positions only when what it saw last
 * leaves no room (the line they sit on is the consumer's). */
static int byte_room(struct handoff *h, uint64_t end)
{
	if (end - h->bhead_seen <= HANDOFF_BYTES)
		return 1;
	h->bhead_seen = atomic_load_explicit(&h->bhead, memory_order_acquire);
	return end - h->bhead_seen <= HANDOFF_BYTES;
}

static int item_room(struct handoff *h, uint64_t unused)
{
	uint64_t tail = atomic_load_explicit(&h->tail, memory_order_relaxed);

	(void)unused;
	if (tail - h->head_seen < HANDOFF_ITEMS)
		return 1;
	h->head_seen = atomic_load(&h->head);
	return tail - h->head_seen < HANDOFF_ITEMS;
}

uint8_t *handoff_space(struct handoff *h, uint32_t len)
{
	uint64_t off, pos, need;

	if (len > HANDOFF_MAX_ITEM)
		return NULL;
	h->pend_len = len;
	if (!h->threaded) {
		h->pend = 1;
		return h->scratch;
	}
	need = (len + 15u) & ~(uint64_t)15;
	off = h->btail;
	pos = off % HANDOFF_BYTES;
	if (pos + need > HANDOFF_BYTES)
		off += HANDOFF_BYTES - pos;   /* never split: start again at the beginning */
	producer_wait(h, byte_room, off + need);
	h->pend_off = off;
	h->pend_end = off + need;
	h->pend = 1;
	return h->bytes + off % HANDOFF_BYTES;
}

void handoff_commit(struct handoff *h, const struct ho_item *it)
{
	struct ho_item *slot;
	uint64_t tail;

	/* an item carries at most what handoff_space reserved for it */
	uint32_t len = h->pend ? (it->len < h->pend_len ? it->len : h->pend_len) : 0;

	h->st.items++;
	h->st.bytes += len;
	if (!h->threaded) {
		struct ho_item c = *it;
		c.len = len;
		c.data = len ? h->scratch : NULL;
		h->pend = 0;
		h->fn(h->arg, &c);
		return;
	}
	producer_wait(h, item_room, 0);
	tail = atomic_load_explicit(&h->tail, memory_order_relaxed);
	slot = &h->items[tail % HANDOFF_ITEMS];
	*slot = *it;
	slot->len = len;
	if (h->pend)
		h->btail = h->pend_end;   /* the reservation is released with this item */
	slot->data = len ? h->bytes + h->pend_off % HANDOFF_BYTES : NULL;
	h->pend = 0;
	slot->bend = h->btail;
	atomic_store_explicit(&h->tail, tail + 1, memory_order_release);
	/* A consumer that found nothing sleeps until a batch is waiting; it
	 * sets c_waiting before it looks at tail a last time, so this fence
	 * and load see either its flag or it sees these items. */
	if (++h->since_check >= WAKE_BATCH / 4) {
		h->since_check = 0;
		atomic_thread_fence(memory_order_seq_cst);
		if (atomic_load(&h->c_waiting) && tail + 1 - atomic_load(&h->head) >= WAKE_BATCH)
			wake(h, &h->c_cond);
	}
}

void handoff_kick(struct handoff *h)
{
	if (!h || !h->threaded)
		return;
	/* as in handoff_commit: the items published before this look */
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load(&h->c_waiting))
		wake(h, &h->c_cond);
}

void handoff_drain(struct handoff *h)
{
	if (!h || h->drained)
		return;
	h->drained = 1;
	if (!h->threaded)
		return;
	atomic_store(&h->stop, 1);
	wake(h, &h->c_cond);
	pthread_join(h->th, NULL);
	h->st.consumer_waits = h->consumer_waits;
	/* anything committed from now on is consumed inline */
	h->threaded = 0;
	h->joined = 1;
}

const struct handoff_stats *handoff_stats(const struct handoff *h)
{
	return &h->st;
}

void handoff_free(struct handoff *h)
{
	if (!h)
		return;
	handoff_drain(h);
	if (h->joined) {
		pthread_cond_destroy(&h->c_cond);
		pthread_cond_destroy(&h->p_cond);
		pthread_mutex_destroy(&h->mu);
	}
	free(h->items);
	free(h->bytes);
	free(h->scratch);
	free(h);
}
