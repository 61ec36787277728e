/* xargs_run.c: the xargs personality while commands run: what a finished
 * command means for xargs' exit status (123-127) and whether it stops,
 * the command as -t and -p show it (quoted only where a shell needs it),
 * and -p's question on /dev/tty. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "xargs.h"

extern char **environ;

int xargs_job_end(const struct job *j, int *status)
{
	const char *name = j->argv && j->argv[0] ? j->argv[0] : "";
	int st = 0;

	switch (j->fail) {
	case JF_NOTFOUND:
		warnx_("%s: %s", name, strerror(ENOENT));
		st = XS_NOT_FOUND;
		break;
	case JF_NOEXEC:
		warnx_("%s: %s", name, strerror(EACCES));
		st = XS_CANNOT_RUN;
		break;
	case JF_TOOLONG:
	case JF_SPAWN:
		st = XS_CANNOT_RUN;
		break;
	case JF_TIMEOUT:
	case JF_OUTPUT:
		/* parx's own reasons: a failure, not a reason to stop */
		if (*status == 0)
			*status = XS_CMD_FAILED;
		return 0;
	case JF_NONE:
		if (j->termsig) {
			warnx_("%s: terminated by signal %d", name, j->termsig);
			st = XS_CMD_SIGNAL;
		} else if (j->exitval == 255) {
			warnx_("%s: exited with status 255; aborting", name);
			st = XS_CMD_255;
		} else if (j->exitval != 0 && *status == 0) {
			*status = XS_CMD_FAILED;
		}
		break;
	}
	if (!st)
		return 0;
	if (*status < XS_CMD_255)
		*status = st;
	return 1;
}

/* Bytes a shell reads as themselves in a word; '#' and '~' only past its
 * start, '{' and '}' unless they are the whole word. */
static int needs_quote(const unsigned char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 1;
	if (s[0] == '#' || s[0] == '~' ||
	    (n == 1 && (s[0] == '{' || s[0] == '}')))
		return 1;
	for (i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] >= 0x7f ||
		    strchr(" !\"$&'()*;<>?[\\^`|=", s[i]))
			return 1;
	return 0;
}

/* A word holding a single quote that reads the same inside double quotes
 * is shown in them: letters, digits, blanks and %+,-./:@]_ only. */
static int double_quotable(const unsigned char *s, size_t n)
{
	size_t i;
	int quote = 0;

	for (i = 0; i < n; i++) {
		int c = s[i];
		if (c == '\'')
			quote = 1;
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == ' ' ||
			   strchr("%+,-./:@]_", c) ||
			   (i == 0 && (c == '#' || c == '~'))))
			return 0;
	}
	return quote;
}

/* One pass of single-quoting s, control and non-ASCII bytes as $'\ooo'
 * pieces; pending says such a piece is open.  Returns it at the end. */
static int quote_pass(struct sbuf *out, const unsigned char *s, size_t n,
		      int pending)
{
	static const char named[] = "\aa\bb\ff\nn\rr\tt\vv";
	size_t i;

	sbuf_addc(out, '\'');
	for (i = 0; i < n; i++) {
		int c = s[i];
		if (c < 0x20 || c >= 0x7f) {
			const char *e = c ? strchr(named, c) : NULL;
			if (!pending)
				sbuf_adds(out, "'$'");
			pending = 1;
			if (e && (e - named) % 2 == 0)
				sbuf_addf(out, "\\%c", e[1]);
			else
				sbuf_addf(out, "\\%03o", (unsigned)c);
			continue;
		}
		if (pending)
			sbuf_adds(out, "''");
		pending = 0;
		if (c == '\'')
			sbuf_adds(out, "'\\''");
		else
			sbuf_addc(out, c);
	}
	sbuf_addc(out, '\'');
	return pending;
}

static void quote_word(struct sbuf *out, const char *w, size_t n)
{
	const unsigned char *s = (const unsigned char *)w;
	struct sbuf scratch = {0};
	int pending = 0;

	if (!needs_quote(s, n)) {
		sbuf_add(out, w, n);
		return;
	}
	if (memchr(w, '\'', n)) {
		if (double_quotable(s, n)) {
			sbuf_addc(out, '"');
			sbuf_add(out, w, n);
			sbuf_addc(out, '"');
			return;
		}
		/* as xargs shows them: a first pass only measures, and what
		 * it left open carries into the second */
		pending = quote_pass(&scratch, s, n, 0);
		sbuf_free(&scratch);
	}
	quote_pass(out, s, n, pending);
}

char *xargs_display(const struct tmpl *t, const struct chunk *c)
{
	struct sbuf words = {0}, out = {0};
	const char *p, *end;

	tmpl_expand(t, c, 0, 0, TR_ARGV, &words);
	sbuf_adds(&out, "");
	for (p = words.buf, end = p + words.len; p && p < end; p += strlen(p) + 1) {
		if (p != words.buf)
			sbuf_addc(&out, ' ');
		quote_word(&out, p, strlen(p));
	}
	sbuf_free(&words);
	return out.buf;
}

char **xargs_env(const struct xargs_opts *x, char **slotenv)
{
	const char *var = x->slot_var;
	size_t n = 0, vl = var ? strlen(var) : 0;
	char **envp, **e;

	for (e = environ; *e; e++)
		n++;
	envp = xcalloc(n + 2, sizeof *envp);
	for (n = 0, e = environ; *e; e++)
		if (!var || strncmp(*e, var, vl) != 0 || (*e)[vl] != '=')
			envp[n++] = *e;
	*slotenv = NULL;
	if (var) {
		*slotenv = xmalloc(vl + 32);
		snprintf(*slotenv, vl + 32, "%s=0", var);
		envp[n++] = *slotenv;
	}
	envp[n] = NULL;
	return envp;
}

int xargs_ask(const char *display)
{
	struct sbuf b = {0};
	char c = 0, first = 0;
	int fd = open("/dev/tty", O_RDONLY | O_CLOEXEC), got = 0;
	ssize_t n;

	if (fd < 0) {
		warn_("failed to open /dev/tty for reading");
		exit(1);
	}
	sbuf_adds(&b, display);
	sbuf_adds(&b, "?...");
	(void)write_all(2, b.buf, b.len);
	sbuf_free(&b);
	/* the first byte of the answer's line decides */
	while ((n = read(fd, &c, 1)) == 1 || (n < 0 && errno == EINTR)) {
		if (n != 1)
			continue;
		if (!got++)
			first = c;
		if (c == '\n')
			break;
	}
	close(fd);
	return first == 'y' || first == 'Y';
}
