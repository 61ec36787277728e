/* sem.c: named counting semaphores shared by independent parx processes.
 *
 * A semaphore NAME with N slots is the files NAME.1 .. NAME.N in a per-user
 * state directory; holding a slot is holding flock(LOCK_EX) on its file, so
 * the kernel frees the slot when the holder dies, however it dies.  N
 * belongs to each caller: callers passing different N share slots 1..min.
 * NAME is encoded (anything outside [A-Za-z0-9_-] becomes %XX), so it never
 * names a path of its own and never contains the '.' before the slot.
 *
 * parx --sem: the caller waits for a slot, then runs the command through
 * the shell holding it: itself with --fg, else in a forked holder process
 * that outlives the caller.  The lock fd is close-on-exec, so only parx
 * (never the command or its children) holds the slot.  The command is
 * started by spawn_job in the caller's process group (the terminal's
 * ^C and ^Z reach it) with a parent-death SIGKILL, so a killed holder
 * leaves no command running outside the limit. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sem.h"
#include "shell.h"
#include "sig.h"
#include "contain.h"
#include "spawn.h"
#include "util.h"

extern char **environ;

#define NAP_MAX 0.1		/* longest block on one slot, seconds */
#define ENC_MAX 180		/* longer encodings are cut and hashed */

struct sem {
	int dfd;		/* the state directory, O_PATH-like read fd */
	char *enc;		/* encoded name */
	long n;			/* slots */
	struct sbuf path;	/* scratch for slot file names */
};

/* The state directory's path: $XDG_RUNTIME_DIR/parx or $TMPDIR/parx-UID. */
static void state_path(struct sbuf *b)
{
	const char *d = getenv("XDG_RUNTIME_DIR");

	sbuf_reset(b);
	if (d && *d == '/') {
		sbuf_addf(b, "%s/parx", d);
		return;
	}
	sbuf_addf(b, "%s/parx-%lu", tmp_dir(), (unsigned long)geteuid());
}

/* Why the directory at dfd (or path, when dfd < 0) is not safe, or NULL. */
static const char *unsafe(int dfd, const char *path)
{
	struct stat st;

	if ((dfd >= 0 ? fstat(dfd, &st) : lstat(path, &st)) < 0)
		return NULL;
	if (!S_ISDIR(st.st_mode))
		return "is not a directory";
	if (st.st_uid != geteuid())
		return "is owned by another user";
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return "is writable by group or others";
	return NULL;
}

/* Create (mode 0700) and open the state directory; -1 with errno, EPERM
 * when it is not safe to use. */
static int state_open(void)
{
	struct sbuf path = {0};
	int made, dfd, e;

	state_path(&path);
	made = mkdir(path.buf, 0700) == 0;
	dfd = open(path.buf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	e = errno;
	sbuf_free(&path);
	if (dfd < 0) {
		errno = e == ELOOP || e == ENOTDIR ? EPERM : e;
		return -1;
	}
	if (made)
		(void)fchmod(dfd, 0700);	/* whatever the umask said */
	if (unsafe(dfd, NULL)) {
		close(dfd);
		errno = EPERM;
		return -1;
	}
	return dfd;
}

/* Encode name as a file name part: [A-Za-z0-9_-] as is, the rest %XX;
 * a long one is cut and followed by '~' and a hash of the whole name. */
static char *encode(const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	struct sbuf b = {0};
	const unsigned char *p;
	uint64_t h = 14695981039346656037u;	/* FNV-1a */

	sbuf_addc(&b, 0);	/* an empty name still gets a buffer */
	sbuf_reset(&b);
	for (p = (const unsigned char *)name; *p; p++) {
		h = (h ^ *p) * 1099511628211u;
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-') {
			sbuf_addc(&b, *p);
		} else {
			sbuf_addc(&b, '%');
			sbuf_addc(&b, hex[*p >> 4]);
			sbuf_addc(&b, hex[*p & 15]);
		}
	}
	if (b.len > ENC_MAX) {
		b.len = ENC_MAX;
		sbuf_addf(&b, "~%016llx", (unsigned long long)h);
	}
	return b.buf;
}

struct sem *sem_open_named(const char *name, long n)
{
	struct sem *s;
	int dfd = state_open();

