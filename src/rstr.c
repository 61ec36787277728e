/* rstr.c: the replacement strings beyond the seven plain ones: matching
 * them in a template (once per run) and applying them to a value (per
 * job).  The patterns of the dynamic ones ({#re} {/re/str} ...) are POSIX
 * extended regular expressions. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hooks.h"
#include "rstr.h"
#include "template.h"

void rstr_path(int op, const char *s, size_t n, struct sbuf *out)
{
	const char *slash = NULL, *dot, *p;

	for (p = s + n; p > s; p--)
		if (p[-1] == '/') {
			slash = p - 1;
			break;
		}
	switch (op) {
	case OP_ALL:
		sbuf_add(out, s, n);
		return;
	case OP_DIR:
		/* as dirname(1): trailing slashes do not count */
		while (n > 1 && s[n - 1] == '/')
			n--;
		for (slash = NULL, p = s + n; p > s; p--)
			if (p[-1] == '/') {
				slash = p - 1;
				break;
			}
		while (slash && slash > s && slash[-1] == '/')
			slash--;
		if (!slash)
			sbuf_addc(out, '.');
		else if (slash == s)
			sbuf_addc(out, '/');
		else
			sbuf_add(out, s, (size_t)(slash - s));
		return;
	case OP_BASE:
	case OP_BASENOEXT:
		if (slash) {
			n -= (size_t)(slash + 1 - s);
			s = slash + 1;
		}
		if (op == OP_BASE) {
			sbuf_add(out, s, n);
			return;
		}
		slash = NULL;
		/* fall through */
	case OP_NOEXT:
		dot = NULL;
		for (p = s + n; p > (slash ? slash + 1 : s); p--)
			if (p[-1] == '.') {
				dot = p - 1;
				break;
			}
		sbuf_add(out, s, dot ? (size_t)(dot - s) : n);
		return;
	}
}

/* The --plus strings that take no argument; the last two also drop jobs. */
static const struct { const char *body; enum rstr_op op; int flags; } fixed[] = {
	{ "+/", RO_PDIR, 0 }, { "+.", RO_PEXT, 0 }, { "+..", RO_PEXT2, 0 },
	{ "+...", RO_PEXT3, 0 }, { "..", RO_NOEXT2, 0 }, { "...", RO_NOEXT3, 0 },
	{ "/..", RO_BNOEXT2, 0 }, { "/...", RO_BNOEXT3, 0 },
	{ "uniq", RO_ALL, RF_UNIQ }, { "choose_k", RO_ALL, RF_CHOOSE },
};

/* The dynamic ones: a prefix, then the pattern. */
static const struct { const char *pre; enum rstr_op op; } dyn[] = {
	{ "##", RO_PRELONG }, { "#", RO_PRE }, { "%%", RO_SUFLONG },
	{ "%", RO_SUF }, { "^^", RO_UPALL }, { "^", RO_UP },
	{ ",,", RO_LOWALL }, { ",", RO_LOW },
	{ "//", RO_SUBALL }, { "/#", RO_SUBPRE }, { "/%", RO_SUBSUF },
	{ "/", RO_SUB },
};

int rstr_plain(const struct rstr_conf *rc)
{
	return !rc || !(rc->er || rc->bnr || rc->dnr || rc->bner ||
			rc->seqr || rc->slotr);
}

/* Compile pattern re (n bytes) as ERE: r->re as the op searches it,
 * r->full as a whole-string match. */
static int compile(struct rstr *r, const char *re, size_t n)
{
	struct sbuf b = {0};
	int anchored = r->op == RO_PRELONG || r->op == RO_SUBPRE ||
		       r->op == RO_UP || r->op == RO_LOW;
	int e;

	sbuf_adds(&b, anchored ? "^(" : "(");
	sbuf_add(&b, re, n);
	sbuf_adds(&b, ")");
	e = regcomp(&r->re, b.buf, REG_EXTENDED);
	if (e == 0) {
		sbuf_reset(&b);
		sbuf_adds(&b, "^(");
		sbuf_add(&b, re, n);
		sbuf_adds(&b, ")$");
		if (regcomp(&r->full, b.buf, REG_EXTENDED) != 0) {
			regfree(&r->re);
			e = 1;
		}
	}
	sbuf_free(&b);
	if (e)
		return -1;
	r->has_re = 1;
	return 0;
}

