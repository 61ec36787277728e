/* slurm.c: the Slurm allocation parx runs in, for --slurm (see slurm.h).
 *
 * The allocation is read from the variables salloc and sbatch set:
 * SLURM_JOB_ID, the nodes (SLURM_JOB_NODELIST, a compressed host list),
 * and per node either the tasks (SLURM_TASKS_PER_NODE, when the
 * allocation asked for tasks: SLURM_NTASKS set) or the CPUs
 * (SLURM_JOB_CPUS_PER_NODE) divided by SLURM_CPUS_PER_TASK.  Both counts
 * are Slurm's "2(x3),1" form.  Each job is a job step pinned to one node:
 *
 *   env SLURM_EXIT_ERROR=255 srun --quiet --nodes=1 --ntasks=1
 *       --cpus-per-task=C --exact --nodelist=NODE --job-name=parx.SEQ
 *       --kill-on-bad-exit=1 --quit-on-interrupt [--mem=M]
 *       env -u SLURM_EXIT_ERROR SHELL -c SCRIPT
 *
 * --exact gives the step only its C CPUs, so steps run side by side
 * instead of each taking the whole node; srun forwards the signals parx
 * sends it (timeouts, --termseq) to the step, and one SIGINT ends the
 * step at once.  srun's own failures (a step Slurm refuses, a node that
 * is down) exit 255, as ssh does when it cannot connect, so remote.c
 * treats a node as it treats a host. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostlist.h"
#include "slurm.h"
#include "spawn.h"

struct slurm {
	struct sbuf nodes;	/* node names, NUL-separated */
	char **node;		/* into nodes */
	size_t *slots;
	size_t nnodes;
	long cpus;		/* --cpus-per-task of each step */
	char *srun, *env;	/* their paths */
	char *mem;		/* --mem=... of each step, or NULL */
};

/* Expand Slurm's per-node counts ("2(x3),1") into v[0..n); -1 when they
 * do not say n counts. */
