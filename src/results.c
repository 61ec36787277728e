/* results.c: --results DIR and --results FILE.jsonl. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gnures.h"
#include "pool.h"
#include "restable.h"
#include "results.h"
#include "template.h"

/* A JSON record is built in memory up to this size, then continued in a
 * temp file, so a job's output never has to fit in memory. */
#define REC_MEM (1024 * 1024)
/* Bytes of a job's output read at a time (a multiple of 3 for base64). */
#define PIECE (3 * 21846)

struct results {
	int jsonl;		/* one JSON object per job in fd */
	int fd;			/* the .jsonl file, or the DIR */
	struct sbuf line;	/* the record being built */
	int rec;		/* temp file for a record past REC_MEM, or -1 */
	int rec_used;		/* the record went on in rec */
	int rec_err;		/* errno of a failed write to rec */
	int ext;		/* index of its per-job state in job->ext */
	enum restable_kind table;	/* NAME.csv/.tsv/.json: one table */
	int rows;		/* rows of it written */
	struct tmpl *named;	/* a name with replacement strings, or NULL */
	struct sbuf path;	/* its expansion for a job */
	char *name;		/* the message's name: --results NAME */
	const char *files;	/* --files: DIR, whose stdout files are named
				 * instead of the output, or NULL */
};

/* Per-job state: the two files the output is teed into. */
struct rjob {
	int fd[2];
	int err;		/* errno: its named path could not be used */
};

static int mkdir_p(const char *path)
{
	char *copy = xstrdup(path), *p;
	int rc = 0;

	for (p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) < 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	if (mkdir(copy, 0777) < 0 && errno != EEXIST)
		rc = -1;
	free(copy);
	return rc;
}

/* A name with replacement strings (--results out/{1}/): 1, r->named set. */
static int named(struct results *r, const char *where,
		 const struct rstr_conf *rc)
{
	struct chunk none = {0};

	r->named = tmpl_new_text(where, rc);
	tmpl_expand(r->named, &none, 0, 0, TR_RAW, &r->path);
	chunk_free(&none);
	if (r->path.len == strlen(where) && strcmp(r->path.buf, where) == 0) {
		tmpl_free(r->named);
		r->named = NULL;
		return 0;
	}
	return 1;
}

void results_files(struct results *r, const char *where)
{
	r->files = where;
}

struct results *results_open(const char *where, const struct rstr_conf *rc)
{
	struct results *r = xcalloc(1, sizeof *r);
	size_t n = strlen(where);

