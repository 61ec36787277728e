/* rstr.h: the replacement strings beyond the seven plain ones: the names
 * the options give the plain ones (--er, --bnr, --dnr, --bner,
 * --seqreplace, --slotreplace) and the --plus family ({+/} {..} {0%}
 * {##} {0#} {slot} {host} {uniq} and the dynamic ones after the shell's parameter
 * expansion: {:-str} {#re} {%%re} {/re/str} {^re} ...).
 *
 * template.c calls rstr_match() while it parses a template; a match gives
 * a struct rstr the template owns (rstr_free) and applies per value with
 * rstr_apply().  struct rstr_conf is filled by opts.c and read here. */
#ifndef PARX_RSTR_H
#define PARX_RSTR_H

#include <regex.h>
#include <stddef.h>

#include "chunk.h"
#include "util.h"

/* The replacement strings of a run (opts.c writes it). */
struct rstr_conf {
	int plus;		/* --plus */
	long jobs;		/* slots, for the width of {0%} */
	const char *repl;	/* -I, or NULL: {} */
	const char *er, *bnr, *dnr, *bner;	/* {.} {/} {//} {/.}, or NULL */
	const char *seqr, *slotr;		/* {#} {%}, or NULL */
	const struct chunk *cols;	/* --header: column names (main.c) */
};

/* What a matched replacement string stands for. */
enum rstr_kind {
	RK_VAL,		/* a value, changed by op */
	RK_SEQ,		/* the job's sequence number */
	RK_SLOT,	/* its slot */
	RK_SLOT0,	/* {0%}: the slot, zero-padded to the width of jobs */
	RK_VAR,		/* a shell variable, as text in str ({host}:
			 * ${PARALLEL_SSHHOST}, which the shell expands) */
	RK_TOTAL,	/* {##}: the number of jobs */
	RK_SEQ0,	/* {0#}: the sequence number, zero-padded to the
			 * width of the number of jobs */
	RK_EMPTY,	/* nothing (a position given to a non-value string) */
};

/* The width of {0#} and {0%} for a count n: one digit more than the
 * decimal logarithm of n, as a double gives it (1000 takes 3). */
long rstr_width(unsigned long n);

/* Value operations. */
enum rstr_op {
	RO_ALL, RO_NOEXT, RO_BASE, RO_DIR, RO_BASENOEXT,	/* = OP_* */
	RO_PDIR, RO_PEXT, RO_PEXT2, RO_PEXT3,	/* {+/} {+.} {+..} {+...} */
	RO_NOEXT2, RO_NOEXT3,			/* {..} {...} */
	RO_BNOEXT2, RO_BNOEXT3,			/* {/..} {/...} */
	RO_DEFAULT,	/* {:-str} */
	RO_SUBSTR,	/* {:pos} {:pos:len} */
	RO_PRE, RO_PRELONG, RO_SUF, RO_SUFLONG,	/* {#re} {##re} {%re} {%%re} */
	RO_SUB, RO_SUBALL, RO_SUBPRE, RO_SUBSUF,	/* {/re/s} {//re/s} {/#..} {/%..} */
	RO_UP, RO_UPALL, RO_LOW, RO_LOWALL,	/* {^re} {^^re} {,re} {,,re} */
};

/* Jobs the template drops ({uniq}, {choose_k}). */
enum { RF_UNIQ = 1, RF_CHOOSE = 2 };

struct rstr {
	enum rstr_kind kind;
	enum rstr_op op;
	size_t pos;		/* 1-based value, 0 = all */
	char *str;		/* RO_DEFAULT, RO_SUB*: the text; RK_VAR */
	size_t num, len;	/* RO_SUBSTR: start and length (len -1: rest) */
	int has_re;
	regex_t re;		/* the pattern, as an ERE */
	regex_t full;		/* ^(pattern)$ */
	long width;		/* RK_SLOT0 */
	int flags;		/* RF_* */
};

/* Does a replacement string of rc start at s (n bytes left)?  Returns its
 * length and fills r (free it with rstr_free), or 0. */
size_t rstr_match(const char *s, size_t n, const struct rstr_conf *rc,
		  struct rstr *r);
/* How far a template word goes on at s (n bytes left): past a
 * replacement string, which may hold blanks ({/ /_}), else one byte. */
size_t rstr_span(const char *s, size_t n, const struct rstr_conf *rc);
/* 1 when rc renames none of the plain strings (template.c's own matcher
 * may run). */
int rstr_plain(const struct rstr_conf *rc);
/* Apply r to the value s (n bytes); appends to out. */
void rstr_apply(const struct rstr *r, const char *s, size_t n,
		struct sbuf *out);
void rstr_free(struct rstr *r);

/* 1 when the values of a job are to be dropped by flags (RF_*). */
int rstr_drop(int flags, const struct chunk *c);

struct pool;
/* Fill h: the hook that skips the jobs flags (RF_*) drop; main.c
 * registers it with the pool. */
struct hook;
void rstr_hook(int flags, struct hook *h);

/* A path operation on a value (OP_NOEXT {.}, OP_BASE {/}, OP_DIR {//},
 * OP_BASENOEXT {/.}; template.h), appended to out. */
void rstr_path(int op, const char *s, size_t n, struct sbuf *out);

#endif
