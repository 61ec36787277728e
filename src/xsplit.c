/* xsplit.c: xargs' input, split into arguments and packed into commands
 * as GNU xargs does.  A byte at a time through a small state machine
 * (between words, in single quotes, in double quotes, after a backslash);
 * each finished argument goes into the command being packed, which is
 * given out when -n, -L or -I says it is full, when the next argument
 * would take it over -s, or at the end of the input. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "xsplit.h"

enum { ST_NORMAL, ST_SQ, ST_DQ, ST_BS };

#define XS_READ 65536

struct xsplit {
	const struct xargs_opts *x;
	int fd;
	char *buf;
	size_t pos, end;
	int state;
	int in_word;		/* the word has begun (a byte or a quote) */
	int last_blank;		/* the byte before was an unquoted blank */
	size_t line_args;	/* arguments on the current logical line */
	size_t phys_args;	/* ...and on the current physical line */
	struct sbuf w;		/* the current word */
	struct chunk cur;	/* the command being packed */
	size_t size;		/* bytes its command line takes */
	long nargs, nlines;
	int ready;		/* cur is full: give it out */
	int carry;		/* w is the next command's first argument */
	int carry_line;		/* ...and its line ended */
	int ended;		/* no more arguments */
	int done;
	int emitted;		/* commands given out */
	int warned_nul;		/* said once that a NUL cannot be passed */
	int at_eof;		/* the input has ended */
	enum xsplit_err err;
};

struct xsplit *xsplit_new(int fd, const struct xargs_opts *x)
{
	struct xsplit *xs = xcalloc(1, sizeof *xs);

	xs->x = x;
	xs->fd = fd;
	xs->buf = xmalloc(XS_READ);
	xs->size = x->initial;
	return xs;
}

void xsplit_free(struct xsplit *xs)
{
	if (!xs)
		return;
	if (xs->fd > 0)
		close(xs->fd);
	free(xs->buf);
	sbuf_free(&xs->w);
	chunk_free(&xs->cur);
	free(xs);
}

int xsplit_fd(const struct xsplit *xs)
{
	return xs->done ? -1 : xs->fd;
}

enum xsplit_err xsplit_error(const struct xsplit *xs)
{
	return xs->err;
}

const char *xsplit_strerror(enum xsplit_err e)
{
	switch (e) {
	case XE_SQUOTE:
		return "unmatched single quote; by default quotes are special to "
		       "xargs unless you use the -0 option";
	case XE_DQUOTE:
		return "unmatched double quote; by default quotes are special to "
		       "xargs unless you use the -0 option";
	case XE_LINE: return "argument line too long";
	case XE_LIST: return "argument list too long";
	case XE_CMD: return "command too long";
	case XE_NONE: break;
	}
	return "";
}

/* Stop the input for error e; keep (run) what cur holds when keep, but
 * never a command of -L lines that is not full. */
static void fail(struct xsplit *xs, enum xsplit_err e, int keep)
{
	struct chunk *c = &xs->cur;

	xs->err = e;
	xs->ended = 1;
	xs->carry = 0;
	if (xs->x->max_lines)
		keep = 0;
	if (!keep) {
		chunk_reset(c);
		xs->nargs = 0;
	}
	sbuf_reset(&xs->w);
}

/* A line of -L ended. */
static void line_end(struct xsplit *xs)
{
	xs->line_args = 0;
	if (xs->carry) {
		xs->carry_line = 1;
		return;
	}
	if (xs->x->max_lines && ++xs->nlines >= xs->x->max_lines)
		xs->ready = 1;
}

/* An argument ends at a NUL byte, as exec would end it.  With -I the
 * line keeps it: the template ends the word there. */
static void cut_nul(struct xsplit *xs)
{
	size_t n = xs->w.buf ? strnlen(xs->w.buf, xs->w.len) : 0;

	if (n == xs->w.len || xs->x->repl)
		return;
	xs->w.len = n;
	xs->w.buf[n] = '\0';
}

/* A NUL byte read as part of a word: xargs says once that it cannot be
 * passed on. */
static void saw_nul(struct xsplit *xs)
{
	if (!xs->warned_nul)
		warnx_("WARNING: a NUL character occurred in the input.  It cannot be "
		       "passed through in the argument list.  Did you mean to use "
		       "the --null option?");
	xs->warned_nul = 1;
}

/* Add the word to the command, or close the command when it does not
 * fit (the word then starts the next one). */
