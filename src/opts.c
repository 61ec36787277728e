/* opts.c: the command line: options, separators, range-checked values. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "cpus.h"
#include "util.h"

#ifndef PARX_VERSION
#define PARX_VERSION "0.1.0"
#endif

static const char *const usage_text[] = {
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
"      --block SIZE        block size (default 1M; k=1000, K=1024; -N: N per slot)\n"
"      --recend STR        records end with STR (default newline)\n"
"      --recstart STR      records start with STR\n"
"      --regexp            --recend and --recstart are regexes (ERE)\n"
"      --rrs, --remove-rec-sep   drop the separators from the blocks\n"
"  -N, -n N                exactly N records per block\n"
"  -L N                    records of N lines, packed into --block\n"
"      --header N          repeat the first N lines in every block\n"
"      --tee               all of stdin to every job (one per ::: argument)\n"
"      --round-robin       blocks to one job per slot, whichever is ready\n"
"      --group-by COL      a record: lines with the same value in COL\n"
"      --shard COL         each line to the job COL's hash picks\n"
"      --bin COL           each line to the job COL's number picks\n"
"      --fifo              {} names a pipe with the block\n"
"      --cat               {} names a file with the block\n"
"      --tmpdir DIR        temporary files in DIR (default $TMPDIR)\n"
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
};

enum {
	O_LINK = 256, O_DELAY, O_NICE, O_GROUP, O_LB, O_TAG, O_TAGSTRING,
	O_RESULTS, O_TIMEOUT, O_KILLAFTER, O_TERMSEQ, O_HALT, O_RETRIES,
	O_JOBLOG, O_RESUME, O_RESUMEFAILED, O_DRYRUN, O_SEM, O_ID, O_FG,
	O_WAIT, O_SEMTIMEOUT, O_SEMID, O_SEMSLOTS, O_PIPE, O_PIPEPART,
	O_BLOCK, O_RECEND, O_RECSTART, O_HEADER, O_SLF, O_SSH, O_TRANSFERFILE,
	O_TRANSFER, O_RETURN, O_CLEANUP, O_TRC, O_WORKDIR, O_ENV, O_BAR,
	O_ETA, O_PROGRESS, O_IGNORE, O_CHUNKSIZE,
	O_TEE = 400, O_RR, O_GROUPBY, O_FIFO, O_CAT, O_SHARD, O_BIN, O_REGEXP,
	O_RRS, O_TMPDIR,	/* opts_pipe.c knows these */
};

