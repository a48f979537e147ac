#!/bin/sh
# netrca benchmark: run by `make bench` as
#   bench/run.sh TOP_SRCDIR NETRCA BARELOOP
# Builds (once, cached under bench/out/) a >= 1 GiB mixed capture made of the
# project's fixtures and a 5-million-flow SYN flood, then times `netrca
# analyze` against a bare libpcap loop on each and prints a table with the
# targets of issue 2.  Progress goes to stderr, the table to stdout (and to
# bench/out/results.txt).  See bench/README.md.
#
# Environment (all optional):
#   BENCH_OUT          output directory          (default TOP_SRCDIR/bench/out)
#   BENCH_MIXED_BYTES  size of the mixed capture (default 1073741824)
#   BENCH_PERIOD_MS    start spacing of the fixture copies (default 1000)
#   BENCH_FLOOD_FLOWS  SYN flood packets/flows   (default 5000000)
#   BENCH_BARE_RUNS    bare-loop runs, best kept  (default 3)
#   BENCH_NETRCA_RUNS  netrca runs, best kept     (default 2)
#   BENCH_PROFILE      1: also profile netrca on each capture with perf
#                      (bench/out/profile-X.txt: hottest functions, self
#                      and inclusive, analysis thread only)
#   CC                 compiler for the generators (default cc)
set -eu

