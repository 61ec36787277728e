/* keeper.h: the keeper, a small process that outlives parx to end what
 * parx's jobs left running when parx dies without cleaning up (SIGKILL,
 * the OOM killer, a crash).
 *
 * parx forks it once, before any job.  It shares one anonymous MAP_SHARED
 * array with parx: a cell per job slot where the job's child stores its
 * process group as it starts (one store in the vfork child, no system
 * call) and contain.c clears it as the try ends.  The keeper holds no fd
 * of parx's but the read end of a pipe whose write end only parx has:
 * EOF means parx is gone.  Unless parx said "quit" first (a flag in the
 * shared page), it then kills every stored process group and the parx
 * cgroup with all of its children, removes those cgroup directories, and
 * exits.  It sits in a process group of its own with terminal signals
 * ignored, so Ctrl-C or a kill of parx's group does not reach it.  It is
 * forked twice, so it is no child of parx (the pool's reaping never sees
 * it); it holds a second pipe whose EOF tells parx that it has exited.
 * struct keeper is parx's handle, owned by contain.c. */
#ifndef PARX_KEEPER_H
#define PARX_KEEPER_H

#include <stddef.h>
#include <sys/types.h>

struct keeper;

/* Fork the keeper.  cgdir: the cgroup directory it kills and removes
 * after parx's death (with the directories under it), or NULL.  NULL
 * with errno when it could not be started. */
struct keeper *keeper_start(const char *cgdir);
/* The cell of job slot i (1-based), or NULL past the array's end. */
volatile pid_t *keeper_cell(struct keeper *k, size_t i);
/* Tell the keeper to exit quietly and wait until it has.  k may be NULL. */
void keeper_stop(struct keeper *k);

#endif
