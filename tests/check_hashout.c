/*
 * check_hashout.c - src/hashout.c, an output FILE that hashes (SHA-256)
 * what is written to it, inline or on its own thread (src/handoff.c), and
 * hashout_copy_range, which appends a range of another file to a stream.
 *
 * Every digest is checked against values computed here independently: fixed
 * known vectors (FIPS 180-2: "abc", the empty string, "a") and OpenSSL EVP
 * SHA-256 of the bytes the test meant to write and of the file as read back
 * from disk, which must also equal those bytes.  Each test runs threaded
 * (loop index 1) and inline (0):
 *  - known vectors: empty file, one byte, "abc";
 *  - writes of odd sizes (1 byte, 65535, 65536, 65537, a 200 KiB single
 *    fwrite larger than HANDOFF_MAX_ITEM) mixed with fprintf, more than
 *    8 MiB in all, so the hand-off's 4 MiB byte ring wraps;
 *  - hashout_copy_range from another file (offset 0 and not, lengths 0, 1
 *    and several MiB) between writes, into a hashout stream and into a
 *    plain fopen stream: the file is the expected concatenation;
 *  - a range past the end of the source fails (-1) and so does the digest;
 *  - a path in a missing directory: NULL, errno ENOENT;
 *  - /dev/full: a short fwrite / a failed fflush, fclose fails,
 *    hashout_finish gives -1 and "-"
 *    (skipped, with a message, when /dev/full cannot be written).
 */
#include "testutil.h"
#include "hashout.h"
#include "handoff.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <openssl/evp.h>

#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA_A "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

/* ---- helpers ------------------------------------------------------------ */

