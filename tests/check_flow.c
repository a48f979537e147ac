/*
 * check_flow.c - the flow table, through engine_run and the conn.log it
 * writes, and directly (flow_lookup/flow_update/flow_expire) for idle expiry
 * and port reuse.
 *
 * fixtures/engine/expected.tsv gives, per capture, the conn.log rows netrca
 * must write (conn_state, history, packets, payload bytes; derived by hand
 * from Zeek's TCP analyser, see fixtures/engine/README.md).
 */
#include "testutil.h"
#include "classify.h"
#include "connlog.h"
#include "cursor.h"
#include <openssl/evp.h>
#include "../dissectors/decode.h"

/* ---- expected.tsv --------------------------------------------------------- */

struct exp_row {
	char file[256];
	char orig_h[48], resp_h[48], proto[8], state[8], hist[40];
	unsigned orig_p, resp_p;
	unsigned long long opk, rpk, ob, rb;
};

#define EXP_MAX 128
static struct exp_row EXP[EXP_MAX];
static int nexp;
static char GROUPS[32][256];
static int ngroups;

static void load_expected(void)
{
	char path[4096], *text, *line, *save = NULL;
	const char *top = getenv("top_srcdir");

	snprintf(path, sizeof(path), "%s/fixtures/engine/expected.tsv", top && *top ? top : ".");
	text = slurp(path, NULL);
	if (!text) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(99);
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[16];
		struct exp_row *e;
		int i;
		if (!strncmp(line, "file\t", 5) || line[0] == '#')
			continue;
		if (split_tabs(line, f, 16) != 12 || nexp == EXP_MAX) {
			fprintf(stderr, "expected.tsv: bad line\n");
			exit(99);
		}
		e = &EXP[nexp++];
		snprintf(e->file, sizeof(e->file), "%s", f[0]);
		snprintf(e->orig_h, sizeof(e->orig_h), "%s", f[1]);
		e->orig_p = (unsigned)atoi(f[2]);
		snprintf(e->resp_h, sizeof(e->resp_h), "%s", f[3]);
		e->resp_p = (unsigned)atoi(f[4]);
		snprintf(e->proto, sizeof(e->proto), "%s", f[5]);
		snprintf(e->state, sizeof(e->state), "%s", f[6]);
		snprintf(e->hist, sizeof(e->hist), "%s", f[7]);
		e->opk = strtoull(f[8], NULL, 10);
		e->rpk = strtoull(f[9], NULL, 10);
		e->ob = strtoull(f[10], NULL, 10);
		e->rb = strtoull(f[11], NULL, 10);
		for (i = 0; i < ngroups; i++)
			if (!strcmp(GROUPS[i], e->file))
				break;
		if (i == ngroups && ngroups < 32)
			snprintf(GROUPS[ngroups++], sizeof(GROUPS[0]), "%s", e->file);
	}
	free(text);
}

/* Runs the engine on one capture (files joined by '+') and parses conn.log. */
static struct conn_log *run_group(const char *group, struct engine_result *r, int *rc)
{
	char buf[256], *save = NULL, *tok, logpath[4200], err[1024];
	const char *names[16];
	unsigned n = 0;
	char *dir = tmpdir_new();
	struct conn_log *l;

	snprintf(buf, sizeof(buf), "%s", group);
	for (tok = strtok_r(buf, "+", &save); tok && n < 16; tok = strtok_r(NULL, "+", &save))
		names[n++] = tok;
	*rc = run_engine(dir, names, n, NULL, 0, 0, r, logpath, sizeof(logpath), err, sizeof(err));
	ck_assert_msg(*rc == ENGINE_OK, "%s: engine_run %d: %s", group, *rc, err);
	l = conn_log_read(logpath);
	tmpdir_free(dir);
	return l;
}

static const struct conn_row *find_row(const struct conn_log *l, const struct exp_row *e)
{
	int i;

	for (i = 0; i < l->nrows; i++) {
		const struct conn_row *c = &l->row[i];
		if (!strcmp(c->proto, e->proto) && c->orig_p == e->orig_p && c->resp_p == e->resp_p &&
		    !strcmp(c->orig_h, e->orig_h) && !strcmp(c->resp_h, e->resp_h))
			return c;
	}
	return NULL;
}

/* Appends a mismatch description to msg. */
static void cmp_row(const struct conn_log *l, const struct exp_row *e, char *msg, size_t n)
{
	const struct conn_row *c = find_row(l, e);
	size_t k = strlen(msg);

	if (!c) {
		snprintf(msg + k, n - k, "\n  %s %s:%u > %s:%u: no conn.log row", e->proto, e->orig_h,
			 e->orig_p, e->resp_h, e->resp_p);
		return;
	}
	if (strcmp(c->conn_state, e->state) || strcmp(c->history, e->hist) || c->orig_pkts != e->opk ||
	    c->resp_pkts != e->rpk || c->orig_bytes != e->ob || c->resp_bytes != e->rb)
		snprintf(msg + k, n - k,
			 "\n  %s %s:%u: got %s %s pkts %llu/%llu bytes %llu/%llu, want %s %s pkts %llu/%llu bytes %llu/%llu",
			 e->proto, e->orig_h, e->orig_p, c->conn_state, c->history, c->orig_pkts,
			 c->resp_pkts, c->orig_bytes, c->resp_bytes, e->state, e->hist, e->opk, e->rpk,
			 e->ob, e->rb);
}

/* One loop iteration per capture in expected.tsv: every row matches, and
 * conn.log has no other rows.  link_vlan12.pcap is tested separately: see
 * t_vlan12_capped. */
START_TEST(t_expected_tsv)
{
	const char *group = GROUPS[_i];
	struct engine_result r;
	struct conn_log *l;
	char msg[8192] = "";
	int i, rc, want = 0;

	if (!strcmp(group, "link_vlan12.pcap"))
		return;
	l = run_group(group, &r, &rc);
	for (i = 0; i < nexp; i++) {
		if (strcmp(EXP[i].file, group))
			continue;
		want++;
		cmp_row(l, &EXP[i], msg, sizeof(msg));
	}
	ck_assert_msg(msg[0] == 0, "%s:%s", group, msg);
	ck_assert_msg(l->nrows == want, "%s: %d conn.log rows, expected.tsv has %d", group, l->nrows,
		      want);
	ck_assert_uint_eq(r.conn_rows, (uint64_t)want);
	ck_assert_uint_eq(r.flows.created, (uint64_t)want);
	ck_assert_uint_eq(r.flows.evicted, 0);
	/* sum of packets in conn.log = IP packets read (nothing dropped) */
	{
		unsigned long long sum = 0;
		for (i = 0; i < l->nrows; i++)
			sum += l->row[i].orig_pkts + l->row[i].resp_pkts;
		ck_assert_uint_eq(sum, r.ip_packets);
	}
	engine_result_free(&r);
	conn_log_free(l);
}
END_TEST

/*
 * states.pcap connections 41007 (SHR) and 41010 (RSTRH) start with the
 * server's SYN-ACK.  Zeek makes the unseen client the originator and marks
 * the flip with '^' (history "^hf" and "^hr").  (Was a bug before 31f8246:
 * no '^'.)
 */
START_TEST(t_synack_first_history_caret)
{
	struct engine_result r;
	struct conn_log *l;
	int rc;
	const struct conn_row *a, *b;

	l = run_group("states.pcap", &r, &rc);
	a = conn_find(l, "tcp", 41007);
	b = conn_find(l, "tcp", 41010);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(a->conn_state, "SHR");
	ck_assert_str_eq(b->conn_state, "RSTRH");
	ck_assert_uint_eq(a->orig_pkts, 0);
	ck_assert_uint_eq(a->resp_pkts, 2);
	ck_assert_str_eq(a->orig_h, "192.0.2.10");
	ck_assert_str_eq(a->history, "^hf");
	ck_assert_str_eq(b->history, "^hr");
	engine_result_free(&r);
	conn_log_free(l);
}
END_TEST

/*
 * The ICMP echo request/reply of states.pcap (frames 65-66, id 0x1234):
 * Zeek's conn.log puts the ICMP type in id.orig_p (8) and the code in
 * id.resp_p (0), and conn_state() is OTH for anything not TCP/UDP.  (Was a
 * bug before 31f8246: ports 4660/4660, the echo id, and SF.)
 */
START_TEST(t_icmp_row)
{
	struct engine_result r;
	struct conn_log *l;
	int rc, i;
	const struct conn_row *c = NULL;

	l = run_group("states.pcap", &r, &rc);
	for (i = 0; i < l->nrows; i++)
		if (!strcmp(l->row[i].proto, "icmp"))
			c = &l->row[i];
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->uid, "C0-65");
	ck_assert_uint_eq(c->orig_pkts, 1);
	ck_assert_uint_eq(c->resp_pkts, 1);
	ck_assert_uint_eq(c->orig_bytes, 56);
	ck_assert_uint_eq(c->resp_bytes, 56);
	ck_assert_str_eq(c->history, "-");
	ck_assert_msg(c->orig_p == 8 && c->resp_p == 0, "icmp ports %u/%u, want 8/0", c->orig_p,
		      c->resp_p);
	ck_assert_str_eq(c->conn_state, "OTH");
	engine_result_free(&r);
	conn_log_free(l);
}
END_TEST

/*
 * NOTE: expected.tsv lists link_vlan12.pcap with the same two flows as the
 * other link files, but netrca follows at most DECODE_VLAN_MAX (8) tags by
 * design: the 12-tag frames are not decoded, each counted as
 * vlan_depth_exceeded, and no flow is made.  expected.tsv is wrong there.
 */
START_TEST(t_vlan12_capped)
{
	struct engine_result r;
	char logpath[4200], err[1024];
	const char *names[1] = { "link_vlan12.pcap" };
	char *dir = tmpdir_new();
	struct conn_log *l;
	int rc = run_engine(dir, names, 1, NULL, 0, 0, &r, logpath, sizeof(logpath), err, sizeof(err));

	ck_assert_int_eq(rc, ENGINE_OK);
	l = conn_log_read(logpath);
	ck_assert_int_eq(l->nrows, 0);
	ck_assert_uint_eq(r.packets, 11);
	ck_assert_uint_eq(r.ip_packets, 0);
	ck_assert_uint_eq(r.non_ip, 11);
	ck_assert_uint_eq(r.flows.created, 0);
	ck_assert_uint_eq(r.anomalies[AN_VLAN_DEPTH].count, 11);
	ck_assert_uint_eq(r.anomalies[AN_VLAN_DEPTH].first[0].frame, 1);
	ck_assert_str_eq(anomaly_name(AN_VLAN_DEPTH), "vlan_depth_exceeded");
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(dir);
}
END_TEST

