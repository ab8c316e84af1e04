#!/usr/bin/env bash
# e2e_notes_thr.sh - race, deadlock (both orders, and the nested check),
# process-queue and thread-start-join at their defaults, held to the
# course's notes: the facts the notes print, in the notes' order where the
# program fixes that order (two threads' or processes' prints that nothing
# orders are checked as present, not as ordered), and each timed total
# within 15 % of the notes' figure in lesson time.
#
# usage: bash tests/e2e_notes_thr.sh PATH_TO_WEFT
# Prints one line per failed check and exits 1 if any failed.
set -u

. "$(dirname "$0")/lib_e2e.sh"

# Runs a lesson headless: output in $OUT/name.out, the exit code checked.
run() { # name speed lesson args...
	local name=$1 speed=$2
	shift 2
	timeout 60 "$WEFT" run "$@" --speed "$speed" >"$OUT/$name.out" 2>"$OUT/$name.err"
	local rc=$?
	[ "$rc" -eq 0 ] || fail "$name: exit code $rc (stderr: $(head -c 300 "$OUT/$name.err"))"
	grep -q '^result: ' "$OUT/$name.out" || fail "$name: no result: line"
}

want() { # name key value
	local got
	got=$(field "$OUT/$1.out" result "$2")
	[ "$got" = "$3" ] || fail "$1: result $2='$got', want '$3'"
}

# The printed lines as "actor|text", in the order printed.
lines() { # name
	sed -n 's/^\[ *[0-9.]*\] \([^ ]*\) *\(.*\)$/\1|\2/p' "$OUT/$1.out"
}

# The line number (in lines NAME) of the first "actor|text" equal to $2, or 0.
at() { # name actor|text
	lines "$1" | grep -nxF -m1 -- "$2" | cut -d: -f1 | grep . || echo 0
}

# Each "actor|text" is printed, and after the one before it.
in_order() { # name line...
	local name=$1 prev=0 prev_line="" n
	shift
	for l in "$@"; do
		n=$(at "$name" "$l")
		if [ "$n" -eq 0 ]; then
			fail "$name: '$l' was not printed"
			return
		elif [ "$n" -le "$prev" ]; then
			fail "$name: '$l' (line $n) came before '$prev_line' (line $prev)"
			return
		fi
		prev=$n prev_line=$l
	done
}

# How many times "actor|text" was printed.
count() { # name actor|text
	lines "$1" | grep -cxF -- "$2"
}

# --- deadlock, order=fixed: the notes' acquire(*locks) ----------------------
# Thread-1 asks for (x_lock, y_lock), Thread-2 for (y_lock, x_lock); sorted
# by id both take x_lock first, ten times each, and both finish.  Which
# thread prints first is timing (in Python too), so each thread's ten lines
# are checked, not the interleaving.
run fixed 20 deadlock --set order=fixed
want fixed finished 2
want fixed violations 0
grep -q '^deadlock: ' "$OUT/fixed.out" && fail "fixed: a deadlock was reported"
[ "$(at fixed 'main|by id, x_lock comes before y_lock')" -eq 1 ] ||
	fail "fixed: main did not first say x_lock comes before y_lock"
[ "$(count fixed 'Thread-1|Thread-1')" -eq 10 ] || fail "fixed: Thread-1 printed $(count fixed 'Thread-1|Thread-1') times, want 10"
[ "$(count fixed 'Thread-2|Thread-2')" -eq 10 ] || fail "fixed: Thread-2 printed $(count fixed 'Thread-2|Thread-2') times, want 10"
grep -q 'Lock Order Violation' "$OUT/fixed.out" && fail "fixed: a sorted group was refused"
grep -q '^object: name=x_lock kind=mutex acquires=20 ' "$OUT/fixed.out" ||
	fail "fixed: x_lock was not taken 20 times: $(grep 'name=x_lock' "$OUT/fixed.out")"

# --- deadlock, order=nested: the check refuses the out-of-order nesting -----
run nested 20 deadlock --set order=nested
want nested finished 1
want nested violations 1
[ "$(count nested 'Thread-1|Thread-1')" -eq 10 ] || fail "nested: Thread-1 (nested in order) did not print 10 times"
[ "$(count nested 'Thread-2|Thread-2')" -eq 0 ] || fail "nested: Thread-2 printed though its nesting is out of order"
in_order nested 'main|by id, x_lock comes before y_lock' \
	'Thread-2|RuntimeError: Lock Order Violation (holds y_lock, asked for x_lock)' \
	'Thread-2|Thread-2 ends with the exception'
