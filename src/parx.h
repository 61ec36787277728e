/* parx.h: the job, the unit every module passes around.
 *
 * A job is created by the pool from one chunk of inputs (or one pipe
 * block), spawned into its own process group, and finished only when it is
 * both reaped and drained (both output pipes at EOF).  The pool owns every
 * job; output.c owns the contents of job->out[], joblog.c and results.c only
 * read a finished job. */
#ifndef PARX_H
#define PARX_H

#include <stddef.h>
#include <sys/types.h>

#include "util.h"

struct oentry;

/* The inputs of one job: a flat list of values (every column of every
 * source of every input in the chunk), each NUL-terminated inside buf. */
struct chunk {
	struct sbuf data;	/* value bytes, each followed by a NUL */
	size_t *off;		/* start of value i in data.buf */
	size_t *len;		/* length of value i */
	size_t nvals, cap;
	size_t ninputs;		/* inputs (lines) in this chunk */
};
void chunk_add(struct chunk *c, const char *s, size_t n);
void chunk_append(struct chunk *dst, const struct chunk *src);
void chunk_reset(struct chunk *c);
void chunk_free(struct chunk *c);
#define CHUNK_VAL(c, i) ((c)->data.buf + (c)->off[i])

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

enum job_state { JOB_RUNNING, JOB_DONE };

struct job {
	unsigned long seq;	/* 1-based, input order */
	int slot;		/* 1-based job slot, {%} */
	int tries;		/* how many times it has been started */
	enum job_state state;
	pid_t pid;		/* also its process group; 0 when not running */
	int reaped;
	int status;		/* wait status once reaped */
	enum job_fail fail;
	int exitval;		/* exit value for reports; -1 if signalled */
	int termsig;		/* signal that ended it, or 0 */

	struct chunk args;	/* inputs this job was built from */
	char *display;		/* the command as a shell would read it */
	char **argv;		/* direct exec: argv; shell: {sh, -c, cmd} */
	char *argv_buf;		/* storage behind argv */
	const char *path;	/* resolved executable */

	int fd[2];		/* read ends of stdout/stderr pipes, -1 closed */
	int bigpipe;		/* its stdout pipe was grown to PIPE_BIG */
	int built;		/* its command was built once: no more shrinking */

	double start_real;	/* epoch at start */
	double start, end;	/* monotonic */

	/* lifecycle: termination sequence in progress */
	size_t term_step;	/* next step of the sequence to apply */
	double deadline;	/* monotonic time of the next step, 0 none */
	int timed_out;

	/* pipe mode: the block this job reads on stdin */
	int fd_in;		/* write end to the job's stdin, -1 none */
	char *block;
	size_t blen, boff;
	unsigned long long sent, received;

	/* --pipepart: the job's range of the file, spliced by the pool */
	int part_fd;
	long long part_off, part_len;

	int lockfd;		/* --sem-id slot held while running, or -1 */
	int host;		/* remote host index, -1 local */
	struct oentry *oe;	/* its output entry (output.c) */
	struct job *qnext;	/* next job waiting to start again */
	void *results;		/* results.c state */
	void *remote;		/* remote.c state */
};

#endif
