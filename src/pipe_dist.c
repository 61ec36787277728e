/* pipe_dist.c: the pipe modes whose jobs live as long as the input and
 * are fed more than one block:
 *
 *   --round-robin  one job per slot; each takes the next block whenever
 *                  it has written the last one (the header once, first);
 *   --shard COL    one job per slot; each record goes to the job that the
 *                  hash of its column COL picks;
 *   --bin COL      the same with the column's value as a number: value
 *                  modulo the slots, 1 the first job, 0 the last;
 *   --tee          one job per argument (::: ARGS); every job gets all of
 *                  stdin (its data path is pipe_tee.c's).
 *
 * Memory stays near one block per job: --shard/--bin stop reading while a
 * job's queue is over --block, --tee reads the next piece of stdin only
 * when every job has written the last one.  A job that has nothing to
 * write waits with its stdin out of the poll set (JOB_IN_HOLD, pipe_hold.c)
 * until there is something.  Stdin is never read in a way that waits:
 * with no data yet, the job is held and the pool polls stdin (pdist_fd),
 * so that the loop goes on draining every job's output meanwhile. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipe_impl.h"

enum { DIST_RR = 1, DIST_SHARD, DIST_BIN, DIST_TEE };

int pdist_open(struct pipesrc *ps, const char **what)
{
	const struct opts *o = ps->o;
	struct pdist *d = xcalloc(1, sizeof *d);

	ps->dist = d;
	d->mode = o->round_robin ? DIST_RR : o->shard ? DIST_SHARD :
		  o->bin ? DIST_BIN : DIST_TEE;
	d->n = o->jobs > 0 ? (size_t)o->jobs : 1;
	if (d->mode == DIST_TEE) {
		struct input *in = input_open(o, what);
		struct chunk c = {0};
		int rc;
		if (!in)
			return -1;
		d->n = 0;
		while ((rc = input_next(in, &c, 1)) == INPUT_OK) {
			d->args = xreallocarray(d->args, d->n + 1, sizeof *d->args);
			d->args[d->n++] = c;
			memset(&c, 0, sizeof c);
		}
		chunk_free(&c);
		input_close(in);
		if (rc != INPUT_EOF) {
			*what = "--tee: the arguments";
			return -1;
		}
		if (o->jobs > 0 && d->n > (size_t)o->jobs) {
			*what = "Error: --tee requires --jobs to be higher. Try --jobs 0.";
			errno = EINVAL;
			return -1;
		}
	}
	if (d->mode == DIST_TEE)
		ptee_open(ps, d);
	d->jobs = xcalloc(d->n ? d->n : 1, sizeof *d->jobs);
	d->behind = d->n;
	d->nohdr = (d->mode == DIST_SHARD || d->mode == DIST_BIN) && ps->rec.colname;
	return 0;
}

void pdist_close(struct pipesrc *ps)
{
	struct pdist *d = ps->dist;
	size_t i;

	if (!d)
		return;
	for (i = 0; d->args && i < d->n; i++)
		chunk_free(&d->args[i]);
	free(d->args);
	free(d->jobs);
	free(d->rbuf);
	free(d);
	ps->dist = NULL;
}

/* Read more of stdin into rbuf, without waiting for it: 1, 0 at EOF,
 * INPUT_AGAIN (nothing yet), -1. */
