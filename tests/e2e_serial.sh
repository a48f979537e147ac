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

RUN=$TMP/run
env_compare_fixtures NETRCA_SERIAL

caps=$(find "$top_srcdir/fixtures" -type f \( -name '*.pcap' -o -name '*.pcapng' \) | LC_ALL=C sort)

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
