/* fuzz_pipe.c: --pipe / --pipepart block cutting, through the public
 * entry points: stdin (fd 0) is a pipe fed in pieces, or a regular file
 * (a memfd, cut by offsets as --pipepart cuts), and the source's next() hands
 * out the blocks.  Every cut must be the one a plain reference model of
 * the rules in pipe.c's header comment gives (size mode: the last
 * boundary whose match fits the block, else the first one past it; -N:
 * every N records; --header lines in front of each block), and the blocks
 * must put the input back together.
 *
 * Input: [block size] [flags: bit 0 file, bits 1-2 --header, bit 3 -N,
 * bits 4-7 N-1] [piece size] [recend length] [recstart length] recend
 * recstart data.  A zero recend and recstart length means the default
 * (newline); the strings go through parx's escapes (\n \t \0 \xHH ...). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/escape.h"
#include "../../src/input.h"
#include "../../src/pipe.h"
#include "../../src/pipe_impl.h"
#include "fuzz.h"

struct model {
	const char *pat;	/* recend then recstart */
	size_t len, end;	/* pattern length, recend length */
};

/* The first boundary p > lo in r[0, n) (its match inside), or -1. */
static long first_b(const struct model *m, const char *r, size_t n, long lo)
{
	long s = lo + 1 - (long)m->end;

	if (m->len == 0)
		return lo + 1 <= (long)n ? lo + 1 : -1;
	if (s < 0)
		s = 0;
	for (; s + (long)m->len <= (long)n; s++)
		if (memcmp(r + s, m->pat, m->len) == 0)
			return s + (long)m->end;
	return -1;
}

/* Where the block at r (n bytes left) ends. */
static size_t model_cut(const struct model *m, const char *r, size_t n,
			size_t block, long nrec)
{
	long p, s, scan = 0, found = 0;

	if (nrec) {
		while (found < nrec && (p = first_b(m, r, n, scan)) >= 0) {
			scan = p;
			found++;
		}
		return found == nrec ? (size_t)scan : n;
	}
	if (n <= block)
		return n;
	for (p = (long)block; p >= 1; p--) {
		s = p - (long)m->end;
		if (s >= 0 && s + (long)m->len <= (long)block &&
		    memcmp(r + s, m->pat, m->len) == 0)
			return (size_t)p;
	}
	s = (long)block - (long)m->len + (long)m->end;
	p = first_b(m, r, n, s > 0 ? s : 0);
	return p > 0 ? (size_t)p : n;
}

/* The block job jb was given (its pipe.c state: no hook registered, so
 * at ext[0]): the header, then the next cut bytes of data. */
static void check_block(struct job *jb, int file, const char *hdr, size_t hlen,
			const char *data, size_t pos, size_t cut)
{
	struct pblock *j = jb->ext[0];

	if (file) {
		FUZZ_CHECK(j->blen == hlen);
		FUZZ_CHECK(j->part_off == (long long)(hlen + pos));
		FUZZ_CHECK(j->part_len == (long long)cut);
	} else {
		FUZZ_CHECK(j->blen == hlen + cut);
		FUZZ_CHECK(memcmp(j->block + hlen, data + pos, cut) == 0);
	}
	FUZZ_CHECK(hlen == 0 || memcmp(j->block, hdr, hlen) == 0);
	free(j->block);
	free(j);
	jb->ext[0] = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	static struct opts o;
	char re[16] = "", rs[16] = "", pat[32];
	struct model m = { pat, 0, 0 };
	struct pipesrc *ps;
	struct source src;
	struct job j;
	const char *what, *data, *d;
	size_t block, piece, lre, lrs, n, hlen = 0, pos = 0, off = 0;
	long header, nrec, lines = 0;
	int file, fd[2] = { -1, -1 }, rc;

	if (size < 5)
		return 0;
	block = 1 + (size_t)in[0] * 8;
	file = in[1] & 1;
	header = (in[1] >> 1) & 3;
	nrec = in[1] & 8 ? (in[1] >> 4) + 1 : 0;
	piece = 1 + (size_t)in[2] * 16;
	lre = in[3] % 8;
	lrs = in[4] % 4;
	if (size < 5 + lre + lrs)
		return 0;
	memcpy(re, in + 5, lre);
	memcpy(rs, in + 5 + lre, lrs);
	if (strlen(re) != lre || strlen(rs) != lrs)
		return 0;	/* no NUL in an option value */
	data = (const char *)in + 5 + lre + lrs;
	n = size - 5 - lre - lrs;

	memset(&o, 0, sizeof o);
	o.pipe = 1;
	o.block = (long long)block;
	o.nrecords = nrec;
	o.header = header;
	o.retries = 1;
	o.jobs = 1;
	if (lre || lrs) {
		o.recend = re;
		o.recstart = rs;
		m.end = unescape(re, ESC_ALL, pat);
		m.len = m.end + unescape(rs, ESC_ALL, pat + m.end);
	} else {
		pat[0] = '\n';
		m.len = m.end = 1;
	}

	/* the header: the first --header lines */
	while (lines < header && hlen < n) {
		const char *nl = memchr(data + hlen, '\n', n - hlen);
		hlen = nl ? (size_t)(nl - data) + 1 : n;
		lines++;
	}
	d = data + hlen;

	if (file) {
		int mfd = memfd_create("fuzz_pipe", MFD_CLOEXEC);
		if (mfd < 0 || write(mfd, data, n) != (ssize_t)n)
			abort();
		if (dup2(mfd, 0) < 0 || lseek(0, 0, SEEK_SET) < 0)
			abort();
		if (mfd != 0)
			close(mfd);
	} else {
		if (pipe2(fd, O_NONBLOCK | O_CLOEXEC) < 0 || dup2(fd[0], 0) < 0)
			abort();
		if (fd[0] != 0)
			close(fd[0]);
	}
	ps = pipesrc_open(&o, &what);
	FUZZ_CHECK(ps != NULL);
	src = pipe_source(ps);
	memset(&j, 0, sizeof j);

	/* feed a pipe in pieces, taking the blocks as they become ready */
	while (!file && off < n) {
		size_t k = n - off < piece ? n - off : piece;
		ssize_t w = write(fd[1], data + off, k);
		if (w < 0 && errno != EAGAIN)
			abort();
		off += w > 0 ? (size_t)w : 0;
		while ((rc = src.next(src.ctx, &j, 0)) == INPUT_OK) {
			size_t cut = model_cut(&m, d + pos, n - hlen - pos, block, nrec);
			check_block(&j, file, data, hlen, d, pos, cut);
			pos += cut;
		}
		FUZZ_CHECK(rc == INPUT_AGAIN);
	}
	if (!file)
		close(fd[1]);
	while ((rc = src.next(src.ctx, &j, 1)) == INPUT_OK) {
		size_t cut = model_cut(&m, d + pos, n - hlen - pos, block, nrec);
		FUZZ_CHECK(cut > 0);
		check_block(&j, file, data, hlen, d, pos, cut);
		pos += cut;
	}
	FUZZ_CHECK(rc == INPUT_EOF);
	FUZZ_CHECK(pos == n - hlen);	/* every byte went out */
	pipesrc_close(ps);
	/* fd 0 back to /dev/null, so that no other descriptor lands there */
	if ((fd[0] = open("/dev/null", O_RDONLY | O_CLOEXEC)) > 0) {
		dup2(fd[0], 0);
		close(fd[0]);
	}
	return 0;
}
