#!/usr/bin/env bash
# e2e_docs.sh - what the README and --help promise about the command line:
#
#  - the README's lesson table is every lesson of lessons/lessons.def with
#    its text's title (tests/readme_lessons.sh --check; `make readme` fixes it);
#  - --help names the exit codes, Ctrl-C's 130 among them;
#  - a rerun that could not follow its recording exits 1 (and says so), one
#    that could exits 0.
#
# usage: bash tests/e2e_docs.sh PATH_TO_WEFT
set -u
. "$(dirname "$0")/lib_e2e.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

bash "$HERE/readme_lessons.sh" --check >"$OUT/readme.diff" 2>&1 ||
	fail "README's lesson table: $(head -n 30 "$OUT/readme.diff")"

"$WEFT" --help >"$OUT/help" || fail "--help: exit $?"
for want in "130 Ctrl-C" "143 SIGTERM" "could not follow its recording" "2 bad usage"; do
	tr '\n' ' ' <"$OUT/help" | grep -q -- "$want" || fail "--help does not say '$want'"
done

"$WEFT" run race --set threads=2 --set iters=1 --sched random --seed 1 --record "$OUT/lost.trace" \
	>"$OUT/run.out" 2>&1 || fail "recording race: $(cat "$OUT/run.out")"
timeout 20 "$WEFT" rerun "$OUT/lost.trace" >"$OUT/rerun.out" 2>&1
[ $? = 0 ] || fail "a rerun that follows its recording: exit $? ($(cat "$OUT/rerun.out"))"
as_text "$OUT/lost.trace"
# Three grants to T1, which takes two steps: the third cannot be followed.
awk '/^g /{ n++; print (n <= 3 ? "g 1" : "g 2"); next } { print }' "$OUT/lost.trace" >"$OUT/div.trace"
timeout 20 "$WEFT" rerun "$OUT/div.trace" >"$OUT/div.out" 2>&1
got=$?
[ $got = 1 ] || fail "a rerun that could not follow: exit $got, want 1 ($(cat "$OUT/div.out"))"
grep -q '^rerun: 1 steps could not follow the recording' "$OUT/div.out" ||
	fail "a rerun that could not follow does not say so: $(cat "$OUT/div.out")"

exit $((failures > 0))
