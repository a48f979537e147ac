/*
 * engine.h - one pass over a capture: read -> clock -> BPF -> decode ->
 * flows -> classify, with finalised flows streamed to the conn.log spool.
 */
#ifndef NETRCA_ENGINE_H
#define NETRCA_ENGINE_H
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include "reader.h"
#include "clock.h"
#include "flow.h"
#include "classify.h"
#include "stats.h"
#include "echo.h"
#include "pathmtu.h"
#include "obs.h"
#include "tcp.h"
#include "preflight.h"
#include "tseq.h"
#include "frag.h"
#include "../dissectors/anomaly.h"

#define ENGINE_MAX_INPUTS 1024
/*
 * Files given together are one capture only when they follow each other in
 * time (a tcpdump -C / -G ring): an input with ENGINE_OVERLAP_PACKETS packets
 * later than the next input's first packet by more than the tolerance is
 * refused (ENGINE_USAGE).  The tolerance covers packets slightly out of
 * order within a capture (a few ms across CPUs at a ring's rotation); two
 * packets, so that one corrupt timestamp does not refuse a ring.  Two
 * inputs beginning at the same instant are refused before anything is read.
 */
#define ENGINE_OVERLAP_TOLERANCE_NS 100000000LL   /* 100 ms */
#define ENGINE_OVERLAP_PACKETS 2

struct frametime;            /* src/frametime.h */
/* Where the read is (engine_opts.progress).  Counts, not times: the engine
 * never reads a clock; the callback decides when to show anything. */
struct engine_progress {
	uint64_t bytes;              /* input bytes consumed as stored: the inputs read + this one's */
	uint64_t packets;            /* records read, all inputs */
	uint64_t flows;              /* flows in the flow table now */
	unsigned input, ninputs;     /* the input being read (time order) and how many */
};
#define ENGINE_PROGRESS_EVERY 4096   /* packets between calls (a power of two) */

struct engine_opts {
	const char *bpf;             /* borrowed; NULL = no filter */
	int no_ndpi;
	int serial;                  /* finishing stage on the packet stage's thread (NETRCA_SERIAL=1) */
	int full_records;            /* no compact flow records (NETRCA_FULL_RECORDS=1; src/flow.h) */
	/* inputs that overlap in time are refused (ENGINE_USAGE; see
	 * ENGINE_OVERLAP_TOLERANCE_NS); 0: read as one capture whatever their
	 * times (what the unit tests' synthetic captures, all starting at one
	 * instant, rely on) */
	int refuse_overlap;
	uint32_t max_flows;          /* 0 = default */
	uint64_t max_flow_bytes;     /* memory cap of the flow table, 0 = default */
	const char *conn_log;        /* borrowed; path of the conn.log to write */
	const char *tcp_log;         /* borrowed; path of the tcp.log to write (may be NULL) */
	struct tseq_spool *tseq;     /* borrowed; TCP segments for time-sequence data (may be NULL) */
	struct frametime *frametime; /* borrowed; every frame's timestamp (may be NULL) */
	/* opens conn_log / tcp_log for writing (e.g. hashing as written);
	 * NULL: fopen.  Called on the caller's thread. */
	FILE *(*open_out)(void *arg, const char *path);
	void *open_arg;
	/* each conn.log row as written, with its tcp.log row (NULL, 0 if none);
	 * borrowed for the call, on the finishing stage's thread (may be NULL) */
	void (*on_rows)(void *arg, const char *conn, size_t n, const char *tcp, size_t tn);
	void *rows_arg;
	obs_sink sink;               /* observations go here (may be NULL) */
	void *sink_arg;
	/* called for every finalised flow with its application name ("" if none) */
	void (*on_flow)(void *arg, const struct flow *f, const char *app);
	void *flow_arg;
	/* called for every analysed packet (netrca frames); f and tr may be NULL */
	void (*on_packet)(void *arg, const struct packet *p, const struct decoded *d,
			  const struct flow *f, int dir, const struct tcp_seg_result *tr);
	void *packet_arg;
	/* borrowed; when it points at a non-zero value, reading stops at the
	 * next packet (a signal: the caller writes no result).  May be NULL. */
	const volatile sig_atomic_t *stop;
	/* called at each input's start and end and every ENGINE_PROGRESS_EVERY
	 * packets read, on the caller's thread; pg borrowed for the call.  NULL: none */
	void (*progress)(void *arg, const struct engine_progress *pg);
	void *progress_arg;
};

