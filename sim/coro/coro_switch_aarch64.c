/*
 * coro_switch_aarch64.c - the assembly context switch for aarch64 (AAPCS64).
 *
 * A switch stores x19-x28, the frame pointer x29, the link register x30,
 * the low halves d8-d15 of v8-v15 and FPCR in a 176-byte frame on the
 * current stack, stores sp, loads the other sp, restores the same and
 * returns through the restored x30.
 *
 * A fresh stack holds such a frame with x19 = the argument, x20 = the entry
 * function and x30 = coro_asm_entry, which calls entry(arg).
 */
#include <stdint.h>

#include "coro_switch.h"

#if defined(__aarch64__)

void coro_asm_entry(void);

__asm__(
	".pushsection .text\n"
	".globl coro_asm_switch\n"
	".hidden coro_asm_switch\n"
	".type coro_asm_switch, %function\n"
	".p2align 4\n"
	"coro_asm_switch:\n"
	"	sub sp, sp, #176\n"
	"	stp x19, x20, [sp, #0]\n"
	"	stp x21, x22, [sp, #16]\n"
	"	stp x23, x24, [sp, #32]\n"
	"	stp x25, x26, [sp, #48]\n"
	"	stp x27, x28, [sp, #64]\n"
	"	stp x29, x30, [sp, #80]\n"
	"	stp d8, d9, [sp, #96]\n"
	"	stp d10, d11, [sp, #112]\n"
	"	stp d12, d13, [sp, #128]\n"
	"	stp d14, d15, [sp, #144]\n"
	"	mrs x9, fpcr\n"
	"	str x9, [sp, #160]\n"
	"	mov x9, sp\n"
	"	str x9, [x0]\n"
	"	mov sp, x1\n"
	"	ldp x19, x20, [sp, #0]\n"
	"	ldp x21, x22, [sp, #16]\n"
	"	ldp x23, x24, [sp, #32]\n"
	"	ldp x25, x26, [sp, #48]\n"
	"	ldp x27, x28, [sp, #64]\n"
	"	ldp x29, x30, [sp, #80]\n"
	"	ldp d8, d9, [sp, #96]\n"
	"	ldp d10, d11, [sp, #112]\n"
	"	ldp d12, d13, [sp, #128]\n"
	"	ldp d14, d15, [sp, #144]\n"
	"	ldr x9, [sp, #160]\n"
	"	msr fpcr, x9\n"
	"	add sp, sp, #176\n"
	"	ret\n"
	".size coro_asm_switch, .-coro_asm_switch\n"
	".globl coro_asm_entry\n"
	".hidden coro_asm_entry\n"
	".type coro_asm_entry, %function\n"
	".p2align 4\n"
	"coro_asm_entry:\n"
	"	mov x0, x19\n"
	"	blr x20\n"
	"	brk #0\n"
	".size coro_asm_entry, .-coro_asm_entry\n"
	".popsection\n");

bool coro_asm_available(void)
{
	return true;
}

void *coro_asm_prepare(void *stack, size_t size, coro_entry entry, void *arg)
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	uint64_t *sp = (uint64_t *)(top - 176);
	for (int i = 0; i < 22; i++)
		sp[i] = 0;                   /* registers, d8-d15, FPCR (round to nearest) */
	sp[0] = (uintptr_t)arg;              /* x19 */
	sp[1] = (uintptr_t)entry;            /* x20 */
	sp[11] = (uintptr_t)coro_asm_entry;  /* x30 */
	return sp;
}

#endif
