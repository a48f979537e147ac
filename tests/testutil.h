/*
 * testutil.h - helpers shared by the Check suites: fixture paths, temporary
 * directories, running the engine into a conn.log and parsing it back.
 *
 * Fixtures are read from $top_srcdir (set by Makefile.am's
 * TESTS_ENVIRONMENT; "." when unset, i.e. run from the source tree).
 */
#ifndef NETRCA_TESTUTIL_H
#define NETRCA_TESTUTIL_H

#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "engine.h"

/* Path of fixtures/engine/<name> under $top_srcdir into a static buffer
 * (one of 8 rotating buffers, so a few can be alive at once). */
static inline const char *fixture(const char *name)
{
	static char buf[8][4096];
	static unsigned k;
	const char *top = getenv("top_srcdir");
	char *b = buf[k++ % 8];

	if (!top || !*top)
		top = ".";
	if ((size_t)snprintf(b, sizeof(buf[0]), "%s/fixtures/engine/%s", top, name) >= sizeof(buf[0]))
		ck_abort_msg("fixture path too long");
	return b;
}

static inline int file_exists(const char *p)
{
	return access(p, R_OK) == 0;
}

/* Reads a whole file into a malloc'ed, NUL-terminated buffer; NULL on error. */
static inline char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			char *nb;
			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, 4096, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

/* A fresh temporary directory (malloc'ed path). */
static inline char *tmpdir_new(void)
{
	const char *base = getenv("TMPDIR");
	char *p = malloc(4096);

	ck_assert_ptr_nonnull(p);
	snprintf(p, 4096, "%s/netrca-test-XXXXXX", base && *base ? base : "/tmp");
	ck_assert_msg(mkdtemp(p) != NULL, "mkdtemp %s failed", p);
	return p;
}

/* Removes a flat temporary directory and frees the path. */
static inline void tmpdir_free(char *p)
{
	DIR *d = opendir(p);
	struct dirent *de;
	char f[8192];

	if (d) {
		while ((de = readdir(d)) != NULL) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			snprintf(f, sizeof(f), "%s/%s", p, de->d_name);
			unlink(f);
		}
		closedir(d);
	}
	rmdir(p);
	free(p);
}

/* ---- conn.log rows ---------------------------------------------------- */

#define CONN_MAX_ROWS 256

struct conn_row {
	char ts[32], uid[32], orig_h[48], resp_h[48], proto[24], service[64];
	unsigned orig_p, resp_p;
	char duration[32];
	unsigned long long orig_bytes, resp_bytes, missed;
	char conn_state[8], history[40];
	unsigned long long orig_pkts, orig_ip_bytes, resp_pkts, resp_ip_bytes;
	char community_id[64];
};

struct conn_log {
	int nrows;
	struct conn_row row[CONN_MAX_ROWS];
	char open[40], close[40];
	int have_fields, have_types, have_separator;
	char *raw;   /* whole file, owned */
	size_t rawlen;
};

/* Splits s at tabs in place; returns the number of fields. */
static inline int split_tabs(char *s, char **f, int max)
{
	int n = 0;

	f[n++] = s;
	for (; *s && n < max; s++)
		if (*s == '\t') {
			*s = 0;
			f[n++] = s + 1;
		}
	return n;
}

#define CONN_FIELDS "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\t" \
	"duration\torig_bytes\tresp_bytes\tconn_state\tmissed_bytes\thistory\t" \
	"orig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\tcommunity_id"

/* Parses a conn.log written by netrca (fails the test on any bad line).
 * The result is malloc'ed; free with free(l->raw), free(l). */
