/* packet.c - timestamp formatting for reports. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "packet.h"

const char *pkt_ts_iso(int64_t ts_ns, struct ts_fmt *out)
{
	int64_t s = ts_ns / 1000000000LL, ns = ts_ns % 1000000000LL;
	time_t t;
	struct tm tm;
	char d[24];

	if (ns < 0) {
		ns += 1000000000LL;
		s--;
	}
	t = (time_t)s;
	if (!gmtime_r(&t, &tm) || !strftime(d, sizeof(d), "%Y-%m-%dT%H:%M:%S", &tm)) {
		snprintf(out->s, sizeof(out->s), "-");
		return out->s;
	}
	snprintf(out->s, sizeof(out->s), "%s.%09lldZ", d, (long long)ns);
	return out->s;
}

const char *pkt_ts_utc(int64_t ts_ns, int digits, char *buf, size_t n)
{
	struct ts_fmt f;
	const char *iso = pkt_ts_iso(ts_ns, &f);   /* "2026-11-26T12:19:08.056822000Z" */

	if (digits < 1 || digits > 9 || strlen(iso) != 30)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.10s %.*s UTC", iso, 9 + digits, iso + 11);
	return buf;
}