static int read_more(struct pipesrc *ps, struct pdist *d, size_t want)
{
	struct pollfd pfd = { .fd = ps->rd.fd, .events = POLLIN };
	ssize_t n;

	if (d->rcap - d->rlen < want) {
		d->rcap = d->rlen + want;
		d->rbuf = xrealloc(d->rbuf, d->rcap);
	}
	for (;;) {
		if (poll(&pfd, 1, 0) <= 0)
			return INPUT_AGAIN;
		n = read(ps->rd.fd, d->rbuf + d->rlen, d->rcap - d->rlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return INPUT_AGAIN;
		if (n < 0)
			return -1;
		if (n == 0)
			d->eof = 1;
		d->rlen += (size_t)n;
		return n > 0;
	}
}

/* --shard/--bin by a column's name: the header names it, and is not
 * passed on. */
static int read_header(struct pipesrc *ps, struct pdist *d, int may_block)
{
	struct pollfd pfd = { .fd = ps->rd.fd, .events = POLLIN };
	long long p = 0;
	long k;
	int rc;

	for (;;) {
		for (k = 0, p = 0; k < ps->o->header; k++)
			if ((p = pat_first(&ps->nl, d->rbuf, 0, d->rlen, p)) < 0)
				break;
		if (p >= 0 || d->eof)
			break;
		if ((rc = read_more(ps, d, WIN)) < 0)
			return INPUT_ERR;
		if (rc == INPUT_AGAIN && !may_block)
			return INPUT_AGAIN;
		if (rc == INPUT_AGAIN)
			(void)poll(&pfd, 1, -1);	/* no job runs yet */
	}
	if (p < 0)
		p = (long long)d->rlen;
	free(ps->hdr);
	ps->hdr = xmalloc((size_t)p + 1);
	memcpy(ps->hdr, d->rbuf, (size_t)p);
	ps->hlen = (size_t)p;
	memmove(d->rbuf, d->rbuf + p, d->rlen - (size_t)p);
	d->rlen -= (size_t)p;
	d->nohdr = 0;
	ps->hlen = 0;	/* not sent */
	if (prec_header_named(ps, ps->hdr, (size_t)p) < 0)
		return INPUT_ERR;
	return INPUT_OK;
}

/* The source's next job: one per slot (per argument for --tee). */
int pdist_next(struct pipesrc *ps, struct job *j, struct pblock *b, int may_block)
{
	struct pdist *d = ps->dist;
	int rc;

	if (ps->made >= d->n)
		return INPUT_EOF;
	b->part_fd = -1;
	if (d->mode == DIST_RR) {
		if ((rc = pipe_block_next(ps, b, may_block)) != INPUT_OK)
			return rc;
	} else if (d->mode == DIST_TEE) {
		chunk_append(&j->args, &d->args[ps->made]);
	} else if (d->nohdr && (rc = read_header(ps, d, may_block)) != INPUT_OK) {
		return rc;
	}
	b->idx = ps->made;
	d->jobs[b->idx] = j;
	if (b->idx + 1 == d->n)
		phold_wake_all(d);	/* --shard/--bin waited for every job */
	return INPUT_OK;
}

/* --round-robin: after each block, the next one. */
static int rr_feed(struct pipesrc *ps, struct pdist *d, struct job *j,
		   struct pblock *b)
{
	int rc;

	for (;;) {
		if ((rc = pipe_send(ps, j, b)) != 1)
			return rc;
		free(b->block);
		b->block = NULL;
		b->blen = b->boff = 0;
		b->part_len = 0;
		if (d->eof)
			return 1;
		if ((rc = pipe_block_next(ps, b, 0)) == INPUT_AGAIN) {
			d->want = 1;	/* the pool polls stdin for us */
			return phold_hold(d, j);
		}
		if (rc == INPUT_EOF)
			d->eof = 1;
		if (rc != INPUT_OK)
			return rc == INPUT_EOF ? 1 : -1;
		/* the header went with the job's first block */
		b->boff = ps->hlen < b->blen ? ps->hlen : b->blen;
	}
}

/* j will write no more: the others need not wait for it. */
static void gone(struct pdist *d, struct pblock *b)
{
	if (!d->jobs[b->idx])
		return;
	if (d->mode == DIST_TEE) {
		ptee_gone(d, b);
		return;
	}
	d->jobs[b->idx] = NULL;
	if (d->held)
		phold_wake_all(d);
}

/* Write what j has queued: 1 all, 0 EAGAIN, -1. */
static int write_queue(struct pdist *d, struct job *j, struct pblock *b,
		       const char *p, size_t len)
{
	ssize_t n;

	while (b->boff < len) {
		n = write(j->fd_in, p + b->boff, len - b->boff);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n < 0) {
			gone(d, b);
			return -1;
		}
		b->boff += (size_t)n;
		j->sent += (unsigned long long)n;
	}
	return 1;
}

/* The job a record goes to (--shard: a hash of its column; --bin: the
 * column's number modulo the jobs, 0 the last). */
static size_t pick(struct pipesrc *ps, struct pdist *d, const char *r, size_t n)
{
	size_t len = 0, i;
	long off;
	const char *v;

	off = prec_column(ps, r, n, ps->rec.col, &len);
	v = off < 0 ? "" : prec_col_ptr(ps, r, ps->rec.col, off);
	if (off < 0)
		len = 0;
	if (d->mode == DIST_SHARD) {
		unsigned long long h = 1469598103934665603ULL;
		for (i = 0; i < len; i++)
			h = (h ^ (unsigned char)v[i]) * 1099511628211ULL;
		return (size_t)(h % d->n);
	} else {
		char num[32];
		long long x;
		if (len >= sizeof num)
			len = sizeof num - 1;
		memcpy(num, v, len);
		num[len] = '\0';
		x = strtoll(num, NULL, 10) % (long long)d->n;
		if (x < 0)
			x += (long long)d->n;
		return (size_t)((x + (long long)d->n - 1) % (long long)d->n);
	}
}

