/* pipe_hold.c: jobs of --tee, --round-robin, --shard and --bin that
 * have nothing to write wait with their stdin out of the poll set
 * (JOB_IN_HOLD) until pipe_dist.c or pipe_tee.c has data for them. */
#include "pipe_impl.h"

int phold_hold(struct pdist *d, struct job *j)
{
	if (j->in != JOB_IN_HOLD) {
		j->in = JOB_IN_HOLD;
		d->held++;
	}
	return 0;
}

/* Let j be polled again. */
void phold_wake(struct pdist *d, struct job *j)
{
	if (j->in == JOB_IN_HOLD) {
		j->in = JOB_IN_FEED;
		d->held--;
	}
}

void phold_wake_all(struct pdist *d)
{
	size_t i;

	for (i = 0; i < d->n && d->held; i++)
		if (d->jobs[i])
			phold_wake(d, d->jobs[i]);
	d->held = 0;
}
