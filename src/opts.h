/* opts.h: the parsed command line.  opts_parse() fills one struct opts;
 * everything else reads it and never writes it. */
#ifndef PARX_OPTS_H
#define PARX_OPTS_H

#include <stddef.h>

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

	/* input (section 2) */
	struct src_spec *srcs;
	size_t nsrcs;
	int link;		/* --link */
	int delim;		/* record delimiter byte */
	const char *colsep;	/* --colsep ERE, or NULL */

	/* template (section 3) */
	const char *repl;	/* -I STR, default "{}" */
	int quote;		/* -q */
	long max_args;		/* -n: inputs per job, 0 = one (no chunking) */
	int xargs;		/* -X */
	long max_chars;		/* -s, 0 = system default */

	/* pool (section 4) */
	long jobs;		/* resolved slot count */
	int jobs_zero;		/* -j 0: as many as limits allow */
	const char *jobs_arg;	/* -j as written, NULL if not given */
	double delay;		/* --delay seconds */
	int nice;		/* --nice */
	int nice_set;

	/* output (section 5) */
	enum out_mode out;
	int keep_order;		/* -k */
	int tag;		/* --tag */
	const char *tagstring;	/* --tagstring */
	const char *results;	/* --results DIR or FILE.jsonl */

	/* lifecycle (section 6) */
	double timeout;		/* seconds, 0 = none */
	double timeout_pct;	/* --timeout N%: percent of median runtime */
	struct termstep termseq[TERMSEQ_MAX];
	size_t ntermseq;
	struct halt halt;
	long retries;		/* tries in all, >= 1 */
	const char *joblog;	/* path, NULL = none */
	int joblog_append;	/* +FILE */
	int resume;		/* 1 --resume, 2 --resume-failed */
	int dry_run;
	int verbose;

	/* semaphores (section 7) */
	int sem;		/* --sem mode */
	const char *sem_id;	/* --id / --sem-id */
	long sem_slots;		/* -j in --sem mode, --sem-slots in a run */
	int sem_fg;
	int sem_wait;
	double sem_timeout;	/* seconds, 0 = forever */

	/* pipe mode (section 8) */
	int pipe;		/* --pipe */
	int pipepart;		/* --pipepart */
	long long block;	/* --block bytes */
	const char *recend;	/* --recend, default "\n" */
	const char *recstart;	/* --recstart, default "" */
	long nrecords;		/* -N / -L, 0 = by size */
	long header;		/* --header N lines */
	/* the pipe family (opts_pipe.c) */
	long block_share;	/* --block -N: size / (N x jobs), 0 = off */
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

	/* remote (section 9) */
	char **sshlogins;	/* -S, --sshlogin (each may hold commas) */
	size_t nsshlogins;
	const char *sshloginfile;
	const char *ssh;	/* --ssh CMD */
	char **transferfiles;
	size_t ntransferfiles;
	int transfer;		/* --transfer */
	char **returns;		/* --return */
	size_t nreturns;
	int cleanup;
	const char *workdir;
	char **envs;		/* --env VAR */
	size_t nenvs;

	/* progress (section 10) */
	int bar;
	int eta;
	int progress;
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
int parse_delim(const char *s, int *out);
int parse_termseq(const char *s, struct termstep *seq, size_t *n);
int parse_halt(const char *s, struct halt *h);

#endif
