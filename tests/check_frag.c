/*
 * check_frag.c - src/frag.c: IPv4 and IPv6 reassembly in and out of order,
 * the reassembled datagram decoded on (its UDP checksum verifies, so every
 * byte is where it belongs), overlaps with the same and with different bytes
 * (first arrival wins), tiny first fragments (RFC 1858), fragments beyond
 * 65535, expiry on the capture clock, the piece cap, and a million fragments
 * that never complete: memory stays under the cap, evictions are counted.
 *
 * Packets are built here as raw IP (LINKTYPE_RAW) byte arrays: a UDP
 * datagram of a known payload is split at chosen offsets, headers written
 * field by field with correct checksums (what tshark shows as "Fragmented IP
 * protocol (proto=UDP 17, off=N, ID=...)").
 */
#include "testutil.h"
#include "frag.h"
#include "../dissectors/decode.h"

#define BIT(a) ((uint64_t)1 << (a))
#define BIT_IPV4_CSUM BIT(AN_IPV4_CSUM)

/* Ones'-complement checksum (RFC 1071) of n bytes plus sum. */
static uint16_t csum(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)(p[n - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The whole UDP datagram (header + payload) the fragments carry. */
static uint8_t udp[8 + 4000];
static size_t udp_len;

static void make_udp(size_t payload, int v6)
{
	static const uint8_t s4[4] = { 192, 0, 2, 1 }, d4[4] = { 192, 0, 2, 2 };
	static const uint8_t s6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t d6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	uint32_t sum = 0;
	size_t i;
	uint16_t c;

	udp_len = 8 + payload;
	udp[0] = 0x13; udp[1] = 0x88;          /* 5000 */
	udp[2] = 0x23; udp[3] = 0x28;          /* 9000 */
	udp[4] = (uint8_t)(udp_len >> 8);
	udp[5] = (uint8_t)udp_len;
	udp[6] = udp[7] = 0;
	for (i = 0; i < payload; i++)
		udp[8 + i] = (uint8_t)(i * 7 + 3);
	for (i = 0; i < (v6 ? 16u : 4u); i += 2) {
		const uint8_t *s = v6 ? s6 : s4, *d = v6 ? d6 : d4;
		sum += (uint32_t)(s[i] << 8 | s[i + 1]) + (uint32_t)(d[i] << 8 | d[i + 1]);
	}
	sum += 17 + (uint32_t)udp_len;
	c = csum(udp, udp_len, sum);
	udp[6] = (uint8_t)(c >> 8);
	udp[7] = (uint8_t)c;
}

/* An IPv4 fragment of udp[off, off + len) (or of `data` when not NULL). */
static size_t v4_frag(uint8_t *b, uint16_t id, uint32_t off, uint32_t len, int mf,
		      const uint8_t *data)
{
	uint16_t c, fo = (uint16_t)((off / 8) | (mf ? 0x2000 : 0));

	memset(b, 0, 20);
	b[0] = 0x45;
	b[2] = (uint8_t)((20 + len) >> 8);
	b[3] = (uint8_t)(20 + len);
	b[4] = (uint8_t)(id >> 8);
	b[5] = (uint8_t)id;
	b[6] = (uint8_t)(fo >> 8);
	b[7] = (uint8_t)fo;
	b[8] = 64;
	b[9] = 17;
	b[12] = 192; b[13] = 0; b[14] = 2; b[15] = 1;
	b[16] = 192; b[17] = 0; b[18] = 2; b[19] = 2;
	c = csum(b, 20, 0);
	b[10] = (uint8_t)(c >> 8);
	b[11] = (uint8_t)c;
	memcpy(b + 20, data ? data : udp + off, len);
	return 20 + len;
}

/* An IPv6 fragment (fragment header, next header UDP) of udp[off, off + len). */
static size_t v6_frag(uint8_t *b, uint32_t id, uint32_t off, uint32_t len, int mf)
{
	uint16_t fo = (uint16_t)(off | (mf ? 1 : 0));

	memset(b, 0, 48);
	b[0] = 0x60;
	b[4] = (uint8_t)((8 + len) >> 8);
	b[5] = (uint8_t)(8 + len);
	b[6] = 44;
	b[7] = 64;
	b[8] = 0x20; b[9] = 0x01; b[10] = 0x0d; b[11] = 0xb8; b[23] = 1;
	b[24] = 0x20; b[25] = 0x01; b[26] = 0x0d; b[27] = 0xb8; b[39] = 2;
	b[40] = 17;
	b[42] = (uint8_t)(fo >> 8);
	b[43] = (uint8_t)fo;
	b[44] = (uint8_t)(id >> 24);
	b[45] = (uint8_t)(id >> 16);
	b[46] = (uint8_t)(id >> 8);
	b[47] = (uint8_t)id;
	memcpy(b + 48, udp + off, len);
	return 48 + len;
}

struct offer {
	struct packet p;
	struct decoded d;
	uint8_t buf[2000];
};

/* Decodes b as raw IP at frame/ts and offers it. */
static void offer(struct frag_table *t, struct offer *o, size_t n, uint64_t frame, int64_t ts,
		  struct frag_out *out)
{
	memset(&o->p, 0, sizeof(o->p));
	o->p.frame = frame;
	o->p.ts_ns = ts;
	o->p.caplen = o->p.len = (uint32_t)n;
	o->p.linktype = 101;
	o->p.data = o->buf;
	ck_assert_int_eq(decode_packet(&o->p, &o->d), 1);
	ck_assert_uint_eq(o->d.is_fragment, 1);
	frag_offer(t, &o->p, &o->d, ts, out);
}

static struct frag_table *table(struct counter *an)
{
	struct frag_limits l = { 0, 0 };
	struct frag_table *t;

	memset(an, 0, sizeof(struct counter) * AN_COUNT);
	t = frag_new(&l, an);
	ck_assert_ptr_nonnull(t);
	return t;
}

START_TEST(v4_out_of_order)
{
	struct counter an[AN_COUNT];
	struct frag_table *t = table(an);
	struct offer o;
	struct frag_out out;
	struct decoded d;

	make_udp(3000, 0);   /* 3008 bytes: 1480 + 1480 + 48 */
	offer(t, &o, v4_frag(o.buf, 77, 2960, 48, 0, NULL), 1, 1000, &out);
	ck_assert_int_eq(out.complete, 0);
	offer(t, &o, v4_frag(o.buf, 77, 0, 1480, 1, NULL), 2, 2000, &out);
	ck_assert_int_eq(out.complete, 0);
	offer(t, &o, v4_frag(o.buf, 77, 1480, 1480, 1, NULL), 3, 3000, &out);
	ck_assert_int_eq(out.complete, 1);
	ck_assert_uint_eq(out.len, 20 + 3008);
	ck_assert_uint_eq(out.nfrags, 3);
	ck_assert_uint_eq(out.nframes, 3);
	ck_assert_uint_eq(out.frames[0].frame, 1);
	ck_assert_uint_eq(out.frames[2].frame, 3);
	ck_assert_uint_eq(out.anomalies, 0);
	/* the datagram decodes whole: header checksum and UDP checksum verify */
	ck_assert_int_eq(decode_datagram(out.data, out.len, &o.d, out.nfrags, &d), 1);
	ck_assert_uint_eq(d.is_fragment, 0);
	ck_assert_uint_eq(d.reassembled, 3);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.sport, 5000);
	ck_assert_uint_eq(d.dport, 9000);
	ck_assert_uint_eq(d.payload_len, 3000);
	ck_assert_uint_eq(d.csum_checked, 1);
	ck_assert_uint_eq(d.csum_bad, 0);
	ck_assert_uint_eq(d.anomalies & BIT_IPV4_CSUM, 0);
	ck_assert_uint_eq(frag_stats(t)->completed, 1);
	ck_assert_uint_eq(frag_stats(t)->active, 0);
	frag_free(t);
}
END_TEST

START_TEST(v6_reassembly)
{
	struct counter an[AN_COUNT];
	struct frag_table *t = table(an);
	struct offer o;
	struct frag_out out;
	struct decoded d;

	make_udp(2500, 1);   /* 2508: 1232 + 1232 + 44 */
	offer(t, &o, v6_frag(o.buf, 0x12345678, 1232, 1232, 1), 5, 10, &out);
	offer(t, &o, v6_frag(o.buf, 0x12345678, 2464, 44, 0), 6, 20, &out);
	ck_assert_int_eq(out.complete, 0);
	offer(t, &o, v6_frag(o.buf, 0x12345678, 0, 1232, 1), 7, 30, &out);
	ck_assert_int_eq(out.complete, 1);
	ck_assert_uint_eq(out.len, 40 + 2508);
	ck_assert_int_eq(decode_datagram(out.data, out.len, &o.d, out.nfrags, &d), 1);
	ck_assert_uint_eq(d.proto, 17);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.payload_len, 2500);
	ck_assert_uint_eq(d.csum_checked, 1);
	ck_assert_uint_eq(d.csum_bad, 0);
	frag_free(t);
}
END_TEST

