/* remote.c: running jobs on other hosts through ssh.
 *
 * Hosts come from -S/--sshlogin and --sshloginfile as [N/]HOST (HOST may
 * be "ssh-command options... host"), ":" being this machine.  At open parx
 * starts, per remote host, an ssh master connection (ControlMaster, its
 * socket in a private 0700 directory) whose session prints the host's CPU
 * count and then waits on a pipe from parx; a host with more slots than
 * one connection carries sessions gets one more master per MUX_SLOTS
 * slots.  Every job is then a multiplexed session: one round trip.  The
 * masters are parx's children with a parent-death signal; at close they
 * get "ssh -O exit" and the directory goes.  PARX_SSH_NO_REUSE=1 turns the
 * masters off (each job makes its own connection).
 *
 * A job whose ssh exits 255 while no live master vouches for its host
 * could not reach it: remote_done() tells the pool to run the job
 * elsewhere, and MAX_FAILS such failures in a row set the host aside. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pool.h"
#include "remote.h"
#include "sig.h"
#include "spawn.h"
#include "transfer.h"

#define MUX_SLOTS 8	/* sessions per connection (sshd's MaxSessions: 10) */
#define MAX_FAILS 3	/* failed connections in a row that set a host aside */
#define CLOSE_WAIT 3.0	/* seconds a master gets to exit at close */

extern char **environ;

struct master {
	pid_t pid;		/* 0: none */
	int in;			/* write end of its stdin, held open; -1 none */
	int out;		/* read end of its stdout: EOF when it dies */
	int dead;
	char *path;		/* control socket */
};

struct host {
	char *name;		/* for ssh and the joblog; ":" for this machine */
	char **ssh;		/* transport words */
	size_t nssh;
	char *words;		/* storage behind ssh */
	int local;
	long given;		/* N/ slots, 0 none */
	long cpus;		/* from the probe, 0 unknown */
	size_t slots, busy;
	unsigned char *used;	/* per host slot: taken */
	int fails;		/* failed connections in a row */
	int aside;
	struct master *m;	/* one per MUX_SLOTS slots (reuse only) */
	size_t nm;
	struct sbuf probe;	/* the probe's output so far */
	int probing;
};

