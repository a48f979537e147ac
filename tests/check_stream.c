/*
 * check_stream.c - src/stream.c: in-order and out-of-order delivery,
 * retransmissions and conflicting overlaps, sequence wrap-around, gaps by ACK
 * and at the end, window and budget caps, skips (also from inside the data
 * callback), and long randomised connections reconstructed exactly.
 */
#include "testutil.h"
#include "stream.h"

/* ---- a recording consumer --------------------------------------------- */

#define REC_MAX_EV 256

struct ev {
	char kind;             /* 'd' data, 'g' gap, 'e' end */
	uint64_t off, len;
	uint64_t frame;
};

struct rec {
	struct stream_dir *s;
	uint8_t out[4096];     /* delivered bytes by offset (first 4096) */
	uint8_t mark[4096];    /* 'd' delivered, 'g' gap, 0 nothing (skipped) */
	uint64_t pos;          /* end of the last data or gap */
	unsigned nev;
	struct ev ev[REC_MAX_EV];
	const uint8_t *last_p; /* pointer of the last data call */
	int ends;
	enum stream_end why;
	/* scripted re-entrant skip: at data call number skip_call (1-based) */
	unsigned ndata, skip_call;
	uint64_t skip_n;
	unsigned gap_skip_call, ngap;   /* same from the gap callback */
	uint64_t gap_skip_n;
};

static void rec_data(void *arg, uint64_t off, const uint8_t *p, size_t n, const struct frame_ref *ref)
{
	struct rec *r = arg;
	uint64_t i;

	ck_assert_uint_gt(n, 0);
	ck_assert_uint_ge(off, r->pos);      /* never backwards, never twice */
	ck_assert_uint_eq(stream_offset(r->s), off + n);
	for (i = 0; i < n && off + i < sizeof(r->out); i++) {
		r->out[off + i] = p[i];
		r->mark[off + i] = 'd';
	}
	r->pos = off + n;
	r->last_p = p;
	if (r->nev < REC_MAX_EV)
		r->ev[r->nev++] = (struct ev){ 'd', off, n, ref ? ref->frame : 0 };
	if (++r->ndata == r->skip_call)
		stream_skip(r->s, r->skip_n);
}

static void rec_gap(void *arg, uint64_t off, uint64_t len)
{
	struct rec *r = arg;
	uint64_t i;

	ck_assert_uint_gt(len, 0);
	ck_assert_uint_ge(off, r->pos);
	for (i = 0; i < len && off + i < sizeof(r->out); i++)
		r->mark[off + i] = 'g';
	r->pos = off + len;
	if (r->nev < REC_MAX_EV)
		r->ev[r->nev++] = (struct ev){ 'g', off, len, 0 };
	if (++r->ngap == r->gap_skip_call)
		stream_skip(r->s, r->gap_skip_n);
}

static void rec_end(void *arg, enum stream_end why)
{
	struct rec *r = arg;

	r->ends++;
	r->why = why;
	if (r->nev < REC_MAX_EV)
		r->ev[r->nev++] = (struct ev){ 'e', 0, 0, 0 };
}

static struct stream_dir *rec_new(struct rec *r, uint32_t isn, size_t window, struct stream_budget *b)
{
	struct stream_consumer c = { rec_data, rec_gap, rec_end, r };

	memset(r, 0, sizeof(*r));
	r->s = stream_new(isn, window, b, &c);
	ck_assert_ptr_nonnull(r->s);
	return r->s;
}

/* The original bytes of the small tests: byte i is ORIG(i). */
static uint8_t orig_byte(uint64_t i)
{
	return (uint8_t)('A' + (i * 7 + i / 26) % 26);
}

static uint8_t orig_buf[8192];

static void orig_init(void)
{
	size_t i;
	for (i = 0; i < sizeof(orig_buf); i++)
		orig_buf[i] = orig_byte(i);
}

/* Feeds original bytes [off, off+len) at isn+off, frame number = fr. */
static void feed(struct stream_dir *s, uint32_t isn, uint64_t off, size_t len, uint64_t fr)
{
	struct frame_ref ref = { 0, fr };
	ck_assert_uint_le(off + len, sizeof(orig_buf));
	stream_segment(s, isn + (uint32_t)off, orig_buf + off, len, &ref);
}

/* Delivered bytes [off, off+len) equal the original. */
static void assert_delivered(const struct rec *r, uint64_t off, uint64_t len)
{
	uint64_t i;
	for (i = off; i < off + len; i++) {
		ck_assert_msg(r->mark[i] == 'd', "byte %llu not delivered (mark %d)",
			      (unsigned long long)i, r->mark[i]);
		ck_assert_msg(r->out[i] == orig_byte(i), "byte %llu differs", (unsigned long long)i);
	}
}

static void assert_ev(const struct rec *r, unsigned i, char kind, uint64_t off, uint64_t len)
{
	ck_assert_uint_lt(i, r->nev);
	ck_assert_msg(r->ev[i].kind == kind && r->ev[i].off == off && r->ev[i].len == len,
		      "event %u: got %c %llu+%llu, want %c %llu+%llu", i, r->ev[i].kind,
		      (unsigned long long)r->ev[i].off, (unsigned long long)r->ev[i].len, kind,
		      (unsigned long long)off, (unsigned long long)len);
}

/* ---- basic delivery ------------------------------------------------------ */

START_TEST(t_inorder)
{
	struct rec r;
	struct stream_dir *s = rec_new(&r, 1000, 0, NULL);
	const struct stream_stats *st;

	orig_init();
	feed(s, 1000, 0, 6, 4);
	ck_assert_ptr_eq(r.last_p, orig_buf);           /* zero copy */
	feed(s, 1000, 6, 5, 5);
	ck_assert_ptr_eq(r.last_p, orig_buf + 6);
	assert_ev(&r, 0, 'd', 0, 6);
	assert_ev(&r, 1, 'd', 6, 5);
	ck_assert_uint_eq(r.ev[0].frame, 4);
	ck_assert_uint_eq(r.ev[1].frame, 5);
	assert_delivered(&r, 0, 11);
	ck_assert_uint_eq(stream_offset(s), 11);
	stream_end(s, STREAM_END_FIN);
	ck_assert_int_eq(r.ends, 1);
	ck_assert_int_eq(r.why, STREAM_END_FIN);
	st = stream_stats(s);
	ck_assert_uint_eq(st->delivered, 11);
	ck_assert_uint_eq(st->gaps, 0);
	ck_assert_uint_eq(st->max_buffered, 0);
	stream_end(s, STREAM_END_RST);                  /* once only */
	ck_assert_int_eq(r.ends, 1);
	stream_free(s);
}
END_TEST

