/* hashout.c - outputs hashed as they are written (see hashout.h). */
#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "hashout.h"
#include "handoff.h"

#define RANGE_BUF (1u << 20)

struct hashout {
	int fd;
	atomic_int err;              /* a write or hash failed (set by either side) */
	int eno;                     /* errno of the first failed write (the writer's side) */
	int closed;
	unsigned char *rbuf;         /* hashing side: RANGE_BUF, for ranges */
	char *iobuf;                 /* the stream's buffer (freed after fclose) */
	EVP_MD_CTX *ctx;
	struct handoff *ho;          /* threaded: the hashing thread's feed */
};

/* Writes all of buf[0..n) to fd; 0 or -1. */
static int write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	size_t off = 0;

	while (off < n) {
		ssize_t w = write(fd, p + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w == 0)
			errno = EIO;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

enum { HX_BYTES = 1, HX_RANGE };

/* The hashing side (its own thread when threaded): bytes handed over, or a
 * range of another file already copied into this one (read again here, by
 * offset, while the writer goes on). */
static void hash_chunk(void *arg, const struct ho_item *it)
{
	struct hashout *h = arg;

	if (atomic_load(&h->err))
		return;
	if (it->kind == HX_BYTES) {
		if (EVP_DigestUpdate(h->ctx, it->data, it->len) != 1)
			atomic_store(&h->err, 1);
	} else if (it->kind == HX_RANGE) {
		int fd = (int)(intptr_t)it->ptr;
		uint64_t off = (uint64_t)it->a, end = off + (uint64_t)it->b;
		if (!h->rbuf && !(h->rbuf = malloc(RANGE_BUF))) {
			atomic_store(&h->err, 1);
			return;
		}
		while (off < end) {
			size_t want = end - off < RANGE_BUF ? (size_t)(end - off) : RANGE_BUF;
			ssize_t r = pread(fd, h->rbuf, want, (off_t)off);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0 || EVP_DigestUpdate(h->ctx, h->rbuf, (size_t)r) != 1) {
				atomic_store(&h->err, 1);
				return;
			}
			off += (uint64_t)r;
		}
	}
}

/* The stream's side: each buffer-full is written here, and hashed here too
 * (inline) or handed over as a copy to the hashing thread. */
static ssize_t ho_write(void *cookie, const char *buf, size_t n)
{
	struct hashout *h = cookie;
	size_t off = 0;

	while (h->ho && off < n) {
		size_t k = n - off < HANDOFF_MAX_ITEM ? n - off : HANDOFF_MAX_ITEM;
		uint8_t *b = atomic_load(&h->err) ? NULL : handoff_space(h->ho, (uint32_t)k);
		struct ho_item it;
		if (!b) {
			atomic_store(&h->err, 1);
			errno = h->eno ? h->eno : EIO;
			return 0;
		}
		memcpy(b, buf + off, k);
		memset(&it, 0, sizeof(it));
		it.kind = HX_BYTES;
		it.len = (uint32_t)k;
		handoff_commit(h->ho, &it);
		off += k;
	}
	/* inline: hashed here, from the stream's own buffer (no copy) */
	if (!h->ho && !atomic_load(&h->err) && EVP_DigestUpdate(h->ctx, buf, n) != 1)
		atomic_store(&h->err, 1);
	if (write_all(h->fd, buf, n) < 0) {
		if (!h->eno)
			h->eno = errno;
		atomic_store(&h->err, 1);
		return 0;   /* fopencookie: 0 on error, never negative (glibc would miscount) */
	}
	return (ssize_t)n;
}

/* Streams opened here, to find the hashout behind a FILE (one thread at a
 * time: the engine's finishing stage for the logs, then report.xml's writer). */
#define OPEN_MAX 8
static struct {
	FILE *f;
	struct hashout *h;
} open_streams[OPEN_MAX];

/* Forgets h's stream (at close: its FILE address may be reused). */
static void unregister(struct hashout *h)
{
	unsigned i;

	for (i = 0; i < OPEN_MAX; i++)
		if (open_streams[i].h == h)
			open_streams[i].f = NULL, open_streams[i].h = NULL;
}

static int ho_close(void *cookie)
{
	struct hashout *h = cookie;

	unregister(h);
	h->closed = 1;
	if (close(h->fd) != 0) {
		if (!h->eno)
			h->eno = errno;
		atomic_store(&h->err, 1);
	}
	if (!atomic_load(&h->err))
		return 0;
	errno = h->eno ? h->eno : EIO;   /* fclose's errno: why the file is incomplete */
	return -1;
}

/* Copies src_fd[off, off+len) to the end of dst without going through user
 * space where the kernel can (copy_file_range), else with reads and writes. */
