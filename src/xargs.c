/* xargs.c: the xargs personality's command line.  Under a name ending in
 * "xargs" parx reads GNU findutils xargs 4.9's options (and parx's own long
 * options for timeouts, logs, retries, progress and output), works out the
 * command-line size limit as xargs does, and prints xargs' kind of
 * messages.  The input splitting is xsplit.c's; statuses and -t/-p are in
 * xargs_run.c. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xargs.h"
#include "util.h"

#ifndef PARX_VERSION
#define PARX_VERSION "0.1.0"
#endif

extern char **environ;

/* Bytes kept free of the system's limit, as xargs keeps them. */
#define XARGS_HEADROOM 2048
/* The buffer xargs uses unless -s asks for another. */
#define XARGS_DEFAULT_CHARS 131072

static const char xargs_usage[] =
"Usage: %s [OPTION]... COMMAND [INITIAL-ARGS]...\n"
"Run COMMAND with arguments INITIAL-ARGS and more arguments read from input.\n"
"\n"
"xargs options:\n"
"  -0, --null                   items end with NUL; no quotes, backslashes or -E\n"
"  -a, --arg-file=FILE          read arguments from FILE, not standard input\n"
"  -d, --delimiter=CHARACTER    items end with CHARACTER; no quotes or -E\n"
"  -E END                       END as an input word ends the input\n"
"  -e, --eof[=END]              the same as -E END; without END, no end word\n"
"  -I R                         the same as --replace=R\n"
"  -i, --replace[=R]            replace R (default {}) in INITIAL-ARGS with\n"
"                                 each input line\n"
"  -L, --max-lines=MAX-LINES    at most MAX-LINES non-blank lines per command\n"
"  -l[MAX-LINES]                the same as -L, MAX-LINES defaulting to 1\n"
"  -n, --max-args=MAX-ARGS      at most MAX-ARGS arguments per command\n"
"  -o, --open-tty               commands read /dev/tty as their stdin\n"
"  -P, --max-procs=MAX-PROCS    run up to MAX-PROCS commands at once (0: many);\n"
"                                 SIGUSR1 and SIGUSR2 add and take away one\n"
"  -p, --interactive            ask on /dev/tty before each command\n"
"      --process-slot-var=VAR   set VAR to the command's slot (0, 1, ...)\n"
"  -r, --no-run-if-empty        with no arguments, do not run COMMAND\n"
"  -s, --max-chars=MAX-CHARS    command lines of at most MAX-CHARS bytes\n"
"      --show-limits            show the limits on command-line length\n"
"  -t, --verbose                print each command on stderr before it runs\n"
"  -x, --exit                   exit if a command line would be too long\n"
"      --help                   this help\n"
"      --version                the version\n"
"\n"
"parx options (see parx(1)):\n"
"      --timeout DUR            terminate a command after DUR\n"
"      --kill-after DUR         SIGKILL DUR after SIGTERM (default 2s)\n"
"      --termseq SEQ            termination sequence, e.g. TERM,200,KILL,25\n"
"      --halt WHEN,WHY=N        stop on failures, successes or jobs done\n"
"      --retries N              run a failed command up to N times in all\n"
"      --joblog [+]FILE         log each finished command to FILE\n"
"      --resume, --resume-failed   with --joblog: skip what was done\n"
"      --results DIR            store each command's output under DIR\n"
"      --group                  each command's output as one block\n"
"                                 (the default with -P above 1)\n"
"      --ungroup                commands write straight to the output\n"
"                                 (the default with -P 1)\n"
"      --line-buffer            whole lines from any command as they come\n"
"      --keep-order             output in input order\n"
"      --tag                    prefix output lines with the arguments\n"
"      --delay DUR              at least DUR between command starts\n"
"      --bar, --eta, --progress show progress on stderr\n";

enum {
	X_SHOWLIMITS = 300, X_SLOTVAR, X_HELP, X_VERSION,
	X_TIMEOUT, X_KILLAFTER, X_TERMSEQ, X_HALT, X_RETRIES, X_JOBLOG,
	X_RESUME, X_RESUMEFAILED, X_RESULTS, X_GROUP, X_UNGROUP, X_LB,
	X_KEEP, X_TAG, X_DELAY, X_BAR, X_ETA, X_PROGRESS,
};

