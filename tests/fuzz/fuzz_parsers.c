/* fuzz_parsers.c: the value parsers behind the options (durations, sizes,
 * delimiters, termination sequences, --halt, whole numbers).  The first
 * byte picks the parser, the rest (up to a NUL) is the value.  Every
 * accepted value must land in the range the rest of parx relies on. */
#include <math.h>
#include <string.h>

#include "../../src/opts.h"
#include "../../src/util.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	double d = -1;
	long long ll = -1;
	long l = -1;
	int c = -1;
	struct termstep seq[TERMSEQ_MAX];
	size_t n = 0, i;
	struct halt h;

	if (size < 1)
		return 0;
	s = xstrndup((const char *)data + 1, size - 1);
	switch (data[0] % 6) {
	case 0:
		if (parse_duration(s, &d) == 0)
			FUZZ_CHECK(isfinite(d) && d >= 0 && d <= 1e9);
		break;
	case 1:
		if (parse_size(s, &ll) == 0)
			FUZZ_CHECK(ll >= 1 && ll <= 1000000000000000LL);
		break;
	case 2:
		if (parse_delim(s, &c) == 0)
			FUZZ_CHECK(c >= 0 && c <= 255);
		break;
	case 3:
		if (parse_termseq(s, seq, &n) == 0) {
			FUZZ_CHECK(n >= 1 && n <= TERMSEQ_MAX);
			for (i = 0; i < n; i++) {
				FUZZ_CHECK(seq[i].sig >= 1 && seq[i].sig <= 64);
				FUZZ_CHECK(seq[i].ms >= 0 && seq[i].ms <= 86400000L);
			}
		}
		break;
	case 4:
		if (parse_halt(s, &h) == 0) {
			FUZZ_CHECK(h.when == HALT_NEVER || h.when == HALT_SOON ||
				   h.when == HALT_NOW);
			if (h.when != HALT_NEVER)
				FUZZ_CHECK(h.count >= 1 ||
					   (h.percent > 0 && h.percent <= 100));
		}
		break;
	case 5:
		if (parse_long(s, -20, 19, &l) == 0)
			FUZZ_CHECK(l >= -20 && l <= 19);
		if (parse_long(s, 1, 1000000, &l) == 0)
			FUZZ_CHECK(l >= 1 && l <= 1000000);
		break;
	}
	free(s);
	return 0;
}
