/* limits.c: what the machine allows: usable CPUs (affinity mask, cgroup
 * quota), job slots that fit the descriptor limit, the command-line budget. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pool_impl.h"

extern char **environ;

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
void pool_fit_limits(struct pool *p)
{
	struct rlimit rl = p->nofile;
	size_t cap;

	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (rl.rlim_cur > 1 << 20)
			rl.rlim_cur = 1 << 20;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			rl = p->nofile;
		else
			p->nofile_raised = 1;
	}
	cap = rl.rlim_cur == RLIM_INFINITY ? 1 << 18 :
	      rl.rlim_cur > FDS_RESERVED + FDS_PER_JOB ?
	      (size_t)(rl.rlim_cur - FDS_RESERVED) / FDS_PER_JOB : 1;
	if (p->o->jobs_zero && !p->rem) {
		struct rlimit np;
		size_t want = 32768;
		if (getrlimit(RLIMIT_NPROC, &np) == 0 && np.rlim_cur != RLIM_INFINITY)
			want = np.rlim_cur > 0 ? (size_t)np.rlim_cur : 1;
		p->nslots = want < cap ? want : cap;
		return;
	}
	if (p->nslots > cap) {
		/* warned about when the slots are first all busy, unless the
		 * process limit binds before (one warning either way) */
		p->fd_capped = (unsigned long long)rl.rlim_cur;
		p->nslots = cap;
	}
}

/* The command-line budget, as xargs computes it. */
size_t pool_arg_budget(const struct opts *o)
{
	long argmax = sysconf(_SC_ARG_MAX);
	size_t env = 0, limit;
	char **e;

	if (o->xargs_mode)
		return (size_t)-1 / 2;	/* xsplit.c packs to xargs' own -s */
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
