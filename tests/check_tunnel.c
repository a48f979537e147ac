/*
 * check_tunnel.c - dissectors/decode.c's tunnels: VXLAN (RFC 7348) with its
 * inner Ethernet, IPv6 in IPv4 (RFC 4213), GRE with checksum, key and
 * sequence number (RFC 2890), IP-in-IP nested beyond the cap, GRE version 1
 * (PPTP: not followed), a VXLAN port without a valid VXLAN header, the flow
 * context both directions share, a cut inner header, and 802.11 data frames
 * in GRE as Aruba controllers send them (a protected one is not followed),
 * ERSPAN type II and III copies, decoded as if captured at the mirror, and
 * GTP-U with a sequence number or an extension header.  The packets
 * (tests/tunnel_packets.h) carry the protocol stack tshark dissects in them.
 */
#include "testutil.h"
#include "../dissectors/decode.h"
#include "tunnel_packets.h"

#define BIT(a) ((uint64_t)1 << (a))

static int dec(const uint8_t *b, size_t n, size_t wire, struct decoded *d)
{
	struct packet p;

	memset(&p, 0, sizeof(p));
	p.frame = 1;
	p.caplen = (uint32_t)n;
	p.len = (uint32_t)wire;
	p.linktype = 1;
	p.data = b;
	return decode_packet(&p, d);
}

#define DEC(name, d) dec(P_##name, sizeof(P_##name), sizeof(P_##name), (d))

static void ip4(const struct ip_addr *a, uint8_t x, uint8_t y, uint8_t z, uint8_t w)
{
	ck_assert_uint_eq(a->v, 4);
	ck_assert_uint_eq(a->a[0], x);
	ck_assert_uint_eq(a->a[1], y);
	ck_assert_uint_eq(a->a[2], z);
	ck_assert_uint_eq(a->a[3], w);
}

