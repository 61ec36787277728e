/* latest.c: --latest-line, the latest line of each job on a row of its
 * own (latest.h). */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "latest.h"
#include "util.h"

struct lrow {
	unsigned long row;
	char *tag;
	size_t taglen;
	struct sbuf line;	/* the latest complete line */
	struct sbuf half;	/* what came after it */
};

struct latest {
	int keep;
	unsigned long next_row;	/* rows given so far (no -k) */
	unsigned long currow, maxrow, minvis;
	struct lrow **later;	/* ended rows from minvis on, by row */
	size_t nlater;
	int tty;		/* /dev/tty, or -1 */
	const char *up;		/* cursor up one line, or "" */
	struct sbuf out;	/* scratch */
};

struct latest *latest_new(int keep)
{
	struct latest *l = xcalloc(1, sizeof *l);
	const char *term = getenv("TERM");

	l->keep = keep;
	l->currow = l->maxrow = l->minvis = 1;
	l->tty = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
	l->up = l->tty >= 0 && term && *term && strcmp(term, "dumb") != 0 ?
		"\033[A" : "";
	return l;
}

static void lrow_free(struct lrow *r)
{
	if (!r)
		return;
	free(r->tag);
	sbuf_free(&r->line);
	sbuf_free(&r->half);
	free(r);
}

void latest_free(struct latest *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->nlater; i++)
		lrow_free(l->later[i]);
	free(l->later);
	if (l->tty >= 0)
		close(l->tty);
	sbuf_free(&l->out);
	free(l);
}

