/* joblog.h: --joblog (one TSV line per finished job) and the reader behind
 * --resume / --resume-failed. */
#ifndef PARX_JOBLOG_H
#define PARX_JOBLOG_H

#include <stddef.h>

#include "job.h"

struct joblog;
struct resume;

/* Open path for appending (append: keep what it holds; otherwise truncate
 * and write the header).  NULL with errno on failure. */
struct joblog *joblog_open(const char *path, int append);
/* One line for a finished job, written with a single append. */
int joblog_write(struct joblog *jl, const struct job *j, const char *host,
		 const char *cmd);
void joblog_close(struct joblog *jl);
/* Take part in p's run: log each finished job to jl (NULL: none, e.g.
 * --dry-run) and skip the jobs r says are done (NULL: no --resume;
 * failed_only: --resume-failed).  The pool owns jl and r from then on.
 * path names the joblog in messages. */
struct pool;
void joblog_attach(struct pool *p, struct joblog *jl, struct resume *r,
		   int failed_only, const char *path);

/* What an earlier joblog says: for each seq, whether it is logged and
 * whether it succeeded.  Returned by joblog_load, freed by resume_free. */
struct resume;
struct resume *joblog_load(const char *path);	/* NULL + errno */
/* Parse a joblog held in memory (also the fuzz target's entry point). */
struct resume *joblog_parse(const char *text, size_t n);
/* 1 if job seq should be skipped: logged (failed_only 0), or logged as
 * succeeded (failed_only 1). */
int resume_skip(const struct resume *r, unsigned long seq, int failed_only);
void resume_free(struct resume *r);

#endif
