/* job.h: the job, the unit every module passes around.
 *
 * A job is made by the pool from one chunk of inputs (batch.c) or one pipe
 * block (pipe.c), started in a free slot (start.c), and its try is over
 * only when it is both reaped and drained (finish.c).  Its state moves
 * only through job_advance(), as tmux's jobs go RUNNING, DEAD, CLOSED:
 *
 *   READY --started--> RUNNING --reaped--> DEAD ----closed--> ENDED
 *     |                   `-----closed--> CLOSED --reaped--> ENDED
 *     `--failed (could not start)-------------------------->  ENDED
 *   ENDED --reset (to run again)--> READY
 *
 * Who writes what: start.c the slot, tries, pid, pipes and times; pool.c
 * status (reaping) and the pipes it closes; exec.c argv, path and display;
 * term.c the termination fields; finish.c exitval and termsig (through
 * job_outcome).  A module's own per-job state lives in ext[], at the index
 * pool_hook_add() gave it; no other module reads it. */
#ifndef PARX_JOB_H
#define PARX_JOB_H

#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "chunk.h"

struct oentry;
struct contain_slot;

/* Why a job failed when its wait status alone does not say. */
enum job_fail {
	JF_NONE,
	JF_NOTFOUND,		/* command not found (127) */
	JF_NOEXEC,		/* not executable (126) */
	JF_TOOLONG,		/* command line over the limit */
	JF_SPAWN,		/* fork or pipe failed for good */
	JF_TIMEOUT,		/* killed by --timeout */
	JF_OUTPUT,		/* its output could not be stored or written */
};

enum job_state { JOB_READY, JOB_RUNNING, JOB_DEAD, JOB_CLOSED, JOB_ENDED };
enum job_event { JE_STARTED, JE_FAILED, JE_REAPED, JE_CLOSED, JE_RESET };

/* What the job's stdin is: /dev/null, a pipe a hook feeds (--pipe), or a
 * pipe held open and never written (a remote job's ssh). */
enum job_in { JOB_IN_NULL, JOB_IN_HOLD, JOB_IN_FEED };

/* Per-module state slots in a job (see pool_hook_add). */
#define JOB_EXT_MAX 8

struct job {
	unsigned long seq;	/* 1-based, input order */
	int slot;		/* 1-based job slot, {%} */
	int tries;		/* how many times it has been started */
	enum job_state state;
	pid_t pid;		/* also its process group; 0 when not running */
	int status;		/* wait status once reaped */
	struct rusage ru;	/* its resource use, from wait4(2) when reaped
				 * (pool.c): user/system CPU, peak RSS */
	enum job_fail fail;
	int exitval;		/* exit value for reports; -1 if signalled */
	int termsig;		/* signal that ended it, or 0 */

	struct chunk args;	/* inputs this job was built from */
	char *display;		/* the command as a shell would read it */
	char **argv;		/* direct exec: argv; shell: {sh, -c, cmd} */
	char *argv_buf;		/* storage behind argv */
	const char *path;	/* resolved executable */
	int built;		/* its command was built once: no more shrinking */

	int fd[2];		/* read ends of stdout/stderr pipes, -1 closed */
	int fd_in;		/* write end of its stdin pipe, -1 none */
	enum job_in in;		/* what its stdin is, set by the start hooks */
	int bigpipe;		/* its stdout pipe was grown to PIPE_BIG */

	double start_real;	/* epoch at start */
	double start, end;	/* monotonic */
	unsigned long long sent, received;	/* bytes to stdin, of stdout */
	const char *host;	/* where it runs: ":" here, else the remote hook's */

	/* termination sequence in progress (term.c) */
	size_t term_step;	/* next step of the sequence to apply */
	double deadline;	/* monotonic time of the next step, 0 none */
	int timed_out;

	struct oentry *oe;	/* its output entry (output.c) */
	struct contain_slot *cslot;	/* its slot's cgroup while it runs
					 * (contain.c), or NULL */
	struct job *qnext;	/* next job in a jobq */
	void *ext[JOB_EXT_MAX];	/* each hook's own per-job state */
};

struct job *job_new(void);
void job_free(struct job *j);
/* Move j on by ev (the picture above); returns the new state. */
enum job_state job_advance(struct job *j, enum job_event ev);
/* Close j's pipe *fd (one of j->fd[0], j->fd[1], j->fd_in) and move it
 * on once all three are closed. */
void job_close_fd(struct job *j, int *fd);
/* Exit value and signal from the wait status (or why it never ran); a
 * timeout or lost output (oerr, an errno) makes it a failure.  1 when it
 * succeeded. */
int job_outcome(struct job *j, int oerr);
/* How a job that ran ended by itself (parx sent it no signal): its exit
 * status (0-255), or 256 + the signal that killed it; -1 when it never
 * ran or parx ended it. */
int job_own_exit(const struct job *j);
/* A few words on why j failed ("exit 3", "timeout", ...), into why. */
void job_why(const struct job *j, char *why, size_t n);

/* A FIFO of jobs (linked through qnext). */
struct jobq {
	struct job *head, *tail;
};
void jobq_push(struct jobq *q, struct job *j);		/* at the back */
void jobq_push_front(struct jobq *q, struct job *j);
struct job *jobq_pop(struct jobq *q);

#endif
