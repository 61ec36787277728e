/* escape.c: decoding the backslash escapes of option values, one decoder
 * for -d (parse.c), --recend/--recstart (pipe.c) and --colsep (input.c). */
#include <ctype.h>
#include <string.h>

#include "escape.h"

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

size_t escape_one(const char *s, const char *which, int *c)
{
	int h1, h2;

	if (s[0] != '\\' || !s[1] || !strchr(which, s[1]))
		return 0;
	switch (s[1]) {
	case 'n': *c = '\n'; return 2;
	case 't': *c = '\t'; return 2;
	case 'r': *c = '\r'; return 2;
	case '0': *c = '\0'; return 2;
	case '\\': *c = '\\'; return 2;
	case 'x':
		h1 = (unsigned char)s[2];
		h2 = h1 ? (unsigned char)s[3] : 0;
		if (!isxdigit(h1) || !isxdigit(h2))
			return 0;
		*c = hexval(h1) * 16 + hexval(h2);
		return 4;
	}
	return 0;
}

size_t unescape(const char *s, const char *which, char *out)
{
	size_t n = 0, k;
	int c;

	while (*s) {
		if ((k = escape_one(s, which, &c)) > 0) {
			out[n++] = (char)c;
			s += k;
		} else if (s[0] == '\\' && s[1]) {
			out[n++] = *s++;	/* an escape of another set: as is */
			out[n++] = *s++;
		} else {
			out[n++] = *s++;
		}
	}
	return n;
}
