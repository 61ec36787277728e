/* cpus.h: the CPUs parx may use. */
#ifndef PARX_CPUS_H
#define PARX_CPUS_H

/* Usable CPUs: the affinity mask, limited by a cgroup CPU quota; >= 1. */
long cpus_usable(void);

#endif
