#!/bin/sh
# e2e_input.sh - how inputs are taken (issue 13): "-" reads standard input,
# gzip and zstd captures are read as streams (recognised by magic bytes),
# the SHA-256 is taken over the bytes as given (compressed, or the whole
# pipe); damage in a compressed stream gives a partial result (exit 3);
# missing / directory / unreadable inputs are refused at once (exit 3,
# nothing created); files that overlap in time are refused (exit 2, nothing
# created) while ring segments are still read as one capture; a zero-length
# record held back by the clock (hold() in src/engine.c) is analysed.
# Outputs of the same capture given in different ways must be byte-identical
# but for the input's name ("(stdin)" for -) and, compressed, its size/hash.
. "$(dirname "$0")/lib.sh"

if [ ! -x "$NETRCA" ]; then
	echo "1..0 # SKIP $NETRCA not built"
	exit 0
fi

FX=$top_srcdir/fixtures
FWOUT=$FX/incidents/05-healthcheck-blocked/fw-out.pcap
FWIN=$FX/incidents/05-healthcheck-blocked/fw-in.pcap
NG=$FX/engine/ng_mixed.pcapng
W=$TMP/w
mkdir -p "$W"

# run NAME STDIN ARGS...: netrca analyze -q --fail-on none into $W/run (one
# path for every run, so the command lines in the reports are the same),
# then moved to $W/NAME; NAME.rc and NAME.err beside it.  STDIN: a file for
# standard input, or "" for none (/dev/null).
run() {
	_n=$1 _in=${2:-/dev/null}
	shift 2
	rm -rf "$W/run" "${W:?}/$_n"
	"$NETRCA" analyze -q --fail-on none -o "$W/run" "$@" <"$_in" >/dev/null 2>"$W/$_n.err"
	echo $? >"$W/$_n.rc"
	if [ -d "$W/run" ]; then mv "$W/run" "$W/$_n"; fi
}

# The input's name, size and hash taken out: <name> lines, size= and
# sha256= of <capture>, summary.txt's "capture N:" and "format:" lines.
norm_xml() { sed -e '/^ *<name>.*<\/name>$/d' -e 's/ size="[0-9]*" sha256="[0-9a-f-]*"//' "$1"; }
norm_sum() { grep -v -e '^capture [0-9]*: ' -e '^  format: ' "$1"; }
xml_sha() { sed -n 's/.*<capture id="'"$2"'"[^>]* sha256="\([0-9a-f]*\)".*/\1/p' "$1"; }
xml_size() { sed -n 's/.*<capture id="'"$2"'"[^>]* size="\([0-9]*\)".*/\1/p' "$1"; }
sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# same NAME A B [PATH]: A's and B's outputs are the same (conn.log, tcp.log
# byte for byte; report.xml and summary.txt but for the input's identity;
# PATH: A's input, named "(stdin)" in B's reader messages).
same() {
	_d= _p=${4:-/nonexistent/}
	cmp -s "$W/$2.rc" "$W/$3.rc" || _d="$_d exit($(cat "$W/$2.rc") vs $(cat "$W/$3.rc"))"
	for _f in conn.log tcp.log; do
		cmp -s "$W/$2/$_f" "$W/$3/$_f" || _d="$_d $_f"
	done
	norm_xml "$W/$2/report.xml" | sed "s|$_p|(stdin)|g" >"$W/x2"
	norm_xml "$W/$3/report.xml" >"$W/x3"
	cmp -s "$W/x2" "$W/x3" || _d="$_d report.xml"
	norm_sum "$W/$2/summary.txt" | sed "s|$_p|(stdin)|g" >"$W/s2"
	norm_sum "$W/$3/summary.txt" >"$W/s3"
	cmp -s "$W/s2" "$W/s3" || _d="$_d summary.txt"
	[ -s "$W/$2/conn.log" ] || _d="$_d (no conn.log: $(head -c 200 "$W/$2.err"))"
	if [ -z "$_d" ]; then ok "$1: same outputs as the file (exit $(cat "$W/$2.rc"))"; else not_ok "$1: differs:$_d"; fi
}

# ---- standard input ---------------------------------------------------
run file "" "$FWOUT"
run stdin "$FWOUT" -
same "fw-out.pcap on stdin" file stdin
eq "stdin: report.xml names the input (stdin)" \
	"$(grep -c '<name>(stdin)</name>' "$W/stdin/report.xml")" 1
