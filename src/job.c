/* job.c: gathering a job's inputs, building its command, and starting it
 * in a free slot. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "joblog.h"
#include "pipe.h"
#include "ask.h"
#include "pack.h"
#include "pool_impl.h"
#include "remote.h"
#include "results.h"
#include "sem.h"
#include "sig.h"
#include "spawn.h"

extern char **environ;

static const char *const env_names[4] = {
	"PARX_SEQ=", "PARX_SLOT=", "PARALLEL_SEQ=", "PARALLEL_JOBSLOT=",
};

/* 1 when the environment entry e sets name. */
static int env_is(const char *e, const char *name)
{
	size_t n = strlen(name);

	return strncmp(e, name, n) == 0 && e[n] == '=';
}

void pool_env_init(struct pool *p)
{
	size_t n = 0, k;
	char **e;

	for (e = environ; *e; e++)
		n++;
	p->envp = xcalloc(n + 6, sizeof *p->envp);
	for (n = 0, e = environ; *e; e++) {
		for (k = 0; k < 4; k++)
			if (strncmp(*e, env_names[k], strlen(env_names[k])) == 0)
				break;
		if (k == 4 && !(p->o->slot_var && env_is(*e, p->o->slot_var)))
			p->envp[n++] = *e;
	}
	for (k = 0; k < 4; k++)
		p->envp[n++] = p->envbuf[k];
	/* --process-slot-var NAME: NAME=slot-1 */
	if (p->o->slot_var)
		p->envp[n++] = p->slotvar;
	p->envp[n] = NULL;
}

static void env_set(struct pool *p, unsigned long seq, int slot)
{
	snprintf(p->envbuf[0], sizeof p->envbuf[0], "PARX_SEQ=%lu", seq);
	snprintf(p->envbuf[1], sizeof p->envbuf[1], "PARX_SLOT=%d", slot);
	snprintf(p->envbuf[2], sizeof p->envbuf[2], "PARALLEL_SEQ=%lu", seq);
	snprintf(p->envbuf[3], sizeof p->envbuf[3], "PARALLEL_JOBSLOT=%d", slot);
	if (p->o->slot_var)
		snprintf(p->slotvar, sizeof p->slotvar, "%s=%d", p->o->slot_var,
			 slot - 1);
}

/* ---- jobs ---- */

void job_free(struct job *j)
{
	if (!j)
		return;
	chunk_free(&j->args);
	free(j->display);
	free(j->argv);
	free(j->argv_buf);
	free(j->block);
	free(j);
}

const char *job_display(struct pool *p, struct job *j)
{
	if (!j->display) {
		sbuf_reset(&p->disp);
		if (p->o->pipe && !p->o->ncmd)
			sbuf_adds(&p->disp, "");
		tmpl_expand(p->t, &j->args, j->seq, j->slot, TR_SHELL, &p->disp);
		j->display = xstrndup(p->disp.buf, p->disp.len);
	}
	return j->display;
}

/* Resolve the executable, caching the last name looked up. */
static int resolve(struct pool *p, const char *name, const char **path)
{
	if (p->cache_name && strcmp(p->cache_name, name) == 0) {
		*path = p->cache_path;
		return 0;
	}
	if (spawn_resolve(name, &p->pathbuf) < 0)
		return -1;
	free(p->cache_name);
	free(p->cache_path);
	p->cache_name = xstrdup(name);
	p->cache_path = xstrdup(p->pathbuf.buf);
	*path = p->cache_path;
	return 0;
}

/* The longest single argument execve takes on Linux (MAX_ARG_STRLEN). */
#define MAX_WORD 131072

/* p->build_len: the length of the command p->building makes so far. */
static void build_measure(struct pool *p)
{
	struct sbuf s = {0};

	tmpl_expand(p->t, &p->building, 0, 0,
		    tmpl_is_shell(p->t) ? TR_SHELL : TR_ARGV, &s);
	/* argv: words and their NULs; shell: sh -c script */
	p->build_len = s.len + (tmpl_is_shell(p->t) ? strlen(p->shell) + 5 : 0);
	sbuf_free(&s);
}

/* A job too long to run that holds several inputs gives its later half
 * back, in front of what it gave back before, to start the next job: 1
 * when it did.  For remote jobs, whose length gather() cannot foresee.
 * Only at the job's first build, when nothing has been gathered since,
 * so input order and {#} hold; only when every input is the same number
 * of values (not --colsep); and not with --joblog, as --resume goes by
 * job numbers, which must then mean the same inputs in every run. */
