/* machine.h: what the machine, and the cgroups parx runs in, have left:
 * memory available, swap activity, the run queue, CPU pressure.  Read
 * from /proc and /sys on demand; the caller decides how often.
 *
 * struct machine is private to machine.c: the paths found once at open. */
#ifndef PARX_MACHINE_H
#define PARX_MACHINE_H

struct machine;

/* Find the memory cgroup (v1 or v2, whichever holds the controller) and
 * the CPU pressure file of parx's cgroup.  Never fails: what is not
 * there is not read. */
struct machine *machine_open(void);
void machine_close(struct machine *m);
/* Bytes available: the smaller of MemAvailable and what the memory
 * cgroup (and each of its parents) still allows.  -1 with errno when
 * nothing could be read. */
long long machine_mem_available(const struct machine *m);
/* Pages swapped in and out since boot (/proc/vmstat): 0, or -1. */
int machine_swap(unsigned long long *in, unsigned long long *out);
/* The load: processes running now among those parx can see (state R in
 * /proc/PID/stat, parx itself left out; /proc/loadavg's count when /proc
 * cannot be listed), or more when the cgroup's CPU pressure (cgroup v2
 * cpu.pressure "some avg10", of cpus CPUs) says the CPUs are that busy.
 * -1 with errno when unreadable.  It reads every /proc/PID: once a
 * second is plenty. */
double machine_load(const struct machine *m, long cpus);

#endif
