/* pipe_impl.h: what the files of pipe mode share: pipe.c (the source of
 * blocks and the hook that feeds them), pipe_stream.c (cutting stdin,
 * writing a block), pipefile.c (seekable files, cut by offsets),
 * pipe_rec.c (record boundaries), pipe_dist.c (--tee, --round-robin,
 * --shard, --bin) and pipe_name.c (--fifo, --cat).  Calls go from pipe.c
 * down to the others, never back.  Other modules use pipe.h. */
#ifndef PARX_PIPE_IMPL_H
#define PARX_PIPE_IMPL_H

#include <regex.h>
#include <sys/types.h>

#include "chunk.h"
#include "input.h"
#include "pipe.h"
#include "reader.h"

#define WIN 65536		/* file window, and the least stdin read */
#define COPY 65536		/* read/write fallback when splice fails */

/* A record boundary: where a match of recend+recstart is end bytes in. */
struct pat {
	char *s;
	size_t len;
	size_t end;		/* length of recend */
};

/* Records found by scanning (pipe_rec.c); REC_PAT is struct pat's. */
enum { REC_PAT, REC_LINES, REC_GROUP, REC_REGEX };
struct prec {
	int kind;
	long lines;		/* REC_LINES: lines per record */
	regex_t re;		/* REC_REGEX: (recend)(recstart) */
	regex_t re_start, re_end;	/* --rrs: ^(recstart), (recend)$ */
	int has_re, has_rrs;
	int col;		/* the --group-by/--shard/--bin column, 1-based */
	const char *colname;	/* ... or its name in the header */
	char sep;		/* the columns' separator ... */
	struct colsep *cs;	/* ... or the --colsep regex */
	struct chunk tmp;	/* columns split by cs */
	struct sbuf key0, key;	/* REC_GROUP: the keys compared */
};

/* A seekable file cut by offsets; its data is [off, size). */
struct pfile {
	int fd;
	int own;		/* opened by us: close at the end */
	long long off, size;
};

/* A job's block, its state in job->ext: bytes to write (the header, and
 * the data of a block of stdin), then a range of a seekable file to
 * splice. */
struct pblock {
	char *block;
	size_t blen, boff;
	int part_fd;		/* -1: no range */
	long long part_off, part_len;
	size_t cap;		/* --shard/--bin: block is a queue this big */
	size_t idx;		/* pipe_dist.c: the job's index */
	int done;		/* --tee: the job wrote the current piece */
	int catfd;		/* --cat: the file {} names, or -1 */
	int grown;		/* pipe_dist.c: its stdin pipe was grown */
	int dead;		/* pipe_tee.c: its stdin pipe has no reader */
	int pipesz;		/* pipe_tee.c: its stdin pipe's size, or 0 */
};

/* The jobs of the pipe modes fed from the whole input (pipe_dist.c,
 * --tee in pipe_tee.c).  pipe_dist.c writes the fields but those of
 * --tee's rounds, which pipe_tee.c writes; pipe_hold.c holds and wakes. */
struct pdist {
	int mode;
	size_t n;		/* jobs: slots, or arguments for --tee */
	struct job **jobs;	/* by index; NULL once gone */
	struct chunk *args;	/* --tee: each job's arguments */
	int eof;		/* stdin has ended */
	int want;		/* a job waits for stdin: poll it (pdist_fd) */
	size_t held;		/* jobs waiting in JOB_IN_HOLD */
	/* --shard/--bin: stdin read into rbuf[0, rlen); --tee: the round's
	 * bytes [base, m) (those no job's pipe took from stdin itself) */
	char *rbuf;
	size_t rlen, rcap;
	size_t behind;		/* --tee: jobs that have not written it all */
	int nohdr;		/* --shard/--bin by a column's name: read the header */
	size_t m, base;		/* --tee: the round is stdin's [0, m) */
	int copy;		/* --tee: rounds are read and written, no tee(2) */
	int file;		/* --tee: stdin is a file, spliced to each job
				 * from its own offset (pblock's part_off) */
	long long start;	/* ... from this one on */
	int spliced;		/* ... which has begun */
};

struct pipesrc {
	const struct opts *o;
	int ext;		/* index of the jobs' pblock in job->ext */
	int ended;		/* no block will come any more */
	unsigned long made;	/* blocks handed out */
	struct pat pat, nl;	/* records; lines (for --header) */
	struct prec rec;	/* records found by scanning */
	struct pdist *dist;	/* --tee, --round-robin, --shard, --bin */
	long long lastb;	/* scanning: the last boundary within --block */
	size_t block;
	long nrec;		/* -N, 0 = by size */
	char *hdr;		/* --header bytes */
	size_t hlen;
	int hdr_done;
	long long scan;		/* search from here (block-relative) */
	long found;		/* records or header lines found so far */
	int over;		/* no boundary within --block: a long record */
	int shared;		/* --block -N: ps->block computed */

