/* results.h: --results DIR (DIR/<seq>/{stdout,stderr,cmd,exitval}) and
 * --results FILE.jsonl (one JSON object per job). */
#ifndef PARX_RESULTS_H
#define PARX_RESULTS_H

#include "output.h"
#include "parx.h"

struct results;

struct results *results_open(const char *where);	/* NULL + errno */
/* A job starts: set up its files and tee its output entry into them. */
int results_start(struct results *r, struct job *j, const char *cmd);
/* A job ended (reaped and drained): write exit value / the JSON line;
 * host is the sshlogin it ran on (":" for this machine). */
int results_end(struct results *r, struct job *j, const char *host,
		const char *cmd);
void results_close(struct results *r);

#endif
