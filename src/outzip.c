/* outzip.c: output that goes through files: --compress (each stream
 * through the compressor into a file, read back decompressed) and --files
 * (the kept file's name printed instead); ozip.c runs the programs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "output_impl.h"

/* --compress, --files: the data goes to the entry's file (with --files,
 * stdout untagged and stderr nowhere, as GNU parallel). */
void output_zip_data(struct output *out, struct oentry *e, int stream,
		      const char *p, size_t n)
{
	struct obuf *b = &e->ob[stream];

	if (out->files && stream == 1)
		return;
	if (!out->files)
		p = output_tagged(out, b, e, p, &n);
	/* a compressor gone (EPIPE) says so by its status (output_close) */
	if (ofile_write(out->z, &b->of, p, n) < 0 && !b->err &&
	    b->of.err != EPIPE)
		b->err = b->of.err;
}

struct ozip_put {
	struct output *out;
	int fd;
};

static void ozip_put(void *arg, const char *p, size_t n)
{
	struct ozip_put *w = arg;

	output_put(w->out, w->fd, p, n);
}

/* Write what the entry's files hold: each stream decompressed, or with
 * --files the kept file's name (tagged) on stdout. */
void output_zip_emit(struct output *out, struct oentry *e)
{
	struct ozip_put w = { out, 1 };
	struct sbuf name = {0};
	int s;

	if (out->files && e->fname) {	/* --results DIR: its stdout file */
		output_put(out, 1, e->tag ? e->tag : "", e->tag ? e->taglen : 0);
		output_put(out, 1, e->fname, e->fnamelen);
		output_put(out, 1, "\n", 1);
		return;
	}
	if (e->mute)	/* --results DIR: the results files only */
		return;
	if (out->files) {
		if (ofile_keep(out->z, &e->ob[0].of, &name) < 0) {
			warn_("--files: cannot keep the output of job %lu", e->seq);
		} else {
			sbuf_addc(&name, '\n');
			output_put(out, 1, e->tag ? e->tag : "", e->tag ? e->taglen : 0);
			output_put(out, 1, name.buf, name.len);
		}
		sbuf_free(&name);
		return;
	}
	for (s = 0; s < 2; s++) {
		w.fd = s + 1;
		if (ofile_emit(out->z, &e->ob[s].of, ozip_put, &w) < 0)
			warn_("--compress: cannot read back the output of job %lu",
			      e->seq);
	}
}

int output_close(struct output *out, struct oentry *e)
{
	int s, rc = 0;

	if (!out->z)
		return 0;
	for (s = 0; s < 2; s++)
		if (ofile_close(out->z, &e->ob[s].of) < 0)
			rc = -1;
	return rc;
}

const char *output_zip_cmd(const struct output *out)
{
	return out->z ? ozip_cmd(out->z) : "";
}

void output_child(struct output *out, pid_t pid, int status)
{
	if (out->z)
		ozip_reaped(out->z, pid, status);
}

void output_compress_tees(struct oentry *e)
{
	e->ztee = 1;
}

void output_name(struct oentry *e, const char *name, size_t n)
{
	free(e->fname);
	e->fname = xstrndup(name, n);
	e->fnamelen = n;
}

