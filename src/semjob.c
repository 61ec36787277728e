/* semjob.c: a semaphore slot per running job (--sem-id). */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "pool.h"
#include "semjob.h"

struct semjob {
	struct sem *s;
	int ext;		/* job->ext[ext]: its lock fd + 1, or NULL */
};

/* Give back j's slot, if it holds one. */
static void release(struct semjob *sj, struct job *j)
{
	intptr_t fd1 = (intptr_t)j->ext[sj->ext];

	if (fd1 > 0)
		close((int)(fd1 - 1));
	j->ext[sj->ext] = NULL;
}

/* A job starts only holding a slot (kept when its start is put off for
 * other reasons); with every slot held it waits. */
static int hook_start(void *ctx, struct job *j)
{
	struct semjob *sj = ctx;
	int fd;

	if (j->ext[sj->ext])
		return HOOK_GO;
	if ((fd = sem_try(sj->s)) < 0)
		return HOOK_WAIT;
	j->ext[sj->ext] = (void *)(intptr_t)(fd + 1);
	return HOOK_GO;
}

static int hook_ended(void *ctx, struct job *j)
{
	release(ctx, j);
	return 0;
}

static void hook_forget(void *ctx, struct job *j)
{
	release(ctx, j);
}

static void hook_close(void *ctx)
{
	struct semjob *sj = ctx;

	sem_close(sj->s);
	free(sj);
}

void semjob_attach(struct sem *s, struct pool *p)
{
	struct semjob *sj = xcalloc(1, sizeof *sj);
	struct hook h = { .ctx = sj, .name = "--sem-id", .job_start = hook_start,
			  .job_ended = hook_ended, .job_forget = hook_forget,
			  .close = hook_close };

	sj->s = s;
	sj->ext = pool_hook_add(p, &h);
}
