/* retry.h: --retry-failed, which runs again the commands a joblog holds.
 * The words are owned by the caller (opts.c frees them with retry_free). */
#ifndef PARX_RETRY_H
#define PARX_RETRY_H

#include <stddef.h>

/* The Command column of the joblog at path, one word per job number from
 * 1 to the highest logged ("" for a number not logged), in *words.
 * Returns 0, or -1 with errno. */
int retry_commands(const char *path, char ***words, size_t *n);
void retry_free(char **words, size_t n);

#endif
