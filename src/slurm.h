/* slurm.h: the Slurm allocation parx runs in, for --slurm (remote.c).
 *
 * slurm.c owns the node names, each node's slot count and the paths of
 * srun; remote.c treats each node as a host and asks slurm_words() for
 * the command that runs a job there as a job step. */
#ifndef PARX_SLURM_H
#define PARX_SLURM_H

#include <stddef.h>

#include "opts.h"
#include "util.h"

struct slurm;

/* The allocation from the SLURM_* variables, or NULL (said) when parx is
 * not inside one, srun cannot be found, the variables make no sense or o
 * asks for what --slurm does not do (-S, --transfer...). */
struct slurm *slurm_open(const struct opts *o);
size_t slurm_nnodes(const struct slurm *s);
const char *slurm_node(const struct slurm *s, size_t i);
size_t slurm_node_slots(const struct slurm *s, size_t i);
size_t slurm_total(const struct slurm *s);	/* slots over all nodes */
/* Lower the slots to want in all (--jobs), evenly over the nodes. */
void slurm_limit(struct slurm *s, size_t want);
/* Append the NUL-separated words that run `shell -c script` as job seq's
 * step on node; returns their count. */
size_t slurm_words(const struct slurm *s, size_t node, unsigned long seq,
		   const char *shell, const char *script, struct sbuf *out);
void slurm_close(struct slurm *s);

#endif
