/* sshconn.h: the ssh processes parx runs for itself, for remote.c.
 *
 * A connection is an ssh master (ControlMaster, its socket in parx's
 * private directory): a child of parx with a parent-death signal, its
 * stdin a pipe parx holds and its stdout a pipe that reaches EOF when it
 * dies.  The first master of a host also probes it: its session prints the
 * CPU count, then waits for parx to close the pipe.  Without connection
 * reuse a connection is only a probe, an ssh that prints and exits.  The
 * caller owns the structs; these functions own the processes and fds. */
#ifndef PARX_SSHCONN_H
#define PARX_SSHCONN_H

#include <stddef.h>
#include <sys/types.h>

#include "util.h"

struct sshconn {
	char *const *ssh;	/* transport words (not owned) */
	size_t nssh;
	const char *host;	/* not owned */
	char *path;		/* control socket (owned); NULL: a plain probe */
	pid_t pid;		/* 0: none */
	int in, out;		/* its stdin (held open) and stdout; -1 none */
	int dead;
	int probing;
	long cpus;		/* what the probe answered, 0 nothing */
	struct sbuf said;	/* the probe's output so far */
};

/* Start c (ssh, nssh, host and path set; the rest zero).  probe: also ask
 * the CPU count.  Returns 0, or -1 when ssh cannot be started (said). */
int sshconn_start(struct sshconn *c, int probe);
/* Wait until every probing connection of c[0..n) answered or failed.
 * SIGINT, SIGTERM, SIGHUP or SIGQUIT cut the wait short: returns that
 * signal.  Other signals that arrive meanwhile are raised again afterwards
 * for the pool.  Returns 0 when not cut short. */
int sshconn_probe_wait(struct sshconn **c, size_t n);
/* The master still serves its connection. */
int sshconn_alive(struct sshconn *c);
/* Append the NUL-separated words of a job's ssh command up to and
 * including the host, multiplexed over c when it is alive (c may be
 * NULL).  Returns their count. */
size_t sshconn_job_words(struct sshconn *c, char *const *ssh, size_t nssh,
		      const char *host, struct sbuf *out);
/* End every connection of c[0..n): "ssh -O exit" to the live masters,
 * close the pipes, reap (SIGKILL after a few seconds), remove the
 * sockets, free what the structs own. */
void sshconn_close_all(struct sshconn **c, size_t n);

/* A private directory (mode 0700) for control sockets in $TMPDIR (or /tmp
 * when that path is too long for a socket), or NULL (said). */
char *sshconn_dir(void);

#endif
