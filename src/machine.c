/* machine.c: figures of what the machine has left, read from /proc and
 * the cgroup file systems (found through /proc/self/mountinfo and
 * /proc/self/cgroup, cgroup v1 and v2 alike). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machine.h"
#include "util.h"

struct machine {
	char *memdir;		/* the memory cgroup's directory, or NULL */
	char *memroot;		/* its hierarchy's mount point */
	int memv2;		/* memory.max/current rather than v1 names */
	char *cpupressure;	/* the cgroup's cpu.pressure, or NULL */
};

/* The contents of path (small files only) into buf: length, or -1. */
static ssize_t machine_slurp(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got, len = 0;

	if (fd < 0)
		return -1;
	while ((size_t)len + 1 < n &&
	       (got = read(fd, buf + len, n - 1 - (size_t)len)) > 0)
		len += got;
	close(fd);
	buf[len] = '\0';
	return len;
}

/* A number in dir/name ("max" = none: -2); -1 unreadable. */
static long long machine_num(const char *dir, const char *name)
{
	char path[4096], buf[64];
	char *end;
	long long v;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (machine_slurp(path, buf, sizeof buf) <= 0)
		return -1;
	if (strncmp(buf, "max", 3) == 0)
		return -2;
	v = strtoll(buf, &end, 10);
	return end == buf ? -1 : v;
}

/* From /proc/self/cgroup: the path of the hierarchy that lists ctrl
 * ("" for the v2 line "0::"), malloc'd, or NULL. */
static char *machine_cgpath(const char *ctrl)
{
	char buf[8192], *line, *save = NULL;

	if (machine_slurp("/proc/self/cgroup", buf, sizeof buf) <= 0)
		return NULL;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		char *tok, *s2 = NULL, *list;
		if (!c2)
			continue;
		list = xstrndup(c1 + 1, (size_t)(c2 - c1 - 1));
		if (!*ctrl && !*list) {
			free(list);
			return xstrdup(c2 + 1);
		}
		for (tok = strtok_r(list, ",", &s2); tok && *ctrl;
		     tok = strtok_r(NULL, ",", &s2))
			if (strcmp(tok, ctrl) == 0) {
				free(list);
				return xstrdup(c2 + 1);
			}
		free(list);
	}
	return NULL;
}

/* From /proc/self/mountinfo: the mount point of a cgroup (v1 with ctrl
 * among its options) or cgroup2 (ctrl NULL) file system, malloc'd. */
static char *machine_mount(const char *ctrl)
{
	char buf[65536], *line, *save = NULL;

	if (machine_slurp("/proc/self/mountinfo", buf, sizeof buf) <= 0)
		return NULL;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char mnt[4096], fstype[64], opts[1024];
		const char *sep = strstr(line, " - ");
		if (!sep || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 ||
		    sscanf(sep + 3, "%63s %*s %1023s", fstype, opts) != 2)
			continue;
		if (!ctrl && strcmp(fstype, "cgroup2") == 0)
			return xstrdup(mnt);
		if (ctrl && strcmp(fstype, "cgroup") == 0) {
			char *tok, *s2 = NULL;
			for (tok = strtok_r(opts, ",", &s2); tok;
			     tok = strtok_r(NULL, ",", &s2))
				if (strcmp(tok, ctrl) == 0)
					return xstrdup(mnt);
		}
	}
	return NULL;
}

static char *machine_join(const char *mnt, const char *path)
{
	size_t n = strlen(mnt) + strlen(path) + 2;
	char *s = xmalloc(n);

	snprintf(s, n, "%s%s%s", mnt, *path == '/' ? "" : "/", path);
	return s;
}

/* Whether the cgroup2 hierarchy at mnt offers the memory controller. */
static int machine_v2_has_memory(const char *mnt)
{
	char path[4096], buf[512];

	snprintf(path, sizeof path, "%s/cgroup.controllers", mnt);
	return machine_slurp(path, buf, sizeof buf) > 0 &&
	       (strncmp(buf, "memory", 6) == 0 || strstr(buf, " memory"));
}

struct machine *machine_open(void)
{
	struct machine *m = xcalloc(1, sizeof *m);
	char *v1 = machine_mount("memory"), *v2 = machine_mount(NULL);
	char *path;

