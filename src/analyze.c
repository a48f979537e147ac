/*
 * analyze.c - the analyze command's pipeline (see analyze.h): output and
 * input checks, the rule pack, the engine run with its writers (conn.log,
 * tcp.log, report.xml's rows), the findings and their times, summary.txt,
 * report.xml, report.html, the manifest, the atomic result directory, and
 * the first screen.  src/main.c is the command line only.
 */
#include "config.h"
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pcap/pcap.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>
#include "analyze.h"
#include "engine.h"
#include "outdir.h"
#include "summary.h"
#include "result.h"
#include "rules/rules.h"
#include "report/report.h"
#include "connlog.h"
#include "tcplog.h"
#include "handoff.h"
#include "hashout.h"
#include "frametime.h"
#include "instream.h"
#include "progress.h"

/* Root causes shown on a terminal without -v (severity, then time). */
#define TTY_ROOT_FINDINGS 10

const char *analyze_default_rules(void)
{
	static char path[4200];
	const char *env = getenv("NETRCA_RULES");

	if (env && *env)
		return env;
	snprintf(path, sizeof(path), "%s/rules", NETRCA_DATA_DIR);
	if (access(path, R_OK) == 0)
		return path;
	snprintf(path, sizeof(path), "%s/rules", NETRCA_SRC_DIR);
	return path;
}

int analyze_load_pack(struct rulepack *pack, const char *path, char *err, size_t errlen)
{
	size_t n = strlen(path);
	char *one = (char *)path;

	if (n > 6 && strcmp(path + n - 6, ".rules") == 0)
		return rulepack_load(pack, &one, 1, err, errlen);
	return rulepack_load_dir(pack, path, err, errlen);
}

static char *default_outdir(const char *first)
{
	const char *base = strrchr(first, '/');
	size_t n;
	char *s;

	base = base ? base + 1 : first;
	if (!strcmp(first, "-"))
		base = "stdin";   /* standard input: stdin.netrca, not -.netrca */
	n = strlen(base) + 8;
	s = malloc(n);
	if (s)
		snprintf(s, n, "%s.netrca", base);
	return s;
}

/* What the finishing stage keeps of every finalised flow beside the logs:
 * the top flows and the application protocols nDPI named. */
struct flow_view {
	struct top_flows *top;
	struct app_tally apps;
};

static void on_flow(void *arg, const struct flow *f, const char *app)
{
	struct flow_view *fv = arg;
	struct top_flows *t = fv->top;
	struct top_flow tf;
	char uid[sizeof(tf.uid)];
	const uint8_t *o, *r;
	struct ip_addr a;

	app_tally_add(&fv->apps, app);
	/* most flows would not enter the list: count them, format nothing */
	flow_uid(f, uid, sizeof(uid));
	if (top_flows_skip(t, f->d[0].ip_bytes + f->d[1].ip_bytes, uid))
		return;
	memset(&tf, 0, sizeof(tf));
	memcpy(tf.uid, uid, sizeof(tf.uid));
	snprintf(tf.proto, sizeof(tf.proto), "%s",
		 f->l4 == L4_TCP ? "tcp" : f->l4 == L4_UDP ? "udp" :
		 (f->l4 == L4_ICMP || f->l4 == L4_ICMP6) ? "icmp" : "other");
	flow_endpoints(f, &o, &tf.orig_p, &r, &tf.resp_p);
	a.v = f->key.ver;
	memcpy(a.a, o, 16);
	ip_addr_str(&a, tf.orig, sizeof(tf.orig));
	memcpy(a.a, r, 16);
	ip_addr_str(&a, tf.resp, sizeof(tf.resp));
	snprintf(tf.conn_state, sizeof(tf.conn_state), "%s", flow_conn_state(f));
	snprintf(tf.history, sizeof(tf.history), "%s%s", f->flipped ? "^" : "", f->hist);
	snprintf(tf.app, sizeof(tf.app), "%s", app);
	tf.orig_pkts = f->d[0].pkts;
	tf.resp_pkts = f->d[1].pkts;
	tf.orig_bytes = f->d[0].ip_bytes;
	tf.resp_bytes = f->d[1].ip_bytes;
	tf.first_ts = f->first_ts;
	tf.last_ts = f->last_ts;
	top_flows_offer(t, &tf);
}

