#!/usr/bin/env bash
# e2e_exit.sh - every way a run can end, with the real binary in tmux.
#
# For each: q, Ctrl-C, SIGTERM, SIGHUP (sent, and the terminal closed
# under it), SIGKILL of the UI, a fatal signal in the UI, a lesson thread
# that segfaults, a lesson that calls exit(), a lesson stuck in a deadlock,
# a lesson that forks children which fork again, and restart:
#  - the terminal is restored: `stty -g` equal before and after, the
#    alternate screen left, the cursor visible (where a terminal remains);
#  - no process of the lesson's process group (host, sentry, children,
#    grandchildren) is left 1 s after the UI is gone or the run ended;
#  - where the UI survives (a crashed or exiting lesson) it says what
#    happened (signal name, exit code) and offers a restart, which works.
#
# usage: bash tests/e2e_exit.sh PATH_TO_WEFT
set -u
. "$(dirname "$0")/lib_e2e.sh"
. "$(dirname "$0")/lib_tmux.sh"

# The forktree lesson: 2 children, each with 2 grandchildren and one bare
# fork: 8 processes besides the host and its sentry.
TREE=(open test-forktree --set children=2 --set grandchildren=2)

# kill_case NAME SIGNAL EXIT: the tree up, SIGNAL to the UI; weft ends with
# EXIT, the terminal is restored and the whole lesson group is gone.
kill_case() {
	CASE=$1
	start 100 30 "${TREE[@]}"
	wait_for "tree up: 8 processes" || return
	wait_group || return
	local ui g=$GROUP n
	ui=$(ui_pid)
	[ -n "$ui" ] || { fail "$CASE: no UI process found"; return; }
	n=$(group_members "$g" | wc -w)
	[ "$n" -ge 9 ] || fail "$CASE: the lesson group has $n processes, want >= 9 (check is blind)"
	kill -"$2" "$ui"
	gone_within 50 "$ui" || { fail "$CASE: the UI did not end"; return; }
	group_gone_within 10 "$g" || fail "$CASE: 1 s after the UI ended, left of the lesson: $(group_members "$g")"
	finished "$3"
	echo "ok: $CASE"
}

# key_case NAME KEY EXIT
key_case() {
	CASE=$1
	start 100 30 "${TREE[@]}"
	wait_for "tree up: 8 processes" || return
	wait_group || return
	local ui g=$GROUP
	ui=$(ui_pid)
	t send-keys "$2"
	gone_within 50 "$ui" || { fail "$CASE: the UI did not end"; return; }
	group_gone_within 10 "$g" || fail "$CASE: left of the lesson: $(group_members "$g")"
	finished "$3"
	echo "ok: $CASE"
}

key_case "q with a process tree up" q 0
key_case "Ctrl-C with a process tree up" C-c 130
kill_case "SIGTERM to the UI" TERM 143
kill_case "SIGHUP to the UI" HUP 129
kill_case "SIGQUIT to the UI" QUIT 131
# Fatal signals in the UI: the terminal is restored, then the signal is
# raised again (so the shell sees the crash, and sanitizers still report).
kill_case "SIGSEGV in the UI" SEGV 139
kill_case "SIGABRT in the UI" ABRT 134
# SIGKILL cannot be caught: the host dies with the UI (PR_SET_PDEATHSIG);
# the sentry kills what the lesson forked and restores the terminal.
kill_case "SIGKILL of the UI" KILL 137

# The terminal window closed: tmux destroys the pane (SIGHUP, then the pty
# is gone).  Nothing of weft may remain.
CASE="terminal closed (tmux kill-server)"
start 100 30 "${TREE[@]}"
if wait_for "tree up: 8 processes" && wait_group; then
	ui=$(ui_pid)
	g=$GROUP
	t kill-server
	SOCK=""
	gone_within 30 "$ui" || fail "$CASE: the UI is still running 3 s after its terminal closed"
	group_gone_within 10 "$g" || fail "$CASE: left of the lesson: $(group_members "$g")"
	[ -z "$(weft_pids)" ] || fail "$CASE: weft processes left: $(weft_pids | tr '\n' ' ')"
	echo "ok: $CASE"
fi

# --- the lesson ends badly; the UI survives, says so, offers a restart ------