START_TEST(t_ooo_then_fill)
{
	struct rec r;
	struct stream_budget b = { 1 << 20, 0, 0 };
	struct stream_dir *s = rec_new(&r, 5, 0, &b);

	orig_init();
	feed(s, 5, 20, 10, 3);     /* third segment first */
	feed(s, 5, 10, 10, 2);
	ck_assert_uint_eq(r.nev, 0);
	ck_assert_uint_eq(b.used, 20);
	ck_assert_uint_eq(stream_stats(s)->max_buffered, 20);
	feed(s, 5, 0, 10, 1);
	/* segments 2 and 3 were not adjacent to an existing block's end when
	 * they arrived (3 came first), so they are two blocks */
	assert_ev(&r, 0, 'd', 0, 10);
	assert_ev(&r, 1, 'd', 10, 10);
	assert_ev(&r, 2, 'd', 20, 10);
	ck_assert_uint_eq(r.ev[1].frame, 2);
	ck_assert_uint_eq(r.ev[2].frame, 3);
	assert_delivered(&r, 0, 30);
	ck_assert_uint_eq(b.used, 0);
	ck_assert_uint_eq(stream_stats(s)->retransmitted, 0);
	/* appended out-of-order data is one block, delivered in one call with
	 * the first frame's ref */
	feed(s, 5, 40, 10, 7);
	feed(s, 5, 50, 10, 8);
	feed(s, 5, 30, 10, 6);
	assert_ev(&r, 3, 'd', 30, 10);
	assert_ev(&r, 4, 'd', 40, 20);
	ck_assert_uint_eq(r.ev[4].frame, 7);
	assert_delivered(&r, 0, 60);
	ck_assert_uint_eq(b.used, 0);
	stream_free(s);
}
END_TEST

START_TEST(t_retrans_identical)
{
	struct rec r;
	struct stream_budget b = { 1 << 20, 0, 0 };
	struct stream_dir *s = rec_new(&r, 77, 0, &b);
	const struct stream_stats *st = stream_stats(s);

	orig_init();
	feed(s, 77, 0, 10, 1);
	feed(s, 77, 0, 10, 2);         /* delivered already */
	ck_assert_uint_eq(r.nev, 1);
	ck_assert_uint_eq(st->retransmitted, 10);
	feed(s, 77, 20, 10, 3);
	feed(s, 77, 20, 10, 4);        /* buffered already */
	ck_assert_uint_eq(b.used, 10);
	ck_assert_uint_eq(st->retransmitted, 20);
	feed(s, 77, 10, 10, 5);
	feed(s, 77, 5, 20, 6);         /* all old, straddling */
	ck_assert_uint_eq(st->retransmitted, 40);
	ck_assert_uint_eq(st->conflicts, 0);
	ck_assert_uint_eq(st->delivered, 30);
	assert_delivered(&r, 0, 30);
	ck_assert_uint_eq(r.nev, 3);
	stream_free(s);
}
END_TEST

START_TEST(t_retrans_conflict)
{
	struct rec r;
	struct stream_dir *s = rec_new(&r, 1, 0, NULL);
	const struct stream_stats *st = stream_stats(s);
	uint8_t bad[10];

	orig_init();
	feed(s, 1, 0, 10, 1);
	memcpy(bad, orig_buf, 10);
	bad[3] ^= 0x55;
	stream_segment(s, 1, bad, 10, NULL);       /* differs from delivered */
	ck_assert_uint_eq(st->conflicts, 1);
	ck_assert_uint_eq(st->retransmitted, 0);
	feed(s, 1, 20, 10, 2);
	memcpy(bad, orig_buf + 20, 10);
	bad[9] ^= 1;
	stream_segment(s, 21, bad, 10, NULL);      /* differs from buffered */
	ck_assert_uint_eq(st->conflicts, 2);
	feed(s, 1, 10, 10, 3);
	assert_delivered(&r, 0, 30);               /* the first copy won */
	/* a keep-alive probe (1 garbage byte at next - 1) is no conflict */
	bad[0] = 0;
	stream_segment(s, 1 + 29, bad, 1, NULL);
	ck_assert_uint_eq(st->conflicts, 2);
	ck_assert_uint_eq(st->retransmitted, 1);
	stream_free(s);
}
END_TEST

/* Buffered [10,20); new data overlapping it at the front, back, middle and
 * around; everything delivered once, first copies. */
START_TEST(t_overlap_partial)
{
	struct rec r;
	struct stream_budget b = { 1 << 20, 0, 0 };
	struct stream_dir *s = rec_new(&r, 100, 0, &b);
	const struct stream_stats *st = stream_stats(s);

	orig_init();
	feed(s, 100, 10, 10, 1);
	feed(s, 100, 5, 10, 2);          /* front overlap: [5,10) new, [10,15) old */
	ck_assert_uint_eq(st->retransmitted, 5);
	ck_assert_uint_eq(b.used, 15);
	feed(s, 100, 15, 10, 3);         /* back overlap: [20,25) new */
	ck_assert_uint_eq(st->retransmitted, 10);
	ck_assert_uint_eq(b.used, 20);
	feed(s, 100, 12, 3, 4);          /* middle: all old */
	ck_assert_uint_eq(st->retransmitted, 13);
	feed(s, 100, 30, 5, 5);          /* another block */
	feed(s, 100, 2, 40, 6);          /* around both: [2,5), [25,30), [35,42) new */
	ck_assert_uint_eq(st->retransmitted, 13 + 20 + 5);
	ck_assert_uint_eq(b.used, 40);
	ck_assert_uint_eq(r.nev, 0);
	feed(s, 100, 0, 4, 7);           /* in order, overlapping [2,4) */
	ck_assert_uint_eq(st->retransmitted, 13 + 25 + 2);
	assert_delivered(&r, 0, 42);
	ck_assert_uint_eq(st->delivered, 42);
	ck_assert_uint_eq(st->conflicts, 0);
	ck_assert_uint_eq(b.used, 0);
	/* in-order segment whose tail overlaps buffered data: buffered copy wins */
	{
		uint8_t x[20];
		feed(s, 100, 50, 10, 8);          /* buffered [50,60) */
		memcpy(x, orig_buf + 42, 20);
		x[15] ^= 1;                        /* offset 57: differs from buffer */
		stream_segment(s, 100 + 42, x, 20, NULL);
		ck_assert_uint_eq(st->conflicts, 1);
		assert_delivered(&r, 0, 60);
		ck_assert_uint_eq(stream_offset(s), 62);
	}
	stream_free(s);
	ck_assert_uint_eq(b.used, 0);
}
END_TEST

