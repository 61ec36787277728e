/* output_impl.h: the inside of output.c's entries and buffers, shared
 * with outbuf.c (writes, tags), outzip.c (--compress, --files) and
 * outcolor.c (--color-failed); nobody else includes it. */
#ifndef PARX_OUTPUT_IMPL_H
#define PARX_OUTPUT_IMPL_H

#include "output.h"
#include "ozip.h"

/* Memory an entry's stream may hold before it spills to a file. */
#define MEM_MAX (64 * 1024)
/* In group mode, a job that has buffered this much stdout before it ends
 * takes over stdout and streams the rest live (when nobody else has it);
 * jobs ending meanwhile wait for it, so every block stays whole. */
#define PROMOTE (1024 * 1024)

/* Output of one stream of one job: memory up to MEM_MAX, then an unlinked
 * spill file. */
struct obuf {
	struct sbuf mem;
	int spill;		/* spill file fd, or -1 */
	unsigned long long spilled;	/* bytes in the spill file */
	int bol;		/* at the beginning of a line (for tags) */
	int err;		/* errno of a failed spill write, or 0 */
	struct ofile of;	/* --compress, --files: the file it goes to */
};

struct oentry {
	unsigned long seq;
	struct obuf ob[2];
	char *tag;
	size_t taglen;
	char *eol;		/* --color: ends every line, before its newline */
	size_t eollen;
	int defer;		/* --color-failed: tagged when written out */
	int done;		/* the job ended */
	int live;		/* writes go straight out (keep-order head) */
	int hold;		/* may be retried: never live, everything buffers */
	int tee[2];		/* results files, or -1 */
	int mute;		/* only the tees get the output (--results DIR) */
	int ztee;		/* --compress compresses what the tees get */
	unsigned long long bytes[2];
	struct lrow *lr;	/* --latest-line: its row */
	char *fname;		/* --files --results: the name to print */
	size_t fnamelen;
	struct oentry *next;
};

struct output {
	int line;		/* --line-buffer without -k */
	int keep;		/* -k */
	struct oentry *head, *tail;	/* keep-order queue */
	struct oentry *owner;	/* group mode: the job streaming live */
	struct oentry *wait_head, *wait_tail;	/* ended, behind the owner */
	size_t backlog;
	int broken;
	struct sbuf tagged;	/* scratch for tagged data */
	int nosplice[2];	/* stdout/stderr cannot take splice(2) */
	struct ozip *z;		/* --compress, --files (ozip.c), or NULL */
	int files;		/* --files */
	struct latest *ll;	/* --latest-line (latest.c), or NULL */
};

/* outbuf.c */
void output_put(struct output *out, int fd, const char *p, size_t n);
void output_broken_now(struct output *out);
void output_ob_clear(struct output *out, struct obuf *b);
/* The data with the tag put at the start of every line, in out->tagged
 * (or the data itself when there is no tag). */
const char *output_tagged(struct output *out, struct obuf *b,
			  const struct oentry *e, const char *p, size_t *n);

/* output.c: tagged data p (n bytes) of stream to where it goes now. */
void output_deliver(struct output *out, struct oentry *e, int stream,
		    const char *p, size_t n);

/* outzip.c */
void output_zip_data(struct output *out, struct oentry *e, int stream,
		     const char *p, size_t n);
void output_zip_emit(struct output *out, struct oentry *e);

/* outcolor.c */
void output_flush_tagged(struct output *out, int fd, struct oentry *e,
			 struct obuf *b);

#endif
