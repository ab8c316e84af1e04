#!/usr/bin/env bash
# e2e_hostile.sh - what a hostile file, a full disk or a misbehaving lesson
# does to the real binary (issue 18): never a hang, a silent wrong answer or
# unbounded memory.
#
#  - lessons: test-fds finds no descriptor of the UI's open (and its bytes
#    to every number stop nothing, corrupt no recording); test-waitall's
#    wait() until ECHILD returns with exactly its own children.
#  - hostile trace files (a link to /dev/zero, a FIFO no one writes, a
#    directory, a sparse file past the size limit, an 8 MiB line, times
#    out of order, a number past UINT64_MAX) given to replay, rerun,
#    export and a script's replay, and a FIFO as the script: each one line
#    on stderr and exit 2, at once (no hang: 3 s is the alarm), under a
#    256 MiB address-space cap.  The writer's extremes (UINT64_MAX operands)
#    read back.
#  - recording: onto /dev/full, one line naming it and exit 1; into a
#    missing directory or onto a FIFO, exit 2 at once; over an existing
#    trace, a note says it is replaced.  A trace from another version of
#    weft: rerun says so.
#  - in the terminal (tmux): --record /dev/full stops the run, the status bar
#    names the file, and weft exits 1; replaying another version's trace says so.
#  - stdout: run, list, --help and --version into /dev/full exit 1 with one
#    line; `run process-queue | head -1` ends at once, exit 1 and no word.
#
# usage: bash tests/e2e_hostile.sh PATH_TO_WEFT
set -u
. "$(dirname "$0")/lib_e2e.sh"

# --- lessons against their host ---------------------------------------------

timeout -k 5 20 "$WEFT" run test-fds --speed 20 --record "$OUT/fds.trace" >"$OUT/fds.out" 2>"$OUT/fds.err"
rc=$?
[ "$rc" -eq 0 ] || fail "test-fds: exit $rc ($(head -c 200 "$OUT/fds.err"))"
[ "$(field "$OUT/fds.out" result main_open)" = 0 ] ||
	fail "test-fds: lesson main holds descriptors: $(grep '^result:' "$OUT/fds.out")"
[ "$(field "$OUT/fds.out" result child_open)" = 0 ] ||
	fail "test-fds: a lesson process holds descriptors: $(grep '^result:' "$OUT/fds.out")"
timeout -k 5 20 "$WEFT" rerun "$OUT/fds.trace" --speed 20 >"$OUT/fds.rerun" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q '^result: main_open=0 child_open=0' "$OUT/fds.rerun" ||
	fail "test-fds: its recording does not rerun (exit $rc): $(tail -c 300 "$OUT/fds.rerun" | tr '\n' '|')"

timeout -k 5 10 "$WEFT" run test-waitall --speed 20 --set children=5 >"$OUT/wait.out" 2>"$OUT/wait.err"
rc=$?
[ "$rc" -eq 0 ] || fail "test-waitall: exit $rc, a wait() until ECHILD hung? ($(head -c 200 "$OUT/wait.err"))"
grep -qx 'result: forked=5 reaped=5 end=ECHILD' "$OUT/wait.out" ||
	fail "test-waitall: $(grep '^result:' "$OUT/wait.out"), want forked=5 reaped=5 end=ECHILD"

# --- hostile files --------------------------------------------------------------

# The memory cap: 256 MiB of address space, except in a sanitizer build,
# whose shadow memory alone is reserved past any such cap.
CAP=262144
if ldd "$WEFT" 2>/dev/null | grep -Eq 'lib[at]san'; then
	CAP=unlimited
	echo "note: sanitizer build: the hostile files are read without an address-space cap"
fi

