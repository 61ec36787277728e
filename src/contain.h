/* contain.h: containment, so that nothing a job starts outlives parx or
 * escapes the end of its job.
 *
 * Each job slot gets a cgroup v2 of its own, made the first time the slot
 * runs a job (under parx-PID in parx's own v2 cgroup) and kept for the
 * slot's later jobs; the job's child joins it before exec.  Ending a job
 * (--timeout, --halt now, Ctrl-C) then reaches every process in its
 * cgroup, setsid and double-forked ones too.  When a job ends, what it
 * left behind is killed with --kill-leftovers or when parx ended the job,
 * else moved out to parx's own cgroup, left to the user.  Where no cgroup
 * is writable, jobs are process groups as before (one -v note).  The
 * keeper (keeper.h) ends every running job's cgroup and process group
 * when parx dies.
 *
 * struct contain is contain.c's; the pool owns it once attached.  A
 * job's j->cslot is set and cleared by contain.c's hook; exec.c and
 * term.c only pass it back here. */
#ifndef PARX_CONTAIN_H
#define PARX_CONTAIN_H

#include "spawn.h"

#include <sys/types.h>

#include "hooks.h"

struct contain;
struct contain_slot;

/* Set up the cgroups where writable, and start the keeper.  Never fails
 * the run: what is missing is noted once with verbose. */
struct contain *contain_open(int verbose, int kill_leftovers);
/* The hook that takes part in a run (main.c registers it with the pool,
 * which owns c from then on). */
struct hook contain_hook(struct contain *c);
/* For a command run outside the pool (--sem): the cgroup.procs fd its
 * child writes "0" to before exec, or -1 without cgroups. */
int contain_single(struct contain *c);
/* The --sem command has ended: its leftovers, the cgroups, the keeper. */
void contain_close(struct contain *c);

/* Fill in r for the spawn of a job in cs: the cgroup to start it in (its
 * directory and cgroup.procs, -1 none) and the keeper's cell its child
 * stores its process group in (NULL none). */
void contain_spawn_args(const struct contain_slot *cs, struct spawn_req *r);
/* sig to the processes of cs's cgroup outside process group pgid. */
void contain_signal(const struct contain_slot *cs, pid_t pgid, int sig);

#endif
