#!/usr/bin/env bash
# e2e_proc.sh - the process lessons of the course's notes, run headless and
# fast: their results, the orders the programs determine (start-join's
# child first, isolation's values, lock's adjacent pairs), their durations
# in lesson time within 15 % of the notes' figures, and no process left.
#
# usage: bash tests/e2e_proc.sh PATH_TO_WEFT
# Prints one line per failed check and exits 1 if any failed.
set -u

. "$(dirname "$0")/lib_e2e.sh"

# Lesson time as real time: starting and waking processes on a busy machine
# then weighs least in lesson time (every real ms is SPEED lesson ms): a woken
# process that waits 100 ms for a CPU costs 100 ms of a 2 s sleep, inside
# the 15 % the durations are held to.  The durations are checked always:
# a check that skips itself when the machine is busy would not fail when
# CI is busy either.
SPEED=1
TIMED=1

# Runs a lesson headless; output in $OUT/name.out, exit code checked, and
# no process of the binary may be left 1 s after it ended.
run() { # name lesson args...
	local name=$1
	shift
	timeout 60 "$WEFT" run "$@" --speed "$SPEED" >"$OUT/$name.out" 2>"$OUT/$name.err"
	local rc=$?
	[ "$rc" -eq 0 ] || fail "$name: exit code $rc (stderr: $(head -c 300 "$OUT/$name.err"))"
	grep -q '^result: ' "$OUT/$name.out" || fail "$name: no result: line"
	local i
	for ((i = 0; i < 10; i++)); do
		[ -z "$(weft_pids)" ] && return
		sleep 0.1
	done
	fail "$name: processes left 1 s after the run: $(weft_pids | tr '\n' ' ')"
}

want() { # name key value
	local got
	got=$(field "$OUT/$1.out" result "$2")
	[ "$got" = "$3" ] || fail "$1: result $2='$got', want '$3'"
}


# The console lines of one actor (the column after the time stamp), text only.
lines_of() { # name actor
	sed -n "s/^\[ *[0-9.]*\] $2 \+//p" "$OUT/$1.out"
}

# --- process-lifecycle: R, S, Z until the join, then reaped; an orphan ------
run life process-lifecycle --record "$OUT/life.trace"
as_text "$OUT/life.trace"
want life states R,S,Z,reaped
within life zombie_s "$(field "$OUT/life.out" result zombie_s)" 1.0
want life adopter ui
before=$(field "$OUT/life.out" result orphan_ppid_before)
[ -n "$before" ] && [ "$before" = "$(field "$OUT/life.out" result parent2)" ] ||
	fail "life: the orphan's first parent ($before) is not parent2"
[ -n "$(field "$OUT/life.out" result orphan_ppid_after)" ] &&
	[ "$(field "$OUT/life.out" result orphan_ppid_after)" != "$before" ] ||
	fail "life: the orphan's ppid did not change"
# The lane's Z is the UI's own reading of /proc (an EV_SCHED whose b holds
# the letter 'Z' above bit 32), taken after the child said it was exiting
# and before main's join returned.
child_id=$(awk '$1 == "a" && $5 == "child" { print $2; exit }' "$OUT/life.trace")
exit_ts=$(awk -v child_id="$child_id" '$1 == "e" && $3 == child_id && / exiting$/ { print $2; exit }' "$OUT/life.trace")
join_ts=$(awk '$1 == "e" && / joined: reaped/ { print $2; exit }' "$OUT/life.trace")
z_ts=$(awk -v c="$child_id" '$1 == "e" && $3 == c && $7 == 5 && int($8 / 4294967296) == 90 { print $2; exit }' \
	"$OUT/life.trace")
if [ -z "$child_id" ] || [ -z "$exit_ts" ] || [ -z "$join_ts" ]; then
	fail "life: the trace lacks the child, its exit line or main's join line"
elif [ -z "$z_ts" ]; then
	fail "life: the UI's sampler never read Z for the child"
elif ! awk -v z="$z_ts" -v e="$exit_ts" -v j="$join_ts" 'BEGIN { exit !(z > e && z < j) }'; then
	fail "life: Z read at $z_ts, not between the child's exit ($exit_ts) and the join ($join_ts)"
fi

# --- process-start-join: child 3 s, parent 2 s + join ≈ 1 s ------------------
run sj process-start-join
want sj first child
within sj join_wait_s "$(field "$OUT/sj.out" result join_wait_s)" 1.0
within sj elapsed_s "$(field "$OUT/sj.out" result elapsed_s)" 3.0
child_line=$(grep -n '] child  *done' "$OUT/sj.out" | head -n1 | cut -d: -f1)
parent_line=$(grep -n '] main  *waited .* in join; done' "$OUT/sj.out" | head -n1 | cut -d: -f1)
if [ -z "$child_line" ] || [ -z "$parent_line" ]; then
	fail "sj: no child line or no parent line"
elif [ "$child_line" -ge "$parent_line" ]; then
	fail "sj: the parent's line (line $parent_line) came before the child's (line $child_line)"
fi
grep -q "done; pid $(field "$OUT/sj.out" result child_pid), parent $(field "$OUT/sj.out" result parent_pid)$" \
	"$OUT/sj.out" || fail "sj: the child's line does not show both pids"

# --- process-parallel: two 2 s sleeps overlap: ≈ 2 s (notes: 2.05 s) ---------
run par process-parallel
want par children 2
within par elapsed_s "$(field "$OUT/par.out" result elapsed_s)" 2.05
within par overlap_s "$(field "$OUT/par.out" result overlap_s)" 2.0
run par4 process-parallel --set n=4
want par4 children 4
within par4 elapsed_s "$(field "$OUT/par4.out" result elapsed_s)" 2.05
[ "$(grep -c 'runs task' "$OUT/par4.out")" -eq 4 ] || fail "par4: not four 'runs task' lines"

