#!/usr/bin/env bash
# e2e_notes_coro.sh - the coroutine lessons held against the course notes
# (issue 13): each runs headless at its defaults, and the facts the notes'
# Python prints (values and tokens, checked with CPython 3.11) come in the
# notes' order.  Weft's own lines between them are allowed; a missing,
# extra-before or reordered fact is not.
#
# The notes' demos here take no time (no sleep in their Python); Weft holds
# each step a few lesson ms so the timeline can show it, and the notes'
# timing is that parameter at 0.  So the timed totals checked are the
# pacing's (steps x step, within 15 %), and the run at 0 must print the
# same facts.  Timed runs go at speed 2, not 20: the speed multiplies a
# busy machine's real delays into lesson time too.
#
# usage: bash tests/e2e_notes_coro.sh PATH_TO_WEFT
set -u

. "$(dirname "$0")/lib_e2e.sh"

# run TAG ID ARGS...: output in $OUT/TAG.out, the printed lines alone (no
# stamp, no actor) in $OUT/TAG.lines.
run() {
	local tag=$1 id=$2
	shift 2
	timeout 60 "$WEFT" run "$id" "$@" >"$OUT/$tag.out" 2>"$OUT/$tag.err"
	local rc=$?
	[ "$rc" -eq 0 ] || fail "$tag: exit code $rc (stderr: $(head -c 300 "$OUT/$tag.err"))"
	grep -q "^summary: lesson=$id " "$OUT/$tag.out" || fail "$tag: no summary line"
	grep -q '^result: ' "$OUT/$tag.out" || fail "$tag: no result line"
	grep -v '^summary: \|^result: \|^object: ' "$OUT/$tag.out" |
		sed -E 's/^\[ *[0-9.]+\] +[^ ]+ +//' >"$OUT/$tag.lines"
}

# in_order TAG < FACTS: each line of stdin (a fixed string) is found in a
# printed line after the one the previous fact was found in (as a token:
# not followed by a digit).
in_order() {
	local tag=$1 facts
	facts=$(cat)
	awk -v tag="$tag" 'NR == FNR { want[++n] = $0; next }
		k < n && has($0, want[k + 1]) { k++ }
		END {
			if (k < n) { printf "%s: fact %d of %d, \"%s\", not found after \"%s\"\n", tag, k + 1, n, want[k + 1], want[k]; exit 1 }
		}
		# s holds f, not followed by a digit ("receive 1" is not in "receive 12").
		function has(s, f,   i) {
			while ((i = index(s, f)) > 0) {
				if (substr(s, i + length(f), 1) !~ /[0-9]/)
					return 1
				s = substr(s, i + 1)
			}
			return 0
		}' <(printf '%s\n' "$facts") "$OUT/$tag.lines" >"$OUT/$tag.order" ||
		fail "$(cat "$OUT/$tag.order")"
}

# count_is TAG STRING N: STRING is in exactly N printed lines.
count_is() {
	local got
	got=$(grep -cF -- "$2" "$OUT/$1.lines")
	[ "$got" -eq "$3" ] || fail "$1: '$2' printed $got times, want $3"
}

want() { # tag key value: the result: line's key
	local got
	got=$(field "$OUT/$1.out" result "$2")
	[ "$got" = "$3" ] || fail "$1: result $2='$got', want '$3'"
}

elapsed_s() { # tag: the run's lesson time in seconds
	awk -v ms="$(field "$OUT/$1.out" summary elapsed_ms)" 'BEGIN { printf "%.3f", ms / 1000 }'
}

# same_facts TAG0 TAG: the run at the notes' timing printed the same lines.
same_facts() {
	diff -u "$OUT/$2.lines" "$OUT/$1.lines" >"$OUT/$1.diff" ||
		{ fail "$1: other lines at the notes' timing:"; head -n 12 "$OUT/$1.diff"; }
}

# --- generator-send (000 "Python迭代器（可看作协程）") --------------------------
run gs generator-send --speed 2
in_order gs <<'FACTS'
"fib" yield 1
"fib" receive 1
"fib" yield 1
"fib" receive 2
"fib" yield 2
"fib" receive 3
"fib" yield 3
"fib" receive 4
"fib" yield 5
-> 2
-> 3
-> 26.0
-> 5
FACTS
count_is gs "receive" 4
want gs fib 1,1,2,3,5
want gs gen_cal 2,3,26.0,5
# 9 answers held 0.2 s each.
within gs elapsed_s "$(elapsed_s gs)" 1.8
run gs0 generator-send --set pause_ms=0
same_facts gs0 gs
# fib(3) is spent before the fourth send: StopIteration, not a number.
run gs3 generator-send --speed 20 --set n=3
want gs3 fib 1,1,2,StopIteration