static int job_shrink(struct pool *p, struct job *j)
{
	struct chunk *c = &j->args, back = {0};
	size_t cols, keep, v;

	if (j->built || p->ps || p->o->joblog || p->o->colsep ||
	    c->ninputs < 2 || c->nvals % c->ninputs)
		return 0;
	cols = c->nvals / c->ninputs;
	keep = c->ninputs / 2;
	for (v = keep * cols; v < c->nvals; v++)
		chunk_add(&back, CHUNK_VAL(c, v), c->len[v]);
	back.ninputs = c->ninputs - keep;
	chunk_append(&back, &p->building);
	chunk_free(&p->building);
	p->building = back;
	c->data.len = c->off[keep * cols];
	c->data.buf[c->data.len] = '\0';
	c->nvals = keep * cols;
	c->ninputs = keep;
	free(j->display);
	j->display = NULL;
	build_measure(p);
	return 1;
}

/* Expand the template into j->argv.  Returns 0, or -1 with j->fail set. */
static int job_build(struct pool *p, struct job *j)
{
	size_t nwords, len = 0, longest = 0, i;
	char *s;

	sbuf_reset(&p->cmdbuf);
	if (p->rem) {
		struct sbuf script = {0};
		tmpl_expand(p->t, &j->args, j->seq, j->slot, TR_SHELL, &script);
		if (remote_wrap(p->rem, j, script.buf, &p->cmdbuf, &nwords) < 0) {
			sbuf_free(&script);
			j->fail = JF_SPAWN;
			return -1;
		}
		sbuf_free(&script);
	} else if (tmpl_is_shell(p->t)) {
		sbuf_adds(&p->cmdbuf, p->shell);
		sbuf_addc(&p->cmdbuf, '\0');
		sbuf_adds(&p->cmdbuf, "-c");
		sbuf_addc(&p->cmdbuf, '\0');
		tmpl_expand(p->t, &j->args, j->seq, j->slot, TR_SHELL, &p->cmdbuf);
		/* the script ends with its trailing separator, not a NUL */
		sbuf_addc(&p->cmdbuf, '\0');
		nwords = 3;
	} else {
		nwords = tmpl_expand(p->t, &j->args, j->seq, j->slot, TR_ARGV,
				     &p->cmdbuf);
	}
	/* measure first: a command that cannot run is not copied */
	for (i = 0, s = p->cmdbuf.buf; i < nwords; i++) {
		size_t l = strlen(s);
		len += l + 1;
		s += l + 1;
		if (l + 1 > MAX_WORD)
			longest = l + 1;
	}
	if ((len > p->max_chars || longest) && job_shrink(p, j))
		return job_build(p, j);
	if (len > p->max_chars) {
		warnx_("job %lu: command too long (%zu bytes, limit %zu)", j->seq,
		       len, p->max_chars);
		j->fail = JF_TOOLONG;
		if (p->o->exit_toolong)		/* -x: the run ends, exit 255 */
			p->error = p->stop = 1;
		return -1;
	}
	if (longest) {
		/* Linux takes no single word over 128 KiB (a shell script is
		 * one word), whatever the total */
		warnx_("job %lu: command too long (a word of %zu bytes, limit %d)",
		       j->seq, longest, MAX_WORD);
		j->fail = JF_TOOLONG;
		return -1;
	}
	j->built = 1;
	j->argv_buf = xmalloc(p->cmdbuf.len + 1);
	memcpy(j->argv_buf, p->cmdbuf.buf, p->cmdbuf.len + 1);
	j->argv = xcalloc(nwords + 1, sizeof *j->argv);
	for (i = 0, s = j->argv_buf; i < nwords; i++) {
		j->argv[i] = s;
		s += strlen(s) + 1;
	}
	/* with a local --workdir a relative path is found from there */
	if (nwords && p->o->workdir && !p->rem && strchr(j->argv[0], '/') &&
	    j->argv[0][0] != '/') {
		j->path = j->argv[0];
		return 0;
	}
	if (nwords == 0 || resolve(p, j->argv[0], &j->path) < 0) {
		j->fail = nwords && errno == EACCES ? JF_NOEXEC : JF_NOTFOUND;
		warnx_("%s: %s", nwords ? j->argv[0] : "",
		       j->fail == JF_NOEXEC ? "permission denied" : "command not found");
		return -1;
	}
	return 0;
}

