/*
 * progress.c - the progress line (see progress.h).  Pure formatting: the
 * caller reads the clock and writes the line.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "progress.h"

void progress_init(struct progress *pr, char *const *paths, unsigned n, int64_t now_ns, unsigned width)
{
	unsigned i;

	memset(pr, 0, sizeof(*pr));
	pr->start_ns = now_ns;
	pr->width = width;
	for (i = 0; i < n; i++) {
		struct stat st;
		if (!strcmp(paths[i], "-") || stat(paths[i], &st) < 0 || !S_ISREG(st.st_mode)) {
			pr->total = 0;   /* one input of unknown size: no total at all */
			return;
		}
		pr->total += (uint64_t)st.st_size;
	}
}

/* v scaled by base into the largest unit it reaches: three significant
 * digits ("9.87", "98.7", "987"), the unscaled value as an integer. */
static void scaled(char *buf, size_t n, double v, double base, const char *const *units, unsigned nunits,
		   const char *sep)
{
	unsigned u = 0;

	while (v >= base && u + 1 < nunits) {
		v /= base;
		u++;
	}
	if (u == 0)
		snprintf(buf, n, "%.0f%s%s", v, sep, units[0]);
	else
		snprintf(buf, n, v < 10 ? "%.2f%s%s" : v < 100 ? "%.1f%s%s" : "%.0f%s%s", v, sep, units[u]);
}

static void bytes_str(char *buf, size_t n, uint64_t v)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };

	scaled(buf, n, (double)v, 1024, units, sizeof(units) / sizeof(units[0]), " ");
}

static void count_str(char *buf, size_t n, double v)
{
	static const char *const units[] = { "", "k", "M", "G", "T" };

	scaled(buf, n, v, 1000, units, sizeof(units) / sizeof(units[0]), "");
}

/* m:ss, or h:mm:ss from an hour on */
static void duration_str(char *buf, size_t n, int64_t ns)
{
	unsigned long long s = ns > 0 ? (unsigned long long)(ns / 1000000000LL) : 0;

	if (s >= 3600)
		snprintf(buf, n, "%llu:%02llu:%02llu", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, n, "%llu:%02llu", s / 60, s % 60);
}

size_t progress_line(struct progress *pr, const struct engine_progress *pg, int64_t now_ns, char *buf,
		     size_t n)
{
	char done[32], total[32], pkts[32], rate[32], flows[32], elapsed[32], eta[48] = "";
	char share[16] = "";
	int64_t el = now_ns - pr->start_ns;
	size_t len, cut;
	int w;

	if (n < PROGRESS_LINE_MAX || el < PROGRESS_DELAY_NS || (pr->drawn && now_ns - pr->last_ns < PROGRESS_PERIOD_NS))
		return 0;
	bytes_str(done, sizeof(done), pg->bytes);
	count_str(pkts, sizeof(pkts), (double)pg->packets);
	count_str(rate, sizeof(rate), (double)pg->packets * 1e9 / (double)el);
	count_str(flows, sizeof(flows), (double)pg->flows);
	duration_str(elapsed, sizeof(elapsed), el);
	total[0] = 0;
	if (pr->total) {
		uint64_t b = pg->bytes < pr->total ? pg->bytes : pr->total;
		char t[24];
		snprintf(share, sizeof(share), "%u%%  ", (unsigned)(b * 100 / pr->total));
		bytes_str(t, sizeof(t), pr->total);
		snprintf(total, sizeof(total), "/%s", t);
		if (b > 0 && b < pr->total) {
			char r[32];
			/* the rest at the rate of the bytes read so far, rounded up */
			duration_str(r, sizeof(r),
				     (int64_t)((double)el * (double)(pr->total - b) / (double)b) + 999999999LL);
			snprintf(eta, sizeof(eta), "  ETA %s", r);
		}
	}
	w = snprintf(buf + 1, n - 1, "%s%s%s  %s pkts  %s pkts/s  %s flows  %s%s", share, done, total, pkts, rate,
		     flows, elapsed, eta);
	len = w > 0 ? (size_t)w : 0;
	cut = n - 5;   /* room for "\r" and "\033[K" with its NUL */
	if (pr->width > 1 && pr->width - 1 < cut)
		cut = pr->width - 1;
	if (len > cut)
		len = cut;
	buf[0] = '\r';
	memcpy(buf + 1 + len, "\033[K", 4);
	pr->drawn = 1;
	pr->last_ns = now_ns;
	return len + 4;
}

size_t progress_erase(struct progress *pr, char *buf, size_t n)
{
	if (!pr->drawn || n < 5) {
		if (n)
			buf[0] = 0;
		return 0;
	}
	pr->drawn = 0;
	memcpy(buf, "\r\033[K", 5);
	return 4;
}
