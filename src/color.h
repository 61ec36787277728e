/* color.h: the colours of --color and --color-failed (color.c owns the
 * colour cycle; start.c and finish.c put the sequences in output.c's
 * tags). */
#ifndef PARX_COLOR_H
#define PARX_COLOR_H

#include <stddef.h>

#include "job.h"
#include "util.h"

struct tmpl;

/* What ends every coloured line, before its newline. */
#define COLOR_END "\033[m"
/* Room color_start needs. */
#define COLOR_MAX 32

/* The sequence that starts a line of job seq (failed: white on red),
 * into buf (n bytes, COLOR_MAX is enough); returns its length. */
size_t color_start(unsigned long seq, int failed, char *buf, size_t n);

/* The tag that starts each line of job j: its colour (col: --color;
 * failed: --color-failed's), then the --tag/--tagstring text and a tab
 * (tagt, or NULL), appended to out. */
void color_tag(const struct tmpl *tagt, const struct job *j, int col,
	       int failed, struct sbuf *out);

/* text (a command as --dry-run prints it) into out, each of its lines
 * after tag, ended (col) with COLOR_END, then a newline. */
void color_lines(const struct sbuf *tag, int col, const char *text,
		 struct sbuf *out);

#endif
