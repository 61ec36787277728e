/* lifecycle.c: the end of a job: termination sequences and deadlines,
 * retries, --halt, accounting, and the failure summary. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "joblog.h"
#include "pipe.h"
#include "pool_impl.h"
#include "remote.h"
#include "results.h"
#include "sig.h"

/* Bytes of a failed job's command shown in the summary. */
#define SUMMARY_CMD 40

/* Count a failure and keep it for the summary, which names the failed
 * jobs that come first in input order. */
static void note_failure(struct pool *p, struct job *j, const char *why)
{
	struct failure *f;
	const char *cmd;
	size_t i, last = 0;

	p->failed++;
	if (p->nfails < NFAIL_SHOWN) {
		f = &p->fails[p->nfails++];
	} else {
		for (i = 1; i < p->nfails; i++)
			if (p->fails[i].seq > p->fails[last].seq)
				last = i;
		if (p->fails[last].seq < j->seq)
			return;
		f = &p->fails[last];
		free(f->cmd);
	}
	f->seq = j->seq;
	snprintf(f->why, sizeof f->why, "%s", why);
	/* the summary shows SUMMARY_CMD bytes and "..." past them: keep one
	 * more to know, not a command that may be megabytes long */
	cmd = job_display(p, j);
	f->cmd = xstrndup(cmd, strnlen(cmd, SUMMARY_CMD + 1));
}

/* ---- termination ---- */

void job_signal(struct job *j, int sig)
{
	if (j->pid > 0)
		(void)kill(-j->pid, sig);
}

/* Apply the next step of the termination sequence to j. */
static void term_step(struct pool *p, struct job *j, double now)
{
	const struct opts *o = p->o;

	if (j->term_step >= o->ntermseq) {
		j->deadline = 0;
		return;
	}
	job_signal(j, o->termseq[j->term_step].sig);
	j->deadline = now + (double)o->termseq[j->term_step].ms / 1000.0;
	j->term_step++;
	if (j->term_step >= o->ntermseq && o->termseq[o->ntermseq - 1].sig == SIGKILL)
		j->deadline = 0;
}

void pool_terminate_all(struct pool *p)
{
	double now = now_mono();
	size_t i;

	for (i = 0; i < p->nslots; i++) {
		struct job *j = p->slot[i];
		if (j && j->term_step == 0 && (!j->reaped || j->fd[0] >= 0 || j->fd[1] >= 0))
			term_step(p, j, now);
	}
}

void pool_check_deadlines(struct pool *p, double now)
{
	size_t i;

	for (i = 0; i < p->nslots; i++) {
		struct job *j = p->slot[i];
		if (!j || !j->deadline || now < j->deadline)
			continue;
		if (j->term_step == 0)
			j->timed_out = 1;
		term_step(p, j, now);
	}
}

/* ---- finishing ---- */

/* Jobs in all when known (input read, or all sources in memory and one
 * input per job), else 0. */
unsigned long pool_total_jobs(const struct pool *p)
{
	unsigned long n;

	if (p->in_done)
		return p->seq - p->skipped;
	if (p->in && !p->o->xargs && p->o->max_args <= 1 &&
	    (n = input_total(p->in)) > 0)
		return n - p->skipped;
	return 0;
}

static int halt_reached(const struct pool *p, unsigned long n)
{
	const struct halt *h = &p->o->halt;
	unsigned long total;

	if (h->percent > 0) {
		total = pool_total_jobs(p);
		if (!total)
			total = p->seq + 1;
		return total && (double)n * 100.0 >= h->percent * (double)total;
	}
	return (long)n >= h->count;
}

static void check_halt(struct pool *p, struct job *j, int ok)
{
	const struct halt *h = &p->o->halt;
	int fire = 0;

	if (h->when == HALT_NEVER || p->halted)
		return;
	switch (h->what) {
	case HALT_FAIL:
		fire = !ok && halt_reached(p, p->failed);
		break;
	case HALT_SUCCESS:
		fire = ok && halt_reached(p, p->succeeded);
		break;
	case HALT_DONE:
		fire = halt_reached(p, p->done);
		break;
	}
	if (!fire)
		return;
	p->halted = 1;
	p->stop = 1;
	if (h->what == HALT_FAIL)
		p->halt_status = j->termsig ? 128 + j->termsig :
				 j->exitval > 0 ? j->exitval : 1;
	else if (h->what == HALT_SUCCESS)
		p->halt_status = 0;
	if (h->when == HALT_NOW)
		pool_terminate_all(p);
}

static void record_runtime(struct pool *p, double secs)
{
	if (p->nrt == p->caprt) {
		p->caprt = p->caprt ? p->caprt * 2 : 64;
		p->runtimes = xreallocarray(p->runtimes, p->caprt, sizeof *p->runtimes);
	}
	p->runtimes[p->nrt++] = secs;
}

/* Start j again as soon as it can, behind any job already waiting. */
void pool_retry_later(struct pool *p, struct job *j)
{
	j->qnext = NULL;
	if (p->rq_tail)
		p->rq_tail->qnext = j;
	else {
		p->rq_head = j;
		p->retry_at = now_mono();
	}
	p->rq_tail = j;
}

/* Put j back at the front of the queue, to try again at when. */
void pool_retry_first(struct pool *p, struct job *j, double when)
{
	j->qnext = p->rq_head;
	p->rq_head = j;
	if (!p->rq_tail)
		p->rq_tail = j;
	p->retry_at = when;
}

struct job *pool_retry_pop(struct pool *p)
{
	struct job *j = p->rq_head;

