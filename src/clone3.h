/* clone3.h: a vfork that starts the child in a cgroup of the caller's
 * choice (clone3 with CLONE_INTO_CGROUP), for spawn.c. */
#ifndef PARX_CLONE3_H
#define PARX_CLONE3_H

#include <sys/types.h>

/* How many bytes of stack the child is given: the caller owns them (a
 * buffer in its frame will do, as it sleeps until the child has exec'd or
 * _exited) and aligns them to 16. */
#define CLONE3_STACK 65536

/* Like vfork, but the child is born in the cgroup whose directory is open
 * as cgroup_dir, so no write to cgroup.procs (a migration, which takes the
 * kernel's global cgroup locks) is needed.  The child runs fn(arg) on the
 * stack given, in the caller's memory; fn must not return, and calls only
 * async-signal-safe functions before it execs or _exits.
 *
 * Returns the child's pid in the parent; or -1 with errno: ENOSYS where
 * this build cannot do it (an architecture without the code for it, or
 * a sanitizer build, which must see every stack the program runs on) or
 * the kernel has no clone3, else the kernel's reason (EAGAIN, ENOMEM,
 * EBUSY, EINVAL, ...). */
pid_t clone3_vfork(int cgroup_dir, void *stack, void (*fn)(void *),
		   void *arg);

#endif
