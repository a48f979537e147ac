#!/bin/sh
# e2e_capture_artefacts.sh - capture artefacts are not network loss.
# fixtures/engine/dup_any_nat.pcap is `tcpdump -i any` on a NAT router (made by
# fixtures/engine/make_dup_any.py): every packet twice, once per interface,
# the outside copy with the client's address translated.  netrca must count
# 13 capture duplicates, keep both flows (inside and outside tuple) in
# conn.log, and label only the real SYN retry (frame 3) a retransmission,
# where tshark, which sees two conversations, labels the twin (frame 4) too.
# TAP output.
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-$top_srcdir}
N="$top_builddir/netrca"
CAP="$top_srcdir/fixtures/engine/dup_any_nat.pcap"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { d=$1; shift; if "$@"; then ok "$d"; else nok "$d"; fi; }

"$N" analyze -q --force --fail-on none -o "$OUT/r" "$CAP"
check "analyze exits 0" test $? -eq 0
dups=$(sed -n 's/^  capture_duplicate: \([0-9]*\).*/\1/p' "$OUT/r/summary.txt")
check "13 capture duplicates counted (got '$dups')" test "$dups" = 13
check "capture_duplicate is not malformed" sh -c "! grep -q 'capture_duplicate \[malformed\]' '$OUT/r/summary.txt'"
rows=$(grep -vc '^#' "$OUT/r/conn.log")
check "both tuples (inside, NATed outside) are flows (got '$rows')" test "$rows" = 2
check "each flow has all 13 packets" sh -c "grep -v '^#' '$OUT/r/conn.log' | awk -F'\t' '{ if (\$15 + \$17 != 13) bad = 1 } END { exit bad }'"
"$N" frames "$CAP" >"$OUT/frames"
rtx=$(awk -F'\t' '$5 ~ /retransmission/ { print $2 }' "$OUT/frames" | tr '\n' ' ')
check "only the real SYN retry is a retransmission (got '$rtx')" test "$rtx" = "3 "
if command -v tshark >/dev/null 2>&1; then
	t=$(tshark -n -2 -r "$CAP" -Y tcp.analysis.retransmission -T fields -e frame.number 2>/dev/null | tr '\n' ' ')
	check "tshark labels the twin too (got '$t')" test "$t" = "3 4 "
else
	n=$((n + 1)); echo "ok $n # SKIP tshark not installed"
fi
echo "1..$n"
exit $fail
