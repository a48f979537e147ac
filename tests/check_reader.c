/*
 * check_reader.c - capture readers (src/reader.h) on every file in
 * fixtures/engine/ (see fixtures/engine/README.md for how each was made).
 * Expected values come from tshark 4.0 on the same files (frame.number,
 * frame.time_epoch, frame.len, frame.interface_id, frame.comment,
 * frame.packet_flags_direction).
 */
#include <zlib.h>
#include <zstd.h>
#include <openssl/evp.h>
#include "testutil.h"
#include "reader.h"
#include "instream.h"

#define T0 (1767225600LL * 1000000000LL) /* 2026-01-01T00:00:00Z */

/* The standard exchange: frame offsets (µs) and sub-µs digits of the ns files. */
static const int64_t OFF_US[11] = { 0, 512, 987, 1250, 1990, 15300, 15800, 20100, 20450, 20900, 100000 };
static const int64_t NS_EXTRA[11] = { 123, 456, 789, 1, 999, 500, 250, 750, 333, 667, 42 };
/* Ethernet frame lengths of the standard exchange (tshark frame.len). */
static const uint32_t ETH_LEN[11] = { 74, 74, 66, 117, 66, 144, 66, 66, 66, 66, 75 };

#define MAXF 80
struct rec {
	int64_t ts;
	uint32_t caplen, len, linktype, snaplen, iface, epb_flags;
	enum pkt_dir dir;
	uint64_t frame;
	uint8_t data[1600];
	char comment[128];
};

struct readall {
	int nrec;
	struct rec r[MAXF];
	enum reader_status last;
	char err[READER_ERRLEN];
	struct reader_stats st;
	enum reader_format fmt;
	uint32_t first_lt;
};

/* Opens and reads a fixture to the end; fails the test if it cannot be
 * opened. */
static struct readall *read_all(const char *name)
{
	struct readall *a = calloc(1, sizeof(*a));
	char err[READER_ERRLEN] = "";
	struct reader *rd;
	struct packet p;
	enum reader_status s;

	ck_assert_ptr_nonnull(a);
	rd = reader_open(fixture(name), 7, err, sizeof(err));
	ck_assert_msg(rd != NULL, "%s: reader_open failed: %s", name, err);
	a->fmt = reader_format(rd);
	while ((s = reader_next(rd, &p)) == READER_OK) {
		struct rec *r;
		ck_assert_int_lt(a->nrec, MAXF);
		r = &a->r[a->nrec++];
		ck_assert_uint_eq(p.capture, 7);
		ck_assert_uint_eq(p.frame, (uint64_t)a->nrec); /* 1-based record index */
		ck_assert_uint_le(p.caplen, p.len);
		ck_assert_uint_le(p.caplen, sizeof(r->data));
		ck_assert(p.caplen == 0 || p.data != NULL);
		r->ts = p.ts_ns;
		r->caplen = p.caplen;
		r->len = p.len;
		r->linktype = p.linktype;
		r->snaplen = p.snaplen;
		r->iface = p.iface;
		r->epb_flags = p.epb_flags;
		r->dir = p.dir;
		r->frame = p.frame;
		memcpy(r->data, p.data, p.caplen);
		if (p.comment) {
			ck_assert_uint_lt(p.comment_len, sizeof(r->comment));
			memcpy(r->comment, p.comment, p.comment_len);
		}
	}
	a->last = s;
	/* pcapng: known once the first IDB has been read */
	a->first_lt = reader_first_linktype(rd);
	snprintf(a->err, sizeof(a->err), "%s", reader_error(rd));
	a->st = *reader_stats(rd);
	reader_close(rd);
	return a;
}

/* ---- link types ------------------------------------------------------- */

struct link_case {
	const char *file;
	uint32_t linktype;
	int hdr;        /* link header bytes before IPv4 (vs Ethernet's 14) */
};

static const struct link_case LINKS[] = {
	{ "link_en10mb.pcap", 1, 14 },   { "link_vlan.pcap", 1, 18 },
	{ "link_qinq.pcap", 1, 22 },     { "link_vlan12.pcap", 1, 14 + 48 },
	{ "link_sll.pcap", 113, 16 },    { "link_sll2.pcap", 276, 20 },
	{ "link_raw.pcap", 101, 0 },     { "link_ipv4.pcap", 228, 0 },
	{ "link_null.pcap", 0, 4 },      { "link_loop.pcap", 108, 4 },
	{ "link_ppp.pcap", 9, 4 },       { "link_user0.pcap", 147, 14 },
};

/* Every link-type file: 11 records, the file's link type on each, and the
 * IP bytes after the link header identical to the Ethernet file's. */
START_TEST(t_link_types)
{
	const struct link_case *lc = &LINKS[_i];
	struct readall *eth = read_all("link_en10mb.pcap");
	struct readall *a = read_all(lc->file);
	int k;

	ck_assert_int_eq(a->fmt, FMT_PCAP);
	ck_assert_int_eq(a->last, READER_EOF);
	ck_assert_int_eq(a->nrec, 11);
	ck_assert_uint_eq(a->first_lt, lc->linktype);
	ck_assert_uint_eq(a->st.frames, 11);
	ck_assert_uint_eq(a->st.nlinktypes, 1);
	ck_assert_uint_eq(a->st.linktypes[0], lc->linktype);
	for (k = 0; k < 11; k++) {
		const struct rec *r = &a->r[k], *e = &eth->r[k];
		ck_assert_uint_eq(r->linktype, lc->linktype);
		ck_assert_uint_eq(r->snaplen, 65535);
		ck_assert_int_eq(r->ts, T0 + OFF_US[k] * 1000);
		ck_assert_uint_eq(r->caplen, r->len);
		ck_assert_uint_eq(r->len, ETH_LEN[k] - 14 + (uint32_t)lc->hdr);
		ck_assert_msg(memcmp(r->data + lc->hdr, e->data + 14, ETH_LEN[k] - 14) == 0,
			      "%s frame %d: IP bytes differ from link_en10mb's", lc->file, k + 1);
	}
	free(eth);
	free(a);
}
END_TEST

