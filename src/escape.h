/* escape.h: the backslash escapes parx reads in option values: -d, --recend,
 * --recstart and --colsep.  Pure functions; the callers own the buffers. */
#ifndef PARX_ESCAPE_H
#define PARX_ESCAPE_H

#include <stddef.h>

/* Sets of escapes, named by the letter after the backslash:
 * ESC_ALL  \n \t \r \0 \\ \xHH (-d, --recend, --recstart);
 * ESC_CTRL \n \t \r only, for a regex, whose own escapes must stay. */
#define ESC_ALL "ntr0\\x"
#define ESC_CTRL "ntr"

/* When s starts with an escape of the set which, stores its byte in *c and
 * returns how many characters it takes; else returns 0. */
size_t escape_one(const char *s, const char *which, int *c);

/* Decodes the escapes of the set which in s into out (at least strlen(s)
 * bytes, not NUL-terminated); any other backslash pair is copied as
 * written.  Returns the length of out. */
size_t unescape(const char *s, const char *which, char *out);

#endif
