/* fuzz_colsep.c: --colsep splitting with a fuzzed ERE and text.  Input:
 * pattern length, pattern, text (which may hold any byte, as an input line
 * may).  The columns must be pieces of the text in order: the first a
 * prefix, the last a suffix.  Back-references and piles of repetitions
 * (a+++++...) are left out: glibc's regcomp/regexec cost for those is
 * exponential by design, whoever calls them. */
#include <string.h>

#include "../../src/input.h"
#include "fuzz.h"

#define MAX_TEXT 512
#define MAX_REPS 6

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chunk c = {0};
	struct colsep *cs;
	char *re;
	const char *text, *pos, *last;
	size_t plen, tlen, i, total = 0, reps = 0;

	if (size < 1)
		return 0;
	plen = data[0] % 48;
	if (plen > size - 1)
		plen = size - 1;
	re = xstrndup((const char *)data + 1, plen);
	for (i = 0; re[i]; i++) {
		if (re[i] == '\\' && re[i + 1] >= '0' && re[i + 1] <= '9')
			goto out;
		if (strchr("*+?{", re[i]) && ++reps > MAX_REPS)
			goto out;
	}
	text = (const char *)data + 1 + plen;
	tlen = size - 1 - plen;
	if (tlen > MAX_TEXT)
		tlen = MAX_TEXT;
	if (!(cs = colsep_new(re)))
		goto out;
	colsep_split(cs, text, tlen, &c);
	colsep_free(cs);

	FUZZ_CHECK(c.nvals >= 1);
	for (i = 0; i < c.nvals; i++)
		total += c.len[i];
	FUZZ_CHECK(total <= tlen);
	FUZZ_CHECK(memcmp(CHUNK_VAL(&c, 0), text, c.len[0]) == 0);
	last = text + tlen - c.len[c.nvals - 1];
	FUZZ_CHECK(c.nvals == 1 ? c.len[0] == tlen :
		   memcmp(CHUNK_VAL(&c, c.nvals - 1), last, c.len[c.nvals - 1]) == 0);
	/* the middle columns fit, in order, between the first and the last */
	pos = text + c.len[0];
	for (i = 1; i + 1 < c.nvals; i++) {
		const char *hit;
		FUZZ_CHECK(pos <= last);
		hit = c.len[i] == 0 ? pos :
			memmem(pos, (size_t)(last - pos), CHUNK_VAL(&c, i), c.len[i]);
		FUZZ_CHECK(hit != NULL && hit <= last);
		pos = hit + c.len[i];
	}
	FUZZ_CHECK(c.nvals == 1 || pos <= last);
	chunk_free(&c);
out:
	free(re);
	return 0;
}
