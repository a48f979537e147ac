/*
 * check_hashout.c - src/hashout.c: an output stream that hashes what it
 * writes.  Each digest is compared with OpenSSL's SHA-256 of the bytes read
 * back from disk and with the expected content, for the threaded and the
 * inline hashing side: a known vector, an empty file, writes of many sizes
 * that make the hand-off's byte ring wrap, ranges appended from another file
 * (copy_file_range on a hashout stream, stdio on a plain one), a path that
 * cannot be created, and a device that refuses writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include "testutil.h"
#include "hashout.h"

static char dir[4096];

static const char *tmp_path(const char *name)
{
	static char buf[4][4200];
	static unsigned k;
	char *b = buf[k++ % 4];

	snprintf(b, sizeof(buf[0]), "%s/%s", dir, name);
	return b;
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/check_hashout.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static void sha256_mem(const void *p, size_t n, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0, i;

	ck_assert_int_eq(EVP_Digest(p, n, md, &len, EVP_sha256(), NULL), 1);
	ck_assert_uint_eq(len, 32);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* The file's bytes (owned), its length in *n. */
static unsigned char *slurp_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	long len;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	ck_assert_int_ge(len, 0);
	rewind(f);
	b = malloc((size_t)len + 1);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(fread(b, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return b;
}

/* The digest hashout gave equals the digest of the file on disk, and the
 * file holds exactly what was meant to be written. */
static void check_file(const char *path, const char *hex, const unsigned char *want, size_t nwant)
{
	size_t n;
	unsigned char *got = slurp_file(path, &n);
	char h[65];

	ck_assert_uint_eq(n, nwant);
	ck_assert(n == 0 || memcmp(got, want, n) == 0);
	sha256_mem(got, n, h);
	ck_assert_str_eq(hex, h);
	free(got);
}

static void known_vector(int threaded)
{
	struct hashout *h;
	char hex[65];
	const char *p = tmp_path("abc");
	FILE *f = hashout_open(p, threaded, &h);

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite("abc", 1, 3, f), 3);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(hashout_finish(h, hex), 0);
	/* FIPS 180-2, appendix B.1 */
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check_file(p, hex, (const unsigned char *)"abc", 3);
}

START_TEST(t_known_vector)
{
	known_vector(_i);
}
END_TEST

START_TEST(t_empty)
{
	struct hashout *h;
	char hex[65];
	const char *p = tmp_path("empty");
	FILE *f = hashout_open(p, _i, &h);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(hashout_finish(h, hex), 0);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check_file(p, hex, (const unsigned char *)"", 0);
}
END_TEST

/* Writes of 1 byte up to more than HANDOFF_MAX_ITEM, fprintf among them,
 * over 8 MiB in all (the 4 MiB byte ring wraps). */
START_TEST(t_many_sizes)
{
	static const size_t sizes[] = { 1, 7, 4095, 4096, 4097, 65535, 65536, 65537, 200 * 1024, 3 };
	size_t cap = 16u << 20, len = 0, i, k = 0;
	unsigned char *want = malloc(cap), *chunk = malloc(200 * 1024);
	struct hashout *h;
	char hex[65];
	const char *p = tmp_path("many");
	FILE *f = hashout_open(p, _i, &h);

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(want);
	ck_assert_ptr_nonnull(chunk);
	while (len < (9u << 20)) {
		size_t n = sizes[k % (sizeof(sizes) / sizeof(sizes[0]))];
		for (i = 0; i < n; i++)
			chunk[i] = (unsigned char)(k * 131 + i * 7 + (i >> 8));
		ck_assert_uint_eq(fwrite(chunk, 1, n, f), n);
		memcpy(want + len, chunk, n);
		len += n;
		if (k % 5 == 0) {
			char line[64];
			int m = snprintf(line, sizeof(line), "row %zu\t%zu\n", k, len);
			ck_assert_int_eq(fprintf(f, "%s", line), m);
			memcpy(want + len, line, (size_t)m);
			len += (size_t)m;
		}
		k++;
	}
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(hashout_finish(h, hex), 0);
	check_file(p, hex, want, len);
	free(want);
	free(chunk);
}
END_TEST

