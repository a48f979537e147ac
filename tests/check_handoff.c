/*
 * check_handoff.c - src/handoff.c, the bounded single-producer,
 * single-consumer hand-off between the packet stage and the finishing stage:
 *  - 200,000 items of varying carried lengths (none, small, medium, up to
 *    HANDOFF_MAX_ITEM; about 90 MiB in all, so the 4 MiB byte ring wraps some
 *    twenty times) arrive in commit order with every field and every carried
 *    byte intact, on the consumer thread; the same inline (threaded 0), where
 *    each item is consumed inside its handoff_commit on the caller's thread;
 *  - a consumer held back: the producer waits (stats producer_waits), never
 *    more than HANDOFF_ITEMS items or HANDOFF_BYTES carried bytes are in
 *    flight, and both rings fill to exactly their bound;
 *  - the byte ring filling before the consumer's wake-up batch (fewer than
 *    256 items waiting) and fewer than 256 items in all: nothing hangs;
 *  - handoff_kick wakes a sleeping consumer for a few items, before drain;
 *  - handoff_new_peek shows the consumer thread committed items 1-3 ahead;
 *  - commits after handoff_drain are consumed inline, handoff_free drains,
 *    handoff_drain twice changes nothing, handoff_space refuses more than
 *    HANDOFF_MAX_ITEM bytes.
 *
 * The consumer runs on its own thread, where Check's assertions cannot be
 * used: the callback records the first failure and counts them, the test
 * asserts on the record after handoff_drain.
 */
#include "testutil.h"
#include "handoff.h"
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdatomic.h>
#include <time.h>

/* An assertion for the per-item loops: a passing ck_assert records a check
 * point for the runner (one message each), which for hundreds of thousands
 * of items costs more than the test; this one records only a failure. */
#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

/* ---- the items ---------------------------------------------------------- */

static uint64_t mix(uint64_t x)
{
	x *= 0x9E3779B97F4A7C15ull;
	x ^= x >> 29;
	x *= 0xBF58476D1CE4E5B9ull;
	return x ^ (x >> 32);
}

/* Carried length of item seq, mixed: a quarter carry nothing, 1 % are medium
 * (up to 16 KiB), 0.2 % are HANDOFF_MAX_ITEM or just under (not a multiple
 * of 16), the rest small (1 to 300 bytes). */
static uint32_t len_mixed(uint64_t seq)
{
	uint64_t h = mix(seq);

	if (seq % 1000 == 999)
		return HANDOFF_MAX_ITEM;
	if (seq % 1000 == 499)
		return HANDOFF_MAX_ITEM - 1 - (uint32_t)(h % 15);
	if (seq % 4 == 0)
		return 0;
	if (seq % 100 == 7)
		return 1 + (uint32_t)(h % 16384);
	return 1 + (uint32_t)(h % 300);
}

/* Small items (0 to 64 bytes): the item ring fills long before the byte ring. */
static uint32_t len_small(uint64_t seq)
{
	return (uint32_t)(mix(seq) % 65);
}

/* Item 0 of HANDOFF_MAX_ITEM, then 999 without bytes (enough to wake the
 * consumer: handoff.c wakes it for 256 waiting items), then 32 that fill the
 * rest of the byte ring exactly: 30 of HANDOFF_MAX_ITEM, one of
 * HANDOFF_MAX_ITEM - 53 (room for HANDOFF_MAX_ITEM - 48), one of 40 (room
 * for 48: it ends at the ring's very end, no wrap); then item 1032 of 9
 * bytes, whose room is item 0's; then lengths up to HANDOFF_MAX_ITEM. */
