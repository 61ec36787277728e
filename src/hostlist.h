/* hostlist.h: Slurm's compressed host lists (node[01-04,07]), for the
 * -S/--sshlogin and --sshloginfile hosts (remote.c) and the nodes of a
 * Slurm allocation (slurm.c).  The caller owns every buffer. */
#ifndef PARX_HOSTLIST_H
#define PARX_HOSTLIST_H

#include <stddef.h>

#include "util.h"

/* Expand one item s[0..len) (no commas outside brackets): append its
 * hosts, each NUL-terminated, to out and their count to *n.  Returns 0,
 * or -1 (EINVAL) with *why saying what is wrong; out is then as it was. */
int hostlist_expand(const char *s, size_t len, struct sbuf *out, size_t *n,
		    const char **why);
/* Length of the first item of s: up to its first comma outside brackets,
 * or its end. */
size_t hostlist_span(const char *s);

#endif