	if (dfd < 0)
		return NULL;
	s = xcalloc(1, sizeof *s);
	s->dfd = dfd;
	s->enc = encode(name);
	s->n = n > 0 ? n : 1;
	return s;
}

void sem_close(struct sem *s)
{
	if (!s)
		return;
	close(s->dfd);
	free(s->enc);
	sbuf_free(&s->path);
	free(s);
}

/* Open slot file i (1-based), creating it when create is set. */
static int slot_open(struct sem *s, long i, int create)
{
	sbuf_reset(&s->path);
	sbuf_addf(&s->path, "%s.%ld", s->enc, i);
	return openat(s->dfd, s->path.buf, O_RDWR | O_CLOEXEC | O_NOFOLLOW |
		      O_NOCTTY | (create ? O_CREAT : 0), 0600);
}

int sem_try(struct sem *s)
{
	long i;

	for (i = 1; i <= s->n; i++) {
		int fd = slot_open(s, i, 1), e;

		if (fd < 0)
			return -1;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		e = errno;
		close(fd);
		if (e != EWOULDBLOCK) {
			errno = e;
			return -1;
		}
	}
	errno = EAGAIN;
	return -1;
}

void sem_strerror(int err, struct sbuf *b)
{
	struct sbuf path = {0};
	const char *why;

	state_path(&path);
	if (err == EPERM && (why = unsafe(-1, path.buf)))
		sbuf_addf(b, "state directory %s %s; refusing to use it",
			  path.buf, why);
	else if (err == EPERM)
		sbuf_addf(b, "state directory %s is not safe to use", path.buf);
	else
		sbuf_addf(b, "state directory %s: %s", path.buf, strerror(err));
	sbuf_free(&path);
}

/* ---- waiting ---- */

/* SIGALRM only interrupts a blocking flock(2); the handler does nothing. */
static void on_alarm(int sig)
{
	(void)sig;
}

static int alarm_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART */
	return sigaction(SIGALRM, &sa, NULL);
}

/* Seconds to block next: NAP_MAX, or what is left before deadline (0:
 * none).  -1 with ETIMEDOUT once the deadline has passed. */
static double next_wait(double deadline)
{
	double left;

	if (deadline <= 0)
		return NAP_MAX;
	left = deadline - now_mono();
	if (left <= 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	return left < NAP_MAX ? left : NAP_MAX;
}

/* flock(fd, op), blocking at most about secs: 0, or -1 with errno (EINTR:
 * the time ran out).  A repeating timer, so that an expiry just before the
 * call blocks cannot leave it blocked for good. */
static int flock_for(int fd, int op, double secs)
{
	struct itimerval it;
	long us = (long)(secs * 1e6);
	int r, e;

	if (us < 1000)
		us = 1000;
	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = us / 1000000;
	it.it_value.tv_usec = us % 1000000;
	it.it_interval = it.it_value;
	setitimer(ITIMER_REAL, &it, NULL);
	r = flock(fd, op);
	e = errno;
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, NULL);
	errno = e;
	return r;
}

/* Take a slot, waiting up to timeout seconds (0: forever): after trying
 * every slot, block on one of them in turn (woken by the kernel when it is
 * freed) for at most NAP_MAX before trying them all again.  The lock's
 * fd, or -1 with errno (ETIMEDOUT). */
static int sem_acquire(struct sem *s, double timeout)
{
	double deadline = timeout > 0 ? now_mono() + timeout : 0, secs;
	long k = (long)(getpid() % s->n);
	int fd;

	while ((fd = sem_try(s)) < 0 && errno == EAGAIN) {
		if ((secs = next_wait(deadline)) < 0)
			return -1;
		k = k % s->n + 1;
		if ((fd = slot_open(s, k, 1)) < 0)
			return -1;
		if (flock_for(fd, LOCK_EX, secs) == 0)
			return fd;
		close(fd);
		if (errno != EINTR)
			return -1;
	}
	return fd;
}

/* The slot number of directory entry d if it is one of s's, else 0. */
static long slot_of(const struct sem *s, const char *d)
{
	size_t n = strlen(s->enc);
	long v = 0;

	if (strncmp(d, s->enc, n) != 0 || d[n] != '.' || !d[n + 1])
		return 0;
	for (d += n + 1; *d; d++) {
		if (*d < '0' || *d > '9' || v > 100000000)
			return 0;
		v = v * 10 + (*d - '0');
	}
	return v;
}

