/* clone3.c: clone3(CLONE_VM | CLONE_VFORK | CLONE_INTO_CGROUP) with the
 * child on a stack of its own (see clone3.h).
 *
 * libc has no wrapper for clone3, and the child of a CLONE_VM clone cannot
 * return from a function it shares with the parent (its calls would write
 * over the parent's return address), so the system call is made here in a
 * few lines of assembly: the child, on the new stack, calls fn and never
 * comes back; the parent goes on with the pid.  Only x86-64 has them; the
 * rest get ENOSYS and spawn.c joins the cgroup by writing cgroup.procs. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "clone3.h"

#if defined(__SANITIZE_ADDRESS__)
#define CLONE3_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define CLONE3_SANITIZED 1
#endif
#endif

#if defined(__x86_64__) && defined(__linux__) && !defined(CLONE3_SANITIZED)

/* The kernel's struct clone_args, up to the cgroup field (its size 88,
 * "version 2"), so that no kernel header is needed. */
struct clone3_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

#define CLONE3_VM 0x00000100ULL
#define CLONE3_VFORK 0x00004000ULL
#define CLONE3_INTO_CGROUP 0x200000000ULL
#define CLONE3_NR 435L

pid_t clone3_vfork(int cgroup_dir, void *stack, void (*fn)(void *),
		   void *arg)
{
	struct clone3_args a;

	memset(&a, 0, sizeof a);
	a.flags = CLONE3_VM | CLONE3_VFORK | CLONE3_INTO_CGROUP;
	a.exit_signal = SIGCHLD;
	a.stack = (uint64_t)(uintptr_t)stack;
	a.stack_size = CLONE3_STACK;
	a.cgroup = (uint64_t)cgroup_dir;
	{
		register long rax __asm__("rax") = CLONE3_NR;
		register void *rdi __asm__("rdi") = &a;
		register long rsi __asm__("rsi") = (long)sizeof a;
		register void (*r12)(void *) __asm__("r12") = fn;
		register void *r13 __asm__("r13") = arg;

		/* the child's stack pointer is stack + CLONE3_STACK, 16-aligned
		 * as a call wants it; no frame above it (rbp 0) */
		__asm__ volatile("syscall\n\t"
				 "test %%rax, %%rax\n\t"
				 "jnz 1f\n\t"
				 "xor %%ebp, %%ebp\n\t"
				 "mov %%r13, %%rdi\n\t"
				 "call *%%r12\n\t"
				 "ud2\n"
				 "1:"
				 : "+r"(rax)
				 : "r"(rdi), "r"(rsi), "r"(r12), "r"(r13)
				 : "rcx", "r11", "memory", "cc");
		if (rax < 0) {
			errno = (int)-rax;
			return -1;
		}
		return (pid_t)rax;
	}
}

#else

pid_t clone3_vfork(int cgroup_dir, void *stack, void (*fn)(void *),
		   void *arg)
{
	(void)cgroup_dir, (void)stack, (void)fn, (void)arg;
	errno = ENOSYS;
	return -1;
}

#endif