static const struct option xlongopts[] = {
	{ "null", no_argument, NULL, '0' },
	{ "arg-file", required_argument, NULL, 'a' },
	{ "delimiter", required_argument, NULL, 'd' },
	{ "eof", optional_argument, NULL, 'e' },
	{ "replace", optional_argument, NULL, 'I' },
	{ "max-lines", optional_argument, NULL, 'l' },
	{ "max-args", required_argument, NULL, 'n' },
	{ "max-chars", required_argument, NULL, 's' },
	{ "max-procs", required_argument, NULL, 'P' },
	{ "interactive", no_argument, NULL, 'p' },
	{ "open-tty", no_argument, NULL, 'o' },
	{ "no-run-if-empty", no_argument, NULL, 'r' },
	{ "verbose", no_argument, NULL, 't' },
	{ "show-limits", no_argument, NULL, X_SHOWLIMITS },
	{ "exit", no_argument, NULL, 'x' },
	{ "process-slot-var", required_argument, NULL, X_SLOTVAR },
	{ "help", no_argument, NULL, X_HELP },
	{ "version", no_argument, NULL, X_VERSION },
	{ "timeout", required_argument, NULL, X_TIMEOUT },
	{ "kill-after", required_argument, NULL, X_KILLAFTER },
	{ "termseq", required_argument, NULL, X_TERMSEQ },
	{ "halt", required_argument, NULL, X_HALT },
	{ "retries", required_argument, NULL, X_RETRIES },
	{ "joblog", required_argument, NULL, X_JOBLOG },
	{ "resume", no_argument, NULL, X_RESUME },
	{ "resume-failed", no_argument, NULL, X_RESUMEFAILED },
	{ "results", required_argument, NULL, X_RESULTS },
	{ "group", no_argument, NULL, X_GROUP },
	{ "ungroup", no_argument, NULL, X_UNGROUP },
	{ "line-buffer", no_argument, NULL, X_LB },
	{ "keep-order", no_argument, NULL, X_KEEP },
	{ "tag", no_argument, NULL, X_TAG },
	{ "delay", required_argument, NULL, X_DELAY },
	{ "bar", no_argument, NULL, X_BAR },
	{ "eta", no_argument, NULL, X_ETA },
	{ "progress", no_argument, NULL, X_PROGRESS },
	{ NULL, 0, NULL, 0 },
};

/* What parsing remembers between options. */
struct xstate {
	int show_limits;
	int eof_set;		/* -E or -e given (for the -0/-d warning) */
	int out_set;		/* an output option given */
	long s_arg;		/* -s as written, 0 = none */
	int s_too_big;
	double kill_after;
	int termseq_set;
};

int xargs_personality(void)
{
	return prog_is_xargs();
}

static _Noreturn void xusage(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", prog_name());
	exit(1);
}

static _Noreturn void xfatal(const char *what, const char *val)
{
	warnx_("%s: invalid value '%s'", what, val);
	xusage();
}

/* A number as xargs reads one: decimal, blanks and a sign allowed; out of
 * [min, max] is an error naming the option, as is anything else. */
static long xnum(const char *s, int opt, long min, long max, int clamp)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end) {
		warnx_("invalid number \"%s\" for -%c option", s, opt);
		xusage();
	}
	if (v < min || (errno == ERANGE && v == LONG_MIN)) {
		warnx_("value %s for -%c option should be >= %ld", s, opt, min);
		if (!clamp)
			xusage();
		return min;
	}
	if (v > max || errno == ERANGE) {
		warnx_("value %s for -%c option should be <= %ld", s, opt, max);
		if (!clamp)
			xusage();
		v = max;
	}
	return v;
}

/* The environment's size as xargs counts it: each string and its NUL. */
static size_t env_size(void)
{
	size_t n = 0;
	char **e;

	for (e = environ; *e; e++)
		n += strlen(*e) + 1;
	return n;
}

/* The largest command line the system takes: ARG_MAX less the headroom
 * and the environment. */
