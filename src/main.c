/* main.c: wiring.  Parse the options, set up signals, open the input,
 * run the pool, exit with its status. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>

#include "input.h"
#include "opts.h"
#include "pool.h"
#include "sem.h"
#include "sig.h"
#include "template.h"
#include "util.h"
#include "xargs.h"
#include "xsplit.h"

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

/* The xargs personality's exit status: its input's own error ends it
 * with 1, as does any error of parx's (255). */
static int xargs_status(const struct input *in, int status)
{
	int e = input_xargs_error(in);

	if (e) {
		warnx_("%s", xsplit_strerror((enum xsplit_err)e));
		return 1;
	}
	return status == 255 ? 1 : status;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct input *in = NULL;
	struct tmpl *t;
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
	if (sig_init() < 0)
		die(255, "cannot set up signal handling");
	if (!o.pipe && !o.pipepart) {
		const char *what = NULL;
		if (!(in = input_open(&o, &what))) {
			if (o.colsep && what == o.colsep)
				die(255, "--colsep: invalid regular expression '%s'", what);
			if (o.xargs_mode)
				warn_("Cannot open input file '%s'", what);
			else
				warn_("%s", !what || !*what ? "input" :
				      strcmp(what, "-") == 0 ? "stdin" : what);
			opts_free(&o);
			return o.xargs_mode ? 1 : 255;
		}
	}
	if (o.xargs_mode)
		t = tmpl_new_argv(o.cmd, o.ncmd, o.xo->repl);
	else if (o.pipe || o.pipepart)
		t = tmpl_new_pipe(o.cmd, o.ncmd, o.quote, o.repl);
	else
		t = tmpl_new(o.cmd, o.ncmd, o.quote, o.repl, o.xargs);
	status = pool_run(&o, in, t);
	if (o.xargs_mode)
		status = xargs_status(in, status);
	tmpl_free(t);
	input_close(in);
	opts_free(&o);
	return status;
}
