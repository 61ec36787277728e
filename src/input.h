/* input.h: the input sources of a run and their combination.
 *
 * Sources are grouped: a group is one source, or several linked ones (:::+,
 * --link) read in step, a shorter one wrapping around.  Inputs are the
 * cartesian product of the groups, the last varying fastest.  The first
 * group, when it is a single source, is streamed; the others are read into
 * memory when the input is opened. */
#ifndef PARX_INPUT_H
#define PARX_INPUT_H

#include <stddef.h>

#include "opts.h"
#include "chunk.h"
#include "reader.h"

struct input;

enum { INPUT_EOF = 0, INPUT_OK = 1, INPUT_AGAIN = READER_AGAIN, INPUT_ERR = -1 };

/* Opens every source.  On failure returns NULL with errno set and *what
 * naming the file that failed (or the --colsep pattern); EBADMSG: with
 * --csv, the file ended inside a quoted field. */
struct input *input_open(const struct opts *o, const char **what);

/* Appends the values of the next input to c.  With may_block 0 it returns
 * INPUT_AGAIN instead of waiting for data; poll input_fd() then.  On
 * INPUT_ERR errno is set and input_errname() says what failed. */
int input_next(struct input *in, struct chunk *c, int may_block);
int input_fd(const struct input *in);
const char *input_errname(const struct input *in);
/* How many inputs there will be in all, when every source is in memory;
 * 0 while a streamed source may still bring more. */
unsigned long input_total(const struct input *in);
void input_close(struct input *in);
/* The xargs personality: why its input stopped short (enum xsplit_err),
 * 0 when it did not. */
int input_xargs_error(const struct input *in);
/* --header (issue 15): take the first record of every source out of it
 * and append its columns to names.  0, or -1 with errno. */
int input_header(struct input *in, struct chunk *names);

/* Split s into columns by the compiled --colsep pattern, adding each to c. */
struct colsep;
struct colsep *colsep_new(const char *ere);
void colsep_split(const struct colsep *cs, const char *s, size_t n,
		  struct chunk *c);
void colsep_free(struct colsep *cs);

#endif
