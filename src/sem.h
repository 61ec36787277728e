/* sem.h: named counting semaphores shared by independent parx processes,
 * built on flock(2) of slot files so a dead holder frees its slot. */
#ifndef PARX_SEM_H
#define PARX_SEM_H

#include "opts.h"

struct sem;

/* Open (creating) semaphore name with n slots.  NULL + errno; on EPERM
 * the state directory is not safe to use. */
struct sem *sem_open_named(const char *name, long n);
/* Try to take a slot without waiting: the lock's fd, or -1 (EAGAIN: all
 * slots held).  Closing the fd releases the slot. */
int sem_try(struct sem *s);
void sem_close(struct sem *s);
/* Append to b why sem_open_named failed with errno err, naming the state
 * directory (one line, for a message). */
struct sbuf;
void sem_strerror(int err, struct sbuf *b);

/* parx --sem: the whole mode; returns the exit status. */
int sem_main(const struct opts *o);

#endif
