/* pipe.c: --pipe and --pipepart: cutting input into blocks that end at
 * record boundaries, and feeding each block to one job's stdin.
 *
 * A record boundary is a position where --recend ends and --recstart
 * begins (default: after each newline).  In size mode a block is the
 * longest stretch of at most --block bytes that ends at a boundary; a
 * record longer than that makes its block longer, it is never split.
 * With -N a block is exactly N records.  The last block ends where the
 * input ends, boundary or not.  --header N puts the first N lines of the
 * input in front of every block.
 *
 * Stdin that is a pipe is read into a buffer that becomes the block
 * itself: the job takes the buffer, and only the partial record after
 * the cut is copied into the next one.  A seekable file (--pipepart, or
 * stdin redirected from a regular file) is only read near the cuts: each
 * job gets an offset range, which pipe_feed() splices from the file into
 * the job's stdin pipe without passing it through parx's memory; that
 * part lives in pipefile.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escape.h"
#include "input.h"
#include "pipe_impl.h"
#include "pool.h"

/* ---- record boundaries ---- */

static void pat_init(struct pat *pt, const char *recend, const char *recstart)
{
	size_t le = recend ? strlen(recend) : 0, ls = recstart ? strlen(recstart) : 0;

	pt->s = xmalloc(le + ls + 1);
	pt->end = recend ? unescape(recend, ESC_ALL, pt->s) : 0;
	pt->len = pt->end + (recstart ? unescape(recstart, ESC_ALL, pt->s + pt->end) : 0);
}

/* ---- stdin as a stream ---- */

/* Read more of stdin.  1 when something was read or EOF seen, else
 * INPUT_AGAIN or -1. */
static int stream_fill(struct pipesrc *ps, int may_block)
{
	return reader_fill(&ps->rd, ps->hlen, 1, may_block);
}

/* Buffer sizes once the header is known: a size-mode block plus what it
 * takes to see past its end, so that a read never overshoots by much. */
