/*
 * hashfile.h - SHA-256 of an input file, computed on a second thread while
 * the engine reads the same file, so chain of custody costs no extra pass.
 */
#ifndef NETRCA_HASHFILE_H
#define NETRCA_HASHFILE_H
#include <stdint.h>

struct hashfile;
/* Starts hashing path (copied).  Returns an owned handle or NULL. */
struct hashfile *hashfile_start(const char *path);
/* Waits for the thread; writes 64 hex digits + NUL into hex and the file
 * size into *size.  Returns 0, or -1 (hex = "-") if the file could not be
 * read.  Frees h. */
int hashfile_finish(struct hashfile *h, char hex[65], uint64_t *size);
/* Asks the thread to stop at its next 1 MiB (the hash will not be used:
 * hashfile_finish then returns -1).  h may be NULL. */
void hashfile_cancel(struct hashfile *h);
#endif
