/* outbuf.c: what every part of the output writes with: the tagger, the
 * writes to stdout/stderr that mark the output broken when they fail, and
 * clearing an entry's buffer (output.c, outzip.c and outcolor.c call it;
 * it calls none of them). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output_impl.h"

void output_ob_clear(struct output *out, struct obuf *b)
{
	if (out->z)
		ofile_clear(out->z, &b->of);
	sbuf_free(&b->mem);
	if (b->spill >= 0)
		close(b->spill);
	b->spill = -1;
	b->spilled = 0;
}

void output_set_broken(struct output *out, int err)
{
	if (!out->broken)
		out->broken = err ? err : EIO;
}

void output_broken_now(struct output *out)
{
	output_set_broken(out, errno);
}

void output_put(struct output *out, int fd, const char *p, size_t n)
{
	if (out->broken || n == 0)
		return;
	if (write_all(fd, p, n) < 0)
		output_broken_now(out);
}

/* The data with the tag put at the start of every line, in out->tagged
 * (or the data itself when there is no tag). */
const char *output_tagged(struct output *out, struct obuf *b,
			  const struct oentry *e, const char *p, size_t *n)
{
	size_t i, start = 0;

	if (!e->tag)
		return p;
	sbuf_reset(&out->tagged);
	for (i = 0; i < *n; i++) {
		if (b->bol) {
			sbuf_add(&out->tagged, p + start, i - start);
			sbuf_add(&out->tagged, e->tag, e->taglen);
			start = i;
			b->bol = 0;
		}
		if (p[i] == '\n' && e->eol) {
			sbuf_add(&out->tagged, p + start, i - start);
			sbuf_add(&out->tagged, e->eol, e->eollen);
			start = i;
		}
		if (p[i] == '\n')
			b->bol = 1;
	}
	sbuf_add(&out->tagged, p + start, *n - start);
	*n = out->tagged.len;
	return out->tagged.buf;
}
