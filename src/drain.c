/* drain.c: draining a job's output pipes into the output module. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include "drain.h"

#define READ_CHUNK 65536

struct drain {
	struct output *out;
	char buf[READ_CHUNK];
};

struct drain *drain_new(struct output *out)
{
	struct drain *d = xmalloc(sizeof *d);

	d->out = out;
	return d;
}

void drain_free(struct drain *d)
{
	free(d);
}

/* Our pipe had nothing or the sink was full (EAGAIN): 1 to go on when
 * the sink was full but the pipe has more (after waiting for room a
 * little), -1 when the pipe is empty. */
static int splice_stalled(int from, int sink)
{
	struct pollfd pfd[2] = { { .fd = from, .events = POLLIN },
				 { .fd = sink, .events = POLLOUT } };

	if (poll(pfd, 2, 0) > 0 && (pfd[0].revents & POLLIN) &&
	    !(pfd[1].revents & POLLOUT)) {
		(void)poll(pfd + 1, 1, 100);
		return 1;
	}
	return -1;
}

/* Move what is ready on one of j's pipes straight to where it goes
 * (stdout or a spill file) with splice(2).  Returns 1 when it did, 0 when
 * the data must be read instead, -1 at EOF or when the pipe is empty. */
static int drain_splice(struct drain *d, struct job *j, int s)
{
	int spill, sink = output_sink(d->out, j->oe, s, &spill);
	ssize_t n;

	if (sink < 0)
		return 0;
	/* a job streaming live: a bigger pipe moves its output in fewer,
	 * larger steps.  One such job at a time, so the user's pipe quota
	 * is safe. */
	if (!spill && s == 0 && !j->bigpipe) {
		fd_pipe_grow(j->fd[0], PIPE_BIG);
		j->bigpipe = 1;
	}
	n = splice(j->fd[s], NULL, sink, NULL, 1 << 20, SPLICE_F_MOVE);
	if (n > 0) {
		output_spliced(d->out, j->oe, s, (size_t)n, spill);
		/* less than a pipeful: the pipe is most likely empty now */
		return n < 65536 ? -1 : 1;
	}
	if (n == 0) {
		job_close_fd(j, &j->fd[s]);
		return -1;
	}
	if (errno == EINTR)
		return 1;
	if (errno == EAGAIN)
		/* our pipe is empty, or a non-blocking stdout is full */
		return splice_stalled(j->fd[s], sink);
	output_splice_failed(d->out, j->oe, s, spill, errno);
	return 0;
}

void drain_job(struct drain *d, struct job *j, int s)
{
	int i, rc;

	for (i = 0; i < 16 && j->fd[s] >= 0; i++) {
		ssize_t n;

		if ((rc = drain_splice(d, j, s)) != 0) {
			if (rc < 0)
				return;
			continue;
		}
		n = read(j->fd[s], d->buf, sizeof d->buf);
		if (n > 0) {
			output_data(d->out, j->oe, s, d->buf, (size_t)n);
			if ((size_t)n < sizeof d->buf)
				return;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		job_close_fd(j, &j->fd[s]);
		return;
	}
}