struct remote {
	const struct opts *o;
	struct host *h;
	size_t nh;
	int reuse;
	char *dir;		/* control sockets, NULL without reuse */
	const char *shell;	/* for jobs on ":" */
	struct xfer *x;
	int warned;		/* "no host left" said */
	struct sbuf words, path;
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

/* Add one login: [N/]HOST or [N/]SSH-COMMAND... HOST. */
static int host_add(struct remote *r, const char *login)
{
	struct host *h;
	const char *s = login + strspn(login, " \t"), *d = s;
	long n = 0;
	size_t nw;
	char **w, *store;

	while (*d >= '0' && *d <= '9' && n < 1000000)
		n = n * 10 + (*d++ - '0');
	if (d > s && *d == '/') {
		if (n < 1) {
			warnx_("-S %s: the slot count must be at least 1", login);
			return -1;
		}
		s = d + 1;
	} else {
		n = 0;
	}
	w = split_words(s, &store, &nw);
	if (nw == 0) {
		free(w);
		free(store);
		warnx_("-S %s: no host named", login);
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

/* Add the comma-separated logins of one -S value. */
static int hosts_add_list(struct remote *r, const char *list)
{
	char *copy = xstrdup(list), *p, *save = NULL;
	int rc = 0;

	for (p = strtok_r(copy, ",", &save); p && rc == 0;
	     p = strtok_r(NULL, ",", &save))
		if (p[strspn(p, " \t")])
			rc = host_add(r, p);
	free(copy);
	return rc;
}

/* --sshloginfile: one login per line; blank lines and # comments skipped. */
static int hosts_read_file(struct remote *r, const char *file)
{
	FILE *f = fopen(file, "re");
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	if (!f) {
		warn_("--sshloginfile %s", file);
		return -1;
	}
	while (rc == 0 && getline(&line, &cap, f) >= 0) {
		char *s = line + strspn(line, " \t");
		s[strcspn(s, "#\r\n")] = '\0';
		if (s[strspn(s, " \t")])
			rc = host_add(r, s);
	}
	free(line);
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

/* ---- ssh processes ---- */

static void word(struct sbuf *b, size_t *n, const char *s)
{
	sbuf_adds(b, s);
	sbuf_addc(b, '\0');
	(*n)++;
}

/* The transport words of h into r->words; returns their count. */
static size_t ssh_words(struct remote *r, const struct host *h)
{
	size_t i, n = 0;

	sbuf_reset(&r->words);
	for (i = 0; i < h->nssh; i++)
		word(&r->words, &n, h->ssh[i]);
	return n;
}

/* Spawn the nw words of r->words.  stdin: a pipe whose write end goes to
 * *in, or /dev/null; stdout: a pipe whose read end goes to *out, or
 * /dev/null; stderr: parx's, or /dev/null when quiet.  Returns the pid or
 * -1. */
static pid_t ssh_spawn(struct remote *r, size_t nw, int *in, int *out,
		       int quiet)
{
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, null = -1;
	struct spawn_req req;
	char **argv = xcalloc(nw + 1, sizeof *argv), *s = r->words.buf;
	pid_t pid = -1;
	size_t i;

	for (i = 0; i < nw; i++, s += strlen(s) + 1)
		argv[i] = s;
	if (spawn_resolve(argv[0], &r->path) < 0) {
		warnx_("%s: %s", argv[0], errno == EACCES ? "permission denied" :
		       "command not found");
		free(argv);
		return -1;
	}
	if ((!out || quiet) && (null = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0)
		goto out;
	if ((in && pipe2(pin, O_CLOEXEC) < 0) || (out && pipe2(pout, O_CLOEXEC) < 0))
		goto out;
	memset(&req, 0, sizeof req);
	req.path = r->path.buf;
	req.argv = argv;
	req.envp = environ;
	req.in = pin[0];
	req.out = out ? pout[1] : null;
	req.err = quiet ? null : -1;
	pid = spawn_job(&req);
out:
	if (pid < 0 && !quiet)
		warn_("cannot start %s", argv[0]);
	if (null >= 0)
		close(null);
	if (pin[0] >= 0)
		close(pin[0]);
	if (pout[1] >= 0)
		close(pout[1]);
	if (pid < 0) {
		if (pin[1] >= 0)
			close(pin[1]);
		if (pout[0] >= 0)
			close(pout[0]);
	} else {
		if (in)
			*in = pin[1];
		if (out) {
			*out = pout[0];
			fd_nonblock(pout[0]);
		}
	}
	free(argv);
	return pid;
}

/* The probe: print the CPU count, then (as a master's session) wait for
 * parx to close the pipe. */
static void add_probe(struct sbuf *b, size_t *n, int wait)
{
	struct sbuf s = {0};

	sbuf_adds(&s, "printf 'parx-ncpu %s\\n' \"$(nproc 2>/dev/null || "
		  "getconf _NPROCESSORS_ONLN 2>/dev/null || "
		  "sysctl -n hw.ncpu 2>/dev/null || echo 1)\"");
	if (wait)
		sbuf_adds(&s, "\nexec cat >/dev/null");
	sbuf_adds(b, "exec sh -c ");
	shell_quote(b, s.buf, s.len);
	sbuf_addc(b, '\0');
	(*n)++;
	sbuf_free(&s);
}

/* Start master g of host hi (g == 0 also probes), or without reuse the
 * plain probe. */
static int master_start(struct remote *r, size_t hi, size_t g)
{
	struct host *h = &r->h[hi];
	struct master *m = &h->m[g];
	size_t n = ssh_words(r, h);

	m->in = m->out = -1;
	word(&r->words, &n, "-T");
	word(&r->words, &n, "-o");
	if (r->reuse) {
		struct sbuf opt = {0};
		m->path = xmalloc(strlen(r->dir) + 48);
		sprintf(m->path, "%s/%zu-%zu", r->dir, hi, g);
		word(&r->words, &n, "ControlMaster=yes");
		word(&r->words, &n, "-o");
		word(&r->words, &n, "ControlPersist=no");
		word(&r->words, &n, "-o");
		sbuf_addf(&opt, "ControlPath=%s", m->path);
		word(&r->words, &n, opt.buf);
		sbuf_free(&opt);
		if (g > 0)
			word(&r->words, &n, "-N");
	} else {
		word(&r->words, &n, "ControlMaster=no");
		word(&r->words, &n, "-o");
		word(&r->words, &n, "ControlPath=none");
	}
	word(&r->words, &n, h->name);
	if (g == 0)
		add_probe(&r->words, &n, r->reuse);
	m->pid = ssh_spawn(r, n, r->reuse ? &m->in : NULL, &m->out, 0);
	if (m->pid < 0) {
		m->pid = 0;
		m->dead = 1;
		return -1;
	}
	return 0;
}

/* A line "parx-ncpu N" in the probe's output: N, else 0. */
static long probe_parse(const struct sbuf *b)
{
	const char *p = b->buf;

	while (p && (p = strstr(p, "parx-ncpu ")) != NULL) {
		if (p == b->buf || p[-1] == '\n') {
			char *end;
			long v = strtol(p + 10, &end, 10);
			if (*end == '\n')
				return v > 0 ? v : 1;
			if (!*end)
				return 0;	/* not all there yet */
		}
		p += 10;
	}
	return 0;
}

/* The probe of h is over: it answered, failed, or was cut short. */
static void probe_end(struct remote *r, struct host *h, int cut)
{
	struct master *m = &h->m[0];

	h->probing = 0;
	if (cut && m->pid > 0)
		kill(-m->pid, SIGTERM);
	if (!h->cpus) {
		h->fails = 1;	/* counts as one failed connection */
		m->dead = 1;
	}
	if (!r->reuse || m->dead) {
		int st;
		if (m->out >= 0)
			close(m->out);
		if (m->in >= 0)
			close(m->in);
		m->out = m->in = -1;
		if (m->pid > 0)
			while (waitpid(m->pid, &st, 0) < 0 && errno == EINTR)
				;
		m->pid = 0;
		m->dead = 1;
	}
}

/* Read what the probe of h has printed. */
static void probe_read(struct remote *r, struct host *h)
{
	char buf[512];
	ssize_t n;

	for (;;) {
		n = read(h->m[0].out, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0 || h->probe.len > 65536)
			break;
		sbuf_add(&h->probe, buf, (size_t)n);
		if ((h->cpus = probe_parse(&h->probe)) > 0)
			break;
	}
	probe_end(r, h, 0);
}

/* Wait for every probe.  Signals that arrive meanwhile are raised again
 * afterwards for the pool; SIGINT, SIGTERM, SIGHUP or SIGQUIT cut the
 * probes short. */
static void probe_wait(struct remote *r)
{
	struct pollfd *pfd = xcalloc(r->nh + 1, sizeof *pfd);
	size_t *who = xcalloc(r->nh + 1, sizeof *who), i, n;
	int sigs[16], nsigs = 0, cut = 0, s, k;

	for (;;) {
		n = 0;
		pfd[n++] = (struct pollfd){ .fd = sig_fd(), .events = POLLIN };
		for (i = 0; i < r->nh; i++)
			if (r->h[i].probing) {
				who[n] = i;
				pfd[n++] = (struct pollfd){ .fd = r->h[i].m[0].out,
							    .events = POLLIN };
			}
		if (n == 1)
			break;
		if (cut) {
			for (i = 1; i < n; i++)
				probe_end(r, &r->h[who[i]], 1);
			continue;
		}
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			cut = 1;
			continue;
		}
		for (i = 1; i < n; i++)
			if (pfd[i].revents)
				probe_read(r, &r->h[who[i]]);
		if (pfd[0].revents) {
			while ((s = sig_next()) != 0) {
				for (k = 0; k < nsigs && sigs[k] != s; k++)
					;
				if (k == nsigs && nsigs < 16)
					sigs[nsigs++] = s;
				if (s == SIGINT || s == SIGTERM || s == SIGHUP ||
				    s == SIGQUIT)
					cut = 1;
			}
		}
	}
	for (k = 0; k < nsigs; k++)
		raise(sigs[k]);
	free(pfd);
	free(who);
}

/* A master still serves its connection. */
static int master_alive(struct master *m)
{
	struct pollfd pfd = { .fd = m->out, .events = POLLIN };
	char buf[256];

	if (m->dead || m->pid <= 0 || m->out < 0)
		return 0;
	while (poll(&pfd, 1, 0) > 0) {
		ssize_t n = read(m->out, buf, sizeof buf);
		if (n > 0 || (n < 0 && errno == EINTR))
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		m->dead = 1;
		return 0;
	}
	return 1;
}

/* The private directory for control sockets; NULL: do without reuse. */
static char *sock_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *d;

	/* a socket path must fit sockaddr_un, with room for ssh's suffix */
	if (!tmp || !*tmp || strlen(tmp) > 60)
		tmp = "/tmp";
	d = xmalloc(strlen(tmp) + 32);
	sprintf(d, "%s/parx-ssh.XXXXXX", tmp);
	if (!mkdtemp(d)) {
		warn_("cannot make a directory for ssh connections in %s; "
		      "not reusing connections", tmp);
		free(d);
		return NULL;
	}
	return d;
}

/* ---- the interface ---- */

struct remote *remote_open(const struct opts *o)
{
	struct remote *r = xcalloc(1, sizeof *r);
	const char *nr = getenv("PARX_SSH_NO_REUSE");
	size_t i, g, nremote = 0;

	r->o = o;
	r->shell = getenv("PARX_SHELL");
	if (!r->shell || !*r->shell)
		r->shell = "/bin/sh";
	for (i = 0; i < o->nsshlogins; i++)
		if (hosts_add_list(r, o->sshlogins[i]) < 0)
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
	if (r->reuse && !(r->dir = sock_dir()))
		r->reuse = 0;
	for (i = 0; i < r->nh; i++) {
		struct host *h = &r->h[i];
		if (h->local)
			continue;
		h->m = xcalloc(1, sizeof *h->m);
		h->nm = 1;
		if (master_start(r, i, 0) == 0)
			h->probing = 1;
		else
			probe_end(r, h, 0);
	}
	probe_wait(r);
	for (i = 0; i < r->nh; i++) {
		struct host *h = &r->h[i];
		size_t want;
		h->slots = h->given ? (size_t)h->given :
			   slots_for(r, h->local ? pool_cpus() : h->cpus ? h->cpus : 1);
		h->used = xcalloc(h->slots, 1);
		if (h->local || !r->reuse || h->m[0].dead)
			continue;
		want = (h->slots + MUX_SLOTS - 1) / MUX_SLOTS;
		h->m = xreallocarray(h->m, want, sizeof *h->m);
		memset(h->m + 1, 0, (want - 1) * sizeof *h->m);
		for (g = 1; g < want; g++, h->nm++)
			master_start(r, i, g);
	}
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

/* Free j's host slot; j->host stays for the joblog. */
static void release(struct remote *r, struct job *j)
{
	struct host *h;
	size_t k;

	if (j->host < 0 || !j->remote)
		return;
	h = &r->h[j->host];
	k = (size_t)(uintptr_t)j->remote - 1;
	h->used[k] = 0;
	h->busy--;
	j->remote = NULL;
}

/* a is the better place for the next job: fewer failed connections, then
 * the smaller share of its slots busy. */
static int better(const struct host *a, const struct host *b)
{
	if (a->fails != b->fails)
		return a->fails < b->fails;
	return a->busy * b->slots < b->busy * a->slots;
}

int remote_can_start(const struct remote *r)
{
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

int remote_pick(struct remote *r, struct job *j)
{
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
		if (remote_can_start(r) && !r->warned) {
			r->warned = 1;
			warnx_("no host left to run jobs on");
		}
		errno = EAGAIN;
		return -1;
	}
	h = &r->h[best];
	for (k = 0; h->used[k]; k++)
		;
	h->used[k] = 1;
	h->busy++;
	j->host = (int)best;
	j->remote = (void *)(uintptr_t)(k + 1);	/* host slot k, 1-based */
	return 0;
}

int remote_wants_stdin(const struct remote *r, const struct job *j)
{
	return j->host >= 0 && !r->h[j->host].local;
}

int remote_wrap(struct remote *r, struct job *j, const char *script,
		struct sbuf *argv_words, size_t *nwords)
{
	struct host *h;
	struct master *m = NULL;
	size_t n, g;

	if (j->host < 0 || !j->remote) {
		errno = EINVAL;
		return -1;
	}
	h = &r->h[j->host];
	if (h->local) {
		n = 0;
		word(argv_words, &n, r->shell);
		word(argv_words, &n, "-c");
		word(argv_words, &n, script ? script : "");
		*nwords = n;
		return 0;
	}
	g = ((size_t)(uintptr_t)j->remote - 1) / MUX_SLOTS;
	if (r->reuse && g < h->nm && master_alive(&h->m[g]))
		m = &h->m[g];
	n = ssh_words(r, h);
	word(&r->words, &n, "-T");
	word(&r->words, &n, "-o");
	word(&r->words, &n, "ControlMaster=no");
	word(&r->words, &n, "-o");
	if (m) {
		sbuf_adds(&r->words, "ControlPath=");
		word(&r->words, &n, m->path);
	} else {
		word(&r->words, &n, "ControlPath=none");
	}
	word(&r->words, &n, h->name);
	*nwords = xfer_argv(r->x, j, script, &r->words, n, argv_words);
	return 0;
}

int remote_done(struct remote *r, struct job *j)
{
	struct host *h;
	size_t g;

	if (j->host < 0 || !j->remote)
		return 0;
	h = &r->h[j->host];
	g = ((size_t)(uintptr_t)j->remote - 1) / MUX_SLOTS;
	release(r, j);
	if (h->local || j->fail != JF_NONE || j->pid <= 0 || j->timed_out ||
	    j->term_step)
		return 0;
	if (!WIFEXITED(j->status) || WEXITSTATUS(j->status) != 255 ||
	    (r->reuse && g < h->nm && master_alive(&h->m[g]))) {
		/* the host answered (a live master vouches for a 255) */
		h->fails = 0;
		return 0;
	}
	if (++h->fails >= MAX_FAILS && !h->aside) {
		h->aside = 1;
		warnx_("%s: set aside after %d failed connections", h->name,
		       h->fails);
	}
	return 1;
}

const char *remote_host_name(const struct remote *r, int host)
{
	return host >= 0 && (size_t)host < r->nh ? r->h[host].name : ":";
}

/* Wait up to CLOSE_WAIT seconds for pid, then kill it. */
static void reap_within(pid_t pid, double until)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int st;

	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w != 0 && !(w < 0 && errno == EINTR))
			return;	/* reaped, or already reaped by the pool */
		if (now_mono() >= until) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			return;
		}
		nanosleep(&ts, NULL);
	}
}

