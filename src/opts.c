/* opts.c: the command line: getopt_long over the option table, each option
 * checked and stored in struct opts (values through parse.c), the sources
 * after ::: and ::::, and the checks across options.  The --help text is in
 * help.c. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "escape.h"
#include "help.h"
#include "opts.h"
#include "adapt.h"
#include "cpus.h"
#include "optsgnu.h"
#include "profile.h"
#include "retry.h"
#include "util.h"

#ifndef PARX_VERSION
#define PARX_VERSION "0.1.0"
#endif

enum {
	O_LINK = 256, O_DELAY, O_NICE, O_GROUP, O_LB, O_TAG, O_TAGSTRING,
	O_RESULTS, O_TIMEOUT, O_KILLAFTER, O_TERMSEQ, O_HALT, O_RETRIES,
	O_JOBLOG, O_RESUME, O_RESUMEFAILED, O_DRYRUN, O_SEM, O_ID, O_FG,
	O_WAIT, O_SEMTIMEOUT, O_SEMID, O_SEMSLOTS, O_PIPE, O_PIPEPART,
	O_BLOCK, O_RECEND, O_RECSTART, O_HEADER, O_SLF, O_SSH, O_TRANSFERFILE,
	O_TRANSFER, O_RETURN, O_CLEANUP, O_TRC, O_WORKDIR, O_ENV, O_BAR,
	O_ETA, O_PROGRESS, O_IGNORE, O_CHUNKSIZE, O_SLURM, O_SUMMARY, O_ARGSEP,
	O_ARGFILESEP, O_TRIM, O_SHELLQUOTE, O_TTY, O_BG, O_SHUF, O_SLOTVAR,
	O_RETRYFAILED, O_MEMFREE, O_MEMSUSPEND, O_NOSWAP, O_LOAD, O_LIMIT,
	O_RETRYDELAY, O_KILLLEFT,
};

/* Replacement-string options (issue 15). */
enum {
	O_PLUS = 512, O_ER, O_BNR, O_DNR, O_BNER, O_SEQR, O_SLOTR, O_CSV,
	O_TMPDIR,
};