/* {:-str} {:pos} {:pos:len}: 1 when body (n bytes) is one. */
static int match_colon(const char *b, size_t n, struct rstr *r)
{
	size_t i = 1, v = 0;

	if (n >= 3 && b[1] == '-') {
		r->op = RO_DEFAULT;
		r->str = xstrndup(b + 2, n - 2);
		return 1;
	}
	r->op = RO_SUBSTR;
	r->len = (size_t)-1;
	while (i < n && isdigit((unsigned char)b[i]) && i < 12)
		v = v * 10 + (size_t)(b[i++] - '0');
	if (i == 1)
		return 0;
	r->num = v;
	if (i == n)
		return 1;
	if (b[i++] != ':' || i == n)
		return 0;
	for (v = 0; i < n && isdigit((unsigned char)b[i]) && i < 24; i++)
		v = v * 10 + (size_t)(b[i] - '0');
	r->len = v;
	return i == n;
}

/* The pattern and replacement of {/re/str} and its kin: re ends at the
 * first slash after its first byte.  1 when body rest (n bytes) has both. */
static int match_sub(const char *b, size_t n, struct rstr *r)
{
	const char *slash = n > 1 ? memchr(b + 1, '/', n - 1) : NULL;
	size_t i;

	if (!slash)
		return 0;
	if (r->op == RO_SUB)
		for (i = 0; b + i < slash; i++)
			if (b[i] == '#' || b[i] == '%')
				return 0;
	r->str = xstrndup(slash + 1, n - (size_t)(slash + 1 - b));
	return compile(r, b, (size_t)(slash - b)) == 0;
}

/* The dynamic strings: 1 when body (n bytes) is one. */
static int match_dyn(const char *b, size_t n, struct rstr *r)
{
	size_t k, pl;

	if (b[0] == ':')
		return match_colon(b, n, r);
	for (k = 0; k < sizeof dyn / sizeof *dyn; k++) {
		pl = strlen(dyn[k].pre);
		if (n <= pl || strncmp(b, dyn[k].pre, pl) != 0)
			continue;
		r->op = dyn[k].op;
		if ((r->op == RO_PRE || r->op == RO_PRELONG) && b[pl] == '#')
			return 0;
		if (r->op >= RO_SUB && r->op <= RO_SUBSUF)
			return match_sub(b + pl, n - pl, r);
		return compile(r, b + pl, n - pl) == 0;
	}
	return 0;
}

long rstr_width(unsigned long n)
{
	return 1 + (long)(log((double)(n ? n : 1)) / log(10.0));
}

/* The --plus strings that stand for no value ({#} and {%} are the plain
 * matcher's); with a position each is empty. */
static const struct { const char *body; enum rstr_kind kind; const char *var; } nonval[] = {
	{ "#", RK_SEQ, NULL }, { "%", RK_SLOT, NULL }, { "##", RK_TOTAL, NULL },
	{ "0%", RK_SLOT0, NULL }, { "0#", RK_SEQ0, NULL }, { "slot", RK_SLOT, NULL },
	{ "host", RK_VAR, "${PARALLEL_SSHHOST}" },
	{ "sshlogin", RK_VAR, "${PARALLEL_SSHLOGIN}" },
	{ "agrp", RK_VAR, "${PARALLEL_ARGHOSTGROUPS}" },
	{ "hgrp", RK_VAR, "${PARALLEL_HOSTGROUPS}" },
};

/* The --plus strings inside braces: body (n bytes) after any position. */
static int match_plus(const char *b, size_t n, const struct rstr_conf *rc,
		      struct rstr *r)
{
	size_t k;

	for (k = 0; k < sizeof fixed / sizeof *fixed; k++)
		if (strlen(fixed[k].body) == n && memcmp(b, fixed[k].body, n) == 0) {
			if (fixed[k].flags && r->pos)
				return 0;
			r->op = fixed[k].op;
			r->flags = fixed[k].flags;
			return 1;
		}
	for (k = 0; k < sizeof nonval / sizeof *nonval; k++)
		if (strlen(nonval[k].body) == n && memcmp(b, nonval[k].body, n) == 0) {
			if (r->pos) {
				r->kind = RK_EMPTY;
				return 1;
			}
			if (k < 2)
				return 0;	/* {#}, {%}: not here */
			r->kind = nonval[k].kind;
			if (nonval[k].var)
				r->str = xstrdup(nonval[k].var);
			r->width = rstr_width(rc->jobs > 0 ? (unsigned long)rc->jobs : 1);
			return 1;
		}
	return match_dyn(b, n, r);
}

