#!/bin/sh
# e2e_engine.sh - netrca analyze on every committed capture (fixtures/engine
# and fixtures/incidents): exit codes, the one-line message for damaged
# inputs, PARTIAL in summary.txt, identical output on a second run, atomic
# result directories; then the command line's usage errors.
# The engine checks run with $ENGINE_ONLY (an empty rule file, --fail-on
# none: see lib.sh); one more run per capture with the default rule pack
# checks that the full analysis survives it too.
. "$(dirname "$0")/lib.sh"

if [ ! -x "$NETRCA" ]; then
	echo "1..0 # SKIP $NETRCA not built"
	exit 0
fi

OUT=$TMP/out
mkdir -p "$OUT"

# Expected outcome by name: broken_* fixtures are damaged (exit 3); those
# that libpcap / the pcapng reader can open at all are PARTIAL, the rest
# unreadable.  Everything else must analyse cleanly (exit 0).
expect_of() {
	case $(basename "$1") in
	broken_empty.pcap | broken_6bytes.pcap | broken_magic.pcap | broken_trunc_global.pcap)
		echo unreadable ;;
	broken_*) echo partial ;;
	*) echo good ;;
	esac
}

i=0
for cap in $(all_captures); do
	i=$((i + 1))
	name=${cap#"$top_srcdir"/fixtures/}
	exp=$(expect_of "$cap")
	d1=$OUT/r$i.a d2=$OUT/r$i.b
	"$NETRCA" analyze -q $ENGINE_ONLY -o "$d1" "$cap" >"$OUT/stdout$i" 2>"$OUT/stderr$i"
	rc=$?
	case $exp in
	good) want=0 ;;
	*) want=3 ;;
	esac
	eq "$name: exit code" "$rc" "$want"
	nerr=$(wc -l <"$OUT/stderr$i" | tr -d ' ')
	if [ "$exp" = good ]; then
		eq "$name: nothing on stderr" "$nerr" 0
	else
		if [ "$nerr" -eq 1 ] && grep -qF "$cap" "$OUT/stderr$i"; then
			ok "$name: one stderr line naming the file"
		else
			not_ok "$name: one stderr line naming the file ($(head -c 300 "$OUT/stderr$i"))"
		fi
	fi
	eq "$name: -q prints nothing on stdout" "$(wc -c <"$OUT/stdout$i" | tr -d ' ')" 0
	if [ ! -f "$d1/summary.txt" ] || [ ! -f "$d1/conn.log" ]; then
		not_ok "$name: result directory has summary.txt and conn.log"
		continue
	fi
	case $exp in
	good) check "$name: summary says complete" grep -q 'status: complete' "$d1/summary.txt" ;;
	partial) check "$name: summary says PARTIAL" grep -q 'status: PARTIAL after frame [0-9]' "$d1/summary.txt" ;;
	unreadable) check "$name: summary says unreadable" grep -q 'status: unreadable' "$d1/summary.txt" ;;
	esac
	check "$name: conn.log has Zeek's #fields line" grep -q '^#fields	ts	uid	id.orig_h' "$d1/conn.log"
	"$NETRCA" analyze -q $ENGINE_ONLY -o "$d2" "$cap" >/dev/null 2>&1
	check "$name: second run gives an identical conn.log" cmp -s "$d1/conn.log" "$d2/conn.log"
	check "$name: second run gives an identical summary.txt" cmp -s "$d1/summary.txt" "$d2/summary.txt"
	# the full analysis (default rule pack) survives the capture too
	if [ -n "$ENGINE_ONLY" ]; then
		"$NETRCA" analyze -q --fail-on none -o "$OUT/full$i" "$cap" >/dev/null 2>"$OUT/fullerr$i"
		rc=$?
		if [ "$rc" -eq "$want" ] && [ -f "$OUT/full$i/summary.txt" ]; then
			ok "$name: full analysis with the default rules: exit $want"
		else
			not_ok "$name: full analysis with the default rules: exit $rc, want $want ($(head -c 300 "$OUT/fullerr$i"))"
		fi
		rm -rf "$OUT/full$i"
	fi
	rm -rf "$d1" "$d2"
