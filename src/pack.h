/* pack.h: how -X and -m share the last inputs among the job slots. */
#ifndef PARX_PACK_H
#define PARX_PACK_H

struct pool;

/* Called with the next job's inputs gathered in p->building.  With -X or
 * -m and several slots, the first time the input has ended the inputs
 * left are spread evenly over the slots, as GNU parallel spreads them:
 * each job takes at most p->xcap (a share rounded up) and the rest wait
 * in p->pending for the next job.  Writes p->xcap, p->spread, and moves
 * inputs between p->building and p->pending. */
void pack_spread(struct pool *p);

#endif
