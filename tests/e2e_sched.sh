#!/usr/bin/env bash
# e2e_sched.sh - controlled schedules, recordings, reruns and replays with
# the real binary: the same seed gives the same result every time, a
# recording reruns with the identical result, bad traces are refused with
# file:line and exit 2, and a trace cut short is still read.
#
# usage: bash tests/e2e_sched.sh PATH_TO_WEFT
set -u
. "$(dirname "$0")/lib_e2e.sh"

result() { grep -m1 '^result: ' "$1" | sed 's/^result: //'; }

# Same seed, same interleaving: five runs agree, for random and pct.
for sched in random pct; do
	for seed in 1 7; do
		first=""
		for i in 1 2 3 4 5; do
			"$WEFT" run race --set threads=3 --set iters=20 --sched $sched --seed $seed \
				>"$OUT/run.out" 2>&1 || fail "$sched $seed: exit $?"
			r=$(result "$OUT/run.out")
			[ -n "$r" ] || fail "$sched $seed: no result line"
			[ -z "$first" ] && first=$r
			[ "$r" = "$first" ] || fail "$sched seed $seed gave '$r', then '$first'"
		done
	done
done

# A lost update found by a seed is kept by its recording: reruns agree.
"$WEFT" run race --set threads=2 --set iters=1 --sched random --seed 1 --record "$OUT/lost.trace" \
	>"$OUT/orig.out" || fail "recorded run: exit $?"
orig=$(result "$OUT/orig.out")
case $orig in *lost=1*) ;; *) fail "seed 1 was expected to lose an update: $orig" ;; esac
for i in 1 2 3; do
	"$WEFT" rerun "$OUT/lost.trace" >"$OUT/rerun.out" 2>&1 || fail "rerun: exit $?"
	[ "$(result "$OUT/rerun.out")" = "$orig" ] || fail "rerun gave '$(result "$OUT/rerun.out")', recorded '$orig'"
	grep -q '^rerun: ' "$OUT/rerun.out" && fail "rerun diverged: $(grep '^rerun: ' "$OUT/rerun.out")"
done

# The deadlock under a scheduler is found, and its recording reruns into it.
"$WEFT" run deadlock --sched pct --seed 3 --record "$OUT/dl.trace" >"$OUT/dl.out" 2>&1
grep -q '^result: deadlock=yes' "$OUT/dl.out" || fail "deadlock under pct: $(cat "$OUT/dl.out")"
timeout 20 "$WEFT" rerun "$OUT/dl.trace" >"$OUT/dl2.out" 2>&1
grep -q '^result: deadlock=yes' "$OUT/dl2.out" || fail "deadlock rerun: $(cat "$OUT/dl2.out")"

# A free run's recording reruns deterministically and says what it cannot promise.
"$WEFT" run race --set threads=2 --set iters=3 --record "$OUT/free.trace" >/dev/null || fail "free record"
"$WEFT" rerun "$OUT/free.trace" >"$OUT/f1.out" 2>&1 || fail "free rerun 1"
"$WEFT" rerun "$OUT/free.trace" >"$OUT/f2.out" 2>&1 || fail "free rerun 2"
[ "$(result "$OUT/f1.out")" = "$(result "$OUT/f2.out")" ] || fail "two reruns of a free run disagree"
grep -q '^note: .*free run' "$OUT/f1.out" || fail "rerun of a free run does not say it was free"

