/*
 * check_cursor.c - src/cursor.h: every read at its exact boundary, the sticky
 * error, sub/sub_clamp/rest/view semantics and the checksum helpers.
 */
#include "testutil.h"
#include "cursor.h"

static const uint8_t B[8] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };

/* Each fixed-size read: succeeds with exactly n bytes left, fails (sticky,
 * returns 0, does not move) with n - 1. */
START_TEST(t_u8_boundary)
{
	struct cursor c = cursor_make(B, 1);
	ck_assert_uint_eq(cursor_u8(&c), 0x01);
	ck_assert(cursor_ok(&c));
	ck_assert_uint_eq(cursor_left(&c), 0);
	ck_assert_uint_eq(cursor_u8(&c), 0);
	ck_assert(!cursor_ok(&c));
	ck_assert_uint_eq(cursor_pos(&c), 1);
	c = cursor_make(B, 0);
	ck_assert_uint_eq(cursor_u8(&c), 0);
	ck_assert(!cursor_ok(&c));
	ck_assert_uint_eq(cursor_pos(&c), 0);
}
END_TEST

START_TEST(t_16_boundary)
{
	struct cursor c = cursor_make(B, 2);
	ck_assert_uint_eq(cursor_be16(&c), 0x0102);
	ck_assert(cursor_ok(&c));
	c = cursor_make(B, 2);
	ck_assert_uint_eq(cursor_le16(&c), 0x0201);
	ck_assert(cursor_ok(&c));
	ck_assert_uint_eq(cursor_left(&c), 0);
	c = cursor_make(B, 1);
	ck_assert_uint_eq(cursor_be16(&c), 0);
	ck_assert(!cursor_ok(&c));
	ck_assert_uint_eq(cursor_pos(&c), 0);
	c = cursor_make(B, 1);
	ck_assert_uint_eq(cursor_le16(&c), 0);
	ck_assert(!cursor_ok(&c));
	c = cursor_make(B, 3);
	ck_assert_uint_eq(cursor_u16(&c, 1), 0x0102);
	ck_assert_uint_eq(cursor_u8(&c), 0x03);
	c = cursor_make(B, 2);
	ck_assert_uint_eq(cursor_u16(&c, 0), 0x0201);
}
END_TEST

START_TEST(t_24_boundary)
{
	struct cursor c = cursor_make(B, 3);
	ck_assert_uint_eq(cursor_be24(&c), 0x010203);
	ck_assert(cursor_ok(&c));
	ck_assert_uint_eq(cursor_left(&c), 0);
	c = cursor_make(B, 2);
	ck_assert_uint_eq(cursor_be24(&c), 0);
	ck_assert(!cursor_ok(&c));
	ck_assert_uint_eq(cursor_pos(&c), 0);
}
END_TEST

START_TEST(t_32_boundary)
{
	struct cursor c = cursor_make(B, 4);
	ck_assert_uint_eq(cursor_be32(&c), 0x01020304u);
	ck_assert(cursor_ok(&c));
	ck_assert_uint_eq(cursor_left(&c), 0);
	c = cursor_make(B, 4);
	ck_assert_uint_eq(cursor_le32(&c), 0x04030201u);
	ck_assert(cursor_ok(&c));
	c = cursor_make(B, 8);
	ck_assert_uint_eq(cursor_u32(&c, 1), 0x01020304u);
	ck_assert_uint_eq(cursor_u32(&c, 0), 0x08070605u);
	ck_assert(cursor_ok(&c));
	ck_assert_uint_eq(cursor_left(&c), 0);
	c = cursor_make(B, 3);
	ck_assert_uint_eq(cursor_be32(&c), 0);
	ck_assert(!cursor_ok(&c));
	ck_assert_uint_eq(cursor_pos(&c), 0);
	c = cursor_make(B, 3);
	ck_assert_uint_eq(cursor_le32(&c), 0);
	ck_assert(!cursor_ok(&c));
	/* high bit set: no sign extension */
	{
		static const uint8_t hi[4] = { 0xff, 0xfe, 0xfd, 0xfc };
		c = cursor_make(hi, 4);
		ck_assert_uint_eq(cursor_be32(&c), 0xfffefdfcu);
		c = cursor_make(hi, 2);
		ck_assert_uint_eq(cursor_be16(&c), 0xfffe);
	}
}
END_TEST

