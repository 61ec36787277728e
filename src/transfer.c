/* transfer.c: the scripts one remote job runs (see transfer.h).
 *
 * On the far side every job is this POSIX sh wrapper:
 *
 *   PARX_SEQ=7 ...; export ...          job variables and --env values
 *   mkdir -p WD && cd WD || exit 1      --workdir
 *   exec 3<&0 </dev/null                keep the channel as fd 3
 *   (trap '' TERM; read -r _ <&3; kill -TERM 0; sleep K; kill -KILL 0) \
 *       >/dev/null 2>&1 &               the watcher
 *   w=$!; exec 3<&-
 *   sh -c 'COMMAND'; r=$?               the job, stdin /dev/null as locally
 *   kill -KILL $w; [cleanup]; exit $r
 *
 * sshd starts each session in a process group of its own, so "kill 0"
 * reaches everything the command started.  parx holds the write end of the
 * local ssh's stdin until the job is reaped and never writes to it: the
 * watcher's read returns only when the channel closes, that is when the
 * local ssh was killed (timeout, --halt now, Ctrl-C) or the connection
 * died.  In --pipe mode stdin carries the block: no watcher, the command
 * reads the channel.
 *
 * ssh joins its arguments with spaces for the remote login shell, so the
 * wrapper travels as one word quoted once more: exec sh -c 'WRAPPER'.
 *
 * Files move with tar over extra ssh sessions, before the command
 * (--transferfile, --transfer) and after it (--return), chained by a local
 * sh script that keeps ssh's exit 255 (no connection) for remote.c.
 * Relative names land under the work directory (the home directory by
 * default); absolute names keep their place.  Cleanup rides along with
 * the last session. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "template.h"
#include "transfer.h"

/* File names of one job, each followed by a NUL: relative ones, and
 * absolute ones stored without their leading slashes. */
struct names {
	struct sbuf rel, abs;
	size_t nrel, nabs;
};

struct transfer {
	struct tmpl **tf;	/* --transferfile, and the input for --transfer */
	struct tmpl **rf;	/* --return */
	size_t ntf, nrf;
	char *wd;		/* --workdir, NULL for the home directory */
	int fresh;		/* --workdir ...: a new directory per job */
	int cleanup;
	int watch;		/* not --pipe: watch the channel */
	long killafter;		/* seconds from SIGTERM to SIGKILL */
	char id[128];		/* <hostname>-<pid>: names fresh directories */
	struct sbuf env;	/* --env assignments */
	struct chunk one;	/* one input of a chunk */
	struct names t, r;	/* this job's transfers and returns */
	struct sbuf dir, wrap, chain, tmp;
};

