/* input.c: reading sources (stdin, ::: words, :::: files), splitting
 * records and columns, and walking their product or link. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "input_impl.h"

void chunk_add(struct chunk *c, const char *s, size_t n)
{
	if (c->nvals == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->off = xreallocarray(c->off, c->cap, sizeof *c->off);
		c->len = xreallocarray(c->len, c->cap, sizeof *c->len);
	}
	c->off[c->nvals] = c->data.len;
	c->len[c->nvals] = n;
	sbuf_add(&c->data, s, n);
	sbuf_addc(&c->data, '\0');
	c->nvals++;
}

void chunk_append(struct chunk *dst, const struct chunk *src)
{
	size_t i;

	for (i = 0; i < src->nvals; i++)
		chunk_add(dst, CHUNK_VAL(src, i), src->len[i]);
	dst->ninputs += src->ninputs;
}

void chunk_reset(struct chunk *c)
{
	sbuf_reset(&c->data);
	c->nvals = 0;
	c->ninputs = 0;
}

void chunk_free(struct chunk *c)
{
	sbuf_free(&c->data);
	free(c->off);
	free(c->len);
	memset(c, 0, sizeof *c);
}

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

int reader_next(struct reader *r, const char **p, size_t *n, int may_block)
{
	for (;;) {
		char *hit = NULL;
		ssize_t got;

		/* scan only what came since the last look: a long record
		 * read in many pieces stays linear */
		if (r->end > r->start + r->scanned)
			hit = memchr(r->buf + r->start + r->scanned, r->delim,
				     r->end - r->start - r->scanned);
		if (hit) {
			*p = r->buf + r->start;
			*n = (size_t)(hit - *p);
			r->start += *n + 1;
			r->scanned = 0;
			return 1;
		}
		r->scanned = r->end - r->start;
		if (r->eof) {
			if (r->end == r->start)
				return 0;
			*p = r->buf + r->start;
			*n = r->end - r->start;
			r->start = r->end;
			r->scanned = 0;
			return 1;
		}
		if (!may_block) {
			struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
			if (poll(&pfd, 1, 0) == 0)
				return INPUT_AGAIN;
		}
		/* make room: slide the partial record down, then grow */
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (r->cap - r->end < 65536) {
			r->cap = r->cap ? r->cap * 2 : 131072;
			r->buf = xrealloc(r->buf, r->cap);
		}
		got = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (got < 0) {
			if (errno == EINTR)
				return INPUT_AGAIN;
			if (errno == EAGAIN)
				return INPUT_AGAIN;
			return -1;
		}
		if (got == 0)
			r->eof = 1;
		r->end += (size_t)got;
	}
}

static void mem_add(struct mem_src *m, const char *s, size_t n)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->val = xreallocarray(m->val, m->cap, sizeof *m->val);
		m->len = xreallocarray(m->len, m->cap, sizeof *m->len);
	}
	m->val[m->n] = xstrndup(s, n);
	m->len[m->n] = n;
	m->n++;
}

static int open_file(const char *name)
{
	if (strcmp(name, "-") == 0)
		return 0;
	return open(name, O_RDONLY | O_CLOEXEC);
}

/* Read every record of a file into m. */
static int load_file(struct mem_src *m, const char *name, int delim)
{
	struct reader r;
	const char *p;
	size_t n;
	int fd = open_file(name), rc;

	if (fd < 0)
		return -1;
	reader_init(&r, fd, delim);
	while ((rc = reader_next(&r, &p, &n, 1)) != 0) {
		if (rc == INPUT_AGAIN)
			continue;
		if (rc < 0)
			break;
		mem_add(m, p, n);
	}
	reader_free(&r);
	if (fd != 0)
		close(fd);
	return rc < 0 ? -1 : 0;
}

/* One source as written becomes one or more sources (each :::: file). */
struct flat_src {
	const struct src_spec *spec;
	size_t file;		/* for SRC_FILES: which file */
	int linked;
};

static size_t flatten(const struct opts *o, struct flat_src **out)
{
	struct flat_src *f = NULL;
	size_t n = 0, i, k;

	for (i = 0; i < o->nsrcs; i++) {
		const struct src_spec *s = &o->srcs[i];
		size_t parts = s->kind == SRC_FILES ? s->nwords : 1;
		for (k = 0; k < parts; k++) {
			f = xreallocarray(f, n + 1, sizeof *f);
			f[n].spec = s;
			f[n].file = k;
			/* ::::+ links every file after it */
			f[n].linked = n > 0 && (o->link || s->linked);
			n++;
		}
	}
	*out = f;
	return n;
}

