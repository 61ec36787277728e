/* cgroup.c: cgroup v2 operations on directory fds (see cgroup.h).  Only
 * plain system calls, so the keeper process can use them too. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"

/* Read the whole small file name under dirfd (or path when dirfd is
 * AT_FDCWD) into b.  0, or -1 with errno. */
static int slurp_at(int dirfd, const char *name, struct sbuf *b)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC), rc, e;

	sbuf_reset(b);
	if (fd < 0)
		return -1;
	rc = read_all(fd, b);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* The mount point of the cgroup2 file system, from mountinfo. */
static int v2_mount(struct sbuf *mnt)
{
	struct sbuf mi = {0};
	char *line, *save = NULL;
	int rc = -1;

	if (slurp_at(AT_FDCWD, "/proc/self/mountinfo", &mi) < 0 || !mi.buf) {
		sbuf_free(&mi);
		return -1;
	}
	for (line = strtok_r(mi.buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *sep = strstr(line, " - "), *p = line;
		int field;

		if (!sep || strncmp(sep + 3, "cgroup2 ", 8) != 0)
			continue;
		for (field = 0; field < 4 && p; field++)	/* to the mount point */
			if ((p = strchr(p, ' ')))
				p++;
		if (!p)
			continue;
		sbuf_reset(mnt);
		sbuf_add(mnt, p, strcspn(p, " "));
		rc = 0;
		break;
	}
	sbuf_free(&mi);
	if (rc < 0)
		errno = ENOENT;
	return rc;
}

int cgroup_find(struct sbuf *dir)
{
	struct sbuf cg = {0};
	char *p;
	int rc = -1;

	if (v2_mount(dir) < 0)
		return -1;
	if (slurp_at(AT_FDCWD, "/proc/self/cgroup", &cg) == 0 && cg.buf) {
		p = strncmp(cg.buf, "0::", 3) == 0 ? cg.buf : strstr(cg.buf, "\n0::");
		if (p) {
			p += p[0] == '\n' ? 4 : 3;
			p[strcspn(p, "\n")] = '\0';
			if (strcmp(p, "/") != 0)
				sbuf_adds(dir, p);
			rc = 0;
		}
	}
	sbuf_free(&cg);
	if (rc < 0)
		errno = ENOENT;
	return rc;
}

/* Send sig to each pid of cgroup.procs; how many there were, or -1. */
static int signal_pids(int dirfd, int sig, pid_t skip)
{
	struct sbuf b = {0};
	char *p, *end;
	int n = 0;

	if (slurp_at(dirfd, "cgroup.procs", &b) < 0) {
		sbuf_free(&b);
		return -1;
	}
	for (p = b.buf; p && *p; p = end) {
		long pid = strtol(p, &end, 10);
		if (end == p)
			break;
		if (pid > 0 && (!skip || getpgid((pid_t)pid) != skip) &&
		    kill((pid_t)pid, sig) == 0)
			n++;
	}
	sbuf_free(&b);
	return n;
}

static void nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int cgroup_signal(int dirfd, int sig, pid_t skip)
{
	int fd, i, rc;

	if (sig != SIGKILL)
		return signal_pids(dirfd, sig, skip) < 0 ? -1 : 0;
	if ((fd = openat(dirfd, "cgroup.kill", O_WRONLY | O_CLOEXEC)) >= 0) {
		rc = write(fd, "1", 1) == 1 ? 0 : -1;
		close(fd);
		if (rc == 0)
			return 0;
	}
	/* no cgroup.kill (before Linux 5.14): kill until none is left; a
	 * process forking meanwhile is caught by the next round */
	for (i = 0; i < 100; i++) {
		if ((rc = signal_pids(dirfd, SIGKILL, 0)) <= 0)
			return rc;
		nap(1);
	}
	return 0;
}

int cgroup_populated(int events_fd)
{
	char buf[256];
	ssize_t n = pread(events_fd, buf, sizeof buf - 1, 0);
	char *p;

	if (n < 0)
		return -1;
	buf[n] = '\0';
	if (!(p = strstr(buf, "populated ")))
		return 0;
	return p[10] == '1';
}

int cgroup_move_out(int dirfd, int to_fd)
{
	struct sbuf b = {0};
	char *p, *end;
	int rc = 0;

	if (slurp_at(dirfd, "cgroup.procs", &b) < 0) {
		sbuf_free(&b);
		return -1;
	}
	for (p = b.buf; p && *p; p = end + (*end != '\0')) {
		end = p + strcspn(p, "\n");
		if (end > p && write(to_fd, p, (size_t)(end - p)) < 0 &&
		    errno != ESRCH)
			rc = -1;
	}
	sbuf_free(&b);
	return rc;
}

int cgroup_remove(int dirfd, const char *name, double secs)
{
	double until = now_mono() + secs;

	while (unlinkat(dirfd, name, AT_REMOVEDIR) < 0) {
		if (errno == ENOENT)
			return 0;
		if (errno != EBUSY || now_mono() >= until)
			return -1;
		nap(2);
	}
	return 0;
}
