/* restable.h: --results NAME.csv / NAME.tsv / NAME.json (and -.csv,
 * -.tsv, -.json for stdout): one table of all jobs in GNU parallel's
 * columns (Seq Host Starttime JobRuntime Send Receive Exitval Signal
 * Command V1.. Stdout Stderr).  results.c owns the file and the job's
 * captured output; this file formats the rows. */
#ifndef PARX_RESTABLE_H
#define PARX_RESTABLE_H

#include "job.h"
#include "util.h"

enum restable_kind { RT_NONE, RT_CSV, RT_TSV, RT_JSON };

/* The kind of table a --results name asks for, or RT_NONE. */
enum restable_kind restable_kind(const char *name);
/* Append j's row (and, with header set, the header line before it) to b;
 * out and err are its captured stdout and stderr. */
void restable_row(struct sbuf *b, enum restable_kind k, const struct job *j,
		  const char *cmd, const struct sbuf *out,
		  const struct sbuf *err, int header);

#endif
