/* start.c: starting jobs in free slots: taking the next job from the
 * source or the retry queue, asking the hooks, building and spawning its
 * command on fresh pipes. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ask.h"
#include "color.h"
#include "ozip.h"
#include "pool_impl.h"
#include "spawn.h"
#include "xargs.h"

static int start_free_slot(const struct slots *sl)
{
	size_t i;

	for (i = 0; i < sl->n; i++)
		if (!sl->slot[i])
			return (int)i + 1;
	return 0;
}

/* Take a slot for j (or give it back). */
static void start_take_slot(struct pool *p, struct job *j)
{
	j->slot = start_free_slot(&p->sl);
	p->sl.slot[j->slot - 1] = j;
	p->sl.running++;
	j->tries++;
}

static void start_give_back(struct pool *p, struct job *j)
{
	p->sl.slot[j->slot - 1] = NULL;
	p->sl.running--;
	j->tries--;
}

/* The job's output entry (kept across tries), tagged when asked; a try
 * that may be retried holds its output back. */
static void start_output(struct pool *p, struct job *j)
{
	if (!j->oe) {
		int col = p->o->color && p->o->out != OUT_UNGROUP;
		if (p->tagt || col) {
			struct sbuf tag = {0};
			color_tag(p->tagt, j, col, 0, &tag);
			j->oe = output_start(p->out, j->seq, tag.buf, tag.len);
			sbuf_free(&tag);
		} else {
			j->oe = output_start(p->out, j->seq, NULL, 0);
		}
		if (col)
			output_color(j->oe, COLOR_END);
		if (p->o->color_failed && p->o->out == OUT_GROUP)
			output_defer(j->oe);
	}
	if (p->o->retries > 1)
		/* a try that may be retried must not stream what it prints */
		output_hold(p->out, j->oe, j->tries < p->o->retries);
}

/* Ask each hook whether j may start: HOOK_GO, HOOK_WAIT (what the hooks
 * before took given back), or HOOK_FAIL. */
static int start_hooks(struct pool *p, struct job *j)
{
	size_t i, k;
	int rc;

	for (i = 0; i < p->nhooks; i++) {
		const struct hook *h = &p->hooks[i];
		if (!h->job_start || (rc = h->job_start(h->ctx, j)) == HOOK_GO)
			continue;
		if (rc == HOOK_WAIT)
			for (k = 0; k < i; k++)
				if (p->hooks[k].job_ended)
					p->hooks[k].job_ended(p->hooks[k].ctx, j);
		return rc;
	}
	return HOOK_GO;
}

/* j could not get pipes or a process (errno e): give its slot back and
 * retry it soon, fitting the slots to the limit that was hit.  With no
 * other job running nothing will free the resource: 0 and j fails. */
static int start_short(struct pool *p, struct job *j, int e)
{
	start_give_back(p, j);
	if (p->sl.running == 0) {
		errno = e;
		warn_("job %lu: cannot start", j->seq);
		p->sl.slot[j->slot - 1] = j;
		p->sl.running++;
		j->tries++;
		return 0;
	}
	if ((e == EAGAIN || e == EMFILE || e == ENFILE) &&
	    p->sl.maxrun > p->sl.running) {
		if (!p->warned_limits)
			warnx_("process or file limit reached at %zu jobs; using %zu job slots",
			       p->sl.running, p->sl.running);
		p->warned_limits = 1;
		p->sl.maxrun = p->sl.running;
	}
	jobq_push_front(&p->retry, j);
	p->retry_at = now_mono() + 0.05;
	return -1;
}

/* The spawned job's ends of its pipes; the child's ends are closed. */
static void start_pipes(struct job *j, const int out[2], const int err[2],
		      const int in[2])
{
	if (out[0] >= 0) {
		close(out[1]);
		if (err[1] >= 0)
			close(err[1]);
		j->fd[0] = out[0];
		j->fd[1] = err[0];
		j->bigpipe = 0;
		/* fresh pipe ends: no other status flag to keep */
		(void)fcntl(out[0], F_SETFL, O_NONBLOCK);
		(void)fcntl(err[0], F_SETFL, O_NONBLOCK);
	}
	if (in[0] >= 0) {
		close(in[0]);
		j->fd_in = in[1];
		fd_nonblock(in[1]);
	}
}

static void start_close_pair(int fd[2])
{
	if (fd[0] >= 0) {
		close(fd[0]);
		close(fd[1]);
	}
}

/* Spawn j on fresh pipes: 0 started, -1 failed for good (j->fail set),
 * 1 short of resources (errno). */
