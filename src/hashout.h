/*
 * hashout.h - an output file that computes its own SHA-256 as it is written,
 * so that manifest.sha256 needs no second read of the outputs.
 *
 * hashout_open gives a stdio FILE (glibc fopencookie) whose bytes are hashed
 * (OpenSSL EVP) and written to the file; with `threaded` the hashing runs on
 * its own thread, fed through a hand-off (src/handoff.h), while the writer
 * goes on.  fclose the FILE as usual, then hashout_finish for the digest.
 */
#ifndef NETRCA_HASHOUT_H
#define NETRCA_HASHOUT_H
#include <stdint.h>
#include <stdio.h>

struct hashout;

/* Creates (truncates) path for writing; NULL with errno set on failure. */
FILE *hashout_open(const char *path, int threaded, struct hashout **h);
/* Appends src_fd's bytes [off, off+len) to dst (flushed first): for a
 * hashout stream the kernel copies them (copy_file_range) while the hashing
 * thread reads them again by offset; any other stream gets them through
 * stdio.  src_fd must stay open and unchanged until dst is finished. */
int hashout_copy_range(FILE *dst, int src_fd, uint64_t off, uint64_t len);
/* After fclose: the digest as 64 hex digits; 0, or -1 if anything failed
 * (then hex is "-").  Frees h. */
int hashout_finish(struct hashout *h, char hex[65]);
#endif
