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
 * the job's stdin pipe without passing it through parx's memory. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "pipe.h"

#define WIN 65536		/* file window, and the least stdin read */
#define COPY 65536		/* read/write fallback when splice fails */

/* A record boundary: where a match of recend+recstart is end bytes in. */
struct pat {
	char *s;
	size_t len;
	size_t end;		/* length of recend */
};

/* A seekable file cut by offsets; its data is [off, size). */
struct pfile {
	int fd;
	int own;		/* opened by us: close at the end */
	long long off, size;
};

struct pipesrc {
	const struct opts *o;
	struct pat pat, nl;	/* records; lines (for --header) */
	size_t block;
	long nrec;		/* -N, 0 = by size */
	char *hdr;		/* --header bytes */
	size_t hlen;
	int hdr_done;
	long long scan;		/* search from here (block-relative) */
	long found;		/* records or header lines found so far */
	int over;		/* no boundary within --block: a long record */

	/* stdin as a stream: buf[0, hlen) is the header, data buf[start, end) */
	int fd;
	char *buf;
	size_t cap, cap0, start, end;
	int eof;

	/* seekable files */
	struct pfile *files;
	size_t nfiles, cur;
	long long pos;		/* the next block starts here in files[cur] */
	char *win;		/* a window of files[wfile] at wbase */
	size_t wlen, wcap, wfile;
	long long wbase;
	char *copy;		/* splice fallback buffer, or NULL */
	int nosplice;
};

/* ---- record boundaries ---- */

/* The --recend/--recstart escapes: \n \t \r \0 \\ \xHH; others literal. */
size_t pipe_unescape(const char *s, char *out)
{
	size_t n = 0;

	while (*s) {
		if (s[0] != '\\' || !s[1]) {
			out[n++] = *s++;
			continue;
		}
		switch (s[1]) {
		case 'n': out[n++] = '\n'; s += 2; continue;
		case 't': out[n++] = '\t'; s += 2; continue;
		case 'r': out[n++] = '\r'; s += 2; continue;
		case '0': out[n++] = '\0'; s += 2; continue;
		case '\\': out[n++] = '\\'; s += 2; continue;
		case 'x':
			if (isxdigit((unsigned char)s[2]) && isxdigit((unsigned char)s[3])) {
				char hex[3] = { s[2], s[3], '\0' };
				out[n++] = (char)strtol(hex, NULL, 16);
				s += 4;
				continue;
			}
			break;
		}
		out[n++] = *s++;
	}
	return n;
}

static void pat_init(struct pat *pt, const char *recend, const char *recstart)
{
	size_t le = recend ? strlen(recend) : 0, ls = recstart ? strlen(recstart) : 0;

	pt->s = xmalloc(le + ls + 1);
	pt->end = recend ? pipe_unescape(recend, pt->s) : 0;
	pt->len = pt->end + (recstart ? pipe_unescape(recstart, pt->s + pt->end) : 0);
}

/* The last boundary p with lo < p <= hi whose match lies inside
 * buf[0, len), which holds the data from offset base on; -1 if none. */
static long long last_in(const struct pat *pt, const char *buf, long long base,
			 size_t len, long long lo, long long hi)
{
	long long m = (long long)pt->end, smin = lo + 1 - m, smax = hi - m;
	const char *q;

	if (pt->len == 0)
		return hi > lo && hi <= base + (long long)len ? hi : -1;
	if (smin < base)
		smin = base;
	if (smax > base + (long long)len - (long long)pt->len)
		smax = base + (long long)len - (long long)pt->len;
	while (smax >= smin) {
		q = memrchr(buf + (smin - base), pt->s[0], (size_t)(smax - smin + 1));
		if (!q)
			return -1;
		if (memcmp(q, pt->s, pt->len) == 0)
			return base + (q - buf) + m;
		smax = base + (q - buf) - 1;
	}
	return -1;
}

