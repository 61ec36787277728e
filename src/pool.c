/* pool.c: the single-threaded event loop (polling output pipes, reaping,
 * signals, deadlines) and the run as a whole. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "limits.h"
#include "pool_impl.h"
#include "sig.h"

/* Begin the termination sequence of every job still running. */
static void terminate_all(struct pool *p)
{
	double now = now_mono();
	size_t i;

	for (i = 0; i < p->sl.n; i++)
		if (p->sl.slot[i])
			term_begin(p->term, p->sl.slot[i], now);
}

static void signal_all(struct pool *p, int sig)
{
	size_t i;

	for (i = 0; i < p->sl.n; i++)
		if (p->sl.slot[i])
			term_signal(p->sl.slot[i], sig);
}

static struct job *pool_job_by_pid(struct pool *p, pid_t pid)
{
	size_t i;

	for (i = 0; i < p->sl.n; i++) {
		struct job *j = p->sl.slot[i];
		if (j && j->pid == pid &&
		    (j->state == JOB_RUNNING || j->state == JOB_CLOSED))
			return j;
	}
	return NULL;
}

/* Collect every child that has ended. */
static void reap_children(struct pool *p)
{
	int st;
	pid_t pid;
	struct rusage ru;	/* the job's resource use (--results .jsonl) */

	while ((pid = wait4(-1, &st, WNOHANG, &ru)) > 0) {
		struct job *j = pool_job_by_pid(p, pid);
		if (!j) {
			/* a compressor of --compress, say */
			output_child(p->out, pid, st);
			continue;
		}
		j->status = st;
		j->ru = ru;
		j->end = now_mono();
		/* the leader is gone: nobody will read the rest of its block */
		job_close_fd(j, &j->fd_in);
		if (job_advance(j, JE_REAPED) == JOB_ENDED)
			finish_job(p, j);
	}
}

/* ---- signals ---- */

/* SIGUSR1: one job slot more; SIGUSR2: one less (not below 1). */
static void pool_signal_slots(struct pool *p, int sig)
{
	size_t n = pool_slots(p);

	if (sig == SIGUSR2 && n <= 1)
		return;
	n = pool_set_slots(p, sig == SIGUSR1 ? n + 1 : n - 1);
	if (p->o->verbose)
		warnx_("%zu job slot%s", n, n == 1 ? "" : "s");
}

static void on_signal(struct pool *p, int sig)
{
	switch (sig) {
	case SIGCHLD:
		reap_children(p);
		break;
	case SIGINT:
	case SIGTERM:
	case SIGQUIT:
		if (p->rs.fatal_sig == SIGINT && sig == SIGINT) {
			/* a second Ctrl-C: kill at once */
			signal_all(p, SIGKILL);
			sig_reraise(SIGINT);
		}
		p->rs.fatal_sig = sig;
		p->rs.stop = 1;
		terminate_all(p);
		break;
	case SIGHUP:
		/* as GNU parallel: no new jobs, the running ones finish,
		 * and parx exits as if the input had ended */
		p->rs.stop = 1;
		break;
	case SIGTSTP:
		signal_all(p, SIGTSTP);
		kill(getpid(), SIGSTOP);
		break;
	case SIGCONT:
		signal_all(p, SIGCONT);
		break;
	case SIGUSR1:
	case SIGUSR2:
		pool_signal_slots(p, sig);
		break;
	}
}

/* ---- the poll set ---- */

enum { PK_SIG, PK_OUT, PK_ERR, PK_IN, PK_INPUT, PK_STDOUT, PK_FEED };

static void pollset_add(struct pollset *ps, int fd, short ev, struct job *j,
			int kind)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 64;
		ps->pfd = xreallocarray(ps->pfd, ps->cap, sizeof *ps->pfd);
		ps->job = xreallocarray(ps->job, ps->cap, sizeof *ps->job);
		ps->kind = xreallocarray(ps->kind, ps->cap, sizeof *ps->kind);
	}
	ps->pfd[ps->n] = (struct pollfd){ .fd = fd, .events = ev };
	ps->job[ps->n] = j;
	ps->kind[ps->n] = kind;
	ps->n++;
}

