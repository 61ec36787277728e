/* remote.c: running jobs on other hosts through ssh.
 *
 * Hosts come from -S/--sshlogin and --sshloginfile as [N/]HOST (HOST may
 * be "SSH-COMMAND OPTIONS... HOST"), ":" being this machine.  At open
 * parx starts an ssh master connection per remote host (sshconn.c) that
 * also tells the host's CPU count, and one more per MUX_SLOTS slots, so
 * that every job is a multiplexed session: one round trip.
 * PARX_SSH_NO_REUSE=1 turns the masters off (each job makes its own
 * connection).
 *
 * A job takes a host slot as it starts (the pool's job_start hook) and
 * gives it back when its try ends (job_ended).  A job whose ssh exits 255
 * while no live master vouches for its host could not reach it: the hook
 * tells the pool to run the job again elsewhere, and MAX_FAILS such
 * failures in a row set the host aside. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cpus.h"
#include "login.h"
#include "pool.h"
#include "remote.h"
#include "shell.h"
#include "sig.h"
#include "slurm.h"
#include "sshconn.h"
#include "transfer.h"

#define MUX_SLOTS 8	/* sessions per connection (sshd's MaxSessions: 10) */
#define MAX_FAILS 3	/* failed connections in a row that set a host aside */

struct host {
	char *name;		/* for ssh and the joblog; ":" for this machine */
	char **ssh;		/* transport words, NULL-terminated */
	size_t nssh;
	char *words;		/* storage behind ssh */
	int local;
	long given;		/* N/ slots, 0 none */
	size_t slots, busy;
	unsigned char *used;	/* per host slot: taken */
	int fails;		/* failed connections in a row */
	int aside;
	struct sshconn *conn;	/* one per MUX_SLOTS slots; [0] also probes */
	size_t nconn;
};

struct remote {
	const struct opts *o;
	struct host *h;
	size_t nh;
	int reuse;
	char *dir;		/* control sockets, NULL without reuse */
	const char *shell;	/* for jobs on ":" */
	struct transfer *x;
	struct slurm *sl;	/* --slurm: the hosts are its nodes */
	int warned;		/* "no host left" said */
	struct sbuf words;
	int ext;		/* index of its per-job state in job->ext */
};

/* ---- hosts ---- */

/* The hosts of the -S and --sshloginfile logins, their parse owned by
 * r from then on. */
static int hosts_from_logins(struct remote *r)
{
	struct logins ls = {0};
	size_t i;
	int rc = 0;

	for (i = 0; i < r->o->nsshlogins && rc == 0; i++)
		rc = login_add_list(&ls, r->o->ssh, "-S", r->o->sshlogins[i]);
	if (rc == 0 && r->o->sshloginfile)
		rc = login_read_file(&ls, r->o->ssh, r->o->sshloginfile);
	r->h = xcalloc(ls.n ? ls.n : 1, sizeof *r->h);
	for (i = 0; i < ls.n; i++) {
		struct host *h = &r->h[r->nh++];
		h->name = ls.v[i].name;
		h->ssh = ls.v[i].ssh;
		h->nssh = ls.v[i].nssh;
		h->words = ls.v[i].words;
		h->local = ls.v[i].local;
		h->given = ls.v[i].given;
	}
	free(ls.v);
	return rc;
}

/* Slots on a host with cpus CPUs: -j as written, resolved there. */
static size_t slots_for(const struct remote *r, long cpus)
{
	const char *s = r->o->jobs_arg;
	size_t n = s ? strlen(s) : 0;
	long v, k;

	if (!s || !n)
		return (size_t)cpus;
	v = strtol(s + (s[0] == '+' || s[0] == '-'), NULL, 10);
	if (s[n - 1] == '%')
		k = cpus * v / 100;
	else if (s[0] == '+')
		k = cpus + v;
	else if (s[0] == '-')
		k = cpus - v;
	else
		k = v ? v : cpus;	/* -j 0: the host's CPUs */
	return k < 1 ? 1 : (size_t)k;
}

/* Every connection of every host, for sshconn.c. */
static struct sshconn **all_conns(struct remote *r, size_t *n, int probing)
{
	struct sshconn **c = NULL;
	size_t i, g;

	*n = 0;
	for (i = 0; i < r->nh; i++)
		for (g = 0; g < r->h[i].nconn; g++) {
			if (probing && !r->h[i].conn[g].probing)
				continue;
			c = xreallocarray(c, *n + 1, sizeof *c);
			c[(*n)++] = &r->h[i].conn[g];
		}
	return c;
}

/* Start connection g of host hi. */
static void remote_conn_add(struct remote *r, size_t hi, size_t g)
{
	struct host *h = &r->h[hi];
	struct sshconn *c = &h->conn[g];

	memset(c, 0, sizeof *c);
	c->ssh = h->ssh;
	c->nssh = h->nssh;
	c->host = h->name;
	if (r->reuse) {
		c->path = xmalloc(strlen(r->dir) + 48);
		sprintf(c->path, "%s/%zu-%zu", r->dir, hi, g);
	}
	(void)sshconn_start(c, g == 0);
	h->nconn = g + 1;
}