/* Slot files held with a shared lock by --wait. */
struct held {
	long *slot;
	int *fd;
	size_t n, cap;
};

/* Shared-lock slot file k of s into the held set, blocking at most secs
 * (0: not at all).  1 held, 0 busy, -1 error. */
static int hold_shared(struct sem *s, long k, double secs, struct held *h)
{
	int fd = slot_open(s, k, 0);

	if (fd < 0)
		return errno == ENOENT ? 1 : -1;	/* gone: nobody holds it */
	if ((secs > 0 ? flock_for(fd, LOCK_SH, secs) :
			flock(fd, LOCK_SH | LOCK_NB)) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return e == EWOULDBLOCK || e == EINTR ? 0 : -1;
	}
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->slot = xreallocarray(h->slot, h->cap, sizeof *h->slot);
		h->fd = xreallocarray(h->fd, h->cap, sizeof *h->fd);
	}
	h->slot[h->n] = k;
	h->fd[h->n++] = fd;
	return 1;
}

/* Shared-lock every slot file of s not yet held.  The number newly held,
 * with the first busy slot in *busy (0: none); or -1 with errno. */
static long scan(struct sem *s, struct held *h, long *busy)
{
	struct dirent *d;
	long fresh = 0;
	DIR *dir;
	int dfd = openat(s->dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	*busy = 0;
	if (dfd < 0 || !(dir = fdopendir(dfd))) {
		if (dfd >= 0)
			close(dfd);
		return -1;
	}
	while ((d = readdir(dir))) {
		long k = slot_of(s, d->d_name);
		size_t i;
		int r;

		for (i = 0; i < h->n && h->slot[i] != k; i++)
			;
		if (k == 0 || i < h->n)
			continue;
		if ((r = hold_shared(s, k, 0, h)) < 0) {
			closedir(dir);
			return -1;
		}
		if (r == 0 && !*busy)
			*busy = k;
		fresh += r == 1;
	}
	closedir(dir);
	return fresh;
}

/* Return when no slot of s is held by anyone: shared-lock every slot file
 * there is (new holders wait for us meanwhile), blocking on a busy one,
 * until a scan finds nothing new; then let go.  0, or -1 with errno
 * (ETIMEDOUT). */
static int sem_wait_idle(struct sem *s, double timeout)
{
	double deadline = timeout > 0 ? now_mono() + timeout : 0, secs;
	struct held h = {0};
	long fresh, busy;
	int rc = 0, e = 0;
	size_t i;

	while ((fresh = scan(s, &h, &busy)) != 0 || busy) {
		if (fresh < 0 || (busy && (secs = next_wait(deadline)) < 0) ||
		    (busy && hold_shared(s, busy, secs, &h) < 0)) {
			e = errno;
			rc = -1;
			break;
		}
	}
	for (i = 0; i < h.n; i++)
		close(h.fd[i]);
	free(h.slot);
	free(h.fd);
	errno = e;
	return rc;
}

/* ---- running the command ---- */

/* Start argv through spawn.c, in our process group, on our stdin.  The
 * pid, or -1 after a message with *rc the status to exit with. */
static pid_t start_command(char *const *argv, int cgroup_fd, int *rc)
{
	struct spawn_req r;
	pid_t pid;
	int e;

	memset(&r, 0, sizeof r);
	r.path = argv[0];
	r.argv = argv;
	r.envp = environ;
	r.in = 0;
	r.out = r.err = -1;
	r.keep_pgrp = 1;
	r.cgroup_fd = cgroup_fd;
	if ((pid = spawn_job(&r)) >= 0)
		return pid;
	e = errno;
	if (e == EAGAIN || e == ENOMEM) {
		warn_("--sem: cannot start the command");
		*rc = 255;
	} else {
		warnx_("%s: %s", argv[0], spawn_strerror(argv[0], e));
		*rc = spawn_status(e);
	}
	return -1;
}

/* Run argv holding the slot (our lock fd is close-on-exec), stdin from
 * /dev/null unless keep_stdin; forward SIGTERM and SIGHUP to it, ignore
 * SIGINT and SIGQUIT (the terminal sends them to the command too, which
 * shares our process group).  Returns its exit status, 128+S on signal S,
 * 127 or 126 when it could not be run. */
static int run_holding(const struct opts *o, char *const *argv,
		       int keep_stdin)
{
	struct sigaction sa;
	struct contain *c;
	pid_t pid;
	int st;

	if (sig_init() < 0) {
		warn_("--sem: cannot set up signal handling");
		return 255;
	}
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = SIG_DFL;	/* ^Z stops us along with the command */
	sigaction(SIGTSTP, &sa, NULL);
	if (!keep_stdin) {
		int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd < 0 || dup2(fd, 0) < 0) {
			warn_("/dev/null");
			return 255;
		}
		close(fd);
	}
	/* its own cgroup, ended by the keeper if we die */
	c = contain_open(o->verbose || o->trace, o->kill_leftovers);
	if ((pid = start_command(argv, contain_single(c), &st)) < 0) {
		contain_close(c);
		return st;
	}
	for (;;) {
		struct pollfd pfd = { sig_fd(), POLLIN, 0 };
		pid_t r = waitpid(pid, &st, WNOHANG);
		int sig;

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			warn_("--sem: waitpid");
			contain_close(c);
			return 255;
		}
		if (r == 0 && poll(&pfd, 1, -1) < 0 && errno != EINTR) {
			warn_("--sem: poll");
			contain_close(c);
			return 255;
		}
		while ((sig = sig_next()) != 0)
			if (sig == SIGTERM || sig == SIGHUP)
				kill(pid, sig);
	}
	contain_close(c);
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