# refused WHAT WANT CMD...: CMD ends within 3 s, exit 2, stderr is exactly
# one line containing WANT, under a memory cap.
refused() {
	local what=$1 want=$2 rc
	shift 2
	(ulimit -v "$CAP"; exec timeout -k 5 3 "$@") </dev/null >"$OUT/r.out" 2>"$OUT/r.err"
	rc=$?
	[ "$rc" -ne 124 ] || { fail "$what: still running after 3 s"; return; }
	[ "$rc" -ne 137 ] || { fail "$what: ignored SIGTERM after 3 s and was killed"; return; }
	[ "$rc" -eq 2 ] || fail "$what: exit $rc, want 2 ($(head -c 200 "$OUT/r.err" | tr '\n' '|'))"
	[ "$(wc -l <"$OUT/r.err")" -eq 1 ] || fail "$what: stderr is not one line: $(head -c 300 "$OUT/r.err" | tr '\n' '|')"
	grep -qF -- "$want" "$OUT/r.err" || fail "$what: stderr '$(head -c 200 "$OUT/r.err")' does not say '$want'"
}

# against FILE WANT: every reader of a trace refuses FILE with WANT.
against() {
	local f=$1 want=$2
	printf 'replay %s\nframe x\n' "$f" >"$OUT/replay.weft"
	refused "replay $f" "$want" "$WEFT" replay "$f"
	refused "rerun $f" "$want" "$WEFT" rerun "$f"
	refused "export $f" "$want" "$WEFT" export "$f" --text "$OUT/x.txt"
	refused "script replaying $f" "$want" "$WEFT" script "$OUT/replay.weft"
}

H="weft-trace 1
weft 0.0.0
lesson race
params threads=2 iters=1 lock=off
speed 1
sched free 0
---"
ln -s /dev/zero "$OUT/zero.trace"
against "$OUT/zero.trace" "zero.trace: a character device, not a trace"
mkfifo "$OUT/fifo.trace"
against "$OUT/fifo.trace" "fifo.trace: a FIFO, not a trace"
mkdir "$OUT/dir.trace"
against "$OUT/dir.trace" "dir.trace: a directory, not a trace"
printf '%s\n' "$H" >"$OUT/huge.trace"
truncate -s 600M "$OUT/huge.trace"
against "$OUT/huge.trace" "larger than the 512 MiB a trace may be"
{ printf '%s\ne 1 0 1 0 0 0 0 ' "$H"; head -c 8M /dev/zero | tr '\0' x; echo; } >"$OUT/line.trace"
against "$OUT/line.trace" "line.trace:8: a line of more than 4096 bytes"
printf '%s\ne 5 0 1 0 0 0 0\ne 3 0 1 0 0 0 0\n' "$H" >"$OUT/order.trace"
against "$OUT/order.trace" "order.trace:9: event at 3 ns comes after one at 5 ns"
printf '%s\ne 5 0 1 0 0 18446744073709551616 0\n' "$H" >"$OUT/big.trace"
against "$OUT/big.trace" "big.trace:8: event field 6"
refused "a FIFO as the script" "fifo.trace: a FIFO, not a script" "$WEFT" script "$OUT/fifo.trace"

# The writer's extremes read back (the old reader refused 18446744073709551610 and up).
printf '%s\ne 5 0 1 0 0 18446744073709551615 18446744073709551610\nr n=1\nx done\n' "$H" >"$OUT/edge.trace"
timeout -k 5 10 "$WEFT" export "$OUT/edge.trace" --text "$OUT/edge.txt" >"$OUT/edge.out" 2>&1 ||
	fail "a trace of UINT64_MAX operands is refused: $(head -c 200 "$OUT/edge.out")"

# --- recording ----------------------------------------------------------------

timeout -k 5 20 "$WEFT" run race --speed 20 --record /dev/full >"$OUT/full.out" 2>"$OUT/full.err"
rc=$?
[ "$rc" -eq 1 ] || fail "--record /dev/full: exit $rc, want 1"
[ "$(cat "$OUT/full.err")" = "weft: /dev/full: cannot write the trace: No space left on device" ] ||
	fail "--record /dev/full: stderr '$(head -c 300 "$OUT/full.err" | tr '\n' '|')'"
# A tiny full file system, where this machine lets a test mount one.
if unshare -rm true 2>/dev/null; then
	timeout -k 5 30 unshare -rm sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && exec "$2" run race --speed 20 --record "$1/t.trace"' \
		_ "$OUT/dir.trace" "$WEFT" >"$OUT/tiny.out" 2>"$OUT/tiny.err"
	rc=$?
	[ "$rc" -eq 1 ] && grep -qx "weft: $OUT/dir.trace/t.trace: cannot write the trace: No space left on device" "$OUT/tiny.err" ||
		fail "--record on a full 64 KiB tmpfs: exit $rc, stderr '$(head -c 300 "$OUT/tiny.err" | tr '\n' '|')'"
