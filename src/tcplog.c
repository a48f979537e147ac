/* tcplog.c - per-connection TCP measurements spool (see tcplog.h). */
#include <stdio.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "tcplog.h"
#include "tcp.h"
#include "preflight.h"
#include "fmt.h"

/* Rows are formatted by hand into a buffer that reaches the FILE with one
 * fwrite per fill (see connlog.c, also for the size). */
#define TCPLOG_BUF (64u << 10)
#define TCPLOG_ROW_MAX 4096     /* 66 columns of at most 27 bytes, the tunnel (< 110), and room */

struct tcplog {
	FILE *f;
	struct fmt_out out;
	size_t last_off, last_len;  /* the latest row in out.buf (0: none yet, or f had none) */
};

#define SIDE_FIELDS(s) \
	s "mss", s "wscale", s "sack_perm", s "data_pkts", s "data_bytes", s "retrans", \
	s "fast_retrans", s "spurious", s "out_of_order", s "lost_segment", s "acked_unseen", \
	s "dup_acks", s "zero_window", s "zero_window_time", s "window_full", s "max_seg", \
	s "max_acked_seg", s "rtt_n", s "rtt_min", s "rtt_p50", s "rtt_p90", s "rtt_max", \
	s "ttl_first", s "ttl_last", s "ttl_changes", \
	s "max_ip_len", s "df_pkts", s "frag_dgrams", s "icmp_ptb", s "icmp_mtu"

const char *const tcplog_fields[] = {
	"uid", "irtt", "rtt_syn_synack", "rtt_synack_ack",
	SIDE_FIELDS("orig_"), SIDE_FIELDS("resp_"), "quality", "tunnel", "tunnel_overhead", NULL
};

struct tcplog *tcplog_open(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return NULL;
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	return tcplog_open_file(f);
}

struct tcplog *tcplog_open_file(FILE *f)
{
	struct tcplog *l = calloc(1, sizeof(*l));
	unsigned i;

	if (!l) {
		fclose(f);
		return NULL;
	}
	l->f = f;
	if (fmt_out_init(&l->out, l->f, TCPLOG_BUF) < 0) {
		fclose(l->f);
		free(l);
		return NULL;
	}
	fprintf(l->f, "#separator \\x09\n#unset_field\t-\n#path\ttcp\n#fields");
	for (i = 0; tcplog_fields[i]; i++)
		fprintf(l->f, "\t%s", tcplog_fields[i]);
	fputc('\n', l->f);
	return l;
}

char *tcplog_fields_line(void)
{
	size_t n = sizeof("#fields"), i;
	char *s, *p;

	for (i = 0; tcplog_fields[i]; i++)
		n += 1 + strlen(tcplog_fields[i]);
	if (!(s = malloc(n)))
		return NULL;
	p = s + sprintf(s, "#fields");
	for (i = 0; tcplog_fields[i]; i++)
		p += sprintf(p, "\t%s", tcplog_fields[i]);
	return s;
}

const char *tcplog_last_row(const struct tcplog *l, size_t *n)
{
	*n = l ? l->last_len : 0;
	return *n ? l->out.buf + l->last_off : NULL;
}

/* A column of seconds with microseconds, "-" when negative (unknown). */
static char *secs(char *p, int64_t ns)
{
	*p++ = '\t';
	if (ns < 0) {
		*p++ = '-';
		return p;
	}
	return fmt_secs_us(p, ns);
}

static char *tab_u64(char *p, uint64_t v)
{
	*p++ = '\t';
	return fmt_u64(p, v);
}

/* One side's columns: its SYN options, what it sent, and the RTT measured on
 * its data (the time until the peer's ACK), Karn's rule applied. */
