/* tmplexp.c: expanding the parsed template for one job's inputs: the
 * argv words, or the shell script with every value quoted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template_impl.h"


/* Append one rendered piece: a value (quoted unless raw/argv) or literal. */
static void put(const struct tmpl *t, enum tmpl_render how, int is_value,
		int quote_lit, const char *s, size_t n, struct sbuf *out)
{
	/* An argument cannot hold NUL (an input line may): the value ends
	 * there, as exec would end it, rather than the rest becoming
	 * words of its own or cutting the script short. */
	if (is_value && how != TR_RAW)
		n = strnlen(s, n);
	if (how == TR_SHELL && !t->raw && (is_value || quote_lit))
		shell_quote_kind(t->qk, out, s, n);
	else
		sbuf_add(out, s, n);
}

static void put_value(const struct tmpl *t, enum tmpl_render how,
		      const struct part *p, const char *s, size_t n,
		      struct sbuf *out, struct sbuf *tmp)
{
	if (p->op == OP_ALL && !p->rs) {
		put(t, how, 1, 0, s, n, out);
		return;
	}
	sbuf_reset(tmp);
	if (p->rs)
		rstr_apply(p->rs, s, n, tmp);
	else
		rstr_path(p->op, s, n, tmp);
	put(t, how, 1, 0, tmp->buf ? tmp->buf : "", tmp->len, out);
}

static void put_sep(enum tmpl_render how, const char *sep, struct sbuf *out)
{
	if (how == TR_ARGV)
		sbuf_addc(out, '\0');
	else
		sbuf_adds(out, *sep ? sep : " ");
}

/* 1 when every part of w is a value past the job's last one ({3} of two
 * inputs): such a word stands for nothing and is no word at all (with -q
 * it is an empty word). */
static int word_missing(const struct tword *w, const struct chunk *c)
{
	size_t k;

	if (w->quote_lit)
		return 0;
	for (k = 0; k < w->nparts; k++)
		if (w->parts[k].kind != PK_VAL || !w->parts[k].pos ||
		    w->parts[k].neg || w->parts[k].pos <= c->nvals)
			return 0;
	return w->nparts > 0;
}

/* The value part p of a word into out: a column ({N}, {-N} wrapping as
 * in GNU parallel), value only (-X repetition), or every value of the job
 * separated by spaces (argv: NULs, counted in *words).  0, or 1 when the
 * word ends here (xargs -I, a line holding a NUL). */
static int expand_value(const struct tmpl *t, const struct part *p,
			const struct chunk *c, size_t only, enum tmpl_render how,
			struct sbuf *out, struct sbuf *tmp, size_t *words)
{
	size_t v;

	if (p->pos) {
		size_t at = p->pos - 1;
		if (p->neg && c->nvals)
			at = (c->nvals - p->pos % c->nvals) % c->nvals;
		if (at < c->nvals)
			put_value(t, how, p, CHUNK_VAL(c, at), c->len[at], out, tmp);
		else if (how == TR_SHELL && !t->raw)
			sbuf_adds(out, "''");
		return 0;
	}
	if (only != (size_t)-1) {
		put_value(t, how, p, CHUNK_VAL(c, only), c->len[only], out, tmp);
		return 0;
	}
	if (c->nvals == 0 && how == TR_SHELL && !t->raw)
		sbuf_adds(out, "''");
	if (t->plain && c->nvals == 1 && memchr(CHUNK_VAL(c, 0), '\0', c->len[0])) {
		/* a line holding a NUL ends the word there, as a C string would */
		put_value(t, how, p, CHUNK_VAL(c, 0), c->len[0], out, tmp);
		return 1;
	}
	for (v = 0; v < c->nvals; v++) {
		if (v && how == TR_ARGV) {
			sbuf_addc(out, '\0');
			(*words)++;
		} else if (v) {
			sbuf_addc(out, ' ');
		}
		put_value(t, how, p, CHUNK_VAL(c, v), c->len[v], out, tmp);
	}
	return 0;
}

/* Expand word w; only != (size_t)-1 means: use value `only` for its
 * multi parts (-X repetition).  Returns the words produced (TR_ARGV). */
