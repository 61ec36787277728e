/* pool.h: the job slots and the event loop that runs a whole batch.
 *
 * One thread, one poll loop: it starts jobs from its source while slots
 * are free, drains every output pipe, lets a hook feed pipe-mode blocks,
 * reaps children, enforces deadlines (timeouts, termination sequences,
 * --delay), and acts on signals.  A job's try is over once it is reaped
 * and both its output pipes are at EOF; then the hooks see it end, and it
 * runs again or is finished: its output released, its slot freed.  The
 * pool knows the modules that take part only through their hooks. */
#ifndef PARX_POOL_H
#define PARX_POOL_H

#include <stddef.h>

#include "exec.h"
#include "hooks.h"
#include "opts.h"

struct pool;

/* A pool running the jobs src makes, their commands built and spawned by
 * ex; nslots job slots (as_many: as many as the limits allow, -j 0). */
struct pool *pool_new(const struct opts *o, struct source src,
		      struct exec *ex, size_t nslots, int as_many);
/* Register h (copied); returns its index into job->ext[].  The pool
 * owns h->ctx from then on and ends it with h->close.  (More than
 * JOB_EXT_MAX hooks is a bug: parx says so and exits.) */
int pool_hook_add(struct pool *p, const struct hook *h);
/* Change the pool while it runs (SIGUSR1/SIGUSR2, -j FILE, the xargs
 * personality's -P signals): n job slots from now on (at least 1).
 * Raising grows the slots; lowering starts no job until fewer than n run,
 * and never ends a running one.  Returns the new count. */
size_t pool_set_slots(struct pool *p, size_t n);
size_t pool_slots(const struct pool *p);
/* The --delay between two starts from now on (--delay auto), seconds. */
void pool_set_delay(struct pool *p, double secs);
double pool_delay(const struct pool *p);
/* The exit status --halt asked for, or -1 when it did not fire. */
int pool_halt_status(const struct pool *p);
/* Run every job; returns parx's exit status (it may also end the process
 * by re-raising a fatal signal). */
int pool_run(struct pool *p);
/* Free the pool; the hooks were closed by pool_run. */
void pool_free(struct pool *p);

#endif