START_TEST(t_wraparound)
{
	struct rec r;
	uint32_t isn = 0xfffffff0u;
	struct stream_dir *s = rec_new(&r, isn, 0, NULL);

	orig_init();
	feed(s, isn, 0, 10, 1);           /* 0xfffffff0 .. 0xfffffff9 */
	feed(s, isn, 20, 10, 3);          /* 0x00000004 .. : after the wrap, out of order */
	feed(s, isn, 10, 10, 2);          /* straddles 2^32 */
	assert_delivered(&r, 0, 30);
	ck_assert_uint_eq(stream_offset(s), 30);
	stream_ack(s, isn + 30u);         /* no hole */
	ck_assert_uint_eq(stream_stats(s)->gaps, 0);
	stream_ack(s, isn + 40u);         /* 10 acked bytes never seen */
	ck_assert_uint_eq(stream_stats(s)->gaps, 1);
	ck_assert_uint_eq(stream_stats(s)->gap_bytes, 10);
	stream_free(s);
}
END_TEST

START_TEST(t_syn_near_ffffffff)
{
	struct rec r;
	uint32_t syn = 0xfffffffeu, isn = syn + 1;   /* first data byte at 0xffffffff */
	struct stream_dir *s = rec_new(&r, isn, 0, NULL);

	orig_init();
	stream_ack(s, isn);               /* ACK of the SYN: nothing */
	stream_ack(s, syn);               /* old ACK: nothing */
	feed(s, isn, 1, 9, 2);            /* seq 0: out of order, after the wrap */
	ck_assert_uint_eq(r.nev, 0);
	feed(s, isn, 0, 1, 1);            /* seq 0xffffffff */
	assert_ev(&r, 0, 'd', 0, 1);
	assert_ev(&r, 1, 'd', 1, 9);
	/* bytes before the first data byte (e.g. a segment with the SYN's seq)
	 * are not part of the stream */
	stream_segment(s, syn - 5, orig_buf, 6, NULL);
	ck_assert_uint_eq(stream_stats(s)->delivered, 10);
	ck_assert_uint_eq(r.nev, 2);
	stream_free(s);
}
END_TEST

/* ---- gaps ------------------------------------------------------------------ */

START_TEST(t_gap_by_ack)
{
	struct rec r;
	struct stream_budget b = { 1 << 20, 0, 0 };
	struct stream_dir *s = rec_new(&r, 9, 0, &b);
	const struct stream_stats *st = stream_stats(s);

	orig_init();
	feed(s, 9, 0, 10, 1);
	feed(s, 9, 20, 10, 3);            /* [10,20) never captured */
	stream_ack(s, 9 + 15);            /* ACK inside the hole: gap up to it */
	assert_ev(&r, 1, 'g', 10, 5);
	ck_assert_uint_eq(r.nev, 2);
	feed(s, 9, 15, 5, 2);             /* the rest of the hole arrives */
	assert_ev(&r, 2, 'd', 15, 5);
	assert_ev(&r, 3, 'd', 20, 10);
	feed(s, 9, 40, 10, 4);            /* [30,40) missing */
	stream_ack(s, 9 + 60);            /* ACK past everything */
	assert_ev(&r, 4, 'g', 30, 10);
	assert_ev(&r, 5, 'd', 40, 10);
	assert_ev(&r, 6, 'g', 50, 10);
	ck_assert_uint_eq(st->gaps, 3);
	ck_assert_uint_eq(st->gap_bytes, 25);
	ck_assert_uint_eq(b.used, 0);
	feed(s, 9, 50, 10, 5);            /* came after its gap: old */
	ck_assert_uint_eq(st->retransmitted, 10);
	ck_assert_uint_eq(stream_offset(s), 60);
	stream_end(s, STREAM_END_FIN);
	ck_assert_uint_eq(st->gaps, 3);
	stream_free(s);
}
END_TEST

START_TEST(t_gap_at_end)
{
	struct rec r;
	struct stream_budget b = { 1 << 20, 0, 0 };
	struct stream_dir *s = rec_new(&r, 3, 0, &b);
	const struct stream_stats *st = stream_stats(s);

	orig_init();
	feed(s, 3, 20, 10, 1);
	feed(s, 3, 40, 10, 2);
	stream_end(s, STREAM_END_RST);
	assert_ev(&r, 0, 'g', 0, 20);
	assert_ev(&r, 1, 'd', 20, 10);
	assert_ev(&r, 2, 'g', 30, 10);
	assert_ev(&r, 3, 'd', 40, 10);
	assert_ev(&r, 4, 'e', 0, 0);
	ck_assert_int_eq(r.why, STREAM_END_RST);
	ck_assert_uint_eq(st->gaps, 2);
	ck_assert_uint_eq(st->gap_bytes, 30);
	ck_assert_uint_eq(stream_offset(s), 50);
	ck_assert_uint_eq(b.used, 0);
	/* after the end: identical bytes are retransmissions, others conflicts */
	feed(s, 3, 40, 10, 3);
	ck_assert_uint_eq(st->retransmitted, 10);
	{
		uint8_t x[4] = { 1, 2, 3, 4 };
		stream_segment(s, 3 + 45, x, 4, NULL);
	}
	ck_assert_uint_eq(st->conflicts, 1);
	feed(s, 3, 50, 10, 4);            /* beyond the end: ignored */
	ck_assert_uint_eq(st->delivered, 20);
	ck_assert_uint_eq(r.nev, 5);
	stream_ack(s, 3 + 100);
	ck_assert_uint_eq(st->gaps, 2);
	stream_free(s);
}
END_TEST

