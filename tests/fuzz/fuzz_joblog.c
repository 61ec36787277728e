/* fuzz_joblog.c: the joblog reader behind --resume, on arbitrary text
 * (the buffer is exactly the input: no NUL after it). */
#include "../../src/joblog.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct resume *r = joblog_parse((const char *)data, size);
	unsigned long seq;

	FUZZ_CHECK(r != NULL);
	FUZZ_CHECK(!resume_skip(r, 0, 0));
	for (seq = 1; seq < 300; seq++)
		if (resume_skip(r, seq, 1))	/* logged as done: logged */
			FUZZ_CHECK(resume_skip(r, seq, 0));
	resume_free(r);
	return 0;
}