#define LARGE_ZERO 1000  /* items 1 to 999 carry nothing */
#define LARGE_FULL (LARGE_ZERO + 32)   /* items 0 to 1031 fill the byte ring */
static uint32_t len_large(uint64_t seq)
{
	if (seq == 0)
		return HANDOFF_MAX_ITEM;
	if (seq < LARGE_ZERO)
		return 0;
	if (seq < LARGE_FULL - 2)
		return HANDOFF_MAX_ITEM;
	if (seq == LARGE_FULL - 2)
		return HANDOFF_MAX_ITEM - 53;
	if (seq == LARGE_FULL - 1)
		return 40;
	if (seq == LARGE_FULL)
		return 9;
	return (uint32_t)(mix(seq) % (HANDOFF_MAX_ITEM + 1));
}

static uint32_t len_max(uint64_t seq)
{
	(void)seq;
	return HANDOFF_MAX_ITEM;
}

/* Byte i of item seq: the sequence number in the first 8 bytes, then a
 * pattern that differs from item to item (base, from the sequence number)
 * and from one 256-byte block to the next (so neither another item's bytes
 * nor a shifted copy pass). */
static uint8_t pattern(uint64_t seq, uint8_t base, uint32_t i)
{
	if (i < 8)
		return (uint8_t)(seq >> (8 * i));
	return (uint8_t)(base + i * 131u + (i >> 8) * 7u);
}

static void fill(uint8_t *p, uint64_t seq, uint32_t len)
{
	uint8_t base = (uint8_t)mix(seq);
	uint32_t i;

	for (i = 0; i < len; i++)
		p[i] = pattern(seq, base, i);
}

/* The first wrong byte of item seq's len bytes at p; len if none. */
static uint32_t first_wrong(const uint8_t *p, uint64_t seq, uint32_t len)
{
	uint8_t base = (uint8_t)mix(seq);
	uint32_t i;

	for (i = 0; i < len; i++)
		if (p[i] != pattern(seq, base, i))
			break;
	return i;
}

static uint32_t kind_of(uint64_t seq) { return (uint32_t)(seq * 2654435761u); }
static void *ptr_of(uint64_t seq) { return (void *)(uintptr_t)(seq * 16 + 8); }
static int64_t b_of(uint64_t seq, uint32_t len) { return (int64_t)(~seq ^ ((uint64_t)len << 40)); }

/* ---- the consumer ------------------------------------------------------- */

struct ctx {
	uint32_t (*len_of)(uint64_t seq);
	pthread_t main;
	/* set before the first commit */
	int expect_inline;             /* callbacks run inside handoff_commit, on main */
	int vary_ask;                  /* ask handoff_space for more, or for unused bytes */
	uint64_t gate_seq;             /* the item held: */
	uint64_t gate;                 /* it waits until this many were committed */
	atomic_int hold;               /* and while this is set */
	atomic_int in_gate;            /* set by the consumer when it holds that item */
	uint64_t slow_n;               /* the slow_n items from gate_seq on take slow_us each */
	unsigned slow_us;
	/* producer side */
	atomic_int in_commit;
	atomic_uint_fast64_t produced, produced_bytes;
	uint64_t max_inflight_p, max_bytes_p;   /* seen by the producer after each commit */
	/* consumer side (read by the test after drain, or inline) */
	atomic_uint_fast64_t consumed, consumed_bytes;
	uint64_t next, count, bytes, seqsum;
	uint64_t max_inflight_c, max_bytes_c;   /* seen by the consumer at each item */
	uint64_t not_inline, on_main;
	int gate_timeout;
	uint64_t gate_seen;            /* committed while gate_seq was held, 20 ms after the gate */
	uint64_t bad;
	char first_bad[256];
};

static void ctx_init(struct ctx *c, uint32_t (*len_of)(uint64_t))
{
	memset(c, 0, sizeof(*c));
	c->len_of = len_of;
	c->vary_ask = 1;
	c->main = pthread_self();
	atomic_init(&c->in_commit, 0);
	atomic_init(&c->hold, 0);
	atomic_init(&c->in_gate, 0);
	atomic_init(&c->produced, 0);
	atomic_init(&c->produced_bytes, 0);
	atomic_init(&c->consumed, 0);
	atomic_init(&c->consumed_bytes, 0);
}

