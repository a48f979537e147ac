/*
 * check_tseq.c - src/tseq.c: the time-sequence spool and its read-back for
 * evidence flows: records of other flows ignored, the window around the first
 * evidence frame (at most TSEQ_PRE_POINTS before it, TSEQ_MAX_POINTS in all,
 * omitted counts exact), a flow whose anchor never comes, frame order across
 * ring segments (capture ids), the flow cap and malformed uids.
 */
#include "testutil.h"
#include "tseq.h"
#include "frametime.h"

static void add(struct tseq_spool *s, uint32_t fcap, uint64_t fframe, uint32_t cap, uint64_t frame)
{
	struct tseq_point p;

	memset(&p, 0, sizeof(p));
	p.capture = cap;
	p.frame = frame;
	p.ts = (int64_t)frame * 1000;
	p.seq = (uint32_t)frame * 100;
	p.len = 100;
	p.dir = (uint8_t)(frame & 1);
	tseq_add(s, fcap, fframe, &p);
}

START_TEST(small_flow_whole)
{
	struct tseq_spool *s = tseq_spool_open();
	struct tseq_set set;
	struct frame_ref anchor = { 0, 12 };
	const struct tseq_flow *f;
	uint64_t i;

	ck_assert_ptr_nonnull(s);
	memset(&set, 0, sizeof(set));
	for (i = 10; i < 30; i++) {
		add(s, 0, 10, 0, i);          /* the flow C0-10 */
		add(s, 0, 11, 0, i + 1000);   /* another flow, interleaved */
	}
	ck_assert_uint_eq(tseq_spooled(s), 40);
	ck_assert_int_eq(tseq_want(&set, "C0-10", &anchor), 0);
	ck_assert_int_eq(tseq_collect(s, &set), 0);
	f = tseq_find(&set, "C0-10");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->n, 20);
	ck_assert_uint_eq(f->total, 20);
	ck_assert_uint_eq(f->omitted_before, 0);
	ck_assert_uint_eq(f->omitted_after, 0);
	for (i = 0; i < 20; i++)
		ck_assert_uint_eq(f->pts[i].frame, 10 + i);
	ck_assert_ptr_null(tseq_find(&set, "C0-11"));
	tseq_set_free(&set);
	tseq_spool_close(s);
}
END_TEST

START_TEST(long_flow_windowed_on_anchor)
{
	struct tseq_spool *s = tseq_spool_open();
	struct tseq_set set;
	struct frame_ref anchor = { 0, 3001 }, later = { 0, 5000 };
	const struct tseq_flow *f;
	uint64_t i;

	memset(&set, 0, sizeof(set));
	for (i = 1; i <= 10000; i++)
		add(s, 0, 1, 0, i);
	/* two findings cite the flow: the earlier evidence frame wins */
	ck_assert_int_eq(tseq_want(&set, "C0-1", &later), 0);
	ck_assert_int_eq(tseq_want(&set, "C0-1", &anchor), 0);
	ck_assert_uint_eq(set.n, 1);
	ck_assert_int_eq(tseq_collect(s, &set), 0);
	f = &set.v[0];
	ck_assert_uint_eq(f->total, 10000);
	ck_assert_uint_eq(f->n, TSEQ_MAX_POINTS);
	/* TSEQ_PRE_POINTS before frame 3001, then from 3001 on */
	ck_assert_uint_eq(f->pts[0].frame, 3001 - TSEQ_PRE_POINTS);
	ck_assert_uint_eq(f->pts[TSEQ_PRE_POINTS].frame, 3001);
	ck_assert_uint_eq(f->pts[f->n - 1].frame, 3001 - TSEQ_PRE_POINTS + TSEQ_MAX_POINTS - 1);
	ck_assert_uint_eq(f->omitted_before, 3000 - TSEQ_PRE_POINTS);
	ck_assert_uint_eq(f->omitted_after, 10000 - TSEQ_MAX_POINTS - (3000 - TSEQ_PRE_POINTS));
	tseq_set_free(&set);
	tseq_spool_close(s);
}
END_TEST

START_TEST(anchor_never_reached_keeps_the_last)
{
	struct tseq_spool *s = tseq_spool_open();
	struct tseq_set set;
	struct frame_ref anchor = { 1, 5 };   /* in the next ring segment: not this flow's */
	uint64_t i;

	memset(&set, 0, sizeof(set));
	for (i = 1; i <= 3000; i++)
		add(s, 0, 1, 0, i);
	ck_assert_int_eq(tseq_want(&set, "C0-1", &anchor), 0);
	ck_assert_int_eq(tseq_collect(s, &set), 0);
	ck_assert_uint_eq(set.v[0].n, TSEQ_MAX_POINTS);
	ck_assert_uint_eq(set.v[0].pts[0].frame, 1001);
	ck_assert_uint_eq(set.v[0].omitted_before, 1000);
	ck_assert_uint_eq(set.v[0].omitted_after, 0);
	tseq_set_free(&set);
	tseq_spool_close(s);
}
END_TEST

