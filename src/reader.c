/*
 * reader.c - format detection and the classic pcap back end (libpcap), both
 * over a byte source (src/instream.c: file, pipe or stdin, maybe compressed)
 * seen as a stdio stream, so each input is read once, front to back.
 */
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>
#include "reader.h"
#include "instream.h"

#define READER_IOBUF (1u << 20)

struct reader {
	enum reader_format fmt;
	char *path;              /* as messages name it: "(stdin)" for "-" */
	uint32_t capture;
	uint64_t frame;
	pcap_t *pc;              /* FMT_PCAP */
	uint32_t linktype, snaplen;
	struct pcapng *ng;       /* FMT_PCAPNG */
	FILE *f;                 /* over the byte source; FMT_PCAP: libpcap closes it */
	struct instream *in;     /* the byte source */
	int own_in;              /* opened by reader_open: closed with the reader */
	char *iobuf;             /* the stream's buffer (outlives pcap_close) */
	struct reader_stats st;
	char err[READER_ERRLEN];
};

void capture_string_set(struct capture_string *cs, const void *p, size_t n, uint64_t frame)
{
	size_t k = n < INPUT_STR_MAX - 1 ? n : INPUT_STR_MAX - 1;

	memcpy(cs->s, p, k);
	cs->s[k] = 0;
	cs->len = k;
	cs->truncated = k < n;
	cs->frame = frame;
}

void reader_note_linktype(struct reader_stats *s, uint32_t lt)
{
	unsigned i;
	for (i = 0; i < s->nlinktypes; i++)
		if (s->linktypes[i] == lt)
			return;
	if (s->nlinktypes < sizeof(s->linktypes) / sizeof(s->linktypes[0]))
		s->linktypes[s->nlinktypes++] = lt;
}

/* libpcap reports DLT_* values; netrca speaks LINKTYPE_* (the file values).
 * They differ only for the raw-IP types. */
static uint32_t pcap_linktype(pcap_t *pc)
{
	int dlt = pcap_datalink(pc);
	return dlt == DLT_RAW || dlt == 14 ? 101u : (uint32_t)dlt;
}

static int open_pcap(struct reader *r, char *err, size_t errlen)
{
	char pe[PCAP_ERRBUF_SIZE] = "";

	r->pc = pcap_fopen_offline_with_tstamp_precision(r->f, PCAP_TSTAMP_PRECISION_NANO, pe);
	if (!r->pc) {
		/* libpcap closes the stream only once it has taken it */
		snprintf(err, errlen, "%s: %s", r->path, instream_error(r->in)[0] ? instream_error(r->in) : pe);
		return -1;
	}
	r->f = NULL;   /* libpcap's now */
	r->linktype = pcap_linktype(r->pc);
	r->snaplen = (uint32_t)pcap_snapshot(r->pc);
	reader_note_linktype(&r->st, r->linktype);
	return 0;
}

struct reader *reader_open(const char *path, uint32_t capture, char *err, size_t errlen)
{
	struct instream *in = instream_open(path, 0, err, errlen);
	struct reader *r;

	if (!in)
		return NULL;
	r = reader_open_stream(in, path, capture, err, errlen);
	if (!r)
		instream_close(in);
	else
		r->own_in = 1;
	return r;
}

