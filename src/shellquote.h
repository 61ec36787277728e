/* shellquote.h: --shellquote, a mode of its own. */
#ifndef PARX_SHELLQUOTE_H
#define PARX_SHELLQUOTE_H

#include "opts.h"

/* Print every input quoted for the shell, one line each; the exit
 * status (255 when the input cannot be read, said). */
int shellquote_run(const struct opts *o);

#endif
