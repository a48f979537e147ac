/*
 * instream.c - byte source under the readers: plain, gzip (zlib, RFC 1952,
 * concatenated members as gzip(1) reads them) or zstd (libzstd, RFC 8878,
 * concatenated and skippable frames), from a file, a pipe or standard input.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <openssl/evp.h>
#include "instream.h"
#include "cursor.h"

#define PEEK_MAX 16

struct instream {
	int fd;
	int own_fd;
	const char *name;        /* "(stdin)" or path: owned copy in namebuf */
	char *namebuf;
	enum instream_comp comp;
	uint64_t size;           /* regular file: st_size; else 0 */
	uint64_t offset;         /* stored bytes read (atomic: a progress line reads it) */
	uint8_t *raw;            /* stored bytes read, not yet consumed */
	size_t raw_pos, raw_len;
	int raw_eof;
	z_stream z;
	int z_init;
	int member_end;          /* gzip: a member ended and no byte of the next was used */
	ZSTD_DCtx *zd;
	size_t zret;             /* zstd: 0 = at a frame boundary */
	uint8_t peek[PEEK_MAX];
	size_t peek_pos, peek_len;
	int done;                /* the end was delivered */
	int failed;              /* sticky: later reads return -1 */
	EVP_MD_CTX *md;          /* INSTREAM_HASH */
	char err[INSTREAM_ERRLEN];
};

const char *instream_name(const char *path)
{
	return strcmp(path, INSTREAM_STDIN) ? path : INSTREAM_STDIN_NAME;
}

int instream_is_stream(const char *path)
{
	struct stat st;

	/* standard input is read once even when it is a file (< x.pcap): its
	 * offset is shared with whoever gave it */
	if (!strcmp(path, INSTREAM_STDIN))
		return 1;
	return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

static void set_offset(struct instream *s, uint64_t v)
{
	__atomic_store_n(&s->offset, v, __ATOMIC_RELAXED);
}

uint64_t instream_offset(const struct instream *s)
{
	return __atomic_load_n(&s->offset, __ATOMIC_RELAXED);
}

/* Accounts n stored bytes just read into p: offset, hash. */
static int took(struct instream *s, const void *p, size_t n)
{
	set_offset(s, s->offset + n);
	if (s->md && EVP_DigestUpdate(s->md, p, n) != 1) {
		snprintf(s->err, sizeof(s->err), "%s: SHA-256 failed", s->name);
		return -1;
	}
	return 0;
}

/* read(2) of stored bytes into p; counted and hashed.  Returns the count,
 * 0 at the end, -1 with s->err set. */
static ssize_t read_stored(struct instream *s, void *p, size_t n)
{
	ssize_t k;

	if (s->raw_eof)
		return 0;
	do
		k = read(s->fd, p, n);
	while (k < 0 && errno == EINTR);
	if (k < 0) {
		snprintf(s->err, sizeof(s->err), "%s: read error after %llu bytes: %s", s->name,
			 (unsigned long long)s->offset, strerror(errno));
		return -1;
	}
	if (k == 0) {
		s->raw_eof = 1;
		return 0;
	}
	return took(s, p, (size_t)k) < 0 ? -1 : k;
}

/* Appends stored bytes to the raw buffer (moving what is left to its start
 * first).  Returns bytes added, 0 at the end, -1 on error. */
static ssize_t fill_raw(struct instream *s)
{
	ssize_t k;

	if (s->raw_pos == s->raw_len) {
		s->raw_pos = s->raw_len = 0;
	} else if (s->raw_pos) {
		memmove(s->raw, s->raw + s->raw_pos, s->raw_len - s->raw_pos);
		s->raw_len -= s->raw_pos;
		s->raw_pos = 0;
	}
	if (s->raw_len == INSTREAM_RAW)
		return 0; /* not reached: callers fill only when short of input */
	k = read_stored(s, s->raw + s->raw_len, INSTREAM_RAW - s->raw_len);
	if (k > 0)
		s->raw_len += (size_t)k;
	return k;
}

static ssize_t fail(struct instream *s, size_t produced)
{
	s->failed = 1;
	return produced ? (ssize_t)produced : -1;
}

/* The end of the stored input in the middle of a member or frame. */
static ssize_t truncated(struct instream *s, size_t produced)
{
	snprintf(s->err, sizeof(s->err), "%s: %s stream ends early (truncated) after %llu stored bytes",
		 s->name, instream_comp_name(s->comp), (unsigned long long)s->offset);
	return fail(s, produced);
}

static ssize_t read_plain(struct instream *s, uint8_t *buf, size_t n)
{
	size_t have = s->raw_len - s->raw_pos;
	ssize_t k;

	if (have) {
		if (have > n)
			have = n;
		memcpy(buf, s->raw + s->raw_pos, have);
		s->raw_pos += have;
		return (ssize_t)have;
	}
	/* straight into the caller's buffer: no copy for an uncompressed file */
	k = read_stored(s, buf, n);
	return k < 0 ? fail(s, 0) : k;
}

static ssize_t read_gzip(struct instream *s, uint8_t *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		int rc;
		if (s->raw_pos == s->raw_len) {
			ssize_t k = fill_raw(s);
			if (k < 0)
				return fail(s, got);
			if (k == 0) {
				if (s->member_end)
					break;   /* the end, between members */
				return truncated(s, got);
			}
		}
		if (s->member_end) {
			/* another member follows (gzip -c a b > c, pigz): start afresh */
			if (inflateReset(&s->z) != Z_OK) {
				snprintf(s->err, sizeof(s->err), "%s: zlib reset failed", s->name);
				return fail(s, got);
			}
			s->member_end = 0;
		}
		s->z.next_in = s->raw + s->raw_pos;
		s->z.avail_in = (uInt)(s->raw_len - s->raw_pos);
		s->z.next_out = buf + got;
		s->z.avail_out = (uInt)(n - got > (1u << 30) ? (1u << 30) : n - got);
		{
			uInt before = s->z.avail_out;
			rc = inflate(&s->z, Z_NO_FLUSH);
			got += before - s->z.avail_out;
		}
		s->raw_pos = s->raw_len - s->z.avail_in;
		if (rc == Z_STREAM_END) {
			s->member_end = 1;
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			snprintf(s->err, sizeof(s->err), "%s: gzip data damaged near stored byte %llu: %s",
				 s->name, (unsigned long long)(s->offset - (s->raw_len - s->raw_pos)),
				 s->z.msg ? s->z.msg : "inflate failed");
			return fail(s, got);
		}
	}
	return (ssize_t)got;
}

