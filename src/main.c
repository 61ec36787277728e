/* main.c: wiring.  Parse the options, set up signals, open the input (or
 * the pipe blocks) and every module the options ask for, hand them to the
 * pool, run it, and exit with its status.
 *
 * The picture: input -> batch -> job -> exec/spawn -> pool -> output.
 * input.c reads the sources; batch.c gathers each job's inputs into a
 * chunk (pipe.c cuts blocks instead); start.c starts each job in a free
 * slot, exec.c builds and spawns its command; pool.c runs the poll loop
 * (drain.c moves output, term.c ends jobs); finish.c ends each try and
 * tally.c counts.  joblog, results, --sem-id, remote hosts, pipe blocks
 * and progress take part through the hooks they register (hooks.h).
 * src/README says who owns what. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>

#include "adapt.h"
#include "batch.h"
#include "contain.h"
#include "exec.h"
#include "gnulimit.h"
#include "header.h"
#include "input.h"
#include "joblog.h"
#include "opts.h"
#include "ozip.h"
#include "pipe.h"
#include "pool.h"
#include "progress.h"
#include "remote.h"
#include "results.h"
#include "sem.h"
#include "semjob.h"
#include "sig.h"
#include "template.h"
#include "util.h"
#include "xargs.h"
#include "xsplit.h"
#include "shellquote.h"
#include "workdir.h"

/* Keep descriptors 0-2 taken so that no pipe of ours lands on them.  A
 * closed one is replaced by /dev/null opened the wrong way round, so
 * using it still fails with EBADF, as the closed descriptor would. */
static void reserve_std_fds(void)
{
	int fd;

	for (fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY) < 0)
			_exit(255);
}

/* What a run may open besides its source, before the pool exists. */
struct modules {
	struct sem *sem;
	struct remote *rem;
	struct results *res;
	struct joblog *jl;
	struct resume *resume;
	struct progress *prog;
};

/* --joblog and --resume: 0 or -1 (said). */
static int open_joblog(const struct opts *o, struct modules *m)
{
	if (o->resume) {
		m->resume = joblog_load(o->joblog);
		if (!m->resume && errno != ENOENT) {
			warn_("--joblog %s", o->joblog);
			return -1;
		}
	}
	if (!o->dry_run &&
	    !(m->jl = joblog_open(o->joblog, o->joblog_append || o->resume))) {
		warn_("--joblog %s", o->joblog);
		return -1;
	}
	return 0;
}

/* Open every module the options ask for: 0, or -1 (said). */
static int open_modules(const struct opts *o, struct modules *m)
{
	if (o->joblog && open_joblog(o, m) < 0)
		return -1;
	if (o->results && !o->dry_run && !(m->res = results_open(o->results, &o->rstr))) {
		warn_("--results %s", o->results);
		return -1;
	}
	if (m->res && o->files && o->out != OUT_UNGROUP && !o->latest_line)
		results_files(m->res, o->results);
	if (o->sem_id && !(m->sem = sem_open_named(o->sem_id, o->sem_slots))) {
		struct sbuf why = {0};
		sem_strerror(errno, &why);
		warnx_("--sem-id %s: %s", o->sem_id, why.buf);
		sbuf_free(&why);
		return -1;
	}
	if ((o->nsshlogins || o->sshloginfile || o->slurm) && !o->dry_run &&
	    !(m->rem = remote_open(o)))
		return -1;
	m->prog = progress_new(o);
	return 0;
}

static void close_modules(struct modules *m)
{
	if (m->sem)
		sem_close(m->sem);
	remote_close(m->rem);
	if (m->res)
		results_close(m->res);
	joblog_close(m->jl);
	resume_free(m->resume);
	if (m->prog)
		progress_end(m->prog);
}

/* Hand the modules to the pool, in the order their hooks run: a
 * semaphore slot is waited for before a host is taken. */
static void attach_modules(const struct opts *o, struct pool *p,
			   struct modules *m, struct pipesrc *ps)
{
	if (m->sem)
		semjob_attach(m->sem, p);
	if (m->rem)
		remote_attach(m->rem, p);
	if (ps)
		pipe_attach(ps, p);
	if (m->res)
		results_attach(m->res, p);
	if (m->jl || m->resume)
		joblog_attach(p, m->jl, m->resume, o->resume == 2, o->joblog);
	if (adapt_wanted(o))
		adapt_attach(o, p);
	if (m->prog)
		progress_attach(m->prog, p);
	memset(m, 0, sizeof *m);
}

