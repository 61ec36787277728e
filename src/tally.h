/* tally.h: the run's accounting: jobs started, done, failed, skipped; the
 * failed jobs kept for the summary; --halt; and the exit status they make.
 * tally.c owns every field of struct tally. */
#ifndef PARX_TALLY_H
#define PARX_TALLY_H

#include "job.h"
#include "opts.h"

struct tally;

/* What --halt asks for after a job. */
enum tally_halt { TALLY_GO, TALLY_STOP, TALLY_STOP_NOW };

struct tally *tally_new(const struct opts *o);
void tally_free(struct tally *t);
void tally_started(struct tally *t);
void tally_skipped(struct tally *t);
/* A job the template dropped ({uniq}): skipped, but it counts as failed
 * in the exit status (not in the summary). */
void tally_dropped(struct tally *t);
/* j is finished for good (ok: it succeeded); total: jobs in all, or as
 * many as are known (for --halt P%).  What --halt asks for now. */
enum tally_halt tally_done(struct tally *t, const struct job *j, int ok,
			   unsigned long total);
unsigned long tally_count_started(const struct tally *t);
unsigned long tally_count_done(const struct tally *t);
unsigned long tally_count_skipped(const struct tally *t);
/* The one-line failure summary on stderr, when any job failed. */
void tally_summary(const struct tally *t);
/* Exit status by the jobs: --halt's, else the failure count (101 for
 * more than 100). */
int tally_status(const struct tally *t);
/* The exit status --halt asked for, or -1. */
int tally_halt_status(const struct tally *t);

#endif