static void pollset_free(struct pollset *ps)
{
	free(ps->pfd);
	free(ps->job);
	free(ps->kind);
}


/* ---- the loop ---- */

/* Whether a new job may start as far as the hooks know now. */
static int hooks_allow(const struct pool *p)
{
	size_t i;

	for (i = 0; i < p->nhooks; i++)
		if (p->hooks[i].can_start && !p->hooks[i].can_start(p->hooks[i].ctx))
			return 0;
	return 1;
}

/* Milliseconds until the nearest deadline, or -1. */
static int next_timeout(struct pool *p, double now, double tick_wait)
{
	double t = -1;
	size_t i;

#define NEAR(x) do { double d_ = (x) - now; if (d_ < 0) d_ = 0; \
		     if (t < 0 || d_ < t) t = d_; } while (0)
	for (i = 0; i < p->sl.n; i++)
		if (p->sl.slot[i] && p->sl.slot[i]->deadline)
			NEAR(p->sl.slot[i]->deadline);
	if (!p->rs.stop && p->sl.running < p->sl.maxrun && hooks_allow(p)) {
		if (p->retry.head)
			NEAR(p->retry_at);
		if (p->delay > 0 && p->next_start > now)
			NEAR(p->next_start);
	}
	if (tick_wait >= 0)
		NEAR(now + tick_wait);
#undef NEAR
	if (t < 0)
		return -1;
	if (t > 86400.0)
		t = 86400.0;	/* poll takes an int of milliseconds */
	return (int)ceil(t * 1000.0);
}

static int loop_done(struct pool *p)
{
	if (p->sl.running > 0 || (p->retry.head && !p->rs.stop))
		return 0;
	/* inputs a job gave back still make a job */
	return p->rs.stop || p->src.exhausted(p->src.ctx);
}

/* The fds the loop waits on: signals, stdout's reader, the jobs' pipes,
 * and the source when it should be read. */
static void loop_fds(struct pool *p, int want_input)
{
	struct pollset *ps = &p->ps;
	size_t i;

	ps->n = 0;
	pollset_add(ps, sig_fd(), POLLIN, NULL, PK_SIG);
	/* a pipe on stdout whose reader left reports POLLERR: stop even
	 * when nothing is being written (grouped output waits) */
	if (p->watch_stdout)
		pollset_add(ps, 1, 0, NULL, PK_STDOUT);
	for (i = 0; i < p->sl.n; i++) {
		struct job *j = p->sl.slot[i];
		if (!j)
			continue;
		if (j->fd[0] >= 0)
			pollset_add(ps, j->fd[0], POLLIN, j, PK_OUT);
		if (j->fd[1] >= 0)
			pollset_add(ps, j->fd[1], POLLIN, j, PK_ERR);
		if (j->fd_in >= 0 && j->in == JOB_IN_FEED && p->feed)
			pollset_add(ps, j->fd_in, POLLOUT, j, PK_IN);
	}
	if (p->feed && p->feed->feed_fd) {
		int fd = p->feed->feed_fd(p->feed->ctx);
		if (fd >= 0)
			pollset_add(ps, fd, POLLIN, NULL, PK_FEED);
	}
	if (want_input) {
		int fd = p->src.fd(p->src.ctx);
		if (fd >= 0)
			pollset_add(ps, fd, POLLIN, NULL, PK_INPUT);
	}
}

/* One ready fd of the poll set. */
static void loop_event(struct pool *p, size_t i)
{
	struct pollset *ps = &p->ps;
	struct job *j = ps->job[i];

	switch (ps->kind[i]) {
	case PK_OUT:
	case PK_ERR:
		drain_job(p->drain, j, ps->kind[i] == PK_ERR);
		break;
	case PK_STDOUT:
		if (ps->pfd[i].revents & POLLERR)
			output_set_broken(p->out, EPIPE);
		if (ps->pfd[i].revents & (POLLERR | POLLNVAL))
			p->watch_stdout = 0;
		break;
	case PK_IN:
		if (j->fd_in >= 0 && p->feed->job_feed(p->feed->ctx, j) != 0)
			job_close_fd(j, &j->fd_in);
		break;
	case PK_FEED:
		p->feed->feed_ready(p->feed->ctx);
		break;
	}
}