START_TEST(t_link_ipv6)
{
	struct readall *a = read_all("link_ipv6.pcap");

	ck_assert_int_eq(a->nrec, 11);
	ck_assert_uint_eq(a->first_lt, 229);
	ck_assert_uint_eq(a->r[0].linktype, 229);
	ck_assert_uint_eq(a->r[0].data[0] >> 4, 6);
	/* IPv6 SYN: 40 + 40 bytes (TCP with MSS, SACK-perm, TS, WS) */
	ck_assert_uint_eq(a->r[0].len, 80);
	ck_assert_int_eq(a->r[10].ts, T0 + 100000000LL);
	free(a);
}
END_TEST

/* ---- classic pcap variants -------------------------------------------- */

START_TEST(t_pcap_us_ns_orders)
{
	struct readall *le = read_all("pcap_us_le.pcap"), *be = read_all("pcap_us_be.pcap");
	struct readall *nle = read_all("pcap_ns_le.pcap"), *nbe = read_all("pcap_ns_be.pcap");
	struct readall *eth = read_all("link_en10mb.pcap");
	int k;

	ck_assert_int_eq(le->nrec, 11);
	ck_assert_int_eq(be->nrec, 11);
	ck_assert_int_eq(nle->nrec, 11);
	ck_assert_int_eq(nbe->nrec, 11);
	for (k = 0; k < 11; k++) {
		ck_assert_int_eq(le->r[k].ts, T0 + OFF_US[k] * 1000);
		ck_assert_int_eq(be->r[k].ts, le->r[k].ts);
		/* ns precision kept: frame 1 = 1767225600.000000123 */
		ck_assert_int_eq(nle->r[k].ts, T0 + OFF_US[k] * 1000 + NS_EXTRA[k]);
		ck_assert_int_eq(nbe->r[k].ts, nle->r[k].ts);
		ck_assert_uint_eq(be->r[k].caplen, le->r[k].caplen);
		ck_assert_uint_eq(nbe->r[k].len, le->r[k].len);
		ck_assert_uint_eq(le->r[k].caplen, ETH_LEN[k]);
		ck_assert_mem_eq(le->r[k].data, eth->r[k].data, ETH_LEN[k]);
		ck_assert_mem_eq(be->r[k].data, le->r[k].data, ETH_LEN[k]);
		ck_assert_mem_eq(nle->r[k].data, le->r[k].data, ETH_LEN[k]);
		ck_assert_mem_eq(nbe->r[k].data, le->r[k].data, ETH_LEN[k]);
		ck_assert_uint_eq(nbe->r[k].linktype, 1);
		ck_assert_int_eq(nbe->r[k].dir, PKT_DIR_UNKNOWN);
	}
	ck_assert_int_eq(nle->r[0].ts, 1767225600000000123LL);
	free(le);
	free(be);
	free(nle);
	free(nbe);
	free(eth);
}
END_TEST

START_TEST(t_snaplen96)
{
	struct readall *a = read_all("snaplen96.pcap");
	int k;

	ck_assert_int_eq(a->nrec, 8);
	for (k = 0; k < 8; k++) {
		ck_assert_uint_eq(a->r[k].snaplen, 96);
		ck_assert_uint_eq(a->r[k].caplen, 96);
		ck_assert_uint_gt(a->r[k].len, 96);
	}
	/* frame 1: 300-byte payload: 14 + 20 + 32 (NOP NOP TS) + 300 on the wire */
	ck_assert_uint_eq(a->r[0].len, 366);
	free(a);
}
END_TEST

/* ---- pcapng ------------------------------------------------------------ */

START_TEST(t_ng_single_and_be)
{
	struct readall *a = read_all("ng_single.pcapng"), *b = read_all("ng_be.pcapng");
	struct readall *eth = read_all("link_en10mb.pcap");
	int k;

	ck_assert_int_eq(a->fmt, FMT_PCAPNG);
	ck_assert_int_eq(b->fmt, FMT_PCAPNG);
	ck_assert_int_eq(a->last, READER_EOF);
	ck_assert_int_eq(b->last, READER_EOF);
	ck_assert_int_eq(a->nrec, 11);
	ck_assert_int_eq(b->nrec, 11);
	ck_assert_uint_eq(a->first_lt, 1);
	ck_assert_uint_eq(b->first_lt, 1);
	ck_assert_str_eq(a->r[0].comment, "SYN from client");
	ck_assert_str_eq(b->r[0].comment, "");   /* the big-endian copy has none */
	ck_assert_str_eq(a->r[1].comment, "");
	ck_assert_uint_eq(a->st.comments, 1);
	ck_assert_uint_eq(b->st.comments, 0);
	ck_assert_uint_eq(a->st.sections, 1);
	ck_assert_uint_eq(b->st.sections, 1);
	for (k = 0; k < 11; k++) {
		ck_assert_int_eq(a->r[k].ts, T0 + OFF_US[k] * 1000);
		ck_assert_int_eq(b->r[k].ts, a->r[k].ts);
		ck_assert_uint_eq(a->r[k].caplen, ETH_LEN[k]);
		ck_assert_uint_eq(b->r[k].len, ETH_LEN[k]);
		ck_assert_mem_eq(a->r[k].data, eth->r[k].data, ETH_LEN[k]);
		ck_assert_mem_eq(b->r[k].data, eth->r[k].data, ETH_LEN[k]);
		ck_assert_uint_eq(b->r[k].linktype, 1);
		ck_assert_uint_eq(b->r[k].iface, 0);
	}
	free(a);
	free(b);
	free(eth);
}
END_TEST

/* Interface 0 is EN10MB in section 1 and RAW in section 2. */
START_TEST(t_ng_two_sections)
{
	struct readall *a = read_all("ng_two_sections.pcapng");
	struct readall *eth = read_all("link_en10mb.pcap");
	int k;

	ck_assert_int_eq(a->last, READER_EOF);
	ck_assert_int_eq(a->nrec, 11);
	ck_assert_uint_eq(a->st.sections, 2);
	ck_assert_uint_eq(a->st.nlinktypes, 2);
	for (k = 0; k < 11; k++) {
		int raw = k >= 5;
		ck_assert_uint_eq(a->r[k].iface, 0);
		ck_assert_uint_eq(a->r[k].linktype, raw ? 101 : 1);
		ck_assert_int_eq(a->r[k].ts, T0 + OFF_US[k] * 1000);
		ck_assert_uint_eq(a->r[k].len, ETH_LEN[k] - (raw ? 14 : 0));
		ck_assert_mem_eq(a->r[k].data, eth->r[k].data + (raw ? 14 : 0),
				 ETH_LEN[k] - (raw ? 14 : 0));
	}
	free(a);
	free(eth);
}
END_TEST

