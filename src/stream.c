/*
 * stream.c - the stream service: in-order, bounded-window byte delivery per
 * TCP direction (see stream.h for the contract).
 *
 * Model.  Each direction keeps one 64-bit stream offset `next`: every byte
 * below it was delivered, skipped or declared a gap; every byte at or above
 * it is either buffered out of order, not seen yet, or (inside a pending
 * skip) not wanted.  Sequence numbers become offsets by a signed 32-bit
 * difference to the sequence number of `next` (RFC 9293 section 3.4 modular
 * comparison), so a connection of any length and any wrap-around works as
 * long as a segment lies within 2^31 bytes of `next`.
 *
 * In-order data is handed to the consumer straight from the packet (no copy,
 * no allocation).  Out-of-order data is copied into blocks: a sorted array of
 * non-overlapping byte runs; new data that overlaps or follows a block is
 * merged into it (so a burst after one hole is one block), bounded in bytes
 * (window), in number (STREAM_MAX_BLOCKS) and by the shared budget.  When a
 * piece does not fit, the hole before the first buffered byte is declared a
 * gap and the buffer delivered until it fits (or the piece itself is in
 * order): the counters say how often that happened.
 *
 * Overlaps: the first copy wins (buffered bytes are delivered, later copies
 * only compared).  Bytes that come again after delivery are compared with a
 * ring of the last STREAM_RING delivered bytes, allocated on first delivery;
 * older ones are only counted.  Identical bytes count as `retransmitted`, a
 * differing overlap counts once in `conflicts`.
 *
 * Skips: stream_skip(n) marks [max(next, skip_end), +n) as unwanted.  Outside
 * a callback the skip is applied at once as far as the stream is known
 * (highest byte seen or acknowledged); the rest when more arrives.  Inside a
 * callback (data or gap) it only records the skip: the delivery loop that made
 * the callback checks the skip before each further chunk, so delivery stops
 * exactly at the skip point.  Skipped bytes are never copied; holes inside a
 * skipped range are skipped, not gaps.  During a data callback stream_offset()
 * is already the end of the chunk being delivered, so skip(n) from there skips
 * the n bytes that follow that chunk.
 *
 * Re-entrancy: from a callback a consumer may call stream_skip, stream_offset,
 * stream_stats and stream_end (the end then runs when the outer call
 * returns).  stream_segment and stream_ack from a callback are ignored;
 * stream_free from a callback is not allowed.
 *
 * Budget accounting counts buffered payload bytes (not the allocator's
 * slack, at most 2x per block, nor the 48-byte block headers).
 *
 * For callers (the TCP analysis): pass payload only (no SYN/FIN sequence
 * space); call stream_end at the FIN or RST before passing the ACK that
 * covers the FIN (an ACK one past the data would otherwise be a 1-byte
 * gap); leave out segments the sequence analysis judged out of window (a
 * stray segment far ahead is buffered, and at the end the hole before it
 * becomes a gap).  A 1-byte segment just below the delivery point is taken
 * for a keep-alive probe: counted as retransmitted, never as a conflict.
 */
#include <stdlib.h>
#include <string.h>
#include "stream.h"

#define STREAM_RING 4096u        /* delivered bytes kept to compare retransmissions */
#define STREAM_MAX_BLOCKS 1024u  /* out-of-order runs per direction */
#define STREAM_SEG_MAX (1u << 30) /* longer segment payloads are cut (nonsense anyway) */
#define STREAM_SKIP_RANGES 4     /* recent skipped ranges remembered */

struct stream_block {
	uint64_t off;             /* stream offset of buf[head] */
	uint8_t *buf;             /* owned */
	size_t head, len, cap;
	struct frame_ref ref;     /* frame of the first byte */
};

struct stream_dir {
	uint32_t isn;             /* sequence number of offset 0 */
	uint64_t next;            /* next offset to deliver */
	uint64_t skip_end;        /* bytes below it (and >= next) are unwanted */
	uint64_t seen_hi;         /* end of the highest byte seen */
	uint64_t ack_hi;          /* highest offset acknowledged by the peer */
	size_t window;
	struct stream_budget *budget;  /* borrowed, may be NULL */
	struct stream_consumer c;
	struct stream_stats st;
	size_t buffered;          /* payload bytes in blocks */
	struct stream_block *blk; /* owned; blocks blk[first .. first+nblk) */
	size_t first, nblk, blk_cap;
	uint8_t *ring;            /* owned; STREAM_RING bytes, or NULL */
	uint64_t ring_lo;         /* ring holds [max(ring_lo, next - STREAM_RING), next) */
	/* The last skipped ranges, ascending: bytes arriving there later were
	 * mostly never seen before (a skip passes over holes), so they are
	 * dropped without counting them as retransmitted. */
	struct { uint64_t lo, hi; } skipr[STREAM_SKIP_RANGES];
	unsigned nskipr;
	int in_cb;                /* inside a consumer callback */
	int ended;
	int pend_end;             /* stream_end asked from a callback: why + 1 */
};