static int start_spawn(struct pool *p, struct job *j)
{
	int out[2] = { -1, -1 }, err[2] = { -1, -1 }, in[2] = { -1, -1 }, e;
	pid_t pid;

	/* --latest-line: stdout and stderr share one pipe, as GNU parallel */
	if (p->o->out != OUT_UNGROUP &&
	    (pipe2(out, O_CLOEXEC) < 0 ||
	     (!p->o->latest_line && pipe2(err, O_CLOEXEC) < 0)))
		goto short_;
	if (j->in != JOB_IN_NULL && pipe2(in, O_CLOEXEC) < 0)
		goto short_;
	pid = exec_spawn(p->ex, j, in[0], out[1],
			 p->o->latest_line ? out[1] : err[1]);
	if (pid < 0 && (errno == EAGAIN || errno == ENOMEM))
		goto short_;
	if (pid < 0) {
		/* the exec failed (spawn.h): said as the PATH check says it */
		e = errno;
		if (!p->o->xargs_mode)	/* xargs_job_end says it its way */
			warnx_("%s: %s", j->argv[0], spawn_strerror(j->path, e));
		j->fail = e == ENOENT ? JF_NOTFOUND : e == E2BIG ? JF_TOOLONG :
			  JF_NOEXEC;
		start_close_pair(out);
		start_close_pair(err);
		start_close_pair(in);
		return -1;
	}
	j->pid = pid;
	start_pipes(j, out, err, in);
	return 0;
short_:
	e = errno;
	start_close_pair(out);
	start_close_pair(err);
	start_close_pair(in);
	errno = e;
	return 1;
}

/* The command of j, printed as it starts, as GNU parallel prints it: -v
 * on stdout in the job's output (tagged), -t on stderr as it is. */
static void start_verbose(struct pool *p, struct job *j)
{
	const char *cmd = exec_display(p->ex, j);
	struct sbuf b = {0};

	sbuf_adds(&b, cmd);
	sbuf_addc(&b, '\n');
	if (p->o->trace || p->o->xargs_mode)
		(void)write_all(2, b.buf, b.len);
	else if (p->o->out == OUT_UNGROUP)
		(void)write_all(1, b.buf, b.len);
	else
		output_data(p->out, j->oe, 0, b.buf, b.len);
	sbuf_free(&b);
}

/* j runs: the hooks that watch running jobs see it. */
static void start_running(struct pool *p, struct job *j)
{
	size_t i;

	job_advance(j, JE_STARTED);
	tally_started(p->tally);
	if (p->o->timeout > 0 || p->o->timeout_pct > 0)
		term_deadline(p->term, j);
	for (i = 0; i < p->nhooks; i++)
		if (p->hooks[i].job_running) {
			exec_display(p->ex, j);
			p->hooks[i].job_running(p->hooks[i].ctx, j);
		}
}

/* Start job j in a free slot.  Returns 0 when started (or failed for good:
 * queued on p->ended), -1 when it must wait (j queued to run again). */
static int start_one(struct pool *p, struct job *j)
{
	int rc;

	start_take_slot(p, j);
	j->fail = JF_NONE;
	j->in = JOB_IN_NULL;
	j->host = ":";
	j->start_real = now_real();
	j->start = now_mono();
	if ((rc = start_hooks(p, j)) == HOOK_WAIT) {
		start_give_back(p, j);
		jobq_push_front(&p->retry, j);
		p->retry_at = now_mono() + 0.05;
		return -1;
	}
	if (rc == HOOK_FAIL || exec_build(p->ex, j, p->wrap, &p->src) < 0) {
		if (j->fail == JF_TOOLONG && p->o->exit_toolong)
			p->rs.error = p->rs.stop = 1;	/* -x: the run ends, 255 */
		goto failed;
	}
	/* after the build, which may give inputs back: the tag shows the
	 * job's own */
	start_output(p, j);
	if ((p->o->verbose || p->o->trace) &&
	    !(p->o->xargs_mode && p->o->xo->interactive))
		start_verbose(p, j);
	if ((rc = start_spawn(p, j)) == 0) {
		start_running(p, j);
		return 0;
	}
	if (rc > 0 && start_short(p, j, errno) < 0)
		return -1;
	if (rc > 0)
		j->fail = JF_SPAWN;
failed:
	if (!j->oe)	/* failed before its output entry was made */
		start_output(p, j);
	j->end = now_mono();
	job_advance(j, JE_FAILED);
	jobq_push(&p->ended, j);
	return 0;
}

