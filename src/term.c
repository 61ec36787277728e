/* term.c: termination sequences, their deadlines, and --timeout. */
#include <signal.h>
#include <stdlib.h>

#include "contain.h"
#include "term.h"

struct term {
	const struct opts *o;
	double *runtimes;	/* of the jobs ended so far, for N% */
	size_t nrt, caprt;
};

struct term *term_new(const struct opts *o)
{
	struct term *tm = xcalloc(1, sizeof *tm);

	tm->o = o;
	return tm;
}

void term_free(struct term *tm)
{
	if (tm) {
		free(tm->runtimes);
		free(tm);
	}
}

void term_signal(const struct job *j, int sig)
{
	if (j->pid > 0)
		(void)kill(-j->pid, sig);
	/* those of its cgroup that left the group (setsid) too */
	if (j->pid > 0 && j->cslot)
		contain_signal(j->cslot, j->pid, sig);
}

/* Apply the next step of the termination sequence to j. */
static void term_step(struct term *tm, struct job *j, double now)
{
	const struct opts *o = tm->o;

	if (j->term_step >= o->ntermseq) {
		j->deadline = 0;
		return;
	}
	term_signal(j, o->termseq[j->term_step].sig);
	j->deadline = now + (double)o->termseq[j->term_step].ms / 1000.0;
	j->term_step++;
	if (j->term_step >= o->ntermseq && o->termseq[o->ntermseq - 1].sig == SIGKILL)
		j->deadline = 0;
}

void term_begin(struct term *tm, struct job *j, double now)
{
	if (j->term_step == 0 && j->state != JOB_ENDED && j->state != JOB_READY)
		term_step(tm, j, now);
}

void term_check(struct term *tm, struct job **jobs, size_t n, double now)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct job *j = jobs[i];
		if (!j || !j->deadline || now < j->deadline)
			continue;
		if (j->term_step == 0)
			j->timed_out = 1;
		term_step(tm, j, now);
	}
}

/* The median of the run times so far (sorted in place). */
static double median(double *rt, size_t n)
{
	size_t a, b;

	for (a = 1; a < n; a++)
		for (b = a; b > 0 && rt[b - 1] > rt[b]; b--) {
			double x = rt[b]; rt[b] = rt[b - 1]; rt[b - 1] = x;
		}
	return rt[n / 2];
}

void term_deadline(struct term *tm, struct job *j)
{
	double limit = tm->o->timeout;

	if (tm->o->timeout_pct > 0 && tm->nrt >= 3)
		limit = median(tm->runtimes, tm->nrt) * tm->o->timeout_pct / 100.0;
	if (limit > 0)
		j->deadline = j->start + limit;
}

void term_record(struct term *tm, double secs)
{
	if (tm->nrt == tm->caprt) {
		tm->caprt = tm->caprt ? tm->caprt * 2 : 64;
		tm->runtimes = xreallocarray(tm->runtimes, tm->caprt,
					     sizeof *tm->runtimes);
	}
	tm->runtimes[tm->nrt++] = secs;
}
