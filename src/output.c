/* output.c: group, keep-order, line and ungrouped output; tags (and the
 * line ends of --color); spilling buffered output to unlinked temp
 * files. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include "latest.h"
#include "output_impl.h"
#include "ozip.h"

struct output *output_new(const struct opts *o)
{
	struct output *out = xcalloc(1, sizeof *out);

	out->keep = o->keep_order;
	out->line = o->out == OUT_LINE && !o->keep_order;
	if (o->latest_line)
		out->ll = latest_new(o->keep_order);
	else if (o->out != OUT_UNGROUP)
		out->z = ozip_new(o);
	out->files = out->z && o->files;
	return out;
}

void output_free(struct output *out)
{
	if (!out)
		return;
	sbuf_free(&out->tagged);
	ozip_free(out->z);
	latest_free(out->ll);
	free(out);
}

static void ob_init(struct obuf *b)
{
	memset(b, 0, sizeof *b);
	b->spill = -1;
	b->bol = 1;
	ofile_init(&b->of);
}

/* Append to a buffer, spilling past MEM_MAX. */
static void ob_add(struct obuf *b, const char *p, size_t n)
{
	if (b->err)
		return;
	if (b->spill < 0 && b->mem.len + n <= MEM_MAX) {
		sbuf_add(&b->mem, p, n);
		return;
	}
	if (b->spill < 0 && (b->spill = tmpfile_fd()) < 0) {
		b->err = errno;
		return;
	}
	if (write_all(b->spill, p, n) < 0) {
		b->err = errno ? errno : EIO;
		return;
	}
	b->spilled += n;
}

/* Copy a spill file to fd from its start. */
static void copy_spill(struct output *out, int fd, struct obuf *b)
{
	off_t off = 0;
	unsigned long long left = b->spilled;
	char buf[65536];

	while (left > 0 && !out->broken) {
		size_t want = left > (1u << 30) ? (1u << 30) : (size_t)left;
		ssize_t n = sendfile(fd, b->spill, &off, want);
		if (n > 0) {
			left -= (unsigned long long)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			/* a non-blocking stdout is full: wait for room */
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };
			(void)poll(&pfd, 1, 100);
			continue;
		}
		if (n < 0 && errno != EINVAL && errno != ENOSYS) {
			output_broken_now(out);
			break;
		}
		break;		/* no sendfile here: read/write below */
	}
	while (left > 0 && !out->broken) {
		ssize_t r = pread(b->spill, buf, sizeof buf, off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			errno = r < 0 ? errno : EIO;
			output_broken_now(out);
			break;
		}
		output_put(out, fd, buf, (size_t)r);
		off += r;
		left -= (unsigned long long)r;
	}
}

/* Write all a buffer holds to fd and empty it. */
static void ob_flush(struct output *out, int fd, struct obuf *b)
{
	output_put(out, fd, b->mem.buf, b->mem.len);
	sbuf_reset(&b->mem);
	if (b->spill >= 0) {
		copy_spill(out, fd, b);
		/* done with it; a later spill starts a new file */
		close(b->spill);
		b->spill = -1;
		b->spilled = 0;
	}
}

/* Appends e to the queue from *head to *tail. */
static void queue_add(struct oentry **head, struct oentry **tail,
		      struct oentry *e)
{
	if (*tail)
		(*tail)->next = e;
	else
		*head = e;
	*tail = e;
}

struct oentry *output_start(struct output *out, unsigned long seq,
			    const char *tag, size_t taglen)
{
	struct oentry *e = xcalloc(1, sizeof *e);

	e->seq = seq;
	ob_init(&e->ob[0]);
	ob_init(&e->ob[1]);
	e->tee[0] = e->tee[1] = -1;
	if (tag) {
		e->tag = xstrndup(tag, taglen);
		e->taglen = taglen;
	}
	e->ob[0].of.keep = out->files;
	if (out->ll) {
		e->lr = latest_start(out->ll, seq, e->tag, e->taglen);
		return e;
	}
	if (out->keep) {
		queue_add(&out->head, &out->tail, e);
		e->live = out->head == e && !out->z;
	}
	return e;
}

