/* progress.c: --bar, --eta, --progress (not yet implemented). */
#include <stdlib.h>

#include "progress.h"

struct progress *progress_new(const struct opts *o) { (void)o; return NULL; }
double progress_update(struct progress *p, unsigned long d, unsigned long s, unsigned long t, int f) { (void)p; (void)d; (void)s; (void)t; (void)f; return -1; }
void progress_end(struct progress *p) { (void)p; }