START_TEST(t_user0_undecoded)
{
	struct engine_result r;
	char logpath[4200], err[1024];
	const char *names[1] = { "link_user0.pcap" };
	char *dir = tmpdir_new();
	struct conn_log *l;
	int rc = run_engine(dir, names, 1, NULL, 0, 0, &r, logpath, sizeof(logpath), err, sizeof(err));

	ck_assert_int_eq(rc, ENGINE_OK);   /* not fatal */
	l = conn_log_read(logpath);
	ck_assert_int_eq(l->nrows, 0);
	ck_assert_uint_eq(r.packets, 11);
	ck_assert_uint_eq(r.anomalies[AN_LINK_UNSUPPORTED].count, 11);
	ck_assert_uint_eq(r.in[0].rstats.linktypes[0], 147);
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(dir);
}
END_TEST

START_TEST(t_ethertypes_no_flows)
{
	struct engine_result r;
	char logpath[4200], err[1024];
	const char *names[1] = { "ethertypes.pcap" };
	char *dir = tmpdir_new();
	struct conn_log *l;
	int rc = run_engine(dir, names, 1, NULL, 0, 0, &r, logpath, sizeof(logpath), err, sizeof(err));

	ck_assert_int_eq(rc, ENGINE_OK);
	l = conn_log_read(logpath);
	ck_assert_int_eq(l->nrows, 0);
	ck_assert_uint_eq(r.non_ip, 5);
	ck_assert_uint_eq(r.anomalies[AN_ETHERTYPE_OTHER].count, 5);
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(dir);
}
END_TEST

/*
 * hostile_ipv4.pcap frames 1 (IHL 4) and 2 (IHL 15 > total length 40) have
 * unusable IPv4 headers: the anomaly is counted, but they make no flow
 * (tshark makes no conversation of them, Zeek drops them): 3 rows, C0-3,
 * C0-4, C0-5.  (Before e6360df both went to a ports-0 "unknown_transport"
 * flow.)
 */
START_TEST(t_bogus_ipv4_header_makes_no_flow)
{
	struct engine_result r;
	char lp[4200], err[1024];
	const char *names[1] = { "hostile_ipv4.pcap" };
	char *d = tmpdir_new();
	struct conn_log *l;
	int i;

	ck_assert_int_eq(run_engine(d, names, 1, NULL, 0, 0, &r, lp, sizeof(lp), err, sizeof(err)),
			 ENGINE_OK);
	l = conn_log_read(lp);
	ck_assert_uint_eq(r.anomalies[AN_IPV4_HDRLEN].count, 2);
	ck_assert_uint_eq(r.anomalies[AN_IPV4_HDRLEN].first[0].frame, 1);
	ck_assert_uint_eq(r.anomalies[AN_IPV4_HDRLEN].first[1].frame, 2);
	ck_assert_uint_eq(r.anomalies[AN_IP_LEN_ZERO].count, 1);
	ck_assert_uint_eq(r.anomalies[AN_IPV4_TOTLEN].count, 1);
	ck_assert_ptr_nonnull(conn_find(l, "udp", 43004));
	for (i = 0; i < l->nrows; i++)
		ck_assert_msg(strcmp(l->row[i].proto, "unknown_transport") != 0,
			      "%s: flow made of unusable IPv4 headers (%llu packets)", l->row[i].uid,
			      l->row[i].orig_pkts + l->row[i].resp_pkts);
	ck_assert_int_eq(l->nrows, 3);
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(d);
}
END_TEST

/*
 * Every column of conn.log for link_en10mb.pcap (the standard exchange):
 * values from the packets (tshark: frame lengths 74 66 117 66 144 66 66 66
 * 66 66 75; IP bytes = frame - 14), community_id as tshark 4.0's
 * communityid dissector computes it, service from nDPI.
 */
START_TEST(t_conn_columns)
{
	struct engine_result r;
	char lp[4200], err[1024];
	const char *names[1] = { "link_en10mb.pcap" };
	char *d = tmpdir_new();
	struct conn_log *l;
	const struct conn_row *t, *u;

	ck_assert_int_eq(run_engine(d, names, 1, NULL, 0, 1, &r, lp, sizeof(lp), err, sizeof(err)),
			 ENGINE_OK);
	l = conn_log_read(lp);
	ck_assert_str_eq(l->open, "2026-01-01-00-00-00");
	ck_assert_str_eq(l->close, "2026-01-01-00-00-00");
	ck_assert_int_eq(l->nrows, 2);
	t = &l->row[0];   /* finalisation order at the end: least recently seen first */
	u = &l->row[1];
	ck_assert_str_eq(t->ts, "1767225600.000000");
	ck_assert_str_eq(t->uid, "C0-1");
	ck_assert_str_eq(t->orig_h, "192.0.2.10");
	ck_assert_uint_eq(t->orig_p, 40000);
	ck_assert_str_eq(t->resp_h, "198.51.100.20");
	ck_assert_uint_eq(t->resp_p, 80);
	ck_assert_str_eq(t->proto, "tcp");
	ck_assert_str_eq(t->service, "http");
	ck_assert_str_eq(t->duration, "0.020900");
	ck_assert_uint_eq(t->orig_bytes, 51);
	ck_assert_uint_eq(t->resp_bytes, 78);
	ck_assert_str_eq(t->conn_state, "SF");
	ck_assert_uint_eq(t->missed, 0);
	ck_assert_str_eq(t->history, "ShADadFf");
	ck_assert_uint_eq(t->orig_pkts, 6);
	ck_assert_uint_eq(t->orig_ip_bytes, 60 + 52 + 103 + 52 + 52 + 52);
	ck_assert_uint_eq(t->resp_pkts, 4);
	ck_assert_uint_eq(t->resp_ip_bytes, 60 + 130 + 52 + 52);
	ck_assert_str_eq(t->community_id, "1:wh/NJ9XUH/PwR7vPwa0uSSZZw7c=");
	ck_assert_str_eq(u->ts, "1767225600.100000");
	ck_assert_str_eq(u->uid, "C0-11");
	ck_assert_str_eq(u->proto, "udp");
	ck_assert_str_eq(u->service, "dns");
	ck_assert_str_eq(u->duration, "-");
	ck_assert_uint_eq(u->orig_bytes, 33);
	ck_assert_uint_eq(u->orig_ip_bytes, 61);
	ck_assert_uint_eq(u->resp_ip_bytes, 0);
	ck_assert_str_eq(u->community_id, "1:Tiz4i9WpzKU0NvouHWq4zEKfbhs=");
	ck_assert_uint_eq(r.conn_states[CS_SF], 1);
	ck_assert_uint_eq(r.conn_states[CS_S0], 1);
	engine_result_free(&r);
	conn_log_free(l);
	/* without nDPI the service is unset */
	ck_assert_int_eq(run_engine(d, names, 1, NULL, 0, 0, &r, lp, sizeof(lp), err, sizeof(err)),
			 ENGINE_OK);
	l = conn_log_read(lp);
	ck_assert_str_eq(l->row[0].service, "-");
	ck_assert_str_eq(l->row[1].service, "-");
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(d);
}
END_TEST

/* #open / #close follow the capture clock, not the wall clock. */
START_TEST(t_conn_open_close)
{
	struct engine_result r;
	struct conn_log *l;
	int rc;

	l = run_group("states.pcap", &r, &rc);
	ck_assert_str_eq(l->open, "2026-01-01-00-00-00");
	ck_assert_str_eq(l->close, "2026-01-01-00-00-18");
	engine_result_free(&r);
	conn_log_free(l);
}
END_TEST

/* SHA-256 of a file as lowercase hex (OpenSSL EVP, independent of netrca's
 * hashing thread). */
