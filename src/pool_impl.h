/* pool_impl.h: the pool's state, for the three files that make up the pool:
 * pool.c (the loop: polling, reaping, signals, the run), start.c (starting
 * jobs in free slots) and finish.c (the end of each try).  Calls go one
 * way: pool.c calls start.c and finish.c, which call neither it nor each
 * other.  Nothing outside these three includes this header. */
#ifndef PARX_POOL_IMPL_H
#define PARX_POOL_IMPL_H

#include <poll.h>
#include <stddef.h>

#include "drain.h"
#include "exec.h"
#include "hooks.h"
#include "job.h"
#include "opts.h"
#include "output.h"
#include "pool.h"
#include "tally.h"
#include "template.h"
#include "term.h"

/* The fds one turn of the loop waits on (pool.c). */
struct pollset {
	struct pollfd *pfd;
	struct job **job;	/* job of each pollfd, NULL for others */
	int *kind;
	size_t n, cap;
};

/* The job slots: slot[i] runs the job with {%} = i+1.  start.c fills a
 * slot, finish.c empties it. */
struct slots {
	struct job **slot;
	size_t n;		/* slots in all */
	size_t running;		/* slots in use */
	size_t maxrun;		/* jobs run at once: n, or fewer once a
				 * process or file limit was hit (start.c) */
};

/* Why the loop stops starting jobs, and how the run ends (pool.c; stop
 * and error are also set by start.c and finish.c). */
struct runstate {
	int stop;		/* start no new jobs */
	int fatal_sig;		/* SIGINT/SIGTERM/SIGHUP received */
	int error;		/* an input or joblog error: exit 255 */
	int terminate;		/* --halt now: end the running jobs */
};

struct pool {
	const struct opts *o;		/* read only */
	struct source src;		/* where jobs come from (main.c) */
	struct hook hooks[JOB_EXT_MAX];	/* added by the modules */
	size_t nhooks;
	const struct hook *wrap, *feed;	/* the hooks that wrap, feed */
	struct exec *ex;		/* exec.c */
	struct output *out;		/* output.c */
	struct tmpl *tagt;		/* --tag/--tagstring (start.c) */
	struct term *term;		/* term.c */
	struct tally *tally;		/* tally.c */
	struct drain *drain;		/* drain.c */

	struct slots sl;
	unsigned long seq;		/* last seq handed out (start.c) */
	int src_done;			/* the source said EOF (start.c) */
	struct jobq retry;		/* to run again: finish.c queues,
					 * start.c starts them */
	double retry_at;		/* when the first of them may */
	struct jobq ended;		/* could not start: start.c queues,
					 * pool.c finishes them */
	double next_start;		/* --delay (start.c) */
	double delay;			/* --delay now (pool_set_delay) */
	int warned_limits;		/* start.c */
	unsigned long long fd_capped;	/* slots cut to this fd limit, or 0
					 * (pool.c) */
	int as_many;			/* -j 0 (pool.c) */

	struct runstate rs;
	int watch_stdout;		/* poll fd 1 for its reader going away */
	struct pollset ps;		/* pool.c */
};

/* start.c */
/* Start as many jobs as slots, hooks and input allow.  Sets *want_input
 * when the loop should poll the source for more.  A job that could not
 * start is queued on p->ended, and start_jobs returns. */
void start_jobs(struct pool *p, int *want_input);

/* finish.c */
/* j's try is over (JOB_ENDED): hooks, then run it again or finish it for
 * good (logged, counted, output released, freed). */
void finish_job(struct pool *p, struct job *j);
/* Jobs in all when known, else 0 (less those --resume skipped). */
unsigned long finish_total(const struct pool *p);

#endif
