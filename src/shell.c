/* shell.c: finding the shell that runs jobs which need one (as GNU
 * parallel finds it: the shell parx was started from), and quoting
 * values for that shell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell.h"

extern char **environ;

/* Names of shells, as /proc/PID/comm shows them. */
static const char *const shells[] = {
	"ash", "bash", "bsd-csh", "csh", "dash", "fdsh", "fish", "fizsh",
	"ksh", "ksh93", "lksh", "mksh", "pdksh", "posh", "rbash", "rc",
	"rush", "rzsh", "sash", "sh", "static-sh", "tcsh", "yash", "zsh",
};

static const char *known_shell(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof shells / sizeof *shells; i++)
		if (strcmp(name, shells[i]) == 0)
			return shells[i];
	return NULL;
}

/* The parent of pid from /proc/PID/stat, or 0. */
static long parent_of(long pid)
{
	char path[64], buf[512], *p;
	long ppid = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if (!(f = fopen(path, "re")))
		return 0;
	if (fgets(buf, sizeof buf, f) && (p = strrchr(buf, ')')) &&
	    sscanf(p + 1, " %*c %ld", &ppid) != 1)
		ppid = 0;
	fclose(f);
	return ppid;
}

/* The shell name of process pid, or NULL when it is no known shell. */
static const char *shell_of(long pid)
{
	char path[64], name[64];
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/comm", pid);
	if (!(f = fopen(path, "re")))
		return NULL;
	n = fread(name, 1, sizeof name - 1, f);
	fclose(f);
	while (n && name[n - 1] == '\n')
		n--;
	name[n] = '\0';
	return known_shell(name[0] == '-' ? name + 1 : name);
}

static const char *ancestor_shell(void)
{
	long pid = (long)getppid();
	int depth;
	const char *sh;

	for (depth = 0; pid > 1 && depth < 64; depth++) {
		if ((sh = shell_of(pid)))
			return sh;
		pid = parent_of(pid);
	}
	return NULL;
}

/* The first name in $PATH that is executable, into store; else name. */
static const char *in_path(const char *name, struct sbuf *store)
{
	const char *path = getenv("PATH"), *p, *end;

	if (!store || !path)
		return name;
	for (p = path; ; p = end + 1) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		sbuf_reset(store);
		sbuf_add(store, p, (size_t)(end - p));
		sbuf_addc(store, '/');
		sbuf_adds(store, name);
		if (end > p && access(store->buf, X_OK) == 0)
			return store->buf;
		if (!*end)
			break;
	}
	return name;
}

const char *shell_find(struct sbuf *store)
{
	const char *sh;

	if ((sh = getenv("PARX_SHELL")) && *sh)
		return sh;
	if ((sh = getenv("PARALLEL_SHELL")) && *sh)
		return sh;
	if ((sh = ancestor_shell()))
		return in_path(sh, store);
	if ((sh = getenv("SHELL")) && *sh)
		return sh;
	return "/bin/sh";
}

enum shell_kind shell_kind_of(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (strcmp(base, "fish") == 0)
		return SHK_FISH;
	if (strcmp(base, "csh") == 0 || strcmp(base, "tcsh") == 0 ||
	    strcmp(base, "bsd-csh") == 0)
		return SHK_CSH;
	return SHK_POSIX;
}

void shell_quote_kind(enum shell_kind k, struct sbuf *b, const char *s,
		      size_t n)
{
	size_t i;

	if (k == SHK_POSIX || !shell_needs_quote(s, n)) {
		shell_quote(b, s, n);
		return;
	}
	sbuf_addc(b, '\'');
	for (i = 0; i < n; i++) {
		if (k == SHK_FISH && (s[i] == '\\' || s[i] == '\''))
			sbuf_addc(b, '\\');
		else if (k == SHK_CSH && s[i] == '\'')
			sbuf_adds(b, "'\\");
		else if (k == SHK_CSH && (s[i] == '!' || s[i] == '\n'))
			sbuf_addc(b, '\\');
		sbuf_addc(b, s[i]);
		if (k == SHK_CSH && s[i] == '\'')
			sbuf_addc(b, '\'');
	}
	sbuf_addc(b, '\'');
}

int shell_is_bash_func(const char *name, size_t n)
{
	char **e;

	if (n == 0)
		return 0;
	for (e = environ; *e; e++)
		if (strncmp(*e, "BASH_FUNC_", 10) == 0 &&
		    strncmp(*e + 10, name, n) == 0 &&
		    strncmp(*e + 10 + n, "%%=", 3) == 0)
			return 1;
	return 0;
}
