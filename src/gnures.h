/* gnures.h: where --results DIR puts a job's files, in GNU parallel's
 * layout: DIR/1/<value 1>/2/<value 2>/... with seq, stdout and stderr in
 * it.  results.c owns the files; this file only names the directory. */
#ifndef PARX_GNURES_H
#define PARX_GNURES_H

#include "chunk.h"
#include "util.h"

/* The job directory for the inputs c, relative to DIR: for each input,
 * for each column, its number and its value, joined by '/'.  In a value
 * \ / TAB NUL become \\ \_ \t \0, and a value is cut to 255 bytes.  Since
 * every value follows a number, "." and ".." never lead out of DIR. */
void gnures_path(const struct chunk *c, struct sbuf *path);

/* Make every directory of path (relative to the directory fd dir) and
 * open the last: its fd, or -1 with errno. */
int gnures_mkdirs(int dir, const char *path);

/* --results with a replacement string: path is its expansion for a job.
 * Opens the job's files empty, closing what fd[] held: path/stdout,
 * path/stderr and path/seq when path ends in '/', else path, path.err and
 * path.seq, making the directories; writes seq.  0, or -1 with errno
 * (EPERM: path has a ".." component, which could lead anywhere). */
int gnures_open_named(const char *path, unsigned long seq, int fd[2]);

#endif
