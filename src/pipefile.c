/* pipefile.c: --pipepart, and stdin redirected from a regular file: the
 * blocks of a seekable file are offset ranges.  Only a window around each
 * cut is read, to find the record boundary; pfile_send() then splices the
 * range from the file into the job's stdin pipe. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "pipe_impl.h"

/* Window onto file fi holding [a, a + need) (less where the file ends).
 * Returns the bytes at a and their count in *avail; NULL on error. */
static const char *win_at(struct pipesrc *ps, size_t fi, long long a,
			  size_t need, size_t *avail)
{
	const struct pfile *f = &ps->files[fi];
	long long want = a + (long long)need, wend = ps->wbase + (long long)ps->wlen;
	size_t n = need > WIN ? need : WIN;

	if (want > f->size)
		want = f->size;
	if (ps->wfile != fi || a < ps->wbase || want > wend) {
		if (a + (long long)n > f->size)
			n = (size_t)(f->size - a);
		if (n > ps->wcap) {
			ps->wcap = n;
			ps->win = xrealloc(ps->win, n);
		}
		ps->wfile = fi;
		ps->wbase = a;
		ps->wlen = 0;
		while (ps->wlen < n) {
			ssize_t r = pread(f->fd, ps->win + ps->wlen, n - ps->wlen,
					  a + (long long)ps->wlen);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return NULL;
			if (r == 0)
				break;
			ps->wlen += (size_t)r;
		}
	}
	*avail = (size_t)(ps->wbase + (long long)ps->wlen - a);
	return ps->win + (a - ps->wbase);
}

/* Boundaries in file fi: the last one whose match lies in [lo, hi) (the
 * file is at least hi long); the first one after lo whose match starts
 * at floor or later.  -1 none, -2 read error. */
static long long file_last(struct pipesrc *ps, size_t fi, long long lo,
			   long long hi)
{
	const struct pat *pt = &ps->pat;
	long long m = (long long)pt->end, len = (long long)pt->len;
	long long smin = lo + 1 - m, smax = hi - len, a, p;
	size_t avail;
	const char *b;

	if (len == 0)
		return hi > lo ? hi : -1;
	if (smin < lo)
		smin = lo;
	while (smax >= smin) {
		a = smax + len - WIN > smin ? smax + len - WIN : smin;
		if (!(b = win_at(ps, fi, a, (size_t)(smax + len - a), &avail)))
			return -2;
		if (avail > (size_t)(hi - a))
			avail = (size_t)(hi - a);
		if ((p = pat_last(pt, b, a, avail, lo, hi)) >= 0)
			return p;
		smax = a - 1;
	}
	return -1;
}

static long long file_first(struct pipesrc *ps, const struct pat *pt, size_t fi,
			    long long floor, long long lo)
{
	long long s = lo + 1 - (long long)pt->end, p, size = ps->files[fi].size;
	size_t avail;
	const char *b;

	if (pt->len == 0)
		return lo + 1 <= size ? lo + 1 : -1;
	if (s < floor)
		s = floor;
	while (s + (long long)pt->len <= size) {
		if (!(b = win_at(ps, fi, s, pt->len, &avail)))
			return -2;
		if ((p = pat_first(pt, b, s, avail, lo)) >= 0)
			return p;
		s += (long long)(avail - pt->len) + 1;
	}
	return -1;
}

/* Read the current file's header into ps->hdr; ps->pos after it. */
static int file_header(struct pipesrc *ps)
{
	const struct pfile *f = &ps->files[ps->cur];
	long long p = f->off, q = 0;
	long k;

	for (k = 0; k < ps->o->header && (q = file_first(ps, &ps->nl, ps->cur,
							 f->off, p)) >= 0; k++)
		p = q;
	if (q == -2)
		return -1;
	if (k < ps->o->header)
		p = f->size;
	ps->hlen = (size_t)(p - f->off);
	free(ps->hdr);
	ps->hdr = xmalloc(ps->hlen + 1);
	for (k = 0; (size_t)k < ps->hlen;) {
		ssize_t r = pread(f->fd, ps->hdr + k, ps->hlen - (size_t)k, f->off + k);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		k += (long)r;
	}
	ps->pos = p;
	return prec_header(ps);
}

/* The end of the block that starts at ps->pos; -1 on a read error. */
static long long file_cut(struct pipesrc *ps)
{
	long long size = ps->files[ps->cur].size, p = ps->pos, q;
	long k;

	if (ps->nrec) {
		for (k = 0; k < ps->nrec; k++, p = q)
			if ((q = file_first(ps, &ps->pat, ps->cur, ps->pos, p)) < 0)
				return q == -1 ? size : -1;
		return p;
	}
	if (size - p <= (long long)ps->block)
		return size;
	if (ps->o->pipepart) {
		/* --pipepart: on to the end of the record --block ends in */
		long long at = p + (long long)ps->block;
		q = file_first(ps, &ps->pat, ps->cur, at, at - 1 + (long long)ps->pat.end);
		return q == -1 ? size : q < 0 ? -1 : q;
	}
	q = file_last(ps, ps->cur, p, p + (long long)ps->block);
	if (q == -1)
		q = file_first(ps, &ps->pat, ps->cur, p,
			       pat_resume(&ps->pat, p, p + (long long)ps->block));
	return q == -1 ? size : q < 0 ? -1 : q;
}

