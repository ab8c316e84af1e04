/*
 * coro_switch_x86_64.c - the assembly context switch for x86_64 (System V).
 *
 * A switch pushes rbp, rbx, r12-r15 and one word holding MXCSR (low half)
 * and the x87 control word, stores rsp, loads the other rsp and pops the
 * same in reverse.  It returns with pop + jmp rather than ret: the return
 * address popped belongs to another stack, so `ret` would mispredict.
 *
 * A fresh stack is laid out as if it had been switched away from: the
 * creator's floating-point control state, zeroed registers except r12
 * (the argument) and r13 (the entry function), and a
 * "return address" pointing at coro_asm_entry, which calls entry(arg) with
 * the stack 16-byte aligned as the ABI wants.
 */
#include <stdint.h>

#include "coro_switch.h"

#if defined(__x86_64__)


void coro_asm_entry(void);

__asm__(
	".pushsection .text\n"
	".globl coro_asm_switch\n"
	".hidden coro_asm_switch\n"
	".type coro_asm_switch, @function\n"
	".p2align 4\n"
	"coro_asm_switch:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	subq $8, %rsp\n"
	"	stmxcsr (%rsp)\n"
	"	fnstcw 4(%rsp)\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	ldmxcsr (%rsp)\n"
	"	fldcw 4(%rsp)\n"
	"	addq $8, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	popq %rcx\n"
	"	jmpq *%rcx\n"
	".size coro_asm_switch, .-coro_asm_switch\n"
	".globl coro_asm_entry\n"
	".hidden coro_asm_entry\n"
	".type coro_asm_entry, @function\n"
	".p2align 4\n"
	"coro_asm_entry:\n"
	"	movq %r12, %rdi\n"
	"	callq *%r13\n"
	"	ud2\n"
	".size coro_asm_entry, .-coro_asm_entry\n"
	".popsection\n");

bool coro_asm_available(void)
{
	return true;
}

void *coro_asm_prepare(void *stack, size_t size, coro_entry entry, void *arg)
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	uint64_t *sp = (uint64_t *)top - 8;
	/* The creator's MXCSR and x87 control word, as Boost.Context does: an
	 * ldmxcsr that changes the register (even only its sticky exception
	 * flags, which any inexact operation sets) costs ~60 ns on this
	 * project's Xeon VM, one that loads the same value ~1 ns. */
	uint32_t mxcsr;
	uint16_t cw;
	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	sp[0] = mxcsr | (uint64_t)cw << 32;
	sp[1] = 0;                     /* r15 */
	sp[2] = 0;                     /* r14 */
	sp[3] = (uintptr_t)entry;      /* r13 */
	sp[4] = (uintptr_t)arg;        /* r12 */
	sp[5] = 0;                     /* rbx */
	sp[6] = 0;                     /* rbp: the end of frame-pointer chains */
	sp[7] = (uintptr_t)coro_asm_entry;
	return sp;
}

#endif
