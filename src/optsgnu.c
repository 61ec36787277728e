/* optsgnu.c: the list of GNU parallel 20221122 option names (every
 * spelling) that parx refuses rather than mistakes for something else.
 * The man page's DIFFERENCES section lists the same names. */
#include <string.h>

#include "optsgnu.h"

static const char *const refused[] = {
	"basefile", "bf", "bibtex", "blocktimeout", "block-timeout", "bt",
	"bug", "citation", "controlmaster", "ctrlc", "ctrl-c", "debug",
	"embed", "filter", "filter-hosts", "filterhosts", "filter-host",
	"hashbang", "hgrp", "hostgrp", "hostgroup", "hostgroups",
	"internal-pipe-means-argfiles", "max-line-length-allowed",
	"minversion", "min-version", "noctrlc", "no-ctrlc", "no-ctrl-c",
	"no-keep-order", "nokeeporder", "nok", "no-k", "nonall",
	"number-of-cores", "number-of-cpus", "number-of-sockets",
	"number-of-threads", "onall", "parens", "plain", "record-env",
	"recordenv", "robin", "rpl", "rsync-opts", "rsyncopts",
	"semaphore-name", "semaphorename", "session", "shebang",
	"shebang-wrap", "shell-completion", "silent", "skip-first-line",
	"sql", "sqlandworker", "sql-and-worker", "sqlmaster", "sql-master",
	"sqlworker", "sql-worker", "sshdelay", "ssh-delay", "template",
	"tmpl", "tmux", "tmuxpane", "total-jobs", "totaljobs", "total",
	"use-cores-instead-of-threads", "use-cpus-instead-of-cores",
	"use-sockets-instead-of-threads",
};

int optsgnu_refused_long(const char *name)
{
	size_t n = strcspn(name, "="), i;

	for (i = 0; i < sizeof refused / sizeof *refused; i++)
		if (strlen(refused[i]) == n && strncmp(refused[i], name, n) == 0)
			return 1;
	return 0;
}

int optsgnu_refused_short(int c)
{
	return c > 0 && c < 128 && strchr("BDGgHMTUWY", c) != NULL;
}
