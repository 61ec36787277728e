/* input.c: reading sources (stdin, ::: words, :::: files), splitting
 * records and columns, and walking their product or link. */
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "escape.h"
#include "input.h"
#include "input_impl.h"
#include "xsplit.h"

struct colsep {
	regex_t re;
	int csv_sep;		/* --csv: the field separator; -1: re splits */
};

/* --csv (issue 15): fields separated by sep, split by csv.c. */
static struct colsep *colsep_csv(int sep)
{
	struct colsep *cs = xcalloc(1, sizeof *cs);

	cs->csv_sep = sep;
	return cs;
}

/* --csv (issue 15): the message for an input that ended in a quoted field. */
static void csv_error(struct input *in, const char *name)
{
	struct sbuf b = {0};

	sbuf_addf(&b, "%s: --csv: the input ends inside a quoted field",
		  strcmp(name, "-") == 0 ? "stdin" : name);
	free(in->errmsg);
	in->errmsg = b.buf;
	in->errname = in->errmsg;
	errno = 0;
}

struct colsep *colsep_new(const char *ere)
{
	struct colsep *cs = xmalloc(sizeof *cs);
	char *pat = xmalloc(strlen(ere) + 1);
	int rc;

	/* \t \n \r as in the regexes users know from other tools */
	pat[unescape(ere, ESC_CTRL, pat)] = '\0';
	rc = regcomp(&cs->re, pat, REG_EXTENDED);
	cs->csv_sep = -1;
	free(pat);
	if (rc != 0) {
		free(cs);
		return NULL;
	}
	return cs;
}

void colsep_split(const struct colsep *cs, const char *s, size_t n,
		  struct chunk *c)
{
	/* regexec needs a NUL-terminated string; values never hold NUL */
	char *copy;
	const char *p, *end;
	regmatch_t m;

	if (cs->csv_sep >= 0) {		/* --csv (issue 15) */
		csv_split(cs->csv_sep, s, n, c);
		return;
	}
	copy = xstrndup(s, n);
	p = copy;
	end = copy + n;

	while (p <= end && regexec(&cs->re, p, 1, &m, p == copy ? 0 : REG_NOTBOL) == 0) {
		if (m.rm_eo == 0) {	/* empty match: no separator here */
			if (p == end)
				break;
			/* look for a non-empty match further on */
			const char *q = p + 1;
			int found = 0;
			while (q <= end && regexec(&cs->re, q, 1, &m, REG_NOTBOL) == 0) {
				if (m.rm_eo > m.rm_so) {
					found = 1;
					break;
				}
				if (q == end)
					break;
				q++;
			}
			if (!found)
				break;
			chunk_add(c, p, (size_t)(q - p) + (size_t)m.rm_so);
			p = q + m.rm_eo;
			continue;
		}
		chunk_add(c, p, (size_t)m.rm_so);
		p += m.rm_eo;
	}
	chunk_add(c, p, (size_t)(end - p));
	free(copy);
}

void colsep_free(struct colsep *cs)
{
	if (!cs)
		return;
	if (cs->csv_sep < 0)
		regfree(&cs->re);
	free(cs);
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

/* Read every record of a file into m (up to eof, -E, when given). */
static int load_file(struct mem_src *m, const char *name, int delim, int csv,
		     const char *eof)
{
	struct reader r;
	const char *p;
	size_t n;
	int fd = open_file(name), rc;

	if (fd < 0)
		return -1;
	reader_init(&r, fd, delim);
	r.csv = csv;
	while ((rc = reader_next(&r, &p, &n, 1)) != 0) {
		if (rc == INPUT_AGAIN)
			continue;
		if (rc < 0 || inrules_is_eof(eof, p, n))
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
				if (inrules_is_eof(in->eof_str, w, (size_t)(d - w)))
					return 0;
				mem_add(m, w, (size_t)(d - w));
				w = d + 1;
			}
			if (inrules_is_eof(in->eof_str, w, strlen(w)))
				return 0;	/* -E ends each source */
			mem_add(m, w, strlen(w));
		}
		return 0;
	case SRC_FILES:
		in->errname = f->spec->words[f->file];
		if (load_file(m, f->spec->words[f->file], in->delim, in->csv,
			      in->eof_str) == 0)
			return 0;
		if (in->csv && errno == EINVAL)
			errno = EBADMSG;	/* input.h */
		return -1;
	case SRC_STDIN:
		in->errname = "-";
		if (load_file(m, "-", in->delim, in->csv, in->eof_str) == 0)
			return 0;
		if (in->csv && errno == EINVAL)
			errno = EBADMSG;	/* input.h */
		return -1;
	}
	return 0;
}

/* Group 0 as one streamed source: its file opened under a reader. */
static int open_stream(struct input *in, const struct flat_src *f)
{
	int fd;

	in->streaming = 1;
	in->file = f->spec->kind == SRC_STDIN ? "-" : f->spec->words[f->file];
	in->errname = in->file;
	if ((fd = open_file(in->file)) < 0)
		return -1;
	reader_init(&in->rd, fd, in->delim);
	in->rd.csv = in->csv;
	return 0;
}

