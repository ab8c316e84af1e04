#!/usr/bin/env bash
# e2e_install.sh - weft installed as a tool people trust: `cmake --install`
# puts the binary, the manual page and the bash and zsh completions where
# `man` and the shells look; the page renders with no warnings and names
# every command and option `weft --help` names, and every exit code; bash
# completion offers commands, lesson ids and the chosen lesson's parameters.
#
# usage: bash tests/e2e_install.sh PATH_TO_WEFT (in its CMake build directory)
set -u
BUILD=$(cd "$(dirname "${1:?usage: e2e_install.sh PATH_TO_WEFT}")" && pwd)
. "$(dirname "$0")/lib_e2e.sh"

PREFIX=$OUT/prefix
if ! cmake --install "$BUILD" --prefix "$PREFIX" >"$OUT/install.log" 2>&1; then
	cat "$OUT/install.log"
	fail "cmake --install failed"
	exit 1
fi
BIN=$PREFIX/bin/weft
PAGE=$PREFIX/share/man/man1/weft.1
BASHC=$PREFIX/share/bash-completion/completions/weft
ZSHC=$PREFIX/share/zsh/site-functions/_weft
for f in "$BIN" "$PAGE" "$BASHC" "$ZSHC"; do
	[ -e "$f" ] || fail "not installed: ${f#"$PREFIX"/}"
done
"$BIN" --version | grep -q '^weft ' || fail "the installed binary does not say its version"

# --- the manual page ------------------------------------------------------
if command -v groff >/dev/null; then
	warn=$(groff -man -Tutf8 -ww -z "$PAGE" 2>&1)
	[ -z "$warn" ] || fail "weft.1 renders with warnings: $warn"
	groff -man -Tutf8 "$PAGE" 2>/dev/null | sed 's/.\x08//g' >"$OUT/page.txt"
	if command -v man >/dev/null; then
		MANPATH=$PREFIX/share/man man weft 2>/dev/null | grep -q 'WEFT(1)' ||
			fail "man weft does not find the installed page"
	fi
else
	echo "e2e_install: groff is not installed; the page is checked as source only"
	sed 's/\\-/-/g; s/\\f[BIRP]//g' "$PAGE" >"$OUT/page.txt"
fi
# Every option and command of --help is on the page.
"$BIN" --help >"$OUT/help.txt"
for opt in $(grep -oE -- '--[a-z][a-z-]*' "$OUT/help.txt" | sort -u); do
	grep -q -- "$opt" "$OUT/page.txt" || fail "weft.1 does not describe $opt"
done
for cmd in $(sed -n '/^commands:/,/^$/p' "$OUT/help.txt" | grep -oE '^  [a-z]+' | sort -u); do
	grep -qE "^ +(weft )?$cmd( |$)" "$OUT/page.txt" || fail "weft.1 has no entry for the command $cmd"
done
for code in $(grep -oE 'exit codes:.*' "$OUT/help.txt" | grep -oE '\b[0-9]+\b'); do
	grep -qE "^ +$code\b" "$OUT/page.txt" || fail "weft.1 does not explain exit code $code"
done

# --- bash completion ------------------------------------------------------
complete_words() { # the words of a command line, the last being completed
	bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_weft 2>/dev/null
		printf "%s\n" "${COMPREPLY[@]}"' _ "$BASHC" "$@"
}
got=$(complete_words "$BIN" "r" | sort | tr '\n' ' ')
[ "$got" = "replay rerun run " ] || fail "bash: 'weft r' completes to '$got'"
got=$(complete_words "$BIN" open "dead" | tr '\n' ' ')
[ "$got" = "deadlock " ] || fail "bash: 'weft open dead' completes to '$got'"
[ "$(complete_words "$BIN" run "" | wc -l)" -eq "$("$BIN" list | wc -l)" ] ||
	fail "bash: 'weft run ' does not offer every lesson"
got=$(complete_words "$BIN" run race --set "" | sort | tr '\n' ' ')
[ "$got" = "iters= lock= threads= " ] || fail "bash: 'weft run race --set ' completes to '$got'"
got=$(complete_words "$BIN" open race --s | sort | tr '\n' ' ')
[ "$got" = "--sched --seed --set --speed --step " ] || fail "bash: 'weft open race --s' completes to '$got'"

# --- zsh completion: it parses (zsh is optional) --------------------------
if command -v zsh >/dev/null; then
	zsh -n "$ZSHC" || fail "_weft does not parse under zsh"
fi

[ "$failures" -eq 0 ] || exit 1
echo "e2e_install: ok"
