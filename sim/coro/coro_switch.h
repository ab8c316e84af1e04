/*
 * coro_switch.h - the two ways a coroutine takes over a thread's CPU: a
 * hand-written assembly switch (x86_64, aarch64) and ucontext.
 *
 * Both are always compiled where they exist, so one binary can compare
 * them; which one new coroutines use by default is chosen at build time
 * (CMake defines WEFT_CORO_UCONTEXT on machines without an assembly switch,
 * or when asked with -DWEFT_CORO_UCONTEXT=ON).
 *
 * The assembly switch saves only what the ABI says a called function must
 * preserve: the callee-saved registers and the stack pointer, plus the
 * floating-point control state (MXCSR and the x87 control word on x86_64,
 * FPCR on aarch64).  No system call: the signal mask is the thread's, not
 * the coroutine's.  ucontext's swapcontext also saves the signal mask, with
 * an rt_sigprocmask system call on every switch, which is what makes it
 * slower.
 *
 * Internal to sim/coro*.c.
 */
#ifndef WEFT_CORO_SWITCH_H
#define WEFT_CORO_SWITCH_H

#include <stdbool.h>
#include <stddef.h>
#include <ucontext.h>

/* The function a fresh context starts in; it must never return. */
typedef void (*coro_entry)(void *arg);

/* True where the assembly switch exists (x86_64, aarch64). */
bool coro_asm_available(void);
/* Lays out a first frame at the top of [stack, stack + size) so that
 * switching to the returned stack pointer calls entry(arg). */
void *coro_asm_prepare(void *stack, size_t size, coro_entry entry, void *arg);
/* Saves the caller's registers on its stack and its stack pointer in
 * *save, then continues on the stack `load` left by a switch or prepare. */
void coro_asm_switch(void **save, void *load);

/* Makes uc start entry(arg) on [stack, stack + size); 0 or -1. */
int coro_uc_prepare(ucontext_t *uc, void *stack, size_t size, coro_entry entry, void *arg);
/* swapcontext(save, load); 0 or -1. */
int coro_uc_switch(ucontext_t *save, ucontext_t *load);

#endif