START_TEST(t_ng_mixed)
{
	/* tshark: frame.interface_id, frame.time_epoch (ns part), frame.cap_len,
	 * frame.len, frame.packet_flags_direction for frames 1-31 */
	static const struct { uint32_t iface; int64_t ns; uint32_t cap, len, flags; } X[31] = {
		{ 0, 0, 74, 74, 2 },           { 1, 1123456, 60, 60, 0 },    { 2, 2000000, 80, 80, 2 },
		{ 0, 10000000, 74, 74, 1 },    { 1, 11123457, 60, 60, 0 },   { 2, 12000000, 80, 80, 1 },
		{ 0, 20000000, 66, 66, 2 },    { 1, 21123458, 52, 52, 0 },   { 2, 22000000, 72, 72, 2 },
		{ 0, 30000000, 117, 117, 2 },  { 1, 31123459, 103, 103, 0 }, { 2, 32000000, 123, 123, 2 },
		{ 0, 40000000, 66, 66, 1 },    { 1, 41123460, 52, 52, 0 },   { 2, 42000000, 72, 72, 1 },
		{ 0, 42000000, 75, 75, 0 },          { 0, 50000000, 144, 144, 1 }, { 1, 51123461, 128, 450, 0 },
		{ 2, 52000000, 150, 150, 1 },  { 0, 60000000, 66, 66, 2 },   { 1, 61123462, 52, 52, 0 },
		{ 2, 62000000, 72, 72, 2 },    { 0, 70000000, 66, 66, 2 },   { 1, 71123463, 52, 52, 0 },
		{ 2, 72000000, 72, 72, 2 },    { 0, 80000000, 66, 66, 1 },   { 1, 81123464, 52, 52, 0 },
		{ 2, 82000000, 72, 72, 1 },    { 0, 90000000, 66, 66, 2 },   { 1, 91123465, 52, 52, 0 },
		{ 2, 92000000, 72, 72, 2 },
	};
	static const uint32_t LT[3] = { 1, 101, 276 }, SNAP[3] = { 65535, 128, 65535 };
	struct readall *a = read_all("ng_mixed.pcapng");
	int k;

	ck_assert_int_eq(a->fmt, FMT_PCAPNG);
	ck_assert_int_eq(a->last, READER_EOF);
	ck_assert_int_eq(a->nrec, 31);
	ck_assert_uint_eq(a->first_lt, 1);
	ck_assert_uint_eq(a->st.nlinktypes, 3);
	ck_assert_uint_eq(a->st.blocks_unknown, 1);   /* type 0x0BADBEEF: skipped, not a frame */
	ck_assert_uint_eq(a->st.blocks_skipped, 2);   /* NRB, ISB */
	ck_assert_uint_eq(a->st.comments, 2);
	ck_assert_uint_eq(a->st.sections, 1);
	for (k = 0; k < 31; k++) {
		const struct rec *r = &a->r[k];
		uint32_t i = X[k].iface;
		ck_assert_msg(r->iface == i, "frame %d: iface %u, want %u", k + 1, r->iface, i);
		ck_assert_uint_eq(r->linktype, LT[i]);
		ck_assert_uint_eq(r->snaplen, SNAP[i]);
		ck_assert_uint_eq(r->caplen, X[k].cap);
		ck_assert_uint_eq(r->len, X[k].len);
		if (X[k].ns >= 0)
			ck_assert_msg(r->ts == T0 + X[k].ns, "frame %d: ts %lld", k + 1,
				      (long long)(r->ts - T0));
		ck_assert_uint_eq(r->epb_flags & 3, X[k].flags);
		ck_assert_int_eq(r->dir, X[k].flags == 1 ? PKT_DIR_IN :
					 X[k].flags == 2 ? PKT_DIR_OUT : PKT_DIR_UNKNOWN);
	}
	ck_assert_str_eq(a->r[0].comment, "if0: SYN");
	ck_assert_str_eq(a->r[17].comment, "if1: response cut by snaplen 128");
	ck_assert_str_eq(a->r[16].comment, "");
	/* if1 is RAW: the record starts with the IPv4 header */
	ck_assert_uint_eq(a->r[1].data[0], 0x45);
	/* frame 16 is the SPB (no timestamp of its own: frame 15's): Ethernet, the UDP DNS query to port 53 */
	ck_assert_uint_eq(a->r[15].data[12], 0x08);
	ck_assert_uint_eq(a->r[15].data[13], 0x00);
	ck_assert_uint_eq(a->r[15].data[14 + 20 + 2], 0);
	ck_assert_uint_eq(a->r[15].data[14 + 20 + 3], 53);
	/* if2 is SLL2: protocol 0x0800 first, interface index after */
	ck_assert_uint_eq(a->r[2].data[0], 0x08);
	ck_assert_uint_eq(a->r[2].data[1], 0x00);
	free(a);
}
END_TEST

/* ---- other good files: record counts ----------------------------------- */

struct count_case {
	const char *file;
	int frames;
};

static const struct count_case COUNTS[] = {
	{ "bad_checksums.pcap", 7 }, { "ethertypes.pcap", 5 },   { "hostile_ipv4.pcap", 5 },
	{ "hostile_ipv6.pcap", 3 },  { "hostile_tcp.pcap", 7 },  { "hostile_udp.pcap", 2 },
	{ "icmp_errors.pcap", 18 },  { "ring_0.pcap", 9 },       { "ring_1.pcap", 8 },
	{ "ring_2.pcap", 8 },        { "ringswap_a.pcap", 5 },   { "ringswap_b.pcap", 5 },
	{ "states.pcap", 66 },
};

