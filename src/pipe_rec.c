/* pipe_rec.c: record boundaries: those of a fixed string (pat_*), and
 * records that a fixed string cannot describe: -L N (records
 * of N lines), --group-by COLUMN (a record is a run of lines with the same
 * value in that column) and --regexp (--recend/--recstart are EREs); and
 * what works on the records of a block: --remove-rec-sep and -r (a block
 * of empty records runs no job), and the column of a line (--group-by,
 * --shard, --bin).
 *
 * These records are found by scanning forward from the last boundary:
 * prec_next() gives the next one, and pipe.c packs them into blocks. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pipe_impl.h"

/* A regex as the user wrote it, with \n \t \r made the characters they
 * name (as in the regexes users know from other tools). */
static void add_escaped(struct sbuf *s, const char *re)
{
	for (; *re; re++) {
		if (re[0] == '\\' && re[1] && strchr("ntr", re[1])) {
			sbuf_addc(s, re[1] == 'n' ? '\n' : re[1] == 't' ? '\t' : '\r');
			re++;
		} else if (re[0] == '\\' && re[1]) {
			sbuf_add(s, re, 2);
			re++;
		} else
			sbuf_addc(s, *re);
	}
}

/* ---- fixed-string records (struct pat) ---- */

/* The last boundary p with lo < p <= hi whose match lies inside
 * buf[0, len), which holds the data from offset base on; -1 if none. */
long long pat_last(const struct pat *pt, const char *buf, long long base,
		   size_t len, long long lo, long long hi)
{
	long long m = (long long)pt->end, smin = lo + 1 - m, smax = hi - m;
	const char *q;

	if (pt->len == 0)
		return hi > lo && hi <= base + (long long)len ? hi : -1;
	if (smin < base)
		smin = base;
	if (smax > base + (long long)len - (long long)pt->len)
		smax = base + (long long)len - (long long)pt->len;
	while (smax >= smin) {
		q = memrchr(buf + (smin - base), pt->s[0], (size_t)(smax - smin + 1));
		if (!q)
			return -1;
		if (memcmp(q, pt->s, pt->len) == 0)
			return base + (q - buf) + m;
		smax = base + (q - buf) - 1;
	}
	return -1;
}

/* The first boundary p > lo whose match lies inside buf (as above). */
long long pat_first(const struct pat *pt, const char *buf, long long base,
		    size_t len, long long lo)
{
	long long smin = lo + 1 - (long long)pt->end, top = base + (long long)len;
	const char *q;

	if (pt->len == 0)
		return lo + 1 <= top ? lo + 1 : -1;
	if (smin < base)
		smin = base;
	if (smin + (long long)pt->len > top)
		return -1;
	q = memmem(buf + (smin - base), (size_t)(top - smin), pt->s, pt->len);
	return q ? base + (q - buf) + (long long)pt->end : -1;
}

/* After pat_first() found nothing in data ending at top: where to go on. */
long long pat_resume(const struct pat *pt, long long lo, long long top)
{
	long long r = top - (long long)pt->len + (long long)pt->end;

	return r > lo ? r : lo;
}

/* ---- scanned records ---- */

static int rx_comp(regex_t *re, const char *fmt, const char *a, const char *b)
{
	struct sbuf s = {0};
	int rc;

	/* fmt: "(%s)(%s)" and the like, a and b in place of the %s */
	for (; *fmt; fmt++) {
		if (fmt[0] == '%' && fmt[1] == 's') {
			add_escaped(&s, a);
			a = b;
			fmt++;
		} else
			sbuf_addc(&s, *fmt);
	}
	rc = regcomp(re, s.buf, REG_EXTENDED);
	sbuf_free(&s);
	return rc == 0 ? 0 : (errno = EINVAL, -1);
}

