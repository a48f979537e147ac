#!/bin/sh
# e2e_cli.sh - the command line itself: help texts and exit codes, --version
# against pkg-config, and the progress line (a terminal only: under a
# pseudo-terminal from script(1), never on a file, never with -q).
. "$(dirname "$0")/lib.sh"

# runs NAME ARGS...: netrca ARGS with stdout, stderr and the exit status in
# $TMP/NAME.out, .err, .rc
runs() {
	_n=$1
	shift
	"$NETRCA" "$@" >"$TMP/$_n.out" 2>"$TMP/$_n.err"
	echo $? >"$TMP/$_n.rc"
}

# has FILE WORD...: every WORD appears in FILE (fixed strings)
has() {
	_f=$1
	shift
	for _w in "$@"; do
		grep -q -F -e "$_w" "$_f" || return 1
	done
}

# ---- help: stdout, exit 0 ------------------------------------------------
for form in "help" "--help" "-h"; do
	runs top "$form"
	eq "netrca $form: exit 0" "$(cat "$TMP/top.rc")" 0
	check "netrca $form: nothing on stderr" test ! -s "$TMP/top.err"
	check "netrca $form: names analyze, frames, rules, help and --rules, --fail-on" \
		has "$TMP/top.out" "netrca analyze" "netrca frames" "netrca rules list" "netrca help" \
		"--rules" "--fail-on"
done

opts_analyze="--output --force --bpf --rules --site --fail-on --no-ndpi --max-flows --flow-memory --quiet --verbose Exit:"
opts_frames="--bpf --help Exit:"
opts_rules="list check --rules --site Exit:"
for cmd in analyze frames rules; do
	eval "opts=\$opts_$cmd"
	runs ref help "$cmd"
	eq "netrca help $cmd: exit 0" "$(cat "$TMP/ref.rc")" 0
	# shellcheck disable=SC2086
	check "netrca help $cmd: its usage and options on stdout ($opts)" \
		has "$TMP/ref.out" "usage: netrca $cmd" $opts
	check "netrca help $cmd: nothing on stderr" test ! -s "$TMP/ref.err"
	for form in --help -h; do
		runs cmd "$cmd" "$form"
		eq "netrca $cmd $form: exit 0" "$(cat "$TMP/cmd.rc")" 0
		check "netrca $cmd $form: the same text as netrca help $cmd, on stdout" \
			cmp -s "$TMP/cmd.out" "$TMP/ref.out"
	done
done
runs sub rules list --help
check "netrca rules list --help: the rules usage, exit 0" \
	sh -c "[ \"\$(cat '$TMP/sub.rc')\" = 0 ] && cmp -s '$TMP/sub.out' '$TMP/ref.out'"
runs vv help analyze
check "netrca help analyze: -v, --verbose is documented" \
	has "$TMP/vv.out" "-v, --verbose" "show every finding on a terminal"

# ---- usage errors: exit 2, usage on stderr, nothing on stdout --------------
usage_error() {
	_text=$1 _want=$2
	shift 2
	runs bad "$@"
	if [ "$(cat "$TMP/bad.rc")" = 2 ] && [ ! -s "$TMP/bad.out" ] && grep -q -F "$_want" "$TMP/bad.err"; then
		ok "$_text: exit 2, '$_want' on stderr, stdout empty"
	else
		not_ok "$_text: exit $(cat "$TMP/bad.rc"), stdout $(wc -c <"$TMP/bad.out") bytes, stderr: $(head -2 "$TMP/bad.err")"
	fi
}
usage_error "unknown command" "usage: netrca analyze" no-such-command
usage_error "no command" "usage: netrca analyze"
usage_error "help for an unknown command" "usage: netrca" help no-such-command
usage_error "analyze, unknown option" "usage: netrca analyze [options]" analyze --no-such-option x.pcap
usage_error "analyze without a file" "usage: netrca analyze [options]" analyze
usage_error "frames, unknown option" "usage: netrca frames" frames --no-such-option x.pcap
usage_error "frames without a file" "usage: netrca frames" frames
usage_error "rules without list or check" "usage: netrca rules" rules