/* The terminal's rows and columns: /dev/tty's, else 24 x 80. */
static void latest_size(const struct latest *l, long *rows, long *cols)
{
	struct winsize ws;

	*rows = 24;
	*cols = 80;
	if (l->tty >= 0 && ioctl(l->tty, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_row > 0 && ws.ws_col > 0) {
		*rows = ws.ws_row;
		*cols = ws.ws_col;
	}
}

/* Decode UTF-8 (a bad byte is U+FFFD) into *cp, TABs spread to the next
 * multiple of 8 counted from the TAB's place in the text: in characters,
 * or (bytes, as GNU parallel does for the tag) in bytes.  The count. */
static size_t latest_chars(const char *s, size_t n, int bytes, uint32_t **cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0, idx = 0, cap = n + 1;

	*cp = xreallocarray(NULL, cap, sizeof **cp);
	while (i < n) {
		uint32_t c = u[i];
		size_t len = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 :
			     c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
		size_t m;

		if (len > 1 && i + len <= n) {
			c &= 0xff >> (len + 1);
			for (m = 1; m < len && (u[i + m] & 0xc0) == 0x80; m++)
				c = c << 6 | (u[i + m] & 0x3f);
			if (m < len || (len == 3 && c < 0x800) ||
			    (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
			    (c >= 0xd800 && c < 0xe000))
				len = 0;
		} else if (len > 1) {
			len = 0;
		}
		if (len == 0) {
			c = 0xfffd;
			len = 1;
		}
		i += len;
		if (c == '\t') {
			size_t sp = 8 - idx % 8;
			if (k + sp + n >= cap) {
				cap = k + sp + n + 1;
				*cp = xreallocarray(*cp, cap, sizeof **cp);
			}
			while (sp--)
				(*cp)[k++] = ' ';
		} else {
			(*cp)[k++] = c;
		}
		idx += bytes ? len : 1;
	}
	return k;
}

/* Append the first n of the code points as UTF-8. */
static void latest_put(struct sbuf *b, const uint32_t *cp, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t c = cp[i];
		if (c < 0x80) {
			sbuf_addc(b, (int)c);
		} else if (c < 0x800) {
			sbuf_addc(b, (int)(0xc0 | c >> 6));
			sbuf_addc(b, (int)(0x80 | (c & 0x3f)));
		} else if (c < 0x10000) {
			sbuf_addc(b, (int)(0xe0 | c >> 12));
			sbuf_addc(b, (int)(0x80 | (c >> 6 & 0x3f)));
			sbuf_addc(b, (int)(0x80 | (c & 0x3f)));
		} else {
			sbuf_addc(b, (int)(0xf0 | c >> 18));
			sbuf_addc(b, (int)(0x80 | (c >> 12 & 0x3f)));
			sbuf_addc(b, (int)(0x80 | (c >> 6 & 0x3f)));
			sbuf_addc(b, (int)(0x80 | (c & 0x3f)));
		}
	}
}

static void latest_repeat(struct sbuf *b, const char *s, long times)
{
	while (times-- > 0)
		sbuf_adds(b, s);
}

/* Draw row r where it is (when it is in the window) into l->out. */
static void latest_draw(struct latest *l, const struct lrow *r)
{
	long rows, cols, taglen, linelen, strlen_, strspc;
	uint32_t *tag, *line;
	const char *cut = "", *more;

	latest_size(l, &rows, &cols);
	if (r->row < l->minvis || (long)(r->row - l->minvis) >= rows - 1)
		return;
	taglen = (long)latest_chars(r->tag ? r->tag : "", r->taglen, 1, &tag);
	linelen = (long)latest_chars(r->line.buf ? r->line.buf : "",
				     r->line.len, 0, &line);
	strlen_ = cols - taglen;
	strspc = strlen_ - linelen;
	if (--strlen_ < 0)
		strlen_ = 0;
	more = strspc > 0 ? " " : ">";
	if (taglen > cols) {
		taglen = cols - 1;
		cut = ">";
		more = "";
	}
	if (r->row > l->maxrow)
		l->maxrow = r->row;
	latest_repeat(&l->out, l->up, (long)l->currow - (long)r->row);
	latest_repeat(&l->out, "\n", (long)r->row - (long)l->currow);
	sbuf_addc(&l->out, '\r');
	latest_put(&l->out, tag, (size_t)taglen);
	sbuf_adds(&l->out, cut);
	latest_put(&l->out, line, (size_t)(linelen < strlen_ ? linelen : strlen_));
	sbuf_adds(&l->out, more);
	latest_repeat(&l->out, "\n", (long)(l->maxrow - r->row) + 1);
	l->currow = l->maxrow + 1;
	free(tag);
	free(line);
}

/* Write out what was drawn. */
static int latest_flush(struct latest *l)
{
	int rc = write_all(1, l->out.buf, l->out.len);

	sbuf_reset(&l->out);
	return rc;
}

struct lrow *latest_start(struct latest *l, unsigned long seq,
			  const char *tag, size_t taglen)
{
	struct lrow *r = xcalloc(1, sizeof *r);

	r->row = l->keep ? seq : ++l->next_row;
	if (tag) {
		r->tag = xstrndup(tag, taglen);
		r->taglen = taglen;
	}
	latest_draw(l, r);
	(void)latest_flush(l);
	return r;
}

/* Where the last line ends in p: one past the last '\n', or when there
 * is none the last '\r'; 0 when neither. */
static size_t latest_eol(const char *p, size_t n)
{
	const char *e = memrchr(p, '\n', n);

	if (!e)
		e = memrchr(p, '\r', n);
	return e ? (size_t)(e - p) + 1 : 0;
}

int latest_data(struct latest *l, struct lrow *r, const char *p, size_t n)
{
	size_t i = latest_eol(p, n), j;

	if (i == 0) {
		sbuf_add(&r->half, p, n);
	} else {
		sbuf_add(&r->half, p, i - 1);
		j = latest_eol(r->half.buf, r->half.len);
		sbuf_reset(&r->line);
		sbuf_add(&r->line, r->half.buf + j, r->half.len - j);
		sbuf_reset(&r->half);
		sbuf_add(&r->half, p + i, n - i);
	}
	latest_draw(l, r);
	return latest_flush(l);
}

/* Bytes as a Latin-1 text written as UTF-8 (what GNU parallel prints of
 * a job's last, unfinished line). */
static void latest_latin1(struct sbuf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			sbuf_addc(b, c);
		} else {
			sbuf_addc(b, 0xc0 | c >> 6);
			sbuf_addc(b, 0x80 | (c & 0x3f));
		}
	}
}

/* Keep ended row r until the window passes it. */
static void latest_later(struct latest *l, struct lrow *r)
{
	size_t k = r->row - l->minvis, i;

	if (k >= l->nlater) {
		l->later = xreallocarray(l->later, k + 1, sizeof *l->later);
		for (i = l->nlater; i <= k; i++)
			l->later[i] = NULL;
		l->nlater = k + 1;
	}
	l->later[k] = r;
}

int latest_end(struct latest *l, struct lrow *r)
{
	struct sbuf half = {0};
	long rows, cols;
	size_t k;
	int rc;

	if (r->half.len) {
		latest_latin1(&half, r->tag ? r->tag : "", r->tag ? r->taglen : 0);
		latest_latin1(&half, r->half.buf, r->half.len);
	}
	latest_later(l, r);
	latest_draw(l, r);
	latest_draw(l, r);
	while (l->nlater && l->later[0]) {
		latest_draw(l, l->later[0]);
		lrow_free(l->later[0]);
		memmove(l->later, l->later + 1, --l->nlater * sizeof *l->later);
		l->minvis++;
	}
	latest_size(l, &rows, &cols);
	for (k = 0; k < l->nlater && (long)k < rows - 1; k++)
		if (l->later[k])
			latest_draw(l, l->later[k]);
	sbuf_add(&l->out, half.buf ? half.buf : "", half.len);
	sbuf_free(&half);
	rc = latest_flush(l);
	return rc;
}
