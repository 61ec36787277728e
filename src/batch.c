/* batch.c: gathering each job's inputs from the input sources. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

struct batch {
	const struct opts *o;
	struct input *in;
	const struct tmpl *t;
	struct exec *ex;	/* measures commands against the budget */
	size_t want;		/* inputs per job at most */
	struct chunk building;	/* the next job's inputs so far */
	size_t build_len;	/* the length of the command they make */
	struct chunk pending;	/* an input read that did not fit */
	int have_pending;
	int in_done;		/* the input has ended */
	unsigned long made;	/* jobs handed out */
	size_t nslots;		/* job slots, for spreading -X/-m's last inputs */
	size_t xcap;		/* -X/-m: inputs per job once spread */
	int spread;		/* the last inputs were spread over the slots */
	/* batch_preload: every job's inputs, read before the first job */
	struct chunk *pre;
	size_t npre, prepos;
	int preloaded, pre_rc, pre_errno;	/* what ended the input */
};

struct batch *batch_new(const struct opts *o, struct input *in,
			const struct tmpl *t, struct exec *ex)
{
	struct batch *b = xcalloc(1, sizeof *b);

	b->o = o;
	b->in = in;
	b->t = t;
	b->ex = ex;
	b->want = o->xargs ? (o->max_args ? (size_t)o->max_args : (size_t)-1) :
		  o->max_args ? (size_t)o->max_args : 1;
	return b;
}

void batch_free(struct batch *b)
{
	if (!b)
		return;
	chunk_free(&b->building);
	chunk_free(&b->pending);
	while (b->prepos < b->npre)
		chunk_free(&b->pre[b->prepos++]);
	free(b->pre);
	free(b);
}

/* Read the next input into b->pending: INPUT_OK, or the input's state. */
static int read_pending(struct batch *b, int may_block)
{
	int rc;

	chunk_reset(&b->pending);
	rc = input_next(b->in, &b->pending, may_block);
	if (rc == INPUT_EOF)
		b->in_done = 1;
	else if (rc == INPUT_OK)
		b->have_pending = 1;
	return rc;
}

/* Add the pending input to the job being built when it fits the budget:
 * 1 when it did, 0 when the job is full. */
static int take_pending(struct batch *b)
{
	int shell = tmpl_is_shell(b->t);
	size_t cost;

	if (b->building.ninputs == 0) {
		/* the first inputs: take them over, no copy */
		struct chunk t = b->building;
		b->building = b->pending;
		b->pending = t;
		b->have_pending = 0;
		if (b->want > 1)
			b->build_len = exec_measure(b->ex, &b->building);
		return 1;
	}
	/* counted as exec_measure() counts: quoted as for a shell */
	cost = tmpl_cost(b->t, &b->pending, TR_SHELL);
	/* a shell script is one word: it must fit EXEC_MAX_WORD too */
	if (b->build_len + cost > exec_max_chars(b->ex) ||
	    (shell && b->build_len + cost > EXEC_MAX_WORD))
		return 0;
	b->build_len += cost;
	chunk_append(&b->building, &b->pending);
	b->have_pending = 0;
	return 1;
}

/* Gather the inputs of the next job into b->building.  Returns INPUT_OK
 * when a job's worth is ready, INPUT_AGAIN, INPUT_EOF or INPUT_ERR. */
static int gather(struct batch *b, int may_block)
{
	while (b->building.ninputs < b->want) {
		if (!b->have_pending) {
			int rc;
			if (b->in_done)
				break;
			rc = read_pending(b, may_block);
			if (rc == INPUT_EOF)
				break;
			if (rc != INPUT_OK)
				return rc;
		}
		if (!take_pending(b))
			break;
	}
	return b->building.ninputs ? INPUT_OK : INPUT_EOF;
}

/* Keep the first keep inputs of c; the others go to rest (empty). */
static void split_chunk(struct chunk *c, size_t keep, struct chunk *rest)
{
	size_t cols = c->nvals / c->ninputs, v;

	for (v = keep * cols; v < c->nvals; v++)
		chunk_add(rest, CHUNK_VAL(c, v), c->len[v]);
	rest->ninputs = c->ninputs - keep;
	c->data.len = c->off[keep * cols];
	c->data.buf[c->data.len] = '\0';
	c->nvals = keep * cols;
	c->ninputs = keep;
}

/* With -X or -m and several slots, the first time the input has ended
 * the inputs left are spread evenly over the slots, as GNU parallel
 * spreads them: each job takes at most a share rounded up (xcap) and the
 * rest wait in pending for the next job.  Not with --colsep (values per
 * input must be the same to split). */
static void batch_spread(struct batch *b)
{
	struct chunk *c = &b->building;

	if (!b->o->xargs || b->nslots < 2 || c->ninputs < 2 || b->have_pending ||
	    c->nvals % c->ninputs)
		return;
	if (!b->spread && b->in_done) {
		b->spread = 1;
		b->xcap = (c->ninputs + b->nslots - 1) / b->nslots;
	}
	if (!b->xcap || c->ninputs <= b->xcap)
		return;
	chunk_reset(&b->pending);
	split_chunk(c, b->xcap, &b->pending);
	b->have_pending = 1;
	b->in_done = 0;
}

