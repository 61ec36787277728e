/* remote.h: running jobs on other hosts through ssh.
 *
 * The pool asks remote_pick() for a host when it starts a job, builds the
 * job's argv with remote_wrap(), and hands the finished job to
 * remote_done().  remote.c owns the hosts, their ssh master connections
 * and the per-job host slot (j->host, j->remote). */
#ifndef PARX_REMOTE_H
#define PARX_REMOTE_H

#include "opts.h"
#include "parx.h"

struct remote;

/* Read the hosts, start the master connections and learn each host's CPU
 * count.  Prints why and returns NULL on a bad host list. */
struct remote *remote_open(const struct opts *o);
size_t remote_slots(const struct remote *r);	/* slots over all hosts */
/* A job may start now: some usable host has a free slot (or no usable
 * host is left, and remote_pick() will fail the job). */
int remote_can_start(const struct remote *r);
/* Pick a host with a free slot for j (sets j->host); -1 when none. */
int remote_pick(struct remote *r, struct job *j);
/* j runs on a remote host and needs a stdin that stays open (a pipe parx
 * holds without writing) until it is reaped. */
int remote_wants_stdin(const struct remote *r, const struct job *j);
/* Build the local argv that runs script on j's host: NUL-separated words
 * appended to argv_words, their count in *nwords. */
int remote_wrap(struct remote *r, struct job *j, const char *script,
		struct sbuf *argv_words, size_t *nwords);
/* The job ended: free its host slot; 1 if it should be retried on another
 * host (the connection failed), else 0. */
int remote_done(struct remote *r, struct job *j);
const char *remote_host_name(const struct remote *r, int host);
/* Close the master connections and remove their directory. */
void remote_close(struct remote *r);

#endif
