#!/usr/bin/env bash
# e2e_run.sh - every lesson run headless by the real binary, judged by the
# `result:` and `summary:` lines it prints.
#
# usage: bash tests/e2e_run.sh PATH_TO_WEFT
# Prints one line per failed check and exits 1 if any failed.
set -u

. "$(dirname "$0")/lib_e2e.sh"

# Runs weft with the arguments after the name; output goes to $OUT/name.out
# and .err, the exit code to $rc, the real seconds taken to $took.
rc=0
took=0
run() { # name args...
	local name=$1
	shift
	local t0 t1
	t0=$(date +%s.%N)
	timeout 30 "$WEFT" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
	rc=$?
	t1=$(date +%s.%N)
	took=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}

# Every run ends with a summary naming its lesson and its counts.
check_summary() { # name lesson
	local f="$OUT/$1.out" k v
	if ! grep -q '^summary: ' "$f"; then
		fail "$1: no summary: line"
		return
	fi
	[ "$(field "$f" summary lesson)" = "$2" ] ||
		fail "$1: summary lesson='$(field "$f" summary lesson)', want '$2'"
	for k in elapsed_ms actors events dropped; do
		v=$(field "$f" summary "$k")
		[[ "$v" =~ ^[0-9]+$ ]] || fail "$1: summary $k='$v' is not a count"
	done
}

check_rc() { # name want
	[ "$rc" -eq "$2" ] || fail "$1: exit code $rc, want $2 (stderr: $(head -c 300 "$OUT/$1.err"))"
}

check_result() { # name key want
	local got
	got=$(field "$OUT/$1.out" result "$2")
	[ "$got" = "$3" ] || fail "$1: result $2='$got', want '$3'"
}

# --- race, locked: nothing lost ---------------------------------------------
run race_on run race --set threads=8 --set iters=200000 --set lock=on
check_rc race_on 0
check_summary race_on race
check_result race_on counter 1600000
check_result race_on expected 1600000
check_result race_on lost 0

# --- race, unlocked: whatever is lost is accounted for ----------------------
run race_off run race --set lock=off --set threads=4 --set iters=100000
check_rc race_off 0
check_summary race_off race
counter=$(field "$OUT/race_off.out" result counter)
expected=$(field "$OUT/race_off.out" result expected)
lost=$(field "$OUT/race_off.out" result lost)
if [[ "$counter" =~ ^[0-9]+$ && "$expected" =~ ^[0-9]+$ && "$lost" =~ ^-?[0-9]+$ ]]; then
	[ "$expected" -eq 400000 ] || fail "race_off: expected=$expected, want 400000"
	[ "$counter" -le "$expected" ] || fail "race_off: counter=$counter > expected=$expected"
	[ "$lost" -eq $((expected - counter)) ] ||
		fail "race_off: lost=$lost, want expected-counter=$((expected - counter))"
else
	fail "race_off: result line unreadable: $(grep '^result:' "$OUT/race_off.out")"
fi

# --- thread-start-join: two 2 s sleeps overlap ------------------------------
run tsj run thread-start-join --speed 10
check_rc tsj 0
check_summary tsj thread-start-join
check_result tsj threads 2
elapsed=$(field "$OUT/tsj.out" result elapsed_s)
if [[ "$elapsed" =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
	awk -v e="$elapsed" 'BEGIN { exit !(e >= 2.0 && e < 3.0) }' ||
		fail "tsj: elapsed_s=$elapsed lesson seconds, want >= 2.0 and < 3.0"
else
	fail "tsj: elapsed_s='$elapsed' is not a number"
fi
first_woke=$(grep -n 'woke' "$OUT/tsj.out" | head -n1 | cut -d: -f1)
for t in T1 T2; do
	started=$(grep -n "$t started" "$OUT/tsj.out" | head -n1 | cut -d: -f1)
	if [ -z "$started" ] || [ -z "$first_woke" ]; then
		fail "tsj: no '$t started' or no 'woke' line"
	elif [ "$started" -ge "$first_woke" ]; then
		fail "tsj: '$t started' (line $started) printed after the first 'woke' (line $first_woke)"
	fi
done

# --- deadlock: found, named, and the run ends on its own --------------------
t0=$(date +%s.%N)
timeout 20 "$WEFT" run deadlock >"$OUT/deadlock.out" 2>"$OUT/deadlock.err"
rc=$?
took=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
check_rc deadlock 0
awk -v t="$took" 'BEGIN { exit !(t < 10) }' || fail "deadlock: took ${took}s, want < 10 s"
check_summary deadlock deadlock
dl=$(grep -m1 '^deadlock: ' "$OUT/deadlock.out")
if [ -z "$dl" ]; then
	fail "deadlock: no 'deadlock:' line"
else
	for w in T1 T2 A B; do
		grep -qw "$w" <<<"${dl#deadlock: }" || fail "deadlock: '$dl' does not name $w"
	done
fi
grep -q '^result: deadlock=yes' "$OUT/deadlock.out" || fail "deadlock: no 'result: deadlock=yes' line"

# --- deadlock, fixed order: sorted groups, no deadlock, nothing refused -----
run deadlock_fixed run deadlock --set order=fixed
check_rc deadlock_fixed 0
check_summary deadlock_fixed deadlock
check_result deadlock_fixed finished 2
check_result deadlock_fixed violations 0
grep -q '^deadlock: ' "$OUT/deadlock_fixed.out" && fail "deadlock_fixed: reported a deadlock"

# --- process-queue -----------------------------------------------------------
run pq run process-queue --speed 10
check_rc pq 0
check_summary pq process-queue
check_result pq produced 5
check_result pq consumed 5
check_result pq full_errors 1
check_result pq empty_errors 2
check_result pq consumer terminated

# --- nothing of any run is left behind --------------------------------------
# Lesson processes are forks of weft, so their command line is weft's.  The
# pattern is anchored, so it cannot match this script (whose arguments name
# the binary too).
pattern="^$(sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$WEFT")( |$)"
left=$(pgrep -f "$pattern")
[ -z "$left" ] || fail "processes left behind: $(ps -o pid=,args= -p "$(tr '\n' ',' <<<"$left" | sed 's/,$//')")"

if [ "$failures" -ne 0 ]; then
	echo "e2e_run: $failures check(s) failed; outputs were:"
	for f in "$OUT"/*.out; do
		echo "--- $(basename "$f")"
		tail -n 5 "$f"
	done
	exit 1
fi
echo "e2e_run: all checks passed"
