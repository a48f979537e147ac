/* tcplog.c - per-connection TCP measurements spool (see tcplog.h). */
#include <stdio.h>
#include <stdlib.h>
#include "tcplog.h"
#include "tcp.h"
#include "preflight.h"

struct tcplog {
	FILE *f;
};

#define SIDE_FIELDS(s) \
	s "mss", s "wscale", s "sack_perm", s "data_pkts", s "data_bytes", s "retrans", \
	s "fast_retrans", s "spurious", s "out_of_order", s "lost_segment", s "acked_unseen", \
	s "dup_acks", s "zero_window", s "zero_window_time", s "window_full", s "max_seg", \
	s "max_acked_seg", s "rtt_n", s "rtt_min", s "rtt_p50", s "rtt_p90", s "rtt_max", \
	s "ttl_first", s "ttl_last", s "ttl_changes"

const char *const tcplog_fields[] = {
	"uid", "irtt", "rtt_syn_synack", "rtt_synack_ack",
	SIDE_FIELDS("orig_"), SIDE_FIELDS("resp_"), "quality", NULL
};

struct tcplog *tcplog_open(const char *path)
{
	struct tcplog *l = calloc(1, sizeof(*l));
	unsigned i;

	if (!l || !(l->f = fopen(path, "w"))) {
		free(l);
		return NULL;
	}
	setvbuf(l->f, NULL, _IOFBF, 1 << 16);
	fprintf(l->f, "#separator \\x09\n#unset_field\t-\n#path\ttcp\n#fields");
	for (i = 0; tcplog_fields[i]; i++)
		fprintf(l->f, "\t%s", tcplog_fields[i]);
	fputc('\n', l->f);
	return l;
}

static void secs(FILE *f, int64_t ns)
{
	if (ns < 0)
		fputs("\t-", f);
	else
		fprintf(f, "\t%lld.%06lld", (long long)(ns / 1000000000LL), (long long)((ns % 1000000000LL) / 1000));
}

/* One side's columns: its SYN options, what it sent, and the RTT measured on
 * its data (the time until the peer's ACK), Karn's rule applied. */
static void side(FILE *f, const struct flow *fl, int dir)
{
	const struct tcp_dir *d = &fl->tcp->d[dir];
	const struct tcp_dir_stats *s = &d->st;
	const struct flow_dir *e = &fl->d[dir];

	fprintf(f, "\t%u\t%d\t%u\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu", d->mss,
		d->win_scale >= 0 ? d->win_scale : -1, d->sack_perm, (unsigned long long)s->data_pkts,
		(unsigned long long)s->data_bytes, (unsigned long long)s->retrans_pkts,
		(unsigned long long)s->fast_retrans, (unsigned long long)s->spurious,
		(unsigned long long)s->ooo, (unsigned long long)s->lost_segment,
		(unsigned long long)s->acked_unseen, (unsigned long long)s->dup_acks,
		(unsigned long long)s->zero_window);
	secs(f, s->zw_total_ns);
	fprintf(f, "\t%llu\t%u\t%u\t%u", (unsigned long long)s->window_full, s->max_seg, s->max_acked_seg,
		s->rtt_n);
	secs(f, s->rtt_n ? s->rtt_min : -1);
	secs(f, tcp_rtt_percentile(s, 50));
	secs(f, tcp_rtt_percentile(s, 90));
	secs(f, s->rtt_n ? s->rtt_max : -1);
	fprintf(f, "\t%u\t%u\t%u", e->ttl_first, e->ttl, e->ttl_changes);
}

void tcplog_write(struct tcplog *l, const struct flow *f, unsigned quality)
{
	char uid[32], q[80];

	if (!l || !f->tcp)
		return;
	fputs(flow_uid(f, uid, sizeof(uid)), l->f);
	secs(l->f, f->tcp->irtt_ns ? f->tcp->irtt_ns : -1);
	secs(l->f, f->tcp->irtt_ns ? f->tcp->irtt_half[0] : -1);
	secs(l->f, f->tcp->irtt_ns ? f->tcp->irtt_half[1] : -1);
	side(l->f, f, 0);
	side(l->f, f, 1);
	fprintf(l->f, "\t%s\n", preflight_flag_names(quality, q, sizeof(q)));
}

int tcplog_close(struct tcplog *l)
{
	int rc;

	if (!l)
		return 0;
	rc = ferror(l->f) ? -1 : 0;
	if (fclose(l->f) != 0)
		rc = -1;
	free(l);
	return rc;
}
