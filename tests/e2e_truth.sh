#!/usr/bin/env bash
# e2e_truth.sh - the screens tell the truth (issue 14), with the real
# binary in tmux: what a student reads at 120x40 and 80x24, in English and
# Chinese, is what happened.
#
# usage: bash tests/e2e_truth.sh PATH_TO_WEFT
set -u
. "$(dirname "$0")/lib_e2e.sh"
. "$(dirname "$0")/lib_tmux.sh"

# row_with TEXT: the first screen row that contains TEXT.
row_with() { screen | grep -F -m1 -- "$1"; }

# The deadlock: its cycle reaches the Output panel as words and as a
# picture; both locks count a contended acquire while their waiter waits.
CASE="deadlock in the Output panel, 120x40"
start 120 40 open deadlock
wait_for "T1 → B → T2 → A → T1" && {
	wait_for "contended 1  wait"
	[ "$(screen | grep -c 'contended 1  wait')" = 2 ] || fail "$CASE: not both locks contended: $(screen | grep contended)"
	row_with "T1 → B → T2 → A → T1" | grep -q '│' || fail "$CASE: the picture is not in the left (Output) panel"
	echo "ok: $CASE"
}

CASE="deadlock in Chinese, 80x24"
start 80 24 open deadlock --lang zh
wait_for "T1 → B → T2 → A → T1" && {
	wait_for "死锁：T1 等待锁 B"
	screen | grep -q "waits for" && fail "$CASE: English on a Chinese screen: $(screen | grep 'waits for')"
	echo "ok: $CASE"
}

CASE="deadlock, NO_COLOR and --ascii"
start 100 30 NO_COLOR=1 open deadlock --ascii
wait_for "T1 -> B -> T2 -> A -> T1" && echo "ok: $CASE"

# switch-cost's bars fit the Output panel at 120x40: every bar line shows
# its figure and its name whole, so bars of different lengths differ.
CASE="switch-cost bars fit, 120x40"
start 120 40 open switch-cost --set rounds=2000
wait_for "ns  process (pipe)" 30 && {
	for what in "coroutine (asm)" "coroutine (ucontext)" "thread (futex)" "process (pipe)"; do
		screen | grep -F "ns  $what " | grep -Eq "█+ +[0-9.]+ ns  [a-z() ]+│" || fail "$CASE: '$what' not whole: $(row_with "ns  $what")"
	done
	n=$(screen | grep -E "ns  (coroutine|thread|process)" | sed -E 's/^[^█]*(█+).*/\1/' | awk '{ print length($0) }' | sort -u | wc -l)
	[ "$n" -ge 2 ] || fail "$CASE: all bars have one length"
	echo "ok: $CASE"
}

# A replay of a stepped lost update shows what the live run showed (the
# Source pane, each actor's step label), steps one event per '.', and its
# help lists the replay's keys.
CASE="replay of a stepped run"
printf '%s\n' "open race" "set threads 2" "set iters 1" "record $OUT/lost.trace" "size 100 30" \
	"start step" "step T1" "step T2" "step T1" "step T2" "wait-exit 5s" >"$OUT/live.weft"
printf '%s\n' "replay $OUT/lost.trace" "size 100 30" "key home" "frame home" "key ." "frame one" \
	"key ." "frame two" "key ," "frame back" "key ?" "frame help" >"$OUT/replay.weft"
if "$WEFT" script "$OUT/live.weft" >"$OUT/live.out" 2>&1 &&
	"$WEFT" script "$OUT/replay.weft" --frames "$OUT/rf" >"$OUT/replay.out" 2>&1; then
	grep -q "─ Source" "$OUT/rf/home.txt" || fail "$CASE: no Source pane: $(head -5 "$OUT/rf/home.txt")"
	grep -q "read: tmp = counter" "$OUT/rf/home.txt" || fail "$CASE: no step label"
	events() { sed -n 's/.* events \([0-9]*\) .*/\1/p' "$OUT/rf/$1.txt"; }
	h=$(events home) o=$(events one) t=$(events two) b=$(events back)
	[ "$o" = $((h + 1)) ] && [ "$t" = $((h + 2)) ] && [ "$b" = $((h + 1)) ] ||
		fail "$CASE: '.' and ',' do not step one event: $h $o $t $b"
	grep -q "one event back" "$OUT/rf/help.txt" || fail "$CASE: help has no ','"
	grep -Eq "start the chosen lesson|restart the lesson" "$OUT/rf/help.txt" && fail "$CASE: help lists the live run's keys"
	echo "ok: $CASE"
else
	fail "$CASE: $(cat "$OUT/live.out" "$OUT/replay.out")"
fi

exit $((failures > 0))
