/* inrules.c: the rules GNU parallel applies to each input as it is read:
 * -r skips blank inputs, -n0 drops the values, -E ends the input at a
 * line, -L/-l continue a line that ends with a blank, --trim, --shuf. */
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "input_impl.h"

int inrules_is_eof(const char *eof, const char *s, size_t n)
{
	return eof && strlen(eof) == n && memcmp(s, eof, n) == 0;
}

/* 1 when values from..c->nvals hold only blanks (or nothing). */
static int blank_from(const struct chunk *c, size_t from)
{
	size_t v;

	for (v = from; v < c->nvals; v++)
		if (strspn(CHUNK_VAL(c, v), " \t\r\n") < c->len[v])
			return 0;
	return 1;
}

/* --trim: blanks off values from..c->nvals, in place. */
static void trim_from(const struct input *in, struct chunk *c, size_t from)
{
	size_t v;

	for (v = from; v < c->nvals; v++) {
		char *s = CHUNK_VAL(c, v);
		size_t n = c->len[v], l = 0;
		while (in->trim_l && l < n && (s[l] == ' ' || s[l] == '\t'))
			l++;
		while (in->trim_r && n > l && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		s[n] = '\0';
		c->off[v] += l;
		c->len[v] = n - l;
	}
}

static int ends_blank(const struct chunk *c, size_t v)
{
	return c->len[v] && strchr(" \t", CHUNK_VAL(c, v)[c->len[v] - 1]);
}

/* -L/-l: while value v (the last in c) ends with a blank, the next line
 * continues it, as in GNU parallel and xargs. */
static int continue_line(struct input *in, struct chunk *c, size_t v)
{
	struct chunk next = {0};
	int rc = INPUT_OK;

	while (ends_blank(c, v) && (rc = input_one(in, &next, 1)) == INPUT_OK) {
		c->data.len--;		/* the value's NUL */
		sbuf_add(&c->data, CHUNK_VAL(&next, 0), next.len[0]);
		sbuf_addc(&c->data, '\0');
		c->len[v] += next.len[0];
		in->count--;
		chunk_reset(&next);
	}
	chunk_free(&next);
	return rc == INPUT_ERR ? INPUT_ERR : INPUT_OK;
}

static int rules_next(struct input *in, struct chunk *c, int may_block)
{
	for (;;) {
		size_t nv = c->nvals, dlen = c->data.len;
		int rc = input_one(in, c, may_block);
		if (rc == INPUT_OK && in->eof_str && in->streaming &&
		    strcmp(CHUNK_VAL(c, nv), in->eof_str) == 0) {
			/* -E: this line ends the input */
			c->nvals = nv;
			c->data.len = dlen;
			c->ninputs--;
			in->count--;
			in->done = 1;
			return INPUT_EOF;
		}
		if (rc == INPUT_OK && in->cont_lines && in->streaming &&
		    in->ngroups == 1 && c->nvals == nv + 1 &&
		    continue_line(in, c, nv) == INPUT_ERR)
			return INPUT_ERR;
		if (rc == INPUT_OK && (in->trim_l || in->trim_r))
			trim_from(in, c, nv);
		if (rc == INPUT_OK && in->zero_args) {
			/* -n0: the input makes a job, its values go */
			c->nvals = nv;
			c->data.len = dlen;
			return rc;
		}
		if (rc != INPUT_OK || !in->skip_blank || !blank_from(c, nv))
			return rc;
		/* -r: drop this input and take the next */
		c->nvals = nv;
		c->data.len = dlen;
		if (c->data.buf)
			c->data.buf[dlen] = '\0';
		c->ninputs--;
		in->count--;
	}
}


/* --shuf: read every input, then put them in a random order. */
static int shuf_load(struct input *in)
{
	unsigned long long x = (unsigned long long)(now_real() * 1e9) ^
			       ((unsigned long long)getpid() << 32);
	size_t cap = 0, i;
	int rc;

	in->shuf_loaded = 1;
	for (;;) {
		if (in->nshuf == cap) {
			cap = cap ? cap * 2 : 64;
			in->shuf = xreallocarray(in->shuf, cap, sizeof *in->shuf);
		}
		memset(&in->shuf[in->nshuf], 0, sizeof *in->shuf);
		rc = rules_next(in, &in->shuf[in->nshuf], 1);
		if (rc != INPUT_OK) {
			chunk_free(&in->shuf[in->nshuf]);
			break;
		}
		in->nshuf++;
	}
	for (i = in->nshuf; i > 1; i--) {
		struct chunk t;
		size_t k;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		k = (size_t)(x % i);
		t = in->shuf[i - 1];
		in->shuf[i - 1] = in->shuf[k];
		in->shuf[k] = t;
	}
	return rc == INPUT_ERR ? INPUT_ERR : INPUT_OK;
}

int input_next(struct input *in, struct chunk *c, int may_block)
{
	if (!in->shuffle)
		return rules_next(in, c, may_block);
	if (!in->shuf_loaded && shuf_load(in) == INPUT_ERR)
		return INPUT_ERR;
	if (in->shufpos == in->nshuf)
		return INPUT_EOF;
	chunk_append(c, &in->shuf[in->shufpos++]);
	return INPUT_OK;
}
