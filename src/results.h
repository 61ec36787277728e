/* results.h: --results DIR (GNU parallel's DIR/1/<value>/2/<value>/ with
 * seq, stdout and stderr; gnures.c names it) and --results FILE.jsonl
 * (one JSON object per job). */
#ifndef PARX_RESULTS_H
#define PARX_RESULTS_H

#include "output.h"
#include "job.h"

struct results;

/* NULL + errno; rc: the run's replacement strings (-I, --plus, ...), for
 * a name holding them. */
struct rstr_conf;
struct results *results_open(const char *where, const struct rstr_conf *rc);
/* --files: each job's stdout file under DIR where is printed (as GNU
 * parallel names it) instead of its output. */
void results_files(struct results *r, const char *where);
/* Take part in p's run: store each job's output and outcome.  The pool
 * owns r from then on. */
struct pool;
void results_attach(struct results *r, struct pool *p);
void results_close(struct results *r);

#endif