static void bad(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->bad++)
		return;
	va_start(ap, fmt);
	vsnprintf(c->first_bad, sizeof(c->first_bad), fmt, ap);
	va_end(ap);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void consume(void *arg, const struct ho_item *it)
{
	struct ctx *c = arg;
	uint64_t seq = c->next, prod, pb;
	uint32_t len = c->len_of(seq), i;

	if (c->expect_inline) {
		if (!atomic_load(&c->in_commit) || !pthread_equal(pthread_self(), c->main))
			c->not_inline++;
	} else if (pthread_equal(pthread_self(), c->main)) {
		c->on_main++;
	}
	if (seq == c->gate_seq && (c->gate || atomic_load(&c->hold))) {
		double t0 = now_s();

		atomic_store(&c->in_gate, 1);
		while (atomic_load(&c->produced) < c->gate || atomic_load(&c->hold)) {
			if (now_s() - t0 > 20) {
				c->gate_timeout = 1;
				break;
			}
			usleep(1000);
		}
		if (c->gate) {
			/* a producer that ignored the bound would go on now */
			usleep(20000);
			c->gate_seen = atomic_load(&c->produced);
		}
	}
	if (seq >= c->gate_seq && seq - c->gate_seq < c->slow_n)
		usleep(c->slow_us);
	/* in flight: committed, not yet consumed (this one included) */
	prod = atomic_load(&c->produced);
	pb = atomic_load(&c->produced_bytes);
	if (prod - c->count > c->max_inflight_c)
		c->max_inflight_c = prod - c->count;
	if (pb - c->bytes > c->max_bytes_c)
		c->max_bytes_c = pb - c->bytes;

	if (it->a != (int64_t)seq)
		bad(c, "item %llu: a = %lld (out of order)", (unsigned long long)seq, (long long)it->a);
	else if (it->len != len)
		bad(c, "item %llu: len %u, want %u", (unsigned long long)seq, it->len, len);
	else if (it->kind != kind_of(seq) || it->ptr != ptr_of(seq) || it->b != b_of(seq, len))
		bad(c, "item %llu: kind/ptr/b changed", (unsigned long long)seq);
	else if (len && !it->data)
		bad(c, "item %llu: %u bytes carried, data NULL", (unsigned long long)seq, len);
	else if (len && (uintptr_t)it->data % _Alignof(max_align_t))
		/* engine.c reads an HO_OBS item's bytes as a struct obs in place */
		bad(c, "item %llu: data %p not aligned", (unsigned long long)seq, (const void *)it->data);
	else if ((i = first_wrong(it->data, seq, len)) < len)
		bad(c, "item %llu (len %u): byte %u is 0x%02x, want 0x%02x", (unsigned long long)seq, len, i,
		    it->data[i], pattern(seq, (uint8_t)mix(seq), i));
	c->next = seq + 1;
	c->count++;
	c->bytes += it->len;
	c->seqsum += seq;
	atomic_store(&c->consumed_bytes, c->bytes);
	atomic_store(&c->consumed, c->count);
}

/* ---- the producer ------------------------------------------------------- */

/* Commits item seq (the next one): asks for its bytes (sometimes for more
 * than it carries, sometimes for bytes it then does not carry), fills them,
 * commits, and notes what is in flight. */
