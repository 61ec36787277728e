/* adapt.h: the adaptive pool.  One hook that holds starts while the
 * machine (or parx's cgroup) is short of memory, swaps, is loaded, or a
 * --limit command says wait; that terminates or suspends the youngest
 * jobs when memory runs out; and that changes the pool as it runs
 * (-j FILE re-read as jobs end, --delay auto).  The figures come from
 * machine.c, read at most five times a second.
 *
 * struct adapt is private to adapt.c; the pool owns it once attached. */
#ifndef PARX_ADAPT_H
#define PARX_ADAPT_H

#include "opts.h"
#include "pool.h"

/* Whether o asks for any of it (else nothing is attached: no cost). */
int adapt_wanted(const struct opts *o);
/* Register the hook with p. */
void adapt_attach(const struct opts *o, struct pool *p);
/* -j FILE: the job slots the file says now (-j's syntax, one line).
 * 0, or -1 with errno (EINVAL: not -j's syntax). */
int adapt_read_jobs(const char *path, long *jobs, int *zero);

#endif
