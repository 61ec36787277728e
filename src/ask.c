/* ask.c: the -p/--interactive prompt: the command, " ?...", and a line
 * read from the terminal, as GNU parallel asks. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ask.h"
#include "util.h"

int ask_run(const char *cmd)
{
	struct sbuf b = {0};
	char c = 0, first = 0;
	ssize_t n;
	int fd, got = 0;

	sbuf_adds(&b, cmd);
	sbuf_adds(&b, " ?...");
	(void)write_all(2, b.buf, b.len);
	sbuf_free(&b);
	if ((fd = open("/dev/tty", O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	while ((n = read(fd, &c, 1)) == 1 || (n < 0 && errno == EINTR)) {
		if (n < 0)
			continue;
		if (c == '\n')
			break;
		if (!got++)
			first = c;
	}
	close(fd);
	return first == 'y' || first == 'Y';
}
