/* semjob.h: --sem-id in a normal run: every job holds a slot of a named
 * semaphore while it runs, so concurrent parx runs share one cap. */
#ifndef PARX_SEMJOB_H
#define PARX_SEMJOB_H

#include "sem.h"

struct pool;

/* Take part in p's run with semaphore s (the pool owns it from then on).
 * Register it before the other hooks: a job waits here for a slot before
 * anything else is taken for it. */
void semjob_attach(struct sem *s, struct pool *p);

#endif