if [ $# -ne 3 ]; then
	echo "usage: bench/run.sh TOP_SRCDIR NETRCA BARELOOP" >&2
	exit 2
fi
top=$1
netrca=$2
bare=$3
out=${BENCH_OUT:-$top/bench/out}
mixed_bytes=${BENCH_MIXED_BYTES:-1073741824}
period_ms=${BENCH_PERIOD_MS:-1000}
flood_flows=${BENCH_FLOOD_FLOWS:-5000000}
bare_runs=${BENCH_BARE_RUNS:-3}
netrca_runs=${BENCH_NETRCA_RUNS:-2}
cc=${CC:-cc}

log() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

t_start=$(date +%s)
mkdir -p "$out"
[ -x "$netrca" ] || die "$netrca is not executable"
[ -x "$bare" ] || die "$bare is not executable"
# time a private copy, so a rebuild in the tree during the run changes nothing
cp "$netrca" "$out/netrca.bench" || die "cannot copy $netrca"
netrca=$out/netrca.bench

# ---- tools -----------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		log "installing package 'time' (for /usr/bin/time -v)"
		apt-get install -y time >/dev/null 2>&1 ||
		    { apt-get update >/dev/null 2>&1 &&
		      apt-get install -y time >/dev/null 2>&1; } ||
		    die "could not install package 'time'"
	else
		die "/usr/bin/time is missing: apt-get install time"
	fi
fi
pcap_flags=$(pkg-config --cflags --libs libpcap 2>/dev/null || echo -lpcap)
for g in gen_mixed gen_flood; do
	if [ ! -x "$out/$g" ] ||
	    [ -n "$(find "$top/bench/$g.c" -newer "$out/$g" 2>/dev/null)" ]; then
		log "building $out/$g"
		# shellcheck disable=SC2086
		$cc -O2 -Wall -Wextra -o "$out/$g" "$top/bench/$g.c" $pcap_flags ||
		    die "cannot build bench/$g.c"
	fi
done

# ---- disk ------------------------------------------------------------------
avail_kb=$(df -Pk "$out" | awk 'NR == 2 { print $4 }')
need_kb=8000000
scaled_down=0
if [ "$avail_kb" -lt "$need_kb" ]; then
	# captures + netrca results need about 4x the mixed capture plus the
	# flood; keep the mixed capture to an eighth of what is free
	scaled=$((avail_kb * 1024 / 8))
	if [ "$scaled" -lt "$mixed_bytes" ]; then
		log "WARNING: only $((avail_kb / 1024)) MiB free on $(df -P "$out" | awk 'NR == 2 { print $6 }') (want ~8 GB):"
		log "WARNING: mixed capture SCALED DOWN from $mixed_bytes to $scaled bytes;"
		log "WARNING: results are not comparable with the 1 GiB benchmark"
		mixed_bytes=$scaled
		scaled_down=1
	fi
fi

# ---- captures (generated only if absent or their inputs changed) ------------
mixed=$out/mixed.pcap
flood=$out/synflood.pcap

# every capture under fixtures/ (incidents, engine, tcp, ...) except the
# deliberately broken ones; gen_mixed also skips any libpcap cannot read
fixtures=$(find "$top/fixtures" -type f \( -name '*.pcap' -o -name '*.pcapng' \) 2>/dev/null |
	grep -v '/broken_[^/]*$' | LC_ALL=C sort)
[ -n "$fixtures" ] || die "no fixtures under $top/fixtures"

manifest_new=$out/mixed.manifest.new
{
	echo "target $mixed_bytes period_ms $period_ms"
	cksum "$top/bench/gen_mixed.c" | awk '{ print "gen", $1, $2 }'
	# shellcheck disable=SC2086
	for f in $fixtures; do
		cksum "$f" | awk -v n="${f#"$top"/}" '{ print $1, $2, n }'
	done
} > "$manifest_new"
if [ -s "$mixed" ] && cmp -s "$manifest_new" "$out/mixed.manifest"; then
	log "mixed capture: cached $mixed"
	rm -f "$manifest_new"
else
	log "mixed capture: building $mixed ($mixed_bytes bytes) from $(echo "$fixtures" | wc -l) fixture files"
	rm -f "$mixed" "$out/mixed.manifest"
	# shellcheck disable=SC2086
	"$out/gen_mixed" "$mixed.tmp" "$mixed_bytes" "$period_ms" $fixtures \
	    > "$out/mixed.gen" 2> "$out/mixed.gen.log" ||
	    { cat "$out/mixed.gen.log" >&2; die "gen_mixed failed"; }
	grep -v '^gen_mixed: copy ' "$out/mixed.gen.log" | sed 's/^/bench:   /' >&2
	mv "$mixed.tmp" "$mixed"
	mv "$manifest_new" "$out/mixed.manifest"
fi

flood_tag="flows $flood_flows gen $(cksum < "$top/bench/gen_flood.c")"
if [ -s "$flood" ] && [ "$(cat "$out/synflood.manifest" 2>/dev/null)" = "$flood_tag" ]; then
	log "SYN flood: cached $flood"
else
	log "SYN flood: building $flood ($flood_flows one-packet flows)"
	rm -f "$flood" "$out/synflood.manifest"
	"$out/gen_flood" "$flood.tmp" "$flood_flows" > "$out/synflood.gen" \
	    2> "$out/synflood.gen.log" ||
	    { cat "$out/synflood.gen.log" >&2; die "gen_flood failed"; }
	mv "$flood.tmp" "$flood"
	echo "$flood_tag" > "$out/synflood.manifest"
fi

# ---- measuring -------------------------------------------------------------
# elapsed "h:mm:ss" or "m:ss.ss" from /usr/bin/time -v -> seconds
tv_elapsed() {
	sed -n 's/^.*Elapsed (wall clock) time[^:]*: *//p' "$1" |
	    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f\n", s }'
}
tv_cpu() {      # user + system seconds
	awk -F': *' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 }
	    END { printf "%.2f\n", s }' "$1"
}
tv_rss_kb() {
	sed -n 's/^.*Maximum resident set size (kbytes): *//p' "$1"
}
min_of() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }

results=$out/results.txt
rows=$out/rows.txt
: > "$rows"
notes=""

