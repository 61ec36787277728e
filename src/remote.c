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
#include "hostlist.h"
#include "pool.h"
#include "remote.h"
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
	struct xfer *x;
	struct slurm *sl;	/* --slurm: the hosts are its nodes */
	int warned;		/* "no host left" said */
	struct sbuf words;
	int ext;		/* index of its per-job state in job->ext */
};

/* ---- hosts ---- */

/* Split s at blanks into a NULL-terminated word array backed by *store. */
static char **split_words(const char *s, char **store, size_t *n)
{
	char **w, *p;
	size_t cap = 4;

	*store = p = xstrdup(s);
	w = xcalloc(cap + 1, sizeof *w);
	*n = 0;
	for (;;) {
		p += strspn(p, " \t\n");
		if (!*p)
			break;
		if (*n == cap) {
			cap *= 2;
			w = xreallocarray(w, cap + 1, sizeof *w);
		}
		w[(*n)++] = p;
		p += strcspn(p, " \t\n");
		if (*p)
			*p++ = '\0';
	}
	w[*n] = NULL;
	return w;
}

/* Add one host: HOST or SSH-COMMAND... HOST (s), n slots (0: as found). */
static int host_add_one(struct remote *r, const char *what, const char *s,
			long n)
{
	struct host *h;
	size_t nw;
	char **w, *store;

	w = split_words(s, &store, &nw);
	if (nw == 0) {
		free(w);
		free(store);
		warnx_("%s %s: no host named", what, s);
		return -1;
	}
	r->h = xreallocarray(r->h, r->nh + 1, sizeof *r->h);
	h = &r->h[r->nh++];
	memset(h, 0, sizeof *h);
	h->given = n;
	h->name = xstrdup(w[nw - 1]);
	h->local = strcmp(h->name, ":") == 0;
	if (nw > 1) {
		/* the login names its own transport */
		w[nw - 1] = NULL;
		h->ssh = w;
		h->nssh = nw - 1;
		h->words = store;
	} else {
		free(w);
		free(store);
		h->ssh = split_words(r->o->ssh && *r->o->ssh ? r->o->ssh : "ssh",
				     &h->words, &h->nssh);
		if (h->nssh == 0) {
			warnx_("--ssh: no command given");
			return -1;
		}
	}
	return 0;
}

/* Add one login: [N/]HOST or [N/]SSH-COMMAND... HOST, HOST possibly a
 * Slurm host list (node[01-04]) that stands for several hosts.  what
 * names where the login came from, for messages. */
static int host_add(struct remote *r, const char *what, const char *login)
{
	const char *s = login + strspn(login, " \t"), *d = s, *last, *why;
	struct sbuf names = {0}, one = {0};
	size_t len, i, k;
	long n = 0;
	int rc = 0;

	while (*d >= '0' && *d <= '9' && n < 1000000)
		n = n * 10 + (*d++ - '0');
	if (d > s && *d == '/') {
		if (n < 1) {
			warnx_("%s %s: the slot count must be at least 1", what,
			       login);
			return -1;
		}
		s = d + 1;
	} else {
		n = 0;
	}
	len = strlen(s);
	while (len && strchr(" \t\n", s[len - 1]))
		len--;
	for (last = s + len; last > s && !strchr(" \t", last[-1]); last--)
		;
	if (!memchr(last, '[', len - (size_t)(last - s)) &&
	    !memchr(last, ']', len - (size_t)(last - s)))
		return host_add_one(r, what, s, n);
	if (hostlist_expand(last, len - (size_t)(last - s), &names, &k,
			    &why) < 0) {
		warnx_("%s %s: bad host list: %s", what, login, why);
		return -1;
	}
	for (i = 0, d = names.buf; i < k && rc == 0; i++, d += strlen(d) + 1) {
		sbuf_reset(&one);
		sbuf_add(&one, s, (size_t)(last - s));
		sbuf_adds(&one, d);
		rc = host_add_one(r, what, one.buf, n);
	}
	sbuf_free(&names);
	sbuf_free(&one);
	return rc;
}

/* Add the logins of one list, separated by commas outside brackets. */
static int hosts_add_list(struct remote *r, const char *what, const char *list)
{
	char *copy = xstrdup(list), *p = copy;
	int rc = 0;

	while (rc == 0) {
		size_t n = hostlist_span(p);
		int end = p[n] == '\0';
		p[n] = '\0';
		if (p[strspn(p, " \t")])
			rc = host_add(r, what, p);
		if (end)
			break;
		p += n + 1;
	}
	free(copy);
	return rc;
}

/* --sshloginfile: one list of logins per line (as -S takes), blank lines
 * and # comments skipped; "-" is the standard input, such as the output
 * of scontrol show hostnames. */
static int hosts_read_file(struct remote *r, const char *file)
{
	int std = strcmp(file, "-") == 0;
	FILE *f = std ? stdin : fopen(file, "re");
	struct sbuf what = {0};
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	if (!f) {
		warn_("--sshloginfile %s", file);
		return -1;
	}
	sbuf_addf(&what, "--sshloginfile %s:", file);
	while (rc == 0 && getline(&line, &cap, f) >= 0) {
		char *s = line + strspn(line, " \t");
		s[strcspn(s, "#\r\n")] = '\0';
		if (s[strspn(s, " \t")])
			rc = hosts_add_list(r, what.buf, s);
	}
	if (rc == 0 && ferror(f)) {
		warn_("--sshloginfile %s", file);
		rc = -1;
	}
	free(line);
	sbuf_free(&what);
	if (!std)
		fclose(f);
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
static void conn_add(struct remote *r, size_t hi, size_t g)
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
	(void)conn_start(c, g == 0);
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
		conn_add(r, i, 0);
	}
	c = all_conns(r, &n, 1);
	sig = conn_probe_wait(c, n);
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
			conn_add(r, i, g);
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
	r->shell = user_shell();
	if (o->slurm) {
		if (hosts_slurm(r) < 0)
			goto fail;
		return r;
	}
	for (i = 0; i < o->nsshlogins; i++)
		if (hosts_add_list(r, "-S", o->sshlogins[i]) < 0)
			goto fail;
	if (o->sshloginfile && hosts_read_file(r, o->sshloginfile) < 0)
		goto fail;
	if (r->nh == 0) {
		warnx_("--sshlogin: no hosts given");
		goto fail;
	}
	r->x = xfer_new(o);
	for (i = 0; i < r->nh; i++)
		nremote += !r->h[i].local;
	r->reuse = nremote && !(nr && *nr && strcmp(nr, "0") != 0);
	if (r->reuse && !(r->dir = conn_dir()))
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
	n = conn_job_words(job_conn(r, rj), h->ssh, h->nssh, h->name, &r->words);
	*nwords = xfer_argv(r->x, j, script, &r->words, n, argv_words);
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
	if (e != 255 || conn_alive(c)) {
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
	conn_close_all(c, n);
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
	xfer_free(r->x);
	slurm_close(r->sl);
	sbuf_free(&r->words);
	free(r);
}
