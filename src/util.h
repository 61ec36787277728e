/* util.h: allocation that cannot fail, a growable byte buffer, clocks,
 * and the few helpers every module needs. */
#ifndef PARX_UTIL_H
#define PARX_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#define PROG "parx"

/* Out of memory is fatal: these print "parx: out of memory" and exit 255. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A growable byte buffer; buf is always NUL-terminated when non-NULL.
 * The owner frees it with sbuf_free(). */
struct sbuf {
	char *buf;
	size_t len, cap;
};
void sbuf_grow(struct sbuf *b, size_t extra);
void sbuf_add(struct sbuf *b, const void *p, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, int c);
/* The one printf-style formatter: appends fmt formatted to b. */
void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void sbuf_addf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_reset(struct sbuf *b);
void sbuf_free(struct sbuf *b);

/* The name messages start with: PROG, or under a name ending in "xargs"
 * (the xargs personality) that name as run.  Both read libc's record of
 * argv[0], so no state of ours. */
const char *prog_name(void);
int prog_is_xargs(void);

/* Messages: one "parx: ..." line on stderr. */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* write(2) the whole buffer, retrying on EINTR and waiting out EAGAIN.
 * Returns 0, or -1 with errno. */
int write_all(int fd, const void *p, size_t n);

double now_mono(void);		/* CLOCK_MONOTONIC seconds */
double now_real(void);		/* CLOCK_REALTIME seconds */

/* Append s to b quoted for a POSIX shell so it reads as one literal word;
 * s is left bare when it holds only characters that need no quoting. */
void shell_quote(struct sbuf *b, const char *s, size_t n);
int shell_needs_quote(const char *s, size_t n);

/* Make fd non-blocking.  Returns 0 or -1. */
int fd_nonblock(int fd);

/* Capacity asked for pipes that carry bulk data: fewer, larger transfers
 * and so fewer wake-ups of the processes on either end. */
#define PIPE_BIG (1 << 20)
/* Raise the capacity of the pipe or FIFO on fd to size bytes, never
 * lowering it.  Best effort: quietly does nothing when fd is no pipe or
 * the system refuses (pipe-max-size, the user's pipe quota). */
void fd_pipe_grow(int fd, int size);

/* Read fd until EOF, appending to b, retrying on EINTR.  Returns 0, or -1
 * with errno (b keeps what was read). */
int read_all(int fd, struct sbuf *b);

/* Where temporary files go: $TMPDIR when set and non-empty, else "/tmp". */
const char *tmp_dir(void);

/* An unlinked temporary file in $TMPDIR (O_TMPFILE where the kernel has
 * it), opened read-write and close-on-exec.  Returns fd or -1. */
int tmpfile_fd(void);

#endif
