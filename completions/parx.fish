# fish completion for parx, the parallel command executor.
# Installed as .../fish/vendor_completions.d/parx.fish.

# Where the cursor is: "opts" (before COMMAND), "cmd" (in COMMAND and its
# arguments) or "sep" (after an input separator ::: :::: :::+ ::::+).
# With "cmd", the words of COMMAND typed so far follow on the next lines.
function __fish_parx_where
    set -l valued -a --arg-file -d --delimiter -C --colsep -I -n \
        --max-args --chunksize -s --max-chars -j -P --jobs --delay --nice \
        --memfree --memsuspend --load --limit --retry-delay \
        --tagstring --results --timeout --kill-after --termseq --halt \
        --ctagstring --ctag-string \
        --retries --joblog --id --sem-timeout --sem-id --sem-slots --block \
        --recend --recstart -N -L --header --group-by --shard --bin -S --sshlogin --sshloginfile \
        --slf --ssh --transferfile --return --trc --workdir --env -J --profile \
        --arg-sep --arg-file-sep --trim -E --process-slot-var \
        --er --extensionreplace --bnr --basenamereplace --dnr \
        --dirnamereplace --bner --basenameextensionreplace --seqreplace \
        --slotreplace --tmpdir --tempdir --compress-program \
        --use-compress-program --decompress-program --use-decompress-program \
        --jl --result --res --max-procs --maxargs --max-replace-args --col-sep --blocksize --halt-on-error --term-seq --st --semaphoretimeout --semaphore-timeout --work-dir --transfer-file --transfer-files --transferfiles --tf --tag-string
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cmd
    set -l skip 0
    set -l dashdash 0
    for t in $tokens
        if set -q cmd[1]
            if string match -q -- ':::*' $t
                echo sep
                return
            end
            set -a cmd $t
            continue
        end
        if test $skip = 1
            set skip 0
            continue
        end
        if string match -q -- ':::*' $t
            echo sep
            return
        end
        if test $dashdash = 0
            switch $t
                case --
                    set dashdash 1
                    continue
                case '--*=*'
                    continue
                case '-?*'
                    contains -- $t $valued; and set skip 1
                    continue
            end
        end
        set cmd $t
    end
    if set -q cmd[1]
        echo cmd
        printf '%s\n' $cmd
    else if test $dashdash = 1
        echo cmd
    else
        echo opts
    end
end

function __fish_parx_is
    test (__fish_parx_where)[1] = $argv[1]
end

# Complete COMMAND and its arguments as fish would complete them alone.
function __fish_parx_complete_command
    set -l cmd (__fish_parx_where)
    set -e cmd[1]
    set -l cur (commandline -ct)
    if set -q cmd[1]
        complete -C (string join ' ' -- (string escape -- $cmd) $cur)
    else
        __fish_complete_command
    end
end

complete -c parx -f -n '__fish_parx_is opts' -a '(__fish_complete_command)'
complete -c parx -f -n '__fish_parx_is cmd' -a '(__fish_parx_complete_command)'
complete -c parx -F -n '__fish_parx_is sep'

set -l o '__fish_parx_is opts'

# Input
complete -c parx -n $o -s a -l arg-file -r -F -d 'Read a source from the lines of FILE'
complete -c parx -n $o -s 0 -l null -d 'Inputs end with NUL'
complete -c parx -n $o -s d -l delimiter -x -d 'Inputs end with this character'
complete -c parx -n $o -s C -l colsep -x -d 'Split inputs into columns at a regex'
complete -c parx -n $o -l link -d 'Link all sources instead of crossing them'
complete -c parx -n $o -s r -l no-run-if-empty -d 'Skip inputs that are empty or only blanks'

