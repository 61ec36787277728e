#compdef parx
# zsh completion for parx, the parallel command executor.
# Installed as .../zsh/site-functions/_parx.

# The words after COMMAND: file names after an input separator, else what
# COMMAND itself completes.
(( $+functions[_parx_command_args] )) ||
_parx_command_args() {
	local i
	for (( i = CURRENT - 1; i > 1; i-- )); do
		case $words[i] in
		(::::|::::+|:::|:::+)
			_files
			return
			;;
		esac
	done
	_normal
}

(( $+functions[_parx_halt] )) ||
_parx_halt() {
	local -a conds
	conds=(
		'never:run every job (default)'
		'soon,fail=1:start no more jobs after one failure'
		'now,fail=1:end all jobs at the first failure'
		'soon,fail=10%:start no more jobs once 10% have failed'
		'now,fail=10%:end all jobs once 10% have failed'
		'soon,success=1:start no more jobs after one success'
		'now,success=1:end all jobs at the first success'
		'soon,done=1:start no more jobs after one has ended'
		'now,done=1:end all jobs when one has ended'
	)
	_describe -t halt 'halt condition' conds
}

_parx() {
	local -a out
	out=(--group --line-buffer --lb -u --ungroup)

	_arguments -s -S \
		'*'{-a+,--arg-file=}'[read a source from the lines of a file]:input file:_files' \
		'(-0 --null -d --delimiter)'{-0,--null}'[inputs end with NUL]' \
		'(-0 --null -d --delimiter)'{-d+,--delimiter=}'[inputs end with this character]:delimiter character' \
		'(-C --colsep)'{-C+,--colsep=}'[split inputs into columns at an extended regex]:column separator regex' \
		'--link[link all sources instead of crossing them]' \
		'(-r --no-run-if-empty)'{-r,--no-run-if-empty}'[accepted for xargs compatibility]' \
		'-I+[use this string instead of {}]:replacement string' \
		'(-q --quote)'{-q,--quote}'[quote the template words too]' \
		'(-n --max-args --chunksize -X)'{-n+,--max-args=,--chunksize=}'[give each job up to N inputs]:inputs per job' \
		'(-n --max-args --chunksize)-X[fill each command line, repeating the word holding {}]' \
		'(-s --max-chars)'{-s+,--max-chars=}'[command-line length limit]:bytes' \
		'(-j -P --jobs)'{-j+,-P+,--jobs=}'[number of job slots]:slots (N, N%%, +N, -N or 0)' \
		'--delay=[minimum time between two job starts]:duration' \
		'--nice=[run the jobs at this niceness]:niceness (-20 to 19)' \
		"($out)--group[write each job's output as one block when it ends (default)]" \
		'(-k --keep-order)'{-k,--keep-order}'[write output in input order]' \
		"($out)"{--line-buffer,--lb}'[write whole lines as soon as they are complete]' \
		"($out)"{-u,--ungroup}'[let jobs write straight to the output]' \
		"(--tagstring)--tag[prefix output lines with the job's inputs]" \
		'(--tag)--tagstring=[prefix output lines with this string]:tag string' \
		"--results=[store each job's output under a directory or a .jsonl file]:results directory or .jsonl file:_files" \
		'--timeout=[end a job after this much wall-clock time]:duration or N%%' \
		'--kill-after=[SIGKILL a job this long after SIGTERM]:duration (default 2s)' \
		'--termseq=[signals and waits used to end a job]:sequence (e.g. TERM,200,TERM,100,KILL,25)' \
		'--halt=[stop early when a condition is met]:halt condition:_parx_halt' \
		'--retries=[run a failed job up to N times in all]:tries' \
		'--joblog=[log one line per finished job (+FILE appends)]:job log:_files' \
		'(--resume-failed)--resume[skip jobs already in the job log]' \
		'(--resume)--resume-failed[run again the jobs logged as failed]' \
		'--dry-run[print the commands, run nothing]' \
		'(-v -t --verbose)'{-v,-t,--verbose}'[print each command on stderr as it starts]' \
		'(--sem --semaphore)'{--sem,--semaphore}'[run one command holding a semaphore slot]' \
		'--id=[name of the --sem semaphore]:semaphore name' \
		'--fg[with --sem, wait for the command and return its status]' \
		'--wait[with --sem, wait until the semaphore is free]' \
		'--sem-timeout=[stop waiting for a semaphore slot after this long]:duration' \
		'--sem-id=[make every job hold a slot of this semaphore]:semaphore name' \
		'--sem-slots=[number of slots of the --sem-id semaphore]:slots' \
		'(--pipepart)--pipe[split stdin into blocks, one per job]' \
		'(--pipe)--pipepart[split the file given with -a into parts, one per job]' \
		'--block=[block size for --pipe]:size (k, M, G suffixes)' \
		'--recend=[string that ends a record]:record end' \
		'--recstart=[string that starts a record]:record start' \
		'(-N -L)'{-N+,-L+}'[exactly N records per block]:records' \
		'--header=[repeat the first N lines in every block]:lines' \
		'--regexp[--recend and --recstart are regular expressions]' \
		'(--rrs --remove-rec-sep --removerecsep)'{--rrs,--remove-rec-sep,--removerecsep}'[remove the record separators]' \
		'(--round-robin --round --shard --bin)--tee[all of stdin to every job]' \
		'(--tee --shard --bin)'{--round-robin,--round}'[give blocks to one job per slot]' \
		'--group-by=[a record is the lines with the same value in this column]:column' \
		'(--tee --round-robin --round --bin)--shard=[send each line to the job its column hashes to]:column' \
		'(--tee --round-robin --round --shard)--bin=[send each line to the job its column number picks]:column' \
		'(--cat)--fifo[{} names a pipe holding the block]' \
		'(--fifo)--cat[{} names a file holding the block]' \
		'--tmpdir=[directory for temporary files]:directory:_files -/' \
		'*'{-S+,--sshlogin=}'[run jobs on these hosts]:host ([N/]HOST,...):_hosts' \
		'(--sshloginfile --slf)'{--sshloginfile=,--slf=}'[read hosts from a file]:host file:_files' \
		'--ssh=[command that reaches a host]:ssh command:_command_names -e' \
		'*--transferfile=[copy a file to the host before the job]:file:_files' \
		'--transfer[copy the input file to the host]' \
		'*--return=[copy a file back from the host after the job]:file:_files' \
		'--cleanup[remove transferred and returned files from the host]' \
		'--trc=[--transfer, --return FILE and --cleanup]:file to return:_files' \
		'--workdir=[remote working directory (... for a fresh one per job)]:remote directory' \
		'*--env=[pass this environment variable to remote jobs]:variable:_parameters -g "*export*"' \
		'--bar[show a progress bar on stderr]' \
		'--eta[show the estimated time left on stderr]' \
		'--progress[show jobs done, running and left on stderr]' \
		'(- *)'{-h,--help}'[print the options and exit]' \
		'(- *)'{-V,--version}'[print the version and exit]' \
		'--will-cite[accepted and ignored]' \
		'--no-notice[accepted and ignored]' \
		'(-)1:command:_command_names -e' \
		'*::argument:_parx_command_args'
}

_parx "$@"