/* The seven plain strings under the names rc gives them, longest first;
 * the ones in braces also take a position ({2.} as {2} of {.}). */
static size_t match_named(const char *s, size_t n, const struct rstr_conf *rc,
			  struct rstr *r)
{
	const struct { const char *name; enum rstr_kind kind; enum rstr_op op; } t[] = {
		{ rc->repl ? rc->repl : "{}", RK_VAL, RO_ALL },
		{ rc->er ? rc->er : "{.}", RK_VAL, RO_NOEXT },
		{ rc->bnr ? rc->bnr : "{/}", RK_VAL, RO_BASE },
		{ rc->dnr ? rc->dnr : "{//}", RK_VAL, RO_DIR },
		{ rc->bner ? rc->bner : "{/.}", RK_VAL, RO_BASENOEXT },
		{ rc->seqr ? rc->seqr : "{#}", RK_SEQ, RO_ALL },
		{ rc->slotr ? rc->slotr : "{%}", RK_SLOT, RO_ALL },
	};
	size_t k, best = 0, l, i, pos;

	for (k = 0; k < sizeof t / sizeof *t; k++) {
		l = strlen(t[k].name);
		if (l && l <= n && l > best && memcmp(s, t[k].name, l) == 0) {
			best = l;
			r->kind = t[k].kind;
			r->op = t[k].op;
		}
	}
	if (best || n < 3 || s[0] != '{')
		return best;
	for (i = 1, pos = 0; i < n && i < 10 && isdigit((unsigned char)s[i]); i++)
		pos = pos * 10 + (size_t)(s[i] - '0');
	if (i == 1 || pos == 0)
		return 0;
	for (k = 0; k < 5; k++) {
		l = strlen(t[k].name);
		if (k && (t[k].name[0] != '{' || t[k].name[l - 1] != '}'))
			continue;
		if (k == 0)
			l = 2;		/* {N} */
		if (i + l - 1 <= n && memcmp(s + i, t[k].name + 1, l - 1) == 0 &&
		    i + l - 1 > best) {
			best = i + l - 1;
			r->kind = RK_VAL;
			r->op = t[k].op;
			r->pos = pos;
		}
	}
	return best;
}

/* A column named by --header, as {name} or {name.} and the other plain
 * forms (not the --plus ones): the longest that matches. */
static size_t match_col(const char *s, size_t n, const struct rstr_conf *rc,
			struct rstr *r)
{
	static const char *const plain[] = { "}", ".}", "/}", "//}", "/.}" };
	size_t k, q, l, best = 0;

	for (k = 0; k < rc->cols->nvals; k++) {
		l = rc->cols->len[k];
		if (l == 0 || 1 + l >= n || memcmp(s + 1, CHUNK_VAL(rc->cols, k), l))
			continue;
		for (q = 0; q < 5; q++)
			if (!strncmp(s + 1 + l, plain[q], strlen(plain[q])) &&
			    1 + l + strlen(plain[q]) > best) {
				rstr_free(r);
				memset(r, 0, sizeof *r);
				r->op = (enum rstr_op)q;
				r->pos = k + 1;
				best = 1 + l + strlen(plain[q]);
			}
	}
	return best;
}

size_t rstr_match(const char *s, size_t n, const struct rstr_conf *rc,
		  struct rstr *r)
{
	const char *close;
	size_t i = 1, len;

