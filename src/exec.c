/* exec.c: building a job's command line and spawning it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contain.h"
#include "exec.h"
#include "limits.h"
#include "spawn.h"
#include "xargs.h"

extern char **environ;

#define NENV 6
#define NENV_FIXED 4	/* the first ones, in envbuf; then the host's two */

static const char *const env_names[NENV] = {
	"PARX_SEQ=", "PARX_SLOT=", "PARALLEL_SEQ=", "PARALLEL_JOBSLOT=",
	"PARALLEL_SSHHOST=", "PARALLEL_SSHLOGIN=",
};

struct exec {
	const struct opts *o;
	const struct tmpl *t;
	const char *shell;	/* runs templates with shell syntax */
	char **envp;		/* environ, less our names, plus envbuf */
	char envbuf[NENV_FIXED][48];	/* the job variables, set per spawn */
	struct sbuf hostenv[2];	/* PARALLEL_SSHHOST, PARALLEL_SSHLOGIN */
	const char *envhost;	/* the login they were set for */
	size_t hostat;		/* where they are in envp */
	size_t max_chars;	/* command-line budget */
	size_t sys_chars;	/* what the system takes (more, or the same) */
	struct sbuf cmd, path, disp;	/* scratch */
	char *cache_name, *cache_path;	/* the last executable looked up */
	char *slotenv;		/* xargs --process-slot-var: "VAR=N", or NULL */
	struct rlimit nofile;	/* fd limit for jobs when parx raised its own */
	int nofile_set;
	int remote;		/* jobs run on other hosts (their own dirs) */
	char slotvar[160];	/* --process-slot-var NAME=N */
	int devnull;		/* the jobs' stdin unless they get a pipe */
};

/* 1 when the environment entry e sets name. */
static int env_is(const char *e, const char *name)
{
	size_t n = strlen(name);

	return strncmp(e, name, n) == 0 && e[n] == '=';
}

/* PARALLEL_SSHHOST and PARALLEL_SSHLOGIN for a job on login (":" is
 * this machine): the host is the login without its user@. */
static void env_host(struct exec *ex, const char *login)
{
	const char *at = strrchr(login, '@');
	int k;

	for (k = 0; k < 2; k++) {
		sbuf_reset(&ex->hostenv[k]);
		sbuf_adds(&ex->hostenv[k], env_names[NENV_FIXED + k]);
		sbuf_adds(&ex->hostenv[k], k == 0 && at ? at + 1 : login);
		ex->envp[ex->hostat + (size_t)k] = ex->hostenv[k].buf;
	}
	ex->envhost = login;
}

/* environ without the job variables, with room for them at the end (and
 * for --process-slot-var's). */
static void env_init(struct exec *ex)
{
	const char *var = ex->o->slot_var;
	size_t n = 0, k;
	char **e;

	for (e = environ; *e; e++)
		n++;
	ex->envp = xcalloc(n + NENV + 2, sizeof *ex->envp);
	for (n = 0, e = environ; *e; e++) {
		for (k = 0; k < NENV; k++)
			if (strncmp(*e, env_names[k], strlen(env_names[k])) == 0)
				break;
		if (k == NENV && !(var && env_is(*e, var)))
			ex->envp[n++] = *e;
	}
	for (k = 0; k < NENV_FIXED; k++)
		ex->envp[n++] = ex->envbuf[k];
	ex->hostat = n;
	n += 2;
	env_host(ex, ":");
	if (var)
		ex->envp[n++] = ex->slotvar;
	ex->envp[n] = NULL;
}

struct exec *exec_new(const struct opts *o, const struct tmpl *t)
{
	struct exec *ex = xcalloc(1, sizeof *ex);

