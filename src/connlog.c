/* connlog.c - Zeek-shaped conn.log writer and Community ID v1. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>
#include "connlog.h"
#include "fmt.h"

/* Rows are formatted by hand into a buffer that reaches the FILE with one
 * fwrite per fill: printf per field was a tenth of the analysis time.
 * 64 KiB, under glibc's mmap threshold (128 KiB): with 256 KiB buffers
 * the peak RSS of the mixed bench capture grew by 10 MiB (measured; not
 * with the threshold pinned), with 64 KiB it does not. */
#define CONNLOG_BUF (64u << 10)
#define CONNLOG_ROW_MAX 2048    /* longest row, with room to spare */

struct connlog {
	FILE *f;
	struct fmt_out out;
	uint64_t rows;
	int err;
	size_t last_off, last_len;  /* the latest row in out.buf */
};

#define CONNLOG_FIELDS \
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\t" \
	"duration\torig_bytes\tresp_bytes\tconn_state\tmissed_bytes\thistory\t" \
	"orig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\tcommunity_id"

const char *connlog_fields_line(void)
{
	return CONNLOG_FIELDS;
}

const char *connlog_last_row(const struct connlog *l, size_t *n)
{
	*n = l->last_len;
	return l->last_len ? l->out.buf + l->last_off : NULL;
}

static void zeek_time(int64_t ts_ns, char *buf, size_t n)
{
	time_t s = (time_t)(ts_ns / 1000000000LL);
	struct tm tm;

	if (!gmtime_r(&s, &tm) || !strftime(buf, n, "%Y-%m-%d-%H-%M-%S", &tm))
		snprintf(buf, n, "-");
}

struct connlog *connlog_open(const char *path, int64_t open_ts)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return NULL;
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	return connlog_open_file(f, open_ts);
}

struct connlog *connlog_open_file(FILE *f, int64_t open_ts)
{
	struct connlog *l = calloc(1, sizeof(*l));
	char t[40];

	if (!l) {
		fclose(f);
		return NULL;
	}
	l->f = f;
	if (fmt_out_init(&l->out, l->f, CONNLOG_BUF) < 0) {
		fclose(l->f);
		free(l);
		return NULL;
	}
	zeek_time(open_ts, t, sizeof(t));
	fprintf(l->f,
		"#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
		"#path\tconn\n#open\t%s\n"
		CONNLOG_FIELDS "\n"
		"#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\t"
		"count\tstring\tcount\tstring\tcount\tcount\tcount\tcount\tstring\n",
		t);
	return l;
}

static const char *proto_name(const struct flow *f)
{
	switch (f->l4) {
	case L4_TCP: return "tcp";
	case L4_UDP: return "udp";
	case L4_ICMP: case L4_ICMP6: return "icmp";
	default: return "unknown_transport";
	}
}

/* ip_addr_str() of an endpoint: IPv4 by hand, IPv6 (rare, with its zero
 * compression and embedded-IPv4 forms) through inet_ntop as before. */
static char *addr_fmt(char *p, const uint8_t *a, uint8_t ver)
{
	struct ip_addr x;
	char buf[48];

	if (ver == 4)
		return fmt_ipv4(p, a);
	x.v = ver;
	memcpy(x.a, a, 16);
	ip_addr_str(&x, buf, sizeof(buf));
	return fmt_str(p, buf);
}

/* Zeek's service field: lower-case protocol names, "-" when unknown. */
static char *service_fmt(char *p, const char *app)
{
	const char *s;

	if (!app || !app[0])
		return fmt_mem(p, "-", 1);
	for (s = app; *s; s++)
		*p++ = *s == '.' ? ',' : (char)tolower((unsigned char)*s);
	return p;
}

/* "^" when the originator changed, then the history letters or "-". */
static char *history_fmt(char *p, const struct flow *f)
{
	if (f->flipped)
		*p++ = '^';
	if (!f->hist_len)
		return fmt_mem(p, "-", 1);
	return fmt_mem(p, f->hist, strnlen(f->hist, sizeof(f->hist)));
}

