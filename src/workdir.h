/* workdir.h: --workdir for jobs run on this machine (remote.c and
 * transfer.c handle it on remote hosts). */
#ifndef PARX_WORKDIR_H
#define PARX_WORKDIR_H

/* Make dir and its parents, as mkdir -p does, before the first job runs
 * in it.  Returns 0, or -1 with errno. */
int workdir_make(const char *dir);

#endif
