/* profile.h: options that come from outside the command line, as GNU
 * parallel reads them: the config file ($PARALLEL_HOME/config, else
 * ~/.parallel/config, only when present), the profiles named by
 * -J/--profile (instead of the config file), and $PARALLEL.  They go in
 * front of the command line's own arguments in that order.
 *
 * struct profile owns every word and the argv it builds; opts.c keeps it
 * for the whole run (struct opts points into it) and frees it at the end. */
#ifndef PARX_PROFILE_H
#define PARX_PROFILE_H

#include <stddef.h>

struct profile {
	char **words;		/* the words found, each owned */
	size_t nwords;
	char **argv;		/* argv[0], the words, the rest of argv */
	int argc;
};

/* Split s into words as a shell does (blanks separate; '...', "..." and
 * backslash quote; nothing is expanded), appending to pr->words.
 * Returns 0, or -1 with errno EINVAL when a quote is not closed. */
int profile_split(struct profile *pr, const char *s);

/* Read the profile file at path: each line that is not blank or a
 * # comment is split as above.  Returns 0, or -1 with errno (EINVAL: a
 * line with an open quote). */
int profile_read(struct profile *pr, const char *path);

/* Where profile NAME is: NAME itself when it begins with / or ./, else
 * in $PARALLEL_HOME, else in ~/.parallel.  The caller frees it. */
char *profile_path(const char *name);

/* Gather the words of /etc/parallel/config and the config file (when
 * there is no name; each only when present), or else of each profile
 * named, then of $PARALLEL.  Returns 0, or -1 with errno and *bad set to
 * the profile's path or to "$PARALLEL". */
int profile_gather(struct profile *pr, char *const *names, size_t n,
		   char **bad);

/* pr->argv: argv[0], pr->words, then argv[1..argc). */
void profile_argv(struct profile *pr, int argc, char **argv);

void profile_free(struct profile *pr);

#endif