static size_t posix_max(void)
{
	long argmax = sysconf(_SC_ARG_MAX);
	size_t env = env_size(), lim;

	if (argmax <= 0)
		argmax = XARGS_DEFAULT_CHARS;
	lim = (size_t)argmax;
	lim = lim > XARGS_HEADROOM + env ? lim - XARGS_HEADROOM - env : 0;
	return lim;
}

/* -n, -L/-l and -I/-i exclude each other: the last one wins, with xargs'
 * warning about the one it replaces. */
static void set_n(struct xargs_opts *x, long v)
{
	if (x->repl && v == 1)
		return;		/* -I's one line per command stays */
	if (x->repl)
		warnx_("warning: options --replace and --max-args/-n are mutually "
		       "exclusive, ignoring previous --replace value");
	x->repl = NULL;
	if (x->max_lines)
		warnx_("warning: options --max-lines and --max-args/-n are "
		       "mutually exclusive, ignoring previous --max-lines value");
	x->max_lines = 0;
	x->max_args = v;
}

static void set_lines(struct xargs_opts *x, long v, int big_l)
{
	const char *as = big_l ? "-L" : "--max-lines/-l";

	if (x->max_args)
		warnx_("warning: options --max-args and %s are mutually exclusive, "
		       "ignoring previous --max-args value", as);
	else if (x->repl)
		warnx_("warning: options --replace and %s are mutually exclusive, "
		       "ignoring previous --replace value", as);
	x->max_args = 0;
	x->repl = NULL;
	x->max_lines = v;
	x->exit_big = 1;	/* -L implies -x, and it stays */
}

static void set_repl(struct xargs_opts *x, const char *r)
{
	if (x->max_args)
		warnx_("warning: options --max-args and --replace/-I/-i are "
		       "mutually exclusive, ignoring previous --max-args value");
	else if (x->max_lines)
		warnx_("warning: options --max-lines and --replace/-I/-i are "
		       "mutually exclusive, ignoring previous --max-lines value");
	x->max_args = x->max_lines = 0;
	x->repl = r;
	x->exit_big = 1;	/* -I implies -x, and it stays */
}

/* -d: one character, or an escape: \a \b \f \n \r \t \v \\ (what follows
 * it does not count), \xHH hex, \NNN octal.  Exits 1 on anything else. */
static int xdelim(const char *s)
{
	static const char esc[] = "a\ab\bf\fn\nr\rt\tv\v\\\\";
	const char *e;
	char *end;
	unsigned long v;
	int hex;

	if (s[0] && (!s[1] || s[0] != '\\')) {
		if (!s[1])
			return (unsigned char)s[0];
		warnx_("Invalid input delimiter specification %s: the delimiter must "
		       "be either a single character or an escape sequence starting "
		       "with \\.", s);
		exit(1);
	}
	if (!s[0])
		goto bad;
	for (e = esc; *e; e += 2)
		if (e[0] == s[1])
			return (unsigned char)e[1];
	hex = s[1] == 'x';
	if (!hex && !(s[1] >= '0' && s[1] <= '9'))
		goto bad;
	v = strtoul(s + 1 + hex, &end, hex ? 16 : 8);
	if (v > 255) {
		warnx_("Invalid escape sequence %s in input delimiter specification; "
		       "character values must not exceed %s.", s, hex ? "ff" : "377");
		exit(1);
	}
	if (*end) {
		warnx_("Invalid escape sequence %s in input delimiter specification; "
		       "trailing characters %s not recognised.", s, end);
		exit(1);
	}
	return (int)v;
bad:
	warnx_("Invalid escape sequence %s in input delimiter specification.", s);
	exit(1);
}