# Building the command
complete -c parx -n $o -s I -x -d 'Use this string instead of {}'
complete -c parx -n $o -s q -l quote -d 'Quote the template words too'
complete -c parx -n $o -l er -l extensionreplace -x -d 'Use this string instead of {.}'
complete -c parx -n $o -l bnr -l basenamereplace -x -d 'Use this string instead of {/}'
complete -c parx -n $o -l dnr -l dirnamereplace -x -d 'Use this string instead of {//}'
complete -c parx -n $o -l bner -l basenameextensionreplace -x -d 'Use this string instead of {/.}'
complete -c parx -n $o -l seqreplace -x -d 'Use this string instead of {#}'
complete -c parx -n $o -l slotreplace -x -d 'Use this string instead of {%}'
complete -c parx -n $o -l tmpdir -l tempdir -r -a '(__fish_complete_directories)' -d 'Keep temporary files there; the jobs get it as TMPDIR'
complete -c parx -n $o -l files -l output-as-files -l outputasfiles -d 'Keep each job'"'"'s stdout in a file and print its name'
complete -c parx -n $o -l compress -d 'Pass the output through the first compressor found'
complete -c parx -n $o -l compress-program -l use-compress-program -x -a '(__fish_complete_command)' -d 'Compress the output with this command'
complete -c parx -n $o -l decompress-program -l use-decompress-program -x -a '(__fish_complete_command)' -d 'Decompress the output with this command'
complete -c parx -n $o -l latest-line -l latestline -l ll -d 'Show the latest line of each job on a row of its own'
complete -c parx -n $o -l csv -d 'Read the inputs as CSV records, the fields as columns'
complete -c parx -n $o -l plus -d 'More replacement strings: {+/} {..} {:-str} {#re} ...'
complete -c parx -n $o -s n -l max-args -x -d 'Give each job up to N inputs'
complete -c parx -n $o -l chunksize -x -d 'Give each job up to N inputs'
complete -c parx -n $o -s X -d 'Fill each command line, repeating the word with {}'
complete -c parx -n $o -s s -l max-chars -x -d 'Command-line length limit'

# The pool
complete -c parx -n $o -s j -s P -l jobs -x -d 'Number of job slots (N, N%, +N, -N, 0)'
complete -c parx -n $o -l delay -x -d 'Minimum time between two job starts'
complete -c parx -n $o -l nice -x -d 'Run the jobs at this niceness'
complete -c parx -n $o -l memfree -x -d 'Start a job only with this much memory available'
complete -c parx -n $o -l memsuspend -x -d 'Suspend the youngest jobs below this much memory'
complete -c parx -n $o -l noswap -d 'Start no job while the machine swaps'
complete -c parx -n $o -l load -x -d 'Start no job while the load is this or more'
complete -c parx -n $o -l limit -x -a '(__fish_complete_command)' -d 'Ask this command before each start'
complete -c parx -n $o -l retry-delay -x -d 'Wait before a retry, doubling up to a cap'

# Output
complete -c parx -n $o -l group -d 'Write each job output as one block (default)'
complete -c parx -n $o -s k -l keep-order -d 'Write output in input order'
complete -c parx -n $o -l line-buffer -l lb -d 'Write whole lines as soon as complete'
complete -c parx -n $o -s u -l ungroup -d 'Let jobs write straight to the output'
complete -c parx -n $o -l tag -d 'Prefix output lines with the job inputs'
complete -c parx -n $o -l tagstring -x -d 'Prefix output lines with this string'
complete -c parx -n $o -l color -d 'Each job output lines in its own colours'
complete -c parx -n $o -l colour -d 'The same as --color'
complete -c parx -n $o -l ctag -d 'The same as --color --tag'
complete -c parx -n $o -l ctagstring -x -d 'The same as --color --tagstring'
complete -c parx -n $o -l ctag-string -x -d 'The same as --ctagstring'
complete -c parx -n $o -l color-failed -d 'Output lines of failed jobs white on red'
complete -c parx -n $o -l colorfailed -d 'The same as --color-failed'
complete -c parx -n $o -l colour-failed -d 'The same as --color-failed'
complete -c parx -n $o -l colourfailed -d 'The same as --color-failed'
complete -c parx -n $o -l cf -d 'The same as --color-failed'
complete -c parx -n $o -l results -r -F -d 'Store each job output in DIR or FILE.jsonl'

