#!/usr/bin/env bash
# e2e_layout.sh - what the screen keeps and the keys do, in tmux (issue 14):
#
#  - `? help` and `q quit` on the status row at 80x24 and 120x40, English
#    and Chinese, browser and lesson;
#  - in `weft open`, ? then Esc then Esc: the run is still there (the second
#    Esc says q quits), q then quits;
#  - Tab reaches the event loop panel, whose hidden rows are counted in its
#    title ("+N ↓") and scroll with Down;
#  - at 40x12 the lesson waits (paused) behind the size message and goes on
#    once the terminal is large again;
#  - LANG=C with --lang zh says in one line why it shows English, and no
#    '?' stands for a character the terminal cannot show.
#
# usage: bash tests/e2e_layout.sh PATH_TO_WEFT
set -u
. "$(dirname "$0")/lib_e2e.sh"
. "$(dirname "$0")/lib_tmux.sh"

status_row() { screen | grep -v '^$' | tail -n1; }

for size in "80 24" "120 40"; do
	for lang in en zh; do
		CASE="status row at $size, $lang"
		if [ $lang = en ]; then help="? help" quit="q quit"; else help="? 帮助" quit="q 退出"; fi
		start ${size} open deadlock --lang $lang
		if wait_for "$help"; then
			wait_for_re 'DEADLOCK|死锁'
			row=$(status_row)
			[[ "$row" == *"$help"* && "$row" == *"$quit"* ]] || fail "$CASE: status row: $row"
			t send-keys q; finished 0; echo "ok: $CASE"
		fi
	done
done

CASE="weft open: ? Esc Esc keeps the run"
start 80 24 open process-queue --speed 0.5
if wait_for "producer"; then
	t send-keys '?'; wait_for "Esc"
	t send-keys Escape; sleep 0.3; t send-keys Escape
	wait_for "q quits" && wait_for "Timeline"
	screen | grep -q '^__E2E_DONE__' && fail "$CASE: the second Esc quit"
	t send-keys q; finished 0; echo "ok: $CASE"
fi

CASE="40x12: the lesson waits behind the size message"
start 40 12 open process-queue
if wait_for "80x24" && wait_for "paused"; then
	sleep 2 # lesson time would pass 2 s here if it ran
	t resize-window -x 100 -y 30
	if wait_for "Timeline"; then
		tl=$(status_row | sed -n 's/.*t=\([0-9.]*\)\([mu]\?s\).*/\1 \2/p')
		case "$tl" in
		*" ms" | *" us") ;;                 # under a second: it waited
		*" s") awk -v t="${tl% *}" 'BEGIN { exit !(t < 1.5) }' ||
			fail "$CASE: lesson time went on behind the message: t=$tl" ;;
		*) fail "$CASE: no lesson time on the status row: $(status_row)" ;;
		esac
		wait_for "Consume 1" # and it goes on
	fi
	t send-keys q; finished 0; echo "ok: $CASE"
fi

CASE="Tab reaches the event loop panel; its hidden rows are counted and scroll"
start 80 24 open gather-wait --speed 5
if wait_for "DONE" 20; then
	more() { screen | sed -n 's/.*Event loop  +\([0-9]*\) ↓.*/\1/p' | head -n1; }
	n=$(more)
	if [ -z "$n" ]; then
		fail "$CASE: the cut loop panel has no '+N ↓' mark: $(screen | grep 'Event loop')"
	else
		t send-keys Tab Tab Down Down
		sleep 0.5
		[ "$(more)" = $((n - 2)) ] ||
			fail "$CASE: Tab Tab Down Down left '+$(more)', want +$((n - 2)) (from +$n)"
	fi
	t send-keys q; finished 0; echo "ok: $CASE"
fi

CASE="LANG=C --lang zh says why it is English"
start 100 30 LANG=C LC_ALL=C open race --lang zh
if wait_for "UTF-8"; then
	screen | grep -q 'showing English' || fail "$CASE: no word on the fallback: $(status_row)"
	screen | grep -v '? help' | grep -q '?' && fail "$CASE: a '?' stands for a character:
$(screen | grep -v '? help' | grep '?')"
	t send-keys q; finished 0; echo "ok: $CASE"
fi

exit $((failures > 0))
