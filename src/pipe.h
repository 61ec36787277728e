/* pipe.h: --pipe and --pipepart: cutting input into blocks at record
 * boundaries and feeding each block to one job's stdin.  The pool sees a
 * pipesrc as its source of jobs and through one hook (which feeds the
 * blocks); pipe.c owns each job's block (its state in job->ext). */
#ifndef PARX_PIPE_H
#define PARX_PIPE_H

#include <stddef.h>

#include "hooks.h"
#include "opts.h"

struct pipesrc;
struct pool;

struct pipesrc *pipesrc_open(const struct opts *o, const char **what);
/* The blocks as the pool's source of jobs. */
struct source pipe_source(struct pipesrc *ps);
/* Take part in p's run: each job's stdin is fed its block.  The pool owns
 * ps from then on. */
void pipe_attach(struct pipesrc *ps, struct pool *p);
void pipesrc_close(struct pipesrc *ps);
/* --pipepart: the blocks the files will be cut into, before the first
 * is taken ({##}); 0 when not known. */
unsigned long pipesrc_count(struct pipesrc *ps);

#endif