/* ---- caps ------------------------------------------------------------------ */

START_TEST(t_window_cap)
{
	struct rec r;
	struct stream_budget b = { 1 << 20, 0, 0 };
	struct stream_dir *s = rec_new(&r, 50, 100, &b);
	const struct stream_stats *st = stream_stats(s);

	orig_init();
	feed(s, 50, 10, 60, 1);           /* buffered 60 of 100 */
	feed(s, 50, 200, 60, 2);          /* 120 > 100: gap to the first buffered byte */
	ck_assert_uint_eq(st->window_cap_hits, 1);
	assert_ev(&r, 0, 'g', 0, 10);
	assert_ev(&r, 1, 'd', 10, 60);
	ck_assert_uint_eq(r.nev, 2);
	ck_assert_uint_eq(b.used, 60);    /* the new segment is buffered now */
	ck_assert_uint_eq(st->max_buffered, 60);
	/* a segment larger than the window on its own: gap up to it, delivered
	 * from the packet (the buffered one comes after it) */
	feed(s, 50, 80, 110, 3);
	ck_assert_uint_eq(st->window_cap_hits, 2);
	assert_ev(&r, 2, 'g', 70, 10);
	assert_ev(&r, 3, 'd', 80, 110);
	ck_assert_uint_eq(r.nev, 4);
	stream_end(s, STREAM_END_FIN);
	assert_ev(&r, 4, 'g', 190, 10);
	assert_ev(&r, 5, 'd', 200, 60);
	ck_assert_uint_eq(b.used, 0);
	ck_assert_uint_eq(st->budget_hits, 0);
	stream_free(s);
}
END_TEST

START_TEST(t_budget_shared)
{
	struct rec ra, rb;
	struct stream_budget b = { 100, 0, 0 };
	struct stream_dir *sa = rec_new(&ra, 1000, 0, &b);
	struct stream_dir *sb = rec_new(&rb, 2000, 0, &b);

	orig_init();
	feed(sa, 1000, 10, 80, 1);
	ck_assert_uint_eq(b.used, 80);
	feed(sb, 2000, 10, 30, 2);        /* 110 > 100 */
	ck_assert_uint_eq(stream_stats(sb)->budget_hits, 1);
	ck_assert_uint_eq(stream_stats(sb)->window_cap_hits, 0);
	ck_assert_uint_eq(b.over_budget, 1);
	assert_ev(&rb, 0, 'g', 0, 10);    /* forced in the stream that hit it */
	assert_ev(&rb, 1, 'd', 10, 30);
	ck_assert_uint_eq(b.used, 80);
	feed(sb, 2000, 50, 20, 3);        /* fits: 100 */
	ck_assert_uint_eq(b.used, 100);
	ck_assert_uint_eq(stream_stats(sb)->budget_hits, 1);
	feed(sa, 1000, 0, 10, 4);         /* A delivers, returns 80 */
	assert_delivered(&ra, 0, 90);
	ck_assert_uint_eq(b.used, 20);
	stream_free(sb);                  /* freeing returns the rest */
	ck_assert_uint_eq(b.used, 0);
	stream_free(sa);
}
END_TEST

/* Many tiny out-of-order runs: the block count is capped too. */
START_TEST(t_block_cap)
{
	struct rec r;
	struct stream_dir *s = rec_new(&r, 0, 0, NULL);
	unsigned i;

	orig_init();
	for (i = 0; i < 2000; i++)
		feed(s, 0, 2 + 2 * (uint64_t)i, 1, i);  /* 1 byte, 1 hole */
	ck_assert_uint_ge(stream_stats(s)->window_cap_hits, 1);
	ck_assert_uint_le(stream_stats(s)->max_buffered, 1024);
	stream_end(s, STREAM_END_FLOW);
	ck_assert_uint_eq(stream_offset(s), 4001);
	ck_assert_uint_eq(stream_stats(s)->delivered, 2000);
	ck_assert_uint_eq(stream_stats(s)->gap_bytes, 2001);
	stream_free(s);
}
END_TEST

/* One segment over many buffered runs merges them into one block: no cap hit,
 * one delivery. */
START_TEST(t_merge_many)
{
	struct rec r;
	struct stream_budget b = { 1 << 20, 0, 0 };
	struct stream_dir *s = rec_new(&r, 0, 0, &b);
	const struct stream_stats *st = stream_stats(s);
	unsigned i;

	orig_init();
	for (i = 0; i < 1000; i++)
		feed(s, 0, 2 + 2 * (uint64_t)i, 1, i + 10);
	ck_assert_uint_eq(b.used, 1000);
	feed(s, 0, 1, 2001, 5);          /* [1, 2002): fills 1000 holes, 1 byte beyond */
	ck_assert_uint_eq(st->window_cap_hits, 0);
	ck_assert_uint_eq(st->retransmitted, 1000);
	ck_assert_uint_eq(b.used, 2001);
	ck_assert_uint_eq(r.nev, 0);
	feed(s, 0, 0, 1, 4);
	/* the byte before the first run is a block of its own (data in front
	 * of a block is never merged into it: that would copy the block) */
	assert_ev(&r, 0, 'd', 0, 1);
	assert_ev(&r, 1, 'd', 1, 1);
	assert_ev(&r, 2, 'd', 2, 2000);
	ck_assert_uint_eq(r.ev[1].frame, 5);
	ck_assert_uint_eq(r.ev[2].frame, 10);
	assert_delivered(&r, 0, 2002);
	ck_assert_uint_eq(b.used, 0);
	stream_free(s);
}
END_TEST

/* ---- skips ----------------------------------------------------------------- */

