/* progress.h: --bar, --eta, --progress on stderr. */
#ifndef PARX_PROGRESS_H
#define PARX_PROGRESS_H

#include "opts.h"

struct progress;

struct progress *progress_new(const struct opts *o);	/* NULL: off */
/* done/total jobs so far (total 0 = not known yet); redraws at most 10
 * times a second.  Returns the seconds until it wants to redraw. */
double progress_update(struct progress *p, unsigned long done,
		       unsigned long started, unsigned long total, int force);
void progress_end(struct progress *p);
/* Take part in pool's run: redrawn every turn of its loop, ended with
 * it.  The pool owns p from then on. */
struct pool;
void progress_attach(struct progress *p, struct pool *pool);

#endif