static size_t sha256_file(const char *path, char out[65])
{
	size_t n, i;
	char *data = slurp(path, &n);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;

	ck_assert_ptr_nonnull(data);
	ck_assert_int_eq(EVP_Digest(data, n, md, &mdlen, EVP_sha256(), NULL), 1);
	for (i = 0; i < mdlen; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	free(data);
	return n;
}

/* Several inputs, one unreadable and one damaged: ENGINE_INPUT, what could
 * be read stands, each input says what happened; the SHA-256 and size of
 * each readable input are right. */
START_TEST(t_engine_mixed_inputs)
{
	struct engine_result r;
	char lp[4200], err[1024], want[65];
	const char *names[3] = { "broken_trunc_data.pcap", "does_not_exist.pcap", "states.pcap" };
	char *d = tmpdir_new();
	struct conn_log *l;
	unsigned i;
	int seen_partial = 0, seen_unreadable = 0, seen_states = 0;

	ck_assert_int_eq(run_engine(d, names, 3, NULL, 0, 0, &r, lp, sizeof(lp), err, sizeof(err)),
			 ENGINE_INPUT);
	l = conn_log_read(lp);
	ck_assert_uint_eq(r.nin, 3);
	for (i = 0; i < r.nin; i++) {
		const struct input_result *in = &r.in[i];
		if (strstr(in->path, "broken_trunc_data.pcap")) {
			seen_partial = 1;
			ck_assert(in->partial);
			ck_assert(!in->unreadable);
			ck_assert_uint_eq(in->frames, 5);
			ck_assert_uint_eq(in->last_good_frame, 5);
			ck_assert_ptr_nonnull(strstr(in->message, in->path));
			ck_assert_uint_eq(in->size, sha256_file(in->path, want));
			ck_assert_str_eq(in->sha256, want);
		} else if (strstr(in->path, "does_not_exist.pcap")) {
			seen_unreadable = 1;
			ck_assert(in->unreadable);
			ck_assert_ptr_nonnull(strstr(in->message, in->path));
			ck_assert_uint_eq(in->frames, 0);
		} else {
			seen_states = 1;
			ck_assert(!in->partial && !in->unreadable);
			ck_assert_uint_eq(in->frames, 66);
			ck_assert_uint_eq(in->size, sha256_file(in->path, want));
			ck_assert_str_eq(in->sha256, want);
		}
	}
	ck_assert(seen_partial && seen_unreadable && seen_states);
	ck_assert_uint_eq(r.packets, 66 + 5);
	ck_assert_int_eq(l->nrows, 16 + 1);   /* states' flows + the cut-off exchange */
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(d);
}
END_TEST

/* ---- uids, determinism, rings, BPF, eviction -------------------------------- */

/* uid = "C<capture>-<first frame>"; states.pcap's connections start at the
 * frames README.md lists. */
START_TEST(t_uid_format)
{
	static const struct { unsigned port; const char *uid; } U[] = {
		{ 41000, "C0-1" },  { 41001, "C0-4" },  { 41002, "C0-6" },  { 41003, "C0-16" },
		{ 41004, "C0-23" }, { 41005, "C0-30" }, { 41006, "C0-37" }, { 41007, "C0-39" },
		{ 41008, "C0-41" }, { 41009, "C0-44" }, { 41010, "C0-46" }, { 41011, "C0-48" },
		{ 41012, "C0-55" }, { 41020, "C0-62" }, { 41021, "C0-64" },
	};
	struct engine_result r;
	struct conn_log *l;
	unsigned i;
	int rc;

	l = run_group("states.pcap", &r, &rc);
	for (i = 0; i < sizeof(U) / sizeof(U[0]); i++) {
		const struct conn_row *c = conn_find(l, i < 13 ? "tcp" : "udp", U[i].port);
		ck_assert_msg(c != NULL, "port %u: no row", U[i].port);
		ck_assert_str_eq(c->uid, U[i].uid);
	}
	engine_result_free(&r);
	conn_log_free(l);
}
END_TEST

/* A flow that starts in the second capture of a multi-file run is named by
 * that capture's id and its own frame number. */
START_TEST(t_uid_second_capture)
{
	struct engine_result r;
	char logpath[4200], err[1024];
	/* both start at 2026-01-01T00:00:00: ties keep the order given */
	const char *names[2] = { "states.pcap", "link_en10mb.pcap" };
	char *dir = tmpdir_new();
	struct conn_log *l;
	int rc = run_engine(dir, names, 2, NULL, 0, 0, &r, logpath, sizeof(logpath), err, sizeof(err));
	const struct conn_row *t, *u;

	ck_assert_int_eq(rc, ENGINE_OK);
	l = conn_log_read(logpath);
	ck_assert_uint_eq(r.nin, 2);
	ck_assert_ptr_nonnull(strstr(r.in[1].path, "link_en10mb.pcap"));
	ck_assert_uint_eq(r.in[1].capture, 1);
	t = conn_find(l, "tcp", 40000);
	u = conn_find(l, "udp", 53000);
	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_nonnull(u);
	ck_assert_str_eq(t->uid, "C1-1");
	ck_assert_str_eq(u->uid, "C1-11");
	ck_assert_int_eq(l->nrows, 16 + 2);
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(dir);
}
END_TEST

/* Two runs (nDPI on, several captures) give byte-identical conn.log files. */
START_TEST(t_deterministic)
{
	const char *names[3] = { "ng_mixed.pcapng", "states.pcap", "icmp_errors.pcap" };
	char *d1 = tmpdir_new(), *d2 = tmpdir_new();
	char l1[4200], l2[4200], err[1024];
	struct engine_result r1, r2;
	char *a, *b;
	size_t na, nb;

	ck_assert_int_eq(run_engine(d1, names, 3, NULL, 0, 1, &r1, l1, sizeof(l1), err, sizeof(err)),
			 ENGINE_OK);
	ck_assert_int_eq(run_engine(d2, names, 3, NULL, 0, 1, &r2, l2, sizeof(l2), err, sizeof(err)),
			 ENGINE_OK);
	a = slurp(l1, &na);
	b = slurp(l2, &nb);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_gt(na, 1000);
	ck_assert_uint_eq(na, nb);
	ck_assert_msg(memcmp(a, b, na) == 0, "conn.log differs between two runs");
	ck_assert_uint_eq(r1.conn_rows, r2.conn_rows);
	free(a);
	free(b);
	engine_result_free(&r1);
	engine_result_free(&r2);
	tmpdir_free(d1);
	tmpdir_free(d2);
}
END_TEST

/* Ring segments given in any order are read in time order: one SF flow. */
START_TEST(t_ring_any_order)
{
	static const char *const orders[3][3] = {
		{ "ring_2.pcap", "ring_0.pcap", "ring_1.pcap" },
		{ "ring_1.pcap", "ring_2.pcap", "ring_0.pcap" },
		{ "ring_0.pcap", "ring_1.pcap", "ring_2.pcap" },
	};
	const char *const *names = orders[_i];
	struct engine_result r;
	char logpath[4200], err[1024];
	char *dir = tmpdir_new();
	struct conn_log *l;
	int rc = run_engine(dir, (const char **)names, 3, NULL, 0, 0, &r, logpath, sizeof(logpath), err,
			    sizeof(err));
	unsigned i;

	ck_assert_int_eq(rc, ENGINE_OK);
	l = conn_log_read(logpath);
	ck_assert_int_eq(l->nrows, 1);
	ck_assert_str_eq(l->row[0].conn_state, "SF");
	ck_assert_str_eq(l->row[0].history, "ShADdFf");
	ck_assert_uint_eq(l->row[0].orig_pkts, 11);
	ck_assert_uint_eq(l->row[0].resp_pkts, 14);
	ck_assert_uint_eq(l->row[0].resp_bytes, 12000);
	ck_assert_str_eq(l->row[0].uid, "C0-1");
	ck_assert_uint_eq(r.nin, 3);
	for (i = 0; i < 3; i++) {
		char want[32];
		snprintf(want, sizeof(want), "ring_%u.pcap", i);
		ck_assert_msg(strstr(r.in[i].path, want) != NULL, "capture %u is %s", i, r.in[i].path);
		ck_assert_uint_eq(r.in[i].capture, i);
	}
	ck_assert_uint_eq(r.in[0].frames, 9);
	ck_assert_uint_eq(r.in[1].frames, 8);
	ck_assert_uint_eq(r.in[2].frames, 8);
	ck_assert_uint_eq(r.clock.jumps_back, 0);
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(dir);
}
END_TEST

/* ringswap_b holds the earlier half although its name sorts second. */
START_TEST(t_ringswap)
{
	const char *names[2] = { "ringswap_a.pcap", "ringswap_b.pcap" };
	struct engine_result r;
	char logpath[4200], err[1024];
	char *dir = tmpdir_new();
	struct conn_log *l;
	int rc = run_engine(dir, names, 2, NULL, 0, 0, &r, logpath, sizeof(logpath), err, sizeof(err));

	ck_assert_int_eq(rc, ENGINE_OK);
	l = conn_log_read(logpath);
	ck_assert_ptr_nonnull(strstr(r.in[0].path, "ringswap_b.pcap"));
	ck_assert_ptr_nonnull(strstr(r.in[1].path, "ringswap_a.pcap"));
	ck_assert_int_eq(l->nrows, 1);
	ck_assert_str_eq(l->row[0].uid, "C0-1");
	ck_assert_str_eq(l->row[0].conn_state, "SF");
	ck_assert_str_eq(l->row[0].history, "ShADadFf");
	ck_assert_uint_eq(r.clock.jumps_back, 0);
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(dir);
}
END_TEST

/* --bpf keeps the original frame numbers: uids still name them. */
START_TEST(t_bpf_keeps_frames)
{
	struct engine_result r;
	char logpath[4200], err[1024];
	const char *names[1] = { "link_en10mb.pcap" };
	char *dir = tmpdir_new();
	struct conn_log *l;
	int rc = run_engine(dir, names, 1, "udp", 0, 0, &r, logpath, sizeof(logpath), err, sizeof(err));

	ck_assert_int_eq(rc, ENGINE_OK);
	l = conn_log_read(logpath);
	ck_assert_int_eq(l->nrows, 1);
	ck_assert_str_eq(l->row[0].uid, "C0-11");
	ck_assert_str_eq(l->row[0].proto, "udp");
	ck_assert_uint_eq(r.packets, 11);
	ck_assert_uint_eq(r.filtered_out, 10);
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(dir);
}
END_TEST

START_TEST(t_bpf_tcp_port)
{
	struct engine_result r;
	char logpath[4200], err[1024];
	const char *names[1] = { "states.pcap" };
	char *dir = tmpdir_new();
	struct conn_log *l;
	int rc = run_engine(dir, names, 1, "tcp port 41005", 0, 0, &r, logpath, sizeof(logpath), err,
			    sizeof(err));

	ck_assert_int_eq(rc, ENGINE_OK);
	l = conn_log_read(logpath);
	ck_assert_int_eq(l->nrows, 1);
	ck_assert_str_eq(l->row[0].uid, "C0-30");
	ck_assert_str_eq(l->row[0].conn_state, "RSTR");
	ck_assert_uint_eq(r.filtered_out, 66 - 7);
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(dir);
}
END_TEST

/* `tcp` on a capture mixing link types (EN10MB, RAW, SLL2): compiled per
 * link type, the three TCP flows kept with their frame numbers. */
START_TEST(t_bpf_mixed_linktypes)
{
	struct engine_result r;
	char logpath[4200], err[1024];
	const char *names[1] = { "ng_mixed.pcapng" };
	char *dir = tmpdir_new();
	struct conn_log *l;
	int rc = run_engine(dir, names, 1, "tcp", 0, 0, &r, logpath, sizeof(logpath), err, sizeof(err));
	const struct conn_row *c;

	ck_assert_int_eq(rc, ENGINE_OK);
	l = conn_log_read(logpath);
	ck_assert_int_eq(l->nrows, 3);
	ck_assert_ptr_nonnull(c = conn_find(l, "tcp", 42000));
	ck_assert_str_eq(c->uid, "C0-1");
	ck_assert_ptr_nonnull(c = conn_find(l, "tcp", 42001));
	ck_assert_str_eq(c->uid, "C0-2");
	ck_assert_ptr_nonnull(c = conn_find(l, "tcp", 42002));
	ck_assert_str_eq(c->uid, "C0-3");
	ck_assert_uint_eq(r.filtered_out, 1);  /* the DNS query (frame 16) */
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(dir);
}
END_TEST

START_TEST(t_bpf_bad)
{
	struct engine_result r;
	char logpath[4200], err[1024] = "";
	const char *names[1] = { "link_en10mb.pcap" };
	char *dir = tmpdir_new();
	int rc = run_engine(dir, names, 1, "tcp port banana and (", 0, 0, &r, logpath, sizeof(logpath),
			    err, sizeof(err));

	ck_assert_int_eq(rc, ENGINE_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "tcp port banana"));
	ck_assert_ptr_null(strchr(err, '\n'));
	engine_result_free(&r);
	tmpdir_free(dir);
}
END_TEST

/* --max-flows 2: the least recently seen flows are finalised early and
 * counted; every flow still appears in conn.log exactly once (states.pcap's
 * connections do not overlap, so the rows are the same as without a cap). */