START_TEST(t_bytes_skip_boundary)
{
	uint8_t out[8];
	struct cursor c = cursor_make(B, 8);

	memset(out, 0xaa, sizeof(out));
	ck_assert_int_eq(cursor_bytes(&c, out, 8), 1);
	ck_assert_mem_eq(out, B, 8);
	ck_assert_uint_eq(cursor_left(&c), 0);
	ck_assert(cursor_ok(&c));
	c = cursor_make(B, 7);
	memset(out, 0xaa, sizeof(out));
	ck_assert_int_eq(cursor_bytes(&c, out, 8), 0);
	ck_assert(!cursor_ok(&c));
	ck_assert_uint_eq(out[0], 0xaa); /* nothing copied on failure */
	c = cursor_make(B, 8);
	ck_assert_int_eq(cursor_skip(&c, 8), 1);
	ck_assert_uint_eq(cursor_pos(&c), 8);
	ck_assert_int_eq(cursor_skip(&c, 0), 1);
	ck_assert_int_eq(cursor_skip(&c, 1), 0);
	ck_assert(!cursor_ok(&c));
	/* a huge length cannot wrap around */
	c = cursor_make(B, 8);
	cursor_u8(&c);
	ck_assert_int_eq(cursor_skip(&c, SIZE_MAX), 0);
	ck_assert(!cursor_ok(&c));
	ck_assert_uint_eq(cursor_pos(&c), 1);
	c = cursor_make(B, 8);
	cursor_u8(&c);
	ck_assert_ptr_null(cursor_view(&c, SIZE_MAX - 1));
}
END_TEST

START_TEST(t_sticky)
{
	struct cursor c = cursor_make(B, 8);

	ck_assert_uint_eq(cursor_be32(&c), 0x01020304u);
	ck_assert_uint_eq(cursor_be32(&c), 0x05060708u);
	ck_assert_uint_eq(cursor_u8(&c), 0); /* past the end */
	ck_assert(!cursor_ok(&c));
	ck_assert_uint_eq(cursor_left(&c), 0);
	/* once bad, even a read that would fit returns 0 */
	c = cursor_make(B, 8);
	ck_assert_uint_eq(cursor_be32(&c), 0x01020304u);
	ck_assert_uint_eq(cursor_skip(&c, 5), 0);
	ck_assert_uint_eq(cursor_pos(&c), 4);
	ck_assert_uint_eq(cursor_left(&c), 0);
	ck_assert_uint_eq(cursor_u8(&c), 0);
	ck_assert_uint_eq(cursor_be16(&c), 0);
	ck_assert_uint_eq(cursor_le32(&c), 0);
	ck_assert_ptr_null(cursor_view(&c, 1));
	ck_assert_int_eq(cursor_skip(&c, 0), 0);
	ck_assert_uint_eq(cursor_peek_u8(&c, 0), 0);
	ck_assert(!cursor_ok(&c));
	/* a NULL buffer is an empty view */
	c = cursor_make(NULL, 100);
	ck_assert_uint_eq(cursor_left(&c), 0);
	ck_assert_uint_eq(cursor_u8(&c), 0);
	ck_assert(!cursor_ok(&c));
}
END_TEST

START_TEST(t_sub)
{
	struct cursor c = cursor_make(B, 8), s, s2;

	cursor_u8(&c);
	s = cursor_sub(&c, 3);
	ck_assert(cursor_ok(&s));
	ck_assert(cursor_ok(&c));
	ck_assert_uint_eq(cursor_pos(&c), 4);   /* parent moved past the child */
	ck_assert_uint_eq(cursor_left(&s), 3);
	ck_assert_uint_eq(cursor_pos(&s), 0);
	ck_assert_uint_eq(cursor_u8(&s), 0x02);
	ck_assert_uint_eq(cursor_be16(&s), 0x0304);
	/* the child is never readable beyond its own length, although the
	 * parent's buffer continues */
	ck_assert_uint_eq(cursor_u8(&s), 0);
	ck_assert(!cursor_ok(&s));
	ck_assert(cursor_ok(&c));                /* child errors do not reach the parent */
	ck_assert_uint_eq(cursor_u8(&c), 0x05);
	/* a child of a child */
	s = cursor_sub(&c, 3);
	s2 = cursor_sub(&s, 2);
	ck_assert_uint_eq(cursor_be16(&s2), 0x0607);
	ck_assert_uint_eq(cursor_left(&s2), 0);
	ck_assert_uint_eq(cursor_peek_u8(&s2, 0), 0);  /* 0x08 is beyond s2 */
	ck_assert_uint_eq(cursor_u8(&s), 0x08);
	ck_assert_uint_eq(cursor_left(&c), 0);
	/* too long: both bad, child empty */
	c = cursor_make(B, 8);
	cursor_skip(&c, 6);
	s = cursor_sub(&c, 3);
	ck_assert(!cursor_ok(&c));
	ck_assert(!cursor_ok(&s));
	ck_assert_uint_eq(cursor_left(&s), 0);
	ck_assert_uint_eq(cursor_u8(&s), 0);
	ck_assert_uint_eq(cursor_pos(&c), 6);
	/* exactly the rest */
	c = cursor_make(B, 8);
	cursor_skip(&c, 6);
	s = cursor_sub(&c, 2);
	ck_assert(cursor_ok(&c));
	ck_assert_uint_eq(cursor_be16(&s), 0x0708);
	/* zero-length child */
	c = cursor_make(B, 8);
	s = cursor_sub(&c, 0);
	ck_assert(cursor_ok(&s));
	ck_assert_uint_eq(cursor_left(&s), 0);
	ck_assert_uint_eq(cursor_u8(&s), 0);
	ck_assert(!cursor_ok(&s));
	ck_assert_uint_eq(cursor_u8(&c), 0x01);
}
END_TEST

