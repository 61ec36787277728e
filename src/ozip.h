/* ozip.h: job output kept in files of its own, for output.c.
 *
 * --compress (and --compress-program): each stream of a job that prints
 * anything goes through the compressor (run by the jobs' shell, its
 * stdout an unlinked temp file) and comes back through the decompressor
 * when it is written out.  --files: a job's stdout goes to a file that is
 * kept (compressed too with --compress) and given a name of the shape
 * DIR/parXXXXX.par in the temporary directory only when its name is
 * printed, so an interrupted run leaves nothing behind.
 *
 * struct ozip (the commands, the temporary directory, the compressors the
 * pool reaped first) belongs to output.c; each struct ofile to the output
 * entry holding it. */
#ifndef PARX_OZIP_H
#define PARX_OZIP_H

#include <stddef.h>
#include <sys/types.h>

#include "opts.h"
#include "util.h"

struct ozip;

/* One stream of one job kept in a file. */
struct ofile {
	int fd;			/* the file, or -1 */
	int pipe;		/* the compressor's stdin, or -1 */
	pid_t pid;		/* the compressor, or 0 */
	int err;		/* errno of a failed write, or 0 */
	unsigned long long n;	/* bytes written (before compression) */
	int keep;		/* --files: kept (set by the owner) */
	char *path;		/* its name when it has one before it is
				 * kept (no O_TMPFILE here), owned */
};

/* NULL when neither --compress nor --files is asked for. */
struct ozip *ozip_new(const struct opts *o);
void ozip_free(struct ozip *z);
/* The compress command (for the "failed" message). */
const char *ozip_cmd(const struct ozip *z);
/* The pool reaped pid, which is no job: a compressor that ended early. */
void ozip_reaped(struct ozip *z, pid_t pid, int status);

void ofile_init(struct ofile *f);
/* Store n bytes (the first ones start the compressor).  0 or -1 (errno,
 * also kept in f->err; later writes are dropped). */
int ofile_write(struct ozip *z, struct ofile *f, const char *p, size_t n);
/* The same into fd (a --results file; f keeps a copy of the fd) instead
 * of a file of its own; without --compress the bytes go to fd as they
 * are. */
int ofile_into(struct ozip *z, struct ofile *f, int fd, const char *p,
	       size_t n);
/* No more data: the compressor's input ends and it is waited for.  0, or
 * -1 when it failed (exited non-zero or was killed). */
int ofile_close(struct ozip *z, struct ofile *f);
/* Write the stored data, decompressed, through put(arg, p, n).  0 or -1
 * (errno) when it could not be read back. */
int ofile_emit(struct ozip *z, struct ofile *f,
	       void (*put)(void *arg, const char *p, size_t n), void *arg);
/* --files: give the file (made empty when nothing was stored) a fresh
 * name in the temporary directory, in *name.  0 or -1 (errno). */
int ofile_keep(struct ozip *z, struct ofile *f, struct sbuf *name);
/* Drop what f holds (a compressor still running is killed). */
void ofile_clear(struct ozip *z, struct ofile *f);

/* A name as --files gives (DIR/parXXXXX.par) made by creating the file
 * and removing it again: what --dry-run --files prints.  0 or -1. */
int ozip_dry_name(struct sbuf *name);
/* Whether a file can be made in the temporary directory ($TMPDIR, set
 * by --tmpdir): 0, or -1 with errno. */
int ozip_check_tmpdir(void);

#endif