# --- task-scheduler (002 "使用生成器代替线程") ----------------------------------
# The notes' 32 lines, as CPython prints them.
ts_notes() {
	for i in $(seq 0 14); do
		[ "$i" -lt 10 ] && echo "T-minus $((10 - i))"
		[ "$i" -lt 5 ] && echo "T-minus $((5 - i))"
		[ "$i" -eq 5 ] && echo "Blastoff!"
		[ "$i" -eq 10 ] && echo "Blastoff!"
		echo "Counting up $i"
	done
}
run ts task-scheduler --speed 2
ts_notes | in_order ts
[ "$(wc -l <"$OUT/ts.lines")" -eq 32 ] || fail "ts: $(wc -l <"$OUT/ts.lines") lines, the notes print 32"
count_is ts "Blastoff!" 2
want ts steps 30
want ts ended down-5,down-10,up-15
within ts elapsed_s "$(elapsed_s ts)" 3.2 # 32 lines held 0.1 s each
run ts0 task-scheduler --set step_ms=0
same_facts ts0 ts

# --- coroutine-pipeline (000, the producer/consumer after fib) --------------------
# [PRODUCER] Producing n... / [CONSUMER] Consuming n... / [PRODUCER]
# Consumer return: 200 OK, five times, in Weft's words.
run cp coroutine-pipeline --speed 2
for n in 1 2 3 4 5; do
	printf '%s\n' "[producer] producing $n..." "[consumer] consuming $n..." "[producer] consumer returned: 200 OK"
done | in_order cp
count_is cp "200 OK" 5
want cp closed yes
# 5 items, each side working 0.3 s.
within cp elapsed_s "$(elapsed_s cp)" 3.0
run cp0 coroutine-pipeline --set work_ms=0
same_facts cp0 cp

# --- round-robin (000 "任务轮转调度" and "轮转调度队列中的协程") -------------------
# RoundRobin (and PrimitiveRoundRobin, which prints the same), then
# SophisticatedRoundRobin, as CPython prints them (print's double space
# before a slice is Weft's single one).
run rr round-robin --speed 2
in_order rr <<'FACTS'
Task1 need: 6
Task2 need: 8
Task1 need: 0
Task2 need: 5
Task 1 Finished
Task2 need: 2
Task2 need: -1
Task 2 Finished
All finished!
Task1 need: 6 and Time slice = 6
Task2 need: 6 and Time slice = 5
Task1 need: 0 and Time slice = 6
task1 finished
Task2 need: 1 and Time slice = 5
Task2 need: -4 and Time slice = 5
task2 finished
All finished!
FACTS
count_is rr "need:" 11
count_is rr "inished" 6
want rr rr 1:6,2:8,1:0,2:5,2:2,2:-1
want rr rr_calls 8
want rr slices 1:6,2:5
want rr needs 1:6,2:6,1:0,2:1,2:-4
# 51 units taken off in all (24 + 27), 50 ms each.
within rr elapsed_s "$(elapsed_s rr)" 2.55
run rr0 round-robin --set unit_ms=0
same_facts rr0 rr
# Weft's variant: clamped at 0, ended at once, the slice recomputed.
run rrc round-robin --speed 20 --set rules=clamped
want rrc rr 1:6,2:8,2:5,2:2
want rrc needs 1:6,2:5,1:3,2:2,1:1,2:1,1:0,2:0
in_order rrc <<'FACTS'
Task1 need: 0
Task 1 Finished
Task2 need: 5
Task2 need: 0
Task 2 Finished
FACTS

# --- callbacks (000 "回调函数（call back）") ------------------------------------
run cb callbacks --speed 2
in_order cb <<'FACTS'
Caller: Do something.
I am callee.
Call function add result = 8
counter = 1 result: 8
counter = 2 result: 15
counter = 1 result: 5
counter = 2 result: 24
FACTS
count_is cb "counter = " 4
want cb coroutine_calls 2
want cb closure_calls 2
# The generator's lines come from its own lane, the closure's from main's.
grep -q '^\[ *[0-9.]*\] handle  *counter = 2 result: 15$' "$OUT/cb.out" ||
	fail "cb: the coroutine handler's line is not on the handle lane"
grep -q '^\[ *[0-9.]*\] main  *counter = 2 result: 24$' "$OUT/cb.out" ||
	fail "cb: the closure handler's line is not on main's lane"
# 6 results held 0.2 s each.
within cb elapsed_s "$(elapsed_s cb)" 1.2
run cb0 callbacks --set pause_ms=0
same_facts cb0 cb
# Weft's variant: a worker thread computes and sends; the same counts.
run cbt callbacks --speed 20 --set apply=thread
in_order cbt <<'FACTS'
counter = 1 result: 8
counter = 2 result: 15
counter = 1 result: 5
FACTS
grep -q '^summary: .* actors=4 ' "$OUT/cbt.out" || fail "cbt: not two worker threads: $(grep '^summary' "$OUT/cbt.out")"

if [ "$failures" -ne 0 ]; then
	echo "$NAME: $failures check(s) failed"
	exit 1
fi
echo "$NAME: all checks passed"
