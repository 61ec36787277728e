/* cgroup.h: the few cgroup v2 operations containment needs, on directory
 * fds: finding parx's own v2 cgroup, signalling and killing every process
 * in one, asking whether it is empty, moving its processes out, removing
 * it.  No state of its own: callers own every fd they pass. */
#ifndef PARX_CGROUP_H
#define PARX_CGROUP_H

#include <sys/types.h>

#include "util.h"

/* parx's own cgroup v2 directory (the cgroup2 mount from
 * /proc/self/mountinfo joined with the "0::" line of /proc/self/cgroup)
 * into dir.  0, or -1 with errno (ENOENT: no cgroup v2). */
int cgroup_find(struct sbuf *dir);
/* Send sig to every process in the cgroup at dirfd but those of process
 * group skip (0: none; the caller signalled that group itself).
 * SIGKILL goes to them all, the cgroups below included, through
 * cgroup.kill where the kernel has it, else to the pids of cgroup.procs
 * until none is left (that fallback does not descend).  0, or -1 with errno. */
int cgroup_signal(int dirfd, int sig, pid_t skip);
/* 1 when a process is left in the cgroup (cgroup.events fd, read at
 * offset 0), 0 when empty, -1 with errno. */
int cgroup_populated(int events_fd);
/* Move every process of the cgroup at dirfd into the cgroup whose
 * cgroup.procs is open at to_fd.  0, or -1 with errno. */
int cgroup_move_out(int dirfd, int to_fd);
/* rmdir name under dirfd, waiting up to secs for it to empty (EBUSY
 * while its killed processes exit).  0, or -1 with errno. */
int cgroup_remove(int dirfd, const char *name, double secs);

#endif
