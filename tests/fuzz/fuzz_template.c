/* fuzz_template.c: the command template: tmpl_new / tmpl_new_text,
 * tmpl_expand in every render mode, tmpl_cost.
 *
 * Input: a flags byte (bit 0 -q, bit 1 -X, bit 2 custom -I string first,
 * bit 3 no command, bit 4 a --tagstring-like text, bits 5-7 the slot),
 * then NUL-separated fields: [-I string,] command words up to an empty
 * field, then input values (where \x01 stands for a NUL byte).
 *
 * Oracles:
 * - TR_ARGV returns as many words as it writes NUL-terminated strings;
 * - a template that runs without the shell must mean the same words when
 *   its TR_SHELL rendering is read by a POSIX shell (the display and
 *   the exec agree, and no value is ever read as shell syntax);
 * - tmpl_cost of one more input equals what the expansion grows by, when
 *   the template has no positional ({N}) replacement strings. */
#include <string.h>

#include "../../src/rstr.h"
#include "../../src/template.h"
#include "fuzz.h"

#define MAX_WORDS 16
#define MAX_VALS 32

/* Split s the way a POSIX shell reads plain words: blanks separate, '...'
 * and "..." and backslash quote.  Each word goes to out NUL-terminated.
 * Returns -1 if an unquoted character would be shell syntax (the output
 * was not a list of literal words). */
static int sh_split(const char *s, size_t n, struct sbuf *out, size_t *nw)
{
	static const char special[] = ";|&<>()$`*?[]#~=%{}";
	size_t i = 0;
	int inword = 0;

	*nw = 0;
	while (i < n) {
		char ch = s[i];
		if (ch == ' ' || ch == '\t' || ch == '\n') {
			if (inword) {
				sbuf_addc(out, '\0');
				(*nw)++;
				inword = 0;
			}
			i++;
			continue;
		}
		inword = 1;
		if (ch == '\'') {
			const char *q = memchr(s + i + 1, '\'', n - i - 1);
			if (!q)
				return -1;
			sbuf_add(out, s + i + 1, (size_t)(q - (s + i + 1)));
			i = (size_t)(q - s) + 1;
		} else if (ch == '"') {
			for (i++;;) {
				if (i >= n || s[i] == '$' || s[i] == '`')
					return -1;
				if (s[i] == '"')
					break;
				if (s[i] == '\\' && i + 1 < n && strchr("$`\"\\", s[i + 1]))
					i++;
				sbuf_addc(out, s[i++]);
			}
			i++;
		} else if (ch == '\\') {
			if (i + 1 >= n || s[i + 1] == '\n')
				return -1;
			sbuf_addc(out, s[i + 1]);
			i += 2;
		} else {
			if (ch == '\0' || strchr(special, ch))
				return -1;
			sbuf_addc(out, ch);
			i++;
		}
	}
	if (inword) {
		sbuf_addc(out, '\0');
		(*nw)++;
	}
	return 0;
}

static size_t count_nuls(const struct sbuf *b)
{
	size_t i, n = 0;

	for (i = 0; i < b->len; i++)
		n += b->buf[i] == '\0';
	return n;
}

/* Does the text hold something like {N...} (a positional part)? */
static int positional(const char *s)
{
	for (; *s; s++)
		if (s[0] == '{' && ((s[1] >= '0' && s[1] <= '9') ||
				    (s[1] == '-' && s[2] >= '0' && s[2] <= '9')))
			return 1;	/* {N}, or {-N} counting from the end */
	return 0;
}

static size_t expand_len(const struct tmpl *t, const struct chunk *c,
			 enum tmpl_render how)
{
	struct sbuf b = {0};
	size_t n;

	tmpl_expand(t, c, 7, 3, how, &b);
	n = b.len;
	sbuf_free(&b);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *fields[1 + MAX_WORDS + MAX_VALS], *words[MAX_WORDS];
	const char *repl = NULL;
	size_t nf = 0, nwords = 0, i, k, start = 0, nw, words_n;
	struct chunk c = {0}, head = {0}, one = {0};
	struct sbuf out = {0}, split = {0}, text = {0};
	struct tmpl *t;
	int flags, pos = 0, slot;