START_TEST(t_counts)
{
	const struct count_case *c = &COUNTS[_i];
	struct readall *a = read_all(c->file);

	ck_assert_int_eq(a->last, READER_EOF);
	ck_assert_msg(a->nrec == c->frames, "%s: %d frames, want %d", c->file, a->nrec, c->frames);
	ck_assert_uint_eq(a->st.frames, (uint64_t)c->frames);
	free(a);
}
END_TEST

/* Ring segments follow each other in time; ringswap_b holds the earlier half. */
START_TEST(t_ring_times)
{
	struct readall *r0 = read_all("ring_0.pcap"), *r1 = read_all("ring_1.pcap"),
		       *r2 = read_all("ring_2.pcap");
	struct readall *sa = read_all("ringswap_a.pcap"), *sb = read_all("ringswap_b.pcap");

	ck_assert_int_lt(r0->r[r0->nrec - 1].ts, r1->r[0].ts);
	ck_assert_int_lt(r1->r[r1->nrec - 1].ts, r2->r[0].ts);
	ck_assert_int_eq(r1->r[0].frame, 1); /* frames numbered per file */
	ck_assert_int_lt(sb->r[sb->nrec - 1].ts, sa->r[0].ts);
	free(r0);
	free(r1);
	free(r2);
	free(sa);
	free(sb);
}
END_TEST

/* ---- broken files ------------------------------------------------------ */

struct broken_case {
	const char *file;
	int opens;      /* 0: reader_open must fail */
	int frames;     /* good frames before READER_ERROR */
};

static const struct broken_case BROKEN[] = {
	{ "broken_empty.pcap", 0, 0 },
	{ "broken_6bytes.pcap", 0, 0 },
	{ "broken_magic.pcap", 0, 0 },
	{ "broken_trunc_global.pcap", 0, 0 },
	{ "broken_trunc_rechdr.pcap", 1, 4 },
	{ "broken_trunc_data.pcap", 1, 5 },
	{ "broken_caplen_huge.pcap", 1, 3 },
	{ "broken_ng_trunc_block.pcapng", 1, 4 },
	{ "broken_ng_len_mismatch.pcapng", 1, 3 },
	{ "broken_ng_len_small.pcapng", 1, 3 },
	{ "broken_ng_len_unaligned.pcapng", 1, 3 },
	{ "does_not_exist.pcap", 0, 0 },
};

START_TEST(t_broken)
{
	const struct broken_case *c = &BROKEN[_i];
	char err[READER_ERRLEN] = "";
	const char *path = fixture(c->file);
	struct reader *rd = reader_open(path, 0, err, sizeof(err));
	struct packet p;
	enum reader_status s;
	int n = 0;

	if (!c->opens) {
		ck_assert_msg(rd == NULL, "%s: opened, should have failed", c->file);
		ck_assert_msg(strstr(err, path) != NULL, "%s: message does not name the file: %s",
			      c->file, err);
		ck_assert_ptr_null(strchr(err, '\n'));       /* one line */
		ck_assert_uint_gt(strlen(err), strlen(path) + 2); /* and says why */
		return;
	}
	ck_assert_msg(rd != NULL, "%s: reader_open failed: %s", c->file, err);
	while ((s = reader_next(rd, &p)) == READER_OK) {
		n++;
		ck_assert_uint_eq(p.frame, (uint64_t)n);
		ck_assert_uint_le(p.caplen, 65535);
	}
	ck_assert_msg(s == READER_ERROR, "%s: ended with %d, not READER_ERROR", c->file, s);
	ck_assert_msg(n == c->frames, "%s: %d good frames, want %d", c->file, n, c->frames);
	ck_assert_msg(strstr(reader_error(rd), path) != NULL, "%s: error does not name the file: %s",
		      c->file, reader_error(rd));
	ck_assert_ptr_null(strchr(reader_error(rd), '\n'));
	ck_assert_uint_eq(reader_stats(rd)->frames, (uint64_t)c->frames);
	reader_close(rd);
}
END_TEST

/* The frames before the damage are the real ones (same bytes as the
 * standard exchange). */
START_TEST(t_broken_keeps_good_frames)
{
	struct readall *eth = read_all("link_en10mb.pcap");
	char err[READER_ERRLEN];
	struct reader *rd = reader_open(fixture("broken_trunc_data.pcap"), 0, err, sizeof(err));
	struct packet p;
	int k;

	ck_assert_ptr_nonnull(rd);
	for (k = 0; k < 5; k++) {
		ck_assert_int_eq(reader_next(rd, &p), READER_OK);
		ck_assert_uint_eq(p.caplen, ETH_LEN[k]);
		ck_assert_mem_eq(p.data, eth->r[k].data, ETH_LEN[k]);
		ck_assert_int_eq(p.ts_ns, T0 + OFF_US[k] * 1000);
	}
	ck_assert_int_eq(reader_next(rd, &p), READER_ERROR);
	reader_close(rd);
	free(eth);
}
END_TEST

/* ---- crafted pcapng: timestamp units, offsets, interface errors -------- */

struct ngbuf {
	uint8_t b[4096];
	size_t n;
	int big;
};

