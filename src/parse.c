/* parse.c: range-checked values from the command line: numbers,
 * durations, sizes, delimiters, termination sequences, --halt. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "escape.h"
#include "cpus.h"
#include "opts.h"
#include "util.h"

int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* A finite number >= 0 at the start of s, *end just after it. */
static int parse_number(const char *s, char **end, double *v)
{
	errno = 0;
	*v = strtod(s, end);
	return errno || *end == s || !isfinite(*v) || *v < 0 ? -1 : 0;
}

int parse_count(const char *s, long min, long max, long *out)
{
	static const char units[] = "kmgtp";
	char *end;
	const char *u;
	double v, mul = 1;
	int i;

	errno = 0;
	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	v = (double)strtol(s, &end, 10);
	if (errno || end == s)
		return -1;
	if (*end && (u = strchr(units, tolower((unsigned char)*end)))) {
		/* k M G T P: powers of 1000; Ki Mi ...: of 1024 */
		int binary = end[1] == 'i' || end[1] == 'I';
		for (i = 0; i <= u - units; i++)
			mul *= binary ? 1024 : 1000;
		end += binary ? 2 : 1;
	}
	v *= mul;
	if (*end || v < (double)min || v > (double)max)
		return -1;
	*out = (long)v;
	return 0;
}

/* -j: N, N%, +N, -N, 0 */
int parse_jobs(const char *s, long *jobs, int *zero)
{
	long v, cpus;
	size_t n = strlen(s);

	if (n && s[n - 1] == '%') {
		char *copy = xstrndup(s, n - 1);
		int rc = parse_long(copy, 1, 100000, &v);
		free(copy);
		if (rc < 0)
			return -1;
		cpus = cpus_usable();
		*jobs = cpus * v / 100;
		if (*jobs < 1)
			*jobs = 1;
		return 0;
	}
	if (s[0] == '+' || s[0] == '-') {
		if (parse_long(s + 1, 0, 1000000, &v) < 0)
			return -1;
		cpus = cpus_usable();
		*jobs = s[0] == '+' ? cpus + v : cpus - v;
		if (*jobs < 1)
			*jobs = 1;
		return 0;
	}
	if (parse_long(s, 0, 1000000, &v) < 0)
		return -1;
	*zero = v == 0;
	*jobs = v;
	return 0;
}

int parse_duration(const char *s, double *secs)
{
	double total = 0;
	int any = 0;

	if (!s || !*s)
		return -1;
	while (*s) {
		char *end;
		double v, mul = 1;
		if (!isdigit((unsigned char)*s) && *s != '.')
			return -1;
		if (parse_number(s, &end, &v) < 0)
			return -1;
		s = end;
		if (strncmp(s, "ms", 2) == 0) {
			mul = 0.001;
			s += 2;
		} else if (*s == 's' || *s == 'm' || *s == 'h' || *s == 'd') {
			mul = *s == 's' ? 1 : *s == 'm' ? 60 : *s == 'h' ? 3600 : 86400;
			s++;
		} else if (*s) {
			return -1;
		} else if (any) {
			return -1;	/* "1m30" is ambiguous */
		}
		total += v * mul;
		any = 1;
	}
	if (total > 1e9)
		return -1;
	*secs = total;
	return 0;
}

int parse_size(const char *s, long long *bytes)
{
	char *end;
	double v, mul = 1;

	if (!s || !*s || !(isdigit((unsigned char)*s) || *s == '.'))
		return -1;
	if (parse_number(s, &end, &v) < 0)
		return -1;
	switch (*end) {
	case '\0': break;
	/* as GNU parallel: lower case k m g t are powers of 1000, upper
	 * case K M G T powers of 1024 */
	case 'k': mul = 1e3; end++; break;
	case 'm': mul = 1e6; end++; break;
	case 'g': mul = 1e9; end++; break;
	case 't': mul = 1e12; end++; break;
	case 'K': mul = 1024.0; end++; break;
	case 'M': mul = 1024.0 * 1024; end++; break;
	case 'G': mul = 1024.0 * 1024 * 1024; end++; break;
	case 'T': mul = 1024.0 * 1024 * 1024 * 1024; end++; break;
	default: return -1;
	}
	if (*end == 'b' || *end == 'B')
		end++;
	if (*end || v * mul < 1 || v * mul > 1e15)
		return -1;
	*bytes = (long long)(v * mul);
	return 0;
}

int parse_delim(const char *s, int *out)
{
	size_t k;

	if (!s || !*s)
		return -1;
	if (s[0] != '\\') {
		if (s[1])
			return -1;
		*out = (unsigned char)s[0];
		return 0;
	}
	k = escape_one(s, ESC_ALL, out);
	return k && !s[k] ? 0 : -1;
}

int parse_delim_str(const char *s, struct sbuf *out)
{
	while (*s) {
		char piece[5] = {0};
		size_t n = s[0] != '\\' ? 1 : s[1] == 'x' ? 4 : 2;
		int c;

		if (strnlen(s, n) < n)
			return -1;
		memcpy(piece, s, n);
		if (parse_delim(piece, &c) < 0)
			return -1;
		sbuf_addc(out, c);
		s += n;
	}
	return out->len ? 0 : -1;
}

