/* pipe.c: --pipe and --pipepart (not yet implemented). */
#include <errno.h>
#include <stdlib.h>

#include "pipe.h"

struct pipesrc *pipesrc_open(const struct opts *o, const char **what)
{
	(void)o;
	*what = "--pipe";
	errno = ENOSYS;
	return NULL;
}
int pipesrc_next(struct pipesrc *ps, struct job *j, int may_block) { (void)ps; (void)j; (void)may_block; return 0; }
int pipesrc_fd(const struct pipesrc *ps) { (void)ps; return -1; }
int pipe_feed(struct pipesrc *ps, struct job *j) { (void)ps; (void)j; return -1; }
void pipe_release(struct pipesrc *ps, struct job *j) { (void)ps; (void)j; }
void pipesrc_close(struct pipesrc *ps) { (void)ps; }
