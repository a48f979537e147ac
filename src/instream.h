/*
 * instream.h - the byte source under the capture readers: a file, standard
 * input ("-") or a pipe, optionally gzip- or zstd-compressed (recognised by
 * its magic bytes, not its name), decompressed as a stream into the reader's
 * buffer (never whole into memory or onto disk).  It counts the bytes read
 * as stored (compressed bytes for a compressed input) for a progress line,
 * and can hash them (SHA-256) as they are read, for inputs that cannot be
 * read a second time.
 *
 * Memory is fixed per stream: INSTREAM_RAW bytes of stored input, zlib's
 * 32 KiB window, or zstd's window, at most 2^INSTREAM_ZSTD_WINDOWLOG bytes (a
 * frame asking for more is refused as damage).  Decompressed bytes go only
 * into the caller's buffer, so a decompression bomb costs time, not memory.
 */
#ifndef NETRCA_INSTREAM_H
#define NETRCA_INSTREAM_H
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define INSTREAM_RAW (256u << 10)      /* stored bytes buffered */
#define INSTREAM_ZSTD_WINDOWLOG 27     /* 128 MiB: zstd's own default limit */
#define INSTREAM_ERRLEN 384
#define INSTREAM_STDIN "-"             /* the command line's name for standard input */
#define INSTREAM_STDIN_NAME "(stdin)"  /* how messages and reports name it */

enum instream_comp { INSTREAM_PLAIN = 0, INSTREAM_GZIP = 1, INSTREAM_ZSTD = 2 };
enum { INSTREAM_HASH = 1 };            /* flags of instream_open */

struct instream;

/* "(stdin)" for "-", else path itself (borrowed, static or path). */
const char *instream_name(const char *path);
/* 1 if path is "-" or not a regular file: it can be read only once. */
int instream_is_stream(const char *path);

/*
 * Opens path ("-": standard input, not closed by instream_close), reads its
 * first bytes to recognise compression.  flags: INSTREAM_HASH computes the
 * SHA-256 of every stored byte read (instream_finish_hash).  Returns an
 * owned stream (free with instream_close) or NULL with a one-line message
 * naming the file in err ("is a directory" for a directory).
 */
struct instream *instream_open(const char *path, int flags, char *err, size_t errlen);

/*
 * Reads up to n decompressed bytes.  Returns the count, 0 at the end, -1 on
 * damage or a read error (instream_error() says which, naming the file; the
 * bytes before it were all delivered).
 */
ssize_t instream_read(struct instream *s, void *buf, size_t n);

/* Reads up to n (<= 16) bytes that the next reads deliver again; returns
 * the count (less than n only at the end or on damage). */
size_t instream_peek(struct instream *s, void *buf, size_t n);

/*
 * A stdio stream over instream_read (fopencookie), owned by the caller:
 * fclose it (or let libpcap do so) before instream_close.  It borrows s.
 * NULL when out of memory.
 */
FILE *instream_fopen(struct instream *s);

/* Stored bytes read so far (ahead of what the reader has parsed by at most
 * its buffers).  Safe to read from another thread while s is open. */
uint64_t instream_offset(const struct instream *s);
/* The stored size of a regular file; 0 when unknown (a pipe). */
uint64_t instream_size(const struct instream *s);
enum instream_comp instream_compression(const struct instream *s);
const char *instream_comp_name(enum instream_comp c);
/* The damage or read error that ended the stream, "" if none. */
const char *instream_error(const struct instream *s);

/*
 * INSTREAM_HASH only: reads the rest of the stored input to its end (a pipe
 * is hashed whole even if the reader stopped early on damage; bounded by
 * nothing but the end of the input), then writes 64 hex digits + NUL into
 * hex and the stored size into *size.  Returns 0, or -1 (hex = "-") on a
 * read error or when the stream was not opened with INSTREAM_HASH.
 */
int instream_finish_hash(struct instream *s, char hex[65], uint64_t *size);

void instream_close(struct instream *s);

/* The versions of the decompression libraries in use (netrca --version). */
const char *instream_zlib_version(void);
const char *instream_zstd_version(void);
#endif
