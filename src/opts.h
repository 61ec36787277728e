/* opts.h: the parsed command line.  opts_parse() fills one struct opts;
 * everything else reads it and never writes it. */
#ifndef PARX_OPTS_H
#define PARX_OPTS_H

#include <stddef.h>

#include "rstr.h"

enum out_mode { OUT_GROUP, OUT_LINE, OUT_UNGROUP };

enum src_kind { SRC_WORDS, SRC_FILES, SRC_STDIN };

/* One input source as written on the command line. */
struct src_spec {
	enum src_kind kind;
	int linked;		/* :::+ / ::::+ : zip with the previous source */
	char **words;		/* SRC_WORDS: the words; SRC_FILES: the file names */
	size_t nwords;
};

/* --halt */
enum halt_when { HALT_NEVER, HALT_SOON, HALT_NOW };
enum halt_what { HALT_FAIL, HALT_SUCCESS, HALT_DONE };
struct halt {
	enum halt_when when;
	enum halt_what what;
	long count;		/* trigger after this many... */
	double percent;		/* ...or this percent of all jobs (>0 wins) */
};

/* One step of a termination sequence: send sig, then wait ms. */
struct termstep {
	int sig;
	long ms;
};
#define TERMSEQ_MAX 16

struct opts {
	/* command */
	char **cmd;		/* COMMAND words (not owned: point into argv) */
	size_t ncmd;

	/* input (parx(1): Input) */
	struct src_spec *srcs;
	size_t nsrcs;
	int link;		/* --link */
	int delim;		/* record delimiter byte */
	int delim_set;		/* -d or -0 given */
	char *delim_pre;	/* -d of several characters: all but the last
				 * (delim), which records must end with; owned */
	size_t delim_prelen;
	int no_empty;		/* -r: skip inputs of only blanks */
	const char *colsep;	/* --colsep ERE, or NULL */
	int csv;		/* --csv: the field separator byte, or 0 */
	const char *tmpdir;	/* --tmpdir: TMPDIR for parx and the jobs */
	const char *arg_sep;	/* --arg-sep, default ":::" */
	const char *arg_file_sep; /* --arg-file-sep, default "::::" */
	int trim_l, trim_r;	/* --trim: blanks off the left / right of values */
	int trim_set;		/* --trim given */
	const char *eof_str;	/* -E / --eof: input ends at this line */
	int shellquote;		/* --shellquote: print the inputs quoted */
	int shuf;		/* --shuf: run the inputs in a random order */
	int exit_toolong;	/* -x/--exit: a command too long ends the run */
	const char *slot_var;	/* --process-slot-var NAME */
	int interactive;	/* -p: ask on the terminal before each job */
	int retry_failed;	/* --retry-failed: the joblog's failed commands */
	char **retry_words;	/* their commands by job number (retry.c); owned */
	size_t nretry_words;
	int open_tty;		/* -o/--open-tty, --tty: jobs read the terminal */
	int tty_jobs;		/* --tty: also -j1 (unless -j) and -u */
	int sem_bg;		/* --bg */

	/* template (parx(1): Building the command) */
	const char *repl;	/* -I STR, default "{}" */
	struct rstr_conf rstr;	/* --plus, --er ... and -I (rstr.h) */
	int quote;		/* -q */
	long max_args;		/* -n: inputs per job, 0 = one (no chunking) */
	int zero_args;		/* -n0 / -N0 / -L0: one job per input, no values */
	int xargs;		/* -X or -m: pack inputs to the length limit */
	int xmode;		/* repeat the word holding {} per input: -X,
				 * -N (context replace); not -m */
	long max_chars;		/* -s, 0 = system default */

	/* pool (parx(1): The pool) */
	long jobs;		/* resolved slot count */
	int jobs_zero;		/* -j 0: as many as limits allow */
	const char *jobs_arg;	/* -j as written, NULL if not given */
	double delay;		/* --delay seconds */
	int nice;		/* --nice */

	/* adaptivity (parx(1): The pool; adapt.c) */
	const char *jobs_file;	/* -j FILE: re-read whenever a job ends */
	int delay_auto;		/* --delay auto / DURauto */
	long long memfree;	/* --memfree bytes, 0 none */
	long long memsuspend;	/* --memsuspend bytes, 0 none */
	int noswap;		/* --noswap */
	double load;		/* --load MAX, resolved, 0 none */
	const char *limit;	/* --limit CMD */
	double retry_delay;	/* --retry-delay seconds, 0 none */
	double retry_delay_max;	/* the doubling stops here */

	/* output (parx(1): Output) */
	enum out_mode out;
	int keep_order;		/* -k */
	int tag;		/* --tag */
	const char *tagstring;	/* --tagstring */
	int color;		/* --color, --ctag, --ctagstring */
	int color_failed;	/* --color-failed */
	const char *results;	/* --results DIR or FILE.jsonl */