static void ng_u8(struct ngbuf *g, uint8_t v) { ck_assert_uint_lt(g->n, sizeof(g->b)); g->b[g->n++] = v; }
static void ng_u16(struct ngbuf *g, uint16_t v)
{
	if (g->big) { ng_u8(g, (uint8_t)(v >> 8)); ng_u8(g, (uint8_t)v); }
	else { ng_u8(g, (uint8_t)v); ng_u8(g, (uint8_t)(v >> 8)); }
}
static void ng_u32(struct ngbuf *g, uint32_t v)
{
	if (g->big) { ng_u16(g, (uint16_t)(v >> 16)); ng_u16(g, (uint16_t)v); }
	else { ng_u16(g, (uint16_t)v); ng_u16(g, (uint16_t)(v >> 16)); }
}
static void ng_bytes(struct ngbuf *g, const void *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		ng_u8(g, ((const uint8_t *)p)[i]);
	while (g->n & 3)
		ng_u8(g, 0);
}
/* Starts a block; returns its offset for ng_end. */
static size_t ng_begin(struct ngbuf *g, uint32_t type)
{
	size_t at = g->n;
	ng_u32(g, type);
	ng_u32(g, 0);   /* length, patched by ng_end */
	return at;
}
static void ng_end(struct ngbuf *g, size_t at)
{
	uint32_t len = (uint32_t)(g->n - at + 4);
	size_t save = g->n;
	g->n = at + 4;
	ng_u32(g, len);
	g->n = save;
	ng_u32(g, len);
}
static void ng_shb(struct ngbuf *g)
{
	size_t at = ng_begin(g, 0x0A0D0D0A);
	ng_u32(g, 0x1A2B3C4D);
	ng_u16(g, 1);
	ng_u16(g, 0);
	ng_u32(g, 0xffffffffu);
	ng_u32(g, 0xffffffffu);
	ng_end(g, at);
}
/* IDB; tsresol < 0: option absent; tsoffset 0: absent. */
static void ng_idb(struct ngbuf *g, uint16_t lt, uint32_t snap, int tsresol, int64_t tsoffset)
{
	size_t at = ng_begin(g, 1);
	ng_u16(g, lt);
	ng_u16(g, 0);
	ng_u32(g, snap);
	if (tsresol >= 0) {
		uint8_t r = (uint8_t)tsresol;
		ng_u16(g, 9);
		ng_u16(g, 1);
		ng_bytes(g, &r, 1);
	}
	if (tsoffset) {
		ng_u16(g, 14);
		ng_u16(g, 8);
		if (g->big) { ng_u32(g, (uint32_t)((uint64_t)tsoffset >> 32)); ng_u32(g, (uint32_t)tsoffset); }
		else { ng_u32(g, (uint32_t)tsoffset); ng_u32(g, (uint32_t)((uint64_t)tsoffset >> 32)); }
	}
	ng_u16(g, 0);
	ng_u16(g, 0);
	ng_end(g, at);
}
static void ng_epb(struct ngbuf *g, uint32_t ifid, uint64_t ts, const uint8_t *data, uint32_t caplen,
		   uint32_t len)
{
	size_t at = ng_begin(g, 6);
	ng_u32(g, ifid);
	ng_u32(g, (uint32_t)(ts >> 32));
	ng_u32(g, (uint32_t)ts);
	ng_u32(g, caplen);
	ng_u32(g, len);
	ng_bytes(g, data, caplen);
	ng_end(g, at);
}
static void ng_opb(struct ngbuf *g, uint16_t ifid, uint64_t ts, const uint8_t *data, uint32_t caplen)
{
	size_t at = ng_begin(g, 2);
	ng_u16(g, ifid);
	ng_u16(g, 0);
	ng_u32(g, (uint32_t)(ts >> 32));
	ng_u32(g, (uint32_t)ts);
	ng_u32(g, caplen);
	ng_u32(g, caplen);
	ng_bytes(g, data, caplen);
	ng_end(g, at);
}

/* Writes g to a temporary file and reads it all. */
static struct readall *ng_read(const struct ngbuf *g, char **dirp)
{
	char path[4200];
	FILE *f;
	struct readall *a = calloc(1, sizeof(*a));
	char err[READER_ERRLEN] = "";
	struct reader *rd;
	struct packet p;
	enum reader_status st;

	*dirp = tmpdir_new();
	snprintf(path, sizeof(path), "%s/t.pcapng", *dirp);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(g->b, 1, g->n, f), g->n);
	fclose(f);
	rd = reader_open(path, 0, err, sizeof(err));
	ck_assert_msg(rd != NULL, "%s", err);
	while ((st = reader_next(rd, &p)) == READER_OK && a->nrec < MAXF) {
		struct rec *r = &a->r[a->nrec++];
		r->ts = p.ts_ns;
		r->caplen = p.caplen;
		r->len = p.len;
		r->linktype = p.linktype;
		r->snaplen = p.snaplen;
		r->iface = p.iface;
		memcpy(r->data, p.data, p.caplen);
	}
	a->last = st;
	snprintf(a->err, sizeof(a->err), "%s", reader_error(rd));
	a->st = *reader_stats(rd);
	reader_close(rd);
	return a;
}

static const uint8_t PKT4[4] = { 0xde, 0xad, 0xbe, 0xef };

/* if_tsresol as a power of 10 and of 2, if_tsoffset, both byte orders. */
START_TEST(t_ng_tsresol_tsoffset)
{
	int big;

	for (big = 0; big < 2; big++) {
		struct ngbuf g;
		struct readall *a;
		char *dir;

		memset(&g, 0, sizeof(g));
		g.big = big;
		ng_shb(&g);
		ng_idb(&g, 101, 65535, 3, 0);            /* if0: milliseconds */
		ng_idb(&g, 101, 65535, 0x80 | 10, 0);    /* if1: 2^-10 s */
		ng_idb(&g, 101, 65535, -1, 100);         /* if2: µs, offset +100 s */
		ng_idb(&g, 101, 65535, 9, 0);            /* if3: ns */
		ng_epb(&g, 0, 1767225600123ULL, PKT4, 4, 4);
		ng_epb(&g, 1, 1767225600ULL * 1024 + 512, PKT4, 4, 4);
		ng_epb(&g, 2, 1767225500ULL * 1000000 + 7, PKT4, 4, 4);
		ng_epb(&g, 3, 1767225600000000001ULL, PKT4, 4, 4);
		a = ng_read(&g, &dir);
		ck_assert_int_eq(a->last, READER_EOF);
		ck_assert_int_eq(a->nrec, 4);
		ck_assert_int_eq(a->r[0].ts, T0 + 123000000LL);
		ck_assert_int_eq(a->r[1].ts, T0 + 500000000LL);
		ck_assert_int_eq(a->r[2].ts, T0 + 7000LL);
		ck_assert_int_eq(a->r[3].ts, T0 + 1);
		ck_assert_uint_eq(a->r[1].iface, 1);
		ck_assert_mem_eq(a->r[3].data, PKT4, 4);
		free(a);
		tmpdir_free(dir);
	}
}
END_TEST

