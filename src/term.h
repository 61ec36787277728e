/* term.h: ending jobs: termination sequences (--termseq, --kill-after),
 * their deadlines, and --timeout (fixed, or N% of the median run time).
 * term.c writes j->term_step, j->deadline and j->timed_out; struct term
 * is its own. */
#ifndef PARX_TERM_H
#define PARX_TERM_H

#include <stddef.h>

#include "job.h"
#include "opts.h"

struct term;

struct term *term_new(const struct opts *o);
void term_free(struct term *tm);

/* Send sig to j's whole process group. */
void term_signal(const struct job *j, int sig);
/* Begin j's termination sequence unless it has begun or j is over. */
void term_begin(struct term *tm, struct job *j, double now);
/* Take the steps whose time has come in jobs[0..n) (NULL entries
 * skipped); a first step taken this way is a timeout. */
void term_check(struct term *tm, struct job **jobs, size_t n, double now);
/* Set j's --timeout deadline, just started. */
void term_deadline(struct term *tm, struct job *j);
/* A job ran secs: for --timeout N%. */
void term_record(struct term *tm, double secs);

#endif