	/* lifecycle (parx(1): Lifecycle) */
	double timeout;		/* seconds, 0 = none */
	double timeout_pct;	/* --timeout N%: percent of median runtime */
	struct termstep termseq[TERMSEQ_MAX];
	size_t ntermseq;
	struct halt halt;
	long retries;		/* tries in all, >= 1 */
	int retries_given;	/* --retries was on the command line */
	const char *joblog;	/* path, NULL = none */
	int joblog_append;	/* +FILE */
	int resume;		/* 1 --resume, 2 --resume-failed */
	int dry_run;
	int verbose;		/* -v: each command on stdout, in its output */
	int files;		/* --files: stdout kept in a file, its name printed */
	int compress;		/* --compress, --compress-program */
	const char *compress_prg;	/* --compress-program, or NULL */
	const char *decompress_prg;	/* --decompress-program, or NULL */
	int latest_line;	/* --latest-line */
	int trace;		/* -t, --verbose: each command on stderr */
	int summary;		/* --summary: the failure summary, tty or not */
	int show_limits;	/* --show-limits: print the length limits */
	int kill_leftovers;	/* --kill-leftovers */

	/* semaphores (parx(1): Semaphores) */
	int sem;		/* --sem mode */
	const char *sem_id;	/* --id / --sem-id */
	long sem_slots;		/* -j in --sem mode, --sem-slots in a run */
	int sem_fg;
	int sem_wait;
	double sem_timeout;	/* seconds, 0 = forever */

	/* pipe mode (parx(1): Pipe mode) */
	int pipe;		/* --pipe */
	int pipepart;		/* --pipepart */
	long long block;	/* --block bytes */
	const char *recend;	/* --recend, default "\n" */
	const char *recstart;	/* --recstart, default "" */
	long nrecords;		/* -N / -L, 0 = by size */
	long header;		/* --header N lines (: is 1) */
	const char *header_re;	/* --header REGEX as given, or NULL */
	int nrecords_n;		/* the last of them was -N */
	int cont_lines;		/* -L/-l outside pipe mode: blank-ended lines go on */
	int lines_ctx;		/* -L given (not only -l): replaces in context */
	long nrepl;		/* -N N outside pipe mode (0: not given) */
	/* the pipe family (opts_pipe.c) */
	long block_share;	/* --block -N: size / (N x jobs), 0 = off */
	int block_given;	/* --block given (--pipepart defaults to -10) */
	long reclines;		/* -L N in pipe mode: records of N lines */
	int norun_empty;	/* -r: no job for a block of empty records */
	int tee;		/* --tee: all of stdin to every job */
	int round_robin;	/* --round-robin: blocks to running jobs */
	int fifo;		/* --fifo: {} names a pipe holding the block */
	int cat;		/* --cat: {} names a file holding the block */
	int regexp;		/* --regexp: recend/recstart are EREs */
	int rrs;		/* --remove-rec-sep */
	const char *group_by;	/* --group-by COLUMN */
	const char *shard;	/* --shard COLUMN */
	const char *bin;	/* --bin COLUMN */

	/* remote (parx(1): Remote execution) */
	char **sshlogins;	/* -S, --sshlogin (each may hold commas) */
	size_t nsshlogins;
	const char *sshloginfile;
	const char *ssh;	/* --ssh CMD */
	int slurm;		/* --slurm: jobs are steps of the allocation */
	char **transferfiles;
	size_t ntransferfiles;
	int transfer;		/* --transfer */
	char **returns;		/* --return */
	size_t nreturns;
	int cleanup;
	const char *workdir;
	char **envs;		/* --env VAR */
	size_t nenvs;

	/* progress (parx(1): Progress and messages) */
	int bar;
	int eta;
	int progress;

	/* the xargs personality (section 12): set by xargs_parse only */
	int xargs_mode;		/* run under a name ending in "xargs" */
	struct xargs_opts *xo;	/* its settings (xargs.h), owned by xargs.c */
	/* profiles and $PARALLEL (profile.c) */
	char **profiles;	/* -J/--profile NAME, in order */
	size_t nprofiles;
	struct profile *prof;	/* owns the words read and the argv made */
};

/* Parse argv into o.  On a usage error prints "parx: ..." and a hint and
 * exits 255; --help and --version print and exit 0. */
void opts_parse(struct opts *o, int argc, char **argv);
void opts_free(struct opts *o);
/* opts_pipe.c: the pipe family's options (1 when c was one of them) and
 * their checks once all are read; opts_fail prints and exits 255. */
int opts_pipe(struct opts *o, int c, const char *arg);
void opts_pipe_check(struct opts *o);
_Noreturn void opts_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parsers shared with other modules.  Return 0, or -1 on a bad value. */
int parse_duration(const char *s, double *secs);
int parse_size(const char *s, long long *bytes);
int parse_long(const char *s, long min, long max, long *out);
/* A count, optionally with a unit: k M G T P (x1000), Ki Mi ... (x1024). */
int parse_count(const char *s, long min, long max, long *out);
int parse_delim(const char *s, int *out);
/* A delimiter of one or more characters, escapes as parse_delim's. */
struct sbuf;
int parse_delim_str(const char *s, struct sbuf *out);
int parse_termseq(const char *s, struct termstep *seq, size_t *n);
int parse_halt(const char *s, struct halt *h);
/* --delay DUR, DURauto or auto. */
int parse_delay(const char *s, double *secs, int *is_auto);
/* --load MAX: a number (0 = 0.01), N%, +N or -N of the CPUs. */
int parse_load(const char *s, double *max);
/* --retry-delay DUR[,MAX] (MAX defaults to the larger of DUR and 1m). */
int parse_retry_delay(const char *s, double *secs, double *max);
/* -j's syntax: N, N%, +N, -N (of the usable CPUs), 0 (*zero set). */
int parse_jobs(const char *s, long *jobs, int *zero);

#endif