START_TEST(t_skip_inside_and_across)
{
	struct rec r;
	struct stream_dir *s = rec_new(&r, 0, 0, NULL);
	const struct stream_stats *st = stream_stats(s);

	orig_init();
	stream_skip(s, 5);                /* before any data */
	feed(s, 0, 0, 10, 1);             /* inside one segment */
	assert_ev(&r, 0, 'd', 5, 5);
	assert_delivered(&r, 5, 5);
	ck_assert_ptr_eq(r.last_p, orig_buf + 5);
	stream_skip(s, 15);               /* across two segments */
	feed(s, 0, 10, 10, 2);
	ck_assert_uint_eq(r.nev, 1);
	feed(s, 0, 20, 10, 3);
	assert_ev(&r, 1, 'd', 25, 5);
	ck_assert_uint_eq(st->skipped, 20);
	/* across a hole: [40,50) never arrives, the ACK passes it */
	stream_skip(s, 25);               /* [30,55) */
	feed(s, 0, 30, 10, 4);
	feed(s, 0, 50, 10, 5);
	assert_ev(&r, 2, 'd', 55, 5);
	stream_ack(s, 60);
	ck_assert_uint_eq(st->gaps, 0);
	ck_assert_uint_eq(st->skipped, 45);
	/* a skip over buffered data frees it without delivering it */
	feed(s, 0, 70, 10, 6);
	stream_skip(s, 15);               /* [60,75): hole [60,70) and 5 buffered bytes */
	assert_ev(&r, 3, 'd', 75, 5);     /* the rest of the block follows at once */
	ck_assert_uint_eq(r.nev, 4);
	feed(s, 0, 60, 10, 7);            /* in the skipped range: dropped, not counted */
	ck_assert_uint_eq(st->retransmitted, 0);
	ck_assert_uint_eq(st->conflicts, 0);
	ck_assert_uint_eq(st->skipped, 60);
	ck_assert_uint_eq(st->gaps, 0);
	ck_assert_uint_eq(stream_offset(s), 80);
	/* a skip beyond the end: the end skips what was seen, nothing more */
	stream_skip(s, 1000);
	feed(s, 0, 80, 10, 8);
	stream_end(s, STREAM_END_FIN);
	ck_assert_uint_eq(st->skipped, 70);
	ck_assert_uint_eq(st->gaps, 0);
	ck_assert_uint_eq(stream_offset(s), 90);
	ck_assert_uint_eq(st->delivered + st->skipped + st->gap_bytes, 90);
	stream_free(s);
}
END_TEST

START_TEST(t_skip_reentrant)
{
	struct rec r;
	struct stream_budget b = { 1 << 20, 0, 0 };
	struct stream_dir *s = rec_new(&r, 0, 0, &b);
	const struct stream_stats *st = stream_stats(s);

	orig_init();
	/* The consumer asks to skip 5 while the first of three contiguous
	 * chunks is delivered: the second chunk starts at the skip point. */
	r.skip_call = 1;
	r.skip_n = 5;
	feed(s, 0, 10, 10, 2);
	feed(s, 0, 20, 10, 3);            /* appended: one block [10,30) */
	feed(s, 0, 0, 10, 1);
	assert_ev(&r, 0, 'd', 0, 10);
	assert_ev(&r, 1, 'd', 15, 15);
	ck_assert_uint_eq(st->skipped, 5);
	ck_assert_uint_eq(b.used, 0);

	/* Across blocks and a hole: blocks [40,50) and [60,70), hole [50,60);
	 * skipping 25 from inside the first delivery covers the hole. */
	r.skip_call = 3;
	r.skip_n = 25;
	feed(s, 0, 40, 10, 5);
	feed(s, 0, 60, 10, 6);
	feed(s, 0, 30, 10, 4);            /* delivery 3 = [30,40): skip [40,65) */
	assert_ev(&r, 2, 'd', 30, 10);
	assert_ev(&r, 3, 'd', 65, 5);
	ck_assert_uint_eq(st->gaps, 0);
	ck_assert_uint_eq(st->skipped, 30);
	ck_assert_uint_eq(b.used, 0);

	/* Inside one in-order segment that also fills a hole: a 30-byte
	 * segment [70,100) while [100,110) is buffered; skip 20 during the
	 * segment's delivery skips [100,110) and 10 of what follows. */
	r.skip_call = 5;
	r.skip_n = 20;
	feed(s, 0, 100, 10, 8);
	feed(s, 0, 70, 30, 7);
	assert_ev(&r, 4, 'd', 70, 30);
	ck_assert_uint_eq(r.nev, 5);
	ck_assert_uint_eq(stream_offset(s), 110);
	feed(s, 0, 110, 20, 9);
	assert_ev(&r, 5, 'd', 120, 10);
	ck_assert_uint_eq(st->skipped, 50);

	/* From the gap callback: the ACK declares [130,140) a gap; the consumer
	 * skips 5 there; buffered [140,150) comes from 145. */
	r.gap_skip_call = 1;
	r.gap_skip_n = 5;
	feed(s, 0, 140, 10, 10);
	stream_ack(s, 150);
	assert_ev(&r, 6, 'g', 130, 10);
	assert_ev(&r, 7, 'd', 145, 5);
	ck_assert_uint_eq(st->skipped, 55);
	ck_assert_uint_eq(st->delivered + st->skipped + st->gap_bytes, 150);
	ck_assert_uint_eq(b.used, 0);
	stream_free(s);
}
END_TEST

/* stream_end called from a data callback runs after the current call. */
static struct stream_dir *end_target;
static unsigned end_calls;

static void end_data(void *arg, uint64_t off, const uint8_t *p, size_t n, const struct frame_ref *ref)
{
	(void)arg; (void)off; (void)p; (void)n; (void)ref;
	stream_end(end_target, STREAM_END_FLOW);
	stream_segment(end_target, 0, orig_buf, 10, NULL);   /* ignored from a callback */
}

static void end_end(void *arg, enum stream_end why)
{
	(void)arg;
	ck_assert_int_eq(why, STREAM_END_FLOW);
	end_calls++;
}

START_TEST(t_end_from_callback)
{
	struct stream_consumer c = { end_data, NULL, end_end, NULL };
	struct stream_dir *s = stream_new(0, 0, NULL, &c);

	orig_init();
	end_target = s;
	end_calls = 0;
	feed(s, 0, 20, 10, 2);
	feed(s, 0, 0, 10, 1);
	ck_assert_uint_eq(end_calls, 1);
	/* the end ran after the call: [0,10), gap [10,20), [20,30) */
	ck_assert_uint_eq(stream_stats(s)->delivered, 20);
	ck_assert_uint_eq(stream_stats(s)->gap_bytes, 10);
	stream_free(s);
}
END_TEST

