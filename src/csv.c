/* csv.c: RFC 4180 records and fields for --csv. */
#include <string.h>

#include "csv.h"
#include "util.h"

char *csv_scan(char *p, const char *end, int delim, int *inq)
{
	for (; p < end; p++) {
		if (*p == '"')
			*inq = !*inq;
		else if (*p == delim && !*inq)
			return p;
	}
	return NULL;
}

/* One field from s (at most n bytes) into f; returns the bytes it took,
 * its separator not included. */
static size_t field(int sep, const char *s, size_t n, struct sbuf *f)
{
	size_t i = 0;
	int inq = 0;

	sbuf_reset(f);
	while (i < n) {
		char ch = s[i];
		if (inq) {
			if (ch == '"' && i + 1 < n && s[i + 1] == '"') {
				sbuf_addc(f, '"');
				i += 2;
				continue;
			}
			if (ch == '"')
				inq = 0;
			else
				sbuf_addc(f, ch);
		} else if (ch == sep) {
			break;
		} else if (ch == '"') {
			inq = 1;
		} else {
			sbuf_addc(f, ch);
		}
		i++;
	}
	return i;
}

void csv_split(int sep, const char *s, size_t n, struct chunk *c)
{
	struct sbuf f = {0};
	size_t i = 0;

	if (n && s[n - 1] == '\r')
		n--;
	for (;;) {
		i += field(sep, s + i, n - i, &f);
		chunk_add(c, f.buf ? f.buf : "", f.len);
		if (i >= n)
			break;
		i++;		/* the separator */
	}
	sbuf_free(&f);
}
