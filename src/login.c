/* login.c: the logins of -S and --sshloginfile: [N/]HOST or
 * [N/]SSH-COMMAND... HOST, HOST possibly a Slurm host list (node[01-04])
 * that stands for several hosts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostlist.h"
#include "login.h"
#include "util.h"

/* Split s at blanks into a NULL-terminated word array backed by *store. */
static char **split_words(const char *s, char **store, size_t *n)
{
	char **w, *p;
	size_t cap = 4;

	*store = p = xstrdup(s);
	w = xcalloc(cap + 1, sizeof *w);
	*n = 0;
	for (;;) {
		p += strspn(p, " \t\n");
		if (!*p)
			break;
		if (*n == cap) {
			cap *= 2;
			w = xreallocarray(w, cap + 1, sizeof *w);
		}
		w[(*n)++] = p;
		p += strcspn(p, " \t\n");
		if (*p)
			*p++ = '\0';
	}
	w[*n] = NULL;
	return w;
}

/* Add one host: HOST or SSH-COMMAND... HOST (s), n slots (0: as found);
 * ssh: the --ssh command, NULL for ssh. */
static int host_add_one(struct logins *ls, const char *ssh, const char *what,
			const char *s, long n)
{
	struct login *h;
	size_t nw;
	char **w, *store;

	w = split_words(s, &store, &nw);
	if (nw == 0) {
		free(w);
		free(store);
		warnx_("%s %s: no host named", what, s);
		return -1;
	}
	ls->v = xreallocarray(ls->v, ls->n + 1, sizeof *ls->v);
	h = &ls->v[ls->n++];
	memset(h, 0, sizeof *h);
	h->given = n;
	h->name = xstrdup(w[nw - 1]);
	h->local = strcmp(h->name, ":") == 0;
	if (nw > 1) {
		/* the login names its own transport */
		w[nw - 1] = NULL;
		h->ssh = w;
		h->nssh = nw - 1;
		h->words = store;
	} else {
		free(w);
		free(store);
		h->ssh = split_words(ssh && *ssh ? ssh : "ssh",
				     &h->words, &h->nssh);
		if (h->nssh == 0) {
			warnx_("--ssh: no command given");
			return -1;
		}
	}
	return 0;
}

/* Add one login: [N/]HOST or [N/]SSH-COMMAND... HOST, HOST possibly a
 * Slurm host list (node[01-04]) that stands for several hosts.  what
 * names where the login came from, for messages. */
static int host_add(struct logins *ls, const char *ssh, const char *what,
		    const char *login)
{
	const char *s = login + strspn(login, " \t"), *d = s, *last, *why;
	struct sbuf names = {0}, one = {0};
	size_t len, i, k;
	long n = 0;
	int rc = 0;

	while (*d >= '0' && *d <= '9' && n < 1000000)
		n = n * 10 + (*d++ - '0');
	if (d > s && *d == '/') {
		if (n < 1) {
			warnx_("%s %s: the slot count must be at least 1", what,
			       login);
			return -1;
		}
		s = d + 1;
	} else {
		n = 0;
	}
	len = strlen(s);
	while (len && strchr(" \t\n", s[len - 1]))
		len--;
	for (last = s + len; last > s && !strchr(" \t", last[-1]); last--)
		;
	if (!memchr(last, '[', len - (size_t)(last - s)) &&
	    !memchr(last, ']', len - (size_t)(last - s)))
		return host_add_one(ls, ssh, what, s, n);
	if (hostlist_expand(last, len - (size_t)(last - s), &names, &k,
			    &why) < 0) {
		warnx_("%s %s: bad host list: %s", what, login, why);
		return -1;
	}
	for (i = 0, d = names.buf; i < k && rc == 0; i++, d += strlen(d) + 1) {
		sbuf_reset(&one);
		sbuf_add(&one, s, (size_t)(last - s));
		sbuf_adds(&one, d);
		rc = host_add_one(ls, ssh, what, one.buf, n);
	}
	sbuf_free(&names);
	sbuf_free(&one);
	return rc;
}

int login_add_list(struct logins *ls, const char *ssh, const char *what,
		   const char *list)
{
	char *copy = xstrdup(list), *p = copy;
	int rc = 0;

	while (rc == 0) {
		size_t n = hostlist_span(p);
		int end = p[n] == '\0';
		p[n] = '\0';
		if (p[strspn(p, " \t")])
			rc = host_add(ls, ssh, what, p);
		if (end)
			break;
		p += n + 1;
	}
	free(copy);
	return rc;
}

int login_read_file(struct logins *ls, const char *ssh, const char *file)
{
	int std = strcmp(file, "-") == 0;
	FILE *f = std ? stdin : fopen(file, "re");
	struct sbuf what = {0};
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	if (!f) {
		warn_("--sshloginfile %s", file);
		return -1;
	}
	sbuf_addf(&what, "--sshloginfile %s:", file);
	while (rc == 0 && getline(&line, &cap, f) >= 0) {
		char *s = line + strspn(line, " \t");
		s[strcspn(s, "#\r\n")] = '\0';
		if (s[strspn(s, " \t")])
			rc = login_add_list(ls, ssh, what.buf, s);
	}
	if (rc == 0 && ferror(f)) {
		warn_("--sshloginfile %s", file);
		rc = -1;
	}
	free(line);
	sbuf_free(&what);
	if (!std)
		fclose(f);
	return rc;
}