	r->rec = -1;
	sbuf_addf(&r->path, "--results %s", where);
	r->name = xstrdup(r->path.buf);
	sbuf_reset(&r->path);
	r->jsonl = n > 6 && strcmp(where + n - 6, ".jsonl") == 0;
	r->table = restable_kind(where);
	if (r->table && (strcmp(where, "-.csv") == 0 ||
			 strcmp(where, "-.tsv") == 0 || strcmp(where, "-.json") == 0)) {
		r->fd = fcntl(1, F_DUPFD_CLOEXEC, 3);
	} else if (r->table) {
		r->fd = open(where, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND |
			     O_CLOEXEC, 0644);
	} else if (r->jsonl) {
		r->fd = open(where, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND |
			     O_CLOEXEC, 0644);
	} else if (named(r, where, rc)) {
		r->fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	} else {
		r->fd = -1;
		if (mkdir_p(where) == 0)
			r->fd = open(where, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (r->fd < 0) {
		int e = errno;
		tmpl_free(r->named);
		sbuf_free(&r->path);
		free(r->name);
		free(r);
		errno = e;
		return NULL;
	}
	return r;
}

static int write_file(int dir, const char *name, const char *s, size_t n)
{
	int fd = openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc;

	if (fd < 0)
		return -1;
	rc = write_all(fd, s, n);
	if (close(fd) < 0)
		rc = -1;
	return rc;
}

/* Open (or, for a retry, reopen empty) the file name of job directory dir. */
static int reopen_at(int dir, const char *name, int old)
{
	if (old >= 0)
		close(old);
	return openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

/* Empty a job's temp file for another try, or make one. */
static int retemp(int fd)
{
	if (fd < 0)
		return tmpfile_fd();
	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A job starts: set up its files and tee its output entry into them. */
static int results_start(struct results *r, struct job *j)
{
	struct rjob *rj = j->ext[r->ext];
	struct sbuf path = {0}, fname = {0};
	char seq[32];
	int s, dir;

	if (!rj) {
		rj = xcalloc(1, sizeof *rj);
		rj->fd[0] = rj->fd[1] = -1;
		j->ext[r->ext] = rj;
	}
	/* a retry reuses the files of the try before, emptied */
	if (r->jsonl || r->table) {
		for (s = 0; s < 2; s++)
			rj->fd[s] = retemp(rj->fd[s]);
	} else if (r->named) {
		sbuf_reset(&r->path);
		tmpl_expand(r->named, &j->args, j->seq, j->slot, TR_RAW, &r->path);
		rj->err = gnures_open_named(r->path.buf ? r->path.buf : "", j->seq,
					    rj->fd) < 0 ? errno : 0;
		sbuf_add(&fname, r->path.buf ? r->path.buf : "", r->path.len);
		if (!r->path.len || r->path.buf[r->path.len - 1] == '/')
			sbuf_adds(&fname, "stdout");
	} else {
		/* GNU parallel's layout: DIR/1/<value>/2/<value>/ */
		gnures_path(&j->args, &path);
		if (r->files)	/* as GNU parallel names it */
			sbuf_addf(&fname, "%s/%s/stdout", r->files,
				  path.buf ? path.buf : "");
		dir = gnures_mkdirs(r->fd, path.buf ? path.buf : "");
		sbuf_free(&path);
		if (dir >= 0 && write_file(dir, "seq", seq, (size_t)snprintf(
				seq, sizeof seq, "%lu", j->seq)) < 0) {
			close(dir);
			dir = -1;
		}
		for (s = 0; s < 2; s++) {
			if (dir >= 0) {
				rj->fd[s] = reopen_at(dir, s ? "stderr" : "stdout", rj->fd[s]);
			} else if (rj->fd[s] >= 0) {
				close(rj->fd[s]);
				rj->fd[s] = -1;
			}
		}
		if (dir >= 0)
			close(dir);
	}
	for (s = 0; s < 2; s++)
		output_tee(j->oe, s, rj->fd[s]);
	if (!r->jsonl)
		output_mute(j->oe);	/* as GNU parallel: the files only */
	if (!r->jsonl && !r->table)
		output_compress_tees(j->oe);
	if (r->files && !r->jsonl && !r->table)
		output_name(j->oe, fname.buf ? fname.buf : "", fname.len);
	sbuf_free(&fname);
	return rj->fd[0] >= 0 && rj->fd[1] >= 0 ? 0 : -1;
}

/* Length of the valid UTF-8 sequence at s; 0 when invalid; -1 when s
 * holds only a valid start of one (n too short to tell). */
static int utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) { len = 2; cp = s[0] & 0x1f; }
	else if ((s[0] & 0xf0) == 0xe0) { len = 3; cp = s[0] & 0x0f; }
	else if ((s[0] & 0xf8) == 0xf0) { len = 4; cp = s[0] & 0x07; }
	else return 0;
	for (i = 1; i < len; i++) {
		if (i == n)
			return -1;
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return (int)len;
}

/* pread up to n bytes at off, short only at end of file.  Returns the
 * count or -1. */
static ssize_t pread_full(int fd, char *buf, size_t n, off_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(fd, buf + got, n - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Whether s is all valid UTF-8. */
static int utf8_ok(const char *s, size_t n)
{
	size_t i;
	int l;

	for (i = 0; i < n; i += (size_t)l)
		if ((l = utf8_len((const unsigned char *)s + i, n - i)) <= 0)
			return 0;
	return 1;
}

/* Whether the whole of fd is valid UTF-8, read a piece at a time; a
 * sequence cut by a piece's end is carried into the next.  1, 0, or -1. */
static int valid_utf8(int fd)
{
	char buf[PIECE + 4];
	size_t carry = 0, len, i;
	off_t off = 0;
	ssize_t n;
	int l;

	for (;;) {
		if ((n = pread_full(fd, buf + carry, PIECE, off)) < 0)
			return -1;
		if (n == 0)
			return carry == 0;	/* a cut sequence at the end */
		off += n;
		len = carry + (size_t)n;
		for (i = 0; i < len; i += (size_t)l) {
			l = utf8_len((const unsigned char *)buf + i, len - i);
			if (l == 0)
				return 0;
			if (l < 0)
				break;
		}
		carry = len - i;
		memmove(buf, buf + i, carry);
	}
}

/* Add s to a JSON string body, escaped. */
static void json_escape(struct sbuf *b, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc;
		char u[8];

		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\t': esc = "\\t"; break;
		case '\r': esc = "\\r"; break;
		default:
			if (c >= 0x20 && c != 0x7f)
				continue;
			snprintf(u, sizeof u, "\\u%04x", c);
			esc = u;
		}
		sbuf_add(b, s + run, i - run);
		sbuf_adds(b, esc);
		run = i + 1;
	}
	sbuf_add(b, s + run, n - run);
}

static void json_string(struct sbuf *b, const char *s, size_t n)
{
	sbuf_addc(b, '"');
	json_escape(b, s, n);
	sbuf_addc(b, '"');
}

/* Add s in base64; n is a multiple of 3 except in the last piece. */
static void base64(struct sbuf *b, const unsigned char *s, size_t n)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
		char q[4] = { tab[v >> 18], tab[(v >> 12) & 63], tab[(v >> 6) & 63], tab[v & 63] };
		sbuf_add(b, q, 4);
	}
	if (i < n) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0);
		char q[4] = { tab[v >> 18], tab[(v >> 12) & 63],
			      i + 1 < n ? tab[(v >> 6) & 63] : '=', '=' };
		sbuf_add(b, q, 4);
	}
}

