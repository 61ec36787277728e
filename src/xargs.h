/* xargs.h: the xargs personality.  Under a name ending in "xargs" parx
 * reads GNU findutils xargs' command line (xargs_parse fills struct opts
 * and the struct xargs_opts it points to), splits its input as xargs does
 * (xsplit.c) and exits with xargs' statuses.
 *
 * xargs.c owns struct xargs_opts: it is written once by xargs_parse and
 * read by xsplit.c, input.c and the pool; opts_free releases it. */
#ifndef PARX_XARGS_H
#define PARX_XARGS_H

#include <stddef.h>

#include "opts.h"
#include "job.h"
#include "template.h"

struct xargs_opts {
	char **cmd;		/* COMMAND and INITIAL-ARGS (default: echo) */
	size_t ncmd;
	int delimited;		/* -0 / -d: items end with delim, no quoting */
	int delim;
	const char *eof;	/* -E / -e: logical end-of-file word, or NULL */
	const char *repl;	/* -I / -i: replace string, or NULL */
	long max_args;		/* -n, 0 = none */
	long max_lines;		/* -L / -l, 0 = none */
	size_t max_chars;	/* -s as used: the command-line size limit */
	size_t initial;		/* bytes COMMAND and INITIAL-ARGS take (with NULs) */
	int exit_big;		/* -x */
	int no_empty;		/* -r */
	int interactive;	/* -p */
	int open_tty;		/* -o */
	int arg_file;		/* -a given: jobs keep parx's stdin */
	const char *slot_var;	/* --process-slot-var */
};

/* Exit statuses of xargs. */
enum {
	XS_CMD_FAILED = 123,	/* a command exited 1-125 */
	XS_CMD_255 = 124,	/* a command exited 255: xargs stopped */
	XS_CMD_SIGNAL = 125,	/* a command was killed by a signal */
	XS_CANNOT_RUN = 126,
	XS_NOT_FOUND = 127,
};

/* 1 when parx runs as xargs (its name ends in "xargs"). */
int xargs_personality(void);

/* Parse an xargs command line into o (o->xargs_mode set, o->xo filled).
 * Prints and exits 1 on a usage error, 0 after --help or --version. */
void xargs_parse(struct opts *o, int argc, char **argv);

/* How a finished job bears on xargs' exit status: updates *status (the
 * first reason to stop wins, then 123) and returns 1 when xargs would
 * stop starting commands.  Prints xargs' message for it. */
int xargs_job_end(const struct job *j, int *status);

/* The command template t makes of the arguments c, as xargs shows it for
 * -t and -p: each word quoted only where a shell needs it.  The caller
 * frees it. */
char *xargs_display(const struct tmpl *t, const struct chunk *c);

/* The commands' environment: parx's own, and the --process-slot-var
 * variable in *slotenv (allocated here, big enough for "VAR=N"; NULL
 * without the option), to be written before each start.  The array is
 * the caller's to free; its strings are environ's and *slotenv. */
char **xargs_env(const struct xargs_opts *x, char **slotenv);

/* -p: show the command and ask on /dev/tty; 1 when the answer is yes. */
int xargs_ask(const char *display);

/* The personality taking part in a run (xargs_pool.c): -p asks before
 * each command, each finished command counts for the exit status and may
 * stop the starts.  xrun_new also gives the commands their stdin (-o the
 * terminal, -a parx's stdin); NULL after a message when /dev/tty cannot
 * be opened.  The caller keeps the xrun (the pool does not free it). */
struct exec;
struct input;
struct pool;
struct xrun;
struct xrun *xrun_new(const struct opts *o, struct exec *ex);
void xrun_attach(struct xrun *x, struct pool *p);
int xrun_status(const struct xrun *x);	/* 0, or 123-127 */
/* The exit status of the run: the input's own error (said) ends it with
 * 1, as does any error of parx's (255). */
int xrun_exit(const struct input *in, int status);
void xrun_free(struct xrun *x);

#endif
