/* restable.c: the rows of the --results tables (CSV, TSV, JSON). */
#include <stdio.h>
#include <string.h>

#include "restable.h"

enum restable_kind restable_kind(const char *name)
{
	static const struct { const char *ext; enum restable_kind k; } t[] = {
		{ ".csv", RT_CSV }, { ".tsv", RT_TSV }, { ".json", RT_JSON },
	};
	size_t n = strlen(name), i, l;

	for (i = 0; i < sizeof t / sizeof *t; i++) {
		l = strlen(t[i].ext);
		if (n >= l && strcmp(name + n - l, t[i].ext) == 0)
			return t[i].k;
	}
	return RT_NONE;
}

/* A CSV or TSV field: in double quotes (each quote doubled) when it holds
 * whitespace, a quote or (CSV) a comma. */
static void sv_field(struct sbuf *b, enum restable_kind k, const char *s,
		     size_t n, int first)
{
	size_t i;
	int q = 0;

	if (!first)
		sbuf_addc(b, k == RT_CSV ? ',' : '\t');
	for (i = 0; i < n && !q; i++)
		q = strchr(" \t\n\r\v\f\"", s[i]) != NULL || (k == RT_CSV && s[i] == ',');
	if (!q) {
		sbuf_add(b, s, n);
		return;
	}
	sbuf_addc(b, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, s[i]);
	}
	sbuf_addc(b, '"');
}

/* A JSON string: \\ and \" escaped, control bytes as \u00XX. */
static void js_string(struct sbuf *b, const char *s, size_t n)
{
	size_t i;

	sbuf_addc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			sbuf_addc(b, '\\');
		if (c < 0x20)
			sbuf_addf(b, "\\u%04x", c);
		else
			sbuf_addc(b, c);
	}
	sbuf_addc(b, '"');
}

static void sv_header(struct sbuf *b, enum restable_kind k, size_t nv)
{
	static const char *const cols[] = { "Seq", "Host", "Starttime",
		"JobRuntime", "Send", "Receive", "Exitval", "Signal", "Command" };
	char name[32];
	size_t i;

	for (i = 0; i < sizeof cols / sizeof *cols; i++)
		sv_field(b, k, cols[i], strlen(cols[i]), i == 0);
	for (i = 0; i < nv; i++)
		sv_field(b, k, name, (size_t)snprintf(name, sizeof name, "V%zu",
						      i + 1), 0);
	sv_field(b, k, "Stdout", 6, 0);
	sv_field(b, k, "Stderr", 6, 0);
	sbuf_addc(b, '\n');
}

static void json_row(struct sbuf *b, const struct job *j, const char *cmd,
		     const struct sbuf *out, const struct sbuf *err)
{
	size_t i;

	sbuf_addf(b, "{ \"Seq\": %lu, \"Host\": ", j->seq);
	js_string(b, j->host, strlen(j->host));
	sbuf_addf(b, ", \"Starttime\": %.3f, \"JobRuntime\": %.3f, \"Send\": %llu, "
		  "\"Receive\": %llu, \"Exitval\": %d, \"Signal\": %d, \"Command\": ",
		  j->start_real, j->end - j->start, j->sent, j->received,
		  j->exitval, j->termsig);
	js_string(b, cmd, strlen(cmd));
	sbuf_adds(b, ", \"V\": [ ");
	for (i = 0; i < j->args.nvals; i++) {
		if (i)
			sbuf_adds(b, ", ");
		js_string(b, CHUNK_VAL(&j->args, i), j->args.len[i]);
	}
	sbuf_adds(b, " ], \"Stdout\": ");
	js_string(b, out->buf ? out->buf : "", out->len);
	sbuf_adds(b, ", \"Stderr\": ");
	js_string(b, err->buf ? err->buf : "", err->len);
	sbuf_adds(b, " }\n");
}

void restable_row(struct sbuf *b, enum restable_kind k, const struct job *j,
		  const char *cmd, const struct sbuf *out,
		  const struct sbuf *err, int header)
{
	char num[128];
	size_t i;

	if (k == RT_JSON) {
		json_row(b, j, cmd, out, err);
		return;
	}
	if (header)
		sv_header(b, k, j->args.nvals);
	sv_field(b, k, num, (size_t)snprintf(num, sizeof num, "%lu", j->seq), 1);
	sv_field(b, k, j->host, strlen(j->host), 0);
	sv_field(b, k, num, (size_t)snprintf(num, sizeof num, "%.3f", j->start_real), 0);
	sv_field(b, k, num, (size_t)snprintf(num, sizeof num, "%.3f", j->end - j->start), 0);
	sv_field(b, k, num, (size_t)snprintf(num, sizeof num, "%llu", j->sent), 0);
	sv_field(b, k, num, (size_t)snprintf(num, sizeof num, "%llu", j->received), 0);
	sv_field(b, k, num, (size_t)snprintf(num, sizeof num, "%d", j->exitval), 0);
	sv_field(b, k, num, (size_t)snprintf(num, sizeof num, "%d", j->termsig), 0);
	sv_field(b, k, cmd, strlen(cmd), 0);
	for (i = 0; i < j->args.nvals; i++)
		sv_field(b, k, CHUNK_VAL(&j->args, i), j->args.len[i], 0);
	sv_field(b, k, out->buf ? out->buf : "", out->len, 0);
	sv_field(b, k, err->buf ? err->buf : "", err->len, 0);
	sbuf_addc(b, '\n');
}