# ---- -v is an option of analyze ------------------------------------------
fixture=$top_srcdir/fixtures/tcp/loss-sender.pcap
# shellcheck disable=SC2086
runs verbose analyze $ENGINE_ONLY -q -v -o "$TMP/verbose" "$fixture"
# shellcheck disable=SC2086
runs verbose2 analyze $ENGINE_ONLY -q --verbose -o "$TMP/verbose2" "$fixture"
check "analyze -v and --verbose are accepted (exit 0, a result directory)" \
	sh -c "[ \"\$(cat '$TMP/verbose.rc')\" = 0 ] && [ \"\$(cat '$TMP/verbose2.rc')\" = 0 ] &&
	       [ -f '$TMP/verbose/summary.txt' ] && [ -f '$TMP/verbose2/summary.txt' ]"

# ---- --version: the six libraries, as pkg-config knows them ---------------
runs ver --version
eq "--version: exit 0" "$(cat "$TMP/ver.rc")" 0
check "--version: first line netrca and a version number" \
	grep -q -E '^netrca [0-9]+\.[0-9]+' "$TMP/ver.out"
for lib in libpcap:libpcap nDPI:libndpi OpenSSL:libcrypto libxml2:libxml-2.0 zlib:zlib libzstd:libzstd; do
	name=${lib%%:*} pc=${lib#*:}
	line=$(grep -F "$name" "$TMP/ver.out" | head -1)
	want=$(pkg-config --modversion "$pc" 2>/dev/null)
	if [ -z "$line" ]; then
		not_ok "--version: no $name line"
	elif [ -n "$want" ]; then
		case " $line " in
		*[!0-9.]"$want"[!0-9.]*) ok "--version: $name $want, as pkg-config $pc says ($line)" ;;
		*) not_ok "--version: $name line '$line' does not show pkg-config's $want" ;;
		esac
	elif echo "$line" | grep -q -E '[0-9]+\.[0-9]+'; then
		ok "--version: $name with a version number (no pkg-config $pc to compare with)"
	else
		not_ok "--version: $name line without a version: '$line'"
	fi
done

# ---- the progress line ----------------------------------------------------
GEN=$top_builddir/tests/gen_flood
if [ ! -x "$GEN" ] || ! command -v script >/dev/null 2>&1; then
	for t in "progress line under a terminal" "erased at the end" "total of several inputs" \
		"same outputs" "none on a file" "none with -q" "none with TERM=dumb"; do
		skip "$t: needs tests/gen_flood and script(1)"
	done
	tap_done
	exit
fi
# A SYN flood of 50,000 flows (0.25 s) in 16 files a minute apart, a ring:
# 800,000 packets, 58 MiB, about two seconds here (files that overlapped in
# time would be refused).
copies=
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	"$GEN" "$TMP/flood$i.pcap" 50000 $((1795694400 + 60 * i)) >/dev/null
	copies="$copies $TMP/flood$i.pcap"
done
size=$(wc -c <"$TMP/flood1.pcap")
# the total as the line shows it: sixteen sizes, three significant digits
total=$(awk -v b="$((size * 16))" 'BEGIN {
	split("B KiB MiB GiB TiB", u, " "); i = 1
	while (b >= 1024 && i < 5) { b /= 1024; i++ }
	if (i == 1) printf "%d B", b; else if (b < 10) printf "%.2f %s", b, u[i];
	else if (b < 100) printf "%.1f %s", b, u[i]; else printf "%.0f %s", b, u[i] }')

# on_pty NAME ENV ARGS: netrca analyze ARGS under a pseudo-terminal (stdout
# and stderr both reach $TMP/NAME.pty), result directory $TMP/run moved to
# $TMP/NAME; milliseconds taken in $TMP/NAME.ms
on_pty() {
	_n=$1 _env=$2
	shift 2
	rm -rf "$TMP/run"
	_t0=$(date +%s%N)
	# shellcheck disable=SC2086
	script -qec "env $_env '$NETRCA' analyze $ENGINE_ONLY -o '$TMP/run' $*" /dev/null \
		</dev/null >"$TMP/$_n.pty" 2>&1
	echo $? >"$TMP/$_n.rc"
	echo $((($(date +%s%N) - _t0) / 1000000)) >"$TMP/$_n.ms"
	rm -rf "${TMP:?}/$_n"
	[ -d "$TMP/run" ] && mv "$TMP/run" "$TMP/$_n"
}