void batch_set_slots(struct batch *b, size_t n)
{
	b->nslots = n;
}

/* A preloaded job's inputs into j, or what ended the input. */
static int preloaded_next(struct batch *b, struct job *j)
{
	if (b->prepos == b->npre) {
		errno = b->pre_errno;
		return b->pre_rc;
	}
	j->args = b->pre[b->prepos];
	memset(&b->pre[b->prepos++], 0, sizeof *b->pre);
	b->made++;
	return INPUT_OK;
}

unsigned long batch_preload(struct batch *b)
{
	size_t cap = 0;
	int rc;

	b->preloaded = 1;
	while ((rc = gather(b, 1)) == INPUT_OK || rc == INPUT_AGAIN) {
		if (rc == INPUT_AGAIN)
			continue;
		batch_spread(b);
		if (b->npre == cap) {
			cap = cap ? cap * 2 : 64;
			b->pre = xreallocarray(b->pre, cap, sizeof *b->pre);
		}
		b->pre[b->npre++] = b->building;
		memset(&b->building, 0, sizeof b->building);
	}
	b->pre_rc = rc;
	b->pre_errno = errno;
	return b->npre;
}

/* -X/-m: a job that -n/-N filled may hold the last inputs.  Look one
 * input ahead, as the spread must know whether the input has ended:
 * INPUT_OK (known now), or the input's state (INPUT_AGAIN: ask again). */
static int batch_peek(struct batch *b, int may_block)
{
	int rc;

	if (!b->o->xargs || b->nslots < 2 || b->spread || b->in_done ||
	    b->have_pending || b->building.ninputs < b->want)
		return INPUT_OK;
	rc = read_pending(b, may_block);
	return rc == INPUT_EOF ? INPUT_OK : rc;
}

static int batch_next(void *ctx, struct job *j, int may_block)
{
	struct batch *b = ctx;
	int rc;

	if (b->preloaded)
		return preloaded_next(b, j);
	rc = gather(b, may_block);
	if (rc == INPUT_OK)
		rc = batch_peek(b, may_block);
	if (rc == INPUT_OK) {
		batch_spread(b);
		j->args = b->building;
		memset(&b->building, 0, sizeof b->building);
		b->made++;
	}
	return rc;
}

/* A job too long to run that holds several inputs gives its later half
 * back, in front of what it gave back before, to start the next job: 1
 * when it did.  For remote jobs, whose length gather() cannot foresee.
 * Only at the job's first build, when nothing has been gathered since,
 * so input order and {#} hold; only when every input is the same number
 * of values (not --colsep); and not with --joblog, as --resume goes by
 * job numbers, which must then mean the same inputs in every run. */
static int batch_shrink(void *ctx, struct job *j)
{
	struct batch *b = ctx;
	struct chunk *c = &j->args, back = {0};
	size_t cols, keep, v;

	if (b->preloaded || b->o->joblog || b->o->colsep || c->ninputs < 2 ||
	    c->nvals % c->ninputs)
		return 0;
	cols = c->nvals / c->ninputs;
	keep = c->ninputs / 2;
	for (v = keep * cols; v < c->nvals; v++)
		chunk_add(&back, CHUNK_VAL(c, v), c->len[v]);
	back.ninputs = c->ninputs - keep;
	chunk_append(&back, &b->building);
	chunk_free(&b->building);
	b->building = back;
	c->data.len = c->off[keep * cols];
	c->data.buf[c->data.len] = '\0';
	c->nvals = keep * cols;
	c->ninputs = keep;
	b->build_len = exec_measure(b->ex, &b->building);
	return 1;
}

static int batch_fd(void *ctx)
{
	struct batch *b = ctx;

	return input_fd(b->in);
}

static const char *batch_errname(void *ctx)
{
	struct batch *b = ctx;

	return input_errname(b->in);
}

/* Jobs in all when known: the input has ended, or every source is in
 * memory and each input is one job. */
static unsigned long batch_total(void *ctx)
{
	struct batch *b = ctx;

	if (b->preloaded)
		return b->npre;
	if (b->in_done)
		return b->made + (b->building.ninputs > 0);
	if (!b->o->xargs && b->o->max_args <= 1)
		return input_total(b->in);
	return 0;
}

/* Inputs a job gave back still make a job after the input has ended. */
static int batch_exhausted(void *ctx)
{
	struct batch *b = ctx;

	if (b->preloaded)
		return b->prepos == b->npre;
	return b->in_done && b->building.ninputs == 0 && !b->have_pending;
}

struct source batch_source(struct batch *b)
{
	struct source s = {
		.ctx = b, .next = batch_next, .fd = batch_fd,
		.errname = batch_errname, .total = batch_total,
		.exhausted = batch_exhausted, .shrink = batch_shrink,
	};
	return s;
}