# Refused before anything was taken: x_lock only ever held by Thread-1.
grep -q '^object: name=x_lock kind=mutex acquires=10 ' "$OUT/nested.out" ||
	fail "nested: x_lock taken other than Thread-1's 10 times: $(grep 'name=x_lock' "$OUT/nested.out")"
grep -q '^deadlock: ' "$OUT/nested.out" && fail "nested: a deadlock was reported"

# --- deadlock, the default (opposite order): found and named -----------------
run opposite 20 deadlock
want opposite deadlock yes
in_order opposite 'T1|T1 holds A' 'T1|T1 wants B'
in_order opposite 'T2|T2 holds B' 'T2|T2 wants A'
grep -q 'done$' "$OUT/opposite.out" && fail "opposite: a thread finished"

# --- thread-start-join: two 2 s sleeps overlap (notes: 2.0059 s) -------------
run tsj 5 thread-start-join
want tsj threads 2
for t in T1 T2; do
	l=$(lines tsj | grep -m1 "^$t|$t started, tid [0-9]*, sleeping 2 s$")
	[ -n "$l" ] || fail "tsj: $t's start line (with its tid) is missing"
done
# Both started before either woke, both woke before main's total.
last_start=$(lines tsj | grep -n ' started, tid ' | tail -n1 | cut -d: -f1)
first_wake=$(lines tsj | grep -n ' woke up$' | head -n1 | cut -d: -f1)
[ -n "$last_start" ] && [ -n "$first_wake" ] && [ "$last_start" -lt "$first_wake" ] ||
	fail "tsj: a thread woke before both had started"
joined=$(lines tsj | grep -n '^main|main: both joined after ' | cut -d: -f1)
last_wake=$(lines tsj | grep -n ' woke up$' | tail -n1 | cut -d: -f1)
[ -n "$joined" ] && [ -n "$last_wake" ] && [ "$last_wake" -lt "$joined" ] || fail "tsj: main joined before both woke"
within tsj elapsed_s "$(lines tsj | sed -n 's/^main|main: both joined after \([0-9.]*\) s$/\1/p')" 2.0059

# --- process-queue: the notes' two demos, in the notes' order ----------------
run pq 5 process-queue
want pq message "[42,None,'hello']"
want pq produced 5
want pq consumed 5
want pq consumer terminated
# f1's two lines, and f2's three, in order; the list only after f1 began
# (it puts after printing), all of it before the stream.  f1's end and
# f2's start are not ordered by anything (Python swaps them too).
in_order pq 'f1|f1 start...' 'f1|f1 end' 'producer|Produce 0'
in_order pq 'f1|f1 start...' "f2|[42, None, 'hello']"
in_order pq 'f2|f2 start...' "f2|[42, None, 'hello']" 'f2|f2 end' 'producer|Produce 0'
# Produce i, then Consume i, before Produce i+1 (a second later).
stream=()
for i in 0 1 2 3 4; do stream+=("producer|Produce $i" "consumer|Consume $i"); done
in_order pq "${stream[@]}" 'main|main: terminating the consumer' "main|Take $(field "$OUT/pq.out" result take_s) s"
within pq take_s "$(field "$OUT/pq.out" result take_s)" 5.07
[ "$(lines pq | grep -c '|Produce ')" -eq 5 ] || fail "pq: not five Produce lines"
[ "$(lines pq | grep -c '|Consume ')" -eq 5 ] || fail "pq: not five Consume lines"

# --- race: every addition accounted for; with the lock nothing lost ----------
run race 20 race
c=$(field "$OUT/race.out" result counter)
e=$(field "$OUT/race.out" result expected)
l=$(field "$OUT/race.out" result lost)
[ "$e" = 800000 ] || fail "race: expected=$e, want 800000 (8 threads x 100000)"
[[ "$c" =~ ^[0-9]+$ ]] && [[ "$l" =~ ^[0-9]+$ ]] && [ $((c + l)) -eq 800000 ] && [ "$c" -le 800000 ] ||
	fail "race: counter=$c lost=$l do not add up to 800000"
in_order race 'main|8 threads x 100000 increments, lock off' "main|counter = $c, expected 800000, lost $l"
run race_on 20 race --set lock=on
want race_on lost 0
want race_on counter 800000

echo "e2e_notes_thr: $failures check(s) failed"
[ "$failures" -eq 0 ]
