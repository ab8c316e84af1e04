# weft.bash - bash completion for weft: commands, options, lesson ids
# (from `weft list`), and the chosen lesson's parameters after --set
# (from `weft list LESSON`).  Installed to
# share/bash-completion/completions/weft; tests/e2e_install.sh drives it.

_weft_lesson_of()
{
	# The lesson named after open or run before the word being completed.
	local i
	for ((i = 1; i < COMP_CWORD - 1; i++)); do
		case "${COMP_WORDS[i]}" in
		open | run) echo "${COMP_WORDS[i + 1]}"; return ;;
		esac
	done
}

_weft()
{
	local cur prev cmd="" i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	for ((i = 1; i < COMP_CWORD; i++)); do
		case "${COMP_WORDS[i]}" in
		open | run | list | replay | rerun | script | export | bench | challenges) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done

	case "$prev" in
	--set)
		local lesson
		lesson=$(_weft_lesson_of)
		[ -n "$lesson" ] || return
		COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" list "$lesson" 2>/dev/null |
			awk '{ sub(/=.*/, "="); print }')" -- "$cur"))
		compopt -o nospace 2>/dev/null
		return ;;
	--sched) COMPREPLY=($(compgen -W "free random pct" -- "$cur")); return ;;
	--challenge)
		COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" challenges 2>/dev/null | awk '{ print $1 }')" -- "$cur"))
		return ;;
	--lang) COMPREPLY=($(compgen -W "en zh" -- "$cur")); return ;;
	--limit) COMPREPLY=($(compgen -W "cpu= mem= procs=" -- "$cur")); compopt -o nospace 2>/dev/null; return ;;
	--record | --frames | --chrome | --text | --cast)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--speed | --seed | --timeout) return ;;
	esac

	if [[ "$cur" == -* ]]; then
		local opts="--lang --ascii --help --version"
		case "$cmd" in
		open) opts+=" --set --speed --step --record --sched --seed --limit --cast --predict --challenge" ;;
		replay) opts+=" --cast" ;;
		run) opts+=" --set --speed --timeout --record --sched --seed --limit --predict --challenge" ;;
		rerun) opts+=" --challenge" ;;
		script) opts+=" --frames" ;;
		export) opts+=" --chrome --text" ;;
		bench) opts+=" --quick --json --soak" ;;
		esac
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	case "$cmd" in
	"") COMPREPLY=($(compgen -W "open run list challenges replay rerun script export bench" -- "$cur")) ;;
	open | run | list)
		[ -z "$(_weft_lesson_of)" ] || [ "$cmd" = list ] || return
		COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" list 2>/dev/null | awk '{ print $1 }')" -- "$cur")) ;;
	replay | rerun | export) COMPREPLY=($(compgen -f -X '!*.trace' -- "$cur") $(compgen -d -- "$cur")) ;;
	script) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -F _weft weft