# shellcheck disable=SC2086
on_pty tty TERM=xterm $copies
esc=$(printf '\033')
cr=$(printf '\r')
# the redraws, one per line
tr '\r' '\n' <"$TMP/tty.pty" | grep -E '^[0-9]+%  .* pkts/s  .* flows' | sed "s/$esc\\[K\$//" >"$TMP/lines" || :
nlines=$(wc -l <"$TMP/lines")
ms=$(cat "$TMP/tty.ms")
if [ "$nlines" -eq 0 ] && [ "$ms" -lt 1500 ]; then
	skip "progress line: the run took only $ms ms here (a line needs more than a second)"
	skip "erased at the end: no line"
	skip "total of several inputs: no line"
else
	check "progress line under a terminal: $nlines redraws with a percentage, pkts/s, flows ($ms ms, exit $(cat "$TMP/tty.rc"))" \
		sh -c "[ $nlines -ge 1 ] && [ \"\$(cat '$TMP/tty.rc')\" = 0 ]"
	diag "last: $(tail -1 "$TMP/lines")"
	# after the last redraw: "\r\033[K" erases it, and no line is drawn again
	all=$(tr -d '\n' <"$TMP/tty.pty")
	after=${all##*"$cr$esc[K"}
	case "$all" in
	*"pkts/s"*"$esc[K$cr$esc[K"*)
		case "$after" in
		*pkts/s*) not_ok "erased at the end: a line was drawn after the erase" ;;
		*"open: "*) ok "erased at the end (CR, erase to the end of line), then the summary" ;;
		*) not_ok "erased at the end: no summary after the erase" ;;
		esac ;;
	*) not_ok "erased at the end: no CR + erase after the last line" ;;
	esac
	if grep -v -q -F "/$total  " "$TMP/lines"; then
		not_ok "total of several inputs: a line without /$total (the 16 sizes summed)"
	else
		pct=$(sed 's/%.*//' "$TMP/lines" | tr '\n' ' ')
		check "total of several inputs: every line shows /$total, shares rising to at most 100% ($pct)" \
			sh -c "sed 's/%.*//' '$TMP/lines' | awk 'NR > 1 && \$1 < p { exit 1 } { p = \$1 } \$1 > 100 { exit 1 }'"
	fi
fi

# the same run on files: no line, no escape, the same outputs
rm -rf "$TMP/run"
# shellcheck disable=SC2086
TERM=xterm "$NETRCA" analyze $ENGINE_ONLY -o "$TMP/run" $copies >"$TMP/file.out" 2>"$TMP/file.err"
mv "$TMP/run" "$TMP/file"
check "none on a file: stderr empty" test ! -s "$TMP/file.err"
same=
for f in conn.log tcp.log summary.txt report.xml manifest.sha256; do
	cmp -s "$TMP/tty/$f" "$TMP/file/$f" || same="$same $f"
done
if [ -z "$same" ]; then
	ok "same outputs with and without the progress line (conn.log ... manifest.sha256)"
else
	not_ok "the progress line changed:$same"
fi
rm -rf "$TMP/file" "$TMP/tty"

# shellcheck disable=SC2086
on_pty quiet TERM=xterm -q $copies
if grep -q -e pkts/s -e "$esc" "$TMP/quiet.pty"; then
	not_ok "none with -q under a terminal"
else
	check "none with -q under a terminal (nothing written at all, exit 0)" \
		sh -c "[ ! -s '$TMP/quiet.pty' ] && [ \"\$(cat '$TMP/quiet.rc')\" = 0 ]"
fi
rm -rf "$TMP/quiet"

# shellcheck disable=SC2086
on_pty dumb TERM=dumb $copies
if grep -q -e pkts/s -e "$esc" "$TMP/dumb.pty"; then
	not_ok "none with TERM=dumb (a terminal that cannot erase a line)"
else
	check "none with TERM=dumb (a terminal that cannot erase a line), the summary shown" \
		grep -q "^open: " "$TMP/dumb.pty"
fi
rm -rf "$TMP/dumb"

tap_done
