/* remote.h: running jobs on other hosts through ssh. */
#ifndef PARX_REMOTE_H
#define PARX_REMOTE_H

#include "opts.h"
#include "parx.h"

struct remote;

struct remote *remote_open(const struct opts *o);	/* NULL + errno */
size_t remote_slots(const struct remote *r);	/* slots over all hosts */
/* Pick a host with a free slot for j (sets j->host); -1 when none. */
int remote_pick(struct remote *r, struct job *j);
/* Build the local argv that runs script on j's host. */
int remote_wrap(struct remote *r, struct job *j, const char *script,
		struct sbuf *argv_words, size_t *nwords);
/* The job ended: free its host slot; 1 if it should be retried on another
 * host (the connection failed), else 0. */
int remote_done(struct remote *r, struct job *j);
const char *remote_host_name(const struct remote *r, int host);
void remote_close(struct remote *r);

#endif