/* Set up ps->rec from the options; -1 + errno, *what naming the culprit. */
int prec_init(struct pipesrc *ps, const char **what)
{
	const struct opts *o = ps->o;
	struct prec *r = &ps->rec;
	const char *col = o->group_by ? o->group_by : o->shard ? o->shard : o->bin;
	const char *re = o->recend ? o->recend : o->recstart ? "" : "\n";
	const char *rs = o->recstart ? o->recstart : "";

	r->kind = o->group_by ? REC_GROUP : o->regexp ? REC_REGEX :
		  o->reclines ? REC_LINES : REC_PAT;
	r->lines = o->reclines;
	r->sep = '\t';
	if (col) {
		char *end;
		long n = strtol(col, &end, 10);
		r->col = *end == '\0' && n >= 1 ? (int)n : 0;
		r->colname = r->col ? NULL : col;
	}
	if (o->colsep) {
		if (strlen(o->colsep) == 1 && !strchr(".[]()*+?{}|^$\\", o->colsep[0]))
			r->sep = o->colsep[0];
		else if (!(r->cs = colsep_new(o->colsep))) {
			*what = o->colsep;
			return -1;
		}
	}
	if (o->regexp) {
		*what = "--regexp";
		if (rx_comp(&r->re, "(%s)(%s)", re, rs) < 0)
			return -1;
		r->has_re = 1;
		if (o->rrs && (rx_comp(&r->re_start, "^(%s)%s", rs, "") < 0 ||
			       rx_comp(&r->re_end, "(%s)%s$", re, "") < 0))
			return -1;
		r->has_rrs = o->rrs;
	}
	return 0;
}

void prec_free(struct prec *r)
{
	if (r->has_re)
		regfree(&r->re);
	if (r->has_rrs) {
		regfree(&r->re_start);
		regfree(&r->re_end);
	}
	if (r->cs)
		colsep_free(r->cs);
	chunk_free(&r->tmp);
	sbuf_free(&r->key0);
	sbuf_free(&r->key);
}

/* With --header: the column named r->colname in the header line. */
int prec_header(struct pipesrc *ps)
{
	return prec_header_named(ps, ps->hdr, ps->hlen);
}

int prec_header_named(struct pipesrc *ps, const char *hdr, size_t n)
{
	struct prec *r = &ps->rec;
	size_t i, k;
	long off;

	if (!r->colname || r->col)
		return 0;
	while (n && (hdr[n - 1] == '\n' || hdr[n - 1] == '\r'))
		n--;
	for (i = 1; (off = prec_column(ps, hdr, n, (int)i, &k)) >= 0; i++) {
		const char *v = prec_col_ptr(ps, hdr, (int)i, off);
		if (k == strlen(r->colname) && memcmp(v, r->colname, k) == 0) {
			r->col = (int)i;
			return 0;
		}
	}
	errno = ENOENT;
	return -1;
}

/* Where column c (1-based) of line s[0, n) starts; its length in *len.
 * The offset into s, or -1 when the line has fewer columns.  With a
 * --colsep regex the column is in r->tmp (see prec_col_ptr). */
long prec_column(struct pipesrc *ps, const char *s, size_t n, int c, size_t *len)
{
	struct prec *r = &ps->rec;
	const char *p = s, *end = s + n, *q;
	int i;

	if (r->cs) {
		chunk_reset(&r->tmp);
		colsep_split(r->cs, s, n, &r->tmp);
		if ((size_t)c > r->tmp.nvals)
			return -1;
		*len = r->tmp.len[c - 1];
		return 0;
	}
	for (i = 1; i < c; i++) {
		if (!(q = memchr(p, r->sep, (size_t)(end - p))))
			return -1;
		p = q + 1;
	}
	q = memchr(p, r->sep, (size_t)(end - p));
	*len = (size_t)((q ? q : end) - p);
	return p - s;
}

const char *prec_col_ptr(struct pipesrc *ps, const char *s, int c, long off)
{
	return ps->rec.cs ? CHUNK_VAL(&ps->rec.tmp, c - 1) : s + off;
}

/* The key of the line d[a, b) (newline excluded) into k. */
static void line_key(struct pipesrc *ps, const char *d, long long a, long long b,
		     struct sbuf *k)
{
	struct prec *r = &ps->rec;
	size_t n = (size_t)(b - a), len = 0;
	long off;

	if (n && d[b - 1] == '\n')
		n--;
	off = prec_column(ps, d + a, n, r->col, &len);
	k->len = 0;
	if (off >= 0)
		sbuf_add(k, prec_col_ptr(ps, d + a, r->col, off), len);
}

/* --group-by: the end of the run of lines starting at from, or -1 when
 * the data ends before the run is known to end. */
static long long group_next(struct pipesrc *ps, const char *d, size_t have,
			    long long from, int eof)
{
	struct prec *r = &ps->rec;
	long long e, f;
	const char *q;

	if (!(q = memchr(d + from, '\n', have - (size_t)from)))
		return -1;
	e = q - d + 1;
	line_key(ps, d, from, e, &r->key0);
	while ((size_t)e < have) {
		q = memchr(d + e, '\n', have - (size_t)e);
		if (!q && !eof)
			return -1;
		f = q ? q - d + 1 : (long long)have;
		line_key(ps, d, e, f, &r->key);
		if (r->key.len != r->key0.len ||
		    memcmp(r->key.buf, r->key0.buf, r->key.len) != 0)
			return e;
		e = f;
	}
	return -1;
}