# Lifecycle
complete -c parx -n $o -l timeout -x -d 'End a job after this duration (or N%)'
complete -c parx -n $o -l kill-after -x -d 'SIGKILL this long after SIGTERM (default 2s)'
complete -c parx -n $o -l termseq -x -a 'TERM,2000,KILL TERM,200,TERM,100,KILL,25' -d 'Signals and waits used to end a job'
complete -c parx -n $o -l halt -x -d 'Stop early when a condition is met'
complete -c parx -n $o -l halt -x -a 'never' -d 'Run every job (default)'
complete -c parx -n $o -l halt -x -a 'soon,fail=1' -d 'Start no more jobs after one failure'
complete -c parx -n $o -l halt -x -a 'now,fail=1' -d 'End all jobs at the first failure'
complete -c parx -n $o -l halt -x -a 'soon,fail=10%' -d 'Start no more jobs once 10% failed'
complete -c parx -n $o -l halt -x -a 'now,fail=10%' -d 'End all jobs once 10% failed'
complete -c parx -n $o -l halt -x -a 'soon,success=1' -d 'Start no more jobs after one success'
complete -c parx -n $o -l halt -x -a 'now,success=1' -d 'End all jobs at the first success'
complete -c parx -n $o -l halt -x -a 'soon,done=1' -d 'Start no more jobs after one ended'
complete -c parx -n $o -l halt -x -a 'now,done=1' -d 'End all jobs when one has ended'
complete -c parx -n $o -l retries -x -d 'Run a failed job up to N times in all'
complete -c parx -n $o -l kill-leftovers -d 'End what a job left running when it finishes'
complete -c parx -n $o -l joblog -r -F -d 'Log one line per finished job (+FILE appends)'
complete -c parx -n $o -l resume -d 'Skip jobs already in the job log'
complete -c parx -n $o -l resume-failed -d 'Run again the jobs logged as failed'
complete -c parx -n $o -l dry-run -d 'Print the commands, run nothing'
complete -c parx -n $o -s v -d 'Print each command on stdout with its output'
complete -c parx -n $o -s t -l verbose -d 'Print each command on stderr as it starts'
complete -c parx -n $o -l summary -d 'Name the failed jobs at the end'
complete -c parx -n $o -l show-limits -l showlimits -d 'Print the command-length limits, then go on'

# Semaphores
complete -c parx -n $o -l sem -l semaphore -d 'Run one command holding a semaphore slot'
complete -c parx -n $o -l id -x -d 'Name of the --sem semaphore'
complete -c parx -n $o -l fg -d 'With --sem, wait for the command'
complete -c parx -n $o -l wait -d 'With --sem, wait until the semaphore is free'
complete -c parx -n $o -l sem-timeout -x -d 'Stop waiting for a slot after this long'
complete -c parx -n $o -l sem-id -x -d 'Make every job hold a slot of this semaphore'
complete -c parx -n $o -l sem-slots -x -d 'Number of slots of the --sem-id semaphore'

# Pipe mode
complete -c parx -n $o -l pipe -d 'Split stdin into blocks, one per job'
complete -c parx -n $o -l pipepart -d 'Split the -a file into parts, one per job'
complete -c parx -n $o -l block -x -d 'Block size (k, M, G suffixes)'
complete -c parx -n $o -l recend -x -d 'String that ends a record'
complete -c parx -n $o -l recstart -x -d 'String that starts a record'
complete -c parx -n $o -s N -s L -x -d 'Exactly N records per block'
complete -c parx -n $o -l header -x -d 'Repeat the first N lines per block; without --pipe name the columns'
complete -c parx -n $o -l regexp -d 'Record separators are regular expressions'
complete -c parx -n $o -l remove-rec-sep -l removerecsep -l rrs -d 'Remove the record separators'
complete -c parx -n $o -l tee -d 'All of stdin to every job'
complete -c parx -n $o -l round-robin -l round -d 'Give blocks to one job per slot'
complete -c parx -n $o -l group-by -x -d 'A record: lines with the same value in this column'
complete -c parx -n $o -l shard -x -d 'Each line to the job its column hashes to'
complete -c parx -n $o -l bin -x -d 'Each line to the job its column number picks'
complete -c parx -n $o -l fifo -d '{} names a pipe holding the block'
complete -c parx -n $o -l cat -d '{} names a file holding the block'

# Remote execution
complete -c parx -n $o -s S -l sshlogin -x -a '(__fish_print_hostnames) :' -d 'Run jobs on these hosts ([N/]HOST,...)'
complete -c parx -n $o -l sshloginfile -l slf -r -F -d 'Read hosts from a file (- for stdin)'
complete -c parx -n $o -l slurm -d 'Run each job as a step of this Slurm allocation'
complete -c parx -n $o -l ssh -x -a '(__fish_complete_command)' -d 'Command that reaches a host'
complete -c parx -n $o -l transferfile -r -F -d 'Copy a file to the host before the job'
complete -c parx -n $o -l transfer -d 'Copy the input file to the host'
complete -c parx -n $o -l return -r -F -d 'Copy a file back from the host after the job'
complete -c parx -n $o -l cleanup -d 'Remove transferred and returned files'
complete -c parx -n $o -l trc -r -F -d 'Transfer, return FILE and clean up'
complete -c parx -n $o -l workdir -x -d 'Remote working directory (... for a fresh one)'
complete -c parx -n $o -l env -x -a '(set -n)' -d 'Pass this variable to remote jobs'

