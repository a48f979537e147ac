/*
 * main.c - command line: the commands' options and usage, netrca frames and
 * netrca rules; the analyze command's pipeline is src/analyze.c.  Only this
 * file exits, and only it and analyze.c print; everything else returns codes
 * and messages.
 *
 * Exit codes (precedence): 2 usage/config error (nothing analysed); 4 internal
 * error, a result that could not be written (disk full, write error) or an
 * interruption (SIGINT, SIGTERM, SIGHUP): no result written, the previous one
 * unchanged; 3 input unreadable or truncated (partial outputs written and
 * marked); 1 findings at or above --fail-on; 0 otherwise.
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


/* The commands' usage texts: "netrca help [COMMAND]", "netrca COMMAND --help"
 * (stdout, exit 0), and after a usage error (stderr, exit 2). */
static void usage(FILE *out)
{
	fprintf(out,
		"usage: netrca analyze [--output DIR] [--force] [--bpf EXPR] [--rules PATH] [--site FILE]\n"
		"                      [--fail-on LEVEL] [--no-ndpi] [--max-flows N] [--flow-memory MiB]\n"
		"                      [--quiet] [--verbose] FILE...\n"
		"       netrca frames [--bpf EXPR] FILE...\n"
		"       netrca rules list [--rules PATH] [--site FILE]\n"
		"       netrca rules check [--site FILE] [RULEFILE...]\n"
		"       netrca help [COMMAND]\n"
		"       netrca --version | --help\n"
		"\n"
		"commands:\n"
		"  analyze   read captures once and write a result directory (report.html,\n"
		"            report.xml, conn.log, tcp.log, summary.txt, manifest.sha256)\n"
		"  frames    one line per frame with TCP labels named as tshark names them\n"
		"  rules     list the rule pack, or check rule and site files\n"
		"  help      this text, or a command's options and exit codes\n"
		"\n"
		"\"netrca help COMMAND\" or \"netrca COMMAND --help\" shows a command's options.\n"
		"Exit: 0 done, 1 findings at or above --fail-on, 2 usage error, 3 input\n"
		"unreadable or truncated (partial result written), 4 internal error.\n");
}

static void usage_analyze(FILE *out)
{
	fprintf(out,
		"usage: netrca analyze [options] FILE...\n"
		"\n"
		"Reads the FILEs (pcap or pcapng) once as one capture, in time order (a\n"
		"tcpdump -C/-G ring), and writes a result directory.\n"
		"\n"
		"options:\n"
		"  -o, --output DIR     result directory (default: <first file>.netrca)\n"
		"      --force          replace an earlier netrca result (nothing netrca did not write)\n"
		"  -f, --bpf EXPR       analyse only packets matching EXPR (frame numbers kept)\n"
		"  -r, --rules PATH     rule file or directory of *.rules (default: the installed pack)\n"
		"  -s, --site FILE      site file (health-check ranges, named networks)\n"
		"      --fail-on LEVEL  exit 1 when a finding is at least LEVEL\n"
		"                       (info, low, medium, high, critical, none; default high)\n"
		"      --no-ndpi        do not classify applications with nDPI\n"
		"      --max-flows N    flows kept in memory before the oldest are finalised early\n"
		"      --flow-memory MiB  memory for flows and their TCP state (default 160)\n"
		"  -q, --quiet          do not print the summary (nor the progress line)\n"
		"  -v, --verbose        show every finding on a terminal (default: the 10 most\n"
		"                       important root causes, with the total)\n"
		"  -h, --help           this text\n"
		"\n"
		"Several FILEs are read as one capture in time order (a tcpdump -C/-G ring).\n"
		"On a terminal, a run longer than a second shows a progress line on stderr.\n"
		"Exit: 0 done, 1 findings at or above --fail-on, 2 usage error (output checks\n"
		"included), 3 input unreadable or truncated (partial result written), 4 no\n"
		"result written (internal error, disk full, interrupted).\n");
}

static void usage_frames(FILE *out)
{
	fprintf(out,
		"usage: netrca frames [options] FILE...\n"
		"\n"
		"One line per frame on stdout: capture, frame, flow uid, direction, netrca's\n"
		"TCP sequence-analysis labels named as tshark names them, details.\n"
		"\n"
		"options:\n"
		"  -f, --bpf EXPR       list only frames matching EXPR (frame numbers kept)\n"
		"      --no-ndpi        accepted; frames never classifies applications\n"
		"  -h, --help           this text\n"
		"\n"
		"Exit: 0 done, 2 usage error, 3 input unreadable or truncated (the frames\n"
		"before the damage are listed), 4 internal error.\n");
}