/* SHA-256 of buf[0..n) as 64 hex digits, by OpenSSL EVP directly. */
static void sha256_hex(const void *buf, size_t n, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0, i;

	ck_assert_int_eq(EVP_Digest(buf, n, md, &mdlen, EVP_sha256(), NULL), 1);
	ck_assert_uint_eq(mdlen, 32);
	for (i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* A growing byte buffer: what the test means the file to hold. */
struct exp {
	unsigned char *b;
	size_t n, cap;
};

static void exp_put(struct exp *e, const void *p, size_t n)
{
	if (e->n + n > e->cap) {
		size_t cap = e->cap ? e->cap : 1 << 20;
		while (cap < e->n + n)
			cap *= 2;
		e->b = realloc(e->b, cap);
		ck_assert_ptr_nonnull(e->b);
		e->cap = cap;
	}
	if (n)
		memcpy(e->b + e->n, p, n);
	e->n += n;
}

/* Deterministic bytes that differ at every position (a byte out of place
 * changes the digest and the comparison). */
static void fill(unsigned char *p, size_t n, uint64_t seed)
{
	uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (unsigned char)(x >> 24);
	}
}

/* The file at path holds exactly e's bytes; its SHA-256, read back from
 * disk, is e's, and is hex. */
static void check_file(const char *path, const struct exp *e, const char *hex)
{
	size_t len = 0;
	char *got = slurp(path, &len);
	char want[65], disk[65];
	size_t i;

	ck_assert_msg(got != NULL, "cannot read %s back", path);
	if (len != e->n || (len && memcmp(got, e->b, len) != 0)) {
		for (i = 0; i < len && i < e->n && got[i] == (char)e->b[i]; i++)
			;
		ck_abort_msg("%s: %zu bytes, want %zu; first difference at %zu", path, len, e->n, i);
	}
	sha256_hex(e->n ? (const void *)e->b : "", e->n, want);
	sha256_hex(got, len, disk);
	ck_assert_str_eq(disk, want);
	if (hex)
		ck_assert_str_eq(hex, want);
	free(got);
}

static void path_in(char *buf, size_t n, const char *dir, const char *name)
{
	ck_assert_uint_lt((size_t)snprintf(buf, n, "%s/%s", dir, name), n);
}

/* Writes all of p[0..n) with one fwrite (the stream sees it as one call). */
static void put(FILE *f, struct exp *e, const void *p, size_t n)
{
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	exp_put(e, p, n);
}

/* fprintf to the stream and the same text to e. */
static void putf(FILE *f, struct exp *e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void putf(FILE *f, struct exp *e, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ck_assert(n >= 0 && (size_t)n < sizeof(buf));
	va_start(ap, fmt);
	ck_assert_int_eq(vfprintf(f, fmt, ap), n);
	va_end(ap);
	exp_put(e, buf, (size_t)n);
}

/* ---- known vectors ------------------------------------------------------ */

static void known(int threaded, const char *data, size_t n, const char *want)
{
	char *dir = tmpdir_new(), path[4200], hex[65];
	struct hashout *h = NULL;
	struct exp e = { 0 };
	FILE *f;

	path_in(path, sizeof(path), dir, "out");
	f = hashout_open(path, threaded, &h);
	ck_assert_msg(f != NULL, "hashout_open: %s", strerror(errno));
	ck_assert_ptr_nonnull(h);
	if (n)
		put(f, &e, data, n);
	ck_assert_int_eq(fclose(f), 0);
	memset(hex, 'x', sizeof(hex));
	ck_assert_int_eq(hashout_finish(h, hex), 0);
	ck_assert_uint_eq(strlen(hex), 64);
	ck_assert_str_eq(hex, want);
	check_file(path, &e, hex);
	free(e.b);
	tmpdir_free(dir);
}

START_TEST(empty_file)
{
	known(_i, "", 0, SHA_EMPTY);
}
END_TEST

START_TEST(one_byte)
{
	known(_i, "a", 1, SHA_A);
}
END_TEST

START_TEST(abc)
{
	known(_i, "abc", 3, SHA_ABC);
}
END_TEST

/* ---- many writes of odd sizes ------------------------------------------- */

START_TEST(odd_sizes_wrap)
{
	static const size_t sizes[] = { 1, 65535, 65536, 65537, 200u << 10, 3, 4095, 1 };
	char *dir = tmpdir_new(), path[4200], hex[65];
	struct hashout *h = NULL;
	struct exp e = { 0 };
	unsigned char *buf = malloc(200u << 10);
	unsigned round = 0, k;
	FILE *f;

	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_gt(200u << 10, HANDOFF_MAX_ITEM);
	path_in(path, sizeof(path), dir, "out");
	f = hashout_open(path, _i, &h);
	ck_assert_msg(f != NULL, "hashout_open: %s", strerror(errno));
	/* about 430 KiB a round: 20 rounds pass 8 MiB (the ring twice over) */
	while (e.n <= (8u << 20) + (1u << 20)) {
		for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			fill(buf, sizes[k], round * 100 + k);
			put(f, &e, buf, sizes[k]);
			if (k % 3 == 1)
				putf(f, &e, "round %u, write %u: %zu bytes <&\"> \xc3\xa9\n", round, k, sizes[k]);
		}
		putf(f, &e, "%s", "");
		putf(f, &e, "%c", 'z');
		round++;
	}
	ck_assert_uint_gt(e.n, 8u << 20);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(hashout_finish(h, hex), 0);
	check_file(path, &e, hex);
	free(buf);
	free(e.b);
	tmpdir_free(dir);
}
END_TEST

/* ---- hashout_copy_range ---------------------------------------------------- */

#define SRC_LEN ((5u << 20) + 123)

/* A source file of SRC_LEN deterministic bytes; returns an fd open for
 * reading, its bytes in *src (malloc'ed). */
static int make_src(const char *dir, unsigned char **src)
{
	char path[4200];
	FILE *f;
	int fd;

	*src = malloc(SRC_LEN);
	ck_assert_ptr_nonnull(*src);
	fill(*src, SRC_LEN, 77);
	path_in(path, sizeof(path), dir, "src");
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(*src, 1, SRC_LEN, f), SRC_LEN);
	ck_assert_int_eq(fclose(f), 0);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	return fd;
}