eq "stdin: sha256 of the stream = sha256sum of the file" "$(xml_sha "$W/stdin/report.xml" 0)" "$(sha_of "$FWOUT")"
eq "stdin: size = the file's" "$(xml_size "$W/stdin/report.xml" 0)" "$(wc -c <"$FWOUT" | tr -d ' ')"
check "stdin: the report.xml differs from the file's only in <name>" \
	sh -c "diff '$W/file/report.xml' '$W/stdin/report.xml' | grep '^[<>]' | grep -v '<name>' | wc -l | grep -qx 0"
# through a pipe (not a redirected file): read once
rm -rf "$W/run"
cat "$FWOUT" | "$NETRCA" analyze -q --fail-on none -o "$W/run" - >/dev/null 2>"$W/pipe.err"
echo $? >"$W/pipe.rc"
mv "$W/run" "$W/pipe" 2>/dev/null
same "fw-out.pcap through a pipe" file pipe
eq "pipe: sha256 = sha256sum of the file" "$(xml_sha "$W/pipe/report.xml" 0)" "$(sha_of "$FWOUT")"

run ngfile "" "$NG"
rm -rf "$W/run"
cat "$NG" | "$NETRCA" analyze -q --fail-on none -o "$W/run" - >/dev/null 2>"$W/ngpipe.err"
echo $? >"$W/ngpipe.rc"
mv "$W/run" "$W/ngpipe" 2>/dev/null
same "ng_mixed.pcapng through a pipe" ngfile ngpipe

# stdin as one segment of a ring, given out of order
R=$FX/engine
run ringfile "" "$R/ring_2.pcap" "$R/ring_0.pcap" "$R/ring_1.pcap"
run ringstdin "$R/ring_0.pcap" "$R/ring_2.pcap" - "$R/ring_1.pcap"
same "ring with ring_0.pcap on stdin" ringfile ringstdin
eq "ring with stdin: capture 0 is (stdin) (earliest)" \
	"$(sed -n '/<capture id="0"/,/<\/name>/p' "$W/ringstdin/report.xml" | grep -c '<name>(stdin)</name>')" 1

# a named pipe: the early check must not open it (it would take the
# writer's data), the engine reads it once and hashes it as it reads
if mkfifo "$W/named-pipe" 2>/dev/null; then
	(cat "$FWOUT" >"$W/named-pipe") &
	wpid=$!
	run fifo "" "$W/named-pipe"
	kill "$wpid" 2>/dev/null   # a writer nobody read must not hang the test
	wait "$wpid" 2>/dev/null
	same "fw-out.pcap through a named pipe" file fifo
	eq "named pipe: sha256 = sha256sum of the file" "$(xml_sha "$W/fifo/report.xml" 0)" "$(sha_of "$FWOUT")"
	rm -f "$W/named-pipe"
else
	skip "mkfifo failed"
	skip "mkfifo failed"
fi

# damaged at its first record: stdin is not asked again past the error
head -c 30 "$FWOUT" >"$W/cut30.pcap"
run cut30 "" "$W/cut30.pcap"
run cut30stdin "$W/cut30.pcap" -
same "a pcap cut inside its first record, on stdin" cut30 cut30stdin "$W/cut30.pcap"
check "cut inside the first record: PARTIAL after frame 0" grep -q 'status: PARTIAL after frame 0' "$W/cut30stdin/summary.txt"

run twice "$FWOUT" - -
eq "- twice: exit 2" "$(cat "$W/twice.rc")" 2
check "- twice: says so" grep -q 'standard input (-) can be given only once' "$W/twice.err"
check "- twice: nothing written" test ! -e "$W/twice"

# ---- compressed captures ----------------------------------------------
cp "$FWOUT" "$W/cap.pcap"
gzip -9 -c "$FWOUT" >"$W/cap.pcap.gz"
cp "$W/cap.pcap.gz" "$W/capture-noext"   # recognised by magic, not by name
run gz "" "$W/cap.pcap.gz"
same "fw-out.pcap.gz" file gz
eq "gz: sha256 = sha256sum of the compressed file" "$(xml_sha "$W/gz/report.xml" 0)" "$(sha_of "$W/cap.pcap.gz")"
eq "gz: size = the compressed size" "$(xml_size "$W/gz/report.xml" 0)" "$(wc -c <"$W/cap.pcap.gz" | tr -d ' ')"
run noext "" "$W/capture-noext"
same "gzip without a .gz name" file noext
run gzstdin "$W/cap.pcap.gz" -
same "fw-out.pcap.gz on stdin" file gzstdin
eq "gz on stdin: sha256 = sha256sum of the compressed file" "$(xml_sha "$W/gzstdin/report.xml" 0)" "$(sha_of "$W/cap.pcap.gz")"
# two gzip members (gzip -c a b > c) read as one stream
head -c 9000 "$FWOUT" | gzip -c >"$W/two.gz"
tail -c +9001 "$FWOUT" | gzip -c >>"$W/two.gz"
run gztwo "" "$W/two.gz"
same "two concatenated gzip members" file gztwo
gzip -c "$NG" >"$W/ng.pcapng.gz"
run nggz "" "$W/ng.pcapng.gz"
same "ng_mixed.pcapng.gz" ngfile nggz

