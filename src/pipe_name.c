/* pipe_name.c: --fifo and --cat: the job reads its block from the file
 * that {} names instead of from stdin.
 *
 * Nothing of it is left on disk, however parx ends (SIGKILL too):
 *   --cat   the block is written to an unlinked file in $TMPDIR (--tmpdir)
 *           before the job starts; parx holds it open, and {} is
 *           /proc/PARXPID/fd/N, a name any process of the user can open,
 *           and open again, until the job is over;
 *   --fifo  the block streams through the job's stdin pipe, which {}
 *           names as /dev/fd/0: a pipe that exists only while in use. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pipe_impl.h"

/* Copy the range [off, off + len) of fd in to the end of fd out. */
static int copy_range(int in, long long off, long long len, int out)
{
	char buf[COPY];
	ssize_t r;

	while (len > 0) {
		loff_t o = off;
		r = copy_file_range(in, &o, out, NULL, (size_t)len, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			r = pread(in, buf, len > COPY ? COPY : (size_t)len, off);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0 || write_all(out, buf, (size_t)r) < 0)
				return -1;
		}
		if (r == 0)
			break;	/* the file got shorter */
		off += r;
		len -= r;
	}
	return 0;
}

/* j is about to start: give {} its name.  0, or -1 with errno. */
int pname_start(struct pipesrc *ps, struct job *j, struct pblock *b)
{
	char name[64];

	chunk_reset(&j->args);
	if (ps->o->fifo) {
		chunk_add(&j->args, "/dev/fd/0", 9);
		return 0;
	}
	if (b->catfd < 0) {
		if ((b->catfd = tmpfile_fd()) < 0)
			return -1;
		if (write_all(b->catfd, b->block, b->blen) < 0 ||
		    (b->part_fd >= 0 &&
		     copy_range(b->part_fd, b->part_off, b->part_len, b->catfd) < 0))
			return -1;
	}
	snprintf(name, sizeof name, "/proc/%ld/fd/%d", (long)getpid(), b->catfd);
	chunk_add(&j->args, name, strlen(name));
	j->in = JOB_IN_NULL;
	return 0;
}

/* j leaves: its file goes. */
void pname_forget(struct pblock *b)
{
	if (b->catfd >= 0)
		close(b->catfd);
	b->catfd = -1;
}