static void push(struct xsplit *xs)
{
	const struct xargs_opts *x = xs->x;
	/* counted as read, NUL and all, as xargs counts it */
	size_t need = xs->w.len + 1;

	cut_nul(xs);

	if (x->initial + need > x->max_chars) {
		fail(xs, XE_LINE, !x->exit_big);
		return;
	}
	if (xs->size + need > x->max_chars) {
		if (x->exit_big && (x->max_args || x->max_lines)) {
			fail(xs, XE_LIST, 0);
			return;
		}
		xs->ready = 1;
		xs->carry = 1;
		return;
	}
	chunk_add(&xs->cur, xs->w.buf ? xs->w.buf : "", xs->w.len);
	sbuf_reset(&xs->w);
	xs->size += need;
	xs->line_args++;
	xs->phys_args++;
	if (x->max_args && ++xs->nargs >= x->max_args)
		xs->ready = 1;
}

static void word_end(struct xsplit *xs)
{
	const char *eof = xs->x->eof;

	xs->in_word = 0;
	/* the end word, but one that the input's end cuts off counts only
	 * first on its line, as in xargs */
	if (eof && !xs->x->delimited && strcmp(xs->w.buf ? xs->w.buf : "", eof) == 0 &&
	    !(xs->at_eof && xs->phys_args)) {
		xs->ended = 1;
		sbuf_reset(&xs->w);
		return;
	}
	push(xs);
}

/* -I: the line is one value, replaced into the initial arguments. */
static void repl_line(struct xsplit *xs)
{
	const struct xargs_opts *x = xs->x;
	size_t rl = strlen(x->repl), len, total = 0, i;
	const char *eof = x->eof;

	cut_nul(xs);
	len = xs->w.len;
	xs->in_word = 0;
	if (eof && !x->delimited && strcmp(xs->w.buf ? xs->w.buf : "", eof) == 0) {
		xs->ended = 1;
		return;
	}
	if (len >= x->max_chars) {
		fail(xs, XE_LINE, 0);
		return;
	}
	for (i = 0; i < x->ncmd; i++) {
		const char *a = x->cmd[i], *p;
		size_t n = strlen(a), k = 0;
		for (p = a; rl && (p = strstr(p, x->repl)) != NULL; p += rl)
			k++;
		n = n - k * rl + k * len;
		if (n + 1 >= x->max_chars) {
			fail(xs, XE_CMD, 0);
			return;
		}
		total += n + 1;
	}
	if (total > x->max_chars) {
		fail(xs, XE_LIST, 0);
		return;
	}
	chunk_add(&xs->cur, xs->w.buf ? xs->w.buf : "", len);
	sbuf_reset(&xs->w);
	xs->ready = 1;
}

/* An unquoted byte between or in words. */
static void normal_byte(struct xsplit *xs, int c)
{
	int repl = xs->x->repl != NULL;

	switch (c) {
	case '\n':
		if (repl) {
			if (xs->in_word)
				repl_line(xs);
			return;
		}
		if (xs->in_word)
			word_end(xs);
		/* a line of no words neither ends nor continues a line */
		if (xs->ended || !xs->line_args || !xs->phys_args) {
			xs->last_blank = 0;
			return;
		}
		xs->phys_args = 0;
		if (xs->last_blank)
			xs->last_blank = 0;	/* continued on the next line */
		else
			line_end(xs);
		return;
	case ' ': case '\t':
		if (repl) {
			if (xs->in_word)
				sbuf_addc(&xs->w, c);
			return;
		}
		if (xs->in_word)
			word_end(xs);
		xs->last_blank = 1;
		return;
	case '\'': xs->state = ST_SQ; break;
	case '"': xs->state = ST_DQ; break;
	case '\\': xs->state = ST_BS; break;
	default: sbuf_addc(&xs->w, c); break;
	}
	xs->in_word = 1;
	xs->last_blank = 0;
}

static void quoted_byte(struct xsplit *xs, int c)
{
	switch (xs->state) {
	case ST_BS:
		sbuf_addc(&xs->w, c);
		xs->state = ST_NORMAL;
		/* even escaped, a blank last on a line continues it */
		xs->last_blank = c == ' ' || c == '\t';
		return;
	case ST_SQ:
	case ST_DQ:
		if (c == (xs->state == ST_SQ ? '\'' : '"'))
			xs->state = ST_NORMAL;
		else if (c == '\n')
			fail(xs, xs->state == ST_SQ ? XE_SQUOTE : XE_DQUOTE,
			     !xs->x->exit_big);
		else
			sbuf_addc(&xs->w, c);
		return;
	}
}

/* -0 / -d: an item ended. */
static void item_end(struct xsplit *xs)
{
	if (xs->x->repl) {
		repl_line(xs);
		return;
	}
	push(xs);
	if (!xs->ended)
		line_end(xs);
}

/* The word being read is already too long for any command: xargs stops
 * reading there, before a quote left open could matter. */
static void check_long(struct xsplit *xs)
{
	const struct xargs_opts *x = xs->x;
	size_t initial = x->repl ? 0 : x->initial;

	if (initial + xs->w.len + 1 > x->max_chars)
		fail(xs, XE_LINE, !x->exit_big && !x->repl);
}

