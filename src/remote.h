/* remote.h: running jobs on other hosts through ssh.
 *
 * remote.c owns the hosts, their ssh master connections and each job's
 * host slot (its state in job->ext); it takes part in a run through pool
 * hooks: a job starts only where a host has a free slot, its command is
 * wrapped into the ssh command for that host, and a job whose host could
 * not be reached runs again elsewhere. */
#ifndef PARX_REMOTE_H
#define PARX_REMOTE_H

#include <stddef.h>

#include "job.h"
#include "opts.h"

struct remote;
struct pool;

/* Read the hosts, start the master connections and learn each host's CPU
 * count.  Prints why and returns NULL on a bad host list. */
struct remote *remote_open(const struct opts *o);
size_t remote_slots(const struct remote *r);	/* slots over all hosts */
/* Take part in p's run (the pool owns r from then on). */
void remote_attach(struct remote *r, struct pool *p);
/* Close the master connections and remove their directory. */
void remote_close(struct remote *r);

#endif
