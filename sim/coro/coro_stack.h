/*
 * coro_stack.h - coroutine stacks: mmap'd, with a guard area below each, so
 * an overflow faults at once instead of silently writing over whatever lies
 * below; and the SIGSEGV handler that says so.
 *
 * The handler runs on an alternate signal stack (the faulting stack has no
 * room left).  A fault inside the guard of the coroutine running on that
 * thread writes "weft: coroutine NAME overflowed its N KiB stack" to stderr
 * with write(2), puts back the default action and returns: the access
 * faults again and the process dies by SIGSEGV, as it would have, but with
 * a reason.  Any other fault goes to whatever handler was installed before
 * (a sanitizer's, or the default).
 *
 * Internal to sim/coro*.c.
 */
#ifndef WEFT_CORO_STACK_H
#define WEFT_CORO_STACK_H

#include <stddef.h>

#define CORO_GUARD_SIZE (64 * 1024) /* PROT_NONE below the stack; a frame larger skips it */

struct coro_stack {
	unsigned char *map; /* the mapping: guard, then stack */
	size_t map_size;
	unsigned char *base; /* lowest usable byte */
	size_t size;         /* usable bytes */
};

/* Maps a stack of at least `size` bytes above a guard area; 0 or -1 (errno). */
int coro_stack_new(struct coro_stack *s, size_t size);
/* Unmaps it; a zeroed stack is fine. */
void coro_stack_free(struct coro_stack *s);

/* Makes sure SIGSEGV goes to the overflow report first (someone may have
 * replaced it since: a test harness, a sanitizer); a system call, so call
 * it when a coroutine is made, not on every switch. */
void coro_stack_handler(void);
/* Gives the calling thread an alternate signal stack for the report, once
 * (unless it has one).  Cheap after the first call: call before each run. */
void coro_stack_arm(void);
/* What the calling thread runs on now, for the handler: written on every
 * switch, so inline; read only by the handler, on this thread. */
struct coro_stack_now {
	const struct coro_stack *stack; /* NULL: the thread's own stack */
	const char *name;
};
extern _Thread_local struct coro_stack_now coro_stack_now;

/* Tells the handler which stack and name the calling thread runs now
 * (NULL: the thread's own stack). */
static inline void coro_stack_running(const struct coro_stack *s, const char *name)
{
	coro_stack_now.stack = s;
	coro_stack_now.name = name;
}

#endif
