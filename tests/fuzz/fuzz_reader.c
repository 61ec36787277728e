/* fuzz_reader.c: the record reader (reader_next) over a non-blocking pipe
 * fed in pieces, with any delimiter byte.  Input: delimiter, piece size,
 * repeat/long-record control, then the payload.  The records read back,
 * joined by the delimiter, must give the stream exactly. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "../../src/input.h"
#include "fuzz.h"

/* Take every record the reader has; 0 at end of input. */
static int drain(struct reader *r, struct sbuf *got, size_t *nrec, int block)
{
	const char *p;
	size_t n;
	int rc;

	while ((rc = reader_next(r, &p, &n, block)) == 1) {
		FUZZ_CHECK(memchr(p, r->delim, n) == NULL);
		sbuf_add(got, p, n);
		sbuf_addc(got, r->delim);
		(*nrec)++;
	}
	FUZZ_CHECK(rc == 0 || rc == INPUT_AGAIN);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sbuf stream = {0}, got = {0};
	struct reader r;
	size_t piece, rep, big, off = 0, nrec = 0, i, want = 0;
	int fd[2], delim;

	if (size < 3)
		return 0;
	delim = data[0];
	piece = (size_t)data[1] * 61 + 1;
	rep = (data[2] & 15) + 1;
	big = (size_t)(data[2] >> 4) * 23000;
	data += 3;
	size -= 3;
	for (i = 0; i < rep; i++) {
		sbuf_add(&stream, data, size);
		if (i == 0 && big) {	/* one record longer than the buffer */
			sbuf_grow(&stream, big);
			memset(stream.buf + stream.len, delim ^ 1, big);
			stream.len += big;
		}
	}
	if (piece < stream.len / 256)	/* at most ~256 writes */
		piece = stream.len / 256;
	if (pipe2(fd, O_NONBLOCK | O_CLOEXEC) < 0)
		abort();
	reader_init(&r, fd[0], delim);
	while (off < stream.len) {
		size_t n = stream.len - off < piece ? stream.len - off : piece;
		ssize_t w = write(fd[1], stream.buf + off, n);
		if (w < 0 && errno != EAGAIN)
			abort();
		if (w > 0)
			off += (size_t)w;
		FUZZ_CHECK(drain(&r, &got, &nrec, 0) == INPUT_AGAIN);
	}
	close(fd[1]);
	FUZZ_CHECK(drain(&r, &got, &nrec, 1) == 0);
	FUZZ_CHECK(reader_next(&r, &(const char *){0}, &(size_t){0}, 1) == 0);
	reader_free(&r);
	close(fd[0]);

	/* one record per delimiter, plus an unterminated last one */
	for (i = 0; i < stream.len; i++)
		want += (unsigned char)stream.buf[i] == delim;
	if (stream.len && (unsigned char)stream.buf[stream.len - 1] != delim) {
		want++;
		sbuf_addc(&stream, delim);
	}
	FUZZ_CHECK(nrec == want);
	FUZZ_CHECK(got.len == stream.len);
	FUZZ_CHECK(got.len == 0 || memcmp(got.buf, stream.buf, got.len) == 0);
	sbuf_free(&stream);
	sbuf_free(&got);
	return 0;
}