START_TEST(t_eviction)
{
	struct engine_result r0, r;
	char l0[4200], l1[4200], err[1024];
	const char *names[1] = { "states.pcap" };
	char *d0 = tmpdir_new(), *d1 = tmpdir_new();
	struct conn_log *a, *b;
	int i, j;

	ck_assert_int_eq(run_engine(d0, names, 1, NULL, 0, 0, &r0, l0, sizeof(l0), err, sizeof(err)),
			 ENGINE_OK);
	ck_assert_int_eq(run_engine(d1, names, 1, NULL, 2, 0, &r, l1, sizeof(l1), err, sizeof(err)),
			 ENGINE_OK);
	a = conn_log_read(l0);
	b = conn_log_read(l1);
	ck_assert_uint_gt(r.flows.evicted, 0);
	ck_assert_uint_eq(r0.flows.evicted, 0);
	ck_assert_uint_le(r.flows.peak, 2);
	ck_assert_uint_gt(r.flows.first_evict_frame, 0);
	ck_assert_int_eq(b->nrows, a->nrows);
	for (i = 0; i < a->nrows; i++) {
		int found = 0;
		for (j = 0; j < b->nrows; j++) {
			if (strcmp(a->row[i].uid, b->row[j].uid))
				continue;
			found++;
			ck_assert_str_eq(b->row[j].history, a->row[i].history);
			ck_assert_str_eq(b->row[j].conn_state, a->row[i].conn_state);
			ck_assert_uint_eq(b->row[j].orig_pkts, a->row[i].orig_pkts);
			ck_assert_uint_eq(b->row[j].resp_pkts, a->row[i].resp_pkts);
		}
		ck_assert_msg(found == 1, "%s written %d times", a->row[i].uid, found);
	}
	engine_result_free(&r0);
	engine_result_free(&r);
	conn_log_free(a);
	conn_log_free(b);
	tmpdir_free(d0);
	tmpdir_free(d1);
}
END_TEST

/* Interleaved flows under a cap of 2: flows are split, none is lost: every
 * IP packet is counted in exactly one row, uids are unique. */
START_TEST(t_eviction_interleaved)
{
	struct engine_result r;
	char lp[4200], err[1024];
	const char *names[1] = { "ng_mixed.pcapng" };
	char *d = tmpdir_new();
	struct conn_log *l;
	unsigned long long sum = 0;
	int i, j;

	ck_assert_int_eq(run_engine(d, names, 1, NULL, 2, 0, &r, lp, sizeof(lp), err, sizeof(err)),
			 ENGINE_OK);
	l = conn_log_read(lp);
	ck_assert_uint_gt(r.flows.evicted, 0);
	ck_assert_uint_eq((uint64_t)l->nrows, r.flows.created);
	ck_assert_uint_eq((uint64_t)l->nrows, r.flows.finalised);
	ck_assert_int_gt(l->nrows, 4);
	for (i = 0; i < l->nrows; i++) {
		sum += l->row[i].orig_pkts + l->row[i].resp_pkts;
		for (j = i + 1; j < l->nrows; j++)
			ck_assert_str_ne(l->row[i].uid, l->row[j].uid);
	}
	ck_assert_uint_eq(sum, 31);
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(d);
}
END_TEST

/* ICMP errors are joined to the flow they quote. */
START_TEST(t_icmp_join)
{
	struct engine_result r;
	char lp[4200], err[1024];
	const char *names[1] = { "icmp_errors.pcap" };
	char *d = tmpdir_new();
	struct conn_log *l;
	unsigned i;
	/* 2 (3/13), 4 (3/3), 6 (3/4), 8 (ports+seq only), 12 (UDP), 18 (ICMPv6 PTB) */
	static const uint64_t joined[] = { 2, 4, 6, 8, 12, 18 };

	ck_assert_int_eq(run_engine(d, names, 1, NULL, 0, 0, &r, lp, sizeof(lp), err, sizeof(err)),
			 ENGINE_OK);
	l = conn_log_read(lp);
	ck_assert_uint_eq(r.icmp_joined.count, 6);
	for (i = 0; i < 6; i++)
		ck_assert_uint_eq(r.icmp_joined.first[i].frame, joined[i]);
	/* 10: bogus inner IHL; 13: an error quoting an error */
	ck_assert_uint_eq(r.icmp_unjoined.count, 2);
	ck_assert_uint_eq(r.icmp_unjoined.first[0].frame, 10);
	ck_assert_uint_eq(r.icmp_unjoined.first[1].frame, 13);
	ck_assert_uint_eq(r.anomalies[AN_ICMP_QUOTE_ICMP].count, 1);
	ck_assert_uint_eq(r.anomalies[AN_ICMP_QUOTE_ICMP].first[0].frame, 13);
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(d);
}
END_TEST

/*
 * A Simple Packet Block has no timestamp: it takes the time of the packet
 * before it, so ng_mixed.pcapng's frame 16 causes no clock jump and its DNS
 * flow has a 2026 ts.  (Was a bug before 31f8246: time 0, a backwards jump
 * and ts "0.000000" in conn.log.)
 */
START_TEST(t_spb_timestamp)
{
	struct engine_result r;
	char lp[4200], err[1024];
	const char *names[1] = { "ng_mixed.pcapng" };
	char *d = tmpdir_new();
	struct conn_log *l;
	const struct conn_row *c;

	ck_assert_int_eq(run_engine(d, names, 1, NULL, 0, 0, &r, lp, sizeof(lp), err, sizeof(err)),
			 ENGINE_OK);
	l = conn_log_read(lp);
	c = conn_find(l, "udp", 53000);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->uid, "C0-16");
	ck_assert_msg(strncmp(c->ts, "17672256", 8) == 0, "SPB flow ts %s", c->ts);
	ck_assert_uint_eq(r.clock.jumps_back, 0);
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(d);
}
END_TEST

/* ---- the flow table directly: idle expiry and port reuse --------------------- */

#define NPKT 80
struct pktbuf {
	int n;
	struct packet p[NPKT];
	uint8_t data[NPKT][512];
};

static void load_packets(const char *name, struct pktbuf *b)
{
	char err[READER_ERRLEN];
	struct reader *rd = reader_open(fixture(name), 0, err, sizeof(err));
	struct packet p;

	ck_assert_msg(rd != NULL, "%s", err);
	memset(b, 0, sizeof(*b));
	while (reader_next(rd, &p) == READER_OK && b->n < NPKT) {
		ck_assert_uint_le(p.caplen, sizeof(b->data[0]));
		memcpy(b->data[b->n], p.data, p.caplen);
		b->p[b->n] = p;
		b->p[b->n].data = b->data[b->n];
		b->p[b->n].comment = NULL;
		b->n++;
	}
	reader_close(rd);
}

struct fin_rec {
	int n;
	char uid[32][32];
	char state[32][8];
	char hist[32][40];
	enum flow_end why[32];
	uint64_t pkts[32];
	uint64_t opk[32], rpk[32], ob[32], rb[32], missed[32];
	uint16_t op[32], rp[32];
	uint8_t guessed[32];
};

static void on_fin(void *arg, struct flow *f, enum flow_end why)
{
	struct fin_rec *fr = arg;

	if (fr->n >= 32)
		return;
	flow_uid(f, fr->uid[fr->n], sizeof(fr->uid[0]));
	snprintf(fr->state[fr->n], sizeof(fr->state[0]), "%s", flow_conn_state(f));
	snprintf(fr->hist[fr->n], sizeof(fr->hist[0]), "%s%s", f->flipped ? "^" : "",
		 f->hist_len ? f->hist : "-");
	fr->why[fr->n] = why;
	fr->pkts[fr->n] = f->d[0].pkts + f->d[1].pkts;
	fr->opk[fr->n] = f->d[0].pkts;
	fr->rpk[fr->n] = f->d[1].pkts;
	fr->ob[fr->n] = flow_payload_bytes(f, 0);
	fr->rb[fr->n] = flow_payload_bytes(f, 1);
	fr->missed[fr->n] = f->d[0].missed + f->d[1].missed;
	fr->guessed[fr->n] = f->guessed;
	{
		const uint8_t *oh, *rh;
		flow_endpoints(f, &oh, &fr->op[fr->n], &rh, &fr->rp[fr->n]);
	}
	fr->n++;
}

static void feed(struct flow_table *t, const struct packet *p);

/* Runs the frames listed (1-based indexes into b, 0-terminated) through a
 * fresh table with default limits and flushes it into fr. */
static void run_frames(const struct pktbuf *b, const int *frames, struct fin_rec *fr)
{
	struct flow_limits lim;
	struct flow_table *t;

	memset(fr, 0, sizeof(*fr));
	flow_limits_default(&lim);
	t = flow_table_new(&lim, on_fin, fr);
	ck_assert_ptr_nonnull(t);
	for (; *frames; frames++)
		feed(t, &b->p[*frames - 1]);
	flow_table_flush(t);
	flow_table_free(t);
}

static void feed(struct flow_table *t, const struct packet *p)
{
	struct decoded d;
	struct flow *f;
	int dir;

	ck_assert_int_eq(decode_packet(p, &d), 1);
	flow_expire(t, p->ts_ns);   /* idle flows go before the packet is looked up */
	f = flow_lookup(t, p, &d, p->ts_ns, &dir);
	ck_assert_ptr_nonnull(f);
	flow_update(t, f, dir, p, &d);
}

/*
 * What the packet stage offers nDPI (classify_offer) over the standard
 * exchange (tshark: TCP payload 0 0 0 51 0 78 0 0 0 0, IP lengths 60 60 52
 * 103 52 130 52 52 52 52; frame 11 a DNS query, IP length 61): only the two
 * segments with payload, each as its whole IP packet; the handshake, the
 * ACKs and the FINs are not offered, before the first payload or after it.
 * The UDP query is offered too.  Offers stop at CLASSIFY_MAX_PKTS.
 */
