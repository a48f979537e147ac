/*
 * reader_pcapng.c - netrca's own pcapng block reader (draft-ietf-opsawg-pcapng).
 *
 * Why not libpcap: it refuses files whose interfaces differ in link type or
 * snapshot length (dumpcap on several interfaces, mergecap output).  Here each
 * Interface Description Block keeps its own link type, snap length and
 * timestamp resolution.  Blocks are read whole (bounded by READER_MAX_BLOCK)
 * and parsed through the cursor; the trailing length must repeat the leading
 * one.  Frame numbers count packet blocks (EPB, SPB, obsolete PB) exactly as
 * Wireshark's frame.number does.
 */
#include <stdlib.h>
#include <string.h>
#include "reader.h"
#include "cursor.h"

enum {
	BT_SHB = 0x0A0D0D0A, BT_IDB = 1, BT_OPB = 2, BT_SPB = 3, BT_NRB = 4,
	BT_ISB = 5, BT_EPB = 6, BT_DSB = 0x0A, BT_CB1 = 0x00000BAD, BT_CB2 = 0x40000BAD,
	BT_SJE = 9
};
enum { OPT_END = 0, OPT_COMMENT = 1, IF_NAME = 2, IF_DESCRIPTION = 3, IF_TSRESOL = 9,
       IF_TSOFFSET = 14, EPB_FLAGS = 2, SHB_HARDWARE = 2, SHB_OS = 3, SHB_USERAPPL = 4 };

struct ng_iface {
	uint32_t linktype;
	uint32_t snaplen;
	uint64_t units;          /* timestamp units per second */
	int64_t tsoffset_s;      /* if_tsoffset, seconds */
};

struct pcapng {
	FILE *f;                 /* borrowed */
	char *path;
	uint32_t capture;
	int big;                 /* section byte order: 1 = big endian */
	uint64_t frame;
	int64_t last_ts;
	uint64_t offset;         /* file offset of the next block */
	uint8_t *buf;            /* current block, owned */
	size_t cap;
	struct ng_iface ifs[READER_MAX_IFACES];
	unsigned nifs;           /* interfaces described in this section */
	unsigned nifs_total;     /* including those beyond the cap */
	uint32_t first_linktype;
	int have_first;
	struct reader_stats st;
};

/* Reads one whole block.  Returns 1, 0 at a clean end of file, -1 on error. */
static int read_block(struct pcapng *g, uint32_t *type, size_t *len, char *err, size_t errlen)
{
	uint8_t hdr[8], bom[4];
	struct cursor c;
	uint32_t blen, trail;
	size_t nbom = 0, n = fread(hdr, 1, 8, g->f);

	if (n == 0 && feof(g->f))
		return 0;
	if (n != 8) {
		snprintf(err, errlen, "%s: truncated pcapng block header at offset %llu (after frame %llu)",
			 g->path, (unsigned long long)g->offset, (unsigned long long)g->frame);
		return -1;
	}
	c = cursor_make(hdr, 8);
	*type = cursor_u32(&c, g->big);
	if (*type == BT_SHB) {
		/* The byte order of a new section is in its byte-order magic, the
		 * body's first 4 bytes: read ahead (no seeking back: the stream may
		 * be a pipe), kept in bom and put in front of the body below. */
		if (fread(bom, 1, 4, g->f) != 4) {
			snprintf(err, errlen, "%s: truncated section header at offset %llu",
				 g->path, (unsigned long long)g->offset);
			return -1;
		}
		if (bom[0] == 0x1a && bom[1] == 0x2b && bom[2] == 0x3c && bom[3] == 0x4d)
			g->big = 1;
		else if (bom[0] == 0x4d && bom[1] == 0x3c && bom[2] == 0x2b && bom[3] == 0x1a)
			g->big = 0;
		else {
			snprintf(err, errlen, "%s: bad pcapng byte-order magic at offset %llu",
				 g->path, (unsigned long long)g->offset);
			return -1;
		}
		nbom = 4;
	}
	c = cursor_make(hdr + 4, 4);
	blen = cursor_u32(&c, g->big);
	if (blen < 12 || (blen & 3) || blen > READER_MAX_BLOCK) {
		snprintf(err, errlen, "%s: corrupt pcapng block (type 0x%x, length %u) at offset %llu (after frame %llu)",
			 g->path, *type, blen, (unsigned long long)g->offset, (unsigned long long)g->frame);
		return -1;
	}
	if (blen > g->cap) {
		uint8_t *nb = realloc(g->buf, blen);
		if (!nb) {
			snprintf(err, errlen, "%s: out of memory for a %u-byte block", g->path, blen);
			return -1;
		}
		g->buf = nb;
		g->cap = blen;
	}
	memcpy(g->buf, bom, nbom);
	n = nbom + fread(g->buf + nbom, 1, blen - 8 - nbom, g->f);
	if (n != blen - 8) {
		snprintf(err, errlen, "%s: truncated pcapng block (type 0x%x): needed %u bytes, got %zu, at offset %llu (after frame %llu)",
			 g->path, *type, blen, n + 8, (unsigned long long)g->offset, (unsigned long long)g->frame);
		return -1;
	}
	c = cursor_make(g->buf + blen - 12, 4);
	trail = cursor_u32(&c, g->big);
	if (trail != blen) {
		snprintf(err, errlen, "%s: corrupt pcapng block (type 0x%x): leading length %u, trailing %u, at offset %llu (after frame %llu)",
			 g->path, *type, blen, trail, (unsigned long long)g->offset, (unsigned long long)g->frame);
		return -1;
	}
	*len = blen - 12; /* body length */
	g->offset += blen;
	return 1;
}

