/* sem.c: named counting semaphores (not yet implemented). */
#include <errno.h>
#include <stdlib.h>

#include "sem.h"
#include "util.h"

struct sem *sem_open_named(const char *name, long n)
{
	(void)name; (void)n;
	errno = ENOSYS;
	return NULL;
}
int sem_try(struct sem *s) { (void)s; errno = ENOSYS; return -1; }
void sem_close(struct sem *s) { (void)s; }
int sem_main(const struct opts *o) { (void)o; warnx_("--sem: not implemented"); return 255; }