/* ---- long randomised connections ------------------------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static uint64_t rnd_in(uint64_t lo, uint64_t hi)   /* [lo, hi] */
{
	return lo + rnd() % (hi - lo + 1);
}

struct seg { uint64_t off; uint32_t len; };

struct big {
	struct stream_dir *s;
	const uint8_t *orig;
	uint8_t *fed;            /* 1 once a byte was given to the stream */
	uint8_t *state;          /* 'd' delivered, 'g' gap */
	uint64_t total, pos;
	uint64_t gap_bytes;
	/* message parser (skip variant) */
	int parse;
	uint64_t msg_start;      /* offset of the current message header */
	unsigned hdr_have;
	uint32_t body_len;
	uint64_t body_left;
	uint64_t expect;         /* next offset the parser expects */
	unsigned nmsg;
	uint64_t skip_total;
};

static void big_data(void *arg, uint64_t off, const uint8_t *p, size_t n, const struct frame_ref *ref)
{
	struct big *g = arg;
	size_t i = 0;

	(void)ref;
	ck_assert_uint_ge(off, g->pos);
	ck_assert_uint_le(off + n, g->total);
	if (memcmp(p, g->orig + off, n))
		ck_abort_msg("delivered bytes at %llu differ", (unsigned long long)off);
	memset(g->state + off, 'd', n);
	g->pos = off + n;
	if (!g->parse)
		return;
	ck_assert_msg(off == g->expect, "parser expected %llu, got %llu",
		      (unsigned long long)g->expect, (unsigned long long)off);
	/* 4-byte big-endian length, then the body; odd messages are skipped */
	while (i < n) {
		if (g->hdr_have < 4) {
			g->body_len = (g->body_len << 8) | p[i++];
			if (++g->hdr_have < 4)
				continue;
			g->body_left = g->body_len;
			if (g->nmsg % 2 == 1 && g->body_left > n - i) {
				uint64_t k = g->body_left - (n - i);
				stream_skip(g->s, k);
				g->skip_total += k;
				g->expect = off + n + k;
				g->body_left = 0;
				g->hdr_have = 0;
				g->body_len = 0;
				g->nmsg++;
				return;
			}
		}
		{
			size_t k = g->body_left < n - i ? (size_t)g->body_left : n - i;
			i += k;
			g->body_left -= k;
		}
		if (g->body_left == 0) {
			g->hdr_have = 0;
			g->body_len = 0;
			g->nmsg++;
		}
	}
	g->expect = off + n;
}

static void big_gap(void *arg, uint64_t off, uint64_t len)
{
	struct big *g = arg;

	ck_assert_uint_ge(off, g->pos);
	ck_assert_uint_le(off + len, g->total);
	ck_assert_msg(!g->parse, "gap %llu+%llu in the skip variant", (unsigned long long)off,
		      (unsigned long long)len);
	if (memchr(g->fed + off, 1, len))
		ck_abort_msg("gap %llu+%llu over a byte that was captured", (unsigned long long)off,
			     (unsigned long long)len);
	memset(g->state + off, 'g', len);
	g->gap_bytes += len;
	g->pos = off + len;
}

/*
 * A connection of nmsg messages (random sizes), cut into random segments,
 * sent in locally shuffled order with duplicates and overlapping resends;
 * some segments are withheld (the capture missed them), the receiver's
 * cumulative ACK is fed as it would be.  With parse != 0 the messages carry
 * a 4-byte length, the consumer skips every odd message's body from inside
 * the callback, and only segments inside skipped bodies are withheld.
 */
