/* pipe_stream.c: pipe mode's data path: cutting stdin into blocks at
 * record boundaries (a seekable file goes to pipefile.c), and writing a
 * job's block into its stdin. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "pipe_impl.h"

/* ---- stdin as a stream ---- */

/* Read more of stdin.  1 when something was read or EOF seen, else
 * INPUT_AGAIN or -1. */
static int stream_fill(struct pipesrc *ps, int may_block)
{
	return reader_fill(&ps->rd, ps->hlen, 1, may_block);
}

/* Buffer sizes once the header is known: a size-mode block plus what it
 * takes to see past its end, so that a read never overshoots by much. */
void pipe_stream_sizes(struct pipesrc *ps)
{
	/* scanned records need to see the boundary after the block */
	size_t want = ps->nrec ? (ps->block > WIN ? ps->block : WIN) :
		      ps->block + (ps->rec.kind != REC_PAT ? WIN : 1);

	ps->cap0 = ps->hlen + want;
}

/* Read the first --header lines and set the buffer up with them in front. */
static int stream_header(struct pipesrc *ps, int may_block)
{
	size_t have, rest, cap;
	char *nb;
	int rc;

	for (;;) {
		have = ps->rd.end - ps->rd.start;
		while (ps->found < ps->o->header) {
			long long p = pat_first(&ps->nl, ps->rd.buf + ps->rd.start, 0, have, ps->scan);
			if (p < 0)
				break;
			ps->scan = p;
			ps->found++;
		}
		if (ps->found == ps->o->header || ps->rd.eof)
			break;
		ps->scan = pat_resume(&ps->nl, ps->scan, (long long)have);
		if ((rc = stream_fill(ps, may_block)) != 1)
			return rc;
	}
	ps->hlen = ps->found == ps->o->header ? (size_t)ps->scan : have;
	ps->hdr = xmalloc(ps->hlen + 1);
	memcpy(ps->hdr, ps->rd.buf + ps->rd.start, ps->hlen);
	if (prec_header(ps) < 0)
		return -1;
	pipe_stream_sizes(ps);
	rest = have - ps->hlen;
	/* a byte more for the NUL after the data (reader.c) */
	cap = (ps->cap0 > ps->hlen + rest ? ps->cap0 : ps->hlen + rest) + 1;
	nb = xmalloc(cap);
	memcpy(nb, ps->hdr, ps->hlen);
	memcpy(nb + ps->hlen, ps->rd.buf + ps->rd.start + ps->hlen, rest);
	reader_free(&ps->rd);
	ps->rd.buf = nb;
	ps->rd.cap = cap;
	ps->rd.start = ps->hlen;
	ps->rd.end = ps->hlen + rest;
	nb[ps->rd.end] = '\0';
	ps->hdr_done = 1;
	ps->scan = 0;
	ps->found = 0;
	return 1;
}

/* stream_cut for records found by scanning (pipe_rec.c). */
static int scan_cut(struct pipesrc *ps, size_t *cut)
{
	const char *d = ps->rd.buf + ps->rd.start;
	long long have = (long long)(ps->rd.end - ps->rd.start), p;
	long long block = (long long)ps->block;

	for (;;) {
		if (ps->nrec && ps->found == ps->nrec) {
			*cut = (size_t)ps->scan;
			return 1;
		}
		p = prec_next(ps, d, (size_t)have, ps->scan, ps->rd.eof);
		if (p < 0)
			break;
		if (!ps->nrec && p > block) {
			*cut = (size_t)(ps->lastb > 0 ? ps->lastb : p);
			return 1;
		}
		ps->scan = ps->lastb = p;
		ps->found++;
	}
	if (!ps->rd.eof)
		return 0;
	/* at the end, -L's last short record is a block of its own */
	if (!ps->nrec && ps->lastb > 0 && (have > block ||
	    (ps->rec.kind == REC_LINES && ps->lastb < have)))
		*cut = (size_t)ps->lastb;
	else
		*cut = (size_t)have;
	return 1;
}

/* Where the block at the head of the buffer ends: 1 and *cut, or 0 when
 * more data must be read first (never at EOF). */
static int stream_cut(struct pipesrc *ps, size_t *cut)
{
	const char *d = ps->rd.buf + ps->rd.start;
	long long have = (long long)(ps->rd.end - ps->rd.start), p;

	if (ps->rec.kind != REC_PAT)
		return scan_cut(ps, cut);
	if (ps->nrec) {
		while (ps->found < ps->nrec &&
		       (p = pat_first(&ps->pat, d, 0, (size_t)have, ps->scan)) >= 0) {
			ps->scan = p;
			ps->found++;
		}
		if (ps->found == ps->nrec) {
			*cut = (size_t)ps->scan;
			return 1;
		}
	} else {
		long long block = (long long)ps->block;
		if (!ps->rd.eof && have <= block)
			return 0;
		if (have <= block) {
			*cut = (size_t)have;
			return 1;
		}
		if (!ps->over) {
			/* once: the last boundary whose match fits the block */
			if ((p = pat_last(&ps->pat, d, 0, (size_t)block, 0, block)) > 0) {
				*cut = (size_t)p;
				return 1;
			}
			ps->over = 1;
			ps->scan = pat_resume(&ps->pat, 0, block);
		}
		/* a record longer than the block: up to its end */
		if ((p = pat_first(&ps->pat, d, 0, (size_t)have, ps->scan)) > 0) {
			*cut = (size_t)p;
			return 1;
		}
	}
	if (!ps->rd.eof) {
		ps->scan = pat_resume(&ps->pat, ps->scan, have);
		return 0;
	}
	*cut = (size_t)have;
	return 1;
}