	memset(r, 0, sizeof *r);
	if (!rstr_plain(rc) && (len = match_named(s, n, rc, r)) > 0)
		return len;
	memset(r, 0, sizeof *r);
	if (rc && rc->cols && n > 2 && s[0] == '{' &&
	    (len = match_col(s, n, rc, r)) > 0)
		return len;
	memset(r, 0, sizeof *r);
	if (!rc || !rc->plus || n < 3 || s[0] != '{' ||
	    !(close = memchr(s, '}', n)))
		return 0;
	len = (size_t)(close - s) + 1;
	if (s[1] != '0')
		while (i + 1 < len && i < 10 && isdigit((unsigned char)s[i]))
			r->pos = r->pos * 10 + (size_t)(s[i++] - '0');
	if (i + 1 == len || (i > 1 && r->pos == 0))
		return 0;
	if (match_plus(s + i, len - 1 - i, rc, r))
		return len;
	rstr_free(r);
	memset(r, 0, sizeof *r);
	return 0;
}

size_t rstr_span(const char *s, size_t n, const struct rstr_conf *rc)
{
	struct rstr r;
	size_t m = *s == '{' ? rstr_match(s, n, rc, &r) : 0;

	if (!m)
		return 1;
	rstr_free(&r);
	return m;
}

void rstr_free(struct rstr *r)
{
	free(r->str);
	r->str = NULL;
	if (r->has_re) {
		regfree(&r->re);
		regfree(&r->full);
		r->has_re = 0;
	}
}

/* Where the last k dot-separated parts of s start: the dot before them,
 * with no slash in them; -1 when s has no such ending. */
static long ext_dot(const char *s, size_t n, int k)
{
	size_t i = n;

	while (k-- > 0) {
		while (i > 0 && s[i - 1] != '.' && s[i - 1] != '/')
			i--;
		if (i == 0 || s[i - 1] != '.')
			return -1;
		if (k)
			i--;
	}
	return (long)i - 1;
}

/* The static --plus operations. */
static void apply_fixed(enum rstr_op op, const char *s, size_t n,
			struct sbuf *out)
{
	const char *p = s + n;
	long d;

	switch (op) {
	case RO_PDIR:
	case RO_PEXT:
		while (p > s && p[-1] != (op == RO_PDIR ? '/' : '.'))
			p--;
		if (p == s)
			return;
		if (op == RO_PDIR)
			sbuf_add(out, s, (size_t)(p - 1 - s));
		else
			sbuf_add(out, p, (size_t)(s + n - p));
		return;
	case RO_PEXT2:
	case RO_PEXT3:
		d = ext_dot(s, n, op == RO_PEXT2 ? 2 : 3);
		if (d >= 0)
			sbuf_add(out, s + d + 1, n - (size_t)d - 1);
		return;
	case RO_BNOEXT2:
	case RO_BNOEXT3:
		while (p > s && p[-1] != '/')
			p--;
		n -= (size_t)(p - s);
		s = p;
		op = op == RO_BNOEXT2 ? RO_NOEXT2 : RO_NOEXT3;
		/* fall through */
	default:
		d = ext_dot(s, n, op == RO_NOEXT2 ? 2 : 3);
		sbuf_add(out, s, d >= 0 ? (size_t)d : n);
		return;
	}
}

/* Does re match all of s[a, b)?  scratch holds the copy. */
static int full_match(const struct rstr *r, const char *s, size_t a, size_t b,
		      struct sbuf *scratch)
{
	sbuf_reset(scratch);
	sbuf_add(scratch, s + a, b - a);
	sbuf_addc(scratch, '\0');
	return regexec(&r->full, scratch->buf, 0, NULL, 0) == 0;
}

/* {#re} {##re} {%re} {%%re} {/%re/str}: the part of s to cut. */
static void apply_cut(const struct rstr *r, const char *s, size_t n,
		      struct sbuf *out, struct sbuf *scratch)
{
	size_t i;

	for (i = 0; i <= n; i++) {
		size_t a = r->op == RO_PRE ? 0 : r->op == RO_SUF ? n - i : i;
		size_t b = r->op == RO_PRE ? i : n;
		if (!full_match(r, s, a, b, scratch))
			continue;
		if (r->op == RO_PRE) {
			sbuf_add(out, s + i, n - i);
		} else {
			sbuf_add(out, s, a);
			if (r->op == RO_SUBSUF)
				sbuf_adds(out, r->str);
		}
		return;
	}
	sbuf_add(out, s, n);
}

/* The matched text m (n bytes), changed as r says. */
static void put_match(const struct rstr *r, const char *m, size_t n,
		      struct sbuf *out)
{
	size_t i;
	int up = r->op == RO_UP || r->op == RO_UPALL;

