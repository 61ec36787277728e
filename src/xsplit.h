/* xsplit.h: xargs' input: splitting it into arguments (blanks, quotes and
 * backslashes; or -0/-d items), the -E end word, and packing the
 * arguments into commands as xargs does (-n, -L/-l with its trailing-blank
 * continuation, -I/-i lines, the -s limit, -x).
 *
 * Each input it gives is one whole command's arguments (one value per
 * argument; with -I the line).  xsplit.c owns struct xsplit; input.c holds
 * one for the xargs personality and passes its calls through. */
#ifndef PARX_XSPLIT_H
#define PARX_XSPLIT_H

#include "chunk.h"
#include "xargs.h"

struct xsplit;

/* Why the input stopped short. */
enum xsplit_err {
	XE_NONE,
	XE_SQUOTE,	/* unmatched single quote */
	XE_DQUOTE,	/* unmatched double quote */
	XE_LINE,	/* an argument (or -I line) alone is over the limit */
	XE_LIST,	/* -x (or -I): the command would be over the limit */
	XE_CMD,		/* -I: a replaced argument is over the limit */
};

/* xsplit owns fd (xsplit_free closes it, unless it is stdin). */
struct xsplit *xsplit_new(int fd, const struct xargs_opts *x);
/* Appends the next command's arguments to c as one input: INPUT_OK,
 * INPUT_AGAIN (may_block 0 and no data yet), INPUT_EOF (also after an
 * error of the input itself: see xsplit_error), INPUT_ERR (read failed,
 * errno set). */
int xsplit_next(struct xsplit *xs, struct chunk *c, int may_block);
int xsplit_fd(const struct xsplit *xs);
enum xsplit_err xsplit_error(const struct xsplit *xs);
/* xargs' message for an error (without the program name). */
const char *xsplit_strerror(enum xsplit_err e);
void xsplit_free(struct xsplit *xs);

#endif