/* A source file of n pattern bytes; its descriptor. */
static int make_source(const char *path, unsigned char *buf, size_t n)
{
	size_t i;
	FILE *f = fopen(path, "wb");
	int fd;

	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)(i * 13 + (i >> 11));
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(buf, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	return fd;
}

/* Writes and appended ranges interleaved: at offset 0 and elsewhere, of 0,
 * 1 and several MiB; hashout stream (_i: threaded or not) or plain stream
 * (_i == 2). */
START_TEST(t_copy_range)
{
	size_t nsrc = 5u << 20, len = 0;
	unsigned char *src = malloc(nsrc), *want = malloc(3 * nsrc);
	static const struct {
		uint64_t off, len;
	} ranges[] = { { 0, 0 }, { 0, 1 }, { 12345, 1 }, { 0, 4u << 20 }, { 777, (5u << 20) - 777 }, { 100, 65536 } };
	struct hashout *h = NULL;
	char hex[65];
	const char *p = tmp_path("copied");
	int fd = make_source(tmp_path("source"), src, nsrc);
	FILE *f = _i == 2 ? fopen(p, "wb") : hashout_open(p, _i, &h);
	unsigned k;

	ck_assert_ptr_nonnull(f);
	for (k = 0; k < sizeof(ranges) / sizeof(ranges[0]); k++) {
		char head[32];
		int m = snprintf(head, sizeof(head), "<range %u>", k);
		ck_assert_int_eq(fputs(head, f) >= 0, 1);
		memcpy(want + len, head, (size_t)m);
		len += (size_t)m;
		ck_assert_int_eq(hashout_copy_range(f, fd, ranges[k].off, ranges[k].len), 0);
		memcpy(want + len, src + ranges[k].off, ranges[k].len);
		len += ranges[k].len;
	}
	ck_assert_int_eq(fputs("<end>", f) >= 0, 1);
	memcpy(want + len, "<end>", 5);
	len += 5;
	ck_assert_int_eq(fclose(f), 0);
	if (h) {
		ck_assert_int_eq(hashout_finish(h, hex), 0);
		check_file(p, hex, want, len);
	} else {
		sha256_mem(want, len, hex);
		check_file(p, hex, want, len);
	}
	close(fd);
	free(src);
	free(want);
}
END_TEST

START_TEST(t_cannot_create)
{
	struct hashout *h = (struct hashout *)1;
	char p[4300];
	FILE *f;

	snprintf(p, sizeof(p), "%s/no/such/dir/x", dir);
	errno = 0;
	f = hashout_open(p, _i, &h);
	ck_assert_ptr_null(f);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_null(h);
	{
		char hex[65];
		ck_assert_int_eq(hashout_finish(NULL, hex), -1);
		ck_assert_str_eq(hex, "-");
	}
}
END_TEST

/* /dev/full refuses every write: the stream reports it, the digest is "-". */
START_TEST(t_write_error)
{
	struct hashout *h;
	char hex[65], buf[70000];
	FILE *f;
	int failed;

	if (access("/dev/full", W_OK) != 0) {
		fprintf(stderr, "check_hashout: /dev/full not writable here, write-error test skipped\n");
		return;
	}
	f = hashout_open("/dev/full", _i, &h);
	ck_assert_ptr_nonnull(f);
	memset(buf, 'x', sizeof(buf));
	failed = fwrite(buf, 1, sizeof(buf), f) != sizeof(buf);
	failed |= fclose(f) != 0;
	ck_assert_int_eq(failed, 1);
	ck_assert_int_eq(hashout_finish(h, hex), -1);
	ck_assert_str_eq(hex, "-");
}
END_TEST

static Suite *hashout_suite(void)
{
	Suite *s = suite_create("hashout");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, t_known_vector, 0, 2);
	tcase_add_loop_test(tc, t_empty, 0, 2);
	tcase_add_loop_test(tc, t_many_sizes, 0, 2);
	tcase_add_loop_test(tc, t_copy_range, 0, 3);
	tcase_add_loop_test(tc, t_cannot_create, 0, 2);
	tcase_add_loop_test(tc, t_write_error, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(hashout_suite());
}
