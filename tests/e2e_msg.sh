#!/usr/bin/env bash
# e2e_msg.sh - the message lessons, pipe and process-manager, run headless
# and fast: their results and printed lines in their exact order, the
# durations the lessons set (in lesson time, within 15 %), EOF after the
# child closed its end, and no process left.
#
# usage: bash tests/e2e_msg.sh PATH_TO_WEFT
# Prints one line per failed check and exits 1 if any failed.
set -u

. "$(dirname "$0")/lib_e2e.sh"

SPEED=10
# Durations are checked only while the machine is not overloaded
# (lib_e2e.sh): starting a process can then show in lesson time.  Orders
# and values are checked always.

run() { # name lesson args...
	local name=$1
	shift
	timeout 60 "$WEFT" run "$@" --speed "$SPEED" >"$OUT/$name.out" 2>"$OUT/$name.err"
	local rc=$?
	[ "$rc" -eq 0 ] || fail "$name: exit code $rc (stderr: $(head -c 300 "$OUT/$name.err"))"
	local i
	for ((i = 0; i < 10; i++)); do
		[ -z "$(weft_pids)" ] && return
		sleep 0.1
	done
	fail "$name: processes left 1 s after the run: $(weft_pids | tr '\n' ' ')"
}

want() { # name key value
	local got
	got=$(field "$OUT/$1.out" result "$2")
	[ "$got" = "$3" ] || fail "$1: result $2='$got', want '$3'"
}


# The printed lines as "actor text", in order.
lines() { # name
	sed -n 's/^\[ *[0-9.]*\] \([^ ]*\) \+/\1 /p' "$OUT/$1.out"
}

# want_lines NAME <<< expected: the printed lines, exactly.
want_lines() {
	local want got
	want=$(cat)
	got=$(lines "$1")
	[ "$got" = "$want" ] || fail "$1: printed lines differ:
--- want
$want
--- got
$got"
}

elapsed_s() { # name
	awk -v ms="$(field "$OUT/$1.out" summary elapsed_ms)" 'BEGIN { printf "%.3f", ms / 1000 }'
}

# --- pipe: 000's demo, each side thinks 1 s: recv waits 1 s each, 2 s in all
run pipe pipe
want pipe parent_got "[42,None,'hello']"
want pipe child_got Hi
want pipe eof yes
within pipe parent_wait_s "$(field "$OUT/pipe.out" result parent_wait_s)" 1.0
within pipe child_wait_s "$(field "$OUT/pipe.out" result child_wait_s)" 1.0
within pipe elapsed_s "$(elapsed_s pipe)" 2.0
want_lines pipe <<'END'
main parent: got [42, None, 'hello']
child child: got Hi
main parent: recv after the child closed its end: EOFError
END

# --- pipe, 004's version with the notes' bare timing ---------------------------
run pipe004 pipe --set version=004 --set think=0
want pipe004 parent_got hello_world
want pipe004 child_got hi_son
want pipe004 eof yes
want_lines pipe004 <<'END'
main parent: got hello world
child child: got hi son
main parent: recv after the child closed its end: EOFError
END

# --- process-manager: 000 §10's values and print order; 4 requests 0.5 s apart
run mgr process-manager
want mgr dict "{1:'一','二':2,0.25:None}"
want mgr list "[9,8,7,6,5,4,3,2,1,0]"
want mgr requests 9
within mgr elapsed_s "$(elapsed_s mgr)" 2.0
want_lines mgr <<'END'
manager manager: main creates a dict: {}
manager manager: main creates a list: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
manager manager: worker sets dict[1] = '一'
manager manager: worker sets dict['二'] = 2
manager manager: worker sets dict[0.25] = None
manager manager: worker reverses the list
manager manager: main asks for str(dict)
main {1: '一', '二': 2, 0.25: None}
manager manager: main asks for str(list)
main [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
manager manager: shutting down
END

# --- a full message heap stops the lesson and names the limit; drained, 5000
# messages of 4 KiB (more than the heap holds at once) go through --------------
timeout 30 "$WEFT" run test-msgflood >"$OUT/flood.out" 2>"$OUT/flood.err"
rc=$?
[ "$rc" -eq 1 ] || fail "flood: exit code $rc, want 1"
grep -qxF "weft: lesson test-msgflood stopped: too many messages in flight (3072 KiB of messages)" "$OUT/flood.err" ||
	fail "flood: stderr '$(head -c 300 "$OUT/flood.err")' does not name the message limit"
run drained test-msgflood --set drain=on --set messages=5000
want drained received 5000

# --- in a 120x40 terminal: each message drawn from the sender's lane to the
# receiver's, the child's ● straight under the parent's ▲ ---------------------
tmux_case() {
	CASE="pipe at 120x40"
	start 120 40 open pipe --speed 4
	wait_for "recv after the child closed" 15 || return
	local main child
	main=$(screen | grep -m1 '^main ')
	child=$(screen | grep -m1 '^child ')
	[[ "$main" == *▲* && "$main" == *●* ]] || fail "$CASE: main's lane has no ▲ and ●: '$main'"
	[[ "$child" == *●* && "$child" == *▼* ]] || fail "$CASE: child's lane has no ● and ▼: '$child'"
	local up=${main%%▲*} sent=${child%%●*}
	[ "${#up}" -eq "${#sent}" ] ||
		fail "$CASE: the child's message is sent at column ${#sent}, received at ${#up}"
	screen | grep -q '●→▼◆ message' || fail "$CASE: no message legend"
	t send-keys q
	finished 0
	local i
	for ((i = 0; i < 20; i++)); do
		[ -z "$(weft_pids)" ] && return
		sleep 0.1
	done
	fail "$CASE: processes left after q: $(weft_pids | tr '\n' ' ')"
}

summary() {
	if [ "$failures" -gt 0 ]; then
		echo "e2e_msg: $failures check(s) failed"
		exit 1
	fi
	echo "e2e_msg: ok"
}

# lib_tmux.sh exits (0) here when tmux is missing, so the headless checks
# above report first.
trap 'rm -rf "$OUT"; summary' EXIT
. "$(dirname "$0")/lib_tmux.sh"
trap 'tmux_cleanup; rm -rf "$OUT"; summary' EXIT
export LANG=C.UTF-8
tmux_case