#define INPUT_MAX_IFNAMES 8
#define INPUT_MAX_COMMENTS 8

struct input_result {
	char *path;                  /* owned */
	uint32_t capture;            /* id = position in time order */
	uint64_t size;
	char sha256[65];
	enum reader_format fmt;
	uint64_t frames;
	int64_t first_ts, last_ts;
	struct reader_stats rstats;
	/* pcapng section and interface descriptions, packet comments */
	struct capture_string shb_hardware, shb_os, shb_userappl;
	struct capture_string ifnames[INPUT_MAX_IFNAMES];
	unsigned nifnames;
	struct capture_string comments[INPUT_MAX_COMMENTS];
	unsigned ncomments;
	uint64_t comments_total;
	int unreadable;              /* could not be opened at all */
	int partial;                 /* damaged after last_good_frame */
	uint64_t last_good_frame;
	char message[READER_ERRLEN];
};

enum { CS_S0, CS_S1, CS_SF, CS_REJ, CS_S2, CS_S3, CS_RSTO, CS_RSTR, CS_RSTOS0, CS_RSTRH,
       CS_SH, CS_SHR, CS_OTH, CS_COUNT };
extern const char *const engine_conn_state_names[CS_COUNT];

struct engine_result {
	struct input_result *in;     /* owned array of nin */
	unsigned nin;
	uint64_t packets;            /* records read */
	uint64_t filtered_out;       /* not matching --bpf */
	uint64_t bpf_not_applicable; /* link types the expression cannot apply to */
	uint64_t ip_packets, non_ip;
	uint64_t ip_unusable;         /* IP headers too broken to name a flow */
	int64_t first_ts, last_ts;
	struct counter anomalies[AN_COUNT];
	struct counter icmp_joined;  /* ICMP errors joined to the flow they quote */
	struct counter icmp_unjoined;
	struct frag_stats frag;          /* fragment reassembly (src/frag.c) */
	struct echo_stats echo;          /* ICMP / ICMPv6 echo pairing (src/echo.h) */
	uint64_t dup_table_full;         /* capture-duplicate comparisons cut short by its caps */
	struct pmtu_table pmtu;          /* ICMP-reported MTUs per destination (src/pathmtu.h) */
	struct flow_stats flows;
	struct capture_clock clock;
	struct classify_stats cls;
	int ndpi_used;
	uint64_t conn_rows;
	uint64_t tcp_labels[TL_COUNT];   /* frames per sequence-analysis label */
	uint64_t tcp_ua_over_cap;        /* unacked segments not remembered (cap) */
	uint64_t conn_states[CS_COUNT];
	struct preflight preflight;      /* capture quality (src/preflight.c) */
};

/* Error classes returned by engine_run (negated). */
enum { ENGINE_OK = 0, ENGINE_USAGE = 2, ENGINE_INPUT = 3, ENGINE_INTERNAL = 4 };

/*
 * Analyses the files (borrowed paths; "-" is standard input, at most once)
 * as one capture.  Fills *r (free with engine_result_free).  Returns
 * ENGINE_OK, ENGINE_INPUT when some input was unreadable or damaged (what
 * was read still stands), ENGINE_USAGE for a bad BPF expression or, with
 * o->refuse_overlap, inputs that overlap in time (see
 * ENGINE_OVERLAP_TOLERANCE_NS: the run stops, its results must not be written), ENGINE_INTERNAL otherwise; err gets one line.
 * Standard input is named "(stdin)" in r->in[].path and in messages.
 */
int engine_run(const struct engine_opts *o, char *const *paths, unsigned n,
	       struct engine_result *r, char *err, size_t errlen);

/*
 * Checks the inputs (borrowed paths; "-" is standard input) before anything
 * is analysed or created: each exists, is not a directory and can be opened
 * (a regular file is opened and closed; a pipe only stat'ed: opening it would
 * take its writer's data).  Nothing is read, so it returns at once whatever
 * the sizes.  Returns ENGINE_OK; ENGINE_INPUT with one line naming the path
 * ("x.pcap: No such file or directory", "d: is a directory"); ENGINE_USAGE
 * for no input, "-" twice, or standard input a terminal.
 */
int engine_check_inputs(char *const *paths, unsigned n, char *err, size_t errlen);
void engine_result_free(struct engine_result *r);
#endif