/* report.xml's <flow> rows, built by the finishing stage as it writes the
 * spools, into an unlinked file of the output directory (read back by
 * report_write_xml).  NULL if that cannot be: the spools are read instead. */
static FILE *open_rows(const struct outdir *od, struct xml_rows *rows)
{
	char path[4200];
	char *tf = tcplog_fields_line();
	FILE *fp = NULL;

	memset(rows, 0, sizeof(*rows));
	if (tf && (fp = fopen(outdir_path(od, ".flow-rows", path, sizeof(path)), "w+b")) != NULL) {
		unlink(path);
		if (xml_rows_open(rows, fp, connlog_fields_line(), tf) < 0) {
			fclose(fp);
			fp = NULL;
		}
	}
	free(tf);
	return fp;
}

/* The rows are built on a thread of their own, fed copies of the two log
 * rows in the order the finishing stage wrote them (the rows file is the
 * same, byte for byte): building them was a quarter of the finishing
 * stage, which is the run's longer stage.  Serial mode builds them inline. */
struct rows_feed {
	struct xml_rows *rows;
	struct handoff *ho;
};

static void rows_item(void *arg, const struct ho_item *it)
{
	struct rows_feed *rf = arg;
	size_t n = (size_t)it->a;

	if (n > it->len) {
		rf->rows->skipped++;   /* cannot happen (rows_add sizes the item): counted, not lost */
		return;
	}
	xml_rows_add(rf->rows, (const char *)it->data, n, it->b >= 0 ? (const char *)it->data + n : NULL,
		     it->b >= 0 ? (size_t)it->b : 0);
}

static void rows_add(void *arg, const char *conn, size_t n, const char *tcp, size_t tn)
{
	struct rows_feed *rf = arg;
	struct ho_item it;
	size_t len = n + (tcp ? tn : 0);
	uint8_t *b = len <= HANDOFF_MAX_ITEM ? handoff_space(rf->ho, (uint32_t)len) : NULL;

	if (!b) {
		/* longer than an item can carry (the spools' caps make it
		 * impossible): the thread is ended, this and every later row
		 * are built here, in order */
		handoff_drain(rf->ho);
		xml_rows_add(rf->rows, conn, n, tcp, tn);
		return;
	}
	memcpy(b, conn, n);
	if (tcp)
		memcpy(b + n, tcp, tn);
	memset(&it, 0, sizeof(it));
	it.len = (uint32_t)len;
	it.a = (int64_t)n;
	it.b = tcp ? (int64_t)tn : -1;
	handoff_commit(rf->ho, &it);
}

/* The outputs in manifest order; each hashed while written when it could
 * be (src/hashout.h), else read back for the manifest. */
enum { OUT_CONN, OUT_TCP, OUT_SUMMARY, OUT_XML, OUT_HTML, OUT_COUNT };
static const char *const out_names[OUT_COUNT] = {
	"conn.log", "tcp.log", "summary.txt", "report.xml", "report.html"
};

struct out_hashes {
	struct hashout *h[OUT_COUNT];
	char hex[OUT_COUNT][65];          /* "" = not hashed while written */
};

static int out_index(const char *path)
{
	const char *b = strrchr(path, '/');
	int i;

	b = b ? b + 1 : path;
	for (i = 0; i < OUT_COUNT; i++)
		if (!strcmp(b, out_names[i]))
			return i;
	return -1;
}

/* engine_opts.open_out: the spools, hashed on the thread that writes them. */
static FILE *open_hashed(void *arg, const char *path)
{
	struct out_hashes *oh = arg;
	int i = out_index(path);
	FILE *f;

	if (i >= 0 && !oh->h[i] && (f = hashout_open(path, 0, &oh->h[i])) != NULL)
		return f;
	return fopen(path, "w");
}

/* Output i's digest into oh->hex[i]: 0, or why its writing failed (an
 * errno value, EIO when none is known; the digest is then ""). */
