/* keeper.c: the process that ends parx's jobs after parx's death (see
 * keeper.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "keeper.h"

/* Slots the shared array covers; pages never touched cost nothing. */
#define KEEP_CELLS 65536

struct keep_page {
	volatile sig_atomic_t quit;	/* parx ended normally */
	volatile pid_t cell[KEEP_CELLS];	/* process group per slot, 0 */
};

struct keeper {
	int wfd;		/* write end of the pipe; closing it wakes it */
	int dfd;		/* read end of the pipe it holds till it exits */
	struct keep_page *pg;
};

/* Kill the cgroup at path and everything under it, then remove them. */
static void keeper_cgroups(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), pfd;
	const char *slash = strrchr(path, '/');
	char parent[4096];
	struct dirent *de;
	DIR *d;

	if (fd < 0)
		return;
	(void)cgroup_signal(fd, SIGKILL, 0);	/* the whole subtree */
	if ((d = fdopendir(fd)) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (de->d_type == DT_DIR && de->d_name[0] != '.') {
				int sub = openat(dirfd(d), de->d_name,
						 O_RDONLY | O_DIRECTORY | O_CLOEXEC);
				if (sub >= 0) {	/* no cgroup.kill: one by one */
					(void)cgroup_signal(sub, SIGKILL, 0);
					close(sub);
				}
				(void)cgroup_remove(dirfd(d), de->d_name, 2.0);
			}
		closedir(d);
	} else {
		close(fd);
	}
	if (slash && (size_t)(slash - path) < sizeof parent) {
		memcpy(parent, path, (size_t)(slash - path));
		parent[slash - path] = '\0';
		pfd = open(slash == path ? "/" : parent,
			   O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pfd >= 0) {
			(void)cgroup_remove(pfd, slash + 1, 2.0);
			close(pfd);
		}
	}
}

/* The keeper itself: wait for EOF, then end what is left. */
static _Noreturn void keeper_main(int rfd, int done, struct keep_page *pg,
				  const char *cgdir)
{
	static const int quiet[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP,
				     SIGTTIN, SIGTTOU, SIGPIPE, SIGUSR1,
				     SIGUSR2, SIGALRM, SIGWINCH, SIGCONT };
	struct sigaction sa;
	sigset_t none;
	char c;
	size_t i;
	int fd;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	for (i = 0; i < sizeof quiet / sizeof *quiet; i++)
		sigaction(quiet[i], &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	(void)setpgid(0, 0);
	/* hold nothing of parx's: a reader of its stdout sees EOF with it */
	if ((fd = fcntl(rfd, F_DUPFD_CLOEXEC, 10)) < 0 || dup2(fd, 3) < 0 ||
	    (fd = fcntl(done, F_DUPFD_CLOEXEC, 10)) < 0 || dup2(fd, 4) < 0)
		_exit(1);
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		_exit(1);
	(void)close_range(5, ~0U, 0);
	(void)!chdir("/");
	while (read(3, &c, 1) < 0 && errno == EINTR)
		;
	if (pg->quit)
		_exit(0);
	for (i = 0; i < KEEP_CELLS; i++)
		if (pg->cell[i] > 0)
			(void)kill(-pg->cell[i], SIGKILL);
	if (cgdir)
		keeper_cgroups(cgdir);
	_exit(0);
}

/* Fork twice, so that the keeper is no child of parx's (the pool reaps
 * only its jobs) and init reaps it.  0, or -1 with errno. */
static int keeper_fork(int p[2], int d[2], struct keep_page *pg,
		       const char *cgdir)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (fork() == 0)
			keeper_main(p[0], d[1], pg, cgdir);
		_exit(0);
	}
	if (pid < 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return 0;
}

struct keeper *keeper_start(const char *cgdir)
{
	struct keeper *k;
	int p[2], d[2] = { -1, -1 }, e;
	void *m;

	m = mmap(NULL, sizeof(struct keep_page), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	if (pipe2(p, O_CLOEXEC) < 0 || pipe2(d, O_CLOEXEC) < 0 ||
	    keeper_fork(p, d, m, cgdir) < 0) {
		e = errno;
		if (d[0] >= 0) {
			close(d[0]);
			close(d[1]);
		}
		munmap(m, sizeof(struct keep_page));
		errno = e;
		return NULL;
	}
	close(p[0]);
	close(d[1]);
	k = xcalloc(1, sizeof *k);
	k->pg = m;
	k->wfd = p[1];
	k->dfd = d[0];
	return k;
}

volatile pid_t *keeper_cell(struct keeper *k, size_t i)
{
	return k && i >= 1 && i <= KEEP_CELLS ? &k->pg->cell[i - 1] : NULL;
}

void keeper_stop(struct keeper *k)
{
	struct pollfd pfd;
	char c;

	if (!k)
		return;
	k->pg->quit = 1;
	close(k->wfd);
	/* its end of the other pipe closes as it exits (at once: it was
	 * told to quit); a keeper stopped by SIGSTOP is not waited for */
	pfd.fd = k->dfd;
	pfd.events = POLLIN;
	while ((poll(&pfd, 1, 2000) > 0 && read(k->dfd, &c, 1) > 0) ||
	       errno == EINTR)
		errno = 0;
	close(k->dfd);
	munmap((void *)k->pg, sizeof(struct keep_page));
	free(k);
}
