#!/usr/bin/env bash
# e2e_notes_loop.sh - the event-loop lessons at their defaults, held against
# the course notes' demos (../shared/course/): each prints the facts the
# notes' Python prints (values and tokens, in Weft's wording) in the notes'
# order, and each timed total is within 15 % of the notes' figure in lesson
# time.  Orders are exact where the loop's rules fix them (timers due
# together run in the order they were set); where Python's own order is not
# fixed (the `done` set of asyncio.wait) the test asks only for the set.
#
# usage: bash tests/e2e_notes_loop.sh PATH_TO_WEFT
set -u
shopt -s lastpipe # `... | same_lines id`: its fail() counts in this shell

. "$(dirname "$0")/lib_e2e.sh"

# Lesson time is real time x speed, so a scheduling delay on a loaded
# machine shows multiplied: speed 10 keeps a 10 s demo to 1 s of real time,
# and on a busy machine lib_e2e.sh skips the durations.  Values and orders are checked always.
SPEED=10

# Runs a lesson; output in $OUT/ID.out, the printed lines alone (no time,
# no actor) in $OUT/ID.lines.
run() { # id args...
	local id=$1
	shift
	timeout 60 "$WEFT" run "$id" "$@" >"$OUT/$id.out" 2>"$OUT/$id.err"
	local rc=$?
	[ "$rc" -eq 0 ] || fail "$id: exit code $rc (stderr: $(head -c 300 "$OUT/$id.err"))"
	grep -q '^result: ' "$OUT/$id.out" || fail "$id: no result line"
	grep -v '^summary: \|^result: \|^object: ' "$OUT/$id.out" |
		sed -E 's/^\[ *[0-9.]+\] +[^ ]+ +//' >"$OUT/$id.lines"
}

want() { # id key value: the result line's key is value
	local got
	got=$(field "$OUT/$1.out" result "$2")
	[ "$got" = "$3" ] || fail "$1: result $2='$got', want '$3'"
}

took() { # id key notes_seconds: a lesson-time total within 15 % of the notes'
	within "$1" "$2" "$(field "$OUT/$1.out" result "$2")" "$3"
}

# The printed lines equal stdin, line for line.
same_lines() { # id
	if ! diff -u - "$OUT/$1.lines" >"$OUT/$1.diff"; then
		fail "$1: lines differ from the notes' order:"
		head -n 20 "$OUT/$1.diff"
	fi
}

