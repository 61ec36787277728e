/* chunk.h: the inputs of one job.
 *
 * A chunk is a flat list of values (every column of every source of every
 * input in the chunk), each NUL-terminated inside one buffer.  batch.c
 * gathers chunks from input.c and hands each to one job, which owns it
 * from then on (job_free frees it). */
#ifndef PARX_CHUNK_H
#define PARX_CHUNK_H

#include <stddef.h>

#include "util.h"

struct chunk {
	struct sbuf data;	/* value bytes, each followed by a NUL */
	size_t *off;		/* start of value i in data.buf */
	size_t *len;		/* length of value i */
	size_t nvals, cap;
	size_t ninputs;		/* inputs (lines) in this chunk */
};

void chunk_add(struct chunk *c, const char *s, size_t n);
void chunk_append(struct chunk *dst, const struct chunk *src);
void chunk_reset(struct chunk *c);
void chunk_free(struct chunk *c);
#define CHUNK_VAL(c, i) ((c)->data.buf + (c)->off[i])

#endif
