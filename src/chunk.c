/* chunk.c: the inputs of one job, as a flat list of values in one buffer. */
#include <stdlib.h>
#include <string.h>

#include "chunk.h"

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
