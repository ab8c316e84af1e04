#!/usr/bin/env bash
# e2e_sync.sh - objects, their exact counters and their limits, end to end.
#
#  - `weft run race --set threads=8 --set iters=200000 --set lock=on` prints
#    an `object:` line for the lock with acquires=1600000, exact however
#    many events the rings dropped (and not marked partial);
#  - each table of the arena, filled by test-tables, stops the lesson with
#    the limit named on one line;
#  - the sync panel shows each lock of `weft open deadlock` with its holder
#    and its waiter by name, at 120x40 and 80x24, in LANG=C (ASCII only),
#    with NO_COLOR, and in Chinese.
#
# usage: bash tests/e2e_sync.sh PATH_TO_WEFT
set -u
. "$(dirname "$0")/lib_e2e.sh"
. "$(dirname "$0")/lib_tmux.sh"

# --- exact counters, headless -----------------------------------------------------
CASE="race counters"
timeout 60 "$WEFT" run race --set threads=8 --set iters=200000 --set lock=on >"$OUT/race" 2>&1 ||
	fail "$CASE: exit code $?"
line=$(grep '^object: name=counter_lock ' "$OUT/race")
[[ "$line" == "object: name=counter_lock kind=mutex acquires=1600000 contended="*" wait_ms="* ]] ||
	fail "$CASE: '$line' (want acquires=1600000)"
[[ "$line" != *"~"* ]] || fail "$CASE: the counters are marked partial: '$line'"
grep -q '^summary: .* dropped=' "$OUT/race" || fail "$CASE: no summary line"
# the object lines come after summary:, before result:
order=$(grep -oE '^(summary|object|result):' "$OUT/race" | uniq | tr '\n' ' ')
[ "$order" = "summary: object: result: " ] || fail "$CASE: lines in the order '$order'"
echo "ok: $CASE ($(grep -o 'dropped=[0-9]*' "$OUT/race" | head -1))"

# --- tables that refuse ---------------------------------------------------------
for spec in "objects:too many sync objects (4096)" "actors:too many actors (2048)" \
	"heap:shared memory full (32 MiB)"; do
	table=${spec%%:*} want="weft: lesson test-tables stopped: ${spec#*:}"
	CASE="table $table"
	timeout 30 "$WEFT" run test-tables --set table="$table" >"$OUT/out" 2>"$OUT/err"
	rc=$?
	[ "$rc" -eq 1 ] || fail "$CASE: exit code $rc, want 1"
	grep -qxF "$want" "$OUT/err" || fail "$CASE: stderr '$(head -c 200 "$OUT/err")', want '$want'"
	grep -q '^summary: ' "$OUT/out" || fail "$CASE: no summary line"
	echo "ok: $CASE"
done

# --- the sync panel in a terminal ------------------------------------------------
# panel W H WANT_A WANT_B [ENV=V...] ARGS...: the deadlock's two locks, each
# with its holder and its waiter, on one row of the panel.
panel() {
	local w=$1 h=$2 a=$3 b=$4
	shift 4
	start "$w" "$h" "$@" open deadlock
	if wait_for "$a" 15 && wait_for "$b" 5; then
		t send-keys q
		finished 0
		echo "ok: $CASE"
	fi
}

CASE="sync panel 120x40"
panel 120 40 "A lock held by T1  waiting: T2" "B lock held by T2  waiting: T1"
CASE="sync panel 80x24"
panel 80 24 "A lock held by T1  waiting: T2" "B lock held by T2  waiting: T1"
CASE="sync panel in Chinese"
panel 120 40 "A 锁 持有者 T1  等待者：T2" "B 锁 持有者 T2  等待者：T1" --lang zh
CASE="sync panel NO_COLOR"
panel 120 40 "A lock held by T1  waiting: T2" "B lock held by T2  waiting: T1" NO_COLOR=1
CASE="sync panel LANG=C"
start 120 40 LANG=C LC_ALL=C open deadlock
if wait_for "A lock held by T1  waiting: T2" 15; then
	if screen | LC_ALL=C grep -q '[^ -~]'; then
		fail "$CASE: non-ASCII on the screen: $(screen | LC_ALL=C grep -m1 '[^ -~]')"
	fi
	t send-keys q
	finished 0
	echo "ok: $CASE"
fi

tmux_cleanup
[ -z "$(weft_pids)" ] || fail "weft processes left at the end: $(weft_pids | tr '\n' ' ')"
if [ "$failures" -ne 0 ]; then
	echo "e2e_sync: $failures check(s) failed"
	exit 1
fi
echo "e2e_sync: all checks passed"
