/*
 * floor.c: the raw cost of running a trivial program many times.
 *
 * Spawns PROGRAM (default /bin/true) N times with P in flight and waits for
 * every child, doing nothing else: no input parsing, no output handling.
 * Child i gets i as its one argument, the command line the overhead row's
 * jobs get (`true 17`; GNU true only sets up its locale when given an
 * argument, which costs more than the fork/exec itself).
 * bench/run times it next to parx so the report shows how far parx is from
 * what the kernel charges for fork/exec.
 *
 *     floor [-f] N [P [PROGRAM]]
 *
 * -f uses fork+execv instead of posix_spawn (glibc implements posix_spawn
 * with clone(CLONE_VM|CLONE_VFORK), which skips copying the page tables).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static long
number(const char *s, const char *what)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || n < 1) {
		fprintf(stderr, "floor: bad %s: %s\n", what, s);
		exit(2);
	}
	return n;
}

/* Start child number i running prog i; return its pid or -1. */
static pid_t
start(const char *prog, long i, int use_fork)
{
	char num[24];
	char *argv[3];
	pid_t pid;

	snprintf(num, sizeof num, "%ld", i);
	argv[0] = (char *)prog;
	argv[1] = num;
	argv[2] = NULL;
	if (!use_fork) {
		int err = posix_spawn(&pid, prog, NULL, NULL, argv, environ);
		if (err != 0) {
			errno = err;
			return -1;
		}
		return pid;
	}
	pid = fork();
	if (pid == 0) {
		execv(prog, argv);
		_exit(127);
	}
	return pid;
}

int
main(int argc, char **argv)
{
	const char *prog = "/bin/true";
	long n, p, started = 0, running = 0, failed = 0;
	int use_fork = 0;

	if (argc > 1 && strcmp(argv[1], "-f") == 0) {
		use_fork = 1;
		argc--;
		argv++;
	}
	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: floor [-f] N [P [PROGRAM]]\n");
		return 2;
	}
	n = number(argv[1], "count");
	p = argc > 2 ? number(argv[2], "parallelism") : 2;
	if (argc > 3)
		prog = argv[3];

	while (started < n || running > 0) {
		int st;

		while (started < n && running < p) {
			if (start(prog, started + 1, use_fork) == -1) {
				perror("floor: spawn");
				return 1;
			}
			started++;
			running++;
		}
		if (waitpid(-1, &st, 0) == -1) {
			if (errno == EINTR)
				continue;
			perror("floor: waitpid");
			return 1;
		}
		running--;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed++;
	}
	if (failed > 0) {
		fprintf(stderr, "floor: %ld of %ld children failed\n", failed, n);
		return 1;
	}
	return 0;
}