static int copy_fd(int dst, int src, uint64_t off, uint64_t len)
{
	char buf[1 << 16];
	loff_t o = (loff_t)off;

	while (len) {
		ssize_t n = copy_file_range(src, &o, dst, NULL, len < (1u << 30) ? (size_t)len : (1u << 30), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len -= (uint64_t)n;
	}
	while (len) {
		ssize_t n = pread(src, buf, len < sizeof(buf) ? (size_t)len : sizeof(buf), (off_t)o);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || write_all(dst, buf, (size_t)n) < 0)
			return -1;
		o += n;
		len -= (uint64_t)n;
	}
	return 0;
}

int hashout_copy_range(FILE *dst, int src_fd, uint64_t off, uint64_t len)
{
	struct hashout *h = NULL;
	unsigned i;

	for (i = 0; i < OPEN_MAX; i++)
		if (open_streams[i].f == dst)
			h = open_streams[i].h;
	if (fflush(dst) != 0)
		return -1;
	if (!h) {
		char buf[1 << 16];
		while (len) {
			ssize_t n = pread(src_fd, buf, len < sizeof(buf) ? (size_t)len : sizeof(buf), (off_t)off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0 || fwrite(buf, 1, (size_t)n, dst) != (size_t)n)
				return -1;
			off += (uint64_t)n;
			len -= (uint64_t)n;
		}
		return 0;
	}
	if (atomic_load(&h->err))
		return -1;
	{
		/* The hashing thread reads the range from the source while the
		 * copy below is made: the same bytes, in the same place in the
		 * stream, and the two run side by side (a hash of what was copied
		 * would have to wait for the copy).  The source is left as it
		 * is until hashout_finish. */
		struct ho_item it;
		memset(&it, 0, sizeof(it));
		it.kind = HX_RANGE;
		it.ptr = (void *)(intptr_t)src_fd;
		it.a = (int64_t)off;
		it.b = (int64_t)len;
		if (h->ho) {
			handoff_commit(h->ho, &it);
			handoff_kick(h->ho);   /* now, not when a batch has gathered */
		} else {
			hash_chunk(h, &it);
		}
	}
	if (copy_fd(h->fd, src_fd, off, len) < 0) {
		if (!h->eno)
			h->eno = errno;
		atomic_store(&h->err, 1);
		return -1;
	}
	return 0;
}

static void hashout_free(struct hashout *h)
{
	unregister(h);
	handoff_free(h->ho);
	free(h->rbuf);
	free(h->iobuf);
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

FILE *hashout_open(const char *path, int threaded, struct hashout **out)
{
	struct hashout *h = calloc(1, sizeof(*h));
	cookie_io_functions_t io = { NULL, ho_write, NULL, ho_close };
	FILE *f;
	int e;

	*out = NULL;
	if (!h) {
		errno = ENOMEM;
		return NULL;
	}
	h->fd = -1;
	h->ctx = EVP_MD_CTX_new();
	/* threaded: hashing on its own thread, fed copies; else hashed in place */
	h->ho = threaded ? handoff_new(hash_chunk, h, 1) : NULL;
	if (!h->ctx || (threaded && !h->ho) || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
		hashout_free(h);
		errno = ENOMEM;
		return NULL;
	}
	h->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (h->fd < 0) {
		e = errno;
		hashout_free(h);
		errno = e;
		return NULL;
	}
	f = fopencookie(h, "w", io);
	if (!f) {
		e = errno;
		close(h->fd);
		hashout_free(h);
		errno = e;
		return NULL;
	}
	/* glibc ignores the size when it allocates the buffer itself */
	if ((h->iobuf = malloc(1 << 16)) != NULL)
		setvbuf(f, h->iobuf, _IOFBF, 1 << 16);
	{
		unsigned i;
		for (i = 0; i < OPEN_MAX; i++)
			if (!open_streams[i].f) {
				open_streams[i].f = f;
				open_streams[i].h = h;
				break;
			}
	}
	*out = h;
	return f;
}

int hashout_finish(struct hashout *h, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0, i;
	int rc = -1, e;

	strcpy(hex, "-");
	if (!h)
		return -1;
	handoff_drain(h->ho);
	if (h->closed && !atomic_load(&h->err) && EVP_DigestFinal_ex(h->ctx, md, &mdlen) == 1 && mdlen == 32) {
		for (i = 0; i < mdlen; i++)
			snprintf(hex + 2 * i, 3, "%02x", md[i]);
		rc = 0;
	}
	e = h->eno;
	hashout_free(h);
	if (rc < 0)
		errno = e ? e : EIO;   /* the reason a write failed, for the caller's message */
	return rc;
}