static void run_long(uint64_t seed, uint32_t isn, unsigned nmsg, int parse)
{
	struct big g;
	struct stream_budget bud = { STREAM_BUDGET_DEFAULT, 0, 0 };
	struct stream_consumer c = { big_data, big_gap, NULL, &g };
	uint8_t *orig, *skipbody;
	struct seg *segs, *sent;
	size_t nseg = 0, nsent = 0, i, j;
	uint64_t total = 0, off, ack = 0, withheld = 0;
	uint8_t *emitted;           /* per byte: sent (captured or not) */
	const struct stream_stats *st;

	rng_state = seed;
	memset(&g, 0, sizeof(g));
	/* messages */
	{
		uint32_t *sizes = malloc(nmsg * sizeof(*sizes));
		ck_assert_ptr_nonnull(sizes);
		for (i = 0; i < nmsg; i++) {
			sizes[i] = (uint32_t)rnd_in(1, rnd() % 8 == 0 ? 8000 : 1500);
			total += sizes[i] + (parse ? 4 : 0);
		}
		orig = malloc(total);
		skipbody = calloc(1, total);
		ck_assert_ptr_nonnull(orig);
		ck_assert_ptr_nonnull(skipbody);
		for (off = 0, i = 0; i < nmsg; i++) {
			if (parse) {
				orig[off] = (uint8_t)(sizes[i] >> 24);
				orig[off + 1] = (uint8_t)(sizes[i] >> 16);
				orig[off + 2] = (uint8_t)(sizes[i] >> 8);
				orig[off + 3] = (uint8_t)sizes[i];
				off += 4;
				if (i % 2 == 1)
					memset(skipbody + off, 1, sizes[i]);
			}
			for (j = 0; j < sizes[i]; j++)
				orig[off + j] = (uint8_t)rnd();
			off += sizes[i];
		}
		free(sizes);
	}
	/* segments */
	segs = malloc(sizeof(*segs) * (total / 64 + 1024));
	ck_assert_ptr_nonnull(segs);
	for (off = 0; off < total;) {
		uint64_t len = rnd() % 16 == 0 ? rnd_in(1, 100) : rnd_in(500, 1460);
		if (rnd() % 64 == 0)
			len = rnd_in(2000, 9000);     /* offload super-segment */
		if (len > total - off)
			len = total - off;
		ck_assert_uint_lt(nseg, total / 64 + 1024);
		segs[nseg++] = (struct seg){ off, (uint32_t)len };
		off += len;
	}
	/* send schedule */
	sent = malloc(sizeof(*sent) * (nseg * 2 + 16));
	emitted = calloc(1, total);
	g.fed = calloc(1, total);
	g.state = calloc(1, total);
	ck_assert(sent && emitted && g.fed && g.state);
	g.orig = orig;
	g.total = total;
	g.parse = parse;
	g.s = stream_new(isn, 0, &bud, &c);
	ck_assert_ptr_nonnull(g.s);
	for (i = 0; i < nseg;) {
		size_t k = (size_t)rnd_in(1, 8), a, b;
		struct seg grp[8];

		if (k > nseg - i)
			k = nseg - i;
		memcpy(grp, segs + i, k * sizeof(*grp));
		for (a = k; a > 1; a--) {            /* shuffle the group */
			struct seg t;
			b = (size_t)(rnd() % a);
			t = grp[a - 1];
			grp[a - 1] = grp[b];
			grp[b] = t;
		}
		for (a = 0; a < k; a++) {
			struct seg sg = grp[a];
			int withhold;

			if (parse)
				withhold = rnd() % 20 == 0 &&
					   !memchr(skipbody + sg.off, 0, sg.len);
			else
				withhold = rnd() % 100 == 0;
			memset(emitted + sg.off, 1, sg.len);
			if (withhold) {
				withheld++;
			} else {
				struct frame_ref ref = { 0, nsent + 1 };
				memset(g.fed + sg.off, 1, sg.len);
				stream_segment(g.s, isn + (uint32_t)sg.off, orig + sg.off, sg.len, &ref);
				sent[nsent++] = sg;
			}
			/* a duplicate or an overlapping resend of something recent */
			if (nsent > 0 && rnd() % 20 == 0) {
				struct seg d = sent[nsent - 1 - (size_t)(rnd() % (nsent < 16 ? nsent : 16))];
				uint64_t lo = d.off > 300 ? d.off - rnd_in(0, 300) : d.off;
				uint64_t hi = d.off + d.len + rnd_in(0, 300);
				uint64_t q;
				/* only bytes already emitted by the sender */
				for (q = lo; q < hi && q < total && emitted[q]; q++)
					;
				hi = q;
				for (q = lo; q < hi && !emitted[q]; q++)
					;
				lo = q;
				if (hi > lo) {
					memset(g.fed + lo, 1, hi - lo);
					stream_segment(g.s, isn + (uint32_t)lo, orig + lo, hi - lo, NULL);
				}
			}
		}
		i += k;
		/* the receiver ACKs what it has contiguously (captured or not) */
		while (ack < total && emitted[ack])
			ack++;
		if (rnd() % 3 == 0)
			stream_ack(g.s, isn + (uint32_t)ack);
	}
	stream_end(g.s, STREAM_END_FIN);
	st = stream_stats(g.s);
	if (getenv("STREAM_TEST_VERBOSE"))
		fprintf(stderr, "long%s: %llu bytes, %zu segments (%llu withheld), delivered %llu, "
			"skipped %llu, gaps %llu (%llu bytes), retransmitted %llu, max_buffered %llu\n",
			parse ? "+skips" : "", (unsigned long long)total, nseg,
			(unsigned long long)withheld, (unsigned long long)st->delivered,
			(unsigned long long)st->skipped, (unsigned long long)st->gaps,
			(unsigned long long)st->gap_bytes, (unsigned long long)st->retransmitted,
			(unsigned long long)st->max_buffered);
	/* every byte delivered or a gap (skipped only in the parse variant) */
	ck_assert_uint_eq(stream_offset(g.s), total);
	ck_assert_uint_eq(st->delivered + st->skipped + st->gap_bytes, total);
	ck_assert_uint_eq(st->gap_bytes, g.gap_bytes);
	ck_assert_uint_eq(st->conflicts, 0);
	ck_assert_uint_eq(st->window_cap_hits, 0);
	ck_assert_uint_eq(st->budget_hits, 0);
	ck_assert_uint_gt(st->retransmitted, 0);
	ck_assert_uint_gt(st->max_buffered, 0);
	if (parse) {
		ck_assert_uint_eq(g.nmsg, nmsg);
		ck_assert_uint_eq(st->gaps, 0);
		ck_assert_uint_eq(st->skipped, g.skip_total);
		ck_assert_uint_gt(withheld, 0);
		for (off = 0; off < total; off++)
			if (g.state[off] != 'd' && !skipbody[off])
				ck_abort_msg("byte %llu neither delivered nor in a skipped body",
					     (unsigned long long)off);
	} else {
		ck_assert_uint_eq(st->skipped, 0);
		ck_assert_uint_gt(st->gaps, 0);
		for (off = 0; off < total; off++) {
			/* (big_gap checked that no gap covers a byte captured before it) */
			if (g.state[off] != 'g' && g.state[off] != 'd')
				ck_abort_msg("byte %llu neither delivered nor a gap", (unsigned long long)off);
		}
	}
	stream_free(g.s);
	ck_assert_uint_eq(bud.used, 0);
	free(orig);
	free(skipbody);
	free(segs);
	free(sent);
	free(emitted);
	free(g.fed);
	free(g.state);
}

/*
 * Random operations on two streams sharing a small budget, with small windows:
 * segments anywhere around the delivery point, ACKs, skips (also from the
 * callbacks), then the end.  Invariants after every operation: the offset is
 * delivered + skipped + gap bytes, events never go backwards, delivered bytes
 * are the original ones, caps hold, and while no cap was hit no gap covers a
 * byte that had been captured.
 */
struct rnd_rec {
	struct stream_dir *s;
	const uint8_t *orig;
	uint8_t *fed;
	uint64_t len, pos;
	int caps_hit;
};

static void rr_data(void *arg, uint64_t off, const uint8_t *p, size_t n, const struct frame_ref *ref)
{
	struct rnd_rec *r = arg;

	(void)ref;
	ck_assert_uint_ge(off, r->pos);
	ck_assert_uint_le(off + n, r->len);
	ck_assert_msg(!memcmp(p, r->orig + off, n), "wrong bytes at %llu", (unsigned long long)off);
	r->pos = off + n;
	if (rnd() % 8 == 0)
		stream_skip(r->s, rnd_in(1, 200));
}

