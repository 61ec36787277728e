/* optsgnu.h: the GNU parallel option names parx does not provide.  opts.c
 * refuses each of them by name ("--X is not supported"), so that no GNU
 * option is ever taken as the command or as another option. */
#ifndef PARX_OPTSGNU_H
#define PARX_OPTSGNU_H

/* 1 when --name (without dashes, up to '=' or the end) is a GNU parallel
 * long option that parx refuses. */
int optsgnu_refused_long(const char *name);

/* 1 when -c is a GNU parallel short option that parx refuses. */
int optsgnu_refused_short(int c);

#endif
