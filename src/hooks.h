/* hooks.h: how modules take part in a run without the pool knowing them
 * (git's run_processes_parallel callbacks).
 *
 * A source hands the pool its jobs: batch.c (inputs gathered into chunks)
 * or pipe.c (blocks of stdin).  Hooks are called at points of each job's
 * life: joblog, results, semaphores, pipe blocks, remote hosts and
 * progress each register one with pool_hook_add(), get an index for their
 * per-job state in job->ext[], and keep everything else in their own
 * context.  main.c does the wiring; the pool includes none of them.
 * Every function pointer may be NULL.  Hooks are called in the order they
 * were added; one whose job_start may return HOOK_WAIT goes first, since
 * on HOOK_WAIT the hooks before it get job_ended to give back what they
 * took. */
#ifndef PARX_HOOKS_H
#define PARX_HOOKS_H

#include <stddef.h>

#include "input.h"	/* INPUT_OK and the other states of a source */
#include "job.h"
#include "util.h"

/* What job_start hooks return. */
enum { HOOK_GO = 0, HOOK_FAIL = -1, HOOK_WAIT = 1 };
/* What a job_done hook may return besides 0 and -1. */
enum { HOOK_STOP = 1 };

/* The counts a tick hook sees. */
struct pool_counts {
	unsigned long started, done;
	unsigned long total;	/* jobs in all when known, else 0 */
	size_t running;
	size_t slots;		/* job slots now (pool_set_slots) */
};

struct hook {
	void *ctx;
	const char *name;	/* what a message about it names */
	/* May a new job start now?  0 holds every start until the next
	 * event (a job ending). */
	int (*can_start)(void *ctx);
	/* 1: j is not to run at all (--resume: logged before); 2: nor
	 * is it, and it counts as failed in the exit status ({uniq}). */
	int (*job_skip)(void *ctx, const struct job *j);
	/* j is about to be built and started (each try): take what it
	 * needs (a host, a semaphore slot), set j->in, j->host.  HOOK_GO;
	 * HOOK_WAIT: nothing taken, try j again in a moment; HOOK_FAIL:
	 * j->fail set, j fails. */
	int (*job_start)(void *ctx, struct job *j);
	/* Build the argv that runs script for j (remote hosts): NUL-
	 * separated words appended to argv, their count in *nwords.  0, or
	 * -1 and j fails to start.  At most one hook wraps. */
	int (*job_wrap)(void *ctx, struct job *j, const char *script,
			struct sbuf *argv, size_t *nwords);
	/* j's process runs and its output entry exists. */
	void (*job_running)(void *ctx, struct job *j);
	/* j->fd_in (JOB_IN_FEED) is writable: write more.  1 all written
	 * (the pool closes fd_in), 0 more to come, -1 the job stopped
	 * reading.  At most one hook feeds. */
	int (*job_feed)(void *ctx, struct job *j);
	/* The feeding hook's own input (--tee, --round-robin, ... read
	 * stdin while jobs run): an fd the loop should poll for reading
	 * now, or -1; when it is ready the loop calls feed_ready, which
	 * reads without blocking and lets held jobs (JOB_IN_HOLD) be fed
	 * again. */
	int (*feed_fd)(void *ctx);
	void (*feed_ready)(void *ctx);
	/* j's try is over (reaped and drained, or it never started): give
	 * back what job_start took.  1: the try did not count (its host was
	 * unreachable), run j again. */
	int (*job_ended)(void *ctx, struct job *j);
	/* j is finished for good, j->display set: record it.  0; HOOK_STOP:
	 * start no more jobs (the running ones finish); or -1 with errno
	 * when the record could not be written (the run fails). */
	int (*job_done)(void *ctx, struct job *j);
	/* j leaves the pool (done, or dropped at the end): free ext[]. */
	void (*job_forget)(void *ctx, struct job *j);
	/* Once per turn of the loop: seconds until it wants the next turn,
	 * or -1. */
	double (*tick)(void *ctx, const struct pool_counts *c);
	/* The run is over (before the summary and exit). */
	void (*close)(void *ctx);
};

/* Where the pool's jobs come from. */
struct source {
	void *ctx;
	/* Fill j (args, or a block in ext[]) with the next job's work:
	 * INPUT_OK, INPUT_AGAIN (poll fd), INPUT_EOF or INPUT_ERR + errno. */
	int (*next)(void *ctx, struct job *j, int may_block);
	int (*fd)(void *ctx);	/* to poll for more, or -1 */
	/* What failed on INPUT_ERR, for the message. */
	const char *(*errname)(void *ctx);
	/* Jobs it will make in all when known, else 0. */
	unsigned long (*total)(void *ctx);
	/* No job will come any more. */
	int (*exhausted)(void *ctx);
	/* j is too long to run: give its later inputs back to make the
	 * next job.  1 when it did (rebuild j), else 0.  May be NULL. */
	int (*shrink)(void *ctx, struct job *j);
};

#endif