START_TEST(vxlan_inner_tcp)
{
	struct decoded d;

	ck_assert_int_eq(DEC(vxlan_tcp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.ntun, 1);
	ck_assert_uint_eq(d.tun[0].kind, TUN_VXLAN);
	ck_assert_uint_eq(d.tun[0].key, 100);
	ck_assert_uint_eq(d.tun[0].has_key, 1);
	ck_assert_uint_eq(d.tun[0].outer_df, 1);
	ck_assert_uint_eq(d.tun[0].outer_len, 90);
	/* 20 outer IP + 8 UDP + 8 VXLAN + 14 inner Ethernet */
	ck_assert_uint_eq(d.tun[0].overhead, 50);
	ip4(&d.tun[0].src, 192, 0, 2, 1);
	ip4(&d.tun[0].dst, 192, 0, 2, 2);
	ip4(&d.src, 10, 0, 0, 1);
	ip4(&d.dst, 10, 0, 0, 2);
	ck_assert_int_eq(d.l4, L4_TCP);
	ck_assert_uint_eq(d.sport, 1234);
	ck_assert_uint_eq(d.dport, 80);
	ck_assert_uint_eq(d.tcp.seq, 1000);
	ck_assert_uint_eq(d.tcp.flags, TCP_SYN);
	ck_assert_uint_eq(d.csum_checked, 1);
	ck_assert_uint_eq(d.csum_bad, 0);
	/* the outer link stays the packet's */
	ck_assert_uint_eq(d.mac_src[5], 0x0a);
	ck_assert_uint_eq(d.ip_off, 14 + 50);
}
END_TEST

START_TEST(six_in_four)
{
	struct decoded d;

	ck_assert_int_eq(DEC(sixin4_udp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.ntun, 1);
	ck_assert_uint_eq(d.tun[0].kind, TUN_6IN4);
	ck_assert_uint_eq(d.tun[0].overhead, 20);
	ck_assert_uint_eq(d.ip_ver, 6);
	ck_assert_uint_eq(d.src.a[15], 1);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.sport, 53);
	ck_assert_uint_eq(d.dport, 5353);
	ck_assert_uint_eq(d.payload_len, 4);
	ck_assert_uint_eq(d.csum_checked, 1);
	ck_assert_uint_eq(d.csum_bad, 0);
}
END_TEST

START_TEST(gre_with_options)
{
	struct decoded d;

	ck_assert_int_eq(DEC(gre_key_seq_csum, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.tun[0].kind, TUN_GRE);
	ck_assert_uint_eq(d.tun[0].has_key, 1);
	ck_assert_uint_eq(d.tun[0].key, 0xdeadbeef);
	/* 20 outer IP + 4 GRE + 4 checksum + 4 key + 4 sequence */
	ck_assert_uint_eq(d.tun[0].overhead, 36);
	ip4(&d.src, 10, 1, 0, 1);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.sport, 7);
	ck_assert_uint_eq(d.dport, 9);
}
END_TEST

START_TEST(nesting_capped)
{
	struct decoded d;

	/* four IP-in-IP layers around IPv4/UDP: three are followed */
	ck_assert_int_eq(DEC(ipip_x4, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_TUNNEL_DEPTH));
	ck_assert_uint_eq(d.ntun, DECODE_TUNNEL_MAX);
	ip4(&d.tun[0].src, 10, 8, 3, 1);
	ip4(&d.tun[2].src, 10, 8, 1, 1);
	ip4(&d.src, 10, 8, 0, 1);
	ck_assert_uint_eq(d.proto, 4);
	ck_assert_int_eq(d.l4, L4_OTHER);
	ck_assert_uint_eq(d.tun_overhead, 60);
}
END_TEST

START_TEST(not_followed)
{
	struct decoded d;

	/* GRE version 1 (enhanced GRE of PPTP) carries PPP: left as GRE */
	ck_assert_int_eq(DEC(gre_v1_pptp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.ntun, 0);
	ck_assert_uint_eq(d.proto, 47);
	ck_assert_int_eq(d.l4, L4_OTHER);
	/* UDP port 4789 without the VXLAN I flag: a UDP packet, anomaly named */
	ck_assert_int_eq(DEC(vxlan_bad_flags, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_TUNNEL_BAD));
	ck_assert_uint_eq(d.ntun, 0);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.dport, 4789);
}
END_TEST

START_TEST(context_same_both_ways)
{
	struct decoded a, b;
	uint8_t rev[sizeof(P_gre_key_seq_csum)];

	/* the same tunnel the other way round: outer addresses swapped */
	memcpy(rev, P_gre_key_seq_csum, sizeof(rev));
	memcpy(rev + 26, P_gre_key_seq_csum + 30, 4);
	memcpy(rev + 30, P_gre_key_seq_csum + 26, 4);
	ck_assert_int_eq(DEC(gre_key_seq_csum, &a), 1);
	ck_assert_int_eq(dec(rev, sizeof(rev), sizeof(rev), &b), 1);
	ck_assert_uint_eq(a.tun_ctx, b.tun_ctx);
	/* another key is another tunnel */
	rev[45] ^= 1;
	ck_assert_int_eq(dec(rev, sizeof(rev), sizeof(rev), &b), 1);
	ck_assert_uint_ne(a.tun_ctx, b.tun_ctx);
}
END_TEST

START_TEST(gre_aruba_wlan)
{
	struct decoded d;
	size_t n;

	ck_assert_int_eq(DEC(gre_aruba_wlan_tcp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.ntun, 1);
	ck_assert_uint_eq(d.tun[0].kind, TUN_GRE);
	ip4(&d.tun[0].src, 10, 3, 34, 171);
	/* 20 outer IP + 4 GRE + 26 802.11 QoS data header + 8 LLC/SNAP */
	ck_assert_uint_eq(d.tun[0].overhead, 58);
	ck_assert_uint_eq(d.ethertype, 0x0800);
	ip4(&d.src, 10, 37, 36, 92);
	ip4(&d.dst, 205, 185, 216, 10);
	ck_assert_uint_eq(d.ip_id, 0x6ea8);
	ck_assert_int_eq(d.l4, L4_TCP);
	ck_assert_uint_eq(d.sport, 58973);
	ck_assert_uint_eq(d.dport, 80);
	ck_assert_uint_eq(d.tcp.seq, 1000);
	ck_assert_uint_eq(d.tcp.ack, 2000);
	/* the wire's MACs stay the packet's, not the 802.11 addresses */
	ck_assert_uint_eq(d.mac_src[5], 0x0a);
	ck_assert_uint_eq(d.mac_dst[5], 0x14);
	/* a protected (encrypted) frame: the outer GRE datagram stands */
	ck_assert_int_eq(DEC(gre_aruba_wlan_protected, &d), 1);
	ck_assert_uint_eq(d.ntun, 0);
	ck_assert_uint_eq(d.proto, 47);
	ck_assert_int_eq(d.l4, L4_OTHER);
	/* cut anywhere inside the 802.11 or LLC header: never read past it */
	for (n = 38; n < 72; n++) {
		ck_assert_int_eq(dec(P_gre_aruba_wlan_tcp, n, sizeof(P_gre_aruba_wlan_tcp), &d), 1);
		ck_assert_uint_eq(d.ntun, 0);
		ck_assert_uint_eq(d.proto, 47);
	}
}
END_TEST

static void erspan_copy(const uint8_t *b, size_t n, unsigned l3)
{
	struct decoded d;
	size_t cut;

	ck_assert_int_eq(dec(b, n, n, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	/* a remote capture, not a tunnel: no hop, no overhead, no context */
	ck_assert_uint_eq(d.ntun, 0);
	ck_assert_uint_eq(d.tun_overhead, 0);
	ck_assert_uint_eq(d.tun_ctx, 0);
	/* the mirrored frame's MACs, where its IP header starts */
	ck_assert_uint_eq(d.mac_src[4], 0x01);
	ck_assert_uint_eq(d.mac_src[5], 0x01);
	ck_assert_uint_eq(d.mac_dst[5], 0x02);
	ck_assert_uint_eq(d.l3_off, l3);
	ck_assert_uint_eq(d.ip_off, l3);
	ip4(&d.src, 10, 0, 0, 1);
	ip4(&d.dst, 10, 0, 0, 2);
	ck_assert_uint_eq(d.ip_id, 0x63ff);
	ck_assert_uint_eq(d.ttl, 48);
	ck_assert_int_eq(d.l4, L4_TCP);
	ck_assert_uint_eq(d.sport, 34048);
	ck_assert_uint_eq(d.tcp.seq, 851733538u);
	/* cut inside the ERSPAN or the mirrored Ethernet header: the mirror's
	 * own GRE datagram, never a read past the end */
	for (cut = 38; cut < l3; cut++) {
		ck_assert_int_eq(dec(b, cut, n, &d), 1);
		ck_assert_uint_eq(d.proto, 47);
		ck_assert_uint_eq(d.mac_src[5], 0x0a);
	}
}

START_TEST(erspan)
{
	/* 14 + 20 IP + 8 GRE with sequence number + 8 ERSPAN II + 14 */
	erspan_copy(P_erspan2_tcp, sizeof(P_erspan2_tcp), 64);
	/* 14 + 20 IP + 4 GRE + 12 ERSPAN III + 8 platform subheader + 14 */
	erspan_copy(P_erspan3_tcp, sizeof(P_erspan3_tcp), 72);
}
END_TEST

static void gtpu_user(const uint8_t *b, size_t n, unsigned overhead, uint32_t teid)
{
	struct decoded d;
	size_t cut;

	ck_assert_int_eq(dec(b, n, n, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.ntun, 1);
	ck_assert_uint_eq(d.tun[0].kind, TUN_GTPU);
	ck_assert_uint_eq(d.tun[0].key, teid);
	ck_assert_uint_eq(d.tun[0].overhead, overhead);
	ip4(&d.tun[0].src, 192, 0, 2, 11);
	ip4(&d.src, 10, 45, 0, 2);
	ip4(&d.dst, 198, 51, 100, 80);
	ck_assert_uint_eq(d.ip_id, 4242);
	ck_assert_int_eq(d.l4, L4_TCP);
	ck_assert_uint_eq(d.sport, 51000);
	ck_assert_uint_eq(d.tcp.seq, 77);
	/* cut inside the GTP header or its extension: the outer UDP datagram */
	for (cut = 42; cut < 14 + overhead; cut++) {
		ck_assert_int_eq(dec(b, cut, n, &d), 1);
		ck_assert_uint_eq(d.ntun, 0);
		ck_assert_int_eq(d.l4, L4_UDP);
		ck_assert_uint_eq(d.dport, 2152);
	}
}

START_TEST(gtpu)
{
	struct decoded a, b;
	uint8_t rev[sizeof(P_gtpu_seq_tcp)];

	/* 20 IP + 8 UDP + 8 GTP + 4 (sequence number, N-PDU, next type) */
	gtpu_user(P_gtpu_seq_tcp, sizeof(P_gtpu_seq_tcp), 40, 0x01020304);
	/* + a 4-byte PDU session container extension */
	gtpu_user(P_gtpu_ext_tcp, sizeof(P_gtpu_ext_tcp), 44, 0x0a0b0c0d);
	/* each direction of a bearer has its own TEID: one flow context */
	memcpy(rev, P_gtpu_seq_tcp, sizeof(rev));
	rev[46] ^= 0xff;
	ck_assert_int_eq(DEC(gtpu_seq_tcp, &a), 1);
	ck_assert_int_eq(dec(rev, sizeof(rev), sizeof(rev), &b), 1);
	ck_assert_uint_ne(a.tun[0].key, b.tun[0].key);
	ck_assert_uint_eq(a.tun_ctx, b.tun_ctx);
	/* an echo request (type 1) is GTP signalling, not a user's packet */
	rev[43] = 1;
	ck_assert_int_eq(dec(rev, sizeof(rev), sizeof(rev), &b), 1);
	ck_assert_uint_eq(b.ntun, 0);
	ck_assert_int_eq(b.l4, L4_UDP);   /* (its UDP checksum is now wrong: edited bytes) */
}
END_TEST

START_TEST(inner_cut_by_snaplen)
{
	struct decoded d;

	/* 70 of 104 bytes: the inner IPv4 header is cut */
	ck_assert_int_eq(dec(P_vxlan_tcp, 70, sizeof(P_vxlan_tcp), &d), 0);
	ck_assert(d.anomalies & BIT(AN_SNAPLEN_CUT));
	ck_assert_uint_eq(d.ip_bad, 1);
}
END_TEST

static Suite *tunnel_suite(void)
{
	Suite *s = suite_create("tunnel");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, vxlan_inner_tcp);
	tcase_add_test(tc, six_in_four);
	tcase_add_test(tc, gre_with_options);
	tcase_add_test(tc, nesting_capped);
	tcase_add_test(tc, not_followed);
	tcase_add_test(tc, context_same_both_ways);
	tcase_add_test(tc, inner_cut_by_snaplen);
	tcase_add_test(tc, gre_aruba_wlan);
	tcase_add_test(tc, erspan);
	tcase_add_test(tc, gtpu);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(tunnel_suite());
}