static inline struct conn_log *conn_log_read(const char *path)
{
	struct conn_log *l = calloc(1, sizeof(*l));
	char *text, *line, *save = NULL;

	ck_assert_ptr_nonnull(l);
	text = slurp(path, &l->rawlen);
	ck_assert_msg(text != NULL, "cannot read %s", path);
	l->raw = strdup(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[32];
		int n;
		struct conn_row *r;

		if (line[0] == '#') {
			if (!strncmp(line, "#fields\t", 8)) {
				ck_assert_str_eq(line + 8, CONN_FIELDS);
				l->have_fields = 1;
			} else if (!strncmp(line, "#types\t", 7)) {
				l->have_types = 1;
			} else if (!strcmp(line, "#separator \\x09")) {
				l->have_separator = 1;
			} else if (!strncmp(line, "#open\t", 6)) {
				snprintf(l->open, sizeof(l->open), "%s", line + 6);
			} else if (!strncmp(line, "#close\t", 7)) {
				snprintf(l->close, sizeof(l->close), "%s", line + 7);
			}
			continue;
		}
		n = split_tabs(line, f, 32);
		ck_assert_msg(n == 19, "%s: row with %d fields, not 19", path, n);
		ck_assert_int_lt(l->nrows, CONN_MAX_ROWS);
		r = &l->row[l->nrows++];
		snprintf(r->ts, sizeof(r->ts), "%s", f[0]);
		snprintf(r->uid, sizeof(r->uid), "%s", f[1]);
		snprintf(r->orig_h, sizeof(r->orig_h), "%s", f[2]);
		r->orig_p = (unsigned)strtoul(f[3], NULL, 10);
		snprintf(r->resp_h, sizeof(r->resp_h), "%s", f[4]);
		r->resp_p = (unsigned)strtoul(f[5], NULL, 10);
		snprintf(r->proto, sizeof(r->proto), "%s", f[6]);
		snprintf(r->service, sizeof(r->service), "%s", f[7]);
		snprintf(r->duration, sizeof(r->duration), "%s", f[8]);
		r->orig_bytes = strtoull(f[9], NULL, 10);
		r->resp_bytes = strtoull(f[10], NULL, 10);
		snprintf(r->conn_state, sizeof(r->conn_state), "%s", f[11]);
		r->missed = strtoull(f[12], NULL, 10);
		snprintf(r->history, sizeof(r->history), "%s", f[13]);
		r->orig_pkts = strtoull(f[14], NULL, 10);
		r->orig_ip_bytes = strtoull(f[15], NULL, 10);
		r->resp_pkts = strtoull(f[16], NULL, 10);
		r->resp_ip_bytes = strtoull(f[17], NULL, 10);
		snprintf(r->community_id, sizeof(r->community_id), "%s", f[18]);
	}
	free(text);
	ck_assert_msg(l->have_fields && l->have_types && l->have_separator,
		      "%s: Zeek header lines missing", path);
	return l;
}

static inline void conn_log_free(struct conn_log *l)
{
	if (l) {
		free(l->raw);
		free(l);
	}
}

/* Row of a flow by its originator port and protocol; NULL if absent. */
static inline const struct conn_row *conn_find(const struct conn_log *l, const char *proto,
					       unsigned orig_p)
{
	int i;

	for (i = 0; i < l->nrows; i++)
		if (!strcmp(l->row[i].proto, proto) && l->row[i].orig_p == orig_p)
			return &l->row[i];
	return NULL;
}

/*
 * Runs the engine (nDPI off unless ndpi) on the n files named in names
 * (fixture names, or paths starting with '/' or '.'), writing conn.log into
 * dir.  Returns engine_run's code; *r filled
 * (caller frees with engine_result_free).
 */
static inline int run_engine(const char *dir, const char *const *names, unsigned n,
			     const char *bpf, uint32_t max_flows, int ndpi, struct engine_result *r,
			     char *logpath, size_t logn, char *err, size_t errlen)
{
	struct engine_opts o;
	char *paths[16];
	unsigned i;
	int rc;

	ck_assert_uint_le(n, 16);
	memset(&o, 0, sizeof(o));
	o.no_ndpi = !ndpi;
	o.bpf = bpf;
	o.max_flows = max_flows;
	snprintf(logpath, logn, "%s/conn.log", dir);
	o.conn_log = logpath;
	for (i = 0; i < n; i++)
		paths[i] = strdup(names[i][0] == '/' || names[i][0] == '.' ? names[i]
									: fixture(names[i]));
	rc = engine_run(&o, paths, n, r, err, errlen);
	for (i = 0; i < n; i++)
		free(paths[i]);
	return rc;
}

/* Runs a suite with Check's TAP output; returns the process exit code. */
/* A packet record with a frame number and a capture time (nothing else set). */
static inline struct packet test_packet(uint64_t frame, int64_t ts)
{
	struct packet p;

	memset(&p, 0, sizeof(p));
	p.frame = frame;
	p.ts_ns = ts;
	return p;
}

static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