measure() {     # name file
	name=$1
	file=$2
	log "$name: warming the page cache"
	cat "$file" > /dev/null
	best_bare=""
	cpu_bare=""
	i=0
	while [ "$i" -lt "$bare_runs" ]; do
		/usr/bin/time -v -o "$out/time-bare-$name.txt" "$bare" "$file" \
		    > "$out/bare-$name.txt" || die "bareloop failed on $file"
		e=$(tv_elapsed "$out/time-bare-$name.txt")
		c=$(tv_cpu "$out/time-bare-$name.txt")
		log "$name: bare loop run $((i + 1)): $e s (cpu $c s)"
		if [ "$(min_of "$e" "$best_bare")" = "$e" ]; then
			best_bare=$e
			cpu_bare=$c
		fi
		i=$((i + 1))
	done
	pkts=$(awk '{ print $2 }' "$out/bare-$name.txt")

	best_n=""
	cpu_n=""
	rss_n=0
	i=0
	while [ "$i" -lt "$netrca_runs" ]; do
		log "$name: netrca analyze run $((i + 1))"
		cat "$file" > /dev/null
		rm -rf "$out/res-$name"
		rc=0
		/usr/bin/time -v -o "$out/time-netrca-$name.txt" "$netrca" analyze \
		    --quiet -o "$out/res-$name" --force "$file" \
		    > "$out/netrca-$name.out" 2> "$out/netrca-$name.err" || rc=$?
		# 1 = findings at or above --fail-on: a normal result here
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
			log "$name: netrca exited with $rc:"
			sed 's/^/bench:   /' "$out/netrca-$name.err" | tail -20 >&2
			notes="$notes
NOTE: netrca exited with status $rc on $name (see $out/netrca-$name.err)"
		fi
		e=$(tv_elapsed "$out/time-netrca-$name.txt")
		r=$(tv_rss_kb "$out/time-netrca-$name.txt")
		r=${r:-0}
		c=$(tv_cpu "$out/time-netrca-$name.txt")
		log "$name: netrca run $((i + 1)): $e s (cpu $c s), peak RSS $((r / 1024)) MiB"
		if [ "$(min_of "$e" "$best_n")" = "$e" ]; then
			best_n=$e
			cpu_n=$c
		fi
		[ "$r" -gt "$rss_n" ] && rss_n=$r
		i=$((i + 1))
	done
	flows=$(sed -n 's/^flows: \([0-9]*\).*/\1/p' "$out/res-$name/summary.txt" 2>/dev/null | head -1)
	peak=$(sed -n 's/^flows: [0-9]* (peak \([0-9]*\) in memory).*/\1/p' "$out/res-$name/summary.txt" 2>/dev/null | head -1)
	size=$(wc -c < "$file")
	echo "$name $size $pkts ${flows:-?} $best_bare $best_n $rss_n ${peak:-?} $cpu_n $cpu_bare" >> "$rows"
}

measure mixed "$mixed"
measure synflood "$flood"

profile() {     # name file
	name=$1
	file=$2
	prof=$out/profile-$name.txt
	log "$name: perf record (BENCH_PROFILE=1)"
	perf record -q -o "$out/perf-$name.data" -F 250 --call-graph dwarf,16384 \
	    "$netrca" analyze --quiet -o "$out/res-prof-$name" --force "$file" \
	    > /dev/null 2>&1 || true
	rm -rf "$out/res-prof-$name"
	# the analysis thread is the one with the most samples
	tid=$(perf report -i "$out/perf-$name.data" --no-children -s pid --stdio -g none \
	    2>/dev/null | awk '/^ *[0-9.]+%/ { sub(/:.*/, "", $2); print $2; exit }')
	{
		echo "perf profile of netrca on $name ($(date -u '+%Y-%m-%d %H:%M UTC'))"
		echo "threads (share of samples):"
		perf report -i "$out/perf-$name.data" --no-children -s pid --stdio -g none 2>/dev/null |
		    grep -E '^ *[0-9.]+%'
		echo
		echo "analysis thread $tid, self time (top 30; % of this thread's samples):"
		perf report -i "$out/perf-$name.data" --tid "$tid" --percentage relative --no-children \
		    -s dso,symbol --stdio -g none 2>/dev/null | grep -E '^ *[0-9.]+%' | head -30
		echo
		echo "analysis thread $tid, inclusive time (top 60; % of this thread's samples):"
		perf report -i "$out/perf-$name.data" --tid "$tid" --percentage relative --children \
		    -s symbol --stdio -g none 2>/dev/null | grep -E '^ *[0-9.]+%' |
		    grep -v '\[k\]' | head -60
	} > "$prof"
	log "$name: profile in $prof"
}
if [ "${BENCH_PROFILE:-0}" = 1 ]; then
	if command -v perf > /dev/null 2>&1; then
		profile mixed "$mixed"
		profile synflood "$flood"
	else
		log "BENCH_PROFILE=1 but perf is not installed (apt-get install linux-perf)"
	fi