/* Walks an option list, calling back on the options netrca uses. */
static void walk_options(struct pcapng *g, struct cursor opts, void (*cb)(void *, uint16_t, struct cursor *),
			 void *arg)
{
	unsigned n = 0;

	while (cursor_left(&opts) >= 4 && n++ < 1024) {
		uint16_t code = cursor_u16(&opts, g->big), olen = cursor_u16(&opts, g->big);
		struct cursor v;
		if (code == OPT_END)
			return;
		v = cursor_sub(&opts, olen);
		if (!cursor_ok(&opts))
			return;
		cursor_skip(&opts, (4 - (olen & 3)) & 3);
		cb(arg, code, &v);
	}
}

struct idb_opts {
	struct pcapng *g;
	struct ng_iface *ifc;
};

static void idb_opt(void *arg, uint16_t code, struct cursor *v)
{
	struct idb_opts *o = arg;
	struct reader_stats *st = &o->g->st;

	if ((code == IF_NAME || code == IF_DESCRIPTION) && st->sections == 1 &&
	    st->nifnames < READER_MAX_IFNAMES && o->g->nifs_total == st->nifnames) {
		/* one string per interface: its name, or its description */
		size_t n = cursor_left(v);
		capture_string_set(&st->ifnames[st->nifnames++], cursor_view(v, n), n, 0);
	} else if (code == IF_TSRESOL && cursor_left(v) >= 1) {
		uint8_t r = cursor_u8(v);
		unsigned e = r & 0x7f, i;
		uint64_t u = 1;
		if (r & 0x80) {
			u = e < 63 ? (uint64_t)1 << e : 0;
		} else {
			for (i = 0; i < e && u <= UINT64_MAX / 10; i++)
				u *= 10;
			if (i < e)
				u = 0;
		}
		if (u)
			o->ifc->units = u;
	} else if (code == IF_TSOFFSET && cursor_left(v) >= 8) {
		uint64_t hi = cursor_u32(v, o->g->big), lo = cursor_u32(v, o->g->big);
		o->ifc->tsoffset_s = (int64_t)(o->g->big ? (hi << 32 | lo) : (lo << 32 | hi));
	}
}