	ex->o = o;
	ex->t = t;
	ex->shell = tmpl_shell(t);
	/* the jobs' stdin: /dev/null, or the terminal with -o/--tty */
	ex->devnull = open(o->open_tty ? "/dev/tty" : "/dev/null",
			   (o->open_tty ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	ex->remote = o->nsshlogins || o->sshloginfile || o->slurm;
	if (o->xargs_mode) {
		/* xsplit.c packs to xargs' own -s; no job variables */
		ex->max_chars = ex->sys_chars = (size_t)-1 / 2;
		ex->envp = xargs_env(o->xo, &ex->slotenv);
		return ex;
	}
	ex->max_chars = limits_arg_budget(o->max_chars, &ex->sys_chars);
	env_init(ex);
	return ex;
}

void exec_free(struct exec *ex)
{
	if (!ex)
		return;
	if (ex->devnull >= 0)
		close(ex->devnull);
	sbuf_free(&ex->cmd);
	sbuf_free(&ex->path);
	sbuf_free(&ex->disp);
	free(ex->cache_name);
	free(ex->cache_path);
	free(ex->envp);
	sbuf_free(&ex->hostenv[0]);
	sbuf_free(&ex->hostenv[1]);
	free(ex->slotenv);
	free(ex);
}

void exec_set_stdin(struct exec *ex, int fd)
{
	if (ex->devnull >= 0)
		close(ex->devnull);
	ex->devnull = fd;
}

void exec_keep_nofile(struct exec *ex, const struct rlimit *orig)
{
	ex->nofile = *orig;
	ex->nofile_set = 1;
}

size_t exec_max_chars(const struct exec *ex)
{
	return ex->max_chars;
}

size_t exec_measure(struct exec *ex, const struct chunk *c)
{
	size_t n;

	/* as GNU parallel counts: the command as a shell reads it, each
	 * value quoted, and one byte more (it must stay below the limit);
	 * never less than the argv words and their NULs */
	sbuf_reset(&ex->cmd);
	tmpl_expand(ex->t, c, 0, 0, TR_SHELL, &ex->cmd);
	n = ex->cmd.len + 1;
	sbuf_reset(&ex->cmd);
	return n;
}

const char *exec_display(struct exec *ex, struct job *j)
{
	if (!j->display && ex->o->xargs_mode)
		j->display = xargs_display(ex->t, &j->args);
	if (!j->display) {
		sbuf_reset(&ex->disp);
		tmpl_expand(ex->t, &j->args, j->seq, j->slot, TR_SHELL, &ex->disp);
		j->display = xstrndup(ex->disp.buf, ex->disp.len);
	}
	return j->display;
}

/* Resolve the executable, caching the last name looked up. */
static int resolve(struct exec *ex, const char *name, const char **path)
{
	if (ex->cache_name && strcmp(ex->cache_name, name) == 0) {
		*path = ex->cache_path;
		return 0;
	}
	if (spawn_resolve(name, &ex->path) < 0)
		return -1;
	free(ex->cache_name);
	free(ex->cache_path);
	ex->cache_name = xstrdup(name);
	ex->cache_path = xstrdup(ex->path.buf);
	*path = ex->cache_path;
	return 0;
}

/* The words of j's command into ex->cmd: wrapped for its host, a shell
 * script, or argv words.  Their count, or -1 (j->fail set). */
static long expand(struct exec *ex, struct job *j, const struct hook *wrap)
{
	size_t n;

	sbuf_reset(&ex->cmd);
	if (wrap) {
		struct sbuf script = {0};
		int rc;
		tmpl_expand(ex->t, &j->args, j->seq, j->slot, TR_SHELL, &script);
		rc = wrap->job_wrap(wrap->ctx, j, script.buf, &ex->cmd, &n);
		sbuf_free(&script);
		if (rc < 0) {
			j->fail = JF_SPAWN;
			return -1;
		}
		return (long)n;
	}
	if (tmpl_is_shell(ex->t)) {
		sbuf_adds(&ex->cmd, ex->shell);
		sbuf_addc(&ex->cmd, '\0');
		sbuf_adds(&ex->cmd, "-c");
		sbuf_addc(&ex->cmd, '\0');
		tmpl_expand(ex->t, &j->args, j->seq, j->slot, TR_SHELL, &ex->cmd);
		/* the script ends with its trailing separator, not a NUL */
		sbuf_addc(&ex->cmd, '\0');
		return 3;
	}
	return (long)tmpl_expand(ex->t, &j->args, j->seq, j->slot, TR_ARGV,
				 &ex->cmd);
}

/* 0 when the nwords words in ex->cmd fit the budget and execve's word
 * limit; else -1 with j->fail set, said unless src takes inputs back
 * (then 1: build again). */
static int fits(struct exec *ex, struct job *j, size_t nwords,
		const struct source *src)
{
	size_t len = 0, longest = 0, i, l, max = ex->max_chars;
	const char *s;

	/* a job of one input, without -s, may be as long as the system
	 * takes: the budget is for packing several */
	if (j->args.ninputs <= 1 && ex->o->max_chars <= 0)
		max = ex->sys_chars;
	/* measure first: a command that cannot run is not copied */
	for (i = 0, s = ex->cmd.buf; i < nwords; i++, s += l + 1) {
		l = strlen(s);
		len += l + 1;
		if (l + 1 > EXEC_MAX_WORD)
			longest = l + 1;
	}
	/* the budget counts as GNU parallel does, the command as a shell
	 * reads it (exec_measure), not the shell's own words */
	if (!longest && (len <= max || (len <= ex->sys_chars &&
	    strlen(exec_display(ex, j)) + 1 <= max)))
		return 0;
	if (!j->built && src && src->shrink && src->shrink(src->ctx, j)) {
		free(j->display);
		j->display = NULL;
		return 1;
	}
	j->fail = JF_TOOLONG;
	if (len > max)
		warnx_("job %lu: command too long (%zu bytes, limit %zu)", j->seq,
		       len, max);
	else
		/* Linux takes no single word over 128 KiB (a shell script
		 * is one word), whatever the total */
		warnx_("job %lu: command too long (a word of %zu bytes, limit %d)",
		       j->seq, longest, EXEC_MAX_WORD);
	return -1;
}

int exec_build(struct exec *ex, struct job *j, const struct hook *wrap,
	       const struct source *src)
{
	long nwords;
	size_t i;
	char *s;
	int rc;

	free(j->argv);
	free(j->argv_buf);
	j->argv = NULL;
	j->argv_buf = NULL;
	do {
		if ((nwords = expand(ex, j, wrap)) < 0)
			return -1;
	} while ((rc = fits(ex, j, (size_t)nwords, src)) == 1);
	if (rc < 0)
		return -1;
	j->built = 1;
	j->argv_buf = xmalloc(ex->cmd.len + 1);
	memcpy(j->argv_buf, ex->cmd.buf, ex->cmd.len + 1);
	j->argv = xcalloc((size_t)nwords + 1, sizeof *j->argv);
	for (i = 0, s = j->argv_buf; i < (size_t)nwords; i++) {
		j->argv[i] = s;
		s += strlen(s) + 1;
	}
	/* with a local --workdir a relative path is found from there */
	if (nwords && ex->o->workdir && !ex->remote && strchr(j->argv[0], '/') &&
	    j->argv[0][0] != '/') {
		j->path = j->argv[0];
		return 0;
	}
	if (nwords == 0 || resolve(ex, j->argv[0], &j->path) < 0) {
		j->fail = nwords && errno == EACCES ? JF_NOEXEC : JF_NOTFOUND;
		if (!ex->o->xargs_mode)	/* xargs_job_end says it its way */
			warnx_("%s: %s", nwords ? j->argv[0] : "",
			       j->fail == JF_NOEXEC ? "permission denied" :
			       "command not found");
		return -1;
	}
	return 0;
}

pid_t exec_spawn(struct exec *ex, struct job *j, int in, int out, int err)
{
	struct spawn_req r;

	snprintf(ex->envbuf[0], sizeof ex->envbuf[0], "PARX_SEQ=%lu", j->seq);
	snprintf(ex->envbuf[1], sizeof ex->envbuf[1], "PARX_SLOT=%d", j->slot);
	snprintf(ex->envbuf[2], sizeof ex->envbuf[2], "PARALLEL_SEQ=%lu", j->seq);
	snprintf(ex->envbuf[3], sizeof ex->envbuf[3], "PARALLEL_JOBSLOT=%d",
		 j->slot);
	if (ex->envhost && j->host && j->host != ex->envhost)
		env_host(ex, j->host);
	if (ex->o->slot_var)	/* --process-slot-var NAME=slot-1 */
		snprintf(ex->slotvar, sizeof ex->slotvar, "%s=%d",
			 ex->o->slot_var, j->slot - 1);
	if (ex->slotenv)	/* xargs counts its slots from 0 */
		sprintf(ex->slotenv, "%s=%d", ex->o->xo->slot_var, j->slot - 1);
	memset(&r, 0, sizeof r);
	r.path = j->path;
	r.argv = j->argv;
	r.envp = ex->envp;
	r.in = in >= 0 ? in : ex->devnull;
	r.out = out;
	r.err = err;
	r.nice = ex->o->nice;
	r.nofile = ex->nofile_set ? &ex->nofile : NULL;
	/* --workdir for local jobs (main.c made it) */
	if (!ex->remote && ex->o->workdir)
		r.dir = ex->o->workdir;
	/* a script with no #! runs as the shell path would (xargs: as
	 * execvp runs it) */
	r.shell = ex->o->xargs_mode ? "/bin/sh" : ex->shell;
	r.cgroup_fd = r.cgroup_dir = -1;
	if (j->cslot)
		contain_spawn_args(j->cslot, &r);
	return spawn_job(&r);
}
