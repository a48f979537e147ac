/*
 * check_echo.c - src/echo.c, ICMP / ICMPv6 echo pairing on its own: a reply
 * answers its request, a reply to nothing is unsolicited, a request with no
 * reply is unanswered after 10 s of capture time (swept once a second) or at
 * the end, a repeated request does not count twice, and a slot busy with
 * another recent request is counted as table-full.
 */
#include "testutil.h"
#include "echo.h"

#define SEC 1000000000LL
#define T0 (1767225600LL * SEC)

static struct decoded icmp(int v6, uint8_t type, uint8_t a, uint8_t b, uint16_t id, uint16_t seq)
{
	struct decoded d;

	memset(&d, 0, sizeof(d));
	d.ip_ver = v6 ? 6 : 4;
	d.l4 = v6 ? L4_ICMP6 : L4_ICMP;
	d.icmp.type = type;
	d.icmp.id = id;
	d.icmp.seq = seq;
	d.src.v = d.dst.v = v6 ? 6 : 4;
	d.src.a[0] = a;
	d.dst.a[0] = b;
	return d;
}

START_TEST(t_pairs)
{
	struct echo_stats st;
	struct echo_table *t;
	struct packet p1 = test_packet(1, T0), p2 = test_packet(2, T0 + SEC / 100), p3 = test_packet(3, T0 + SEC / 50),
		      p4 = test_packet(4, T0 + SEC / 20);
	struct decoded req = icmp(0, 8, 10, 20, 7, 1), rep = icmp(0, 0, 20, 10, 7, 1),
		       stray = icmp(0, 0, 20, 10, 7, 99), req6 = icmp(1, 128, 10, 20, 7, 1),
		       udp = icmp(0, 8, 10, 20, 7, 1);

	memset(&st, 0, sizeof(st));
	t = echo_new(&st);
	ck_assert_ptr_nonnull(t);
	echo_pair(t, &p1, &req);
	echo_pair(t, &p2, &req);   /* the same request again: the first one stands */
	echo_pair(t, &p3, &rep);
	echo_pair(t, &p4, &stray);
	udp.l4 = L4_UDP;
	echo_pair(t, &p4, &udp);   /* not ICMP: nothing */
	echo_pair(t, &p4, &req6);  /* an ICMPv6 request, never answered */
	echo_expire(t, T0 + 20 * SEC, 1);
	ck_assert_uint_eq(st.requests, 3);
	ck_assert_uint_eq(st.replies, 2);
	ck_assert_uint_eq(st.answered, 1);
	ck_assert_uint_eq(st.unsolicited.count, 1);
	ck_assert_uint_eq(st.unsolicited.first[0].frame, 4);
	ck_assert_uint_eq(st.unanswered.count, 1);
	ck_assert_uint_eq(st.unanswered.first[0].frame, 4);
	echo_free(t);
	echo_pair(NULL, &p1, &req);   /* no table: nothing, no crash */
}
END_TEST

START_TEST(t_timeout)
{
	struct echo_stats st;
	struct echo_table *t;
	struct packet p1 = test_packet(1, T0), p2 = test_packet(2, T0 + 11 * SEC);
	struct decoded req = icmp(0, 8, 10, 20, 7, 1), rep = icmp(0, 0, 20, 10, 7, 1);

	memset(&st, 0, sizeof(st));
	t = echo_new(&st);
	echo_pair(t, &p1, &req);
	echo_expire(t, T0 + 5 * SEC, 0);    /* 5 s: still waiting */
	ck_assert_uint_eq(st.unanswered.count, 0);
	echo_expire(t, T0 + 11 * SEC, 0);   /* past 10 s: unanswered */
	ck_assert_uint_eq(st.unanswered.count, 1);
	ck_assert_uint_eq(st.unanswered.first[0].frame, 1);
	echo_pair(t, &p2, &rep);            /* the late reply answers nothing */
	ck_assert_uint_eq(st.answered, 0);
	ck_assert_uint_eq(st.unsolicited.count, 1);
	echo_free(t);
}
END_TEST

START_TEST(t_table_full)
{
	struct echo_stats st;
	struct echo_table *t;
	unsigned i, n = 3 * ECHO_SLOTS;

	memset(&st, 0, sizeof(st));
	t = echo_new(&st);
	/* more requests within 10 s than slots: some find theirs busy */
	for (i = 0; i < n; i++) {
		struct packet p = test_packet(i + 1, T0 + (int64_t)i * 1000);
		struct decoded req = icmp(0, 8, (uint8_t)i, (uint8_t)(i >> 8), (uint16_t)i, (uint16_t)(i >> 4));
		echo_pair(t, &p, &req);
	}
	ck_assert_uint_eq(st.requests, n);
	ck_assert_uint_gt(st.table_full, 0);
	echo_expire(t, T0 + 60 * SEC, 1);
	/* every tracked request ends unanswered: tracked + not tracked = all */
	ck_assert_uint_eq(st.unanswered.count + st.table_full, n);
	echo_free(t);
}
END_TEST

static Suite *echo_suite(void)
{
	Suite *s = suite_create("echo");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, t_pairs);
	tcase_add_test(tc, t_timeout);
	tcase_add_test(tc, t_table_full);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(echo_suite());
}