# crash_case NAME WANT ARGS...: the UI shows "CRASHED" and WANT and "r
# restarts"; the run's group is gone within 1 s of it; r starts a new run
# (a new group) that ends the same way; q leaves a restored terminal.
crash_case() {
	CASE=$1
	local want=$2
	shift 2
	start 120 40 "$@"
	wait_group || return
	local g=$GROUP
	wait_for_re "$want" || return
	wait_for "r restarts" || return
	wait_for "CRASHED" || return
	group_gone_within 10 "$g" || fail "$CASE: left of the crashed lesson: $(group_members "$g")"
	t send-keys r
	local i new=""
	for ((i = 0; i < 50; i++)); do
		new=$(lesson_group)
		[ -n "$new" ] && [ "$new" != "$g" ] && break
		screen | grep -q "RUN" && new=restarted && break
		sleep 0.1
	done
	[ -n "$new" ] || fail "$CASE: r did not start a new run"
	wait_for_re "$want" || return
	t send-keys q
	finished 0
	[ -z "$(weft_pids)" ] || fail "$CASE: weft processes left: $(weft_pids | tr '\n' ' ')"
	echo "ok: $CASE"
}

# (The lessons wait 1.5 s before they crash, so the test can see their group.)
# In a sanitizer build the sanitizer reports the null store itself and the
# host ends with its exit code (1), or SIGABRT with abort_on_error=1.
segv="killed by SIGSEGV"
ldd "$WEFT" 2>/dev/null | grep -q libasan && segv="(killed by SIG(SEGV|ABRT)|exited with code 1)"
crash_case "a lesson thread segfaults" "$segv" open test-segv --set delay=1500
crash_case "a lesson calls exit(3)" "exited with code 3" open test-exit --set delay=1500
crash_case "a lesson thread calls exit(7)" "exited with code 7" \
	open test-exit --set where=thread --set code=7 --set delay=1500

# --- stuck in a deadlock: q and SIGTERM ----------------------------------------
for how in q TERM; do
	CASE="deadlock, then $how"
	start 120 40 open deadlock
	if wait_for "DEADLOCK" && wait_group; then
		g=$GROUP
		ui=$(ui_pid)
		[ -n "$ui" ] || fail "$CASE: no UI process found"
		[ -n "$(group_members "$g")" ] || fail "$CASE: the deadlocked lesson is not running (check is blind)"
		if [ "$how" = q ]; then t send-keys q; else kill -TERM "$ui"; fi
		gone_within 50 "$ui" || fail "$CASE: the UI did not end"
		group_gone_within 10 "$g" || fail "$CASE: left of the lesson: $(group_members "$g")"
		finished "$([ "$how" = q ] && echo 0 || echo 143)"
		echo "ok: $CASE"
	fi
done

# --- restart with a process tree up: the old tree goes, a new one comes -------
CASE="restart with a process tree up"
start 100 30 "${TREE[@]}"
if wait_for "tree up: 8 processes" && wait_group; then
	old=$GROUP
	t send-keys r
	group_gone_within 10 "$old" || fail "$CASE: left of the first run: $(group_members "$old")"
	new=""
	for ((i = 0; i < 100; i++)); do
		new=$(lesson_group)
		[ -n "$new" ] && [ "$new" != "$old" ] && break
		sleep 0.1
	done
	[ -n "$new" ] && [ "$new" != "$old" ] || fail "$CASE: no new run after r"
	wait_for "tree up: 8 processes"
	t send-keys q
	finished 0
	[ -z "$new" ] || group_gone_within 10 "$new" || fail "$CASE: left of the second run: $(group_members "$new")"
	echo "ok: $CASE"
fi

# --- a resource limit stops the lesson; the UI says which ----------------------
CASE="CPU time limit in the UI"
start 120 40 open test-spin --limit cpu=1
if wait_group; then
	g=$GROUP
	wait_for "stopped: CPU time limit (1 s)" 15
	group_gone_within 10 "$g" || fail "$CASE: left of the lesson: $(group_members "$g")"
	t send-keys q
	finished 0
	echo "ok: $CASE"
fi

tmux_cleanup

# --- headless: weft run killed with SIGKILL -------------------------------------
CASE="SIGKILL of weft run"
"$WEFT" run test-forktree --set children=2 --set grandchildren=2 >"$OUT/run.out" 2>&1 &
ui=$!
for ((i = 0; i < 100; i++)); do
	grep -q "tree up: 8 processes" "$OUT/run.out" && break
	sleep 0.1
done
g=$(lesson_group)
if [ -z "$g" ] || [ "$(group_members "$g" | wc -w)" -lt 9 ]; then
	fail "$CASE: the tree did not come up: $(head -c 300 "$OUT/run.out")"
else
	kill -KILL "$ui"
	wait "$ui" 2>/dev/null
	group_gone_within 10 "$g" || fail "$CASE: 1 s after weft run died, left of the lesson: $(group_members "$g")"
	echo "ok: $CASE"
fi

[ -z "$(weft_pids)" ] || fail "weft processes left at the end: $(weft_pids | tr '\n' ' ')"
if [ "$failures" -ne 0 ]; then
	echo "e2e_exit: $failures check(s) failed"
	exit 1
fi
echo "e2e_exit: all checks passed"
