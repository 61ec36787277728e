/* pool.c: the single-threaded event loop: polling output pipes, reaping,
 * signals, and running a whole batch. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "joblog.h"
#include "pipe.h"
#include "pool_impl.h"
#include "progress.h"
#include "remote.h"
#include "results.h"
#include "sem.h"
#include "sig.h"

static struct job *job_by_pid(struct pool *p, pid_t pid)
{
	size_t i;

	for (i = 0; i < p->nslots; i++)
		if (p->slot[i] && p->slot[i]->pid == pid && !p->slot[i]->reaped)
			return p->slot[i];
	return NULL;
}

static void reap(struct pool *p)
{
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		struct job *j = job_by_pid(p, pid);
		if (!j)
			continue;
		j->status = st;
		j->reaped = 1;
		j->end = now_mono();
		/* the leader is gone: nobody will read the rest of its block */
		if (j->fd_in >= 0) {
			close(j->fd_in);
			j->fd_in = -1;
		}
		job_maybe_finish(p, j);
	}
}

/* Move what is ready on one of j's pipes straight to where it goes
 * (stdout or a spill file) with splice(2).  Returns 1 when it did, 0 when
 * the data must be read instead, -1 at EOF or when the pipe is empty. */
static int drain_splice(struct pool *p, struct job *j, int s)
{
	int spill, sink = output_sink(p->out, j->oe, s, &spill);
	ssize_t n;

	if (sink < 0)
		return 0;
	/* a job streaming live: a bigger pipe moves its output in fewer,
	 * larger steps.  One such job at a time, so the user's pipe quota
	 * is safe. */
	if (!spill && s == 0 && !j->bigpipe) {
		pipe_grow(j->fd[0], PIPE_BIG);
		j->bigpipe = 1;
	}
	n = splice(j->fd[s], NULL, sink, NULL, 1 << 20, SPLICE_F_MOVE);
	if (n > 0) {
		output_spliced(p->out, j->oe, s, (size_t)n, spill);
		/* less than a pipeful: the pipe is most likely empty now */
		return n < 65536 ? -1 : 1;
	}
	if (n == 0) {
		close(j->fd[s]);
		j->fd[s] = -1;
		return -1;
	}
	if (errno == EINTR)
		return 1;
	if (errno == EAGAIN) {
		/* our pipe is empty, or a non-blocking stdout is full */
		struct pollfd pfd[2] = { { .fd = j->fd[s], .events = POLLIN },
					 { .fd = sink, .events = POLLOUT } };
		if (poll(pfd, 2, 0) > 0 && (pfd[0].revents & POLLIN) &&
		    !(pfd[1].revents & POLLOUT)) {
			(void)poll(pfd + 1, 1, 100);
			return 1;
		}
		return -1;
	}
	output_splice_failed(p->out, j->oe, s, spill, errno);
	return 0;
}

