#!/usr/bin/env bash
# e2e_hostile.sh - what a hostile file, a full disk or a misbehaving lesson
# does to the real binary (issue 18): never a hang, a silent wrong answer or
# unbounded memory.
#
#  - lessons: test-fds finds no descriptor of the UI's open (and its bytes
#    to every number stop nothing, corrupt no recording); test-waitall's
#    wait() until ECHILD returns with exactly its own children.
#
# usage: bash tests/e2e_hostile.sh PATH_TO_WEFT
set -u
. "$(dirname "$0")/lib_e2e.sh"

# --- lessons against their host ---------------------------------------------

timeout 20 "$WEFT" run test-fds --speed 20 --record "$OUT/fds.trace" >"$OUT/fds.out" 2>"$OUT/fds.err"
rc=$?
[ "$rc" -eq 0 ] || fail "test-fds: exit $rc ($(head -c 200 "$OUT/fds.err"))"
[ "$(field "$OUT/fds.out" result main_open)" = 0 ] ||
	fail "test-fds: lesson main holds descriptors: $(grep '^result:' "$OUT/fds.out")"
[ "$(field "$OUT/fds.out" result child_open)" = 0 ] ||
	fail "test-fds: a lesson process holds descriptors: $(grep '^result:' "$OUT/fds.out")"
timeout 20 "$WEFT" rerun "$OUT/fds.trace" --speed 20 >"$OUT/fds.rerun" 2>&1 ||
	fail "test-fds: its recording does not rerun: $(head -c 200 "$OUT/fds.rerun")"

timeout 10 "$WEFT" run test-waitall --speed 20 --set children=5 >"$OUT/wait.out" 2>"$OUT/wait.err"
rc=$?
[ "$rc" -eq 0 ] || fail "test-waitall: exit $rc, a wait() until ECHILD hung? ($(head -c 200 "$OUT/wait.err"))"
grep -qx 'result: forked=5 reaped=5 end=ECHILD' "$OUT/wait.out" ||
	fail "test-waitall: $(grep '^result:' "$OUT/wait.out"), want forked=5 reaped=5 end=ECHILD"

if [ "$failures" -ne 0 ]; then
	echo "$NAME: $failures check(s) failed"
	exit 1
fi
echo "$NAME: all checks passed"
