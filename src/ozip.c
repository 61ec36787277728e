/* ozip.c: job output kept in files of its own: the compressor and the
 * decompressor of --compress, the kept files of --files, the temporary
 * directory they live in (ozip.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ozip.h"
#include "shell.h"
#include "spawn.h"

extern char **environ;

/* A compressor the pool reaped before its input ended. */
struct zkid {
	pid_t pid;
	int status;
};

struct ozip {
	int compress;
	char *zcmd, *dcmd;	/* compress / decompress commands */
	struct sbuf shell;	/* the shell that runs them (its path) */
	struct zkid *kids;
	size_t nkids, capkids;
};

/* The compressors tried for --compress, fastest first, as GNU parallel
 * tries them; each is run as "P -c -1" and "P -dc". */
static const char *const zprogs[] = {
	"pzstd", "lbzip2", "pbzip2", "zstd", "pixz", "lz4", "pigz", "lzop",
	"plzip", "lzip", "gzip", "lrz", "pxz", "bzip2", "lzma", "xz", "clzip",
};

static void ozip_pick(struct ozip *z)
{
	struct sbuf path = {0}, b = {0};
	size_t i;

	for (i = 0; i < sizeof zprogs / sizeof *zprogs; i++) {
		sbuf_reset(&path);
		if (spawn_resolve(zprogs[i], &path) == 0)
			break;
	}
	sbuf_free(&path);
	if (i == sizeof zprogs / sizeof *zprogs) {
		z->zcmd = xstrdup("cat");	/* none: stored as it is */
		if (!z->dcmd)
			z->dcmd = xstrdup("cat");
		return;
	}
	sbuf_addf(&b, "%s -c -1", zprogs[i]);
	z->zcmd = xstrdup(b.buf);
	if (!z->dcmd) {
		sbuf_reset(&b);
		sbuf_addf(&b, "%s -dc", zprogs[i]);
		z->dcmd = xstrdup(b.buf);
	}
	sbuf_free(&b);
}

struct ozip *ozip_new(const struct opts *o)
{
	struct ozip *z;
	const char *sh;

	if (!o->compress && !o->files)
		return NULL;
	z = xcalloc(1, sizeof *z);
	if (!o->compress)
		return z;
	z->compress = 1;
	if (o->decompress_prg)
		z->dcmd = xstrdup(o->decompress_prg);
	if (o->compress_prg) {
		z->zcmd = xstrdup(o->compress_prg);
		if (!z->dcmd) {
			struct sbuf b = {0};
			sbuf_addf(&b, "%s -dc", o->compress_prg);
			z->dcmd = xstrdup(b.buf);
			sbuf_free(&b);
		}
	} else {
		ozip_pick(z);
	}
	sh = shell_find(NULL);
	if (spawn_resolve(sh, &z->shell) < 0) {
		sbuf_reset(&z->shell);
		sbuf_adds(&z->shell, "/bin/sh");
	}
	return z;
}

void ozip_free(struct ozip *z)
{
	if (!z)
		return;
	free(z->zcmd);
	free(z->dcmd);
	sbuf_free(&z->shell);
	free(z->kids);
	free(z);
}

const char *ozip_cmd(const struct ozip *z)
{
	return z->zcmd ? z->zcmd : "";
}

void ozip_reaped(struct ozip *z, pid_t pid, int status)
{
	if (!z || !z->compress)
		return;
	if (z->nkids == z->capkids) {
		z->capkids = z->capkids ? z->capkids * 2 : 8;
		z->kids = xreallocarray(z->kids, z->capkids, sizeof *z->kids);
	}
	z->kids[z->nkids].pid = pid;
	z->kids[z->nkids].status = status;
	z->nkids++;
}

/* Run cmd under shell sh with these stdin and stdout: its pid or -1.
 * As GNU parallel: the compressor under the jobs' shell, the
 * decompressor under /bin/sh. */
