/* gnulimit.h: GNU parallel's command-line length figures, found without
 * running a command: the longest command its probe finds the system
 * takes, and the usable length -X and -m pack to (--show-limits prints
 * both).  Pure functions of the system's limits and the environment; the
 * caller owns the text gnulimit_text() appends. */
#ifndef PARX_GNULIMIT_H
#define PARX_GNULIMIT_H

#include <stddef.h>

#include "util.h"

/* The longest command GNU parallel 20221122 finds (its probe: a shell
 * running `echo` with one long word, in a small environment, narrowed
 * down to within 1%). */
size_t gnulimit_real_max(void);
/* The usable length of one command: half of what is left of real after
 * 3000 bytes kept for wrapping. */
size_t gnulimit_usable(size_t real);
/* --show-limits' text for these figures (usable as the run will use it). */
void gnulimit_text(struct sbuf *b, size_t real, size_t usable);

#endif