static int env_name_ok(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return 0;
	for (; *s; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

/* --workdir .: the current directory, relative to the home directory
 * when it lies inside it. */
static char *wd_here(void)
{
	char *cwd = getcwd(NULL, 0);
	const char *home = getenv("HOME");
	size_t n;

	if (!cwd)
		return xstrdup(".");
	n = home ? strlen(home) : 0;
	while (n > 1 && home[n - 1] == '/')
		n--;
	if (n > 1 && strncmp(cwd, home, n) == 0 && (cwd[n] == '/' || !cwd[n])) {
		char *rel = xstrdup(cwd[n] ? cwd + n + 1 : ".");
		free(cwd);
		return rel;
	}
	return cwd;
}

static struct tmpl **templates(char **texts, size_t n, const char *first,
			       const struct rstr_conf *rc, size_t *count)
{
	struct tmpl **t = xcalloc(n + 1, sizeof *t);
	size_t i;

	*count = 0;
	if (first)
		t[(*count)++] = tmpl_new_text(first, rc);
	for (i = 0; i < n; i++)
		t[(*count)++] = tmpl_new_text(texts[i], rc);
	return t;
}

struct transfer *transfer_new(const struct opts *o)
{
	struct transfer *x = xcalloc(1, sizeof *x);
	const char *repl = o->repl ? o->repl : "{}";
	char host[64];
	long ms = 0;
	size_t i;

	x->tf = templates(o->transferfiles, o->ntransferfiles,
			  o->transfer ? repl : NULL, &o->rstr, &x->ntf);
	x->rf = templates(o->returns, o->nreturns, NULL, &o->rstr, &x->nrf);
	if (o->workdir && strcmp(o->workdir, "...") == 0)
		x->fresh = 1;
	else if (o->workdir && strcmp(o->workdir, ".") == 0)
		x->wd = wd_here();
	else if (o->workdir && *o->workdir)
		x->wd = xstrdup(o->workdir);
	x->cleanup = o->cleanup;
	x->watch = !o->pipe && !o->pipepart;
	for (i = 0; i + 1 < o->ntermseq; i++)
		ms += o->termseq[i].ms;
	x->killafter = ms > 1000 ? (ms + 999) / 1000 : 1;
	if (gethostname(host, sizeof host) < 0)
		snprintf(host, sizeof host, "parx");
	host[sizeof host - 1] = '\0';
	snprintf(x->id, sizeof x->id, "%s-%ld", host, (long)getpid());
	for (i = 0; i < o->nenvs; i++) {
		const char *name = o->envs[i], *val = getenv(name);
		if (!env_name_ok(name)) {
			warnx_("--env %s: not a variable name; ignored", name);
			continue;
		}
		if (!val)
			continue;
		sbuf_addf(&x->env, "%s=", name);
		shell_quote(&x->env, val, strlen(val));
		sbuf_addf(&x->env, "\nexport %s\n", name);
	}
	return x;
}

static void names_free(struct names *n)
{
	sbuf_free(&n->rel);
	sbuf_free(&n->abs);
}

void transfer_free(struct transfer *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < x->ntf; i++)
		tmpl_free(x->tf[i]);
	for (i = 0; i < x->nrf; i++)
		tmpl_free(x->rf[i]);
	free(x->tf);
	free(x->rf);
	free(x->wd);
	chunk_free(&x->one);
	names_free(&x->t);
	names_free(&x->r);
	sbuf_free(&x->env);
	sbuf_free(&x->dir);
	sbuf_free(&x->wrap);
	sbuf_free(&x->chain);
	sbuf_free(&x->tmp);
	free(x);
}

/* ---- file names ---- */

static void names_add(struct names *n, const char *s, size_t len)
{
	if (len && s[0] == '/') {
		while (len && *s == '/') {
			s++;
			len--;
		}
		if (!len)
			return;
		sbuf_add(&n->abs, s, len);
		sbuf_addc(&n->abs, '\0');
		n->nabs++;
	} else if (len) {
		sbuf_add(&n->rel, s, len);
		sbuf_addc(&n->rel, '\0');
		n->nrel++;
	}
}

/* Expand each template for each input of j into n. */
static void collect(struct transfer *x, struct tmpl **t, size_t nt,
		    const struct job *j, struct names *n)
{
	const struct chunk *c = &j->args;
	size_t in, k, v, cols;

	sbuf_reset(&n->rel);
	sbuf_reset(&n->abs);
	n->nrel = n->nabs = 0;
	if (!nt || !c->ninputs)
		return;
	cols = c->nvals / c->ninputs;
	for (in = 0; in < c->ninputs; in++) {
		const struct chunk *one = c;
		if (c->ninputs > 1) {
			chunk_reset(&x->one);
			for (v = in * cols; v < (in + 1) * cols && v < c->nvals; v++)
				chunk_add(&x->one, CHUNK_VAL(c, v), c->len[v]);
			x->one.ninputs = 1;
			one = &x->one;
		}
		for (k = 0; k < nt; k++) {
			sbuf_reset(&x->tmp);
			tmpl_expand(t[k], one, j->seq, j->slot, TR_RAW, &x->tmp);
			names_add(n, x->tmp.buf, x->tmp.len);
		}
	}
}

/* Append a file name quoted, a leading dash kept from reading as an
 * option. */
static void add_name(struct sbuf *b, const char *s, size_t n)
{
	if (n && s[0] == '-')
		sbuf_adds(b, "./");
	shell_quote(b, s, n);
}

/* Append " NAME" for each of the cnt names in list. */
static void add_names(struct sbuf *b, const struct sbuf *list, size_t cnt)
{
	const char *s = list->buf;
	size_t i, n;

	for (i = 0; i < cnt; i++, s += n + 1) {
		n = strlen(s);
		sbuf_addc(b, ' ');
		add_name(b, s, n);
	}
}

/* Append an rmdir of the parent directories of each relative name, the
 * deepest first; names climbing with ".." are left alone. */
static void add_rmdirs(struct sbuf *b, const struct sbuf *list, size_t cnt)
{
	const char *s = list->buf;
	size_t i, n, k, any = 0;

	for (i = 0; i < cnt; i++, s += n + 1) {
		n = strlen(s);
		if (strstr(s, "..") || !memchr(s, '/', n))
			continue;
		for (k = n; k-- > 0;) {
			if (s[k] != '/' || k == 0 || s[k - 1] == '/')
				continue;
			sbuf_adds(b, any++ ? " " : "rmdir ");
			add_name(b, s, k);
		}
	}
	if (any)
		sbuf_adds(b, " 2>/dev/null\n");
}

/* Remove cnt relative names of list on the far side (cwd: the work
 * directory), then their emptied parent directories. */
static void add_rm_rel(struct sbuf *b, const struct sbuf *list, size_t cnt)
{
	if (!cnt)
		return;
	sbuf_adds(b, "rm -f");
	add_names(b, list, cnt);
	sbuf_addc(b, '\n');
	add_rmdirs(b, list, cnt);
}

static void add_rm_abs(struct sbuf *b, const struct sbuf *list, size_t cnt)
{
	if (!cnt)
		return;
	sbuf_adds(b, "(cd / && rm -f");
	add_names(b, list, cnt);
	sbuf_adds(b, ")\n");
}

/* The work directory; a fresh one lives under $HOME. */
static void add_wd(struct transfer *x, struct sbuf *b)
{
	if (x->fresh) {
		sbuf_adds(b, "\"$HOME\"/");
		shell_quote(b, x->dir.buf, x->dir.len);
	} else {
		add_name(b, x->dir.buf, x->dir.len);
	}
}

/* "cd" to the work directory, creating it when mk. */
static void add_cd(struct transfer *x, struct sbuf *b, int mk, const char *then)
{
	if (!x->dir.len)
		return;
	if (mk) {
		sbuf_adds(b, "mkdir -p ");
		add_wd(x, b);
		sbuf_adds(b, " && ");
	}
	sbuf_adds(b, "cd ");
	add_wd(x, b);
	sbuf_adds(b, then);
}

/* The fresh work directory goes with --cleanup. */
static void add_rmwd(struct transfer *x, struct sbuf *b)
{
	if (!x->fresh || !x->cleanup)
		return;
	sbuf_adds(b, "cd / && rm -rf ");
	add_wd(x, b);
	sbuf_addc(b, '\n');
}

/* ---- the scripts ---- */

/* PARALLEL_SSHHOST (the login without its user@) and PARALLEL_SSHLOGIN. */
static void add_host_env(struct sbuf *b, const char *login)
{
	const char *at = strrchr(login, '@'), *host = at ? at + 1 : login;

	sbuf_adds(b, "PARALLEL_SSHHOST=");
	shell_quote(b, host, strlen(host));
	sbuf_adds(b, " PARALLEL_SSHLOGIN=");
	shell_quote(b, login, strlen(login));
	sbuf_adds(b, "\nexport PARALLEL_SSHHOST PARALLEL_SSHLOGIN\n");
}

static void build_wrapper(struct transfer *x, const struct job *j, const char *script)
{
	struct sbuf *b = &x->wrap;

	sbuf_reset(b);
	sbuf_addf(b, "PARX_SEQ=%lu PARX_SLOT=%d PARALLEL_SEQ=%lu PARALLEL_JOBSLOT=%d\n"
		  "export PARX_SEQ PARX_SLOT PARALLEL_SEQ PARALLEL_JOBSLOT\n",
		  j->seq, j->slot, j->seq, j->slot);
	add_host_env(b, j->host ? j->host : ":");
	if (x->env.len)
		sbuf_add(b, x->env.buf, x->env.len);
	add_cd(x, b, 1, " || exit 1\n");
	if (x->watch)
		sbuf_addf(b, "exec 3<&0 </dev/null\n"
			  "(trap '' TERM; read -r _ <&3; kill -TERM 0; sleep %ld; "
			  "kill -KILL 0) >/dev/null 2>&1 &\n"
			  "w=$!\nexec 3<&-\n", x->killafter);
	sbuf_adds(b, "sh -c ");
	shell_quote(b, script, strlen(script));
	sbuf_adds(b, "\nr=$?\n");
	if (x->watch)
		sbuf_adds(b, "kill -KILL $w 2>/dev/null\n");
	if (x->cleanup) {
		add_rm_rel(b, &x->t.rel, x->t.nrel);
		add_rm_abs(b, &x->t.abs, x->t.nabs);
	}
	if (!x->r.nrel && !x->r.nabs)
		add_rmwd(x, b);
	sbuf_adds(b, "exit $r");
}

/* Append script as the one word the remote login shell runs. */
static void add_remote(struct sbuf *b, const char *script, size_t n)
{
	sbuf_adds(b, "exec sh -c ");
	shell_quote(b, script, n);
}

/* Append "SSH... 'exec sh -c SCRIPT'" as words of a local sh script. */
static void add_ssh(struct transfer *x, struct sbuf *b, const struct sbuf *ssh,
		    size_t nssh, const struct sbuf *script)
{
	const char *w = ssh->buf;
	size_t i, n;

	for (i = 0; i < nssh; i++, w += n + 1) {
		n = strlen(w);
		shell_quote(b, w, n);
		sbuf_addc(b, ' ');
	}
	sbuf_reset(&x->tmp);
	add_remote(&x->tmp, script->buf, script->len);
	shell_quote(b, x->tmp.buf, x->tmp.len);
}

/* Append to b the command sending one list: relative names into the work
 * directory, or absolute ones from /. */
static void add_send(struct transfer *x, struct sbuf *b, const struct sbuf *ssh,
		     size_t nssh, int abs)
{
	struct sbuf step = {0};

	if (abs) {
		sbuf_adds(b, "(cd / && tar cf -");
		add_names(b, &x->t.abs, x->t.nabs);
		sbuf_adds(b, ") | ");
		sbuf_adds(&step, "cd / && ");
	} else {
		sbuf_adds(b, "tar cf -");
		add_names(b, &x->t.rel, x->t.nrel);
		sbuf_adds(b, " | ");
		add_cd(x, &step, 1, " && ");
	}
	sbuf_adds(&step, "tar xf -");
	add_ssh(x, b, ssh, nssh, &step);
	sbuf_free(&step);
}

/* Append a send to the chain, as a function s so that the names appear
 * once.  ssh's 255 (no connection) ends the chain with 255.  Another
 * failure is tried once more: another job's cleanup on the same far side
 * (-j2 there, or hosts sharing a home) may rmdir an emptied directory
 * between tar's mkdir of it and of the one below.  The first try's
 * messages are shown unless it is tried again; a send that fails twice
 * lets the command run, and fail on the missing file. */
static void add_sends(struct transfer *x, struct sbuf *b, const struct sbuf *ssh,
		      size_t nssh, int abs)
{
	sbuf_adds(b, "s() { ");
	add_send(x, b, ssh, nssh, abs);
	sbuf_adds(b, "; }\n"
		  "e=$(s 2>&1); r=$?\n"
		  "if [ $r = 0 ] || [ $r = 255 ]; then\n"
		  "[ -z \"$e\" ] || printf '%s\\n' \"$e\" >&2\n"
		  "[ $r = 0 ] || exit 255\n"
		  "else s || { [ $? != 255 ] || exit 255; }\n"
		  "fi\n");
}

/* The local sh script: send files, run the wrapper, fetch files. */
static void build_chain(struct transfer *x, const struct sbuf *ssh, size_t nssh)
{
	struct sbuf *b = &x->chain, step = {0};

	sbuf_reset(b);
	if (x->t.nrel)
		add_sends(x, b, ssh, nssh, 0);
	if (x->t.nabs)
		add_sends(x, b, ssh, nssh, 1);
	add_ssh(x, b, ssh, nssh, &x->wrap);
	sbuf_adds(b, "\nr=$?\n[ $r != 255 ] || exit 255\n");
	if (x->r.nrel) {
		sbuf_reset(&step);
		add_cd(x, &step, 0, " || exit 1\n");
		sbuf_adds(&step, "tar cf -");
		add_names(&step, &x->r.rel, x->r.nrel);
		sbuf_addc(&step, '\n');
		if (x->cleanup)
			add_rm_rel(&step, &x->r.rel, x->r.nrel);
		if (!x->r.nabs)
			add_rmwd(x, &step);
		add_ssh(x, b, ssh, nssh, &step);
		sbuf_adds(b, " </dev/null | tar xf -\n");
	}
	if (x->r.nabs) {
		sbuf_reset(&step);
		sbuf_adds(&step, "cd / && tar cf -");
		add_names(&step, &x->r.abs, x->r.nabs);
		sbuf_addc(&step, '\n');
		if (x->cleanup)
			add_rm_abs(&step, &x->r.abs, x->r.nabs);
		add_rmwd(x, &step);
		add_ssh(x, b, ssh, nssh, &step);
		sbuf_adds(b, " </dev/null | (cd / && tar xf -)\n");
	}
	sbuf_adds(b, "exit $r");
	sbuf_free(&step);
}

size_t transfer_argv(struct transfer *x, const struct job *j, const char *script,
		 const struct sbuf *ssh, size_t nssh, struct sbuf *out)
{
	collect(x, x->tf, x->ntf, j, &x->t);
	collect(x, x->rf, x->nrf, j, &x->r);
	sbuf_reset(&x->dir);
	if (x->fresh)
		sbuf_addf(&x->dir, ".parx/tmp/%s-%lu-%d", x->id, j->seq, j->tries);
	else if (x->wd)
		sbuf_adds(&x->dir, x->wd);
	build_wrapper(x, j, script ? script : "");
	if (!x->t.nrel && !x->t.nabs && !x->r.nrel && !x->r.nabs) {
		sbuf_add(out, ssh->buf, ssh->len);
		add_remote(out, x->wrap.buf, x->wrap.len);
		sbuf_addc(out, '\0');
		return nssh + 1;
	}
	build_chain(x, ssh, nssh);
	sbuf_adds(out, "/bin/sh");
	sbuf_addc(out, '\0');
	sbuf_adds(out, "-c");
	sbuf_addc(out, '\0');
	sbuf_add(out, x->chain.buf, x->chain.len);
	sbuf_addc(out, '\0');
	return 3;
}