fi

# ---- the table -------------------------------------------------------------
{
	echo "netrca benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')  $(uname -n), $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
	ver=$("$netrca" --version 2>/dev/null | head -1)
	rev=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || true)
	if [ -n "$rev" ]; then
		git -C "$top" diff --quiet HEAD -- src dissectors 2>/dev/null ||
		    rev="$rev + uncommitted changes in src/ or dissectors/"
		echo "$ver, source tree $rev"
	else
		echo "$ver"
	fi
	echo
	awk '
	BEGIN {
		printf "%-9s %9s %10s %9s %8s %8s %10s %7s %7s %8s %8s\n",
		    "capture", "size MB", "packets", "flows", "bare s",
		    "netrca s", "packets/s", "MB/s", "x bare", "RSS MiB",
		    "cpu s"
	}
	{
		mb = $2 / 1e6; t = $6 + 0; b = $5 + 0
		pps = t > 0 ? $3 / t : 0; mbs = t > 0 ? mb / t : 0
		x = b > 0 ? t / b : 0
		printf "%-9s %9.1f %10d %9s %8.2f %8.2f %10.0f %7.1f %6.1fx %8.1f %8.2f\n",
		    $1, mb, $3, $4, b, t, pps, mbs, x, $7 / 1024, $9
	}' "$rows"
	echo
	echo "(bare s: best of $bare_runs pcap_next_ex loops summing every byte; netrca s: best of $netrca_runs"
	echo " 'netrca analyze --quiet' (wall time); packets/s and MB/s are netrca's; page cache warm;"
	echo " RSS = netrca's peak resident set (time -v); cpu s = netrca's user+system time, both threads;"
	echo " flows = netrca's own count from summary.txt, '?' if it wrote none)"
	awk '{ printf "flows in memory at peak (netrca summary): %s %s\n", $1, $8 }' "$rows"
	echo
	awk '{ printf "mixed capture: %s copies of %s fixture files, each copy with its own addresses\n", $2, $4 }' "$out/mixed.gen"
	sed -n 's/^gen_mixed: composition/mixed capture composition/p' "$out/mixed.gen.log"
	echo "SYN flood: $(awk '{ print $2 }' "$out/synflood.gen") one-packet flows from 198.18.0.0/15"
	echo
	echo "targets:"
	awk '
	function v(ok) { return ok ? "PASS" : "MISS" }
	$1 == "mixed" {
		x = $5 > 0 ? $6 / $5 : 0
		y = $10 > 0 ? $9 / $10 : 0
		printf "  mixed     netrca time <= 4x bare loop : %5.1fx          %s   (cpu time: %.1fx)\n", x, v(x <= 4), y
		printf "  mixed     peak RSS <= 256 MiB         : %7.1f MiB     %s\n", $7 / 1024, v($7 / 1024 <= 256)
	}
	$1 == "synflood" {
		printf "  synflood  peak RSS <= 512 MiB         : %7.1f MiB     %s\n", $7 / 1024, v($7 / 1024 <= 512)
	}' "$rows"
	[ -z "$notes" ] || echo "$notes"
	load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)
	echo
	echo "load average at the end: $load (on $(nproc) cores; other work on the machine inflates wall times)"
	if [ "$scaled_down" = 1 ]; then
		echo "NOTE: mixed capture scaled down to $mixed_bytes bytes (low disk space)"
	fi
} > "$results"
cat "$results"
log "done in $(( $(date +%s) - t_start )) s; results in $results"