/* --block -N: the files' size shared out to N blocks per job slot. */
static void share_block(struct pipesrc *ps)
{
	long long total = 0, n = (long long)ps->o->block_share * ps->o->jobs;
	size_t i;

	for (i = 0; i < ps->nfiles; i++)
		total += ps->files[i].size - ps->files[i].off;
	ps->block = (size_t)((total + n - 1) / (n > 0 ? n : 1));
	if (ps->block < 1)
		ps->block = 1;
}

int pfile_next(struct pipesrc *ps, struct pblock *j)
{
	long long cut;

	if (ps->o->block_share && ps->made == 0 && !ps->shared) {
		share_block(ps);
		ps->shared = 1;
	}
	for (;;) {
		if (ps->cur == ps->nfiles)
			return INPUT_EOF;
		if (!ps->hdr_done) {
			if (file_header(ps) < 0)
				return INPUT_ERR;
			ps->hdr_done = 1;
		}
		if (ps->pos < ps->files[ps->cur].size)
			break;
		ps->cur++;
		ps->hdr_done = 0;
	}
	if ((cut = file_cut(ps)) < 0)
		return INPUT_ERR;
	j->part_fd = ps->files[ps->cur].fd;
	j->part_off = ps->pos;
	j->part_len = cut - ps->pos;
	if (ps->hlen) {
		j->block = xmalloc(ps->hlen);
		memcpy(j->block, ps->hdr, ps->hlen);
		j->blen = ps->hlen;
	}
	ps->pos = cut;
	return INPUT_OK;
}

/* Add fd as a file to cut; 0, or -1 with errno when it is no regular file. */
int pfile_add(struct pipesrc *ps, int fd, int own)
{
	struct stat st;
	struct pfile *f;
	off_t off = 0;

	if (fstat(fd, &st) < 0)
		return -1;
	if (!S_ISREG(st.st_mode) || (!own && (off = lseek(fd, 0, SEEK_CUR)) < 0)) {
		errno = ESPIPE;
		return -1;
	}
	ps->files = xreallocarray(ps->files, ps->nfiles + 1, sizeof *ps->files);
	f = &ps->files[ps->nfiles++];
	f->fd = fd;
	f->own = own;
	f->off = off;
	f->size = st.st_size > off ? st.st_size : off;
	return 0;
}

int pfile_open_all(struct pipesrc *ps, const char **what)
{
	const struct opts *o = ps->o;
	size_t i, k;

	for (i = 0; i < o->nsrcs; i++) {
		if (o->srcs[i].kind != SRC_FILES) {
			*what = "--pipepart: only files (-a FILE, :::: FILE)";
			errno = EINVAL;
			return -1;
		}
		for (k = 0; k < o->srcs[i].nwords; k++) {
			const char *name = o->srcs[i].words[k];
			int stdin_ = strcmp(name, "-") == 0;
			int fd = stdin_ ? 0 : open(name, O_RDONLY | O_CLOEXEC);
			*what = name;
			if (fd < 0 || pfile_add(ps, fd, !stdin_) < 0) {
				int e = errno;
				if (fd > 0)
					close(fd);
				errno = e;
				return -1;
			}
		}
	}
	return 0;
}

/* Send more of j's file range into fd to: bytes sent, or -1 with errno. */
ssize_t pfile_send(struct pipesrc *ps, struct pblock *j, int to)
{
	size_t n = j->part_len > (1LL << 30) ? (size_t)1 << 30 : (size_t)j->part_len;
	ssize_t r, w;

	if (!ps->nosplice) {
		loff_t off = j->part_off;
		r = splice(j->part_fd, &off, to, NULL, n,
			   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
		if (r >= 0 || (errno != EINVAL && errno != ENOSYS))
			return r;
		ps->nosplice = 1;
	}
	/* no splice here: through a buffer, re-reading what the pipe refused */
	if (!ps->copy)
		ps->copy = xmalloc(COPY);
	r = pread(j->part_fd, ps->copy, n > COPY ? COPY : n, j->part_off);
	if (r <= 0)
		return r;
	w = write(to, ps->copy, (size_t)r);
	return w;
}

unsigned long pfile_count(struct pipesrc *ps)
{
	size_t cur = ps->cur;
	long long pos = ps->pos;
	int hdr_done = ps->hdr_done;
	unsigned long n = 0;
	struct pblock b;

	for (;;) {
		memset(&b, 0, sizeof b);
		if (pfile_next(ps, &b) != INPUT_OK)
			break;
		free(b.block);
		n++;
	}
	ps->cur = cur;
	ps->pos = pos;
	ps->hdr_done = hdr_done;
	return n;
}