/* Probe every remote host (starting the first masters), then size each
 * host and start the masters its slots need beyond the first. */
static void hosts_connect(struct remote *r)
{
	struct sshconn **c;
	size_t i, g, n;
	int sig;

	for (i = 0; i < r->nh; i++) {
		if (r->h[i].local)
			continue;
		r->h[i].conn = xcalloc(1, sizeof *r->h[i].conn);
		remote_conn_add(r, i, 0);
	}
	c = all_conns(r, &n, 1);
	sig = sshconn_probe_wait(c, n);
	free(c);
	if (sig) {
		/* interrupted before any job started: end here, tidily */
		remote_close(r);
		sig_reraise(sig);
	}
	for (i = 0; i < r->nh; i++) {
		struct host *h = &r->h[i];
		long cpus = h->local ? cpus_usable() : h->conn[0].cpus;
		size_t want;
		if (!h->local && !cpus)
			h->fails = 1;	/* counts as one failed connection */
		h->slots = h->given ? (size_t)h->given : slots_for(r, cpus ? cpus : 1);
		h->used = xcalloc(h->slots, 1);
		if (h->local || !r->reuse || h->conn[0].dead)
			continue;
		want = (h->slots + MUX_SLOTS - 1) / MUX_SLOTS;
		h->conn = xreallocarray(h->conn, want, sizeof *h->conn);
		for (g = 1; g < want; g++)
			remote_conn_add(r, i, g);
	}
}

/* --slurm: a host per node of the allocation, with the slots Slurm gives
 * it, --jobs lowering their sum. */
static int hosts_slurm(struct remote *r)
{
	size_t i, total;

	if (!(r->sl = slurm_open(r->o)))
		return -1;
	total = slurm_total(r->sl);
	if (r->o->jobs_arg && slots_for(r, (long)total) < total)
		slurm_limit(r->sl, slots_for(r, (long)total));
	r->nh = slurm_nnodes(r->sl);
	r->h = xcalloc(r->nh, sizeof *r->h);
	for (i = 0; i < r->nh; i++) {
		struct host *h = &r->h[i];
		h->name = xstrdup(slurm_node(r->sl, i));
		h->slots = slurm_node_slots(r->sl, i);
		h->given = (long)h->slots;
		h->used = xcalloc(h->slots ? h->slots : 1, 1);
	}
	return 0;
}

/* ---- the interface ---- */

struct remote *remote_open(const struct opts *o)
{
	struct remote *r = xcalloc(1, sizeof *r);
	const char *nr = getenv("PARX_SSH_NO_REUSE");
	size_t i, nremote = 0;

	r->o = o;
	r->shell = shell_find(NULL);
	if (o->slurm) {
		if (hosts_slurm(r) < 0)
			goto fail;
		return r;
	}
	if (hosts_from_logins(r) < 0)
		goto fail;
	if (r->nh == 0) {
		warnx_("--sshlogin: no hosts given");
		goto fail;
	}
	r->x = transfer_new(o);
	for (i = 0; i < r->nh; i++)
		nremote += !r->h[i].local;
	r->reuse = nremote && !(nr && *nr && strcmp(nr, "0") != 0);
	if (r->reuse && !(r->dir = sshconn_dir()))
		r->reuse = 0;
	hosts_connect(r);
	return r;
fail:
	remote_close(r);
	return NULL;
}

size_t remote_slots(const struct remote *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nh; i++)
		n += r->h[i].slots;
	return n ? n : 1;
}

/* Where a job runs: host h, its host slot k. */
struct rjob {
	size_t h, k;
};

/* Free j's host slot; j->host stays for the joblog. */
static void release(struct remote *r, struct job *j)
{
	struct rjob *rj = j->ext[r->ext];

	if (!rj)
		return;
	r->h[rj->h].used[rj->k] = 0;
	r->h[rj->h].busy--;
	free(rj);
	j->ext[r->ext] = NULL;
}

/* a is the better place for the next job: fewer failed connections, then
 * the smaller share of its slots busy. */
static int better(const struct host *a, const struct host *b)
{
	if (a->fails != b->fails)
		return a->fails < b->fails;
	return a->busy * b->slots < b->busy * a->slots;
}

/* Some host is not set aside. */
static int usable(const struct remote *r)
{
	size_t i;

	for (i = 0; i < r->nh; i++)
		if (!r->h[i].aside)
			return 1;
	return 0;
}

/* Some usable host has a free slot (or no usable host is left, and the
 * job will fail to find one). */
static int can_start(void *ctx)
{
	const struct remote *r = ctx;
	size_t i;
	int usable = 0;

	for (i = 0; i < r->nh; i++) {
		if (r->h[i].aside)
			continue;
		usable = 1;
		if (r->h[i].busy < r->h[i].slots)
			return 1;
	}
	return !usable;	/* nowhere to go: let the job fail */
}

