# bash completion for parx, the parallel command executor.
# Installed as .../bash-completion/completions/parx, or sourced directly.
# Uses bash-completion's helpers when they are loaded and plain compgen
# otherwise.

# Options that take a value in the next word (or after '=').
_parx_valued='-a --arg-file -d --delimiter -C --colsep -I -n --max-args
	--chunksize -s --max-chars -j -P --jobs --delay --nice --memfree
	--memsuspend --load --limit --retry-delay --tagstring --ctagstring --ctag-string
	--results --timeout --kill-after --termseq --halt --retries --joblog
	--id --sem-timeout --sem-id --sem-slots --block --recend --recstart
	-N -L --header --group-by --shard --bin -S --sshlogin --sshloginfile --slf --ssh --transferfile
	--return --trc --workdir --env -J --profile --arg-sep --arg-file-sep --process-slot-var
	--trim -E
	--er --extensionreplace --bnr --basenamereplace --dnr --dirnamereplace
	--bner --basenameextensionreplace --seqreplace --slotreplace
	--tmpdir --tempdir --compress-program --use-compress-program
	--decompress-program --use-decompress-program
	--jl --result --res --max-procs --maxargs --max-replace-args --col-sep --blocksize --halt-on-error --term-seq --st --semaphoretimeout --semaphore-timeout --work-dir --transfer-file --transfer-files --transferfiles --tf --tag-string'

_parx_options='-a --arg-file -0 --null -d --delimiter -C --colsep --csv --link
	-r --no-run-if-empty
	-I -q --quote -n --max-args --chunksize -X -m --xargs -s --max-chars
	--er --extensionreplace --bnr --basenamereplace --dnr --dirnamereplace
	--bner --basenameextensionreplace --seqreplace --slotreplace --plus
	-j -P --jobs --delay --nice -o --open-tty --tty --bg --process-slot-var
	--memfree --memsuspend --noswap --load --limit --retry-delay
	--group -k --keep-order --line-buffer --lb -u --ungroup --tag
	--tagstring --results --tmpdir --tempdir
	--color --colour --ctag --ctagstring --ctag-string --color-failed
	--colorfailed --colour-failed --colourfailed --cf
	--files --output-as-files --outputasfiles --compress --compress-program
	--use-compress-program --decompress-program --use-decompress-program
	--latest-line --latestline --ll
	--timeout --kill-after --termseq --halt --retries --kill-leftovers --joblog --resume
	--resume-failed --dry-run -v -t --verbose --summary --show-limits --showlimits
	--sem --semaphore --id --fg --wait --sem-timeout --sem-id --sem-slots
	--pipe --pipepart --block --recend --recstart -N -L -l --max-lines --header
	--regexp --remove-rec-sep --removerecsep --rrs --tee --round-robin
	--round --group-by --shard --bin --fifo --cat
	-S --sshlogin --sshloginfile --slf --ssh --slurm --transferfile --transfer
	--return --cleanup --trc --workdir --env
	--bar --eta --progress -h --help -V --version --will-cite --no-notice
	-J --profile -i --replace --gnu --arg-sep --arg-file-sep --trim -E -e
	--eof --shellquote --shuf -x --exit -p --interactive --retry-failed
	--jl --result --res --resumefailed --keeporder --linebuffer --linebuffered --line-buffered --max-procs --dryrun --dr --maxargs --max-replace-args --col-sep --spreadstdin --pipe-part --blocksize --halt-on-error --term-seq --st --semaphoretimeout --semaphore-timeout --work-dir --transfer-file --transfer-files --transferfiles --tf --tag-string --xapply'

_parx_halt='never soon,fail=1 now,fail=1 soon,fail=10% now,fail=10%
	soon,success=1 now,success=1 soon,done=1 now,done=1'

# _parx_is_valued WORD: WORD is an option whose value is the next word.
_parx_is_valued() {
	local o
	for o in $_parx_valued; do
		[ "$1" = "$o" ] && return 0
	done
	return 1
}

# _parx_files WORD: complete file names starting with WORD.
_parx_files() {
	compopt -o filenames 2>/dev/null
	local IFS=$'\n'
	COMPREPLY=($(compgen -f -- "$1"))
}

# _parx_commands WORD: complete command names starting with WORD.
_parx_commands() {
	local IFS=$'\n'
	COMPREPLY=($(compgen -c -- "$1" | sort -u))
}