static int lowest_free_slot(struct pool *p)
{
	size_t i;

	for (i = 0; i < p->nslots; i++)
		if (!p->slot[i])
			return (int)i + 1;
	return 0;
}

/* The job's output entry (kept across tries), tagged when asked; a try
 * that may be retried holds its output back. */
static void job_output(struct pool *p, struct job *j)
{
	if (!j->oe) {
		if (p->tagt) {
			struct sbuf tag = {0};
			tmpl_expand(p->tagt, &j->args, j->seq, j->slot, TR_RAW, &tag);
			sbuf_addc(&tag, '\t');
			j->oe = output_start(p->out, j->seq, tag.buf, tag.len);
			sbuf_free(&tag);
		} else {
			j->oe = output_start(p->out, j->seq, NULL, 0);
		}
	}
	if (p->o->retries > 1)
		/* a try that may be retried must not stream what it prints */
		output_hold(p->out, j->oe, j->tries < p->o->retries);
}

/* Set j's --timeout deadline, if any: a fixed time, or N% of the median
 * run time once three jobs have ended. */
static void job_deadline(struct pool *p, struct job *j)
{
	double limit = p->o->timeout;

	if (p->o->timeout_pct > 0 && p->nrt >= 3) {
		double *rt = p->runtimes;
		size_t a, b;
		for (a = 1; a < p->nrt; a++)
			for (b = a; b > 0 && rt[b - 1] > rt[b]; b--) {
				double x = rt[b]; rt[b] = rt[b - 1]; rt[b - 1] = x;
			}
		limit = rt[p->nrt / 2] * p->o->timeout_pct / 100.0;
	}
	if (limit > 0)
		j->deadline = j->start + limit;
}

/* Spawn j's command on the pipes given (-1: none); its pid or -1. */
static pid_t job_spawn(struct pool *p, struct job *j, int in, int out, int err)
{
	struct spawn_req r;

	env_set(p, j->seq, j->slot);
	memset(&r, 0, sizeof r);
	r.path = j->path;
	r.argv = j->argv;
	r.envp = p->envp;
	r.in = in >= 0 ? in : p->devnull;
	r.out = out;
	r.err = err;
	r.nice = p->o->nice;
	r.nofile = p->nofile_raised ? &p->nofile : NULL;
	/* --workdir for local jobs (main.c made it) */
	if (!p->rem && p->o->workdir)
		r.dir = p->o->workdir;
	return spawn_job(&r);
}

/* j could not get pipes or a process (errno e): give its slot back and
 * retry it soon, fitting the slots to the limit that was hit.  With no
 * other job running nothing will free the resource: 0 and j fails. */
static int job_short(struct pool *p, struct job *j, int e)
{
	p->slot[j->slot - 1] = NULL;
	p->running--;
	j->tries--;
	if (p->running == 0) {
		errno = e;
		warn_("job %lu: cannot start", j->seq);
		p->slot[j->slot - 1] = j;
		p->running++;
		j->tries++;
		return 0;
	}
	if ((e == EAGAIN || e == EMFILE || e == ENFILE) && p->maxrun > p->running) {
		if (!p->warned_limits)
			warnx_("process or file limit reached at %zu jobs; using %zu job slots",
			       p->running, p->running);
		p->warned_limits = 1;
		p->maxrun = p->running;
	}
	pool_retry_first(p, j, now_mono() + 0.05);
	return -1;
}

/* Start job j in a free slot.  Returns 0 when started (or failed for good
 * and finished), -1 when it must wait (resources short: j kept). */
