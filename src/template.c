/* template.c: parsing the command template once into literal and
 * replacement parts, and expanding it for a chunk of inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rstr.h"
#include "shell.h"
#include "template.h"
#include "template_impl.h"
static const char shell_chars[] = ";|&<>()$`\\\"'*?[]#~=%{}\n";

/* Words a shell runs itself: a template starting with one needs the shell. */
static const char *const shell_words[] = {
	"!", ".", ":", "[[", "alias", "bg", "break", "case", "cd", "command",
	"continue", "declare", "do", "done", "elif", "else", "esac", "eval",
	"exec", "exit", "export", "fc", "fg", "fi", "for", "function", "getopts",
	"hash", "if", "jobs", "let", "local", "read", "readonly", "return",
	"select", "set", "shift", "source", "then", "time", "times", "trap",
	"type", "typeset", "ulimit", "umask", "unalias", "unset", "until",
	"wait", "while",
};

static int is_shell_word(const struct tword *w)
{
	size_t i;

	if (w->nparts != 1 || w->parts[0].kind != PK_LIT)
		return 0;
	for (i = 0; i < sizeof shell_words / sizeof *shell_words; i++)
		if (strcmp(w->parts[0].lit, shell_words[i]) == 0)
			return 1;
	return 0;
}

/* A first word naming an exported bash function runs through bash. */
static int is_bash_func(const struct tword *w)
{
	return w->nparts == 1 && w->parts[0].kind == PK_LIT &&
	       shell_is_bash_func(w->parts[0].lit, w->parts[0].litlen);
}

static void word_add(struct tword *w, struct part p)
{
	if (p.kind == PK_LIT && p.litlen == 0)
		return;
	/* merge adjacent literals */
	if (p.kind == PK_LIT && w->nparts && w->parts[w->nparts - 1].kind == PK_LIT) {
		struct part *q = &w->parts[w->nparts - 1];
		q->lit = xrealloc(q->lit, q->litlen + p.litlen + 1);
		memcpy(q->lit + q->litlen, p.lit, p.litlen);
		q->litlen += p.litlen;
		q->lit[q->litlen] = '\0';
		return;
	}
	w->parts = xreallocarray(w->parts, w->nparts + 1, sizeof *w->parts);
	if (p.kind == PK_LIT)
		p.lit = xstrndup(p.lit, p.litlen);
	if (p.kind == PK_VAL && p.pos == 0)
		w->multi = 1;
	w->parts[w->nparts++] = p;
}

/* Recognise a replacement string at s; returns its length or 0. */
static size_t match_repl(const char *s, const char *repl, struct part *p)
{
	size_t rl = strlen(repl), i = 1, pos = 0;
	static const struct { const char *suf; int op; } ops[] = {
		{ "}", OP_ALL }, { ".}", OP_NOEXT }, { "/}", OP_BASE },
		{ "//}", OP_DIR }, { "/.}", OP_BASENOEXT },
	};
	size_t k;

	memset(p, 0, sizeof *p);
	if (rl && strncmp(s, repl, rl) == 0) {
		p->kind = PK_VAL;
		p->op = OP_ALL;
		return rl;
	}
	if (s[0] != '{')
		return 0;
	if (strncmp(s, "{#}", 3) == 0) {
		p->kind = PK_SEQ;
		return 3;
	}
	if (strncmp(s, "{%}", 3) == 0) {
		p->kind = PK_SLOT;
		return 3;
	}
	if (s[1] == '-' && s[2] >= '1' && s[2] <= '9') {
		p->neg = 1;
		i = 2;
	}
	while (s[i] >= '0' && s[i] <= '9' && i < 11)
		pos = pos * 10 + (size_t)(s[i++] - '0');
	if (i > 1 && (strncmp(s + i, "#}", 2) == 0 || strncmp(s + i, "%}", 2) == 0)) {
		/* {0#} is {#}, {0%} {%}; {N#}, {-N#}, {N%} stand for nothing */
		p->kind = pos ? PK_LIT : s[i] == '#' ? PK_SEQ : PK_SLOT;
		p->neg = 0;
		return i + 2;
	}
	for (k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		size_t sl = strlen(ops[k].suf);
		if (strncmp(s + i, ops[k].suf, sl) != 0)
			continue;
		/* plain "{}" is only a replacement string when it is repl;
		 * {0} is {}, {0.} {.} */
		if (i == 1 && ops[k].op == OP_ALL)
			return 0;
		if (i > 1 && pos == 0 && ops[k].op == OP_ALL && strcmp(repl, "{}"))
			return 0;
		p->kind = PK_VAL;
		p->op = ops[k].op;
		p->pos = pos;
		return i + sl;
	}
	return 0;
}

/* tmpl_new_argv: repl itself, and no other replacement string. */
static size_t match_plain(const char *s, const char *repl, struct part *p)
{
	size_t rl = strlen(repl);

	memset(p, 0, sizeof *p);
	if (!rl || strncmp(s, repl, rl) != 0)
		return 0;
	p->kind = PK_VAL;
	p->op = OP_ALL;
	return rl;
}