# a truncated .gz: the frames before the cut are analysed, exit 3, partial
head -c 3000 "$W/cap.pcap.gz" >"$W/trunc.pcap.gz"
run gztrunc "" "$W/trunc.pcap.gz"
eq "truncated .gz: exit 3" "$(cat "$W/gztrunc.rc")" 3
check "truncated .gz: summary says PARTIAL after a frame" grep -q 'status: PARTIAL after frame [1-9]' "$W/gztrunc/summary.txt"
if [ "$(wc -l <"$W/gztrunc.err" | tr -d ' ')" -eq 1 ] && grep -qF "$W/trunc.pcap.gz" "$W/gztrunc.err" &&
	grep -q 'truncated' "$W/gztrunc.err" && grep -q 'after frame [1-9]' "$W/gztrunc.err"; then
	ok "truncated .gz: one stderr line naming the file, the truncation and the last good frame"
else
	not_ok "truncated .gz: stderr ($(head -c 300 "$W/gztrunc.err"))"
fi
good=$(sed -n 's/.*status: PARTIAL after frame \([0-9]*\).*/\1/p' "$W/gztrunc/summary.txt")
eq "truncated .gz: its frames are the file's first frames" \
	"$(grep -v '^#' "$W/gztrunc/conn.log" | wc -l | tr -d ' ')" \
	"$(grep -v '^#' "$W/file/conn.log" | awk -v g="$good" '{ split($2, u, "-"); if (u[2] + 0 <= g) n++ } END { print n + 0 }')"
eq "truncated .gz: sha256 = sha256sum of the truncated file" "$(xml_sha "$W/gztrunc/report.xml" 0)" "$(sha_of "$W/trunc.pcap.gz")"
# on stdin the rest of the stream is hashed too: damaged in the middle
cp "$W/cap.pcap.gz" "$W/bad.gz"
printf 'XXXXXXXXXXXXXXXX' | dd of="$W/bad.gz" bs=1 seek=2000 conv=notrunc 2>/dev/null
run gzbad "$W/bad.gz" -
eq "damaged .gz on stdin: exit 3" "$(cat "$W/gzbad.rc")" 3
check "damaged .gz on stdin: the message says (stdin) and damaged" grep -q '(stdin).*gzip data damaged' "$W/gzbad.err"
eq "damaged .gz on stdin: sha256 covers the whole stream" "$(xml_sha "$W/gzbad/report.xml" 0)" "$(sha_of "$W/bad.gz")"
# a damaged pcap on stdin, bytes after the damage: hashed to the end
run rechdr "$FX/engine/broken_caplen_huge.pcap" -
eq "broken_caplen_huge.pcap on stdin: exit 3" "$(cat "$W/rechdr.rc")" 3
eq "broken_caplen_huge.pcap on stdin: sha256 = sha256sum" "$(xml_sha "$W/rechdr/report.xml" 0)" \
	"$(sha_of "$FX/engine/broken_caplen_huge.pcap")"

if command -v zstd >/dev/null 2>&1; then
	zstd -q -19 -c "$FWOUT" >"$W/cap.pcap.zst"
	run zst "" "$W/cap.pcap.zst"
	same "fw-out.pcap.zst" file zst
	eq "zst: sha256 = sha256sum of the compressed file" "$(xml_sha "$W/zst/report.xml" 0)" "$(sha_of "$W/cap.pcap.zst")"
	run zststdin "$W/cap.pcap.zst" -
	same "fw-out.pcap.zst on stdin" file zststdin
	zstd -q -c "$NG" >"$W/ng.pcapng.zst"
	run ngzst "" "$W/ng.pcapng.zst"
	same "ng_mixed.pcapng.zst" ngfile ngzst
	# two frames, the second cut short: the first frame's packets stand
	head -c 9000 "$FWOUT" | zstd -q -c >"$W/two.zst"
	tail -c +9001 "$FWOUT" | zstd -q -c >>"$W/two.zst"
	run zsttwo "" "$W/two.zst"
	same "two concatenated zstd frames" file zsttwo
	head -c $(($(wc -c <"$W/two.zst") - 200)) "$W/two.zst" >"$W/trunc.zst"
	run zsttrunc "$W/trunc.zst" -
	eq "truncated .zst on stdin: exit 3" "$(cat "$W/zsttrunc.rc")" 3
	check "truncated .zst on stdin: PARTIAL after a frame" grep -q 'status: PARTIAL after frame [1-9]' "$W/zsttrunc/summary.txt"
	check "truncated .zst on stdin: message" grep -q '(stdin).*zstd stream ends early.*after frame [1-9]' "$W/zsttrunc.err"
	eq "truncated .zst on stdin: sha256 = sha256sum" "$(xml_sha "$W/zsttrunc/report.xml" 0)" "$(sha_of "$W/trunc.zst")"
