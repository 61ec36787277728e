/* job.c: a job's state and its one transition function, its outcome, and
 * queues of jobs. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "job.h"

struct job *job_new(void)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->fd[0] = j->fd[1] = j->fd_in = -1;
	j->host = ":";
	return j;
}

void job_free(struct job *j)
{
	if (!j)
		return;
	chunk_free(&j->args);
	free(j->display);
	free(j->argv);
	free(j->argv_buf);
	free(j);
}

static int job_closed(const struct job *j)
{
	return j->fd[0] < 0 && j->fd[1] < 0 && j->fd_in < 0;
}

enum job_state job_advance(struct job *j, enum job_event ev)
{
	switch (ev) {
	case JE_STARTED:
		if (j->state == JOB_READY)
			j->state = job_closed(j) ? JOB_CLOSED : JOB_RUNNING;
		break;
	case JE_FAILED:
		if (j->state == JOB_READY)
			j->state = JOB_ENDED;
		break;
	case JE_REAPED:
		if (j->state == JOB_RUNNING)
			j->state = job_closed(j) ? JOB_ENDED : JOB_DEAD;
		else if (j->state == JOB_CLOSED)
			j->state = JOB_ENDED;
		break;
	case JE_CLOSED:
		if (!job_closed(j))
			break;
		if (j->state == JOB_RUNNING)
			j->state = JOB_CLOSED;
		else if (j->state == JOB_DEAD)
			j->state = JOB_ENDED;
		break;
	case JE_RESET:
		if (j->state == JOB_ENDED) {
			j->state = JOB_READY;
			j->pid = 0;
			j->term_step = 0;
			j->timed_out = 0;
			j->deadline = 0;
		}
		break;
	}
	return j->state;
}

void job_close_fd(struct job *j, int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	job_advance(j, JE_CLOSED);
}

int job_outcome(struct job *j, int oerr)
{
	j->exitval = 0;
	j->termsig = 0;
	if (j->fail == JF_NONE && j->pid > 0) {
		if (WIFEXITED(j->status)) {
			j->exitval = WEXITSTATUS(j->status);
		} else if (WIFSIGNALED(j->status)) {
			j->exitval = -1;
			j->termsig = WTERMSIG(j->status);
		}
	} else if (j->fail == JF_NOTFOUND) {
		j->exitval = 127;
	} else if (j->fail != JF_NONE) {
		j->exitval = 126;
	}
	if (j->timed_out && j->fail == JF_NONE)
		j->fail = JF_TIMEOUT;
	if (oerr && j->fail == JF_NONE)
		j->fail = JF_OUTPUT;
	return j->fail == JF_NONE && j->exitval == 0 && j->termsig == 0;
}

int job_own_exit(const struct job *j)
{
	if (j->fail != JF_NONE || j->pid <= 0 || j->timed_out || j->term_step)
		return -1;
	if (WIFSIGNALED(j->status))
		return 256 + WTERMSIG(j->status);
	return WIFEXITED(j->status) ? WEXITSTATUS(j->status) : -1;
}

void job_why(const struct job *j, char *why, size_t n)
{
	switch (j->fail) {
	case JF_TIMEOUT: snprintf(why, n, "timeout"); break;
	case JF_NOTFOUND: snprintf(why, n, "not found"); break;
	case JF_NOEXEC: snprintf(why, n, "not executable"); break;
	case JF_TOOLONG: snprintf(why, n, "too long"); break;
	case JF_SPAWN: snprintf(why, n, "cannot start"); break;
	case JF_OUTPUT: snprintf(why, n, "output lost"); break;
	case JF_NONE:
		if (j->termsig)
			snprintf(why, n, "signal %d", j->termsig);
		else
			snprintf(why, n, "exit %d", j->exitval);
		break;
	}
}

void jobq_push(struct jobq *q, struct job *j)
{
	j->qnext = NULL;
	if (q->tail)
		q->tail->qnext = j;
	else
		q->head = j;
	q->tail = j;
}

void jobq_push_front(struct jobq *q, struct job *j)
{
	j->qnext = q->head;
	q->head = j;
	if (!q->tail)
		q->tail = j;
}

struct job *jobq_pop(struct jobq *q)
{
	struct job *j = q->head;

	if (j) {
		q->head = j->qnext;
		if (!q->head)
			q->tail = NULL;
		j->qnext = NULL;
	}
	return j;
}