/* The xargs personality: one file (or stdin) split as xargs splits it. */
static struct input *open_xargs(struct input *in, const struct opts *o,
				const char **what)
{
	const char *name = o->srcs[0].kind == SRC_FILES ? o->srcs[0].words[0] : "-";
	int fd = open_file(name);

	if (fd < 0) {
		int e = errno;
		*what = name;
		free(in);
		errno = e;
		return NULL;
	}
	in->errname = name;
	in->xs = xsplit_new(fd, o->xo);
	return in;
}

/* The options that say how each input is read and changed. */
static void set_rules(struct input *in, const struct opts *o)
{
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
}

/* Open every source into its group: group 0 streamed when it is one file
 * source, the others read into memory.  0, or -1 with *what named. */
static int open_groups(struct input *in, const struct flat_src *f, size_t nf,
		       const char **what)
{
	size_t i, g;
	int stream0;

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
			if (open_stream(in, &f[i]) < 0) {
				*what = in->file;
				return -1;
			}
			continue;
		}
		gr->src = xreallocarray(gr->src, gr->nsrc + 1, sizeof *gr->src);
		memset(&gr->src[gr->nsrc], 0, sizeof gr->src[0]);
		if (load_src(in, &gr->src[gr->nsrc], &f[i]) < 0) {
			*what = in->errname;
			gr->nsrc++;
			return -1;
		}
		if (gr->nsrc == 0 || (in->wrap ? gr->src[gr->nsrc].n > gr->len :
				      gr->src[gr->nsrc].n < gr->len))
			gr->len = gr->src[gr->nsrc].n;
		gr->nsrc++;
	}
	return 0;
}

struct input *input_open(const struct opts *o, const char **what)
{
	struct input *in = xcalloc(1, sizeof *in);
	struct flat_src *f;
	size_t nf;
	int e;

	if (o->xargs_mode)
		return open_xargs(in, o, what);
	nf = flatten(o, &f);
	set_rules(in, o);
	if (o->csv) {			/* --csv */
		in->csv = 1;
		in->cs = colsep_csv(o->csv);
	} else if (o->colsep && !(in->cs = colsep_new(o->colsep))) {
		*what = o->colsep;
		errno = EINVAL;
		goto fail;
	}
	if (open_groups(in, f, nf, what) < 0)
		goto fail;
	free(f);
	in->errname = NULL;
	return in;
fail:
	e = errno;
	free(f);
	input_close(in);
	errno = e;
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
		in->errname = in->file;
		if (in->csv && errno == EINVAL)
			csv_error(in, in->file);
	}
	return rc;
}

int input_one(struct input *in, struct chunk *c, int may_block)
{
	size_t g, first = in->streaming ? 1 : 0;

	if (in->xs) {
		int rc = xsplit_next(in->xs, c, may_block);
		in->count += rc == INPUT_OK;
		return rc;
	}
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

/* --header (issue 15): the first record of every source, taken out of
 * it, split by --colsep, into names. */
int input_header(struct input *in, struct chunk *names)
{
	size_t g, s, first = in->streaming ? 1 : 0;
	int rc;

	if (in->streaming) {
		while ((rc = next0(in, 1)) == INPUT_AGAIN)
			;
		if (rc < 0)
			return -1;
		if (rc == 1) {
			if (in->cs)
				colsep_split(in->cs, in->cur0, in->cur0len, names);
			else
				chunk_add(names, in->cur0, in->cur0len);
		}
		in->have0 = 0;
	}
	for (g = first; g < in->ngroups; g++) {
		struct group *gr = &in->groups[g];
		for (s = 0; s < gr->nsrc; s++) {
			struct mem_src *m = &gr->src[s];
			if (m->n == 0)
				continue;
			if (in->cs)
				colsep_split(in->cs, m->val[0], m->len[0], names);
			else
				chunk_add(names, m->val[0], m->len[0]);
			free(m->val[0]);
			memmove(m->val, m->val + 1, (m->n - 1) * sizeof *m->val);
			memmove(m->len, m->len + 1, (m->n - 1) * sizeof *m->len);
			m->n--;
		}
		for (gr->len = 0, s = 0; s < gr->nsrc; s++)
			if (gr->src[s].n > gr->len)
				gr->len = gr->src[s].n;
	}
	return 0;
}

int input_fd(const struct input *in)
{
	if (in->xs)
		return xsplit_fd(in->xs);
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

	if (in->xs)
		return 0;
	if (in->streaming)
		return in->done ? in->count : 0;
	for (g = 0; g < in->ngroups; g++) {
		if (group_empty(&in->groups[g]))
			return 0;
		total *= in->groups[g].len;
	}
	return in->ngroups ? total : 0;
}

int input_xargs_error(const struct input *in)
{
	return in && in->xs ? (int)xsplit_error(in->xs) : 0;
}

void input_close(struct input *in)
{
	size_t g, s, k;

	if (!in)
		return;
	xsplit_free(in->xs);
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
	free(in->errmsg);
	sbuf_free(&in->joined);
	while (in->nshuf)
		chunk_free(&in->shuf[--in->nshuf]);
	free(in->shuf);
	free(in);
}