START_TEST(overlaps_first_wins)
{
	struct counter an[AN_COUNT];
	struct frag_table *t = table(an);
	struct offer o;
	struct frag_out out;
	struct decoded d;
	uint8_t evil[800];

	make_udp(1592, 0);   /* 1600 */
	offer(t, &o, v4_frag(o.buf, 9, 0, 800, 1, NULL), 1, 1, &out);
	/* the same bytes again, overlapping half of the first: a resend */
	offer(t, &o, v4_frag(o.buf, 9, 400, 800, 1, NULL), 2, 2, &out);
	ck_assert_uint_eq(out.anomalies, BIT(AN_FRAG_OVERLAP));
	/* different bytes over [800, 1600): conflicts with [800, 1200) */
	memset(evil, 0xee, sizeof(evil));
	offer(t, &o, v4_frag(o.buf, 9, 800, 800, 0, evil), 3, 3, &out);
	ck_assert_uint_eq(out.anomalies, BIT(AN_FRAG_OVERLAP) | BIT(AN_FRAG_CONFLICT));
	ck_assert_int_eq(out.complete, 1);
	/* first arrival wins over [800, 1200); the rest is the attacker's */
	ck_assert_int_eq(decode_datagram(out.data, out.len, &o.d, out.nfrags, &d), 1);
	ck_assert_uint_eq(d.csum_bad, 1);   /* [1200, 1600) was replaced: the checksum says so */
	ck_assert_uint_eq(out.data[20 + 1199], udp[1199]);
	ck_assert_uint_eq(out.data[20 + 1200], 0xee);
	frag_free(t);
}
END_TEST