static const struct option longopts[] = {
	{ "arg-file", required_argument, NULL, 'a' },
	{ "null", no_argument, NULL, '0' },
	{ "delimiter", required_argument, NULL, 'd' },
	{ "colsep", required_argument, NULL, 'C' },
	{ "link", no_argument, NULL, O_LINK },
	{ "no-run-if-empty", no_argument, NULL, 'r' },
	{ "quote", no_argument, NULL, 'q' },
	{ "max-args", required_argument, NULL, 'n' },
	{ "chunksize", required_argument, NULL, O_CHUNKSIZE },
	{ "max-chars", required_argument, NULL, 's' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "delay", required_argument, NULL, O_DELAY },
	{ "nice", required_argument, NULL, O_NICE },
	{ "group", no_argument, NULL, O_GROUP },
	{ "keep-order", no_argument, NULL, 'k' },
	{ "line-buffer", no_argument, NULL, O_LB },
	{ "lb", no_argument, NULL, O_LB },
	{ "ungroup", no_argument, NULL, 'u' },
	{ "tag", no_argument, NULL, O_TAG },
	{ "tagstring", required_argument, NULL, O_TAGSTRING },
	{ "results", required_argument, NULL, O_RESULTS },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "kill-after", required_argument, NULL, O_KILLAFTER },
	{ "termseq", required_argument, NULL, O_TERMSEQ },
	{ "halt", required_argument, NULL, O_HALT },
	{ "retries", required_argument, NULL, O_RETRIES },
	{ "joblog", required_argument, NULL, O_JOBLOG },
	{ "resume", no_argument, NULL, O_RESUME },
	{ "resume-failed", no_argument, NULL, O_RESUMEFAILED },
	{ "dry-run", no_argument, NULL, O_DRYRUN },
	{ "verbose", no_argument, NULL, 'v' },
	{ "sem", no_argument, NULL, O_SEM },
	{ "semaphore", no_argument, NULL, O_SEM },
	{ "id", required_argument, NULL, O_ID },
	{ "fg", no_argument, NULL, O_FG },
	{ "wait", no_argument, NULL, O_WAIT },
	{ "sem-timeout", required_argument, NULL, O_SEMTIMEOUT },
	{ "sem-id", required_argument, NULL, O_SEMID },
	{ "sem-slots", required_argument, NULL, O_SEMSLOTS },
	{ "pipe", no_argument, NULL, O_PIPE },
	{ "pipepart", no_argument, NULL, O_PIPEPART },
	{ "block", required_argument, NULL, O_BLOCK },
	{ "block-size", required_argument, NULL, O_BLOCK },
	{ "recend", required_argument, NULL, O_RECEND },
	{ "recstart", required_argument, NULL, O_RECSTART },
	{ "header", required_argument, NULL, O_HEADER },
	{ "tee", no_argument, NULL, O_TEE },
	{ "round-robin", no_argument, NULL, O_RR },
	{ "round", no_argument, NULL, O_RR },
	{ "group-by", required_argument, NULL, O_GROUPBY },
	{ "fifo", no_argument, NULL, O_FIFO },
	{ "cat", no_argument, NULL, O_CAT },
	{ "shard", required_argument, NULL, O_SHARD },
	{ "bin", required_argument, NULL, O_BIN },
	{ "regexp", no_argument, NULL, O_REGEXP },
	{ "remove-rec-sep", no_argument, NULL, O_RRS },
	{ "removerecsep", no_argument, NULL, O_RRS },
	{ "rrs", no_argument, NULL, O_RRS },
	{ "tmpdir", required_argument, NULL, O_TMPDIR },
	{ "sshlogin", required_argument, NULL, 'S' },
	{ "sshloginfile", required_argument, NULL, O_SLF },
	{ "slf", required_argument, NULL, O_SLF },
	{ "ssh", required_argument, NULL, O_SSH },
	{ "transferfile", required_argument, NULL, O_TRANSFERFILE },
	{ "transfer", no_argument, NULL, O_TRANSFER },
	{ "return", required_argument, NULL, O_RETURN },
	{ "cleanup", no_argument, NULL, O_CLEANUP },
	{ "trc", required_argument, NULL, O_TRC },
	{ "workdir", required_argument, NULL, O_WORKDIR },
	{ "wd", required_argument, NULL, O_WORKDIR },
	{ "env", required_argument, NULL, O_ENV },
	{ "bar", no_argument, NULL, O_BAR },
	{ "eta", no_argument, NULL, O_ETA },
	{ "progress", no_argument, NULL, O_PROGRESS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "will-cite", no_argument, NULL, O_IGNORE },
	{ "no-notice", no_argument, NULL, O_IGNORE },
	{ NULL, 0, NULL, 0 },
};

static _Noreturn void usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* A usage error found outside this file (opts_pipe.c). */
_Noreturn void opts_fail(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	usage_error("%s", msg);
}

static _Noreturn void usage_error(const char *fmt, ...)
{
	struct sbuf b = {0};
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		sbuf_grow(&b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b.buf, (size_t)n + 1, fmt, ap);
		va_end(ap);
		b.len = (size_t)n;
	}
	warnx_("%s", b.buf ? b.buf : "usage error");
	warnx_("try 'parx --help' for more information");
	exit(255);
}

/* -j: N, N%, +N, -N, 0 */
static int parse_jobs(const char *s, struct opts *o)
{
	long v, cpus;
	size_t n = strlen(s);

	if (n && s[n - 1] == '%') {
		char *copy = xstrndup(s, n - 1);
		int rc = parse_long(copy, 1, 100000, &v);
		free(copy);
		if (rc < 0)
			return -1;
		cpus = cpus_usable();
		o->jobs = cpus * v / 100;
		if (o->jobs < 1)
			o->jobs = 1;
		return 0;
	}
	if (s[0] == '+' || s[0] == '-') {
		if (parse_long(s + 1, 0, 1000000, &v) < 0)
			return -1;
		cpus = cpus_usable();
		o->jobs = s[0] == '+' ? cpus + v : cpus - v;
		if (o->jobs < 1)
			o->jobs = 1;
		return 0;
	}
	if (parse_long(s, 0, 1000000, &v) < 0)
		return -1;
	o->jobs_zero = v == 0;
	o->jobs = v;
	return 0;
}

static void push(char ***arr, size_t *n, char *s)
{
	*arr = xreallocarray(*arr, *n + 1, sizeof **arr);
	(*arr)[(*n)++] = s;
}

static struct src_spec *new_src(struct opts *o, enum src_kind kind, int linked)
{
	struct src_spec *s;