done

# Damaged inputs keep the frames before the damage: conn.log rows exist.
"$NETRCA" analyze -q $ENGINE_ONLY -o "$OUT/part" "$top_srcdir/fixtures/engine/broken_trunc_data.pcap" 2>/dev/null
check "broken_trunc_data: the 5 frames before the damage are analysed" \
	grep -q 'PARTIAL after frame 5' "$OUT/part/summary.txt"
eq "broken_trunc_data: one TCP flow in conn.log" "$(grep -c '	tcp	' "$OUT/part/conn.log")" 1

# Ring segments given out of order: one capture, one SF flow.
"$NETRCA" analyze -q $ENGINE_ONLY -o "$OUT/ring" "$top_srcdir/fixtures/engine/ring_2.pcap" \
	"$top_srcdir/fixtures/engine/ring_0.pcap" "$top_srcdir/fixtures/engine/ring_1.pcap"
eq "ring given as 2,0,1: exit 0" "$?" 0
eq "ring: one flow" "$(grep -vc '^#' "$OUT/ring/conn.log")" 1
eq "ring: SF ShADdFf, uid C0-1" "$(grep -v '^#' "$OUT/ring/conn.log" | cut -f2,12,14)" "C0-1	SF	ShADdFf"

# Usage errors: exit 2, nothing created.
std=$top_srcdir/fixtures/engine/link_en10mb.pcap
"$NETRCA" analyze -q $ENGINE_ONLY -o "$OUT/bpf" --bpf 'tcp port banana and (' "$std" 2>"$OUT/bpf.err"
eq "bad --bpf: exit 2" "$?" 2
check "bad --bpf: message names the expression" grep -q 'banana' "$OUT/bpf.err"
check "bad --bpf: no result directory" test ! -e "$OUT/bpf"
"$NETRCA" analyze -q 2>/dev/null
eq "analyze without a file: exit 2" "$?" 2
"$NETRCA" analyze -q --no-such-option "$std" 2>/dev/null
eq "unknown option: exit 2" "$?" 2
"$NETRCA" analyze -q $ENGINE_ONLY --max-flows 0 -o "$OUT/mf0" "$std" 2>/dev/null
eq "--max-flows 0: exit 2" "$?" 2
"$NETRCA" analyze -q --fail-on bogus -o "$OUT/fo" "$std" 2>/dev/null
eq "--fail-on bogus: exit 2" "$?" 2
"$NETRCA" 2>/dev/null
eq "no command: exit 2" "$?" 2
"$NETRCA" frobnicate 2>/dev/null
eq "unknown command: exit 2" "$?" 2
"$NETRCA" --version >"$OUT/ver"
eq "--version: exit 0" "$?" 0
check "--version names netrca and libpcap" grep -q 'libpcap' "$OUT/ver"

# A good --bpf keeps frame numbers (uid names frame 11).
"$NETRCA" analyze -q $ENGINE_ONLY -o "$OUT/udp" --bpf udp "$std"
eq "--bpf udp: exit 0" "$?" 0
eq "--bpf udp: one flow named by its original frame" "$(grep -v '^#' "$OUT/udp/conn.log" | cut -f2,7)" "C0-11	udp"

# A missing file: exit 3, one line naming it.
"$NETRCA" analyze -q $ENGINE_ONLY -o "$OUT/missing" "$TMP/no-such.pcap" 2>"$OUT/missing.err"
eq "missing file: exit 3" "$?" 3
eq "missing file: one stderr line" "$(wc -l <"$OUT/missing.err" | tr -d ' ')" 1
check "missing file: the line names it" grep -qF "$TMP/no-such.pcap" "$OUT/missing.err"

