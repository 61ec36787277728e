/* adapt.c: the adaptive pool (--memfree, --memsuspend, --noswap, --load,
 * --limit, -j FILE, --delay auto), as one hook: can_start holds starts,
 * tick reads the figures (rate-limited) and acts on running jobs,
 * job_start/job_ended keep the list of running jobs, youngest last. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adapt.h"
#include "cpus.h"
#include "machine.h"
#include "spawn.h"
#include "util.h"

extern char **environ;

#define ADAPT_EVERY 0.2		/* seconds between two readings */
#define ADAPT_SETTLE 1.0	/* a job this young has not shown its memory */
#define ADAPT_LOAD_EVERY 1.0	/* the load is a scan of /proc: once a second */
#define ADAPT_PLENTY 8		/* x SIZE per young job: no need to space */

/* Per-job flags in job->ext[]. */
enum { AJ_KILLED = 1, AJ_STOPPED = 2 };

struct adapt {
	const struct opts *o;
	struct pool *p;
	struct machine *m;
	int ext;			/* our index in job->ext[] */
	long cpus;
	struct job **run;		/* running jobs, oldest first */
	size_t nrun, caprun;
	double checked;			/* time of the last reading */
	double acted;			/* the reading tick acted on */
	double last_act;		/* last suspend/resume */
	long long avail;		/* memory available then, or -1 */
	unsigned long long swin, swout;	/* /proc/vmstat counters */
	int swapping;
	double load, load_at;		/* --load: the figure, when read */
	int limit_rc;			/* last --limit verdict, -1 stale */
	int held;			/* a job was ended for memory: no start
					 * until another ends by itself */
	int warned_limit, warned_jobs, warned_mem;
	long jobs_now;			/* -j FILE's last good value */
};

static unsigned adapt_flags(const struct adapt *a, const struct job *j)
{
	return (unsigned)(uintptr_t)j->ext[a->ext];
}

static void adapt_set_flags(const struct adapt *a, struct job *j, unsigned f)
{
	j->ext[a->ext] = (void *)(uintptr_t)f;
}

/* ---- --limit ---- */

/* Run the --limit command, wait for it: its verdict 0, 1 or 2. */
static int adapt_run_limit(struct adapt *a)
{
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)a->o->limit, NULL };
	struct spawn_req r = { .path = "/bin/sh", .argv = argv, .envp = environ,
			       .in = -1, .out = -1, .err = -1 };
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC), st, rc = -1;
	pid_t pid;

	r.out = null;
	pid = spawn_job(&r);
	if (null >= 0)
		close(null);
	if (pid > 0) {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	}
	if (rc >= 0 && rc <= 2)
		return rc;
	if (!a->warned_limit) {
		if (pid < 0)
			warn_("--limit '%s': cannot run", a->o->limit);
		else
			warnx_("--limit '%s': exit %d, not 0, 1 or 2; no longer asked",
			       a->o->limit, rc);
	}
	a->warned_limit = 1;
	return 0;
}

/* ---- the figures ---- */

/* Read what the options need, at most every ADAPT_EVERY seconds. */
static void adapt_refresh(struct adapt *a, double now)
{
	const struct opts *o = a->o;
	unsigned long long in, out;

	if (now - a->checked < ADAPT_EVERY)
		return;
	a->checked = now;
	if (o->memfree || o->memsuspend) {
		a->avail = machine_mem_available(a->m);
		if (a->avail < 0 && !a->warned_mem)
			warn_("%s: cannot read the memory available (/proc/meminfo)",
			      o->memfree ? "--memfree" : "--memsuspend");
		a->warned_mem |= a->avail < 0;
	}
	if (o->noswap && machine_swap(&in, &out) == 0) {
		a->swapping = a->swin && in > a->swin && out > a->swout;
		a->swin = in;
		a->swout = out;
	}
	if (o->load > 0 && now - a->load_at >= ADAPT_LOAD_EVERY) {
		a->load = machine_load(a->m, a->cpus);
		a->load_at = now;
	}
	if (o->limit && !a->warned_limit)
		a->limit_rc = adapt_run_limit(a);
}

/* Jobs started too lately for the last reading to show their memory. */
static size_t adapt_unsettled(const struct adapt *a)
{
	size_t i, n = 0;

	for (i = 0; i < a->nrun; i++)
		if (a->run[i]->start > a->checked - ADAPT_SETTLE)
			n++;
	return n;
}

static size_t adapt_stopped(const struct adapt *a)
{
	size_t i, n = 0;

	for (i = 0; i < a->nrun; i++)
		n += (adapt_flags(a, a->run[i]) & AJ_STOPPED) != 0;
	return n;
}

/* ---- the hook ---- */

