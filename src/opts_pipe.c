/* opts_pipe.c: the options of the pipe family (--tee, --round-robin,
 * --group-by, --fifo, --cat, --shard, --bin, --regexp, --rrs)
 * and the checks they need once the whole command line is read.  Only
 * this file and opts.c write struct opts. */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"

/* The option values opts.c hands on (its enum continues here). */
enum {
	O_TEE = 400, O_RR, O_GROUPBY, O_FIFO, O_CAT, O_SHARD, O_BIN, O_REGEXP,
	O_RRS,
};

int opts_pipe(struct opts *o, int c, const char *arg)
{
	switch (c) {
	case O_TEE: o->tee = 1; break;
	case O_RR: o->round_robin = 1; break;
	case O_GROUPBY: o->group_by = arg; break;
	case O_FIFO: o->fifo = 1; break;
	case O_CAT: o->cat = 1; break;
	case O_SHARD: o->shard = arg; break;
	case O_BIN: o->bin = arg; break;
	case O_REGEXP: o->regexp = 1; break;
	case O_RRS: o->rrs = 1; break;
	default:
		return 0;
	}
	return 1;
}

/* A column: a number from 1 on, or (with --header) a column's name. */
static void check_column(const struct opts *o, const char *opt, const char *v)
{
	char *end;
	long n;

	if (!v || !*v)
		opts_fail("%s needs a column: a number, or a name with --header", opt);
	n = strtol(v, &end, 10);
	if (*end == '\0' && n >= 1)
		return;
	if (*end == '\0' || !o->header)
		opts_fail("%s: invalid column '%s' (a number from 1, or a name with --header)",
			  opt, v);
}

static void check_regex(const char *opt, const char *re)
{
	regex_t rx;
	char msg[128];
	int rc;

	if (!re)
		return;
	if ((rc = regcomp(&rx, re, REG_EXTENDED)) != 0) {
		regerror(rc, &rx, msg, sizeof msg);
		opts_fail("%s: invalid regular expression '%s' (%s)", opt, re, msg);
	}
	regfree(&rx);
}

/* --tee runs every job at once: as GNU parallel, refuse fewer slots
 * than the ::: arguments make jobs. */
static void check_tee_slots(const struct opts *o)
{
	unsigned long long n = 1;
	size_t i;

	for (i = 0; i < o->nsrcs; i++) {
		if (o->srcs[i].kind != SRC_WORDS || o->srcs[i].linked || o->link)
			return;		/* counted when read (pipe_dist.c) */
		n *= o->srcs[i].nwords;
	}
	if (n > (unsigned long long)o->jobs) {
		fputs("parx: Error: --tee requires --jobs to be higher. Try --jobs 0.\n", stderr);
		exit(255);
	}
}

void opts_pipe_check(struct opts *o)
{
	int piped = o->pipe || o->pipepart;
	int modes = !!o->round_robin + !!o->shard + !!o->bin + !!o->tee;

	if (o->nrecords < 0)	/* -N0 */
		o->nrecords = 0;
	if (o->pipepart && !o->block_given)
		o->block_share = 10;	/* as GNU parallel: 10 parts a slot */
	if (piped && !o->nrecords && o->max_args) {
		/* -n in pipe mode counts records, as -N does */
		o->nrecords = o->max_args;
		o->max_args = 0;
	}
	if (o->round_robin && o->retries_given) {
		/* a block is not kept for a retry: GNU refuses it too */
		fputs("parx: Error: --retries cannot be combined with --roundrobin.\n", stderr);
		exit(255);
	}
	if (!piped)
		o->reclines = 0;
	if (o->reclines)
		o->nrecords = 0;	/* packed into --block */
	if (!piped)
		return;
	if (o->shard)
		check_column(o, "--shard", o->shard);
	if (o->bin)
		check_column(o, "--bin", o->bin);
	if (o->group_by)
		check_column(o, "--group-by", o->group_by);
	if (modes > 1)
		opts_fail("--tee, --round-robin, --shard and --bin exclude each other");
	if (o->fifo && o->cat)
		opts_fail("--fifo and --cat exclude each other");
	if ((o->fifo || o->cat) && modes)
		opts_fail("--fifo and --cat work with one block per job, not with --tee, --round-robin, --shard or --bin");
	if (o->regexp) {
		check_regex("--recend", o->recend);
		check_regex("--recstart", o->recstart);
	}
	if (o->tee && o->nsrcs == 0)
		opts_fail("--tee needs the jobs' arguments: ::: ARGS");
	if (o->tee && o->jobs < 0) {
		/* not given: a slot for every job */
		o->jobs = 0;
		o->jobs_zero = 1;
	}
	if (o->tee && o->jobs > 0)
		check_tee_slots(o);
}