int job_start(struct pool *p, struct job *j)
{
	int out[2] = { -1, -1 }, err[2] = { -1, -1 }, in[2] = { -1, -1 };
	int ungroup = p->o->out == OUT_UNGROUP, e;
	pid_t pid;

	j->slot = lowest_free_slot(p);
	p->slot[j->slot - 1] = j;
	p->running++;
	j->tries++;
	j->fd[0] = j->fd[1] = j->fd_in = -1;
	j->reaped = 0;
	j->fail = JF_NONE;
	j->start_real = now_real();
	j->start = now_mono();
	free(j->argv);
	free(j->argv_buf);
	j->argv = NULL;
	j->argv_buf = NULL;
	if (p->rem && remote_pick(p->rem, j) < 0)
		j->fail = JF_SPAWN;
	if (j->fail || job_build(p, j) < 0)
		goto failed;
	/* after the build, which may give inputs back: the tag shows the
	 * job's own */
	job_output(p, j);
	if (p->o->verbose || p->o->trace) {
		/* the command itself, as GNU parallel prints it: -v on stdout
		 * in the job's output (tagged), -t on stderr as it is */
		const char *cmd = job_display(p, j);
		sbuf_reset(&p->disp);
		sbuf_adds(&p->disp, cmd);
		sbuf_addc(&p->disp, '\n');
		if (p->o->trace)
			(void)write_all(2, p->disp.buf, p->disp.len);
		else if (ungroup)
			(void)write_all(1, p->disp.buf, p->disp.len);
		else
			output_data(p->out, j->oe, 0, p->disp.buf, p->disp.len);
	}
	if (!ungroup && (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0))
		goto short_;
	if ((p->ps || (p->rem && remote_wants_stdin(p->rem, j))) &&
	    pipe2(in, O_CLOEXEC) < 0)
		goto short_;
	pid = job_spawn(p, j, in[0], out[1], err[1]);
	if (pid < 0 && (errno == EAGAIN || errno == ENOMEM))
		goto short_;
	if (pid < 0) {
		warn_("job %lu: cannot start %s", j->seq, j->argv[0]);
		j->fail = JF_SPAWN;
		goto failed;
	}
	j->pid = pid;
	j->state = JOB_RUNNING;
	p->started++;
	if (!ungroup) {
		close(out[1]);
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
	if (p->o->timeout > 0 || p->o->timeout_pct > 0)
		job_deadline(p, j);
	if (p->res)
		results_start(p->res, j, job_display(p, j));
	return 0;

short_:
	e = errno;
	if (out[0] >= 0) { close(out[0]); close(out[1]); }
	if (err[0] >= 0) { close(err[0]); close(err[1]); }
	if (in[0] >= 0) { close(in[0]); close(in[1]); }
	if (job_short(p, j, e) < 0)
		return -1;
	j->fail = JF_SPAWN;
failed:
	if (!j->oe)	/* failed before its output entry was made */
		job_output(p, j);
	j->reaped = 1;
	j->end = now_mono();
	job_finish(p, j);
	return 0;
}

/* Gather the inputs of the next job into p->building.  Returns INPUT_OK
 * when a job's worth is ready, INPUT_AGAIN, INPUT_EOF or INPUT_ERR. */
static int gather(struct pool *p, int may_block)
{
	const struct opts *o = p->o;
	size_t want = o->xargs ? (o->max_args ? (size_t)o->max_args : (size_t)-1) :
		      o->max_args ? (size_t)o->max_args : 1;

	while (p->building.ninputs < want) {
		if (!p->have_pending) {
			int rc;
			if (p->in_done)
				break;
			chunk_reset(&p->pending);
			rc = input_next(p->in, &p->pending, may_block);
			if (rc == INPUT_AGAIN)
				return INPUT_AGAIN;
			if (rc == INPUT_ERR)
				return INPUT_ERR;
			if (rc == INPUT_EOF) {
				p->in_done = 1;
				break;
			}
			p->have_pending = 1;
		}
		if (p->building.ninputs == 0) {
			/* the first inputs: take them over, no copy */
			struct chunk t = p->building;
			p->building = p->pending;
			p->pending = t;
			p->have_pending = 0;
			if (want > 1)
				build_measure(p);
			continue;
		}
		{
			size_t cost = tmpl_cost(p->t, &p->pending,
						tmpl_is_shell(p->t) ? TR_SHELL : TR_ARGV);
			/* a shell script is one word: it must fit MAX_WORD too */
			if (p->build_len + cost > p->max_chars ||
			    (tmpl_is_shell(p->t) && p->build_len + cost > MAX_WORD))
				break;
			p->build_len += cost;
			chunk_append(&p->building, &p->pending);
			p->have_pending = 0;
		}
	}
	return p->building.ninputs ? INPUT_OK : INPUT_EOF;
}

static int can_start(struct pool *p, double now)
{
	if (p->stop)
		return 0;
	if (p->running >= p->maxrun) {
		if (p->fd_capped && !p->warned_limits) {
			p->warned_limits = 1;
			warnx_("only %zu job slots fit the open file limit of %llu; using %zu",
			       p->nslots, p->fd_capped, p->nslots);
		}
		return 0;
	}
	if (p->o->delay > 0 && now < p->next_start)
		return 0;
	if (output_backlog(p->out) >= 256)
		return 0;
	if (p->sem && now < p->sem_retry_at)
		return 0;
	if (p->rem && !remote_can_start(p->rem))
		return 0;
	return 1;
}

/* Start the job waiting to run again, when it may: 1 when it started
 * (or failed for good), 0 when the loop should wait. */
static int start_retry(struct pool *p, double now)
{
	struct job *j = p->rq_head;

	if (now < p->retry_at)
		return 0;
	if (p->sem && j->lockfd < 0 && (j->lockfd = sem_try(p->sem)) < 0) {
		/* a retried job takes a slot again */
		p->retry_at = p->sem_retry_at = now + 0.05;
		return 0;
	}
	pool_retry_pop(p);
	return job_start(p, j) == 0;
}

/* A new job holding the next inputs (or block) and the semaphore slot
 * lockfd: INPUT_OK and *jp; otherwise the slot is given back and the
 * input's state noted (more to wait for, its end, an error). */
static int job_next(struct pool *p, int lockfd, struct job **jp)
{
	struct job *j = xcalloc(1, sizeof *j);
	int rc;

	j->lockfd = lockfd;
	j->host = -1;
	j->part_fd = -1;
	if (p->ps) {
		rc = pipesrc_next(p->ps, j, p->running == 0);
	} else {
		rc = gather(p, p->running == 0);
		if (rc == INPUT_OK) {
			pack_spread(p);
			j->args = p->building;
			memset(&p->building, 0, sizeof p->building);
		}
	}
	if (rc == INPUT_OK) {
		j->seq = ++p->seq;
		*jp = j;
		return rc;
	}
	if (lockfd >= 0)
		close(lockfd);
	free(j);
	if (rc == INPUT_EOF)
		p->in_done = 1;
	if (rc == INPUT_ERR) {
		warn_("%s", p->ps ? "stdin" : input_errname(p->in));
		p->error = 1;
		p->stop = 1;
	}
	return rc;
}

/* A job that does not run: skipped by --resume, or only printed by
 * --dry-run.  1 when j was such a job (and is freed). */
static int job_not_run(struct pool *p, struct job *j)
{
	if (p->resume && resume_skip(p->resume, j->seq, p->o->resume == 2)) {
		p->skipped++;
	} else if (p->o->interactive && ask_run(job_display(p, j)) != 1) {
		/* -p: not confirmed on the terminal, not run */
		p->skipped++;
	} else if (p->o->dry_run) {
		job_display(p, j);
		sbuf_reset(&p->disp);
		if (p->tagt) {
			/* --tag tags the printed command, as GNU parallel */
			tmpl_expand(p->tagt, &j->args, j->seq, j->slot, TR_RAW, &p->disp);
			sbuf_addc(&p->disp, '\t');
		}
		sbuf_adds(&p->disp, j->display);
		sbuf_addc(&p->disp, '\n');
		if (write_all(1, p->disp.buf, p->disp.len) < 0) {
			output_set_broken(p->out, errno);
			p->stop = 1;
		}
	} else {
		return 0;
	}
	if (j->lockfd >= 0)
		close(j->lockfd);
	job_free(j);
	return 1;
}

/* Start as many jobs as slots and input allow.  Sets *want_input when the
 * loop should poll the input for more. */
void pool_start_jobs(struct pool *p, int *want_input)
{
	double now = now_mono();

	*want_input = 0;
	while (can_start(p, now)) {
		struct job *j;
		int rc, lockfd = -1;

		if (p->rq_head) {
			if (!start_retry(p, now))
				return;
			continue;
		}
		if (p->sem && (lockfd = sem_try(p->sem)) < 0) {
			p->sem_retry_at = now + 0.05;
			return;
		}
		if ((rc = job_next(p, lockfd, &j)) != INPUT_OK) {
			*want_input = rc == INPUT_AGAIN;
			return;
		}
		if (job_not_run(p, j))
			continue;
		if (job_start(p, j) < 0)
			return;
		now = now_mono();
		if (p->o->delay > 0)
			p->next_start = now + p->o->delay;
	}
}
