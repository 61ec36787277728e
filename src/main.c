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

/* A word for --shellquote: bare when it holds only A-Z a-z 0-9 _ + . / -,
 * else single-quoted, as GNU parallel prints it. */
static void quote_word(struct sbuf *b, const char *s, size_t n)
{
	static const char bare[] = "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+./-";
	size_t i;

	if (n && strspn(s, bare) >= n) {
		sbuf_add(b, s, n);
		return;
	}
	sbuf_addc(b, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '\'')
			sbuf_adds(b, "'\"'\"'");
		else
			sbuf_addc(b, s[i]);
	}
	sbuf_addc(b, '\'');
}

/* --shellquote: print each input quoted for the shell, run nothing. */
static int print_quoted(struct input *in)
{
	struct chunk c = {0};
	struct sbuf b = {0};
	size_t v;
	int rc, status = 0;

	while ((rc = input_next(in, &c, 1)) == INPUT_OK) {
		sbuf_reset(&b);
		for (v = 0; v < c.nvals; v++) {
			if (v)
				sbuf_addc(&b, ' ');
			quote_word(&b, CHUNK_VAL(&c, v), c.len[v]);
		}
		sbuf_addc(&b, '\n');
		if (write_all(1, b.buf, b.len) < 0) {
			status = 255;
			break;
		}
		chunk_reset(&c);
	}
	if (rc == INPUT_ERR) {
		warn_("%s", input_errname(in));
		status = 255;
	}
	chunk_free(&c);
	sbuf_free(&b);
	return status;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct input *in = NULL;
	struct tmpl *t;
	int status;

	reserve_std_fds();
	opts_parse(&o, argc, argv);
	if (o.sem) {
		status = sem_main(&o);
		opts_free(&o);
		return status;
	}
	if (o.workdir && !o.nsshlogins && !o.sshloginfile && !o.dry_run) {
		if (strcmp(o.workdir, "...") == 0)
			die(255, "--workdir ...: only for remote jobs (-S)");
		if (workdir_make(o.workdir) < 0)
			die(255, "--workdir %s: %s", o.workdir, strerror(errno));
	}
	if (sig_init() < 0)
		die(255, "cannot set up signal handling");
	if (!o.pipe && !o.pipepart) {
		const char *what = NULL;
		if (!(in = input_open(&o, &what))) {
			if (o.colsep && what == o.colsep)
				die(255, "--colsep: invalid regular expression '%s'", what);
			warn_("%s", !what || !*what ? "input" :
			      strcmp(what, "-") == 0 ? "stdin" : what);
			opts_free(&o);
			return 255;
		}
	}
	if (o.shellquote && in) {
		status = print_quoted(in);
		input_close(in);
		opts_free(&o);
		return status;
	}
	if (o.pipe || o.pipepart)
		t = tmpl_new_pipe(o.cmd, o.ncmd, o.quote, o.repl);
	else
		t = tmpl_new(o.cmd, o.ncmd, o.quote, o.repl, o.xmode);
	if (o.zero_args && !o.pipe && !o.pipepart && o.ncmd) {
		/* -n0: nothing is appended */
		tmpl_free(t);
		t = tmpl_new_pipe(o.cmd, o.ncmd, o.quote, o.repl);
	}
	/* remote hosts run scripts under POSIX sh */
	if (o.nsshlogins || o.sshloginfile)
		tmpl_set_shell(t, "/bin/sh");
	status = pool_run(&o, in, t);
	tmpl_free(t);
	input_close(in);
	opts_free(&o);
	return status;
}
