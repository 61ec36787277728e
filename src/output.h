/* output.h: where job output goes.
 *
 * Each started job gets an entry holding its two buffers (stdout, stderr).
 * Group mode writes an entry's buffers as two blocks when the job ends;
 * keep-order keeps entries in seq order and lets the oldest stream live;
 * line mode writes complete lines as they come.  Buffers hold a little in
 * memory and spill to unlinked temp files, so memory stays bounded.
 * Ungrouped jobs write straight to parx's stdout/stderr and have no entry
 * data.  The output module owns every entry; the pool holds a pointer
 * until it calls output_end(). */
#ifndef PARX_OUTPUT_H
#define PARX_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "opts.h"
#include "job.h"

struct output;
struct oentry;

struct output *output_new(const struct opts *o);
void output_free(struct output *out);

/* A new entry for job seq in start order; tag (copied) prefixes lines. */
struct oentry *output_start(struct output *out, unsigned long seq,
			    const char *tag, size_t taglen);
/* Output a job produced on stream 0 (stdout) or 1 (stderr). */
void output_data(struct output *out, struct oentry *e, int stream,
		 const char *p, size_t n);
/* Where raw bytes of stream s of e may go without passing through parx's
 * memory: an fd to splice(2) into (stdout/stderr when the entry streams
 * live, its spill file when it is spilling; *spill says which), or -1 when
 * the data must be read and given to output_data (tags, tees, lines,
 * memory buffer).  After splicing n bytes call output_spliced; when
 * splice fails call output_splice_failed with its errno. */
int output_sink(struct output *out, struct oentry *e, int stream, int *spill);
void output_spliced(struct output *out, struct oentry *e, int stream,
		    size_t n, int spill);
void output_splice_failed(struct output *out, struct oentry *e, int stream,
			  int spill, int err);
/* Drop what the entry holds (a job about to be retried); its next try
 * starts buffered. */
void output_discard(struct output *out, struct oentry *e);
/* Hold (1) or release (0) an entry.  A held entry never streams live: no
 * group-mode promotion, no keep-order head streaming, no early line writes
 * with --line-buffer; its output buffers (and spills) until output_end, so
 * output_discard can take all of it back.  Call before each try that may be
 * retried, before any data: output_hold(out, e, tries < retries).  Releasing
 * a keep-order head writes what it buffered and lets it stream. */
void output_hold(struct output *out, struct oentry *e, int hold);
/* errno of a failed spill (disk full) for this entry, or 0. */
int output_error(const struct oentry *e);
/* The job's try is over (before its outcome is known): with --compress
 * its compressors' input ends and they are waited for.  -1 when one
 * failed (the job then fails with 255, as GNU parallel), else 0. */
int output_close(struct output *out, struct oentry *e);
/* The compress command, for the message about it. */
const char *output_zip_cmd(const struct output *out);
/* The pool reaped pid, which is no job (a compressor that ended early). */
void output_child(struct output *out, pid_t pid, int status);
/* The job ended: write or queue its output; e is no longer the caller's. */
void output_end(struct output *out, struct oentry *e);
/* Finished entries still waiting for an older job (keep-order). */
size_t output_backlog(const struct output *out);
/* Bytes the entry received on each stream (for joblog Receive). */
unsigned long long output_bytes(const struct oentry *e, int stream);

/* Non-zero once writing parx's stdout failed (EPIPE etc.): errno. */
int output_broken(const struct output *out);
/* Mark stdout as gone (its reader closed the pipe). */
void output_set_broken(struct output *out, int err);
/* Register a tee: every byte of stream s of entry e also goes to fd. */
void output_tee(struct oentry *e, int stream, int fd);
/* The entry's output goes only to its tees, never to stdout/stderr. */
void output_mute(struct oentry *e);
/* --color: eol (copied, NULL none) goes before the newline of every
 * line, and a last line without one is ended with eol and a newline. */
void output_color(struct oentry *e, const char *eol);
/* --color-failed: the entry holds all its output, untagged, until
 * output_end, which tags it with what output_retag set last. */
void output_defer(struct oentry *e);
void output_retag(struct oentry *e, const char *tag, size_t taglen);
/* --compress with --results DIR: what the tees get is compressed (each
 * tee's file the compressor's output), as GNU parallel. */
void output_compress_tees(struct oentry *e);
/* --files with --results DIR: print this name (copied) for the entry
 * instead of a kept file's. */
void output_name(struct oentry *e, const char *name, size_t n);

#endif