/* The hooks that go last: {uniq}/{choose_k} dropping jobs, and
 * containment (the pool owns c from then on). */
static void attach_last(struct pool *p, const struct tmpl *t,
			struct contain *c)
{
	struct hook h;

	if (tmpl_drops(t)) {
		rstr_hook(tmpl_drops(t), &h);
		pool_hook_add(p, &h);
	}
	if (c) {
		h = contain_hook(c);
		pool_hook_add(p, &h);
	}
}

/* The jobs' source: the pipe blocks, or the inputs gathered by a batch.
 * 0, or -1 (said). */
static int open_source(const struct opts *o, struct exec *ex,
		       const struct tmpl *t, struct input **in,
		       struct batch **b, struct pipesrc **ps, struct source *src)
{
	const char *what = NULL;

	if (o->pipe || o->pipepart) {
		if (!(*ps = pipesrc_open(o, &what))) {
			warn_("%s", what ? what : "--pipe");
			return -1;
		}
		*src = pipe_source(*ps);
		return 0;
	}
	if (!*in && !(*in = input_open(o, &what))) {
		if (o->colsep && what == o->colsep)
			die(255, "--colsep: invalid regular expression '%s'", what);
		if (o->csv && errno == EBADMSG) {
			warnx_("%s: --csv: the input ends inside a quoted field",
			       strcmp(what, "-") == 0 ? "stdin" : what);
			return -1;
		}
		if (o->xargs_mode)
			warn_("Cannot open input file '%s'", what);
		else
			warn_("%s", !what || !*what ? "input" :
			      strcmp(what, "-") == 0 ? "stdin" : what);
		return -1;
	}
	if (!t)
		return 0;	/* only the input, for its header (make_tmpl) */
	*b = batch_new(o, *in, t, ex);
	*src = batch_source(*b);
	return 0;
}

/* The template, parsed once; with --header outside pipe mode (issue 15)
 * after the input is open and its first records have named the columns
 * ({name}).  NULL when the input could not be opened (said). */
static struct tmpl *make_tmpl(const struct opts *o, struct input **in,
			      struct chunk *cols)
{
	struct rstr_conf rc = o->rstr;
	struct batch *b = NULL;
	struct pipesrc *ps = NULL;
	struct source src;
	struct tmpl *t;
	size_t i, k;

	if (o->xargs_mode)
		return tmpl_new_argv(o->cmd, o->ncmd, o->xo->repl);
	if (o->pipe || o->pipepart) {
		t = tmpl_new_pipe(o->cmd, o->ncmd, o->quote, &rc);
		if (o->pipe && tmpl_wants_total(t))	/* {##}: as GNU parallel */
			die(255, "Error: --pipe is incompatible with --eta/--bar/--shuf");
		return t;
	}
	if (o->header) {
		if (open_source(o, NULL, NULL, in, &b, &ps, &src) < 0)
			return NULL;
		if (input_header(*in, cols) < 0) {
			warn_("%s", input_errname(*in));
			return NULL;
		}
		if (header_check(cols, &i, &k) < 0) {
			warnx_("--header: columns %zu and %zu are both named '%s'",
			       i + 1, k + 1, CHUNK_VAL(cols, i));
			return NULL;
		}
		rc.cols = cols;
	}
	t = o->zero_args && o->ncmd ?
	    /* -n0: nothing is appended */
	    tmpl_new_pipe(o->cmd, o->ncmd, o->quote, &rc) :
	    tmpl_new(o->cmd, o->ncmd, o->quote, &rc, o->xmode);
	/* remote hosts run scripts under POSIX sh */
	if (o->nsshlogins || o->sshloginfile || o->slurm)
		tmpl_set_shell(t, "/bin/sh");
	return t;
}