#define B(s, i) ((s)->blk[(s)->first + (i)])

static inline uint64_t blk_end(const struct stream_block *b)
{
	return b->off + b->len;
}

static inline uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static inline uint64_t extent(const struct stream_dir *s)
{
	return s->seen_hi > s->ack_hi ? s->seen_hi : s->ack_hi;
}

/* Stream offset of sequence number seq relative to `next`; *before is set to
 * the number of bytes it lies before offset 0 (then the result is 0). */
static uint64_t seq_off(const struct stream_dir *s, uint32_t seq, uint64_t *before)
{
	int32_t rel = (int32_t)(seq - (uint32_t)(s->isn + (uint32_t)s->next));
	uint64_t back;

	*before = 0;
	if (rel >= 0)
		return s->next + (uint64_t)rel;
	back = (uint64_t)(-(int64_t)rel);
	if (back > s->next) {
		*before = back - s->next;
		return 0;
	}
	return s->next - back;
}

/* ---- budget -------------------------------------------------------------- */

static void charge(struct stream_dir *s, size_t n)
{
	s->buffered += n;
	if (s->budget)
		s->budget->used += n;
	if (s->buffered > s->st.max_buffered)
		s->st.max_buffered = s->buffered;
}

static void release(struct stream_dir *s, size_t n)
{
	s->buffered -= n;
	if (s->budget)
		s->budget->used = s->budget->used >= n ? s->budget->used - n : 0;
}

/* ---- block array --------------------------------------------------------- */

static void pop_front(struct stream_dir *s)
{
	struct stream_block *b = &B(s, 0);

	release(s, b->len);
	free(b->buf);
	s->first++;
	if (--s->nblk == 0) {
		free(s->blk);
		s->blk = NULL;
		s->first = s->blk_cap = 0;
	}
}

/* Room for one more block at the end of the array; 0 on failure. */
static int blk_room(struct stream_dir *s)
{
	struct stream_block *nb;
	size_t ncap;

	if (s->first + s->nblk < s->blk_cap)
		return 1;
	if (s->first > 0 && s->first >= s->nblk) {   /* amortised: after >= nblk pops */
		memmove(s->blk, &B(s, 0), s->nblk * sizeof(struct stream_block));
		s->first = 0;
		return 1;
	}
	ncap = s->blk_cap ? s->blk_cap * 2 : 16;
	nb = realloc(s->blk, ncap * sizeof(*nb));
	if (!nb)
		return 0;
	s->blk = nb;
	s->blk_cap = ncap;
	return 1;
}

/* New block at index i holding a copy of (p, n); 0 on allocation failure. */
static int insert_new(struct stream_dir *s, size_t i, uint64_t off, const uint8_t *p, size_t n,
		      const struct frame_ref *ref)
{
	struct stream_block *b;
	uint8_t *buf;

	if (!blk_room(s))
		return 0;
	buf = malloc(n);
	if (!buf)
		return 0;
	memcpy(buf, p, n);
	memmove(&B(s, i + 1), &B(s, i), (s->nblk - i) * sizeof(struct stream_block));
	s->nblk++;
	b = &B(s, i);
	b->off = off;
	b->buf = buf;
	b->head = 0;
	b->len = b->cap = n;
	if (ref)
		b->ref = *ref;
	else
		memset(&b->ref, 0, sizeof(b->ref));
	return 1;
}

