/* pool.c: job slots and the single-threaded event loop. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "joblog.h"
#include "output.h"
#include "pipe.h"
#include "pool.h"
#include "progress.h"
#include "remote.h"
#include "results.h"
#include "sem.h"
#include "sig.h"
#include "spawn.h"

#define NFAIL_SHOWN 10
#define READ_CHUNK 65536

extern char **environ;

struct failure {
	unsigned long seq;
	char why[48];
	char *cmd;
};

struct pool {
	const struct opts *o;
	struct input *in;
	struct tmpl *t;
	struct tmpl *tagt;	/* --tagstring */
	struct output *out;
	struct joblog *jl;
	struct resume *resume;
	struct results *res;
	struct sem *sem;
	struct pipesrc *ps;
	struct remote *rem;
	struct progress *prog;

	struct job **slot;	/* slot[i] runs job with {%} = i+1 */
	size_t nslots, running;
	unsigned long seq;	/* last seq handed out */

	/* the next job's inputs as they are gathered */
	struct chunk building, pending;
	int have_pending;
	size_t build_len;
	int in_done;		/* no more input */
	struct job *retry;	/* a job waiting to be started again */
	double retry_at;
	struct job **retryq;	/* more jobs waiting, behind retry */
	size_t nretryq;

	unsigned long started, done, failed, succeeded, skipped;
	struct failure fails[NFAIL_SHOWN];
	size_t nfails;

	int stop;		/* start no new jobs */
	int halted;		/* --halt fired */
	int halt_status;	/* exit status it asks for, -1 none */
	int fatal_sig;		/* SIGINT/SIGTERM/SIGHUP received */
	int error;		/* an input error: exit 255 */
	int warned_limits;
	int watch_stdout;	/* poll fd 1 for its reader going away */
	double next_start;	/* --delay */
	double sem_retry_at;

	/* exec */
	const char *shell;
	char **envp;
	char envbuf[4][48];
	size_t max_chars;
	struct sbuf cmdbuf, pathbuf, disp;
	char *cache_name, *cache_path;
	struct rlimit nofile;	/* as parx found it; restored in jobs */

	double *runtimes;	/* for --timeout N% */
	size_t nrt, caprt;

	struct pollfd *pfd;
	struct job **pjob;	/* job of each pollfd, NULL for others */
	int *pkind;
	size_t npfd, cappfd;
	char readbuf[READ_CHUNK];
};

/* ---- CPUs and limits ---- */

