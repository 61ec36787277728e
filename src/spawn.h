/* spawn.h: the one way parx starts a process: jobs (job.c), the command
 * of --sem (sem.c) and ssh masters and probes (sshconn.c). */
#ifndef PARX_SPAWN_H
#define PARX_SPAWN_H

#include <sys/resource.h>
#include <sys/types.h>

#include "util.h"

/* Filled in by the caller, only read by spawn_job. */
struct spawn_req {
	const char *path;	/* executable to execve */
	char *const *argv;
	char *const *envp;
	int in;			/* child's stdin, or -1 for /dev/null */
	int out, err;		/* child's stdout/stderr, or -1 to inherit */
	int nice;		/* niceness increment, 0 none */
	const struct rlimit *nofile;	/* fd limit to restore, or NULL */
	const char *dir;	/* chdir first (local --workdir), or NULL */
	/* on ENOEXEC (a file with no #! line) run it as a script of this
	 * shell, as execvp and a shell do; NULL: ENOEXEC is a failure */
	const char *shell;
	/* stay in the caller's process group (--sem --fg, so the terminal's
	 * ^C and ^Z reach the command), instead of one of its own */
	int keep_pgrp;
	int cgroup_fd;		/* cgroup.procs to join (the child writes
				 * "0"); 0-2 or -1: none (zeroed: none) */
	int cgroup_dir;		/* the same cgroup's directory: where clone3
				 * can, the child is born in it and nothing
				 * is written; 0-2 or -1: none */
	volatile pid_t *pgid_cell;	/* the child stores its process group
					 * here (the keeper's), or NULL */
};

/* Start r->argv.  The child gets its own process group (unless keep_pgrp),
 * default signal handling, a parent-death SIGKILL and the descriptors of r.
 *
 * The child is made with vfork (or, to start it in r->cgroup_dir, with
 * clone3's equivalent, clone3.c): the parent sleeps until the child has
 * exec'd or _exited, sharing its memory meanwhile.  A child that cannot
 * exec stores errno in a variable of spawn_job's frame and _exits (as
 * glibc's posix_spawn does), so the parent learns why at no cost: no pipe,
 * no extra system call when the exec works.  Between vfork and exec the
 * child calls only async-signal-safe functions, never returns from
 * spawn_job and writes no other memory; every signal is blocked across
 * vfork, so no handler of parx runs in the child.
 *
 * Returns the pid; or -1 with errno: EAGAIN or ENOMEM when no process
 * could be made or exec ran short of memory (try again later), else why
 * the exec failed (ENOENT, EACCES, E2BIG, ENOEXEC, ...).  A child that
 * could not exec has already been reaped, with waitpid on its own pid
 * before signals are unblocked, so a SIGCHLD handler or waitpid(-1) never
 * sees it. */
pid_t spawn_job(const struct spawn_req *r);

/* Why spawn_job failed with errno err for path, in a few words for a
 * "parx: CMD: why" line: "command not found", "permission denied",
 * "argument list too long", "exec format error", ... */
const char *spawn_strerror(const char *path, int err);

/* The exit status a shell gives a command that failed so: 127 not found,
 * else 126. */
int spawn_status(int err);

/* Find name on $PATH the way execvp would.  Returns 0 with the path in out,
 * or -1 with errno ENOENT (not found) or EACCES (not executable). */
int spawn_resolve(const char *name, struct sbuf *out);

#endif
