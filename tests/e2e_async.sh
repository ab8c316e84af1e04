#!/usr/bin/env bash
# e2e_async.sh - the coroutine and event-loop lessons (tracks 3 and 4) run
# headless by the real binary: each prints its results, and where the order
# of its lines is fixed by the scheduler or the loop's rules (round-robin,
# task-scheduler, loop-callbacks, await-vs-tasks, async-queue), the lines
# come in exactly that order.
#
# usage: bash tests/e2e_async.sh PATH_TO_WEFT
set -u
shopt -s lastpipe # `... | same_lines id`: its fail() counts in this shell

. "$(dirname "$0")/lib_e2e.sh"

field() { # file key: the value of key in the result: line
	grep -m1 '^result: ' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n1
}

# Runs a lesson; output in $OUT/ID.out, the printed lines alone (no time,
# no actor) in $OUT/ID.lines.
run() { # id args...
	local id=$1
	shift
	timeout 60 "$WEFT" run "$id" "$@" >"$OUT/$id.out" 2>"$OUT/$id.err"
	local rc=$?
	[ "$rc" -eq 0 ] || fail "$id: exit code $rc (stderr: $(head -c 300 "$OUT/$id.err"))"
	grep -q "^summary: lesson=$id " "$OUT/$id.out" || fail "$id: no summary line"
	grep -q '^result: ' "$OUT/$id.out" || fail "$id: no result line"
	grep -v '^summary: \|^result: \|^object: ' "$OUT/$id.out" | sed -E 's/^\[ *[0-9.]+\] +[^ ]+ +//' >"$OUT/$id.lines"
}

want() { # id key value
	local got
	got=$(field "$OUT/$1.out" "$2")
	[ "$got" = "$3" ] || fail "$1: result $2='$got', want '$3'"
}

within() { # id key low high: a number in [low, high]
	local got
	got=$(field "$OUT/$1.out" "$2")
	awk -v v="$got" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v != "" && v + 0 >= lo && v + 0 <= hi) }' ||
		fail "$1: result $2='$got', want between $3 and $4"
}

less_than() { # id key1 key2: key1's number is below key2's
	local a b
	a=$(field "$OUT/$1.out" "$2")
	b=$(field "$OUT/$1.out" "$3")
	awk -v a="$a" -v b="$b" 'BEGIN { exit !(a != "" && b != "" && a + 0 < b + 0) }' ||
		fail "$1: result $2='$a' should be below $3='$b'"
}

# Durations are lesson time, but a loaded machine adds real delays that the
# speed multiplies: the checks below hold the lower bounds (a sleep is never
# shorter than asked) and the comparisons the lessons are about, with upper
# bounds loose enough for a busy CI machine.  The orders are exact.

same_lines() { # id: the printed lines equal stdin
	if ! diff -u - "$OUT/$1.lines" >"$OUT/$1.diff"; then
		fail "$1: lines not in the expected order:"
		head -n 20 "$OUT/$1.diff"
	fi
}

# --- track 3: coroutines -------------------------------------------------------

# generator-send: the notes' two demos, in e2e_notes_coro.

run coroutine-pipeline --speed 20
want coroutine-pipeline produced 5
want coroutine-pipeline consumed 5
want coroutine-pipeline replies 5
want coroutine-pipeline closed yes

# round-robin's lines, in the notes' order, are e2e_notes_coro's.

run task-scheduler --speed 20 --set step_ms=20
want task-scheduler steps 30
# Its lines, in the notes' order with both Blastoff!, are e2e_notes_coro's.

# callbacks: the notes' four demos, in e2e_notes_coro.

run switch-cost --set rounds=2000
for k in asm_ns ucontext_ns thread_ns process_ns; do
	within switch-cost "$k" 0.1 100000000
done
# Not a timing test: only that the order of magnitude is the lesson's point.
asm=$(field "$OUT/switch-cost.out" asm_ns)
uc=$(field "$OUT/switch-cost.out" ucontext_ns)
thr=$(field "$OUT/switch-cost.out" thread_ns)
awk -v a="$asm" -v u="$uc" -v t="$thr" 'BEGIN { exit !(a < u && u < t) }' ||
	fail "switch-cost: want asm < ucontext < thread, got $asm $uc $thr"

# --- track 4: event loop ---------------------------------------------------------

run loop-callbacks --speed 20
want loop-callbacks callbacks 18
want loop-callbacks order 142434142434142434
{
	for k in $(seq 0 8); do
		echo "function_$((k % 3 + 1)) called"
		[ "$k" -eq 8 ] && echo "function_3: end time reached, stopping the loop"
		echo "function_4 called"
		[ "$k" -eq 8 ] && echo "function_4: end time reached, stopping the loop"
	done
	echo "loop stopped after 18 callbacks"
} | same_lines loop-callbacks