/* Hand the first cut bytes (after the header) to j.  The buffer itself
 * goes when the block is most of it; else the block is copied out. */
static void stream_give(struct pipesrc *ps, struct pblock *j, size_t cut)
{
	size_t tail = ps->rd.end - ps->rd.start - cut;

	if (ps->rd.start == ps->hlen && tail <= cut) {
		/* a byte more for the NUL after the data (reader.c) */
		size_t cap = (ps->cap0 > ps->hlen + tail ? ps->cap0 : ps->hlen + tail) + 1;
		char *nb = xmalloc(cap);
		memcpy(nb, ps->hdr, ps->hlen);
		memcpy(nb + ps->hlen, ps->rd.buf + ps->rd.start + cut, tail);
		j->block = ps->rd.buf;
		j->blen = ps->hlen + cut;
		ps->rd.buf = nb;
		ps->rd.cap = cap;
		ps->rd.end = ps->hlen + tail;
		nb[ps->rd.end] = '\0';
	} else {
		j->block = xmalloc(ps->hlen + cut + 1);
		memcpy(j->block, ps->hdr, ps->hlen);
		memcpy(j->block + ps->hlen, ps->rd.buf + ps->rd.start, cut);
		j->blen = ps->hlen + cut;
		j->block[j->blen] = '\0';	/* see reader.c */
		ps->rd.start += cut;
		if (ps->rd.start == ps->rd.end)
			ps->rd.start = ps->rd.end = ps->hlen;
	}
	ps->scan = 0;
	ps->found = 0;
	ps->over = 0;
	ps->lastb = 0;
}

static int stream_next(struct pipesrc *ps, struct pblock *j, int may_block)
{
	size_t cut;
	int rc;

	if (!ps->hdr_done && (rc = stream_header(ps, may_block)) != 1)
		return rc;
	for (;;) {
		if (ps->rd.eof && ps->rd.end == ps->rd.start)
			return INPUT_EOF;
		if (stream_cut(ps, &cut)) {
			stream_give(ps, j, cut);
			if (ps->o->rrs)
				j->blen = ps->hlen + prec_strip(ps, j->block + ps->hlen,
								j->blen - ps->hlen);
			if (ps->o->norun_empty &&
			    prec_empty(ps, j->block + ps->hlen, j->blen - ps->hlen)) {
				free(j->block);
				j->block = NULL;
				j->blen = 0;
				continue;
			}
			return INPUT_OK;
		}
		if ((rc = stream_fill(ps, may_block)) != 1)
			return rc;
	}
}

/* The next block of stdin or of a file into b. */
int pipe_block_next(struct pipesrc *ps, struct pblock *b, int may_block)
{
	b->part_fd = -1;
	return ps->files ? pfile_next(ps, b) : stream_next(ps, b, may_block);
}

/* While jobs are fed, read ahead into the next block (up to its size)
 * so that it is ready when a slot frees. */
static void stream_ahead(struct pipesrc *ps)
{
	if (!ps->files && ps->hdr_done && !ps->rd.eof && ps->rd.end + 1 < ps->rd.cap &&
	    (!ps->dist || ps->o->round_robin))
		(void)stream_fill(ps, 0);
}

/* A block may have to be sent again: --retries, or a remote host that
 * could not be reached (the job moves to another host). */
int pipe_may_resend(const struct pipesrc *ps)
{
	return ps->o->retries > 1 || ps->o->nsshlogins || ps->o->sshloginfile ||
	       ps->o->slurm;
}

/* Write more of b into j's stdin: 1 all sent, 0 more to come, -1 the
 * job stopped reading. */
int pipe_send(struct pipesrc *ps, struct job *j, struct pblock *b)
{
	ssize_t n;

	/* few wakeups for big blocks; but not so many big pipes that the
	 * user's pipe quota (pipe-user-pages-soft) shrinks everyone's */
	if (j->sent == 0 && b->boff == 0 && b->blen + (size_t)b->part_len > WIN &&
	    ps->o->jobs > 0 && ps->o->jobs <= 16)
		fd_pipe_grow(j->fd_in, PIPE_BIG);
	while (b->boff < b->blen) {
		n = write(j->fd_in, b->block + b->boff, b->blen - b->boff);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			stream_ahead(ps);
			return 0;
		}
		if (n < 0)
			return -1;
		b->boff += (size_t)n;
		j->sent += (unsigned long long)n;
	}
	while (b->part_len > 0) {
		n = pfile_send(ps, b, j->fd_in);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		if (n == 0)
			break;	/* the file got shorter */
		b->part_off += n;
		b->part_len -= n;
		j->sent += (unsigned long long)n;
	}
	return 1;
}