/* Index of the first block ending after off (nblk if none). */
static size_t lower(const struct stream_dir *s, uint64_t off)
{
	size_t lo = 0, hi = s->nblk;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (blk_end(&B(s, mid)) > off)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Drops buffered bytes below next (they were skipped). */
static void trim_front(struct stream_dir *s)
{
	size_t guard = s->nblk;

	while (s->nblk > 0 && guard-- > 0 && B(s, 0).off < s->next) {
		struct stream_block *b = &B(s, 0);
		size_t k;

		if (blk_end(b) <= s->next) {
			pop_front(s);
			continue;
		}
		k = (size_t)(s->next - b->off);
		b->head += k;
		b->len -= k;
		b->off = s->next;
		release(s, k);
		break;
	}
}

/* ---- delivered-bytes ring ----------------------------------------------- */

static void ring_push(struct stream_dir *s, uint64_t off, const uint8_t *p, size_t n)
{
	size_t pos, k;

	if (!s->ring) {
		s->ring = malloc(STREAM_RING);
		if (!s->ring)
			return;
		s->ring_lo = off;
	}
	if (n > STREAM_RING) {
		p += n - STREAM_RING;
		off += n - STREAM_RING;
		n = STREAM_RING;
	}
	pos = (size_t)(off % STREAM_RING);
	k = STREAM_RING - pos < n ? STREAM_RING - pos : n;
	memcpy(s->ring + pos, p, k);
	memcpy(s->ring, p + k, n - k);
}

/* Compares (p, n) at offset off with the ring (the range must be inside
 * the ring's valid range); nonzero if they differ. */
static int ring_cmp(const struct stream_dir *s, uint64_t off, const uint8_t *p, size_t n)
{
	size_t pos = (size_t)(off % STREAM_RING);
	size_t k = STREAM_RING - pos < n ? STREAM_RING - pos : n;

	if (memcmp(s->ring + pos, p, k))
		return 1;
	return n > k && memcmp(s->ring, p + k, n - k);
}

/* Bytes [a, a+n) that lie below next came again: compare what the ring still
 * holds, count the rest as retransmitted. */
static void old_data(struct stream_dir *s, uint64_t a, const uint8_t *p, size_t n)
{
	uint64_t b = min64(a + n, s->next), lo, hi;

	if (a >= b)
		return;
	lo = s->next > STREAM_RING ? s->next - STREAM_RING : 0;
	if (s->ring_lo > lo)
		lo = s->ring_lo;
	if (!s->ring || lo >= b) {
		s->st.retransmitted += b - a;
		return;
	}
	if (lo < a)
		lo = a;
	hi = b;
	s->st.retransmitted += (lo - a);  /* older than the ring: only counted */
	if (ring_cmp(s, lo, p + (lo - a), (size_t)(hi - lo)))
		s->st.conflicts++;
	else
		s->st.retransmitted += hi - lo;
}

/* Old bytes [a, a+n) (below next): those inside recently skipped ranges are
 * dropped silently, the others go to old_data. */
static void old_part(struct stream_dir *s, uint64_t a, const uint8_t *p, size_t n)
{
	uint64_t cur = a, end = a + n;
	unsigned i;

	for (i = 0; i < s->nskipr && cur < end; i++) {
		uint64_t lo = s->skipr[i].lo, hi = s->skipr[i].hi;

		if (hi <= cur)
			continue;
		if (lo >= end)
			break;
		if (lo > cur)
			old_data(s, cur, p + (cur - a), (size_t)(lo - cur));
		cur = min64(end, hi);
	}
	if (cur < end)
		old_data(s, cur, p + (cur - a), (size_t)(end - cur));
}

/* ---- delivery ------------------------------------------------------------ */

static void emit(struct stream_dir *s, const uint8_t *p, size_t n, const struct frame_ref *ref)
{
	uint64_t off = s->next;

	ring_push(s, off, p, n);
	s->next += n;
	s->st.delivered += n;
	if (s->c.data) {
		s->in_cb++;
		s->c.data(s->c.arg, off, p, n, ref);
		s->in_cb--;
	}
}

/* Declares [next, e) a gap. */
static void declare_gap(struct stream_dir *s, uint64_t e)
{
	uint64_t off = s->next, len = e - s->next;

	s->next = e;
	s->ring_lo = e;
	s->st.gaps++;
	s->st.gap_bytes += len;
	trim_front(s);
	if (s->c.gap) {
		s->in_cb++;
		s->c.gap(s->c.arg, off, len);
		s->in_cb--;
	}
}

/* Applies a pending skip as far as the stream is known; 1 if next moved. */
static int advance_skip(struct stream_dir *s)
{
	uint64_t t;

	if (s->skip_end <= s->next)
		return 0;
	t = min64(s->skip_end, extent(s));
	if (t <= s->next)
		return 0;
	s->st.skipped += t - s->next;
	if (s->nskipr > 0 && s->skipr[s->nskipr - 1].hi == s->next) {
		s->skipr[s->nskipr - 1].hi = t;
	} else {
		if (s->nskipr == STREAM_SKIP_RANGES) {
			memmove(&s->skipr[0], &s->skipr[1], (STREAM_SKIP_RANGES - 1) * sizeof(s->skipr[0]));
			s->nskipr--;
		}
		s->skipr[s->nskipr].lo = s->next;
		s->skipr[s->nskipr].hi = t;
		s->nskipr++;
	}
	s->next = t;
	s->ring_lo = t;
	trim_front(s);
	return 1;
}

/* Delivers the first block (it starts at next) and frees it. */
static void deliver_block0(struct stream_dir *s)
{
	struct stream_block *b = &B(s, 0);

	/* The callback may only record a skip: the array stays as it is. */
	emit(s, b->buf + b->head, b->len, &b->ref);
	pop_front(s);
}

/* Delivers what is contiguous at next, applying pending skips. */
static void drain(struct stream_dir *s)
{
	size_t guard = 4 * s->nblk + 8;

	while (guard-- > 0) {
		if (advance_skip(s))
			continue;
		if (s->nblk > 0 && B(s, 0).off == s->next) {
			deliver_block0(s);
			continue;
		}
		break;
	}
}

/* Moves next up to limit: delivers blocks, applies skips, declares the
 * holes between them gaps. */
static void advance_to(struct stream_dir *s, uint64_t limit)
{
	size_t guard = 4 * s->nblk + 8;

	while (s->next < limit && guard-- > 0) {
		uint64_t e;

		if (advance_skip(s))
			continue;
		if (s->nblk > 0 && B(s, 0).off == s->next) {
			deliver_block0(s);
			continue;
		}
		e = s->nblk > 0 ? min64(B(s, 0).off, limit) : limit;
		declare_gap(s, e);
	}
}

/* New bytes [a, a+n) with a == next: delivered from the packet, except where
 * buffered bytes (the first copy) cover them. */
static void deliver_merge(struct stream_dir *s, uint64_t a, const uint8_t *p, size_t n,
			  const struct frame_ref *ref)
{
	uint64_t b = a + n;
	size_t guard = 4 * s->nblk + 8;

	while (s->next < b && guard-- > 0) {
		uint64_t e;

		if (advance_skip(s))
			continue;
		if (s->nblk > 0 && B(s, 0).off == s->next) {
			deliver_block0(s);
			continue;
		}
		e = s->nblk > 0 ? min64(b, B(s, 0).off) : b;
		emit(s, p + (s->next - a), (size_t)(e - s->next), ref);
	}
}

/* Compares new bytes [a, a+n) with the buffered bytes they overlap. */
static void compare_blocks(struct stream_dir *s, uint64_t a, const uint8_t *p, size_t n)
{
	uint64_t b = a + n;
	size_t i;

	for (i = lower(s, a); i < s->nblk && B(s, i).off < b; i++) {
		const struct stream_block *k = &B(s, i);
		uint64_t lo = k->off > a ? k->off : a, hi = min64(b, blk_end(k));

		if (memcmp(k->buf + k->head + (lo - k->off), p + (lo - a), (size_t)(hi - lo)))
			s->st.conflicts++;
		else
			s->st.retransmitted += hi - lo;
	}
}

/* Bytes of [a, b) not covered by blocks. */
static uint64_t uncovered(const struct stream_dir *s, uint64_t a, uint64_t b)
{
	uint64_t cur = a, u = 0;
	size_t i;

	for (i = lower(s, a); i < s->nblk && B(s, i).off < b; i++) {
		if (B(s, i).off > cur)
			u += B(s, i).off - cur;
		cur = blk_end(&B(s, i));
	}
	if (cur < b)
		u += b - cur;
	return u;
}

/* Index of the first block starting after off (nblk if none). */
static size_t upper(const struct stream_dir *s, uint64_t off)
{
	size_t lo = 0, hi = s->nblk;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (B(s, mid).off > off)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* The blocks that overlap or touch [a, b) are [*i0, *i1). */
static void touching(const struct stream_dir *s, uint64_t a, uint64_t b, size_t *i0, size_t *i1)
{
	size_t i = lower(s, a);

	if (i > 0 && blk_end(&B(s, i - 1)) == a)
		i--;
	*i0 = i;
	*i1 = upper(s, b);
	if (*i1 < i)
		*i1 = i;
}

/* Blocks that buffering [a, b) adds (0 or 1): new data is merged into the
 * block it overlaps or follows; only data before every touching block, or
 * touching none, starts a block. */
static size_t new_blocks(const struct stream_dir *s, uint64_t a, uint64_t b)
{
	size_t i0, i1;

	touching(s, a, b, &i0, &i1);
	return i0 == i1 || a < B(s, i0).off;
}

/* Room for `need` bytes of data in block k; 0 on allocation failure. */
static int blk_reserve(struct stream_block *k, size_t need)
{
	size_t ncap;
	uint8_t *nb;

	if (k->head + need <= k->cap)
		return 1;
	if (k->head) {
		memmove(k->buf, k->buf + k->head, k->len);
		k->head = 0;
		if (need <= k->cap)
			return 1;
	}
	ncap = k->cap * 2 > need ? k->cap * 2 : need;   /* amortised appends */
	nb = realloc(k->buf, ncap);
	if (!nb)
		return 0;
	k->buf = nb;
	k->cap = ncap;
	return 1;
}

static void nomem(struct stream_dir *s)
{
	/* Not buffered: the hole stays and becomes a gap later. */
	s->st.budget_hits++;
	if (s->budget)
		s->budget->over_budget++;
}

/*
 * Buffers the parts of [a, a+n) (a > next) that no block holds.  Data before
 * the first touching block becomes a block of its own (so a run arriving in
 * reverse order is not copied again and again); the rest is merged, with
 * every block it overlaps or touches, into the first of them, grown in place:
 * one pass of memcpy over the merged span and one memmove of the array.
 */
static void insert_data(struct stream_dir *s, uint64_t a, const uint8_t *p, size_t n,
			const struct frame_ref *ref)
{
	uint64_t b = a + n, off0, cur, end, u = 0;
	struct stream_block *k;
	uint8_t *dst;
	size_t i0, i1, j;

	touching(s, a, b, &i0, &i1);
	if (i0 == i1) {
		if (insert_new(s, i0, a, p, n, ref))
			charge(s, n);
		else
			nomem(s);
		return;
	}
	if (a < B(s, i0).off) {
		size_t len = (size_t)(B(s, i0).off - a);

		if (insert_new(s, i0, a, p, len, ref)) {
			charge(s, len);
			i0++;
			i1++;
		} else {
			nomem(s);
		}
		a += len;
		p += len;
		n -= len;
	}
	k = &B(s, i0);
	off0 = k->off;
	end = b > blk_end(&B(s, i1 - 1)) ? b : blk_end(&B(s, i1 - 1));
	if (!blk_reserve(k, (size_t)(end - off0))) {
		nomem(s);
		return;
	}
	dst = k->buf + k->head;
	cur = blk_end(k);
	for (j = i0 + 1; j < i1; j++) {
		struct stream_block *x = &B(s, j);

		if (x->off > cur) {       /* hole between two blocks, inside [a, b) */
			memcpy(dst + (cur - off0), p + (cur - a), (size_t)(x->off - cur));
			u += x->off - cur;
		}
		memcpy(dst + (x->off - off0), x->buf + x->head, x->len);
		free(x->buf);
		cur = blk_end(x);
	}
	if (b > cur) {
		memcpy(dst + (cur - off0), p + (cur - a), (size_t)(b - cur));
		u += b - cur;
	}
	k->len = (size_t)(end - off0);
	if (i1 - i0 > 1) {
		memmove(&B(s, i0 + 1), &B(s, i1), (s->nblk - i1) * sizeof(struct stream_block));
		s->nblk -= i1 - i0 - 1;
	}
	charge(s, (size_t)u);
}

/* ---- API ------------------------------------------------------------------ */

struct stream_dir *stream_new(uint32_t first_seq, size_t window, struct stream_budget *budget,
			      const struct stream_consumer *c)
{
	struct stream_dir *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->isn = first_seq;
	s->window = window ? window : STREAM_WINDOW_DEFAULT;
	s->budget = budget;
	if (c)
		s->c = *c;
	return s;
}

static void do_end(struct stream_dir *s, enum stream_end why)
{
	s->pend_end = 0;
	drain(s);
	advance_to(s, extent(s));
	while (s->nblk > 0)   /* not reached: advance_to consumed every block */
		pop_front(s);
	s->ended = 1;
	if (s->c.end) {
		s->in_cb++;
		s->c.end(s->c.arg, why);
		s->in_cb--;
	}
}

static void check_pending_end(struct stream_dir *s)
{
	if (s->pend_end && !s->in_cb && !s->ended)
		do_end(s, (enum stream_end)(s->pend_end - 1));
}

/* Makes room to buffer the new bytes of [a, b); forces gaps when a cap is
 * hit.  Returns the (possibly advanced) start of the new data. */
static uint64_t make_room(struct stream_dir *s, uint64_t a, uint64_t b)
{
	int counted = 0;
	size_t guard = s->nblk + 2;

	while (a > s->next && guard-- > 0) {
		uint64_t u = uncovered(s, a, b);
		int over_win = s->buffered + u > s->window ||
			       s->nblk + new_blocks(s, a, b) > STREAM_MAX_BLOCKS;
		int over_bud = s->budget && s->budget->used + u > s->budget->limit;
		uint64_t first;

		if (!over_win && !over_bud)
			break;
		if (!counted) {
			counted = 1;
			if (over_win)
				s->st.window_cap_hits++;
			if (over_bud) {
				s->st.budget_hits++;
				s->budget->over_budget++;
			}
		}
		first = s->nblk > 0 ? min64(B(s, 0).off, a) : a;
		advance_to(s, first);
		drain(s);
		if (a < s->next)
			a = min64(s->next, b);
	}
	return a;
}

void stream_segment(struct stream_dir *s, uint32_t seq, const uint8_t *p, size_t n,
		    const struct frame_ref *ref)
{
	uint64_t a, b, before, k;

	if (!s || !p || n == 0 || s->in_cb)
		return;
	if (n > STREAM_SEG_MAX)
		n = STREAM_SEG_MAX;
	a = seq_off(s, seq, &before);
	if (before >= n)
		return;        /* before the stream's first byte: not ours */
	p += before;
	n -= (size_t)before;
	b = a + n;
	if (a < s->next) {
		k = min64(b, s->next) - a;
		if (n == 1 && a + 1 == s->next)
			s->st.retransmitted++;  /* keep-alive probe: its byte is garbage */
		else
			old_part(s, a, p, (size_t)k);
		a += k;
		p += k;
		n -= (size_t)k;
	}
	if (n == 0 || s->ended)
		return;        /* after the end: beyond what was delivered is ignored */
	if (b > s->seen_hi)
		s->seen_hi = b;
	advance_skip(s);
	if (a < s->next) {     /* (part of) the segment was skipped */
		k = min64(b, s->next) - a;
		a += k;
		p += k;
		n -= (size_t)k;
	}
	if (n > 0) {
		uint64_t a2;

		compare_blocks(s, a, p, n);
		a2 = make_room(s, a, b);
		if (a2 > a) {
			p += a2 - a;
			n -= (size_t)(a2 - a);
			a = a2;
		}
		if (n > 0 && a == s->next)
			deliver_merge(s, a, p, n, ref);
		else if (n > 0 && a > s->next)
			insert_data(s, a, p, n, ref);
	}
	drain(s);
	check_pending_end(s);
}

void stream_ack(struct stream_dir *s, uint32_t ack)
{
	uint64_t aoff, before;

	if (!s || s->ended || s->in_cb)
		return;
	aoff = seq_off(s, ack, &before);
	if (aoff <= s->next)
		return;
	if (aoff > s->ack_hi)
		s->ack_hi = aoff;
	advance_to(s, aoff);
	drain(s);
	check_pending_end(s);
}

void stream_skip(struct stream_dir *s, uint64_t n)
{
	uint64_t base;

	if (!s || n == 0 || s->ended)
		return;
	base = s->skip_end > s->next ? s->skip_end : s->next;
	s->skip_end = base + n < base ? UINT64_MAX : base + n;
	if (s->in_cb)
		return;        /* the delivering loop applies it before the next chunk */
	drain(s);
	check_pending_end(s);
}

void stream_end(struct stream_dir *s, enum stream_end why)
{
	if (!s || s->ended)
		return;
	if (s->in_cb) {
		if (!s->pend_end)
			s->pend_end = (int)why + 1;
		return;
	}
	do_end(s, why);
}

const struct stream_stats *stream_stats(const struct stream_dir *s)
{
	return &s->st;
}

uint64_t stream_offset(const struct stream_dir *s)
{
	return s->next;
}

void stream_free(struct stream_dir *s)
{
	if (!s)
		return;
	while (s->nblk > 0)
		pop_front(s);
	free(s->blk);
	free(s->ring);
	free(s);
}
