/*
 * gen_mixed: builds the benchmark's mixed capture from the project's own
 * fixtures.
 *
 * usage: gen_mixed OUT.pcap TARGET_BYTES PERIOD_MS FILE...
 *
 * Every readable FILE (pcap or single-link-type pcapng that libpcap reads to
 * the end without error) is loaded once; frames of other link types (SLL,
 * SLL2, RAW, IPV4, IPV6, NULL, LOOP, PPP) get an Ethernet header instead of
 * theirs, so that the output is one classic pcap (EN10MB, microseconds).
 * Files libpcap cannot read completely, and link types that cannot be turned
 * into Ethernet, are skipped and named on stderr.
 *
 * The output is K copies of the whole set, K chosen so the file reaches
 * TARGET_BYTES.  Copy k of fixture f is a "stream" that starts at
 * k*PERIOD_MS + a deterministic jitter below PERIOD_MS and keeps the
 * fixture's own packet spacing (made monotonic, gaps capped at 60 s); all
 * streams are merged in time order, so copies overlap the way concurrent
 * clients do.  Timestamps start at the earliest fixture timestamp, so
 * certificate validity is judged as in the original captures.
 *
 * Each stream gets its own key idx = k*F + f (< 2^24), which is XORed into
 * every unicast IPv4 address (octets 2, 3, 4: 192.0.2.7 with idx 0x000105
 * becomes 192.1.7.7) and IPv6 address (bytes 4..6: the 2001:db8:XXXX:YY..
 * part), including the addresses of packets carried in VXLAN (UDP 4789 /
 * 8472), GRE, IPIP / 6in4 / IP6-in-IP6 and the packet quoted by ICMP and
 * ICMPv6 errors, so errors still refer to their (rewritten) flow.  Ports
 * and payloads are left alone, so services stay recognisable.  Every
 * checksum that covers a changed field (IPv4 header, TCP/UDP/ICMPv6
 * pseudo-header, ICMP/ICMPv6 over the quoted packet, the quoted packet's own
 * checksums, outer UDP / GRE over tunnelled packets) is updated
 * incrementally (RFC 1624), so valid checksums stay valid and deliberately
 * bad ones stay bad, and truncated (snap-length) frames are handled too.
 *
 * Prints progress and a composition summary on stderr, and one line
 *   copies K fixtures F packets N bytes B
 * on stdout.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif
#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif

#define OUT_SNAPLEN 262144u
#define MAX_GAP_NS (60LL * 1000000000LL)

struct tpkt {
	int64_t rel_ns;          /* since the fixture's first packet */
	uint64_t off;            /* into the data buffer */
	uint32_t caplen, len;
};

struct fixture {
	const char *name;
	uint32_t first, n;       /* range in the packet array */
	int64_t first_ns;
	uint64_t bytes;          /* record headers + data, as written */
};

static struct tpkt *pk;
static size_t npk, cappk;
static uint8_t *data;
static uint64_t ndata, capdata;
static struct fixture *fx;
static size_t nfx;

/* ---- composition counters ---------------------------------------------- */
static uint64_t c_v4, c_v6, c_vlan, c_tcp, c_udp, c_icmp, c_icmperr, c_tun,
    c_dns, c_tls, c_http, c_frag, c_syn, c_rst, c_other;

static void die(const char *m)
{
	fprintf(stderr, "gen_mixed: %s\n", m);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (q == NULL)
		die("out of memory");
	return q;
}

/* ---- loading ------------------------------------------------------------ */

static uint16_t eth_type_for_af(uint32_t af)
{
	if (af == 2)
		return 0x0800;
	if (af == 10 || af == 24 || af == 28 || af == 30)
		return 0x86dd;
	return 0;
}

/* Ethertype of a frame of link type dlt, and the length of its link
 * header; 0 if it cannot be turned into Ethernet. */