static char *tab_u64(char *p, uint64_t v)
{
	*p++ = '\t';
	return fmt_u64(p, v);
}

static char *tab_str(char *p, const char *s)
{
	*p++ = '\t';
	return fmt_str(p, s);
}

/* The row, tab-separated, in the #fields order of connlog_open. */
void connlog_write(struct connlog *l, const struct flow *f, const char *app)
{
	char cid[64];
	const uint8_t *o, *r;
	uint16_t op, rp;
	int64_t d = f->last_ts - f->first_ts;
	char *p = fmt_out_reserve(&l->out, CONNLOG_ROW_MAX);

	l->last_off = l->out.len;
	flow_endpoints(f, &o, &op, &r, &rp);
	if (f->l4 == L4_ICMP || f->l4 == L4_ICMP6) {
		/* Zeek: ICMP "ports" are the originator's message type and code. */
		op = f->icmp_type;
		rp = f->icmp_code;
	}
	p = fmt_secs_us(p, f->first_ts);
	*p++ = '\t';
	p = fmt_uid(p, f->capture, f->first_frame);
	*p++ = '\t';
	p = addr_fmt(p, o, f->key.ver);
	p = tab_u64(p, op);
	*p++ = '\t';
	p = addr_fmt(p, r, f->key.ver);
	p = tab_u64(p, rp);
	p = tab_str(p, proto_name(f));
	*p++ = '\t';
	p = service_fmt(p, app);
	*p++ = '\t';
	if (d > 0)
		p = fmt_secs_us(p, d);
	else
		*p++ = '-';
	p = tab_u64(p, flow_payload_bytes(f, 0));
	p = tab_u64(p, flow_payload_bytes(f, 1));
	p = tab_str(p, flow_conn_state(f));
	p = tab_u64(p, f->d[0].missed + f->d[1].missed);
	*p++ = '\t';
	p = history_fmt(p, f);
	p = tab_u64(p, f->d[0].pkts);
	p = tab_u64(p, f->d[0].ip_bytes);
	p = tab_u64(p, f->d[1].pkts);
	p = tab_u64(p, f->d[1].ip_bytes);
	p = tab_str(p, community_id(f, cid, sizeof(cid)));
	*p++ = '\n';
	l->last_len = (size_t)(p - (l->out.buf + l->last_off));
	fmt_out_commit(&l->out, p);
	l->rows++;
}

int connlog_close(struct connlog *l, int64_t close_ts)
{
	char t[40];
	int rc;

	if (!l)
		return 0;
	rc = fmt_out_free(&l->out);
	zeek_time(close_ts, t, sizeof(t));
	fprintf(l->f, "#close\t%s\n", t);
	if (ferror(l->f))
		rc = -1;
	if (fclose(l->f) != 0)
		rc = -1;
	free(l);
	return rc;
}

uint64_t connlog_rows(const struct connlog *l)
{
	return l->rows;
}

/* ICMP types with a counterpart (request <-> reply): Community ID spec. */
static int icmp_counterpart(int v6, uint8_t type, uint8_t *out)
{
	static const uint8_t v4[][2] = { { 8, 0 }, { 0, 8 }, { 13, 14 }, { 14, 13 }, { 15, 16 },
					 { 16, 15 }, { 10, 9 }, { 9, 10 }, { 17, 18 }, { 18, 17 } };
	static const uint8_t v6t[][2] = { { 128, 129 }, { 129, 128 }, { 133, 134 }, { 134, 133 },
					  { 135, 136 }, { 136, 135 }, { 130, 131 }, { 131, 130 },
					  { 144, 145 }, { 145, 144 } };
	size_t i;

	if (v6) {
		for (i = 0; i < sizeof(v6t) / sizeof(v6t[0]); i++)
			if (v6t[i][0] == type) {
				*out = v6t[i][1];
				return 1;
			}
	} else {
		for (i = 0; i < sizeof(v4) / sizeof(v4[0]); i++)
			if (v4[i][0] == type) {
				*out = v4[i][1];
				return 1;
			}
	}
	return 0;
}