/* Hand the whole records of rbuf (all of it at EOF) to their jobs. */
static void distribute(struct pipesrc *ps, struct pdist *d)
{
	const struct pat *pt = &ps->pat;
	long long pos = 0, p;

	while ((size_t)pos < d->rlen) {
		p = pat_first(pt, d->rbuf, 0, d->rlen, pos);
		if (p < 0 && !d->eof)
			break;
		if (p < 0)
			p = (long long)d->rlen;
		{
			size_t n = (size_t)(p - pos), k = n;
			struct job *to;
			if (k >= pt->end && memcmp(d->rbuf + p - (long long)pt->end, pt->s, pt->end) == 0)
				k -= pt->end;
			to = d->jobs[pick(ps, d, d->rbuf + pos, k)];
			if (to) {
				struct pblock *b = to->ext[ps->ext];
				if (b->boff && b->boff == b->blen)
					b->boff = b->blen = 0;
				if (b->blen + n > b->cap) {
					b->cap = (b->blen + n) * 2;
					b->block = xrealloc(b->block, b->cap);
				}
				memcpy(b->block + b->blen, d->rbuf + pos, n);
				b->blen += n;
			}
		}
		pos = p;
	}
	memmove(d->rbuf, d->rbuf + pos, d->rlen - (size_t)pos);
	d->rlen -= (size_t)pos;
}

/* Some job's queue is over --block: read no more for now. */
static int over(struct pipesrc *ps, struct pdist *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->jobs[i]) {
			struct pblock *b = d->jobs[i]->ext[ps->ext];
			if (b && b->blen - b->boff > ps->block)
				return 1;
		}
	return 0;
}

static int shard_feed(struct pipesrc *ps, struct pdist *d, struct job *j,
		      struct pblock *b)
{
	int rc;

	for (;;) {
		if ((rc = write_queue(d, j, b, b->block, b->blen)) != 1)
			return rc;
		b->boff = b->blen = 0;
		if (d->held && !over(ps, d))
			phold_wake_all(d);
		if (d->eof && d->rlen == 0)
			return 1;
		if (ps->made < d->n || over(ps, d))
			return phold_hold(d, j);
		if (!d->eof && (rc = read_more(ps, d, WIN)) < 0)
			return -1;
		if (!d->eof && rc == INPUT_AGAIN) {
			d->want = 1;	/* the pool polls stdin for us */
			return phold_hold(d, j);
		}
		distribute(ps, d);
		if (d->eof || d->held)
			phold_wake_all(d);
	}
}

int pdist_feed(struct pipesrc *ps, struct job *j, struct pblock *b)
{
	struct pdist *d = ps->dist;

	/* these jobs take the whole input: big pipes, fewer wakeups (but
	 * not so many that the user's pipe quota shrinks everyone's) */
	if (j->sent == 0 && d->n <= 16 && !b->grown) {
		fd_pipe_grow(j->fd_in, PIPE_BIG);
		b->grown = 1;
	}
	switch (d->mode) {
	case DIST_RR:
		return rr_feed(ps, d, j, b);
	case DIST_TEE:
		return ptee_feed(ps, d, j, b);
	default:
		return shard_feed(ps, d, j, b);
	}
}

/* j leaves the pool: nobody waits for it any more. */
void pdist_forget(struct pipesrc *ps, struct job *j, struct pblock *b)
{
	(void)j;
	gone(ps->dist, b);
}

/* While a job waits for stdin, the pool polls it. */
int pdist_fd(struct pipesrc *ps)
{
	const struct pdist *d = ps->dist;

	if (!d || !d->want || d->eof || ps->files || (d->mode == DIST_RR && ps->rd.eof))
		return -1;
	return ps->rd.fd;
}

/* Stdin is readable: the jobs that wait for it try again. */
void pdist_ready(struct pipesrc *ps)
{
	struct pdist *d = ps->dist;

	d->want = 0;
	phold_wake_all(d);
}
