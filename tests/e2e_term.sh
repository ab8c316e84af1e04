#!/usr/bin/env bash
# e2e_term.sh - odd terminals, with the real binary in tmux.
#
#  - smaller than 80x24 (79x24, 40x10): says how large it must be, q quits;
#  - 80x24 exactly: the lesson view;
#  - resized to 20x5 in the middle of a run and back: the run goes on, the
#    view comes back;
#  - TERM=dumb, TERM unset, TERM unknown: a one-line error naming the
#    problem and `weft run`, exit 2, the terminal untouched;
#  - no terminal on stdin or on stdout: the same, pointing to `weft run`;
#  - NO_COLOR: no colour at all on the screen;
#  - LANG=C: nothing but ASCII on the screen.
#
# usage: bash tests/e2e_term.sh PATH_TO_WEFT
set -u
. "$(dirname "$0")/lib_e2e.sh"
. "$(dirname "$0")/lib_tmux.sh"

# --- too small, exactly big enough, resized mid-run ---------------------------
for size in "79 24" "40 10"; do
	CASE="too small: $size"
	start ${size} open race
	wait_for "80x24" && wait_for "${size% *}x${size#* }" &&
		{ t send-keys q; finished 0; echo "ok: $CASE"; }
done

CASE="80x24 exactly"
start 80 24 open deadlock
wait_for "Timeline" && wait_for "DEADLOCK" && { t send-keys q; finished 0; echo "ok: $CASE"; }

CASE="resized to 20x5 and back mid-run"
start 100 30 open process-queue --speed 0.5
if wait_for "Timeline" && wait_for "producer"; then
	t resize-window -x 20 -y 5
	wait_for "80x24"
	sleep 0.5
	t resize-window -x 100 -y 30
	wait_for "Timeline" && wait_for "consumer"
	group=$(lesson_group)
	[ -n "$group" ] || fail "$CASE: the run did not go on through the resizes"
	t resize-window -x 20 -y 5
	wait_for "80x24"
	t send-keys q
	finished 0
	[ -z "$group" ] || group_gone_within 10 "$group" || fail "$CASE: left of the lesson: $(group_members "$group")"
	echo "ok: $CASE"
fi

# --- terminals curses cannot drive ---------------------------------------------
for term in dumb - no-such-terminal; do
	CASE="TERM=$term"
	start 100 30 TERM="$term" --sh "'$WEFT' open race 2>$OUT/err"
	finished 2
	lines=$(wc -l <"$OUT/err")
	[ "$lines" -eq 1 ] || fail "$CASE: stderr has $lines lines: $(head -c 300 "$OUT/err")"
	grep -q 'weft run' "$OUT/err" || fail "$CASE: stderr does not point to weft run: $(cat "$OUT/err")"
	[ -z "$(weft_pids)" ] || fail "$CASE: weft processes left: $(weft_pids | tr '\n' ' ')"
	echo "ok: $CASE: $(cat "$OUT/err")"
done

# No terminal on stdin, or on stdout, in a real terminal otherwise.
for redir in "</dev/null" ">$OUT/stdout"; do
	CASE="open with $redir"
	start 100 30 --sh "'$WEFT' open race $redir 2>$OUT/err"
	finished 2
	grep -q 'weft run' "$OUT/err" || fail "$CASE: stderr does not point to weft run: $(cat "$OUT/err")"
	[ "$(wc -l <"$OUT/err")" -eq 1 ] || fail "$CASE: stderr is not one line: $(cat "$OUT/err")"
	echo "ok: $CASE"
done

# --- NO_COLOR and LANG=C -----------------------------------------------------------
CASE="NO_COLOR"
start 120 40 NO_COLOR=1 open deadlock
if wait_for "DEADLOCK"; then
	# -e keeps attributes: a colour is an SGR parameter 30-38, 40-48, 90-97
	# or 100-107 (39 and 49, "default colour", are not colours)
	if t capture-pane -p -e | grep -Eq $'\e\\[([0-9]*;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9]*)*m'; then
		fail "$CASE: the screen has colours"
	fi
	t send-keys q
	finished 0
	echo "ok: $CASE"
fi
CASE="colour without NO_COLOR (the check above is not blind)"
start 120 40 open deadlock
if wait_for "DEADLOCK"; then
	t capture-pane -p -e | grep -Eq $'\e\\[([0-9]*;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9]*)*m' ||
		fail "$CASE: no colour found on a colour screen"
	t send-keys q
	finished 0
	echo "ok: $CASE"
fi

CASE="LANG=C"
start 120 40 LANG=C LC_ALL=C open deadlock
if wait_for "DEADLOCK"; then
	if t capture-pane -p | LC_ALL=C grep -q '[^ -~]'; then
		fail "$CASE: non-ASCII on the screen: $(t capture-pane -p | LC_ALL=C grep -m1 '[^ -~]')"
	fi
	t send-keys q
	finished 0
	echo "ok: $CASE"
fi

tmux_cleanup
[ -z "$(weft_pids)" ] || fail "weft processes left at the end: $(weft_pids | tr '\n' ' ')"
if [ "$failures" -ne 0 ]; then
	echo "e2e_term: $failures check(s) failed"
	exit 1
fi
echo "e2e_term: all checks passed"