/* The first boundary p > lo whose match lies inside buf (as above). */
static long long first_in(const struct pat *pt, const char *buf, long long base,
			  size_t len, long long lo)
{
	long long smin = lo + 1 - (long long)pt->end, top = base + (long long)len;
	const char *q;

	if (pt->len == 0)
		return lo + 1 <= top ? lo + 1 : -1;
	if (smin < base)
		smin = base;
	if (smin + (long long)pt->len > top)
		return -1;
	q = memmem(buf + (smin - base), (size_t)(top - smin), pt->s, pt->len);
	return q ? base + (q - buf) + (long long)pt->end : -1;
}

/* After first_in() found nothing in data ending at top: where to go on. */
static long long resume_at(const struct pat *pt, long long lo, long long top)
{
	long long r = top - (long long)pt->len + (long long)pt->end;

	return r > lo ? r : lo;
}

/* ---- stdin as a stream ---- */

/* Read more of stdin.  1 when something was read or EOF seen, else
 * INPUT_AGAIN or -1. */
static int stream_fill(struct pipesrc *ps, int may_block)
{
	ssize_t n;

	if (ps->end == ps->cap && ps->start > ps->hlen) {
		memmove(ps->buf + ps->hlen, ps->buf + ps->start, ps->end - ps->start);
		ps->end -= ps->start - ps->hlen;
		ps->start = ps->hlen;
	}
	if (ps->end == ps->cap) {
		ps->cap *= 2;
		ps->buf = xrealloc(ps->buf, ps->cap);
	}
	if (!may_block) {
		struct pollfd pfd = { .fd = ps->fd, .events = POLLIN };
		if (poll(&pfd, 1, 0) == 0)
			return INPUT_AGAIN;
	}
	n = read(ps->fd, ps->buf + ps->end, ps->cap - ps->end);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? INPUT_AGAIN : -1;
	if (n == 0)
		ps->eof = 1;
	ps->end += (size_t)n;
	return 1;
}

/* Buffer sizes once the header is known: a size-mode block plus what it
 * takes to see past its end, so that a read never overshoots by much. */
static void stream_sizes(struct pipesrc *ps)
{
	size_t want = ps->nrec ? (ps->block > WIN ? ps->block : WIN) :
		      ps->block + 1;

	ps->cap0 = ps->hlen + want;
}

/* Read the first --header lines and set the buffer up with them in front. */
static int stream_header(struct pipesrc *ps, int may_block)
{
	size_t have, rest, cap;
	char *nb;
	int rc;

	for (;;) {
		have = ps->end - ps->start;
		while (ps->found < ps->o->header) {
			long long p = first_in(&ps->nl, ps->buf + ps->start, 0, have, ps->scan);
			if (p < 0)
				break;
			ps->scan = p;
			ps->found++;
		}
		if (ps->found == ps->o->header || ps->eof)
			break;
		ps->scan = resume_at(&ps->nl, ps->scan, (long long)have);
		if ((rc = stream_fill(ps, may_block)) != 1)
			return rc;
	}
	ps->hlen = ps->found == ps->o->header ? (size_t)ps->scan : have;
	ps->hdr = xmalloc(ps->hlen + 1);
	memcpy(ps->hdr, ps->buf + ps->start, ps->hlen);
	stream_sizes(ps);
	rest = have - ps->hlen;
	cap = ps->cap0 > ps->hlen + rest ? ps->cap0 : ps->hlen + rest;
	nb = xmalloc(cap);
	memcpy(nb, ps->hdr, ps->hlen);
	memcpy(nb + ps->hlen, ps->buf + ps->start + ps->hlen, rest);
	free(ps->buf);
	ps->buf = nb;
	ps->cap = cap;
	ps->start = ps->hlen;
	ps->end = ps->hlen + rest;
	ps->hdr_done = 1;
	ps->scan = 0;
	ps->found = 0;
	return 1;
}

/* Where the block at the head of the buffer ends: 1 and *cut, or 0 when
 * more data must be read first (never at EOF). */
