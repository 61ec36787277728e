/* shellquote.c: --shellquote: each input printed quoted for the shell,
 * as GNU parallel prints it; nothing is run. */
#include <string.h>

#include "input.h"
#include "shellquote.h"
#include "util.h"

/* A word for --shellquote: bare when it holds only A-Z a-z 0-9 _ + . / -,
 * else single-quoted, as GNU parallel prints it. */
static void quote_word(struct sbuf *b, const char *s, size_t n)
{
	static const char bare[] = "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+./-";
	size_t i;

	if (n && strspn(s, bare) >= n) {
		sbuf_add(b, s, n);
		return;
	}
	sbuf_addc(b, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '\'')
			sbuf_adds(b, "'\"'\"'");
		else
			sbuf_addc(b, s[i]);
	}
	sbuf_addc(b, '\'');
}

/* --shellquote: print each input quoted for the shell, run nothing. */
static int print_quoted(struct input *in)
{
	struct chunk c = {0};
	struct sbuf b = {0};
	size_t v;
	int rc, status = 0;

	while ((rc = input_next(in, &c, 1)) == INPUT_OK) {
		sbuf_reset(&b);
		for (v = 0; v < c.nvals; v++) {
			if (v)
				sbuf_addc(&b, ' ');
			quote_word(&b, CHUNK_VAL(&c, v), c.len[v]);
		}
		sbuf_addc(&b, '\n');
		if (write_all(1, b.buf, b.len) < 0) {
			status = 255;
			break;
		}
		chunk_reset(&c);
	}
	if (rc == INPUT_ERR) {
		warn_("%s", input_errname(in));
		status = 255;
	}
	chunk_free(&c);
	sbuf_free(&b);
	return status;
}

int shellquote_run(const struct opts *o)
{
	const char *what = NULL;
	struct input *in = input_open(o, &what);
	int status;

	if (!in) {
		warn_("%s", !what || !*what ? "input" :
		      strcmp(what, "-") == 0 ? "stdin" : what);
		return 255;
	}
	status = print_quoted(in);
	input_close(in);
	return status;
}
