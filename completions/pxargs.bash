# bash completion for pxargs, parx's xargs personality.
# Installed as .../bash-completion/completions/pxargs, or sourced directly.

_pxargs_options='-0 --null -a --arg-file -d --delimiter -E -e --eof -I -i
	--replace -L -l --max-lines -n --max-args -o --open-tty -P --max-procs
	-p --interactive --process-slot-var -r --no-run-if-empty -s --max-chars
	--show-limits -t --verbose -x --exit --help --version
	--timeout --kill-after --termseq --halt --retries --joblog --resume
	--resume-failed --results --group --ungroup --line-buffer --keep-order
	--tag --delay --bar --eta --progress'

# Short options whose value is the next word.
_pxargs_valued='-a -d -E -I -L -n -P -s'

_pxargs() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' i w
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	case $prev in
	-a | --arg-file | --joblog | --results)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0
		;;
	esac
	# after the command word: complete its arguments as files
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case " $_pxargs_valued " in *" $w "*) i=$((i + 1)); continue ;; esac
		case $w in
		--timeout | --kill-after | --termseq | --halt | --retries | --delay | \
			--joblog | --results) i=$((i + 1)); continue ;;
		-*) continue ;;
		esac
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0
	done
	case $cur in
	-*) mapfile -t COMPREPLY < <(compgen -W "$_pxargs_options" -- "$cur") ;;
	*) mapfile -t COMPREPLY < <(compgen -c -- "$cur") ;;
	esac
	return 0
}
complete -F _pxargs pxargs