# An existing result directory is not replaced without --force.
"$NETRCA" analyze -q $ENGINE_ONLY -o "$OUT/keep" "$std"
echo marker >"$OUT/keep/marker"
"$NETRCA" analyze -q $ENGINE_ONLY -o "$OUT/keep" "$std" 2>"$OUT/keep.err"
rc=$?
check "existing result dir without --force: fails" test "$rc" -ne 0
check "existing result dir without --force: left alone" test -f "$OUT/keep/marker"
# --force replaces only what netrca wrote (tests/e2e_outputs.sh has the rest).
"$NETRCA" analyze -q $ENGINE_ONLY --force -o "$OUT/keep" "$std" 2>/dev/null
eq "--force on a result holding a file netrca did not write: exit 2" "$?" 2
check "--force on a result holding a file netrca did not write: left alone" test -f "$OUT/keep/marker"
rm "$OUT/keep/marker"
"$NETRCA" analyze -q $ENGINE_ONLY --force -o "$OUT/keep" "$std"
eq "--force: exit 0" "$?" 0
check "--force: new result complete" grep -q 'status: complete' "$OUT/keep/summary.txt"

# Damaged copies of every engine fixture: cut at several offsets, and with
# bytes overwritten in the record area.  netrca must end with 0 (the cut
# fell on a record boundary) or 3 with one line naming the file, never
# crash (under the sanitizer build a memory error shows here as another
# exit code).
DMG=$TMP/damaged
mkdir -p "$DMG"
nd=0
bad=""
for cap in "$top_srcdir"/fixtures/engine/*.pcap "$top_srcdir"/fixtures/engine/*.pcapng; do
	size=$(wc -c <"$cap" | tr -d ' ')
	[ "$size" -gt 40 ] || continue
	b=$(basename "$cap")
	for cut in 25 41 $((size / 3)) $((size / 2 + 1)) $((size - 7)); do
		f=$DMG/cut$cut-$b
		head -c "$cut" "$cap" >"$f"
		nd=$((nd + 1))
		"$NETRCA" analyze -q $ENGINE_ONLY -o "$DMG/out" "$f" >/dev/null 2>"$DMG/err"
		rc=$?
		if [ "$rc" -ne 0 ] && { [ "$rc" -ne 3 ] || [ "$(wc -l <"$DMG/err" | tr -d ' ')" -ne 1 ] ||
			! grep -qF "$f" "$DMG/err"; }; then
			bad="$bad cut$cut-$b(rc=$rc)"
		fi
		rm -rf "$DMG/out" "$f"
	done
	for at in 30 $((size / 2)) $((size - 20)); do
		f=$DMG/flip$at-$b
		cp "$cap" "$f"
		printf '\377\377\377\377' | dd of="$f" bs=1 seek="$at" conv=notrunc 2>/dev/null
		nd=$((nd + 1))
		"$NETRCA" analyze -q $ENGINE_ONLY -o "$DMG/out" "$f" >/dev/null 2>"$DMG/err"
		rc=$?
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
			bad="$bad flip$at-$b(rc=$rc)"
		fi
		rm -rf "$DMG/out" "$f"
	done
done
eq "$nd damaged copies of the engine fixtures: exit 0 or 3 (one line naming the file), no crash" "${bad:-none}" none

# Atomic result directories: no temporary or old directory left anywhere.
left=$(find "$OUT" -maxdepth 1 \( -name '*.tmp-*' -o -name '*.old-*' \) | head -5)
eq "no *.tmp-* / *.old-* directories left behind" "$left" ""

# Default output directory: <first file>.netrca beside the current directory.
(cd "$TMP" && "$NETRCA" analyze -q $ENGINE_ONLY "$std")
check "default result directory is link_en10mb.pcap.netrca" test -f "$TMP/link_en10mb.pcap.netrca/conn.log"

tap_done