static void copy(FILE *f, struct exp *e, int fd, const unsigned char *src, uint64_t off, uint64_t len)
{
	ck_assert_msg(hashout_copy_range(f, fd, off, len) == 0, "copy_range(%llu, %llu) failed",
		      (unsigned long long)off, (unsigned long long)len);
	exp_put(e, src + off, (size_t)len);
}

/* The same sequence of writes and copies for any stream. */
static void copy_sequence(FILE *f, struct exp *e, int fd, const unsigned char *src)
{
	unsigned char buf[70000];

	copy(f, e, fd, src, 0, 0);                 /* nothing, at the very start */
	copy(f, e, fd, src, 0, 1);
	fill(buf, sizeof(buf), 1);
	put(f, e, buf, 1);
	copy(f, e, fd, src, 1, 1);
	putf(f, e, "<flows total=\"%d\">", 42);    /* buffered, not flushed yet */
	copy(f, e, fd, src, 0, SRC_LEN);           /* all of it, after buffered bytes */
	put(f, e, buf, 65537);
	copy(f, e, fd, src, 12345, (3u << 20) + 7); /* several MiB from inside */
	copy(f, e, fd, src, SRC_LEN - 1, 1);       /* the last byte */
	copy(f, e, fd, src, 777, 0);               /* nothing, from inside */
	put(f, e, buf + 3, 65535);
	copy(f, e, fd, src, SRC_LEN, 0);           /* nothing, at the end */
	copy(f, e, fd, src, 65536, 65536);
	putf(f, e, "tail %s\n", "\\x00");
}

START_TEST(copy_range_hashout)
{
	char *dir = tmpdir_new(), path[4200], hex[65];
	struct hashout *h = NULL;
	struct exp e = { 0 };
	unsigned char *src;
	int fd = make_src(dir, &src);
	FILE *f;

	path_in(path, sizeof(path), dir, "out");
	f = hashout_open(path, _i, &h);
	ck_assert_msg(f != NULL, "hashout_open: %s", strerror(errno));
	copy_sequence(f, &e, fd, src);
	ck_assert_uint_gt(e.n, 8u << 20);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(hashout_finish(h, hex), 0);   /* the source is still open */
	check_file(path, &e, hex);
	close(fd);
	free(src);
	free(e.b);
	tmpdir_free(dir);
}
END_TEST

/* A plain stdio stream gets the bytes through stdio: the same file. */
START_TEST(copy_range_plain)
{
	char *dir = tmpdir_new(), path[4200];
	struct exp e = { 0 };
	unsigned char *src;
	int fd = make_src(dir, &src);
	FILE *f;

	path_in(path, sizeof(path), dir, "out");
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	copy_sequence(f, &e, fd, src);
	ck_assert_int_eq(fclose(f), 0);
	check_file(path, &e, NULL);
	close(fd);
	free(src);
	free(e.b);
	tmpdir_free(dir);
}
END_TEST

/* A range the source does not have: -1, and the digest is refused. */
START_TEST(copy_range_past_end)
{
	char *dir = tmpdir_new(), path[4200], hex[65];
	struct hashout *h = NULL;
	unsigned char *src;
	int fd = make_src(dir, &src);
	FILE *f;

	path_in(path, sizeof(path), dir, "out");
	f = hashout_open(path, _i, &h);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs("head", f) >= 0, 1);
	ck_assert_int_eq(hashout_copy_range(f, fd, SRC_LEN - 10, 11), -1);
	fclose(f);
	ck_assert_int_eq(hashout_finish(h, hex), -1);
	ck_assert_str_eq(hex, "-");

	/* the same on a plain stream */
	path_in(path, sizeof(path), dir, "plain");
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(hashout_copy_range(f, fd, SRC_LEN + 5, 1), -1);
	fclose(f);
	close(fd);
	free(src);
	tmpdir_free(dir);
}
END_TEST

/* ---- failures --------------------------------------------------------------- */

