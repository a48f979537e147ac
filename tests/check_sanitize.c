/*
 * check_sanitize.c - the one sanitiser every capture string passes through
 * before a report (src/sanitize.h, DESIGN.md section 3).
 *
 * Properties checked: every output is valid UTF-8 (xmlCheckUTF8) and made of
 * XML 1.0 characters only, shows no C0/C1 control, DEL, invalid byte or
 * bidi/format character raw, and -- when not cut -- decodes back to exactly
 * the input (so the escapes are unambiguous); the cap holds and is flagged.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlstring.h>
#include <libxml/chvalid.h>
#include "sanitize.h"

#define OUT 4096

/* 1 if s is UTF-8 made only of XML 1.0 Chars and none of the characters the
 * sanitiser must show escaped. */
static int xml_clean(const char *s)
{
	const xmlChar *p = (const xmlChar *)s;

	if (!xmlCheckUTF8(p))
		return 0;
	while (*p) {
		int len = 4;
		int cp = xmlGetUTF8Char(p, &len);
		if (cp < 0 || len <= 0)
			return 0;
		if (!xmlIsCharQ(cp))
			return 0;
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return 0;  /* even TAB/LF/CR must be shown escaped */
		if ((cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff || cp == 0xfffe || cp == 0xffff)
			return 0;
		p += len;
	}
	return 1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Undoes the escapes (\\, \xNN, \uNNNN) into out; returns the length or -1
 * on an escape the sanitiser never writes. */
static long unescape(const char *s, unsigned char *out, size_t n)
{
	size_t o = 0;

	while (*s) {
		if (o + 4 > n)
			return -1;
		if (*s != '\\') {
			out[o++] = (unsigned char)*s++;
			continue;
		}
		if (s[1] == '\\') {
			out[o++] = '\\';
			s += 2;
		} else if (s[1] == 'x' && hexval(s[2]) >= 0 && hexval(s[3]) >= 0) {
			out[o++] = (unsigned char)(hexval(s[2]) * 16 + hexval(s[3]));
			s += 4;
		} else if (s[1] == 'u') {
			unsigned v = 0;
			int i;
			for (i = 2; i < 6; i++) {
				if (hexval(s[i]) < 0)
					return -1;
				v = v * 16 + (unsigned)hexval(s[i]);
			}
			/* only BMP format characters are escaped this way */
			out[o++] = (unsigned char)(0xe0 | (v >> 12));
			out[o++] = (unsigned char)(0x80 | ((v >> 6) & 0x3f));
			out[o++] = (unsigned char)(0x80 | (v & 0x3f));
			s += 6;
		} else {
			return -1;
		}
	}
	return (long)o;
}

/* Sanitises in[0..len) with a generous cap and checks the invariants and the
 * round trip; returns the sanitiser's result, output in out. */
static int san_ok(const void *in, size_t len, char *out)
{
	unsigned char back[OUT * 2];
	int t = -1, r;
	long bl;

	r = sanitize_str(in, len, out, OUT, OUT, &t);
	ck_assert_int_eq(t, 0);
	ck_assert_msg(xml_clean(out), "not clean: %s", out);
	bl = unescape(out, back, sizeof(back));
	ck_assert_msg(bl == (long)len && memcmp(back, in, len) == 0, "round trip failed: %s", out);
	ck_assert_int_eq(r, len != strlen(out) || memcmp(in, out, len) != 0);
	return r;
}

static void expect(const char *in, size_t len, const char *want)
{
	char out[OUT];

	san_ok(in, len, out);
	ck_assert_str_eq(out, want);
}

START_TEST(every_single_byte)
{
	int b;

	for (b = 0; b < 256; b++) {
		char in[1] = { (char)b }, out[OUT], want[8];
		int r = san_ok(in, 1, out);

		if (b == '\\')
			snprintf(want, sizeof(want), "\\\\");
		else if (b >= 0x20 && b < 0x7f)
			snprintf(want, sizeof(want), "%c", b);
		else
			snprintf(want, sizeof(want), "\\x%02X", b);
		ck_assert_str_eq(out, want);
		ck_assert_int_eq(r, !(b >= 0x20 && b < 0x7f && b != '\\'));
	}
}
END_TEST

START_TEST(all_bytes_in_one_string)
{
	unsigned char in[256];
	char out[OUT];
	int i;

	for (i = 0; i < 256; i++)
		in[i] = (unsigned char)i;
	ck_assert_int_eq(san_ok(in, sizeof(in), out), 1);
	/* and every byte pair, which includes every 2-byte sequence start */
	for (i = 0; i < 65536; i++) {
		unsigned char two[2] = { (unsigned char)(i >> 8), (unsigned char)i };
		san_ok(two, 2, out);
	}
}
END_TEST

START_TEST(valid_utf8_kept)
{
	char out[OUT];

	expect("plain ascii", 11, "plain ascii");
	ck_assert_int_eq(san_ok("plain", 5, out), 0);
	expect("caf\xc3\xa9", 5, "caf\xc3\xa9");                    /* U+00E9 */
	expect("\xc2\xa0", 2, "\xc2\xa0");                          /* NBSP: first after C1 */
	expect("\xe2\x82\xac", 3, "\xe2\x82\xac");                  /* U+20AC */
	expect("\xe2\x80\x90", 3, "\xe2\x80\x90");                  /* U+2010, after the format block */
	expect("\xe2\x81\xb0", 3, "\xe2\x81\xb0");                  /* U+2070 */
	expect("\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80");          /* U+1F600 */
	expect("\xf4\x8f\xbf\xbf", 4, "\xf4\x8f\xbf\xbf");          /* U+10FFFF */
	expect("\xef\xbf\xbd", 3, "\xef\xbf\xbd");                  /* U+FFFD */
	expect("", 0, "");
}
END_TEST

START_TEST(invalid_utf8)
{
	/* overlong forms */
	expect("\xc0\x80", 2, "\\xC0\\x80");
	expect("\xc1\xbf", 2, "\\xC1\\xBF");
	expect("\xe0\x80\x80", 3, "\\xE0\\x80\\x80");
	expect("\xe0\x9f\xbf", 3, "\\xE0\\x9F\\xBF");
	expect("\xf0\x80\x80\x80", 4, "\\xF0\\x80\\x80\\x80");
	expect("\xf0\x8f\xbf\xbf", 4, "\\xF0\\x8F\\xBF\\xBF");
	/* surrogates U+D800, U+DFFF, and a CESU pair */
	expect("\xed\xa0\x80", 3, "\\xED\\xA0\\x80");
	expect("\xed\xbf\xbf", 3, "\\xED\\xBF\\xBF");
	expect("\xed\xa0\xbd\xed\xb8\x80", 6, "\\xED\\xA0\\xBD\\xED\\xB8\\x80");
	/* beyond U+10FFFF, 5- and 6-byte forms, FE/FF */
	expect("\xf4\x90\x80\x80", 4, "\\xF4\\x90\\x80\\x80");
	expect("\xf8\x88\x80\x80\x80", 5, "\\xF8\\x88\\x80\\x80\\x80");
	expect("\xfc\x84\x80\x80\x80\x80", 6, "\\xFC\\x84\\x80\\x80\\x80\\x80");
	expect("\xfe\xff", 2, "\\xFE\\xFF");
	/* truncated sequences: at the end, and followed by ASCII */
	expect("\xe2\x82", 2, "\\xE2\\x82");
	expect("a\xf0\x9f\x98", 4, "a\\xF0\\x9F\\x98");
	expect("\xe2\x82" "A", 3, "\\xE2\\x82A");
	expect("\xc3" "\xc3\xa9", 3, "\\xC3\xc3\xa9");
	/* lone continuation bytes */
	expect("\x80\xbf", 2, "\\x80\\xBF");
}
END_TEST

START_TEST(controls)
{
	expect("a\0b", 3, "a\\x00b");
	expect("\r\n", 2, "\\x0D\\x0A");
	expect("\t", 1, "\\x09");
	expect("\x1b[31m", 5, "\\x1B[31m");
	expect("\x7f", 1, "\\x7F");
	/* C1 controls U+0080..U+009F: shown as their two bytes, so a lone
	 * 0x85 byte and U+0085 stay distinguishable */
	expect("\xc2\x80", 2, "\\xC2\\x80");
	expect("\xc2\x85", 2, "\\xC2\\x85");
	expect("\xc2\x9f", 2, "\\xC2\\x9F");
	expect("\x85", 1, "\\x85");
	expect("\x01\xff", 2, "\\x01\\xFF");
}
END_TEST

START_TEST(bidi_and_format)
{
	static const struct { const char *in; const char *out; } t[] = {
		{ "\xe2\x80\x8b", "\\u200B" }, { "\xe2\x80\x8c", "\\u200C" },
		{ "\xe2\x80\x8d", "\\u200D" }, { "\xe2\x80\x8e", "\\u200E" },
		{ "\xe2\x80\x8f", "\\u200F" }, { "\xe2\x80\xaa", "\\u202A" },
		{ "\xe2\x80\xab", "\\u202B" }, { "\xe2\x80\xac", "\\u202C" },
		{ "\xe2\x80\xad", "\\u202D" }, { "\xe2\x80\xae", "\\u202E" },
		{ "\xe2\x81\xa6", "\\u2066" }, { "\xe2\x81\xa7", "\\u2067" },
		{ "\xe2\x81\xa8", "\\u2068" }, { "\xe2\x81\xa9", "\\u2069" },
		{ "\xef\xbb\xbf", "\\uFEFF" }, { "\xef\xbf\xbe", "\\uFFFE" },
		{ "\xef\xbf\xbf", "\\uFFFF" },
	};
	unsigned i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		expect(t[i].in, strlen(t[i].in), t[i].out);
	/* Trojan Source shape: the override is visible, the text is kept */
	expect("admin\xe2\x80\xae" "gnp.exe", 15, "admin\\u202Egnp.exe");
}
END_TEST

START_TEST(backslash_is_unambiguous)
{
	/* the text "\x41" and the byte 0x41 never sanitise alike */
	expect("\\x41", 4, "\\\\x41");
	expect("\\u202E", 6, "\\\\u202E");
	expect("\\", 1, "\\\\");
	expect("a\\\\b", 4, "a\\\\\\\\b");
}
END_TEST

START_TEST(markup_passes_as_text)
{
	/* the sanitiser does not touch markup: escaping it is the writer's job */
	expect("<script>alert(1)</script>", 25, "<script>alert(1)</script>");
	expect("\"><img src=x onerror=alert(1)>", 30, "\"><img src=x onerror=alert(1)>");
}
END_TEST

START_TEST(cap_and_truncation)
{
	char in[300], out[OUT];
	int t, r;

	memset(in, 'a', sizeof(in));
	/* exactly at the cap: not cut */
	r = sanitize_str(in, 10, out, OUT, 10, &t);
	ck_assert_int_eq(t, 0);
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(strlen(out), 10);
	/* one more: cut, marked with "..." */
	r = sanitize_str(in, 11, out, OUT, 10, &t);
	ck_assert_int_eq(t, 1);
	ck_assert_int_eq(r, 1);
	ck_assert_str_eq(out, "aaaaaaaaaa...");
	/* an escape is never split */
	r = sanitize_str("ab\x01", 3, out, OUT, 5, &t);
	ck_assert_int_eq(t, 1);
	ck_assert_str_eq(out, "ab...");
	r = sanitize_str("ab\x01", 3, out, OUT, 6, &t);
	ck_assert_int_eq(t, 0);
	ck_assert_str_eq(out, "ab\\x01");
	/* nor is a multi-byte character */
	r = sanitize_str("aa\xc3\xa9", 4, out, OUT, 3, &t);
	ck_assert_int_eq(t, 1);
	ck_assert_str_eq(out, "aa...");
	r = sanitize_str("a\xc3\xa9", 3, out, OUT, 3, &t);
	ck_assert_int_eq(t, 0);
	ck_assert_str_eq(out, "a\xc3\xa9");
	/* the output buffer caps too: n = 8 holds 4 bytes + "..." + NUL */
	r = sanitize_str(in, sizeof(in), out, 8, 1000, &t);
	ck_assert_int_eq(t, 1);
	ck_assert_str_eq(out, "aaaa...");
	/* cap 0 */
	r = sanitize_str("x", 1, out, OUT, 0, &t);
	ck_assert_int_eq(t, 1);
	ck_assert_str_eq(out, "...");
	r = sanitize_str("", 0, out, OUT, 0, &t);
	ck_assert_int_eq(t, 0);
	ck_assert_str_eq(out, "");
	/* NULL truncation pointer is allowed */
	sanitize_str(in, sizeof(in), out, OUT, 5, NULL);
	ck_assert_str_eq(out, "aaaaa...");
}
END_TEST

START_TEST(huge_string)
{
	size_t len = 64 * 1024, i;
	unsigned char *in = malloc(len);
	char out[1100];
	int t;

	ck_assert_ptr_nonnull(in);
	for (i = 0; i < len; i++)
		in[i] = (unsigned char)(i * 7 + 3);
	sanitize_str(in, len, out, sizeof(out), 1024, &t);
	ck_assert_int_eq(t, 1);
	ck_assert_uint_le(strlen(out), 1024 + 3);
	ck_assert(xml_clean(out));
	free(in);
}
END_TEST

/* Deterministic pseudo-random strings biased towards the interesting bytes. */
static uint32_t rng(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

START_TEST(random_strings)
{
	static const unsigned char pick[] = { 0x00, 0x01, 0x09, 0x0a, 0x0d, 0x1b, 0x5c, 0x7f, 0x80,
		0x85, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xc3, 0xe0, 0xe2, 0x80, 0xae, 0xed, 0xef,
		0xbb, 0xbf, 0xf0, 0xf4, 0xf8, 0xff, '<', '&', '"', 'a' };
	uint32_t seed = 0x9e3779b9u;
	unsigned char in[300];
	char out[OUT];
	int iter;

	for (iter = 0; iter < 20000; iter++) {
		size_t len = rng(&seed) % sizeof(in), i, cap = rng(&seed) % 400, n = 8 + rng(&seed) % 600;
		int t;

		for (i = 0; i < len; i++)
			in[i] = (rng(&seed) & 1) ? pick[rng(&seed) % sizeof(pick)]
						 : (unsigned char)rng(&seed);
		san_ok(in, len, out);
		sanitize_str(in, len, out, n, cap, &t);
		ck_assert(xml_clean(out));
		ck_assert_uint_lt(strlen(out), n);
		ck_assert_uint_le(strlen(out), cap + 3);
		if (!t) {
			unsigned char back[OUT * 2];
			long bl = unescape(out, back, sizeof(back));
			ck_assert(bl == (long)len && memcmp(back, in, len) == 0);
		} else {
			ck_assert(strlen(out) >= 3 && !strcmp(out + strlen(out) - 3, "..."));
		}
	}
}
END_TEST

static Suite *sanitize_suite(void)
{
	Suite *s = suite_create("sanitize");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, every_single_byte);
	tcase_add_test(tc, all_bytes_in_one_string);
	tcase_add_test(tc, valid_utf8_kept);
	tcase_add_test(tc, invalid_utf8);
	tcase_add_test(tc, controls);
	tcase_add_test(tc, bidi_and_format);
	tcase_add_test(tc, backslash_is_unambiguous);
	tcase_add_test(tc, markup_passes_as_text);
	tcase_add_test(tc, cap_and_truncation);
	tcase_add_test(tc, huge_string);
	tcase_add_test(tc, random_strings);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sanitize_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
