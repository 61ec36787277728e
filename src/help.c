/* help.c: the --help text, section by section as in the man page's
 * DESCRIPTION; opts.c prints it.  Every option is listed here, in
 * man/parx.1 and in the completions (tests/docs.bats checks they agree). */
#include <stddef.h>

#include "help.h"

const char *const help_text[] = {
"usage: parx [OPTIONS] [COMMAND [ARG...]] [::: ARGS...] [:::: FILES...]...\n"
"       parx --pipe [OPTIONS] COMMAND < data\n"
"       parx --sem [--id NAME] [-j N] [--fg] COMMAND [ARG...]\n"
"       parx --sem --wait [--id NAME]\n"
"Run COMMAND once for every input (stdin lines, or the ::: / :::: sources;\n"
":::+ and ::::+ link a source to the previous one instead of crossing).\n"
"\n",
"Input:\n"
"  -a, --arg-file FILE     read inputs from FILE (- = stdin); repeatable\n"
"  -0, --null              inputs end with NUL\n"
"  -d, --delimiter DELIM   inputs end with DELIM (\\n \\t \\0 \\\\ \\xHH)\n"
"  -C, --colsep REGEX      split inputs into columns {1} {2} ... (ERE)\n"
"      --link              zip the sources instead of crossing them\n"
"  -r, --no-run-if-empty   accepted; empty input runs nothing anyway\n"
"\n",
"Building the command:\n"
"  -I STR                  use STR instead of {}\n"
"      --er, --extensionreplace STR      use STR instead of {.}\n"
"      --bnr, --basenamereplace STR      use STR instead of {/}\n"
"      --dnr, --dirnamereplace STR       use STR instead of {//}\n"
"      --bner, --basenameextensionreplace STR  use STR instead of {/.}\n"
"      --seqreplace STR    use STR instead of {#}\n"
"      --slotreplace STR   use STR instead of {%}\n"
"      --plus              more replacement strings: {+/} {..} {:-s} {#re} ...\n"
"  -q, --quote             quote the command's words too (no shell)\n"
"  -n, --max-args N        up to N inputs per job (alias --chunksize N)\n"
"  -X                      as many inputs per job as fit, word repeated\n"
"  -s, --max-chars N       command-line length limit\n"
"\n",
"The pool:\n"
"  -j, -P, --jobs N        job slots: N, N%, +N, -N, 0 (default: CPUs)\n"
"      --delay DUR         at least DUR between job starts\n"
"      --nice N            run jobs at niceness N\n"
"\n",
"Output:\n"
"      --group             each job's output as one block (default)\n"
"  -k, --keep-order        output in input order\n"
"      --line-buffer, --lb whole lines from any job as they come\n"
"  -u, --ungroup           jobs write straight to the output\n"
"      --tag               prefix output lines with the inputs and a TAB\n"
"      --tagstring STR     prefix output lines with STR\n"
"      --results DIR       store each job's output under DIR (or DIR.jsonl)\n"
"\n",
"Lifecycle:\n"
"      --timeout DUR       terminate a job after DUR (or N% of the median)\n"
"      --kill-after DUR    SIGKILL DUR after SIGTERM (default 2s)\n"
"      --termseq SEQ       termination sequence, e.g. TERM,200,KILL,25\n"
"      --halt WHEN,WHY=N   never | soon|now,fail=N|success=N|done=N (N or N%)\n"
"      --retries N         run a failed job up to N times in all\n"
"      --joblog [+]FILE    log each finished job to FILE (+ appends)\n"
"      --resume            with --joblog: skip jobs already logged\n"
"      --resume-failed     with --joblog: run only jobs not logged as done\n"
"      --dry-run           print the commands, run nothing\n"
"  -v, -t, --verbose       print each command to stderr as it starts\n"
"\n",
"Semaphores:\n"
"      --sem, --semaphore  run COMMAND holding a slot of a named semaphore\n"
"      --id NAME           the semaphore's name (default: default)\n"
"      --fg                wait for COMMAND and return its status\n"
"      --wait              wait until no command holds the semaphore\n"
"      --sem-timeout DUR   give up waiting after DUR (exit 75)\n"
"      --sem-id NAME       every job also holds a slot of semaphore NAME\n"
"      --sem-slots N       slots of --sem-id (default 1)\n"
"\n",
"Pipe mode:\n"
"      --pipe              cut stdin into blocks, one block per job\n"
"      --pipepart          the same for the seekable file of -a\n"
"      --block SIZE        block size (default 1M; k, M, G)\n"
"      --recend STR        records end with STR (default newline)\n"
"      --recstart STR      records start with STR\n"
"  -N, -L N                exactly N records per block\n"
"      --header N          repeat the first N lines in every block\n"
"\n",
"Remote execution:\n"
"  -S, --sshlogin [N/]HOST run jobs on HOST (: = local); repeatable\n"
"      --sshloginfile, --slf FILE   hosts from FILE\n"
"      --ssh CMD           the ssh command (default ssh)\n"
"      --transferfile FILE copy FILE to the host first\n"
"      --transfer          copy the input file to the host first\n"
"      --return FILE       copy FILE back from the host\n"
"      --cleanup           remove transferred and returned files\n"
"      --trc FILE          --transfer --return FILE --cleanup\n"
"      --workdir DIR       run in DIR on the host (... = a fresh one)\n"
"      --env VAR           pass VAR to remote jobs; repeatable\n"
"\n",
"Progress and messages:\n"
"      --bar               a progress bar on stderr\n"
"      --eta               the estimated time left on stderr\n"
"      --progress          progress on stderr\n"
"  -h, --help              this help\n"
"  -V, --version           the version\n"
"      --will-cite, --no-notice   accepted and ignored\n"
"\n",
"DUR: seconds (1.5) or with a unit: ms s m h d.  See parx(1).\n",
NULL,
};