/* A replacement string at s (n bytes left): rstr.c's, or the plain ones
 * when rc renames none of them.  Its length, or 0. */
static size_t tmpl_match(struct tmpl *t, const char *s, size_t n,
			 const struct rstr_conf *rc, struct part *p)
{
	struct rstr r;
	size_t m;

	if (t->plain)
		return match_plain(s, rc->repl, p);
	m = rstr_match(s, n, rc, &r);
	memset(p, 0, sizeof *p);
	if (!m) {
		m = rstr_plain(rc) ? match_repl(s, rc->repl ? rc->repl : "{}", p) : 0;
		if (m && p->kind == PK_LIT)
			t->vanish = 1;	/* {1#}: nothing */
		t->has_repl |= m > 0;
		return m;
	}
	t->has_repl = 1;
	t->drop |= r.flags;
	p->pos = r.pos;
	switch (r.kind) {
	case RK_SEQ: p->kind = PK_SEQ; break;
	case RK_SLOT: p->kind = PK_SLOT; break;
	case RK_EMPTY: p->kind = PK_LIT; t->vanish = 1; break;
	case RK_TOTAL: p->kind = PK_TOTAL; t->wants_total = 1; break;
	case RK_SEQ0: p->kind = PK_SEQ0; t->wants_total = 1; break;
	case RK_VAR:
		p->kind = PK_VAR;
		p->lit = r.str;
		p->litlen = strlen(r.str);
		r.str = NULL;
		t->shell = 1;
		break;
	case RK_SLOT0: case RK_VAL:
		p->kind = r.kind == RK_SLOT0 ? PK_SLOT0 : PK_VAL;
		p->op = (int)r.op;
		if (r.op > RO_BASENOEXT || r.kind == RK_SLOT0) {
			p->rs = xmalloc(sizeof r);
			*p->rs = r;
			return m;
		}
		break;
	}
	rstr_free(&r);
	return m;
}

/* Parse one stretch of text into w's parts; returns 1 if its literal
 * text holds shell syntax. */
static int parse_text(struct tmpl *t, struct tword *w, const char *s,
		      size_t n, const struct rstr_conf *rc)
{
	size_t i = 0, lit = 0;
	int shellish = 0;
	struct part p;

	while (i < n) {
		size_t m = tmpl_match(t, s + i, n - i, rc, &p);
		if (m && i + m <= n) {
			word_add(w, (struct part){ .kind = PK_LIT, .lit = (char *)s + lit,
						   .litlen = i - lit });
			word_add(w, p);
			w->vanish |= t->vanish;
			t->vanish = 0;
			i += m;
			lit = i;
			continue;
		}
		if (strchr(shell_chars, s[i]))
			shellish = 1;
		i++;
	}
	word_add(w, (struct part){ .kind = PK_LIT, .lit = (char *)s + lit,
				   .litlen = n - lit });
	return shellish;
}

static struct tword *new_word(struct tmpl *t)
{
	struct tword *w;

	t->words = xreallocarray(t->words, t->nwords + 1, sizeof *t->words);
	w = &t->words[t->nwords++];
	memset(w, 0, sizeof *w);
	return w;
}

static int has_value(const struct tmpl *t)
{
	size_t i, k;

	if (t->has_repl)
		return 1;
	for (i = 0; i < t->nwords; i++)
		for (k = 0; k < t->words[i].nparts; k++)
			if (t->words[i].parts[k].kind != PK_LIT)
				return 1;
	return 0;
}

static void finish(struct tmpl *t)
{
	size_t i;

	if (!t->lead)
		t->lead = xstrdup("");
	for (i = 0; i < t->nwords; i++)
		if (!t->words[i].sep)
			t->words[i].sep = xstrdup(i + 1 < t->nwords ? " " : "");
}

/* A word that is all the inputs, as {} would be. */
static void add_all_word(struct tmpl *t)
{
	word_add(new_word(t), (struct part){ .kind = PK_VAL, .op = OP_ALL });
}

/* The words joined by spaces, then split at whitespace: each run of it is
 * the separator after its word, and a newline in one needs a shell. */
static void split_words(struct tmpl *t, char **words, size_t nwords,
			const struct rstr_conf *rc)
{
	struct sbuf joined = {0};
	struct tword *w;
	size_t i, start;

	for (i = 0; i < nwords; i++) {
		if (i)
			sbuf_addc(&joined, ' ');
		sbuf_adds(&joined, words[i]);
	}
	for (i = 0; i < joined.len && strchr(" \t\n", joined.buf[i]); i++)
		;
	t->lead = xstrndup(joined.buf, i);
	if (strchr(t->lead, '\n'))
		t->shell = 1;
	while (i < joined.len) {
		start = i;
		while (i < joined.len && !strchr(" \t\n", joined.buf[i]))
			i += rstr_span(joined.buf + i, joined.len - i, rc);
		w = new_word(t);
		if (parse_text(t, w, joined.buf + start, i - start, rc))
			t->shell = 1;
		start = i;
		while (i < joined.len && strchr(" \t\n", joined.buf[i]))
			i++;
		w->sep = xstrndup(joined.buf + start, i - start);
		if (strchr(w->sep, '\n'))
			t->shell = 1;
	}
	sbuf_free(&joined);
	if (t->nwords && is_shell_word(&t->words[0]))
		t->shell = 1;
}

