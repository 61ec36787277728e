/* exec.h: what running a command needs, set up once per run: the shell,
 * the environment with the job variables, the command-line budget, the
 * fd limit jobs get back, /dev/null; and the two steps that use it,
 * building a job's argv from the template and spawning it.
 *
 * exec.c owns every field of struct exec and j->argv, j->argv_buf,
 * j->path, j->display and j->built. */
#ifndef PARX_EXEC_H
#define PARX_EXEC_H

#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "hooks.h"
#include "job.h"
#include "opts.h"
#include "template.h"

struct exec;

struct exec *exec_new(const struct opts *o, const struct tmpl *t);
void exec_free(struct exec *ex);

/* The fd limit parx found, to give back to jobs after raising its own. */
void exec_keep_nofile(struct exec *ex, const struct rlimit *orig);
/* The jobs' stdin, unless they get a pipe (default /dev/null): fd from
 * now on (exec owns it). */
void exec_set_stdin(struct exec *ex, int fd);
/* The command-line budget (-s, or the system's). */
size_t exec_max_chars(const struct exec *ex);
/* The length of the command the chunk c makes, as counted against the
 * budget: as GNU parallel counts it, the command as a shell reads it
 * (values quoted) and one more byte. */
size_t exec_measure(struct exec *ex, const struct chunk *c);
/* The longest single word execve takes (MAX_ARG_STRLEN); a shell script is
 * one word. */
#define EXEC_MAX_WORD 131072

/* j's command as a shell would read it (made once, kept in j->display). */
const char *exec_display(struct exec *ex, struct job *j);
/* Expand the template into j->argv, wrapped by wrap (a remote host) when
 * given.  A command too long is offered to src->shrink first.  Returns 0,
 * or -1 with j->fail set (said). */
int exec_build(struct exec *ex, struct job *j, const struct hook *wrap,
	       const struct source *src);
/* Spawn j's argv on the pipes given (-1: stdin /dev/null, out/err
 * inherited); its pid, or -1 with errno. */
pid_t exec_spawn(struct exec *ex, struct job *j, int in, int out, int err);

#endif
