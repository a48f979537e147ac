/* hashout.c - outputs hashed as they are written (see hashout.h). */
#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "hashout.h"
#include "handoff.h"

struct hashout {
	int fd;
	atomic_int err;              /* a write or hash failed (set by either side) */
	int closed;
	EVP_MD_CTX *ctx;
	struct handoff *ho;          /* threaded: the hashing thread's feed */
};

/* Writes all of buf[0..n) to the file; 0 or -1. */
static int write_all(struct hashout *h, const void *buf, size_t n)
{
	const char *p = buf;
	size_t off = 0;

	while (off < n) {
		ssize_t w = write(h->fd, p + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

/* The hashing side (its own thread when threaded): hash, then write. */
static void hash_chunk(void *arg, const struct ho_item *it)
{
	struct hashout *h = arg;

	if (h->err)
		return;
	if (EVP_DigestUpdate(h->ctx, it->data, it->len) != 1 || write_all(h, it->data, it->len) < 0)
		h->err = 1;
}

/* The stream's side: each buffer-full is handed over (copied); the
 * hashing side writes it.  A failure there shows at the next write or at
 * close. */
static ssize_t ho_write(void *cookie, const char *buf, size_t n)
{
	struct hashout *h = cookie;
	size_t off = 0;

	while (off < n) {
		size_t k = n - off < HANDOFF_MAX_ITEM ? n - off : HANDOFF_MAX_ITEM;
		uint8_t *b = h->err ? NULL : handoff_space(h->ho, (uint32_t)k);
		struct ho_item it;
		if (!b) {
			h->err = 1;
			return -1;
		}
		memcpy(b, buf + off, k);
		memset(&it, 0, sizeof(it));
		it.kind = 1;
		it.len = (uint32_t)k;
		handoff_commit(h->ho, &it);
		off += k;
	}
	return (ssize_t)n;
}

static int ho_close(void *cookie)
{
	struct hashout *h = cookie;

	handoff_drain(h->ho);   /* everything written before the close */
	h->closed = 1;
	if (close(h->fd) != 0)
		h->err = 1;
	return h->err ? -1 : 0;
}

static void hashout_free(struct hashout *h)
{
	handoff_free(h->ho);
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
	h->ho = handoff_new(hash_chunk, h, threaded);
	if (!h->ctx || !h->ho || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
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
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	*out = h;
	return f;
}

int hashout_finish(struct hashout *h, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0, i;
	int rc = -1;

	strcpy(hex, "-");
	if (!h)
		return -1;
	handoff_drain(h->ho);
	if (h->closed && !h->err && EVP_DigestFinal_ex(h->ctx, md, &mdlen) == 1 && mdlen == 32) {
		for (i = 0; i < mdlen; i++)
			snprintf(hex + 2 * i, 3, "%02x", md[i]);
		rc = 0;
	}
	hashout_free(h);
	return rc;
}