	if (r->op >= RO_SUB && r->op <= RO_SUBSUF) {
		sbuf_adds(out, r->str);
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)m[i];
		if (c < 0x80)
			c = (unsigned char)(up ? toupper(c) : tolower(c));
		sbuf_addc(out, c);
	}
}

/* The searching ones: the first match (or every one, for the ALL ops)
 * replaced or its case changed. */
static void apply_search(const struct rstr *r, const char *s, size_t n,
			 struct sbuf *out, struct sbuf *scratch)
{
	int all = r->op == RO_SUBALL || r->op == RO_UPALL || r->op == RO_LOWALL;
	const char *p;
	regmatch_t m;
	int flags = 0;

	sbuf_reset(scratch);
	sbuf_add(scratch, s, n);
	sbuf_addc(scratch, '\0');
	p = scratch->buf;
	while (regexec(&r->re, p, 1, &m, flags) == 0) {
		sbuf_add(out, p, (size_t)m.rm_so);
		put_match(r, p + m.rm_so, (size_t)(m.rm_eo - m.rm_so), out);
		p += m.rm_eo;
		if (m.rm_eo == m.rm_so) {
			if (!*p)
				break;
			sbuf_addc(out, *p++);
		}
		flags = REG_NOTBOL;
		if (!all || !*p)
			break;
	}
	sbuf_adds(out, p);
}

void rstr_apply(const struct rstr *r, const char *s, size_t n,
		struct sbuf *out)
{
	struct sbuf scratch = {0};

	n = strnlen(s, n);
	switch (r->op) {
	case RO_ALL: case RO_NOEXT: case RO_BASE: case RO_DIR: case RO_BASENOEXT:
		rstr_path((int)r->op, s, n, out);
		return;
	case RO_DEFAULT:
		if (n == 0 || (n == 1 && s[0] == '0'))
			sbuf_adds(out, r->str);
		else
			sbuf_add(out, s, n);
		return;
	case RO_SUBSTR:
		if (r->num < n)
			sbuf_add(out, s + r->num, n - r->num < r->len ? n - r->num : r->len);
		return;
	case RO_PRE: case RO_SUF: case RO_SUFLONG: case RO_SUBSUF:
		apply_cut(r, s, n, out, &scratch);
		break;
	case RO_PRELONG: case RO_SUB: case RO_SUBALL: case RO_SUBPRE:
	case RO_UP: case RO_UPALL: case RO_LOW: case RO_LOWALL:
		if (r->op == RO_PRELONG) {
			struct rstr cut = *r;
			cut.op = RO_SUBPRE;
			cut.str = (char *)"";
			apply_search(&cut, s, n, out, &scratch);
		} else {
			apply_search(r, s, n, out, &scratch);
		}
		break;
	default:
		apply_fixed(r->op, s, n, out);
		return;
	}
	sbuf_free(&scratch);
}

/* Byte order of two values, as a string comparison. */
static int val_cmp(const struct chunk *c, size_t a, size_t b)
{
	size_t n = c->len[a] < c->len[b] ? c->len[a] : c->len[b];
	int d = memcmp(CHUNK_VAL(c, a), CHUNK_VAL(c, b), n);

	return d ? d : (c->len[a] > c->len[b]) - (c->len[a] < c->len[b]);
}

int rstr_drop(int flags, const struct chunk *c)
{
	size_t i, k;

	if (flags & RF_CHOOSE)
		for (i = 1; i < c->nvals; i++)
			if (val_cmp(c, i - 1, i) >= 0)
				return 1;
	if (flags & RF_UNIQ)
		for (i = 0; i < c->nvals; i++)
			for (k = i + 1; k < c->nvals; k++)
				if (val_cmp(c, i, k) == 0)
					return 1;
	return 0;
}

static int hook_skip(void *ctx, const struct job *j)
{
	return rstr_drop(*(const int *)ctx, &j->args) ? 2 : 0;
}

static void hook_close(void *ctx)
{
	free(ctx);
}

void rstr_hook(int flags, struct hook *h)
{
	int *ctx = xmalloc(sizeof *ctx);

	*ctx = flags;
	*h = (struct hook){ .ctx = ctx, .name = "{uniq}",
			    .job_skip = hook_skip, .close = hook_close };
}
