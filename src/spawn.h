/* spawn.h: starting one job process in its own process group. */
#ifndef PARX_SPAWN_H
#define PARX_SPAWN_H

#include <sys/resource.h>
#include <sys/types.h>

#include "util.h"

struct spawn_req {
	const char *path;	/* executable to execve */
	char *const *argv;
	char *const *envp;
	int in;			/* child's stdin, or -1 for /dev/null */
	int out, err;		/* child's stdout/stderr, or -1 to inherit */
	int nice;		/* niceness increment, 0 none */
	const char *dir;	/* chdir first, or NULL */
	const struct rlimit *nofile;	/* fd limit to restore, or NULL */
	int cgroup_fd;		/* cgroup.procs to join (the child writes
				 * "0"); 0-2 or -1: none (zeroed: none) */
	volatile pid_t *pgid_cell;	/* the child stores its process group
					 * here (the keeper's), or NULL */
};

/* Fork and exec.  The child gets its own process group, default signal
 * handling, a parent-death SIGKILL, and the given descriptors; if execve
 * fails it reports on its stderr and exits 127 (not found) or 126.
 * Returns the pid, or -1 with errno (EAGAIN: try again later). */
pid_t spawn_job(const struct spawn_req *r);

/* Find name on $PATH the way execvp would.  Returns 0 with the path in out,
 * or -1 with errno ENOENT (not found) or EACCES (not executable). */
int spawn_resolve(const char *name, struct sbuf *out);

#endif