	if (v1 && (path = machine_cgpath("memory"))) {
		m->memdir = machine_join(v1, path);
		m->memroot = v1;
		v1 = NULL;
		free(path);
	} else if (v2 && machine_v2_has_memory(v2) && (path = machine_cgpath(""))) {
		m->memdir = machine_join(v2, path);
		m->memroot = xstrdup(v2);
		m->memv2 = 1;
		free(path);
	}
	if (v2 && (path = machine_cgpath(""))) {
		if (strcmp(path, "/") != 0) {
			char *dir = machine_join(v2, path);
			m->cpupressure = machine_join(dir, "cpu.pressure");
			free(dir);
		}
		free(path);
	}
	free(v1);
	free(v2);
	return m;
}

void machine_close(struct machine *m)
{
	if (!m)
		return;
	free(m->memdir);
	free(m->memroot);
	free(m->cpupressure);
	free(m);
}

/* What the memory cgroup and its parents still allow, or -1 (no limit). */
static long long machine_cgroup_left(const struct machine *m)
{
	char dir[4096];
	long long best = -1;
	size_t rootlen = strlen(m->memroot);

	snprintf(dir, sizeof dir, "%s", m->memdir);
	for (;;) {
		long long lim = machine_num(dir, m->memv2 ? "memory.max" :
					    "memory.limit_in_bytes");
		long long use = machine_num(dir, m->memv2 ? "memory.current" :
					    "memory.usage_in_bytes");
		char *slash;
		/* v1 says "no limit" with a huge number */
		if (lim >= 0 && use >= 0 && lim < (1LL << 60)) {
			long long left = lim > use ? lim - use : 0;
			if (best < 0 || left < best)
				best = left;
		}
		if (strlen(dir) <= rootlen || !(slash = strrchr(dir, '/')) ||
		    (size_t)(slash - dir) < rootlen)
			break;
		*slash = '\0';
	}
	return best;
}

long long machine_mem_available(const struct machine *m)
{
	char buf[8192];
	const char *p;
	long long avail = -1, cg;

	if (machine_slurp("/proc/meminfo", buf, sizeof buf) > 0 &&
	    (p = strstr(buf, "MemAvailable:")) != NULL)
		avail = strtoll(p + 13, NULL, 10) * 1024;
	if (m->memdir && (cg = machine_cgroup_left(m)) >= 0 &&
	    (avail < 0 || cg < avail))
		avail = cg;
	if (avail < 0)
		errno = ENOENT;
	return avail;
}

int machine_swap(unsigned long long *in, unsigned long long *out)
{
	char buf[16384];
	const char *a, *b;

	if (machine_slurp("/proc/vmstat", buf, sizeof buf) <= 0)
		return -1;
	if (!(a = strstr(buf, "\npswpin ")) || !(b = strstr(buf, "\npswpout "))) {
		errno = ENOENT;
		return -1;
	}
	*in = strtoull(a + 8, NULL, 10);
	*out = strtoull(b + 9, NULL, 10);
	return 0;
}

/* Processes in state R among those parx can see (its PID namespace, as
 * ps shows them), parx itself left out; -1 when /proc cannot be read. */
static double machine_running(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char path[64], buf[512];
	double n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		const char *paren;
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%.20s/stat", e->d_name);
		if (machine_slurp(path, buf, sizeof buf) > 0 &&
		    (paren = strrchr(buf, ')')) != NULL && paren[1] == ' ' &&
		    paren[2] == 'R')
			n++;
	}
	closedir(d);
	return n > 1 ? n - 1 : 0;
}

double machine_load(const struct machine *m, long cpus)
{
	char buf[256];
	const char *p;
	double load = machine_running(), some;

	/* no /proc to scan: the kernel's count (the whole machine's) */
	if (load < 0 && (machine_slurp("/proc/loadavg", buf, sizeof buf) <= 0 ||
			 sscanf(buf, "%*s %*s %*s %lf", &load) != 1)) {
		errno = ENOENT;
		return -1;
	}
	if (m->cpupressure && machine_slurp(m->cpupressure, buf, sizeof buf) > 0 &&
	    (p = strstr(buf, "some avg10=")) != NULL &&
	    (some = strtod(p + 11, NULL)) * (double)cpus / 100.0 > load)
		load = some * (double)cpus / 100.0;
	return load;
}