else
	echo "note: no user namespace to mount a tmpfs in: /dev/full stands for a full disk"
fi
refused "--record into a missing directory" "$OUT/none/x.trace: No such file or directory" \
	"$WEFT" run race --record "$OUT/none/x.trace"
printf 'open race\nrecord %s\nstart run\n' "$OUT/none/x.trace" >"$OUT/rec.weft"
refused "a script recording into a missing directory" "$OUT/none/x.trace: No such file or directory" \
	"$WEFT" script "$OUT/rec.weft"
refused "--record onto a FIFO" "fifo.trace: a FIFO, not a file to record into" \
	"$WEFT" run race --record "$OUT/fifo.trace"
timeout -k 5 20 "$WEFT" run race --speed 20 --record "$OUT/again.trace" >/dev/null 2>&1
timeout -k 5 20 "$WEFT" run race --speed 20 --record "$OUT/again.trace" >/dev/null 2>"$OUT/again.err"
grep -qx "weft: note: $OUT/again.trace is replaced by this run's trace" "$OUT/again.err" ||
	fail "--record over a trace: no note ($(head -c 200 "$OUT/again.err"))"
as_text "$OUT/again.trace"
sed 's/^weft .*/weft 0.0.1-old/' "$OUT/again.trace" >"$OUT/old.trace"
timeout -k 5 20 "$WEFT" rerun "$OUT/old.trace" --speed 20 >"$OUT/old.out" 2>&1
grep -q "^note: .*old.trace was recorded by weft 0.0.1-old; this is weft " "$OUT/old.out" ||
	fail "rerun of another version's trace says nothing: $(head -c 200 "$OUT/old.out")"

# --- stdout ---------------------------------------------------------------------

for cmd in "run race --speed 20" "list" "--help" "--version" "list race"; do
	# shellcheck disable=SC2086
	timeout -k 5 20 "$WEFT" $cmd >/dev/full 2>"$OUT/so.err"
	rc=$?
	[ "$rc" -eq 1 ] || fail "weft $cmd >/dev/full: exit $rc, want 1"
	[ "$(cat "$OUT/so.err")" = "weft: standard output: No space left on device" ] ||
		fail "weft $cmd >/dev/full: stderr '$(head -c 200 "$OUT/so.err" | tr '\n' '|')'"
done
start=$(date +%s%N)
(timeout -k 5 20 "$WEFT" run process-queue 2>"$OUT/head.err"; echo $? >"$OUT/head.rc") | head -1 >"$OUT/head.out"
ms=$((($(date +%s%N) - start) / 1000000))
[ "$(cat "$OUT/head.rc")" = 1 ] || fail "run process-queue | head -1: exit $(cat "$OUT/head.rc"), want 1"
[ ! -s "$OUT/head.err" ] || fail "run process-queue | head -1: said '$(head -c 200 "$OUT/head.err")'"
[ "$ms" -lt 4000 ] || fail "run process-queue | head -1: took $ms ms; the lesson ran on (it takes ~5 s)"

# --- the UI ---------------------------------------------------------------------

# In the terminal a trace that cannot be written stops the run and says so
# in the status bar; on leaving, one line and exit 1.  A trace of another
# version says so too.
if command -v tmux >/dev/null; then
	. "$(dirname "$0")/lib_tmux.sh"
	CASE="open --record /dev/full"
	start 120 40 open race --record /dev/full
	if wait_for "/dev/full: cannot write the trace: No space left on device"; then
		t send-keys q
		finished 1
	fi
	CASE="replay of another version's trace"
	start 120 40 replay "$OUT/old.trace"
	if wait_for "recorded by weft 0.0.1-old; this is weft"; then
		t send-keys q
		finished 0
	fi
	tmux_cleanup
fi

if [ "$failures" -ne 0 ]; then
	echo "$NAME: $failures check(s) failed"
	exit 1
fi
echo "$NAME: all checks passed"
