/* opts_impl.h: what the files of the command line share: opts.c (the
 * parse, the checks, the profiles), optset.c (what each option sets) and
 * optable.c (the long options).  Nothing else includes it. */
#ifndef PARX_OPTS_IMPL_H
#define PARX_OPTS_IMPL_H

#include <getopt.h>

#include "opts.h"

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
	O_RETRYDELAY, O_KILLLEFT, O_SHOWLIMITS,
};

/* Replacement-string options (issue 15). */
enum {
	O_PLUS = 512, O_ER, O_BNR, O_DNR, O_BNER, O_SEQR, O_SLOTR, O_CSV,
	O_TMPDIR,
};

/* Colour (color.c). */
enum { O_COLOR = 600, O_CTAG, O_CTAGSTRING, O_COLORFAILED };
/* Output files (issue 15): --files, --compress, --latest-line. */
enum {
	O_FILES = 700, O_COMPRESS, O_COMPRESSPRG, O_DECOMPRESSPRG, O_LATEST,
};

/* The pipe family (opts_pipe.c knows these). */
enum {
	O_TEE = 400, O_RR, O_GROUPBY, O_FIFO, O_CAT, O_SHARD, O_BIN, O_REGEXP,
	O_RRS,
};

/* What opts_parse remembers between options. */
struct parse_state {
	double kill_after;	/* --kill-after, or -1 */
	int termseq_set;	/* --termseq given: --kill-after is moot */
};

extern const struct option optable_long[];

/* optset.c: a usage error ("parx: ..." and the --help hint, exit 255);
 * append to an array; a new source; a value that must be ok. */
_Noreturn void opts_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void opts_push(char ***arr, size_t *n, char *s);
struct src_spec *opts_new_src(struct opts *o, enum src_kind kind, int linked);
void opts_need(int ok, const char *opt, const char *val, const char *what);

/* optset.c: each sets what its options mean and returns 1 when c was one
 * of them, else 0. */
int optset_input(struct opts *o, int c);
int optset_build(struct opts *o, int c);
int optset_pool(struct opts *o, int c);
int optset_run(struct opts *o, int c, struct parse_state *st);
int optset_adapt(struct opts *o, int c);
int optset_output(struct opts *o, int c);
int optset_sem(struct opts *o, int c);
int optset_pipe(struct opts *o, int c);
int optset_remote(struct opts *o, int c);
int optset_rstr(struct opts *o, int c);

#endif
