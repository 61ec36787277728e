/* input_impl.h: the inside of struct input, shared by input.c (sources,
 * product and link) and inrules.c (GNU parallel's rules applied to each
 * input: -r, -n0, -E, -L continuation, --trim; the --colsep splitting
 * stays in input.c).  input.c owns and writes
 * every field; inrules.c reads the options and moves count and done. */
#ifndef PARX_INPUT_IMPL_H
#define PARX_INPUT_IMPL_H

#include "input.h"

/* A source held in memory. */
struct mem_src {
	char **val;
	size_t *len;
	size_t n, cap;
};

/* A group of sources read in step; the first group may be streamed. */
struct group {
	struct mem_src *src;
	size_t nsrc;
	size_t len;		/* max of the members' lengths (--link: the
				 * shorter wrap), else the min (:::+) */
};

struct input {
	struct colsep *cs;
	int delim;

	/* group 0, when it is one source (stdin or one :::: file), is
	 * streamed from a reader over that file */
	int streaming;
	struct reader rd;
	const char *file;	/* the streamed file, "-" = stdin */
	const char *errname;

	struct group *groups;	/* in-memory groups; [0] unused if streaming */
	size_t ngroups;
	size_t *idx;		/* odometer, one per group */
	/* current value of a streamed group 0: a record in the reader's
	 * buffer, which stays put until the next reader_next */
	const char *cur0;
	size_t cur0len;
	int have0;		/* cur0 holds a value */
	int skip_blank;		/* -r: inputs of only blanks are skipped */
	int split_words;	/* -d given: ::: words are split at it too */
	int wrap;		/* --link: shorter linked sources wrap */
	int zero_args;		/* -n0: inputs count, their values are dropped */
	int trim_l, trim_r;	/* --trim */
	const char *eof_str;	/* -E: a line that ends the input */
	int cont_lines;		/* -L/-l: a line ending in a blank goes on */
	const char *dpre;	/* -d of several characters: all but the last */
	size_t dprelen;
	struct sbuf joined;	/* a record cut at a lone last character */
	int joining;		/* joined holds the start of a record */
	int shuffle;		/* --shuf: all inputs read, served shuffled */
	struct chunk *shuf;	/* --shuf: the inputs, one chunk each */
	size_t nshuf, shufpos;
	int shuf_loaded;
	int started, done;
	unsigned long count;
	struct xsplit *xs;	/* the xargs personality's input, or NULL */
	int csv;		/* --csv: records and fields by csv.c */
	char *errmsg;		/* a --csv error, as errname, or NULL */
};

/* The next input, before the rules of inrules.c (input_next). */
int input_one(struct input *in, struct chunk *c, int may_block);
/* -E (inrules.c): is s, n bytes, the end-of-file string eof (may be NULL)?
 * It ends the source it is read from. */
int inrules_is_eof(const char *eof, const char *s, size_t n);

#endif
