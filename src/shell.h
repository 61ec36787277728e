/* shell.h: which shell runs the jobs that need one, and how values are
 * quoted for it.  Nothing here keeps state: shell_find() is called once
 * per run (by the template and the modules that run a shell) and the
 * caller keeps the answer. */
#ifndef PARX_SHELL_H
#define PARX_SHELL_H

#include <stddef.h>

#include "util.h"

/* How a shell reads a quoted word. */
enum shell_kind {
	SHK_POSIX,	/* sh, bash, dash, zsh, ksh, mksh, ...: 'it'"'"'s' */
	SHK_FISH,	/* fish: backslash is special inside single quotes */
	SHK_CSH,	/* csh, tcsh: ! and newline need a backslash */
};

/* The shell for jobs: $PARX_SHELL, then $PARALLEL_SHELL, then the nearest
 * ancestor process that is a known shell (by its name, its path found in
 * $PATH and kept in store; with store NULL, just the name), then $SHELL,
 * then "/bin/sh".  The string is the environment's, store's or a
 * constant. */
const char *shell_find(struct sbuf *store);

/* The quoting style of the shell at path (by its last component). */
enum shell_kind shell_kind_of(const char *path);

/* Append s to b as one literal word for a shell of kind k. */
void shell_quote_kind(enum shell_kind k, struct sbuf *b, const char *s,
		      size_t n);

/* 1 when the environment exports a bash function called name
 * (BASH_FUNC_name%%=...). */
int shell_is_bash_func(const char *name, size_t n);

#endif
