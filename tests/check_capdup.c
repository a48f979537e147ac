/*
 * check_capdup.c - src/capdup.c, the capture-duplicate ring, on its own:
 * a copy from another interface, a copy on the same interface within 1 ms
 * (IPv4 ID set) and not after it or without an ID, a packet recorded four
 * times (one original, three copies naming it), a retransmission (new IPv4
 * ID) that is no copy, and which flow a copy is kept out of.
 */
#include "testutil.h"
#include "capdup.h"

#define MS 1000000LL
#define T0 (1767225600LL * 1000000000LL)

static struct packet pk(uint64_t frame, int64_t ts, uint16_t iface)
{
	struct packet p = test_packet(frame, ts);

	p.iface = iface;
	return p;
}

/* An IPv4 TCP segment: what the signature keeps (ID, length, seq/ack,
 * flags, window, the first payload bytes). */
static struct decoded seg(uint16_t ip_id, uint32_t seq, const uint8_t *pay, uint32_t n)
{
	struct decoded d;

	memset(&d, 0, sizeof(d));
	d.ip_ver = 4;
	d.proto = 6;
	d.l4 = L4_TCP;
	d.ip_id = ip_id;
	d.ip_len = 40 + n;
	d.tcp.seq = seq;
	d.tcp.ack = 7000;
	d.tcp.flags = 0x18;
	d.tcp.win = 502;
	d.payload = pay;
	d.payload_caplen = d.payload_len = n;
	return d;
}

static const uint8_t PAY[] = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

START_TEST(t_other_interface)
{
	struct capdup *t = capdup_new();
	struct frame_ref o = { 0, 0 };
	struct packet a = pk(1, T0, 0), b = pk(2, T0 + 3 * MS, 1);
	struct decoded d = seg(0x1234, 100, PAY, sizeof(PAY) - 1);

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(capdup_check(t, &a, &d, &o), 0);
	/* 3 ms later on another interface: a copy of frame 1 */
	ck_assert_int_eq(capdup_check(t, &b, &d, &o), 1);
	ck_assert_uint_eq(o.frame, 1);
	/* 6 ms later: past the 5 ms window, a packet of its own */
	b = pk(3, T0 + 6 * MS, 1);
	ck_assert_int_eq(capdup_check(t, &b, &d, &o), 0);
	ck_assert_uint_eq(capdup_table_full(t), 0);
	capdup_free(t);
}
END_TEST

START_TEST(t_same_interface)
{
	struct capdup *t = capdup_new();
	struct frame_ref o = { 0, 0 };
	struct packet a = pk(1, T0, 0), b = pk(2, T0 + MS / 2, 0), c = pk(3, T0 + 3 * MS, 0);
	struct decoded d = seg(0x1234, 100, PAY, 8), z = seg(0, 900, PAY, 8);

	ck_assert_int_eq(capdup_check(t, &a, &d, &o), 0);
	ck_assert_int_eq(capdup_check(t, &b, &d, &o), 1);   /* 0.5 ms, ID set */
	ck_assert_uint_eq(o.frame, 1);
	/* 3 ms later on the same interface: a retransmission could look the same */
	ck_assert_int_eq(capdup_check(t, &c, &d, &o), 0);
	/* IPv4 ID 0 (DF senders): never a same-interface copy */
	a = pk(4, T0 + 10 * MS, 0);
	b = pk(5, T0 + 10 * MS + 1000, 0);
	ck_assert_int_eq(capdup_check(t, &a, &z, &o), 0);
	ck_assert_int_eq(capdup_check(t, &b, &z, &o), 0);
	capdup_free(t);
}
END_TEST

START_TEST(t_four_times)
{
	struct capdup *t = capdup_new();
	struct frame_ref o = { 0, 0 };
	struct decoded d = seg(0x4242, 5000, PAY, 16), r = seg(0x4243, 5000, PAY, 16);
	uint64_t f;

	for (f = 1; f <= 4; f++) {
		struct packet p = pk(f, T0 + (int64_t)f * 10000, (uint16_t)(f - 1));
		o.frame = 0;
		ck_assert_int_eq(capdup_check(t, &p, &d, &o), f > 1);
		/* every copy names the original, frame 1 (the third is no retransmission) */
		ck_assert_uint_eq(o.frame, f > 1 ? 1 : 0);
	}
	/* the sender's retransmission: the same bytes with a new IPv4 ID */
	{
		struct packet p = pk(5, T0 + MS, 0);
		ck_assert_int_eq(capdup_check(t, &p, &r, &o), 0);
	}
	capdup_free(t);
}
END_TEST

START_TEST(t_same_flow)
{
	struct capdup *t = capdup_new();
	struct frame_ref o;
	struct packet a = pk(1, T0, 0), b = pk(2, T0 + 1000, 1), c = pk(3, T0 + 2000, 2);
	struct decoded d = seg(0x0101, 1, PAY, 4);
	uint64_t inside = (uint64_t)0 << 48 ^ 1, outside = (uint64_t)0 << 48 ^ 2;

	ck_assert_int_eq(capdup_same_flow(t, inside, capdup_check(t, &a, &d, &o)), 0);
	/* the NATed copy, another flow: that flow's own packet */
	ck_assert_int_eq(capdup_same_flow(t, outside, capdup_check(t, &b, &d, &o)), 0);
	/* a copy in the original's flow: kept out of its analysis */
	ck_assert_int_eq(capdup_same_flow(t, inside, capdup_check(t, &c, &d, &o)), 1);
	/* no packet pending: what was given is returned */
	ck_assert_int_eq(capdup_same_flow(t, inside, 1), 1);
	ck_assert_int_eq(capdup_same_flow(NULL, inside, 0), 0);
	capdup_free(t);
}
END_TEST

static Suite *capdup_suite(void)
{
	Suite *s = suite_create("capdup");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, t_other_interface);
	tcase_add_test(tc, t_same_interface);
	tcase_add_test(tc, t_four_times);
	tcase_add_test(tc, t_same_flow);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(capdup_suite());
}
