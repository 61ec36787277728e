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

/* ---- the interface ---- */

/* --pipepart in a mode that scans the blocks: the one file, read as a
 * stream.  0, or -1 with errno and *what. */
static int open_part_stream(struct pipesrc *ps, const char **what)
{
	const struct opts *o = ps->o;

	if (o->nsrcs != 1 || o->srcs[0].kind != SRC_FILES || o->srcs[0].nwords != 1) {
		*what = "--pipepart with -L, -r, --rrs, --group-by or --regexp: one file";
		errno = EINVAL;
		return -1;
	}
	*what = o->srcs[0].words[0];
	if (strcmp(*what, "-") != 0 &&
	    (ps->rd.fd = open(*what, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	ps->ownfd = ps->rd.fd > 0;
	return 0;
}

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
		if (open_part_stream(ps, what) < 0)
			goto fail;
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
	fd_pipe_grow(0, PIPE_BIG);
	pipe_stream_sizes(ps);
	ps->rd.cap = ps->cap0 + 1;	/* and the NUL after the data (reader.c) */
	ps->rd.buf = xmalloc(ps->rd.cap);
	return ps;
fail:
	e = errno;
	pipesrc_close(ps);
	errno = e;
	return NULL;
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
	if (!pipe_may_resend(ps)) {
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

	if (pipe_may_resend(ps) && b->part_fd >= 0 && j->sent > hdr) {
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

static int feed_fd(void *ctx)
{
	return pdist_fd(ctx);
}

static void feed_ready(void *ctx)
{
	pdist_ready(ctx);
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

	if (ps->dist) {
		/* jobs fed from the whole input wait for stdin in the poll */
		h.feed_fd = feed_fd;
		h.feed_ready = feed_ready;
	}

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

unsigned long pipesrc_count(struct pipesrc *ps)
{
	return ps->files && !ps->dist && ps->made == 0 ? pfile_count(ps) : 0;
}