static int load_src(struct input *in, struct mem_src *m, const struct flat_src *f)
{
	size_t i;

	switch (f->spec->kind) {
	case SRC_WORDS:
		for (i = 0; i < f->spec->nwords; i++) {
			const char *w = f->spec->words[i], *d;
			/* with -d, a ::: word holding the delimiter is
			 * several values, as in GNU parallel */
			while (in->split_words && (d = strchr(w, in->delim))) {
				mem_add(m, w, (size_t)(d - w));
				w = d + 1;
			}
			mem_add(m, w, strlen(w));
		}
		return 0;
	case SRC_FILES:
		in->errname = f->spec->words[f->file];
		return load_file(m, f->spec->words[f->file], in->delim);
	case SRC_STDIN:
		in->errname = "-";
		return load_file(m, "-", in->delim);
	}
	return 0;
}

struct input *input_open(const struct opts *o, const char **what)
{
	struct input *in = xcalloc(1, sizeof *in);
	struct flat_src *f;
	size_t nf = flatten(o, &f), i, g;
	int stream0;

	in->delim = o->delim;
	in->skip_blank = o->no_empty;
	in->split_words = o->delim_set && o->delim != '\0';
	in->wrap = o->link;
	in->zero_args = o->zero_args && !o->pipe;
	in->trim_l = o->trim_l;
	in->trim_r = o->trim_r;
	in->eof_str = o->eof_str;
	in->cont_lines = o->cont_lines;
	in->shuffle = o->shuf;
	in->dpre = o->delim_pre;
	in->dprelen = o->delim_prelen;
	if (o->colsep && !(in->cs = colsep_new(o->colsep))) {
		*what = o->colsep;
		errno = EINVAL;
		goto fail;
	}
	/* count groups */
	for (i = 0; i < nf; i++)
		if (!f[i].linked)
			in->ngroups++;
	in->groups = xcalloc(in->ngroups, sizeof *in->groups);
	in->idx = xcalloc(in->ngroups, sizeof *in->idx);
	stream0 = nf > 0 && (nf == 1 || !f[1].linked) && f[0].spec->kind != SRC_WORDS;

	for (i = 0, g = (size_t)-1; i < nf; i++) {
		struct group *gr;
		if (!f[i].linked)
			g++;
		gr = &in->groups[g];
		if (g == 0 && stream0) {
			in->streaming = 1;
			if (f[i].spec->kind == SRC_STDIN) {
				static char *dash[] = { (char *)"-" };
				in->files = dash;
				in->nfiles = 1;
			} else {
				in->files = f[i].spec->words + f[i].file;
				in->nfiles = 1;
			}
			in->curfile = 0;
			in->errname = in->files[0];
			{
				int fd = open_file(in->files[0]);
				if (fd < 0) {
					*what = in->files[0];
					goto fail;
				}
				reader_init(&in->rd, fd, in->delim);
			}
			continue;
		}
		gr->src = xreallocarray(gr->src, gr->nsrc + 1, sizeof *gr->src);
		memset(&gr->src[gr->nsrc], 0, sizeof gr->src[0]);
		if (load_src(in, &gr->src[gr->nsrc], &f[i]) < 0) {
			*what = in->errname;
			gr->nsrc++;
			goto fail;
		}
		if (gr->nsrc == 0 || (in->wrap ? gr->src[gr->nsrc].n > gr->len :
				      gr->src[gr->nsrc].n < gr->len))
			gr->len = gr->src[gr->nsrc].n;
		gr->nsrc++;
	}
	free(f);
	in->errname = NULL;
	return in;
fail:
	{
		int e = errno;
		free(f);
		input_close(in);
		errno = e;
	}
	return NULL;
}

/* Value k of group g, source s (a shorter linked source wraps). */
static void group_add(const struct input *in, size_t g, size_t k, struct chunk *c)
{
	const struct group *gr = &in->groups[g];
	size_t s;

	for (s = 0; s < gr->nsrc; s++) {
		const struct mem_src *m = &gr->src[s];
		size_t j = k % m->n;
		if (in->cs)
			colsep_split(in->cs, m->val[j], m->len[j], c);
		else
			chunk_add(c, m->val[j], m->len[j]);
	}
}

static int group_empty(const struct group *gr)
{
	size_t s;

	for (s = 0; s < gr->nsrc; s++)
		if (gr->src[s].n == 0)
			return 1;
	return gr->nsrc == 0;
}

