/* pipe.h: --pipe and --pipepart: cutting input into blocks at record
 * boundaries and feeding each block to one job's stdin. */
#ifndef PARX_PIPE_H
#define PARX_PIPE_H

#include "opts.h"
#include "parx.h"

struct pipesrc;

struct pipesrc *pipesrc_open(const struct opts *o, const char **what);
/* Give job j its next block (j->block/blen, or j->part_* for --pipepart).
 * 1 done, 0 at end of input, INPUT_AGAIN (poll pipesrc_fd), -1 + errno. */
int pipesrc_next(struct pipesrc *ps, struct job *j, int may_block);
int pipesrc_fd(const struct pipesrc *ps);
/* j->fd_in is writable: write more of its block.  Returns 1 when the block
 * is all written (fd_in closed), 0 when more remains, -1 + errno when the
 * job stopped reading (EPIPE). */
int pipe_feed(struct pipesrc *ps, struct job *j);
/* The job is done with its block (freed, or the unread rest kept). */
void pipe_release(struct pipesrc *ps, struct job *j);
void pipesrc_close(struct pipesrc *ps);

#endif