/* Act on what poll reported: drain pipes, feed stdin blocks, then finish
 * the jobs that are both reaped and drained. */
static void loop_events(struct pool *p)
{
	struct pollset *ps = &p->ps;
	size_t i;

	for (i = 1; i < ps->n; i++)
		if (ps->pfd[i].revents)
			loop_event(p, i);
	/* finish after all reads.  A job's fds sit next to each other in
	 * the set; step past them all first, as finishing frees the job. */
	for (i = 1; i < ps->n; i++) {
		struct job *j = ps->job[i];
		if (!j || !ps->pfd[i].revents)
			continue;
		while (i + 1 < ps->n && ps->job[i + 1] == j)
			i++;
		if (j->state == JOB_ENDED)
			finish_job(p, j);
	}
}

/* Wait for the next events and act on them. */
static void loop_wait(struct pool *p, int want_input, double tick_wait)
{
	int rc, sig;

	loop_fds(p, want_input);
	rc = poll(p->ps.pfd, p->ps.n, next_timeout(p, now_mono(), tick_wait));
	if (rc < 0 && errno != EINTR) {
		warn_("poll");
		p->rs.error = 1;
		p->rs.stop = 1;
		terminate_all(p);
		return;
	}
	if (rc > 0)
		loop_events(p);
	while ((sig = sig_next()) != 0)
		on_signal(p, sig);
	term_check(p->term, p->sl.slot, p->sl.n, now_mono());
}

/* Once per turn: the tick hooks; the seconds until one wants a turn. */
static double loop_tick(struct pool *p)
{
	struct pool_counts c;
	double wait = -1, w;
	size_t i;

	c.started = tally_count_started(p->tally);
	c.done = tally_count_done(p->tally);
	c.total = finish_total(p);
	c.running = p->sl.running;
	c.slots = p->sl.maxrun;
	for (i = 0; i < p->nhooks; i++)
		if (p->hooks[i].tick &&
		    (w = p->hooks[i].tick(p->hooks[i].ctx, &c)) >= 0 &&
		    (wait < 0 || w < wait))
			wait = w;
	return wait;
}

static void pool_loop(struct pool *p)
{
	for (;;) {
		int want_input = 0;
		struct job *j;
		double tick_wait;

		if (output_broken(p->out) && !p->rs.stop) {
			p->rs.stop = 1;
			p->rs.terminate = 1;
		}
		if (p->rs.terminate) {
			p->rs.terminate = 0;
			terminate_all(p);
		}
		start_jobs(p, &want_input);
		if ((j = jobq_pop(&p->ended)) != NULL) {
			/* it could not start: finish it, then go on */
			finish_job(p, j);
			continue;
		}
		tick_wait = loop_tick(p);
		if (loop_done(p))
			break;
		loop_wait(p, want_input, tick_wait);
	}
}

struct pool *pool_new(const struct opts *o, struct source src,
		      struct exec *ex, size_t nslots, int as_many)
{
	struct pool *p = xcalloc(1, sizeof *p);
	struct stat st;

	p->o = o;
	p->src = src;
	p->ex = ex;
	p->sl.n = nslots > 0 ? nslots : 1;
	p->as_many = as_many;
	p->delay = o->delay;
	if (o->tag || o->tagstring)
		p->tagt = tmpl_new_text(o->tagstring ? o->tagstring : "{}", &o->rstr);
	p->out = output_new(o);
	p->drain = drain_new(p->out);
	p->term = term_new(o);
	p->tally = tally_new(o);
	p->watch_stdout = fstat(1, &st) == 0 && S_ISFIFO(st.st_mode);
	/* xargs' commands writing straight out meet a closed pipe themselves */
	if (o->xargs_mode && o->out == OUT_UNGROUP)
		p->watch_stdout = 0;
	/* output arrives in large pieces: let it go out in them */
	if (p->watch_stdout)
		fd_pipe_grow(1, PIPE_BIG);
	return p;
}

