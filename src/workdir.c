/* workdir.c: the working directory of local jobs (--workdir DIR): made
 * once, with its parents, as GNU parallel makes it; each job starts in it
 * (spawn.c changes to it in the child). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"
#include "workdir.h"

int workdir_make(const char *dir)
{
	char *copy = xstrdup(dir), *p;
	int rc = 0;

	for (p = copy + 1; rc == 0; p++) {
		int end = *p == '\0';
		if (*p != '/' && !end)
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) < 0 && errno != EEXIST)
			rc = -1;
		if (end)
			break;
		*p = '/';
	}
	free(copy);
	return rc;
}