static void usage_rules(FILE *out)
{
	fprintf(out,
		"usage: netrca rules list [--rules PATH] [--site FILE]\n"
		"       netrca rules check [--site FILE] [RULEFILE...]\n"
		"\n"
		"list: every rule of the pack with its detector parameters.\n"
		"check: loads and validates the rule files (default: the pack) and prints\n"
		"their count and SHA-256.\n"
		"\n"
		"options:\n"
		"  -r, --rules PATH     rule file or directory of *.rules (default: the installed pack)\n"
		"  -s, --site FILE      site file to validate as well\n"
		"  -h, --help           this text\n"
		"\n"
		"Exit: 0 valid, 2 usage error or a rule or site file that does not load.\n");
}

/* "netrca help COMMAND" and "netrca COMMAND --help": 0 when COMMAND has a text. */
static int command_usage(const char *cmd, FILE *out)
{
	if (!strcmp(cmd, "analyze"))
		usage_analyze(out);
	else if (!strcmp(cmd, "frames"))
		usage_frames(out);
	else if (!strcmp(cmd, "rules"))
		usage_rules(out);
	else if (!strcmp(cmd, "help"))
		usage(out);
	else
		return -1;
	return 0;
}

static void version(void)
{
	printf("netrca %s\n", PACKAGE_VERSION);
	printf("  %s\n", pcap_lib_version());
	printf("  nDPI %s\n", classify_version());
	printf("  %s\n", OpenSSL_version(OPENSSL_VERSION));
	printf("  libxml2 %s\n", LIBXML_DOTTED_VERSION);
	printf("  zlib %s\n", instream_zlib_version());
	printf("  libzstd %s\n", instream_zstd_version());
}

/* The default rule pack: installed data dir, else the source tree's. */
static int parse_fail_on(const char *s)
{
	if (!strcmp(s, "none"))
		return SEV_COUNT;
	return severity_parse(s);
}

/* Returns -1 to go on, or an exit code. */
static int parse_analyze(int argc, char **argv, struct analyze_args *a)
{
	static const struct option lo[] = {
		{ "output", required_argument, NULL, 'o' }, { "bpf", required_argument, NULL, 'f' },
		{ "rules", required_argument, NULL, 'r' },  { "site", required_argument, NULL, 's' },
		{ "fail-on", required_argument, NULL, 'L' }, { "no-ndpi", no_argument, NULL, 'N' },
		{ "max-flows", required_argument, NULL, 'M' }, { "force", no_argument, NULL, 'F' },
		{ "flow-memory", required_argument, NULL, 'B' },
		{ "quiet", no_argument, NULL, 'q' },        { "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	int c, i;
	size_t o = 0;

	a->fail_on = SEV_HIGH;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:f:r:s:qvh", lo, NULL)) != -1) {
		switch (c) {
		case 'o': free(a->out); a->out = strdup(optarg); break;
		case 'f': a->o.bpf = optarg; break;
		case 'r': a->rules = optarg; break;
		case 's': a->site = optarg; break;
		case 'N': a->o.no_ndpi = 1; break;
		case 'F': a->force = 1; break;
		case 'q': a->quiet = 1; break;
		case 'v': a->verbose = 1; break;
		case 'L':
			a->fail_on = parse_fail_on(optarg);
			if (a->fail_on < 0) {
				fprintf(stderr, "netrca: --fail-on takes info, low, medium, high, critical or none\n");
				return EXIT_USAGE;
			}
			break;
		case 'M': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || v == 0 || v > 100000000UL) {
				fprintf(stderr, "netrca: --max-flows needs a number from 1 to 100000000\n");
				return EXIT_USAGE;
			}
			a->o.max_flows = (uint32_t)v;
			break;
		}
		case 'B': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || v < 16 || v > 1048576UL) {
				fprintf(stderr, "netrca: --flow-memory needs a number of MiB from 16 to 1048576\n");
				return EXIT_USAGE;
			}
			a->o.max_flow_bytes = (uint64_t)v << 20;
			break;
		}
		case 'h': usage_analyze(stdout); return EXIT_OKAY;
		default: usage_analyze(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "netrca: analyze needs at least one capture file\n");
		usage_analyze(stderr);
		return EXIT_USAGE;
	}
	/* The options as given (not the inputs: those have their own records). */
	for (i = 1; i < optind && o < sizeof(a->options_line) - 1; i++) {
		int w = snprintf(a->options_line + o, sizeof(a->options_line) - o, "%s%s", i > 1 ? " " : "",
				 argv[i]);
		if (w < 0)
			break;
		o += (size_t)w;
	}
	if (o >= sizeof(a->options_line))
		a->options_line[sizeof(a->options_line) - 1] = 0;
	return -1;
}