	o->srcs = xreallocarray(o->srcs, o->nsrcs + 1, sizeof *o->srcs);
	s = &o->srcs[o->nsrcs++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->linked = linked;
	return s;
}

static void need(int ok, const char *opt, const char *val, const char *what)
{
	if (!ok)
		usage_error("%s: invalid value '%s' (%s)", opt, val, what);
}

/* The words after the options: COMMAND, then ::: / :::: sources. */
static void parse_rest(struct opts *o, int argc, char **argv, int i)
{
	struct src_spec *cur = NULL;

	o->cmd = argv + i;
	while (i < argc && strcmp(argv[i], ":::") && strcmp(argv[i], "::::") &&
	       strcmp(argv[i], ":::+") && strcmp(argv[i], "::::+"))
		i++;
	o->ncmd = (size_t)(argv + i - o->cmd);
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, ":::") == 0 || strcmp(a, ":::+") == 0) {
			cur = new_src(o, SRC_WORDS, a[3] == '+');
			continue;
		}
		if (strcmp(a, "::::") == 0 || strcmp(a, "::::+") == 0) {
			cur = new_src(o, SRC_FILES, a[4] == '+');
			continue;
		}
		push(&cur->words, &cur->nwords, argv[i]);
	}
}

static void defaults(struct opts *o)
{
	memset(o, 0, sizeof *o);
	o->delim = '\n';
	o->jobs = -1;
	o->retries = 1;
	o->termseq[0] = (struct termstep){ SIGTERM, 2000 };
	o->termseq[1] = (struct termstep){ SIGKILL, 25 };
	o->ntermseq = 2;
	o->block = 1024 * 1024;
	o->sem_slots = -1;
	o->out = OUT_GROUP;
}

/* Inputs and how they make jobs: 1 when c was one of them. */
static int opt_input(struct opts *o, int c)
{
	long v;

	switch (c) {
	case '0': o->delim = '\0'; break;
	case 'a': new_src(o, SRC_FILES, 0);
		push(&o->srcs[o->nsrcs - 1].words, &o->srcs[o->nsrcs - 1].nwords, optarg);
		break;
	case 'C': o->colsep = optarg; break;
	case 'd':
		need(parse_delim(optarg, &o->delim) == 0, "-d", optarg,
		     "one character, or \\n \\t \\0 \\\\ \\xHH");
		break;
	case O_LINK: o->link = 1; break;
	case 'r': o->norun_empty = 1; break;
	case 'I':
		need(*optarg != '\0', "-I", optarg, "an empty string");
		o->repl = optarg;
		break;
	case 'q': o->quote = 1; break;
	case 'N':
		/* -N0: in pipe mode the same as no -N */
		if (strcmp(optarg, "0") == 0) {
			o->nrecords = -1;
			break;
		}
		/* fall through */
	case 'n': case O_CHUNKSIZE: case 'L':
		need(parse_long(optarg, 1, LONG_MAX, &v) == 0,
		     c == 'n' ? "-n" : c == 'N' ? "-N" : c == 'L' ? "-L" : "--chunksize",
		     optarg, "a whole number of at least 1");
		if (c == 'L')
			o->reclines = v;
		if (c == 'N' || c == 'L')
			o->nrecords = v;
		else
			o->max_args = v;
		break;
	case 'X': o->xargs = 1; break;
	case 's':
		need(parse_long(optarg, 64, LONG_MAX, &o->max_chars) == 0, "-s",
		     optarg, "a number of bytes, at least 64");
		break;
	default:
		return 0;
	}
	return 1;
}

/* What opts_parse remembers between options. */
struct parse_state {
	double kill_after;	/* --kill-after, or -1 */
	int termseq_set;	/* --termseq given: --kill-after is moot */
};

