/* retry.c: reading the commands of a joblog for --retry-failed.  Each job
 * number gets its logged command, so that --resume-failed's bookkeeping
 * (by job number) picks the failed ones and the joblog stays consistent. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "retry.h"
#include "util.h"

/* Put cmd at seq (1-based) in *words, growing it with "" as needed. */
static void put(char ***words, size_t *n, unsigned long seq, const char *cmd)
{
	if (seq > *n) {
		*words = xreallocarray(*words, seq, sizeof **words);
		while (*n < seq)
			(*words)[(*n)++] = xstrdup("");
	}
	free((*words)[seq - 1]);
	(*words)[seq - 1] = xstrdup(cmd);
}

int retry_commands(const char *path, char ***words, size_t *n)
{
	FILE *f = fopen(path, "re");
	char *line = NULL, *end, *cmd;
	size_t cap = 0;
	ssize_t len;
	unsigned long seq;
	int field;

	*words = NULL;
	*n = 0;
	if (!f)
		return -1;
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		seq = strtoul(line, &end, 10);
		if (end == line || *end != '\t' || seq == 0 || seq > 100000000)
			continue;	/* the header, or not a job line */
		for (cmd = line, field = 0; field < 8 && cmd; field++)
			if ((cmd = strchr(cmd, '\t')))
				cmd++;
		if (cmd)
			put(words, n, seq, cmd);
	}
	free(line);
	fclose(f);
	return 0;
}

void retry_free(char **words, size_t n)
{
	while (n)
		free(words[--n]);
	free(words);
}
