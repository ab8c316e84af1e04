#!/usr/bin/env bash
# run.sh BUILD_DIR SECONDS - runs every libFuzzer target built in BUILD_DIR
# (tests/fuzz/fuzz_<name>) for SECONDS each, all at once (one process per
# target: on a 2-CPU CI machine they share the CPUs, which keeps the wall
# time at SECONDS however many parsers there are).  Each starts from its
# seeds in tests/fuzz/<name>/ and writes what it finds into a scratch copy,
# so the committed corpus only changes by hand.  A crash leaves its input in
# the scratch directory, printed at the end; exit 1 if any target failed.
# A target may take extra libFuzzer flags from tests/fuzz/<name>.options
# (mdview: -max_len=1024, as laying a text out at eight widths under
# ASan and coverage runs ~100 inputs a second at 4 KiB).
set -u
BUILD=${1:?usage: run.sh BUILD_DIR SECONDS}
SECONDS_EACH=${2:-30}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

targets=$(find "$BUILD/tests/fuzz" -maxdepth 1 -type f -name 'fuzz_*' -perm -u+x | sort)
[ -n "$targets" ] || { echo "run.sh: no fuzz targets in $BUILD/tests/fuzz"; exit 1; }
pids=()
for t in $targets; do
	name=$(basename "$t"); name=${name#fuzz_}
	mkdir -p "$WORK/$name/corpus" "$WORK/$name/crash"
	seeds="$HERE/$name"
	[ -d "$seeds" ] || seeds=""
	# tests/fuzz/<name>.options: extra libFuzzer flags for that target
	opts=""
	[ -f "$HERE/$name.options" ] && opts=$(cat "$HERE/$name.options")
	"$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 $opts \
		-artifact_prefix="$WORK/$name/crash/" -print_final_stats=1 \
		"$WORK/$name/corpus" $seeds >"$WORK/$name/log" 2>&1 &
	pids+=("$!:$name")
done
failed=0
for entry in "${pids[@]}"; do
	pid=${entry%%:*}; name=${entry#*:}
	if wait "$pid"; then
		runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$WORK/$name/log" | grep -o '[0-9]*$')
		echo "fuzz $name: ok, ${runs:-?} inputs in ${SECONDS_EACH} s"
	else
		failed=1
		echo "fuzz $name: FAILED"
		# the sanitizer's report (what, where, the stack), else the log's end
		if grep -q '^==[0-9]*==ERROR\|runtime error:\|^SUMMARY:' "$WORK/$name/log"; then
			sed -n '/^==[0-9]*==ERROR\|runtime error:/,/^SUMMARY:/p' "$WORK/$name/log" | head -n 60
		else
			tail -n 40 "$WORK/$name/log"
		fi
		for f in "$WORK/$name/crash/"*; do
			[ -f "$f" ] && { echo "input ($f):"; od -c "$f" | head -n 20; }
		done
	fi
done
exit $failed