static void shb_opt(void *arg, uint16_t code, struct cursor *v)
{
	struct pcapng *g = arg;
	size_t n = cursor_left(v);
	struct capture_string *cs = code == SHB_HARDWARE ? &g->st.shb_hardware :
				    code == SHB_OS ? &g->st.shb_os :
				    code == SHB_USERAPPL ? &g->st.shb_userappl : NULL;

	if (cs && !cs->len)
		capture_string_set(cs, cursor_view(v, n), n, 0);
}

static void parse_shb(struct pcapng *g, struct cursor *b)
{
	/* byte-order magic, major, minor, section length (RFC draft §4.1) */
	cursor_skip(b, 16);
	if (cursor_ok(b) && g->st.sections <= 1)
		walk_options(g, cursor_rest(b), shb_opt, g);
}

static void parse_idb(struct pcapng *g, struct cursor *b)
{
	struct ng_iface ifc = { 0, 0, 1000000, 0 };
	struct idb_opts o = { g, &ifc };

	ifc.linktype = cursor_u16(b, g->big);
	cursor_skip(b, 2);
	ifc.snaplen = cursor_u32(b, g->big);
	if (!cursor_ok(b))
		return;
	walk_options(g, cursor_rest(b), idb_opt, &o);
	g->nifs_total++;
	if (g->nifs == READER_MAX_IFACES) {
		g->st.ifaces_over_cap++;
		return;
	}
	g->ifs[g->nifs++] = ifc;
	reader_note_linktype(&g->st, ifc.linktype);
	if (!g->have_first) {
		g->have_first = 1;
		g->first_linktype = ifc.linktype;
	}
}

/* Timestamp units to ns since the epoch, clamped to [1970, 2096]: a corrupt
 * timestamp must not overflow the clock arithmetic downstream (the same
 * range a classic pcap's 32-bit seconds field can express). */
static int64_t ts_to_ns(const struct ng_iface *ifc, uint64_t ts)
{
	__int128 ns = (__int128)(ts / ifc->units) * 1000000000 +
		      (__int128)((unsigned __int128)(ts % ifc->units) * 1000000000u / ifc->units) +
		      (__int128)ifc->tsoffset_s * 1000000000;

	if (ns > (__int128)READER_TS_MAX)
		return READER_TS_MAX;
	if (ns < 0)
		return 0;
	return (int64_t)ns;
}

struct epb_opts {
	struct packet *p;
	struct pcapng *g;
};

static void epb_opt(void *arg, uint16_t code, struct cursor *v)
{
	struct epb_opts *o = arg;

	if (code == OPT_COMMENT && !o->p->comment) {
		o->p->comment_len = cursor_left(v);
		o->p->comment = cursor_view(v, o->p->comment_len);
		o->g->st.comments++;
	} else if (code == EPB_FLAGS && cursor_left(v) >= 4) {
		o->p->epb_flags = cursor_u32(v, o->g->big);
		switch (o->p->epb_flags & 3) {
		case 1: o->p->dir = PKT_DIR_IN; break;
		case 2: o->p->dir = PKT_DIR_OUT; break;
		default: break;
		}
	}
}