static void drain(struct pool *p, struct job *j, int s)
{
	int i, rc;

	for (i = 0; i < 16; i++) {
		ssize_t n;

		if ((rc = drain_splice(p, j, s)) != 0) {
			if (rc < 0)
				return;
			continue;
		}
		n = read(j->fd[s], p->readbuf, sizeof p->readbuf);
		if (n > 0) {
			output_data(p->out, j->oe, s, p->readbuf, (size_t)n);
			if ((size_t)n < sizeof p->readbuf)
				return;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		close(j->fd[s]);
		j->fd[s] = -1;
		return;
	}
}

/* ---- signals ---- */

static void on_signal(struct pool *p, int sig)
{
	size_t i;

	switch (sig) {
	case SIGCHLD:
		reap(p);
		break;
	case SIGINT:
	case SIGTERM:
	case SIGQUIT:
		if (p->fatal_sig == SIGINT && sig == SIGINT) {
			/* a second Ctrl-C: kill at once */
			for (i = 0; i < p->nslots; i++)
				if (p->slot[i])
					job_signal(p->slot[i], SIGKILL);
			sig_reraise(SIGINT);
		}
		p->fatal_sig = sig;
		p->stop = 1;
		pool_terminate_all(p);
		break;
	case SIGHUP:
		/* as GNU parallel: no new jobs, the running ones finish,
		 * and parx exits as if the input had ended */
		p->stop = 1;
		break;
	case SIGTSTP:
		for (i = 0; i < p->nslots; i++)
			if (p->slot[i])
				job_signal(p->slot[i], SIGTSTP);
		kill(getpid(), SIGSTOP);
		break;
	case SIGCONT:
		for (i = 0; i < p->nslots; i++)
			if (p->slot[i])
				job_signal(p->slot[i], SIGCONT);
		break;
	}
}

/* ---- the loop ---- */

enum { PK_SIG, PK_OUT, PK_ERR, PK_IN, PK_INPUT, PK_STDOUT };

static void pfd_add(struct pool *p, int fd, short ev, struct job *j, int kind)
{
	if (p->npfd == p->cappfd) {
		p->cappfd = p->cappfd ? p->cappfd * 2 : 64;
		p->pfd = xreallocarray(p->pfd, p->cappfd, sizeof *p->pfd);
		p->pjob = xreallocarray(p->pjob, p->cappfd, sizeof *p->pjob);
		p->pkind = xreallocarray(p->pkind, p->cappfd, sizeof *p->pkind);
	}
	p->pfd[p->npfd] = (struct pollfd){ .fd = fd, .events = ev };
	p->pjob[p->npfd] = j;
	p->pkind[p->npfd] = kind;
	p->npfd++;
}

/* Milliseconds until the nearest deadline, or -1. */
static int next_timeout(struct pool *p, double now, double prog_wait)
{
	double t = -1;
	size_t i;

#define NEAR(x) do { double d_ = (x) - now; if (d_ < 0) d_ = 0; \
		     if (t < 0 || d_ < t) t = d_; } while (0)
	for (i = 0; i < p->nslots; i++)
		if (p->slot[i] && p->slot[i]->deadline)
			NEAR(p->slot[i]->deadline);
	if (!p->stop && p->running < p->maxrun &&
	    (!p->rem || remote_can_start(p->rem))) {
		if (p->rq_head)
			NEAR(p->retry_at);
		else if (p->sem && p->sem_retry_at > now)
			NEAR(p->sem_retry_at);
		if (p->o->delay > 0 && p->next_start > now)
			NEAR(p->next_start);
	}
	if (prog_wait >= 0)
		NEAR(now + prog_wait);
#undef NEAR
	if (t < 0)
		return -1;
	if (t > 86400.0)
		t = 86400.0;	/* poll takes an int of milliseconds */
	return (int)ceil(t * 1000.0);
}

static int loop_done(struct pool *p)
{
	if (p->running > 0 || (p->rq_head && !p->stop))
		return 0;
	/* inputs a job gave back (job_shrink) still make a job */
	return p->stop || (p->in_done && p->building.ninputs == 0);
}

/* The fds the loop waits on: signals, stdout's reader, the jobs' pipes,
 * and the input when it should be read. */
static void loop_fds(struct pool *p, int want_input)
{
	size_t i;

	p->npfd = 0;
	pfd_add(p, sig_fd(), POLLIN, NULL, PK_SIG);
	/* a pipe on stdout whose reader left reports POLLERR: stop even
	 * when nothing is being written (grouped output waits) */
	if (p->watch_stdout)
		pfd_add(p, 1, 0, NULL, PK_STDOUT);
	for (i = 0; i < p->nslots; i++) {
		struct job *j = p->slot[i];
		if (!j)
			continue;
		if (j->fd[0] >= 0)
			pfd_add(p, j->fd[0], POLLIN, j, PK_OUT);
		if (j->fd[1] >= 0)
			pfd_add(p, j->fd[1], POLLIN, j, PK_ERR);
		if (j->fd_in >= 0 && p->ps)	/* remote: held, not fed */
			pfd_add(p, j->fd_in, POLLOUT, j, PK_IN);
	}
	if (want_input) {
		int fd = p->ps ? pipesrc_fd(p->ps) : input_fd(p->in);
		if (fd >= 0)
			pfd_add(p, fd, POLLIN, NULL, PK_INPUT);
	}
}

