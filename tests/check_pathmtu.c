/*
 * check_pathmtu.c - src/pathmtu.c on its own: the smallest ICMP-reported MTU
 * per destination (a report without a value never replaces one with a value;
 * the 65th destination is counted, not listed), and what a flow direction
 * sent after a report about it: datagrams that fit, and DF datagrams still
 * larger than the MTU after one round trip (10 ms at least, 200 ms when the
 * handshake RTT is unknown), with the IPv4 floor of 552 bytes.
 */
#include "testutil.h"
#include "pathmtu.h"

#define MS 1000000LL
#define T0 (1767225600LL * 1000000000LL)

/* A fragmentation-needed report from router 10.0.0.R about packets to dst. */
static struct decoded ptb(uint8_t dst, uint32_t mtu, uint8_t router)
{
	struct decoded d;

	memset(&d, 0, sizeof(d));
	d.ip_ver = 4;
	d.l4 = L4_ICMP;
	d.icmp.type = 3;
	d.icmp.code = 4;
	d.icmp.mtu = mtu;
	d.icmp.q.present = 1;
	d.icmp.q.dst.v = 4;
	d.icmp.q.dst.a[0] = 192;
	d.icmp.q.dst.a[3] = dst;
	d.src.v = 4;
	d.src.a[0] = 10;
	d.src.a[3] = router;
	return d;
}

START_TEST(t_note)
{
	static struct pmtu_table r;
	struct packet p;
	struct decoded d;
	unsigned i;

	memset(&r, 0, sizeof(r));
	p = test_packet(1, T0);
	d = ptb(7, 1400, 1);
	pathmtu_note(&r, &p, &d);
	p = test_packet(2, T0 + MS);
	d = ptb(7, 0, 2);            /* no value: counted, the 1400 stands */
	pathmtu_note(&r, &p, &d);
	p = test_packet(3, T0 + 2 * MS);
	d = ptb(7, 1280, 3);         /* smaller: it and its router are kept */
	pathmtu_note(&r, &p, &d);
	p = test_packet(4, T0 + 3 * MS);
	d = ptb(7, 1500, 4);         /* larger: only counted */
	pathmtu_note(&r, &p, &d);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_uint_eq(r.path[0].reports, 4);
	ck_assert_uint_eq(r.path[0].mtu, 1280);
	ck_assert_uint_eq(r.path[0].router.a[3], 3);
	ck_assert_uint_eq(r.path[0].frame.frame, 3);
	for (i = 0; i < PATH_MTU_MAX + 5; i++) {
		p = test_packet(10 + i, T0 + 10 * MS);
		d = ptb((uint8_t)(20 + i), 1400, 1);
		pathmtu_note(&r, &p, &d);
	}
	ck_assert_uint_eq(r.n, PATH_MTU_MAX);
	ck_assert_uint_eq(r.over_cap, 6);
}
END_TEST

static struct decoded data(uint32_t ip_len, int df)
{
	struct decoded d;

	memset(&d, 0, sizeof(d));
	d.ip_ver = 4;
	d.l4 = L4_TCP;
	d.ip_len = ip_len;
	d.df = (uint8_t)df;
	return d;
}

START_TEST(t_flow)
{
	static struct flow f;
	static struct flow_ip ip;
	struct flow_ipdir *q = &ip.d[0];
	struct packet p;
	struct decoded d;

	memset(&f, 0, sizeof(f));
	memset(&ip, 0, sizeof(ip));
	p = test_packet(1, T0);
	d = data(1500, 1);
	pathmtu_flow_update(&f, 0, &p, &d);   /* no report about the flow: nothing */
	f.ip = &ip;
	q->ptb_count = 1;
	q->ptb_mtu_min = 1400;
	q->ptb_first_ts = T0 + 10 * MS;
	p = test_packet(2, T0 + 50 * MS);              /* within 200 ms (no RTT known): in flight */
	pathmtu_flow_update(&f, 0, &p, &d);
	ck_assert_uint_eq(q->ptb_oversize, 0);
	ck_assert_uint_eq(q->ptb_after_pkts, 0);
	p = test_packet(3, T0 + 300 * MS);             /* later, DF and 1500 > 1400: still too large */
	pathmtu_flow_update(&f, 0, &p, &d);
	d = data(1500, 0);                    /* without DF a router may fragment it */
	p = test_packet(4, T0 + 301 * MS);
	pathmtu_flow_update(&f, 0, &p, &d);
	d = data(1400, 1);                    /* fits */
	p = test_packet(5, T0 + 302 * MS);
	pathmtu_flow_update(&f, 0, &p, &d);
	ck_assert_uint_eq(q->ptb_oversize, 1);
	ck_assert_uint_eq(q->ptb_oversize_first.frame, 3);
	ck_assert_uint_eq(q->ptb_after_pkts, 3);
	ck_assert_uint_eq(q->ptb_after_max, 1500);
	ck_assert_uint_eq(q->ptb_fit_pkts, 1);
	ck_assert_uint_eq(q->ptb_fit_max, 1400);
	/* a report below the IPv4 floor (552): stacks use 552 */
	q->ptb_mtu_min = 300;
	d = data(552, 1);
	p = test_packet(6, T0 + 400 * MS);
	pathmtu_flow_update(&f, 0, &p, &d);
	ck_assert_uint_eq(q->ptb_oversize, 1);
	d = data(553, 1);
	p = test_packet(7, T0 + 401 * MS);
	pathmtu_flow_update(&f, 0, &p, &d);
	ck_assert_uint_eq(q->ptb_oversize, 2);
	ck_assert_uint_eq(q->ptb_oversize_last.frame, 7);
}
END_TEST

static Suite *pathmtu_suite(void)
{
	Suite *s = suite_create("pathmtu");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, t_note);
	tcase_add_test(tc, t_flow);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(pathmtu_suite());
}