	/* stdin as a stream, read by rd (reader_fill only: blocks are cut
	 * here): rd.buf[0, hlen) is the header, the data rd.buf[start, end);
	 * a job takes rd.buf as its block, cap0 is the size of the next */
	struct reader rd;
	size_t cap0;
	int ownfd;		/* a --pipepart file opened as a stream: close rd.fd */

	/* seekable files */
	struct pfile *files;
	size_t nfiles, cur;
	long long pos;		/* the next block starts here in files[cur] */
	char *win;		/* a window of files[wfile] at wbase */
	size_t wlen, wcap, wfile;
	long long wbase;
	char *copy;		/* splice fallback buffer, or NULL */
	int nosplice;
};

/* Record boundaries in buf, which holds the data from offset base on
 * (pipe.c): the last one p with lo < p <= hi, the first one p > lo; -1
 * when there is none.  pat_resume: where to look on after pat_first found
 * nothing in data ending at top. */
long long pat_last(const struct pat *pt, const char *buf, long long base,
		   size_t len, long long lo, long long hi);
long long pat_first(const struct pat *pt, const char *buf, long long base,
		    size_t len, long long lo);
long long pat_resume(const struct pat *pt, long long lo, long long top);

/* Seekable files (pipefile.c).  pfile_add: cut fd too (own: close it at
 * the end); -1 + errno when it is no regular file.  pfile_open_all: the
 * --pipepart files, *what naming the culprit on error.  pfile_next: as
 * the source's next.  pfile_send: splice more of b's range into fd to;
 * bytes sent, or -1 + errno. */
int pfile_add(struct pipesrc *ps, int fd, int own);
int pfile_open_all(struct pipesrc *ps, const char **what);
int pfile_next(struct pipesrc *ps, struct pblock *b);
ssize_t pfile_send(struct pipesrc *ps, struct pblock *b, int to);
/* The blocks pfile_next will cut, counted without taking any ({##}). */
unsigned long pfile_count(struct pipesrc *ps);

/* Jobs fed from the whole input (pipe_dist.c): set up, the source's
 * next, the feed hook, a job leaving, the end. */
struct pdist;
int pdist_open(struct pipesrc *ps, const char **what);
int pdist_next(struct pipesrc *ps, struct job *j, struct pblock *b, int may_block);
int pdist_feed(struct pipesrc *ps, struct job *j, struct pblock *b);
void pdist_forget(struct pipesrc *ps, struct job *j, struct pblock *b);
/* The fd to poll while a job waits for stdin, or -1; it is readable. */
int pdist_fd(struct pipesrc *ps);
void pdist_ready(struct pipesrc *ps);
void pdist_close(struct pipesrc *ps);

/* Jobs waiting for data (pipe_hold.c): out of the poll set until woken.
 * phold_hold returns 0 (the feed hook's "more to come"). */
int phold_hold(struct pdist *d, struct job *j);
void phold_wake(struct pdist *d, struct job *j);
void phold_wake_all(struct pdist *d);

/* --tee (pipe_tee.c): set up (stdin a pipe or not); the feed hook for
 * j; j will write no more. */
void ptee_open(struct pipesrc *ps, struct pdist *d);
int ptee_feed(struct pipesrc *ps, struct pdist *d, struct job *j, struct pblock *b);
void ptee_gone(struct pdist *d, struct pblock *b);

/* --fifo/--cat (pipe_name.c): name {} as j starts; j leaves. */
int pname_start(struct pipesrc *ps, struct job *j, struct pblock *b);
void pname_forget(struct pblock *b);

/* Scanned records (pipe_rec.c), see there. */
int prec_init(struct pipesrc *ps, const char **what);
void prec_free(struct prec *r);
int prec_header(struct pipesrc *ps);
int prec_header_named(struct pipesrc *ps, const char *hdr, size_t n);
long prec_column(struct pipesrc *ps, const char *s, size_t n, int c, size_t *len);
const char *prec_col_ptr(struct pipesrc *ps, const char *s, int c, long off);
long long prec_next(struct pipesrc *ps, const char *d, size_t have,
		    long long from, int eof);
size_t prec_strip(struct pipesrc *ps, char *b, size_t len);
int prec_empty(struct pipesrc *ps, const char *b, size_t len);

/* pipe_stream.c: the buffer sizes once the header is known; whether a
 * block may have to be sent again (--retries, hosts); the next block of
 * stdin or of a file into b; write more of b into j's stdin (1 all sent,
 * 0 more to come, -1 the job stopped reading). */
void pipe_stream_sizes(struct pipesrc *ps);
int pipe_may_resend(const struct pipesrc *ps);
int pipe_block_next(struct pipesrc *ps, struct pblock *b, int may_block);
int pipe_send(struct pipesrc *ps, struct job *j, struct pblock *b);

#endif
