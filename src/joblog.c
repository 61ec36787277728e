/* joblog.c: the 9-column joblog and the reader behind --resume. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "joblog.h"
#include "pool.h"

static const char header[] =
	"Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n";

struct joblog {
	int fd;
	struct sbuf line;
	char *name;		/* "--joblog FILE", for messages */
	struct resume *resume;	/* --resume: what an earlier run logged */
	int failed_only;	/* --resume-failed */
};

struct joblog *joblog_open(const char *path, int append)
{
	struct joblog *jl;
	struct stat st;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
		  (append ? 0 : O_TRUNC), 0644);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && st.st_size == 0 &&
	    write_all(fd, header, sizeof header - 1) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	jl = xcalloc(1, sizeof *jl);
	jl->fd = fd;
	return jl;
}

int joblog_write(struct joblog *jl, const struct job *j, const char *host,
		 const char *cmd)
{
	const char *p;

	sbuf_reset(&jl->line);
	sbuf_addf(&jl->line, "%lu\t%s\t%.3f\t%10.3f\t%llu\t%llu\t%d\t%d\t",
		  j->seq, host, j->start_real, j->end - j->start, j->sent,
		  j->received, j->exitval, j->termsig);
	/* one line per job: a newline in the command would split it */
	for (p = cmd; *p; p++)
		sbuf_addc(&jl->line, *p == '\n' ? ' ' : *p);
	sbuf_addc(&jl->line, '\n');
	return write_all(jl->fd, jl->line.buf, jl->line.len);
}

void joblog_close(struct joblog *jl)
{
	if (!jl)
		return;
	if (jl->fd >= 0)
		close(jl->fd);
	sbuf_free(&jl->line);
	resume_free(jl->resume);
	free(jl->name);
	free(jl);
}

static int hook_skip(void *ctx, const struct job *j)
{
	struct joblog *jl = ctx;

	return jl->resume && resume_skip(jl->resume, j->seq, jl->failed_only);
}

static int hook_done(void *ctx, struct job *j)
{
	struct joblog *jl = ctx;

	return jl->fd < 0 ? 0 : joblog_write(jl, j, j->host, j->display);
}

static void hook_close(void *ctx)
{
	joblog_close(ctx);
}

void joblog_attach(struct pool *p, struct joblog *jl, struct resume *r,
		   int failed_only, const char *path)
{
	struct hook h = { .ctx = NULL, .job_skip = hook_skip,
			  .job_done = hook_done, .close = hook_close };

	if (!jl) {
		jl = xcalloc(1, sizeof *jl);
		jl->fd = -1;
	}
	jl->resume = r;
	jl->failed_only = failed_only;
	sbuf_reset(&jl->line);
	sbuf_addf(&jl->line, "--joblog %s", path);
	jl->name = xstrndup(jl->line.buf, jl->line.len);
	h.ctx = jl;
	h.name = jl->name;
	pool_hook_add(p, &h);
}

#define MAX_SEQ 100000000UL

struct resume {
	unsigned char *state;	/* 0 not logged, 1 failed, 2 succeeded */
	unsigned long n;
};

/* The number a column holds: an optional '-', digits, then the TAB that
 * ends the column (lines are not NUL-terminated: never read past it). */
static int col_num(const char *s, long *v)
{
	const char *p = s + (*s == '-');
	long x = 0;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (x > (LONG_MAX - 9) / 10)
			return -1;
		x = x * 10 + (*p - '0');
	}
	if (*p != '\t')
		return -1;
	*v = *s == '-' ? -x : x;
	return 0;
}

/* Parse one joblog line; 0 and seq, ok set, or -1 when it is not a job line. */
static int parse_line(const char *s, size_t n, unsigned long *seq, int *ok)
{
	const char *col[9];
	size_t k = 0, i;
	long sq, ev, sig;

	col[k++] = s;
	for (i = 0; i < n && k < 9; i++)
		if (s[i] == '\t')
			col[k++] = s + i + 1;
	if (k < 9)
		return -1;
	/* columns 0, 6 and 7 each end with a TAB inside the line */
	if (col_num(col[0], &sq) < 0 || sq < 1 || (unsigned long)sq > MAX_SEQ ||
	    col_num(col[6], &ev) < 0 || col_num(col[7], &sig) < 0)
		return -1;
	*seq = (unsigned long)sq;
	*ok = ev == 0 && sig == 0;
	return 0;
}

struct resume *joblog_parse(const char *text, size_t n)
{
	struct resume *r = xcalloc(1, sizeof *r);
	size_t i = 0;

	while (i < n) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (text + i)) : n - i;
		unsigned long seq;
		int ok;

		if (parse_line(text + i, len, &seq, &ok) == 0) {
			if (seq >= r->n) {
				unsigned long nn = r->n ? r->n : 64;
				while (nn <= seq)
					nn *= 2;
				r->state = xrealloc(r->state, nn);
				memset(r->state + r->n, 0, nn - r->n);
				r->n = nn;
			}
			/* a later line for the same job (a retry run) wins */
			r->state[seq] = ok ? 2 : 1;
		}
		i += len + 1;
	}
	return r;
}

struct resume *joblog_load(const char *path)
{
	struct sbuf b = {0};
	struct resume *r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (read_all(fd, &b) < 0) {
		int e = errno;
		close(fd);
		sbuf_free(&b);
		errno = e;
		return NULL;
	}
	close(fd);
	r = joblog_parse(b.buf ? b.buf : "", b.len);
	sbuf_free(&b);
	return r;
}

int resume_skip(const struct resume *r, unsigned long seq, int failed_only)
{
	if (!r || seq >= r->n || r->state[seq] == 0)
		return 0;
	return failed_only ? r->state[seq] == 2 : 1;
}

void resume_free(struct resume *r)
{
	if (!r)
		return;
	free(r->state);
	free(r);
}
