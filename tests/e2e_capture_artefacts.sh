#!/bin/sh
# e2e_capture_artefacts.sh - capture artefacts are not network loss.
# fixtures/engine/dup_any_nat.pcap is `tcpdump -i any` on a NAT router (made by
# fixtures/engine/make_dup_any.py): every packet twice, once per interface,
# the outside copy with the client's address translated.  netrca must count
# 13 capture duplicates, keep both flows (inside and outside tuple) in
# conn.log, and analyse each flow whole: a copy is kept out of the analysis
# only of the flow its original was in, so the SYN retry is a retransmission
# in each leg (frame 3 inside, frame 4 its NATed copy outside), as tshark,
# which sees two conversations, labels them, and neither flow shows holes.
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
check "the SYN retry is a retransmission in each leg's flow (got '$rtx')" test "$rtx" = "3 4 "
lost=$(awk -F'\t' '$5 ~ /lost_segment/ { print $2 }' "$OUT/frames" | tr '\n' ' ')
check "no leg shows a hole (lost or ACKed-unseen segments: '$lost')" test -z "$lost"
dupl=$(awk -F'\t' '$5 ~ /netrca.capture_duplicate/ { n++ } END { print n + 0 }' "$OUT/frames")
check "netrca frames names the 13 copies (got '$dupl')" test "$dupl" = 13
if command -v tshark >/dev/null 2>&1; then
	t=$(tshark -n -2 -r "$CAP" -Y tcp.analysis.retransmission -T fields -e frame.number 2>/dev/null | tr '\n' ' ')
	check "tshark labels the same two frames (got '$t')" test "$t" = "3 4 "
else
	n=$((n + 1)); echo "ok $n # SKIP tshark not installed"
fi

# Twins far apart in packets: every recent packet is remembered, not one per
# hash slot.  gen: P (UDP, IPv4 ID 0x1234), 6,000 other packets 100 ns apart,
# P again 0.8 ms after the first (same interface, non-zero ID, within 1 ms:
# a twin); Q, then Q again 1.2 ms later (not a twin: a retransmission would
# look the same).  Then 40,000 distinct packets 100 ns apart: the ring holds
# 32,768, so 7,232 are forgotten while still within the 5 ms window, counted
# as limitation duplicate-table-full.
if command -v python3 >/dev/null 2>&1; then
	python3 - "$OUT/far.pcap" "$OUT/many.pcap" <<'PY'
import struct, sys
def pcap(path, pkts):
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b23c4d, 2, 4, 0, 0, 65535, 1))
        for ts, frame in pkts:
            f.write(struct.pack('<IIII', ts // 10**9, ts % 10**9, len(frame), len(frame)))
            f.write(frame)
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def udp(ipid, sport, payload):
    u = struct.pack('!HHHH', sport, 53, 8 + len(payload), 0) + payload
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(u), ipid, 0, 64, 17, 0,
                     bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    return b'\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00' + ip + u
t0 = 1795700000 * 10**9
P = udp(0x1234, 40000, b'P' * 32)
Q = udp(0x4321, 40001, b'Q' * 32)
far = [(t0, P)]
for i in range(6000):
    far.append((t0 + 1000 + 100 * i, udp(1 + i, 41000 + i % 20000, struct.pack('!I', i) * 8)))
far.append((t0 + 800000, P))
far.append((t0 + 2000000, Q))
far.append((t0 + 3200000, Q))
pcap(sys.argv[1], far)
pcap(sys.argv[2], [(t0 + 100 * i, udp(1 + i % 65535, 1024 + i % 60000, struct.pack('!I', i) * 8))
                   for i in range(40000)])
PY
	"$N" analyze -q --force --fail-on none -o "$OUT/far" "$OUT/far.pcap"
	dups=$(sed -n 's/^  capture_duplicate: \([0-9]*\).*/\1/p' "$OUT/far/summary.txt")
	check "a twin 6,001 packets after its original is found, a copy 1.2 ms later is not (got '$dups')" \
		test "$dups" = 1
	first=$(sed -n 's/^  capture_duplicate: 1 (first: \([0-9:]*\)).*/\1/p' "$OUT/far/summary.txt")
	check "the twin is frame 6002 (got '$first')" test "$first" = "0:6002"
	check "no duplicate-table-full for it" sh -c "! grep -q 'duplicate-table-full' '$OUT/far/report.xml'"
	"$N" analyze -q --force --fail-on none -o "$OUT/many" "$OUT/many.pcap"
	full=$(sed -n 's/.*<limitation name="duplicate-table-full" count="\([0-9]*\)".*/\1/p' "$OUT/many/report.xml")
	check "40,000 packets in 4 ms: 7,232 forgotten within the window, counted (got '$full')" \
		test "$full" = 7232
	check "and no capture duplicate among distinct packets" \
		sh -c "! grep -q 'capture_duplicate' '$OUT/many/summary.txt'"
else
	n=$((n + 1)); echo "ok $n # SKIP python3 not installed"
fi
echo "1..$n"
exit $fail