/* --show-limits: the length limits on stdout, then the run goes on. */
static void show_limits(const struct exec *ex)
{
	struct sbuf b = {0};

	gnulimit_text(&b, gnulimit_real_max(), exec_max_chars(ex));
	if (write_all(1, b.buf, b.len) < 0)
		warn_("--show-limits: write error");
	sbuf_free(&b);
}

/* A normal run: 255 when something could not be opened. */
static int run(const struct opts *o)
{
	struct chunk cols = {0};
	struct input *in = NULL;
	struct tmpl *t = make_tmpl(o, &in, &cols);
	struct exec *ex = t ? exec_new(o, t) : NULL;
	struct modules m = {0};
	struct batch *b = NULL;
	struct pipesrc *ps = NULL;
	struct xrun *xr = NULL;
	struct pool *p;
	struct source src;
	struct contain *c = NULL;
	int status = 255;

	if (ex && o->show_limits && !o->xargs_mode)
		show_limits(ex);
	/* the keeper is forked before any job or ssh master */
	if (t && !o->dry_run)
		c = contain_open(o->verbose || o->trace, o->kill_leftovers);
	if (t && (!o->xargs_mode || (xr = xrun_new(o, ex)) != NULL) &&
	    open_source(o, ex, t, &in, &b, &ps, &src) == 0 &&
	    open_modules(o, &m) == 0) {
		size_t n = m.rem ? remote_slots(m.rem) :
			   o->jobs > 0 ? (size_t)o->jobs : 1;
		/* -j0: as many slots as the system allows, so -X/-m's last
		 * inputs are spread one to a job (far fewer than that) */
		if (b)
			batch_set_slots(b, o->jobs_zero && !m.rem ? 1u << 16 : n);
		if (b && tmpl_wants_total(t))
			tmpl_set_total(t, batch_preload(b));
		if (ps && tmpl_wants_total(t))
			tmpl_set_total(t, pipesrc_count(ps));
		p = pool_new(o, src, ex, n, o->jobs_zero && !m.rem);
		if (xr)
			xrun_attach(xr, p);
		attach_modules(o, p, &m, ps);
		attach_last(p, t, c);
		c = NULL;
		ps = NULL;
		status = pool_run(p);
		if (xr && status != 255 && pool_halt_status(p) < 0)
			status = xrun_status(xr);
		pool_free(p);
	}
	if (o->xargs_mode)
		status = xrun_exit(in, status);
	xrun_free(xr);
	contain_close(c);
	close_modules(&m);
	pipesrc_close(ps);
	batch_free(b);
	input_close(in);
	if (ex)
		exec_free(ex);
	tmpl_free(t);
	chunk_free(&cols);
	return status;
}

int main(int argc, char **argv)
{
	struct opts o;
	int status;

	reserve_std_fds();
	if (xargs_personality())
		xargs_parse(&o, argc, argv);
	else
		opts_parse(&o, argc, argv);
	if (o.sem) {
		status = sem_main(&o);
		opts_free(&o);
		return status;
	}
	if (o.workdir && !o.nsshlogins && !o.sshloginfile && !o.slurm && !o.dry_run) {
		if (strcmp(o.workdir, "...") == 0)
			die(255, "--workdir ...: only for remote jobs (-S)");
		if (workdir_make(o.workdir) < 0)
			die(255, "--workdir %s: %s", o.workdir, strerror(errno));
	}
	if (sig_init() < 0)
		die(255, "cannot set up signal handling");
	/* --tmpdir: spill files and the jobs' TMPDIR, as GNU parallel */
	if (o.tmpdir && setenv("TMPDIR", o.tmpdir, 1) < 0)
		die(255, "--tmpdir %s: cannot set TMPDIR", o.tmpdir);
	/* as GNU parallel: a run with --tmpdir, --files or --compress that
	 * cannot write in the temporary directory fails at once, errno its
	 * status (without them, only a job that must spill needs it) */
	if (!o.xargs_mode && !o.shellquote && (o.tmpdir || o.files || o.compress) &&
	    ozip_check_tmpdir() < 0) {
		int e = errno;
		die(e > 0 && e < 255 ? e : 255, "cannot create a temporary file in %s: %s",
		    tmp_dir(), strerror(e));
	}
	status = o.shellquote ? shellquote_run(&o) : run(&o);
	opts_free(&o);
	return status;
}