static ssize_t read_zstd(struct instream *s, uint8_t *buf, size_t n)
{
	ZSTD_outBuffer out = { buf, n, 0 };

	while (out.pos < n) {
		ZSTD_inBuffer in = { s->raw + s->raw_pos, s->raw_len - s->raw_pos, 0 };
		size_t before = out.pos, rc;
		ssize_t k;

		rc = ZSTD_decompressStream(s->zd, &out, &in);
		s->raw_pos += in.pos;
		if (ZSTD_isError(rc)) {
			snprintf(s->err, sizeof(s->err), "%s: zstd data damaged near stored byte %llu: %s",
				 s->name, (unsigned long long)(s->offset - (s->raw_len - s->raw_pos)),
				 ZSTD_getErrorName(rc));
			return fail(s, out.pos);
		}
		if (out.pos != before || in.pos) {
			/* 0: a frame ended here.  (A call without progress returns
			 * the size of the next frame's header: not kept.) */
			s->zret = rc;
			continue;
		}
		k = fill_raw(s);   /* no progress: it needs more stored bytes */
		if (k < 0)
			return fail(s, out.pos);
		if (k == 0) {
			if (s->zret == 0)
				break;   /* the end, between frames */
			return truncated(s, out.pos);
		}
	}
	return (ssize_t)out.pos;
}

static ssize_t read_any(struct instream *s, uint8_t *buf, size_t n)
{
	switch (s->comp) {
	case INSTREAM_GZIP: return read_gzip(s, buf, n);
	case INSTREAM_ZSTD: return read_zstd(s, buf, n);
	default: return read_plain(s, buf, n);
	}
}

ssize_t instream_read(struct instream *s, void *buf, size_t n)
{
	uint8_t *b = buf;
	size_t got = 0;
	ssize_t k;

	if (s->peek_pos < s->peek_len) {
		got = s->peek_len - s->peek_pos < n ? s->peek_len - s->peek_pos : n;
		memcpy(b, s->peek + s->peek_pos, got);
		s->peek_pos += got;
		if (got == n)
			return (ssize_t)got;
	}
	if (s->failed)
		return got ? (ssize_t)got : -1;
	if (s->done)
		return (ssize_t)got;
	k = read_any(s, b + got, n - got);
	if (k < 0)
		return got ? (ssize_t)got : -1;
	if (k == 0)
		s->done = 1;
	return (ssize_t)got + k;
}

size_t instream_peek(struct instream *s, void *buf, size_t n)
{
	if (n > PEEK_MAX)
		n = PEEK_MAX;
	/* only once, before anything is read: the peek buffer is the start */
	while (s->peek_len < n && !s->failed && !s->done) {
		ssize_t k = read_any(s, s->peek + s->peek_len, n - s->peek_len);
		if (k <= 0) {
			if (k == 0)
				s->done = 1;
			break;
		}
		s->peek_len += (size_t)k;
	}
	if (n > s->peek_len)
		n = s->peek_len;
	memcpy(buf, s->peek, n);
	return n;
}

static ssize_t cookie_read(void *c, char *buf, size_t n)
{
	ssize_t k = instream_read(c, buf, n);

	if (k < 0)
		errno = EIO;
	return k;
}

static int cookie_close(void *c)
{
	(void)c;   /* the instream outlives its stdio stream */
	return 0;
}

