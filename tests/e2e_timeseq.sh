#!/bin/sh
# e2e_timeseq.sh - time-sequence data for evidence flows (report.xml
# <time-sequences>), checked against tshark's two-pass dissection of the same
# frames: relative sequence and ACK numbers, length, scaled window, flags,
# first SACK block, time since the flow's first segment and the tcp.analysis
# labels (tests/timeseq_vs_tshark.py).  Also: every TCP flow a finding cites
# has its time sequence, its evidence frames are among the listed segments,
# and the reports stay schema-valid.
# The one deliberate difference (doc/tcp-analysis.md): on 12-port-reuse the
# responder's challenge ACK to a new SYN on a reused 4-tuple belongs to the new
# flow in netrca, to the old stream in tshark (sequence base and window scale
# differ on that frame), and two segments there are labelled differently.
. "$(dirname "$0")/lib.sh"

if [ ! -x "$NETRCA" ]; then echo "1..0 # SKIP $NETRCA not built"; exit 0; fi
if ! command -v tshark >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP tshark or python3 missing"; exit 0
fi
FX=$top_srcdir/fixtures
XSD=$top_srcdir/reports/netrca-report-1.xsd
CMP=$top_srcdir/tests/timeseq_vs_tshark.py

for rel in incidents/02-mtu-blackhole/blackhole-server.pcap incidents/02-mtu-blackhole/v6-blackhole-client.pcap \
	incidents/02-mtu-blackhole/mtu-probing-server.pcap incidents/05-healthcheck-blocked/fw-out.pcap \
	incidents/06-latency-shift/wan.pcap incidents/07-syn-flood/syncookies-server.pcap \
	incidents/10-asymmetric/drop-later-fwB.pcap incidents/11-resets/injected.pcap \
	incidents/13-window-path/window-limited.pcap incidents/crafted/mtu-blackhole-qinq.pcap \
	tcp/capture-gap.pcap tcp/edge-crafted.pcap tcp/fastrtx-receiver.pcap tcp/loss-sender.pcap \
	tcp/midstream-zero-window.pcap tcp/zwp-crafted.pcap evidence/refused.pcap; do
	cap=$FX/$rel
	o=$TMP/$(echo "$rel" | tr / _)
	"$NETRCA" analyze -q --force --fail-on none -o "$o" "$cap" >/dev/null 2>&1
	check "$rel: report.xml valid" sh -c "xmllint --noout --schema '$XSD' '$o/report.xml' 2>/dev/null"
	out=$(python3 "$CMP" "$o/report.xml" "$cap" 2>&1)
	rc=$?
	nseg=$(echo "$out" | awk '/^flow / { s += $3 } END { print s + 0 }')
	check "$rel: $nseg segments agree with tshark" test "$rc" -eq 0
	[ "$rc" -eq 0 ] || echo "$out" | sed 's/^/# /'
	# every cited TCP flow with more than a bare SYN has a time sequence, and
	# holds the finding's evidence frames of that flow
	miss=$(python3 - "$o/report.xml" "$o/tcp.log" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = "{urn:netrca:report:1}"
root = ET.parse(sys.argv[1]).getroot()
tcp = set()
for line in open(sys.argv[2]):
    if not line.startswith("#"):
        tcp.add(line.split("\t")[1])
ts = {t.get("flow"): set((int(s.get("capture")), int(s.get("frame"))) for s in t.findall(ns + "seg"))
      for t in root.iter(ns + "time-sequence")}
miss = []
for f in root.iter(ns + "finding"):
    for r in f.iter(ns + "flow-ref"):
        u = r.get("uid")
        if u in tcp and u not in ts:
            miss.append(u)
print(" ".join(sorted(set(miss))))
PY
)
	check "$rel: every cited TCP flow has a time sequence (missing: ${miss:-none})" test -z "$miss"
done

# the deliberate difference, exactly
o=$TMP/reuse
"$NETRCA" analyze -q --force --fail-on none -o "$o" "$FX/incidents/12-port-reuse/reuse.pcap" >/dev/null 2>&1
got=$(python3 "$CMP" "$o/report.xml" "$FX/incidents/12-port-reuse/reuse.pcap" | grep '^  frame' |
	sed 's/ vs tshark.*//' | tr -s ' ' | sort | tr '\n' ';')
want=" frame 29: seq 1; frame 29: win 64; frame 44: seq 1; frame 44: win 64; frame 49: labels ['retransmission']; frame 56: labels ['retransmission']; frame 59: seq 1; frame 59: win 64;"
check "12-port-reuse: only the documented challenge-ACK differences (got '$got')" test "$got" = "$want"

tap_done