static int finish_hash(struct out_hashes *oh, int i)
{
	int e = 0;

	if (oh->h[i] && hashout_finish(oh->h[i], oh->hex[i]) < 0) {
		e = errno ? errno : EIO;
		oh->hex[i][0] = 0;
	}
	oh->h[i] = NULL;
	return e;
}

/* ---- a result not written: the previous one stays ---------------------- */

/* SIGINT, SIGTERM or SIGHUP (the first one): the analysis stops, no result
 * is written.  engine_opts.stop points here. */
static volatile sig_atomic_t stop_signal;
static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void on_stop_signal(int sig)
{
	static struct sigaction dfl;   /* zero: SIG_DFL, no flags */
	unsigned i;

	stop_signal = sig;
	/* a second signal during the cleanup ends netrca at once */
	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaction(stop_signals[i], &dfl, NULL);
}

/* Catches the stop signals (those not ignored, as under nohup).  SA_RESTART:
 * a read or write the signal lands in is not cut short (an input would look
 * damaged, an output unwritable). */
static void catch_stop_signals(void)
{
	struct sigaction sa, prev;
	unsigned i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaddset(&sa.sa_mask, stop_signals[i]);
	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		if (sigaction(stop_signals[i], NULL, &prev) == 0 && prev.sa_handler != SIG_IGN)
			sigaction(stop_signals[i], &sa, NULL);
}

static const char *signal_name(int sig)
{
	return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "a signal";
}

static void report_interrupted(const struct outdir *od)
{
	if (outdir_final_exists(od))
		fprintf(stderr, "netrca: interrupted by %s; no result written (the previous result at %s is unchanged)\n",
			signal_name(stop_signal), od->final);
	else
		fprintf(stderr, "netrca: interrupted by %s; no result written\n", signal_name(stop_signal));
}

/* libxml2 would print its own line on a write error ("I/O error : ...");
 * netrca reports the error itself, naming the file and the reason. */
