/* batch.h: the jobs of a run made from its inputs: the next job's inputs
 * as they are gathered (one input, -n N of them, or -X as many as fit the
 * command-line budget) and inputs a too-long job gave back.  The pool sees
 * a batch only as a source (hooks.h).  batch.c owns every field. */
#ifndef PARX_BATCH_H
#define PARX_BATCH_H

#include "exec.h"
#include "hooks.h"
#include "input.h"
#include "opts.h"
#include "template.h"

struct batch;

struct batch *batch_new(const struct opts *o, struct input *in,
			const struct tmpl *t, struct exec *ex);
void batch_free(struct batch *b);
/* The pool's slot count, over which -X/-m spread the last inputs. */
void batch_set_slots(struct batch *b, size_t n);
/* Read every input now and gather every job's inputs ({##}: the jobs
 * must be counted before the first starts); returns how many jobs.  The
 * source then serves them, and what ended the input after them. */
unsigned long batch_preload(struct batch *b);
/* The batch as the pool's source. */
struct source batch_source(struct batch *b);

#endif
