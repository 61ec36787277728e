/* fuzz_opts.c: opts_parse() on a fuzzed argument vector.  opts_parse exits
 * on a usage error; the target is linked with -Wl,--wrap=exit so that exit
 * jumps back here instead (run it with -close_fd_mask=3; leaks are not
 * checked: a usage error ends parx, so what it holds then is never freed).  Arguments are the input split at NUL bytes. */
#include <getopt.h>
#include <setjmp.h>
#include <string.h>

#include "../../src/opts.h"
#include "../../src/util.h"
#include "fuzz.h"

#define MAX_ARGS 32

/* A usage error leaves what opts_parse allocated: parx exits then. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}

static jmp_buf back;
static int armed, exited;

_Noreturn void __real_exit(int status);
_Noreturn void __wrap_exit(int status);
_Noreturn void __wrap_exit(int status)
{
	if (!armed)		/* libFuzzer itself is leaving */
		__real_exit(status);
	armed = 0;
	exited = status;
	longjmp(back, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *argv[MAX_ARGS + 2];
	static struct opts o;
	char *buf;
	int argc = 1;
	size_t i, start = 0;

	buf = xmalloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = (char *)"parx";
	for (i = 0; i <= size && argc <= MAX_ARGS; i++) {
		if (buf[i] != '\0')
			continue;
		argv[argc++] = buf + start;
		start = i + 1;
	}
	argv[argc] = NULL;
	optind = 0;		/* glibc: start a fresh scan */
	exited = -1;
	if (setjmp(back) == 0) {
		armed = 1;
		opts_parse(&o, argc, argv);
		armed = 0;
		FUZZ_CHECK(o.jobs >= 1 || o.jobs_zero || o.sem);
		FUZZ_CHECK(o.ntermseq >= 1 && o.ntermseq <= TERMSEQ_MAX);
		FUZZ_CHECK(o.retries >= 1);
		FUZZ_CHECK(o.ncmd <= (size_t)argc);
		if (o.sem)
			FUZZ_CHECK(o.sem_slots >= 1 && o.sem_id);
		for (i = 0; i < o.nsrcs && !o.sem; i++)	/* --sem runs no sources */
			FUZZ_CHECK(o.srcs[i].kind != SRC_FILES || o.srcs[i].nwords > 0);
		for (i = 0; i < o.ncmd; i++)
			FUZZ_CHECK(o.cmd[i] != NULL);
	} else {
		FUZZ_CHECK(exited == 0 || exited == 255);
	}
	opts_free(&o);
	free(buf);
	return 0;
}