static void xml_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Output name could not be written: netrca's message into err, naming the
 * result directory (not the temporary one), the reason (e, an errno value;
 * 0: detail, the writer's own message, if any) and what is left. */
static void out_failed(char *err, size_t errlen, const struct outdir *od, const char *name, int e,
		       const char *detail)
{
	char why[1200];

	if (e)
		snprintf(why, sizeof(why), ": %s", strerror(e));
	else if (detail && *detail)
		snprintf(why, sizeof(why), " (%s)", detail);
	else
		why[0] = 0;
	snprintf(err, errlen, "%s: cannot write %s%s; %s", od->final, name, why,
		 outdir_final_exists(od) ? "the previous result is unchanged" : "no result written");
}

/* The engine's error about one of its files in the temporary directory
 * ("<tmp>/conn.log: write error") as netrca's message about the result, with
 * the reason the stream that hashed the file saw.  Other errors stay. */
static void engine_out_error(const struct outdir *od, struct out_hashes *oh, char *err, size_t errlen)
{
	size_t n = strlen(od->tmp);
	const char *name = err + n + 1, *colon;
	char nm[64];
	int i, e = 0;

	if (!n || strncmp(err, od->tmp, n) != 0 || err[n] != '/' || !(colon = strchr(name, ':')) ||
	    (size_t)(colon - name) >= sizeof(nm))
		return;
	snprintf(nm, sizeof(nm), "%.*s", (int)(colon - name), name);
	i = out_index(nm);
	if (i >= 0)
		e = finish_hash(oh, i);
	out_failed(err, errlen, od, nm, e, NULL);
}

/* manifest.sha256 (written last): "sha256  name" per output, sha256sum -c format. */
/* Closes f, written: 0, or -1 with errno the first error seen (a write
 * before, or the close; EIO when none is known). */
static int close_written(FILE *f)
{
	int e = ferror(f) ? (errno ? errno : EIO) : 0;

	if (fclose(f) != 0 && !e)
		e = errno ? errno : EIO;
	errno = e;
	return e ? -1 : 0;
}

static int write_manifest(const struct outdir *od, const struct out_hashes *oh)
{
	char path[4200];
	FILE *m = fopen(outdir_path(od, "manifest.sha256", path, sizeof(path)), "w");
	unsigned i;
	int rc = 0;

	if (!m)
		return -1;
	for (i = 0; i < OUT_COUNT; i++) {
		unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
		unsigned mdlen = 0, j;
		size_t k;
		FILE *f;
		EVP_MD_CTX *ctx;
		if (oh->hex[i][0]) {
			fprintf(m, "%s  %s\n", oh->hex[i], out_names[i]);
			continue;
		}
		f = fopen(outdir_path(od, out_names[i], path, sizeof(path)), "rb");
		ctx = EVP_MD_CTX_new();
		if (!f || !ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
			rc = -1;
		} else {
			while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
				EVP_DigestUpdate(ctx, buf, k);
			EVP_DigestFinal_ex(ctx, md, &mdlen);
			for (j = 0; j < mdlen; j++)
				fprintf(m, "%02x", md[j]);
			fprintf(m, "  %s\n", out_names[i]);
		}
		if (f)
			fclose(f);
		EVP_MD_CTX_free(ctx);
	}
	return close_written(m) < 0 ? -1 : rc;
}

static int write_summary(const struct outdir *od, const struct analysis *an)
{
	char path[4200];
	FILE *f = fopen(outdir_path(od, "summary.txt", path, sizeof(path)), "w");

	if (!f)
		return -1;
	errno = 0;
	summary_verdict(f, an);
	summary_write(f, an->er, an->opts);
	summary_findings(f, an, 0, NULL);
	return close_written(f);
}

/* report.xml, written (and hashed) on a thread of its own beside summary.txt
 * and report.html (they read the same analysis, which nothing changes now).
 * report.xml streams; report.html builds a document in memory, so it stays
 * on this thread, whose heap the engine's memory was returned to: on a new
 * thread's heap it would raise the peak resident size. */
struct xml_job {
	const struct outdir *od;
	const struct analysis *an;
	struct out_hashes *oh;
	int rc, e;                    /* e: errno of a failure */
	char err[4600];
};

static void *write_xml_output(void *arg)
{
	struct xml_job *j = arg;
	char path[4200];
	FILE *xf;
	int e;

	outdir_path(j->od, "report.xml", path, sizeof(path));
	xf = hashout_open(path, 1, &j->oh->h[OUT_XML]);
	j->rc = xf ? report_write_xml_file(j->an, xf, path, j->err, sizeof(j->err))
		   : report_write_xml(j->an, path, j->err, sizeof(j->err));
	j->e = j->rc < 0 ? errno : 0;
	e = finish_hash(j->oh, OUT_XML);
	if (j->rc < 0 && !j->e)
		j->e = e;
	return NULL;
}

/* The outputs into the temporary directory: 0; -1 with netrca's message in
 * err; -2 when a stop signal came (nothing more is begun after it). */
static int write_outputs(struct outdir *od, const struct analysis *an, struct out_hashes *oh, char *err,
			 size_t errlen)
{
	char path[4200], herr[4600];
	struct xml_job xj;
	pthread_t th;
	int threaded, src = 0, hrc = 0, se = 0, he = 0;

	memset(&xj, 0, sizeof(xj));
	xj.od = od;
	xj.an = an;
	xj.oh = oh;
	threaded = pthread_create(&th, NULL, write_xml_output, &xj) == 0;
	if (!threaded)
		write_xml_output(&xj);
	if (!stop_signal && (src = write_summary(od, an)) < 0)
		se = errno;
	herr[0] = 0;
	if (!stop_signal &&
	    (hrc = report_write_html(an, outdir_path(od, "report.html", path, sizeof(path)), herr, sizeof(herr))) < 0)
		he = errno;
	if (threaded)
		pthread_join(th, NULL);
	if (stop_signal)
		return -2;
	/* the first failure in the order the files were once written one by one */
	if (src < 0) {
		out_failed(err, errlen, od, "summary.txt", se, NULL);
		return -1;
	}
	if (xj.rc < 0) {
		out_failed(err, errlen, od, "report.xml", xj.e, xj.err);
		return -1;
	}
	if (hrc < 0) {
		out_failed(err, errlen, od, "report.html", he, herr);
		return -1;
	}
	if (write_manifest(od, oh) < 0) {
		out_failed(err, errlen, od, "manifest.sha256", errno, NULL);
		return -1;
	}
	return 0;
}

/*
 * Time-sequence data for the flows the findings cite (in finding order, so
 * the most severe findings' flows come first when the flow cap is reached),
 * centred on each flow's first evidence frame.  Without a spool (it could
 * not be created) the set stays empty and the report says so.
 */
static void evidence_timeseq(const struct findings *fs, struct tseq_spool *sp, struct tseq_set *ts)
{
	unsigned i, j, k;

	if (!sp) {
		ts->read_error = 1;
		return;
	}
	for (i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		const struct frame_ref *first = NULL;
		for (k = 0; k < f->nev; k++)
			if (!first || f->ev[k].capture < first->capture ||
			    (f->ev[k].capture == first->capture && f->ev[k].frame < first->frame))
				first = &f->ev[k];
		for (j = 0; j < f->nflows; j++)
			tseq_want(ts, f->flows[j], first);
	}
	tseq_collect(sp, ts);
}

/* CLOCK_MONOTONIC: paces the progress line, and nothing else. */
static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* engine_opts.progress: a line when one is due (progress.c decides). */
static void on_progress(void *arg, const struct engine_progress *pg)
{
	char line[PROGRESS_LINE_MAX];
	size_t n = progress_line(arg, pg, mono_ns(), line, sizeof(line));

	if (n)
		fwrite(line, 1, n, stderr);
}

/* The progress line only on a terminal that can erase a line, not with -q. */
static void progress_start(struct progress *pr, struct analyze_args *a, char *const *paths, unsigned n)
{
	const char *term = getenv("TERM");
	struct winsize ws;

	memset(pr, 0, sizeof(*pr));
	if (a->quiet || !isatty(STDERR_FILENO) || (term && !strcmp(term, "dumb")))
		return;
	progress_init(pr, paths, n, mono_ns(), ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0);
	a->o.progress = on_progress;
	a->o.progress_arg = pr;
}

/* Erases the line, before anything else goes to stderr. */
static void progress_stop(struct progress *pr)
{
	char erase[8];
	size_t n = progress_erase(pr, erase, sizeof(erase));

	if (n)
		fwrite(erase, 1, n, stderr);
}

int analyze_run(struct analyze_args *a, char **inputs, unsigned ninputs)
{
	struct rulepack pack;
	struct site site;
	struct evaluator *ev = NULL;
	struct findings fs;
	struct top_flows *top = calloc(1, sizeof(*top));
	struct flow_view *fv = calloc(1, sizeof(*fv));
	struct engine_result r;
	struct outdir od;
	struct analysis an;
	struct tseq_set ts;
	char err[4600], connlog[4200], tcplog[4200];
	struct xml_rows rows;
	struct rows_feed rf = { NULL, NULL };
	struct out_hashes oh;
	struct progress pr;
	FILE *rows_fp = NULL;
	int rc, code, wrc, have_site = 0;
	uint64_t an_skipped = 0;
	unsigned i;

	/* libxml2 is used from several threads (report rows during the run,
	 * report.xml beside report.html): it must be initialised on this one,
	 * and silenced on this one and every later one */
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, xml_quiet);
	xmlThrDefSetGenericErrorFunc(NULL, xml_quiet);
	memset(&pack, 0, sizeof(pack));
	memset(&fs, 0, sizeof(fs));
	memset(&r, 0, sizeof(r));
	memset(&ts, 0, sizeof(ts));
	memset(&oh, 0, sizeof(oh));
	if (!top || !fv) {
		free(top);
		free(fv);
		return EXIT_INTERNAL;
	}
	fv->top = top;
	code = EXIT_OKAY;
	/* every check on the output that can fail, before any work is done */
	if (!a->out)
		a->out = default_outdir(inputs[0]);
	if (a->out && outdir_check(a->out, inputs, ninputs, a->force, err, sizeof(err)) < 0) {
		fprintf(stderr, "netrca: %s\n", err);
		code = EXIT_USAGE;
		goto out_args;
	}
	if (analyze_load_pack(&pack, a->rules ? a->rules : analyze_default_rules(), err, sizeof(err)) < 0) {
		fprintf(stderr, "netrca: %s\n", err);
		code = EXIT_USAGE;
		goto out_args;
	}
	if (a->site) {
		if (site_load(&site, a->site, err, sizeof(err)) < 0) {
			fprintf(stderr, "netrca: %s\n", err);
			code = EXIT_USAGE;
			goto out_pack;
		}
		have_site = 1;
	}
	/* The inputs exist and open (exit 3, nothing created); the output-side
	 * checks (exit 2) come before this. */
	rc = engine_check_inputs(inputs, ninputs, err, sizeof(err));
	if (rc != ENGINE_OK) {
		fprintf(stderr, "netrca: %s\n", err);
		code = rc == ENGINE_USAGE ? EXIT_USAGE : EXIT_INPUT;
		goto out_site;
	}
	a->o.refuse_overlap = 1;   /* a ring is one capture; capture points are --points' */
	ev = eval_new(&pack, have_site ? &site : NULL);
	catch_stop_signals();   /* before the temporary directory exists */
	if (!ev || !a->out || outdir_begin(&od, a->out, err, sizeof(err)) < 0) {
		fprintf(stderr, "netrca: %s\n", ev && a->out ? err : "out of memory");
		code = EXIT_INTERNAL;
		goto out_site;
	}
	a->o.stop = &stop_signal;
	a->o.conn_log = outdir_path(&od, "conn.log", connlog, sizeof(connlog));
	a->o.tcp_log = outdir_path(&od, "tcp.log", tcplog, sizeof(tcplog));
	a->o.tseq = tseq_spool_open();
	a->o.open_out = open_hashed;
	a->o.open_arg = &oh;
	a->o.sink = eval_obs;
	a->o.sink_arg = ev;
	{
		const char *ser = getenv("NETRCA_SERIAL"), *full = getenv("NETRCA_FULL_RECORDS");
		a->o.serial = ser && !strcmp(ser, "1");
		a->o.full_records = full && !strcmp(full, "1");
	}
	rows_fp = open_rows(&od, &rows);
	if (rows_fp) {
		rf.rows = &rows;
		rf.ho = handoff_new(rows_item, &rf, !a->o.serial);
		if (rf.ho) {
			a->o.on_rows = rows_add;
			a->o.rows_arg = &rf;
		} else {
			xml_rows_close(&rows);
			fclose(rows_fp);
			rows_fp = NULL;   /* report_write_xml reads the spools instead */
		}
	}
	a->o.on_flow = on_flow;
	a->o.flow_arg = fv;
	a->o.frametime = frametime_open();   /* NULL: findings go without absolute times */
	progress_start(&pr, a, inputs, ninputs);
	rc = engine_run(&a->o, inputs, ninputs, &r, err, sizeof(err));
	progress_stop(&pr);
#ifdef __GLIBC__
	/* The flow table and the engine's pools are gone; hand their pages back
	 * before the findings, the reports and their threads allocate: glibc
	 * serves large blocks with fresh pages and keeps freed heap pages, so
	 * without this the reports would add to the run's peak resident size
	 * instead of reusing its memory. */
	malloc_trim(0);
#endif
	if (stop_signal) {
		outdir_abort(&od);
		report_interrupted(&od);
		code = EXIT_INTERNAL;
		goto out_result;
	}
	if (rc == ENGINE_USAGE || rc == ENGINE_INTERNAL) {
		engine_out_error(&od, &oh, err, sizeof(err));
		fprintf(stderr, "netrca: %s\n", err);
		outdir_abort(&od);
		code = rc == ENGINE_USAGE ? EXIT_USAGE : EXIT_INTERNAL;
		goto out_result;
	}
	if (rows_fp) {
		handoff_drain(rf.ho);   /* every row built */
		xml_rows_close(&rows);
	}
	finish_hash(&oh, OUT_CONN);   /* engine_run closed the spools */
	finish_hash(&oh, OUT_TCP);
	eval_finish(ev, r.clock.now, &fs);
	findings_link(&fs);
	findings_times(&fs, a->o.frametime, &r);
	an_skipped = frametime_skipped(a->o.frametime) + (a->o.frametime ? 0 : r.packets);
	frametime_close(a->o.frametime);
	a->o.frametime = NULL;
	top_flows_sort(top);
	app_tally_sort(&fv->apps);
	evidence_timeseq(&fs, a->o.tseq, &ts);
	/* the spool (a record per TCP segment) is not read again: its pages go
	 * now, beside the report writers, not at the end */
	tseq_spool_close(a->o.tseq);
	a->o.tseq = NULL;
	for (i = 0; i < r.nin; i++) {
		if (r.in[i].unreadable)
			fprintf(stderr, "netrca: %s\n", r.in[i].message);
		else if (r.in[i].partial)
			fprintf(stderr, "netrca: %s: partial result, input damaged after frame %llu: %s\n",
				r.in[i].path, (unsigned long long)r.in[i].last_good_frame, r.in[i].message);
	}
	memset(&an, 0, sizeof(an));
	an.er = &r;
	an.opts = &a->o;
	an.findings = &fs;
	an.top = top;
	an.pack = &pack;
	an.site = have_site ? &site : NULL;
	an.conn_log = connlog;
	an.tcp_log = tcplog;
	an.rows = rows_fp && rows.ok ? &rows : NULL;
	an.tseq = &ts;
	an.apps = &fv->apps;
	an.frametimes_skipped = an_skipped;
	an.out_dir = od.final;
	an.options_line = a->options_line;
	an.fail_on = a->fail_on;
	an.partial = rc == ENGINE_INPUT;
	err[0] = 0;
	wrc = write_outputs(&od, &an, &oh, err, sizeof(err));
	if (wrc == 0 && stop_signal)
		wrc = -2;
	if (wrc == 0)
		wrc = outdir_commit(&od, a->force, err, sizeof(err));
	if (wrc == -2) {
		outdir_abort(&od);
		report_interrupted(&od);
		code = EXIT_INTERNAL;
		goto out_result;
	}
	if (wrc < 0) {
		fprintf(stderr, "netrca: %s\n", err[0] ? err : "cannot write the results");
		outdir_abort(&od);
		code = EXIT_INTERNAL;
		goto out_result;
	}
	if (wrc == 1)
		fprintf(stderr, "netrca: %s\n", err);   /* written; the previous result kept aside */
	if (!a->quiet) {
		char rest[4200];
		/* on a terminal the findings are cut to the most important
		 * (-v: all); to a file or a pipe everything is printed */
		snprintf(rest, sizeof(rest), "%s/summary.txt and report.html", od.final);
		summary_verdict(stdout, &an);
		summary_write(stdout, &r, &a->o);
		summary_findings(stdout, &an, !a->verbose && isatty(STDOUT_FILENO) ? TTY_ROOT_FINDINGS : 0, rest);
		printf("results in %s/: report.xml, conn.log, tcp.log, summary.txt, manifest.sha256\n", od.final);
		printf("open: %s/report.html\n", od.final);
	}
	code = EXIT_OKAY;
	if (rc == ENGINE_INPUT)
		code = EXIT_INPUT;
	else
		for (i = 0; i < fs.n; i++)
			if ((int)fs.v[i].severity >= a->fail_on)
				code = EXIT_FINDINGS;
out_result:
	for (i = 0; i < OUT_COUNT; i++)
		finish_hash(&oh, (int)i);
	if (rows_fp) {
		handoff_free(rf.ho);
		if (rows.impl)
			xml_rows_close(&rows);
		fclose(rows_fp);
	}
	tseq_set_free(&ts);
	tseq_spool_close(a->o.tseq);
	engine_result_free(&r);
	findings_free(&fs);
	eval_free(ev);
out_site:
	if (have_site)
		site_free(&site);
out_pack:
	rulepack_free(&pack);
out_args:
	frametime_close(a->o.frametime);
	free(a->out);
	free(top);
	free(fv);
	return code;
}

