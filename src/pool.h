/* pool.h: the job slots and the event loop that runs a whole batch.
 *
 * One thread, one poll loop: it starts jobs while slots are free, drains
 * every output pipe, feeds pipe-mode blocks, reaps children, enforces
 * deadlines (timeouts, termination sequences, --delay), and acts on
 * signals.  A job is finished once it is reaped and both its output pipes
 * are at EOF; then it is logged, its output released, its slot freed. */
#ifndef PARX_POOL_H
#define PARX_POOL_H

#include "input.h"
#include "opts.h"
#include "template.h"

struct pool;

/* Run every job; returns parx's exit status (it may also end the process
 * by re-raising a fatal signal). */
int pool_run(const struct opts *o, struct input *in, struct tmpl *t);

/* Usable CPUs: the affinity mask, limited by a cgroup CPU quota; >= 1. */
long pool_cpus(void);

#endif
