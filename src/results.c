/* results.c: --results DIR and --results FILE.jsonl. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "results.h"

struct results {
	int jsonl;		/* one JSON object per job in fd */
	int fd;			/* the .jsonl file, or the DIR */
	struct sbuf line;
};

/* Per-job state: the two files the output is teed into. */
struct rjob {
	int fd[2];
};

static int mkdir_p(const char *path)
{
	char *copy = xstrdup(path), *p;
	int rc = 0;

	for (p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) < 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	if (mkdir(copy, 0777) < 0 && errno != EEXIST)
		rc = -1;
	free(copy);
	return rc;
}

struct results *results_open(const char *where)
{
	struct results *r = xcalloc(1, sizeof *r);
	size_t n = strlen(where);

	r->jsonl = n > 6 && strcmp(where + n - 6, ".jsonl") == 0;
	if (r->jsonl) {
		r->fd = open(where, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND |
			     O_CLOEXEC, 0644);
	} else {
		r->fd = -1;
		if (mkdir_p(where) == 0)
			r->fd = open(where, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (r->fd < 0) {
		int e = errno;
		free(r);
		errno = e;
		return NULL;
	}
	return r;
}

static int write_file(int dir, const char *name, const char *s, size_t n)
{
	int fd = openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc;

	if (fd < 0)
		return -1;
	rc = write_all(fd, s, n);
	if (close(fd) < 0)
		rc = -1;
	return rc;
}

int results_start(struct results *r, struct job *j, const char *cmd)
{
	struct rjob *rj = xcalloc(1, sizeof *rj);
	char name[32];
	int s, dir = -1;

	(void)cmd;
	rj->fd[0] = rj->fd[1] = -1;
	j->results = rj;
	if (r->jsonl) {
		for (s = 0; s < 2; s++)
			if ((rj->fd[s] = tmpfile_fd()) < 0)
				return -1;
	} else {
		snprintf(name, sizeof name, "%lu", j->seq);
		if (mkdirat(r->fd, name, 0777) < 0 && errno != EEXIST)
			return -1;
		if ((dir = openat(r->fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
			return -1;
		rj->fd[0] = openat(dir, "stdout", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		rj->fd[1] = openat(dir, "stderr", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		close(dir);
	}
	for (s = 0; s < 2; s++)
		if (rj->fd[s] >= 0)
			output_tee(j->oe, s, rj->fd[s]);
	return rj->fd[0] >= 0 && rj->fd[1] >= 0 ? 0 : -1;
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) { len = 2; cp = s[0] & 0x1f; }
	else if ((s[0] & 0xf0) == 0xe0) { len = 3; cp = s[0] & 0x0f; }
	else if ((s[0] & 0xf8) == 0xf0) { len = 4; cp = s[0] & 0x07; }
	else return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static int valid_utf8(const char *s, size_t n)
{
	size_t i = 0, l;

	while (i < n) {
		if (!(l = utf8_len((const unsigned char *)s + i, n - i)))
			return 0;
		i += l;
	}
	return 1;
}

static void json_string(struct sbuf *b, const char *s, size_t n)
{
	size_t i;

	sbuf_addc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': sbuf_adds(b, "\\\""); break;
		case '\\': sbuf_adds(b, "\\\\"); break;
		case '\n': sbuf_adds(b, "\\n"); break;
		case '\t': sbuf_adds(b, "\\t"); break;
		case '\r': sbuf_adds(b, "\\r"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				sbuf_addf(b, "\\u%04x", c);
			else
				sbuf_addc(b, (char)c);
		}
	}
	sbuf_addc(b, '"');
}

static void base64(struct sbuf *b, const unsigned char *s, size_t n)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	sbuf_addc(b, '"');
	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
		char q[4] = { tab[v >> 18], tab[(v >> 12) & 63], tab[(v >> 6) & 63], tab[v & 63] };
		sbuf_add(b, q, 4);
	}
	if (i < n) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0);
		char q[4] = { tab[v >> 18], tab[(v >> 12) & 63],
			      i + 1 < n ? tab[(v >> 6) & 63] : '=', '=' };
		sbuf_add(b, q, 4);
	}
	sbuf_addc(b, '"');
}

/* Read a whole temp file back. */
static int slurp(int fd, struct sbuf *b)
{
	char buf[65536];
	off_t off = 0;
	ssize_t n;

	while ((n = pread(fd, buf, sizeof buf, off)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		sbuf_add(b, buf, (size_t)n);
		off += n;
	}
	return 0;
}

static void json_field(struct sbuf *b, const char *name, const char *s, size_t n)
{
	if (valid_utf8(s, n)) {
		sbuf_addf(b, ",\"%s\":", name);
		json_string(b, s, n);
	} else {
		sbuf_addf(b, ",\"%s_base64\":", name);
		base64(b, (const unsigned char *)s, n);
	}
}

int results_end(struct results *r, struct job *j, const char *host,
		const char *cmd)
{
	struct rjob *rj = j->results;
	struct sbuf out = {0};
	int rc = 0, s;

	if (!rj)
		return -1;
	if (r->jsonl) {
		struct sbuf *b = &r->line;
		sbuf_reset(b);
		sbuf_addf(b, "{\"seq\":%lu", j->seq);
		json_field(b, "host", host, strlen(host));
		sbuf_addf(b, ",\"starttime\":%.3f,\"runtime\":%.3f,"
			  "\"exitval\":%d,\"signal\":%d",
			  j->start_real, j->end - j->start, j->exitval,
			  j->termsig);
		json_field(b, "command", cmd, strlen(cmd));
		for (s = 0; s < 2; s++) {
			sbuf_reset(&out);
			if (rj->fd[s] < 0 || slurp(rj->fd[s], &out) < 0)
				rc = -1;
			json_field(b, s ? "stderr" : "stdout", out.buf ? out.buf : "",
				   out.len);
		}
		sbuf_adds(b, "}\n");
		if (write_all(r->fd, b->buf, b->len) < 0)
			rc = -1;
	} else {
		char name[64];
		int dir;
		snprintf(name, sizeof name, "%lu", j->seq);
		dir = openat(r->fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dir < 0) {
			rc = -1;
		} else {
			sbuf_addf(&out, "%s\n", cmd);
			rc |= write_file(dir, "cmd", out.buf, out.len);
			sbuf_reset(&out);
			sbuf_addf(&out, "%d\n", j->exitval);
			rc |= write_file(dir, "exitval", out.buf, out.len);
			sbuf_reset(&out);
			sbuf_addf(&out, "%d\n", j->termsig);
			rc |= write_file(dir, "signal", out.buf, out.len);
			close(dir);
		}
	}
	for (s = 0; s < 2; s++)
		if (rj->fd[s] >= 0)
			close(rj->fd[s]);
	sbuf_free(&out);
	free(rj);
	j->results = NULL;
	return rc;
}

void results_close(struct results *r)
{
	if (!r)
		return;
	close(r->fd);
	sbuf_free(&r->line);
	free(r);
}
