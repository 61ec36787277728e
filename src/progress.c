/* progress.c: --bar, --eta, --progress on stderr.
 *
 * One line describes the run: "done/total jobs", the percent once the
 * total is known ("12/? jobs" until the input has been read), the running
 * count (--progress), the estimated time left (--eta, --bar) and a bar
 * filling the rest of the width (--bar).
 *
 * On a terminal the line is redrawn in place ("\r", text, erase to end of
 * line) at most 10 times a second, fitted to the terminal's width, and
 * erased at the end.  When stderr is not a terminal the option still asks
 * for progress, so it is written as plain "parx: ..." lines: at most one a
 * second while the counts change, and a final one at the end.  No colour
 * is ever used, so NO_COLOR needs nothing.  stdout is never touched. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "pool.h"
#include "progress.h"
#include "util.h"

#define TTY_GAP 0.1		/* seconds between redraws on a terminal */
#define PLAIN_GAP 1.0		/* seconds between plain lines */
#define ETA_TICK 1.0		/* redraw a shown ETA this often when idle */
#define MIN_BAR 8		/* narrowest bar worth drawing, brackets included */

struct counts {
	unsigned long done, started, total;
	size_t slots;		/* job slots (SIGUSR1/SIGUSR2, -j FILE) */
};

struct progress {
	int fd;			/* stderr */
	int tty;		/* redraw in place; else plain lines */
	int dumb;		/* TERM=dumb: pad with spaces, no escapes */
	int show_bar, show_eta, show_running;
	double t0;		/* when progress_new ran */
	double last;		/* when the last line was drawn */
	int drawn;		/* a line has been written */
	size_t shown;		/* tty: width of the line on screen */
	struct counts now;	/* as of the latest progress_update */
	struct counts seen;	/* as last drawn */
	size_t slots0;		/* job slots at the start: shown once changed */
	struct sbuf line;
};

struct progress *progress_new(const struct opts *o)
{
	struct progress *p;
	const char *term = getenv("TERM");

	if (!o->bar && !o->eta && !o->progress)
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->fd = STDERR_FILENO;
	p->tty = isatty(p->fd);
	p->dumb = term && !strcmp(term, "dumb");
	p->show_bar = o->bar;
	p->show_eta = o->eta || o->bar;
	p->show_running = o->progress;
	p->t0 = p->last = now_mono();
	return p;
}