/* xargs' own options: 1 when c was one. */
static int opt_xargs(struct opts *o, struct xargs_opts *x, struct xstate *st,
		     int c)
{
	switch (c) {
	case '0': x->delimited = 1; x->delim = '\0'; break;
	case 'a':
		o->srcs[0].kind = SRC_FILES;
		o->srcs[0].words = xreallocarray(o->srcs[0].words, 1, sizeof (char *));
		o->srcs[0].words[0] = optarg;
		o->srcs[0].nwords = 1;
		x->arg_file = 1;
		break;
	case 'd':
		x->delim = xdelim(optarg);
		x->delimited = 1;
		break;
	case 'E': x->eof = *optarg ? optarg : NULL; st->eof_set = 1; break;
	case 'e': x->eof = optarg && *optarg ? optarg : NULL; st->eof_set = 1; break;
	case 'I': case 'i': set_repl(x, optarg ? optarg : "{}"); break;
	case 'L': set_lines(x, xnum(optarg, 'L', 1, LONG_MAX, 0), 1); break;
	case 'l': set_lines(x, optarg ? xnum(optarg, 'l', 1, LONG_MAX, 0) : 1, 0);
		break;
	case 'n': set_n(x, xnum(optarg, 'n', 1, LONG_MAX, 0)); break;
	case 's':
		st->s_arg = xnum(optarg, 's', 1, (long)posix_max(), 1);
		break;
	case 'P':
		o->jobs = xnum(optarg, 'P', 0, INT_MAX, 0);
		o->jobs_zero = o->jobs == 0;
		o->jobs_arg = optarg;
		break;
	case 'p': x->interactive = 1; break;
	case 'o': x->open_tty = 1; break;
	case 'r': x->no_empty = 1; break;
	case 't': o->verbose = 1; break;
	case 'x': x->exit_big = 1; break;
	case X_SHOWLIMITS: st->show_limits = 1; break;
	case X_SLOTVAR:
		if (!*optarg || strchr(optarg, '=')) {
			warnx_("option --%s may not be set to a value which includes `='",
			       "process-slot-var");
			exit(1);
		}
		x->slot_var = optarg;
		break;
	default:
		return 0;
	}
	return 1;
}

/* parx's long options that make sense for xargs: 1 when c was one. */
static int opt_parx(struct opts *o, struct xstate *st, int c)
{
	switch (c) {
	case X_TIMEOUT:
		if (parse_duration(optarg, &o->timeout) < 0 || o->timeout <= 0)
			xfatal("--timeout", optarg);
		break;
	case X_KILLAFTER:
		if (parse_duration(optarg, &st->kill_after) < 0)
			xfatal("--kill-after", optarg);
		break;
	case X_TERMSEQ:
		if (parse_termseq(optarg, o->termseq, &o->ntermseq) < 0)
			xfatal("--termseq", optarg);
		st->termseq_set = 1;
		break;
	case X_HALT:
		if (parse_halt(optarg, &o->halt) < 0)
			xfatal("--halt", optarg);
		break;
	case X_RETRIES:
		if (parse_long(optarg, 0, 1000000, &o->retries) < 0)
			xfatal("--retries", optarg);
		if (o->retries < 1)
			o->retries = 1;
		break;
	case X_JOBLOG:
		if (!*optarg || strcmp(optarg, "+") == 0)
			xfatal("--joblog", optarg);
		o->joblog_append = optarg[0] == '+';
		o->joblog = optarg + o->joblog_append;
		break;
	case X_RESUME: o->resume = 1; break;
	case X_RESUMEFAILED: o->resume = 2; break;
	case X_RESULTS:
		if (!*optarg)
			xfatal("--results", optarg);
		o->results = optarg;
		break;
	case X_DELAY:
		if (parse_duration(optarg, &o->delay) < 0)
			xfatal("--delay", optarg);
		break;
	case X_GROUP: o->out = OUT_GROUP; st->out_set = 1; break;
	case X_UNGROUP: o->out = OUT_UNGROUP; st->out_set = 1; break;
	case X_LB: o->out = OUT_LINE; st->out_set = 1; break;
	case X_KEEP: o->keep_order = 1; st->out_set = 1; break;
	case X_TAG: o->tag = 1; st->out_set = 1; break;
	case X_BAR: o->bar = 1; break;
	case X_ETA: o->eta = 1; break;
	case X_PROGRESS: o->progress = 1; break;
	default:
		return 0;
	}
	return 1;
}

