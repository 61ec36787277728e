/* contain.c: a cgroup per job slot, the hook that puts each job in its
 * slot's cgroup and cleans up after it, and the keeper's cells (see
 * contain.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "contain.h"
#include "keeper.h"

struct contain_slot {
	int made;		/* tried to make its cgroup */
	int dir;		/* its cgroup directory, or -1 */
	int procs;		/* its cgroup.procs (write), or -1 */
	int events;		/* its cgroup.events (read), or -1 */
	volatile pid_t *cell;	/* the keeper's cell for it, or NULL */
};

struct contain {
	int verbose, kill_leftovers;
	struct keeper *k;
	struct sbuf base;	/* the parx-PID cgroup's path, empty none */
	int own;		/* parx's own cgroup directory, or -1 */
	int own_procs;		/* its cgroup.procs: leftovers go there */
	int base_fd;		/* parx-PID, or -1 */
	char name[32];		/* "parx-PID" */
	int noted;		/* said with -v that a slot has no cgroup */
	struct contain_slot **slot;	/* each its own: jobs point at them */
	size_t nslot;
};

/* Make parx-PID in parx's own v2 cgroup: 0, or -1 with errno. */
static int contain_cgroups(struct contain *c)
{
	struct sbuf dir = {0};
	int e;

	if (cgroup_find(&dir) < 0)
		goto fail;
	snprintf(c->name, sizeof c->name, "parx-%ld", (long)getpid());
	if ((c->own = open(dir.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    (c->own_procs = openat(c->own, "cgroup.procs",
				   O_WRONLY | O_CLOEXEC)) < 0 ||
	    mkdirat(c->own, c->name, 0755) < 0)
		goto fail;
	if ((c->base_fd = openat(c->own, c->name,
				 O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		e = errno;
		(void)unlinkat(c->own, c->name, AT_REMOVEDIR);
		errno = e;
		goto fail;
	}
	sbuf_addf(&c->base, "%s/%s", dir.buf, c->name);
	sbuf_free(&dir);
	return 0;
fail:
	e = errno;
	if (c->own_procs >= 0)
		close(c->own_procs);
	if (c->own >= 0)
		close(c->own);
	c->own = c->own_procs = -1;
	sbuf_free(&dir);
	errno = e;
	return -1;
}

struct contain *contain_open(int verbose, int kill_leftovers)
{
	struct contain *c = xcalloc(1, sizeof *c);

	c->verbose = verbose;
	c->kill_leftovers = kill_leftovers;
	c->own = c->own_procs = c->base_fd = -1;
	if (contain_cgroups(c) < 0 && verbose)
		warn_("no writable cgroup v2, jobs are contained as process groups");
	if (!(c->k = keeper_start(c->base.len ? c->base.buf : NULL)) && verbose)
		warn_("cannot start the keeper: jobs may outlive a killed parx");
	return c;
}

/* Make slot s's cgroup (its directory "N" under parx-PID). */
static void slot_make(struct contain *c, struct contain_slot *s, size_t n)
{
	char name[24];

	s->made = 1;
	if (c->base_fd < 0)
		return;
	snprintf(name, sizeof name, "%zu", n);
	if ((mkdirat(c->base_fd, name, 0755) == 0 || errno == EEXIST) &&
	    (s->dir = openat(c->base_fd, name,
			     O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0 &&
	    (s->procs = openat(s->dir, "cgroup.procs", O_WRONLY | O_CLOEXEC)) >= 0 &&
	    (s->events = openat(s->dir, "cgroup.events", O_RDONLY | O_CLOEXEC)) >= 0)
		return;
	if (c->verbose && !c->noted++)
		warn_("cgroup %s/%s", c->base.buf, name);
	if (s->procs >= 0)
		close(s->procs);
	if (s->dir >= 0)
		close(s->dir);
	s->dir = s->procs = -1;
	(void)unlinkat(c->base_fd, name, AT_REMOVEDIR);
}

/* Slot n's state (1-based), its cgroup made the first time. */
static struct contain_slot *contain_slot_get(struct contain *c, size_t n)
{
	struct contain_slot *s;

	if (n > c->nslot) {
		size_t i, want = n > 2 * c->nslot ? n : 2 * c->nslot;
		c->slot = xreallocarray(c->slot, want, sizeof *c->slot);
		for (i = c->nslot; i < want; i++)
			c->slot[i] = NULL;
		c->nslot = want;
	}
	if (!(s = c->slot[n - 1])) {
		s = c->slot[n - 1] = xmalloc(sizeof *s);
		*s = (struct contain_slot){ 0, -1, -1, -1, NULL };
		slot_make(c, s, n);
		s->cell = keeper_cell(c->k, n);
	}
	return s;
}

/* What a finished try left in s: killed when end, else moved out. */
static void slot_leftovers(struct contain *c, struct contain_slot *s,
			   pid_t pgid, int end)
{
	if (s->dir < 0) {
		if (end && pgid > 0)
			(void)kill(-pgid, SIGKILL);
		return;
	}
	if (cgroup_populated(s->events) != 1)
		return;
	if (end)
		(void)cgroup_signal(s->dir, SIGKILL, 0);
	else
		(void)cgroup_move_out(s->dir, c->own_procs);
}

static int contain_job_start(void *ctx, struct job *j)
{
	j->cslot = contain_slot_get(ctx, (size_t)j->slot);
	return HOOK_GO;
}

static int contain_job_ended(void *ctx, struct job *j)
{
	struct contain *c = ctx;
	struct contain_slot *s = j->cslot;

	if (!s)
		return 0;
	j->cslot = NULL;
	if (s->cell)
		*s->cell = 0;
	if (j->pid > 0)
		slot_leftovers(c, s, j->pid, c->kill_leftovers || j->term_step > 0);
	return 0;
}

/* Remove every cgroup parx made, stop the keeper, free c. */
static void contain_free(void *ctx)
{
	struct contain *c = ctx;
	char name[24];
	size_t i;

	for (i = 0; i < c->nslot; i++) {
		struct contain_slot *s = c->slot[i];
		if (!s || s->dir < 0) {
			free(s);
			continue;
		}
		slot_leftovers(c, s, 0, c->kill_leftovers);
		close(s->dir);
		close(s->procs);
		close(s->events);
		snprintf(name, sizeof name, "%zu", i + 1);
		(void)cgroup_remove(c->base_fd, name, 1.0);
		free(s);
	}
	if (c->base_fd >= 0) {
		close(c->base_fd);
		(void)cgroup_remove(c->own, c->name, 1.0);
	}
	if (c->own >= 0) {
		close(c->own);
		close(c->own_procs);
	}
	keeper_stop(c->k);
	sbuf_free(&c->base);
	free(c->slot);
	free(c);
}

struct hook contain_hook(struct contain *c)
{
	struct hook h = {0};

	h.ctx = c;
	h.name = "containment";
	h.job_start = contain_job_start;
	h.job_ended = contain_job_ended;
	h.close = contain_free;
	return h;
}

int contain_single(struct contain *c)
{
	return contain_slot_get(c, 1)->procs;
}

void contain_close(struct contain *c)
{
	if (c)
		contain_free(c);
}

void contain_spawn_args(const struct contain_slot *cs, struct spawn_req *r)
{
	r->cgroup_fd = cs->procs;
	r->cgroup_dir = cs->dir;
	r->pgid_cell = cs->cell;
}

void contain_signal(const struct contain_slot *cs, pid_t pgid, int sig)
{
	if (cs->dir >= 0)
		(void)cgroup_signal(cs->dir, sig, pgid);
}
