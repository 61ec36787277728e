/* sshconn.c: ssh master connections and host probes (see sshconn.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sig.h"
#include "spawn.h"
#include "sshconn.h"

#define CLOSE_WAIT 3.0	/* seconds masters get to exit at close */

extern char **environ;

static void word(struct sbuf *b, size_t *n, const char *s)
{
	sbuf_adds(b, s);
	sbuf_addc(b, '\0');
	(*n)++;
}

static size_t transport(struct sbuf *b, char *const *ssh, size_t nssh)
{
	size_t i, n = 0;

	for (i = 0; i < nssh; i++)
		word(b, &n, ssh[i]);
	return n;
}

/* Spawn the nw words of argv.  stdin: a pipe whose write end goes to *in,
 * or /dev/null; stdout: a pipe whose read end goes to *out, or /dev/null;
 * stderr: parx's, or /dev/null when quiet.  Returns the pid or -1. */
static pid_t ssh_spawn(const struct sbuf *words, size_t nw, int *in, int *out,
		       int quiet)
{
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, null = -1;
	struct sbuf path = {0};
	struct spawn_req req;
	char **argv = xcalloc(nw + 1, sizeof *argv), *s = words->buf;
	pid_t pid = -1;
	size_t i;

	for (i = 0; i < nw; i++, s += strlen(s) + 1)
		argv[i] = s;
	if (spawn_resolve(argv[0], &path) < 0) {
		warnx_("%s: %s", argv[0], spawn_strerror(NULL, errno));
		goto out;
	}
	if ((!out || quiet) && (null = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0)
		goto out;
	if ((in && pipe2(pin, O_CLOEXEC) < 0) || (out && pipe2(pout, O_CLOEXEC) < 0))
		goto out;
	memset(&req, 0, sizeof req);
	req.path = path.buf;
	req.argv = argv;
	req.envp = environ;
	req.in = pin[0];
	req.out = out ? pout[1] : null;
	req.err = quiet ? null : -1;
	if ((pid = spawn_job(&req)) < 0 && !quiet) {
		if (errno == EAGAIN || errno == ENOMEM)
			warn_("cannot start %s", argv[0]);
		else
			warnx_("%s: %s", argv[0],
			       spawn_strerror(path.buf, errno));
	}
out:
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
	sbuf_free(&path);
	free(argv);
	return pid;
}

/* The probe: print the CPU count; as a master's session, then wait for
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

int sshconn_start(struct sshconn *c, int probe)
{
	struct sbuf w = {0};
	size_t n = transport(&w, c->ssh, c->nssh);

	c->in = c->out = -1;
	word(&w, &n, "-T");
	word(&w, &n, "-o");
	if (c->path) {
		word(&w, &n, "ControlMaster=yes");
		word(&w, &n, "-o");
		word(&w, &n, "ControlPersist=no");
		word(&w, &n, "-o");
		sbuf_adds(&w, "ControlPath=");
		word(&w, &n, c->path);
		if (!probe)
			word(&w, &n, "-N");
	} else {
		word(&w, &n, "ControlMaster=no");
		word(&w, &n, "-o");
		word(&w, &n, "ControlPath=none");
	}
	word(&w, &n, c->host);
	if (probe)
		add_probe(&w, &n, c->path != NULL);
	c->pid = ssh_spawn(&w, n, c->path ? &c->in : NULL, &c->out, 0);
	sbuf_free(&w);
	if (c->pid < 0) {
		c->pid = 0;
		c->dead = 1;
		return -1;
	}
	c->probing = probe;
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
		}
		p += 10;
	}
	return 0;
}

static void sshconn_reap(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}

/* The probe of c is over: it answered, failed, or was cut short.  A plain
 * probe, or a master that never answered, is done with. */
static void probe_end(struct sshconn *c, int cut)
{
	c->probing = 0;
	if (cut && c->pid > 0)
		kill(-c->pid, SIGTERM);
	if (c->path && c->cpus)
		return;
	if (c->out >= 0)
		close(c->out);
	if (c->in >= 0)
		close(c->in);
	c->out = c->in = -1;
	if (c->pid > 0)
		sshconn_reap(c->pid);
	c->pid = 0;
	c->dead = 1;
}

/* Read what the probe of c has printed. */
static void probe_read(struct sshconn *c)
{
	char buf[512];
	ssize_t n;

	for (;;) {
		n = read(c->out, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0 || c->said.len > 65536)
			break;
		sbuf_add(&c->said, buf, (size_t)n);
		if ((c->cpus = probe_parse(&c->said)) > 0)
			break;
	}
	probe_end(c, 0);
}

int sshconn_probe_wait(struct sshconn **c, size_t n)
{
	struct pollfd *pfd = xcalloc(n + 1, sizeof *pfd);
	size_t *who = xcalloc(n + 1, sizeof *who), i, np;
	int sigs[16], nsigs = 0, cut = 0, s, k;

	for (;;) {
		np = 0;
		pfd[np++] = (struct pollfd){ .fd = sig_fd(), .events = POLLIN };
		for (i = 0; i < n; i++)
			if (c[i]->probing) {
				who[np] = i;
				pfd[np++] = (struct pollfd){ .fd = c[i]->out,
							     .events = POLLIN };
			}
		if (np == 1)
			break;
		if (cut) {
			for (i = 1; i < np; i++)
				probe_end(c[who[i]], 1);
			break;
		}
		if (poll(pfd, np, -1) < 0) {
			cut = errno != EINTR;	/* 1: cut short, no signal */
			continue;
		}
		for (i = 1; i < np; i++)
			if (pfd[i].revents)
				probe_read(c[who[i]]);
		if (!pfd[0].revents)
			continue;
		while ((s = sig_next()) != 0) {
			for (k = 0; k < nsigs && sigs[k] != s; k++)
				;
			if (k == nsigs && nsigs < 16)
				sigs[nsigs++] = s;
			if (s == SIGINT || s == SIGTERM || s == SIGHUP ||
			    s == SIGQUIT)
				cut = s;
		}
	}
	for (k = 0; k < nsigs; k++)
		if (sigs[k] != cut)
			raise(sigs[k]);
	free(pfd);
	free(who);
	return cut > 1 ? cut : 0;
}

int sshconn_alive(struct sshconn *c)
{
	struct pollfd pfd;
	char buf[256];

	if (!c || c->dead || c->pid <= 0 || c->out < 0)
		return 0;
	pfd = (struct pollfd){ .fd = c->out, .events = POLLIN };
	while (poll(&pfd, 1, 0) > 0) {
		ssize_t n = read(c->out, buf, sizeof buf);
		if (n > 0 || (n < 0 && errno == EINTR))
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		c->dead = 1;
		return 0;
	}
	return 1;
}

size_t sshconn_job_words(struct sshconn *c, char *const *ssh, size_t nssh,
		      const char *host, struct sbuf *out)
{
	size_t n = transport(out, ssh, nssh);

	word(out, &n, "-T");
	word(out, &n, "-o");
	word(out, &n, "ControlMaster=no");
	word(out, &n, "-o");
	if (c && c->path && sshconn_alive(c)) {
		sbuf_adds(out, "ControlPath=");
		word(out, &n, c->path);
	} else {
		word(out, &n, "ControlPath=none");
	}
	word(out, &n, host);
	return n;
}

/* Wait until the deadline for pid, then kill it. */
static void reap_until(pid_t pid, double until)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int st;

	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w != 0 && !(w < 0 && errno == EINTR))
			return;	/* reaped, or already reaped by the pool */
		if (now_mono() >= until) {
			kill(pid, SIGKILL);
			sshconn_reap(pid);
			return;
		}
		nanosleep(&ts, NULL);
	}
}