static size_t expand_word(const struct tmpl *t, const struct tword *w,
			  const struct chunk *c, size_t only, unsigned long seq,
			  int slot, enum tmpl_render how, struct sbuf *out,
			  struct sbuf *tmp)
{
	size_t k, words = 1;
	char num[32];

	for (k = 0; k < w->nparts; k++) {
		const struct part *p = &w->parts[k];
		switch (p->kind) {
		case PK_LIT:
			put(t, how, 0, w->quote_lit, p->lit, p->litlen, out);
			break;
		case PK_SEQ:
			sbuf_add(out, num, (size_t)snprintf(num, sizeof num, "%lu", seq));
			break;
		case PK_SLOT:
			sbuf_add(out, num, (size_t)snprintf(num, sizeof num, "%d", slot));
			break;
		case PK_SLOT0:
			sbuf_add(out, num, (size_t)snprintf(num, sizeof num, "%0*d",
							    (int)p->rs->width, slot));
			break;
		case PK_TOTAL:
			sbuf_add(out, num, (size_t)snprintf(num, sizeof num, "%lu",
							    t->total));
			break;
		case PK_SEQ0:
			sbuf_add(out, num, (size_t)snprintf(num, sizeof num, "%0*lu",
							    (int)rstr_width(t->total), seq));
			break;
		case PK_VAR:
			put(t, how, 0, w->quote_lit, p->lit, p->litlen, out);
			break;
		case PK_VAL:
			if (expand_value(t, p, c, only, how, out, tmp, &words))
				return words;
			break;
		}
	}
	return words;
}

size_t tmpl_expand(const struct tmpl *t, const struct chunk *c,
		   unsigned long seq, int slot, enum tmpl_render how,
		   struct sbuf *out)
{
	struct sbuf tmp = {0};
	size_t i, v, words = 0;

	if (how != TR_ARGV)
		sbuf_adds(out, t->lead);
	for (i = 0; i < t->nwords; i++) {
		const struct tword *w = &t->words[i];
		if (t->append && i + 1 == t->nwords && how == TR_ARGV) {
			/* xargs: the values are argv words already, each
			 * followed by its NUL; none at all make no word */
			if (c->nvals) {
				sbuf_add(out, c->data.buf, c->data.len);
				words += c->nvals;
			}
			continue;
		}
		if (t->plain && w->multi && c->nvals == 0 && w->nparts == 1)
			continue;
		if ((w->vanish && w->nparts == 0) || word_missing(w, c)) {
			if (how != TR_ARGV)
				sbuf_adds(out, w->sep);
			continue;
		}
		if (t->xmode && w->multi) {
			for (v = 0; v < c->nvals; v++) {
				words += expand_word(t, w, c, v, seq, slot, how, out, &tmp);
				if (v + 1 < c->nvals)
					put_sep(how, " ", out);
			}
		} else {
			words += expand_word(t, w, c, (size_t)-1, seq, slot, how, out, &tmp);
		}
		if (how == TR_ARGV)
			sbuf_addc(out, '\0');
		else
			sbuf_adds(out, w->sep);
	}
	sbuf_free(&tmp);
	return words;
}

size_t tmpl_cost(const struct tmpl *t, const struct chunk *one,
		 enum tmpl_render how)
{
	struct sbuf out = {0}, tmp = {0};
	size_t i, k, v, cost = 0;

	for (i = 0; i < t->nwords; i++) {
		const struct tword *w = &t->words[i];
		if (!w->multi)
			continue;
		for (v = 0; v < one->nvals; v++) {
			if (t->xmode) {
				sbuf_reset(&out);
				expand_word(t, w, one, v, 0, 0, how, &out, &tmp);
				cost += out.len + 1;
				continue;
			}
			for (k = 0; k < w->nparts; k++) {
				const struct part *p = &w->parts[k];
				if (p->kind != PK_VAL || p->pos)
					continue;
				sbuf_reset(&out);
				put_value(t, how, p, CHUNK_VAL(one, v), one->len[v],
					  &out, &tmp);
				cost += out.len + 1;
			}
		}
	}
	sbuf_free(&out);
	sbuf_free(&tmp);
	return cost;
}