/* Build { shell, "-c", "word word ...", NULL } in *cmd (the owner frees
 * cmd->buf and shell->buf).  0, or the status to exit with (127: no
 * shell, 126: not executable) after a message. */
static int command_argv(const struct opts *o, struct sbuf *shell,
			struct sbuf *cmd, char *argv[4])
{
	const char *sh = shell_find(NULL);
	size_t i;

	if (spawn_resolve(sh, shell) < 0) {
		int e = errno;
		warnx_("%s: %s", sh, spawn_strerror(NULL, e));
		return spawn_status(e);
	}
	for (i = 0; i < o->ncmd; i++) {
		if (i)
			sbuf_addc(cmd, ' ');
		sbuf_adds(cmd, o->cmd[i]);
	}
	argv[0] = shell->buf;
	argv[1] = (char *)"-c";
	argv[2] = cmd->buf;
	argv[3] = NULL;
	return 0;
}

/* Run the command holding lockfd: here with --fg, else in a holder process
 * of its own while the caller returns 0. */
static int sem_run(const struct opts *o, int lockfd)
{
	struct sbuf shell = {0}, cmd = {0};
	char *argv[4];
	int rc;
	pid_t pid;

	if ((rc = command_argv(o, &shell, &cmd, argv)) != 0)
		goto out;
	if (o->sem_fg) {
		rc = run_holding(o, argv, 1);
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(run_holding(o, argv, 0));	/* the holder: lockfd came along */
	if (pid < 0) {
		warn_("--sem: cannot start the command");
		rc = 255;
	}
out:
	close(lockfd);	/* the holder's copy keeps the lock */
	sbuf_free(&shell);
	sbuf_free(&cmd);
	return rc;
}

int sem_main(const struct opts *o)
{
	struct sem *s;
	int rc, fd;

	if (o->sem_wait && o->ncmd) {
		warnx_("--sem --wait takes no command");
		return 255;
	}
	if (alarm_init() < 0 || !(s = sem_open_named(o->sem_id, o->sem_slots))) {
		struct sbuf why = {0};

		sem_strerror(errno, &why);
		warnx_("--sem: %s", why.buf);
		sbuf_free(&why);
		return 255;
	}
	if (o->sem_wait) {
		rc = sem_wait_idle(s, o->sem_timeout);
		fd = -1;
	} else {
		rc = fd = sem_acquire(s, o->sem_timeout);
	}
	if (rc < 0 && errno == ETIMEDOUT) {
		warnx_("semaphore '%s': %s after %gs (--sem-timeout)", o->sem_id,
		       o->sem_wait ? "still in use" : "no slot free",
		       o->sem_timeout);
		rc = 75;
	} else if (rc < 0) {
		warn_("semaphore '%s'", o->sem_id);
		rc = 255;
	} else if (fd >= 0) {
		rc = sem_run(o, fd);
	}
	sem_close(s);
	return rc;
}
