/* pool_impl.h: the pool's state, shared by the files that make up the pool
 * (pool.c: the loop; job.c: starting jobs; lifecycle.c: ending them;
 * limits.c: CPUs and limits).  Nothing outside them includes it. */
#ifndef PARX_POOL_IMPL_H
#define PARX_POOL_IMPL_H

#include <poll.h>
#include <stddef.h>
#include <sys/resource.h>

#include "input.h"
#include "opts.h"
#include "parx.h"
#include "pool.h"
#include "template.h"

#define NFAIL_SHOWN 10
#define READ_CHUNK 65536

struct failure {
	unsigned long seq;
	char why[48];
	char *cmd;
};

struct pool {
	const struct opts *o;
	struct input *in;
	struct tmpl *t;
	struct tmpl *tagt;	/* --tagstring */
	struct output *out;
	struct joblog *jl;
	struct resume *resume;
	struct results *res;
	struct sem *sem;
	struct pipesrc *ps;
	struct remote *rem;
	struct progress *prog;

	struct job **slot;	/* slot[i] runs job with {%} = i+1 */
	size_t nslots, running;	/* slot[] holds nslots */
	size_t maxrun;		/* jobs run at once: nslots, or fewer once a
				 * process or file limit was hit */
	unsigned long seq;	/* last seq handed out */

	/* the next job's inputs as they are gathered */
	struct chunk building, pending;
	int have_pending;
	size_t build_len;
	int in_done;		/* no more input */
	size_t xcap;		/* -X/-m: inputs per job once spread (pack.c) */
	int spread;		/* the last inputs were spread over the slots */
	struct job *rq_head, *rq_tail;	/* jobs waiting to start again */
	double retry_at;	/* when the first of them may */

	unsigned long started, done, failed, succeeded, skipped;
	struct failure fails[NFAIL_SHOWN];
	size_t nfails;

	int stop;		/* start no new jobs */
	int halted;		/* --halt fired */
	int halt_status;	/* exit status it asks for, -1 none */
	int fatal_sig;		/* SIGINT/SIGTERM/SIGHUP received */
	int error;		/* an input error: exit 255 */
	int warned_limits;
	unsigned long long fd_capped;	/* slots cut to this fd limit, or 0 */
	int watch_stdout;	/* poll fd 1 for its reader going away */
	double next_start;	/* --delay */
	double sem_retry_at;

	/* exec */
	const char *shell;
	char **envp;
	char envbuf[4][48];
	char slotvar[160];	/* --process-slot-var NAME=N */
	size_t max_chars;
	struct sbuf cmdbuf, pathbuf, disp;
	char *cache_name, *cache_path;
	struct rlimit nofile;	/* as parx found it; restored in jobs */
	int nofile_raised;	/* parx raised its own fd limit */
	int devnull;		/* the jobs' stdin unless they get a pipe */

	double *runtimes;	/* for --timeout N% */
	size_t nrt, caprt;

	struct pollfd *pfd;
	struct job **pjob;	/* job of each pollfd, NULL for others */
	int *pkind;
	size_t npfd, cappfd;
	char readbuf[READ_CHUNK];
};

/* limits.c */
void pool_fit_limits(struct pool *p);
size_t pool_arg_budget(const struct opts *o);

/* job.c */
void pool_env_init(struct pool *p);
void job_free(struct job *j);
const char *job_display(struct pool *p, struct job *j);
int job_start(struct pool *p, struct job *j);
void pool_start_jobs(struct pool *p, int *want_input);

/* lifecycle.c */
void job_signal(struct job *j, int sig);
void pool_terminate_all(struct pool *p);
void pool_check_deadlines(struct pool *p, double now);
unsigned long pool_total_jobs(const struct pool *p);
void pool_retry_later(struct pool *p, struct job *j);
void pool_retry_first(struct pool *p, struct job *j, double when);
struct job *pool_retry_pop(struct pool *p);
void job_finish(struct pool *p, struct job *j);
void job_maybe_finish(struct pool *p, struct job *j);
void pool_summary(struct pool *p);

#endif
