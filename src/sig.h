/* sig.h: signal handling through a self-pipe.  The handlers only write the
 * signal number as one byte; the event loop reads and acts on them.  This
 * file holds the only file-scope mutable state in parx. */
#ifndef PARX_SIG_H
#define PARX_SIG_H

#include <signal.h>

/* Install handlers for SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT,
 * SIGQUIT, SIGUSR1 and SIGUSR2 (SIGHUP stays ignored when parx started
 * with it ignored); ignore SIGPIPE.  Returns 0 or -1. */
int sig_init(void);
int sig_fd(void);		/* read end of the self-pipe, for poll */
/* Next pending signal number, or 0 when none is pending. */
int sig_next(void);
/* Block every signal, saving the old mask in *old (around fork). */
void sig_block_all(sigset_t *old);
void sig_restore(const sigset_t *old);
/* In a freshly forked child: default dispositions, the mask of *old. */
void sig_child_reset(const sigset_t *old);
/* Put sig back to its default action and raise it (exit by signal). */
_Noreturn void sig_reraise(int sig);

#endif