else
	for _k in 1 2 3 4 5 6 7 8 9 10 11; do skip "zstd(1) not installed"; done
fi

# ---- early input checks: exit 3, one line, nothing created ------------
early() {
	_name=$1 _want=$2 _msg=$3
	shift 3
	ls -A "$W" >"$TMP/before"
	run early "" "$@"
	ls -A "$W" | grep -v -e '^early\.rc$' -e '^early\.err$' >"$TMP/after"
	eq "$_name: exit $_want" "$(cat "$W/early.rc")" "$_want"
	if [ "$(wc -l <"$W/early.err" | tr -d ' ')" -eq 1 ] && grep -qxF "netrca: $_msg" "$W/early.err"; then
		ok "$_name: the line is 'netrca: $_msg'"
	else
		not_ok "$_name: stderr is '$(head -c 300 "$W/early.err")', want 'netrca: $_msg'"
	fi
	grep -v -e '^early\.rc$' -e '^early\.err$' "$TMP/before" >"$TMP/before2"
	check "$_name: nothing created (no result or temporary directory)" cmp -s "$TMP/before2" "$TMP/after"
}
early "missing input" 3 "$W/no-such.pcap: No such file or directory" "$W/no-such.pcap"
mkdir "$W/adir"
early "a directory" 3 "$W/adir: is a directory" "$W/adir"
early "missing second input" 3 "$W/no-such.pcap: No such file or directory" "$FWOUT" "$W/no-such.pcap"
if [ "$(id -u)" -ne 0 ]; then
	cp "$FWOUT" "$W/locked.pcap"
	chmod 000 "$W/locked.pcap"
	early "an unreadable file" 3 "$W/locked.pcap: Permission denied" "$W/locked.pcap"
	chmod 600 "$W/locked.pcap"
else
	skip "unreadable file: running as root (mode 000 does not stop root)"
	skip "unreadable file: running as root"
	skip "unreadable file: running as root"
fi
# before analysis: a 64 MiB first input, a missing second, in under a second
python3 - "$FWOUT" "$W/big.pcap" <<'EOF'
import sys
src = open(sys.argv[1], "rb").read()
hdr, body = src[:24], src[24:]
with open(sys.argv[2], "wb") as f:
    f.write(hdr)
    n = 0
    while n < 64 << 20:
        f.write(body)
        n += len(body)
EOF
t0=$(date +%s%N)
"$NETRCA" analyze -q -o "$W/bigrun" "$W/big.pcap" "$W/no-such.pcap" 2>"$W/big.err"
rc=$?
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
eq "64 MiB input + missing second: exit 3" "$rc" 3
if [ "$ms" -lt 1000 ] && [ ! -e "$W/bigrun" ]; then
	ok "64 MiB input + missing second: refused before analysis (${ms} ms, nothing written)"
else
	not_ok "64 MiB input + missing second: ${ms} ms, want < 1000 and no $W/bigrun"
fi
rm -f "$W/big.pcap"

# ---- ring vs overlap --------------------------------------------------
# overlap NAME STDIN ARGS...
overlap() {
	_name=$1 _oin=$2
	shift 2
	ls -A "$W" >"$TMP/before"
	run ov "$_oin" "$@"
	eq "$_name: exit 2" "$(cat "$W/ov.rc")" 2
	ls -A "$W" | grep -v -e '^ov\.rc$' -e '^ov\.err$' >"$TMP/after"
	grep -v -e '^ov\.rc$' -e '^ov\.err$' "$TMP/before" >"$TMP/before2"
	check "$_name: nothing written (no result or temporary directory)" cmp -s "$TMP/before2" "$TMP/after"
	if [ "$(wc -l <"$W/ov.err" | tr -d ' ')" -eq 1 ] && grep -q 'overlap in time' "$W/ov.err" &&
		grep -q -- '--points' "$W/ov.err"; then
		ok "$_name: one line: overlap in time, --points"
	else
		not_ok "$_name: stderr '$(head -c 400 "$W/ov.err")'"
	fi
}
overlap "fw-in + fw-out (two capture points)" "" "$FWIN" "$FWOUT"
check "fw-in + fw-out: names both files" sh -c "grep -qF '$FWIN' '$W/ov.err' && grep -qF '$FWOUT' '$W/ov.err'"
check "fw-in + fw-out: names the span (fw-in's start, fw-out's frame)" \
	grep -q 'fw-in.pcap begins at 2026-11-26 12:19:08.100482 UTC, but .*fw-out.pcap goes on to frame [0-9]* at 2026-11-26 ' "$W/ov.err"