run await-vs-tasks --speed 5
within await-vs-tasks sequential_s 2.9 6
within await-vs-tasks concurrent_s 2.9 6
sed -i -E 's/ at [0-9]+\.[0-9] s$/ at T/' "$OUT/await-vs-tasks.lines" # the times: e2e_notes_loop.sh
same_lines await-vs-tasks <<'LINES'
part 1: await say_after(1, hello), then say_after(2, world)
started at T
hello
world
finished at T
part 2: two tasks, say_after(3, hello) and say_after(1, world)
started at T
world
hello
finished at T
LINES

run wait-for-timeout --speed 20
want wait-for-timeout timed_out yes
want wait-for-timeout cancelled yes
within wait-for-timeout elapsed_s 0.9 5
grep -q 'timeout!' "$OUT/wait-for-timeout.lines" || fail "wait-for-timeout: no 'timeout!'"

# The notes' run is held in e2e_notes_loop.sh; this is Weft's bounded one.
run async-queue --speed 20 --set items=15 --set produce_ms=0 --set work_ms=250 --set join=main
want async-queue items 15
want async-queue max_depth 10
want async-queue task_done_before_join 16
{
	echo "producer starts."
	for i in $(seq 0 10); do echo "produce $i"; done
	echo "consumer starts."
	for i in $(seq 0 3); do
		echo "produce $((i + 11))"
		echo "consume $i"
	done
	echo "consume 4"
	echo "main: producer done, joining the queue"
	for i in $(seq 5 14); do echo "consume $i"; done
	echo "consumer ends."
	echo "main: join returned: every item processed"
} | same_lines async-queue

# Speed 5, not 20: jobs 0.1 s apart are then 20 ms apart in real time, which
# a loaded machine keeps apart (5 ms did not, with eight builds running).
run gather-wait --speed 5 --set rounds=weft # the notes' rounds: e2e_notes_loop.sh
want gather-wait gather 0,1,4,9,16
want gather-wait timeout_done 2
want gather-wait timeout_pending 3
want gather-wait first_completed 1
want gather-wait first_exception_done 4
want gather-wait job3 ValueError
want gather-wait callbacks 5

# The notes' run is held in e2e_notes_loop.sh; this is Weft's shorter one.
run async-interleave --speed 20 --set step_ms=500 --set factorial=5 --set fibonacci=7 \
	--set binom_n=6 --set binom_k=2
want async-interleave factorial 120
want async-interleave fibonacci 13
want async-interleave binomial 15.0
within async-interleave elapsed_s 2.9 10

run blocking-in-loop --speed 5
within blocking-in-loop blocked_gap_s 0.9 10
less_than blocking-in-loop executor_gap_s blocked_gap_s

run loop-per-core --set chunks=10 --set chunk_ms=5
within loop-per-core one_loop_s 0.01 60
within loop-per-core two_loops_s 0.01 60

# --- the event-loop panel, on a real terminal (tmux) -----------------------------

if command -v tmux >/dev/null; then
	sock="weft-async-$$"
	tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 40 -e LANG=C.UTF-8 \
		"$WEFT open loop-callbacks --speed 4"
	screen=""
	for _ in $(seq 1 100); do # up to 10 s: until two timers are pending after a few callbacks
		screen=$(tmux -L "$sock" capture-pane -p 2>/dev/null)
		grep -q 'callbacks [4-9]' <<<"$screen" && grep -q 'in [0-9]' <<<"$screen" && break
		sleep 0.1
	done
	for want in 'Event loop' 'cb    ' 'ready ' 'function_4  *in ' 'timers 2'; do
		grep -q -- "$want" <<<"$screen" || fail "loop panel: no '$want' on screen"
	done
	grep -q '█function_' <<<"$screen" || fail "loop panel: no labelled callback block"
	grep -q '^ *main .*loop' <<<"$screen" || fail "timeline: the loop's thread is not shown waiting on 'loop'"
	tmux -L "$sock" send-keys q
	sleep 0.3
	tmux -L "$sock" kill-server 2>/dev/null
	[ "$failures" -eq 0 ] || printf '%s\n' "$screen" | head -n 24
fi

if [ "$failures" -ne 0 ]; then
	echo "e2e_async: $failures check(s) failed"
	exit 1
fi
echo "e2e_async: all checks passed"