/* Fills p from an EPB/OPB/SPB body; returns 1 on success. */
static int parse_packet(struct pcapng *g, uint32_t type, struct cursor *b, struct packet *p,
			char *err, size_t errlen)
{
	uint32_t ifid = 0, caplen, len;
	uint64_t ts = 0;
	struct ng_iface *ifc;

	memset(p, 0, sizeof(*p));
	if (type == BT_SPB) {
		len = cursor_u32(b, g->big);
		caplen = (uint32_t)cursor_left(b);
		if (caplen > len)
			caplen = len;
	} else {
		if (type == BT_OPB) {
			ifid = cursor_u16(b, g->big);
			cursor_skip(b, 2);
		} else {
			ifid = cursor_u32(b, g->big);
		}
		ts = (uint64_t)cursor_u32(b, g->big) << 32;
		ts |= cursor_u32(b, g->big);
		caplen = cursor_u32(b, g->big);
		len = cursor_u32(b, g->big);
	}
	if (!cursor_ok(b) || caplen > cursor_left(b)) {
		snprintf(err, errlen, "%s: corrupt pcapng packet block (captured length %u exceeds the block) at offset %llu (frame %llu)",
			 g->path, caplen, (unsigned long long)g->offset, (unsigned long long)g->frame + 1);
		return 0;
	}
	if (ifid >= g->nifs) {
		g->st.bad_iface++;
		snprintf(err, errlen, "%s: packet block names interface %u, but only %u are described (frame %llu)",
			 g->path, ifid, g->nifs, (unsigned long long)g->frame + 1);
		return 0;
	}
	ifc = &g->ifs[ifid];
	if (type == BT_SPB && ifc->snaplen && caplen > ifc->snaplen)
		caplen = ifc->snaplen;
	p->data = cursor_view(b, caplen);
	cursor_skip(b, (4 - (caplen & 3)) & 3);
	if (type != BT_SPB) {
		struct epb_opts o = { p, g };
		walk_options(g, cursor_rest(b), epb_opt, &o);
	}
	p->capture = g->capture;
	p->frame = ++g->frame;
	/* A Simple Packet Block has no timestamp: it inherits the previous one. */
	p->ts_ns = type == BT_SPB ? g->last_ts : ts_to_ns(ifc, ts);
	g->last_ts = p->ts_ns;
	p->caplen = caplen;
	p->len = len < caplen ? caplen : len;
	p->linktype = ifc->linktype;
	p->snaplen = ifc->snaplen;
	p->iface = ifid;
	g->st.frames++;
	return 1;
}

enum reader_status pcapng_next(struct pcapng *g, struct packet *p, char *err, size_t errlen)
{
	for (;;) {
		uint32_t type;
		size_t len;
		struct cursor b;
		int rc = read_block(g, &type, &len, err, errlen);

		if (rc <= 0)
			return rc == 0 ? READER_EOF : READER_ERROR;
		b = cursor_make(g->buf, len);
		switch (type) {
		case BT_SHB:
			g->st.sections++;
			g->nifs = 0;  /* interfaces are per section */
			parse_shb(g, &b);
			break;
		case BT_IDB:
			parse_idb(g, &b);
			break;
		case BT_EPB:
		case BT_OPB:
		case BT_SPB:
			return parse_packet(g, type, &b, p, err, errlen) ? READER_OK : READER_ERROR;
		case BT_NRB:
		case BT_ISB:
		case BT_DSB:
		case BT_SJE:
		case BT_CB1:
		case BT_CB2:
			g->st.blocks_skipped++;
			break;
		default:
			g->st.blocks_unknown++;
			break;
		}
	}
}

struct pcapng *pcapng_open(FILE *f, const char *path, uint32_t capture, char *err, size_t errlen)
{
	struct pcapng *g = calloc(1, sizeof(*g));
	uint32_t type;
	size_t len;
	struct cursor b;

	if (!g || !(g->path = strdup(path))) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	g->f = f;
	g->capture = capture;
	if (read_block(g, &type, &len, err, errlen) != 1)
		goto fail_msg;
	b = cursor_make(g->buf, len);
	cursor_skip(&b, 4);
	if (cursor_u16(&b, g->big) != 1) {
		snprintf(err, errlen, "%s: unsupported pcapng major version", path);
		goto fail;
	}
	g->st.sections = 1;
	b = cursor_make(g->buf, len);
	parse_shb(g, &b);
	return g;
fail_msg:
	if (!err[0])
		snprintf(err, errlen, "%s: not a readable pcapng file", path);
fail:
	pcapng_close(g);
	return NULL;
}

const struct reader_stats *pcapng_stats(const struct pcapng *g) { return &g->st; }
uint32_t pcapng_first_linktype(const struct pcapng *g) { return g->first_linktype; }

void pcapng_set_capture(struct pcapng *g, uint32_t capture) { g->capture = capture; }

void pcapng_close(struct pcapng *g)
{
	if (!g)
		return;
	free(g->buf);
	free(g->path);
	free(g);
}
