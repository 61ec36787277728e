/* login.h: the logins of -S/--sshlogin and --sshloginfile, parsed into
 * the hosts they name, for remote.c (which takes the strings over). */
#ifndef PARX_LOGIN_H
#define PARX_LOGIN_H

#include <stddef.h>

struct login {
	char *name;		/* for ssh and the joblog; ":" for this machine */
	char **ssh;		/* transport words, NULL-terminated */
	size_t nssh;
	char *words;		/* storage behind ssh */
	int local;		/* ":" */
	long given;		/* N/ slots, 0 none */
};

struct logins {
	struct login *v;
	size_t n;
};

/* Add the logins of one -S value, separated by commas outside brackets;
 * ssh is the --ssh command (NULL: ssh), what names the option in
 * messages.  0, or -1 after a message. */
int login_add_list(struct logins *ls, const char *ssh, const char *what,
		   const char *list);
/* --sshloginfile: one list of logins per line (as -S takes), blank lines
 * and # comments skipped; "-" is the standard input, such as the output
 * of scontrol show hostnames.  0, or -1 after a message. */
int login_read_file(struct logins *ls, const char *ssh, const char *file);

#endif