static pid_t ozip_spawn(const char *sh, const char *cmd, int in, int out)
{
	struct spawn_req r;
	char *argv[4];

	argv[0] = (char *)sh;
	argv[1] = (char *)"-c";
	argv[2] = (char *)cmd;
	argv[3] = NULL;
	memset(&r, 0, sizeof r);
	r.path = sh;
	r.argv = argv;
	r.envp = environ;
	r.in = in;
	r.out = out;
	r.err = -1;
	r.cgroup_fd = -1;
	return spawn_job(&r);
}

/* The wait status of compressor pid: taken from what the pool reaped, or
 * waited for. */
static int ozip_wait(struct ozip *z, pid_t pid)
{
	size_t i;
	int st;

	for (;;) {
		for (i = 0; i < z->nkids; i++)
			if (z->kids[i].pid == pid) {
				st = z->kids[i].status;
				z->kids[i] = z->kids[--z->nkids];
				return st;
			}
		if (waitpid(pid, &st, 0) == pid)
			return st;
		if (errno != EINTR)
			return 255 << 8;
	}
}

void ofile_init(struct ofile *f)
{
	memset(f, 0, sizeof *f);
	f->fd = f->pipe = -1;
}

/* A fresh name DIR/parXXXXX.par in b (DIR without its trailing '/'s),
 * its five characters drawn with state *seed. */
static void ozip_name(struct sbuf *b, uint64_t *seed)
{
	static const char set[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
	const char *dir = tmp_dir();
	size_t n = strlen(dir), i;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	sbuf_reset(b);
	sbuf_add(b, dir, n);
	if (n != 1 || dir[0] != '/')
		sbuf_addc(b, '/');
	sbuf_adds(b, "par");
	for (i = 0; i < 5; i++) {
		*seed ^= *seed << 13;
		*seed ^= *seed >> 7;
		*seed ^= *seed << 17;
		sbuf_addc(b, set[*seed % (sizeof set - 1)]);
	}
	sbuf_adds(b, ".par");
}

static uint64_t ozip_seed(const void *p)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^
	       ((uint64_t)getpid() << 40) ^ (uint64_t)(uintptr_t)p ^ 1;
}