static int stream_cut(struct pipesrc *ps, size_t *cut)
{
	const char *d = ps->buf + ps->start;
	long long have = (long long)(ps->end - ps->start), p;

	if (ps->nrec) {
		while (ps->found < ps->nrec &&
		       (p = first_in(&ps->pat, d, 0, (size_t)have, ps->scan)) >= 0) {
			ps->scan = p;
			ps->found++;
		}
		if (ps->found == ps->nrec) {
			*cut = (size_t)ps->scan;
			return 1;
		}
	} else {
		long long block = (long long)ps->block;
		if (!ps->eof && have <= block)
			return 0;
		if (have <= block) {
			*cut = (size_t)have;
			return 1;
		}
		if (!ps->over) {
			/* once: the last boundary whose match fits the block */
			if ((p = last_in(&ps->pat, d, 0, (size_t)block, 0, block)) > 0) {
				*cut = (size_t)p;
				return 1;
			}
			ps->over = 1;
			ps->scan = resume_at(&ps->pat, 0, block);
		}
		/* a record longer than the block: up to its end */
		if ((p = first_in(&ps->pat, d, 0, (size_t)have, ps->scan)) > 0) {
			*cut = (size_t)p;
			return 1;
		}
	}
	if (!ps->eof) {
		ps->scan = resume_at(&ps->pat, ps->scan, have);
		return 0;
	}
	*cut = (size_t)have;
	return 1;
}

/* Hand the first cut bytes (after the header) to j.  The buffer itself
 * goes when the block is most of it; else the block is copied out. */
static void stream_give(struct pipesrc *ps, struct job *j, size_t cut)
{
	size_t tail = ps->end - ps->start - cut;

	if (ps->start == ps->hlen && tail <= cut) {
		size_t cap = ps->cap0 > ps->hlen + tail ? ps->cap0 : ps->hlen + tail;
		char *nb = xmalloc(cap);
		memcpy(nb, ps->hdr, ps->hlen);
		memcpy(nb + ps->hlen, ps->buf + ps->start + cut, tail);
		j->block = ps->buf;
		j->blen = ps->hlen + cut;
		ps->buf = nb;
		ps->cap = cap;
		ps->end = ps->hlen + tail;
	} else {
		j->block = xmalloc(ps->hlen + cut);
		memcpy(j->block, ps->hdr, ps->hlen);
		memcpy(j->block + ps->hlen, ps->buf + ps->start, cut);
		j->blen = ps->hlen + cut;
		ps->start += cut;
		if (ps->start == ps->end)
			ps->start = ps->end = ps->hlen;
	}
	ps->scan = 0;
	ps->found = 0;
	ps->over = 0;
}

static int stream_next(struct pipesrc *ps, struct job *j, int may_block)
{
	size_t cut;
	int rc;

	if (!ps->hdr_done && (rc = stream_header(ps, may_block)) != 1)
		return rc;
	for (;;) {
		if (ps->eof && ps->end == ps->start)
			return INPUT_EOF;
		if (stream_cut(ps, &cut)) {
			stream_give(ps, j, cut);
			return INPUT_OK;
		}
		if ((rc = stream_fill(ps, may_block)) != 1)
			return rc;
	}
}

/* ---- seekable files ---- */

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
		if ((p = last_in(pt, b, a, avail, lo, hi)) >= 0)
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
		if ((p = first_in(pt, b, s, avail, lo)) >= 0)
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
	return 0;
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
	q = file_last(ps, ps->cur, p, p + (long long)ps->block);
	if (q == -1)
		q = file_first(ps, &ps->pat, ps->cur, p,
			       resume_at(&ps->pat, p, p + (long long)ps->block));
	return q == -1 ? size : q < 0 ? -1 : q;
}