START_TEST(tiny_and_too_big)
{
	struct counter an[AN_COUNT];
	struct frag_table *t = table(an);
	struct offer o;
	struct frag_out out;

	make_udp(3992, 0);
	/* a first fragment of 0 + 4 bytes: not even the UDP header fits */
	offer(t, &o, v4_frag(o.buf, 10, 0, 4, 1, NULL), 1, 1, &out);
	ck_assert_uint_eq(out.anomalies & BIT(AN_FRAG_TINY), BIT(AN_FRAG_TINY));
	/* offset 65528 + 16 bytes runs past 65535 (ping of death) */
	offer(t, &o, v4_frag(o.buf, 11, 65528, 16, 0, udp), 2, 2, &out);
	ck_assert_uint_eq(out.anomalies, BIT(AN_FRAG_TOO_BIG));
	ck_assert_int_eq(out.complete, 0);
	frag_free(t);
}
END_TEST

START_TEST(expiry_counts_incomplete)
{
	struct counter an[AN_COUNT];
	struct frag_table *t = table(an);
	struct offer o;
	struct frag_out out;
	int64_t s = 1000000000;

	make_udp(2000, 0);
	offer(t, &o, v4_frag(o.buf, 1, 0, 1480, 1, NULL), 4, 100 * s, &out);
	offer(t, &o, v4_frag(o.buf, 2, 0, 1480, 1, NULL), 9, 110 * s, &out);
	frag_expire(t, 125 * s);
	ck_assert_uint_eq(frag_stats(t)->incomplete, 0);
	frag_expire(t, 131 * s);            /* the first is 31 s old: gone */
	ck_assert_uint_eq(frag_stats(t)->incomplete, 1);
	ck_assert_uint_eq(an[AN_FRAG_INCOMPLETE].count, 1);
	ck_assert_uint_eq(an[AN_FRAG_INCOMPLETE].first[0].frame, 4);
	frag_flush(t);                      /* the end of the capture */
	ck_assert_uint_eq(frag_stats(t)->incomplete, 2);
	ck_assert_uint_eq(an[AN_FRAG_INCOMPLETE].first[1].frame, 9);
	ck_assert_uint_eq(frag_stats(t)->active, 0);
	ck_assert_uint_eq(frag_stats(t)->bytes, 0);
	frag_free(t);
}
END_TEST