static long cgroup_quota(void)
{
	FILE *f;
	char line[4096], path[4200], *rel = NULL;
	long cpus = 0;

	f = fopen("/proc/self/cgroup", "re");
	if (f) {
		while (fgets(line, sizeof line, f)) {
			if (strncmp(line, "0::", 3) == 0) {
				line[strcspn(line, "\n")] = '\0';
				rel = xstrdup(line + 3);
				break;
			}
		}
		fclose(f);
	}
	/* cgroup v2: the process's cgroup and each parent */
	while (rel) {
		long long quota, period;
		char max[32];
		snprintf(path, sizeof path, "/sys/fs/cgroup%s/cpu.max",
			 strcmp(rel, "/") ? rel : "");
		f = fopen(path, "re");
		if (f) {
			if (fscanf(f, "%31s %lld", max, &period) == 2 &&
			    strcmp(max, "max") != 0 && period > 0) {
				quota = atoll(max);
				long c = (long)((quota + period - 1) / period);
				if (c > 0 && (cpus == 0 || c < cpus))
					cpus = c;
			}
			fclose(f);
		}
		char *slash = strrchr(rel, '/');
		if (!slash || slash == rel) {
			if (strcmp(rel, "/") == 0 || !slash)
				break;
			slash[1] = '\0';
		} else {
			*slash = '\0';
		}
	}
	free(rel);
	/* cgroup v1 */
	f = fopen("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "re");
	if (f) {
		long long quota = -1, period = 0;
		FILE *g = fopen("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "re");
		if (fscanf(f, "%lld", &quota) != 1)
			quota = -1;
		if (g && fscanf(g, "%lld", &period) != 1)
			period = 0;
		if (g)
			fclose(g);
		fclose(f);
		if (quota > 0 && period > 0) {
			long c = (long)((quota + period - 1) / period);
			if (c > 0 && (cpus == 0 || c < cpus))
				cpus = c;
		}
	}
	return cpus;
}

long pool_cpus(void)
{
	cpu_set_t set;
	long n = 0, q;

	if (sched_getaffinity(0, sizeof set, &set) == 0)
		n = CPU_COUNT(&set);
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	q = cgroup_quota();
	if (q > 0 && q < n)
		n = q;
	return n > 0 ? n : 1;
}

/* Descriptors one running job may hold: two pipes, two spill files, a
 * stdin pipe, a semaphore lock, results files. */
#define FDS_PER_JOB 8
#define FDS_RESERVED 32

/* Raise the fd limit as far as allowed, and fit the slots to it. */
static void fit_limits(struct pool *p)
{
	struct rlimit rl = p->nofile;
	size_t cap;

	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (rl.rlim_cur > 1 << 20)
			rl.rlim_cur = 1 << 20;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			rl = p->nofile;
	}
	cap = rl.rlim_cur == RLIM_INFINITY ? 1 << 18 :
	      rl.rlim_cur > FDS_RESERVED + FDS_PER_JOB ?
	      (size_t)(rl.rlim_cur - FDS_RESERVED) / FDS_PER_JOB : 1;
	if (p->o->jobs_zero) {
		struct rlimit np;
		size_t want = 32768;
		if (getrlimit(RLIMIT_NPROC, &np) == 0 && np.rlim_cur != RLIM_INFINITY)
			want = np.rlim_cur > 64 ? (size_t)np.rlim_cur - 32 : 1;
		p->nslots = want < cap ? want : cap;
		return;
	}
	if (p->nslots > cap) {
		warnx_("only %zu job slots fit the open file limit of %llu; using %zu",
		       cap, (unsigned long long)rl.rlim_cur, cap);
		p->warned_limits = 1;
		p->nslots = cap;
	}
}

/* The command-line budget, as xargs computes it. */
static size_t arg_budget(const struct opts *o)
{
	long argmax = sysconf(_SC_ARG_MAX);
	size_t env = 0, limit;
	char **e;

	if (argmax <= 0)
		argmax = 131072;
	for (e = environ; *e; e++)
		env += strlen(*e) + 1 + sizeof *e;
	env += 4 * 48 + 4 * sizeof(char *);
	limit = (size_t)argmax > env + 2048 ? (size_t)argmax - env - 2048 : 4096;
	if (o->max_chars > 0) {
		if ((size_t)o->max_chars > limit)
			warnx_("-s %ld is over the system's limit; using %zu",
			       o->max_chars, limit);
		else
			limit = (size_t)o->max_chars;
	} else if (limit > 131072) {
		limit = 131072;
	}
	return limit;
}

static const char *const env_names[4] = {
	"PARX_SEQ=", "PARX_SLOT=", "PARALLEL_SEQ=", "PARALLEL_JOBSLOT=",
};

static void env_init(struct pool *p)
{
	size_t n = 0, k;
	char **e;

	for (e = environ; *e; e++)
		n++;
	p->envp = xcalloc(n + 5, sizeof *p->envp);
	for (n = 0, e = environ; *e; e++) {
		for (k = 0; k < 4; k++)
			if (strncmp(*e, env_names[k], strlen(env_names[k])) == 0)
				break;
		if (k == 4)
			p->envp[n++] = *e;
	}
	for (k = 0; k < 4; k++)
		p->envp[n++] = p->envbuf[k];
	p->envp[n] = NULL;
}

static void env_set(struct pool *p, unsigned long seq, int slot)
{
	snprintf(p->envbuf[0], sizeof p->envbuf[0], "PARX_SEQ=%lu", seq);
	snprintf(p->envbuf[1], sizeof p->envbuf[1], "PARX_SLOT=%d", slot);
	snprintf(p->envbuf[2], sizeof p->envbuf[2], "PARALLEL_SEQ=%lu", seq);
	snprintf(p->envbuf[3], sizeof p->envbuf[3], "PARALLEL_JOBSLOT=%d", slot);
}

/* ---- jobs ---- */

static void job_free(struct job *j)
{
	if (!j)
		return;
	chunk_free(&j->args);
	free(j->display);
	free(j->argv);
	free(j->argv_buf);
	free(j->tag);
	free(j->block);
	free(j);
}

static const char *job_display(struct pool *p, struct job *j)
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

static void note_failure(struct pool *p, struct job *j, const char *why)
{
	struct failure *f;

	p->failed++;
	if (p->nfails >= NFAIL_SHOWN)
		return;
	f = &p->fails[p->nfails++];
	f->seq = j->seq;
	snprintf(f->why, sizeof f->why, "%s", why);
	f->cmd = xstrdup(job_display(p, j));
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

/* Expand the template into j->argv.  Returns 0, or -1 with j->fail set. */
static int job_build(struct pool *p, struct job *j)
{
	size_t nwords, len = 0, i;
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
	j->argv_buf = xmalloc(p->cmdbuf.len + 1);
	memcpy(j->argv_buf, p->cmdbuf.buf, p->cmdbuf.len + 1);
	j->argv = xcalloc(nwords + 1, sizeof *j->argv);
	for (i = 0, s = j->argv_buf; i < nwords; i++) {
		size_t l = strlen(s);
		j->argv[i] = s;
		len += l + 1;
		s += l + 1;
	}
	if (len > p->max_chars) {
		warnx_("job %lu: command too long (%zu bytes, limit %zu)", j->seq,
		       len, p->max_chars);
		j->fail = JF_TOOLONG;
		return -1;
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

static void finish_job(struct pool *p, struct job *j);

/* Start job j in a free slot.  Returns 0 when started (or failed for good
 * and finished), -1 when it must wait (resources short: j kept). */
static int job_start(struct pool *p, struct job *j)
{
	int out[2] = { -1, -1 }, err[2] = { -1, -1 }, in[2] = { -1, -1 };
	int ungroup = p->o->out == OUT_UNGROUP;
	struct spawn_req r;
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
	if (p->rem && remote_pick(p->rem, j) < 0) {
		j->fail = JF_SPAWN;
		j->reaped = 1;
		goto failed;
	}
	if (job_build(p, j) < 0) {
		j->reaped = 1;
		goto failed;
	}
	if (p->o->verbose) {
		/* the command itself, as GNU parallel prints it: no prefix */
		const char *cmd = job_display(p, j);
		sbuf_reset(&p->disp);
		sbuf_adds(&p->disp, cmd);
		sbuf_addc(&p->disp, '\n');
		(void)write_all(2, p->disp.buf, p->disp.len);
	}
	if (!ungroup && (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0))
		goto resources;
	if ((p->ps || (p->rem && remote_wants_stdin(p->rem, j))) &&
	    pipe2(in, O_CLOEXEC) < 0)
		goto resources;
	env_set(p, j->seq, j->slot);
	memset(&r, 0, sizeof r);
	r.path = j->path;
	r.argv = j->argv;
	r.envp = p->envp;
	r.in = in[0];
	r.out = out[1];
	r.err = err[1];
	r.nice = p->o->nice;
	r.nofile = &p->nofile;
	pid = spawn_job(&r);
	if (pid < 0 && (errno == EAGAIN || errno == ENOMEM))
		goto resources;
	if (pid < 0) {
		warn_("job %lu: cannot start %s", j->seq, j->argv[0]);
		j->fail = JF_SPAWN;
		j->reaped = 1;
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
		/* fresh pipe ends: no other status flag to keep */
		(void)fcntl(out[0], F_SETFL, O_NONBLOCK);
		(void)fcntl(err[0], F_SETFL, O_NONBLOCK);
	}
	if (in[0] >= 0) {
		close(in[0]);
		j->fd_in = in[1];
		fd_nonblock(in[1]);
	}
	if (p->o->timeout > 0 || p->o->timeout_pct > 0) {
		double limit = p->o->timeout;
		if (p->o->timeout_pct > 0 && p->nrt >= 3) {
			/* N% of the median runtime so far */
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
	if (p->res)
		results_start(p->res, j, job_display(p, j));
	return 0;

resources:
	{
		int e = errno;
		if (out[0] >= 0) { close(out[0]); close(out[1]); }
		if (err[0] >= 0) { close(err[0]); close(err[1]); }
		if (in[0] >= 0) { close(in[0]); close(in[1]); }
		p->slot[j->slot - 1] = NULL;
		p->running--;
		j->tries--;
		if (p->running == 0) {
			/* nothing of ours holds the resource: a real failure */
			errno = e;
			warn_("job %lu: cannot start", j->seq);
			p->slot[j->slot - 1] = j;
			p->running++;
			j->tries++;
			j->fail = JF_SPAWN;
			j->reaped = 1;
			goto failed;
		}
		if (!p->warned_limits && (e == EAGAIN || e == EMFILE || e == ENFILE)) {
			p->warned_limits = 1;
			warnx_("process or file limit reached at %zu jobs; using %zu job slots",
			       p->running, p->running);
			p->nslots = p->running;
		}
		p->retry = j;
		p->retry_at = now_mono() + 0.05;
		return -1;
	}
failed:
	j->end = now_mono();
	finish_job(p, j);
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
			chunk_append(&p->building, &p->pending);
			p->have_pending = 0;
			if (want > 1) {
				struct sbuf s = {0};
				tmpl_expand(p->t, &p->building, 0, 0,
					    tmpl_is_shell(p->t) ? TR_SHELL : TR_ARGV, &s);
				/* argv: words and their NULs; shell: sh -c script */
				p->build_len = s.len + (tmpl_is_shell(p->t) ?
					strlen(p->shell) + 5 : 0);
				sbuf_free(&s);
			}
			continue;
		}
		{
			size_t cost = tmpl_cost(p->t, &p->pending,
						tmpl_is_shell(p->t) ? TR_SHELL : TR_ARGV);
			if (p->build_len + cost > p->max_chars)
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
	if (p->stop || p->running >= p->nslots)
		return 0;
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

/* Start as many jobs as slots and input allow.  Sets *want_input when the
 * loop should poll the input for more. */
static void start_jobs(struct pool *p, int *want_input)
{
	double now = now_mono();

	*want_input = 0;
	while (can_start(p, now)) {
		struct job *j;
		int rc, lockfd = -1;

		if (p->retry) {
			if (now < p->retry_at)
				return;
			j = p->retry;
			if (p->sem && j->lockfd < 0 &&
			    (j->lockfd = sem_try(p->sem)) < 0) {
				/* a retried job takes a slot again */
				p->retry_at = p->sem_retry_at = now + 0.05;
				return;
			}
			p->retry = NULL;
			if (p->nretryq) {
				p->retry = p->retryq[0];
				memmove(p->retryq, p->retryq + 1,
					--p->nretryq * sizeof *p->retryq);
			}
			if (job_start(p, j) < 0)
				return;
			continue;
		}
		if (p->sem && (lockfd = sem_try(p->sem)) < 0) {
			p->sem_retry_at = now + 0.05;
			return;
		}
		j = xcalloc(1, sizeof *j);
		j->lockfd = lockfd;
		j->host = -1;
		j->part_fd = -1;
		if (p->ps) {
			rc = pipesrc_next(p->ps, j, p->running == 0);
		} else {
			rc = gather(p, p->running == 0);
			if (rc == INPUT_OK) {
				j->args = p->building;
				memset(&p->building, 0, sizeof p->building);
			}
		}
		if (rc != INPUT_OK) {
			if (lockfd >= 0)
				close(lockfd);
			free(j);
			if (rc == INPUT_AGAIN)
				*want_input = 1;
			if (rc == INPUT_EOF)
				p->in_done = 1;
			if (rc == INPUT_ERR) {
				warn_("%s", p->ps ? "stdin" : input_errname(p->in));
				p->error = 1;
				p->stop = 1;
			}
			return;
		}
		j->seq = ++p->seq;
		if (p->resume && resume_skip(p->resume, j->seq, p->o->resume == 2)) {
			p->skipped++;
			if (lockfd >= 0)
				close(lockfd);
			job_free(j);
			continue;
		}
		if (p->o->dry_run) {
			job_display(p, j);
			sbuf_reset(&p->disp);
			sbuf_adds(&p->disp, j->display);
			sbuf_addc(&p->disp, '\n');
			if (write_all(1, p->disp.buf, p->disp.len) < 0)
				p->stop = 1;
			if (lockfd >= 0)
				close(lockfd);
			job_free(j);
			continue;
		}
		if (job_start(p, j) < 0)
			return;
		now = now_mono();
		if (p->o->delay > 0)
			p->next_start = now + p->o->delay;
	}
}

/* ---- termination ---- */

static void job_signal(struct job *j, int sig)
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

static void terminate_all(struct pool *p)
{
	double now = now_mono();
	size_t i;

	for (i = 0; i < p->nslots; i++) {
		struct job *j = p->slot[i];
		if (j && j->term_step == 0 && (!j->reaped || j->fd[0] >= 0 || j->fd[1] >= 0))
			term_step(p, j, now);
	}
}

static void check_deadlines(struct pool *p, double now)
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
static unsigned long total_jobs(const struct pool *p)
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
		total = total_jobs(p);
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
		terminate_all(p);
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
static void retry_later(struct pool *p, struct job *j)
{
	if (!p->retry) {
		p->retry = j;
		p->retry_at = now_mono();
		return;
	}
	p->retryq = xreallocarray(p->retryq, p->nretryq + 1, sizeof *p->retryq);
	p->retryq[p->nretryq++] = j;
}

static void finish_job(struct pool *p, struct job *j)
{
	char why[48];
	int ok, oerr;

	p->slot[j->slot - 1] = NULL;
	p->running--;
	j->state = JOB_DONE;
	if (j->lockfd >= 0) {
		close(j->lockfd);
		j->lockfd = -1;
	}
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
	ok = j->fail == JF_NONE && j->exitval == 0 && j->termsig == 0;
	if (p->rem && remote_done(p->rem, j) && !p->stop) {
		/* the host could not be reached: run it elsewhere */
		output_discard(p->out, j->oe);
		j->tries--;
		j->pid = 0;
		retry_later(p, j);
		return;
	}
	if (!ok && j->tries < p->o->retries && !p->stop && j->pid > 0) {
		output_discard(p->out, j->oe);
		j->pid = 0;
		j->term_step = 0;
		j->timed_out = 0;
		j->deadline = 0;
		if (p->ps)
			pipe_release(p->ps, j);
		retry_later(p, j);
		return;
	}
	if (j->pid > 0)
		record_runtime(p, j->end - j->start);
	j->received = output_bytes(j->oe, 0);
	if (p->jl)
		joblog_write(p->jl, j, p->rem ? remote_host_name(p->rem, j->host) : ":",
			     job_display(p, j));
	if (p->res)
		results_end(p->res, j, job_display(p, j));
	if (p->ps)
		pipe_release(p->ps, j);
	output_end(p->out, j->oe);
	j->oe = NULL;
	p->done++;
	if (ok) {
		p->succeeded++;
	} else {
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
	check_halt(p, j, ok);
	job_free(j);
}

static void maybe_finish(struct pool *p, struct job *j)
{
	if (j->reaped && j->fd[0] < 0 && j->fd[1] < 0 && j->fd_in < 0) {
		j->end = now_mono();
		finish_job(p, j);
	}
}

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
		maybe_finish(p, j);
	}
}

/* Read what is ready on one of j's pipes. */
/* Move what is ready on one of j's pipes straight to where it goes
 * (stdout or a spill file) with splice(2).  Returns 1 when it did, 0 when
 * the data must be read instead, -1 at EOF or when the pipe is empty. */
static int drain_splice(struct pool *p, struct job *j, int s)
{
	int spill, sink = output_sink(p->out, j->oe, s, &spill);
	ssize_t n;

	if (sink < 0)
		return 0;
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
		terminate_all(p);
		break;
	case SIGHUP:
		if (!p->fatal_sig)
			p->fatal_sig = SIGHUP;
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
	if (!p->stop && p->running < p->nslots &&
	    (!p->rem || remote_can_start(p->rem))) {
		if (p->retry)
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
	return (int)ceil(t * 1000.0);
}

static int loop_done(struct pool *p)
{
	if (p->running > 0 || (p->retry && !p->stop))
		return 0;
	return p->stop || p->in_done;
}

static void pool_loop(struct pool *p)
{
	for (;;) {
		int want_input = 0, rc, timeout;
		double prog_wait = -1;
		size_t i;

		if (output_broken(p->out) && !p->stop) {
			p->stop = 1;
			terminate_all(p);
		}
		start_jobs(p, &want_input);
		if (p->prog)
			prog_wait = progress_update(p->prog, p->done, p->started,
						    total_jobs(p), 0);
		if (loop_done(p))
			break;
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
		timeout = next_timeout(p, now_mono(), prog_wait);
		rc = poll(p->pfd, p->npfd, timeout);
		if (rc < 0 && errno != EINTR) {
			warn_("poll");
			p->error = 1;
			p->stop = 1;
			terminate_all(p);
			continue;
		}
		if (rc > 0) {
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
			/* finish after all reads.  A job's fds sit next to
			 * each other in pfd; step past them all first, as
			 * finishing may free the job. */
			for (i = 1; i < p->npfd; i++) {
				struct job *j = p->pjob[i];
				if (!j || !p->pfd[i].revents)
					continue;
				while (i + 1 < p->npfd && p->pjob[i + 1] == j)
					i++;
				if (j->state == JOB_RUNNING && p->slot[j->slot - 1] == j)
					maybe_finish(p, j);
			}
		}
		{
			int sig;
			while ((sig = sig_next()) != 0)
				on_signal(p, sig);
		}
		check_deadlines(p, now_mono());
	}
}

static int cmp_failure(const void *a, const void *b)
{
	const struct failure *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void summary(struct pool *p)
{
	struct sbuf b = {0};
	size_t i;

	if (p->failed == 0 || output_broken(p->out) == EPIPE)
		return;
	qsort(p->fails, p->nfails, sizeof *p->fails, cmp_failure);
	sbuf_addf(&b, "%lu of %lu job%s failed:", p->failed, p->done,
		  p->done == 1 ? "" : "s");
	for (i = 0; i < p->nfails; i++) {
		const char *cmd = p->fails[i].cmd;
		size_t n = strlen(cmd);
		sbuf_addf(&b, "%s #%lu %s (%.*s%s)", i ? ";" : "", p->fails[i].seq,
			  p->fails[i].why, (int)(n > 40 ? 40 : n), cmd,
			  n > 40 ? "..." : "");
	}
	if (p->failed > p->nfails)
		sbuf_addf(&b, "; ...");
	warnx_("%s", b.buf);
	sbuf_free(&b);
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
		if (!o->jobs_zero && o->jobs <= 0)
			p->nslots = remote_slots(p->rem);
		else
			p->nslots = remote_slots(p->rem);
	}
	p->prog = progress_new(o);
	return 0;
}

int pool_run(const struct opts *o, struct input *in, struct tmpl *t)
{
	struct pool *p = xcalloc(1, sizeof *p);
	int status;
	size_t i;

	p->o = o;
	p->in = in;
	p->t = t;
	p->halt_status = -1;
	p->nslots = o->jobs > 0 ? (size_t)o->jobs : 1;
	p->shell = getenv("PARX_SHELL");
	if (!p->shell || !*p->shell)
		p->shell = "/bin/sh";
	if (o->tag || o->tagstring)
		p->tagt = tmpl_new_text(o->tagstring ? o->tagstring : "{}", o->repl);
	p->max_chars = arg_budget(o);
	getrlimit(RLIMIT_NOFILE, &p->nofile);
	fit_limits(p);
	env_init(p);
	p->out = output_new(o);
	{
		struct stat st;
		p->watch_stdout = fstat(1, &st) == 0 && S_ISFIFO(st.st_mode);
	}
	if (o->pipe || o->pipepart) {
		const char *what = NULL;
		p->ps = pipesrc_open(o, &what);
		if (!p->ps) {
			warn_("%s", what ? what : "--pipe");
			status = 255;
			goto out;
		}
	}
	if (open_modules(p) < 0) {
		status = 255;
		goto out;
	}
	p->slot = xcalloc(p->nslots, sizeof *p->slot);

	pool_loop(p);
	if (p->rem) {
		/* close the connections before any re-raised signal */
		remote_close(p->rem);
		p->rem = NULL;
	}
	while (p->retry) {
		/* stopped while jobs waited to start again */
		struct job *j = p->retry;
		p->retry = p->nretryq ? p->retryq[--p->nretryq] : NULL;
		output_end(p->out, j->oe);
		job_free(j);
	}

	if (p->prog)
		progress_end(p->prog);
	summary(p);
	if (output_broken(p->out) == EPIPE)
		sig_reraise(SIGPIPE);
	if (output_broken(p->out)) {
		errno = output_broken(p->out);
		warn_("write error");
	}
	if (p->fatal_sig)
		sig_reraise(p->fatal_sig);
	if (p->error || output_broken(p->out))
		status = 255;
	else if (p->halt_status >= 0)
		status = p->halt_status;
	else
		status = p->failed > 100 ? 101 : (int)p->failed;
out:
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
	free(p->retryq);
	tmpl_free(p->tagt);
	free(p);
	return status;
}
