/* pipe_tee.c: --tee: every job gets all of stdin.
 *
 * Stdin goes out in rounds: a stretch of it that every job writes into
 * its stdin before the next is taken.  When stdin is a pipe the kernel
 * does the copying: tee(2) duplicates the round into the stdin pipe of
 * each job but the last, splice(2) moves it into the last one, and the
 * bytes never pass through parx.  A job whose pipe took less than the
 * whole round gets the rest written from a buffer, into which what no
 * pipe took from stdin is read.  When stdin is a regular file, each job
 * has its own offset in it, and splice(2) moves the file's pages into its
 * pipe as fast as it reads: no rounds.  Else (a terminal, a socket, or
 * tee(2) or splice(2) says EINVAL) each round is read into the buffer and
 * written to every job.
 *
 * Nothing here blocks.  A round starts when every job has written the
 * last one, has room in its pipe (a full one is polled until it has), and
 * stdin has data (else the pool polls stdin: pdist_fd, pdist_ready).
 * Memory: the buffer, at most one round (TEE_PIECE). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipe_impl.h"

#define TEE_PIECE (1 << 20)	/* a round at most */

enum { ROUND_GO, ROUND_EOF, ROUND_WAIT, ROUND_SELF };

void ptee_open(struct pipesrc *ps, struct pdist *d)
{
	struct stat st;

	d->copy = fstat(ps->rd.fd, &st) < 0 || !S_ISFIFO(st.st_mode);
	if (d->copy && S_ISREG(st.st_mode) &&
	    (d->start = lseek(ps->rd.fd, 0, SEEK_CUR)) >= 0)
		d->file = 1;
}

/* j will write no more: the others need not wait for it. */
void ptee_gone(struct pdist *d, struct pblock *b)
{
	if (!d->jobs[b->idx])
		return;
	d->jobs[b->idx] = NULL;
	if (!b->done) {
		b->done = 1;
		if (--d->behind == 0)
			phold_wake_all(d);
	}
}

/* The i-th job if it still reads its stdin (the pool closes it when the
 * job has been reaped), else NULL: it is gone. */
static struct job *live(struct pipesrc *ps, struct pdist *d, size_t i)
{
	struct job *j = d->jobs[i];

	if (j && j->fd_in < 0) {
		ptee_gone(d, j->ext[ps->ext]);
		return NULL;
	}
	return j;
}

/* Bytes waiting in the pipe fd, or -1. */
static long queued(int fd)
{
	int n;

	return ioctl(fd, FIONREAD, &n) == 0 ? (long)n : -1;
}

/* The room in j's stdin pipe (0 when full), at most max. */
static size_t room(struct pblock *b, int fd, size_t max)
{
	long q;

	if (!b->pipesz && (b->pipesz = fcntl(fd, F_GETPIPE_SZ)) <= 0)
		b->pipesz = -1;
	if (b->pipesz < 0 || (q = queued(fd)) < 0)
		return max;
	return q >= b->pipesz ? 0 : (size_t)(b->pipesz - q) < max ?
	       (size_t)(b->pipesz - q) : max;
}

/* tee(2) (last 0) or splice(2) (last 1) up to len bytes of stdin into
 * j's stdin pipe: the bytes it took.  A reader gone marks b dead; EINVAL
 * turns the kernel copy off. */
static size_t kernel_copy(struct pipesrc *ps, struct pdist *d, struct job *j,
			  struct pblock *b, size_t len, int last)
{
	ssize_t n;

	do {
		n = last ? splice(ps->rd.fd, NULL, j->fd_in, NULL, len,
				  SPLICE_F_NONBLOCK | SPLICE_F_MOVE) :
		    tee(ps->rd.fd, j->fd_in, len, SPLICE_F_NONBLOCK);
	} while (n < 0 && errno == EINTR);
	if (n > 0) {
		j->sent += (unsigned long long)n;
		return (size_t)n;
	}
	if (n < 0 && errno == EPIPE)
		b->dead = 1;
	else if (n < 0 && errno != EAGAIN)
		d->copy = 1;
	return 0;
}

/* Read stdin's [got, want) of the round into the buffer at got - base;
 * the bytes read.  Never blocks when FIONREAD said they are there. */