START_TEST(t_classify_offers_payload_only)
{
	static const int want[11] = { 0, 0, 0, 103, 0, 130, 0, 0, 0, 0, 61 };
	struct pktbuf b;
	struct flow_limits lim;
	struct fin_rec fr;
	struct flow_table *t;
	struct flow *tcp_flow = NULL;
	int k, i;

	load_packets("link_en10mb.pcap", &b);
	ck_assert_int_eq(b.n, 11);
	memset(&fr, 0, sizeof(fr));
	flow_limits_default(&lim);
	t = flow_table_new(&lim, on_fin, &fr);
	ck_assert_ptr_nonnull(t);
	for (k = 0; k < 11; k++) {
		struct decoded d;
		struct flow *f;
		const uint8_t *ip = NULL;
		uint32_t len = 0;
		int dir;
		enum cls_offer o;

		ck_assert_int_eq(decode_packet(&b.p[k], &d), 1);
		f = flow_lookup(t, &b.p[k], &d, b.p[k].ts_ns, &dir);
		ck_assert_ptr_nonnull(f);
		flow_update(t, f, dir, &b.p[k], &d);
		o = classify_offer(f, &b.p[k], &d, &ip, &len);
		if (want[k]) {
			ck_assert_msg(o == CLS_FEED, "frame %d: offer %d", k + 1, (int)o);
			ck_assert_uint_eq(len, (unsigned)want[k]);
			ck_assert_ptr_eq(ip, b.p[k].data + d.l3_off);
			ck_assert_uint_eq(ip[0] >> 4, 4);
		} else {
			ck_assert_msg(o == CLS_NO, "frame %d: offer %d", k + 1, (int)o);
		}
		if (k < 10)
			tcp_flow = f;
	}
	ck_assert_uint_eq(tcp_flow->cls_offered, 2);
	/* the budget: a flow offered CLASSIFY_MAX_PKTS packets gets no more */
	{
		struct decoded d;
		const uint8_t *ip;
		uint32_t len;

		ck_assert_int_eq(decode_packet(&b.p[5], &d), 1);
		for (i = 2; i < CLASSIFY_MAX_PKTS; i++)
			ck_assert(classify_offer(tcp_flow, &b.p[5], &d, &ip, &len) == CLS_FEED);
		ck_assert(classify_offer(tcp_flow, &b.p[5], &d, &ip, &len) == CLS_NO);
		ck_assert_uint_eq(tcp_flow->cls_offered, CLASSIFY_MAX_PKTS);
	}
	flow_table_flush(t);
	flow_table_free(t);
}
END_TEST

/*
 * classify_name remembers names by (master, app): asked again, in any order
 * and with pairs that share a cache slot ((master * 31 + app) % 256: (0, 131)
 * and (91, 126)), it gives what a fresh classifier gives for the pair the
 * first time.  nDPI 4.2: 7 is HTTP, 5 is DNS, 91 TLS, 126 Google.
 */
START_TEST(t_classify_names_cached)
{
	static const uint16_t pairs[][2] = { { 0, 7 }, { 0, 5 }, { 91, 126 }, { 0, 131 }, { 7, 0 },
					     { 0, 0 } };
	const unsigned np = sizeof(pairs) / sizeof(pairs[0]);
	char want[8][64], got[64], small[5];
	struct classifier *c;
	struct flow f;
	unsigned i, round;

	memset(&f, 0, sizeof(f));
	for (i = 0; i < np; i++) {
		c = classify_new();
		ck_assert_ptr_nonnull(c);
		f.app_master = pairs[i][0];
		f.app_proto = pairs[i][1];
		classify_name(c, &f, want[i], sizeof(want[i]));
		classify_free(c);
	}
	ck_assert_str_eq(want[0], "HTTP");
	ck_assert_str_eq(want[1], "DNS");
	ck_assert_str_eq(want[5], "");
	ck_assert_str_ne(want[2], want[3]);   /* the two that share a slot differ */
	c = classify_new();
	ck_assert_ptr_nonnull(c);
	for (round = 0; round < 3; round++)
		for (i = 0; i < np; i++) {
			unsigned k = round == 1 ? np - 1 - i : i;
			f.app_master = pairs[k][0];
			f.app_proto = pairs[k][1];
			ck_assert_str_eq(classify_name(c, &f, got, sizeof(got)), want[k]);
		}
	/* a short buffer gets the name cut, as nDPI's own snprintf would */
	f.app_master = 91;
	f.app_proto = 126;
	classify_name(c, &f, small, sizeof(small));
	ck_assert_uint_eq(strlen(small), strlen(want[2]) < 4 ? strlen(want[2]) : 4);
	ck_assert_int_eq(strncmp(small, want[2], 4), 0);
	classify_free(c);
}
END_TEST

/* Idle limit 5 ms: the 13 ms pause between frames 5 and 6 of the standard
 * exchange expires the TCP flow; frame 6 starts a new one (uid C0-6). */
START_TEST(t_idle_expiry)
{
	struct pktbuf b;
	struct flow_limits lim;
	struct fin_rec fr;
	struct flow_table *t;
	int k;

	load_packets("link_en10mb.pcap", &b);
	ck_assert_int_eq(b.n, 11);
	memset(&fr, 0, sizeof(fr));
	flow_limits_default(&lim);
	lim.tcp_idle_ns = 5000000;
	lim.tcp_closed_ns = 5000000;
	t = flow_table_new(&lim, on_fin, &fr);
	ck_assert_ptr_nonnull(t);
	for (k = 0; k < 5; k++)
		feed(t, &b.p[k]);
	ck_assert_int_eq(fr.n, 0);
	feed(t, &b.p[5]);  /* 15.3 ms: the first flow is 13.3 ms idle */
	ck_assert_int_eq(fr.n, 1);
	ck_assert_str_eq(fr.uid[0], "C0-1");
	ck_assert_int_eq(fr.why[0], FLOW_END_IDLE);
	ck_assert_str_eq(fr.hist[0], "ShADa");
	ck_assert_str_eq(fr.state[0], "S1");
	ck_assert_uint_eq(fr.pkts[0], 5);
	ck_assert_uint_eq(flow_table_stats(t)->expired, 1);
	for (k = 6; k < 11; k++)
		feed(t, &b.p[k]);
	flow_table_flush(t);
	/* frames 6-10 (a new, mid-stream flow) and the UDP query */
	ck_assert_int_eq(fr.n, 3);
	ck_assert_str_eq(fr.uid[1], "C0-6");
	ck_assert_uint_eq(fr.pkts[1], 5);
	ck_assert_str_eq(fr.uid[2], "C0-11");
	ck_assert_int_eq(fr.why[2], FLOW_END_EOF);
	ck_assert_uint_eq(flow_table_stats(t)->created, 3);
	ck_assert_uint_eq(flow_table_stats(t)->active, 0);
	flow_table_free(t);
}
END_TEST

/* Defaults: nothing in an 0.1 s capture expires. */
START_TEST(t_no_expiry_by_default)
{
	struct pktbuf b;
	struct flow_limits lim;
	struct fin_rec fr;
	struct flow_table *t;
	int k;

	load_packets("link_en10mb.pcap", &b);
	memset(&fr, 0, sizeof(fr));
	flow_limits_default(&lim);
	t = flow_table_new(&lim, on_fin, &fr);
	for (k = 0; k < 11; k++)
		feed(t, &b.p[k]);
	ck_assert_int_eq(fr.n, 0);
	ck_assert_uint_eq(flow_table_stats(t)->active, 2);
	/* 61 s later the UDP flow (60 s) expires, the TCP one (closed: 5 s) too */
	flow_expire(t, b.p[10].ts_ns + 61LL * 1000000000LL);
	ck_assert_int_eq(fr.n, 2);
	ck_assert_int_eq(fr.why[0], FLOW_END_IDLE);
	ck_assert_int_eq(fr.why[1], FLOW_END_IDLE);
	flow_table_free(t);
}
END_TEST

/* Writes the records of b as a classic pcap (µs, little-endian, EN10MB),
 * adding shift_ns to the timestamps of frames >= from (1-based). */