static int start_allowed(struct pool *p, double now)
{
	size_t i;

	if (p->rs.stop)
		return 0;
	if (p->sl.running >= p->sl.maxrun) {
		if (p->fd_capped && !p->warned_limits) {
			p->warned_limits = 1;
			warnx_("only %zu job slots fit the open file limit of %llu; using %zu",
			       p->sl.n, p->fd_capped, p->sl.n);
		}
		return 0;
	}
	if (p->delay > 0 && now < p->next_start)
		return 0;
	if (output_backlog(p->out) >= 256)
		return 0;
	for (i = 0; i < p->nhooks; i++)
		if (p->hooks[i].can_start && !p->hooks[i].can_start(p->hooks[i].ctx))
			return 0;
	return 1;
}

/* A new job with the next inputs (or block): INPUT_OK and *jp, or the
 * source's state (more to wait for, its end, an error: said). */
static int start_next(struct pool *p, struct job **jp)
{
	struct job *j = job_new();
	int rc = p->src.next(p->src.ctx, j, p->sl.running == 0);

	if (rc == INPUT_OK) {
		j->seq = ++p->seq;
		*jp = j;
		return rc;
	}
	job_free(j);
	if (rc == INPUT_EOF)
		p->src_done = 1;
	if (rc == INPUT_ERR) {
		warn_("%s", p->src.errname(p->src.ctx));
		p->rs.error = 1;
		p->rs.stop = 1;
	}
	return rc;
}

/* j leaves the pool without finishing: the hooks forget it. */
static void start_drop(struct pool *p, struct job *j)
{
	size_t i;

	for (i = 0; i < p->nhooks; i++)
		if (p->hooks[i].job_forget)
			p->hooks[i].job_forget(p->hooks[i].ctx, j);
	job_free(j);
}

/* A job that does not run: skipped by a hook (--resume), or only printed
 * by --dry-run.  1 when j was such a job (and is gone). */
static int start_skip(struct pool *p, struct job *j)
{
	size_t i;
	int skip;

	for (i = 0; i < p->nhooks; i++)
		if (p->hooks[i].job_skip && (skip = p->hooks[i].job_skip(p->hooks[i].ctx, j))) {
			if (skip == 2)
				tally_dropped(p->tally);
			else
				tally_skipped(p->tally);
			start_drop(p, j);
			return 1;
		}
	if (p->o->interactive && ask_run(exec_display(p->ex, j)) != 1) {
		/* -p: not confirmed on the terminal, not run */
		tally_skipped(p->tally);
		start_drop(p, j);
		return 1;
	}
	if (!p->o->dry_run)
		return 0;
	exec_display(p->ex, j);
	{
		struct sbuf b = {0}, tag = {0};
		/* --tag tags each line of the printed command, --color
		 * colours it (even with -u), as GNU parallel */
		color_tag(p->tagt, j, p->o->color, 0, &tag);
		if (p->o->files && p->o->out != OUT_UNGROUP && !p->o->latest_line) {
			/* --files: a name such as a job's file would get */
			sbuf_add(&b, tag.buf ? tag.buf : "", tag.len);
			(void)ozip_dry_name(&b);
			sbuf_addc(&b, '\n');
		} else {
			color_lines(&tag, p->o->color, j->display, &b);
		}
		if (write_all(1, b.buf, b.len) < 0) {
			output_set_broken(p->out, errno);
			p->rs.stop = 1;
		}
		sbuf_free(&b);
		sbuf_free(&tag);
	}
	start_drop(p, j);
	return 1;
}

void start_jobs(struct pool *p, int *want_input)
{
	double now = now_mono();

	*want_input = 0;
	while (start_allowed(p, now)) {
		struct job *j;
		int rc, fresh = !p->retry.head;

		/* --retry-delay: others go on while a retry waits */
		if (!fresh && p->o->retry_delay > 0 && now < p->retry_at &&
		    !p->src_done)
			fresh = 1;

		if (!fresh) {
			if (now < p->retry_at)
				return;
			j = jobq_pop(&p->retry);
		} else if ((rc = start_next(p, &j)) != INPUT_OK) {
			*want_input = rc == INPUT_AGAIN;
			return;
		} else if (start_skip(p, j)) {
			continue;
		}
		if (start_one(p, j) < 0)
			return;
		now = now_mono();
		if (fresh && p->delay > 0)
			p->next_start = now + p->delay;
		if (p->ended.head)
			return;
	}
}
