/* hashfile.c - SHA-256 (OpenSSL EVP) of an input on its own thread. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "hashfile.h"

struct hashfile {
	pthread_t th;
	int started;
	char *path;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen;
	uint64_t size;
	int rc;
	int cancel;              /* atomic: set by hashfile_cancel */
};

static void *hash_main(void *arg)
{
	struct hashfile *h = arg;
	FILE *f = fopen(h->path, "rb");
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char *buf = malloc(1 << 20);
	size_t n;

	h->rc = -1;
	if (!f || !ctx || !buf || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		goto out;
	while ((n = fread(buf, 1, 1 << 20, f)) > 0) {
		if (__atomic_load_n(&h->cancel, __ATOMIC_RELAXED) || EVP_DigestUpdate(ctx, buf, n) != 1)
			goto out;
		h->size += n;
	}
	if (ferror(f) || EVP_DigestFinal_ex(ctx, h->md, &h->mdlen) != 1)
		goto out;
	h->rc = 0;
out:
	free(buf);
	EVP_MD_CTX_free(ctx);
	if (f)
		fclose(f);
	return NULL;
}

struct hashfile *hashfile_start(const char *path)
{
	struct hashfile *h = calloc(1, sizeof(*h));

	if (!h || !(h->path = strdup(path))) {
		free(h);
		return NULL;
	}
	if (pthread_create(&h->th, NULL, hash_main, h) == 0)
		h->started = 1;
	else
		hash_main(h); /* no thread: hash in series rather than not at all */
	return h;
}

void hashfile_cancel(struct hashfile *h)
{
	if (h)
		__atomic_store_n(&h->cancel, 1, __ATOMIC_RELAXED);
}

int hashfile_finish(struct hashfile *h, char hex[65], uint64_t *size)
{
	unsigned i;
	int rc;

	strcpy(hex, "-");
	*size = 0;
	if (!h)
		return -1;
	if (h->started)
		pthread_join(h->th, NULL);
	rc = h->rc;
	if (rc == 0) {
		for (i = 0; i < h->mdlen && i < 32; i++)
			snprintf(hex + 2 * i, 3, "%02x", h->md[i]);
		*size = h->size;
	}
	free(h->path);
	free(h);
	return rc;
}