/* Fetched and allocated once, released at exit: EVP_Digest() allocates
 * and frees a context on every call. */
static EVP_MD *sha1;
static EVP_MD_CTX *sha1_ctx;
static int sha1_tried;

static void sha1_release(void)
{
	EVP_MD_CTX_free(sha1_ctx);
	sha1_ctx = NULL;
	EVP_MD_free(sha1);
	sha1 = NULL;
}

/* SHA-1 of in[0..n) into md; 0 or -1. */
static int sha1_digest(const unsigned char *in, size_t n, unsigned char *md, unsigned *mdlen)
{
	/* OpenSSL 3 looks the digest up again on every EVP_Digest(EVP_sha1()):
	 * fetch it once */
	if (!sha1_tried) {
		sha1_tried = 1;
		sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
		sha1_ctx = EVP_MD_CTX_new();
		atexit(sha1_release);
	}
	if (!sha1 || !sha1_ctx || EVP_DigestInit_ex(sha1_ctx, sha1, NULL) != 1 ||
	    EVP_DigestUpdate(sha1_ctx, in, n) != 1 || EVP_DigestFinal_ex(sha1_ctx, md, mdlen) != 1)
		return -1;
	return 0;
}

const char *community_id(const struct flow *f, char *buf, size_t n)
{
	unsigned char in[2 + 16 + 16 + 4 + 4], md[EVP_MAX_MD_SIZE];
	unsigned char b64[64];
	unsigned mdlen = 0, alen = f->key.ver == 6 ? 16 : 4;
	const uint8_t *sa, *da;
	uint16_t sp, dp;
	size_t k = 0, blen;
	int one_way = 0, swap;

	flow_endpoints(f, &sa, &sp, &da, &dp);
	if (f->l4 == L4_ICMP || f->l4 == L4_ICMP6) {
		uint8_t other;
		sp = f->icmp_type;
		if (icmp_counterpart(f->l4 == L4_ICMP6, f->icmp_type, &other)) {
			dp = other;
		} else {
			dp = f->icmp_code;
			one_way = 1;
		}
	} else if (f->l4 != L4_TCP && f->l4 != L4_UDP) {
		sp = dp = 0;
	}
	swap = !one_way && (memcmp(sa, da, alen) > 0 || (memcmp(sa, da, alen) == 0 && sp > dp));
	in[k++] = 0;
	in[k++] = 0; /* seed 0 */
	memcpy(in + k, swap ? da : sa, alen);
	k += alen;
	memcpy(in + k, swap ? sa : da, alen);
	k += alen;
	in[k++] = f->key.proto;
	in[k++] = 0;
	{
		uint16_t p1 = swap ? dp : sp, p2 = swap ? sp : dp;
		in[k++] = (uint8_t)(p1 >> 8);
		in[k++] = (uint8_t)p1;
		in[k++] = (uint8_t)(p2 >> 8);
		in[k++] = (uint8_t)p2;
	}
	if (f->l4 != L4_TCP && f->l4 != L4_UDP && f->l4 != L4_ICMP && f->l4 != L4_ICMP6)
		k -= 4; /* no ports for other protocols */
	if (sha1_digest(in, k, md, &mdlen) < 0) {
		snprintf(buf, n, "-");
		return buf;
	}
	blen = (size_t)EVP_EncodeBlock(b64, md, (int)mdlen);   /* NUL-terminated */
	/* snprintf(buf, n, "1:%s", b64) without the format parser */
	if (n >= blen + 3) {
		memcpy(buf, "1:", 2);
		memcpy(buf + 2, b64, blen + 1);
	} else {
		snprintf(buf, n, "1:%s", b64);
	}
	return buf;
}