/* Group mode: a big talker (PROMOTE bytes of stdout buffered, counting the
 * n about to come) takes over stdout and streams from here on, when nobody
 * else has it and it cannot be retried.  Returns 1 when it did. */
static int promote(struct output *out, struct oentry *e, int stream, size_t n)
{
	struct obuf *b = &e->ob[stream];

	if (out->keep || out->line || stream != 0 || e->hold || out->owner || out->z ||
	    out->wait_head || b->mem.len + b->spilled + n < PROMOTE)
		return 0;
	out->owner = e;
	e->live = 1;
	ob_flush(out, 1, b);
	return 1;
}

/* Tagged data p (n bytes) of stream to where it goes now. */
void output_deliver(struct output *out, struct oentry *e, int stream,
		    const char *p, size_t n)
{
	struct obuf *b = &e->ob[stream];
	int fd = stream + 1;
	const char *nl;

	if (e->live && (out->keep || stream == 0)) {
		output_put(out, fd, p, n);
		return;
	}
	if (promote(out, e, stream, n)) {
		output_put(out, fd, p, n);
		return;
	}
	if (out->line && !e->hold && (nl = memrchr(p, '\n', n)) != NULL) {
		size_t upto = (size_t)(nl - p) + 1;
		ob_flush(out, fd, b);
		output_put(out, fd, p, upto);
		ob_add(b, p + upto, n - upto);
		return;
	}
	ob_add(b, p, n);
}

void output_data(struct output *out, struct oentry *e, int stream,
		 const char *p, size_t n)
{
	struct obuf *b = &e->ob[stream];

	e->bytes[stream] += n;
	if (e->ztee && out->z && e->tee[stream] >= 0) {
		/* --results DIR with --compress: the files are compressed */
		if (ofile_into(out->z, &b->of, e->tee[stream], p, n) < 0 &&
		    b->of.err != EPIPE)
			b->err = b->of.err;
	} else if (e->tee[stream] >= 0 && write_all(e->tee[stream], p, n) < 0) {
		b->err = errno;
	}
	if (e->mute)
		return;
	if (out->ll) {
		if (latest_data(out->ll, e->lr, p, n) < 0)
			output_broken_now(out);
		return;
	}
	if (out->z) {
		output_zip_data(out, e, stream, p, n);
		return;
	}
	if (!e->defer)
		p = output_tagged(out, b, e, p, &n);
	output_deliver(out, e, stream, p, n);
}

int output_sink(struct output *out, struct oentry *e, int stream, int *spill)
{
	struct obuf *b = &e->ob[stream];

	*spill = 0;
	if (out->z || out->ll || e->tag || e->defer || e->tee[stream] >= 0 || out->broken || b->err || out->line)
		return -1;
	if (e->live && (out->keep || stream == 0))
		return out->nosplice[stream] ? -1 : stream + 1;
	if (promote(out, e, stream, 0))
		return out->nosplice[0] ? -1 : 1;
	if (b->spill >= 0) {
		*spill = 1;
		return b->spill;
	}
	return -1;
}

void output_spliced(struct output *out, struct oentry *e, int stream,
		    size_t n, int spill)
{
	(void)out;
	e->bytes[stream] += n;
	if (spill)
		e->ob[stream].spilled += n;
}

void output_splice_failed(struct output *out, struct oentry *e, int stream,
			  int spill, int err)
{
	if (err == EINVAL || err == ENOSYS || err == EBADF) {
		if (!spill)
			out->nosplice[stream] = 1;	/* e.g. stdout is a tty */
		else
			e->ob[stream].err = err;
		return;
	}
	if (spill)
		e->ob[stream].err = err;
	else
		output_set_broken(out, err);
}

static void entry_emit(struct output *out, struct oentry *e)
{
	if (out->z) {
		output_zip_emit(out, e);
		return;
	}
	if (e->defer) {
		output_flush_tagged(out, 1, e, &e->ob[0]);
		output_flush_tagged(out, 2, e, &e->ob[1]);
		return;
	}
	ob_flush(out, 1, &e->ob[0]);
	ob_flush(out, 2, &e->ob[1]);
}

