/* hostlist.c: Slurm's compressed host lists (see hostlist.h).
 *
 * A list is items separated by commas outside brackets; an item is text
 * with bracket groups, each a comma-separated set of numbers and LO-HI
 * ranges: node[01-04,07] is node01 node02 node03 node04 node07.  Several
 * groups multiply, the leftmost varying slowest (a[1-2]b[3-4] is a1b3
 * a1b4 a2b3 a2b4).  A number is as wide as its range's lower bound as
 * written, zeros in front kept (n[08-11] is n08 ... n11). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hostlist.h"

#define HOSTLIST_MAX 65536	/* hosts one item may expand to (as Slurm) */
#define GROUPS_MAX 16		/* bracket groups in one item */
#define DIGITS_MAX 18		/* digits in one number */

/* One bracket group s[0..len) (between the brackets): check it and count
 * its values.  0, or -1 with *why set. */
static int group_check(const char *s, size_t len, size_t *count,
		       const char **why)
{
	size_t i = 0, n = 0;

	for (;;) {
		unsigned long lo = 0, hi;
		size_t d = i;
		while (i < len && s[i] >= '0' && s[i] <= '9' && lo < 100000000)
			lo = lo * 10 + (unsigned long)(s[i++] - '0');
		if (i == d) {
			*why = i < len && s[i] != ',' && s[i] != '-' ?
				"a range holds something that is not a number" :
				"an empty range";
			return -1;
		}
		if (i - d > DIGITS_MAX ||
		    (i < len && s[i] >= '0' && s[i] <= '9')) {
			*why = "a number that is too long";
			return -1;
		}
		hi = lo;
		if (i < len && s[i] == '-') {
			d = ++i;
			hi = 0;
			while (i < len && s[i] >= '0' && s[i] <= '9' && hi < 100000000)
				hi = hi * 10 + (unsigned long)(s[i++] - '0');
			if (i == d) {
				*why = "a range without its upper end";
				return -1;
			}
			if (i < len && s[i] >= '0' && s[i] <= '9') {
				*why = "a number that is too long";
				return -1;
			}
			if (hi < lo) {
				*why = "a range that runs backwards";
				return -1;
			}
		}
		n += hi - lo + 1;
		if (n > HOSTLIST_MAX) {
			*why = "too many hosts";
			return -1;
		}
		if (i == len)
			break;
		if (s[i++] != ',' || i == len) {
			*why = s[i - 1] == ',' ? "an empty range" :
				"a range holds something that is not a number";
			return -1;
		}
	}
	*count = n;
	return 0;
}

/* Check the whole item and count the hosts it makes. */
static int item_check(const char *s, size_t len, size_t *count,
		      const char **why)
{
	size_t i, total = 1, n, groups = 0;

	if (len == 0) {
		*why = "no host named";
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (s[i] == ']') {
			*why = "a ']' without its '['";
			return -1;
		}
		if (s[i] != '[')
			continue;
		if (++groups > GROUPS_MAX) {
			*why = "too many bracket groups";
			return -1;
		}
		{
			const char *close = memchr(s + i + 1, ']', len - i - 1);
			const char *open = memchr(s + i + 1, '[', len - i - 1);
			if (!close || (open && open < close)) {
				*why = "a '[' without its ']'";
				return -1;
			}
			if (group_check(s + i + 1, (size_t)(close - s) - i - 1,
					&n, why) < 0)
				return -1;
			total *= n;
			if (total > HOSTLIST_MAX) {
				*why = "too many hosts";
				return -1;
			}
			i = (size_t)(close - s);
		}
	}
	*count = total;
	return 0;
}

/* Append every host of s[0..len) (checked) after the prefix already in
 * pre, NUL-terminated, to out. */
static void item_emit(const char *s, size_t len, struct sbuf *pre,
		      struct sbuf *out)
{
	const char *open = memchr(s, '[', len), *close, *p;
	size_t keep = pre->len;

	if (!open) {
		sbuf_add(out, pre->buf ? pre->buf : "", pre->len);
		sbuf_add(out, s, len);
		sbuf_addc(out, '\0');
		return;
	}
	close = memchr(open, ']', len - (size_t)(open - s));
	sbuf_add(pre, s, (size_t)(open - s));
	for (p = open + 1; p < close;) {
		unsigned long lo = 0, hi, v;
		int width = 0;
		char num[32];
		for (; *p >= '0' && *p <= '9'; p++, width++)
			lo = lo * 10 + (unsigned long)(*p - '0');
		hi = lo;
		if (*p == '-')
			for (hi = 0, p++; *p >= '0' && *p <= '9'; p++)
				hi = hi * 10 + (unsigned long)(*p - '0');
		for (v = lo; v <= hi; v++) {
			int k = snprintf(num, sizeof num, "%0*lu", width, v);
			pre->len = keep + (size_t)(open - s);
			sbuf_add(pre, num, (size_t)k);
			item_emit(close + 1, len - (size_t)(close + 1 - s), pre, out);
		}
		p += *p == ',';
	}
	pre->len = keep;
}

int hostlist_expand(const char *s, size_t len, struct sbuf *out, size_t *n,
		    const char **why)
{
	struct sbuf pre = {0};

	if (item_check(s, len, n, why) < 0) {
		errno = EINVAL;
		return -1;
	}
	item_emit(s, len, &pre, out);
	sbuf_free(&pre);
	return 0;
}

size_t hostlist_span(const char *s)
{
	size_t i;
	int depth = 0;

	for (i = 0; s[i]; i++) {
		if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && depth > 0)
			depth--;
		else if (s[i] == ',' && depth == 0)
			break;
	}
	return i;
}
