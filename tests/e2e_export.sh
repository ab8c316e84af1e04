#!/usr/bin/env bash
# e2e_export.sh - `weft export`: recorded runs opened by other tools.
#
#  - --chrome: Chrome Trace Event JSON that parses; every actor of the run
#    is a named track (M thread_name), processes named (M process_name);
#    each track's state slices (X) are in order and never overlap; queue
#    depths are counters (C), printed lines instants (i) - as many as the
#    run printed; a message's flow starts (s) and finishes (f) on the same
#    id; a deadlock is a global instant naming the cycle;
#  - --text: one event a line, as many lines as the trace has events;
#  - bad input: one line and exit 2; a failed write: exit 1.
#
# usage: bash tests/e2e_export.sh PATH_TO_WEFT
set -u
. "$(dirname "$0")/lib_e2e.sh"
command -v python3 >/dev/null || { echo "e2e_export: python3 is not installed (make deps installs it)"; exit 1; }

record() { # name lesson args...
	local name=$1
	shift
	timeout 60 "$WEFT" run "$@" --speed 20 --record "$OUT/$name.trace" >"$OUT/$name.out" 2>&1 ||
		fail "$name: weft run $* exited $?"
	timeout 30 "$WEFT" export "$OUT/$name.trace" --chrome "$OUT/$name.json" 2>"$OUT/$name.err" ||
		fail "$name: export --chrome exited $?: $(cat "$OUT/$name.err")"
}

check() { # name [python condition on the parsed events]
	python3 - "$OUT/$1.json" "$OUT/$1.out" "${2:-True}" <<'PY' || fail "$1: $(cat "$OUT/$1.check" 2>/dev/null)"
import json, re, sys
from collections import defaultdict
doc = json.load(open(sys.argv[1]))
out = open(sys.argv[2]).read()
ev = doc["traceEvents"]
bad = []
for e in ev:
    for k in ("ph", "ts", "pid", "tid"):
        if k not in e:
            bad.append("an event has no %s: %r" % (k, e))
    if e.get("ts", 0) < 0:
        bad.append("negative ts: %r" % e)
names = {(e["pid"], e["tid"]): e["args"]["name"] for e in ev if e["ph"] == "M" and e["name"] == "thread_name"}
actors = int(re.search(r"^summary: .*\bactors=(\d+)", out, re.M).group(1))
if len(names) != actors:
    bad.append("%d named tracks for %d actors" % (len(names), actors))
if not any(e["ph"] == "M" and e["name"] == "process_name" for e in ev):
    bad.append("no process is named")
slices = defaultdict(list)
for e in ev:
    if e["ph"] == "X":
        if e["dur"] < 0:
            bad.append("negative dur: %r" % e)
        if e.get("cat") == "state":
            slices[(e["pid"], e["tid"])].append((e["ts"], e["ts"] + e["dur"], e["name"]))
for track, s in slices.items():
    s.sort()
    for (a0, a1, an), (b0, b1, bn) in zip(s, s[1:]):
        if b0 < a1 - 0.002:
            bad.append("%s: %s [%.3f, %.3f] overlaps %s from %.3f" % (names.get(track), an, a0, a1, bn, b0))
            break
    if track not in names:
        bad.append("slices on an unnamed track %r" % (track,))
printed = len(re.findall(r"^\[ *\d+\.\d+\] ", out, re.M))
prints = sum(1 for e in ev if e["ph"] == "i" and e.get("cat") == "print")
if prints != printed:
    bad.append("%d print instants for %d printed lines" % (prints, printed))
starts = {e["id"] for e in ev if e["ph"] == "s"}
ends = {e["id"] for e in ev if e["ph"] == "f"}
if not ends <= starts:
    bad.append("flows that finish without starting: %r" % sorted(ends - starts)[:5])
if not eval(sys.argv[3]):
    bad.append("not true: " + sys.argv[3])
open(sys.argv[1].replace(".json", ".check"), "w").write("; ".join(bad[:4]))
sys.exit(1 if bad else 0)
PY
}

record race race --set threads=2 --set iters=200 --set lock=on
check race "any(e['ph'] == 'X' and e['name'] == 'running' for e in ev)"
# Five processes take one lock that each holds while it sleeps: four wait,
# and each of those is handed the lock by the one before.
record plock process-lock
check plock "sum(1 for e in ev if e['ph'] == 's' and e['cat'] == 'lock hand-off') == 4 and any(e['ph'] == 'X' and e['name'] == 'blocked on lock' for e in ev)"
record pq process-queue
check pq "any(e['ph'] == 'C' and 'depth' in e['args'] for e in ev) and len({e['pid'] for e in ev if e['ph'] == 'M' and e['name'] == 'process_name'}) >= 3"
record pipe pipe
check pipe "any(e['ph'] == 's' and e['cat'] == 'message' for e in ev) and {e['id'] for e in ev if e['ph'] == 's' and e['cat'] == 'message'} == {e['id'] for e in ev if e['ph'] == 'f' and e['cat'] == 'message'}"
record dl deadlock
check dl "any(e['ph'] == 'i' and e.get('s') == 'g' and 'T1' in e['name'] and 'T2' in e['name'] for e in ev)"
record loop await-vs-tasks
check loop "any(e['ph'] == 'X' and e.get('cat') == 'callback' for e in ev) and any(e['ph'] == 'C' and 'ready' in e['args'] for e in ev)"
record gen generator-send
check gen "any(e['ph'] == 'X' and e['name'] == 'suspended' for e in ev)"

# --text: one line per event, after two header lines.
"$WEFT" export "$OUT/dl.trace" --text "$OUT/dl.txt" || fail "export --text exited $?"
lines=$(grep -vc '^#' "$OUT/dl.txt")
if head -c 10 "$OUT/dl.trace" | grep -q '^weft-trace'; then # the text format: one 'e' line an event
	events=$(grep -c '^e ' "$OUT/dl.trace")
	[ "$events" -gt 0 ] && [ "$lines" -eq "$events" ] || fail "--text: $lines lines for $events events"
fi
grep -q 'acquire .* A' "$OUT/dl.txt" || fail "--text: no line says who acquired A"

# Bad input, failed writes.
expect() { # code what args...
	local want=$1 what=$2
	shift 2
	timeout 10 "$WEFT" "$@" >"$OUT/x.out" 2>"$OUT/x.err"
	local rc=$?
	[ "$rc" -eq "$want" ] || fail "$what: exit $rc, want $want"
	[ "$want" -eq 0 ] || [ "$(wc -l <"$OUT/x.err")" -eq 1 ] || fail "$what: not one line: $(cat "$OUT/x.err")"
}
expect 2 "no format" export "$OUT/dl.trace"
expect 2 "both formats" export "$OUT/dl.trace" --text - --chrome -
expect 2 "no such trace" export "$OUT/none.trace" --text -
expect 2 "--chrome elsewhere" run race --chrome x.json
expect 2 "an output that cannot be created" export "$OUT/dl.trace" --chrome "$OUT/no/such/dir.json"
expect 1 "a full disk" export "$OUT/dl.trace" --chrome /dev/full

[ "$failures" -eq 0 ] || exit 1
echo "e2e_export: ok"