/* --color: the last line of each stream ends as the others do. */
static void close_lines(struct output *out, struct oentry *e)
{
	int s;

	if (!e->eol || e->defer || e->mute)
		return;
	for (s = 0; s < 2; s++)
		if (!e->ob[s].bol) {
			struct sbuf b = {0};
			sbuf_add(&b, e->eol, e->eollen);
			sbuf_addc(&b, '\n');
			output_deliver(out, e, s, b.buf, b.len);
			e->ob[s].bol = 1;
			sbuf_free(&b);
		}
}

static void entry_free(struct output *out, struct oentry *e)
{
	output_ob_clear(out, &e->ob[0]);
	output_ob_clear(out, &e->ob[1]);
	free(e->tag);
	free(e->eol);
	free(e->fname);
	free(e);
}

/* Group mode: the owner is gone; write the jobs that waited for it. */
static void release_waiters(struct output *out)
{
	while (out->wait_head) {
		struct oentry *w = out->wait_head;
		out->wait_head = w->next;
		out->backlog--;
		entry_emit(out, w);
		entry_free(out, w);
	}
	out->wait_tail = NULL;
}

void output_discard(struct output *out, struct oentry *e)
{
	int s;

	for (s = 0; s < 2; s++) {
		output_ob_clear(out, &e->ob[s]);
		ob_init(&e->ob[s]);
		e->ob[s].of.keep = out->files && s == 0;
		e->bytes[s] = 0;
	}
	/* what went out live cannot be taken back (output_hold prevents
	 * it); the next try starts buffered */
	e->live = 0;
	if (out->owner == e) {
		out->owner = NULL;
		release_waiters(out);
	}
}

void output_hold(struct output *out, struct oentry *e, int hold)
{
	if (e->defer)
		return;		/* held to the end anyway */
	e->hold = hold;
	if (hold) {
		/* a keep-order head that has not written yet stops being live */
		if (out->owner != e)
			e->live = 0;
		return;
	}
	if (out->keep && out->head == e && !e->live && !out->z) {
		entry_emit(out, e);
		e->live = 1;
	}
}

int output_error(const struct oentry *e)
{
	return e->ob[0].err ? e->ob[0].err : e->ob[1].err;
}

unsigned long long output_bytes(const struct oentry *e, int stream)
{
	return e->bytes[stream];
}

void output_tee(struct oentry *e, int stream, int fd)
{
	e->tee[stream] = fd;
}

void output_mute(struct oentry *e)
{
	e->mute = 1;
}

void output_end(struct output *out, struct oentry *e)
{
	close_lines(out, e);
	e->done = 1;
	if (out->ll) {
		if (latest_end(out->ll, e->lr) < 0)
			output_broken_now(out);
		e->lr = NULL;
		entry_free(out, e);
		return;
	}
	if (!out->keep) {
		if (out->owner && out->owner != e) {
			/* wait for the job streaming live */
			queue_add(&out->wait_head, &out->wait_tail, e);
			out->backlog++;
			return;
		}
		entry_emit(out, e);
		entry_free(out, e);
		if (out->owner == e) {
			out->owner = NULL;
			release_waiters(out);
		}
		return;
	}
	if (e != out->head) {
		out->backlog++;
		return;
	}
	/* the head ended: write every finished entry behind it, then let
	 * the next running one stream */
	while (out->head && out->head->done) {
		struct oentry *h = out->head;
		entry_emit(out, h);
		out->head = h->next;
		if (!out->head)
			out->tail = NULL;
		if (h != e)
			out->backlog--;
		entry_free(out, h);
	}
	if (out->head && !out->head->hold && !out->z) {
		entry_emit(out, out->head);
		out->head->live = 1;
	}
}

size_t output_backlog(const struct output *out)
{
	return out->backlog;
}

int output_broken(const struct output *out)
{
	return out->broken;
}
