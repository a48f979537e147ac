#!/bin/sh
# bench/spool_diff.sh OLD_REV [BUILD_DIR]
#
# report.xml's <flow> rows from hostile spools, old against new: builds
# bench/spool_xml.c (report_write_xml on nothing but a conn.log and a
# tcp.log) twice, linked with src/report/xml.c as of git revision OLD_REV
# and with the library of BUILD_DIR (default build/release, built), feeds
# both the spools bench/spool_gen.py writes (real rows from a fixture run,
# then rows with random bytes, quotes, markup, invalid UTF-8, bidi
# characters, strings past the sanitiser's cap, numbers with leading zeros
# or past 2^64, lines past 8 KiB, missing columns, reordered headers, tcp.log
# headers netrca never writes) for several seeds, and compares the reports
# with cmp.  A run in which both writers fail (rc -1) counts as the same.
# Needs python3.  Environment: SPOOL_SEEDS (default "1 2 3 4 5 6 7 8").
set -eu
[ $# -ge 1 ] || { echo "usage: bench/spool_diff.sh OLD_REV [BUILD_DIR]" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
rev=$1
build=$(cd "${2:-$top/build/release}" && pwd)
out=$top/bench/out/spool_diff
rm -rf "$out"
mkdir -p "$out"
cflags="-DHAVE_CONFIG_H -I$build -I$top -I$top/src -I$top/src/report -std=gnu11 -D_GNU_SOURCE -g -O2 \
$(pkg-config --cflags libndpi libxml-2.0 libpcap libcrypto)"
libs="$(pkg-config --libs libpcap libndpi libcrypto libxml-2.0) -lpthread"
git -C "$top" show "$rev:src/report/xml.c" > "$out/xml_old.c"
# shellcheck disable=SC2086
{
	cc $cflags -c -o "$out/spool_xml.o" "$top/bench/spool_xml.c" &&
	cc $cflags -c -o "$out/xml_old.o" "$out/xml_old.c" &&
	cc -o "$out/spool_xml.old" "$out/spool_xml.o" "$out/xml_old.o" "$build/libnetrca.a" $libs &&
	cc -o "$out/spool_xml.new" "$out/spool_xml.o" "$build/libnetrca.a" $libs
} || { echo "spool_diff: build failed" >&2; exit 1; }

# real rows: one run of the new binary on a few tcp fixtures
real=""
if [ -x "$build/netrca" ]; then
	# shellcheck disable=SC2046 # fixture names have no spaces
	"$build/netrca" analyze --quiet -o "$out/real" --force \
	    $(find "$top/fixtures/tcp" -name '*.pcap' | LC_ALL=C sort | head -6) > /dev/null 2>&1 || true
	[ -s "$out/real/conn.log" ] && real="$out/real/conn.log $out/real/tcp.log"
fi

bad=0
n=0
for seed in ${SPOOL_SEEDS:-1 2 3 4 5 6 7 8}; do
	d=$out/s$seed
	mkdir -p "$d"
	# shellcheck disable=SC2086
	python3 "$top/bench/spool_gen.py" "$d" "$seed" $real
	for t in tcp.log tcp_odd0.log tcp_odd1.log -; do
		tl=-
		[ "$t" = - ] || tl=$d/$t
		for w in old new; do    # the same output path: it is in the message
			rm -f "$d/report.xml"
			"$out/spool_xml.$w" "$d/conn.log" "$tl" "$d/report.xml" > "$d/$w.rc"
			mv "$d/report.xml" "$d/$w.xml"
		done
		n=$((n + 1))
		if ! cmp -s "$d/old.rc" "$d/new.rc"; then
			echo "DIFFERS: seed $seed $t: $(cat "$d/old.rc") / $(cat "$d/new.rc")"
			bad=$((bad + 1))
		elif grep -q '^rc 0' "$d/new.rc" && ! cmp -s "$d/old.xml" "$d/new.xml"; then
			echo "DIFFERS: seed $seed $t: $(cmp "$d/old.xml" "$d/new.xml" || true)"
			bad=$((bad + 1))
		else
			echo "same: seed $seed $t: $(cat "$d/new.rc"), $(grep -c '<flow ' "$d/new.xml" || true) flows, $(grep -c '<tcp' "$d/new.xml" || true) with tcp"
		fi
	done
done
echo "spool_diff: $n comparisons, $bad differences ($out)"
[ "$bad" -eq 0 ]