struct reader *reader_open_stream(struct instream *in, const char *path, uint32_t capture,
				  char *err, size_t errlen)
{
	struct reader *r = calloc(1, sizeof(*r));
	const char *name = instream_name(path);
	unsigned char magic[4];
	size_t n;

	if (!r || !(r->path = strdup(name)) || !(r->iobuf = malloc(READER_IOBUF))) {
		snprintf(err, errlen, "%s: out of memory", name);
		goto fail;
	}
	r->capture = capture;
	r->in = in;
	n = instream_peek(in, magic, 4);
	if (n == 0) {
		if (instream_error(in)[0])
			snprintf(err, errlen, "%s", instream_error(in));
		else if (instream_compression(in) != INSTREAM_PLAIN)
			snprintf(err, errlen, "%s: empty once decompressed (%s; not a capture)", name,
				 instream_comp_name(instream_compression(in)));
		else
			snprintf(err, errlen, "%s: empty file (not a capture)", name);
		goto fail;
	}
	/* a 1 MiB buffer: glibc would size its own by st_blksize (4 KiB) */
	r->f = instream_fopen(in);
	if (!r->f) {
		snprintf(err, errlen, "%s: out of memory", name);
		goto fail;
	}
	setvbuf(r->f, r->iobuf, _IOFBF, READER_IOBUF);
	if (n == 4 && magic[0] == 0x0a && magic[1] == 0x0d && magic[2] == 0x0d && magic[3] == 0x0a) {
		r->fmt = FMT_PCAPNG;
		r->ng = pcapng_open(r->f, name, capture, err, errlen);
		if (!r->ng) {
			if (instream_error(in)[0])
				snprintf(err, errlen, "%s", instream_error(in));
			goto fail;
		}
		return r;
	}
	r->fmt = FMT_PCAP;
	if (open_pcap(r, err, errlen) < 0)
		goto fail;
	return r;
fail:
	reader_close(r);
	return NULL;
}

static enum reader_status pcap_next_rec(struct reader *r, struct packet *p)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc = pcap_next_ex(r->pc, &h, &data);

	if (rc == PCAP_ERROR_BREAK)
		return READER_EOF;
	if (rc != 1) {
		snprintf(r->err, sizeof(r->err), "%s: %s (after frame %llu)", r->path,
			 pcap_geterr(r->pc), (unsigned long long)r->frame);
		return READER_ERROR;
	}
	memset(p, 0, sizeof(*p));
	p->capture = r->capture;
	p->frame = ++r->frame;
	/* With PCAP_TSTAMP_PRECISION_NANO, tv_usec holds nanoseconds. */
	p->ts_ns = (int64_t)h->ts.tv_sec * 1000000000LL + (int64_t)h->ts.tv_usec;
	p->caplen = h->caplen;
	p->len = h->len < h->caplen ? h->caplen : h->len;
	p->linktype = r->linktype;
	p->snaplen = r->snaplen;
	p->data = data;
	r->st.frames++;
	return READER_OK;
}

enum reader_status reader_next(struct reader *r, struct packet *p)
{
	enum reader_status s;

	if (r->fmt == FMT_PCAP) {
		s = pcap_next_rec(r, p);
	} else {
		s = pcapng_next(r->ng, p, r->err, sizeof(r->err));
		if (s == READER_OK)
			r->frame = p->frame;
	}
	/* damage in a compressed stream (or a read error) reaches the parser as
	 * a short read: say what it was */
	if (s == READER_ERROR && instream_error(r->in)[0])
		snprintf(r->err, sizeof(r->err), "%s (after frame %llu)", instream_error(r->in),
			 (unsigned long long)r->frame);
	return s;
}

uint64_t reader_offset(const struct reader *r) { return instream_offset(r->in); }
void reader_set_capture(struct reader *r, uint32_t capture)
{
	r->capture = capture;
	if (r->ng)
		pcapng_set_capture(r->ng, capture);
}

uint64_t reader_size(const struct reader *r) { return instream_size(r->in); }
enum instream_comp reader_compression(const struct reader *r) { return instream_compression(r->in); }

const char *reader_error(const struct reader *r) { return r->err; }
enum reader_format reader_format(const struct reader *r) { return r->fmt; }

const struct reader_stats *reader_stats(const struct reader *r)
{
	return r->fmt == FMT_PCAPNG ? pcapng_stats(r->ng) : &r->st;
}

uint32_t reader_first_linktype(const struct reader *r)
{
	return r->fmt == FMT_PCAPNG ? pcapng_first_linktype(r->ng) : r->linktype;
}

void reader_close(struct reader *r)
{
	if (!r)
		return;
	if (r->pc)
		pcap_close(r->pc);
	if (r->ng)
		pcapng_close(r->ng);
	if (r->f)
		fclose(r->f);
	if (r->own_in)
		instream_close(r->in);
	free(r->iobuf);
	free(r->path);
	free(r);
}