/* Pick a host with a free slot for j; a remote one gives j a stdin that
 * stays open (held, never written) until it is reaped. */
static int pick(void *ctx, struct job *j)
{
	struct remote *r = ctx;
	struct rjob *rj;
	struct host *h;
	size_t i, k, best = (size_t)-1;

	release(r, j);
	for (i = 0; i < r->nh; i++) {
		h = &r->h[i];
		if (h->aside || h->busy >= h->slots)
			continue;
		if (best == (size_t)-1 || better(h, &r->h[best]))
			best = i;
	}
	if (best == (size_t)-1) {
		if (can_start(r) && !r->warned) {
			r->warned = 1;
			warnx_("no host left to run jobs on");
		}
		j->fail = JF_SPAWN;
		return HOOK_FAIL;
	}
	h = &r->h[best];
	for (k = 0; h->used[k]; k++)
		;
	h->used[k] = 1;
	h->busy++;
	rj = xmalloc(sizeof *rj);
	rj->h = best;
	rj->k = k;
	j->ext[r->ext] = rj;
	j->host = h->name;
	/* srun gets what a local job gets: it passes it on to the step */
	if (!h->local && !r->sl)
		j->in = JOB_IN_HOLD;
	return HOOK_GO;
}

/* The connection j's host slot uses, or NULL. */
static struct sshconn *job_conn(struct remote *r, const struct rjob *rj)
{
	struct host *h = &r->h[rj->h];
	size_t g = rj->k / MUX_SLOTS;

	return r->reuse && g < h->nconn ? &h->conn[g] : NULL;
}

/* The local argv that runs script on j's host. */
static int wrap(void *ctx, struct job *j, const char *script,
		struct sbuf *argv_words, size_t *nwords)
{
	struct remote *r = ctx;
	const struct rjob *rj = j->ext[r->ext];
	struct host *h;
	size_t n;

	if (!rj) {
		errno = EINVAL;
		return -1;
	}
	h = &r->h[rj->h];
	if (r->sl) {
		*nwords = slurm_words(r->sl, rj->h, j->seq, r->shell, script,
				      argv_words);
		return 0;
	}
	if (h->local) {
		sbuf_adds(argv_words, r->shell);
		sbuf_addc(argv_words, '\0');
		sbuf_adds(argv_words, "-c");
		sbuf_addc(argv_words, '\0');
		sbuf_adds(argv_words, script ? script : "");
		sbuf_addc(argv_words, '\0');
		*nwords = 3;
		return 0;
	}
	sbuf_reset(&r->words);
	n = sshconn_job_words(job_conn(r, rj), h->ssh, h->nssh, h->name, &r->words);
	*nwords = transfer_argv(r->x, j, script, &r->words, n, argv_words);
	return 0;
}

/* The job ended: free its host slot; 1 if it should be retried on another
 * host (the connection failed), else 0. */
static int done(void *ctx, struct job *j)
{
	struct remote *r = ctx;
	const struct rjob *rj = j->ext[r->ext];
	struct host *h;
	struct sshconn *c;
	int e;

	if (!rj)
		return 0;
	h = &r->h[rj->h];
	c = h->local ? NULL : job_conn(r, rj);
	release(r, j);
	if (h->local || (e = job_own_exit(j)) < 0)
		return 0;
	if (e != 255 || sshconn_alive(c)) {
		/* the host answered (a live master vouches for a 255) */
		h->fails = 0;
		return 0;
	}
	if (++h->fails >= MAX_FAILS && !h->aside) {
		h->aside = 1;
		warnx_("%s: set aside after %d %s", h->name, h->fails,
		       r->sl ? "steps that could not start" :
		       "failed connections");
		/* no node left to try: the job ends here with srun's word */
		if (r->sl && !usable(r))
			return 0;
	}
	return 1;
}

static void forget(void *ctx, struct job *j)
{
	release(ctx, j);
}

static void close_hook(void *ctx)
{
	remote_close(ctx);
}

void remote_attach(struct remote *r, struct pool *p)
{
	struct hook h = { .ctx = r, .name = "--sshlogin",
			  .can_start = can_start, .job_start = pick,
			  .job_wrap = wrap, .job_ended = done,
			  .job_forget = forget, .close = close_hook };

	r->ext = pool_hook_add(p, &h);
}

void remote_close(struct remote *r)
{
	struct sshconn **c;
	size_t i, n;

	if (!r)
		return;
	c = all_conns(r, &n, 0);
	sshconn_close_all(c, n);
	free(c);
	for (i = 0; i < r->nh; i++) {
		free(r->h[i].conn);
		free(r->h[i].used);
		free(r->h[i].ssh);
		free(r->h[i].words);
		free(r->h[i].name);
	}
	if (r->dir && rmdir(r->dir) < 0)
		warn_("cannot remove %s", r->dir);
	free(r->dir);
	free(r->h);
	transfer_free(r->x);
	slurm_close(r->sl);
	sbuf_free(&r->words);
	free(r);
}