static void produce(struct handoff *h, struct ctx *c, uint64_t seq)
{
	struct ho_item it;
	uint32_t len = c->len_of(seq), ask = len;
	uint64_t inflight, inbytes;

	if (c->vary_ask && len && seq % 7 == 3)
		ask = len + (uint32_t)(seq % 100) > HANDOFF_MAX_ITEM ? HANDOFF_MAX_ITEM : len + (uint32_t)(seq % 100);
	else if (c->vary_ask && !len && seq % 8 == 0)
		ask = 64;   /* room asked for, then nothing carried */
	if (ask) {
		uint8_t *p = handoff_space(h, ask);
		REQUIRE(p != NULL, "handoff_space(%u) NULL at item %llu", ask, (unsigned long long)seq);
		fill(p, seq, len);
	}
	memset(&it, 0, sizeof(it));
	it.kind = kind_of(seq);
	it.len = len;
	it.ptr = ptr_of(seq);
	it.a = (int64_t)seq;
	it.b = b_of(seq, len);
	atomic_store(&c->in_commit, 1);
	handoff_commit(h, &it);
	atomic_store(&c->in_commit, 0);
	atomic_fetch_add(&c->produced_bytes, len);
	atomic_store(&c->produced, seq + 1);
	inflight = seq + 1 - atomic_load(&c->consumed);
	inbytes = atomic_load(&c->produced_bytes) - atomic_load(&c->consumed_bytes);
	if (inflight > c->max_inflight_p)
		c->max_inflight_p = inflight;
	if (inbytes > c->max_bytes_p)
		c->max_bytes_p = inbytes;
}

/* Sum of the carried lengths of items [0, n). */
static uint64_t bytes_of(struct ctx *c, uint64_t n)
{
	uint64_t s = 0, i;

	for (i = 0; i < n; i++)
		s += c->len_of(i);
	return s;
}

/* Every one of items [0, n) arrived, in order, intact. */
static void assert_all(struct ctx *c, uint64_t n)
{
	ck_assert_msg(c->bad == 0, "%llu bad items; first: %s", (unsigned long long)c->bad, c->first_bad);
	ck_assert_uint_eq(c->count, n);
	ck_assert_uint_eq(c->next, n);
	ck_assert_uint_eq(c->seqsum, n * (n - 1) / 2);
	ck_assert_uint_eq(c->bytes, bytes_of(c, n));
	ck_assert_uint_eq(atomic_load(&c->consumed), n);
}

#define N_BIG 200000

/* ---- tests -------------------------------------------------------------- */

START_TEST(threaded_order_and_content)
{
	struct ctx c;
	struct handoff *h;
	const struct handoff_stats *st;
	uint64_t i, total;

	ctx_init(&c, len_mixed);
	total = bytes_of(&c, N_BIG);
	/* the generator: the byte ring wraps many times */
	ck_assert_uint_gt(total, 16 * (uint64_t)HANDOFF_BYTES);
	h = handoff_new(consume, &c, 1);
	ck_assert_ptr_nonnull(h);
	st = handoff_stats(h);
	ck_assert_int_eq(st->threaded, 1);
	for (i = 0; i < N_BIG; i++)
		produce(h, &c, i);
	handoff_drain(h);
	assert_all(&c, N_BIG);
	ck_assert_uint_eq(c.on_main, 0);
	ck_assert_uint_eq(st->items, N_BIG);
	ck_assert_uint_eq(st->bytes, total);
	ck_assert_int_eq(st->threaded, 1);
	ck_assert_uint_le(c.max_inflight_p, HANDOFF_ITEMS);
	ck_assert_uint_le(c.max_inflight_c, HANDOFF_ITEMS);
	ck_assert_uint_le(c.max_bytes_p, HANDOFF_BYTES);
	ck_assert_uint_le(c.max_bytes_c, HANDOFF_BYTES);
	handoff_free(h);
}
END_TEST

START_TEST(inline_order_and_content)
{
	struct ctx c;
	struct handoff *h;
	const struct handoff_stats *st;
	uint64_t i, total;

	ctx_init(&c, len_mixed);
	c.expect_inline = 1;
	total = bytes_of(&c, N_BIG);
	h = handoff_new(consume, &c, 0);
	ck_assert_ptr_nonnull(h);
	st = handoff_stats(h);
	ck_assert_int_eq(st->threaded, 0);
	for (i = 0; i < N_BIG; i++) {
		produce(h, &c, i);
		/* consumed at once */
		REQUIRE(c.count == i + 1, "item %llu not consumed in its commit", (unsigned long long)i);
	}
	ck_assert_uint_eq(c.not_inline, 0);
	handoff_drain(h);
	assert_all(&c, N_BIG);
	ck_assert_uint_eq(st->items, N_BIG);
	ck_assert_uint_eq(st->bytes, total);
	ck_assert_uint_eq(st->producer_waits, 0);
	ck_assert_uint_eq(st->consumer_waits, 0);
	ck_assert_uint_eq(c.max_inflight_p, 0);
	handoff_free(h);
}
END_TEST