/* Ask every live master to exit ("ssh -O exit"), all at once. */
static void masters_exit(struct remote *r)
{
	pid_t *ex = NULL;
	size_t i, g, n, nex = 0;
	int st;

	for (i = 0; i < r->nh; i++) {
		struct host *h = &r->h[i];
		for (g = 0; g < h->nm; g++) {
			struct master *m = &h->m[g];
			pid_t pid;
			if (!master_alive(m))
				continue;
			n = ssh_words(r, h);
			word(&r->words, &n, "-o");
			sbuf_adds(&r->words, "ControlPath=");
			word(&r->words, &n, m->path);
			word(&r->words, &n, "-O");
			word(&r->words, &n, "exit");
			word(&r->words, &n, h->name);
			if ((pid = ssh_spawn(r, n, NULL, NULL, 1)) > 0) {
				ex = xreallocarray(ex, nex + 1, sizeof *ex);
				ex[nex++] = pid;
			}
		}
	}
	for (i = 0; i < nex; i++)
		while (waitpid(ex[i], &st, 0) < 0 && errno == EINTR)
			;
	free(ex);
}

void remote_close(struct remote *r)
{
	double until = now_mono() + CLOSE_WAIT;
	size_t i, g;

	if (!r)
		return;
	masters_exit(r);
	for (i = 0; i < r->nh; i++) {
		struct host *h = &r->h[i];
		for (g = 0; g < h->nm; g++) {
			struct master *m = &h->m[g];
			if (m->in >= 0)
				close(m->in);	/* its session's cat ends */
			if (m->out >= 0)
				close(m->out);
			if (m->pid > 0)
				reap_within(m->pid, until);
			if (m->path)
				(void)unlink(m->path);
			free(m->path);
		}
		free(h->m);
		free(h->used);
		free(h->ssh);
		free(h->words);
		free(h->name);
		sbuf_free(&h->probe);
	}
	if (r->dir && rmdir(r->dir) < 0)
		warn_("cannot remove %s", r->dir);
	free(r->dir);
	free(r->h);
	xfer_free(r->x);
	sbuf_free(&r->words);
	sbuf_free(&r->path);
	free(r);
}
