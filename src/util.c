/* util.c: allocation, buffers, the one printf-style formatter (sbuf_vaddf)
 * and the messages built on it, clocks, quoting, small fd helpers. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static _Noreturn void oom(void)
{
	static const char msg[] = PROG ": out of memory\n";
	(void)!write(2, msg, sizeof msg - 1);
	_exit(255);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		oom();
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void sbuf_grow(struct sbuf *b, size_t extra)
{
	size_t need;

	if (extra > (size_t)-1 - b->len - 1)
		oom();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (b->cap < 64)
		b->cap = 64;
	while (b->cap < need)
		b->cap = b->cap > (size_t)-1 / 2 ? need : b->cap * 2;
	b->buf = xrealloc(b->buf, b->cap);
}

void sbuf_add(struct sbuf *b, const void *p, size_t n)
{
	sbuf_grow(b, n);
	if (n)
		memcpy(b->buf + b->len, p, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void sbuf_addc(struct sbuf *b, int c)
{
	sbuf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}

void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	sbuf_grow(b, (size_t)n);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(b, fmt, ap);
	va_end(ap);
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->buf)
		b->buf[0] = '\0';
}

void sbuf_free(struct sbuf *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = b->cap = 0;
}

int prog_is_xargs(void)
{
	size_t n = strlen(program_invocation_short_name);

	return n >= 5 && strcmp(program_invocation_short_name + n - 5, "xargs") == 0;
}

const char *prog_name(void)
{
	/* as xargs does: the name it was run under, path and all */
	return prog_is_xargs() ? program_invocation_name : PROG;
}

static void vmsg(const char *fmt, va_list ap, int err)
{
	struct sbuf b = {0};

	sbuf_adds(&b, prog_name());
	sbuf_adds(&b, ": ");
	sbuf_vaddf(&b, fmt, ap);
	if (err) {
		sbuf_adds(&b, ": ");
		sbuf_adds(&b, strerror(err));
	}
	sbuf_addc(&b, '\n');
	(void)write_all(2, b.buf, b.len);
	sbuf_free(&b);
}

void warnx_(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(fmt, ap, 0);
	va_end(ap);
}

void warn_(const char *fmt, ...)
{
	int err = errno;
	va_list ap;
	va_start(ap, fmt);
	vmsg(fmt, ap, err);
	va_end(ap);
	errno = err;
}

void die(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(fmt, ap, 0);
	va_end(ap);
	exit(status);
}

int write_all(int fd, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				struct pollfd pfd = { .fd = fd, .events = POLLOUT };
				(void)poll(&pfd, 1, 100);
				continue;
			}
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static double clock_secs(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double now_mono(void)
{
	return clock_secs(CLOCK_MONOTONIC);
}

double now_real(void)
{
	return clock_secs(CLOCK_REALTIME);
}

/* Characters a POSIX shell reads literally anywhere in a word. */
static int shell_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
	       c == '/' || c == '+' || c == ',' || c == ':' || c == '@';
}

/* Words a shell reads as syntax where a command name goes. */
static int shell_keyword(const char *s, size_t n)
{
	static const char *const kw[] = {
		"case", "do", "done", "elif", "else", "esac", "fi", "for",
		"function", "if", "in", "select", "then", "time", "until", "while",
	};
	size_t i;

	for (i = 0; i < sizeof kw / sizeof *kw; i++)
		if (strlen(kw[i]) == n && memcmp(kw[i], s, n) == 0)
			return 1;
	return 0;
}

int shell_needs_quote(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || shell_keyword(s, n))
		return 1;
	for (i = 0; i < n; i++)
		if (!shell_safe((unsigned char)s[i]))
			return 1;
	return 0;
}

void shell_quote(struct sbuf *b, const char *s, size_t n)
{
	size_t i, start;

	if (!shell_needs_quote(s, n)) {
		sbuf_add(b, s, n);
		return;
	}
	sbuf_grow(b, n + 2);
	sbuf_addc(b, '\'');
	for (i = start = 0; i < n; i++) {
		if (s[i] != '\'')
			continue;
		sbuf_add(b, s + start, i - start);
		sbuf_adds(b, "'\"'\"'");
		start = i + 1;
	}
	sbuf_add(b, s + start, n - start);
	sbuf_addc(b, '\'');
}

int fd_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return -1;
	return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

void fd_pipe_grow(int fd, int size)
{
	int cur = fcntl(fd, F_GETPIPE_SZ);

	if (cur >= 0 && cur < size)
		(void)fcntl(fd, F_SETPIPE_SZ, size);
}

int read_all(int fd, struct sbuf *b)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		sbuf_add(b, buf, (size_t)n);
	}
	return 0;
}

const char *tmp_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir ? dir : "/tmp";
}

int tmpfile_fd(void)
{
	const char *dir = tmp_dir();
	struct sbuf path = {0};
	int fd;
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
#endif
	sbuf_adds(&path, dir);
	sbuf_adds(&path, "/parx.XXXXXX");
	fd = mkostemp(path.buf, O_CLOEXEC);
	if (fd >= 0)
		unlink(path.buf);
	sbuf_free(&path);
	return fd;
}