static uint16_t link_to_eth(int dlt, const uint8_t *d, uint32_t cap,
    uint32_t *hl)
{
	switch (dlt) {
	case DLT_EN10MB:
		*hl = 0;
		return 1;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		*hl = 0;
		if (cap < 1)
			return 0;
		return (d[0] >> 4) == 6 ? 0x86dd : 0x0800;
	case DLT_NULL:
		*hl = 4;
		if (cap < 4)
			return 0;
		return eth_type_for_af((uint32_t)d[0] | (uint32_t)d[1] << 8 |
		    (uint32_t)d[2] << 16 | (uint32_t)d[3] << 24) ?:
		    eth_type_for_af((uint32_t)d[3] | (uint32_t)d[2] << 8 |
		    (uint32_t)d[1] << 16 | (uint32_t)d[0] << 24);
	case DLT_LOOP:
		*hl = 4;
		if (cap < 4)
			return 0;
		return eth_type_for_af((uint32_t)d[3] | (uint32_t)d[2] << 8 |
		    (uint32_t)d[1] << 16 | (uint32_t)d[0] << 24);
	case DLT_PPP: {
		uint32_t o = 0;
		uint16_t proto;

		if (cap >= 2 && d[0] == 0xff && d[1] == 0x03)
			o = 2;
		if (cap < o + 2)
			return 0;
		*hl = o + 2;
		proto = (uint16_t)(d[o] << 8 | d[o + 1]);
		return proto == 0x0021 ? 0x0800 : proto == 0x0057 ? 0x86dd : 0;
	}
	case DLT_LINUX_SLL:
		*hl = 16;
		if (cap < 16)
			return 0;
		return (uint16_t)(d[14] << 8 | d[15]);
	case DLT_LINUX_SLL2:
		*hl = 20;
		if (cap < 20)
			return 0;
		return (uint16_t)(d[0] << 8 | d[1]);
	default:
		return 0;
	}
}

static void load(const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	size_t save_npk = npk;
	uint64_t save_ndata = ndata;
	int64_t last = 0, first = 0;
	uint64_t bytes = 0;
	int dlt, rc;
	pcap_t *p;

	p = pcap_open_offline_with_tstamp_precision(path,
	    PCAP_TSTAMP_PRECISION_NANO, err);
	if (p == NULL) {
		fprintf(stderr, "gen_mixed: skip %s: %s\n", path, err);
		return;
	}
	dlt = pcap_datalink(p);
	if (dlt != DLT_EN10MB && dlt != DLT_RAW && dlt != DLT_IPV4 &&
	    dlt != DLT_IPV6 && dlt != DLT_NULL && dlt != DLT_LOOP &&
	    dlt != DLT_PPP && dlt != DLT_LINUX_SLL && dlt != DLT_LINUX_SLL2) {
		fprintf(stderr, "gen_mixed: skip %s: link type %s not "
		    "convertible to Ethernet\n", path,
		    pcap_datalink_val_to_name(dlt) ? pcap_datalink_val_to_name(dlt) : "?");
		pcap_close(p);
		return;
	}
	while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
		uint32_t hl = 0, cap = h->caplen, len = h->len, ncap, nlen;
		uint16_t et = link_to_eth(dlt, d, cap, &hl);
		int64_t ts = (int64_t)h->ts.tv_sec * 1000000000LL +
		    h->ts.tv_usec;
		uint8_t *o;

		if (et == 0)
			continue;       /* e.g. an unknown AF: drop the frame */
		if (dlt == DLT_EN10MB) {
			ncap = cap;
			nlen = len;
		} else {
			ncap = cap - hl + 14;
			nlen = (len >= hl ? len - hl : 0) + 14;
		}
		if (ncap > OUT_SNAPLEN)
			continue;
		if (npk == cappk) {
			cappk = cappk ? cappk * 2 : 65536;
			pk = xrealloc(pk, cappk * sizeof(*pk));
		}
		if (ndata + ncap > capdata) {
			capdata = capdata ? capdata * 2 : (1u << 24);
			if (ndata + ncap > capdata)
				capdata = ndata + ncap;
			data = xrealloc(data, capdata);
		}
		o = data + ndata;
		if (dlt == DLT_EN10MB) {
			memcpy(o, d, cap);
		} else {
			/* locally administered MACs; the SLL sender address
			 * when there is one */
			static const uint8_t a[6] = { 2, 0, 0, 0, 0, 2 };
			uint8_t b[6] = { 2, 0, 0, 0, 0, 1 };

			if (dlt == DLT_LINUX_SLL && d[4] == 0 && d[5] == 6)
				memcpy(b, d + 6, 6);
			if (dlt == DLT_LINUX_SLL2 && d[10] == 0 && d[11] == 6)
				memcpy(b, d + 12, 6);
			memcpy(o, a, 6);
			memcpy(o + 6, b, 6);
			o[12] = (uint8_t)(et >> 8);
			o[13] = (uint8_t)et;
			memcpy(o + 14, d + hl, cap - hl);
		}
		if (npk == save_npk)
			first = last = ts;
		if (ts < last)
			ts = last;              /* keep the fixture's order */
		else if (ts - last > MAX_GAP_NS)
			ts = last + MAX_GAP_NS;
		last = ts;
		pk[npk].rel_ns = ts - first;
		pk[npk].off = ndata;
		pk[npk].caplen = ncap;
		pk[npk].len = nlen;
		npk++;
		ndata += ncap;
		bytes += 16 + ncap;
	}
	if (rc == -1) {
		fprintf(stderr, "gen_mixed: skip %s: %s\n", path,
		    pcap_geterr(p));
		npk = save_npk;
		ndata = save_ndata;
		pcap_close(p);
		return;
	}
	pcap_close(p);
	if (npk == save_npk) {
		fprintf(stderr, "gen_mixed: skip %s: no packets\n", path);
		return;
	}
	/* the first packet's original timestamp (not the clamped one) */
	fx = xrealloc(fx, (nfx + 1) * sizeof(*fx));
	fx[nfx].name = path;
	fx[nfx].first = (uint32_t)save_npk;
	fx[nfx].n = (uint32_t)(npk - save_npk);
	fx[nfx].first_ns = first;
	fx[nfx].bytes = bytes;
	nfx++;
}

