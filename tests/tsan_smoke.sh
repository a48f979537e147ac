#!/bin/sh
# tsan_smoke.sh BUILD_DIR - netrca built with ThreadSanitizer (tests/run-all.sh
# builds it in build/tsan) on every committed capture, on the first six tcp
# fixtures together, and on a 200,000-SYN flood (tests/gen_flood; with
# compact records and without): the packet stage, the finishing stage, the
# input's SHA-256, the recycle pools and the report threads all run; any
# data race TSan reports fails the step, naming the capture.  Exit status 0
# when none was reported.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
b=${1:?usage: tests/tsan_smoke.sh BUILD_DIR}
n=$b/netrca
out=$(mktemp -d "${TMPDIR:-/tmp}/netrca-tsan-XXXXXX")
trap 'rm -rf "$out"' EXIT HUP INT TERM
TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
export TSAN_OPTIONS
runs=0 bad=0
one() {
	rm -rf "$out/r"
	# shellcheck disable=SC2086 # ONE_ENV: NAME=VALUE words, or nothing
	env ${ONE_ENV:-} "$n" analyze --quiet --force --fail-on none -o "$out/r" "$@" >"$out/log" 2>&1
	rc=$?
	runs=$((runs + 1))
	if [ $rc -eq 66 ] || grep -q 'ThreadSanitizer' "$out/log"; then
		bad=$((bad + 1))
		echo "tsan: race reported on $*:"
		sed -n '1,40p' "$out/log"
	fi
}
for cap in $(find "$top/fixtures" -type f \( -name '*.pcap' -o -name '*.pcapng' \) | LC_ALL=C sort); do
	one "$cap"
done
# shellcheck disable=SC2046 # fixture names have no spaces
one $(find "$top/fixtures/tcp" -name '*.pcap' | LC_ALL=C sort | head -6)
if make -C "$b" tests/gen_flood >/dev/null 2>&1 && "$b/tests/gen_flood" "$out/flood.pcap" 200000 >/dev/null 2>&1; then
	# a small budget: flows are evicted, so both stages work at once (at the
	# end of a capture only the finishing stage does; a race planted in
	# finish_item was reported only this way)
	one --flow-memory 16 "$out/flood.pcap"
	ONE_ENV=NETRCA_FULL_RECORDS=1
	one --flow-memory 16 "$out/flood.pcap"
	ONE_ENV=
else
	echo "tsan: tests/gen_flood could not be built or run"
	bad=$((bad + 1))
fi
echo "tsan: $runs analyses, $bad with a race reported"
[ $bad -eq 0 ]