/* Running and ending jobs: 1 when c was one of them. */
static int opt_run(struct opts *o, int c, struct parse_state *st)
{
	long v;

	switch (c) {
	case 'j': case 'P':
		need(parse_jobs(optarg, o) == 0, "-j", optarg,
		     "N, N%, +N, -N or 0");
		o->jobs_arg = optarg;
		break;
	case O_DELAY:
		need(parse_duration(optarg, &o->delay) == 0, "--delay", optarg,
		     "a duration such as 0.5, 200ms, 2s");
		break;
	case O_NICE:
		need(parse_long(optarg, -20, 19, &v) == 0, "--nice", optarg,
		     "a niceness from -20 to 19");
		o->nice = (int)v;
		o->nice_set = 1;
		break;
	case O_TIMEOUT: {
		size_t n = strlen(optarg);
		if (n > 1 && optarg[n - 1] == '%') {
			char *copy = xstrndup(optarg, n - 1);
			char *end;
			errno = 0;
			o->timeout_pct = strtod(copy, &end);
			need(!errno && end != copy && !*end && o->timeout_pct > 0 &&
			     isfinite(o->timeout_pct), "--timeout", optarg,
			     "a duration, or N% of the median runtime");
			free(copy);
		} else {
			need(parse_duration(optarg, &o->timeout) == 0 && o->timeout > 0,
			     "--timeout", optarg,
			     "a duration such as 30, 1.5s, 500ms, 2m; or N%");
		}
		break;
	}
	case O_KILLAFTER:
		need(parse_duration(optarg, &st->kill_after) == 0, "--kill-after",
		     optarg, "a duration such as 2s or 500ms");
		break;
	case O_TERMSEQ:
		need(parse_termseq(optarg, o->termseq, &o->ntermseq) == 0,
		     "--termseq", optarg, "SIG,MS,SIG,MS,... e.g. TERM,200,KILL,25");
		st->termseq_set = 1;
		break;
	case O_HALT:
		need(parse_halt(optarg, &o->halt) == 0, "--halt", optarg,
		     "never, or soon|now,fail|success|done=N or N%");
		break;
	case O_RETRIES:
		need(parse_long(optarg, 0, 1000000, &o->retries) == 0, "--retries",
		     optarg, "a whole number");
		if (o->retries < 1)
			o->retries = 1;
		break;
	default:
		return 0;
	}
	return 1;
}

/* Output, logs and reports: 1 when c was one of them. */
static int opt_output(struct opts *o, int c)
{
	switch (c) {
	case O_GROUP: o->out = OUT_GROUP; break;
	case 'k': o->keep_order = 1; break;
	case O_LB: o->out = OUT_LINE; break;
	case 'u': o->out = OUT_UNGROUP; break;
	case O_TAG: o->tag = 1; break;
	case O_TAGSTRING: o->tagstring = optarg; break;
	case O_RESULTS:
		need(*optarg != '\0', "--results", optarg, "an empty name");
		o->results = optarg;
		break;
	case O_JOBLOG:
		need(*optarg != '\0' && strcmp(optarg, "+") != 0, "--joblog",
		     optarg, "a file name");
		if (optarg[0] == '+') {
			o->joblog = optarg + 1;
			o->joblog_append = 1;
		} else {
			o->joblog = optarg;
		}
		break;
	case O_RESUME: o->resume = 1; break;
	case O_RESUMEFAILED: o->resume = 2; break;
	case O_DRYRUN: o->dry_run = 1; break;
	case 'v': case 't': o->verbose = 1; break;
	case O_BAR: o->bar = 1; break;
	case O_ETA: o->eta = 1; break;
	case O_PROGRESS: o->progress = 1; break;
	default:
		return 0;
	}
	return 1;
}

/* --sem and its company: 1 when c was one of them. */
static int opt_sem(struct opts *o, int c)
{
	switch (c) {
	case O_SEM: o->sem = 1; break;
	case O_ID: o->sem_id = optarg; break;
	case O_FG: o->sem_fg = 1; break;
	case O_WAIT: o->sem_wait = 1; break;
	case O_SEMTIMEOUT:
		need(parse_duration(optarg, &o->sem_timeout) == 0, "--sem-timeout",
		     optarg, "a duration such as 10s");
		break;
	case O_SEMID:
		need(*optarg != '\0', "--sem-id", optarg, "an empty name");
		o->sem_id = optarg;
		break;
	case O_SEMSLOTS:
		need(parse_long(optarg, 1, 1000000, &o->sem_slots) == 0,
		     "--sem-slots", optarg, "a whole number of at least 1");
		break;
	default:
		return 0;
	}
	return 1;
}

/* Pipe mode: 1 when c was one of them. */
static int opt_pipe(struct opts *o, int c)
{
	switch (c) {
	case O_PIPE: o->pipe = 1; break;
	case O_PIPEPART: o->pipepart = 1; break;
	case O_BLOCK:
		if (optarg[0] == '-') {
			need(parse_long(optarg + 1, 1, 1000000, &o->block_share) == 0,
			     "--block", optarg, "a size such as 512k, or -N");
			break;
		}
		need(parse_size(optarg, &o->block) == 0, "--block", optarg,
		     "a size such as 512k, 10M, 1G");
		break;
	case O_RECEND: o->recend = optarg; break;
	case O_RECSTART: o->recstart = optarg; break;
	case O_HEADER:
		need(parse_long(optarg, 0, 1000000, &o->header) == 0, "--header",
		     optarg, "a number of lines");
		break;
	default:
		return 0;
	}
	return 1;
}

