#!/usr/bin/env bash
# readme_lessons.sh - the README's lesson table, made from the one list
# (lessons/lessons.def: order, track, id) and each English text's title
# (the first line of assets/lessons/<id>.en.md).  The table sits between
# the two "lessons table" comment lines of README.md.
#
# usage: bash tests/readme_lessons.sh          rewrite README.md (make readme)
#        bash tests/readme_lessons.sh --check  exit 1, with a diff, when the
#                                              README's table is not that one
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
README=$ROOT/README.md
BEGIN='<!-- lessons table: made by `make readme` from lessons/lessons.def; do not edit -->'
END='<!-- end of lessons table -->'

table() {
	echo '| id | track | what it shows |'
	echo '| --- | --- | --- |'
	sed -n 's/^LESSON( *\([a-z]*\) *, *\([a-z0-9_]*\) *).*/\1 \2/p' "$ROOT/lessons/lessons.def" |
		while read -r track sym; do
			id=${sym//_/-}
			text=$ROOT/assets/lessons/$id.en.md
			[ -f "$text" ] || { echo "readme_lessons: $id has no $text" >&2; return 1; }
			title=$(head -n 1 "$text" | sed 's/^# *//; s/|/\\|/g')
			echo "| \`$id\` | $track | $title |"
		done
}

new=$(mktemp)
trap 'rm -f "$new"' EXIT
grep -qxF "$BEGIN" "$README" && grep -qxF "$END" "$README" ||
	{ echo "readme_lessons: README.md has no lessons table markers" >&2; exit 1; }
{
	awk -v b="$BEGIN" '{ print } $0 == b { exit }' "$README"
	table || exit 1
	awk -v e="$END" '$0 == e { on = 1 } on { print }' "$README"
} >"$new" || exit 1
if [ "${1:-}" = --check ]; then
	diff -u "$README" "$new" && exit 0
	echo "readme_lessons: README.md's lesson table is not the list's: run make readme" >&2
	exit 1
fi
cp "$new" "$README"