# Progress and messages
complete -c parx -n $o -l bar -d 'Show a progress bar on stderr'
complete -c parx -n $o -l eta -d 'Show the estimated time left on stderr'
complete -c parx -n $o -l progress -d 'Show jobs done, running and left on stderr'
complete -c parx -n $o -s h -l help -d 'Print the options and exit'
complete -c parx -n $o -s V -l version -d 'Print the version and exit'
complete -c parx -n $o -l will-cite -d 'Accepted and ignored'
complete -c parx -n $o -l no-notice -d 'Accepted and ignored'
complete -c parx -n $o -s J -l profile -r -d 'Read options from this profile'
complete -c parx -n $o -l jl -x -d 'The same as --joblog'
complete -c parx -n $o -l result -x -d 'The same as --results'
complete -c parx -n $o -l res -x -d 'The same as --results'
complete -c parx -n $o -l resumefailed -d 'The same as --resume-failed'
complete -c parx -n $o -l keeporder -d 'The same as --keep-order'
complete -c parx -n $o -l linebuffer -d 'The same as --line-buffer'
complete -c parx -n $o -l linebuffered -d 'The same as --line-buffer'
complete -c parx -n $o -l line-buffered -d 'The same as --line-buffer'
complete -c parx -n $o -l max-procs -x -d 'The same as -j'
complete -c parx -n $o -l dryrun -d 'The same as --dry-run'
complete -c parx -n $o -l dr -d 'The same as --dry-run'
complete -c parx -n $o -l maxargs -x -d 'The same as -n'
complete -c parx -n $o -l max-replace-args -x -d 'The same as -N'
complete -c parx -n $o -l col-sep -x -d 'The same as --colsep'
complete -c parx -n $o -l spreadstdin -d 'The same as --pipe'
complete -c parx -n $o -l pipe-part -d 'The same as --pipepart'
complete -c parx -n $o -l blocksize -x -d 'The same as --block'
complete -c parx -n $o -l halt-on-error -x -d 'The same as --halt'
complete -c parx -n $o -l term-seq -x -d 'The same as --termseq'
complete -c parx -n $o -l st -x -d 'The same as --sem-timeout'
complete -c parx -n $o -l semaphoretimeout -x -d 'The same as --sem-timeout'
complete -c parx -n $o -l semaphore-timeout -x -d 'The same as --sem-timeout'
complete -c parx -n $o -l work-dir -x -d 'The same as --workdir'
complete -c parx -n $o -l transfer-file -x -d 'The same as --transferfile'
complete -c parx -n $o -l transfer-files -x -d 'The same as --transferfile'
complete -c parx -n $o -l transferfiles -x -d 'The same as --transferfile'
complete -c parx -n $o -l tf -x -d 'The same as --transferfile'
complete -c parx -n $o -l tag-string -x -d 'The same as --tagstring'
complete -c parx -n $o -l xapply -d 'The same as --link'
complete -c parx -n $o -s i -l replace -d 'The same as -I (default {})'
complete -c parx -n $o -l gnu -d 'Accepted and ignored'
complete -c parx -n $o -s o -l open-tty -d 'Jobs read the terminal'
complete -c parx -n $o -l tty -d 'Jobs read the terminal, one at a time, ungrouped'
complete -c parx -n $o -l bg -d 'With --sem: run the command in the background'
complete -c parx -n $o -s l -l max-lines -d 'The same as -L N (default 1)'
complete -c parx -n $o -s m -l xargs -d 'As many inputs per job as fit, in one word'
complete -c parx -n $o -l arg-sep -x -d 'Separator instead of :::'
complete -c parx -n $o -l arg-file-sep -x -d 'Separator instead of ::::'
complete -c parx -n $o -l trim -x -a 'n l r lr rl' -d 'Remove blanks around values'
complete -c parx -n $o -s E -x -d 'The input ends at this line'
complete -c parx -n $o -s e -l eof -d 'The input ends at this line'
complete -c parx -n $o -l shellquote -d 'Print the inputs quoted for the shell'
complete -c parx -n $o -l shuf -d 'Run the inputs in a random order'
complete -c parx -n $o -l retry-failed -d 'Run again the jobs the joblog has as failed'
complete -c parx -n $o -s p -l interactive -d 'Ask on the terminal before each job'
complete -c parx -n $o -l process-slot-var -x -d 'Jobs get this variable set to slot-1'
complete -c parx -n $o -s x -l exit -d 'A command too long ends the run'
