#!/usr/bin/env bash
# e2e_bench.sh - `weft bench --quick` runs to completion and prints every
# row, in the table and as JSON.  A benchmark, not a test of speed: no
# figure is judged here, only that each row is there (with a figure, or a
# reason why there is none).
#
# usage: bash tests/e2e_bench.sh PATH_TO_WEFT
set -u

. "$(dirname "$0")/lib_e2e.sh"

rows="event-emit event-emit-off mutex-lock mutex-lock-rec race-lock coroutine-switch
coroutine-switch-1000 coroutine-lesson coroutine-lesson-rec thread-switch cond-pingpong
process-switch ingest ingest-drops ui-gap render-full render-partial replay-load replay-seek
replay-memory replay-load-10m memory idle"

timeout 240 "$WEFT" bench --quick >"$OUT/table.out" 2>"$OUT/table.err"
rc=$?
[ "$rc" -eq 0 ] || fail "bench --quick: exit code $rc (stderr: $(head -c 300 "$OUT/table.err"))"
grep -Eq '^weft bench .*clock (tsc|clock_gettime)' "$OUT/table.out" ||
	fail "bench --quick: no header naming the clock"
for r in $rows; do
	grep -Eq "^$r " "$OUT/table.out" || fail "bench --quick: no row $r in the table"
done

timeout 240 "$WEFT" bench --quick --json >"$OUT/json.out" 2>"$OUT/json.err"
rc=$?
[ "$rc" -eq 0 ] || fail "bench --quick --json: exit code $rc (stderr: $(head -c 300 "$OUT/json.err"))"
for r in $rows; do
	grep -q "^{\"row\": \"$r\", " "$OUT/json.out" || fail "bench --json: no object for row $r"
done
# Every line is one JSON object with the keys the issue names.
if command -v python3 >/dev/null; then
	python3 - "$OUT/json.out" <<'PY' || fail "bench --json: a line is not a complete row object"
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    for k in ("row", "unit", "weft", "peer", "peer_value", "ratio", "target", "met"):
        assert k in o, (k, line)
    # A peer that is not there is n/a (met: null, the reason in the note), never a miss.
    if o["peer"] is not None and o["peer_value"] is None:
        assert o["met"] is None and o["note"], line
PY
fi

"$WEFT" bench --bogus >/dev/null 2>&1
[ $? -eq 2 ] || fail "bench --bogus: want exit code 2"
"$WEFT" list --json >/dev/null 2>&1
[ $? -eq 2 ] || fail "list --json: want exit code 2 (--json is for bench)"

if [ "$failures" -ne 0 ]; then
	echo "e2e_bench: $failures check(s) failed; the table was:"
	cat "$OUT/table.out"
	exit 1
fi
echo "e2e_bench: all checks passed"
