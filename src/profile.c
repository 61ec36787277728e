/* profile.c: reading options from profile files and $PARALLEL, split
 * into words the way a shell splits them, and putting them in front of
 * the command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile.h"
#include "util.h"

static void add_word(struct profile *pr, struct sbuf *w)
{
	pr->words = xreallocarray(pr->words, pr->nwords + 1, sizeof *pr->words);
	pr->words[pr->nwords++] = xstrndup(w->buf ? w->buf : "", w->len);
	sbuf_reset(w);
}

int profile_split(struct profile *pr, const char *s)
{
	struct sbuf w = {0};
	int inword = 0, q = 0;	/* q: the open quote, or 0 */

	for (; *s; s++) {
		if (!q && strchr(" \t\n\r", *s)) {
			if (inword)
				add_word(pr, &w);
			inword = 0;
			continue;
		}
		inword = 1;
		if (q == '\'' && *s != '\'') {
			sbuf_addc(&w, *s);
		} else if (*s == '\\' && s[1] && q != '\'') {
			sbuf_addc(&w, *++s);
		} else if ((*s == '\'' || *s == '"') && (!q || q == *s)) {
			q = q ? 0 : *s;
			sbuf_grow(&w, 0);
		} else {
			sbuf_addc(&w, *s);
		}
	}
	if (inword && !q)
		add_word(pr, &w);
	sbuf_free(&w);
	if (q) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int profile_read(struct profile *pr, const char *path)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	if (!f)
		return -1;
	while (rc == 0 && getline(&line, &cap, f) >= 0) {
		const char *p = line + strspn(line, " \t");
		if (*p != '#')
			rc = profile_split(pr, p);
	}
	if (rc == 0 && ferror(f))
		rc = -1;
	free(line);
	fclose(f);
	return rc;
}

char *profile_path(const char *name)
{
	const char *home = getenv("PARALLEL_HOME");
	struct sbuf b = {0};

	if (name[0] == '/' || strncmp(name, "./", 2) == 0)
		return xstrdup(name);
	if (home && *home) {
		sbuf_adds(&b, home);
	} else {
		home = getenv("HOME");
		sbuf_adds(&b, home ? home : "");
		sbuf_adds(&b, "/.parallel");
	}
	sbuf_addc(&b, '/');
	sbuf_adds(&b, name);
	return b.buf;
}

/* A config file that is not there is no error. */
static int read_config(struct profile *pr, const char *path)
{
	if (access(path, R_OK) < 0)
		return 0;
	return profile_read(pr, path);
}

int profile_gather(struct profile *pr, char *const *names, size_t n,
		   char **bad)
{
	const char *env = getenv("PARALLEL");
	size_t i;

	*bad = NULL;
	if (n == 0) {
		char *path = profile_path("config");
		if (read_config(pr, "/etc/parallel/config") < 0)
			*bad = xstrdup("/etc/parallel/config");
		else if (read_config(pr, path) < 0)
			*bad = path;
		if (*bad) {
			if (*bad != path)
				free(path);
			return -1;
		}
		free(path);
	}
	for (i = 0; i < n; i++) {
		char *path = profile_path(names[i]);
		if (profile_read(pr, path) < 0) {
			*bad = path;
			return -1;
		}
		free(path);
	}
	if (env && profile_split(pr, env) < 0) {
		*bad = xstrdup("$PARALLEL");
		return -1;
	}
	return 0;
}

void profile_argv(struct profile *pr, int argc, char **argv)
{
	size_t i;
	int k = 0;

	pr->argc = argc + (int)pr->nwords;
	pr->argv = xcalloc((size_t)pr->argc + 1, sizeof *pr->argv);
	pr->argv[k++] = argv[0];
	for (i = 0; i < pr->nwords; i++)
		pr->argv[k++] = pr->words[i];
	for (i = 1; i < (size_t)argc; i++)
		pr->argv[k++] = argv[i];
}

void profile_free(struct profile *pr)
{
	size_t i;

	for (i = 0; i < pr->nwords; i++)
		free(pr->words[i]);
	free(pr->words);
	free(pr->argv);
	memset(pr, 0, sizeof *pr);
}
