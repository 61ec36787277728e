/* cpus.c: how many CPUs parx may use: the affinity mask, limited by a
 * cgroup CPU quota (v2 cpu.max of its cgroup and each parent, v1
 * cfs_quota_us). */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpus.h"
#include "util.h"

/* The smaller of two quotas in CPUs, 0 meaning none. */
static long tighter(long a, long b)
{
	return a > 0 && (b == 0 || a < b) ? a : b;
}

/* Whole CPUs a quota of quota per period gives, 0 for none. */
static long quota_cpus(long long quota, long long period)
{
	return quota > 0 && period > 0 ? (long)((quota + period - 1) / period) : 0;
}

/* parx's cgroup v2 path (from /proc/self/cgroup), or NULL. */
static char *v2_path(void)
{
	char line[4096], *rel = NULL;
	FILE *f = fopen("/proc/self/cgroup", "re");

	if (!f)
		return NULL;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			rel = xstrdup(line + 3);
			break;
		}
	}
	fclose(f);
	return rel;
}

/* cgroup v2: the tightest cpu.max of parx's cgroup and each parent. */
static long v2_quota(void)
{
	char path[4200], max[32], *rel = v2_path(), *slash;
	long long period;
	long cpus = 0;
	FILE *f;

	while (rel) {
		snprintf(path, sizeof path, "/sys/fs/cgroup%s/cpu.max",
			 strcmp(rel, "/") ? rel : "");
		if ((f = fopen(path, "re")) != NULL) {
			if (fscanf(f, "%31s %lld", max, &period) == 2 &&
			    strcmp(max, "max") != 0)
				cpus = tighter(quota_cpus(atoll(max), period), cpus);
			fclose(f);
		}
		slash = strrchr(rel, '/');
		if (!slash || strcmp(rel, "/") == 0)
			break;
		if (slash == rel)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	free(rel);
	return cpus;
}

/* cgroup v1: cpu.cfs_quota_us over cpu.cfs_period_us. */
static long v1_quota(void)
{
	long long quota = -1, period = 0;
	FILE *f = fopen("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "re");
	FILE *g = fopen("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "re");

	if (f && fscanf(f, "%lld", &quota) != 1)
		quota = -1;
	if (g && fscanf(g, "%lld", &period) != 1)
		period = 0;
	if (f)
		fclose(f);
	if (g)
		fclose(g);
	return quota_cpus(quota, period);
}

long cpus_usable(void)
{
	cpu_set_t set;
	long n = 0, q;

	if (sched_getaffinity(0, sizeof set, &set) == 0)
		n = CPU_COUNT(&set);
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	q = tighter(v2_quota(), v1_quota());
	if (q > 0 && q < n)
		n = q;
	return n > 0 ? n : 1;
}