/* The consumer holds item 0 until the producer has committed HANDOFF_ITEMS
 * items (all the ring takes), then is slow for a while: the producer waits,
 * the item ring fills to exactly its bound and never beyond. */
START_TEST(slow_consumer_item_bound)
{
	struct ctx c;
	struct handoff *h;
	const struct handoff_stats *st;
	uint64_t i, n = 20000;

	ctx_init(&c, len_small);
	c.gate = HANDOFF_ITEMS;
	c.slow_n = 300;
	c.slow_us = 200;
	h = handoff_new(consume, &c, 1);
	ck_assert_ptr_nonnull(h);
	st = handoff_stats(h);
	for (i = 0; i < n; i++)
		produce(h, &c, i);
	handoff_drain(h);
	ck_assert_int_eq(c.gate_timeout, 0);
	/* while item 0 was held, exactly HANDOFF_ITEMS were committed */
	ck_assert_uint_eq(c.gate_seen, HANDOFF_ITEMS);
	assert_all(&c, n);
	ck_assert_uint_gt(st->producer_waits, 0);
	ck_assert_uint_eq(st->items, n);
	ck_assert_uint_eq(c.max_inflight_p, HANDOFF_ITEMS);
	ck_assert_uint_le(c.max_inflight_c, HANDOFF_ITEMS);
	ck_assert_uint_le(c.max_bytes_p, HANDOFF_BYTES);
	ck_assert_uint_le(c.max_bytes_c, HANDOFF_BYTES);
	handoff_free(h);
}
END_TEST

/* The same with large items: the byte ring bounds what is in flight.  The
 * consumer holds item 0 (woken by the items without bytes) while items 0 to
 * 1031 fill the byte ring to its very end; item 1032, 9 bytes, goes to the
 * ring's start,
 * still item 0's: the producer waits, even though the consumer is inside
 * item 0's callback (its bytes are still being read).  A carried byte
 * overwritten before its item was consumed would show in the content
 * check. */
START_TEST(slow_consumer_byte_bound)
{
	struct ctx c;
	struct handoff *h;
	const struct handoff_stats *st;
	uint64_t i, n = LARGE_FULL + 600;
	double t0;

	ctx_init(&c, len_large);
	c.vary_ask = 0;   /* items 0 to 1032 need exactly their lengths */
	c.gate = LARGE_FULL;
	c.slow_n = 100;
	c.slow_us = 500;
	h = handoff_new(consume, &c, 1);
	ck_assert_ptr_nonnull(h);
	st = handoff_stats(h);
	ck_assert_uint_eq(bytes_of(&c, LARGE_FULL), HANDOFF_BYTES - 13);
	for (i = 0; i < LARGE_ZERO; i++)
		produce(h, &c, i);
	/* the consumer is in item 0's callback before the ring fills */
	t0 = now_s();
	while (!atomic_load(&c.in_gate) && now_s() - t0 < 20)
		usleep(500);
	ck_assert_int_eq(atomic_load(&c.in_gate), 1);
	for (; i < LARGE_FULL; i++)
		produce(h, &c, i);
	ck_assert_uint_eq(st->producer_waits, 0);
	for (; i < n; i++)
		produce(h, &c, i);
	handoff_drain(h);
	ck_assert_int_eq(c.gate_timeout, 0);
	/* item 1032 waited for item 0's bytes */
	ck_assert_uint_eq(c.gate_seen, LARGE_FULL);
	assert_all(&c, n);
	ck_assert_uint_gt(st->producer_waits, 0);
	ck_assert_uint_eq(st->bytes, bytes_of(&c, n));
	ck_assert_uint_ge(c.max_bytes_p, HANDOFF_BYTES - 13);
	ck_assert_uint_le(c.max_bytes_p, HANDOFF_BYTES);
	ck_assert_uint_le(c.max_bytes_c, HANDOFF_BYTES);
	ck_assert_uint_le(c.max_inflight_p, HANDOFF_ITEMS);
	handoff_free(h);
}
END_TEST

