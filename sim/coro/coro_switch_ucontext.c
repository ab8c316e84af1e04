/*
 * coro_switch_ucontext.c - the portable switch: getcontext, makecontext,
 * swapcontext; and the stand-in for the assembly switch on machines that
 * have none (it is never called there: coro_asm_available() says false).
 *
 * makecontext passes only int arguments, so the entry and its argument are
 * written at the top of the new stack and their address travels as two
 * 32-bit halves.
 */
#include <stdint.h>
#include <stdlib.h>

#include "coro_switch.h"

struct uc_start {
	coro_entry entry;
	void *arg;
};

static void uc_trampoline(unsigned hi, unsigned lo)
{
	struct uc_start *s = (struct uc_start *)(uintptr_t)((uint64_t)hi << 32 | lo);
	s->entry(s->arg);
	abort(); /* an entry never returns */
}

int coro_uc_prepare(ucontext_t *uc, void *stack, size_t size, coro_entry entry, void *arg)
{
	uintptr_t top = ((uintptr_t)stack + size - sizeof(struct uc_start)) & ~(uintptr_t)15;
	struct uc_start *s = (struct uc_start *)top;
	if (top <= (uintptr_t)stack || getcontext(uc) < 0)
		return -1;
	*s = (struct uc_start){entry, arg};
	uc->uc_stack.ss_sp = stack;
	uc->uc_stack.ss_size = top - (uintptr_t)stack;
	uc->uc_link = NULL;
	uint64_t p = (uintptr_t)s;
	/* The cast is how makecontext is meant to be called: the function
	 * receives the int arguments that follow the count. */
	makecontext(uc, (void (*)(void))uc_trampoline, 2,
		    (unsigned)(p >> 32), (unsigned)p);
	return 0;
}

int coro_uc_switch(ucontext_t *save, ucontext_t *load)
{
	return swapcontext(save, load);
}

#if !defined(__x86_64__) && !defined(__aarch64__)
bool coro_asm_available(void)
{
	return false;
}

void *coro_asm_prepare(void *stack, size_t size, coro_entry entry, void *arg)
{
	(void)stack, (void)size, (void)entry, (void)arg;
	return NULL;
}

void coro_asm_switch(void **save, void *load)
{
	(void)save, (void)load;
	abort();
}
#endif