static void show_limits(const struct xargs_opts *x)
{
	size_t env = env_size(), pmax = posix_max();

	fprintf(stderr, "Your environment variables take up %zu bytes\n", env);
	fprintf(stderr, "POSIX upper limit on argument length (this system): %zu\n",
		pmax);
	fprintf(stderr, "POSIX smallest allowable upper limit on argument length "
		"(all systems): %d\n", 4096);
	fprintf(stderr, "Maximum length of command we could actually use: %zu\n",
		pmax > env ? pmax - env : 0);
	fprintf(stderr, "Size of command buffer we are actually using: %zu\n",
		x->max_chars);
	fprintf(stderr, "Maximum parallelism (--max-procs must be no greater): %d\n",
		INT_MAX);
	if (isatty(0))
		fprintf(stderr, "\nExecution of %s will continue now, and it will try "
			"to read its input and run commands; if this is not what you "
			"wanted to happen, please type the end-of-file keystroke.\n",
			prog_name());
	if (isatty(0) && !x->no_empty)
		fprintf(stderr, "Warning: %s will be run at least once.  If you do not "
			"want that to happen, then press the interrupt keystroke.\n",
			x->cmd[0]);
}

static void xdefaults(struct opts *o, struct xargs_opts *x)
{
	memset(o, 0, sizeof *o);
	memset(x, 0, sizeof *x);
	o->xargs_mode = 1;
	o->xo = x;
	o->delim = '\n';
	o->jobs = 1;
	o->retries = 1;
	o->termseq[0] = (struct termstep){ SIGTERM, 2000 };
	o->termseq[1] = (struct termstep){ SIGKILL, 25 };
	o->ntermseq = 2;
	o->sem_slots = -1;
	o->out = OUT_GROUP;
	o->srcs = xcalloc(1, sizeof *o->srcs);
	o->srcs[0].kind = SRC_STDIN;
	o->nsrcs = 1;
}

/* After the options: the command, the size limit, the output mode. */
static void xsettle(struct opts *o, struct xargs_opts *x, struct xstate *st,
		    int argc, char **argv)
{
	static char *echo[] = { (char *)"echo", NULL };
	size_t i;

	if (optind < argc) {
		x->cmd = argv + optind;
		x->ncmd = (size_t)(argc - optind);
	} else {
		x->cmd = echo;
		x->ncmd = 1;
	}
	o->cmd = x->cmd;
	o->ncmd = x->ncmd;
	for (i = 0; i < x->ncmd; i++)
		x->initial += strlen(x->cmd[i]) + 1;
	x->max_chars = st->s_arg ? (size_t)st->s_arg : posix_max();
	if (!st->s_arg && x->max_chars > XARGS_DEFAULT_CHARS)
		x->max_chars = XARGS_DEFAULT_CHARS;
	if (st->eof_set && x->eof && x->delimited)
		warnx_("warning: the -E option has no effect if -0 or -d is used.\n");
	o->delim = x->delimited ? x->delim : '\n';
	if (!st->termseq_set && st->kill_after >= 0)
		o->termseq[0].ms = (long)(st->kill_after * 1000.0 + 0.5);
	/* one command at a time writes straight through, as xargs' do */
	if (!st->out_set && o->jobs == 1)
		o->out = OUT_UNGROUP;
	if (o->resume && !o->joblog) {
		warnx_("--resume needs --joblog FILE");
		xusage();
	}
	if (st->show_limits)
		show_limits(x);
	if (x->initial > x->max_chars) {
		warnx_("cannot fit single argument within argument list size limit");
		exit(1);
	}
}

void xargs_parse(struct opts *o, int argc, char **argv)
{
	struct xargs_opts *x = xmalloc(sizeof *x);
	struct xstate st = { 0, 0, 0, 0, 0, -1, 0 };
	int c;

	xdefaults(o, x);
	opterr = 1;
	while ((c = getopt_long(argc, argv, "+0a:d:E:e::I:i::L:l::n:oP:prs:tx",
				xlongopts, NULL)) != -1) {
		if (opt_xargs(o, x, &st, c) || opt_parx(o, &st, c))
			continue;
		switch (c) {
		case X_HELP:
			printf(xargs_usage, prog_name());
			exit(fflush(stdout) == 0 ? 0 : 1);
		case X_VERSION:
			printf("%s (parx) %s\n", program_invocation_short_name,
			       PARX_VERSION);
			exit(fflush(stdout) == 0 ? 0 : 1);
		default:
			xusage();	/* getopt said what was wrong */
		}
	}
	xsettle(o, x, &st, argc, argv);
}