	if (j) {
		p->rq_head = j->qnext;
		if (!p->rq_head)
			p->rq_tail = NULL;
		j->qnext = NULL;
	}
	return j;
}

/* j's exit value and signal from its wait status or why it never ran;
 * a timeout or lost output makes it a failure.  1 when it succeeded. */
static int job_outcome(struct job *j)
{
	int oerr;

	j->exitval = 0;
	j->termsig = 0;
	if (j->fail == JF_NONE && j->pid > 0) {
		if (WIFEXITED(j->status)) {
			j->exitval = WEXITSTATUS(j->status);
		} else if (WIFSIGNALED(j->status)) {
			j->exitval = -1;
			j->termsig = WTERMSIG(j->status);
		}
	} else if (j->fail == JF_NOTFOUND) {
		j->exitval = 127;
	} else if (j->fail != JF_NONE) {
		j->exitval = 126;
	}
	if (j->timed_out && j->fail == JF_NONE)
		j->fail = JF_TIMEOUT;
	oerr = output_error(j->oe);
	if (oerr && j->fail == JF_NONE) {
		errno = oerr;
		warn_("job %lu: cannot store its output", j->seq);
		j->fail = JF_OUTPUT;
	}
	return j->fail == JF_NONE && j->exitval == 0 && j->termsig == 0;
}

/* Queue j to run again, when its host could not be reached (that try
 * does not count) or it failed with --retries left.  1 when queued. */
static int job_again(struct pool *p, struct job *j, int ok)
{
	/* remote_done gives the host's slot back, whatever comes next */
	int lost = p->rem && remote_done(p->rem, j);

	if (p->stop)
		return 0;
	if (lost)
		j->tries--;	/* the host could not be reached: elsewhere */
	else if (ok || j->tries >= p->o->retries || j->pid <= 0)
		return 0;
	output_discard(p->out, j->oe);
	j->pid = 0;
	j->term_step = 0;
	j->timed_out = 0;
	j->deadline = 0;
	if (p->ps)
		pipe_release(p->ps, j);
	pool_retry_later(p, j);
	return 1;
}

/* Count j's failure for the summary, saying why in a few words. */
static void job_failed(struct pool *p, struct job *j)
{
	char why[48];

	switch (j->fail) {
	case JF_TIMEOUT: snprintf(why, sizeof why, "timeout"); break;
	case JF_NOTFOUND: snprintf(why, sizeof why, "not found"); break;
	case JF_NOEXEC: snprintf(why, sizeof why, "not executable"); break;
	case JF_TOOLONG: snprintf(why, sizeof why, "too long"); break;
	case JF_SPAWN: snprintf(why, sizeof why, "cannot start"); break;
	case JF_OUTPUT: snprintf(why, sizeof why, "output lost"); break;
	case JF_NONE:
		if (j->termsig)
			snprintf(why, sizeof why, "signal %d", j->termsig);
		else
			snprintf(why, sizeof why, "exit %d", j->exitval);
		break;
	}
	note_failure(p, j, why);
}

void job_finish(struct pool *p, struct job *j)
{
	const char *host;
	int ok;

	p->slot[j->slot - 1] = NULL;
	p->running--;
	j->state = JOB_DONE;
	if (j->lockfd >= 0) {
		close(j->lockfd);
		j->lockfd = -1;
	}
	ok = job_outcome(j);
	if (job_again(p, j, ok))
		return;
	if (j->pid > 0)
		record_runtime(p, j->end - j->start);
	j->received = output_bytes(j->oe, 0);
	host = p->rem ? remote_host_name(p->rem, j->host) : ":";
	if (p->jl && joblog_write(p->jl, j, host, job_display(p, j)) < 0 &&
	    !p->error) {
		/* a short joblog would make --resume run jobs again */
		warn_("--joblog %s", p->o->joblog);
		p->error = 1;
	}
	if (p->res)
		results_end(p->res, j, host, job_display(p, j));
	if (p->ps)
		pipe_release(p->ps, j);
	output_end(p->out, j->oe);
	j->oe = NULL;
	p->done++;
	if (ok)
		p->succeeded++;
	else
		job_failed(p, j);
	check_halt(p, j, ok);
	job_free(j);
}

void job_maybe_finish(struct pool *p, struct job *j)
{
	if (j->reaped && j->fd[0] < 0 && j->fd[1] < 0 && j->fd_in < 0) {
		j->end = now_mono();
		job_finish(p, j);
	}
}

static int cmp_failure(const void *a, const void *b)
{
	const struct failure *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void pool_summary(struct pool *p)
{
	struct sbuf b = {0};
	size_t i;

	if (p->failed == 0 || output_broken(p->out) == EPIPE)
		return;
	/* for a person watching, or when asked (--summary) */
	if (!p->o->summary && !isatty(2))
		return;
	qsort(p->fails, p->nfails, sizeof *p->fails, cmp_failure);
	sbuf_addf(&b, "%lu of %lu job%s failed:", p->failed, p->done,
		  p->done == 1 ? "" : "s");
	for (i = 0; i < p->nfails; i++) {
		const char *cmd = p->fails[i].cmd;
		size_t n = strlen(cmd);
		sbuf_addf(&b, "%s #%lu %s (%.*s%s)", i ? ";" : "", p->fails[i].seq,
			  p->fails[i].why, (int)(n > SUMMARY_CMD ? SUMMARY_CMD : n),
			  cmd, n > SUMMARY_CMD ? "..." : "");
	}
	if (p->failed > p->nfails)
		sbuf_addf(&b, "; ...");
	warnx_("%s", b.buf);
	sbuf_free(&b);
}