/* An obsolete Packet Block (type 2) is a frame like an EPB. */
START_TEST(t_ng_opb)
{
	struct ngbuf g;
	struct readall *a;
	char *dir;

	memset(&g, 0, sizeof(g));
	ng_shb(&g);
	ng_idb(&g, 1, 128, -1, 0);
	ng_opb(&g, 0, 1767225600ULL * 1000000 + 42, PKT4, 4);
	a = ng_read(&g, &dir);
	ck_assert_int_eq(a->last, READER_EOF);
	ck_assert_int_eq(a->nrec, 1);
	ck_assert_int_eq(a->r[0].ts, T0 + 42000);
	ck_assert_uint_eq(a->r[0].linktype, 1);
	ck_assert_uint_eq(a->r[0].snaplen, 128);
	ck_assert_mem_eq(a->r[0].data, PKT4, 4);
	free(a);
	tmpdir_free(dir);
}
END_TEST

/* A packet naming an interface never described: the frames before stand,
 * then READER_ERROR naming the file. */
START_TEST(t_ng_bad_interface)
{
	struct ngbuf g;
	struct readall *a;
	char *dir;

	memset(&g, 0, sizeof(g));
	ng_shb(&g);
	ng_idb(&g, 1, 65535, -1, 0);
	ng_epb(&g, 0, 1767225600ULL * 1000000, PKT4, 4, 4);
	ng_epb(&g, 1, 1767225600ULL * 1000000, PKT4, 4, 4);
	a = ng_read(&g, &dir);
	ck_assert_int_eq(a->nrec, 1);
	ck_assert_int_eq(a->last, READER_ERROR);
	ck_assert_ptr_nonnull(strstr(a->err, dir));
	ck_assert_ptr_nonnull(strstr(a->err, "interface"));
	ck_assert_uint_eq(a->st.bad_iface, 1);
	free(a);
	tmpdir_free(dir);
	/* interfaces are per section: after a second SHB, interface 0 is gone */
	memset(&g, 0, sizeof(g));
	ng_shb(&g);
	ng_idb(&g, 1, 65535, -1, 0);
	ng_epb(&g, 0, 1767225600ULL * 1000000, PKT4, 4, 4);
	ng_shb(&g);
	ng_epb(&g, 0, 1767225600ULL * 1000000, PKT4, 4, 4);
	a = ng_read(&g, &dir);
	ck_assert_int_eq(a->nrec, 1);
	ck_assert_int_eq(a->last, READER_ERROR);
	ck_assert_uint_eq(a->st.sections, 2);
	free(a);
	tmpdir_free(dir);
}
END_TEST

/* An EPB whose captured length runs past its block: an error, not an
 * over-read. */
START_TEST(t_ng_caplen_past_block)
{
	struct ngbuf g;
	struct readall *a;
	char *dir;
	size_t at;

	memset(&g, 0, sizeof(g));
	ng_shb(&g);
	ng_idb(&g, 1, 65535, -1, 0);
	ng_epb(&g, 0, 1767225600ULL * 1000000, PKT4, 4, 4);
	at = ng_begin(&g, 6);
	ng_u32(&g, 0);
	ng_u32(&g, 0);
	ng_u32(&g, 0);
	ng_u32(&g, 1000);   /* caplen 1000 in a 4-byte body */
	ng_u32(&g, 1000);
	ng_bytes(&g, PKT4, 4);
	ng_end(&g, at);
	a = ng_read(&g, &dir);
	ck_assert_int_eq(a->nrec, 1);
	ck_assert_int_eq(a->last, READER_ERROR);
	ck_assert_ptr_nonnull(strstr(a->err, dir));
	free(a);
	tmpdir_free(dir);
}
END_TEST

/* A zero-length frame is a frame. */
START_TEST(t_ng_empty_frame)
{
	struct ngbuf g;
	struct readall *a;
	char *dir;

	memset(&g, 0, sizeof(g));
	ng_shb(&g);
	ng_idb(&g, 1, 65535, -1, 0);
	ng_epb(&g, 0, 1767225600ULL * 1000000, PKT4, 0, 60);
	ng_epb(&g, 0, 1767225600ULL * 1000000 + 1, PKT4, 4, 4);
	a = ng_read(&g, &dir);
	ck_assert_int_eq(a->last, READER_EOF);
	ck_assert_int_eq(a->nrec, 2);
	ck_assert_uint_eq(a->r[0].caplen, 0);
	ck_assert_uint_eq(a->r[0].len, 60);
	free(a);
	tmpdir_free(dir);
}
END_TEST

/* A directory is not a capture: one message naming it. */
START_TEST(t_open_directory)
{
	char *dir = tmpdir_new();
	char err[READER_ERRLEN] = "";
	struct reader *rd = reader_open(dir, 0, err, sizeof(err));

	ck_assert_ptr_null(rd);
	ck_assert_ptr_nonnull(strstr(err, dir));
	tmpdir_free(dir);
}
END_TEST

/* ---- the byte source: compressed and hashed streams (src/instream.c) --- */

static uint8_t *file_bytes(const char *path, size_t *n)
{
	uint8_t *b = (uint8_t *)slurp(path, n);

	ck_assert_msg(b != NULL, "cannot read %s", path);
	return b;
}