# Each line of stdin is a fixed string that some printed line contains,
# the next one found on a later line: the notes' facts in the notes' order.
in_order() { # id
	local miss
	miss=$(awk 'NR == FNR { want[++n] = $0; next }
		k < n && index($0, want[k + 1]) { k++ }
		END { if (k < n) print want[k + 1] }' - "$OUT/$1.lines")
	[ -z "$miss" ] || fail "$1: '$miss' missing or out of the notes' order"
}

# --- async-interleave: 003 "使用Asyncio控制任务" ---------------------------------
# python3 src/asyncio-task.py: each second factorial, fibonacci, binomial
# step in that order; factorial(10) ends at 9 s, the others at 10 s.
run async-interleave --speed "$SPEED"
{
	for i in $(seq 0 9); do
		[ "$i" -lt 9 ] && echo "factorial($((i + 2)))"
		[ "$i" -eq 9 ] && echo "factorial(10) = 3628800"
		echo "fibonacci($i)"
		echo "binomialCoeff($((i + 1)))"
	done
	echo "fibonacci(10) = 55"
	echo "binomialCoeff(20, 10) = 184756.0"
} | in_order async-interleave
[ "$(wc -l <"$OUT/async-interleave.lines")" -eq 32 ] ||
	fail "async-interleave: $(wc -l <"$OUT/async-interleave.lines") lines, the notes print 32"
want async-interleave factorial 3628800
want async-interleave fibonacci 55
want async-interleave binomial 184756.0
took async-interleave elapsed_s 10

# --- async-queue: 000 "用事件循环队列实现生产者-消费者异步流程" ---------------------
# python3 co-routine.py: both start, then produce i / consume i-1 each
# second from 1 s to 6 s; the consumer ends before the producer's join
# returns; "6.0... s".
run async-queue --speed "$SPEED"
same_lines async-queue <<'LINES'
producer starts.
consumer starts.
produce 0
produce 1
consume 0
produce 2
consume 1
produce 3
consume 2
produce 4
consume 3
consume 4
consumer ends.
producer ends.
LINES
want async-queue items 5
want async-queue task_done_before_join 6
took async-queue elapsed_s 6

# --- loop-callbacks: 003 "使用Asyncio管理事件循环" and 000 "事件循环队列" -------------
# python3 src/asyncio-event-loop.py prints 1 4, 2 4, 3 4 ... 18 lines; the
# loop stops at 8 s (loop.time() + 1 is past the end time, 9 s).
run loop-callbacks --speed "$SPEED"
for k in $(seq 0 8); do
	echo "function_$((k % 3 + 1)) called"
	echo "function_4 called"
done | in_order loop-callbacks
[ "$(grep -c ' called$' "$OUT/loop-callbacks.lines")" -eq 18 ] ||
	fail "loop-callbacks: $(grep -c ' called$' "$OUT/loop-callbacks.lines") calls, the notes print 18"
want loop-callbacks order 142434142434142434
took loop-callbacks stopped_at_s 8
# 000's version: function_4 alone starts the chain 1 -> 2 -> 3.
run loop-callbacks --speed "$SPEED" --set start=function_4
want loop-callbacks order 412312312
want loop-callbacks callbacks 9
took loop-callbacks stopped_at_s 8

# --- wait-for-timeout: 000 "wait_for" ----------------------------------------------
# python3 co-routine.py prints "timeout!" after 1 s.
run wait-for-timeout --speed "$SPEED"
printf '%s\n' "eternity: cancelled" "timeout!" | in_order wait-for-timeout
want wait-for-timeout timed_out yes
want wait-for-timeout cancelled yes
took wait-for-timeout elapsed_s 1
# Python 3.9+ (checked on 3.9-3.13): a task that swallows the cancellation
# makes wait_for wait for it and return its result, no TimeoutError.
run wait-for-timeout --speed "$SPEED" --set swallow=on
grep -q 'timeout!' "$OUT/wait-for-timeout.lines" && fail "wait-for-timeout swallow=on: 'timeout!' printed"
want wait-for-timeout timed_out no
want wait-for-timeout returned 42
took wait-for-timeout elapsed_s 1.5

# --- gather-wait: 001 "创建协程任务方式演进", "获取协程任务结果", "自省" --------------
# Each demo: five start-foo, five end-foo a second later, then what it
# prints: wait's results (a set in Python: any order), FIRST_EXCEPTION's
# ZeroDivisionError, gather's foo-0..foo-4 in order, the callbacks'.
run gather-wait --speed "$SPEED"
five() { for _ in 1 2 3 4 5; do echo "$1"; done; }
{
	echo "current_task(): main()"
	printf '%s\n' "all_tasks(): 4" "- main()" "- ensure_future" "- loop.create_task" "- create_task"
	for f in ensure_future loop.create_task create_task; do echo "start-foo (current_task() is $f)"; done
	printf '%s\n' "all_tasks(): 1" "- main()"
	five start-foo; five end-foo
	echo "done: 5, pending: 0"
	five start-foo; five end-foo
	echo "done: 5, pending: 0"
	echo "ZeroDivisionError"
	five start-foo; five end-foo
	for i in 0 1 2 3 4; do echo "foo-$i"; done
	five start-foo; five end-foo
	for i in 0 1 2 3 4; do echo "callback: foo-$i"; done
} | in_order gather-wait
# wait's done set: the five results, whatever their order.
[ "$(sed -n '/^-- 1\./,/^-- 2\./p' "$OUT/gather-wait.lines" | grep -c '^foo-[0-4]$')" -eq 5 ] ||
	fail "gather-wait: wait(tasks) did not print five results"
want gather-wait tasks_before 4
want gather-wait tasks_after 1
want gather-wait all_failed_done 5
want gather-wait all_failed ZeroDivisionError
want gather-wait gathered 0,1,2,3,4
want gather-wait done_callbacks 5
took gather-wait notes_s 5

# --- await-vs-tasks: 000 "用asyncio/await实现协程" ----------------------------------
# python3 co-routine.py, twice: started at, hello (1 s), world (3 s),
# finished at +3 s; as tasks: started at, world (1 s), hello (3 s),
# finished at +3 s.
run await-vs-tasks --speed "$SPEED"
printf '%s\n' "started at" hello world "finished at" "started at" world hello "finished at" |
	in_order await-vs-tasks
took await-vs-tasks sequential_s 3
took await-vs-tasks concurrent_s 3

if [ "$failures" -ne 0 ]; then
	echo "e2e_notes_loop: $failures check(s) failed"
	exit 1
fi
echo "e2e_notes_loop: all checks passed"
