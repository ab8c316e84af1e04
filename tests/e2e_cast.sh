#!/usr/bin/env bash
# e2e_cast.sh - `--cast FILE`: the screen as an asciicast v2 recording.
#
# A lesson is opened in tmux with --cast, paused, captured and quit; the
# file must have an asciicast v2 header of the pane's size and one
# [seconds, "o", text] event a line in time order; and what those events
# draw, played into a second tmux pane of the same size, must be the very
# screen that was captured.  The same for a replay.  A cast that cannot be
# created is one line and exit 2; --cast elsewhere is refused.
#
# usage: bash tests/e2e_cast.sh PATH_TO_WEFT
set -u
. "$(dirname "$0")/lib_e2e.sh"
. "$(dirname "$0")/lib_tmux.sh"
command -v python3 >/dev/null || { echo "e2e_cast: python3 is not installed (make deps installs it)"; exit 1; }

# played CAST OUT: checks CAST's lines, writes the bytes its "o" events send to OUT.
played() {
	python3 - "$1" "$2" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
head = json.loads(lines[0])
assert head["version"] == 2, "version %r" % head.get("version")
print(head["width"], head["height"])
last = 0.0
out = []
for n, line in enumerate(lines[1:], 2):
    t, kind, data = json.loads(line)
    assert t >= last, "line %d: time %f before %f" % (n, t, last)
    assert kind in ("o", "r"), "line %d: event %r" % (n, kind)
    last = t
    if kind == "o":
        out.append(data)
assert out, "no output events"
open(sys.argv[2], "w", encoding="utf-8").write("".join(out))
PY
}

# same_screen NAME CAST: the cast played into a fresh pane draws $OUT/NAME.live.
same_screen() {
	local size
	size=$(played "$2" "$OUT/$1.bytes") || { fail "$CASE: not an asciicast v2 file"; return; }
	[ "$size" = "100 30" ] || fail "$CASE: header says ${size/ /x}, the pane was 100x30"
	local sock="weft-cast-$$"
	tmux -L "$sock" -f /dev/null new-session -d -x 100 -y 30 -e LANG=C.UTF-8 \
		"stty -echo; cat '$OUT/$1.bytes'; sleep 600"
	sleep 1
	tmux -L "$sock" -f /dev/null capture-pane -p >"$OUT/$1.played"
	tmux -L "$sock" -f /dev/null kill-server 2>/dev/null
	if ! diff <(sed 's/ *$//' "$OUT/$1.live") <(sed 's/ *$//' "$OUT/$1.played") >"$OUT/$1.diff"; then
		fail "$CASE: the cast does not draw the screen that was shown:"
		head -20 "$OUT/$1.diff" | sed 's/^/    | /'
	fi
}

CASE="open --cast"
start 100 30 open race --set lock=on --cast "$OUT/open.cast"
if wait_for "Timeline"; then
	sleep 1
	t send-keys ' '
	sleep 0.8
	screen >"$OUT/open.live"
	t send-keys q
	finished 0
	same_screen open "$OUT/open.cast"
	echo "ok: $CASE"
fi

CASE="replay --cast"
"$WEFT" run deadlock --speed 20 --record "$OUT/dl.trace" >/dev/null 2>&1
start 100 30 replay "$OUT/dl.trace" --cast "$OUT/replay.cast"
if wait_for "Timeline"; then
	t send-keys End
	sleep 0.8
	screen >"$OUT/replay.live"
	t send-keys q
	finished 0
	same_screen replay "$OUT/replay.cast"
	echo "ok: $CASE"
fi

CASE="a cast that cannot be created"
start 100 30 open race --cast "$OUT/no/such/dir.cast"
finished 2
screen | grep -q "cannot create" || fail "$CASE: no reason given: $(screen | head -3)"

"$WEFT" run race --cast x.cast >/dev/null 2>"$OUT/err"
[ $? -eq 2 ] && grep -q -- "--cast is for open and replay" "$OUT/err" || fail "--cast with run: $(cat "$OUT/err")"

[ "$failures" -eq 0 ] || exit 1
echo "e2e_cast: ok"
