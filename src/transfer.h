/* transfer.h: what one remote job runs, for remote.c.
 *
 * The command runs on the far side inside a small POSIX sh wrapper that
 * exports the job's variables, enters the work directory, and ends the
 * whole remote process group when the ssh channel closes.  Files move with
 * tar over extra ssh sessions on the same connection, chained by a local
 * sh script; a job that moves no files is one ssh process. */
#ifndef PARX_TRANSFER_H
#define PARX_TRANSFER_H

#include <stddef.h>

#include "opts.h"
#include "job.h"
#include "util.h"

struct transfer;

/* The per-run part: --transferfile/--transfer, --return, --cleanup,
 * --workdir, --env (a name that is no variable name is ignored, said). */
struct transfer *transfer_new(const struct opts *o);
void transfer_free(struct transfer *x);

/* Append to out the NUL-separated argv that runs script (the job's command
 * as a sh script) for j on a remote host.  ssh holds nssh NUL-separated
 * words: the transport, its options and the host.  Returns the number of
 * words appended. */
size_t transfer_argv(struct transfer *x, const struct job *j, const char *script,
		 const struct sbuf *ssh, size_t nssh, struct sbuf *out);

#endif