/* tmpl_new and tmpl_new_pipe; append: inputs go at the end when the
 * template has no replacement string. */
static struct tmpl *tmpl_parse(char **words, size_t nwords, int quote,
			       const struct rstr_conf *rc, int xmode, int append)
{
	struct tmpl *t = xcalloc(1, sizeof *t);
	struct tword *w;
	size_t i;

	t->xmode = xmode;
	/* the shell is looked up once per run, here */
	t->sh = shell_find(&t->shpath);
	t->qk = shell_kind_of(t->sh);
	/* a command that is only the replacement string: each input is a
	 * command line, as with no command */
	if (nwords == 1 && !quote &&
	    strcmp(words[0], rc->repl ? rc->repl : "{}") == 0)
		nwords = 0;
	if (nwords == 0) {
		/* no command: each input is a command line */
		t->shell = t->raw = 1;
		add_all_word(t);
		finish(t);
		return t;
	}
	if (quote) {
		for (i = 0; i < nwords; i++) {
			w = new_word(t);
			w->quote_lit = 1;
			parse_text(t, w, words[i], strlen(words[i]), rc);
		}
	} else {
		split_words(t, words, nwords, rc);
		if (t->nwords && is_bash_func(&t->words[0])) {
			t->shell = 1;
			tmpl_set_shell(t, "bash");
		}
	}
	if (append && !has_value(t)) {
		/* no replacement string: inputs go at the end */
		if (t->nwords && !t->words[t->nwords - 1].sep)
			t->words[t->nwords - 1].sep = xstrdup(" ");
		else if (t->nwords && !*t->words[t->nwords - 1].sep) {
			free(t->words[t->nwords - 1].sep);
			t->words[t->nwords - 1].sep = xstrdup(" ");
		}
		add_all_word(t);
	}
	finish(t);
	return t;
}

struct tmpl *tmpl_new(char **words, size_t nwords, int quote,
		      const struct rstr_conf *rc, int xmode)
{
	return tmpl_parse(words, nwords, quote, rc, xmode, 1);
}

struct tmpl *tmpl_new_pipe(char **words, size_t nwords, int quote,
			   const struct rstr_conf *rc)
{
	return tmpl_parse(words, nwords, quote, rc, 0, 0);
}

struct tmpl *tmpl_new_argv(char **words, size_t nwords, const char *repl)
{
	struct tmpl *t = xcalloc(1, sizeof *t);
	struct rstr_conf rc = { .repl = repl };
	struct tword *w;
	size_t i;

	t->plain = 1;
	for (i = 0; i < nwords; i++) {
		w = new_word(t);
		w->quote_lit = 1;
		if (repl)
			parse_text(t, w, words[i], strlen(words[i]), &rc);
		else
			word_add(w, (struct part){ .kind = PK_LIT, .lit = words[i],
						   .litlen = strlen(words[i]) });
	}
	if (!repl) {
		w = new_word(t);
		word_add(w, (struct part){ .kind = PK_VAL, .op = OP_ALL });
		t->append = 1;
	}
	finish(t);
	return t;
}

struct tmpl *tmpl_new_text(const char *text, const struct rstr_conf *rc)
{
	struct tmpl *t = xcalloc(1, sizeof *t);
	struct tword *w = new_word(t);

	t->raw = 1;
	parse_text(t, w, text, strlen(text), rc);
	finish(t);
	return t;
}

void tmpl_free(struct tmpl *t)
{
	size_t i, k;

	if (!t)
		return;
	for (i = 0; i < t->nwords; i++) {
		for (k = 0; k < t->words[i].nparts; k++) {
			struct part *p = &t->words[i].parts[k];
			free(p->lit);
			if (p->rs)
				rstr_free(p->rs);
			free(p->rs);
		}
		free(t->words[i].parts);
		free(t->words[i].sep);
	}
	free(t->words);
	free(t->lead);
	sbuf_free(&t->shpath);
	free(t);
}

int tmpl_is_shell(const struct tmpl *t)
{
	return t->shell;
}

const char *tmpl_shell(const struct tmpl *t)
{
	return t->sh;
}

void tmpl_set_shell(struct tmpl *t, const char *sh)
{
	t->sh = sh;
	t->qk = shell_kind_of(sh);
}

int tmpl_drops(const struct tmpl *t)
{
	return t->drop;
}

int tmpl_wants_total(const struct tmpl *t)
{
	return t->wants_total;
}

void tmpl_set_total(struct tmpl *t, unsigned long n)
{
	t->total = n;
}
