/* template.h: the command template, parsed once and expanded per job.
 *
 * The template is a list of words, each a list of literal and replacement
 * parts, with the whitespace that followed it.  It runs directly (execve
 * of the words) unless its literal text holds shell syntax, in which case
 * it runs as a script under the shell.  Either way every substituted value
 * reaches the command as one literal word. */
#ifndef PARX_TEMPLATE_H
#define PARX_TEMPLATE_H

#include <stddef.h>

#include "opts.h"
#include "chunk.h"
#include "rstr.h"

struct tmpl;

/* How to render an expansion. */
enum tmpl_render {
	TR_ARGV,	/* words separated by NUL bytes, values raw (direct exec) */
	TR_SHELL,	/* one shell script, values quoted */
	TR_RAW,		/* text, values raw (tags, no-command mode) */
};

/* Parse COMMAND words (NULL/0: no command, each input is a command line).
 * quote: -q; rc: the replacement strings (-I, --plus, --er ...); xmode:
 * -X (repeat words per value). */
struct tmpl *tmpl_new(char **words, size_t nwords, int quote,
		      const struct rstr_conf *rc, int xmode);
/* The same for --pipe: a template without a replacement string is run as
 * it is (the job's input is its stdin), nothing appended. */
struct tmpl *tmpl_new_pipe(char **words, size_t nwords, int quote,
			   const struct rstr_conf *rc);
/* The xargs personality: each word is one argv word as given, never run
 * by a shell; repl (-I, or NULL) is replaced inside words, nothing else
 * is; without repl the inputs' values are appended, one word each. */
struct tmpl *tmpl_new_argv(char **words, size_t nwords, const char *repl);
/* A template for a --tagstring or similar text: no quoting, no splitting. */
struct tmpl *tmpl_new_text(const char *text, const struct rstr_conf *rc);
void tmpl_free(struct tmpl *t);

int tmpl_is_shell(const struct tmpl *t);	/* needs sh -c */
/* RF_* (rstr.h): the template drops some jobs ({uniq}, {choose_k}). */
int tmpl_drops(const struct tmpl *t);
/* The shell that runs it when it needs one (shell_find(), or bash for an
 * exported bash function), looked up once when the template is made. */
const char *tmpl_shell(const struct tmpl *t);
/* When it needs a shell, run it under sh and quote values for sh. */
void tmpl_set_shell(struct tmpl *t, const char *sh);

/* {##} or {0#}: the template needs the number of jobs, which is known
 * only when every input has been read (tmpl_set_total, before the first
 * job is expanded). */
int tmpl_wants_total(const struct tmpl *t);
void tmpl_set_total(struct tmpl *t, unsigned long n);

/* Expand for the chunk c of job seq running in slot.  Appends to out; for
 * TR_ARGV returns the number of words, else 0. */
size_t tmpl_expand(const struct tmpl *t, const struct chunk *c,
		   unsigned long seq, int slot, enum tmpl_render how,
		   struct sbuf *out);

/* The bytes expanding the template takes per input beyond the first,
 * as counted against the command-line limit: exact for {} in -n and -X
 * forms.  one holds a single input's values. */
size_t tmpl_cost(const struct tmpl *t, const struct chunk *one,
		 enum tmpl_render how);

enum { OP_ALL, OP_NOEXT, OP_BASE, OP_DIR, OP_BASENOEXT };

#endif
