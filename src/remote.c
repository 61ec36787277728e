/* remote.c: jobs on other hosts over ssh (not yet implemented). */
#include <errno.h>
#include <stdlib.h>

#include "remote.h"

struct remote *remote_open(const struct opts *o) { (void)o; errno = ENOSYS; return NULL; }
size_t remote_slots(const struct remote *r) { (void)r; return 1; }
int remote_pick(struct remote *r, struct job *j) { (void)r; (void)j; return -1; }
int remote_wrap(struct remote *r, struct job *j, const char *script, struct sbuf *w, size_t *n) { (void)r; (void)j; (void)script; (void)w; (void)n; return -1; }
int remote_done(struct remote *r, struct job *j) { (void)r; (void)j; return 0; }
const char *remote_host_name(const struct remote *r, int host) { (void)r; (void)host; return ":"; }
void remote_close(struct remote *r) { (void)r; }