/* Act on what poll reported: drain pipes, feed stdin blocks, then finish
 * the jobs that are both reaped and drained. */
static void loop_events(struct pool *p)
{
	size_t i;

	for (i = 1; i < p->npfd; i++) {
		struct job *j = p->pjob[i];
		if (!p->pfd[i].revents)
			continue;
		switch (p->pkind[i]) {
		case PK_OUT:
		case PK_ERR:
			if (j->fd[p->pkind[i] == PK_ERR] >= 0)
				drain(p, j, p->pkind[i] == PK_ERR);
			break;
		case PK_STDOUT:
			if (p->pfd[i].revents & POLLERR)
				output_set_broken(p->out, EPIPE);
			if (p->pfd[i].revents & (POLLERR | POLLNVAL))
				p->watch_stdout = 0;
			break;
		case PK_IN:
			if (j->fd_in >= 0 && pipe_feed(p->ps, j) < 0) {
				close(j->fd_in);
				j->fd_in = -1;
			}
			break;
		}
	}
	/* finish after all reads.  A job's fds sit next to each other in
	 * pfd; step past them all first, as finishing may free the job. */
	for (i = 1; i < p->npfd; i++) {
		struct job *j = p->pjob[i];
		if (!j || !p->pfd[i].revents)
			continue;
		while (i + 1 < p->npfd && p->pjob[i + 1] == j)
			i++;
		if (j->state == JOB_RUNNING && p->slot[j->slot - 1] == j)
			job_maybe_finish(p, j);
	}
}

static void pool_loop(struct pool *p)
{
	for (;;) {
		int want_input = 0, rc, sig;
		double prog_wait = -1;

		if (output_broken(p->out) && !p->stop) {
			p->stop = 1;
			pool_terminate_all(p);
		}
		pool_start_jobs(p, &want_input);
		if (p->prog)
			prog_wait = progress_update(p->prog, p->done, p->started,
						    pool_total_jobs(p), 0);
		if (loop_done(p))
			break;
		loop_fds(p, want_input);
		rc = poll(p->pfd, p->npfd, next_timeout(p, now_mono(), prog_wait));
		if (rc < 0 && errno != EINTR) {
			warn_("poll");
			p->error = 1;
			p->stop = 1;
			pool_terminate_all(p);
			continue;
		}
		if (rc > 0)
			loop_events(p);
		while ((sig = sig_next()) != 0)
			on_signal(p, sig);
		pool_check_deadlines(p, now_mono());
	}
}

static int open_modules(struct pool *p)
{
	const struct opts *o = p->o;

	if (o->joblog && (o->resume || o->joblog_append)) {
		p->resume = o->resume ? joblog_load(o->joblog) : NULL;
		if (o->resume && !p->resume && errno != ENOENT) {
			warn_("--joblog %s", o->joblog);
			return -1;
		}
	}
	if (o->joblog && !o->dry_run &&
	    !(p->jl = joblog_open(o->joblog, o->joblog_append || o->resume))) {
		warn_("--joblog %s", o->joblog);
		return -1;
	}
	if (o->results && !o->dry_run && !(p->res = results_open(o->results))) {
		warn_("--results %s", o->results);
		return -1;
	}
	if (o->sem_id && !(p->sem = sem_open_named(o->sem_id, o->sem_slots))) {
		struct sbuf why = {0};
		sem_strerror(errno, &why);
		warnx_("--sem-id %s: %s", o->sem_id, why.buf);
		sbuf_free(&why);
		return -1;
	}
	if ((o->nsshlogins || o->sshloginfile) && !o->dry_run) {
		if (!(p->rem = remote_open(o)))
			return -1;
		p->nslots = remote_slots(p->rem);
	}
	p->prog = progress_new(o);
	return 0;
}