/* --regexp: the first boundary after from. */
static long long regex_next(struct pipesrc *ps, const char *d, size_t have,
			    long long from)
{
	regmatch_t m[3];
	long long s = from;

	while ((size_t)s < have) {
		m[0].rm_so = (regoff_t)s;
		m[0].rm_eo = (regoff_t)have;
		if (regexec(&ps->rec.re, d, 3, m, REG_STARTEND | (s ? REG_NOTBOL : 0)) != 0)
			return -1;
		if (m[2].rm_so > from)
			return m[2].rm_so;
		s = m[0].rm_so + 1;
	}
	return -1;
}

/* The next record boundary after from (itself one) in d[0, have): -1 when
 * none is known yet. */
long long prec_next(struct pipesrc *ps, const char *d, size_t have,
		    long long from, int eof)
{
	long long p = from;
	const char *q;
	long k;

	switch (ps->rec.kind) {
	case REC_LINES:
		for (k = 0; k < ps->rec.lines; k++) {
			if (!(q = memchr(d + p, '\n', have - (size_t)p)))
				return -1;
			p = q - d + 1;
		}
		return p;
	case REC_GROUP:
		return group_next(ps, d, have, from, eof);
	case REC_REGEX:
		return regex_next(ps, d, have, from);
	default:
		return pat_first(&ps->pat, d, 0, have, from);
	}
}

/* Whether the match of rx at b[s, len) starts at s (anchored rx). */
static long long rx_at(const regex_t *rx, const char *b, long long s, size_t len,
		       long long *end)
{
	regmatch_t m[1];

	m[0].rm_so = (regoff_t)s;
	m[0].rm_eo = (regoff_t)len;
	if (regexec(rx, b, 1, m, REG_STARTEND) != 0)
		return -1;
	*end = m[0].rm_eo;
	return m[0].rm_so;
}

/* --remove-rec-sep: drop the separators from the block b[0, len) in
 * place: recstart at its front, recend at its back, both between its
 * records.  The new length. */
size_t prec_strip(struct pipesrc *ps, char *b, size_t len)
{
	const struct pat *pt = &ps->pat;
	size_t lr = pt->len - pt->end, w = 0, s = 0;
	long long p, e;

	if (ps->rec.kind == REC_REGEX) {
		if (rx_at(&ps->rec.re_start, b, 0, len, &e) == 0)
			s = (size_t)e;
		if (rx_at(&ps->rec.re_end, b, (long long)s, len, &e) >= 0 &&
		    (size_t)e == len) {
			long long a = rx_at(&ps->rec.re_end, b, (long long)s, len, &e);
			len = (size_t)a;
		}
		while (s < len) {
			regmatch_t m[1] = { { (regoff_t)s, (regoff_t)len } };
			if (regexec(&ps->rec.re, b, 1, m, REG_STARTEND | REG_NOTBOL) != 0 ||
			    m[0].rm_eo == m[0].rm_so)
				break;
			memmove(b + w, b + s, (size_t)m[0].rm_so - s);
			w += (size_t)m[0].rm_so - s;
			s = (size_t)m[0].rm_eo;
		}
	} else {
		if (len >= lr && lr && memcmp(b, pt->s + pt->end, lr) == 0)
			s = lr;
		if (len - s >= pt->end && pt->end &&
		    memcmp(b + len - pt->end, pt->s, pt->end) == 0)
			len -= pt->end;
		while (pt->len && s < len &&
		       (p = pat_first(pt, b, 0, len, (long long)s)) >= 0 &&
		       (size_t)p + lr <= len) {
			size_t at = (size_t)p - pt->end;
			memmove(b + w, b + s, at - s);
			w += at - s;
			s = (size_t)p + lr;
		}
	}
	memmove(b + w, b + s, len - s);
	return w + len - s;
}

/* -r: 1 when the block b[0, len) holds only empty records. */
int prec_empty(struct pipesrc *ps, const char *b, size_t len)
{
	const struct pat *pt = &ps->pat;
	size_t s = 0;

	if (ps->rec.kind == REC_REGEX || !pt->len)
		return len == 0;
	while (s + pt->len <= len && memcmp(b + s, pt->s, pt->len) == 0)
		s += pt->len;
	if (s < len && len - s == pt->end && memcmp(b + s, pt->s, pt->end) == 0)
		s = len;
	return s == len;
}