# _parx_value OPTION VALUE: complete the value of OPTION.
_parx_value() {
	local IFS=$' \t\n'
	case $1 in
	-a | --arg-file | --sshloginfile | --slf | --results | --transferfile | \
	--return | --trc)
		_parx_files "$2"
		;;
	--joblog)
		if [ "${2#+}" != "$2" ]; then
			_parx_files "${2#+}"
			COMPREPLY=("${COMPREPLY[@]/#/+}")
		else
			_parx_files "$2"
		fi
		;;
	--halt)
		COMPREPLY=($(compgen -W "$_parx_halt" -- "$2"))
		;;
	--ssh)
		_parx_commands "$2"
		;;
	--env)
		COMPREPLY=($(compgen -v -- "$2"))
		;;
	--termseq)
		COMPREPLY=($(compgen -W 'TERM,2000,KILL TERM,200,TERM,100,KILL,25' \
		    -- "$2"))
		;;
	*)
		COMPREPLY=()
		;;
	esac
}

_parx() {
	local cur prev cword i w cmd=0 sep=0
	local -a words
	local IFS=$' \t\n'

	if declare -F _get_comp_words_by_ref >/dev/null && [ -n "${COMP_LINE-}" ]
	then
		# bash-completion: rejoin words split at ':' and '='.
		_get_comp_words_by_ref -n =: cur prev words cword
	elif [ -n "${COMP_LINE-}" ]; then
		# Plain bash: split the line up to the cursor at blanks.
		local line=${COMP_LINE:0:${COMP_POINT:-${#COMP_LINE}}}
		read -r -a words <<<"$line"
		case $line in
		*[[:blank:]]) words+=("") ;;
		esac
		[ ${#words[@]} -eq 0 ] && words=("")
		cword=$((${#words[@]} - 1))
		cur=${words[cword]}
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		cur=${words[cword]}
	fi
	COMPREPLY=()

	# Find where COMMAND starts (cmd) and whether an input separator
	# (::: :::: :::+ ::::+) comes before the cursor (sep).
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		if [ "$cmd" -gt 0 ]; then
			case $w in
			:::*) sep=1 ;;
			esac
			continue
		fi
		case $w in
		--)
			cmd=$((i + 1))
			;;
		:::*)
			sep=1
			cmd=$cword
			break
			;;
		--*=*) ;;
		-?*)
			if _parx_is_valued "$w"; then
				i=$((i + 1))
				# a value split off at '=' by bash
				[ "${words[i]-}" = "=" ] && i=$((i + 1))
			fi
			;;
		*)
			cmd=$i
			;;
		esac
	done

	local cfg=0
	if [ "$sep" = 1 ]; then
		_parx_files "$cur"
		cfg=1
	elif [ "$cmd" -gt 0 ] && [ "$cmd" -le "$cword" ]; then
		if [ "$cmd" -lt "$cword" ]; then
			case $cur in
			:*)
				COMPREPLY=($(compgen -W '::: :::: :::+ ::::+' -- "$cur"))
				return 0
				;;
			esac
		fi
		if declare -F _comp_command_offset >/dev/null; then
			_comp_command_offset "$cmd"
		elif declare -F _command_offset >/dev/null; then
			_command_offset "$cmd"
		elif [ "$cmd" -eq "$cword" ]; then
			_parx_commands "$cur"
		else
			_parx_files "$cur"
		fi
		return 0
	else
		prev=${words[cword - 1]-}
		if [ "$cword" -ge 2 ] && [ "$prev" = "=" ] &&
			_parx_is_valued "${words[cword - 2]}"; then
			_parx_value "${words[cword - 2]}" "$cur"
		elif [ "$cur" = "=" ] && _parx_is_valued "$prev"; then
			_parx_value "$prev" ""
		elif [ "$cword" -ge 2 ] && _parx_is_valued "$prev"; then
			_parx_value "$prev" "$cur"
		else
			case $cur in
			--*=*)
				local opt=${cur%%=*}
				_parx_value "$opt" "${cur#*=}"
				COMPREPLY=("${COMPREPLY[@]/#/$opt=}")
				;;
			-*)
				COMPREPLY=($(compgen -W "$_parx_options" -- "$cur"))
				;;
			*)
				_parx_commands "$cur"
				;;
			esac
		fi
		cfg=1
	fi

	# Readline replaces only the text after the last word-break character
	# (':' or '=' by default): strip what comes before it.
	if [ "$cfg" = 1 ] && [ ${#COMPREPLY[@]} -gt 0 ]; then
		local pre=$cur brk=${COMP_WORDBREAKS-}
		brk=${brk//[[:space:]\"\'@><;|&(]/}
		if [ -n "$brk" ]; then
			case $pre in
			*["$brk"]*)
				pre=${pre%"${pre##*["$brk"]}"}
				COMPREPLY=("${COMPREPLY[@]#"$pre"}")
				;;
			esac
		fi
	fi
	return 0
}

complete -F _parx parx
