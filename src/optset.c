/* optset.c: what each option sets in struct opts, one function per group
 * of options as the man page groups them; opts.c calls them in turn. */
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

#include "adapt.h"
#include "cpus.h"
#include "escape.h"
#include "opts.h"
#include "opts_impl.h"
#include "util.h"

/* A usage error found outside this file (opts_pipe.c). */
_Noreturn void opts_fail(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	opts_usage_error("%s", msg);
}

_Noreturn void opts_usage_error(const char *fmt, ...)
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

void opts_push(char ***arr, size_t *n, char *s)
{
	*arr = xreallocarray(*arr, *n + 1, sizeof **arr);
	(*arr)[(*n)++] = s;
}

struct src_spec *opts_new_src(struct opts *o, enum src_kind kind, int linked)
{
	struct src_spec *s;

	o->srcs = xreallocarray(o->srcs, o->nsrcs + 1, sizeof *o->srcs);
	s = &o->srcs[o->nsrcs++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->linked = linked;
	return s;
}

void opts_need(int ok, const char *opt, const char *val, const char *what)
{
	if (!ok)
		opts_usage_error("%s: invalid value '%s' (%s)", opt, val, what);
}

/* Inputs and how they make jobs: 1 when c was one of them. */
int optset_input(struct opts *o, int c)
{
	switch (c) {
	case '0': o->delim = '\0'; o->delim_set = 1; break;
	case 'a': opts_new_src(o, SRC_FILES, 0);
		opts_push(&o->srcs[o->nsrcs - 1].words, &o->srcs[o->nsrcs - 1].nwords, optarg);
		break;
	case 'C': o->colsep = optarg; break;
	case 'd':
		free(o->delim_pre);
		o->delim_pre = NULL;
		o->delim_prelen = 0;
		if (parse_delim(optarg, &o->delim) < 0) {
			struct sbuf d = {0};
			opts_need(parse_delim_str(optarg, &d) == 0 &&
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
	case 'E': o->eof_str = optarg && *optarg ? optarg : NULL; break;
	case O_ARGSEP:
		opts_need(*optarg != '\0', "--arg-sep", optarg, "an empty string");
		o->arg_sep = optarg;
		break;
	case O_ARGFILESEP:
		opts_need(*optarg != '\0', "--arg-file-sep", optarg, "an empty string");
		o->arg_file_sep = optarg;
		break;
	case O_TRIM:
		opts_need(strspn(optarg, "lrn") == strlen(optarg) && *optarg &&
		     (strchr(optarg, 'n') == NULL || strlen(optarg) == 1),
		     "--trim", optarg, "n, l, r, lr or rl");
		o->trim_l = strchr(optarg, 'l') != NULL;
		o->trim_r = strchr(optarg, 'r') != NULL;
		o->trim_set = 1;
		break;
	case O_SHELLQUOTE: o->shellquote = 1; break;
	case O_SHUF: o->shuf = 1; break;
	case 'p': o->interactive = 1; break;
	case O_RETRYFAILED: o->retry_failed = 1; break;
	default:
		return 0;
	}
	return 1;
}

int optset_build(struct opts *o, int c)
{
	long v;

	switch (c) {
	case 'I':
		opts_need(*optarg != '\0', "-I", optarg, "an empty string");
		o->repl = optarg;
		break;
	case 'I' + 256: o->repl = optarg && *optarg ? optarg : "{}"; break;
	case 'q': o->quote = 1; break;
	case 'n': case O_CHUNKSIZE: case 'N': case 'L':
		opts_need(parse_count(optarg, 0, LONG_MAX, &v) == 0,
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
		if (c == 'L')
			o->lines_ctx = 1;
		if (c == 'N')
			o->nrepl = v;
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
		/* -s 0 is the default, as in GNU parallel */
		opts_need(parse_count(optarg, 0, LONG_MAX, &o->max_chars) == 0, "-s",
		     optarg, "a number of bytes, with k M G allowed");
		break;
	case 'x': o->exit_toolong = 1; break;
	default:
		return 0;
	}
	return 1;
}


/* -j N, N%, +N, -N, 0, or FILE: the file says, now and whenever a job
 * ends (adapt.c). */
static void optset_jobs(struct opts *o, const char *arg)
{
	o->jobs_arg = arg;
	if (parse_jobs(arg, &o->jobs, &o->jobs_zero) == 0)
		return;
	opts_need(access(arg, F_OK) == 0, "-j", arg, "N, N%, +N, -N or 0");
	o->jobs_file = arg;
	opts_need(adapt_read_jobs(arg, &o->jobs, &o->jobs_zero) == 0, "-j", arg,
	     "a file that holds N, N%, +N, -N or 0");
}

/* The pool (slots, pace, niceness): 1 when c was one of them. */
int optset_pool(struct opts *o, int c)
{
	long v;

	switch (c) {
	case 'j': case 'P':
		optset_jobs(o, optarg);
		break;
	case O_DELAY:
		opts_need(parse_delay(optarg, &o->delay, &o->delay_auto) == 0,
		     "--delay", optarg, "a duration such as 0.5, 200ms, 2s, or auto");
		break;
	case O_NICE:
		opts_need(parse_long(optarg, -20, 19, &v) == 0, "--nice", optarg,
		     "a niceness from -20 to 19");
		o->nice = (int)v;
		break;
	case 'o': o->open_tty = 1; break;
	case O_SLOTVAR:
		opts_need(*optarg && strlen(optarg) < 100 && !strchr(optarg, '='),
		     "--process-slot-var", optarg, "a variable name");
		o->slot_var = optarg;
		break;
	case O_TTY:
		/* GNU parallel's --tty: -o, one job at a time, ungrouped */
		o->open_tty = 1;
		o->tty_jobs = 1;
		break;
	default:
		return 0;
	}
	return 1;
}

/* Ending jobs (timeouts, halting, retries): 1 when c was one of them. */
int optset_run(struct opts *o, int c, struct parse_state *st)
{
	switch (c) {
	case O_TIMEOUT: {
		size_t n = strlen(optarg);
		if (n > 1 && optarg[n - 1] == '%') {
			char *copy = xstrndup(optarg, n - 1);
			char *end;
			errno = 0;
			o->timeout_pct = strtod(copy, &end);
			opts_need(!errno && end != copy && !*end && o->timeout_pct > 0 &&
			     isfinite(o->timeout_pct), "--timeout", optarg,
			     "a duration, or N% of the median runtime");
			free(copy);
		} else {
			opts_need(parse_duration(optarg, &o->timeout) == 0 && o->timeout > 0,
			     "--timeout", optarg,
			     "a duration such as 30, 1.5s, 500ms, 2m; or N%");
		}
		break;
	}
	case O_KILLAFTER:
		opts_need(parse_duration(optarg, &st->kill_after) == 0, "--kill-after",
		     optarg, "a duration such as 2s or 500ms");
		break;
	case O_TERMSEQ:
		opts_need(parse_termseq(optarg, o->termseq, &o->ntermseq) == 0,
		     "--termseq", optarg, "SIG,MS,SIG,MS,... e.g. TERM,200,KILL,25");
		st->termseq_set = 1;
		break;
	case O_HALT:
		opts_need(parse_halt(optarg, &o->halt) == 0, "--halt", optarg,
		     "never, or soon|now,fail|success|done=N or N%");
		break;
	case O_RETRIES:
		opts_need(parse_long(optarg, 0, 1000000, &o->retries) == 0, "--retries",
		     optarg, "a whole number");
		if (o->retries < 1)
			o->retries = 1;
		o->retries_given = 1;
		break;
	default:
		return 0;
	}
	return 1;
}

/* The adaptive pool (--memfree, --load, ...): 1 when c was one of them. */
int optset_adapt(struct opts *o, int c)
{
	switch (c) {
	case O_MEMFREE:
	case O_MEMSUSPEND:
		opts_need(parse_size(optarg, c == O_MEMFREE ? &o->memfree :
				&o->memsuspend) == 0,
		     c == O_MEMFREE ? "--memfree" : "--memsuspend", optarg,
		     "a size such as 500M, 2G");
		break;
	case O_NOSWAP: o->noswap = 1; break;
	case O_LOAD:
		opts_need(parse_load(optarg, &o->load) == 0, "--load", optarg,
		     "a load such as 4, 1.5, 80%, +1 or -1");
		break;
	case O_LIMIT:
		opts_need(*optarg != '\0', "--limit", optarg, "an empty command");
		o->limit = optarg;
		break;
	case O_RETRYDELAY:
		opts_need(parse_retry_delay(optarg, &o->retry_delay,
				       &o->retry_delay_max) == 0,
		     "--retry-delay", optarg, "DUR or DUR,MAX such as 1s,1m");
		break;
	default:
		return 0;
	}
	return 1;
}

/* Output, logs and reports: 1 when c was one of them. */
int optset_output(struct opts *o, int c)
{
	switch (c) {
	case O_GROUP: o->out = OUT_GROUP; break;
	case 'k': o->keep_order = 1; break;
	case O_LB: o->out = OUT_LINE; break;
	case 'u': o->out = OUT_UNGROUP; break;
	case O_TAG: o->tag = 1; break;
	case O_TAGSTRING: o->tagstring = optarg; break;
	case O_COLOR: o->color = 1; break;
	case O_CTAG: o->color = o->tag = 1; break;
	case O_CTAGSTRING: o->color = 1; o->tagstring = optarg; break;
	case O_COLORFAILED: o->color_failed = 1; break;
	case O_RESULTS:
		opts_need(*optarg != '\0', "--results", optarg, "an empty name");
		o->results = optarg;
		break;
	case O_JOBLOG:
		opts_need(*optarg != '\0' && strcmp(optarg, "+") != 0, "--joblog",
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
	case O_FILES: o->files = 1; break;
	case O_COMPRESS: o->compress = 1; break;
	case O_COMPRESSPRG:
		opts_need(*optarg != '\0', "--compress-program", optarg, "an empty command");
		o->compress = 1;
		o->compress_prg = optarg;
		break;
	case O_DECOMPRESSPRG:
		opts_need(*optarg != '\0', "--decompress-program", optarg, "an empty command");
		o->decompress_prg = optarg;
		break;
	case O_LATEST: o->latest_line = 1; break;
	case O_SUMMARY: o->summary = 1; break;
	case O_SHOWLIMITS: o->show_limits = 1; break;
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
int optset_sem(struct opts *o, int c)
{
	switch (c) {
	case O_SEM: o->sem = 1; break;
	case O_ID: o->sem_id = optarg; break;
	case O_FG: o->sem_fg = 1; break;
	case O_BG: o->sem_fg = 0; o->sem_bg = 1; break;
	case O_WAIT: o->sem_wait = 1; break;
	case O_SEMTIMEOUT:
		opts_need(parse_duration(optarg, &o->sem_timeout) == 0, "--sem-timeout",
		     optarg, "a duration such as 10s");
		break;
	case O_SEMID:
		opts_need(*optarg != '\0', "--sem-id", optarg, "an empty name");
		o->sem_id = optarg;
		break;
	case O_SEMSLOTS:
		opts_need(parse_long(optarg, 1, 1000000, &o->sem_slots) == 0,
		     "--sem-slots", optarg, "a whole number of at least 1");
		break;
	default:
		return 0;
	}
	return 1;
}

/* --header N, : or REGEX (issue 15): outside pipe mode any but 0 means
 * the first record of each source names its columns. */
static void optset_header(struct opts *o, const char *arg)
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
int optset_pipe(struct opts *o, int c)
{
	switch (c) {
	case O_PIPE: o->pipe = 1; break;
	case O_PIPEPART: o->pipepart = 1; break;
	case O_BLOCK:
		o->block_given = 1;
		if (optarg[0] == '-') {
			opts_need(parse_long(optarg + 1, 1, 1000000, &o->block_share) == 0,
			     "--block", optarg, "a size such as 512k, or -N");
			break;
		}
		opts_need(parse_size(optarg, &o->block) == 0, "--block", optarg,
		     "a size such as 512k, 10M, 1G");
		break;
	case O_RECEND: o->recend = optarg; break;
	case O_RECSTART: o->recstart = optarg; break;
	case O_HEADER: optset_header(o, optarg); break;
	default:
		return 0;
	}
	return 1;
}

/* Remote hosts and file transfer: 1 when c was one of them. */
int optset_remote(struct opts *o, int c)
{
	switch (c) {
	case 'S': opts_push(&o->sshlogins, &o->nsshlogins, optarg); break;
	case O_SLF: o->sshloginfile = optarg; break;
	case O_SSH: o->ssh = optarg; break;
	case O_SLURM: o->slurm = 1; break;
	case O_TRANSFERFILE:
		opts_push(&o->transferfiles, &o->ntransferfiles, optarg);
		break;
	case O_TRANSFER: o->transfer = 1; break;
	case O_RETURN: opts_push(&o->returns, &o->nreturns, optarg); break;
	case O_CLEANUP: o->cleanup = 1; break;
	case O_TRC:
		o->transfer = 1;
		o->cleanup = 1;
		opts_push(&o->returns, &o->nreturns, optarg);
		break;
	case O_WORKDIR: o->workdir = optarg; break;
	case O_ENV: opts_push(&o->envs, &o->nenvs, optarg); break;
	default:
		return 0;
	}
	return 1;
}

/* Replacement strings (issue 15): 1 when c was one of them. */
int optset_rstr(struct opts *o, int c)
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
		opts_usage_error("%s: the replacement string is empty",
			    names[c - O_PLUS]);
	return 1;
}
