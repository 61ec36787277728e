/* help.h: the --help text (help.c), printed by opts.c. */
#ifndef PARX_HELP_H
#define PARX_HELP_H

/* The text in pieces (each under the 4095 characters a C compiler must
 * take in one string literal), NULL after the last. */
extern const char *const help_text[];

#endif