/* Past REC_MEM, move the record built so far to the temp file. */
static void rec_spill(struct results *r)
{
	struct sbuf *b = &r->line;

	if (b->len < REC_MEM)
		return;
	if (!r->rec_used) {
		if (r->rec < 0)
			r->rec = tmpfile_fd();
		if (r->rec < 0 || ftruncate(r->rec, 0) < 0 ||
		    lseek(r->rec, 0, SEEK_SET) < 0)
			r->rec_err = errno ? errno : EIO;
		r->rec_used = 1;
	}
	if (!r->rec_err && write_all(r->rec, b->buf, b->len) < 0)
		r->rec_err = errno ? errno : EIO;
	sbuf_reset(b);
}

static void json_field(struct sbuf *b, const char *name, const char *s, size_t n)
{
	if (utf8_ok(s, n)) {
		sbuf_addf(b, ",\"%s\":", name);
		json_string(b, s, n);
	} else {
		sbuf_addf(b, ",\"%s_base64\":", name);
		sbuf_addc(b, '"');
		base64(b, (const unsigned char *)s, n);
		sbuf_addc(b, '"');
	}
}

/* Add a job's output in fd as field name, a piece at a time. */
static int json_file_field(struct results *r, const char *name, int fd)
{
	struct sbuf *b = &r->line;
	char buf[PIECE];
	int utf8 = fd < 0 ? 1 : valid_utf8(fd);
	off_t off = 0;
	ssize_t n = 0;

	if (utf8 < 0)
		return -1;
	sbuf_addf(b, utf8 ? ",\"%s\":\"" : ",\"%s_base64\":\"", name);
	while (fd >= 0 && (n = pread_full(fd, buf, sizeof buf, off)) > 0) {
		off += n;
		if (utf8)
			json_escape(b, buf, (size_t)n);
		else
			base64(b, (const unsigned char *)buf, (size_t)n);
		rec_spill(r);
	}
	sbuf_addc(b, '"');
	return fd >= 0 && n < 0 ? -1 : 0;
}

/* Copy the record out: one write(2) when it stayed in memory, so records
 * never interleave; a record past REC_MEM was built in a temp file and
 * goes out in pieces (O_APPEND: each lands at the end; parx is the only
 * writer, so the pieces stay together). */
static int rec_write(struct results *r)
{
	char buf[65536];
	off_t off = 0;
	ssize_t n;

	if (!r->rec_used)
		return write_all(r->fd, r->line.buf, r->line.len);
	r->rec_used = 0;
	if (!r->rec_err && write_all(r->rec, r->line.buf, r->line.len) < 0)
		r->rec_err = errno ? errno : EIO;
	if (r->rec_err) {
		errno = r->rec_err;
		r->rec_err = 0;
		return -1;
	}
	while ((n = pread_full(r->rec, buf, sizeof buf, off)) > 0) {
		if (write_all(r->fd, buf, (size_t)n) < 0)
			return -1;
		off += n;
	}
	return n < 0 ? -1 : 0;
}

