#!/usr/bin/env bash
# e2e_pool.sh - the pool lessons (process-pool, pool-futures, futures) run
# headless by the real binary at --speed 20: what their defaults determine
# is checked exactly (map in input order, fib(30) = 1346269, task 4 on a
# reused pid, 19 callbacks none on main, no socket left), the durations
# the notes give within 15 % (Pool(4), five 2 s tasks: about 4 s; task 4
# starts at about 2 s).  Then process-pool opened in a 120x40 tmux pane
# shows its pool view.  No process of the binary may be left after any run.
#
# usage: bash tests/e2e_pool.sh PATH_TO_WEFT
set -u

. "$(dirname "$0")/lib_e2e.sh"

field() { # file key
	grep '^result: ' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n1
}

run() { # name args... (at --speed 20 unless SPEED says)
	local name=$1
	shift
	timeout 60 "$WEFT" run "$@" --speed "${SPEED:-20}" >"$OUT/$name.out" 2>"$OUT/$name.err"
	local rc=$?
	[ "$rc" -eq 0 ] || fail "$name: exit code $rc (stderr: $(head -c 300 "$OUT/$name.err"))"
	grep -q '^result: ' "$OUT/$name.out" || fail "$name: no result line"
	left_behind "$name"
}

want() { # name key value
	local got
	got=$(field "$OUT/$1.out" "$2")
	[ "$got" = "$3" ] || fail "$1: result $2='$got', want '$3'"
}

in_range() { # name key lo hi
	local got
	got=$(field "$OUT/$1.out" "$2")
	awk -v v="$got" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v != "" && v + 0 >= lo && v + 0 <= hi) }' ||
		fail "$1: result $2='$got', want $3..$4"
}

# Processes still running this copy of the binary (a run's host, workers).
left_behind() {
	local i pids
	for ((i = 0; i < 20; i++)); do
		pids=$(find /proc/[0-9]*/exe -maxdepth 0 -lname "$WEFT" 2>/dev/null | cut -d/ -f3 | tr '\n' ' ')
		[ -z "$pids" ] && return 0
		sleep 0.1
	done
	fail "$1: processes left behind: $pids"
}

# Durations are lesson time, so a process's start or exit costs speed x
# its real time: the timed runs go at --speed 4, and on a machine whose
# load average is past twice its CPUs (where fork and exit alone may take
# a lesson second) a time out of range is reported, not failed.
timing_fail() { # message: a failure, or only a note on a busy machine
	if awk -v n="$(nproc)" '{ exit !($1 > 2 * n) }' /proc/loadavg; then
		echo "SKIP: $* (a busy machine: load $(cut -d' ' -f1 /proc/loadavg))"
	else
		fail "$*"
	fi
}
timed() { # name key lo hi
	local got
	got=$(field "$OUT/$1.out" "$2")
	awk -v v="$got" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v != "" && v + 0 >= lo && v + 0 <= hi) }' ||
		timing_fail "$1: result $2='$got', want $3..$4"
}

# ---- process-pool: Pool(4), five tasks of 2 s ---------------------------
SPEED=4 run pool process-pool
want pool reused 1
for i in 0 1 2 3; do timed pool "start$i" 0 0.3; done
timed pool start4 1.7 2.3
timed pool waited4 1.7 2.3
timed pool total 3.4 4.6
pids=" $(for i in 0 1 2 3; do field "$OUT/pool.out" "pid$i"; done | sort -u | tr '\n' ' ')"
[ "$(echo "$pids" | wc -w)" -eq 4 ] || fail "pool: tasks 0-3 ran on pids$pids, want four different"
pid4=$(field "$OUT/pool.out" pid4)
[[ "$pids" == *" $pid4 "* ]] || fail "pool: task 4 ran on pid $pid4, not one of$pids"
want pool reused_pid "$pid4"
grep -q "Child process id $pid4 - for task 4" "$OUT/pool.out" || fail "pool: task 4's line is missing"

run pool_random process-pool --set durations=random --set seed=7
want pool_random reused 1
grep -q 'Waiting for all subprocesses done' "$OUT/pool_random.out" || fail "pool_random: the notes' lines are missing"
[ "$(grep -c 'Task [0-4] runs' "$OUT/pool_random.out")" -eq 5 ] || fail "pool_random: want five 'Task i runs' lines"

SPEED=4 run pool_one process-pool --set workers=1 --set tasks=3 --set seconds=1
want pool_one reused 2
timed pool_one total 2.55 3.45

# ---- pool-futures --------------------------------------------------------
run pf pool-futures --set gap_ms=0
want pf map 1346269,1346269,1346269,1346269
want pf map_order input
want pf result 1346269
# The callback runs on the pool's result thread; only a future done before
# add_done_callback (a very slow machine: a sanitizer build) runs it at once
# on main, as Python does.  Either way the line is on the lane that ran it.
case "$(field "$OUT/pf.out" callback_on)" in
result-thread) lane=callback-results ;;
main) lane=main; echo "note: pf: fib was done before add_done_callback: the callback ran on main" ;;
*) lane=none; fail "pf: callback_on='$(field "$OUT/pf.out" callback_on)'" ;;
esac
want pf items_map input-order
grep -q "^\[ *[0-9.]*\] $lane *1346269\$" "$OUT/pf.out" || fail "pf: the callback did not print on the $lane lane"
for k in thread_finished process_finished; do
	got=$(field "$OUT/pf.out" $k | tr ',' '\n' | sort -n | paste -sd,)
	[ "$got" = "1,2,3,4,5,6,7,8,9,10" ] || fail "pf: $k is not 1..10 in some order: $got"
done

# ---- futures -------------------------------------------------------------
SPEED=10 run fu futures --set seed=3
want fu fetched 69,70
want fu callbacks 19
want fu callbacks_on_main 0
want fu completion_reordered yes
want fu sockets_left 0
# admin and root finish together at 1 s, scott and tiger at 2 s (if the
# second thread starts well within a lesson second: timing)
case "$(field "$OUT/fu.out" as_completed)" in
admin,root,scott,tiger | root,admin,scott,tiger | admin,root,tiger,scott | root,admin,tiger,scott) ;;
*) timing_fail "fu: as_completed gave $(field "$OUT/fu.out" as_completed), not the finishing order" ;;
esac
timed fu result_blocked_ms 850 1150
[ "$(grep -c '\] ThreadPoolExecutor-2_[0-9] *result: task_' "$OUT/fu.out")" -eq 19 ] ||
	fail "fu: want 19 callback lines on worker lanes"
[ "$(grep -c 'ran task_' "$OUT/fu.out")" -eq 38 ] || fail "fu: want 38 calls (each task twice)"

run fu_inside futures --set inside=on --set tasks=2 --set latency_ms=100
want fu_inside sockets_left 0

# ---- the pool view in a 120x40 pane --------------------------------------
if command -v tmux >/dev/null; then
	. "$(dirname "$0")/lib_tmux.sh"
	CASE="pool view"
	start 120 40 open process-pool --speed 4
	wait_for "─ Pool " 10
	wait_for "ForkPoolWorker 4 workers" 10
	wait_for_re " -1 pid [0-9]+ " 10
	wait_for "done 5/5  reused 1" 15
	t send-keys q
	wait_for __E2E_DONE__ 10
	tmux_cleanup
	left_behind "$CASE"
else
	echo "SKIP: the pool view (tmux is not installed)"
fi

[ "$failures" -eq 0 ] && echo "e2e_pool: all passed"
exit $((failures > 0))