/* The consumer asleep (nothing to do), then 100 items of HANDOFF_MAX_ITEM:
 * the byte ring is full after 32, long before the 256 items that wake the
 * consumer; the waiting producer must wake it. */
START_TEST(byte_ring_full_before_wake_batch)
{
	struct ctx c;
	struct handoff *h;
	uint64_t i, n = 100;

	ctx_init(&c, len_max);
	h = handoff_new(consume, &c, 1);
	ck_assert_ptr_nonnull(h);
	usleep(50000);
	for (i = 0; i < n; i++)
		produce(h, &c, i);
	/* the producer got past the full ring: the consumer ran meanwhile */
	ck_assert_uint_ge(atomic_load(&c.consumed), n - HANDOFF_BYTES / HANDOFF_MAX_ITEM);
	handoff_drain(h);
	assert_all(&c, n);
	ck_assert_uint_gt(handoff_stats(h)->producer_waits, 0);
	ck_assert_uint_le(c.max_bytes_p, HANDOFF_BYTES);
	handoff_free(h);
}
END_TEST

/* Fewer items than the consumer's wake-up batch, then drain: all arrive.
 * Once with the consumer just started, once after it went to sleep. */
START_TEST(few_items_then_drain)
{
	static const uint64_t ns[] = { 1, 10, 255 };
	unsigned k, asleep;

	for (asleep = 0; asleep < 2; asleep++)
		for (k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
			struct ctx c;
			struct handoff *h;
			uint64_t i;

			ctx_init(&c, len_mixed);
			h = handoff_new(consume, &c, 1);
			ck_assert_ptr_nonnull(h);
			if (asleep)
				usleep(20000);
			for (i = 0; i < ns[k]; i++)
				produce(h, &c, i);
			handoff_drain(h);
			assert_all(&c, ns[k]);
			ck_assert_uint_eq(c.on_main, 0);
			ck_assert_uint_eq(handoff_stats(h)->items, ns[k]);
			handoff_free(h);
		}
}
END_TEST

/* handoff_kick wakes a sleeping consumer for fewer items than its batch:
 * they are consumed while the producer is still busy, before any drain
 * (without the kick they would wait for a 256th item or the drain). */
START_TEST(kick_wakes_sleeping_consumer)
{
	static const uint64_t ns[] = { 1, 3 };
	unsigned k;

	for (k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
		struct ctx c;
		struct handoff *h;
		uint64_t i;
		double t0;

		ctx_init(&c, len_mixed);
		h = handoff_new(consume, &c, 1);
		ck_assert_ptr_nonnull(h);
		usleep(20000);   /* the consumer found nothing and sleeps */
		for (i = 0; i < ns[k]; i++)
			produce(h, &c, i);
		usleep(50000);
		ck_assert_uint_eq(atomic_load(&c.consumed), 0);   /* still asleep: a batch is 256 */
		handoff_kick(h);
		t0 = now_s();
		while (atomic_load(&c.consumed) < ns[k] && now_s() - t0 < 10)
			usleep(1000);
		ck_assert_uint_eq(atomic_load(&c.consumed), ns[k]);
		handoff_kick(h);   /* nothing waiting: a no-op */
		handoff_drain(h);
		assert_all(&c, ns[k]);
		handoff_kick(h);   /* after the drain: a no-op */
		handoff_free(h);
	}
	handoff_kick(NULL);
}
END_TEST

/* handoff_new_peek: before each item the consumer thread is shown the
 * committed items 1, 2 and 3 places ahead (never one not yet committed,
 * never the wrong one); inline, never. */
struct peek_ctx {
	uint64_t next;              /* seq of the next item to consume */
	uint64_t calls[4], bad;
	atomic_uint_fast64_t committed;
};

