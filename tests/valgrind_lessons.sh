#!/usr/bin/env bash
# valgrind_lessons.sh - every lesson, run headless once under valgrind
# memcheck: no invalid read or write, no use of uninitialised memory, no
# definite leak, in the UI process, the lesson host or any process the
# lesson forks (valgrind follows fork; there is no exec).
#
# Each lesson runs once with small parameters (valgrind is 20-50x slower):
# PARAMS below for the lessons that have big defaults, --speed 20 for every
# lesson (lesson time runs faster than real time), --timeout 120 as a
# backstop.  Lessons that deadlock on purpose are stopped by weft as usual.
# The hidden test lessons are not run: they crash, hog or fork on purpose.
#
# usage: bash tests/valgrind_lessons.sh PATH_TO_WEFT [LESSON...]
# Skips (exit 0, with a message) when valgrind is not installed.
set -u
. "$(dirname "$0")/lib_e2e.sh"
command -v valgrind >/dev/null || { echo "SKIP: valgrind is not installed (make deps installs it)"; exit 0; }

# Small parameters for lessons whose defaults take long under valgrind.
declare -A PARAMS=(
	[race]="--set threads=2 --set iters=2000"
	[concurrent-vs-parallel]="--set work=10"
	[gil]="--set loops=100000 --set items=4 --set workers=2"
	[mn-scheduler]="--set coros=4 --set steps=100 --set work=100"
	[start-methods]="--set starts=2"
)

lessons=("${@:2}")
[ ${#lessons[@]} -gt 0 ] || mapfile -t lessons < <("$WEFT" list | awk '{ print $1 }')
[ ${#lessons[@]} -gt 0 ] || { fail "weft list gave no lessons"; exit 1; }

# One lesson under memcheck; prints "ok: ..." or "FAIL: ..." with the report.
check_one() {
	local id=$1 log="$OUT/$1.vg" rc errors
	# shellcheck disable=SC2086 # PARAMS are words on purpose
	timeout 300 valgrind --quiet --error-exitcode=99 --exit-on-first-error=no \
		--leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
		--child-silent-after-fork=no --log-file="$log.%p" \
		"$WEFT" run "$id" --speed 20 --timeout 120 ${PARAMS[$id]:-} >"$OUT/$id.out" 2>"$OUT/$id.err"
	rc=$?
	errors=$(cat "$log".* 2>/dev/null | grep -c '^==[0-9]*== [A-Z]')
	if [ "$rc" -eq 99 ] || [ "$errors" -gt 0 ] || grep -q 'exited with code 99' "$OUT/$id.err"; then
		echo "FAIL: $id: valgrind reports errors (exit $rc):"
		cat "$log".* | head -n 60 | sed 's/^/    /'
	elif [ "$rc" -ne 0 ] && ! grep -q '^result: deadlock=yes' "$OUT/$id.out"; then
		echo "FAIL: $id: exit code $rc under valgrind: $(head -c 300 "$OUT/$id.err")"
	else
		echo "ok: $id ($(grep -c . "$OUT/$id.out") lines, $(ls "$log".* | wc -l) processes checked)"
	fi
}

# Two lessons at a time: the machines this runs on have two CPUs, and most
# of a lesson's time under valgrind is one process.
export -f check_one
export WEFT OUT
export PARAMS_DECL=$(declare -p PARAMS)
report=$(printf '%s\n' "${lessons[@]}" | xargs -P 2 -I{} bash -c 'eval "$PARAMS_DECL"; check_one "$1"' _ {})
echo "$report"
failures=$(grep -c '^FAIL: ' <<<"$report")

if [ "$failures" -ne 0 ]; then
	echo "valgrind_lessons: $failures lesson(s) failed"
	exit 1
fi
echo "valgrind_lessons: all clean"