static int hook_can_start(void *ctx)
{
	struct adapt *a = ctx;
	const struct opts *o = a->o;

	adapt_refresh(a, now_mono());
	if (a->held)
		return 0;
	if (o->memfree && a->avail >= 0) {
		long long young = (long long)adapt_unsettled(a);
		if (a->avail <= o->memfree)
			return 0;
		/* a job just started has not shown its memory yet: space the
		 * starts, unless there is plenty for many more */
		if (young && a->avail / ADAPT_PLENTY <= o->memfree * (young + 1))
			return 0;
	}
	if (o->memsuspend && adapt_stopped(a) > 0)
		return 0;
	if (o->noswap && a->swapping)
		return 0;
	if (o->load > 0 && a->load >= o->load)
		return 0;
	if (o->limit && a->limit_rc != 0)
		return 0;
	return 1;
}

/* End the youngest job not already ended by us (it runs again later);
 * never the last one running.  0 when one was ended, else -1. */
static int adapt_kill_youngest(struct adapt *a)
{
	size_t i, live = 0;

	for (i = 0; i < a->nrun; i++)
		live += !(adapt_flags(a, a->run[i]) & AJ_KILLED);
	for (i = a->nrun; i-- > 0 && live > 1;) {
		struct job *j = a->run[i];
		unsigned f = adapt_flags(a, j);
		if ((f & AJ_KILLED) || j->pid <= 0)
			continue;
		adapt_set_flags(a, j, f | AJ_KILLED);
		(void)kill(-j->pid, a->o->termseq[0].sig);
		if (f & AJ_STOPPED)
			(void)kill(-j->pid, SIGCONT);
		return 0;
	}
	return -1;
}

/* --memsuspend: below SIZE stop the youngest running job (keeping one
 * running); from 2 x SIZE up go on with the oldest stopped one.  One
 * step a second, so that each shows in the figures. */
static void adapt_suspend(struct adapt *a, double now)
{
	long long size = a->o->memsuspend;
	size_t i, active = 0;

	if (a->avail < 0 || now - a->last_act < ADAPT_SETTLE)
		return;
	for (i = 0; i < a->nrun; i++)
		active += !(adapt_flags(a, a->run[i]) & (AJ_STOPPED | AJ_KILLED));
	for (i = a->nrun; a->avail < size && active > 1 && i-- > 0;) {
		struct job *j = a->run[i];
		unsigned f = adapt_flags(a, j);
		if ((f & (AJ_STOPPED | AJ_KILLED)) || j->pid <= 0)
			continue;
		if (kill(-j->pid, SIGSTOP) == 0)
			adapt_set_flags(a, j, f | AJ_STOPPED);
		a->last_act = now;
		return;
	}
	for (i = 0; a->avail >= 2 * size && i < a->nrun; i++) {
		struct job *j = a->run[i];
		unsigned f = adapt_flags(a, j);
		if (!(f & AJ_STOPPED))
			continue;
		(void)kill(-j->pid, SIGCONT);
		adapt_set_flags(a, j, f & ~(unsigned)AJ_STOPPED);
		a->last_act = now;
		return;
	}
}

/* A stopped job that parx is ending (--timeout, --halt now, Ctrl-C: its
 * termination sequence began) goes on, so that the signals reach it. */
static void adapt_cont_ending(struct adapt *a)
{
	size_t i;

	for (i = 0; i < a->nrun; i++) {
		struct job *j = a->run[i];
		unsigned f = adapt_flags(a, j);
		if ((f & AJ_STOPPED) && j->term_step > 0 && j->pid > 0) {
			(void)kill(-j->pid, SIGCONT);
			adapt_set_flags(a, j, f & ~(unsigned)AJ_STOPPED);
		}
	}
}

/* SIGKILL a job ended by us that outlived its grace (--termseq's first
 * wait). */
static void adapt_kill_late(struct adapt *a, double now)
{
	size_t i;
	double grace = (double)a->o->termseq[0].ms / 1000.0;

	for (i = 0; i < a->nrun; i++) {
		struct job *j = a->run[i];
		if ((adapt_flags(a, j) & AJ_KILLED) && now - a->last_act > grace &&
		    j->state == JOB_RUNNING && j->pid > 0)
			(void)kill(-j->pid, SIGKILL);
	}
}

