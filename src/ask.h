/* ask.h: -p/--interactive, asking on the terminal before each job. */
#ifndef PARX_ASK_H
#define PARX_ASK_H

/* Write "CMD ?..." on stderr and read the answer from /dev/tty.  Returns
 * 1 for an answer beginning with y or Y, 0 for any other, -1 with errno
 * when the terminal cannot be read. */
int ask_run(const char *cmd);

#endif
