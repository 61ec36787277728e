/* reader.c: a buffered reader of one fd: records split at a delimiter
 * (reader_next), over the buffer management and read(2) of reader_fill. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "reader.h"
#include "util.h"

#define READ_MIN 65536		/* reader_next reads at least this much */
#define FIRST_CAP 131072	/* the buffer's first size, when it has none */

void reader_init(struct reader *r, int fd, int delim)
{
	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->delim = delim;
}

void reader_free(struct reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

int reader_fill(struct reader *r, size_t keep, size_t room, int may_block)
{
	ssize_t got;

	/* one byte more than asked stays free, for the NUL that ends the
	 * data: regexec reads up to a NUL whatever REG_STARTEND says */
	if (r->cap - r->end < room + 1 && r->start > keep) {
		memmove(r->buf + keep, r->buf + r->start, r->end - r->start);
		r->end -= r->start - keep;
		r->start = keep;
		r->buf[r->end] = '\0';
	}
	if (r->cap - r->end < room + 1) {
		while (r->cap - r->end < room + 1)
			r->cap = r->cap ? r->cap * 2 : FIRST_CAP;
		r->buf = xrealloc(r->buf, r->cap);
	}
	if (!may_block) {
		struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
		if (poll(&pfd, 1, 0) == 0)
			return READER_AGAIN;
	}
	got = read(r->fd, r->buf + r->end, r->cap - r->end - 1);
	if (got < 0)
		return errno == EINTR || errno == EAGAIN ? READER_AGAIN : -1;
	if (got == 0)
		r->eof = 1;
	r->end += (size_t)got;
	r->buf[r->end] = '\0';
	return 1;
}

/* Hands out the len bytes at start as the record, then moves on past them
 * and skip bytes more (the delimiter). */
static int take(struct reader *r, const char **p, size_t *n, size_t len,
		size_t skip)
{
	*p = r->buf + r->start;
	*n = len;
	r->start += len + skip;
	r->scanned = 0;
	r->inq = 0;
	return 1;
}

int reader_next(struct reader *r, const char **p, size_t *n, int may_block)
{
	for (;;) {
		char *hit = NULL;
		int rc;

		/* scan only what came since the last look: a long record
		 * read in many pieces stays linear */
		if (r->csv)
			hit = csv_scan(r->buf + r->start + r->scanned,
				       r->buf + r->end, r->delim, &r->inq);
		else if (r->end > r->start + r->scanned)
			hit = memchr(r->buf + r->start + r->scanned, r->delim,
				     r->end - r->start - r->scanned);
		if (hit)
			return take(r, p, n, (size_t)(hit - (r->buf + r->start)), 1);
		r->scanned = r->end - r->start;
		if (r->eof && r->csv && r->inq) {
			errno = EINVAL;
			return -1;
		}
		if (r->eof)
			return r->end == r->start ? 0 :
			       take(r, p, n, r->end - r->start, 0);
		if ((rc = reader_fill(r, 0, READ_MIN, may_block)) != 1)
			return rc;
	}
}
