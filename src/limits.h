/* limits.h: job slots that fit the descriptor and process limits, and the
 * command-line budget, as the system allows them. */
#ifndef PARX_LIMITS_H
#define PARX_LIMITS_H

#include <stddef.h>
#include <sys/resource.h>

/* Raise the fd limit as far as allowed (the limit found goes in *orig,
 * *raised = 1 when parx raised it) and return how many of nslots fit it;
 * as_many: as many as the fd and process limits allow (-j 0).  *capped is
 * the fd limit when it cut nslots, else 0. */
size_t limits_fit(size_t nslots, int as_many, struct rlimit *orig,
		  int *raised, unsigned long long *capped);
/* The command-line budget as GNU parallel computes it, or max_chars (-s)
 * when given and not larger (said when larger); *sys_chars is what the
 * system takes after the environment (never less than the budget). */
size_t limits_arg_budget(long max_chars, size_t *sys_chars);

#endif
