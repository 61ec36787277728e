/* tally.c: counting jobs, keeping failures for the summary, --halt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tally.h"

#define NFAIL_SHOWN 10
/* Bytes of a failed job's command shown in the summary. */
#define SUMMARY_CMD 40

struct failure {
	unsigned long seq;
	char why[48];
	char *cmd;
};

struct tally {
	const struct opts *o;
	unsigned long started, done, failed, succeeded, skipped;
	unsigned long dropped;	/* skipped jobs that count as failed */
	struct failure fails[NFAIL_SHOWN];	/* the first in input order */
	size_t nfails;
	int halted;		/* --halt fired */
	int halt_status;	/* exit status it asks for, -1 none */
};

struct tally *tally_new(const struct opts *o)
{
	struct tally *t = xcalloc(1, sizeof *t);

	t->o = o;
	t->halt_status = -1;
	return t;
}

void tally_free(struct tally *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nfails; i++)
		free(t->fails[i].cmd);
	free(t);
}

void tally_started(struct tally *t) { t->started++; }
void tally_skipped(struct tally *t) { t->skipped++; }
void tally_dropped(struct tally *t) { t->skipped++; t->dropped++; }
unsigned long tally_count_started(const struct tally *t) { return t->started; }
unsigned long tally_count_done(const struct tally *t) { return t->done; }
unsigned long tally_count_skipped(const struct tally *t) { return t->skipped; }

/* Count a failure and keep it for the summary, which names the failed
 * jobs that come first in input order. */
static void note_failure(struct tally *t, const struct job *j)
{
	struct failure *f;
	size_t i, last = 0;

	t->failed++;
	if (t->nfails < NFAIL_SHOWN) {
		f = &t->fails[t->nfails++];
	} else {
		for (i = 1; i < t->nfails; i++)
			if (t->fails[i].seq > t->fails[last].seq)
				last = i;
		if (t->fails[last].seq < j->seq)
			return;
		f = &t->fails[last];
		free(f->cmd);
	}
	f->seq = j->seq;
	job_why(j, f->why, sizeof f->why);
	/* the summary shows SUMMARY_CMD bytes and "..." past them: keep one
	 * more to know, not a command that may be megabytes long */
	f->cmd = xstrndup(j->display, strnlen(j->display, SUMMARY_CMD + 1));
}

static int halt_reached(const struct tally *t, unsigned long n,
			unsigned long total)
{
	const struct halt *h = &t->o->halt;

	if (h->percent > 0)
		return (double)n * 100.0 >= h->percent * (double)total;
	return (long)n >= h->count;
}

enum tally_halt tally_done(struct tally *t, const struct job *j, int ok,
			   unsigned long total)
{
	const struct halt *h = &t->o->halt;
	int fire = 0;

	t->done++;
	if (ok)
		t->succeeded++;
	else
		note_failure(t, j);
	if (h->when == HALT_NEVER || t->halted)
		return TALLY_GO;
	switch (h->what) {
	case HALT_FAIL:
		fire = !ok && halt_reached(t, t->failed, total);
		break;
	case HALT_SUCCESS:
		fire = ok && halt_reached(t, t->succeeded, total);
		break;
	case HALT_DONE:
		fire = halt_reached(t, t->done, total);
		break;
	}
	if (!fire)
		return TALLY_GO;
	t->halted = 1;
	if (h->what == HALT_FAIL)
		t->halt_status = j->termsig ? 128 + j->termsig :
				 j->exitval > 0 ? j->exitval : 1;
	else if (h->what == HALT_SUCCESS)
		t->halt_status = 0;
	return h->when == HALT_NOW ? TALLY_STOP_NOW : TALLY_STOP;
}

static int cmp_failure(const void *a, const void *b)
{
	const struct failure *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void tally_summary(const struct tally *t)
{
	struct failure sorted[NFAIL_SHOWN];
	struct sbuf b = {0};
	size_t i;

	if (t->failed == 0 || t->o->xargs_mode)	/* xargs says nothing more */
		return;
	/* for a person watching, or when asked (--summary) */
	if (!t->o->summary && !isatty(2))
		return;
	memcpy(sorted, t->fails, t->nfails * sizeof *sorted);
	qsort(sorted, t->nfails, sizeof *sorted, cmp_failure);
	sbuf_addf(&b, "%lu of %lu job%s failed:", t->failed, t->done,
		  t->done == 1 ? "" : "s");
	for (i = 0; i < t->nfails; i++) {
		const char *cmd = sorted[i].cmd;
		size_t n = strlen(cmd);
		sbuf_addf(&b, "%s #%lu %s (%.*s%s)", i ? ";" : "", sorted[i].seq,
			  sorted[i].why, (int)(n > SUMMARY_CMD ? SUMMARY_CMD : n),
			  cmd, n > SUMMARY_CMD ? "..." : "");
	}
	if (t->failed > t->nfails)
		sbuf_addf(&b, "; ...");
	warnx_("%s", b.buf);
	sbuf_free(&b);
}

int tally_halt_status(const struct tally *t)
{
	return t->halt_status;
}

int tally_status(const struct tally *t)
{
	if (t->halt_status >= 0)
		return t->halt_status;
	return t->failed + t->dropped > 100 ? 101 :
	       (int)(t->failed + t->dropped);
}