/* The pipe family (opts_pipe.c knows these). */
enum {
	O_TEE = 400, O_RR, O_GROUPBY, O_FIFO, O_CAT, O_SHARD, O_BIN, O_REGEXP,
	O_RRS,
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
	{ "memfree", required_argument, NULL, O_MEMFREE },
	{ "memsuspend", required_argument, NULL, O_MEMSUSPEND },
	{ "noswap", no_argument, NULL, O_NOSWAP },
	{ "load", required_argument, NULL, O_LOAD },
	{ "limit", required_argument, NULL, O_LIMIT },
	{ "retry-delay", required_argument, NULL, O_RETRYDELAY },
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
	{ "kill-leftovers", no_argument, NULL, O_KILLLEFT },
	{ "termseq", required_argument, NULL, O_TERMSEQ },
	{ "halt", required_argument, NULL, O_HALT },
	{ "retries", required_argument, NULL, O_RETRIES },
	{ "joblog", required_argument, NULL, O_JOBLOG },
	{ "resume", no_argument, NULL, O_RESUME },
	{ "resume-failed", no_argument, NULL, O_RESUMEFAILED },
	{ "dry-run", no_argument, NULL, O_DRYRUN },
	{ "verbose", no_argument, NULL, 't' },
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
	{ "sshlogin", required_argument, NULL, 'S' },
	{ "sshloginfile", required_argument, NULL, O_SLF },
	{ "slf", required_argument, NULL, O_SLF },
	{ "ssh", required_argument, NULL, O_SSH },
	{ "slurm", no_argument, NULL, O_SLURM },
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
	/* replacement strings (issue 15) */
	{ "plus", no_argument, NULL, O_PLUS },
	{ "er", required_argument, NULL, O_ER },
	{ "extensionreplace", required_argument, NULL, O_ER },
	{ "bnr", required_argument, NULL, O_BNR },
	{ "basenamereplace", required_argument, NULL, O_BNR },
	{ "dnr", required_argument, NULL, O_DNR },
	{ "dirnamereplace", required_argument, NULL, O_DNR },
	{ "bner", required_argument, NULL, O_BNER },
	{ "basenameextensionreplace", required_argument, NULL, O_BNER },
	{ "seqreplace", required_argument, NULL, O_SEQR },
	{ "slotreplace", required_argument, NULL, O_SLOTR },
	{ "csv", no_argument, NULL, O_CSV },
	{ "tmpdir", required_argument, NULL, O_TMPDIR },
	{ "tempdir", required_argument, NULL, O_TMPDIR },
	/* end of replacement strings */
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "profile", required_argument, NULL, 'J' },
	/* GNU parallel's other spellings */
	{ "jl", required_argument, NULL, O_JOBLOG },
	{ "result", required_argument, NULL, O_RESULTS },
	{ "res", required_argument, NULL, O_RESULTS },
	{ "resumefailed", no_argument, NULL, O_RESUMEFAILED },
	{ "keeporder", no_argument, NULL, 'k' },
	{ "linebuffer", no_argument, NULL, O_LB },
	{ "linebuffered", no_argument, NULL, O_LB },
	{ "line-buffered", no_argument, NULL, O_LB },
	{ "max-procs", required_argument, NULL, 'P' },
	{ "dryrun", no_argument, NULL, O_DRYRUN },
	{ "dr", no_argument, NULL, O_DRYRUN },
	{ "maxargs", required_argument, NULL, 'n' },
	{ "max-replace-args", required_argument, NULL, 'N' },
	{ "col-sep", required_argument, NULL, 'C' },
	{ "spreadstdin", no_argument, NULL, O_PIPE },
	{ "pipe-part", no_argument, NULL, O_PIPEPART },
	{ "blocksize", required_argument, NULL, O_BLOCK },
	{ "halt-on-error", required_argument, NULL, O_HALT },
	{ "term-seq", required_argument, NULL, O_TERMSEQ },
	{ "st", required_argument, NULL, O_SEMTIMEOUT },
	{ "semaphoretimeout", required_argument, NULL, O_SEMTIMEOUT },
	{ "semaphore-timeout", required_argument, NULL, O_SEMTIMEOUT },
	{ "work-dir", required_argument, NULL, O_WORKDIR },
	{ "transfer-file", required_argument, NULL, O_TRANSFERFILE },
	{ "transfer-files", required_argument, NULL, O_TRANSFERFILE },
	{ "transferfiles", required_argument, NULL, O_TRANSFERFILE },
	{ "tf", required_argument, NULL, O_TRANSFERFILE },
	{ "tag-string", required_argument, NULL, O_TAGSTRING },
	{ "xapply", no_argument, NULL, O_LINK },
	{ "replace", optional_argument, NULL, 'i' },
	{ "xargs", no_argument, NULL, 'm' },
	{ "max-lines", optional_argument, NULL, 'l' },
	{ "open-tty", no_argument, NULL, 'o' },
	{ "tty", no_argument, NULL, O_TTY },
	{ "shuf", no_argument, NULL, O_SHUF },
	{ "exit", no_argument, NULL, 'x' },
	{ "interactive", no_argument, NULL, 'p' },
	{ "retry-failed", no_argument, NULL, O_RETRYFAILED },
	{ "retryfailed", no_argument, NULL, O_RETRYFAILED },
	{ "process-slot-var", required_argument, NULL, O_SLOTVAR },
	{ "bg", no_argument, NULL, O_BG },
	{ "arg-sep", required_argument, NULL, O_ARGSEP },
	{ "argsep", required_argument, NULL, O_ARGSEP },
	{ "arg-file-sep", required_argument, NULL, O_ARGFILESEP },
	{ "argfilesep", required_argument, NULL, O_ARGFILESEP },
	{ "trim", required_argument, NULL, O_TRIM },
	{ "eof", optional_argument, NULL, 'e' },
	{ "shellquote", no_argument, NULL, O_SHELLQUOTE },
	{ "shell-quote", no_argument, NULL, O_SHELLQUOTE },
	{ "shell_quote", no_argument, NULL, O_SHELLQUOTE },
	{ "will-cite", no_argument, NULL, O_IGNORE },
	{ "no-notice", no_argument, NULL, O_IGNORE },
	{ "gnu", no_argument, NULL, O_IGNORE },
	{ "summary", no_argument, NULL, O_SUMMARY },
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

	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	warnx_("%s", b.len ? b.buf : "usage error");
	warnx_("try 'parx --help' for more information");
	exit(255);
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