static void stream_sizes(struct pipesrc *ps)
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
	stream_sizes(ps);
	rest = have - ps->hlen;
	cap = ps->cap0 > ps->hlen + rest ? ps->cap0 : ps->hlen + rest;
	nb = xmalloc(cap);
	memcpy(nb, ps->hdr, ps->hlen);
	memcpy(nb + ps->hlen, ps->rd.buf + ps->rd.start + ps->hlen, rest);
	reader_free(&ps->rd);
	ps->rd.buf = nb;
	ps->rd.cap = cap;
	ps->rd.start = ps->hlen;
	ps->rd.end = ps->hlen + rest;
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
		size_t cap = ps->cap0 > ps->hlen + tail ? ps->cap0 : ps->hlen + tail;
		char *nb = xmalloc(cap);
		memcpy(nb, ps->hdr, ps->hlen);
		memcpy(nb + ps->hlen, ps->rd.buf + ps->rd.start + cut, tail);
		j->block = ps->rd.buf;
		j->blen = ps->hlen + cut;
		ps->rd.buf = nb;
		ps->rd.cap = cap;
		ps->rd.end = ps->hlen + tail;
	} else {
		j->block = xmalloc(ps->hlen + cut);
		memcpy(j->block, ps->hdr, ps->hlen);
		memcpy(j->block + ps->hlen, ps->rd.buf + ps->rd.start, cut);
		j->blen = ps->hlen + cut;
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

/* ---- the interface ---- */

struct pipesrc *pipesrc_open(const struct opts *o, const char **what)
{
	struct pipesrc *ps = xcalloc(1, sizeof *ps);
	struct stat st;
	int e, scanned;

	ps->o = o;
	ps->block = (size_t)o->block;
	ps->nrec = o->nrecords;
	reader_init(&ps->rd, 0, '\n');
	if (!o->header)
		ps->hdr = xcalloc(1, 1);	/* memcpy wants a pointer for 0 bytes */
	if (!o->recend && !o->recstart)
		pat_init(&ps->pat, "\n", NULL);
	else
		pat_init(&ps->pat, o->recend, o->recstart);
	pat_init(&ps->nl, "\n", NULL);
	if (prec_init(ps, what) < 0)
		goto fail;
	if ((o->tee || o->round_robin || o->shard || o->bin) && pdist_open(ps, what) < 0)
		goto fail;
	/* what needs the block's bytes in memory reads the input as a stream */
	scanned = ps->rec.kind != REC_PAT || o->rrs || o->norun_empty ||
		  o->tee || o->shard || o->bin;
	if (o->pipepart && scanned) {
		if (o->nsrcs != 1 || o->srcs[0].kind != SRC_FILES || o->srcs[0].nwords != 1) {
			*what = "--pipepart with -L, -r, --rrs, --group-by or --regexp: one file";
			errno = EINVAL;
			goto fail;
		}
		*what = o->srcs[0].words[0];
		if (strcmp(*what, "-") != 0 &&
		    (ps->rd.fd = open(*what, O_RDONLY | O_CLOEXEC)) < 0)
			goto fail;
		ps->ownfd = ps->rd.fd > 0;
	} else if (o->pipepart) {
		if (pfile_open_all(ps, what) < 0)
			goto fail;
		return ps;
	}
	/* stdin redirected from a regular file is cut like --pipepart (but
	 * not /proc files and the like, whose size says 0) */
	if (!o->pipepart && !scanned && fstat(0, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0 && pfile_add(ps, 0, 0) == 0)
		return ps;
	if (o->block_share) {
		*what = "--block -N: the input must be a file (--pipepart, or stdin from a file)";
		errno = EINVAL;
		goto fail;
	}
	ps->hdr_done = o->header == 0;
	/* a larger pipe lets the writer run ahead: fewer context switches */
	pipe_grow(0, PIPE_BIG);
	stream_sizes(ps);
	ps->rd.cap = ps->cap0;
	ps->rd.buf = xmalloc(ps->rd.cap);
	return ps;
fail:
	e = errno;
	pipesrc_close(ps);
	errno = e;
	return NULL;
}

/* The next block of stdin or of a file into b. */
int pipe_block_next(struct pipesrc *ps, struct pblock *b, int may_block)
{
	b->part_fd = -1;
	return ps->files ? pfile_next(ps, b) : stream_next(ps, b, may_block);
}

/* The source's next: a job's block of stdin or of a file. */
static int src_next(void *ctx, struct job *j, int may_block)
{
	struct pipesrc *ps = ctx;
	struct pblock *b = xcalloc(1, sizeof *b);
	int rc;

	b->catfd = -1;
	rc = ps->dist ? pdist_next(ps, j, b, may_block) :
	     pipe_block_next(ps, b, may_block);
	if (rc == INPUT_OK) {
		j->ext[ps->ext] = b;
		ps->made++;
		return rc;
	}
	free(b);
	if (rc == INPUT_EOF)
		ps->ended = 1;
	return rc;
}

static int src_fd(void *ctx)
{
	const struct pipesrc *ps = ctx;

	return ps->files ? -1 : ps->rd.fd;
}

static const char *src_errname(void *ctx)
{
	const struct pipesrc *ps = ctx;

	if (errno == ENOENT && ps->rec.colname && !ps->rec.col)
		return "the column named by --group-by, --shard or --bin is not in the header";
	return "stdin";
}

static unsigned long src_total(void *ctx)
{
	const struct pipesrc *ps = ctx;

	return ps->ended ? ps->made : 0;
}

static int src_exhausted(void *ctx)
{
	const struct pipesrc *ps = ctx;

	return ps->ended;
}

struct source pipe_source(struct pipesrc *ps)
{
	struct source s = {
		.ctx = ps, .next = src_next, .fd = src_fd,
		.errname = src_errname, .total = src_total,
		.exhausted = src_exhausted,
	};
	return s;
}

/* While jobs are fed, read ahead into the next block (up to its size)
 * so that it is ready when a slot frees. */
static void stream_ahead(struct pipesrc *ps)
{
	if (!ps->files && ps->hdr_done && !ps->rd.eof && ps->rd.end < ps->rd.cap &&
	    (!ps->dist || ps->o->round_robin))
		(void)stream_fill(ps, 0);
}

/* A block may have to be sent again: --retries, or a remote host that
 * could not be reached (the job moves to another host). */
static int may_resend(const struct pipesrc *ps)
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
		pipe_grow(j->fd_in, PIPE_BIG);
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

/* The feed hook: j's block, or (--tee, --round-robin, --shard, --bin)
 * what pipe_dist.c has for j. */
static int feed(void *ctx, struct job *j)
{
	struct pipesrc *ps = ctx;
	struct pblock *b = j->ext[ps->ext];
	int rc;

	if (ps->dist)
		return pdist_feed(ps, j, b);
	if ((rc = pipe_send(ps, j, b)) != 1)
		return rc;
	if (!may_resend(ps)) {
		/* nobody will send it again */
		free(b->block);
		b->block = NULL;
		b->blen = b->boff = 0;
	}
	return 1;
}

/* Each try of j reads its block on stdin from the start: a try after one
 * that sent some of it rewinds. */
static int start(void *ctx, struct job *j)
{
	struct pipesrc *ps = ctx;
	struct pblock *b = j->ext[ps->ext];
	unsigned long long hdr = b->blen;

	if (may_resend(ps) && b->part_fd >= 0 && j->sent > hdr) {
		b->part_off -= (long long)(j->sent - hdr);
		b->part_len += (long long)(j->sent - hdr);
	}
	b->boff = 0;
	j->sent = 0;
	j->in = JOB_IN_FEED;
	if ((ps->o->fifo || ps->o->cat) && pname_start(ps, j, b) < 0) {
		j->fail = JF_SPAWN;
		return HOOK_FAIL;
	}
	return HOOK_GO;
}

static void forget(void *ctx, struct job *j)
{
	struct pipesrc *ps = ctx;
	struct pblock *b = j->ext[ps->ext];

	if (b && ps->dist)
		pdist_forget(ps, j, b);
	if (b)
		pname_forget(b);
	if (b) {
		free(b->block);
		free(b);
		j->ext[ps->ext] = NULL;
	}
}

static void close_hook(void *ctx)
{
	pipesrc_close(ctx);
}

void pipe_attach(struct pipesrc *ps, struct pool *p)
{
	struct hook h = { .ctx = ps, .name = "--pipe", .job_start = start,
			  .job_feed = feed, .job_forget = forget,
			  .close = close_hook };

	ps->ext = pool_hook_add(p, &h);
}

void pipesrc_close(struct pipesrc *ps)
{
	size_t i;

	if (!ps)
		return;
	for (i = 0; i < ps->nfiles; i++) {
		const struct pfile *f = &ps->files[i];
		if (f->own)
			close(f->fd);
		else if (i <= ps->cur)
			/* stdin: leave its offset after what was handed out */
			(void)lseek(f->fd, i < ps->cur ? f->size :
				    ps->hdr_done ? ps->pos : f->off, SEEK_SET);
	}
	free(ps->files);
	if (ps->ownfd)
		close(ps->rd.fd);
	prec_free(&ps->rec);
	pdist_close(ps);
	free(ps->pat.s);
	free(ps->nl.s);
	free(ps->hdr);
	reader_free(&ps->rd);
	free(ps->win);
	free(ps->copy);
	free(ps);
}