static void peek_consume(void *arg, const struct ho_item *it)
{
	struct peek_ctx *c = arg;

	if ((uint64_t)it->a != c->next)
		c->bad++;
	c->next++;
}

static void peek_fn(void *arg, const struct ho_item *it, unsigned ahead)
{
	struct peek_ctx *c = arg;

	if (ahead < 1 || ahead > 3 || (uint64_t)it->a != c->next + ahead ||
	    (uint64_t)it->a >= atomic_load(&c->committed))
		c->bad++;
	else
		c->calls[ahead]++;
}

START_TEST(peek_sees_committed_items_ahead)
{
	unsigned threaded;

	for (threaded = 0; threaded < 2; threaded++) {
		struct peek_ctx c;
		struct handoff *h;
		uint64_t i, n = 100000;

		memset(&c, 0, sizeof(c));
		atomic_init(&c.committed, 0);
		h = handoff_new_peek(peek_consume, peek_fn, &c, (int)threaded);
		ck_assert_ptr_nonnull(h);
		for (i = 0; i < n; i++) {
			struct ho_item it;
			memset(&it, 0, sizeof(it));
			it.a = (int64_t)i;
			atomic_store(&c.committed, i + 1);   /* before: the consumer may see it at once */
			handoff_commit(h, &it);
		}
		handoff_drain(h);
		ck_assert_uint_eq(c.bad, 0);
		ck_assert_uint_eq(c.next, n);
		if (threaded) {
			/* batches of 256 and more: most items had three behind them */
			ck_assert_uint_gt(c.calls[3], n / 2);
			ck_assert_uint_ge(c.calls[1], c.calls[2]);
			ck_assert_uint_ge(c.calls[2], c.calls[3]);
		} else {
			ck_assert_uint_eq(c.calls[1] + c.calls[2] + c.calls[3], 0);
		}
		handoff_free(h);
	}
}
END_TEST

/* After handoff_drain the thread is gone: each commit is consumed inside
 * handoff_commit, on the caller's thread, carried bytes included. */
START_TEST(commit_after_drain_is_inline)
{
	struct ctx c;
	struct handoff *h;
	uint64_t i, n1 = 300, n = 3000;

	ctx_init(&c, len_mixed);
	h = handoff_new(consume, &c, 1);
	ck_assert_ptr_nonnull(h);
	for (i = 0; i < n1; i++)
		produce(h, &c, i);
	handoff_drain(h);
	ck_assert_uint_eq(c.count, n1);
	ck_assert_uint_eq(c.on_main, 0);
	c.expect_inline = 1;
	for (; i < n; i++) {
		produce(h, &c, i);
		REQUIRE(c.count == i + 1, "item %llu not consumed in its commit", (unsigned long long)i);
	}
	ck_assert_uint_eq(c.not_inline, 0);
	assert_all(&c, n);
	ck_assert_uint_eq(handoff_stats(h)->items, n);
	ck_assert_uint_eq(handoff_stats(h)->bytes, bytes_of(&c, n));
	handoff_free(h);
	ck_assert_uint_eq(c.count, n);
}
END_TEST

/* handoff_free without handoff_drain drains first: the consumer is held in
 * item 0 until just before handoff_free, so all 1000 items are still
 * waiting (they fit in both rings), and all arrive. */
START_TEST(free_without_drain_drains)
{
	struct ctx c;
	struct handoff *h;
	uint64_t i, n = 1000;

	ctx_init(&c, len_mixed);
	atomic_store(&c.hold, 1);
	h = handoff_new(consume, &c, 1);
	ck_assert_ptr_nonnull(h);
	for (i = 0; i < n; i++)
		produce(h, &c, i);
	ck_assert_uint_eq(atomic_load(&c.consumed), 0);
	ck_assert_uint_eq(handoff_stats(h)->producer_waits, 0);
	atomic_store(&c.hold, 0);
	handoff_free(h);
	ck_assert_int_eq(c.gate_timeout, 0);
	assert_all(&c, n);
	ck_assert_uint_eq(c.on_main, 0);
}
END_TEST

