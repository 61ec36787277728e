/* template_impl.h: the parsed template, shared by template.c (parsing it
 * once per run) and tmplexp.c (expanding it for each job).  template.c
 * writes every field; tmplexp.c only reads. */
#ifndef PARX_TEMPLATE_IMPL_H
#define PARX_TEMPLATE_IMPL_H

#include "rstr.h"
#include "shell.h"
#include "template.h"

enum part_kind {
	PK_LIT,		/* literal text */
	PK_VAL,		/* an input value, transformed by op */
	PK_SEQ,		/* {#} */
	PK_SLOT,	/* {%} */
	PK_SLOT0,	/* {0%}: rs->width digits */
	PK_TOTAL,	/* {##}: the number of jobs */
	PK_SEQ0,	/* {0#}: {#} in the width of the number of jobs */
	PK_VAR,		/* {host} and kin: lit is a shell variable's
			 * ${NAME}, left for the shell (quoted with -q) */
};

struct part {
	enum part_kind kind;
	char *lit;		/* PK_LIT */
	size_t litlen;
	int op;			/* PK_VAL: OP_* */
	size_t pos;		/* PK_VAL: 1-based value index, 0 = all */
	struct rstr *rs;	/* PK_VAL, PK_SLOT0: a string of rstr.c, or NULL */
	int neg;		/* PK_VAL: pos counts from the end ({-1}) */
};

struct tword {
	struct part *parts;
	size_t nparts;
	char *sep;		/* whitespace that followed, "" if none */
	int multi;		/* holds a part with pos 0 (all values) */
	int quote_lit;		/* -q: literal parts are quoted too */
	int vanish;		/* held a string that stands for nothing: a
				 * word left with no parts is no word */
};

struct tmpl {
	struct tword *words;
	size_t nwords;
	char *lead;		/* whitespace before the first word */
	int shell;		/* run under the shell */
	int raw;		/* values unquoted: no-command mode, text */
	int xmode;		/* -X: repeat multi words per value */
	int plain;		/* tmpl_new_argv: only repl is replaced */
	int append;		/* ...and none: the values are the last words */
	int drop;		/* RF_*: jobs {uniq} or {choose_k} drop */
	int vanish;		/* parse_text: the last string stood for nothing */
	int has_repl;		/* holds a replacement string, even one that
				 * stands for nothing ({1##}): none appended */
	int wants_total;	/* {##} or {0#}: the jobs must be counted first */
	unsigned long total;	/* ...and how many there are (tmpl_set_total) */
	const char *sh;		/* the shell that runs it (shell.c) */
	enum shell_kind qk;	/* how values are quoted for sh */
	struct sbuf shpath;	/* holds sh when it was looked up in $PATH */
};

#endif