static int parse_signal(const char *s)
{
	static const struct { const char *name; int sig; } sigs[] = {
		{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
		{ "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
		{ "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "CONT", SIGCONT },
		{ "STOP", SIGSTOP }, { "TSTP", SIGTSTP },
	};
	size_t i;
	long v;

	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (strcasecmp(s, sigs[i].name) == 0)
			return sigs[i].sig;
	if (parse_long(s, 1, 64, &v) == 0)
		return (int)v;
	return -1;
}

int parse_termseq(const char *s, struct termstep *seq, size_t *n)
{
	char *copy = xstrdup(s), *tok, *save = NULL;
	size_t k = 0;
	int want_sig = 1, rc = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (want_sig) {
			int sig = parse_signal(tok);
			if (sig < 0 || k >= TERMSEQ_MAX) {
				rc = -1;
				break;
			}
			seq[k].sig = sig;
			seq[k].ms = 0;
			k++;
		} else {
			long ms;
			if (parse_long(tok, 0, 86400000L, &ms) < 0) {
				rc = -1;
				break;
			}
			seq[k - 1].ms = ms;
		}
		want_sig = !want_sig;
	}
	free(copy);
	if (rc < 0 || k == 0)
		return -1;
	*n = k;
	return 0;
}

int parse_halt(const char *s, struct halt *h)
{
	const char *comma, *eq, *val;
	long v;

	memset(h, 0, sizeof *h);
	if (strcmp(s, "never") == 0 || strcmp(s, "0") == 0)
		return 0;
	/* the old numeric forms */
	if (strcmp(s, "1") == 0 || strcmp(s, "2") == 0 ||
	    strcmp(s, "-1") == 0 || strcmp(s, "-2") == 0) {
		h->when = (s[0] == '2' || strcmp(s, "-2") == 0) ? HALT_NOW : HALT_SOON;
		h->what = s[0] == '-' ? HALT_SUCCESS : HALT_FAIL;
		h->count = 1;
		return 0;
	}
	comma = strchr(s, ',');
	if (!comma)
		return -1;
	if (strncmp(s, "soon,", 5) == 0)
		h->when = HALT_SOON;
	else if (strncmp(s, "now,", 4) == 0)
		h->when = HALT_NOW;
	else
		return -1;
	eq = strchr(comma, '=');
	if (!eq)
		return -1;
	if ((size_t)(eq - comma - 1) == 4 && strncmp(comma + 1, "fail", 4) == 0)
		h->what = HALT_FAIL;
	else if ((size_t)(eq - comma - 1) == 7 && strncmp(comma + 1, "success", 7) == 0)
		h->what = HALT_SUCCESS;
	else if ((size_t)(eq - comma - 1) == 4 && strncmp(comma + 1, "done", 4) == 0)
		h->what = HALT_DONE;
	else
		return -1;
	val = eq + 1;
	if (*val && val[strlen(val) - 1] == '%') {
		char *end;
		double p;
		errno = 0;
		p = strtod(val, &end);
		if (errno || end == val || *end != '%' || end[1] || p <= 0 || p > 100)
			return -1;
		h->percent = p;
		return 0;
	}
	if (parse_long(val, 1, LONG_MAX, &v) < 0)
		return -1;
	h->count = v;
	return 0;
}

int parse_delay(const char *s, double *secs, int *is_auto)
{
	size_t n = strlen(s);
	char *copy;
	int rc;

	*is_auto = 0;
	if (n < 4 || strcmp(s + n - 4, "auto") != 0)
		return parse_duration(s, secs);
	*is_auto = 1;
	if (n == 4) {
		*secs = 0;
		return 0;
	}
	copy = xstrndup(s, n - 4);
	rc = parse_duration(copy, secs);
	free(copy);
	return rc;
}

int parse_load(const char *s, double *max)
{
	long jobs;
	int zero = 0;
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	if (s[0] == '+' || s[0] == '-' || s[strlen(s) - 1] == '%') {
		if (parse_jobs(s, &jobs, &zero) < 0)
			return -1;
		*max = (double)jobs;
		return 0;
	}
	if (!isdigit((unsigned char)*s) && *s != '.')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < 0 || v > 1e6)
		return -1;
	*max = v > 0 ? v : 0.01;
	return 0;
}

int parse_retry_delay(const char *s, double *secs, double *max)
{
	const char *comma = strchr(s, ',');
	char *first;
	int rc;

	if (!comma) {
		if (parse_duration(s, secs) < 0)
			return -1;
		*max = *secs > 60 ? *secs : 60;
		return 0;
	}
	first = xstrndup(s, (size_t)(comma - s));
	rc = parse_duration(first, secs);
	free(first);
	if (rc < 0 || parse_duration(comma + 1, max) < 0 || *max < *secs)
		return -1;
	return 0;
}