START_TEST(drain_twice)
{
	struct ctx c;
	struct handoff *h;
	struct handoff_stats s1;
	uint64_t i, n = 700;

	ctx_init(&c, len_mixed);
	h = handoff_new(consume, &c, 1);
	ck_assert_ptr_nonnull(h);
	for (i = 0; i < n; i++)
		produce(h, &c, i);
	handoff_drain(h);
	assert_all(&c, n);
	s1 = *handoff_stats(h);
	handoff_drain(h);
	assert_all(&c, n);
	ck_assert_uint_eq(handoff_stats(h)->items, s1.items);
	ck_assert_uint_eq(handoff_stats(h)->bytes, s1.bytes);
	ck_assert_uint_eq(handoff_stats(h)->producer_waits, s1.producer_waits);
	ck_assert_uint_eq(handoff_stats(h)->consumer_waits, s1.consumer_waits);
	ck_assert_int_eq(handoff_stats(h)->threaded, s1.threaded);
	ck_assert_uint_eq(s1.items, n);
	handoff_free(h);   /* drains a third time */
	assert_all(&c, n);
	/* inline: drain twice too */
	ctx_init(&c, len_mixed);
	c.expect_inline = 1;
	h = handoff_new(consume, &c, 0);
	ck_assert_ptr_nonnull(h);
	for (i = 0; i < 10; i++)
		produce(h, &c, i);
	handoff_drain(h);
	handoff_drain(h);
	assert_all(&c, 10);
	ck_assert_uint_eq(c.not_inline, 0);
	handoff_free(h);
	handoff_free(NULL);
}
END_TEST

/* More than HANDOFF_MAX_ITEM bytes: NULL, and the hand-off goes on as
 * before; exactly HANDOFF_MAX_ITEM is granted.  Threaded, inline, and
 * after drain. */
START_TEST(space_too_large)
{
	int mode;

	for (mode = 0; mode < 3; mode++) {
		struct ctx c;
		struct handoff *h;
		uint64_t i, n = 200;

		ctx_init(&c, len_mixed);
		c.expect_inline = mode != 1;
		h = handoff_new(consume, &c, mode == 1 || mode == 2);
		ck_assert_ptr_nonnull(h);
		if (mode == 2)
			handoff_drain(h);
		for (i = 0; i < n; i++) {
			ck_assert_ptr_null(handoff_space(h, HANDOFF_MAX_ITEM + 1));
			ck_assert_ptr_null(handoff_space(h, UINT32_MAX));
			if (i % 50 == 0)
				ck_assert_ptr_nonnull(handoff_space(h, HANDOFF_MAX_ITEM));
			produce(h, &c, i);
		}
		handoff_drain(h);
		assert_all(&c, n);
		ck_assert_uint_eq(c.not_inline, 0);
		ck_assert_uint_eq(c.on_main, 0);
		ck_assert_uint_eq(handoff_stats(h)->items, n);
		ck_assert_uint_eq(handoff_stats(h)->bytes, bytes_of(&c, n));
		handoff_free(h);
	}
}
END_TEST

static Suite *handoff_suite(void)
{
	Suite *s = suite_create("handoff");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, threaded_order_and_content);
	tcase_add_test(tc, inline_order_and_content);
	tcase_add_test(tc, slow_consumer_item_bound);
	tcase_add_test(tc, slow_consumer_byte_bound);
	tcase_add_test(tc, byte_ring_full_before_wake_batch);
	tcase_add_test(tc, few_items_then_drain);
	tcase_add_test(tc, kick_wakes_sleeping_consumer);
	tcase_add_test(tc, peek_sees_committed_items_ahead);
	tcase_add_test(tc, commit_after_drain_is_inline);
	tcase_add_test(tc, free_without_drain_drains);
	tcase_add_test(tc, drain_twice);
	tcase_add_test(tc, space_too_large);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(handoff_suite());
}