/* -d of several characters: the reader cuts at its last character; a
 * record not ending with the others goes on with the next one. */
static int next_multi(struct input *in, const char **p, size_t *n,
		      int may_block)
{
	int rc;

	for (;;) {
		rc = reader_next(&in->rd, p, n, may_block);
		if (rc == 0 && in->joining) {
			/* the end: what was held is the last record */
			in->joining = 0;
			*p = in->joined.buf;
			*n = in->joined.len;
			return 1;
		}
		if (rc != 1)
			return rc;
		if (!in->joining)
			sbuf_reset(&in->joined);
		else
			sbuf_addc(&in->joined, in->delim);
		sbuf_add(&in->joined, *p, *n);
		if (in->joined.len >= in->dprelen &&
		    memcmp(in->joined.buf + in->joined.len - in->dprelen, in->dpre,
			   in->dprelen) == 0) {
			in->joining = 0;
			*p = in->joined.buf;
			*n = in->joined.len - in->dprelen;
			return 1;
		}
		in->joining = 1;
	}
}

/* Fetch the next value of the streamed group 0 into cur0 (not copied). */
static int next0(struct input *in, int may_block)
{
	const char *p;
	size_t n;
	int rc = in->dpre ? next_multi(in, &p, &n, may_block) :
		 reader_next(&in->rd, &p, &n, may_block);

	if (rc == 1) {
		in->cur0 = p;
		in->cur0len = n;
		in->have0 = 1;
	} else if (rc < 0) {
		in->errname = in->files[in->curfile];
	}
	return rc;
}

int input_one(struct input *in, struct chunk *c, int may_block)
{
	size_t g, first = in->streaming ? 1 : 0;

	if (in->done)
		return INPUT_EOF;
	if (!in->started) {
		in->started = 1;
		for (g = first; g < in->ngroups; g++)
			if (group_empty(&in->groups[g]))
				in->done = 1;
		if (in->ngroups == 0)
			in->done = 1;
		if (in->done)
			return INPUT_EOF;
	}
	if (in->streaming && !in->have0) {
		int rc = next0(in, may_block);
		if (rc == 0)
			in->done = 1;
		if (rc != 1)
			return rc;
	}
	/* emit the combination the odometer points at */
	if (in->streaming) {
		if (in->cs)
			colsep_split(in->cs, in->cur0, in->cur0len, c);
		else
			chunk_add(c, in->cur0, in->cur0len);
	}
	for (g = first; g < in->ngroups; g++)
		group_add(in, g, in->idx[g], c);
	c->ninputs++;
	in->count++;

	/* advance it, the last group fastest */
	for (g = in->ngroups; g-- > first;) {
		if (++in->idx[g] < in->groups[g].len)
			return INPUT_OK;
		in->idx[g] = 0;
	}
	if (in->streaming)
		in->have0 = 0;
	else
		in->done = 1;
	return INPUT_OK;
}

int input_fd(const struct input *in)
{
	return in->streaming && !in->done ? in->rd.fd : -1;
}

const char *input_errname(const struct input *in)
{
	if (!in->errname)
		return "input";
	return strcmp(in->errname, "-") == 0 ? "stdin" : in->errname;
}

unsigned long input_total(const struct input *in)
{
	unsigned long total = 1;
	size_t g;

	if (in->streaming)
		return in->done ? in->count : 0;
	for (g = 0; g < in->ngroups; g++) {
		if (group_empty(&in->groups[g]))
			return 0;
		total *= in->groups[g].len;
	}
	return in->ngroups ? total : 0;
}

unsigned long input_count(const struct input *in)
{
	return in->count;
}

void input_close(struct input *in)
{
	size_t g, s, k;

	if (!in)
		return;
	for (g = 0; g < in->ngroups; g++) {
		for (s = 0; s < in->groups[g].nsrc; s++) {
			struct mem_src *m = &in->groups[g].src[s];
			for (k = 0; k < m->n; k++)
				free(m->val[k]);
			free(m->val);
			free(m->len);
		}
		free(in->groups[g].src);
	}
	free(in->groups);
	free(in->idx);
	if (in->streaming) {
		if (in->rd.fd > 0)
			close(in->rd.fd);
		reader_free(&in->rd);
	}
	colsep_free(in->cs);
	sbuf_free(&in->joined);
	while (in->nshuf)
		chunk_free(&in->shuf[--in->nshuf]);
	free(in->shuf);
	free(in);
}
