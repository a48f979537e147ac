/*
 * check_hash.c - src/hash.h, the one mixer: hash_mix is MurmurHash3's
 * fmix64 (its published value for 1, and 0 stays 0), hash_bytes takes every
 * byte and the length of a tail (so "abc" and "abc\0" differ), and the
 * order of words.  (The tables built on it are tested in their own suites:
 * check_flow, check_frag, check_capdup, check_echo, check_tunnel's context
 * that is the same both ways.)
 */
#include "testutil.h"
#include "hash.h"

START_TEST(t_mix)
{
	ck_assert_uint_eq(hash_mix(0), 0);
	ck_assert_uint_eq(hash_mix(1), 0xb456bcfc34c2cb2cULL);
	ck_assert_uint_ne(hash_mix(2), hash_mix(1));
}
END_TEST

START_TEST(t_bytes)
{
	uint8_t a[17], b[17];
	unsigned i;

	ck_assert_uint_ne(hash_bytes(HASH_SEED, "abc", 3), hash_bytes(HASH_SEED, "abc\0", 4));
	ck_assert_uint_eq(hash_bytes(HASH_SEED, "abc", 3), hash_bytes(HASH_SEED, "abcd", 3));
	ck_assert_uint_eq(hash_bytes(HASH_SEED, "", 0), HASH_SEED);
	/* every byte of a 17-byte key counts */
	memset(a, 0x5a, sizeof(a));
	for (i = 0; i < sizeof(a); i++) {
		memcpy(b, a, sizeof(b));
		b[i] ^= 1;
		ck_assert_uint_ne(hash_bytes(HASH_SEED, a, sizeof(a)), hash_bytes(HASH_SEED, b, sizeof(b)));
	}
	/* the order of words counts */
	ck_assert_uint_ne(hash_add(hash_add(HASH_SEED, 1), 2), hash_add(hash_add(HASH_SEED, 2), 1));
}
END_TEST

static Suite *hash_suite(void)
{
	Suite *s = suite_create("hash");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, t_mix);
	tcase_add_test(tc, t_bytes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(hash_suite());
}