/* All of fd into b. */
static int slurp(int fd, struct sbuf *b)
{
	char buf[65536];
	off_t off = 0;
	ssize_t n;

	while (fd >= 0 && (n = pread_full(fd, buf, sizeof buf, off)) > 0) {
		sbuf_add(b, buf, (size_t)n);
		off += n;
	}
	return fd < 0 ? -1 : 0;
}

/* --results NAME.csv and the other tables: j's row. */
static int table_end(struct results *r, struct job *j, struct rjob *rj,
		     const char *cmd)
{
	struct sbuf out = {0}, err = {0}, row = {0};
	int rc = slurp(rj->fd[0], &out) | slurp(rj->fd[1], &err);

	restable_row(&row, r->table, j, cmd, &out, &err, r->rows++ == 0);
	if (write_all(r->fd, row.buf, row.len) < 0)
		rc = -1;
	sbuf_free(&out);
	sbuf_free(&err);
	sbuf_free(&row);
	return rc;
}

/* A job ended (reaped and drained): write exit value / the JSON line;
 * host is where it ran (":" for this machine). */
static int results_end(struct results *r, struct job *j, const char *host,
		       const char *cmd)
{
	struct rjob *rj = j->ext[r->ext];
	struct sbuf out = {0};
	int rc = 0, s;

	if (!rj)
		return -1;
	if (r->table)
		return table_end(r, j, rj, cmd);
	if (r->jsonl) {
		struct sbuf *b = &r->line;
		sbuf_reset(b);
		sbuf_addf(b, "{\"seq\":%lu", j->seq);
		json_field(b, "host", host, strlen(host));
		sbuf_addf(b, ",\"starttime\":%.3f,\"runtime\":%.3f,"
			  "\"exitval\":%d,\"signal\":%d",
			  j->start_real, j->end - j->start, j->exitval,
			  j->termsig);
		/* what wait4(2) said the job used */
		sbuf_addf(b, ",\"user\":%.6f,\"system\":%.6f,\"maxrss\":%ld",
			  (double)j->ru.ru_utime.tv_sec + j->ru.ru_utime.tv_usec / 1e6,
			  (double)j->ru.ru_stime.tv_sec + j->ru.ru_stime.tv_usec / 1e6,
			  j->ru.ru_maxrss * 1024L);
		json_field(b, "command", cmd, strlen(cmd));
		for (s = 0; s < 2; s++)
			if (json_file_field(r, s ? "stderr" : "stdout", rj->fd[s]) < 0 ||
			    rj->fd[s] < 0)
				rc = -1;
		sbuf_adds(b, "}\n");
		if (rec_write(r) < 0)
			rc = -1;
	}
	sbuf_free(&out);
	return rc;
}

static void hook_running(void *ctx, struct job *j)
{
	(void)results_start(ctx, j);
}

static int hook_done(void *ctx, struct job *j)
{
	struct results *r = ctx;
	struct rjob *rj = j->ext[r->ext];

	/* a job whose result could not be stored is not a failed run, but
	 * a name that leads out of its directory is refused */
	(void)results_end(ctx, j, j->host, j->display);
	if (rj && rj->err == EPERM) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

static void hook_forget(void *ctx, struct job *j)
{
	struct results *r = ctx;
	struct rjob *rj = j->ext[r->ext];
	int s;

	if (!rj)
		return;
	for (s = 0; s < 2; s++)
		if (rj->fd[s] >= 0)
			close(rj->fd[s]);
	free(rj);
	j->ext[r->ext] = NULL;
}

static void hook_close(void *ctx)
{
	results_close(ctx);
}

void results_attach(struct results *r, struct pool *p)
{
	struct hook h = { .ctx = r, .name = r->name,
			  .job_running = hook_running, .job_done = hook_done,
			  .job_forget = hook_forget, .close = hook_close };

	r->ext = pool_hook_add(p, &h);
}

void results_close(struct results *r)
{
	if (!r)
		return;
	close(r->fd);
	if (r->rec >= 0)
		close(r->rec);
	tmpl_free(r->named);
	sbuf_free(&r->path);
	free(r->name);
	sbuf_free(&r->line);
	free(r);
}