int pool_hook_add(struct pool *p, const struct hook *h)
{
	if (p->nhooks == JOB_EXT_MAX)
		die(255, "internal error: more than %d pool hooks", JOB_EXT_MAX);
	p->hooks[p->nhooks] = *h;
	if (h->job_wrap)
		p->wrap = &p->hooks[p->nhooks];
	if (h->job_feed)
		p->feed = &p->hooks[p->nhooks];
	return (int)p->nhooks++;
}

/* ---- changing the pool while it runs ---- */

size_t pool_set_slots(struct pool *p, size_t n)
{
	size_t i;

	if (n < 1)
		n = 1;
	if (n > p->sl.n && p->sl.slot) {
		p->sl.slot = xreallocarray(p->sl.slot, n, sizeof *p->sl.slot);
		for (i = p->sl.n; i < n; i++)
			p->sl.slot[i] = NULL;
	}
	if (n > p->sl.n)
		p->sl.n = n;
	/* slots above n stay until their jobs end; none new starts there
	 * while n or more run */
	p->sl.maxrun = n;
	return n;
}

size_t pool_slots(const struct pool *p)
{
	return p->sl.slot ? p->sl.maxrun : p->sl.n;
}

void pool_set_delay(struct pool *p, double secs)
{
	p->delay = secs > 0 ? secs : 0;
}

double pool_delay(const struct pool *p)
{
	return p->delay;
}

/* The loop has ended: close the hooks, drop the jobs that waited to run
 * again, report, and work out the exit status (or re-raise the signal
 * that stopped parx). */
static int pool_end(struct pool *p)
{
	struct job *j;
	size_t i;

	/* the hooks first: remote connections close before any re-raised
	 * signal, progress is cleared before the summary */
	while ((j = jobq_pop(&p->retry)) != NULL) {
		output_end(p->out, j->oe);
		for (i = 0; i < p->nhooks; i++)
			if (p->hooks[i].job_forget)
				p->hooks[i].job_forget(p->hooks[i].ctx, j);
		job_free(j);
	}
	for (i = 0; i < p->nhooks; i++)
		if (p->hooks[i].close)
			p->hooks[i].close(p->hooks[i].ctx);
	p->nhooks = 0;
	if (output_broken(p->out) != EPIPE)
		tally_summary(p->tally);
	if (output_broken(p->out) == EPIPE)
		sig_reraise(SIGPIPE);
	if (output_broken(p->out)) {
		errno = output_broken(p->out);
		warn_("write error");
	}
	if (p->rs.fatal_sig)
		sig_reraise(p->rs.fatal_sig);
	if (p->rs.error || output_broken(p->out))
		return 255;
	return tally_status(p->tally);
}

int pool_halt_status(const struct pool *p)
{
	return tally_halt_status(p->tally);
}

int pool_run(struct pool *p)
{
	struct rlimit orig;
	int raised;

	p->sl.n = limits_fit(p->sl.n, p->as_many, &orig, &raised, &p->fd_capped);
	if (raised)
		exec_keep_nofile(p->ex, &orig);
	p->sl.maxrun = p->sl.n;
	p->sl.slot = xcalloc(p->sl.n, sizeof *p->sl.slot);
	pool_loop(p);
	return pool_end(p);
}

void pool_free(struct pool *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nhooks; i++)
		if (p->hooks[i].close)
			p->hooks[i].close(p->hooks[i].ctx);
	output_free(p->out);
	drain_free(p->drain);
	term_free(p->term);
	tally_free(p->tally);
	pollset_free(&p->ps);
	free(p->sl.slot);
	tmpl_free(p->tagt);
	free(p);
}
