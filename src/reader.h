/*
 * reader.h - capture file readers.  Classic pcap goes through libpcap at
 * nanosecond precision; pcapng through netrca's own block reader
 * (reader_pcapng.c), because libpcap refuses files whose interfaces differ in
 * link type or snapshot length.  Several files are read as one capture, in
 * time order of their first packets (a tcpdump -C / -G ring).
 */
#ifndef NETRCA_READER_H
#define NETRCA_READER_H

#include <stdint.h>
#include <stdio.h>
#include "packet.h"
#include "instream.h"

#define READER_ERRLEN 512
#define READER_MAX_IFACES 256        /* pcapng interfaces kept per section */
#define READER_MAX_BLOCK (64u << 20) /* largest pcapng block accepted */
#define READER_TS_MAX 4000000000000000000LL /* ns; later timestamps are clamped */

enum reader_status { READER_OK = 1, READER_EOF = 0, READER_ERROR = -1 };

enum reader_format { FMT_PCAP = 1, FMT_PCAPNG = 2 };

#define INPUT_STR_MAX 256
#define READER_MAX_IFNAMES 8

/* Raw bytes copied from the capture file (hostile: writers sanitise them). */
struct capture_string {
	char s[INPUT_STR_MAX];     /* NUL-terminated copy, at most INPUT_STR_MAX-1 bytes */
	size_t len;                /* bytes kept (may contain NULs) */
	int truncated;             /* the original was longer */
	uint64_t frame;            /* packet comments: their frame; else 0 */
};

/* Copies n bytes of p (borrowed) into cs, capped. */
void capture_string_set(struct capture_string *cs, const void *p, size_t n, uint64_t frame);

struct reader_stats {
	uint64_t frames;            /* packet records delivered */
	uint64_t blocks_skipped;    /* pcapng blocks netrca does not need (NRB, ISB, ...) */
	uint64_t blocks_unknown;    /* pcapng block types netrca does not know */
	uint64_t comments;          /* packet comments seen */
	uint64_t ifaces_over_cap;   /* interfaces beyond READER_MAX_IFACES */
	uint64_t bad_iface;         /* packets naming an interface never described */
	uint64_t sections;          /* pcapng section header blocks */
	uint32_t linktypes[16];     /* distinct link types seen, first 16 */
	unsigned nlinktypes;
	/* pcapng section header and interface descriptions (first section) */
	struct capture_string shb_hardware, shb_os, shb_userappl;
	struct capture_string ifnames[READER_MAX_IFNAMES];  /* if_name, else if_description */
	unsigned nifnames;
};

struct reader;

/*
 * Opens path (borrowed) for reading as capture id `capture`.  Returns an owned
 * reader (free with reader_close) or NULL with a one-line message in err that
 * names the file.
 */
struct reader *reader_open(const char *path, uint32_t capture, char *err, size_t errlen);

/*
 * The same over an opened byte source (borrowed: it must outlive the
 * reader, and reader_close leaves it open).  path is what the command line
 * said ("-" for standard input); messages name it as instream_name() does.
 */
struct reader *reader_open_stream(struct instream *in, const char *path, uint32_t capture,
				  char *err, size_t errlen);

/*
 * Reads the next record into *p.  p->data and p->comment borrow the reader's
 * buffer until the next call.  READER_ERROR leaves the reason in
 * reader_error(): everything read before it stands, the rest is lost.
 */
enum reader_status reader_next(struct reader *r, struct packet *p);

const char *reader_error(const struct reader *r);
enum reader_format reader_format(const struct reader *r);
const struct reader_stats *reader_stats(const struct reader *r);
/* Link type and snapshot length of the first interface (pcap: the file's). */
uint32_t reader_first_linktype(const struct reader *r);
/*
 * Bytes of the input consumed so far as stored (compressed bytes for a
 * compressed input; bytes read for a pipe or standard input), ahead of the
 * record last returned by at most the read buffers (~1.3 MiB).  Safe to call
 * from another thread while the reader is open.  With reader_size (the
 * stored size of a regular file; 0 when unknown: a pipe, standard input) it
 * gives a progress percentage.
 */
uint64_t reader_offset(const struct reader *r);
/* Renumbers the capture id of the records read from now on. */
void reader_set_capture(struct reader *r, uint32_t capture);
uint64_t reader_size(const struct reader *r);
/* enum instream_comp of the byte source (0 = not compressed). */
enum instream_comp reader_compression(const struct reader *r);
void reader_close(struct reader *r);

/* pcapng back end, used by reader.c. */
struct pcapng;
struct pcapng *pcapng_open(FILE *f, const char *path, uint32_t capture, char *err, size_t errlen);
enum reader_status pcapng_next(struct pcapng *g, struct packet *p, char *err, size_t errlen);
const struct reader_stats *pcapng_stats(const struct pcapng *g);
uint32_t pcapng_first_linktype(const struct pcapng *g);
void pcapng_set_capture(struct pcapng *g, uint32_t capture);
void pcapng_close(struct pcapng *g);

/* Records a link type in the stats' distinct list. */
void reader_note_linktype(struct reader_stats *s, uint32_t lt);

#endif