START_TEST(piece_cap)
{
	struct counter an[AN_COUNT];
	struct frag_table *t = table(an);
	struct offer o;
	struct frag_out out;
	unsigned i;

	make_udp(3992, 0);
	/* 8-byte fragments with 8-byte holes: each one a piece of its own */
	for (i = 0; i < FRAG_MAX_PIECES + 5; i++)
		offer(t, &o, v4_frag(o.buf, 3, 16 + i * 16, 8, 1, NULL), i + 1, i, &out);
	ck_assert_uint_eq(frag_stats(t)->over_pieces, 5);
	ck_assert_uint_eq(frag_stats(t)->first_over_pieces.frame, FRAG_MAX_PIECES + 1);
	frag_free(t);
}
END_TEST

/* One million first fragments of distinct datagrams that never complete. */
START_TEST(million_incomplete_stay_bounded)
{
	struct counter an[AN_COUNT];
	struct frag_table *t = table(an);
	struct offer o;
	struct frag_out out;
	uint32_t i;

	make_udp(1472, 0);
	v4_frag(o.buf, 0, 0, 1480, 1, NULL);
	memset(&o.p, 0, sizeof(o.p));
	o.p.caplen = o.p.len = 1500;
	o.p.linktype = 101;
	o.p.data = o.buf;
	ck_assert_int_eq(decode_packet(&o.p, &o.d), 1);
	for (i = 0; i < 1000000; i++) {
		/* a new datagram each time: the IP id and the source address vary
		 * (patched in the decoded record, as the bytes would say) */
		o.d.frag_id = i & 0xffff;
		o.d.src.a[2] = (uint8_t)(i >> 16);
		o.p.frame = i + 1;
		o.p.ts_ns = (int64_t)i * 1000;   /* 1 ms of capture: no expiry helps */
		frag_offer(t, &o.p, &o.d, o.p.ts_ns, &out);
		ck_assert_int_eq(out.complete, 0);
	}
	ck_assert_uint_le(frag_stats(t)->bytes_peak, FRAG_DEFAULT_BYTES);
	ck_assert_uint_le(frag_stats(t)->active_peak, FRAG_DEFAULT_DATAGRAMS);
	ck_assert_uint_eq(frag_stats(t)->datagrams, 1000000);
	ck_assert_uint_eq(frag_stats(t)->evicted + frag_stats(t)->active, 1000000);
	ck_assert_uint_gt(frag_stats(t)->evicted, 900000);
	ck_assert_uint_eq(frag_stats(t)->first_evicted.frame, 1);
	frag_flush(t);
	ck_assert_uint_eq(an[AN_FRAG_INCOMPLETE].count, 1000000);
	frag_free(t);
}
END_TEST

static Suite *frag_suite(void)
{
	Suite *s = suite_create("frag");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, v4_out_of_order);
	tcase_add_test(tc, v6_reassembly);
	tcase_add_test(tc, overlaps_first_wins);
	tcase_add_test(tc, tiny_and_too_big);
	tcase_add_test(tc, expiry_counts_incomplete);
	tcase_add_test(tc, piece_cap);
	tcase_add_test(tc, million_incomplete_stay_bounded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(frag_suite());
}