# --- process-isolation: the notes' "strange output", line for line ----------
run iso process-isolation
want iso child1 1,1
want iso child2 2,1
want iso parent_p1 1,1
want iso parent_p2 1,2
want iso called_in_parent 1
want iso called_in_children 0
want iso same_address yes
strip() { sed 's/ has the number .*//; s/ at 0x[0-9a-f]*$//'; }
[ "$(lines_of iso Process1 | strip | tr '\n' '|')" = "Process1|pool = [1, 1]|" ] ||
	fail "iso: Process1 printed '$(lines_of iso Process1 | tr '\n' '|')'"
[ "$(lines_of iso Process2 | strip | tr '\n' '|')" = "Process2|pool = [2, 1]|" ] ||
	fail "iso: Process2 printed '$(lines_of iso Process2 | tr '\n' '|')'"
want_main="Process1|pool = [1, 1]|Process2|called|pool = [1, 2]|All processes finished.|"
[ "$(lines_of iso main | strip | tr '\n' '|')" = "$want_main" ] ||
	fail "iso: main printed '$(lines_of iso main | tr '\n' '|')', want '$want_main'"
last_child=$(grep -n '] Process[12] ' "$OUT/iso.out" | tail -n1 | cut -d: -f1)
first_main=$(grep -n '] main ' "$OUT/iso.out" | head -n1 | cut -d: -f1)
[ -n "$last_child" ] && [ -n "$first_main" ] && [ "$last_child" -lt "$first_main" ] ||
	fail "iso: main printed before the children had both printed"
addr=$(field "$OUT/iso.out" result address)
[ "$(grep -c "pool = .* at $addr$" "$OUT/iso.out")" -eq 4 ] ||
	fail "iso: the four pool lines do not all show the address $addr"

# --- process-lock: five holders of 1 s each (≈ 5 s), pairs adjacent ---------
# Each hello must be followed at once by the same process's second line.
pairs_adjacent() { # name -> how many pairs are adjacent in the console
	grep -E 'hello world|does something' "$OUT/$1.out" | sed 's/^\[[^]]*\] *//' | awk '
		/hello world/ { split($0, f, " "); hello = f[4]; next }
		{ split($0, f, " "); if (f[2] == hello) n++; hello = "" }
		END { print n + 0 }'
}
run lock_on process-lock
want lock_on lock on
want lock_on procs 5
want lock_on adjacent_pairs 5
[ "$(pairs_adjacent lock_on)" -eq 5 ] || fail "lock_on: only $(pairs_adjacent lock_on) of 5 pairs adjacent in the console"
within lock_on elapsed_s "$(field "$OUT/lock_on.out" result elapsed_s)" 5.01
order=$(field "$OUT/lock_on.out" result order)
console_order=$(grep -o 'hello world [0-9]*' "$OUT/lock_on.out" | awk '{ printf "%s%s", (NR > 1 ? "," : ""), $3 }')
[ "$order" = "$console_order" ] || fail "lock_on: order=$order but the console says $console_order"
[ "$(tr ',' '\n' <<<"$order" | sort | tr '\n' ' ')" = "0 1 2 3 4 " ] ||
	fail "lock_on: order=$order is not 0..4 once each"
in_order=$(field "$OUT/lock_on.out" result in_start_order)
[ "$in_order" = "$([ "$order" = 0,1,2,3,4 ] && echo yes || echo no)" ] ||
	fail "lock_on: in_start_order=$in_order does not match order=$order"
run lock_off process-lock --set lock=off
want lock_off lock off
within lock_off elapsed_s "$(field "$OUT/lock_off.out" result elapsed_s)" 1.0
[ "$(pairs_adjacent lock_off)" -lt 5 ] || fail "lock_off: every pair adjacent: the lines did not interleave"
[ "$(field "$OUT/lock_off.out" result adjacent_pairs)" = "$(pairs_adjacent lock_off)" ] ||
	fail "lock_off: adjacent_pairs=$(field "$OUT/lock_off.out" result adjacent_pairs), console says $(pairs_adjacent lock_off)"

# --- in a 120x40 terminal: the child's lane reads R, then S, then Z (the
# kernel's letters, from the UI's own sampler) with a zombie key -------------
tmux_case() {
	CASE="process-lifecycle at 120x40"
	start 120 40 open process-lifecycle --speed 2
	wait_for_re '^child .*Z{5}' 15 || return
	local lane
	lane=$(screen | grep -m1 '^child ')
	[[ "$lane" =~ R[^S]*S[^Z]*ZZZ ]] || fail "$CASE: the child's lane does not read R, S, then Z: '$lane'"
	screen | grep -q 'Z zombie' || fail "$CASE: no zombie key in the legend"
	wait_for "done after" 15 || return
	t send-keys q
	finished 0
	local i
	for ((i = 0; i < 20; i++)); do
		[ -z "$(weft_pids)" ] && return
		sleep 0.1
	done
	fail "$CASE: processes left after q: $(weft_pids | tr '\n' ' ')"
}

summary() {
	if [ "$failures" -ne 0 ]; then
		echo "e2e_proc: $failures check(s) failed"
		exit 1
	fi
	echo "e2e_proc: ok"
}

# lib_tmux.sh exits (0) here when tmux is missing, so the headless checks
# above report first.
trap 'rm -rf "$OUT"; summary' EXIT
. "$(dirname "$0")/lib_tmux.sh"
trap 'tmux_cleanup; rm -rf "$OUT"; summary' EXIT
export LANG=C.UTF-8
tmux_case
