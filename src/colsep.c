/* colsep.c: splitting an input into columns at the matches of the
 * --colsep regular expression (declared in input.h). */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

struct colsep {
	regex_t re;
};

struct colsep *colsep_new(const char *ere)
{
	struct colsep *cs = xmalloc(sizeof *cs);
	struct sbuf pat = {0};
	int rc;

	/* \t \n \r as in the regexes users know from other tools */
	for (; *ere; ere++) {
		if (ere[0] == '\\' && ere[1] && strchr("tnr", ere[1])) {
			sbuf_addc(&pat, ere[1] == 't' ? '\t' : ere[1] == 'n' ? '\n' : '\r');
			ere++;
		} else if (ere[0] == '\\' && ere[1]) {
			sbuf_add(&pat, ere, 2);
			ere++;
		} else {
			sbuf_addc(&pat, *ere);
		}
	}
	rc = regcomp(&cs->re, pat.buf ? pat.buf : "", REG_EXTENDED);
	sbuf_free(&pat);
	if (rc != 0) {
		free(cs);
		return NULL;
	}
	return cs;
}

void colsep_split(const struct colsep *cs, const char *s, size_t n,
		  struct chunk *c)
{
	/* regexec needs a NUL-terminated string; values never hold NUL */
	char *copy = xstrndup(s, n);
	const char *p = copy, *end = copy + n;
	regmatch_t m;

	while (p <= end && regexec(&cs->re, p, 1, &m, p == copy ? 0 : REG_NOTBOL) == 0) {
		if (m.rm_eo == 0) {	/* empty match: no separator here */
			if (p == end)
				break;
			/* look for a non-empty match further on */
			const char *q = p + 1;
			int found = 0;
			while (q <= end && regexec(&cs->re, q, 1, &m, REG_NOTBOL) == 0) {
				if (m.rm_eo > m.rm_so) {
					found = 1;
					break;
				}
				if (q == end)
					break;
				q++;
			}
			if (!found)
				break;
			chunk_add(c, p, (size_t)(q - p) + (size_t)m.rm_so);
			p = q + m.rm_eo;
			continue;
		}
		chunk_add(c, p, (size_t)m.rm_so);
		p += m.rm_eo;
	}
	chunk_add(c, p, (size_t)(end - p));
	free(copy);
}

void colsep_free(struct colsep *cs)
{
	if (!cs)
		return;
	regfree(&cs->re);
	free(cs);
}
