#!/bin/sh
# e2e_preflight.sh - the capture-quality verdict and per-flow flags, checked on
# captures whose defects are known, against independent counts:
#  - a clean lab capture is "good", every check good, no flow flagged;
#  - tcp/capture-gap.pcap left out one in eight of the server's data segments
#    by BPF: the receiver acknowledged 35584 bytes never captured (tshark's
#    sequence numbers give the same: highest byte minus unique bytes seen),
#    11.58 % of the payload: "unreliable", first at frame 18 (tshark's first
#    tcp.analysis.ack_lost_segment);
#  - engine/snaplen96.pcap: the frames cut by the snapshot length are those
#    tshark shows with frame.cap_len < frame.len;
#  - engine/dup_any_nat.pcap: 13 twins, both flows flagged "duplicates";
#  - 10-asymmetric: the firewall leg that sees one direction only is
#    "unreliable"; the client, which sees both, is "good" (the near miss);
#  - every report.xml stays valid against the schema.
# TAP output.
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-$top_srcdir}
N="$top_builddir/netrca"
FX="$top_srcdir/fixtures"
XSD="$top_srcdir/reports/netrca-report-1.xsd"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { d=$1; shift; if "$@"; then ok "$d"; else nok "$d"; fi; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

# run NAME CAPTURE: analyse into $OUT/NAME
run() {
	"$N" analyze -q --force --fail-on none -o "$OUT/$1" "$2" >/dev/null 2>"$OUT/$1.err"
	check "$1: analyze exits 0" test $? -eq 0
	if command -v xmllint >/dev/null 2>&1; then
		check "$1: report.xml valid" sh -c "xmllint --noout --schema '$XSD' '$OUT/$1/report.xml' 2>/dev/null"
	fi
}
verdict() { sed -n 's/^preflight: \([a-z]*\).*/\1/p' "$OUT/$1/summary.txt"; }
# xml attribute of one check: xattr NAME CHECK ATTR
xattr() { grep "<check name=\"$2\"" "$OUT/$1/report.xml" | sed -n "s/.* $3=\"\([^\"]*\)\".*/\1/p"; }
# the quality column of tcp.log, one line per flow
quality() { awk -F'\t' '/^#fields/ { for (i = 2; i <= NF; i++) if ($i == "quality") c = i - 1 }
	!/^#/ && c { print $c }' "$OUT/$1/tcp.log"; }

run base "$FX/incidents/baseline/baseline-app.pcap"
check "baseline: verdict good (got '$(verdict base)')" test "$(verdict base)" = good
check "baseline: no check above good" sh -c "! grep '<check ' '$OUT/base/report.xml' | grep -qv 'level=\"good\"'"
q=$(quality base | sort -u | tr '\n' ' ')
check "baseline: no flow flagged (got '$q')" test "$q" = "- "
check "baseline: no tcp/@quality in the XML" sh -c "! grep -q 'quality=' '$OUT/base/report.xml'"
check "baseline: HTML has the capture-quality section" grep -q 'id="preflight"' "$OUT/base/report.html"

run gap "$FX/tcp/capture-gap.pcap"
check "capture-gap: verdict unreliable (got '$(verdict gap)')" test "$(verdict gap)" = unreliable
b=$(xattr gap acked_unseen_share count)
if command -v tshark >/dev/null 2>&1; then
	t=$(tshark -r "$FX/tcp/capture-gap.pcap" -Y 'ip.src == 192.0.2.10 && tcp.len > 0' -T fields \
		-e tcp.seq -e tcp.len 2>/dev/null |
		awk '{ if (!($1 in s)) { s[$1] = 1; sum += $2 } e = $1 + $2; if (e > m) m = e } END { print m - 1 - sum }')
	check "capture-gap: bytes never captured $b = tshark's sequence arithmetic $t" test "$b" = "$t"
	t=$(tshark -2 -r "$FX/tcp/capture-gap.pcap" -Y tcp.analysis.ack_lost_segment -T fields \
		-e frame.number 2>/dev/null | head -1)
	f=$(xattr gap acked_unseen_share first-frame)
	check "capture-gap: first frame $f = tshark's first ack_lost_segment $t" test "$f" = "$t"
else
	skip "tshark not installed"
	skip "tshark not installed"
fi
check "capture-gap: 35584 bytes (got '$b')" test "$b" = 35584
v=$(xattr gap acked_unseen_share value)
check "capture-gap: 11.58 % of the payload (got '$v')" sh -c "echo '$v' | grep -q '^11\.58'"
check "capture-gap: the flow is flagged acked_unseen" test "$(quality gap)" = acked_unseen
check "capture-gap: the HTML says unreliable" grep -q 'badge high">unreliable' "$OUT/gap/report.html"

run cut "$FX/engine/snaplen96.pcap"
c=$(xattr cut snaplen_cut count)
if command -v tshark >/dev/null 2>&1; then
	t=$(tshark -r "$FX/engine/snaplen96.pcap" -Y 'frame.cap_len < frame.len' 2>/dev/null | wc -l)
	check "snaplen96: $c frames cut = tshark's cap_len < len ($t)" test "$c" = "$t"
else
	skip "tshark not installed"
fi
check "snaplen96: 8 frames cut (got '$c')" test "$c" = 8
check "snaplen96: verdict caveats (got '$(verdict cut)')" test "$(verdict cut)" = caveats
check "snaplen96: the flow is flagged snaplen_cut" test "$(quality cut)" = snaplen_cut

run dup "$FX/engine/dup_any_nat.pcap"
check "dup_any_nat: 13 duplicates (got '$(xattr dup capture_duplicates count)')" \
	test "$(xattr dup capture_duplicates count)" = 13
check "dup_any_nat: verdict caveats" test "$(verdict dup)" = caveats
q=$(quality dup | tr '\n' ' ')
check "dup_any_nat: both flows flagged duplicates (got '$q')" test "$q" = "duplicates duplicates "

run fwb "$FX/incidents/10-asymmetric/drop-synack-fwB.pcap"
check "asymmetric fwB: verdict unreliable (got '$(verdict fwb)')" test "$(verdict fwb)" = unreliable
check "asymmetric fwB: 100 % one-sided (got '$(xattr fwb one_sided_flows value)')" \
	test "$(xattr fwb one_sided_flows value)" = 100
run cli "$FX/incidents/10-asymmetric/drop-synack-client.pcap"
check "asymmetric client (near miss): verdict good (got '$(verdict cli)')" test "$(verdict cli)" = good

run edge "$FX/tcp/edge-crafted.pcap"
check "edge-crafted: 5 offload segments from frame 114 (got '$(xattr edge offload_segments count)' at '$(xattr edge offload_segments first-frame)')" \
	test "$(xattr edge offload_segments count):$(xattr edge offload_segments first-frame)" = 5:114
echo "1..$n"
exit $fail
