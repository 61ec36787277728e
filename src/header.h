/* header.h: --header outside pipe mode: the first record of each source
 * names its columns, so that {name} stands for {N}.  input.c reads the
 * names (input_header), rstr.c matches them in the template; this file
 * checks them.  The caller owns the chunk of names. */
#ifndef PARX_HEADER_H
#define PARX_HEADER_H

#include "chunk.h"

/* 0 when the names can name columns; -1 with errno EINVAL when a name is
 * given twice: *first and *again are the two columns (0-based). */
int header_check(const struct chunk *cols, size_t *first, size_t *again);

#endif
