/*
 * check_capfilter.c - src/capfilter.c, the --bpf filter, on its own: a bad
 * expression is refused with libpcap's reason, one program per link type
 * (Ethernet and raw IP), an expression that does not apply to a link type
 * (Ethernet addresses on raw IP) filters its packets out and counts them,
 * and so does every link type beyond CAPFILTER_LINKTYPES.
 */
#include "testutil.h"
#include "capfilter.h"

/* IPv4 UDP 192.0.2.1:53 -> 192.0.2.2:40000, 8 bytes of payload. */
static const uint8_t IP_UDP[] = {
	0x45, 0x00, 0x00, 0x24, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0xf6, 0xc4,
	0xc0, 0x00, 0x02, 0x01, 0xc0, 0x00, 0x02, 0x02, 0x00, 0x35, 0x9c, 0x40,
	0x00, 0x10, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8,
};

static struct packet pk(uint32_t lt, const uint8_t *b, uint32_t n)
{
	struct packet p;

	memset(&p, 0, sizeof(p));
	p.linktype = lt;
	p.data = b;
	p.caplen = p.len = n;
	return p;
}

START_TEST(t_bad_expression)
{
	char err[256] = "";

	ck_assert_ptr_null(capfilter_new("tcp port", err, sizeof(err)));
	ck_assert_msg(strstr(err, "bad --bpf expression \"tcp port\"") != NULL, "%s", err);
	ck_assert_uint_eq(capfilter_not_applicable(NULL), 0);
	capfilter_free(NULL);
}
END_TEST

START_TEST(t_link_types)
{
	char err[256];
	uint8_t eth[14 + sizeof(IP_UDP)];
	struct capfilter *f = capfilter_new("udp port 53", err, sizeof(err)),
			 *g = capfilter_new("ether host 02:00:00:00:00:01", err, sizeof(err));
	struct packet pe, pr;

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(g);
	memset(eth, 0, 14);
	eth[0] = 2;   /* destination 02:00:00:00:00:01 */
	eth[5] = 1;
	eth[12] = 0x08;
	memcpy(eth + 14, IP_UDP, sizeof(IP_UDP));
	pe = pk(1, eth, sizeof(eth));
	pr = pk(101, IP_UDP, sizeof(IP_UDP));
	ck_assert_int_eq(capfilter_match(f, &pe), 1);
	ck_assert_int_eq(capfilter_match(f, &pr), 1);
	ck_assert_int_eq(capfilter_match(g, &pe), 1);
	/* no Ethernet header on raw IP: not applicable, filtered out, counted */
	ck_assert_int_eq(capfilter_match(g, &pr), 0);
	ck_assert_int_eq(capfilter_match(g, &pr), 0);
	ck_assert_uint_eq(capfilter_not_applicable(g), 2);
	ck_assert_uint_eq(capfilter_not_applicable(f), 0);
	capfilter_free(f);
	capfilter_free(g);
}
END_TEST

START_TEST(t_too_many_link_types)
{
	char err[256];
	struct capfilter *f = capfilter_new("udp", err, sizeof(err));
	struct packet p;
	uint32_t lt;

	ck_assert_ptr_nonnull(f);
	/* 16 link types get a program each (some do not compile: not applicable) */
	for (lt = 200; lt < 200 + CAPFILTER_LINKTYPES; lt++) {
		p = pk(lt, IP_UDP, sizeof(IP_UDP));
		capfilter_match(f, &p);
	}
	{
		uint64_t before = capfilter_not_applicable(f);
		p = pk(101, IP_UDP, sizeof(IP_UDP));   /* the 17th: no room */
		ck_assert_int_eq(capfilter_match(f, &p), 0);
		ck_assert_uint_eq(capfilter_not_applicable(f), before + 1);
	}
	capfilter_free(f);
}
END_TEST

static Suite *capfilter_suite(void)
{
	Suite *s = suite_create("capfilter");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, t_bad_expression);
	tcase_add_test(tc, t_link_types);
	tcase_add_test(tc, t_too_many_link_types);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(capfilter_suite());
}