START_TEST(t_sub_clamp)
{
	struct cursor c = cursor_make(B, 8), s;

	cursor_skip(&c, 5);
	s = cursor_sub_clamp(&c, 100);  /* declared 100, 3 captured */
	ck_assert(cursor_ok(&c));        /* parent not bad */
	ck_assert(cursor_ok(&s));
	ck_assert_uint_eq(cursor_left(&s), 3);
	ck_assert_uint_eq(cursor_left(&c), 0);
	ck_assert_uint_eq(cursor_be24(&s), 0x060708);
	ck_assert_uint_eq(cursor_u8(&s), 0);
	ck_assert(!cursor_ok(&s));
	/* shorter than what is left: exactly n, the parent keeps the rest */
	c = cursor_make(B, 8);
	s = cursor_sub_clamp(&c, 2);
	ck_assert_uint_eq(cursor_left(&s), 2);
	ck_assert_uint_eq(cursor_left(&c), 6);
	ck_assert_uint_eq(cursor_u8(&c), 0x03);
	/* on an already bad parent: empty child, bad */
	c = cursor_make(B, 2);
	cursor_be32(&c);
	s = cursor_sub_clamp(&c, 1);
	ck_assert_uint_eq(cursor_left(&s), 0);
}
END_TEST

START_TEST(t_rest)
{
	struct cursor c = cursor_make(B, 8), s;

	cursor_skip(&c, 3);
	s = cursor_rest(&c);
	ck_assert(cursor_ok(&c));
	ck_assert_uint_eq(cursor_left(&c), 0);
	ck_assert_uint_eq(cursor_left(&s), 5);
	ck_assert_uint_eq(cursor_u8(&s), 0x04);
	ck_assert_uint_eq(cursor_u8(&c), 0); /* parent exhausted */
	ck_assert(!cursor_ok(&c));
	/* rest of an exhausted view: empty, fine */
	c = cursor_make(B, 8);
	cursor_skip(&c, 8);
	s = cursor_rest(&c);
	ck_assert(cursor_ok(&s));
	ck_assert_uint_eq(cursor_left(&s), 0);
}
END_TEST

START_TEST(t_view_peek)
{
	struct cursor c = cursor_make(B, 8);
	const uint8_t *p;

	p = cursor_view(&c, 3);
	ck_assert_ptr_eq(p, B);             /* borrowed, not copied */
	ck_assert_uint_eq(cursor_pos(&c), 3);
	p = cursor_view(&c, 5);
	ck_assert_ptr_eq(p, B + 3);
	ck_assert(cursor_ok(&c));
	ck_assert_ptr_null(cursor_view(&c, 1));
	ck_assert(!cursor_ok(&c));
	c = cursor_make(B, 8);
	cursor_skip(&c, 6);
	ck_assert_uint_eq(cursor_peek_u8(&c, 0), 0x07);
	ck_assert_uint_eq(cursor_peek_u8(&c, 1), 0x08);
	ck_assert_uint_eq(cursor_peek_u8(&c, 2), 0);  /* short: 0, not bad */
	ck_assert(cursor_ok(&c));
	ck_assert_uint_eq(cursor_peek_be16(&c, 0), 0x0708);
	ck_assert_uint_eq(cursor_peek_be16(&c, 1), 0);
	ck_assert(cursor_ok(&c));
	ck_assert_uint_eq(cursor_pos(&c), 6);         /* peeks do not move */
	cursor_skip(&c, 1);
	ck_assert_uint_eq(cursor_peek_be16(&c, 0), 0);
	ck_assert(cursor_ok(&c));
}
END_TEST

/* RFC 1071 §3 numerical example: 00 01 f2 03 f4 f5 f6 f7 sums to 2ddf0,
 * folded ddf2, so the checksum is ~ddf2 = 220d. */
