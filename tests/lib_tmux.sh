# lib_tmux.sh - the real binary in a real terminal (tmux), for the exit-path
# and terminal tests (sourced after lib_e2e.sh, which sets WEFT, OUT, fail).
#
# Each case starts a fresh tmux server whose one pane runs a shell that
# records `stty -g`, runs weft, waits a moment (a lesson's sentry may still
# be putting the terminal back after the UI was SIGKILLed), prints
# EXIT=<code>, records `stty -g` again and prints __E2E_DONE__.  Helpers
# find the UI and the lesson's process group by walking /proc for processes
# whose executable is this script's private copy of weft.
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 0; }

SOCK=""
case_no=0
t() { tmux -L "$SOCK" -f /dev/null "$@"; }
tmux_cleanup() { [ -n "$SOCK" ] && t kill-server 2>/dev/null; SOCK=""; }
trap 'tmux_cleanup; rm -rf "$OUT"' EXIT

# start W H [ENV=V...] ARGS...: a fresh server running `weft ARGS` in W x H
# (LANG=C.UTF-8, TERM=xterm-256color unless ENV overrides them; ENV=-
# unsets a variable, e.g. TERM=-).  `start W H [ENV=V...] --sh CMD` runs
# the shell command CMD instead (to redirect weft's input or output).
start() {
	local w=$1 h=$2 envs=() unset=() a
	shift 2
	while [ $# -gt 0 ] && [[ "$1" == [A-Z_]*=* ]]; do
		if [[ "$1" == *=- ]]; then unset+=("${1%=-}"); else envs+=("$1"); fi
		shift
	done
	tmux_cleanup
	case_no=$((case_no + 1))
	SOCK="weft-e2e-$$-$case_no"
	rm -f "$OUT/before" "$OUT/after"
	local cmd="$WEFT"
	if [ "${1:-}" = --sh ]; then
		cmd=$2
	else
		for a in "$@"; do cmd="$cmd '$a'"; done
	fi
	local pre=""
	for a in "${unset[@]}"; do pre="$pre unset $a;"; done
	for a in "${envs[@]}"; do pre="$pre export $a;"; done
	t new-session -d -x "$w" -y "$h" -e LANG=C.UTF-8 -e TERM=xterm-256color \
		"stty -g > $OUT/before; $pre $cmd; rc=\$?; sleep 0.4; echo EXIT=\$rc; stty -g > $OUT/after; echo __E2E_DONE__; sleep 600"
}

screen() { t capture-pane -p 2>/dev/null; }

# wait_for_re REGEX [SECONDS]: polls the pane until a line matches REGEX (ERE).
wait_for_re() {
	local deadline=$((SECONDS + ${2:-10}))
	while [ $SECONDS -lt $deadline ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	fail "$CASE: the screen never matched '$1'. It was:"
	screen | sed 's/^/    | /'
	return 1
}

# wait_for TEXT [SECONDS]: polls the pane until it shows TEXT.
wait_for() {
	local deadline=$((SECONDS + ${2:-10}))
	while [ $SECONDS -lt $deadline ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	fail "$CASE: the screen never showed '$1'. It was:"
	screen | sed 's/^/    | /'
	return 1
}

# The process table as "pid ppid pgrp state" lines, read in one go (no
# procps on a minimal Debian).
# (cat, not awk's own file list: mawk gives up at the first file that has
# vanished since the glob, and processes come and go all the time.)
proc_table() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk '{ i = match($0, /\) [A-Z] /);
		if (i) { split(substr($0, i + 4), f, " "); print $1, f[1], f[2], substr($0, i + 2, 1) } }'
}

# The UI: the weft process whose parent is not weft.
ui_pid() {
	local w
	w=" $(weft_pids | tr '\n' ' ') "
	proc_table | while read -r p pp g st; do
		[[ "$st" != Z && "$w" == *" $p "* && "$w" != *" $pp "* ]] && { echo "$p"; break; }
	done
}

# The lesson's process group: the weft process that leads its own group
# (the host), once one is running.
lesson_group() {
	local w
	w=" $(weft_pids | tr '\n' ' ') "
	proc_table | while read -r p pp g st; do
		[[ "$st" != Z && "$w" == *" $p "* && "$p" == "$g" ]] && { echo "$p"; break; }
	done
}

# Every live process whose process group is $1 (any executable).  Zombies
# are dead: orphans that init has yet to reap (a container's init may take
# its time), so they do not count.
group_members() {
	proc_table | awk -v g="$1" '$3 == g && $4 != "Z" { printf "%s ", $1 }'
}

# wait_group N: waits (up to 10 s) for lesson group N to have a process.
wait_group() {
	local i
	for ((i = 0; i < 100; i++)); do
		GROUP=$(lesson_group)
		[ -n "$GROUP" ] && return 0
		sleep 0.1
	done
	fail "$CASE: no lesson process group appeared"
	return 1
}

# group_gone_within TENTHS GROUP: true when no process of GROUP is left
# within that many tenths of a second.
group_gone_within() {
	local i
	for ((i = 0; i <= $1; i++)); do
		[ -z "$(group_members "$2")" ] && return 0
		sleep 0.1
	done
	return 1
}

# gone_within TENTHS PID
gone_within() {
	local i
	for ((i = 0; i <= $1; i++)); do
		kill -0 "$2" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

# finished WANT_EXIT: the shell in the pane saw weft end with WANT_EXIT;
# the terminal settings are those from before; the alternate screen is
# left and the cursor is visible.
finished() {
	local want=$1 i
	for ((i = 0; i < 100; i++)); do
		screen | grep -q '^__E2E_DONE__' && break
		sleep 0.1
	done
	screen | grep -q '^__E2E_DONE__' || {
		fail "$CASE: weft did not end; screen:"
		screen | sed 's/^/    | /'
		return 1
	}
	local got
	got=$(screen | sed -n 's/^EXIT=//p' | tail -n1)
	[ "$got" = "$want" ] || fail "$CASE: exit code $got, want $want"
	cmp -s "$OUT/before" "$OUT/after" ||
		fail "$CASE: terminal settings changed: $(cat "$OUT/before") -> $(cat "$OUT/after")"
	local modes
	modes=$(t display-message -p '#{alternate_on} #{cursor_flag}')
	[ "${modes% *}" = 0 ] || fail "$CASE: still in the alternate screen"
	[ "${modes#* }" = 1 ] || fail "$CASE: the cursor is still hidden"
}
