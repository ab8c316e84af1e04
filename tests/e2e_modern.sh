#!/usr/bin/env bash
# e2e_modern.sh - the `modern` track (what Python 3.11-3.14 added), run
# headless at its defaults: each lesson's printed lines in the order its
# rules fix, and the lesson-time durations a timing teaches (within 15 %).
#
# usage: bash tests/e2e_modern.sh PATH_TO_WEFT
set -u
. "$(dirname "$0")/lib_e2e.sh"

SPEED=10
run() { # id args...: output in $OUT/ID.out, the printed lines alone in $OUT/ID.lines
	local id=$1
	shift
	timeout 60 "$WEFT" run "$id" --speed "$SPEED" "$@" >"$OUT/$id.out" 2>"$OUT/$id.err" ||
		fail "$id: exit code $? ($(head -c 300 "$OUT/$id.err"))"
	grep -v '^summary: \|^result: \|^object: ' "$OUT/$id.out" |
		sed -E 's/^\[ *[0-9.]+\] +[^ ]+ +//' >"$OUT/$id.lines"
}
want() { # id key value
	local got
	got=$(field "$OUT/$1.out" result "$2")
	[ "$got" = "$3" ] || fail "$1: result $2='$got', want '$3'"
}
# Each line of stdin is found in the printed lines, each after the one before.
in_order() { # id
	local miss
	miss=$(awk 'NR == FNR { want[++n] = $0; next }
		   at < n && index($0, want[at + 1]) { at++ }
		   END { if (at < n) print want[at + 1] }' - "$OUT/$1.lines")
	[ -z "$miss" ] || { fail "$1: '$miss' missing or out of order; printed:"; sed 's/^/    | /' "$OUT/$1.lines"; }
}

# --- taskgroup: B fails at 1 s; the group cancels A and C then and there ---
run taskgroup
in_order taskgroup <<'EOF_'
TaskGroup
B fails: ValueError('B failed')
cancelling the others
cancelled
cancelled
group raised ExceptionGroup('unhandled errors in a TaskGroup', [ValueError('B failed')])
gather(A, B, C)
B fails
gather raised ValueError('B failed')
done right after: A no, B yes, C no
C done
A done
EOF_
# Only A and C were cancelled, and only by the group.
[ "$(grep -c ' cancelled$' "$OUT/taskgroup.lines")" -eq 2 ] || fail "taskgroup: want A and C cancelled once each"
want taskgroup group_errors 1
want taskgroup group_cancelled 2
want taskgroup gather_cancelled 0
within taskgroup group_s "$(field "$OUT/taskgroup.out" result group_s)" 1.0
within taskgroup gather_raised_s "$(field "$OUT/taskgroup.out" result gather_raised_s)" 1.0
within taskgroup gather_s "$(field "$OUT/taskgroup.out" result gather_s)" 3.0
run taskgroup --set fail=none --set mode=group
want taskgroup group_errors 0
within "taskgroup fail=none" group_s "$(field "$OUT/taskgroup.out" result group_s)" 3.0

[ "$failures" -eq 0 ] || exit 1
echo "e2e_modern: ok"