static int file_next(struct pipesrc *ps, struct job *j)
{
	long long cut;

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
static int file_add(struct pipesrc *ps, int fd, int own)
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

static int open_parts(struct pipesrc *ps, const char **what)
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
			if (fd < 0 || file_add(ps, fd, !stdin_) < 0) {
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

/* ---- the interface ---- */

struct pipesrc *pipesrc_open(const struct opts *o, const char **what)
{
	struct pipesrc *ps = xcalloc(1, sizeof *ps);
	struct stat st;
	int e;

	ps->o = o;
	ps->block = (size_t)o->block;
	ps->nrec = o->nrecords;
	ps->fd = 0;
	if (!o->header)
		ps->hdr = xcalloc(1, 1);	/* memcpy wants a pointer for 0 bytes */
	if (!o->recend && !o->recstart)
		pat_init(&ps->pat, "\n", NULL);
	else
		pat_init(&ps->pat, o->recend, o->recstart);
	pat_init(&ps->nl, "\n", NULL);
	if (o->pipepart) {
		if (open_parts(ps, what) < 0)
			goto fail;
		return ps;
	}
	/* stdin redirected from a regular file is cut like --pipepart (but
	 * not /proc files and the like, whose size says 0) */
	if (fstat(0, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    file_add(ps, 0, 0) == 0)
		return ps;
	ps->hdr_done = o->header == 0;
	/* a larger pipe lets the writer run ahead: fewer context switches */
	pipe_grow(0, PIPE_BIG);
	stream_sizes(ps);
	ps->cap = ps->cap0;
	ps->buf = xmalloc(ps->cap);
	return ps;
fail:
	e = errno;
	pipesrc_close(ps);
	errno = e;
	return NULL;
}

int pipesrc_next(struct pipesrc *ps, struct job *j, int may_block)
{
	if (ps->files)
		return file_next(ps, j);
	return stream_next(ps, j, may_block);
}

int pipesrc_fd(const struct pipesrc *ps)
{
	return ps->files ? -1 : ps->fd;
}

/* Send more of j's file range: bytes sent, or -1 with errno. */
static ssize_t part_send(struct pipesrc *ps, struct job *j)
{
	size_t n = j->part_len > (1LL << 30) ? (size_t)1 << 30 : (size_t)j->part_len;
	ssize_t r, w;

	if (!ps->nosplice) {
		loff_t off = j->part_off;
		r = splice(j->part_fd, &off, j->fd_in, NULL, n,
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
	w = write(j->fd_in, ps->copy, (size_t)r);
	return w;
}

/* While jobs are fed, read ahead into the next block (up to its size)
 * so that it is ready when a slot frees. */
static void stream_ahead(struct pipesrc *ps)
{
	if (!ps->files && ps->hdr_done && !ps->eof && ps->end < ps->cap)
		(void)stream_fill(ps, 0);
}

/* A block may have to be sent again: --retries, or a remote host that
 * could not be reached (the job moves to another host). */
static int may_resend(const struct pipesrc *ps)
{
	return ps->o->retries > 1 || ps->o->nsshlogins || ps->o->sshloginfile;
}

int pipe_feed(struct pipesrc *ps, struct job *j)
{
	ssize_t n;

	/* few wakeups for big blocks; but not so many big pipes that the
	 * user's pipe quota (pipe-user-pages-soft) shrinks everyone's */
	if (j->sent == 0 && j->boff == 0 && j->blen + (size_t)j->part_len > WIN &&
	    ps->o->jobs > 0 && ps->o->jobs <= 16)
		pipe_grow(j->fd_in, PIPE_BIG);
	while (j->boff < j->blen) {
		n = write(j->fd_in, j->block + j->boff, j->blen - j->boff);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			stream_ahead(ps);
			return 0;
		}
		if (n < 0)
			return -1;
		j->boff += (size_t)n;
		j->sent += (unsigned long long)n;
	}
	while (j->part_len > 0) {
		n = part_send(ps, j);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		if (n == 0)
			break;	/* the file got shorter */
		j->part_off += n;
		j->part_len -= n;
		j->sent += (unsigned long long)n;
	}
	close(j->fd_in);
	j->fd_in = -1;
	if (!may_resend(ps)) {
		/* nobody will send it again */
		free(j->block);
		j->block = NULL;
		j->blen = j->boff = 0;
	}
	return 1;
}

void pipe_release(struct pipesrc *ps, struct job *j)
{
	unsigned long long hdr = j->blen;

	/* rewind, for a retry: the block goes again from its start */
	if (may_resend(ps) && j->part_fd >= 0 && j->sent > hdr) {
		j->part_off -= (long long)(j->sent - hdr);
		j->part_len += (long long)(j->sent - hdr);
	}
	j->boff = 0;
	j->sent = 0;
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
	free(ps->pat.s);
	free(ps->nl.s);
	free(ps->hdr);
	free(ps->buf);
	free(ps->win);
	free(ps->copy);
	free(ps);
}