static int cmd_analyze(int argc, char **argv)
{
	struct analyze_args a;
	int code;

	memset(&a, 0, sizeof(a));
	code = parse_analyze(argc, argv, &a);
	if (code >= 0) {
		free(a.out);
		return code;
	}
	return analyze_run(&a, argv + optind, (unsigned)(argc - optind));
}

struct frames_ctx {
	FILE *out;
};

static void frames_packet(void *arg, const struct packet *p, const struct decoded *d,
			  const struct flow *f, int dir, const struct tcp_seg_result *tr)
{
	struct frames_ctx *fc = arg;
	char uid[32] = "-";
	unsigned i, n = 0;

	if (f)
		flow_uid(f, uid, sizeof(uid));
	fprintf(fc->out, "%u\t%llu\t%s\t%s\t", p->capture, (unsigned long long)p->frame, uid,
		f ? (dir ? "<" : ">") : "-");
	for (i = 0; tr && i < TL_COUNT; i++)
		if (tr->labels & (1u << i))
			fprintf(fc->out, "%s%s", n++ ? "," : "", tcp_label_names[i]);
	/* a capture duplicate is kept out of the sequence analysis (it has no
	 * TCP label); it says so, and which frame it copies */
	if (d && d->dup_of.frame)
		fprintf(fc->out, "%snetrca.capture_duplicate", n++ ? "," : "");
	if (!n)
		fputs("-", fc->out);
	fputc('\t', fc->out);
	n = 0;
	if (d && d->dup_of.frame)
		n += (unsigned)fprintf(fc->out, "dup_of=C%u-%llu ", d->dup_of.capture,
				       (unsigned long long)d->dup_of.frame);
	if (tr && (tr->labels & (1u << TL_DUPLICATE_ACK)))
		n += (unsigned)fprintf(fc->out, "dup_ack=%u of %llu ", tr->dup_ack_num,
				       (unsigned long long)tr->dup_ack_frame);
	if (tr && tr->ack_rtt_ns >= 0)
		n += (unsigned)fprintf(fc->out, "ack_rtt=%.6f of %llu ", (double)tr->ack_rtt_ns / 1e9,
				       (unsigned long long)tr->acked_frame);
	if (tr && tr->has_bif)
		n += (unsigned)fprintf(fc->out, "bif=%u ", tr->bytes_in_flight);
	/* the IP layer: a fragment waiting for the rest of its datagram, a
	 * datagram this frame completed, the flow an ICMP error quotes */
	if (d && d->is_fragment)
		n += (unsigned)fprintf(fc->out, "fragment ");
	if (d && d->reassembled)
		n += (unsigned)fprintf(fc->out, "reassembled=%u ", d->reassembled);
	if (d && (d->l4 == L4_ICMP || d->l4 == L4_ICMP6) && d->icmp.is_error && d->icmp.q.joined.frame)
		n += (unsigned)fprintf(fc->out, "quotes=C%u-%llu ", d->icmp.q.joined.capture,
				       (unsigned long long)d->icmp.q.joined.frame);
	if (!n)
		fputs("-", fc->out);
	fputc('\n', fc->out);
}

/* netrca frames: one line per frame with netrca's labels named as tshark
 * names them, so the two can be compared mechanically. */