void sshconn_close_all(struct sshconn **c, size_t n)
{
	pid_t *ex = xcalloc(n + 1, sizeof *ex);
	double until;
	size_t i, nex = 0;

	/* ask the live masters to exit, all at once */
	for (i = 0; i < n; i++) {
		struct sbuf w = {0};
		size_t nw;
		pid_t pid;
		if (!c[i]->path || !sshconn_alive(c[i]))
			continue;
		nw = transport(&w, c[i]->ssh, c[i]->nssh);
		word(&w, &nw, "-o");
		sbuf_adds(&w, "ControlPath=");
		word(&w, &nw, c[i]->path);
		word(&w, &nw, "-O");
		word(&w, &nw, "exit");
		word(&w, &nw, c[i]->host);
		if ((pid = ssh_spawn(&w, nw, NULL, NULL, 1)) > 0)
			ex[nex++] = pid;
		sbuf_free(&w);
	}
	for (i = 0; i < nex; i++)
		sshconn_reap(ex[i]);
	free(ex);
	until = now_mono() + CLOSE_WAIT;
	for (i = 0; i < n; i++) {
		if (c[i]->in >= 0)
			close(c[i]->in);	/* its session's cat ends */
		if (c[i]->out >= 0)
			close(c[i]->out);
		c[i]->in = c[i]->out = -1;
		if (c[i]->pid > 0)
			reap_until(c[i]->pid, until);
		c[i]->pid = 0;
		if (c[i]->path)
			(void)unlink(c[i]->path);
		free(c[i]->path);
		c[i]->path = NULL;
		sbuf_free(&c[i]->said);
	}
}

char *sshconn_dir(void)
{
	const char *tmp = tmp_dir();
	char *d;

	/* a socket path must fit sockaddr_un, with room for ssh's suffix */
	if (strlen(tmp) > 60)
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
