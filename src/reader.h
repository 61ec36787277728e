/* reader.h: the one buffered reader of an fd, used by input.c (records of
 * stdin and of :::: files, through reader_next) and by pipe.c (stdin cut
 * into --pipe blocks, through reader_fill on the raw buffer).  The owner
 * of a struct reader owns its fd; the reader owns buf. */
#ifndef PARX_READER_H
#define PARX_READER_H

#include <stddef.h>

/* What reader_next and reader_fill return when no data is there yet and
 * they may not wait: poll the fd, then call again. */
#define READER_AGAIN 2

struct reader {
	int fd;
	int delim;		/* reader_next: records end with this byte */
	char *buf;		/* the unread data is buf[start, end) */
	size_t start, end, cap;
	size_t scanned;		/* bytes after start known to hold no delim */
	int eof;		/* read(2) said end of file */
	/* --csv (issue 15, csv.c): a delim inside double quotes does not
	 * end a record; inq is the quoting state of the scanned part */
	int csv, inq;
};
void reader_init(struct reader *r, int fd, int delim);
/* 1 and p, n set to the next record (without delimiter, valid until the
 * next call), 0 at end, READER_AGAIN, or -1 with errno (with csv set,
 * EINVAL: the input ended inside a quoted field). */
int reader_next(struct reader *r, const char **p, size_t *n, int may_block);
/* Read what the fd has into buf after end (with may_block 0, only when it
 * has something).  When fewer than room bytes are free, the data
 * [start, end) first slides down to offset keep, then buf grows.  1 when
 * something was read or end of file seen, READER_AGAIN, or -1 with errno. */
int reader_fill(struct reader *r, size_t keep, size_t room, int may_block);
void reader_free(struct reader *r);

#endif