static char *side(char *p, const struct flow *fl, int dir)
{
	const struct tcp_dir *d = &fl->tcp->d[dir];
	const struct tcp_dir_stats *s = &d->st;
	const struct flow_dir *e = &fl->d[dir];

	p = tab_u64(p, d->mss);
	*p++ = '\t';
	p = fmt_i64(p, d->win_scale >= 0 ? d->win_scale : -1);
	p = tab_u64(p, d->sack_perm);
	p = tab_u64(p, s->data_pkts);
	p = tab_u64(p, s->data_bytes);
	p = tab_u64(p, s->retrans_pkts);
	p = tab_u64(p, s->fast_retrans);
	p = tab_u64(p, s->spurious);
	p = tab_u64(p, s->ooo);
	p = tab_u64(p, s->lost_segment);
	p = tab_u64(p, s->acked_unseen);
	p = tab_u64(p, s->dup_acks);
	p = tab_u64(p, s->zero_window);
	p = secs(p, s->zw_total_ns);
	p = tab_u64(p, s->window_full);
	p = tab_u64(p, s->max_seg);
	p = tab_u64(p, s->max_acked_seg);
	p = tab_u64(p, s->rtt_n);
	p = secs(p, s->rtt_n ? s->rtt_min : -1);
	p = secs(p, tcp_rtt_percentile(s, 50));
	p = secs(p, tcp_rtt_percentile(s, 90));
	p = secs(p, s->rtt_n ? s->rtt_max : -1);
	p = tab_u64(p, e->ttl_first);
	p = tab_u64(p, e->ttl);
	p = tab_u64(p, fl->dx[dir].ttl_changes);
	/* the IP layer and path MTU: largest datagram, Don't Fragment, datagrams
	 * that came as fragments, ICMP frag-needed / packet-too-big reports about
	 * this side's packets and the smallest MTU they gave */
	p = tab_u64(p, e->max_ip_len);
	p = tab_u64(p, e->df_pkts);
	p = tab_u64(p, flow_ipdir(fl, dir)->frag_dgrams);
	p = tab_u64(p, flow_ipdir(fl, dir)->ptb_count);
	return tab_u64(p, flow_ipdir(fl, dir)->ptb_mtu_min);
}

/* The outermost tunnel: "kind,outer-src,outer-dst[,key]", or "-". */
static char *tunnel(char *p, const struct flow *f)
{
	char a[INET6_ADDRSTRLEN + 1], b[INET6_ADDRSTRLEN + 1];

	*p++ = '\t';
	if (!f->tun_kind)
		return fmt_mem(p, "-", 1);
	p = fmt_str(p, tunnel_kind_names[f->tun_kind < TUN_COUNT ? f->tun_kind : 0]);
	*p++ = ',';
	p = fmt_str(p, ip_addr_str(&f->tun_src, a, sizeof(a)));
	*p++ = ',';
	p = fmt_str(p, ip_addr_str(&f->tun_dst, b, sizeof(b)));
	if (f->tun_kind == TUN_GRE || f->tun_kind == TUN_VXLAN || f->tun_kind == TUN_GTPU) {
		*p++ = ',';
		p = fmt_u64(p, f->tun_key);
	}
	if (f->tun_depth > 1) {
		*p++ = '+';
		p = fmt_u64(p, f->tun_depth - 1u);
	}
	return p;
}

void tcplog_write(struct tcplog *l, const struct flow *f, unsigned quality)
{
	char q[80];
	char *p;

	if (l)
		l->last_len = 0;
	if (!l || !f->tcp)
		return;
	p = fmt_out_reserve(&l->out, TCPLOG_ROW_MAX);
	l->last_off = l->out.len;
	p = fmt_uid(p, f->capture, f->first_frame);
	p = secs(p, f->tcp->irtt_ns ? f->tcp->irtt_ns : -1);
	p = secs(p, f->tcp->irtt_ns ? f->tcp->irtt_half[0] : -1);
	p = secs(p, f->tcp->irtt_ns ? f->tcp->irtt_half[1] : -1);
	p = side(p, f, 0);
	p = side(p, f, 1);
	*p++ = '\t';
	p = quality ? fmt_str(p, preflight_flag_names(quality, q, sizeof(q))) : fmt_mem(p, "-", 1);
	p = tunnel(p, f);
	p = tab_u64(p, f->tun_overhead);
	*p++ = '\n';
	l->last_len = (size_t)(p - (l->out.buf + l->last_off));
	fmt_out_commit(&l->out, p);
}

int tcplog_close(struct tcplog *l)
{
	int rc;

	if (!l)
		return 0;
	rc = fmt_out_free(&l->out);
	if (ferror(l->f))
		rc = -1;
	if (fclose(l->f) != 0)
		rc = -1;
	free(l);
	return rc;
}
