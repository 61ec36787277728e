/* drain.h: moving what a job wrote from its pipes to where it goes
 * (output.c decides where), with splice(2) when the bytes need not pass
 * through parx's memory.  drain.c owns struct drain (its read buffer). */
#ifndef PARX_DRAIN_H
#define PARX_DRAIN_H

#include "job.h"
#include "output.h"

struct drain;

struct drain *drain_new(struct output *out);
void drain_free(struct drain *d);
/* Move what is ready on j's stream s (0 stdout, 1 stderr) without
 * waiting; at EOF the pipe is closed (job_close_fd). */
void drain_job(struct drain *d, struct job *j, int s);

#endif
