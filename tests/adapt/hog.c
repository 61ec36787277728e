/* hog MB SECS LOG NAME: a job of known size for tests/adapt.bats.  Logs
 * "+ NAME PID" to LOG, takes and touches MB megabytes, sleeps SECS,
 * logs "- NAME PID" (one append each, so concurrent jobs do not mix). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void logline(const char *path, char sign, const char *name)
{
	char buf[128];
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	int n = snprintf(buf, sizeof buf, "%c %s %ld\n", sign, name, (long)getpid());

	if (fd < 0 || write(fd, buf, (size_t)n) != n)
		exit(3);
	close(fd);
}

int main(int argc, char **argv)
{
	size_t mb, i;
	double secs;
	struct timespec ts;
	char *p;

	if (argc != 5)
		return 2;
	mb = strtoul(argv[1], NULL, 10);
	secs = strtod(argv[2], NULL);
	logline(argv[3], '+', argv[4]);
	p = malloc(mb << 20 | 1);
	if (!p)
		return 4;
	for (i = 0; i < mb << 20; i += 4096)
		p[i] = 1;
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) != 0)
		;
	logline(argv[3], '-', argv[4]);
	return p[0] == 1 ? 0 : 5;
}
