# lib.sh - helpers for the shell tests (sourced, POSIX sh): TAP output,
# source/build directories, a temporary directory removed on exit.
#
# The tests print TAP themselves: "ok K - text" / "not ok K - text", and the
# plan "1..N" at the end (automake's tap-driver.sh accepts a trailing plan).

# $top_srcdir / $top_builddir come from Makefile.am's TESTS_ENVIRONMENT;
# run by hand, both default to the directory above this script.
_lib_here=$(cd "$(dirname "$0")/.." && pwd)
: "${top_srcdir:=$_lib_here}"
: "${top_builddir:=$_lib_here}"
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)
NETRCA=$top_builddir/netrca

tap_n=0
tap_failed=0
# When set, a failing check is reported as an expected failure
# ("not ok N - text # TODO reason", XFAIL for automake) instead.
TODO_REASON=

# tap_result STATUS TEXT: reports test number tap_n+1 as passed if status is 0.
tap_result() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	elif [ -n "$TODO_REASON" ]; then
		echo "not ok $tap_n - $2 # TODO $TODO_REASON"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

ok() { tap_result 0 "$1"; }
not_ok() { tap_result 1 "$1"; }

# check TEXT CMD...: runs CMD, reports its status under TEXT.
check() {
	_t=$1
	shift
	if "$@"; then tap_result 0 "$_t"; else tap_result 1 "$_t"; fi
}

# eq TEXT GOT WANT: reports whether two strings are equal (and shows both).
eq() {
	if [ "$2" = "$3" ]; then
		tap_result 0 "$1"
	else
		tap_result 1 "$1 (got '$2', want '$3')"
	fi
}

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP $1"
}

diag() { echo "# $*"; }

# Ends the run: prints the plan.  Exit status is informational (the TAP
# driver runs with --ignore-exit).
tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# A private temporary directory, removed on exit.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/netrca-e2e-XXXXXX")
trap 'rm -rf "$TMP"' EXIT HUP INT TERM

# Engine-only analysis: an empty rule file, so that these tests measure the
# engine (readers, decoders, flows, conn.log) whatever state the rule pack
# is in (the rule pack has its own tests).  Empty when netrca has no --rules.
ENGINE_ONLY=
if [ -x "$NETRCA" ] && "$NETRCA" --help 2>/dev/null | grep -q -- '--rules'; then
	echo '# no rules: engine-only analysis' >"$TMP/none.rules"
	ENGINE_ONLY="--rules $TMP/none.rules"
fi
# Findings never change the exit code in these tests.
if [ -x "$NETRCA" ] && "$NETRCA" --help 2>/dev/null | grep -q -- '--fail-on'; then
	ENGINE_ONLY="$ENGINE_ONLY --fail-on none"
fi

# The committed captures: engine fixtures, then lab incident captures.
all_captures() {
	ls "$top_srcdir"/fixtures/engine/*.pcap "$top_srcdir"/fixtures/engine/*.pcapng 2>/dev/null
	if [ -d "$top_srcdir/fixtures/incidents" ]; then
		find "$top_srcdir/fixtures/incidents" -type f \( -name '*.pcap' -o -name '*.pcapng' \) | sort
	fi
}

# ---- one environment variable, outputs compared (e2e_serial.sh, e2e_records.sh)
#
# env_analyze MODE VAR VALUE ARGS...: netrca analyze --quiet -o into $TMP/run
# with VAR set to VALUE (unset when VALUE is empty), then moved to $TMP/MODE,
# with MODE.stdout, MODE.stderr and MODE.rc beside it.  Both runs of a pair
# write to the same path, so the command line the reports record is the same.
env_analyze() {
	_m=$1 _var=$2 _val=$3
	shift 3
	rm -rf "$TMP/run" "${TMP:?}/$_m" "$TMP/$_m".*
	(
		if [ -n "$_val" ]; then export "$_var=$_val"; else unset "$_var"; fi
		"$NETRCA" analyze --quiet -o "$TMP/run" "$@"
	) >"$TMP/$_m.stdout" 2>"$TMP/$_m.stderr"
	echo $? >"$TMP/$_m.rc"
	if [ -d "$TMP/run" ]; then mv "$TMP/run" "$TMP/$_m"; fi
}

# env_compare NAME VAR ARGS...: runs ARGS as usual (mode "usual") and with
# VAR=1 (mode "set"); one TAP line naming whatever differs: exit status,
# stdout, stderr, conn.log, tcp.log, summary.txt, report.xml, report.html,
# manifest.sha256.
env_compare() {
	_name=$1 _v=$2
	shift 2
	env_analyze usual "$_v" "" "$@"
	env_analyze set "$_v" 1 "$@"
	_diff=
	for _f in rc stdout stderr; do
		cmp -s "$TMP/usual.$_f" "$TMP/set.$_f" || _diff="$_diff $_f"
	done
	if [ ! -f "$TMP/usual/summary.txt" ] || [ ! -f "$TMP/usual/conn.log" ]; then
		_diff="$_diff (no summary.txt or conn.log: exit $(cat "$TMP/usual.rc"))"
	fi
	for _f in conn.log tcp.log summary.txt report.xml report.html manifest.sha256; do
		if [ -e "$TMP/usual/$_f" ] || [ -e "$TMP/set/$_f" ]; then
			cmp -s "$TMP/usual/$_f" "$TMP/set/$_f" || _diff="$_diff $_f"
		fi
	done
	if [ -z "$_diff" ]; then
		ok "$_name: $_v=1 gives the same outputs and exit status $(cat "$TMP/usual.rc")"
	else
		not_ok "$_name: $_v=1 differs:$_diff"
	fi
}

# env_compare_fixtures VAR: env_compare on every committed capture under
# fixtures/ (damaged ones included: their partial outputs count too) and on
# the first six tcp fixtures given together (capture ids above 0).
env_compare_fixtures() {
	for _cap in $(find "$top_srcdir/fixtures" -type f \( -name '*.pcap' -o -name '*.pcapng' \) | LC_ALL=C sort); do
		env_compare "${_cap#"$top_srcdir"/fixtures/}" "$1" "$_cap"
	done
	_multi=$(find "$top_srcdir/fixtures/tcp" -name '*.pcap' | LC_ALL=C sort | head -6)
	if [ "$(echo "$_multi" | wc -l)" -eq 6 ]; then
		# shellcheck disable=SC2086
		env_compare "the six first tcp fixtures together" "$1" $_multi
	else
		not_ok "six tcp fixtures for the multi-capture run (found: $_multi)"
	fi
}
