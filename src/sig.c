/* sig.c: the self-pipe.  Handlers save errno and write one byte. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sig.h"
#include "util.h"

static int selfpipe[2] = { -1, -1 };
static sigset_t ignored;	/* signals parx found ignored at start */

static const int caught[] = {
	SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT, SIGQUIT,
	SIGUSR1, SIGUSR2,	/* one job slot more / less */
};

static void handler(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;

	(void)!write(selfpipe[1], &c, 1);
	errno = saved;
}

int sig_init(void)
{
	struct sigaction sa;
	size_t i;

	if (pipe2(selfpipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a blocked read wakes up */
	sigemptyset(&ignored);
	for (i = 0; i < sizeof caught / sizeof caught[0]; i++) {
		struct sigaction cur;
		/* started under nohup: SIGHUP stays ignored, for parx and
		 * its jobs (a shell ignores SIGINT for background commands,
		 * but a SIGINT sent to parx by name should still stop it) */
		if (caught[i] == SIGHUP && sigaction(caught[i], NULL, &cur) == 0 &&
		    cur.sa_handler == SIG_IGN) {
			sigaddset(&ignored, caught[i]);
			continue;
		}
		if (sigaction(caught[i], &sa, NULL) < 0)
			return -1;
	}
	sa.sa_handler = SIG_IGN;
	{
		struct sigaction cur;
		if (sigaction(SIGPIPE, &sa, &cur) == 0 && cur.sa_handler == SIG_IGN)
			sigaddset(&ignored, SIGPIPE);
	}
	return 0;
}

int sig_fd(void)
{
	return selfpipe[0];
}

int sig_next(void)
{
	unsigned char c;
	ssize_t n;

	do
		n = read(selfpipe[0], &c, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 ? c : 0;
}

void sig_block_all(sigset_t *old)
{
	sigset_t all;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, old);
}

void sig_restore(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

void sig_child_reset(const sigset_t *old)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof caught / sizeof caught[0]; i++)
		if (!sigismember(&ignored, caught[i]))
			sigaction(caught[i], &sa, NULL);
	if (!sigismember(&ignored, SIGPIPE))
		sigaction(SIGPIPE, &sa, NULL);
	sigprocmask(SIG_SETMASK, old, NULL);
}

void sig_reraise(int sig)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);
}
