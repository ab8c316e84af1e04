#!/usr/bin/env bash
# e2e_badinput.sh - the real binary on bad command lines, --help/--version,
# list, a run that times out, no terminal for `open`, and SIGTERM.
#
# Bad input: exit code 2 and exactly one line on stderr, "weft: <why>".
# Nothing of a lesson may outlive weft, however the run ends.
#
# usage: bash tests/e2e_badinput.sh PATH_TO_WEFT
# Prints one line per failed check and exits 1 if any failed.
set -u

. "$(dirname "$0")/lib_e2e.sh"

# Processes of weft or of a lesson (forks of weft share its command line).
# Anchored, so it does not match this script, whose arguments name the binary.
PATTERN="^$(sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$WEFT")( |$)"
leftovers() {
	pgrep -f "$PATTERN" | tr '\n' ' '
}

# Polls up to `tenths` tenths of a second for every weft process to be gone;
# true when none is left.
none_left_within() { # tenths
	local i
	for ((i = 0; i <= $1; i++)); do
		[ -z "$(leftovers)" ] && return 0
		sleep 0.1
	done
	return 1
}

# weft ARGS... must exit 2 with one line "weft: ..." on stderr.
bad() {
	local what="weft $*" rc lines first
	timeout 10 "$WEFT" "$@" </dev/null >"$OUT/out" 2>"$OUT/err"
	rc=$?
	lines=$(wc -l <"$OUT/err")
	first=$(head -n1 "$OUT/err")
	[ "$rc" -eq 2 ] || fail "'$what': exit code $rc, want 2"
	[ "$lines" -eq 1 ] && [ "$(wc -c <"$OUT/err")" -eq $((${#first} + 1)) ] ||
		fail "'$what': stderr is not one line: $(head -c 300 "$OUT/err" | tr '\n' '|')"
	[[ "$first" == "weft: "* ]] || fail "'$what': stderr '$first' does not start with 'weft: '"
}

bad frobnicate
bad run nope
bad run
bad run race --set nope=1
bad run race --set threads=0
bad run race --set threads=abc
bad run race --set lock=maybe
bad run race --speed 0
bad run race --speed x
bad --bogus
bad list --lang fr
bad --lang fr
bad run race --limit cpu=x
bad run race --limit disk=1
bad run race --limit 'mem=64
0'
bad list --limit cpu=1
bad run race --soak
bad bench --soak=0
bad run $'\e[2Jrace'

# --- help, version, list -----------------------------------------------------
timeout 10 "$WEFT" --help >"$OUT/help" 2>"$OUT/help.err"
rc=$?
[ "$rc" -eq 0 ] || fail "--help: exit code $rc, want 0"
grep -q usage "$OUT/help" || fail "--help: stdout has no 'usage'"

timeout 10 "$WEFT" --version >"$OUT/version" 2>"$OUT/version.err"
rc=$?
[ "$rc" -eq 0 ] || fail "--version: exit code $rc, want 0"
head -n1 "$OUT/version" | grep -Eq '^weft [0-9]+\.[0-9]+\.[0-9]+$' ||
	fail "--version: first line '$(head -n1 "$OUT/version")' is not 'weft X.Y.Z'"

timeout 10 "$WEFT" list >"$OUT/list" 2>"$OUT/list.err"
rc=$?
[ "$rc" -eq 0 ] || fail "list: exit code $rc, want 0"
for id in process-queue thread-start-join race deadlock; do
	awk '{ print $1 }' "$OUT/list" | grep -qx -- "$id" || fail "list: lesson '$id' not listed"
done

# --- a run that does not finish in time ---------------------------------------
timeout 30 "$WEFT" run race --timeout 0.2 --set iters=10000000 --set threads=8 --set lock=on \
	>"$OUT/timeout.out" 2>"$OUT/timeout.err"
rc=$?
[ "$rc" -eq 1 ] || fail "run --timeout 0.2: exit code $rc, want 1"
[ -s "$OUT/timeout.err" ] || fail "run --timeout 0.2: nothing on stderr says why"
left=$(leftovers)
[ -z "$left" ] || fail "run --timeout 0.2: processes left behind: $left"

# --- open with no terminal ------------------------------------------------------
timeout 10 "$WEFT" open race </dev/null >/dev/null 2>"$OUT/open.err"
rc=$?
[ "$rc" -eq 2 ] || fail "open without a terminal: exit code $rc, want 2"
grep -q 'weft run' "$OUT/open.err" ||
	fail "open without a terminal: stderr '$(head -c 200 "$OUT/open.err")' does not mention 'weft run'"
none_left_within 10 || fail "open without a terminal: processes left behind: $(leftovers)"

# --- SIGTERM during a run -------------------------------------------------------
"$WEFT" run process-queue >"$OUT/term.out" 2>"$OUT/term.err" &
pid=$!
sleep 1
if ! kill -0 "$pid" 2>/dev/null; then
	fail "SIGTERM: weft run process-queue ended before 1 s (it should take ~7 s)"
fi
[ -n "$(leftovers)" ] || fail "SIGTERM: no weft process found by pattern '$PATTERN' (check is blind)"
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq $((128 + 15)) ] || fail "SIGTERM: exit code $rc, want $((128 + 15))"
none_left_within 10 || fail "SIGTERM: lesson processes still alive 1 s after weft exited: $(leftovers)"

if [ "$failures" -ne 0 ]; then
	echo "e2e_badinput: $failures check(s) failed"
	exit 1
fi
echo "e2e_badinput: all checks passed"
