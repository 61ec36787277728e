/* pack.c: spreading the last inputs of -X/-m over the free job slots, so
 * that `seq 10 | parx -j3 -X echo` runs three jobs, as GNU parallel does. */
#include <string.h>

#include "pack.h"
#include "pool_impl.h"

/* Keep the first keep inputs of c; the others go to rest (empty). */
static void split(struct chunk *c, size_t keep, struct chunk *rest)
{
	size_t cols = c->nvals / c->ninputs, v;

	for (v = keep * cols; v < c->nvals; v++)
		chunk_add(rest, CHUNK_VAL(c, v), c->len[v]);
	rest->ninputs = c->ninputs - keep;
	c->data.len = c->off[keep * cols];
	c->data.buf[c->data.len] = '\0';
	c->nvals = keep * cols;
	c->ninputs = keep;
}

void pack_spread(struct pool *p)
{
	struct chunk *c = &p->building;

	if (!p->o->xargs || p->nslots < 2 || c->ninputs < 2 || p->have_pending)
		return;
	/* values per input must be the same (not --colsep) to split */
	if (c->nvals % c->ninputs)
		return;
	if (!p->spread && p->in_done) {
		p->spread = 1;
		p->xcap = (c->ninputs + p->nslots - 1) / p->nslots;
	}
	if (!p->xcap || c->ninputs <= p->xcap)
		return;
	chunk_reset(&p->pending);
	split(c, p->xcap, &p->pending);
	p->have_pending = 1;
	p->in_done = 0;
}