static int cmd_frames(int argc, char **argv)
{
	struct engine_opts o;
	struct engine_result r;
	struct frames_ctx fc = { stdout };
	char err[4600];
	int i = 1, rc;

	memset(&o, 0, sizeof(o));
	while (i < argc && argv[i][0] == '-') {
		if ((!strcmp(argv[i], "--bpf") || !strcmp(argv[i], "-f")) && i + 1 < argc) {
			o.bpf = argv[i + 1];
			i += 2;
		} else if (!strcmp(argv[i], "--no-ndpi")) {
			o.no_ndpi = 1;
			i++;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage_frames(stdout);
			return EXIT_OKAY;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			fprintf(stderr, "netrca: frames: unknown option \"%s\"\n", argv[i]);
			usage_frames(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		fprintf(stderr, "netrca: frames needs a capture file\n");
		usage_frames(stderr);
		return EXIT_USAGE;
	}
	o.no_ndpi = 1;
	o.on_packet = frames_packet;
	o.packet_arg = &fc;
	printf("#capture\tframe\tuid\tdir\tlabels\tdetail\n");
	rc = engine_run(&o, argv + i, (unsigned)(argc - i), &r, err, sizeof(err));
	if (rc == ENGINE_USAGE || rc == ENGINE_INTERNAL)
		fprintf(stderr, "netrca: %s\n", err);
	for (unsigned k = 0; k < r.nin; k++)
		if (r.in[k].unreadable || r.in[k].partial)
			fprintf(stderr, "netrca: %s\n", r.in[k].message);
	engine_result_free(&r);
	return rc == ENGINE_USAGE ? EXIT_USAGE : rc == ENGINE_INTERNAL ? EXIT_INTERNAL :
	       rc == ENGINE_INPUT ? EXIT_INPUT : EXIT_OKAY;
}

static void rules_print(const struct rulepack *pack)
{
	unsigned i, j;

	printf("rule pack %s (%u rules, sha256 %s)\n", pack->pack_version, pack->n, pack->sha256);
	for (i = 0; i < pack->n; i++) {
		const struct rule *r = &pack->rules[i];
		printf("%u  %-24s v%-3u %-8s %-20s %s\n", r->id, r->slug, r->version,
		       severity_names[r->severity], r->det->slug, r->title);
		for (j = 0; j < r->det->nparams; j++)
			printf("        param.%s = %g\n", r->det->params[j].name, r->params[j]);
	}
}

static int cmd_rules(int argc, char **argv)
{
	struct rulepack pack;
	char err[1024];
	const char *rules = NULL, *sitef = NULL;
	int i, first = 2;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage_rules(stdout);
			return EXIT_OKAY;
		}
	if (argc < 2 || (strcmp(argv[1], "list") && strcmp(argv[1], "check"))) {
		usage_rules(stderr);
		return EXIT_USAGE;
	}
	for (i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--rules") || !strcmp(argv[i], "-r"))
			rules = argv[i + 1];
		else if (!strcmp(argv[i], "--site") || !strcmp(argv[i], "-s"))
			sitef = argv[i + 1];
		else
			break;
		first = i + 2;
	}
	if (!strcmp(argv[1], "check") && first < argc) {
		if (rulepack_load(&pack, argv + first, (unsigned)(argc - first), err, sizeof(err)) < 0) {
			fprintf(stderr, "netrca: %s\n", err);
			return EXIT_USAGE;
		}
	} else if (first < argc) {
		usage_rules(stderr);
		return EXIT_USAGE;
	} else if (analyze_load_pack(&pack, rules ? rules : analyze_default_rules(), err, sizeof(err)) < 0) {
		fprintf(stderr, "netrca: %s\n", err);
		return EXIT_USAGE;
	}
	if (sitef) {
		struct site s;
		if (site_load(&s, sitef, err, sizeof(err)) < 0) {
			fprintf(stderr, "netrca: %s\n", err);
			rulepack_free(&pack);
			return EXIT_USAGE;
		}
		printf("site %s: %u prefixes, sha256 %s\n", sitef, s.n, s.sha256);
		site_free(&s);
	}
	if (!strcmp(argv[1], "list"))
		rules_print(&pack);
	else
		printf("ok: %u rules, pack %s, sha256 %s\n", pack.n, pack.pack_version, pack.sha256);
	rulepack_free(&pack);
	return EXIT_OKAY;
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
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			usage(stdout);
			return EXIT_OKAY;
		}
		if (argc == 3 && command_usage(argv[2], stdout) == 0)
			return EXIT_OKAY;
		fprintf(stderr, argc == 3 ? "netrca: no help for unknown command \"%s\"\n"
					  : "netrca: help takes one command (%s ...)\n", argv[2]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "analyze"))
		return cmd_analyze(argc - 1, argv + 1);
	if (!strcmp(argv[1], "rules"))
		return cmd_rules(argc - 1, argv + 1);
	if (!strcmp(argv[1], "frames"))
		return cmd_frames(argc - 1, argv + 1);
	fprintf(stderr, "netrca: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