START_TEST(ring_segments_compare_capture_first)
{
	struct tseq_spool *s = tseq_spool_open();
	struct tseq_set set;
	struct frame_ref anchor = { 1, 2 };
	const struct tseq_flow *f;
	uint64_t i;

	memset(&set, 0, sizeof(set));
	/* a flow that starts in file 0 at frame 900 and goes on in file 1 */
	for (i = 900; i < 1000; i++)
		add(s, 0, 900, 0, i);
	for (i = 1; i < 50; i++)
		add(s, 0, 900, 1, i);
	ck_assert_int_eq(tseq_want(&set, "C0-900", &anchor), 0);
	ck_assert_int_eq(tseq_collect(s, &set), 0);
	f = &set.v[0];
	ck_assert_uint_eq(f->n, 149);
	ck_assert_uint_eq(f->pts[100].capture, 1);
	ck_assert_uint_eq(f->pts[100].frame, 1);
	tseq_set_free(&set);
	tseq_spool_close(s);
}
END_TEST

START_TEST(flow_cap_and_bad_uids)
{
	struct tseq_set set;
	char uid[24];
	unsigned i;

	memset(&set, 0, sizeof(set));
	for (i = 1; i <= TSEQ_MAX_FLOWS + 5; i++) {
		snprintf(uid, sizeof(uid), "C0-%u", i);
		ck_assert_int_eq(tseq_want(&set, uid, NULL), 0);
	}
	ck_assert_uint_eq(set.n, TSEQ_MAX_FLOWS);
	ck_assert_uint_eq(set.flows_over_cap, 5);
	ck_assert_int_eq(tseq_want(&set, "X0-1", NULL), -1);
	ck_assert_int_eq(tseq_want(&set, "C0-", NULL), -1);
	ck_assert_int_eq(tseq_want(&set, "C0-0", NULL), -1);
	ck_assert_int_eq(tseq_want(&set, "C5000-1", NULL), -1);
	ck_assert_int_eq(tseq_want(&set, "C1-2x", NULL), -1);
	tseq_set_free(&set);
}
END_TEST

START_TEST(nothing_wanted_reads_nothing)
{
	struct tseq_set set;

	memset(&set, 0, sizeof(set));
	ck_assert_int_eq(tseq_collect(NULL, &set), 0);
	ck_assert_uint_eq(set.n, 0);
	ck_assert_int_eq(tseq_want(&set, "C0-1", NULL), 0);
	ck_assert_int_eq(tseq_collect(NULL, &set), -1);
	ck_assert_int_eq(set.read_error, 1);
	tseq_set_free(&set);
}
END_TEST

/* The frame-time spool: two captures of 20,000 and 3 frames (across the
 * write buffer), read back at both ends, in the middle and past the end;
 * frames out of order and captures going back are counted, not recorded. */
START_TEST(frame_times_two_captures)
{
	struct frametime *t = frametime_open();
	int64_t ts = 0;
	uint64_t f;

	ck_assert_ptr_nonnull(t);
	for (f = 1; f <= 20000; f++)
		frametime_add(t, 0, f, 1795695548000000000LL + (int64_t)f * 1000);
	frametime_add(t, 0, 20002, 5);           /* a frame skipped: not recorded */
	for (f = 1; f <= 3; f++)
		frametime_add(t, 1, f, 1795695600000000000LL + (int64_t)f);
	frametime_add(t, 0, 20001, 7);           /* back to capture 0: not recorded */
	ck_assert_uint_eq(frametime_skipped(t), 2);
	ck_assert_int_eq(frametime_get(t, 0, 1, &ts), 0);
	ck_assert_int_eq(ts, 1795695548000001000LL);
	ck_assert_int_eq(frametime_get(t, 0, 8193, &ts), 0);   /* the second buffer's first */
	ck_assert_int_eq(ts, 1795695548008193000LL);
	ck_assert_int_eq(frametime_get(t, 0, 20000, &ts), 0);
	ck_assert_int_eq(ts, 1795695548020000000LL);
	ck_assert_int_eq(frametime_get(t, 1, 3, &ts), 0);
	ck_assert_int_eq(ts, 1795695600000000003LL);
	ck_assert_int_eq(frametime_get(t, 1, 1, &ts), 0);
	ck_assert_int_eq(ts, 1795695600000000001LL);
	ck_assert_int_eq(frametime_get(t, 0, 20001, &ts), -1);
	ck_assert_int_eq(frametime_get(t, 1, 4, &ts), -1);
	ck_assert_int_eq(frametime_get(t, 1, 0, &ts), -1);
	ck_assert_int_eq(frametime_get(t, 2, 1, &ts), -1);
	ck_assert_int_eq(frametime_get(NULL, 0, 1, &ts), -1);
	frametime_close(t);
}
END_TEST

static Suite *tseq_suite(void)
{
	Suite *s = suite_create("tseq");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, small_flow_whole);
	tcase_add_test(tc, long_flow_windowed_on_anchor);
	tcase_add_test(tc, anchor_never_reached_keeps_the_last);
	tcase_add_test(tc, ring_segments_compare_capture_first);
	tcase_add_test(tc, flow_cap_and_bad_uids);
	tcase_add_test(tc, nothing_wanted_reads_nothing);
	tcase_add_test(tc, frame_times_two_captures);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(tseq_suite());
}