static void write_bytes(const char *path, const void *b, size_t n, const char *mode)
{
	FILE *f = fopen(path, mode);

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(b, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

/* gzip of b as two members (split at cut), as `gzip -c a b > c` gives. */
static void write_gz2(const char *path, const uint8_t *b, size_t n, size_t cut)
{
	gzFile z = gzopen(path, "wb9");

	ck_assert_ptr_nonnull(z);
	ck_assert_int_eq(gzwrite(z, b, (unsigned)cut), (int)cut);
	ck_assert_int_eq(gzclose(z), Z_OK);
	z = gzopen(path, "ab9");
	ck_assert_ptr_nonnull(z);
	ck_assert_int_eq(gzwrite(z, b + cut, (unsigned)(n - cut)), (int)(n - cut));
	ck_assert_int_eq(gzclose(z), Z_OK);
}

/* zstd of b as two frames with a skippable frame (RFC 8878 §3.1.2) between. */
static void write_zst2(const char *path, const uint8_t *b, size_t n, size_t cut)
{
	size_t cap = ZSTD_compressBound(n) + 64, k;
	uint8_t *z = malloc(cap);
	static const uint8_t skip[12] = { 0x5a, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 'n', 'r', 'c', 'a' };

	ck_assert_ptr_nonnull(z);
	k = ZSTD_compress(z, cap, b, cut, 3);
	ck_assert(!ZSTD_isError(k));
	write_bytes(path, z, k, "wb");
	write_bytes(path, skip, sizeof(skip), "ab");
	k = ZSTD_compress(z, cap, b + cut, n - cut, 19);
	ck_assert(!ZSTD_isError(k));
	write_bytes(path, z, k, "ab");
	free(z);
}

/* Reads s to its end in chunks of `chunk` bytes; returns the count, -1 if
 * it ended on an error. */
static ssize_t read_to_end(struct instream *s, uint8_t *out, size_t cap, size_t chunk, size_t *got)
{
	ssize_t k;

	*got = 0;
	while ((k = instream_read(s, out + *got, chunk < cap - *got ? chunk : cap - *got)) > 0)
		*got += (size_t)k;
	return k;
}

struct comp_case {
	const char *fixture;
	enum instream_comp comp;
	size_t chunk;
};

static const struct comp_case COMP[] = {
	{ "link_en10mb.pcap", INSTREAM_PLAIN, 7 },
	{ "link_en10mb.pcap", INSTREAM_GZIP, 1000 },
	{ "ng_mixed.pcapng", INSTREAM_GZIP, 1 },
	{ "link_en10mb.pcap", INSTREAM_ZSTD, 33 },
	{ "ng_mixed.pcapng", INSTREAM_ZSTD, 65536 },
};

/* Every byte comes back, in order, whatever the chunk size; the offset is
 * the stored (compressed) size at the end; a peek is read again. */
START_TEST(t_instream_roundtrip)
{
	const struct comp_case *c = &COMP[_i];
	char *dir = tmpdir_new(), path[4200], err[INSTREAM_ERRLEN] = "";
	size_t n, sn, got;
	uint8_t *orig = file_bytes(fixture(c->fixture), &n), *back = malloc(n + 16), *stored, pk[4];
	struct instream *s;

	ck_assert_ptr_nonnull(back);
	snprintf(path, sizeof(path), "%s/in", dir);
	if (c->comp == INSTREAM_GZIP)
		write_gz2(path, orig, n, n / 3);
	else if (c->comp == INSTREAM_ZSTD)
		write_zst2(path, orig, n, n / 2);
	else
		write_bytes(path, orig, n, "wb");
	stored = file_bytes(path, &sn);
	s = instream_open(path, 0, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(instream_compression(s), c->comp);
	ck_assert_uint_eq(instream_size(s), sn);
	ck_assert_uint_eq(instream_peek(s, pk, 4), 4);
	ck_assert_mem_eq(pk, orig, 4);
	ck_assert_int_eq(read_to_end(s, back, n + 16, c->chunk, &got), 0);
	ck_assert_uint_eq(got, n);
	ck_assert_mem_eq(back, orig, n);
	ck_assert_uint_eq(instream_offset(s), sn);
	ck_assert_str_eq(instream_error(s), "");
	instream_close(s);
	free(stored);
	free(orig);
	free(back);
	tmpdir_free(dir);
}
END_TEST

/* A compressed stream cut short: what was before the cut comes back (a
 * prefix of the original), then -1 with a message naming the file. */
START_TEST(t_instream_truncated)
{
	char *dir = tmpdir_new(), path[4200], cut[4200], err[INSTREAM_ERRLEN] = "";
	size_t n, sn, got;
	uint8_t *orig = file_bytes(fixture("ng_mixed.pcapng"), &n), *back = malloc(n + 16), *stored;
	int z;

	ck_assert_ptr_nonnull(back);
	for (z = 0; z < 2; z++) {
		struct instream *s;
		snprintf(path, sizeof(path), "%s/whole", dir);
		snprintf(cut, sizeof(cut), "%s/cut", dir);
		if (z)
			write_zst2(path, orig, n, n / 2);
		else
			write_gz2(path, orig, n, n / 2);
		stored = file_bytes(path, &sn);
		write_bytes(cut, stored, sn - 40, "wb");
		s = instream_open(cut, 0, err, sizeof(err));
		ck_assert_msg(s != NULL, "%s", err);
		ck_assert_int_eq(read_to_end(s, back, n + 16, 512, &got), -1);
		ck_assert_uint_ge(got, n / 2);   /* the whole first member / frame */
		ck_assert_uint_lt(got, n);
		ck_assert_mem_eq(back, orig, got);
		ck_assert_ptr_nonnull(strstr(instream_error(s), cut));
		ck_assert_ptr_nonnull(strstr(instream_error(s), "truncated"));
		ck_assert_int_eq(instream_read(s, back, 16), -1);   /* sticky */
		instream_close(s);
		free(stored);
	}
	free(orig);
	free(back);
	tmpdir_free(dir);
}
END_TEST

/* INSTREAM_HASH: the SHA-256 of every stored byte, even when the reader
 * stopped after 10 bytes (the rest is drained), and the stored size. */
START_TEST(t_instream_hash_drains)
{
	char *dir = tmpdir_new(), path[4200], err[INSTREAM_ERRLEN] = "", hex[65], want[65];
	size_t n, sn, i;
	uint8_t *orig = file_bytes(fixture("ng_mixed.pcapng"), &n), *stored, buf[10], md[32];
	unsigned mdlen = 0;
	uint64_t size;
	struct instream *s;

	snprintf(path, sizeof(path), "%s/h.gz", dir);
	write_gz2(path, orig, n, 100);
	stored = file_bytes(path, &sn);
	ck_assert_int_eq(EVP_Digest(stored, sn, md, &mdlen, EVP_sha256(), NULL), 1);
	for (i = 0; i < 32; i++)
		snprintf(want + 2 * i, 3, "%02x", md[i]);
	s = instream_open(path, INSTREAM_HASH, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(instream_read(s, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	ck_assert_int_eq(instream_finish_hash(s, hex, &size), 0);
	ck_assert_str_eq(hex, want);
	ck_assert_uint_eq(size, sn);
	instream_close(s);
	/* without INSTREAM_HASH there is no hash */
	s = instream_open(path, 0, err, sizeof(err));
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(instream_finish_hash(s, hex, &size), -1);
	ck_assert_str_eq(hex, "-");
	instream_close(s);
	free(stored);
	free(orig);
	tmpdir_free(dir);
}
END_TEST

/* A zstd frame that asks for a window beyond 2^INSTREAM_ZSTD_WINDOWLOG is
 * refused as damage, not allocated (decompression-bomb bound). */
START_TEST(t_instream_zstd_window_cap)
{
	char *dir = tmpdir_new(), path[4200], err[INSTREAM_ERRLEN] = "";
	uint8_t src[4096], dst[8192], back[64];
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	ZSTD_inBuffer in = { src, sizeof(src), 0 };
	ZSTD_outBuffer out = { dst, sizeof(dst), 0 };
	struct instream *s;

	memset(src, 'x', sizeof(src));
	ck_assert_ptr_nonnull(cc);
	ck_assert(!ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_windowLog, INSTREAM_ZSTD_WINDOWLOG + 1)));
	/* streamed in two calls, so no size is known: the header declares the
	 * window (given all at once with ZSTD_e_end it would be sized to fit) */
	ck_assert(!ZSTD_isError(ZSTD_compressStream2(cc, &out, &in, ZSTD_e_continue)));
	in.size = in.pos;
	ck_assert_uint_eq(ZSTD_compressStream2(cc, &out, &in, ZSTD_e_end), 0);
	ZSTD_freeCCtx(cc);
	snprintf(path, sizeof(path), "%s/w.zst", dir);
	write_bytes(path, dst, out.pos, "wb");
	s = instream_open(path, 0, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(instream_read(s, back, sizeof(back)), -1);
	ck_assert_ptr_nonnull(strstr(instream_error(s), "zstd data damaged"));
	ck_assert_ptr_nonnull(strstr(instream_error(s), path));
	instream_close(s);
	tmpdir_free(dir);
}
END_TEST

/* The reader over a .gz: the same records as the plain file; reader_offset
 * is the compressed size at the end, reader_size the same. */
START_TEST(t_reader_gz_same_records)
{
	struct readall *plain = read_all("ng_mixed.pcapng");
	char *dir = tmpdir_new(), path[4200], err[READER_ERRLEN] = "";
	size_t n, sn;
	uint8_t *orig = file_bytes(fixture("ng_mixed.pcapng"), &n), *stored;
	struct reader *rd;
	struct packet p;
	int k = 0;

	snprintf(path, sizeof(path), "%s/m.pcapng.gz", dir);
	write_gz2(path, orig, n, n / 2);
	stored = file_bytes(path, &sn);
	rd = reader_open(path, 7, err, sizeof(err));
	ck_assert_msg(rd != NULL, "%s", err);
	ck_assert_int_eq(reader_compression(rd), INSTREAM_GZIP);
	ck_assert_uint_eq(reader_size(rd), sn);
	while (reader_next(rd, &p) == READER_OK) {
		ck_assert_int_lt(k, plain->nrec);
		ck_assert_int_eq(p.ts_ns, plain->r[k].ts);
		ck_assert_uint_eq(p.caplen, plain->r[k].caplen);
		ck_assert_uint_eq(p.linktype, plain->r[k].linktype);
		ck_assert_mem_eq(p.data, plain->r[k].data, p.caplen);
		k++;
	}
	ck_assert_int_eq(k, plain->nrec);
	ck_assert_uint_eq(reader_offset(rd), sn);
	reader_close(rd);
	free(stored);
	free(orig);
	free(plain);
	tmpdir_free(dir);
}
END_TEST

/* A directory is refused as one ("is a directory"), never "empty file". */
START_TEST(t_open_directory_says_so)
{
	char *dir = tmpdir_new(), err[READER_ERRLEN] = "";

	ck_assert_ptr_null(reader_open(dir, 0, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "is a directory"));
	ck_assert_ptr_null(strstr(err, "empty"));
	tmpdir_free(dir);
}
END_TEST

static Suite *reader_suite(void)
{
	Suite *s = suite_create("reader");
	TCase *tc = tcase_create("reader");

	tcase_add_loop_test(tc, t_link_types, 0, (int)(sizeof(LINKS) / sizeof(LINKS[0])));
	tcase_add_test(tc, t_link_ipv6);
	tcase_add_test(tc, t_pcap_us_ns_orders);
	tcase_add_test(tc, t_snaplen96);
	tcase_add_test(tc, t_ng_single_and_be);
	tcase_add_test(tc, t_ng_two_sections);
	tcase_add_test(tc, t_ng_mixed);
	tcase_add_loop_test(tc, t_counts, 0, (int)(sizeof(COUNTS) / sizeof(COUNTS[0])));
	tcase_add_test(tc, t_ring_times);
	tcase_add_loop_test(tc, t_broken, 0, (int)(sizeof(BROKEN) / sizeof(BROKEN[0])));
	tcase_add_test(tc, t_broken_keeps_good_frames);
	tcase_add_test(tc, t_ng_tsresol_tsoffset);
	tcase_add_test(tc, t_ng_opb);
	tcase_add_test(tc, t_ng_bad_interface);
	tcase_add_test(tc, t_ng_caplen_past_block);
	tcase_add_test(tc, t_ng_empty_frame);
	tcase_add_test(tc, t_open_directory);
	tcase_add_loop_test(tc, t_instream_roundtrip, 0, (int)(sizeof(COMP) / sizeof(COMP[0])));
	tcase_add_test(tc, t_instream_truncated);
	tcase_add_test(tc, t_instream_hash_drains);
	tcase_add_test(tc, t_instream_zstd_window_cap);
	tcase_add_test(tc, t_reader_gz_same_records);
	tcase_add_test(tc, t_open_directory_says_so);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(reader_suite());
}