/* Columns available on stderr's terminal; 80 when it cannot tell. */
static size_t term_width(int fd)
{
	struct winsize ws;

	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* Append a duration as "42s", "3m07s" or "2h05m". */
static void add_duration(struct sbuf *b, double secs)
{
	unsigned long s = secs > 0 ? (unsigned long)ceil(secs) : 0;

	if (s < 60)
		sbuf_addf(b, "%lus", s);
	else if (s < 3600)
		sbuf_addf(b, "%lum%02lus", s / 60, s % 60);
	else
		sbuf_addf(b, "%luh%02lum", s / 3600, s / 60 % 60);
}

/* Append "[####----]" of exactly width columns (width >= 3). */
static void add_bar(struct sbuf *b, const struct counts *c, size_t width)
{
	size_t inner = width - 2, fill = 0, i;

	if (c->total)
		fill = (size_t)((double)inner * (double)c->done / (double)c->total);
	if (fill > inner)
		fill = inner;
	sbuf_addc(b, '[');
	for (i = 0; i < inner; i++)
		sbuf_addc(b, i < fill ? '#' : '-');
	sbuf_addc(b, ']');
}

/* Build the line for the current counts into p->line, at most width
 * columns. */
static void format_line(struct progress *p, double now, size_t width)
{
	const struct counts *c = &p->now;
	struct sbuf *b = &p->line;
	unsigned long running = c->started > c->done ? c->started - c->done : 0;

	sbuf_reset(b);
	if (!p->tty)
		sbuf_adds(b, PROG ": ");
	if (c->total)
		sbuf_addf(b, "%lu/%lu jobs %3lu%%", c->done, c->total,
			  c->done >= c->total ? 100 : c->done * 100 / c->total);
	else
		sbuf_addf(b, "%lu/? jobs", c->done);
	if (p->show_running)
		sbuf_addf(b, "  %lu running", running);
	if (p->slots0 && c->slots != p->slots0)
		sbuf_addf(b, "  %zu slots", c->slots);
	if (p->show_eta) {
		sbuf_adds(b, "  ETA ");
		if (c->total && c->done >= c->total)
			add_duration(b, 0);
		else if (c->total && c->done)
			add_duration(b, (now - p->t0) / (double)c->done *
					(double)(c->total - c->done));
		else
			sbuf_addc(b, '?');
	}
	if (b->len > width) {
		b->len = width;
		b->buf[width] = '\0';
	} else if (p->show_bar && width - b->len >= MIN_BAR + 2) {
		sbuf_adds(b, "  ");
		add_bar(b, c, width - b->len);
	}
}

/* Write the line for the current counts. */
static void draw(struct progress *p, double now)
{
	struct sbuf out = { 0 };
	size_t width = term_width(p->fd);

	/* The last column is left alone so the terminal never wraps. */
	format_line(p, now, width > 1 ? width - 1 : 1);
	if (p->tty) {
		sbuf_addc(&out, '\r');
		sbuf_add(&out, p->line.buf, p->line.len);
		if (!p->dumb)
			sbuf_adds(&out, "\033[K");
		else
			while (out.len - 1 < p->shown)
				sbuf_addc(&out, ' ');
		p->shown = p->line.len;
	} else {
		sbuf_add(&out, p->line.buf, p->line.len);
		sbuf_addc(&out, '\n');
	}
	write_all(p->fd, out.buf, out.len);
	sbuf_free(&out);
	p->drawn = 1;
	p->last = now;
	p->seen = p->now;
}

static int counts_differ(const struct counts *a, const struct counts *b)
{
	return a->done != b->done || a->started != b->started ||
	       a->total != b->total || a->slots != b->slots;
}

/* Whether a shown ETA changes with time alone (and so wants a redraw). */
static int eta_live(const struct progress *p)
{
	return p->show_eta && p->now.total && p->now.done &&
	       p->now.done < p->now.total;
}

double progress_update(struct progress *p, unsigned long done,
		       unsigned long started, unsigned long total, int force)
{
	double now = now_mono(), gap = p->tty ? TTY_GAP : PLAIN_GAP;
	int changed;

	p->now.done = done;
	p->now.started = started;
	p->now.total = total;
	changed = counts_differ(&p->now, &p->seen);
	if (force || (p->tty && !p->drawn) ||
	    (changed && now - p->last >= gap) ||
	    (p->tty && eta_live(p) && now - p->last >= ETA_TICK)) {
		draw(p, now);
		changed = 0;
	}
	if (changed)
		return p->last + gap - now;
	if (p->tty && eta_live(p))
		return p->last + ETA_TICK - now;
	return -1;
}

void progress_end(struct progress *p)
{
	if (p->tty) {
		struct sbuf out = { 0 };

		if (p->drawn) {
			sbuf_addc(&out, '\r');
			if (!p->dumb)
				sbuf_adds(&out, "\033[K");
			else {
				while (out.len - 1 < p->shown)
					sbuf_addc(&out, ' ');
				sbuf_addc(&out, '\r');
			}
			write_all(p->fd, out.buf, out.len);
		}
		sbuf_free(&out);
	} else if (!p->drawn || counts_differ(&p->now, &p->seen)) {
		draw(p, now_mono());
	}
	sbuf_free(&p->line);
	free(p);
}

static double hook_tick(void *ctx, const struct pool_counts *c)
{
	struct progress *p = ctx;

	if (!p->slots0)
		p->slots0 = c->slots;
	p->now.slots = c->slots;
	return progress_update(ctx, c->done, c->started, c->total, 0);
}

static void hook_close(void *ctx)
{
	progress_end(ctx);
}

void progress_attach(struct progress *p, struct pool *pool)
{
	struct hook h = { .ctx = p, .name = "progress", .tick = hook_tick,
			  .close = hook_close };

	pool_hook_add(pool, &h);
}
