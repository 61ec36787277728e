/* finish.c: the end of each try of a job: its outcome, the hooks, running
 * it again, and finishing it for good. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "color.h"
#include "pool_impl.h"

unsigned long finish_total(const struct pool *p)
{
	unsigned long n = p->src.total(p->src.ctx);
	unsigned long skipped = tally_count_skipped(p->tally);

	return n > skipped ? n - skipped : 0;
}

/* Every hook sees j's try end; 1 when one says it did not count. */
static int finish_hooks_ended(struct pool *p, struct job *j)
{
	size_t i;
	int lost = 0;

	for (i = 0; i < p->nhooks; i++)
		if (p->hooks[i].job_ended && p->hooks[i].job_ended(p->hooks[i].ctx, j))
			lost = 1;
	return lost;
}

/* --retry-delay: the n-th retry of j waits DUR x 2^(n-1), at most MAX;
 * the queue waits for the latest of its jobs. */
static void finish_retry_delay(struct pool *p, const struct job *j)
{
	double d = p->o->retry_delay;
	int k;

	for (k = 1; k < j->tries && d < p->o->retry_delay_max; k++)
		d *= 2;
	if (d > p->o->retry_delay_max)
		d = p->o->retry_delay_max;
	if (now_mono() + d > p->retry_at)
		p->retry_at = now_mono() + d;
}

/* Queue j to run again, when its host could not be reached (lost: that
 * try does not count) or it failed with --retries left.  1 when queued. */
static int finish_again(struct pool *p, struct job *j, int ok, int lost)
{
	if (p->rs.stop)
		return 0;
	if (lost)
		j->tries--;	/* the host could not be reached: elsewhere */
	else if (ok || j->tries >= p->o->retries || j->pid <= 0)
		return 0;
	output_discard(p->out, j->oe);
	job_advance(j, JE_RESET);
	if (!p->retry.head)
		p->retry_at = now_mono();
	if (!lost && p->o->retry_delay > 0)
		finish_retry_delay(p, j);
	jobq_push(&p->retry, j);
	return 1;
}

/* The hooks record j, finished for good. */
static void finish_hooks_done(struct pool *p, struct job *j, int ok)
{
	size_t i;
	int need = !ok;

	for (i = 0; i < p->nhooks; i++)
		need |= p->hooks[i].job_done != NULL;
	if (need)
		exec_display(p->ex, j);
	for (i = 0; i < p->nhooks; i++) {
		const struct hook *h = &p->hooks[i];
		int rc = h->job_done ? h->job_done(h->ctx, j) : 0;
		if (rc == HOOK_STOP)
			p->rs.stop = 1;
		if (rc < 0 && !p->rs.error) {
			/* a short joblog would make --resume run jobs again */
			warn_("%s", h->name ? h->name : "output");
			p->rs.error = 1;
		}
	}
}

static void finish_hooks_forget(struct pool *p, struct job *j)
{
	size_t i;

	for (i = 0; i < p->nhooks; i++)
		if (p->hooks[i].job_forget)
			p->hooks[i].job_forget(p->hooks[i].ctx, j);
}

/* Count j and act on what --halt says. */
static void finish_count(struct pool *p, struct job *j, int ok)
{
	unsigned long total = finish_total(p);

	switch (tally_done(p->tally, j, ok, total ? total : p->seq + 1)) {
	case TALLY_GO:
		break;
	case TALLY_STOP_NOW:
		p->rs.terminate = 1;
		/* fall through */
	case TALLY_STOP:
		p->rs.stop = 1;
		break;
	}
}

/* --color-failed: a failed job's lines are white on red. */
static void finish_color_failed(struct pool *p, struct job *j)
{
	struct sbuf tag = {0};

	color_tag(p->tagt, j, 0, 1, &tag);
	output_retag(j->oe, tag.buf, tag.len);
	output_color(j->oe, COLOR_END);
	sbuf_free(&tag);
}

void finish_job(struct pool *p, struct job *j)
{
	int ok, oerr = output_error(j->oe);

	p->sl.slot[j->slot - 1] = NULL;
	p->sl.running--;
	if (output_close(p->out, j->oe) < 0 && j->pid > 0) {
		/* --compress: the compressor failed; as GNU parallel */
		warnx_("Error: %s failed.", output_zip_cmd(p->out));
		j->status = 255 << 8;
	}
	ok = job_outcome(j, oerr);
	if (oerr && j->fail == JF_OUTPUT) {
		errno = oerr;
		warn_("job %lu: cannot store its output", j->seq);
	}
	if (finish_again(p, j, ok, finish_hooks_ended(p, j)))
		return;
	if (j->pid > 0)
		term_record(p->term, j->end - j->start);
	j->received = output_bytes(j->oe, 0);
	/* a job a signal ended by itself is not coloured, as in GNU parallel */
	if (!ok && p->o->color_failed && p->o->out == OUT_GROUP &&
	    job_own_exit(j) < 256)
		finish_color_failed(p, j);
	/* its output first: what a hook says of it comes after */
	output_end(p->out, j->oe);
	j->oe = NULL;
	finish_hooks_done(p, j, ok);
	finish_count(p, j, ok);
	finish_hooks_forget(p, j);
	job_free(j);
}