static double hook_tick(void *ctx, const struct pool_counts *c)
{
	struct adapt *a = ctx;
	const struct opts *o = a->o;
	double now = now_mono();

	(void)c;
	/* -j FILE and --delay auto act as jobs end: no turns wanted */
	if (!o->memfree && !o->memsuspend && !o->noswap && o->load <= 0 &&
	    !o->limit)
		return -1;
	adapt_refresh(a, now);
	/* act once on each reading (can_start may have taken it) */
	if (a->checked != a->acted) {
		a->acted = a->checked;
		if ((o->memfree && a->avail >= 0 && a->avail < o->memfree / 2) ||
		    (o->limit && a->limit_rc == 2)) {
			if (adapt_kill_youngest(a) == 0)
				a->held = 1;
			a->last_act = now;
		} else {
			adapt_kill_late(a, now);
		}
		if (o->memsuspend)
			adapt_suspend(a, now);
	}
	if (o->memsuspend)
		adapt_cont_ending(a);
	return a->checked + ADAPT_EVERY - now > 0 ? a->checked + ADAPT_EVERY - now : 0;
}

/* j is about to start (job_start, not job_running: that one costs each
 * job its display string): on the list, youngest last.  Its pid is 0
 * until it is spawned. */
static int hook_job_start(void *ctx, struct job *j)
{
	struct adapt *a = ctx;

	if (a->nrun == a->caprun) {
		a->caprun = a->caprun ? a->caprun * 2 : 16;
		a->run = xreallocarray(a->run, a->caprun, sizeof *a->run);
	}
	a->run[a->nrun++] = j;
	adapt_set_flags(a, j, 0);
	/* --limit is asked again before the next start */
	if (a->o->limit)
		a->checked = 0;
	return HOOK_GO;
}

/* -j FILE, read again as a job ends: a new slot count, or a warning
 * (once) when it holds no count. */
static void adapt_jobs_file(struct adapt *a)
{
	long n;
	int zero = 0;

	if (adapt_read_jobs(a->o->jobs_file, &n, &zero) < 0 || zero) {
		if (!a->warned_jobs)
			warnx_("-j %s: not N, N%%, +N or -N; keeping %ld job slots",
			       a->o->jobs_file, a->jobs_now);
		a->warned_jobs = 1;
		return;
	}
	if (n == a->jobs_now)
		return;
	a->jobs_now = (long)pool_set_slots(a->p, (size_t)n);
	if (a->o->verbose)
		warnx_("%ld job slot%s", a->jobs_now, a->jobs_now == 1 ? "" : "s");
}

static int hook_job_ended(void *ctx, struct job *j)
{
	struct adapt *a = ctx;
	size_t i;
	int again = 0;

	for (i = 0; i < a->nrun; i++)
		if (a->run[i] == j) {
			again = (adapt_flags(a, j) & AJ_KILLED) != 0;
			memmove(a->run + i, a->run + i + 1,
				(a->nrun - i - 1) * sizeof *a->run);
			a->nrun--;
			adapt_set_flags(a, j, 0);
			break;
		}
	/* one that ended by itself gave its memory back */
	if (!again && j->pid > 0)
		a->held = 0;
	if (a->o->jobs_file)
		adapt_jobs_file(a);
	if (a->o->delay_auto && !again && j->pid > 0) {
		double d = pool_delay(a->p);
		/* 30% more after a failure, 10% less after a success */
		if (j->exitval != 0 || j->termsig || j->fail != JF_NONE)
			d = d > 0 ? d * 1.3 : 0.1;
		else
			d = d * 0.9 < 0.001 ? 0 : d * 0.9;
		pool_set_delay(a->p, d);
	}
	return again;
}

static void hook_close(void *ctx)
{
	struct adapt *a = ctx;
	size_t i;

	for (i = 0; i < a->nrun; i++)
		if ((adapt_flags(a, a->run[i]) & AJ_STOPPED) && a->run[i]->pid > 0)
			(void)kill(-a->run[i]->pid, SIGCONT);
	machine_close(a->m);
	free(a->run);
	free(a);
}

int adapt_wanted(const struct opts *o)
{
	return o->memfree || o->memsuspend || o->noswap || o->load > 0 ||
	       o->limit || o->jobs_file || o->delay_auto;
}

void adapt_attach(const struct opts *o, struct pool *p)
{
	struct adapt *a = xcalloc(1, sizeof *a);
	struct hook h = {
		.ctx = a, .name = "adapt", .can_start = hook_can_start,
		.job_start = hook_job_start, .job_ended = hook_job_ended,
		.tick = hook_tick, .close = hook_close,
	};

	a->o = o;
	a->p = p;
	a->m = machine_open();
	a->cpus = cpus_usable();
	a->avail = -1;
	a->checked = a->load_at = -1e9;
	a->jobs_now = o->jobs;
	a->ext = pool_hook_add(p, &h);
}

int adapt_read_jobs(const char *path, long *jobs, int *zero)
{
	char buf[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	char *s = buf, *e;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	for (e = s; *e && *e != '\n' && *e != ' ' && *e != '\t'; e++)
		;
	*e = '\0';
	*zero = 0;
	if (parse_jobs(s, jobs, zero) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}