/* What argument a is: 1 a word source (:::, :::+), 2 a file source
 * (::::, ::::+), 0 neither; *linked says whether it ends with +. */
static int sep_kind(const struct opts *o, const char *a, int *linked)
{
	const char *ws = o->arg_sep ? o->arg_sep : ":::";
	const char *fs = o->arg_file_sep ? o->arg_file_sep : "::::";
	size_t wl = strlen(ws), fl = strlen(fs);

	*linked = 0;
	if (strncmp(a, fs, fl) == 0 && (!a[fl] || (a[fl] == '+' && !a[fl + 1]))) {
		*linked = a[fl] == '+';
		return 2;
	}
	if (strncmp(a, ws, wl) == 0 && (!a[wl] || (a[wl] == '+' && !a[wl + 1]))) {
		*linked = a[wl] == '+';
		return 1;
	}
	return 0;
}

/* The words after the options: COMMAND, then ::: / :::: sources. */
static void parse_rest(struct opts *o, int argc, char **argv, int i)
{
	struct src_spec *cur = NULL;
	int linked, k;

	o->cmd = argv + i;
	while (i < argc && !sep_kind(o, argv[i], &linked))
		i++;
	o->ncmd = (size_t)(argv + i - o->cmd);
	for (; i < argc; i++) {
		if ((k = sep_kind(o, argv[i], &linked))) {
			cur = new_src(o, k == 1 ? SRC_WORDS : SRC_FILES, linked);
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
	case '0': o->delim = '\0'; o->delim_set = 1; break;
	case 'a': new_src(o, SRC_FILES, 0);
		push(&o->srcs[o->nsrcs - 1].words, &o->srcs[o->nsrcs - 1].nwords, optarg);
		break;
	case 'C': o->colsep = optarg; break;
	case 'd':
		free(o->delim_pre);
		o->delim_pre = NULL;
		o->delim_prelen = 0;
		if (parse_delim(optarg, &o->delim) < 0) {
			struct sbuf d = {0};
			need(parse_delim_str(optarg, &d) == 0 &&
			     strlen(d.buf) == d.len, "-d", optarg,
			     "characters, with \\n \\t \\r \\0 \\\\ \\xHH");
			o->delim = (unsigned char)d.buf[d.len - 1];
			o->delim_prelen = d.len - 1;
			d.buf[d.len - 1] = '\0';
			o->delim_pre = d.buf;
		}
		o->delim_set = 1;
		break;
	case O_LINK: o->link = 1; break;
	case 'r': o->no_empty = 1; o->norun_empty = 1; break;
	case 'I':
		need(*optarg != '\0', "-I", optarg, "an empty string");
		o->repl = optarg;
		break;
	case 'I' + 256: o->repl = optarg && *optarg ? optarg : "{}"; break;
	case 'E': o->eof_str = optarg && *optarg ? optarg : NULL; break;
	case O_ARGSEP:
		need(*optarg != '\0', "--arg-sep", optarg, "an empty string");
		o->arg_sep = optarg;
		break;
	case O_ARGFILESEP:
		need(*optarg != '\0', "--arg-file-sep", optarg, "an empty string");
		o->arg_file_sep = optarg;
		break;
	case O_TRIM:
		need(strspn(optarg, "lrn") == strlen(optarg) && *optarg &&
		     (strchr(optarg, 'n') == NULL || strlen(optarg) == 1),
		     "--trim", optarg, "n, l, r, lr or rl");
		o->trim_l = strchr(optarg, 'l') != NULL;
		o->trim_r = strchr(optarg, 'r') != NULL;
		o->trim_set = 1;
		break;
	case O_SHELLQUOTE: o->shellquote = 1; break;
	case 'o': o->open_tty = 1; break;
	case O_SHUF: o->shuf = 1; break;
	case 'x': o->exit_toolong = 1; break;
	case 'p': o->interactive = 1; break;
	case O_RETRYFAILED: o->retry_failed = 1; break;
	case O_SLOTVAR:
		need(*optarg && strlen(optarg) < 100 && !strchr(optarg, '='),
		     "--process-slot-var", optarg, "a variable name");
		o->slot_var = optarg;
		break;
	case O_TTY:
		/* GNU parallel's --tty: -o, one job at a time, ungrouped */
		o->open_tty = 1;
		o->tty_jobs = 1;
		break;
	case 'q': o->quote = 1; break;
	case 'n': case O_CHUNKSIZE: case 'N': case 'L':
		need(parse_count(optarg, 0, LONG_MAX, &v) == 0,
		     c == 'n' ? "-n" : c == 'N' ? "-N" : c == 'L' ? "-L" : "--chunksize",
		     optarg, "a whole number, with k M G T P or Ki Mi ... allowed");
		/* 0: a job per input, none of its values in the command; in
		 * pipe mode -N0 is the same as no -N */
		o->zero_args = v == 0;
		if (c == 'N' && v == 0) {
			o->nrecords = -1;
			o->nrecords_n = 1;
			break;
		}
		if (v == 0)
			v = 1;
		if (c == 'L')
			o->reclines = v;
		if (c == 'N' || c == 'L')
			o->nrecords = v;
		if (c == 'N' || c == 'L')
			o->nrecords_n = c == 'N';
		else
			o->max_args = v;
		break;
	case 'X': o->xargs = 1; o->xmode = 1; break;
	case 'm': o->xargs = 1; break;
	case 's':
		need(parse_count(optarg, 1, LONG_MAX, &o->max_chars) == 0, "-s",
		     optarg, "a number of bytes, with k M G allowed");
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

/* -j N, N%, +N, -N, 0, or FILE: the file says, now and whenever a job
 * ends (adapt.c). */
static void opt_jobs(struct opts *o, const char *arg)
{
	o->jobs_arg = arg;
	if (parse_jobs(arg, &o->jobs, &o->jobs_zero) == 0)
		return;
	need(access(arg, F_OK) == 0, "-j", arg, "N, N%, +N, -N or 0");
	o->jobs_file = arg;
	need(adapt_read_jobs(arg, &o->jobs, &o->jobs_zero) == 0, "-j", arg,
	     "a file that holds N, N%, +N, -N or 0");
}

/* The pool (slots, pace, niceness): 1 when c was one of them. */
static int opt_pool(struct opts *o, int c)
{
	long v;

	switch (c) {
	case 'j': case 'P':
		opt_jobs(o, optarg);
		break;
	case O_DELAY:
		need(parse_delay(optarg, &o->delay, &o->delay_auto) == 0,
		     "--delay", optarg, "a duration such as 0.5, 200ms, 2s, or auto");
		break;
	case O_NICE:
		need(parse_long(optarg, -20, 19, &v) == 0, "--nice", optarg,
		     "a niceness from -20 to 19");
		o->nice = (int)v;
		break;
	default:
		return 0;
	}
	return 1;
}

/* Ending jobs (timeouts, halting, retries): 1 when c was one of them. */
static int opt_run(struct opts *o, int c, struct parse_state *st)
{
	switch (c) {
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

/* The adaptive pool (--memfree, --load, ...): 1 when c was one of them. */
static int opt_adapt(struct opts *o, int c)
{
	switch (c) {
	case O_MEMFREE:
	case O_MEMSUSPEND:
		need(parse_size(optarg, c == O_MEMFREE ? &o->memfree :
				&o->memsuspend) == 0,
		     c == O_MEMFREE ? "--memfree" : "--memsuspend", optarg,
		     "a size such as 500M, 2G");
		break;
	case O_NOSWAP: o->noswap = 1; break;
	case O_LOAD:
		need(parse_load(optarg, &o->load) == 0, "--load", optarg,
		     "a load such as 4, 1.5, 80%, +1 or -1");
		break;
	case O_LIMIT:
		need(*optarg != '\0', "--limit", optarg, "an empty command");
		o->limit = optarg;
		break;
	case O_RETRYDELAY:
		need(parse_retry_delay(optarg, &o->retry_delay,
				       &o->retry_delay_max) == 0,
		     "--retry-delay", optarg, "DUR or DUR,MAX such as 1s,1m");
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
	case 'v': o->verbose = 1; break;
	case 't': o->trace = 1; break;
	case O_SUMMARY: o->summary = 1; break;
	case O_KILLLEFT: o->kill_leftovers = 1; break;
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
	case O_BG: o->sem_fg = 0; o->sem_bg = 1; break;
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

/* --header N, : or REGEX (issue 15): outside pipe mode any but 0 means
 * the first record of each source names its columns. */
static void opt_header(struct opts *o, const char *arg)
{
	o->header_re = NULL;
	if (strcmp(arg, ":") == 0)
		o->header = 1;
	else if (parse_long(arg, 0, 1000000, &o->header) < 0) {
		o->header = 1;
		o->header_re = arg;
	}
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
	case O_HEADER: opt_header(o, optarg); break;
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
	case O_SLURM: o->slurm = 1; break;
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

/* Replacement strings (issue 15): 1 when c was one of them. */
static int opt_rstr(struct opts *o, int c)
{
	static const char *const names[] = { "--plus", "--er", "--bnr",
		"--dnr", "--bner", "--seqreplace", "--slotreplace", "--csv",
		"--tmpdir" };

	switch (c) {
	case O_PLUS: o->rstr.plus = 1; break;
	case O_ER: o->rstr.er = optarg; break;
	case O_BNR: o->rstr.bnr = optarg; break;
	case O_DNR: o->rstr.dnr = optarg; break;
	case O_BNER: o->rstr.bner = optarg; break;
	case O_SEQR: o->rstr.seqr = optarg; break;
	case O_SLOTR: o->rstr.slotr = optarg; break;
	case O_CSV: o->csv = ','; return 1;
	case O_TMPDIR: o->tmpdir = optarg; break;
	default:
		return 0;
	}
	if (optarg && !*optarg)
		usage_error("%s: the replacement string is empty",
			    names[c - O_PLUS]);
	return 1;
}

/* --retry-failed: the command line's command and sources give way to the
 * joblog's commands, each input a command line, run as --resume-failed. */
static void retry_setup(struct opts *o)
{
	size_t i;

	if (!o->joblog)
		usage_error("--retry-failed needs --joblog FILE");
	if (retry_commands(o->joblog, &o->retry_words, &o->nretry_words) < 0) {
		warn_("--retry-failed: %s", o->joblog);
		exit(255);
	}
	for (i = 0; i < o->nsrcs; i++)
		free(o->srcs[i].words);
	o->nsrcs = 0;
	new_src(o, SRC_WORDS, 0);
	o->srcs[0].words = xreallocarray(NULL, o->nretry_words + 1, sizeof (char *));
	for (i = 0; i < o->nretry_words; i++)
		o->srcs[0].words[i] = o->retry_words[i];
	o->srcs[0].nwords = o->nretry_words;
	o->ncmd = 0;
	o->resume = 2;
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
	if (o->sem_bg)
		usage_error("--bg is not supported (see parx(1)) without --sem");
	if (o->tty_jobs) {
		if (!o->jobs_arg)
			o->jobs = 1;
		o->out = OUT_UNGROUP;
	}
	if (o->sem_id && o->sem_slots < 1)
		o->sem_slots = 1;
	if (o->colsep && !o->trim_set)
		o->trim_l = o->trim_r = 1;	/* GNU trims columns by default */
	opts_pipe_check(o);
	if (!o->pipe && !o->pipepart && o->nrecords) {
		/* -N / -L outside pipe mode: inputs per job, like -n; -N
		 * replaces in context, as GNU parallel does */
		o->max_args = o->nrecords;
		o->xmode |= o->nrecords_n;
		o->cont_lines = !o->nrecords_n;
		o->nrecords = 0;
	}
	if (o->jobs < 0 || (o->jobs == 0 && !o->jobs_zero))
		o->jobs = cpus_usable();
	if (o->retry_failed)
		retry_setup(o);
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

/* A GNU parallel option parx does not have: say so, exit 255. */
static void refuse_gnu(const char *opt, int c)
{
	if (optopt == 0 && strncmp(opt, "--", 2) == 0 &&
	    optsgnu_refused_long(opt + 2)) {
		warnx_("--%.*s is not supported (see parx(1))",
		       (int)strcspn(opt + 2, "="), opt + 2);
		exit(255);
	}
	if (optsgnu_refused_short(c)) {
		warnx_("-%c is not supported (see parx(1))", c);
		exit(255);
	}
}

/* One pass over argv: the options, then COMMAND and its sources. */
static void parse_argv(struct opts *o, int argc, char **argv,
		       struct parse_state *st)
{
	int c;

	defaults(o);
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+:0a:C:d:E:e::I:i::j:J:P:kl::mn:N:L:opqrs:S:tuvxXhV",
				longopts, NULL)) != -1) {
		const char *opt = argv[optind - 1];
		if (opt_input(o, c) || opt_pool(o, c) || opt_run(o, c, st) ||
		    opt_adapt(o, c) || opt_output(o, c) || opt_sem(o, c) ||
		    opt_pipe(o, c) || opt_remote(o, c) || opt_rstr(o, c) ||
		    opts_pipe(o, c, optarg))
			continue;
		switch (c) {
		case O_IGNORE: break;
		case 'J': push(&o->profiles, &o->nprofiles, optarg); break;
		case 'l':
			/* -l [N]: -L N, N (default 1) only when a number */
			if (!optarg && optind < argc &&
			    strspn(argv[optind], "0123456789") == strlen(argv[optind]) &&
			    *argv[optind])
				optarg = argv[optind++];
			optarg = optarg ? optarg : (char *)"1";
			(void)opt_input(o, 'L');
			break;
		case 'i': case 'e':
			/* as in GNU parallel, an optional value may also be the
			 * next word, when that is no option */
			if (!optarg && optind < argc && argv[optind][0] != '-')
				optarg = argv[optind++];
			(void)opt_input(o, c == 'i' ? 'I' + 256 : 'E');
			break;
		case 'h':
			for (size_t u = 0; help_text[u]; u++)
				fputs(help_text[u], stdout);
			exit(fflush(stdout) == 0 ? 0 : 255);
		case 'V':
			printf("parx %s\n", PARX_VERSION);
			exit(fflush(stdout) == 0 ? 0 : 255);
		case ':':
			usage_error("%s: missing value", opt);
		default:
			refuse_gnu(opt, optopt);
			if (optopt && optopt < 256)
				usage_error("unknown option: -%c", optopt);
			usage_error("unknown option: %s", opt);
		}
	}
	parse_rest(o, argc, argv, optind);
}

/* The config file or the -J profiles, and $PARALLEL, go before argv:
 * parse again with them when there are any. */
static void parse_profiles(struct opts *o, int argc, char **argv,
			   struct parse_state *st)
{
	struct profile *pr = xcalloc(1, sizeof *pr);
	char *bad = NULL;

	if (profile_gather(pr, o->profiles, o->nprofiles, &bad) < 0) {
		if (strcmp(bad, "$PARALLEL") == 0)
			warnx_("$PARALLEL: a quote is not closed");
		else if (errno == EINVAL)
			warnx_("profile %s: a quote is not closed", bad);
		else
			warn_("profile %s", bad);
		exit(255);
	}
	if (pr->nwords) {
		opts_free(o);
		profile_argv(pr, argc, argv);
		*st = (struct parse_state){ -1, 0 };
		parse_argv(o, pr->argc, pr->argv, st);
	}
	o->prof = pr;
}

void opts_parse(struct opts *o, int argc, char **argv)
{
	struct parse_state st = { -1, 0 };

	parse_argv(o, argc, argv, &st);
	parse_profiles(o, argc, argv, &st);
	if (!st.termseq_set && st.kill_after >= 0)
		o->termseq[0].ms = (long)(st.kill_after * 1000.0 + 0.5);
	opts_check(o);
	o->rstr.repl = o->repl;		/* issue 15: rstr.c reads these */
	o->rstr.jobs = o->jobs;
	if (o->header_re && (o->pipe || o->pipepart))
		usage_error("--header %s: with --pipe give a number of lines "
			    "or :", o->header_re);
	if (o->csv && o->colsep) {
		char sep[8];
		if (strlen(o->colsep) >= sizeof sep ||
		    unescape(o->colsep, ESC_ALL, sep) != 1)
			usage_error("--colsep %s: with --csv give one character",
				    o->colsep);
		o->csv = (unsigned char)sep[0];
	}
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
	free(o->xo);	/* the xargs personality's settings (xargs.c) */
	free(o->profiles);
	free(o->delim_pre);
	retry_free(o->retry_words, o->nretry_words);
	o->retry_words = NULL;
	o->nretry_words = 0;
	if (o->prof)
		profile_free(o->prof);
	free(o->prof);
	o->prof = NULL;
}