START_TEST(t_csum_rfc1071)
{
	static const uint8_t ex[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	struct cursor c = cursor_make(ex, 8);
	uint32_t s = cursor_csum(&c, 0);

	/* the bytes' sum comes folded (0x2ddf0 -> 0xddf2) */
	ck_assert_uint_eq(s, 0xddf2);
	ck_assert_uint_eq(cursor_csum_fold(s), 0xddf2);
	ck_assert_uint_eq((uint16_t)~cursor_csum_fold(s), 0x220d);
	ck_assert_uint_eq(cursor_pos(&c), 0);  /* summing does not move */
	/* the remaining bytes only, and an initial sum is added */
	cursor_skip(&c, 2);
	ck_assert_uint_eq(cursor_csum_fold(cursor_csum(&c, 0x0001)), 0xddf2);
	/* odd length: the last byte is padded with a zero byte */
	c = cursor_make(ex, 3);
	ck_assert_uint_eq(cursor_csum(&c, 0), 0x0001 + 0xf200);
	/* every length from 0 to 64 at every alignment agrees with the plain
	 * big-endian word sum */
	{
		uint8_t buf[80];
		unsigned off, len, i;
		for (i = 0; i < sizeof(buf); i++)
			buf[i] = (uint8_t)(i * 37 + 11);
		for (off = 0; off < 8; off++)
			for (len = 0; len <= 64; len++) {
				uint32_t ref = 0x1234;
				struct cursor k = cursor_make(buf + off, len);
				for (i = 0; i + 1 < len; i += 2)
					ref += (uint32_t)(buf[off + i] << 8 | buf[off + i + 1]);
				if (len & 1)
					ref += (uint32_t)buf[off + len - 1] << 8;
				ck_assert_uint_eq(cursor_csum_fold(cursor_csum(&k, 0x1234)), cursor_csum_fold(ref));
			}
		/* all 0xff: the largest sums */
		memset(buf, 0xff, sizeof(buf));
		c = cursor_make(buf, sizeof(buf));
		ck_assert_uint_eq(cursor_csum_fold(cursor_csum(&c, 0)), 0xffff);
	}
	/* a bad cursor sums nothing */
	c = cursor_make(ex, 1);
	cursor_be16(&c);
	ck_assert_uint_eq(cursor_csum(&c, 7), 7);
	/* folding carries twice: 0x1ffff -> 0x10000 -> 0x0001 */
	ck_assert_uint_eq(cursor_csum_fold(0x1ffff), 0x0001);
	ck_assert_uint_eq(cursor_csum_fold(0xffffffffu), 0xffff);
	ck_assert_uint_eq(cursor_csum_fold(0x0000ffffu), 0xffff);
}
END_TEST

/* A real IPv4 header (scapy IP(src="192.0.2.10", dst="198.51.100.20",
 * id=1, proto 6, ttl 64, len 40)): its own checksum makes the sum ffff. */
START_TEST(t_csum_ipv4_header)
{
	static const uint8_t ip[20] = { 0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00,
					0x40, 0x06, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x0a,
					0xc6, 0x33, 0x64, 0x14 };
	uint8_t h[20];
	struct cursor c = cursor_make(ip, 20);
	uint16_t ck = (uint16_t)~cursor_csum_fold(cursor_csum(&c, 0));

	memcpy(h, ip, 20);
	h[10] = (uint8_t)(ck >> 8);
	h[11] = (uint8_t)ck;
	c = cursor_make(h, 20);
	ck_assert_uint_eq(cursor_csum_fold(cursor_csum(&c, 0)), 0xffff);
	h[15] ^= 1;
	c = cursor_make(h, 20);
	ck_assert_uint_ne(cursor_csum_fold(cursor_csum(&c, 0)), 0xffff);
}
END_TEST

static Suite *cursor_suite(void)
{
	Suite *s = suite_create("cursor");
	TCase *tc = tcase_create("cursor");

	tcase_add_test(tc, t_u8_boundary);
	tcase_add_test(tc, t_16_boundary);
	tcase_add_test(tc, t_24_boundary);
	tcase_add_test(tc, t_32_boundary);
	tcase_add_test(tc, t_bytes_skip_boundary);
	tcase_add_test(tc, t_sticky);
	tcase_add_test(tc, t_sub);
	tcase_add_test(tc, t_sub_clamp);
	tcase_add_test(tc, t_rest);
	tcase_add_test(tc, t_view_peek);
	tcase_add_test(tc, t_csum_rfc1071);
	tcase_add_test(tc, t_csum_ipv4_header);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(cursor_suite());
}