overlap "fw-out + fw-in, other order" "" "$FWOUT" "$FWIN"
overlap "the same file twice" "" "$FWOUT" "$W/cap.pcap"
check "the same file twice: both begin at the same instant" grep -q 'both begin at 2026-11-26 12:19:08.056822 UTC' "$W/ov.err"
overlap "a file and its .gz on stdin" "$W/cap.pcap.gz" "$FWOUT" -
run ring "" "$R/ring_2.pcap" "$R/ring_0.pcap" "$R/ring_1.pcap"
eq "ring given as 2,0,1: exit 0" "$(cat "$W/ring.rc")" 0
eq "ring: one flow, SF" "$(grep -v '^#' "$W/ring/conn.log" | cut -f2,12)" "C0-1	SF"
run ringswap "" "$R/ringswap_a.pcap" "$R/ringswap_b.pcap"
eq "ringswap a,b: exit 0" "$(cat "$W/ringswap.rc")" 0
eq "ringswap: one flow, SF" "$(grep -v '^#' "$W/ringswap/conn.log" | cut -f12)" "SF"

# ---- a zero-length record far ahead of the clock (hold) ---------------
# 3 records: a UDP packet, a record with no bytes 2 h later (held back by
# the clock's jump check), then one 1 ms after the first (isolated jump) or
# 2 h + 1 ms after it (confirmed).  Before the fix hold() handed memcpy a
# NULL destination (UBSan: "null pointer passed as argument 1").
mkhold() {
	python3 - "$1" "$2" <<'EOF'
import struct, sys
t0, third = 1767225600, int(sys.argv[2])
eth = bytes.fromhex("020000000014" "02000000000a" "0800")
udp_payload = b"netrca"
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + 8 + len(udp_payload), 1, 0x4000, 64, 17, 0,
                 bytes([192, 0, 2, 10]), bytes([198, 51, 100, 53]))
s = sum(struct.unpack("!10H", ip))
s = (s >> 16) + (s & 0xffff)
s += s >> 16
ip = ip[:10] + struct.pack("!H", ~s & 0xffff) + ip[12:]
udp = struct.pack("!HHHH", 40000, 53, 8 + len(udp_payload), 0) + udp_payload
pkt = eth + ip + udp
out = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
for sec, usec, data in ((t0, 0, pkt), (t0 + 7200, 0, b""), (t0 + third, 1000, pkt)):
    out += struct.pack("<IIII", sec, usec, len(data), len(data)) + data
open(sys.argv[1], "wb").write(out)
EOF
}
if command -v python3 >/dev/null 2>&1; then
	mkhold "$W/hold_isolated.pcap" 0
	mkhold "$W/hold_confirmed.pcap" 7200
	for h in isolated confirmed; do
		run "hold$h" "" "$W/hold_$h.pcap"
		eq "zero-length far-ahead record ($h jump): exit 0" "$(cat "$W/hold$h.rc")" 0
		if [ -s "$W/hold$h.err" ]; then
			not_ok "zero-length far-ahead record ($h jump): stderr: $(head -c 300 "$W/hold$h.err")"
		else
			ok "zero-length far-ahead record ($h jump): nothing on stderr"
		fi
		eq "zero-length far-ahead record ($h jump): 3 frames read" \
			"$(sed -n 's/.*<capture id="0"[^>]* frames="\([0-9]*\)".*/\1/p' "$W/hold$h/report.xml")" 3
	done
	eq "confirmed jump: the UDP flow expired in between: 2 rows of 1 packet" \
		"$(grep -v '^#' "$W/holdconfirmed/conn.log" | cut -f7,15 | tr '\n' ' ')" "udp	1 udp	1 "
	eq "isolated jump: the UDP flow is one flow of 2 packets" \
		"$(grep -v '^#' "$W/holdisolated/conn.log" | cut -f7,15)" "udp	2"
else
	for _k in 1 2 3 4 5 6 7 8; do skip "python3 missing"; done
fi

tap_done
