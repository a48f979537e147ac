/*
 * main.c - command line.  The only file that prints to the terminal or
 * exits; everything else returns codes and messages.
 *
 * Exit codes (precedence): 2 usage/config error (nothing analysed); 4 internal
 * error; 3 input unreadable or truncated (partial outputs written and marked);
 * 0 otherwise.
 */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <pcap/pcap.h>
#include <libxml/xmlversion.h>
#include "engine.h"
#include "outdir.h"
#include "summary.h"

enum { EXIT_OKAY = 0, EXIT_USAGE = 2, EXIT_INPUT = 3, EXIT_INTERNAL = 4 };

static void usage(FILE *out)
{
	fprintf(out,
		"usage: netrca analyze [options] FILE...\n"
		"       netrca --version | --help\n"
		"\n"
		"analyze options:\n"
		"  -o, --output DIR     result directory (default: <first file>.netrca)\n"
		"      --force          replace an existing result directory\n"
		"  -f, --bpf EXPR       analyse only packets matching EXPR (frame numbers kept)\n"
		"      --no-ndpi        do not classify applications with nDPI\n"
		"      --max-flows N    flows kept in memory before the oldest are finalised early\n"
		"  -q, --quiet          do not print the summary\n"
		"\n"
		"Several FILEs are read as one capture in time order (a tcpdump -C/-G ring).\n"
		"Exit: 0 done, 2 usage error, 3 input unreadable or truncated (partial result\n"
		"written), 4 internal error.\n");
}

static void version(void)
{
	printf("netrca %s\n", PACKAGE_VERSION);
	printf("  %s\n", pcap_lib_version());
	printf("  nDPI %s\n", classify_version());
	printf("  %s\n", OpenSSL_version(OPENSSL_VERSION));
	printf("  libxml2 %s\n", LIBXML_DOTTED_VERSION);
}

static char *default_outdir(const char *first)
{
	const char *base = strrchr(first, '/');
	size_t n;
	char *s;

	base = base ? base + 1 : first;
	n = strlen(base) + 8;
	s = malloc(n);
	if (s)
		snprintf(s, n, "%s.netrca", base);
	return s;
}

static int write_summary(const struct outdir *od, const struct engine_result *r,
			 const struct engine_opts *o)
{
	char path[4200];
	FILE *f = fopen(outdir_path(od, "summary.txt", path, sizeof(path)), "w");
	int rc;

	if (!f)
		return -1;
	summary_write(f, r, o);
	rc = ferror(f) ? -1 : 0;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static int cmd_analyze(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "output", required_argument, NULL, 'o' }, { "bpf", required_argument, NULL, 'f' },
		{ "no-ndpi", no_argument, NULL, 'N' },      { "max-flows", required_argument, NULL, 'M' },
		{ "force", no_argument, NULL, 'F' },        { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 }
	};
	struct engine_opts o = { 0 };
	struct engine_result r;
	struct outdir od;
	char err[1024], connlog[4200];
	char *out = NULL;
	int c, force = 0, quiet = 0, rc, code;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:f:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'o': free(out); out = strdup(optarg); break;
		case 'f': o.bpf = optarg; break;
		case 'N': o.no_ndpi = 1; break;
		case 'F': force = 1; break;
		case 'q': quiet = 1; break;
		case 'M': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || v == 0 || v > 100000000UL) {
				fprintf(stderr, "netrca: --max-flows needs a number from 1 to 100000000\n");
				free(out);
				return EXIT_USAGE;
			}
			o.max_flows = (uint32_t)v;
			break;
		}
		case 'h': usage(stdout); free(out); return EXIT_OKAY;
		default: usage(stderr); free(out); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "netrca: analyze needs at least one capture file\n");
		usage(stderr);
		free(out);
		return EXIT_USAGE;
	}
	if (!out)
		out = default_outdir(argv[optind]);
	if (!out || outdir_begin(&od, out, err, sizeof(err)) < 0) {
		fprintf(stderr, "netrca: %s\n", out ? err : "out of memory");
		free(out);
		return EXIT_INTERNAL;
	}
	o.conn_log = outdir_path(&od, "conn.log", connlog, sizeof(connlog));
	rc = engine_run(&o, argv + optind, (unsigned)(argc - optind), &r, err, sizeof(err));
	if (rc == ENGINE_USAGE || rc == ENGINE_INTERNAL) {
		fprintf(stderr, "netrca: %s\n", err);
		outdir_abort(&od);
		engine_result_free(&r);
		free(out);
		return rc == ENGINE_USAGE ? EXIT_USAGE : EXIT_INTERNAL;
	}
	code = rc == ENGINE_INPUT ? EXIT_INPUT : EXIT_OKAY;
	for (unsigned i = 0; i < r.nin; i++) {
		if (r.in[i].unreadable)
			fprintf(stderr, "netrca: %s\n", r.in[i].message);
		else if (r.in[i].partial)
			fprintf(stderr, "netrca: %s: partial result, input damaged after frame %llu: %s\n",
				r.in[i].path, (unsigned long long)r.in[i].last_good_frame, r.in[i].message);
	}
	if (write_summary(&od, &r, &o) < 0 || outdir_commit(&od, force, err, sizeof(err)) < 0) {
		if (!err[0])
			snprintf(err, sizeof(err), "%s: cannot write the summary", out);
		fprintf(stderr, "netrca: %s\n", err);
		outdir_abort(&od);
		engine_result_free(&r);
		free(out);
		return EXIT_INTERNAL;
	}
	if (!quiet) {
		summary_write(stdout, &r, &o);
		printf("results: %s/ (conn.log, summary.txt)\n", od.final);
	}
	engine_result_free(&r);
	free(out);
	return code;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		version();
		return EXIT_OKAY;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_OKAY;
	}
	if (!strcmp(argv[1], "analyze"))
		return cmd_analyze(argc - 1, argv + 1);
	fprintf(stderr, "netrca: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
