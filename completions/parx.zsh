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
		'--csv[read the inputs as CSV records, the fields as columns]' \
		'(--tmpdir --tempdir)'{--tmpdir=,--tempdir=}'[keep temporary files in this directory; the jobs get it as TMPDIR]:directory:_files -/' \
		'(--files --output-as-files --outputasfiles)'{--files,--output-as-files,--outputasfiles}'[keep each job'"'"'s stdout in a file and print its name]' \
		'--compress[pass the output through the first compressor found]' \
		'(--compress-program --use-compress-program)'{--compress-program=,--use-compress-program=}'[compress the output with this command]:command:_command_names' \
		'(--decompress-program --use-decompress-program)'{--decompress-program=,--use-decompress-program=}'[decompress the output with this command]:command:_command_names' \
		'(--latest-line --latestline --ll)'{--latest-line,--latestline,--ll}'[show the latest line of each job on a row of its own]' \
		'--link[link all sources instead of crossing them]' \
		'(-r --no-run-if-empty)'{-r,--no-run-if-empty}'[skip inputs that are empty or only blanks]' \
		'-I+[use this string instead of {}]:replacement string' \
		'(--er --extensionreplace)'{--er=,--extensionreplace=}'[use this string instead of {.}]:replacement string' \
		'(--bnr --basenamereplace)'{--bnr=,--basenamereplace=}'[use this string instead of {/}]:replacement string' \
		'(--dnr --dirnamereplace)'{--dnr=,--dirnamereplace=}'[use this string instead of {//}]:replacement string' \
		'(--bner --basenameextensionreplace)'{--bner=,--basenameextensionreplace=}'[use this string instead of {/.}]:replacement string' \
		'--seqreplace=[use this string instead of {#}]:replacement string' \
		'--slotreplace=[use this string instead of {%}]:replacement string' \
		'--plus[more replacement strings, such as {+/} {..} {#re}]' \
		'(-q --quote)'{-q,--quote}'[quote the template words too]' \
		'(-n --max-args --chunksize -X)'{-n+,--max-args=,--chunksize=}'[give each job up to N inputs]:inputs per job' \
		'(-n --max-args --chunksize)-X[fill each command line, repeating the word holding {}]' \
		'(-s --max-chars)'{-s+,--max-chars=}'[command-line length limit]:bytes' \
		'(-j -P --jobs)'{-j+,-P+,--jobs=}'[number of job slots]:slots (N, N%%, +N, -N or 0)' \
		'--delay=[minimum time between two job starts]:duration' \
		'--nice=[run the jobs at this niceness]:niceness (-20 to 19)' \
		'--memfree=[start a job only with this much memory available]:size' \
		'--memsuspend=[suspend the youngest jobs below this much memory]:size' \
		'--noswap[start no job while the machine swaps]' \
		'--load=[start no job while the load is this or more]:load (N, N%, +N, -N)' \
		'--limit=[ask this command before each start]:command:_command_names -e' \
		'--retry-delay=[wait before a retry, doubling]:duration (DUR or DUR,MAX)' \
		"($out)--group[write each job's output as one block when it ends (default)]" \
		'(-k --keep-order)'{-k,--keep-order}'[write output in input order]' \
		"($out)"{--line-buffer,--lb}'[write whole lines as soon as they are complete]' \
		"($out)"{-u,--ungroup}'[let jobs write straight to the output]' \
		"(--tagstring)--tag[prefix output lines with the job's inputs]" \
		'(--tag)--tagstring=[prefix output lines with this string]:tag string' \
		'(--colour)--color[each job'"'"'s output lines in its own colours]' \
		'(--color)--colour[the same as --color]' \
		'--ctag[the same as --color --tag]' \
		'(--ctag-string)--ctagstring=[the same as --color --tagstring]:tag string' \
		'(--ctagstring)--ctag-string=[the same as --ctagstring]:tag string' \
		'--color-failed[output lines of failed jobs white on red]' \
		'--colorfailed[the same as --color-failed]' \
		'--colour-failed[the same as --color-failed]' \
		'--colourfailed[the same as --color-failed]' \
		'--cf[the same as --color-failed]' \
		"--results=[store each job's output under a directory or a .jsonl file]:results directory or .jsonl file:_files" \
		'--timeout=[end a job after this much wall-clock time]:duration or N%%' \
		'--kill-after=[SIGKILL a job this long after SIGTERM]:duration (default 2s)' \
		'--termseq=[signals and waits used to end a job]:sequence (e.g. TERM,200,TERM,100,KILL,25)' \
		'--halt=[stop early when a condition is met]:halt condition:_parx_halt' \
		'--retries=[run a failed job up to N times in all]:tries' \
		'--kill-leftovers[end what a job left running when it finishes]' \
		'--joblog=[log one line per finished job (+FILE appends)]:job log:_files' \
		'(--resume-failed)--resume[skip jobs already in the job log]' \
		'(--resume)--resume-failed[run again the jobs logged as failed]' \
		'--dry-run[print the commands, run nothing]' \
		'-v[print each command on stdout with its output]' \
		'(-t --verbose)'{-t,--verbose}'[print each command on stderr as it starts]' \
		'--summary[name the failed jobs at the end]' \
		'(--show-limits --showlimits)'{--show-limits,--showlimits}'[print the command-length limits, then go on]' \
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
		'--header=[repeat the first N lines in every block; without --pipe name the columns]:lines, \: or a regex' \
		'--regexp[--recend and --recstart are regular expressions]' \
		'(--rrs --remove-rec-sep --removerecsep)'{--rrs,--remove-rec-sep,--removerecsep}'[remove the record separators]' \
		'(--round-robin --round --shard --bin)--tee[all of stdin to every job]' \
		'(--tee --shard --bin)'{--round-robin,--round}'[give blocks to one job per slot]' \
		'--group-by=[a record is the lines with the same value in this column]:column' \
		'(--tee --round-robin --round --bin)--shard=[send each line to the job its column hashes to]:column' \
		'(--tee --round-robin --round --shard)--bin=[send each line to the job its column number picks]:column' \
		'(--cat)--fifo[{} names a pipe holding the block]' \
		'(--fifo)--cat[{} names a file holding the block]' \
		'*'{-S+,--sshlogin=}'[run jobs on these hosts]:host ([N/]HOST,...):_hosts' \
		'(--sshloginfile --slf)'{--sshloginfile=,--slf=}'[read hosts from a file (- for stdin)]:host file:_files' \
		'--slurm[run each job as a step of this Slurm allocation]' \
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
		'--jl=[the same as --joblog]:value' \
		'--result=[the same as --results]:value' \
		'--res=[the same as --results]:value' \
		'--resumefailed[the same as --resume-failed]' \
		'--keeporder[the same as --keep-order]' \
		'--linebuffer[the same as --line-buffer]' \
		'--linebuffered[the same as --line-buffer]' \
		'--line-buffered[the same as --line-buffer]' \
		'--max-procs=[the same as -j]:value' \
		'--dryrun[the same as --dry-run]' \
		'--dr[the same as --dry-run]' \
		'--maxargs=[the same as -n]:value' \
		'--max-replace-args=[the same as -N]:value' \
		'--col-sep=[the same as --colsep]:value' \
		'--spreadstdin[the same as --pipe]' \
		'--pipe-part[the same as --pipepart]' \
		'--blocksize=[the same as --block]:value' \
		'--halt-on-error=[the same as --halt]:value' \
		'--term-seq=[the same as --termseq]:value' \
		'--st=[the same as --sem-timeout]:value' \
		'--semaphoretimeout=[the same as --sem-timeout]:value' \
		'--semaphore-timeout=[the same as --sem-timeout]:value' \
		'--work-dir=[the same as --workdir]:value' \
		'--transfer-file=[the same as --transferfile]:value' \
		'--transfer-files=[the same as --transferfile]:value' \
		'--transferfiles=[the same as --transferfile]:value' \
		'--tf=[the same as --transferfile]:value' \
		'--tag-string=[the same as --tagstring]:value' \
		'--xapply[the same as --link]' \
		'(-I)'{-i+,--replace=}'[the same as -I (default {})]:replacement string' \
		'--gnu[accepted and ignored]' \
		'(-o --open-tty)'{-o,--open-tty}'[jobs read the terminal]' \
		'--tty[jobs read the terminal, one at a time, ungrouped]' \
		'--bg[with --sem: run the command in the background]' \
		'(-l --max-lines)'{-l-,--max-lines=-}'[-L N (default 1)]:lines' \
		'(-m --xargs)'{-m,--xargs}'[as many inputs per job as fit, in one word]' \
		'--arg-sep=[separator instead of :::]:separator' \
		'--arg-file-sep=[separator instead of ::::]:separator' \
		'--trim=[remove blanks around values]:side:(n l r lr rl)' \
		'(-e --eof)-E+[the input ends at this line]:end of file string' \
		'(-E -e)--eof=[the input ends at this line]:end of file string' \
		'(-E --eof)-e-[the input ends at this line]:end of file string' \
		'--shellquote[print the inputs quoted for the shell]' \
		'--shuf[run the inputs in a random order]' \
		'--retry-failed[run again the jobs the joblog has as failed]' \
		'(-p --interactive)'{-p,--interactive}'[ask on the terminal before each job]' \
		'--process-slot-var=[jobs get this variable set to slot-1]:variable' \
		'(-x --exit)'{-x,--exit}'[a command too long ends the run]' \
		'*'{-J+,--profile=}'[read options from this profile]:profile:_files -W ~/.parallel' \
		'(-)1:command:_command_names -e' \
		'*::argument:_parx_command_args'
}

_parx "$@"
