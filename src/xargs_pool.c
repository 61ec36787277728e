/* xargs_pool.c: the xargs personality taking part in the pool's run: -p
 * asks before each command, each finished command counts for xargs' exit
 * status (123-127) and may stop the starts; -o and -a give the commands
 * their stdin. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "exec.h"
#include "input.h"
#include "pool.h"
#include "util.h"
#include "xargs.h"
#include "xsplit.h"

struct xrun {
	const struct opts *o;
	struct exec *ex;
	int status;		/* xargs' exit status so far */
};

struct xrun *xrun_new(const struct opts *o, struct exec *ex)
{
	struct xrun *x;

	if (o->xo->open_tty || o->xo->arg_file) {
		/* -o gives commands the terminal, -a parx's own stdin */
		int fd = o->xo->open_tty ? open("/dev/tty", O_RDONLY | O_CLOEXEC) :
			 fcntl(0, F_DUPFD_CLOEXEC, 3);
		if (fd < 0 && o->xo->open_tty) {
			warn_("failed to open /dev/tty for reading");
			return NULL;
		}
		if (fd >= 0)
			exec_set_stdin(ex, fd);
	}
	x = xcalloc(1, sizeof *x);
	x->o = o;
	x->ex = ex;
	return x;
}

void xrun_free(struct xrun *x)
{
	free(x);
}

/* -p: a command the answer was no to does not run. */
static int hook_skip(void *ctx, const struct job *j)
{
	struct xrun *x = ctx;

	return x->o->xo->interactive &&
	       !xargs_ask(exec_display(x->ex, (struct job *)j));
}

/* xargs stops starting commands after 255, a signal, 126, 127. */
static int hook_done(void *ctx, struct job *j)
{
	struct xrun *x = ctx;

	return xargs_job_end(j, &x->status) ? HOOK_STOP : 0;
}

void xrun_attach(struct xrun *x, struct pool *p)
{
	struct hook h = { .ctx = x, .name = "xargs", .job_skip = hook_skip,
			  .job_done = hook_done };

	pool_hook_add(p, &h);
}

int xrun_status(const struct xrun *x)
{
	return x->status;
}

int xrun_exit(const struct input *in, int status)
{
	int e = input_xargs_error(in);

	if (e) {
		warnx_("%s", xsplit_strerror((enum xsplit_err)e));
		return 1;
	}
	return status == 255 ? 1 : status;
}
