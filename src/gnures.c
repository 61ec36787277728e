/* gnures.c: the job directories of --results DIR, as GNU parallel lays
 * them out (DIR/1/a/2/b/). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gnures.h"

#define NAME_BYTES 255		/* the longest file name (ext4 and most) */

/* One value as a path component, escaped, cut to NAME_BYTES. */
static void add_value(struct sbuf *p, const char *s, size_t n)
{
	size_t start = p->len, i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\\': sbuf_adds(p, "\\\\"); break;
		case '\t': sbuf_adds(p, "\\t"); break;
		case '\0': sbuf_adds(p, "\\0"); break;
		case '/': sbuf_adds(p, "\\_"); break;
		default: sbuf_addc(p, s[i]);
		}
	}
	if (p->len - start > NAME_BYTES) {
		p->len = start + NAME_BYTES;
		p->buf[p->len] = '\0';
	}
}

void gnures_path(const struct chunk *c, struct sbuf *path)
{
	size_t inputs = c->ninputs ? c->ninputs : 1, cols, i;

	cols = c->nvals % inputs == 0 ? c->nvals / inputs : c->nvals;
	if (cols == 0)
		cols = 1;
	for (i = 0; i < c->nvals; i++) {
		if (i)
			sbuf_addc(path, '/');
		sbuf_addf(path, "%zu/", i % cols + 1);
		add_value(path, CHUNK_VAL(c, i), c->len[i]);
	}
}

int gnures_mkdirs(int dir, const char *path)
{
	struct sbuf b = {0};
	const char *p = path;
	int fd;

	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - path) : strlen(path);
		sbuf_reset(&b);
		sbuf_add(&b, path, n);
		if (mkdirat(dir, b.buf, 0777) < 0 && errno != EEXIST) {
			sbuf_free(&b);
			return -1;
		}
		if (!slash)
			break;
		p = slash + 1;
	}
	sbuf_free(&b);
	fd = openat(dir, *path ? path : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd;
}