/* A byte that is part of a word whatever came before it. */
static int plain(char c)
{
	return c != ' ' && c != '\t' && c != '\n' && c != '\'' && c != '"' &&
	       c != '\\' && c != '\0';
}

/* Take bytes until a command is full, the buffer is used, or the end. */
static void scan(struct xsplit *xs)
{
	const struct xargs_opts *x = xs->x;

	if (x->delimited) {
		while (xs->pos < xs->end && !xs->ready && !xs->ended) {
			char *s = xs->buf + xs->pos, *hit;
			size_t n = xs->end - xs->pos;
			if (!(hit = memchr(s, x->delim, n))) {
				sbuf_add(&xs->w, s, n);
				xs->pos = xs->end;
				break;
			}
			sbuf_add(&xs->w, s, (size_t)(hit - s));
			xs->pos += (size_t)(hit - s) + 1;
			item_end(xs);
		}
		return;
	}
	while (xs->pos < xs->end && !xs->ready && !xs->ended) {
		size_t k = xs->pos;
		int c;
		/* a run of plain bytes in a word goes in at once */
		while (xs->state == ST_NORMAL && k < xs->end && plain(xs->buf[k]))
			k++;
		if (k > xs->pos) {
			sbuf_add(&xs->w, xs->buf + xs->pos, k - xs->pos);
			xs->pos = k;
			xs->in_word = 1;
			xs->last_blank = 0;
			check_long(xs);
			continue;
		}
		c = (unsigned char)xs->buf[xs->pos++];
		if (c == '\0')
			saw_nul(xs);
		if (xs->state == ST_NORMAL)
			normal_byte(xs, c);
		else
			quoted_byte(xs, c);
		if (!xs->ended)
			check_long(xs);
	}
}

/* The input is at its end: finish the word and line it leaves open. */
static void at_end(struct xsplit *xs)
{
	xs->at_eof = 1;
	if (xs->x->delimited) {
		if (xs->w.len)
			item_end(xs);
	} else if ((xs->state == ST_SQ || xs->state == ST_DQ) && xs->w.len) {
		fail(xs, xs->state == ST_SQ ? XE_SQUOTE : XE_DQUOTE,
		     !xs->x->exit_big);
	} else if (xs->state == ST_NORMAL || xs->state == ST_BS) {
		/* a backslash at the very end escapes nothing, and an empty
		 * quoted word right at the end is no argument */
		if (xs->in_word && xs->w.len && xs->x->repl)
			repl_line(xs);
		else if (xs->in_word && xs->w.len)
			word_end(xs);
	}
	xs->ended = 1;
}

/* Read more: 1, 0 at the end, INPUT_AGAIN, or -1. */
static int refill(struct xsplit *xs, int may_block)
{
	ssize_t n;

	if (!may_block) {
		struct pollfd pfd = { .fd = xs->fd, .events = POLLIN };
		if (poll(&pfd, 1, 0) == 0)
			return INPUT_AGAIN;
	}
	n = read(xs->fd, xs->buf, XS_READ);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? INPUT_AGAIN : -1;
	xs->pos = 0;
	xs->end = (size_t)n;
	return n > 0;
}

/* Give cur out as one input, and start the next command. */
static void give(struct xsplit *xs, struct chunk *c)
{
	struct chunk t = *c;

	*c = xs->cur;
	c->ninputs = 1;
	xs->cur = t;
	chunk_reset(&xs->cur);
	xs->ready = 0;
	xs->emitted++;
	xs->size = xs->x->initial;
	xs->nargs = xs->nlines = 0;
	if (xs->carry) {
		xs->carry = 0;
		push(xs);
		if (xs->carry_line && !xs->ended)
			line_end(xs);
		xs->carry_line = 0;
	}
}

int xsplit_next(struct xsplit *xs, struct chunk *c, int may_block)
{
	for (;;) {
		int rc;

		if (xs->ready) {
			give(xs, c);
			return INPUT_OK;
		}
		if (xs->done)
			return INPUT_EOF;
		if (xs->ended) {
			xs->done = 1;
			if (xs->cur.nvals) {
				give(xs, c);
				return INPUT_OK;
			}
			/* no arguments at all: xargs runs the command once */
			if (!xs->emitted && !xs->x->no_empty && !xs->x->repl &&
			    xs->err == XE_NONE) {
				give(xs, c);
				return INPUT_OK;
			}
			return INPUT_EOF;
		}
		if (xs->pos < xs->end) {
			scan(xs);
			continue;
		}
		rc = refill(xs, may_block);
		if (rc == INPUT_AGAIN || rc < 0)
			return rc < 0 ? INPUT_ERR : rc;
		if (rc == 0)
			at_end(xs);
	}
}
