/* limits.c: what the system allows a run: job slots that fit the
 * descriptor and process limits, and the command-line budget. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gnulimit.h"
#include "limits.h"
#include "util.h"

extern char **environ;

/* Descriptors one running job may hold: two pipes, two spill files, a
 * stdin pipe, a semaphore lock, results files. */
#define FDS_PER_JOB 8

#define FDS_RESERVED 32

size_t limits_fit(size_t nslots, int as_many, struct rlimit *orig,
		  int *raised, unsigned long long *capped)
{
	struct rlimit rl;
	size_t cap;

	*raised = 0;
	*capped = 0;
	if (getrlimit(RLIMIT_NOFILE, orig) < 0)
		return nslots;
	rl = *orig;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (rl.rlim_cur > 1 << 20)
			rl.rlim_cur = 1 << 20;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			rl = *orig;
		else
			*raised = 1;
	}
	cap = rl.rlim_cur == RLIM_INFINITY ? 1 << 18 :
	      rl.rlim_cur > FDS_RESERVED + FDS_PER_JOB ?
	      (size_t)(rl.rlim_cur - FDS_RESERVED) / FDS_PER_JOB : 1;
	if (as_many) {
		struct rlimit np;
		size_t want = 32768;
		if (getrlimit(RLIMIT_NPROC, &np) == 0 && np.rlim_cur != RLIM_INFINITY)
			want = np.rlim_cur > 0 ? (size_t)np.rlim_cur : 1;
		return want < cap ? want : cap;
	}
	if (nslots > cap) {
		*capped = (unsigned long long)rl.rlim_cur;
		return cap;
	}
	return nslots;
}

/* The command-line budget: GNU parallel's usable length (gnulimit.c), or
 * -s when it is not over that, and never over what the system leaves
 * after the environment. */
size_t limits_arg_budget(long max_chars, size_t *sys_chars)
{
	long argmax = sysconf(_SC_ARG_MAX);
	size_t env = 0, sys, limit = gnulimit_usable(gnulimit_real_max());
	char **e;

	if (argmax <= 0)
		argmax = 131072;
	for (e = environ; *e; e++)
		env += strlen(*e) + 1 + sizeof *e;
	env += 4 * 48 + 4 * sizeof(char *);
	sys = (size_t)argmax > env + 2048 ? (size_t)argmax - env - 2048 : 4096;
	if (max_chars > 0 && (size_t)max_chars <= limit)
		limit = (size_t)max_chars;
	else if (max_chars > 0)
		warnx_("Warning: Value for option -s should be < %zu.", limit);
	*sys_chars = sys;
	return limit < sys ? limit : sys;
}