/* Remote hosts and file transfer: 1 when c was one of them. */
static int opt_remote(struct opts *o, int c)
{
	switch (c) {
	case 'S': push(&o->sshlogins, &o->nsshlogins, optarg); break;
	case O_SLF: o->sshloginfile = optarg; break;
	case O_SSH: o->ssh = optarg; break;
	case O_TRANSFERFILE:
		push(&o->transferfiles, &o->ntransferfiles, optarg);
		break;
	case O_TRANSFER: o->transfer = 1; break;
	case O_RETURN: push(&o->returns, &o->nreturns, optarg); break;
	case O_CLEANUP: o->cleanup = 1; break;
	case O_TRC:
		o->transfer = 1;
		o->cleanup = 1;
		push(&o->returns, &o->nreturns, optarg);
		break;
	case O_WORKDIR: o->workdir = optarg; break;
	case O_ENV: push(&o->envs, &o->nenvs, optarg); break;
	default:
		return 0;
	}
	return 1;
}

/* After all options: settle what depends on several of them, and refuse
 * combinations that cannot work. */
static void opts_check(struct opts *o)
{
	if (o->sem) {
		if (o->jobs >= 1)
			o->sem_slots = o->jobs;
		if (o->sem_slots < 1)
			o->sem_slots = 1;
		if (!o->sem_id)
			o->sem_id = "default";
		if (!o->sem_wait && o->ncmd == 0)
			usage_error("--sem needs a command to run");
		return;
	}
	if (o->sem_id && o->sem_slots < 1)
		o->sem_slots = 1;
	opts_pipe_check(o);
	if (!o->pipe && !o->pipepart && o->nrecords) {
		/* -N / -L outside pipe mode: inputs per job, like -n */
		o->max_args = o->nrecords;
		o->nrecords = 0;
	}
	if (o->jobs < 0 || (o->jobs == 0 && !o->jobs_zero))
		o->jobs = cpus_usable();
	if (o->resume && !o->joblog)
		usage_error("--resume needs --joblog FILE");
	if ((o->pipe || o->pipepart) && o->ncmd == 0)
		usage_error("--pipe needs a command");
	if (o->pipepart && o->nsrcs == 0)
		usage_error("--pipepart needs a file: -a FILE or :::: FILE");
	if (o->pipe && !o->pipepart && o->nsrcs > 0 && !o->tee)
		usage_error("--pipe reads stdin; it takes no ::: or :::: sources");
	if (o->nsrcs == 0 && !o->pipe && !o->pipepart)
		new_src(o, SRC_STDIN, 0);
	{
		size_t i;
		for (i = 0; i < o->nsrcs; i++)
			if (o->srcs[i].kind == SRC_FILES && o->srcs[i].nwords == 0)
				usage_error(":::: needs at least one file");
	}
}

void opts_parse(struct opts *o, int argc, char **argv)
{
	struct parse_state st = { -1, 0 };
	int c;

	defaults(o);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:0a:C:d:I:j:P:kn:N:L:qrs:S:tuvXhV",
				longopts, NULL)) != -1) {
		const char *opt = argv[optind - 1];
		if (opt_input(o, c) || opt_run(o, c, &st) || opt_output(o, c) ||
		    opt_sem(o, c) || opt_pipe(o, c) || opt_remote(o, c) ||
		    opts_pipe(o, c, optarg))
			continue;
		switch (c) {
		case O_IGNORE: break;
		case 'h':
			for (size_t u = 0; u < sizeof usage_text / sizeof *usage_text; u++)
				fputs(usage_text[u], stdout);
			exit(fflush(stdout) == 0 ? 0 : 255);
		case 'V':
			printf("parx %s\n", PARX_VERSION);
			exit(fflush(stdout) == 0 ? 0 : 255);
		case ':':
			usage_error("%s: missing value", opt);
		default:
			if (optopt && optopt < 256)
				usage_error("unknown option: -%c", optopt);
			usage_error("unknown option: %s", opt);
		}
	}
	if (!st.termseq_set && st.kill_after >= 0)
		o->termseq[0].ms = (long)(st.kill_after * 1000.0 + 0.5);
	parse_rest(o, argc, argv, optind);
	opts_check(o);
}

void opts_free(struct opts *o)
{
	size_t i;

	for (i = 0; i < o->nsrcs; i++)
		free(o->srcs[i].words);
	free(o->srcs);
	free(o->sshlogins);
	free(o->transferfiles);
	free(o->returns);
	free(o->envs);
}
