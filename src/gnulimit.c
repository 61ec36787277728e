/* gnulimit.c: GNU parallel's command-line length figures.  GNU parallel
 * finds its limit by running `/bin/sh -c 'echo ccc... && true'` with ever
 * longer words, in an environment of a few variables only, and searches
 * between the last length that ran and the first that did not until it
 * is within 1%.  parx takes the same steps but asks the kernel's rules
 * instead of running each probe: a word may be at most 32 pages long, and
 * the words and the environment with their pointers must fit a quarter
 * of the stack limit (at most 6 MiB, at least 128 KiB), so the figures
 * are the same wherever those rules are what decide. */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "gnulimit.h"

/* What the probe's shell gets around the word: "sh", "-c", and the
 * script's " && true" and NUL; its path ("/bin/sh") counts too. */
#define PROBE_TAIL 9
#define PROBE_FIXED (sizeof "/bin/sh" + sizeof "sh" + sizeof "-c")
#define PROBE_UPPER 100000000UL

/* The variables the probe runs with, when set. */
static const char *const probe_env[] = {
	"PATH", "SSH_AUTH_SOCK", "SSH_AGENT_PID", "KRB5CCNAME", "LC_CTYPE",
	"HOME", "LOGNAME", "SSHPASS",
};

/* The room execve gives words, environment and pointers together. */
static size_t arg_room(void)
{
	struct rlimit rl;
	size_t room = 6UL << 20;

	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur / 4 < room)
		room = (size_t)(rl.rlim_cur / 4);
	return room < 131072 ? 131072 : room;
}

/* The probe's environment: its bytes and its number of variables. */
static size_t env_bytes(size_t *nvars)
{
	size_t i, bytes = 0;
	const char *v;

	*nvars = 0;
	for (i = 0; i < sizeof probe_env / sizeof *probe_env; i++)
		if ((v = getenv(probe_env[i])) != NULL) {
			bytes += strlen(probe_env[i]) + strlen(v) + 2;
			++*nvars;
		}
	return bytes;
}

/* Would the probe of length len run? */
static int probe_runs(size_t len, size_t word_max, size_t room,
		      size_t env, size_t nvars)
{
	size_t total = PROBE_FIXED + len + PROBE_TAIL + env +
		       (3 + nvars) * sizeof(char *);

	return len + PROBE_TAIL <= word_max && total <= room;
}

size_t gnulimit_real_max(void)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t word_max = (size_t)(page > 0 ? page : 4096) * 32;
	size_t room = arg_room(), nvars, env = env_bytes(&nvars);
	size_t lower, upper = 324, mid;

	/* grow by 16 from 324 until a probe fails (or past 100 MB) */
	do {
		if (upper > PROBE_UPPER)
			return upper;
		lower = upper;
		upper *= 16;
	} while (probe_runs(upper, word_max, room, env, nvars));
	/* halve the range until it is within 1% (or one byte) */
	while (lower != upper && lower + 1 != upper &&
	       (double)lower / (double)upper <= 0.99) {
		mid = lower + (upper - lower) / 2;
		if (probe_runs(mid, word_max, room, env, nvars))
			lower = mid;
		else
			upper = mid;
	}
	return lower;
}

size_t gnulimit_usable(size_t real)
{
	return real > 3000 ? (real - 3000) / 2 : 0;
}

void gnulimit_text(struct sbuf *b, size_t real, size_t usable)
{
	sbuf_addf(b, "Maximal size of command: %zu\n"
		  "Maximal usable size of command: %zu\n\n", real, usable);
	sbuf_adds(b, "Execution will continue now, and it will try to read "
		  "its input\nand run commands; if this is not what you "
		  "wanted to happen, please\npress CTRL-D or CTRL-C\n");
}
