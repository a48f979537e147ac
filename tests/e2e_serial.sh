#!/bin/sh
# e2e_serial.sh - the two-stage engine against its serial form: netrca
# analyze on every committed capture under fixtures/ (damaged ones included:
# their partial outputs count too), and on the first six tcp fixtures given
# together as one capture (as bench/identity.sh does), once as usual (the
# finishing stage on its own thread) and once with NETRCA_SERIAL=1 (the
# finishing stage inline); conn.log, tcp.log, summary.txt, report.xml,
# report.html and manifest.sha256, stdout, stderr and the exit status must be
# identical.  Both runs see the same arguments and the same output path (the
# first result is moved aside), so the command line recorded in the reports
# is the same.  The default rule pack and nDPI: the finishing stage does all
# of its work.  One TAP line per capture, and one that the serial run starts
# fewer threads (when strace works), so that the comparison is not of a
# run with itself.
. "$(dirname "$0")/lib.sh"

if [ ! -x "$NETRCA" ]; then
	echo "1..0 # SKIP $NETRCA not built"
	exit 0
fi

FILES="conn.log tcp.log summary.txt report.xml report.html manifest.sha256"
RUN=$TMP/run

# analyze MODE ARGS...: one run into $RUN, then moved to $TMP/MODE, with
# MODE.stdout, MODE.stderr and MODE.rc beside it.
analyze() {
	_m=$1
	shift
	rm -rf "$RUN" "${TMP:?}/$_m" "$TMP/$_m".*
	if [ "$_m" = serial ]; then
		NETRCA_SERIAL=1 "$NETRCA" analyze --quiet -o "$RUN" "$@" >"$TMP/$_m.stdout" 2>"$TMP/$_m.stderr"
	else
		(unset NETRCA_SERIAL; "$NETRCA" analyze --quiet -o "$RUN" "$@") >"$TMP/$_m.stdout" 2>"$TMP/$_m.stderr"
	fi
	echo $? >"$TMP/$_m.rc"
	if [ -d "$RUN" ]; then mv "$RUN" "$TMP/$_m"; fi
}

# compare NAME ARGS...: both runs; one TAP line naming what differs.
compare() {
	_name=$1
	shift
	analyze threaded "$@"
	analyze serial "$@"
	_diff=
	for _f in rc stdout stderr; do
		cmp -s "$TMP/threaded.$_f" "$TMP/serial.$_f" || _diff="$_diff $_f"
	done
	if [ ! -f "$TMP/threaded/summary.txt" ] || [ ! -f "$TMP/threaded/conn.log" ]; then
		_diff="$_diff (no summary.txt or conn.log: exit $(cat "$TMP/threaded.rc"))"
	fi
	for _f in $FILES; do
		if [ -e "$TMP/threaded/$_f" ] || [ -e "$TMP/serial/$_f" ]; then
			cmp -s "$TMP/threaded/$_f" "$TMP/serial/$_f" || _diff="$_diff $_f"
		fi
	done
	if [ -z "$_diff" ]; then
		ok "$_name: NETRCA_SERIAL=1 gives the same outputs and exit status $(cat "$TMP/threaded.rc")"
	else
		not_ok "$_name: NETRCA_SERIAL=1 differs:$_diff"
	fi
}

caps=$(find "$top_srcdir/fixtures" -type f \( -name '*.pcap' -o -name '*.pcapng' \) | LC_ALL=C sort)
for cap in $caps; do
	compare "${cap#"$top_srcdir"/fixtures/}" "$cap"
done

# Several captures in one run (capture ids above 0).
multi=$(find "$top_srcdir/fixtures/tcp" -name '*.pcap' | LC_ALL=C sort | head -6)
if [ "$(echo "$multi" | wc -l)" -eq 6 ]; then
	# shellcheck disable=SC2086
	compare "the six first tcp fixtures together" $multi
else
	not_ok "six tcp fixtures for the multi-capture run (found: $multi)"
fi

# The variable takes effect: the serial run starts fewer threads (no
# finishing thread).
first=$(echo "$caps" | head -1)
if command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null true 2>/dev/null; then
	for m in threaded serial; do
		rm -rf "$RUN"
		if [ $m = serial ]; then
			NETRCA_SERIAL=1 strace -f -qq -e trace=clone,clone3 -o "$TMP/strace.$m" \
			    "$NETRCA" analyze --quiet -o "$RUN" "$first" >/dev/null 2>&1
		else
			(unset NETRCA_SERIAL; strace -f -qq -e trace=clone,clone3 -o "$TMP/strace.$m" \
			    "$NETRCA" analyze --quiet -o "$RUN" "$first") >/dev/null 2>&1
		fi
	done
	nt=$(grep -c CLONE_THREAD "$TMP/strace.threaded")
	ns=$(grep -c CLONE_THREAD "$TMP/strace.serial")
	check "NETRCA_SERIAL=1 starts fewer threads (usual $nt, serial $ns)" test "$ns" -lt "$nt"
else
	skip "strace unavailable: threads not counted"
fi

tap_done
