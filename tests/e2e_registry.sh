#!/usr/bin/env bash
# e2e_registry.sh - every lesson `weft list` shows runs headless, with its
# defaults, fast (--speed 20), to a summary: line and at least one result:
# line, exits 0, and leaves no process behind.  Two at a time (two CPUs).
. "$(dirname "$0")/lib_e2e.sh"

run_one() {
	local id=$1 out="$OUT/$1.out"
	timeout 120 "$WEFT" run "$id" --speed 20 >"$out" 2>&1
	local rc=$?
	[ $rc -eq 0 ] || { echo "FAIL: $id exited $rc"; tail -3 "$out"; return 1; }
	grep -q '^summary: ' "$out" || { echo "FAIL: $id: no summary: line"; return 1; }
	grep -q '^result: ' "$out" || { echo "FAIL: $id: no result: line"; return 1; }
}
export -f run_one
export WEFT OUT

ids=$("$WEFT" list | awk '{print $1}')
[ -n "$ids" ] || fail "weft list printed no lessons"
bad=$(printf '%s\n' $ids | xargs -P 2 -I{} bash -c 'run_one {} || echo "BAD {}"' | tee /dev/stderr | grep -c '^BAD ')
[ "$bad" -eq 0 ] || fail "$bad lessons did not run to a result"
sleep 0.5
left=$(pgrep -f "$OUT/weft" | wc -l)
[ "$left" -eq 0 ] || fail "$left processes of the binary left behind"

[ $failures -eq 0 ] && echo "e2e_registry: every listed lesson ran to a result"
exit $failures
