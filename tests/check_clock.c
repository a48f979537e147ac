/*
 * check_clock.c - the capture clock (src/clock.h): monotonic, isolated
 * backwards and far-forward timestamps counted and ignored, a confirmed gap
 * moves the clock.
 */
#include "testutil.h"
#include "clock.h"

#define S 1000000000LL
#define T0 (1767225600LL * S) /* 2026-01-01T00:00:00Z */

START_TEST(t_follows_packets)
{
	struct capture_clock c;

	clock_init(&c);
	ck_assert_int_eq(clock_update(&c, T0, 1), T0);
	ck_assert_int_eq(clock_update(&c, T0 + 5, 2), T0 + 5);
	ck_assert_int_eq(clock_update(&c, T0 + 5, 3), T0 + 5);
	ck_assert_int_eq(clock_update(&c, T0 + 2 * S, 4), T0 + 2 * S);
	ck_assert_uint_eq(c.jumps_back, 0);
	ck_assert_uint_eq(c.jumps_forward, 0);
	ck_assert_uint_eq(c.gaps, 0);
}
END_TEST

/* Within the 2 s tolerance (interleaved interfaces): not a jump, and the
 * clock does not go back either. */
START_TEST(t_small_skew_tolerated)
{
	struct capture_clock c;

	clock_init(&c);
	clock_update(&c, T0 + 10 * S, 1);
	ck_assert_int_eq(clock_update(&c, T0 + 10 * S - CLOCK_BACK_TOLERANCE_NS + 1, 2), T0 + 10 * S);
	ck_assert_int_eq(clock_update(&c, T0 + 9 * S, 3), T0 + 10 * S);
	ck_assert_uint_eq(c.jumps_back, 0);
}
END_TEST

START_TEST(t_backwards_counted_ignored)
{
	struct capture_clock c;

	clock_init(&c);
	clock_update(&c, T0 + 100 * S, 1);
	clock_update(&c, T0 + 101 * S, 2);
	/* frame 3 claims to be an hour earlier */
	ck_assert_int_eq(clock_update(&c, T0 - 3600 * S, 3), T0 + 101 * S);
	ck_assert_uint_eq(c.jumps_back, 1);
	ck_assert_uint_eq(c.first_jump_frame, 3);
	/* just beyond the tolerance counts too */
	ck_assert_int_eq(clock_update(&c, T0 + 101 * S - CLOCK_BACK_TOLERANCE_NS - 1, 4), T0 + 101 * S);
	ck_assert_uint_eq(c.jumps_back, 2);
	ck_assert_uint_eq(c.first_jump_frame, 3);
	/* normal packets continue from where the clock was */
	ck_assert_int_eq(clock_update(&c, T0 + 102 * S, 5), T0 + 102 * S);
	ck_assert_uint_eq(c.jumps_forward, 0);
	ck_assert_uint_eq(c.gaps, 0);
}
END_TEST

START_TEST(t_forward_isolated_ignored)
{
	struct capture_clock c;

	clock_init(&c);
	clock_update(&c, T0, 1);
	clock_update(&c, T0 + S, 2);
	/* frame 3 a year ahead: held, the clock does not move */
	ck_assert_int_eq(clock_update(&c, T0 + 365 * 86400 * S, 3), T0 + S);
	ck_assert_uint_eq(c.jumps_forward, 0); /* not decided yet */
	/* frame 4 continues the old timeline: frame 3 was a lone bad stamp */
	ck_assert_int_eq(clock_update(&c, T0 + 2 * S, 4), T0 + 2 * S);
	ck_assert_uint_eq(c.jumps_forward, 1);
	ck_assert_uint_eq(c.first_jump_frame, 3);
	ck_assert_uint_eq(c.gaps, 0);
	ck_assert_int_eq(c.candidate, 0);
	ck_assert_int_eq(clock_update(&c, T0 + 3 * S, 5), T0 + 3 * S);
	ck_assert_uint_eq(c.jumps_forward, 1);
}
END_TEST

START_TEST(t_forward_just_below_threshold)
{
	struct capture_clock c;

	clock_init(&c);
	clock_update(&c, T0, 1);
	/* exactly the threshold is not a jump: the clock follows */
	ck_assert_int_eq(clock_update(&c, T0 + CLOCK_FORWARD_JUMP_NS, 2), T0 + CLOCK_FORWARD_JUMP_NS);
	ck_assert_int_eq(clock_update(&c, T0 + 2 * CLOCK_FORWARD_JUMP_NS + 1, 3),
			 T0 + CLOCK_FORWARD_JUMP_NS);
	ck_assert_int_ne(c.candidate, 0);
}
END_TEST

START_TEST(t_gap_confirmed_moves)
{
	struct capture_clock c;
	int64_t later = T0 + 2 * 86400 * S;

	clock_init(&c);
	clock_update(&c, T0, 1);
	clock_update(&c, T0 + S, 2);
	/* capture paused two days: frame 3 held, frame 4 confirms */
	ck_assert_int_eq(clock_update(&c, later, 3), T0 + S);
	ck_assert_int_eq(clock_update(&c, later + 10, 4), later + 10);
	ck_assert_uint_eq(c.gaps, 1);
	ck_assert_uint_eq(c.jumps_forward, 0);
	ck_assert_uint_eq(c.jumps_back, 0);
	/* the old timeline is now far behind: counted as a backwards jump */
	ck_assert_int_eq(clock_update(&c, T0 + 2 * S, 5), later + 10);
	ck_assert_uint_eq(c.jumps_back, 1);
	ck_assert_uint_eq(c.first_jump_frame, 5);
}
END_TEST

/* A confirming packet slightly before the candidate (within the tolerance)
 * still confirms it; the clock never goes below the candidate. */
START_TEST(t_gap_confirmed_with_skew)
{
	struct capture_clock c;
	int64_t later = T0 + 10 * 3600 * S;

	clock_init(&c);
	clock_update(&c, T0, 1);
	clock_update(&c, later, 2);
	ck_assert_int_eq(clock_update(&c, later - S, 3), later);
	ck_assert_uint_eq(c.gaps, 1);
	ck_assert_uint_eq(c.jumps_back, 0);
}
END_TEST

/* Two far-forward stamps in a row that disagree: the first is isolated, the
 * second becomes the new candidate. */
START_TEST(t_two_candidates)
{
	struct capture_clock c;

	clock_init(&c);
	clock_update(&c, T0, 1);
	clock_update(&c, T0 + 100 * 3600 * S, 2);
	ck_assert_int_eq(clock_update(&c, T0 + 300 * 3600 * S, 3), T0);
	ck_assert_uint_eq(c.jumps_forward, 1);
	ck_assert_uint_eq(c.first_jump_frame, 2);
	ck_assert_uint_eq(c.cand_frame, 3);
	ck_assert_int_eq(clock_update(&c, T0 + S, 4), T0 + S);
	ck_assert_uint_eq(c.jumps_forward, 2);
	ck_assert_uint_eq(c.gaps, 0);
}
END_TEST

static Suite *clock_suite(void)
{
	Suite *s = suite_create("clock");
	TCase *tc = tcase_create("clock");

	tcase_add_test(tc, t_follows_packets);
	tcase_add_test(tc, t_small_skew_tolerated);
	tcase_add_test(tc, t_backwards_counted_ignored);
	tcase_add_test(tc, t_forward_isolated_ignored);
	tcase_add_test(tc, t_forward_just_below_threshold);
	tcase_add_test(tc, t_gap_confirmed_moves);
	tcase_add_test(tc, t_gap_confirmed_with_skew);
	tcase_add_test(tc, t_two_candidates);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(clock_suite());
}
