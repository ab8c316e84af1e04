# lib_e2e.sh - what every end-to-end script starts with (sourced, not run).
#
# Sets WEFT to a private copy of the binary given as $1, so leftover-process
# checks see only this script's processes even when other tests run the same
# build at once; OUT to a scratch directory removed on exit; and fail() to
# print a failed check and count it in $failures.
NAME=$(basename "$0" .sh)
WEFT=${1:?usage: $NAME.sh PATH_TO_WEFT}
[ -x "$WEFT" ] || { echo "$NAME: $WEFT is not executable"; exit 1; }
WEFT=$(cd "$(dirname "$WEFT")" && pwd)/$(basename "$WEFT")

# Timing relations (one way faster than another, a lane caught blocked at
# a moment) are held in the plain build.  Under `make asan` the binary is
# several times slower, and unevenly so, and WEFT_SANITIZED says so: the
# sanitizer run checks everything but those.
# A script may also clear TIMED (e2e_msg does on a machine past 4 runnable
# tasks per CPU).
TIMED=1
# Lesson time is real time x speed, so on a machine past 4 runnable tasks
# per CPU (load average) a scheduling delay shows multiplied: durations
# are not held there, by any script.
if awk -v l="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)" -v n="$(nproc)" 'BEGIN { exit !(l > 4 * n) }'; then
	TIMED=0
	echo "$NAME: load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) CPUs: durations not checked"
fi
timing_checked() { [ -z "${WEFT_SANITIZED:-}" ] && [ "${TIMED:-1}" -eq 1 ]; }

# within NAME WHAT GOT WANT: GOT (a duration in lesson time) is within 15 %
# of WANT, the figure the notes give.
within() {
	if ! timing_checked; then
		return
	elif ! [[ "$3" =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
		fail "$1: $2='$3' is not a number"
	elif ! awk -v g="$3" -v w="$4" 'BEGIN { exit !(g >= w * 0.85 && g <= w * 1.15) }'; then
		fail "$1: $2=$3, want $4 within 15 %"
	fi
}

# The value of key in a "prefix: k=v k=v" line of file, or empty.
field() { # file prefix key
	grep -m1 "^$2: " "$1" | tr ' ' '\n' | sed -n "s/^$3=//p" | head -n1
}

# Live processes of this script's copy of the binary (lesson processes are
# forks of it; a zombie's exe cannot be read, so it is not counted).
weft_pids() {
	find /proc/[0-9]*/exe -maxdepth 0 -lname "$WEFT" 2>/dev/null | cut -d/ -f3
}

# as_text FILE: a recorded (binary) trace rewritten in place in the text
# format, for awk and sed (weft export --trace; readers take both).
as_text() {
	"$WEFT" export "$1" --trace "$1.txt" && mv "$1.txt" "$1"
}

failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cp "$WEFT" "$OUT/weft" || { echo "$NAME: cannot copy $WEFT"; exit 1; }
WEFT=$OUT/weft
