/* spawn.c: fork/exec of one job.  Between fork and exec the child calls
 * only async-signal-safe functions. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sig.h"
#include "spawn.h"

static void child_fail(const char *path, int err)
{
	const char *why;

	switch (err) {
	case ENOENT: why = ": command not found\n"; break;
	case EACCES: why = ": permission denied\n"; break;
	case E2BIG: why = ": argument list too long\n"; break;
	case ENOEXEC: why = ": exec format error\n"; break;
	case ENOMEM: why = ": out of memory\n"; break;
	default: why = ": cannot execute\n"; break;
	}
	(void)!write(2, PROG ": ", sizeof PROG + 1);
	(void)!write(2, path, strlen(path));
	(void)!write(2, why, strlen(why));
	_exit(err == ENOENT ? 127 : 126);
}

pid_t spawn_job(const struct spawn_req *r)
{
	sigset_t old;
	pid_t parent = getpid(), pid;

	sig_block_all(&old);
	pid = vfork();
	if (pid != 0) {
		int e = errno;
		sig_restore(&old);
		errno = e;
		return pid;
	}
	/* child; the parent sleeps until it execs or exits, so its own
	 * process group exists before anyone can signal it */
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(129);
	if (r->pgid_cell)
		*r->pgid_cell = getpid();
	if (r->cgroup_fd > 2 && write(r->cgroup_fd, "0", 1) < 0)
		_exit(126);
	sig_child_reset(&old);
	if (r->in >= 0) {
		if (r->in != 0 && dup2(r->in, 0) < 0)
			_exit(126);
	} else {
		int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd < 0 || (fd != 0 && dup2(fd, 0) < 0))
			_exit(126);
	}
	if (r->out >= 0 && dup2(r->out, 1) < 0)
		_exit(126);
	if (r->err >= 0 && dup2(r->err, 2) < 0)
		_exit(126);
	if (r->nofile)
		(void)setrlimit(RLIMIT_NOFILE, r->nofile);
	if (r->nice)
		(void)!nice(r->nice);
	if (r->dir && chdir(r->dir) < 0)
		child_fail(r->dir, errno);
	execve(r->path, r->argv, r->envp);
	child_fail(r->argv[0], errno);
	return -1;
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