FILE *instream_fopen(struct instream *s)
{
	cookie_io_functions_t io = { cookie_read, NULL, NULL, cookie_close };

	return fopencookie(s, "rb", io);
}

uint64_t instream_size(const struct instream *s) { return s->size; }
enum instream_comp instream_compression(const struct instream *s) { return s->comp; }
const char *instream_error(const struct instream *s) { return s->err; }

const char *instream_comp_name(enum instream_comp c)
{
	return c == INSTREAM_GZIP ? "gzip" : c == INSTREAM_ZSTD ? "zstd" : "plain";
}

/* Opens the descriptor: "-" is standard input; a directory is refused by
 * name (read(2) would say EISDIR, and an empty read "empty file"). */
static int open_fd(struct instream *s, const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (!strcmp(path, INSTREAM_STDIN)) {
		s->fd = 0;
	} else {
		s->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (s->fd < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		s->own_fd = 1;
	}
	if (fstat(s->fd, &st) != 0) {
		snprintf(err, errlen, "%s: %s", s->name, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", s->name);
		return -1;
	}
	if (S_ISREG(st.st_mode))
		s->size = (uint64_t)st.st_size;
	return 0;
}

/* Reads the first stored bytes and recognises the compression by magic:
 * gzip 1f 8b (RFC 1952 §2.3.1), zstd 28 b5 2f fd (RFC 8878 §3.1.1). */
static int detect(struct instream *s, char *err, size_t errlen)
{
	struct cursor c;
	uint8_t m[4];

	while (s->raw_len < 4) {
		ssize_t k = fill_raw(s);
		if (k < 0) {
			snprintf(err, errlen, "%s", s->err);
			return -1;
		}
		if (k == 0)
			break;
	}
	c = cursor_make(s->raw, s->raw_len);
	m[0] = cursor_u8(&c);
	m[1] = cursor_u8(&c);
	m[2] = cursor_u8(&c);
	m[3] = cursor_u8(&c);
	if (s->raw_len >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
		s->comp = INSTREAM_GZIP;
		/* 15 + 16: a gzip wrapper with the largest window (RFC 1951's 32 KiB) */
		if (inflateInit2(&s->z, 15 + 16) != Z_OK) {
			snprintf(err, errlen, "%s: zlib could not be initialised", s->name);
			return -1;
		}
		s->z_init = 1;
	} else if (s->raw_len >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd) {
		s->comp = INSTREAM_ZSTD;
		s->zd = ZSTD_createDCtx();
		if (!s->zd || ZSTD_isError(ZSTD_DCtx_setParameter(s->zd, ZSTD_d_windowLogMax,
								 INSTREAM_ZSTD_WINDOWLOG))) {
			snprintf(err, errlen, "%s: zstd could not be initialised", s->name);
			return -1;
		}
	}
	return 0;
}

struct instream *instream_open(const char *path, int flags, char *err, size_t errlen)
{
	struct instream *s = calloc(1, sizeof(*s));

	if (!s || !(s->namebuf = strdup(instream_name(path))) || !(s->raw = malloc(INSTREAM_RAW))) {
		snprintf(err, errlen, "%s: out of memory", instream_name(path));
		goto fail;
	}
	s->name = s->namebuf;
	s->fd = -1;
	if (flags & INSTREAM_HASH) {
		s->md = EVP_MD_CTX_new();
		if (!s->md || EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) != 1) {
			snprintf(err, errlen, "%s: SHA-256 could not be initialised", s->name);
			goto fail;
		}
	}
	if (open_fd(s, path, err, errlen) < 0 || detect(s, err, errlen) < 0)
		goto fail;
	return s;
fail:
	instream_close(s);
	return NULL;
}

int instream_finish_hash(struct instream *s, char hex[65], uint64_t *size)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0, i;

	strcpy(hex, "-");
	*size = 0;
	if (!s || !s->md)
		return -1;
	/* the rest of the stored bytes, hashed and dropped */
	s->raw_pos = s->raw_len = 0;
	for (;;) {
		ssize_t k = read_stored(s, s->raw, INSTREAM_RAW);
		if (k < 0)
			return -1;
		if (k == 0)
			break;
	}
	if (EVP_DigestFinal_ex(s->md, md, &mdlen) != 1)
		return -1;
	EVP_MD_CTX_free(s->md);
	s->md = NULL;
	for (i = 0; i < mdlen && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	*size = s->offset;
	return 0;
}

void instream_close(struct instream *s)
{
	if (!s)
		return;
	if (s->own_fd && s->fd >= 0)
		close(s->fd);
	if (s->z_init)
		inflateEnd(&s->z);
	ZSTD_freeDCtx(s->zd);
	EVP_MD_CTX_free(s->md);
	free(s->raw);
	free(s->namebuf);
	free(s);
}

const char *instream_zlib_version(void)
{
	return zlibVersion();
}

const char *instream_zstd_version(void)
{
	return ZSTD_versionString();
}
