#!/usr/bin/env bash
# The real binary in a real terminal (tmux), as a student uses it: open a
# lesson, see its lanes and panels, quit with q, Ctrl-C or SIGTERM; each time
# the terminal must come back and no process of the lesson may be left.
set -u
WEFT=$(readlink -f "$1")
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 0; }
SOCK=""
run=0
fail=0
t() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() { [ -n "$SOCK" ] && t kill-server 2>/dev/null; rm -f "/tmp/$SOCK.before" "/tmp/$SOCK.after"; }
trap cleanup EXIT

# wait_for TEXT [SECONDS]: poll the pane until it shows TEXT.
wait_for() {
  local deadline=$((SECONDS + ${2:-10}))
  while [ $SECONDS -lt $deadline ]; do
    t capture-pane -p 2>/dev/null | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  echo "FAIL: screen never showed '$1'. Screen was:"; t capture-pane -p; fail=1; return 1
}

# start W H CMD...: a shell in a fresh server that records the terminal
# settings, runs weft, then records them again and says DONE.
start() {
  local w=$1 h=$2; shift 2
  cleanup
  run=$((run + 1))
  SOCK="weft-e2e-$$-$run"   # a fresh server each time: no race with the last one's exit
  t new-session -d -x "$w" -y "$h" -e LANG=C.UTF-8 -e TERM=xterm-256color \
    "stty -g > /tmp/$SOCK.before; $*; echo EXIT=\$?; stty -g > /tmp/$SOCK.after; echo __E2E_DONE__; sleep 60"
}

# Every process running the binary: the UI, the lesson host and what it forked.
leftovers() { for p in /proc/[0-9]*; do
  [ "$(readlink "$p/exe" 2>/dev/null)" = "$WEFT" ] && echo "${p#/proc/}"; done; }

after_exit() {
  local what=$1
  wait_for __E2E_DONE__ 5 || return
  cmp -s "/tmp/$SOCK.before" "/tmp/$SOCK.after" || { echo "FAIL($what): terminal settings changed: $(cat /tmp/$SOCK.before) -> $(cat /tmp/$SOCK.after)"; fail=1; }
  local deadline=$((SECONDS + 2))
  while [ -n "$(leftovers)" ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  [ -z "$(leftovers)" ] || { echo "FAIL($what): processes left: $(leftovers)"; fail=1; }
  t capture-pane -p | grep -q '^EXIT=' || { echo "FAIL($what): no exit status"; fail=1; }
  echo "ok: $what"
}

# 1. A lesson at 120x40: lanes, the sync panel with the lock, console; then q.
start 120 40 "$WEFT" open race --set threads=4 --set iters=100000 --set lock=on
wait_for "Timeline"; wait_for "T4"; wait_for "counter_lock"; wait_for "Sync objects"; wait_for "DONE"
t send-keys q; after_exit "q at 120x40"

# 2. 80x24, the process-queue lesson (queue chart), stopped with Ctrl-C mid-run.
start 80 24 "$WEFT" open process-queue
wait_for "consumer"; wait_for "queue"
t send-keys C-c; after_exit "Ctrl-C at 80x24"

# 3. SIGTERM to the UI while a deadlock is on screen.
start 120 40 "$WEFT" open deadlock
wait_for "DEADLOCK"
kill -TERM $(leftovers | head -n 1); after_exit "SIGTERM during a deadlock"

# 4. Too small: says how large it must be, still quits on q; grows back.
start 30 8 "$WEFT" open thread-start-join
wait_for "80x24"
t resize-window -x 100 -y 30; wait_for "Timeline"
t send-keys q; after_exit "q after a resize from 30x8"

# 5. The browser: Enter starts the selected lesson, Esc goes back, ? shows help.
start 100 30 "$WEFT"
wait_for "Lessons"; t send-keys Down Down Enter; wait_for "Timeline"
t send-keys '?'; wait_for "Keys"; t send-keys Escape Escape; wait_for "Lessons"
t send-keys q; after_exit "browser"

# 6. NO_COLOR and --ascii still draw every state with a glyph.
start 100 30 NO_COLOR=1 "$WEFT" open deadlock --ascii
wait_for "DEADLOCK"; wait_for "# running"; wait_for "x blocked"
t send-keys q; after_exit "NO_COLOR --ascii"

exit $fail
