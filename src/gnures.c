/* gnures.c: the job directories of --results DIR, as GNU parallel lays
 * them out (DIR/1/a/2/b/). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gnures.h"

#define NAME_BYTES 255		/* the longest file name (ext4 and most) */

/* One value as a path component, escaped, cut to NAME_BYTES. */
static void add_value(struct sbuf *p, const char *s, size_t n)
{
	size_t start = p->len, i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\\': sbuf_adds(p, "\\\\"); break;
		case '\t': sbuf_adds(p, "\\t"); break;
		case '\0': sbuf_adds(p, "\\0"); break;
		case '/': sbuf_adds(p, "\\_"); break;
		default: sbuf_addc(p, s[i]);
		}
	}
	if (p->len - start > NAME_BYTES) {
		p->len = start + NAME_BYTES;
		p->buf[p->len] = '\0';
	}
}

void gnures_path(const struct chunk *c, struct sbuf *path)
{
	size_t inputs = c->ninputs ? c->ninputs : 1, cols, i;

	cols = c->nvals % inputs == 0 ? c->nvals / inputs : c->nvals;
	if (cols == 0)
		cols = 1;
	for (i = 0; i < c->nvals; i++) {
		if (i)
			sbuf_addc(path, '/');
		sbuf_addf(path, "%zu/", i % cols + 1);
		add_value(path, CHUNK_VAL(c, i), c->len[i]);
	}
}

int gnures_mkdirs(int dir, const char *path)
{
	struct sbuf b = {0};
	const char *p = path;
	int fd;

	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - path) : strlen(path);
		sbuf_reset(&b);
		sbuf_add(&b, path, n);
		if (n && mkdirat(dir, b.buf, 0777) < 0 && errno != EEXIST) {
			sbuf_free(&b);
			return -1;
		}
		if (!slash)
			break;
		p = slash + 1;
	}
	sbuf_free(&b);
	fd = openat(dir, *path ? path : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd;
}

/* 1 when path has a ".." component (it could lead anywhere). */
static int has_dotdot(const char *path)
{
	const char *p = path;

	while ((p = strstr(p, "..")) != NULL) {
		if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return 1;
		p += 2;
	}
	return 0;
}

/* Open name (relative to dir fd d) empty for writing, closing *fd first. */
static int reopen(int d, const char *name, int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = openat(d, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	return *fd < 0 ? -1 : 0;
}

int gnures_open_named(const char *path, unsigned long seq, int fd[2])
{
	struct sbuf name = {0};
	char num[32];
	const char *slash = strrchr(path, '/');
	int d, sfd = -1, rc = -1;
	size_t n = slash ? (size_t)(slash - path) : 0;

	if (has_dotdot(path)) {
		errno = EPERM;
		return -1;
	}
	sbuf_add(&name, path, n);
	if (n)
		d = gnures_mkdirs(AT_FDCWD, name.buf);
	else
		d = open(slash ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d >= 0) {
		const char *base = slash ? slash + 1 : path;
		sbuf_reset(&name);
		sbuf_adds(&name, *base ? base : "stdout");
		rc = reopen(d, name.buf, &fd[0]);
		sbuf_adds(&name, *base ? ".err" : "");
		if (!*base) {
			sbuf_reset(&name);
			sbuf_adds(&name, "stderr");
		}
		rc |= reopen(d, name.buf, &fd[1]);
		sbuf_reset(&name);
		sbuf_adds(&name, *base ? base : "seq");
		sbuf_adds(&name, *base ? ".seq" : "");
		rc |= reopen(d, name.buf, &sfd);
		if (sfd >= 0 && write_all(sfd, num, (size_t)snprintf(num, sizeof num,
						       "%lu", seq)) < 0)
			rc = -1;
		if (sfd >= 0)
			close(sfd);
		close(d);
	}
	sbuf_free(&name);
	return rc;
}