static size_t round_read(struct pipesrc *ps, struct pdist *d, size_t got,
			 size_t want)
{
	size_t at = got;
	ssize_t n;

	if (d->rcap < want - d->base) {
		d->rcap = want - d->base;
		d->rbuf = xrealloc(d->rbuf, d->rcap);
	}
	while (at < want) {
		n = read(ps->rd.fd, d->rbuf + (at - d->base), want - at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		at += (size_t)n;
	}
	return at - got;
}

/* Every live job has room: the least, at most max; or 0 and *full, a job
 * whose pipe is full. */
static size_t least_room(struct pipesrc *ps, struct pdist *d, size_t max,
			 struct job **full)
{
	size_t i, r;

	for (i = 0; i < d->n; i++) {
		struct job *j = live(ps, d, i);
		if (!j)
			continue;
		r = room(j->ext[ps->ext], j->fd_in, max);
		if (r == 0) {
			*full = j;
			return 0;
		}
		max = r < max ? r : max;
	}
	return max;
}

/* The round's first m bytes into the jobs' pipes by the kernel: tee(2)
 * to all but the last live job, splice(2) to it.  Sets each job's boff
 * and d->base, the bytes taken from stdin. */
static void round_kernel(struct pipesrc *ps, struct pdist *d, size_t m)
{
	size_t i, last = d->n, least = m;

	for (i = 0; i < d->n; i++)
		if (live(ps, d, i))
			last = i;
	for (i = 0; i < last; i++) {
		struct job *j = d->jobs[i];
		struct pblock *b;
		if (!j)
			continue;
		b = j->ext[ps->ext];
		b->boff = d->copy ? 0 : kernel_copy(ps, d, j, b, m, 0);
		if (!b->dead && b->boff < least)
			least = b->boff;
	}
	d->base = 0;
	if (last < d->n) {
		struct job *j = d->jobs[last];
		struct pblock *b = j->ext[ps->ext];
		b->boff = d->copy || !least ? 0 : kernel_copy(ps, d, j, b, least, 1);
		d->base = b->boff;
	}
}

/* Start the next round: ROUND_GO, ROUND_EOF, or ROUND_WAIT (for stdin,
 * d->want set, or for a job with a full pipe, woken) or ROUND_SELF (self
 * has a full pipe). */
static int round_start(struct pipesrc *ps, struct pdist *d, struct job *self)
{
	struct pollfd pfd = { .fd = ps->rd.fd, .events = POLLIN };
	struct job *full = NULL;
	size_t m = 0, i;
	long avail;

	if (!d->copy && (avail = queued(ps->rd.fd)) > 0) {
		m = least_room(ps, d, avail < TEE_PIECE ? (size_t)avail : TEE_PIECE, &full);
		if (full == self)
			return ROUND_SELF;
		if (full) {
			phold_wake(d, full);
			return ROUND_WAIT;
		}
		round_kernel(ps, d, m);
		/* what no pipe took comes from the buffer */
		m = d->base + round_read(ps, d, d->base, m);
	} else if (poll(&pfd, 1, 0) <= 0) {
		d->want = 1;
		return ROUND_WAIT;
	} else {
		/* no kernel copy, or stdin at its end (or data just came) */
		d->base = 0;
		m = round_read(ps, d, 0, TEE_PIECE);
		for (i = 0; i < d->n; i++)
			if (live(ps, d, i))
				((struct pblock *)d->jobs[i]->ext[ps->ext])->boff = 0;
	}
	d->m = m;
	if (m == 0) {
		d->eof = 1;
		return ROUND_EOF;
	}
	for (i = 0; i < d->n; i++)
		if (d->jobs[i]) {
			struct pblock *b = d->jobs[i]->ext[ps->ext];
			if (b->boff > m)
				b->boff = m;	/* someone else read stdin */
			b->done = 0;
			d->behind++;
		}
	return ROUND_GO;
}

/* Write what j lacks of the round from the buffer: 1 all, 0 EAGAIN, -1. */
static int round_write(struct pdist *d, struct job *j, struct pblock *b)
{
	ssize_t n;

	while (b->boff < d->m) {
		n = write(j->fd_in, d->rbuf + (b->boff - d->base), d->m - b->boff);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n < 0) {
			ptee_gone(d, b);
			return -1;
		}
		b->boff += (size_t)n;
		j->sent += (unsigned long long)n;
	}
	return 1;
}

/* Stdin a file: splice(2) it into j's stdin from j's own offset, as
 * fast as j reads.  1 at the end of the file, 0 more to come, -1 j
 * stopped reading; 2 splice(2) cannot read this file and nothing was
 * sent yet: use rounds. */
static int file_feed(struct pipesrc *ps, struct pdist *d, struct job *j,
		     struct pblock *b)
{
	ssize_t n;
	loff_t off;

	if (!b->part_len) {
		b->part_off = d->start;
		b->part_len = 1;	/* the offset is set */
	}
	for (;;) {
		off = (loff_t)b->part_off;
		n = splice(ps->rd.fd, &off, j->fd_in, NULL, TEE_PIECE,
			   SPLICE_F_NONBLOCK | SPLICE_F_MOVE);
		b->part_off = (long long)off;
		if (n > 0) {
			d->spliced = 1;
			j->sent += (unsigned long long)n;
			continue;
		}
		if (n == 0)
			return 1;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN)
			return 0;
		if (errno == EINVAL && !d->spliced) {
			d->file = 0;
			return 2;
		}
		ptee_gone(d, b);
		return -1;
	}
}

/* The feed hook for j: its part of the round; the last job to finish one
 * starts the next. */
int ptee_feed(struct pipesrc *ps, struct pdist *d, struct job *j, struct pblock *b)
{
	int rc;

	if (d->file && (rc = file_feed(ps, d, j, b)) != 2)
		return rc;
	for (;;) {
		if (b->dead) {
			ptee_gone(d, b);
			return -1;
		}
		if ((rc = round_write(d, j, b)) != 1)
			return rc;
		if (d->eof)
			return 1;
		if (!b->done) {
			b->done = 1;
			d->behind--;
		}
		if (d->behind > 0)
			return phold_hold(d, j);
		switch (round_start(ps, d, j)) {
		case ROUND_SELF:
			return 0;
		case ROUND_WAIT:
			return phold_hold(d, j);
		}
		/* a round, or the end: every job has something to do */
		phold_wake_all(d);
	}
}
