#!/usr/bin/env bash
# e2e_limits.sh - a runaway lesson is stopped by its resource limits, the
# reason is said on one line, and nothing of it is left.
#
#  - test-spin past --limit cpu=1: "stopped: CPU time limit (1 s)";
#  - test-hog past --limit mem=256: "stopped: memory limit (256 MiB)"
#    (not in sanitizer builds, where RLIMIT_DATA cannot be set: the lesson
#    then stops by itself, and says so);
#  - test-forkbomb past --limit procs=16: "stopped: process limit (16 processes)";
#  - the whole group: test-grouphog's 16 processes of 256 MiB, and 1024 MiB of
#    shared memory, past --limit mem=300; test-bareforks' 500 bare fork()s
#    past procs=64 (also as root);
#  - a lesson host really runs under the default limits (read back from
#    /proc/PID/limits), with core dumps off.
#
# usage: bash tests/e2e_limits.sh PATH_TO_WEFT
set -u
. "$(dirname "$0")/lib_e2e.sh"

# Live processes of this copy of weft (zombies have no exe link).
weft_pids() { find /proc/[0-9]*/exe -maxdepth 0 -lname "$WEFT" 2>/dev/null | cut -d/ -f3 | tr '\n' ' '; }

none_left_within() { # tenths
	local i
	for ((i = 0; i <= $1; i++)); do
		[ -z "$(weft_pids)" ] && return 0
		sleep 0.1
	done
	return 1
}

# stopped WANT ARGS...: `weft run ARGS` ends with exit 1 within 30 s and
# stderr's one line is "weft: lesson <id> WANT".
stopped() {
	local want=$1 what="weft run ${*:2}" rc
	shift
	timeout 30 "$WEFT" run "$@" >"$OUT/out" 2>"$OUT/err"
	rc=$?
	[ "$rc" -eq 1 ] || fail "'$what': exit code $rc, want 1"
	grep -qxF "weft: lesson $1 $want" "$OUT/err" ||
		fail "'$what': stderr '$(head -c 300 "$OUT/err" | tr '\n' '|')' does not say 'weft: lesson $1 $want'"
	[ "$(wc -l <"$OUT/err")" -eq 1 ] || fail "'$what': stderr is not one line"
	grep -q '^summary: ' "$OUT/out" || fail "'$what': no summary line"
	none_left_within 10 || fail "'$what': processes left: $(weft_pids)"
}

stopped "stopped: CPU time limit (1 s)" test-spin --limit cpu=1
stopped "stopped: CPU time limit (1 s)" test-spin --set threads=2 --limit cpu=1
stopped "stopped: process limit (16 processes)" test-forkbomb --limit procs=16
# The group's caps (the sentry's watch): 16 processes of 256 MiB, each under
# mem=300, together far past it; 1024 MiB of MAP_SHARED memory, which
# RLIMIT_DATA does not count; 500 bare fork()s, which no budget counts (and
# RLIMIT_NPROC does not stop for root).
stopped "stopped: memory limit (300 MiB, all processes)" test-grouphog --limit mem=300
stopped "stopped: memory limit (300 MiB, all processes)" test-grouphog --set procs=1 --set mb=16 --set shared=1024 --limit mem=300
stopped "stopped: process limit (64 processes)" test-bareforks --limit procs=64
# ... and within the caps nothing stops them.
timeout 30 "$WEFT" run test-grouphog --set procs=4 --set mb=16 --limit mem=300 >"$OUT/out" 2>"$OUT/err" &&
	grep -qx 'result: limited=no' "$OUT/out" || fail "test-grouphog within its caps was stopped: $(head -c 200 "$OUT/err")"

if ldd "$WEFT" 2>/dev/null | grep -Eq 'lib[at]san'; then
	timeout 60 "$WEFT" run test-hog >"$OUT/out" 2>"$OUT/err"
	grep -q 'result: limited=no' "$OUT/out" || fail "test-hog (sanitizer build): did not stop by itself"
	echo "note: sanitizer build: RLIMIT_DATA is not set, the memory limit is not checked"
else
	stopped "stopped: memory limit (256 MiB)" test-hog --limit mem=256
fi

# --limit off: the spinning lesson runs on until --timeout stops it.
timeout 30 "$WEFT" run test-spin --limit cpu=off --timeout 1.5 >"$OUT/out" 2>"$OUT/err"
rc=$?
[ "$rc" -eq 1 ] && grep -q 'did not finish within' "$OUT/err" ||
	fail "test-spin --limit cpu=off: want the timeout to stop it (exit $rc: $(head -c 200 "$OUT/err"))"
none_left_within 10 || fail "test-spin --limit cpu=off: processes left: $(weft_pids)"

# The limits a host really runs under.
"$WEFT" run test-forktree >/dev/null 2>&1 &
ui=$!
host=""
for ((i = 0; i < 50; i++)); do
	for p in $(weft_pids); do
		st=$(cat "/proc/$p/stat" 2>/dev/null)
		read -r _ _ pgrp _ <<<"${st##*) }"
		[ "$pgrp" = "$p" ] && host=$p && break 2 # the host leads the lesson's group
	done
	sleep 0.1
done
if [ -z "$host" ]; then
	fail "no lesson host found"
else
	lim="/proc/$host/limits"
	grep -Eq '^Max cpu time +60 +65 ' "$lim" || fail "host: cpu time limit is not 60/65 s: $(grep 'cpu time' "$lim")"
	if ldd "$WEFT" 2>/dev/null | grep -Eq 'lib[at]san'; then :; else
		# the default memory is a quarter of the machine's RAM
		mb=$(awk '/^MemTotal:/ { m = int($2 / 1024 / 4); print m < 256 ? 256 : m }' /proc/meminfo)
		grep -Eq "^Max data size +$((mb << 20)) +$((mb << 20)) " "$lim" ||
			fail "host: data size limit is not $mb MiB (RAM / 4): $(grep 'data size' "$lim")"
	fi
	grep -Eq '^Max core file size +0 +0 ' "$lim" || fail "host: core dumps are not off: $(grep 'core file' "$lim")"
fi
kill -TERM "$ui"
wait "$ui"
none_left_within 10 || fail "test-forktree after SIGTERM: processes left: $(weft_pids)"

if [ "$failures" -ne 0 ]; then
	echo "e2e_limits: $failures check(s) failed"
	exit 1
fi
echo "e2e_limits: all checks passed"
