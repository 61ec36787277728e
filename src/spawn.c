/* spawn.c: starting a process with vfork and execve, the exec's errno
 * coming back through vfork's shared memory (see spawn.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clone3.h"
#include "sig.h"
#include "spawn.h"

/* In the child: put the descriptors of r in place.  0, or -1 with errno. */
static int child_fds(const struct spawn_req *r)
{
	if (r->in >= 0) {
		if (r->in != 0 && dup2(r->in, 0) < 0)
			return -1;
	} else {
		int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd < 0 || (fd != 0 && dup2(fd, 0) < 0))
			return -1;
	}
	if (r->out >= 0 && dup2(r->out, 1) < 0)
		return -1;
	if (r->err >= 0 && dup2(r->err, 2) < 0)
		return -1;
	return 0;
}

/* What the child needs, in the parent's frame. */
struct child_ctx {
	const struct spawn_req *r;
	const char *path;
	char *const *argv;
	pid_t parent;
	const sigset_t *old;
	volatile int *err;	/* why it could not exec */
	int born_in;		/* born in r's cgroup: no cgroup.procs write */
};

/* The vfork child: become c->path with c->argv, or store why not in
 * *c->err (the parent's memory) and _exit.  Async-signal-safe calls only. */
static _Noreturn void child(void *p)
{
	const struct child_ctx *c = p;
	const struct spawn_req *r = c->r;

	/* its own process group exists before the parent wakes, so it can
	 * be signalled as a group at once */
	if (!r->keep_pgrp)
		setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != c->parent)
		_exit(129);	/* the parent died already: nobody to tell */
	/* the keeper learns the process group before anything can run */
	if (r->pgid_cell)
		*r->pgid_cell = getpid();
	if (!c->born_in && r->cgroup_fd > 2 && write(r->cgroup_fd, "0", 1) < 0) {
		*c->err = errno ? errno : EIO;
		_exit(127);
	}
	sig_child_reset(c->old);
	if (child_fds(r) == 0) {
		if (r->nofile)
			(void)setrlimit(RLIMIT_NOFILE, r->nofile);
		if (r->nice)
			(void)!nice(r->nice);
		if (!r->dir || chdir(r->dir) == 0)
			execve(c->path, c->argv, r->envp);
	}
	*c->err = errno ? errno : ENOEXEC;
	_exit(127);
}

/* The child made by clone3, born in r's cgroup, on a stack in this frame
 * (free again once clone3 returns: the child has exec'd or _exited by
 * then).  Its pid, or -1 with errno. */
static pid_t spawn_born_in(struct child_ctx *c)
{
	_Alignas(16) char stack[CLONE3_STACK];

	c->born_in = 1;
	return clone3_vfork(c->r->cgroup_dir, stack, child, c);
}

/* Start path with argv as r says; the pid, or -1 with errno (the child's,
 * when it could not exec; it is reaped then). */
static pid_t spawn_once(const struct spawn_req *r, const char *path,
			char *const *argv)
{
	volatile int err = 0;
	sigset_t old;
	struct child_ctx c = { r, path, argv, getpid(), &old, &err, 0 };
	pid_t pid = -1;
	int e = ENOSYS, st;

	sig_block_all(&old);
	if (r->cgroup_dir > 2 && (pid = spawn_born_in(&c)) < 0)
		e = errno;
	/* no clone3 here (or it refused the cgroup): join it by a write */
	if (pid < 0 && e != EAGAIN && e != ENOMEM) {
		c.born_in = 0;
		if ((pid = vfork()) == 0)
			child(&c);
	}
	e = pid < 0 ? errno : err;
	if (pid > 0 && e) {
		/* it has _exited: reap it before anyone else may */
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		pid = -1;
	}
	sig_restore(&old);
	errno = e;
	return pid;
}

/* r->path could not be exec'd (ENOEXEC): run it as a script of r->shell,
 * { shell, path, argv[1], ... }, as execvp does.  The pid, or -1 with
 * errno (ENOEXEC when the shell cannot be run). */
static pid_t spawn_script(const struct spawn_req *r)
{
	struct sbuf sh = {0};
	char **argv;
	size_t n = 0, i;
	pid_t pid = -1;
	int e = ENOEXEC;

	while (r->argv[n])
		n++;
	argv = xcalloc(n + 3, sizeof *argv);
	argv[0] = (char *)r->shell;
	argv[1] = (char *)r->path;
	for (i = 1; i < n; i++)
		argv[i + 1] = r->argv[i];
	if (spawn_resolve(r->shell, &sh) == 0) {
		pid = spawn_once(r, sh.buf, argv);
		if (pid < 0 && errno != ENOENT && errno != EACCES)
			e = errno;
	}
	sbuf_free(&sh);
	free(argv);
	errno = e;
	return pid;
}

pid_t spawn_job(const struct spawn_req *r)
{
	pid_t pid = spawn_once(r, r->path, r->argv);

	if (pid < 0 && errno == ENOEXEC && r->shell)
		pid = spawn_script(r);
	return pid;
}

const char *spawn_strerror(const char *path, int err)
{
	switch (err) {
	case ENOENT:
		/* the file is there: its #! interpreter (or ELF loader) is not */
		return path && access(path, F_OK) == 0 ?
		       "interpreter not found" : "command not found";
	case EACCES: return "permission denied";
	case E2BIG: return "argument list too long";
	case ENOEXEC: return "exec format error";
	default: return strerror(err);
	}
}

int spawn_status(int err)
{
	return err == ENOENT ? 127 : 126;
}

static int executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	if (S_ISDIR(st.st_mode) || access(path, X_OK) < 0) {
		errno = EACCES;
		return -1;
	}
	return 0;
}

int spawn_resolve(const char *name, struct sbuf *out)
{
	const char *path, *p, *end;
	int saw_eacces = 0;

	sbuf_reset(out);
	if (!*name) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(name, '/')) {
		sbuf_adds(out, name);
		return executable(name);
	}
	path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p = end + 1) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		sbuf_reset(out);
		if (end == p)
			sbuf_addc(out, '.');
		else
			sbuf_add(out, p, (size_t)(end - p));
		sbuf_addc(out, '/');
		sbuf_adds(out, name);
		if (executable(out->buf) == 0)
			return 0;
		if (errno == EACCES)
			saw_eacces = 1;
		if (!*end)
			break;
	}
	errno = saw_eacces ? EACCES : ENOENT;
	return -1;
}
