#!/usr/bin/env bash
# e2e_classroom.sh - predict, then run, and challenges (issue 16), driven
# headless by the real binary: --predict answers judged right and wrong by
# what the run measured, a challenge reached by one fixed schedule and not
# by another, `weft challenges`, and bad input (one line, exit 2).
#
# usage: bash tests/e2e_classroom.sh PATH_TO_WEFT
set -u

. "$(dirname "$0")/lib_e2e.sh"

rc=0
run() { # name args...
	local name=$1
	shift
	(cd "$OUT" && timeout 60 "$WEFT" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err")
	rc=$?
}

# want_line NAME LINE: the run printed exactly LINE.
want_line() {
	grep -qxF -- "$2" "$OUT/$1.out" || fail "$1: no line '$2'; got: $(grep -E '^(result|predict|challenge):' "$OUT/$1.out" | tr '\n' '|')"
}

# --- predict, headless ------------------------------------------------------
# race with the lock: nothing lost, so "exactly" (1) is right and "less" (2) wrong.
run race_lock_right run race --set threads=2 --set iters=2000 --set lock=on --speed 20 --predict 1
[ $rc -eq 0 ] || fail "race_lock_right: exit $rc"
want_line race_lock_right "predict: answer=1 actual=1 right=yes lost=0"
run race_lock_wrong run race --set threads=2 --set iters=2000 --set lock=on --speed 20 --predict 2
want_line race_lock_wrong "predict: answer=2 actual=1 right=no lost=0"
# race without the lock, under a seeded schedule that loses updates: the
# lost count the result: line says is the one judged.
run race_sched run race --set threads=2 --set iters=2 --sched random --seed 1 --speed 20 --predict 2
lost=$(field "$OUT/race_sched.out" result lost)
want_line race_sched "predict: answer=2 actual=2 right=yes lost=$lost"
[ "${lost:-0}" -gt 0 ] || fail "race_sched: lost=$lost, want > 0"
# deadlock: a choice judged by the model's cycle.
run dl_right run deadlock --speed 20 --predict 2
want_line dl_right "predict: answer=2 actual=2 right=yes deadlock=yes"
run dl_wrong run deadlock --speed 20 --predict 1
want_line dl_wrong "predict: answer=1 actual=2 right=no deadlock=yes"
run dl_fixed run deadlock --set order=fixed --speed 20 --predict 1
want_line dl_fixed "predict: answer=1 actual=1 right=yes deadlock=no"
# round-robin: a number, judged exactly by rr_calls.
run rr_right run round-robin --set unit_ms=0 --speed 20 --predict 8
want_line rr_right "predict: answer=8 actual=8 right=yes rr_calls=8"
run rr_wrong run round-robin --set unit_ms=0 --speed 20 --predict 7
want_line rr_wrong "predict: answer=7 actual=8 right=no rr_calls=8"

# --- challenges ----------------------------------------------------------------
run list challenges
[ $rc -eq 0 ] || fail "challenges: exit $rc"
for id in race-lose race-both deadlock-cycle mutex-rlock-self semaphore-order \
	queue-handshake-empty process-queue-empty; do
	grep -q "^$id " "$OUT/list.out" || fail "challenges: no $id"
done
grep -qE '^race-lose +race +make the counter lose an update$' "$OUT/list.out" ||
	fail "challenges: race-lose line: $(grep race-lose "$OUT/list.out")"
run list_zh challenges --lang zh
grep -qE '^deadlock-cycle +deadlock +让两个线程死锁$' "$OUT/list_zh.out" ||
	fail "challenges --lang zh: $(grep deadlock-cycle "$OUT/list_zh.out")"

# A fixed schedule, stepped by a script: T1 reads, T2 reads, both write.
cat >"$OUT/lose.weft" <<'W'
open race
set threads 2
set iters 1
record lose.trace
start step
step T1
step T2
step T1
step T2
wait-exit 5s
expect result lost=1
W
sed -e 's/lose.trace/keep.trace/' -e '7s/T2/T1/' -e '8s/T1/T2/' -e 's/lost=1/lost=0/' \
	"$OUT/lose.weft" >"$OUT/keep.weft"
run lose_script script lose.weft
[ $rc -eq 0 ] || fail "lose.weft: exit $rc: $(cat "$OUT/lose_script.err")"
run keep_script script keep.weft
[ $rc -eq 0 ] || fail "keep.weft: exit $rc: $(cat "$OUT/keep_script.err")"
run lose_rerun rerun lose.trace --challenge race-lose
want_line lose_rerun "challenge: id=race-lose reached=yes steps=4"
run keep_rerun rerun keep.trace --challenge race-lose
want_line keep_rerun "challenge: id=race-lose reached=no"
# a seeded schedule reaches the deadlock; the trace is named
run dl_sched run --challenge deadlock-cycle --sched random --seed 1 --speed 20 --record dl.trace
grep -qE '^challenge: id=deadlock-cycle reached=yes steps=[0-9]+ trace=dl.trace$' "$OUT/dl_sched.out" ||
	fail "dl_sched: $(grep challenge: "$OUT/dl_sched.out")"
run dl_rerun rerun dl.trace --challenge deadlock-cycle
grep -q '^challenge: id=deadlock-cycle reached=yes' "$OUT/dl_rerun.out" || fail "dl_rerun: not reached"
# the fixed order cannot deadlock, whatever the schedule
run dl_none run deadlock --set order=fixed --challenge deadlock-cycle --sched random --seed 1 --speed 20
want_line dl_none "challenge: id=deadlock-cycle reached=no"

# --- bad input: one line, exit 2 -------------------------------------------------
bad() { # name args...
	local name=$1
	shift
	run "$name" "$@"
	[ $rc -eq 2 ] || fail "$name: exit $rc, want 2"
	[ "$(wc -l <"$OUT/$name.err")" -eq 1 ] || fail "$name: stderr not one line: $(cat "$OUT/$name.err")"
	[ -s "$OUT/$name.out" ] && fail "$name: printed on stdout"
}
bad no_question run event --predict 1
grep -q "asks no question" "$OUT/no_question.err" || fail "no_question: $(cat "$OUT/no_question.err")"
bad no_question_open open event --predict
bad bad_choice run race --predict 4
bad bad_word run race --predict lots
bad bad_number run round-robin --predict 8x
bad no_answer run race --predict
bad unknown_challenge run --challenge no-such --sched random
bad other_lesson run race --challenge deadlock-cycle --sched random
bad free_challenge run --challenge race-lose
bad rerun_other rerun lose.trace --challenge deadlock-cycle
bad predict_list list --predict
bad both_headless rerun lose.trace --challenge race-both

# --- the terminal UI (tmux), in English and Chinese --------------------------------
if command -v tmux >/dev/null; then
	. "$(dirname "$0")/lib_tmux.sh"
	CASE="predict race, 120x40, en: a choice, then the verdict beside what the run measured"
	start 120 40 --sh "cd $OUT && $WEFT open race --predict --set threads=2 --set iters=2000 --set lock=on"
	wait_for "Without the lock, what will the counter be at the end?" && wait_for "1-3: your answer"
	t send-keys 2
	wait_for "You said: 2  less: some increments are lost" 20 &&
		wait_for "The run measured: 1  exactly threads x iters" && wait_for "Not this time"
	t send-keys Enter
	sleep 0.3
	screen | grep -qF "You said:" && fail "$CASE: Enter did not close the verdict"
	CASE="predict round-robin, 80x24, zh: a number typed, erased, Enter"
	start 80 24 --sh "cd $OUT && $WEFT open round-robin --predict --lang zh --set unit_ms=0"
	wait_for "输入一个数，回车确认" && {
		t send-keys 9 BSpace 8 Enter
		wait_for "你的答案： 8" 20 && wait_for "运行测得： 8" && wait_for "答对了"
	}
	CASE="the a key asks again; help lists it"
	t send-keys Escape a
	wait_for "next()？"
	t send-keys Escape '?'
	wait_for "预测：先回答本课的问题"
	CASE="challenge race-both, 80x24, zh: stepped into the critical section"
	start 80 24 --sh "cd $OUT && $WEFT open --challenge race-both --lang zh"
	wait_for "挑战：让两个线程同时进入临界区" && {
		wait_for_re "1 T1 +待单步 +L26" && wait_for_re "2 T2 +待单步 +L26"
		t send-keys 1
		wait_for_re "1 T1 +待单步 +L28"
		t send-keys 2
		wait_for "挑战完成，用了 2 步，调度已保存" && [ -s "$OUT/challenge-race-both.trace" ] ||
			fail "$CASE: no challenge-race-both.trace"
	}
	CASE="challenge deadlock, 120x40, LANG=C: reached, the trace named"
	start 120 40 LANG=C --sh "cd $OUT && $WEFT open --challenge deadlock-cycle --record ui-dl.trace"
	wait_for "Challenge: deadlock the two threads" && {
		for _ in $(seq 30); do # s until the cycle closes (a press before a park steps nobody)
			screen | grep -qF "Challenge reached" && break
			t send-keys s
			sleep 0.3
		done
		wait_for_re "Challenge reached in [0-9]+ steps, schedule kept: weft rerun ui-dl.trace" 20
	}
	tmux_cleanup
fi

[ $failures -eq 0 ] || exit 1
echo "e2e_classroom: ok"