/* ---- incremental checksum rewriting -------------------------------------
 * A checksum ("ck") is a 16-bit field at an offset in the frame, over a
 * region starting at `start` (for the byte parity of covered words).  The
 * checksums that cover a region form a stack: each entry is itself covered
 * by the entries below it.  Leaf checksums (the IPv4 header checksum, the
 * TCP/UDP/ICMPv6 checksum for the pseudo-header) cover one field besides
 * the stack.
 */
struct ck {
	uint32_t off, start;
	int udp;                 /* 0 means "no checksum" (UDP over IPv4) */
};

#define MAXCK 8

struct frame {
	uint8_t *b;
	uint32_t cap;
	uint32_t key;
	struct ck st[MAXCK];
	int nst;
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void set16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t swap16(uint16_t v)
{
	return (uint16_t)(v << 8 | v >> 8);
}

/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m') */
static uint16_t ck_adjust(uint16_t hc, uint16_t m, uint16_t m2)
{
	uint32_t s = (uint16_t)~hc;

	s += (uint16_t)~m;
	s += m2;
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void put_word(struct frame *f, uint32_t off, uint16_t v, int nst,
    const struct ck *leaf, int nleaf);

/* the word at `off` changed from m to m2: fix checksum c, which is covered
 * by the stack's first nst entries */
static void fix_ck(struct frame *f, const struct ck *c, uint32_t off,
    uint16_t m, uint16_t m2, int nst, int pseudo)
{
	uint16_t hc, nv;

	if (c->off + 2 > f->cap)
		return;                 /* not captured: nothing to keep */
	hc = get16(f->b + c->off);
	if (c->udp && hc == 0)
		return;
	if (!pseudo && ((off - c->start) & 1)) {
		m = swap16(m);
		m2 = swap16(m2);
	}
	nv = ck_adjust(hc, m, m2);
	if (c->udp && nv == 0)
		nv = 0xffff;
	put_word(f, c->off, nv, nst, NULL, 0);
}

static void put_word(struct frame *f, uint32_t off, uint16_t v, int nst,
    const struct ck *leaf, int nleaf)
{
	uint16_t old;
	int i;

	if (off + 2 > f->cap)
		return;
	old = get16(f->b + off);
	if (old == v)
		return;
	set16(f->b + off, v);
	for (i = 0; i < nleaf; i++)
		fix_ck(f, &leaf[i], off, old, v, nst, 1);
	for (i = 0; i < nst; i++)
		fix_ck(f, &f->st[i], off, old, v, i, 0);
}

static void rw_eth(struct frame *f, uint32_t o, uint32_t lim, int depth);
static void rw_ip4(struct frame *f, uint32_t o, uint32_t lim, int depth,
    int quoted);
static void rw_ip6(struct frame *f, uint32_t o, uint32_t lim, int depth,
    int quoted);

static void push(struct frame *f, uint32_t off, uint32_t start, int udp)
{
	if (f->nst < MAXCK) {
		f->st[f->nst].off = off;
		f->st[f->nst].start = start;
		f->st[f->nst].udp = udp;
	}
	f->nst++;
}

/* TCP/UDP/ICMP/tunnel payload at l4o (protocol pr), valid bytes end at
 * lim; the checksum covering the pseudo-header is returned in *leaf
 * (*nleaf 0 or 1) */
static void l4(struct frame *f, uint32_t l4o, uint32_t lim, uint8_t pr,
    int v6, int depth, int quoted, struct ck *leaf, int *nleaf)
{
	uint32_t cap = lim;
	const uint8_t *b = f->b;

	*nleaf = 0;
	if (depth > 4 || f->nst >= MAXCK)
		return;
	switch (pr) {
	case 6:
		if (depth == 0 && !quoted)
			c_tcp++;
		leaf->off = l4o + 16;
		leaf->start = l4o;
		leaf->udp = 0;
		*nleaf = leaf->off + 2 <= cap;
		if (l4o + 14 <= cap && depth == 0 && !quoted) {
			uint16_t sp = get16(b + l4o), dp = get16(b + l4o + 2);

			if (sp == 443 || dp == 443)
				c_tls++;
			if (sp == 80 || dp == 80 || sp == 8080 || dp == 8080)
				c_http++;
			if ((b[l4o + 13] & 0x12) == 0x02)
				c_syn++;
			if (b[l4o + 13] & 0x04)
				c_rst++;
		}
		return;
	case 17: {
		uint16_t sp, dp;

		if (depth == 0 && !quoted)
			c_udp++;
		leaf->off = l4o + 6;
		leaf->start = l4o;
		leaf->udp = !v6;
		*nleaf = leaf->off + 2 <= cap;
		if (l4o + 8 > cap)
			return;
		sp = get16(b + l4o);
		dp = get16(b + l4o + 2);
		if ((sp == 53 || dp == 53) && depth == 0 && !quoted)
			c_dns++;
		if (!quoted && (dp == 4789 || dp == 8472) &&
		    l4o + 8 + 8 + 14 <= cap) {
			if (depth == 0)
				c_tun++;
			/* the caller rewrites the outer addresses after
			 * this returns; the inner frame is covered by the
			 * outer UDP checksum */
			push(f, l4o + 6, l4o, !v6);
			rw_eth(f, l4o + 16, lim, depth + 1);
			f->nst--;
		}
		return;
	}
	case 1:
		if (depth == 0 && !quoted)
			c_icmp++;
		if (l4o + 8 <= cap && !quoted) {
			uint8_t t = b[l4o];

			if (t == 3 || t == 4 || t == 5 || t == 11 || t == 12) {
				if (depth == 0)
					c_icmperr++;
				push(f, l4o + 2, l4o, 0);
				rw_ip4(f, l4o + 8, lim, depth + 1, 1);
				f->nst--;
			}
		}
		return;
	case 58:
		if (depth == 0 && !quoted)
			c_icmp++;
		leaf->off = l4o + 2;
		leaf->start = l4o;
		leaf->udp = 0;
		*nleaf = leaf->off + 2 <= cap;
		if (l4o + 8 <= cap && !quoted && b[l4o] < 128) {
			if (depth == 0)
				c_icmperr++;
			push(f, l4o + 2, l4o, 0);
			rw_ip6(f, l4o + 8, lim, depth + 1, 1);
			f->nst--;
		}
		return;
	case 4:
	case 41:
		if (quoted)
			return;
		if (depth == 0)
			c_tun++;
		if (pr == 4)
			rw_ip4(f, l4o, lim, depth + 1, 0);
		else
			rw_ip6(f, l4o, lim, depth + 1, 0);
		return;
	case 47: {
		uint16_t fl, pt;
		uint32_t h = 4;
		int c;

		if (quoted || l4o + 4 > cap)
			return;
		if (depth == 0)
			c_tun++;
		fl = get16(b + l4o);
		pt = get16(b + l4o + 2);
		if (fl & 0x4000 || (fl & 7) != 0)
			return;         /* routing present / not GRE v0 */
		c = (fl & 0x8000) != 0;
		h += c ? 4 : 0;
		h += (fl & 0x2000) ? 4 : 0;
		h += (fl & 0x1000) ? 4 : 0;
		if (c && l4o + 6 > cap)
			return;
		if (c)
			push(f, l4o + 4, l4o, 0);
		if (pt == 0x0800)
			rw_ip4(f, l4o + h, lim, depth + 1, 0);
		else if (pt == 0x86dd)
			rw_ip6(f, l4o + h, lim, depth + 1, 0);
		else if (pt == 0x6558)
			rw_eth(f, l4o + h, lim, depth + 1);
		if (c)
			f->nst--;
		return;
	}
	default:
		return;
	}
}

static int v4_skip(const uint8_t *a)
{
	uint32_t x = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
	    (uint32_t)a[2] << 8 | a[3];

	return x == 0 || x == 0xffffffffu || a[0] >= 224 || a[0] == 127;
}

static void xor_addr(struct frame *f, uint32_t a, int v6,
    const struct ck *leaf, int nleaf)
{
	uint8_t *p = f->b + a;
	uint32_t k = f->key;
	uint32_t w;                     /* even offset of the first word */
	uint16_t v;

	if (!v6) {
		if (v4_skip(p))
			return;
		/* octets 2,3 <- key bits 8..15, 0..7; octet 4 <- 16..23 */
		v = (uint16_t)(get16(p) ^ ((k >> 8) & 0xff));
		put_word(f, a, v, f->nst, leaf, nleaf);
		v = (uint16_t)(get16(p + 2) ^ (((k & 0xff) << 8) |
		    ((k >> 16) & 0xff)));
		put_word(f, a + 2, v, f->nst, leaf, nleaf);
		return;
	}
	if (p[0] == 0xff)
		return;                 /* multicast */
	for (w = 0; w < 16 && p[w] == 0; w++)
		;
	if (w >= 15)
		return;                 /* :: and ::1 */
	v = (uint16_t)(get16(p + 4) ^ (((k >> 8) & 0xff) << 8 | (k & 0xff)));
	put_word(f, a + 4, v, f->nst, leaf, nleaf);
	v = (uint16_t)(get16(p + 6) ^ (((k >> 16) & 0xff) << 8));
	put_word(f, a + 6, v, f->nst, leaf, nleaf);
}

static void rw_ip4(struct frame *f, uint32_t o, uint32_t lim, int depth,
    int quoted)
{
	const uint8_t *b = f->b;
	struct ck lv[2];
	uint32_t hl, tl, end;
	int nl = 0;

	if (o + 20 > lim || (b[o] >> 4) != 4)
		return;
	hl = (uint32_t)(b[o] & 15) * 4;
	if (hl < 20 || o + hl > lim)
		return;
	if (depth == 0 && !quoted) {
		c_v4++;
		if (get16(b + o + 6) & 0x3fff)
			c_frag++;
	}
	tl = get16(b + o + 2);
	/* total length 0: TSO, the segment runs to the end of the frame */
	end = (tl >= hl && o + tl < lim) ? o + tl : lim;
	if ((get16(b + o + 6) & 0x1fff) == 0 && (tl >= hl || tl == 0))
		l4(f, o + hl, end, b[o + 9], 0, depth, quoted, &lv[1], &nl);
	/* the header checksum always; the pseudo-header one if any */
	lv[0].off = o + 10;
	lv[0].start = o;
	lv[0].udp = 0;
	xor_addr(f, o + 12, 0, lv, 1 + nl);
	xor_addr(f, o + 16, 0, lv, 1 + nl);
}

static void rw_ip6(struct frame *f, uint32_t o, uint32_t lim, int depth,
    int quoted)
{
	const uint8_t *b = f->b;
	struct ck lv;
	uint32_t p, pl, end;
	uint8_t nh;
	int nl = 0, i;

	if (o + 40 > lim || (b[o] >> 4) != 6)
		return;
	if (depth == 0 && !quoted)
		c_v6++;
	pl = get16(b + o + 4);
	end = (pl != 0 && o + 40 + pl < lim) ? o + 40 + pl : lim;
	nh = b[o + 6];
	p = o + 40;
	for (i = 0; i < 64; i++) {
		if (nh == 0 || nh == 43 || nh == 60) {
			if (p + 8 > end)
				break;
			nh = b[p];
			p += 8 + (uint32_t)b[p + 1] * 8;
		} else if (nh == 51) {
			if (p + 8 > end)
				break;
			nh = b[p];
			p += ((uint32_t)b[p + 1] + 2) * 4;
		} else if (nh == 44) {
			if (p + 8 > end)
				break;
			if (depth == 0 && !quoted)
				c_frag++;
			if (get16(b + p + 2) & 0xfff8) {
				nh = 59;        /* not the first fragment */
				break;
			}
			nh = b[p];
			p += 8;
		} else {
			break;
		}
	}
	if (i < 64 && nh != 59 && nh != 0 && nh != 43 && nh != 60 &&
	    nh != 51 && nh != 44 && p <= end)
		l4(f, p, end, nh, 1, depth, quoted, &lv, &nl);
	xor_addr(f, o + 8, 1, &lv, nl);
	xor_addr(f, o + 24, 1, &lv, nl);
}

static void rw_eth(struct frame *f, uint32_t o, uint32_t lim, int depth)
{
	uint32_t p = o + 12;
	uint16_t et;
	int tags = 0;

	if (p + 2 > lim)
		return;
	et = get16(f->b + p);
	while ((et == 0x8100 || et == 0x88a8 || et == 0x9100) && tags < 4) {
		p += 4;
		tags++;
		if (p + 2 > lim)
			return;
		et = get16(f->b + p);
	}
	if (tags && depth == 0)
		c_vlan++;
	p += 2;
	if (et == 0x0800)
		rw_ip4(f, p, lim, depth, 0);
	else if (et == 0x86dd)
		rw_ip6(f, p, lim, depth, 0);
	else if (depth == 0)
		c_other++;
}

/* ---- merging ------------------------------------------------------------ */

struct stream {
	int64_t start_ns;
	uint32_t f, k, i;        /* fixture, copy, next packet index */
};

static struct stream *heap;
static size_t nheap;

static int64_t s_next(const struct stream *s)
{
	return s->start_ns + pk[fx[s->f].first + s->i].rel_ns;
}

static int s_less(const struct stream *a, const struct stream *b)
{
	int64_t x = s_next(a), y = s_next(b);

	if (x != y)
		return x < y;
	if (a->k != b->k)
		return a->k < b->k;
	return a->f < b->f;
}

static void h_down(size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct stream t;

		if (l < nheap && s_less(&heap[l], &heap[m]))
			m = l;
		if (r < nheap && s_less(&heap[r], &heap[m]))
			m = r;
		if (m == i)
			return;
		t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
}

static void h_push(const struct stream *s)
{
	size_t i = nheap++;

	heap[i] = *s;
	while (i > 0) {
		size_t up = (i - 1) / 2;
		struct stream t;

		if (!s_less(&heap[i], &heap[up]))
			return;
		t = heap[i];
		heap[i] = heap[up];
		heap[up] = t;
		i = up;
	}
}

static uint32_t mix32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

static int64_t period_ns;

static int64_t jitter(uint32_t k, uint32_t f)
{
	return (int64_t)(mix32(k * 0x9e3779b9U ^ mix32(f + 1)) %
	    (uint64_t)period_ns);
}

static uint32_t cur_k;
static uint32_t *order;          /* fixtures of copy cur_k by start time */

static int by_jitter(const void *a, const void *b)
{
	int64_t x = jitter(cur_k, *(const uint32_t *)a);
	int64_t y = jitter(cur_k, *(const uint32_t *)b);

	if (x != y)
		return x < y ? -1 : 1;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

int main(int argc, char **argv)
{
	uint64_t target, per_copy = 0, written, pkts = 0;
	uint32_t K, F, j, next_j = 0, next_k = 0;
	int64_t base_ns = INT64_MAX;
	static uint8_t buf[16 + OUT_SNAPLEN];
	uint8_t gh[24];
	FILE *out;
	int a;

	if (argc < 5) {
		fprintf(stderr, "usage: gen_mixed OUT.pcap TARGET_BYTES "
		    "PERIOD_MS FILE...\n");
		return 2;
	}
	target = strtoull(argv[2], NULL, 10);
	period_ns = strtoll(argv[3], NULL, 10) * 1000000LL;
	if (period_ns <= 0)
		die("bad PERIOD_MS");
	for (a = 4; a < argc; a++)
		load(argv[a]);
	if (nfx == 0)
		die("no usable fixture");
	F = (uint32_t)nfx;
	for (j = 0; j < F; j++) {
		per_copy += fx[j].bytes;
		if (base_ns == INT64_MAX || fx[j].first_ns > base_ns)
			base_ns = fx[j].first_ns;
	}
	K = (uint32_t)((target > 24 ? target - 24 : 0) / per_copy + 1);
	if ((uint64_t)K * F >= (1u << 24))
		die("too many copies for 24-bit address keys");
	fprintf(stderr, "gen_mixed: %u fixtures, %zu packets, %.2f MB per "
	    "copy; writing %u copies (period %lld ms) to %s\n", F, npk,
	    per_copy / 1e6, K, (long long)(period_ns / 1000000), argv[1]);

	out = fopen(argv[1], "wb");
	if (out == NULL) {
		fprintf(stderr, "gen_mixed: %s: %s\n", argv[1],
		    strerror(errno));
		return 1;
	}
	setvbuf(out, NULL, _IOFBF, 1 << 22);
	put_le32(gh, 0xa1b2c3d4);
	gh[4] = 2; gh[5] = 0; gh[6] = 4; gh[7] = 0;
	put_le32(gh + 8, 0);
	put_le32(gh + 12, 0);
	put_le32(gh + 16, OUT_SNAPLEN);
	put_le32(gh + 20, 1);
	fwrite(gh, 1, 24, out);
	written = 24;

	heap = xrealloc(NULL, ((size_t)F * K + 1) * sizeof(*heap));
	order = xrealloc(NULL, F * sizeof(*order));
	for (;;) {
		struct stream *s;
		const struct tpkt *t;
		struct frame fr;
		int64_t ts;

		/* admit every stream that starts before the heap's next */
		while (next_k < K) {
			struct stream ns;

			if (next_j == 0) {
				cur_k = next_k;
				for (j = 0; j < F; j++)
					order[j] = j;
				qsort(order, F, sizeof(*order), by_jitter);
			}
			ns.k = next_k;
			ns.f = order[next_j];
			ns.i = 0;
			ns.start_ns = (int64_t)next_k * period_ns +
			    jitter(next_k, ns.f);
			if (nheap && ns.start_ns > s_next(&heap[0]))
				break;
			h_push(&ns);
			if (++next_j == F) {
				next_j = 0;
				next_k++;
				if (next_k % 50 == 0)
					fprintf(stderr, "gen_mixed: copy %u/%u, "
					    "%.0f MB\n", next_k, K,
					    written / 1e6);
			}
		}
		if (nheap == 0)
			break;
		s = &heap[0];
		t = &pk[fx[s->f].first + s->i];
		ts = base_ns + s->start_ns + t->rel_ns;
		put_le32(buf, (uint32_t)(ts / 1000000000LL));
		put_le32(buf + 4, (uint32_t)(ts % 1000000000LL / 1000));
		put_le32(buf + 8, t->caplen);
		put_le32(buf + 12, t->len);
		memcpy(buf + 16, data + t->off, t->caplen);
		fr.b = buf + 16;
		fr.cap = t->caplen;
		fr.key = s->k * F + s->f;
		fr.nst = 0;
		rw_eth(&fr, 0, fr.cap, 0);
		if (fwrite(buf, 1, 16 + t->caplen, out) != 16 + t->caplen)
			die("write failed");
		written += 16 + t->caplen;
		pkts++;
		if (++s->i == fx[s->f].n) {
			heap[0] = heap[--nheap];
		}
		h_down(0);
	}
	if (fclose(out) != 0)
		die("write failed");
	fprintf(stderr, "gen_mixed: wrote %" PRIu64 " packets, %" PRIu64
	    " bytes\n", pkts, written);
	fprintf(stderr, "gen_mixed: composition (packets): IPv4 %" PRIu64
	    ", IPv6 %" PRIu64 ", VLAN-tagged %" PRIu64 ", not IP %" PRIu64
	    ", TCP %" PRIu64 " (SYN %" PRIu64 ", RST %" PRIu64 ", port 443 %"
	    PRIu64 ", port 80/8080 %" PRIu64 "), UDP %" PRIu64 " (DNS %" PRIu64
	    "), ICMP/ICMPv6 %" PRIu64 " (errors %" PRIu64 "), tunnelled %"
	    PRIu64 ", fragments %" PRIu64 "\n", c_v4, c_v6, c_vlan, c_other,
	    c_tcp, c_syn, c_rst, c_tls, c_http, c_udp, c_dns, c_icmp,
	    c_icmperr, c_tun, c_frag);
	printf("copies %u fixtures %u packets %" PRIu64 " bytes %" PRIu64 "\n",
	    K, F, pkts, written);
	return 0;
}
