/* latest.h: --latest-line (--ll): each job gets one line on stdout that
 * shows the latest complete line it printed (stdout and stderr alike),
 * redrawn as it changes, as GNU parallel 20221122 draws it: a row per job
 * (in start order, or by job number with -k), a window of the terminal's
 * rows less one, lines cut at its width with ">" (" " when they fit), its
 * TABs spread to 8 columns, and what a job left without a newline printed
 * as it is when the job ends.  Off a terminal no cursor moves: each
 * redraw is a line of its own.
 *
 * struct latest belongs to output.c; each struct lrow to it too, handed
 * to the output entry of one job until latest_end. */
#ifndef PARX_LATEST_H
#define PARX_LATEST_H

#include <stddef.h>

struct latest;
struct lrow;

/* keep: -k, rows by job number. */
struct latest *latest_new(int keep);
void latest_free(struct latest *l);
/* A row for job seq, its tag (or NULL) in front; drawn at once. */
struct lrow *latest_start(struct latest *l, unsigned long seq,
			  const char *tag, size_t taglen);
/* The job printed n bytes.  0, or -1 when stdout failed (errno). */
int latest_data(struct latest *l, struct lrow *r, const char *p, size_t n);
/* The job ended: its last redraws; r is latest's from then on.  0 or -1. */
int latest_end(struct latest *l, struct lrow *r);

#endif