/* Create a new file of such a name: its fd (name in b) or -1. */
static int ozip_create(struct sbuf *b)
{
	uint64_t seed = ozip_seed(b);
	int i, fd;

	for (i = 0; i < 1000; i++) {
		ozip_name(b, &seed);
		fd = open(b->buf, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

/* The file of f, made on first use: unlinked where the kernel can. */
static int ofile_open(struct ofile *f, int named)
{
	struct sbuf b = {0};

	if (f->fd >= 0)
		return 0;
#ifdef O_TMPFILE
	f->fd = open(tmp_dir(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (f->fd >= 0)
		return 0;
#endif
	if (!named) {
		f->fd = tmpfile_fd();
		return f->fd < 0 ? -1 : 0;
	}
	f->fd = ozip_create(&b);
	if (f->fd < 0) {
		sbuf_free(&b);
		return -1;
	}
	f->path = b.buf;
	return 0;
}

/* The first bytes: the file, and the compressor writing it. */
static int ofile_start(struct ozip *z, struct ofile *f)
{
	int p[2];

	if (ofile_open(f, f->keep) < 0)
		return -1;
	if (!z->compress || f->pid)
		return 0;
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	f->pid = ozip_spawn(z->shell.buf, z->zcmd, p[0], f->fd);
	close(p[0]);
	if (f->pid < 0) {
		f->pid = 0;
		close(p[1]);
		return -1;
	}
	f->pipe = p[1];
	return 0;
}

int ofile_write(struct ozip *z, struct ofile *f, const char *p, size_t n)
{
	if (f->err || n == 0)
		return f->err ? -1 : 0;
	if ((f->fd < 0 || (z->compress && !f->pid)) && ofile_start(z, f) < 0) {
		f->err = errno ? errno : EIO;
		return -1;
	}
	if (write_all(f->pipe >= 0 ? f->pipe : f->fd, p, n) < 0) {
		f->err = errno ? errno : EIO;
		return -1;
	}
	f->n += n;
	return 0;
}

int ofile_into(struct ozip *z, struct ofile *f, int fd, const char *p,
	       size_t n)
{
	if (!z->compress)
		return write_all(fd, p, n);
	if (f->fd < 0 && !f->err &&
	    (f->fd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) < 0) {
		f->err = errno;
		return -1;
	}
	return ofile_write(z, f, p, n);
}

int ofile_close(struct ozip *z, struct ofile *f)
{
	int st;

	if (f->pipe >= 0) {
		close(f->pipe);
		f->pipe = -1;
	}
	if (f->pid <= 0)
		return f->err && !z->compress ? -1 : 0;
	st = ozip_wait(z, f->pid);
	f->pid = 0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* Copy the file of f from its start through put. */
static int ofile_copy(struct ofile *f,
		      void (*put)(void *arg, const char *p, size_t n), void *arg)
{
	char buf[65536];
	off_t off = 0;
	ssize_t r;

	while ((r = pread(f->fd, buf, sizeof buf, off)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		put(arg, buf, (size_t)r);
		off += r;
	}
	return 0;
}

int ofile_emit(struct ozip *z, struct ofile *f,
	       void (*put)(void *arg, const char *p, size_t n), void *arg)
{
	char buf[65536];
	int p[2], rc = 0;
	pid_t pid;
	ssize_t r;

	struct stat st;

	if (f->fd < 0 || f->n == 0)
		return 0;
	if (!z->compress)
		return ofile_copy(f, put, arg);
	/* nothing stored (the compressor failed at once): nothing to read
	 * back, as GNU parallel */
	if (fstat(f->fd, &st) == 0 && st.st_size == 0)
		return 0;
	if (lseek(f->fd, 0, SEEK_SET) < 0 || pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = ozip_spawn("/bin/sh", z->dcmd, f->fd, p[1]);
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return -1;
	}
	while ((r = read(p[0], buf, sizeof buf)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = -1;
			break;
		}
		put(arg, buf, (size_t)r);
	}
	close(p[0]);
	(void)ozip_wait(z, pid);
	return rc;
}

/* Link the unlinked file of f under a fresh name: 0 or -1. */
static int ofile_link(struct ofile *f, struct sbuf *name)
{
	char proc[64];
	uint64_t seed = ozip_seed(name);
	int i;

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", f->fd);
	for (i = 0; i < 1000; i++) {
		ozip_name(name, &seed);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, name->buf,
			   AT_SYMLINK_FOLLOW) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

int ofile_keep(struct ozip *z, struct ofile *f, struct sbuf *name)
{
	(void)z;
	f->keep = 1;
	if (ofile_open(f, 1) < 0)
		return -1;
	if (f->path) {
		sbuf_reset(name);
		sbuf_adds(name, f->path);
		free(f->path);
		f->path = NULL;
		return 0;
	}
	return ofile_link(f, name);
}

void ofile_clear(struct ozip *z, struct ofile *f)
{
	if (f->pipe >= 0)
		close(f->pipe);
	if (f->pid > 0) {
		kill(f->pid, SIGKILL);
		(void)ozip_wait(z, f->pid);
	}
	if (f->fd >= 0)
		close(f->fd);
	if (f->path)
		unlink(f->path);
	free(f->path);
	ofile_init(f);
}

int ozip_dry_name(struct sbuf *name)
{
	struct sbuf b = {0};
	int fd;

	if ((fd = ozip_create(&b)) < 0) {
		sbuf_free(&b);
		return -1;
	}
	close(fd);
	unlink(b.buf);
	sbuf_add(name, b.buf, b.len);
	sbuf_free(&b);
	return 0;
}

int ozip_check_tmpdir(void)
{
	int fd;

	if ((fd = tmpfile_fd()) < 0)
		return -1;
	close(fd);
	return 0;
}