static void rr_gap(void *arg, uint64_t off, uint64_t len)
{
	struct rnd_rec *r = arg;
	const struct stream_stats *st = stream_stats(r->s);

	ck_assert_uint_ge(off, r->pos);
	ck_assert_uint_le(off + len, r->len);
	if (!st->window_cap_hits && !st->budget_hits && memchr(r->fed + off, 1, len))
		ck_abort_msg("gap %llu+%llu over a captured byte", (unsigned long long)off,
			     (unsigned long long)len);
	r->pos = off + len;
	if (rnd() % 8 == 0)
		stream_skip(r->s, rnd_in(1, 200));
}

static void rr_check(struct rnd_rec *r, const struct stream_budget *b, size_t window)
{
	const struct stream_stats *st = stream_stats(r->s);

	ck_assert_uint_eq(st->delivered + st->skipped + st->gap_bytes, stream_offset(r->s));
	ck_assert_uint_le(r->pos, stream_offset(r->s));
	ck_assert_uint_le(st->max_buffered, window);
	ck_assert_uint_le(b->used, b->limit);
	ck_assert_uint_eq(st->conflicts, 0);
}

START_TEST(t_random_ops)
{
	enum { LEN = 1 << 16 };
	uint8_t *orig = malloc(LEN);
	unsigned run, op, i;

	ck_assert_ptr_nonnull(orig);
	rng_state = 0x853c49e6748fea9bull;
	for (i = 0; i < LEN; i++)
		orig[i] = (uint8_t)rnd();
	for (run = 0; run < 300; run++) {
		struct stream_budget b = { (size_t)rnd_in(1, 12000), 0, 0 };
		struct rnd_rec rr[2];
		uint32_t isn[2];
		size_t window[2];
		uint64_t hi[2] = { 0, 0 };

		for (i = 0; i < 2; i++) {
			struct stream_consumer c = { rr_data, rr_gap, NULL, &rr[i] };
			memset(&rr[i], 0, sizeof(rr[i]));
			rr[i].orig = orig;
			rr[i].len = LEN;
			rr[i].fed = calloc(1, LEN);
			ck_assert_ptr_nonnull(rr[i].fed);
			isn[i] = rnd() % 2 ? (uint32_t)rnd() : 0xffffffffu - (uint32_t)rnd_in(0, 5000);
			window[i] = rnd() % 4 ? (size_t)rnd_in(1, 8000) : STREAM_WINDOW_DEFAULT;
			rr[i].s = stream_new(isn[i], window[i], &b, &c);
			ck_assert_ptr_nonnull(rr[i].s);
		}
		for (op = 0; op < 1500; op++) {
			unsigned k = (unsigned)(rnd() % 2), what = (unsigned)(rnd() % 16);
			struct rnd_rec *r = &rr[k];
			uint64_t nx = stream_offset(r->s);

			if (what < 11) {            /* a segment around the delivery point */
				uint64_t lo = nx > 3000 ? nx - 3000 : 0;
				uint64_t off = rnd_in(lo, nx + 6000), n = rnd_in(1, 1500);
				if (rnd() % 16 == 0)
					n = rnd_in(1, 9000);
				if (off >= LEN)
					continue;
				if (off + n > LEN)
					n = LEN - off;
				memset(r->fed + off, 1, n);
				if (off + n > hi[k])
					hi[k] = off + n;
				stream_segment(r->s, isn[k] + (uint32_t)off, orig + off, (size_t)n, NULL);
			} else if (what < 14) {     /* an ACK up to somewhat beyond what was seen */
				uint64_t a = rnd_in(nx > 100 ? nx - 100 : 0, hi[k] + 200);
				if (a > LEN)
					a = LEN;
				stream_ack(r->s, isn[k] + (uint32_t)a);
			} else if (what == 14) {
				stream_skip(r->s, rnd_in(1, 3000));
			} else {                    /* anywhere in the connection */
				uint64_t off = rnd_in(0, LEN - 1), n = rnd_in(1, 100);
				if (off + n > LEN)
					n = LEN - off;
				memset(r->fed + off, 1, n);
				if (off + n > hi[k])
					hi[k] = off + n;
				stream_segment(r->s, isn[k] + (uint32_t)off, orig + off, (size_t)n, NULL);
			}
			if (stream_offset(r->s) > LEN)
				ck_abort_msg("offset beyond the data");
			rr_check(r, &b, window[k]);
		}
		for (i = 0; i < 2; i++) {
			stream_end(rr[i].s, STREAM_END_FIN);
			rr_check(&rr[i], &b, window[i]);
		}
		for (i = 0; i < 2; i++) {
			stream_free(rr[i].s);
			free(rr[i].fed);
		}
		ck_assert_uint_eq(b.used, 0);
	}
	free(orig);
}
END_TEST

START_TEST(t_long_connection)
{
	/* starts 3 MB before the wrap, so the connection crosses 2^32 */
	run_long(0x9e3779b97f4a7c15ull, 0xffffffffu - 3000000u, 10000, 0);
}
END_TEST

START_TEST(t_long_connection_skips)
{
	run_long(0x243f6a8885a308d3ull, 0x7ffffff0u, 10000, 1);
}
END_TEST

static Suite *stream_suite(void)
{
	Suite *s = suite_create("stream");
	TCase *tc = tcase_create("stream");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_inorder);
	tcase_add_test(tc, t_ooo_then_fill);
	tcase_add_test(tc, t_retrans_identical);
	tcase_add_test(tc, t_retrans_conflict);
	tcase_add_test(tc, t_overlap_partial);
	tcase_add_test(tc, t_wraparound);
	tcase_add_test(tc, t_syn_near_ffffffff);
	tcase_add_test(tc, t_gap_by_ack);
	tcase_add_test(tc, t_gap_at_end);
	tcase_add_test(tc, t_window_cap);
	tcase_add_test(tc, t_budget_shared);
	tcase_add_test(tc, t_block_cap);
	tcase_add_test(tc, t_merge_many);
	tcase_add_test(tc, t_skip_inside_and_across);
	tcase_add_test(tc, t_skip_reentrant);
	tcase_add_test(tc, t_end_from_callback);
	suite_add_tcase(s, tc);
	/* the randomised ones: slower, most of all under ASan */
	tc = tcase_create("random");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, t_random_ops);
	suite_add_tcase(s, tc);
	tc = tcase_create("long");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, t_long_connection);
	tcase_add_test(tc, t_long_connection_skips);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(stream_suite());
}