static int counts_expand(const char *s, size_t *v, size_t n)
{
	size_t k = 0;
	char *end;

	while (*s) {
		unsigned long c = strtoul(s, &end, 10), rep = 1;
		if (end == s)
			return -1;
		s = end;
		if (strncmp(s, "(x", 2) == 0) {
			rep = strtoul(s + 2, &end, 10);
			if (end == s + 2 || *end != ')')
				return -1;
			s = end + 1;
		}
		for (; rep > 0; rep--) {
			if (k == n)
				return -1;
			v[k++] = c;
		}
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return k == n ? 0 : -1;
}

/* The nodes and their slots from the environment; 0, or -1 (said). */
static int read_nodes(struct slurm *s)
{
	const char *list = getenv("SLURM_JOB_NODELIST"), *why, *p;
	const char *tasks = getenv("SLURM_TASKS_PER_NODE");
	const char *cpus = getenv("SLURM_JOB_CPUS_PER_NODE");
	const char *nt = getenv("SLURM_NTASKS"), *counts;
	size_t i, n = 0;

	if (!list || !*list)
		list = getenv("SLURM_NODELIST");
	if (!list || !*list) {
		warnx_("--slurm: SLURM_JOB_NODELIST is not set");
		return -1;
	}
	for (p = list; *p; p += *p == ',') {
		size_t len = hostlist_span(p), k;
		if (hostlist_expand(p, len, &s->nodes, &k, &why) < 0) {
			warnx_("--slurm: SLURM_JOB_NODELIST %s: bad host list: %s",
			       list, why);
			return -1;
		}
		n += k;
		p += len;
	}
	s->nnodes = n;
	s->node = xcalloc(n ? n : 1, sizeof *s->node);
	s->slots = xcalloc(n ? n : 1, sizeof *s->slots);
	for (i = 0, p = s->nodes.buf; i < n; i++, p += strlen(p) + 1)
		s->node[i] = (char *)p;
	counts = nt && *nt && tasks ? tasks : cpus;
	if (!counts || counts_expand(counts, s->slots, n) < 0) {
		warnx_("--slurm: %s does not give a count for each of the %zu "
		       "nodes in %s", counts == tasks ? "SLURM_TASKS_PER_NODE" :
		       "SLURM_JOB_CPUS_PER_NODE", n, list);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (counts == cpus)
			s->slots[i] /= (size_t)s->cpus;
		if (s->slots[i] < 1)
			s->slots[i] = 1;
	}
	return 0;
}

/* Memory per step when the allocation asked memory per node: the node's
 * memory shared by its slots (else a step would ask for all of it). */
static void read_mem(struct slurm *s)
{
	const char *m = getenv("SLURM_MEM_PER_NODE");
	unsigned long mb, per;
	size_t i, most = 1;

	if (!m || !*m || getenv("SLURM_MEM_PER_CPU"))
		return;
	mb = strtoul(m, NULL, 10);
	for (i = 0; i < s->nnodes; i++)
		if (s->slots[i] > most)
			most = s->slots[i];
	per = mb / most;
	if (per < 1)
		return;
	s->mem = xmalloc(48);
	snprintf(s->mem, 48, "--mem=%luM", per);
}

struct slurm *slurm_open(const struct opts *o)
{
	struct slurm *s;
	const char *id = getenv("SLURM_JOB_ID"), *c;
	struct sbuf path = {0};

	if (o->nsshlogins || o->sshloginfile) {
		warnx_("--slurm: cannot be combined with -S or --sshloginfile");
		return NULL;
	}
	if (o->transfer || o->ntransferfiles || o->nreturns || o->cleanup ||
	    o->workdir) {
		warnx_("--slurm: --transfer, --transferfile, --return, --cleanup "
		       "and --workdir are for -S hosts (a cluster shares its files)");
		return NULL;
	}
	if (!id || !*id) {
		warnx_("--slurm: not inside a Slurm allocation (SLURM_JOB_ID is not set)");
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	if (spawn_resolve("srun", &path) < 0) {
		warnx_("--slurm: srun: %s", errno == EACCES ? "not executable" :
		       "not found in PATH");
		goto fail;
	}
	s->srun = xstrdup(path.buf);
	if (spawn_resolve("env", &path) < 0) {
		warnx_("--slurm: env: not found in PATH");
		goto fail;
	}
	s->env = xstrdup(path.buf);
	c = getenv("SLURM_CPUS_PER_TASK");
	s->cpus = c && *c ? strtol(c, NULL, 10) : 1;
	if (s->cpus < 1)
		s->cpus = 1;
	if (read_nodes(s) < 0)
		goto fail;
	read_mem(s);
	sbuf_free(&path);
	return s;
fail:
	sbuf_free(&path);
	slurm_close(s);
	return NULL;
}

size_t slurm_nnodes(const struct slurm *s)
{
	return s->nnodes;
}

const char *slurm_node(const struct slurm *s, size_t i)
{
	return s->node[i];
}

size_t slurm_node_slots(const struct slurm *s, size_t i)
{
	return s->slots[i];
}

size_t slurm_total(const struct slurm *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nnodes; i++)
		n += s->slots[i];
	return n;
}

void slurm_limit(struct slurm *s, size_t want)
{
	size_t total = slurm_total(s), i, most;

	if (want < 1)
		want = 1;
	while (total > want) {
		/* take a slot from the node with the most */
		for (i = 1, most = 0; i < s->nnodes; i++)
			if (s->slots[i] > s->slots[most])
				most = i;
		s->slots[most]--;
		total--;
	}
}

static void word(struct sbuf *b, size_t *n, const char *w)
{
	sbuf_adds(b, w);
	sbuf_addc(b, '\0');
	(*n)++;
}

size_t slurm_words(const struct slurm *s, size_t node, unsigned long seq,
		   const char *shell, const char *script, struct sbuf *out)
{
	size_t n = 0;

	word(out, &n, s->env);
	word(out, &n, "SLURM_EXIT_ERROR=255");
	word(out, &n, s->srun);
	word(out, &n, "--quiet");
	word(out, &n, "--nodes=1");
	word(out, &n, "--ntasks=1");
	sbuf_addf(out, "--cpus-per-task=%ld", s->cpus);
	sbuf_addc(out, '\0');
	n++;
	word(out, &n, "--exact");
	sbuf_addf(out, "--nodelist=%s", s->node[node]);
	sbuf_addc(out, '\0');
	n++;
	sbuf_addf(out, "--job-name=parx.%lu", seq);
	sbuf_addc(out, '\0');
	n++;
	word(out, &n, "--kill-on-bad-exit=1");
	word(out, &n, "--quit-on-interrupt");
	if (s->mem)
		word(out, &n, s->mem);
	/* the step itself sees no SLURM_EXIT_ERROR: an srun of its own
	 * keeps Slurm's exit codes */
	word(out, &n, "env");
	word(out, &n, "-u");
	word(out, &n, "SLURM_EXIT_ERROR");
	word(out, &n, shell);
	word(out, &n, "-c");
	word(out, &n, script ? script : "");
	return n;
}

void slurm_close(struct slurm *s)
{
	if (!s)
		return;
	sbuf_free(&s->nodes);
	free(s->node);
	free(s->slots);
	free(s->srun);
	free(s->env);
	free(s->mem);
	free(s);
}