/* A pool for the options, input and template given, its modules not yet
 * open. */
static struct pool *pool_new(const struct opts *o, struct input *in,
			     struct tmpl *t)
{
	struct pool *p = xcalloc(1, sizeof *p);
	struct stat st;

	p->o = o;
	p->in = in;
	p->t = t;
	p->halt_status = -1;
	p->nslots = o->jobs > 0 ? (size_t)o->jobs : 1;
	p->shell = tmpl_shell(t);
	if (o->tag || o->tagstring)
		p->tagt = tmpl_new_text(o->tagstring ? o->tagstring : "{}", o->repl);
	p->max_chars = pool_arg_budget(o);
	getrlimit(RLIMIT_NOFILE, &p->nofile);
	pool_env_init(p);
	/* the jobs' stdin: /dev/null, or the terminal with -o/--tty */
	p->devnull = open(o->open_tty ? "/dev/tty" : "/dev/null",
			  (o->open_tty ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	p->out = output_new(o);
	p->watch_stdout = fstat(1, &st) == 0 && S_ISFIFO(st.st_mode);
	/* output arrives in large pieces: let it go out in them */
	if (p->watch_stdout)
		pipe_grow(1, PIPE_BIG);
	return p;
}

/* The loop has ended: close the connections, drop the jobs that waited to
 * start again, report, and work out the exit status (or re-raise the
 * signal that stopped parx). */
static int pool_end(struct pool *p)
{
	struct job *j;

	if (p->rem) {
		/* close the connections before any re-raised signal */
		remote_close(p->rem);
		p->rem = NULL;
	}
	while ((j = pool_retry_pop(p)) != NULL) {
		output_end(p->out, j->oe);
		job_free(j);
	}
	if (p->prog)
		progress_end(p->prog);
	pool_summary(p);
	if (output_broken(p->out) == EPIPE)
		sig_reraise(SIGPIPE);
	if (output_broken(p->out)) {
		errno = output_broken(p->out);
		warn_("write error");
	}
	if (p->fatal_sig)
		sig_reraise(p->fatal_sig);
	if (p->error || output_broken(p->out))
		return 255;
	if (p->halt_status >= 0)
		return p->halt_status;
	return p->failed > 100 ? 101 : (int)p->failed;
}

static void pool_free(struct pool *p)
{
	size_t i;

	if (p->devnull >= 0)
		close(p->devnull);
	for (i = 0; i < p->nfails; i++)
		free(p->fails[i].cmd);
	if (p->jl)
		joblog_close(p->jl);
	resume_free(p->resume);
	if (p->res)
		results_close(p->res);
	if (p->sem)
		sem_close(p->sem);
	if (p->ps)
		pipesrc_close(p->ps);
	if (p->rem)
		remote_close(p->rem);
	output_free(p->out);
	chunk_free(&p->building);
	chunk_free(&p->pending);
	sbuf_free(&p->cmdbuf);
	sbuf_free(&p->pathbuf);
	sbuf_free(&p->disp);
	free(p->cache_name);
	free(p->cache_path);
	free(p->runtimes);
	free(p->envp);
	free(p->pfd);
	free(p->pjob);
	free(p->pkind);
	free(p->slot);
	tmpl_free(p->tagt);
	free(p);
}

int pool_run(const struct opts *o, struct input *in, struct tmpl *t)
{
	struct pool *p = pool_new(o, in, t);
	int status = 255;

	if (o->pipe || o->pipepart) {
		const char *what = NULL;
		p->ps = pipesrc_open(o, &what);
		if (!p->ps) {
			warn_("%s", what ? what : "--pipe");
			goto out;
		}
	}
	if (open_modules(p) < 0)
		goto out;
	pool_fit_limits(p);	/* after the hosts said how many slots */
	p->maxrun = p->nslots;
	p->slot = xcalloc(p->nslots, sizeof *p->slot);
	pool_loop(p);
	status = pool_end(p);
out:
	pool_free(p);
	return status;
}