START_TEST(missing_directory)
{
	char *dir = tmpdir_new(), path[4200];
	struct hashout *h = (struct hashout *)(uintptr_t)1;   /* must be reset */
	FILE *f;

	path_in(path, sizeof(path), dir, "no/such/dir/out");
	errno = 0;
	f = hashout_open(path, _i, &h);
	ck_assert_ptr_null(f);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_null(h);
	ck_assert_int_ne(access(path, F_OK), 0);
	tmpdir_free(dir);
}
END_TEST

/* Writes to /dev/full fail with ENOSPC: the stream's flush and close say
 * so, and no digest is given for bytes that did not reach the file. */
START_TEST(disk_full)
{
	struct hashout *h = NULL;
	unsigned char *buf;
	char hex[65];
	FILE *f;
	int flush_rc, close_rc;

	if (access("/dev/full", W_OK) != 0) {
		fprintf(stderr, "# SKIP disk_full: /dev/full is not writable here\n");
		return;
	}
	/* a few bytes, still buffered at fclose: fclose fails */
	f = hashout_open("/dev/full", _i, &h);
	if (!f) {
		fprintf(stderr, "# SKIP disk_full: cannot open /dev/full: %s\n", strerror(errno));
		return;
	}
	ck_assert_int_eq(fputs("abc", f) >= 0, 1);
	ck_assert_int_ne(fclose(f), 0);
	memset(hex, 'x', sizeof(hex));
	ck_assert_int_eq(hashout_finish(h, hex), -1);
	ck_assert_str_eq(hex, "-");

	/* more than the buffer: the fwrite comes up short and leaves the
	 * stream's error flag (glibc drops the buffer it could not write, so a
	 * later fflush has nothing to fail on); fclose fails */
	buf = calloc(1, 300u << 10);
	ck_assert_ptr_nonnull(buf);
	f = hashout_open("/dev/full", _i, &h);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_lt(fwrite(buf, 1, 300u << 10, f), 300u << 10);
	ck_assert_int_ne(ferror(f), 0);
	ck_assert_int_ne(fclose(f), 0);
	ck_assert_int_eq(hashout_finish(h, hex), -1);
	ck_assert_str_eq(hex, "-");

	/* a buffered write, then fflush: the flush itself fails */
	f = hashout_open("/dev/full", _i, &h);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(buf, 1, 1000, f), 1000);
	flush_rc = fflush(f);
	close_rc = fclose(f);
	ck_assert_int_ne(flush_rc, 0);
	ck_assert_int_ne(close_rc, 0);
	ck_assert_int_eq(hashout_finish(h, hex), -1);
	ck_assert_str_eq(hex, "-");
	free(buf);

	/* a range copied to it fails too */
	{
		char *dir = tmpdir_new();
		unsigned char *src;
		int fd = make_src(dir, &src);
		f = hashout_open("/dev/full", _i, &h);
		ck_assert_ptr_nonnull(f);
		ck_assert_int_eq(hashout_copy_range(f, fd, 0, 4096), -1);
		fclose(f);
		ck_assert_int_eq(hashout_finish(h, hex), -1);
		ck_assert_str_eq(hex, "-");
		close(fd);
		free(src);
		tmpdir_free(dir);
	}
}
END_TEST

static Suite *hashout_suite(void)
{
	Suite *s = suite_create("hashout");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	/* loop index: 0 inline, 1 threaded */
	tcase_add_loop_test(tc, empty_file, 0, 2);
	tcase_add_loop_test(tc, one_byte, 0, 2);
	tcase_add_loop_test(tc, abc, 0, 2);
	tcase_add_loop_test(tc, odd_sizes_wrap, 0, 2);
	tcase_add_loop_test(tc, copy_range_hashout, 0, 2);
	tcase_add_test(tc, copy_range_plain);
	tcase_add_loop_test(tc, copy_range_past_end, 0, 2);
	tcase_add_loop_test(tc, missing_directory, 0, 2);
	tcase_add_loop_test(tc, disk_full, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(hashout_suite());
}
