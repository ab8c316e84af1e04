#!/usr/bin/env bash
# e2e_script.sh - scripted sessions: every tests/scripts/*.weft runs and its
# frames match tests/golden/<script>/ exactly; bad scripts fail the way
# docs/scripts.md says (exit 2 with file:line, exit 1 for a failed expect).
#
# usage: bash tests/e2e_script.sh PATH_TO_WEFT
# The lesson-*.weft scripts step a lesson in turn to its end and frame its
# last screen at 120x40 and 80x24, in English and Chinese (step mode: lesson
# time is the step clock, so the frames are the same on every run; lessons
# that run only free or print pids are left out).  test_screen reads the
# Chinese ones for English words from the UI's table.
# To accept new frames after a deliberate change to what the screen shows:
#   make golden   (WEFT_GOLDEN_UPDATE=1 bash tests/e2e_script.sh build/weft)
set -u
. "$(dirname "$0")/lib_e2e.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

for script in "$HERE"/scripts/*.weft; do
	name=$(basename "$script" .weft)
	frames=$OUT/frames-$name
	if ! "$WEFT" script "$script" --frames "$frames" >"$OUT/$name.out" 2>&1; then
		fail "$name: $(cat "$OUT/$name.out")"
		continue
	fi
	golden=$HERE/golden/$name
	if [ -n "${WEFT_GOLDEN_UPDATE:-}" ]; then
		mkdir -p "$golden" && cp "$frames"/*.txt "$golden"/
	elif [ -d "$golden" ] && ! diff -ru "$golden" "$frames" >"$OUT/$name.diff"; then
		# A lesson's own threads run real code between their steps: a
		# thread the kernel wakes (an event set, a process reaped) can pass
		# its next step a grant earlier or later, one quantum (1 ms) on a
		# printed time.  Such a frame gets one more run; a second mismatch
		# is a failure, and a retry is said.
		rm -rf "$frames"
		if [[ "$name" == lesson-* ]] && "$WEFT" script "$script" --frames "$frames" >"$OUT/$name.out" 2>&1 &&
			diff -ru "$golden" "$frames" >/dev/null; then
			echo "note: $name matched its golden frames on a second run"
		else
			fail "$name: frames differ from tests/golden/$name:
$(head -n 40 "$OUT/$name.diff")"
		fi
	fi
done

# The same frames as the live run: a stepped run, recorded, then replayed
# to its end, draws the same timeline and panels.
printf '%s\n' "open race" "set threads 2" "set iters 1" "record $OUT/live.trace" "size 100 30" \
	"start step" "step T1" "step T2" "step T1" "step T2" "wait-exit 5s" "frame live" >"$OUT/live.weft"
printf '%s\n' "replay $OUT/live.trace" "size 100 30" "key end" "frame replayed" >"$OUT/replay.weft"
if "$WEFT" script "$OUT/live.weft" --frames "$OUT/same" >"$OUT/same.out" 2>&1 &&
	"$WEFT" script "$OUT/replay.weft" --frames "$OUT/same" >>"$OUT/same.out" 2>&1; then
	# rows 2..28: everything but the title and the status bar
	diff <(sed -n 2,29p "$OUT/same/live.txt") <(sed -n 2,29p "$OUT/same/replayed.txt") >"$OUT/same.diff" ||
		fail "the replay draws other frames than the live run:
$(head -n 30 "$OUT/same.diff")"
else
	fail "live/replay scripts: $(cat "$OUT/same.out")"
fi

# bad_script EXIT TEXT LINES...: a script of LINES exits EXIT and says TEXT
# with the file and line.
bad_script() {
	local code=$1 text=$2; shift 2
	printf '%s\n' "$@" >"$OUT/bad.weft"
	"$WEFT" script "$OUT/bad.weft" >"$OUT/bad.out" 2>&1
	local got=$?
	[ "$got" = "$code" ] || fail "script [$*]: exit $got, want $code ($(cat "$OUT/bad.out"))"
	grep -q "bad.weft:[0-9]*: .*$text" "$OUT/bad.out" ||
		fail "script [$*]: wanted '$text' with file:line, got: $(cat "$OUT/bad.out")"
}
bad_script 2 "unknown command 'jump'" "open race" "jump T1"
bad_script 2 "not a duration" "open race" "start step" "run soon"
bad_script 2 "unknown key" "open race" "start run" "key ctrl-x"
bad_script 2 "unknown lesson 'nope'" "open nope"
bad_script 2 "there is no actor 'T9'" "open race" "set threads 2" "set iters 1" "start step" "step T9"
bad_script 2 "must be between" "open race" "set threads 0"
bad_script 1 "expected result counter=3" "open race" "set threads 2" "set iters 1" "start step" \
	"step T1" "step T2" "step T1" "step T2" "wait-exit 5s" "expect result counter=3"
bad_script 1 "expected T1 sleeping, it is parked" "open race" "set threads 1" "set iters 1" \
	"start step" "expect state T1 sleeping"

# A step the runtime must refuse: T2's acquire of a lock T1 holds.
printf '%s\n' "open race" "set threads 2" "set iters 1" "set lock on" "start step" \
	"step T1" "step T2" >"$OUT/refuse.weft"
"$WEFT" script "$OUT/refuse.weft" >"$OUT/refuse.out" 2>&1
[ $? = 1 ] && grep -q "refuse.weft:7: step T2: T2 waits for lock counter_lock held by T1" "$OUT/refuse.out" ||
	fail "a blocked step was not refused: $(cat "$OUT/refuse.out")"

exit $((failures > 0))