static void write_pcap(const char *path, const struct pktbuf *b, int from, int64_t shift_ns)
{
	FILE *f = fopen(path, "wb");
	uint32_t gh[6] = { 0xa1b2c3d4u, 0x00040002u, 0, 0, 65535, 1 };
	int k;

	ck_assert_ptr_nonnull(f);
	fwrite(gh, 4, 6, f);  /* host order is little-endian on the test machines */
	for (k = 0; k < b->n; k++) {
		int64_t ts = b->p[k].ts_ns + (k + 1 >= from ? shift_ns : 0);
		uint32_t rh[4] = { (uint32_t)(ts / 1000000000LL),
				   (uint32_t)((ts % 1000000000LL) / 1000), b->p[k].caplen, b->p[k].len };
		fwrite(rh, 4, 4, f);
		fwrite(b->data[k], 1, b->p[k].caplen, f);
	}
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * The standard exchange with a 400 s pause after frame 5 (TCP idle limit
 * 300 s, Zeek's tcp_inactivity_timeout): the TCP flow is finalised as idle
 * before frame 6 is looked up, so frame 6 starts a new flow C0-6 (3 rows),
 * whether or not other packets arrived during the pause.  (Before e6360df
 * the engine looked frame 6 up first and continued the stale flow.)
 */
START_TEST(t_engine_idle_gap)
{
	struct pktbuf b;
	struct engine_result r;
	char lp[4200], err[1024], cap[4200];
	char *d = tmpdir_new();
	const char *names[1];
	struct conn_log *l;
	const struct conn_row *c;

	load_packets("link_en10mb.pcap", &b);
	snprintf(cap, sizeof(cap), "%s/gap.pcap", d);
	write_pcap(cap, &b, 6, 400LL * 1000000000LL);
	names[0] = cap;
	ck_assert_int_eq(run_engine(d, names, 1, NULL, 0, 0, &r, lp, sizeof(lp), err, sizeof(err)),
			 ENGINE_OK);
	l = conn_log_read(lp);
	ck_assert_uint_eq(r.packets, 11);
	c = conn_find(l, "tcp", 40000);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->uid, "C0-1");
	ck_assert_msg(l->nrows == 3, "%d rows, want 3 (C0-1, C0-6, C0-11)", l->nrows);
	ck_assert_uint_ge(r.flows.expired, 1);
	ck_assert_uint_eq(c->orig_pkts, 3);
	ck_assert_uint_eq(c->resp_pkts, 2);
	ck_assert_str_eq(c->conn_state, "S1");
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(d);
}
END_TEST

/* The same pause with a packet of another flow in it: the TCP flow is
 * expired by that packet's clock update, frame 6 starts C0-6. */
START_TEST(t_engine_idle_gap_with_traffic)
{
	struct pktbuf b;
	struct engine_result r;
	char lp[4200], err[1024], cap[4200];
	char *d = tmpdir_new();
	const char *names[1];
	struct conn_log *l;
	struct packet udp;
	int k;

	load_packets("link_en10mb.pcap", &b);
	/* move the UDP query (frame 11) between frames 5 and 6, 350 s in */
	udp = b.p[10];
	memmove(&b.p[6], &b.p[5], 5 * sizeof(b.p[0]));
	memmove(b.data[6], b.data[5], 5 * sizeof(b.data[0]));
	b.p[5] = udp;
	for (k = 0; k < 11; k++)
		b.p[k].data = b.data[k];
	{
		/* reload the UDP bytes (frame 11 of the file) into slot 5 */
		struct pktbuf o;
		load_packets("link_en10mb.pcap", &o);
		memcpy(b.data[5], o.data[10], o.p[10].caplen);
		b.p[5].ts_ns = o.p[4].ts_ns + 350LL * 1000000000LL;
	}
	snprintf(cap, sizeof(cap), "%s/gap2.pcap", d);
	write_pcap(cap, &b, 7, 400LL * 1000000000LL);
	names[0] = cap;
	ck_assert_int_eq(run_engine(d, names, 1, NULL, 0, 0, &r, lp, sizeof(lp), err, sizeof(err)),
			 ENGINE_OK);
	l = conn_log_read(lp);
	ck_assert_int_eq(l->nrows, 3);
	ck_assert_uint_ge(r.flows.expired, 1);
	ck_assert_str_eq(l->row[0].uid, "C0-1");
	ck_assert_str_eq(l->row[0].conn_state, "S1");
	ck_assert_ptr_nonnull(conn_find(l, "udp", 53000));
	ck_assert_str_eq(conn_find(l, "udp", 53000)->uid, "C0-6");
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(d);
}
END_TEST

/* The GET (frame 4) seen twice: a retransmission, 'T' in the history,
 * payload bytes counted once (from sequence numbers). */
START_TEST(t_history_retransmission)
{
	static const int fr_list[] = { 1, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 0 };
	struct pktbuf b;
	struct fin_rec fr;

	load_packets("link_en10mb.pcap", &b);
	run_frames(&b, fr_list, &fr);
	ck_assert_int_eq(fr.n, 1);
	ck_assert_str_eq(fr.hist[0], "ShADTadFf");
	ck_assert_str_eq(fr.state[0], "SF");
	ck_assert_uint_eq(fr.opk[0], 7);
	ck_assert_uint_eq(fr.ob[0], 51);
	ck_assert_uint_eq(fr.rb[0], 78);
	ck_assert_uint_eq(fr.missed[0], 0);
}
END_TEST

/*
 * The standard exchange without frame 4 (the 51-byte GET, lost by the
 * capture): the client's FIN is at ISN+52 and the server ACKs ISN+52, so
 * 51 bytes were sent but never seen: orig_bytes 51 (from sequence numbers)
 * and missed_bytes 51, as Zeek reports them.  (0 and 0 before ad0d136.)
 */
START_TEST(t_missed_bytes_acked_unseen)
{
	static const int fr_list[] = { 1, 2, 3, 5, 6, 7, 8, 9, 10, 0 };
	struct pktbuf b;
	struct fin_rec fr;

	load_packets("link_en10mb.pcap", &b);
	run_frames(&b, fr_list, &fr);
	ck_assert_int_eq(fr.n, 1);
	ck_assert_uint_eq(fr.opk[0], 5);
	ck_assert_uint_eq(fr.rb[0], 78);
	ck_assert_str_eq(fr.state[0], "SF");
	ck_assert_msg(fr.ob[0] == 51 && fr.missed[0] == 51,
		      "orig_bytes %llu missed_bytes %llu, want 51 and 51 (history %s)",
		      (unsigned long long)fr.ob[0], (unsigned long long)fr.missed[0], fr.hist[0]);
}
END_TEST

/* No SYN seen: the first packet is the server's response (port 80 to an
 * ephemeral port): the client is the originator, guessed, history flipped. */
START_TEST(t_originator_guessed)
{
	static const int fr_list[] = { 6, 7, 8, 9, 10, 11, 0 };
	struct pktbuf b;
	struct fin_rec fr;

	load_packets("link_en10mb.pcap", &b);
	run_frames(&b, fr_list, &fr);
	ck_assert_int_eq(fr.n, 2);
	ck_assert_str_eq(fr.uid[0], "C0-6");
	ck_assert_uint_eq(fr.op[0], 40000);
	ck_assert_uint_eq(fr.rp[0], 80);
	ck_assert_uint_eq(fr.guessed[0], 1);
	ck_assert_uint_eq(fr.opk[0], 3);
	ck_assert_uint_eq(fr.rpk[0], 2);
	ck_assert_uint_eq(fr.rb[0], 78);
	ck_assert_msg(fr.hist[0][0] == '^', "history %s", fr.hist[0]);
	/* the UDP query: its sender is the originator, not guessed */
	ck_assert_str_eq(fr.uid[1], "C0-11");
	ck_assert_uint_eq(fr.op[1], 53000);
	ck_assert_uint_eq(fr.guessed[1], 0);
}
END_TEST

/* The same 5-tuple on two VLANs is two flows (the outer VLAN id is part of
 * the key). */
START_TEST(t_vlan_in_key)
{
	struct pktbuf b;
	struct fin_rec fr;
	struct flow_limits lim;
	struct flow_table *t;
	struct packet q;
	uint8_t other[256];

	load_packets("link_vlan.pcap", &b);
	ck_assert_int_eq(b.n, 11);
	/* frame 11 is the UDP query on VLAN 100: 81 00 00 64 */
	ck_assert_uint_eq(b.data[10][12], 0x81);
	ck_assert_uint_eq(b.data[10][15], 100);
	q = b.p[10];
	memcpy(other, b.data[10], q.caplen);
	other[15] = 200;
	q.data = other;
	q.frame = 12;
	memset(&fr, 0, sizeof(fr));
	flow_limits_default(&lim);
	t = flow_table_new(&lim, on_fin, &fr);
	feed(t, &b.p[10]);
	feed(t, &q);
	feed(t, &b.p[10]);
	flow_table_flush(t);
	flow_table_free(t);
	ck_assert_int_eq(fr.n, 2);
	/* flushed least recently seen first: the VLAN 200 flow */
	ck_assert_str_eq(fr.uid[0], "C0-12");
	ck_assert_uint_eq(fr.pkts[0], 1);
	ck_assert_str_eq(fr.uid[1], "C0-11");
	ck_assert_uint_eq(fr.pkts[1], 2);
}
END_TEST

/* A zero window from the server: 'w' in the history. */
START_TEST(t_history_zero_window)
{
	static const int fr_list[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0 };
	struct pktbuf b;
	struct fin_rec fr;
	uint8_t *tcp;
	unsigned ihl;

	load_packets("link_en10mb.pcap", &b);
	/* frame 5 (server ACK of the GET) advertises window 0 */
	ihl = (unsigned)(b.data[4][14] & 0x0f) * 4;
	tcp = b.data[4] + 14 + ihl;
	tcp[14] = tcp[15] = 0;
	{
		/* fix the TCP checksum */
		unsigned tot = (unsigned)(b.data[4][16] << 8 | b.data[4][17]), tl = tot - ihl, i;
		uint32_t sum = 0;
		struct cursor c;
		tcp[16] = tcp[17] = 0;
		for (i = 0; i < 8; i += 2)
			sum += (uint32_t)(b.data[4][26 + i] << 8 | b.data[4][27 + i]);
		sum += 6 + tl;
		c = cursor_make(tcp, tl);
		sum = cursor_csum_fold(cursor_csum(&c, sum));
		tcp[16] = (uint8_t)(~sum >> 8);
		tcp[17] = (uint8_t)~sum;
	}
	run_frames(&b, fr_list, &fr);
	ck_assert_int_eq(fr.n, 1);
	ck_assert_msg(strchr(fr.hist[0], 'w') != NULL, "history %s has no 'w'", fr.hist[0]);
	ck_assert_ptr_null(strchr(fr.hist[0], 'c'));   /* checksum fixed: no 'c' */
	ck_assert_str_eq(fr.state[0], "SF");
}
END_TEST

/* One far-forward and one backwards timestamp inside the standard exchange:
 * both counted, neither expires the TCP flow (one SF row of 10 packets). */
START_TEST(t_engine_clock_jumps)
{
	static const int64_t shift[2] = { 365LL * 86400 * 1000000000LL, -86400LL * 1000000000LL };
	int k;

	for (k = 0; k < 2; k++) {
		struct pktbuf b;
		struct engine_result r;
		char lp[4200], err[1024], cap[4200];
		char *d = tmpdir_new();
		const char *names[1];
		struct conn_log *l;
		const struct conn_row *c;

		load_packets("link_en10mb.pcap", &b);
		b.p[5].ts_ns += shift[k];          /* frame 6 only */
		snprintf(cap, sizeof(cap), "%s/jump.pcap", d);
		write_pcap(cap, &b, 99, 0);
		names[0] = cap;
		ck_assert_int_eq(run_engine(d, names, 1, NULL, 0, 0, &r, lp, sizeof(lp), err, sizeof(err)),
				 ENGINE_OK);
		l = conn_log_read(lp);
		if (k == 0) {
			ck_assert_uint_eq(r.clock.jumps_forward, 1);
			ck_assert_uint_eq(r.clock.jumps_back, 0);
		} else {
			ck_assert_uint_eq(r.clock.jumps_back, 1);
			ck_assert_uint_eq(r.clock.jumps_forward, 0);
		}
		ck_assert_uint_eq(r.clock.first_jump_frame, 6);
		ck_assert_uint_eq(r.clock.gaps, 0);
		ck_assert_uint_eq(r.flows.expired, 0);
		ck_assert_int_eq(l->nrows, 2);
		c = conn_find(l, "tcp", 40000);
		ck_assert_ptr_nonnull(c);
		ck_assert_str_eq(c->conn_state, "SF");
		ck_assert_uint_eq(c->orig_pkts + c->resp_pkts, 10);
		engine_result_free(&r);
		conn_log_free(l);
		tmpdir_free(d);
	}
}
END_TEST

/* A real pause of two days after frame 5, confirmed by the following
 * packets: the clock moves (one gap), nothing counted as a jump. */
START_TEST(t_engine_clock_gap)
{
	struct pktbuf b;
	struct engine_result r;
	char lp[4200], err[1024], cap[4200];
	char *d = tmpdir_new();
	const char *names[1];
	struct conn_log *l;

	load_packets("link_en10mb.pcap", &b);
	snprintf(cap, sizeof(cap), "%s/gap.pcap", d);
	write_pcap(cap, &b, 6, 2LL * 86400 * 1000000000LL);
	names[0] = cap;
	ck_assert_int_eq(run_engine(d, names, 1, NULL, 0, 0, &r, lp, sizeof(lp), err, sizeof(err)),
			 ENGINE_OK);
	l = conn_log_read(lp);
	ck_assert_uint_eq(r.clock.gaps, 1);
	ck_assert_uint_eq(r.clock.jumps_forward, 0);
	ck_assert_uint_eq(r.clock.jumps_back, 0);
	ck_assert_str_eq(l->close, "2026-01-03-00-00-00");
	ck_assert_ptr_nonnull(conn_find(l, "udp", 53000));
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(d);
}
END_TEST

/*
 * The same two-day pause after frame 5: the first packet after it (frame 6)
 * must not revive the stale TCP flow.  The flow is finalised as idle and
 * frames 6-10 are a new flow C0-6 (Zeek: 300 s inactivity): 3 rows.
 * (Before 399da35 frame 6 was handled with the old clock, joined the stale
 * flow and made it look fresh: 2 rows.)
 */
START_TEST(t_gap_first_packet_new_flow)
{
	struct pktbuf b;
	struct engine_result r;
	char lp[4200], err[1024], cap[4200];
	char *d = tmpdir_new();
	const char *names[1];
	struct conn_log *l;

	load_packets("link_en10mb.pcap", &b);
	snprintf(cap, sizeof(cap), "%s/gap.pcap", d);
	write_pcap(cap, &b, 6, 2LL * 86400 * 1000000000LL);
	names[0] = cap;
	ck_assert_int_eq(run_engine(d, names, 1, NULL, 0, 0, &r, lp, sizeof(lp), err, sizeof(err)),
			 ENGINE_OK);
	l = conn_log_read(lp);
	ck_assert_uint_eq(r.clock.gaps, 1);
	ck_assert_msg(l->nrows == 3 && r.flows.expired >= 1,
		      "%d rows, %llu expired: want 3 rows (C0-1 idle, C0-6, C0-11)", l->nrows,
		      (unsigned long long)r.flows.expired);
	engine_result_free(&r);
	conn_log_free(l);
	tmpdir_free(d);
}
END_TEST

/* Rewrites the TCP sequence number of an Ethernet/IPv4 frame and fixes the
 * TCP checksum (so the new SYN is a valid packet). */
/* Recomputes the TCP checksum of an Ethernet/IPv4 frame. */
static void tcp_fix_csum(uint8_t *data)
{
	unsigned ihl = (unsigned)(data[14] & 0x0f) * 4, tot = (unsigned)(data[16] << 8 | data[17]);
	uint8_t *tcp = data + 14 + ihl;
	unsigned tl = tot - ihl, i;
	uint32_t sum = 0;
	struct cursor c;

	tcp[16] = tcp[17] = 0;
	for (i = 0; i < 8; i += 2)
		sum += (uint32_t)(data[26 + i] << 8 | data[27 + i]);
	sum += 6 + tl;
	c = cursor_make(tcp, tl);
	sum = cursor_csum_fold(cursor_csum(&c, sum));
	tcp[16] = (uint8_t)(~sum >> 8);
	tcp[17] = (uint8_t)~sum;
}

static void set_seq(struct packet *p, uint8_t *data, uint32_t seq)
{
	uint8_t *tcp = data + 14 + (unsigned)(data[14] & 0x0f) * 4;

	tcp[4] = (uint8_t)(seq >> 24);
	tcp[5] = (uint8_t)(seq >> 16);
	tcp[6] = (uint8_t)(seq >> 8);
	tcp[7] = (uint8_t)seq;
	tcp_fix_csum(data);
	(void)p;
}

static void set_flags(uint8_t *data, uint8_t flags)
{
	uint8_t *tcp = data + 14 + (unsigned)(data[14] & 0x0f) * 4;

	tcp[13] = flags;
	tcp_fix_csum(data);
}

/* After the connection closed, a SYN with a new ISN on the same 4-tuple is
 * a new connection (a new flow, named by its own frame); the same ISN again
 * is a retransmission of the old SYN and stays in the old flow. */
START_TEST(t_port_reuse)
{
	struct pktbuf b;
	struct flow_limits lim;
	struct fin_rec fr;
	struct flow_table *t;
	struct packet again, fresh;
	uint8_t d_again[256], d_fresh[256];
	int k;

	load_packets("link_en10mb.pcap", &b);
	memset(&fr, 0, sizeof(fr));
	flow_limits_default(&lim);
	t = flow_table_new(&lim, on_fin, &fr);
	for (k = 0; k < 10; k++)
		feed(t, &b.p[k]);
	/* frame "12": the SYN of frame 1 again, unchanged */
	again = b.p[0];
	memcpy(d_again, b.data[0], again.caplen);
	again.data = d_again;
	again.frame = 12;
	again.ts_ns = b.p[9].ts_ns + 1000000;
	feed(t, &again);
	ck_assert_int_eq(fr.n, 0);
	/* frame "13": a SYN with a new ISN */
	fresh = b.p[0];
	memcpy(d_fresh, b.data[0], fresh.caplen);
	set_seq(&fresh, d_fresh, 0x11223344);
	fresh.data = d_fresh;
	fresh.frame = 13;
	fresh.ts_ns = b.p[9].ts_ns + 2000000;
	{
		struct decoded d;
		decode_packet(&fresh, &d);
		ck_assert_uint_eq(d.tcp.seq, 0x11223344);
		ck_assert(!d.csum_bad);
	}
	feed(t, &fresh);
	ck_assert_int_eq(fr.n, 1);
	ck_assert_str_eq(fr.uid[0], "C0-1");
	ck_assert_int_eq(fr.why[0], FLOW_END_CLOSED);
	ck_assert_str_eq(fr.state[0], "SF");
	ck_assert_uint_eq(fr.pkts[0], 11);
	flow_table_flush(t);
	ck_assert_int_eq(fr.n, 2);
	ck_assert_str_eq(fr.uid[1], "C0-13");
	ck_assert_str_eq(fr.state[1], "S0");
	ck_assert_str_eq(fr.hist[1], "S");
	flow_table_free(t);
}
END_TEST

/* The originator is the SYN's sender even when the SYN-ACK direction is
 * looked up first from the other side; direction 1 for the responder. */
START_TEST(t_lookup_direction)
{
	struct pktbuf b;
	struct flow_limits lim;
	struct flow_table *t;
	struct decoded d;
	struct flow *f, *g;
	int dir;
	const uint8_t *oh, *rh;
	uint16_t op, rp;

	load_packets("link_en10mb.pcap", &b);
	flow_limits_default(&lim);
	t = flow_table_new(&lim, NULL, NULL);
	decode_packet(&b.p[0], &d);
	f = flow_lookup(t, &b.p[0], &d, b.p[0].ts_ns, &dir);
	ck_assert_int_eq(dir, 0);
	flow_update(t, f, dir, &b.p[0], &d);
	decode_packet(&b.p[1], &d);
	g = flow_lookup(t, &b.p[1], &d, b.p[1].ts_ns, &dir);
	ck_assert_ptr_eq(f, g);
	ck_assert_int_eq(dir, 1);
	flow_endpoints(f, &oh, &op, &rh, &rp);
	ck_assert_uint_eq(op, 40000);
	ck_assert_uint_eq(rp, 80);
	ck_assert_uint_eq(oh[0], 192);
	ck_assert_uint_eq(rh[0], 198);
	ck_assert(!f->guessed);
	flow_table_free(t);
}
END_TEST

/* The server resets an established connection; a new SYN (new ISN) on the
 * same 4-tuple is a new flow. */
START_TEST(t_port_reuse_after_reset)
{
	struct pktbuf b;
	struct fin_rec fr;
	struct flow_limits lim;
	struct flow_table *t;
	struct packet rst, syn;
	uint8_t d_rst[512], d_syn[512];
	int k;

	load_packets("link_en10mb.pcap", &b);
	memset(&fr, 0, sizeof(fr));
	flow_limits_default(&lim);
	t = flow_table_new(&lim, on_fin, &fr);
	for (k = 0; k < 5; k++)
		feed(t, &b.p[k]);
	/* frame 5 (server ACK) again as RST-ACK */
	rst = b.p[4];
	memcpy(d_rst, b.data[4], rst.caplen);
	set_flags(d_rst, TCP_RST | TCP_ACK);
	rst.data = d_rst;
	rst.frame = 6;
	rst.ts_ns += 1000;
	feed(t, &rst);
	syn = b.p[0];
	memcpy(d_syn, b.data[0], syn.caplen);
	set_seq(&syn, d_syn, 0x55667788);
	syn.data = d_syn;
	syn.frame = 7;
	syn.ts_ns = rst.ts_ns + 1000;
	feed(t, &syn);
	ck_assert_int_eq(fr.n, 1);
	ck_assert_str_eq(fr.uid[0], "C0-1");
	ck_assert_str_eq(fr.state[0], "RSTR");
	ck_assert_str_eq(fr.hist[0], "ShADar");
	flow_table_flush(t);
	flow_table_free(t);
	ck_assert_int_eq(fr.n, 2);
	ck_assert_str_eq(fr.uid[1], "C0-7");
	ck_assert_str_eq(fr.state[1], "S0");
}
END_TEST

/* A DNS answer seen without its query (states.pcap frame 63): the client
 * is the originator, guessed, history flipped. */
START_TEST(t_udp_response_first)
{
	static const int fr_list[] = { 63, 0 };
	struct pktbuf b;
	struct fin_rec fr;

	load_packets("states.pcap", &b);
	ck_assert_int_eq(b.n, 66);
	run_frames(&b, fr_list, &fr);
	ck_assert_int_eq(fr.n, 1);
	ck_assert_str_eq(fr.uid[0], "C0-63");
	ck_assert_uint_eq(fr.op[0], 41020);
	ck_assert_uint_eq(fr.rp[0], 53);
	ck_assert_uint_eq(fr.guessed[0], 1);
	ck_assert_uint_eq(fr.opk[0], 0);
	ck_assert_uint_eq(fr.rpk[0], 1);
	ck_assert_str_eq(fr.hist[0], "^d");
	ck_assert_str_eq(fr.state[0], "SHR");
}
END_TEST

/* 40 SYNs with 40 different ISNs on one open 4-tuple: the history is capped
 * at FLOW_HIST_MAX - 1 letters and the truncation counted once. */
START_TEST(t_history_cap)
{
	struct pktbuf b;
	struct fin_rec fr;
	struct flow_limits lim;
	struct flow_table *t;
	uint8_t d_syn[512];
	struct packet syn;
	int k;

	load_packets("link_en10mb.pcap", &b);
	memset(&fr, 0, sizeof(fr));
	flow_limits_default(&lim);
	t = flow_table_new(&lim, on_fin, &fr);
	for (k = 0; k < 40; k++) {
		syn = b.p[0];
		memcpy(d_syn, b.data[0], syn.caplen);
		set_seq(&syn, d_syn, 1000u + (uint32_t)k * 7919u);
		syn.data = d_syn;
		syn.frame = (uint64_t)k + 1;
		syn.ts_ns += k;
		feed(t, &syn);
	}
	ck_assert_uint_eq(flow_table_stats(t)->hist_truncated, 1);
	ck_assert_uint_eq(flow_table_stats(t)->created, 1);
	flow_table_flush(t);
	flow_table_free(t);
	ck_assert_int_eq(fr.n, 1);
	ck_assert_uint_eq(strlen(fr.hist[0]), FLOW_HIST_MAX - 1);
	ck_assert_uint_eq(fr.opk[0], 40);
	ck_assert_str_eq(fr.state[0], "S0");
}
END_TEST

/* ---- compact records (src/flow.h) -------------------------------------------- */

static struct flow *feed_get(struct flow_table *t, const struct packet *p, int *dir)
{
	struct decoded d;
	struct flow *f;

	ck_assert_int_eq(decode_packet(p, &d), 1);
	f = flow_lookup(t, p, &d, p->ts_ns, dir);
	ck_assert_ptr_nonnull(f);
	flow_update(t, f, *dir, p, &d);
	return f;
}

static int fin_full_seen, fin_calls;

static void on_fin_full(void *arg, struct flow *f, enum flow_end why)
{
	(void)why;
	fin_calls++;
	fin_full_seen += f->full;
	on_fin(arg, f, why);
}

/* link_en10mb.pcap: SYN, SYN-ACK and ACK (no payload) keep the flow compact;
 * frame 4 (51 bytes of data) makes it full, once, and the table goes on
 * finding it (hash chain) and keeping it in order (least-recently-seen
 * list): frame 5 lands on the same record, the flush hands it over whole. */
START_TEST(t_compact_until_payload)
{
	struct pktbuf b;
	struct flow_limits lim;
	struct fin_rec fr;
	struct flow_table *t;
	struct flow *f, *g;
	int dir, k;

	load_packets("link_en10mb.pcap", &b);
	ck_assert_int_eq(b.n, 11);
	memset(&fr, 0, sizeof(fr));
	fin_full_seen = fin_calls = 0;
	flow_limits_default(&lim);
	t = flow_table_new(&lim, on_fin_full, &fr);
	ck_assert_ptr_nonnull(t);
	for (k = 0; k < 3; k++) {
		f = feed_get(t, &b.p[k], &dir);
		ck_assert_int_eq(f->full, 0);
		ck_assert_int_eq(dir, k == 1);
	}
	ck_assert_uint_eq(flow_table_stats(t)->compact, 1);
	ck_assert_uint_eq(flow_table_stats(t)->promoted, 0);
	ck_assert_str_eq(f->hist, "ShA");
	ck_assert_uint_eq(f->d[0].pkts, 2);
	ck_assert_uint_eq(f->d[1].pkts, 1);
	g = feed_get(t, &b.p[3], &dir);         /* data */
	ck_assert_int_eq(g->full, 1);
	ck_assert_uint_eq(flow_table_stats(t)->promoted, 1);
	ck_assert_uint_eq(flow_table_stats(t)->active, 1);
	/* the compact part came along, the rest started from zero */
	ck_assert_str_eq(g->hist, "ShAD");
	ck_assert_uint_eq(g->d[0].pkts, 3);
	ck_assert_uint_eq(g->d[0].first_frame, 1);
	ck_assert_uint_eq(g->dx[0].first_data.frame, 4);
	ck_assert_uint_eq(g->synack_frame.frame, 2);
	ck_assert_uint_eq(g->rst_first.frame, 0);
	f = feed_get(t, &b.p[4], &dir);
	ck_assert_ptr_eq(f, g);
	ck_assert_int_eq(dir, 1);
	ck_assert_uint_eq(flow_table_stats(t)->promoted, 1);
	/* frame 11 (a DNS query with payload) starts full */
	f = feed_get(t, &b.p[10], &dir);
	ck_assert_int_eq(f->full, 1);
	ck_assert_uint_eq(flow_table_stats(t)->compact, 1);
	flow_table_flush(t);
	ck_assert_int_eq(fin_calls, 2);
	ck_assert_int_eq(fin_full_seen, 2);
	ck_assert_str_eq(fr.hist[0], "ShADa");
	flow_table_free(t);
}
END_TEST

/* A flow that stays compact to its end is handed to the callback as a
 * whole record (the callback may read every field); a bare SYN is S0 and
 * counted compact, never made full by the table. */
START_TEST(t_compact_to_the_end)
{
	struct pktbuf b;
	struct flow_limits lim;
	struct fin_rec fr;
	struct flow_table *t;
	struct flow *f;
	int dir;

	load_packets("link_en10mb.pcap", &b);
	memset(&fr, 0, sizeof(fr));
	fin_full_seen = fin_calls = 0;
	flow_limits_default(&lim);
	t = flow_table_new(&lim, on_fin_full, &fr);
	ck_assert_ptr_nonnull(t);
	f = feed_get(t, &b.p[0], &dir);
	ck_assert_int_eq(f->full, 0);
	flow_table_flush(t);
	ck_assert_int_eq(fin_calls, 1);
	ck_assert_int_eq(fin_full_seen, 1);
	ck_assert_str_eq(fr.state[0], "S0");
	ck_assert_str_eq(fr.hist[0], "S");
	ck_assert_uint_eq(flow_table_stats(t)->compact, 1);
	flow_table_free(t);
	/* the same with full_records: no compact record at all */
	memset(&fr, 0, sizeof(fr));
	lim.full_records = 1;
	t = flow_table_new(&lim, on_fin_full, &fr);
	ck_assert_ptr_nonnull(t);
	f = feed_get(t, &b.p[0], &dir);
	ck_assert_int_eq(f->full, 1);
	flow_table_flush(t);
	ck_assert_uint_eq(flow_table_stats(t)->compact, 0);
	ck_assert_str_eq(fr.state[0], "S0");
	flow_table_free(t);
}
END_TEST

/* flow_expand: a compact record read whole, the rest zero however dirty
 * the scratch record was. */
START_TEST(t_compact_expand)
{
	void *raw = calloc(1, FLOW_COMPACT_SIZE);
	struct flow *c, *w = malloc(sizeof(struct flow)), *x;

	/* a compact block is read only through its compact part (the table's
	 * pool hides its size from the compiler; so does this) */
	__asm__ volatile("" : "+r"(raw));
	c = raw;
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(w);
	ck_assert_uint_lt(FLOW_COMPACT_SIZE, sizeof(struct flow));
	ck_assert_uint_ge(FLOW_COMPACT_SIZE, offsetof(struct flow, app_master));
	memset(w, 0xa5, sizeof(*w));
	c->first_frame = 42;
	c->d[1].df_pkts = 7;
	x = flow_expand(c, w);
	ck_assert_ptr_eq(x, w);
	ck_assert_uint_eq(x->first_frame, 42);
	ck_assert_uint_eq(x->d[1].df_pkts, 7);
	ck_assert_uint_eq(x->icmp_errors, 0);
	ck_assert_uint_eq(x->dx[1].cut_pkts, 0);
	ck_assert_uint_eq(x->tun_kind, 0);
	w->full = 1;
	ck_assert_ptr_eq(flow_expand(w, c), w);
	free(c);
	free(w);
}
END_TEST

static Suite *flow_suite(void)
{
	Suite *s = suite_create("flow");
	TCase *tc = tcase_create("flow");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, t_expected_tsv, 0, ngroups);
	tcase_add_test(tc, t_synack_first_history_caret);
	tcase_add_test(tc, t_icmp_row);
	tcase_add_test(tc, t_spb_timestamp);
	tcase_add_test(tc, t_vlan12_capped);
	tcase_add_test(tc, t_user0_undecoded);
	tcase_add_test(tc, t_ethertypes_no_flows);
	tcase_add_test(tc, t_bogus_ipv4_header_makes_no_flow);
	tcase_add_test(tc, t_conn_columns);
	tcase_add_test(tc, t_conn_open_close);
	tcase_add_test(tc, t_engine_mixed_inputs);
	tcase_add_test(tc, t_uid_format);
	tcase_add_test(tc, t_uid_second_capture);
	tcase_add_test(tc, t_deterministic);
	tcase_add_loop_test(tc, t_ring_any_order, 0, 3);
	tcase_add_test(tc, t_ringswap);
	tcase_add_test(tc, t_bpf_keeps_frames);
	tcase_add_test(tc, t_bpf_tcp_port);
	tcase_add_test(tc, t_bpf_mixed_linktypes);
	tcase_add_test(tc, t_bpf_bad);
	tcase_add_test(tc, t_eviction);
	tcase_add_test(tc, t_eviction_interleaved);
	tcase_add_test(tc, t_icmp_join);
	tcase_add_test(tc, t_idle_expiry);
	tcase_add_test(tc, t_no_expiry_by_default);
	tcase_add_test(tc, t_engine_idle_gap);
	tcase_add_test(tc, t_engine_idle_gap_with_traffic);
	tcase_add_test(tc, t_engine_clock_jumps);
	tcase_add_test(tc, t_engine_clock_gap);
	tcase_add_test(tc, t_gap_first_packet_new_flow);
	tcase_add_test(tc, t_port_reuse);
	tcase_add_test(tc, t_lookup_direction);
	tcase_add_test(tc, t_history_retransmission);
	tcase_add_test(tc, t_missed_bytes_acked_unseen);
	tcase_add_test(tc, t_originator_guessed);
	tcase_add_test(tc, t_vlan_in_key);
	tcase_add_test(tc, t_history_zero_window);
	tcase_add_test(tc, t_port_reuse_after_reset);
	tcase_add_test(tc, t_udp_response_first);
	tcase_add_test(tc, t_history_cap);
	tcase_add_test(tc, t_compact_until_payload);
	tcase_add_test(tc, t_compact_to_the_end);
	tcase_add_test(tc, t_compact_expand);
	tcase_add_test(tc, t_classify_offers_payload_only);
	tcase_add_test(tc, t_classify_names_cached);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	load_expected();
	return run_suite(flow_suite());
}