# Bad traces: one line with file:line, exit 2, for replay and rerun alike.
bad_trace() { # WHAT CONTENT
	printf '%b' "$2" >"$OUT/bad.trace"
	for cmd in replay rerun; do
		"$WEFT" $cmd "$OUT/bad.trace" </dev/null >"$OUT/bad.out" 2>"$OUT/bad.err"
		code=$?
		[ $code = 2 ] || fail "$cmd of $1: exit $code, want 2"
		[ "$(wc -l <"$OUT/bad.err")" = 1 ] && grep -q "bad.trace:[0-9]*: " "$OUT/bad.err" ||
			fail "$cmd of $1: wanted one line with file:line, got: $(cat "$OUT/bad.err")"
	done
}
bad_trace "garbage" 'hello\n'
bad_trace "a newer format" 'weft-trace 9\n---\n'
bad_trace "no header end" 'weft-trace 1\nweft 0.1.0\nlesson race\n'
bad_trace "a bad event" 'weft-trace 1\nlesson race\n---\ne 1 2\n'
bad_trace "an unknown record" 'weft-trace 1\nlesson race\n---\nz 1\n'
"$WEFT" replay "$OUT/nonexistent.trace" </dev/null 2>"$OUT/bad.err"
[ $? = 2 ] && grep -q "nonexistent.trace: No such file" "$OUT/bad.err" || fail "missing trace: $(cat "$OUT/bad.err")"

# A lesson whose waits are not step points (an event loop) is refused, exit 2.
for args in "run loop-callbacks --sched random" "open await-vs-tasks --step"; do
	"$WEFT" $args </dev/null >/dev/null 2>"$OUT/free.err"
	[ $? = 2 ] && grep -q "runs only free" "$OUT/free.err" || fail "weft $args: $(cat "$OUT/free.err")"
done

# Coroutines on one thread are stepped with their thread: a scheduler runs them.
"$WEFT" run generator-send --sched pct --seed 2 --speed 20 >"$OUT/gen.out" 2>&1 &&
	grep -q '^result: fib=1,1,2,3,5 gen_cal=2,3,26.0,5' "$OUT/gen.out" || fail "generator-send under pct: $(cat "$OUT/gen.out")"

# Stamps are true under the step clock: when it jumps to the sleepers'
# deadline (2 s), what they print on waking carries 2.00x, on the console
# and in the trace, and no stamp goes back in fold order.  (The TSC's
# calibration drifts from CLOCK_MONOTONIC; events were read against the
# jump's monotonic start and got the time before it, 0.002.)
woke_at_two() { # WHAT OUTPUT [TRACE]
	grep 'woke up' "$2" | grep -qv '^\[   2\.00[0-9]\]' && fail "$1: a wake-up before 2 s: $(grep 'woke up' "$2")"
	[ "$(grep -c 'woke up' "$2")" = 2 ] || fail "$1: not two wake-ups: $(cat "$2")"
	awk -v what="$1" '$1 == "e" { if ($2 < last) { print what ": ts " $2 " after " last; bad = 1 } last = $2 }
		$1 == "e" && $4 == 19 && / woke up$/ && $2 < 2000000000 { print what ": " $0; bad = 1 }
		END { exit bad }' "${3:-/dev/null}" || fail "$1: trace stamps (above)"
}
for sched in random pct; do
	for seed in 1 2 3 4 5 6 7 8; do
		"$WEFT" run thread-start-join --sched $sched --seed $seed --record "$OUT/tsj.trace" \
			>"$OUT/tsj.out" 2>&1 || fail "thread-start-join $sched $seed: exit $?"
		as_text "$OUT/tsj.trace"
		woke_at_two "thread-start-join $sched $seed" "$OUT/tsj.out" "$OUT/tsj.trace"
	done
done
"$WEFT" rerun "$OUT/tsj.trace" >"$OUT/tsj.out" 2>&1 || fail "thread-start-join rerun: exit $?"
woke_at_two "thread-start-join rerun" "$OUT/tsj.out"

# Cut short inside a record: still read up to the last whole line.
head -c $(($(wc -c <"$OUT/lost.trace") - 7)) "$OUT/lost.trace" >"$OUT/cut.trace"
"$WEFT" rerun "$OUT/cut.trace" >"$OUT/cut.out" 2>&1 || fail "a trace cut short was refused: $(cat "$OUT/cut.out")"

exit $((failures > 0))