	if (size < 2)
		return 0;
	flags = data[0];
	slot = flags >> 5;
	buf = xstrndup((const char *)data + 1, size - 1);
	for (i = 0; i <= size - 1 && nf < sizeof fields / sizeof *fields; i++) {
		if (i < size - 1 && buf[i] != '\0')
			continue;
		fields[nf++] = buf + start;
		start = i + 1;
	}
	k = 0;
	if ((flags & 4) && k < nf) {
		repl = *fields[k] ? fields[k] : NULL;
		pos |= repl && positional(repl);
		k++;
	}
	while (k < nf && *fields[k] && nwords < MAX_WORDS) {
		pos |= positional(fields[k]);
		words[nwords++] = fields[k++];
	}
	if (k < nf && !*fields[k])
		k++;
	for (; k < nf; k++) {
		/* a value may hold NUL, as a newline-delimited input line may:
		 * written as \x01 here */
		char *q;
		for (q = fields[k]; *q; q++)
			if (*q == 1)
				*q = '\0';
		chunk_add(&c, fields[k], (size_t)(q - fields[k]));
		c.ninputs++;
	}

	if (flags & 16) {
		for (i = 0; i < nwords; i++) {
			if (i)
				sbuf_addc(&text, ' ');
			sbuf_adds(&text, words[i]);
		}
		t = tmpl_new_text(text.buf ? text.buf : "", repl);
	} else {
		struct rstr_conf rc = { .repl = repl };
		t = tmpl_new(words, flags & 8 ? 0 : nwords, flags & 1, &rc,
			     (flags & 2) != 0);
	}

	/* every render mode; the ARGV word count */
	words_n = tmpl_expand(t, &c, (unsigned long)size, slot, TR_ARGV, &out);
	if (c.nvals)
		FUZZ_CHECK(count_nuls(&out) == words_n);
	sbuf_reset(&out);
	tmpl_expand(t, &c, (unsigned long)size, slot, TR_RAW, &out);
	sbuf_reset(&out);
	tmpl_expand(t, &c, (unsigned long)size, slot, TR_SHELL, &out);

	/* direct exec and the shell rendering agree */
	if (!(flags & 24) && nwords && !tmpl_is_shell(t) && c.nvals) {
		struct sbuf argv = {0};
		tmpl_expand(t, &c, (unsigned long)size, slot, TR_ARGV, &argv);
		FUZZ_CHECK(sh_split(out.buf, out.len, &split, &nw) == 0);
		FUZZ_CHECK(nw == words_n);
		/* a word that is only a missing column is dropped: none
		 * may be left at all */
		FUZZ_CHECK(split.len == argv.len &&
			   (argv.len == 0 || memcmp(split.buf, argv.buf, argv.len) == 0));
		sbuf_free(&argv);
	}

	/* the cost of one more input is what the expansion grows by */
	if (!pos && c.nvals >= 2) {
		int how;
		for (i = 0; i + 1 < c.nvals; i++) {
			chunk_add(&head, CHUNK_VAL(&c, i), c.len[i]);
			head.ninputs++;
		}
		chunk_add(&one, CHUNK_VAL(&c, c.nvals - 1), c.len[c.nvals - 1]);
		one.ninputs = 1;
		for (how = TR_ARGV; how <= TR_SHELL; how++)
			FUZZ_CHECK(expand_len(t, &c, how) - expand_len(t, &head, how) ==
				   tmpl_cost(t, &one, how));
	}

	tmpl_free(t);
	chunk_free(&c);
	chunk_free(&head);
	chunk_free(&one);
	sbuf_free(&out);
	sbuf_free(&split);
	sbuf_free(&text);
	free(buf);
	return 0;
}
