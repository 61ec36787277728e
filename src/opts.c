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
#include "cpus.h"
#include "optsgnu.h"
#include "profile.h"
#include "retry.h"
#include "util.h"

#ifndef PARX_VERSION
#define PARX_VERSION "0.1.0"
#endif
#include "opts_impl.h"







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
			cur = opts_new_src(o, k == 1 ? SRC_WORDS : SRC_FILES, linked);
			continue;
		}
		opts_push(&cur->words, &cur->nwords, argv[i]);
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

/* --retry-failed: the command line's command and sources give way to the
 * joblog's commands, each input a command line, run as --resume-failed. */
static void retry_setup(struct opts *o)
{
	size_t i;

	if (!o->joblog)
		opts_usage_error("--retry-failed needs --joblog FILE");
	if (retry_commands(o->joblog, &o->retry_words, &o->nretry_words) < 0) {
		warn_("--retry-failed: %s", o->joblog);
		exit(255);
	}
	for (i = 0; i < o->nsrcs; i++)
		free(o->srcs[i].words);
	o->nsrcs = 0;
	opts_new_src(o, SRC_WORDS, 0);
	o->srcs[0].words = xreallocarray(NULL, o->nretry_words + 1, sizeof (char *));
	for (i = 0; i < o->nretry_words; i++)
		o->srcs[0].words[i] = o->retry_words[i];
	o->srcs[0].nwords = o->nretry_words;
	o->ncmd = 0;
	o->resume = 2;
}

/* After all options: settle what depends on several of them, and refuse
 * combinations that cannot work. */
/* -N / -L / -l outside pipe mode: inputs per job, like -n; -N, and -L
 * without -m, replace in context, as GNU parallel does.  -N wins, then
 * -n, then -L/-l; lines go on with -L/-l. */
static void check_records(struct opts *o)
{
	long lines = o->reclines;	/* opts_pipe_check keeps it for pipe mode only */

	opts_pipe_check(o);
	if (o->pipe || o->pipepart || !o->nrecords)
		return;
	o->max_args = o->nrecords < 0 ? o->nrecords : o->nrepl ? o->nrepl :
		       o->max_args ? o->max_args : lines;
	o->xmode |= o->nrecords < 0 || o->nrepl || (o->lines_ctx && !o->xargs);
	o->cont_lines = lines > 0 && !o->zero_args;	/* not -L0 */
	o->nrecords = 0;
}

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
			opts_usage_error("--sem needs a command to run");
		return;
	}
	if (o->sem_bg)
		opts_usage_error("--bg is not supported (see parx(1)) without --sem");
	if (o->tty_jobs) {
		if (!o->jobs_arg)
			o->jobs = 1;
		o->out = OUT_UNGROUP;
	}
	if (o->latest_line)
		o->out = OUT_LINE;	/* as GNU parallel: whatever else says */
	if (o->sem_id && o->sem_slots < 1)
		o->sem_slots = 1;
	if (o->colsep && !o->trim_set)
		o->trim_l = o->trim_r = 1;	/* GNU trims columns by default */
	check_records(o);
	if (o->jobs < 0 || (o->jobs == 0 && !o->jobs_zero))
		o->jobs = cpus_usable();
	if (o->retry_failed)
		retry_setup(o);
	if (o->resume && !o->joblog)
		opts_usage_error("--resume needs --joblog FILE");
	if ((o->pipe || o->pipepart) && o->ncmd == 0)
		opts_usage_error("--pipe needs a command");
	if (o->pipepart && o->nsrcs == 0)
		opts_usage_error("--pipepart needs a file: -a FILE or :::: FILE");
	if (o->pipe && !o->pipepart && o->nsrcs > 0 && !o->tee)
		opts_usage_error("--pipe reads stdin; it takes no ::: or :::: sources");
	if (o->nsrcs == 0 && !o->pipe && !o->pipepart)
		opts_new_src(o, SRC_STDIN, 0);
	{
		size_t i;
		for (i = 0; i < o->nsrcs; i++)
			if (o->srcs[i].kind == SRC_FILES && o->srcs[i].nwords == 0)
				opts_usage_error(":::: needs at least one file");
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
/* -l [N]: -L N, N (default 1) only when a number; -l 0 is -l 1, and -l
 * alone does not replace in context, as in GNU parallel. */
static void opt_l(struct opts *o, int argc, char **argv)
{
	int ctx = o->lines_ctx;

	if (!optarg && optind < argc &&
	    strspn(argv[optind], "0123456789") == strlen(argv[optind]) &&
	    *argv[optind])
		optarg = argv[optind++];
	optarg = optarg && strspn(optarg, "0") != strlen(optarg) ?
		 optarg : (char *)"1";
	(void)optset_build(o, 'L');
	o->lines_ctx = ctx;
}

static void parse_argv(struct opts *o, int argc, char **argv,
		       struct parse_state *st)
{
	int c;

	defaults(o);
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+:0a:C:d:E:e::I:i::j:J:P:kl::mn:N:L:opqrs:S:tuvxXhV",
				optable_long, NULL)) != -1) {
		const char *opt = argv[optind - 1];
		if (optset_input(o, c) || optset_build(o, c) ||
		    optset_pool(o, c) || optset_run(o, c, st) ||
		    optset_adapt(o, c) || optset_output(o, c) || optset_sem(o, c) ||
		    optset_pipe(o, c) || optset_remote(o, c) || optset_rstr(o, c) ||
		    opts_pipe(o, c, optarg))
			continue;
		switch (c) {
		case O_IGNORE: break;
		case 'J': opts_push(&o->profiles, &o->nprofiles, optarg); break;
		case 'l':
			opt_l(o, argc, argv);
			break;
		case 'i': case 'e':
			/* as in GNU parallel, an optional value may also be the
			 * next word, when that is no option */
			if (!optarg && optind < argc && argv[optind][0] != '-')
				optarg = argv[optind++];
			if (c == 'i')
				(void)optset_build(o, 'I' + 256);
			else
				(void)optset_input(o, 'E');
			break;
		case 'h':
			for (size_t u = 0; help_text[u]; u++)
				fputs(help_text[u], stdout);
			exit(fflush(stdout) == 0 ? 0 : 255);
		case 'V':
			printf("parx %s\n", PARX_VERSION);
			exit(fflush(stdout) == 0 ? 0 : 255);
		case ':':
			opts_usage_error("%s: missing value", opt);
		default:
			refuse_gnu(opt, optopt);
			if (optopt && optopt < 256)
				opts_usage_error("unknown option: -%c", optopt);
			opts_usage_error("unknown option: %s", opt);
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
		opts_usage_error("--header %s: with --pipe give a number of lines "
			    "or :", o->header_re);
	if (o->csv && o->colsep) {
		char sep[8];
		if (strlen(o->colsep) >= sizeof sep ||
		    unescape(o->colsep, ESC_ALL, sep) != 1)
			opts_usage_error("--colsep %s: with --csv give one character",
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
