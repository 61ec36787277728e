/* outcolor.c: the entry's side of --color (a sequence that ends every
 * line) and --color-failed (output held untagged, tagged when written). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output_impl.h"

/* --color-failed: write a buffer through the tagger (memory, then the
 * spill file from its start), ending its last line. */
void output_flush_tagged(struct output *out, int fd, struct oentry *e,
			    struct obuf *b)
{
	struct sbuf raw = {0};
	char buf[65536];
	off_t off = 0;
	const char *t;
	size_t n;
	ssize_t r;
	char last = '\n';

	sbuf_add(&raw, b->mem.buf ? b->mem.buf : "", b->mem.len);
	sbuf_reset(&b->mem);
	for (;;) {
		n = raw.len;
		if (n)
			last = raw.buf[n - 1];
		t = output_tagged(out, b, e, raw.buf, &n);
		output_put(out, fd, t, n);
		if (b->spill < 0 || (r = pread(b->spill, buf, sizeof buf, off)) <= 0)
			break;
		off += r;
		sbuf_reset(&raw);
		sbuf_add(&raw, buf, (size_t)r);
	}
	sbuf_free(&raw);
	/* every job's last line is ended, coloured or not */
	if (last != '\n') {
		if (e->eol)
			output_put(out, fd, e->eol, e->eollen);
		output_put(out, fd, "\n", 1);
	}
	b->bol = 1;
	output_ob_clear(out, b);
}

void output_color(struct oentry *e, const char *eol)
{
	free(e->eol);
	e->eol = eol ? xstrdup(eol) : NULL;
	e->eollen = eol ? strlen(eol) : 0;
}

void output_defer(struct oentry *e)
{
	e->defer = 1;
	e->hold = 1;
	e->live = 0;
}

void output_retag(struct oentry *e, const char *tag, size_t taglen)
{
	free(e->tag);
	e->tag = tag ? xstrndup(tag, taglen) : NULL;
	e->taglen = tag ? taglen : 0;
}
