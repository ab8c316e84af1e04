/*
 * test_coro.c - coroutines: values cross each switch, registers and
 * floating-point state survive it, deep recursion fits, an overflow hits
 * the guard page and is reported, close behaves as generator.close(), and
 * the events say who handed the thread to whom.
 *
 * Every test that switches runs twice: with the assembly switch (where
 * this machine has one) and with ucontext.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fenv.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actor.h"
#include "weft.h"
#include "fixtures.h"

#define MAIN 0

static enum wf_coro_switch how;

static int setup(void **state)
{
	how = (enum wf_coro_switch)(intptr_t)*state;
	return fixture_arena_up(1.0, true);
}

static int teardown(void **state)
{
	(void)state;
	return fixture_arena_down();
}

static wf_coro *make(const char *name, wf_coro_fn fn, void *arg, size_t stack)
{
	if (!wf_coro_switch_available(how))
		skip(); /* no assembly switch on this machine */
	wf_coro *c = wf_coro_new_ex(name, fn, arg, stack, how, 0);
	assert_non_null(c);
	return c;
}

/* --- values -------------------------------------------------------------- */

/* Yields 0, 1, 2, ... each plus the running sum of what was sent; returns
 * the sum when sent 0. */
static uint64_t summer(void *arg)
{
	(void)arg;
	uint64_t sum = 0;
	for (uint64_t i = 0;; i++) {
		uint64_t got = wf_yield(i + sum);
		if (got == 0)
			return sum;
		sum += got;
	}
}

static void test_coro_values_cross_each_switch(void **state)
{
	(void)state;
	wf_coro *c = make("summer", summer, NULL, 0);
	uint64_t out = 99;
	assert_int_equal(wf_coro_state(c), WF_CORO_CREATED);
	assert_int_equal(wf_coro_send(c, 12345, &out), 0); /* the first value is dropped */
	assert_int_equal(out, 0);
	assert_int_equal(wf_coro_state(c), WF_CORO_SUSPENDED);
	assert_int_equal(wf_coro_send(c, 10, &out), 0);
	assert_int_equal(out, 1 + 10);
	assert_int_equal(wf_coro_send(c, 5, &out), 0);
	assert_int_equal(out, 2 + 15);
	assert_int_equal(wf_coro_send(c, 0, &out), WF_EDONE);
	assert_int_equal(out, 15);
	assert_true(wf_coro_done(c));
	assert_int_equal(wf_coro_state(c), WF_CORO_FINISHED);
	assert_int_equal(wf_coro_send(c, 1, &out), WF_EDONE);
	assert_int_equal(out, 15);
	wf_coro_free(c);
}

/* --- a pipeline: a coroutine sending to another ---------------------------- */

static uint64_t doubler(void *arg)
{
	(void)arg;
	uint64_t v = wf_yield(0);
	while (v)
		v = wf_yield(v * 2);
	return 0;
}

static uint64_t front(void *arg)
{
	wf_coro *inner = arg;
	wf_coro_send(inner, 0, NULL);
	uint64_t v = wf_yield(0);
	while (v) {
		uint64_t doubled = 0;
		wf_coro_send(inner, v, &doubled);
		v = wf_yield(doubled + 1);
	}
	wf_coro_close(inner);
	return 7;
}

static void test_coro_nested_send_returns_to_the_sender(void **state)
{
	(void)state;
	wf_coro *inner = make("doubler", doubler, NULL, 0);
	wf_coro *outer = make("front", front, inner, 0);
	uint64_t out;
	assert_int_equal(wf_coro_send(outer, 0, &out), 0);
	for (uint64_t v = 1; v < 50; v += 7) {
		assert_int_equal(wf_coro_send(outer, v, &out), 0);
		assert_int_equal(out, 2 * v + 1);
	}
	assert_null(wf_coro_current());
	assert_int_equal(wf_coro_send(outer, 0, &out), WF_EDONE);
	assert_int_equal(out, 7);
	assert_int_equal(wf_coro_state(inner), WF_CORO_CLOSED);
	wf_coro_free(outer);
	wf_coro_free(inner);
}

/* --- callee-saved registers ------------------------------------------------ */

/* probe(fn) loads a known pattern into every callee-saved register, calls
 * fn(), and returns how many registers no longer hold their pattern. */
#if defined(__x86_64__)
int regs_probe(void (*fn)(void));
__asm__(".pushsection .text\n"
	".globl regs_probe\n"
	".type regs_probe, @function\n"
	"regs_probe:\n"
	"	pushq %rbp\n	pushq %rbx\n	pushq %r12\n	pushq %r13\n	pushq %r14\n	pushq %r15\n"
	"	subq $8, %rsp\n"
	"	movabsq $0x1111111111111111, %rbx\n"
	"	movabsq $0x2222222222222222, %r12\n"
	"	movabsq $0x3333333333333333, %r13\n"
	"	movabsq $0x4444444444444444, %r14\n"
	"	movabsq $0x5555555555555555, %r15\n"
	"	movabsq $0x6666666666666666, %rbp\n"
	"	callq *%rdi\n"
	"	xorl %eax, %eax\n"
	"	movabsq $0x1111111111111111, %rcx\n	cmpq %rcx, %rbx\n	setne %dl\n	movzbl %dl, %edx\n	addl %edx, %eax\n"
	"	movabsq $0x2222222222222222, %rcx\n	cmpq %rcx, %r12\n	setne %dl\n	movzbl %dl, %edx\n	addl %edx, %eax\n"
	"	movabsq $0x3333333333333333, %rcx\n	cmpq %rcx, %r13\n	setne %dl\n	movzbl %dl, %edx\n	addl %edx, %eax\n"
	"	movabsq $0x4444444444444444, %rcx\n	cmpq %rcx, %r14\n	setne %dl\n	movzbl %dl, %edx\n	addl %edx, %eax\n"
	"	movabsq $0x5555555555555555, %rcx\n	cmpq %rcx, %r15\n	setne %dl\n	movzbl %dl, %edx\n	addl %edx, %eax\n"
	"	movabsq $0x6666666666666666, %rcx\n	cmpq %rcx, %rbp\n	setne %dl\n	movzbl %dl, %edx\n	addl %edx, %eax\n"
	"	addq $8, %rsp\n"
	"	popq %r15\n	popq %r14\n	popq %r13\n	popq %r12\n	popq %rbx\n	popq %rbp\n"
	"	ret\n"
	".size regs_probe, .-regs_probe\n"
	".popsection\n");
#define SMASH_REGS() \
	__asm__ volatile("movq $-1, %%rbx\n movq $-2, %%r12\n movq $-3, %%r13\n movq $-4, %%r14\n movq $-5, %%r15\n" \
			 ::: "rbx", "r12", "r13", "r14", "r15", "memory")
#define HAVE_PROBE 1
#elif defined(__aarch64__)
int regs_probe(void (*fn)(void));
__asm__(".pushsection .text\n"
	".globl regs_probe\n"
	".type regs_probe, %function\n"
	"regs_probe:\n"
	"	stp x29, x30, [sp, #-160]!\n"
	"	stp x19, x20, [sp, #16]\n	stp x21, x22, [sp, #32]\n	stp x23, x24, [sp, #48]\n"
	"	stp x25, x26, [sp, #64]\n	stp x27, x28, [sp, #80]\n"
	"	stp d8, d9, [sp, #96]\n	stp d10, d11, [sp, #112]\n	stp d12, d13, [sp, #128]\n	stp d14, d15, [sp, #144]\n"
	"	mov x19, #19\n	mov x20, #20\n	mov x21, #21\n	mov x22, #22\n	mov x23, #23\n"
	"	mov x24, #24\n	mov x25, #25\n	mov x26, #26\n	mov x27, #27\n	mov x28, #28\n"
	"	fmov d8, x19\n	fmov d9, x20\n	fmov d10, x21\n	fmov d11, x22\n"
	"	fmov d12, x23\n	fmov d13, x24\n	fmov d14, x25\n	fmov d15, x26\n"
	"	blr x0\n"
	"	mov x0, #0\n"
	"	cmp x19, #19\n	cinc x0, x0, ne\n	cmp x20, #20\n	cinc x0, x0, ne\n"
	"	cmp x21, #21\n	cinc x0, x0, ne\n	cmp x22, #22\n	cinc x0, x0, ne\n"
	"	cmp x23, #23\n	cinc x0, x0, ne\n	cmp x24, #24\n	cinc x0, x0, ne\n"
	"	cmp x25, #25\n	cinc x0, x0, ne\n	cmp x26, #26\n	cinc x0, x0, ne\n"
	"	cmp x27, #27\n	cinc x0, x0, ne\n	cmp x28, #28\n	cinc x0, x0, ne\n"
	"	fmov x9, d8\n	cmp x9, #19\n	cinc x0, x0, ne\n	fmov x9, d15\n	cmp x9, #26\n	cinc x0, x0, ne\n"
	"	ldp x19, x20, [sp, #16]\n	ldp x21, x22, [sp, #32]\n	ldp x23, x24, [sp, #48]\n"
	"	ldp x25, x26, [sp, #64]\n	ldp x27, x28, [sp, #80]\n"
	"	ldp d8, d9, [sp, #96]\n	ldp d10, d11, [sp, #112]\n	ldp d12, d13, [sp, #128]\n	ldp d14, d15, [sp, #144]\n"
	"	ldp x29, x30, [sp], #160\n"
	"	ret\n"
	".size regs_probe, .-regs_probe\n"
	".popsection\n");
#define SMASH_REGS() \
	__asm__ volatile("mov x19, #1\n mov x20, #1\n mov x21, #1\n mov x22, #1\n mov x23, #1\n" \
			 "mov x24, #1\n mov x25, #1\n mov x26, #1\n mov x27, #1\n mov x28, #1\n" \
			 "fmov d8, x19\n fmov d15, x19\n" \
			 ::: "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", \
			 "d8", "d15", "memory")
#define HAVE_PROBE 1
#endif

#ifdef HAVE_PROBE
static wf_coro *smasher_coro;

static uint64_t smasher(void *arg)
{
	(void)arg;
	for (;;) {
		SMASH_REGS();
		wf_yield(1);
	}
	return 0;
}

static void send_to_smasher(void)
{
	wf_coro_send(smasher_coro, 0, NULL);
}
#endif

static void test_coro_callee_saved_registers_survive(void **state)
{
	(void)state;
#ifdef HAVE_PROBE
	smasher_coro = make("smasher", smasher, NULL, 0);
	assert_int_equal(regs_probe(send_to_smasher), 0); /* into the fresh coroutine */
	assert_int_equal(regs_probe(send_to_smasher), 0); /* into a suspended one */
	wf_coro_free(smasher_coro);
#else
	skip();
#endif
}

/* --- floating-point control state ------------------------------------------ */

static volatile double one = 1.0, three = 3.0;

static uint64_t rounder(void *arg)
{
	(void)arg;
	fesetround(FE_UPWARD);
	for (;;) {
		double up = one / three;
		wf_yield(fegetround() == FE_UPWARD && up > 0.333333333333333314829616256247);
	}
	return 0;
}

static void test_coro_rounding_mode_is_per_coroutine(void **state)
{
	(void)state;
	wf_coro *c = make("rounder", rounder, NULL, 0);
	double nearest = one / three;
	uint64_t ok = 0;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(wf_coro_send(c, 0, &ok), 0);
		assert_int_equal(ok, 1); /* its own mode came back with it */
		assert_int_equal(fegetround(), FE_TONEAREST);
		assert_true(one / three == nearest); /* ours did too (MXCSR) */
	}
	wf_coro_free(c);
}

/* --- deep recursion ---------------------------------------------------------- */

static uint64_t depth_sum(uint64_t n)
{
	volatile char pad[96];
	pad[0] = (char)n;
	if (n == 0) {
		wf_yield(1);
		return 0;
	}
	return n + depth_sum(n - 1) + (uint64_t)(pad[0] - (char)n);
}

static uint64_t deep(void *arg)
{
	return depth_sum((uint64_t)(uintptr_t)arg);
}

static void test_coro_deep_recursion_fits_its_stack(void **state)
{
	(void)state;
	uint64_t n = 20000, out = 0;
	wf_coro *c = make("deep", deep, (void *)(uintptr_t)n, 8u << 20);
	assert_int_equal(wf_coro_send(c, 0, &out), 0); /* yielded from the bottom */
	assert_int_equal(out, 1);
	assert_int_equal(wf_coro_send(c, 0, &out), WF_EDONE);
	assert_int_equal(out, n * (n + 1) / 2);
	wf_coro_free(c);
}

/* --- guard page ---------------------------------------------------------------- */

static volatile uint64_t floor_depth = UINT64_MAX; /* never reached: the recursion has no floor */

static uint64_t bottomless(uint64_t n)
{
	volatile char pad[512];
	pad[n % sizeof pad] = 1;
	if (n == floor_depth)
		return 0;
	return bottomless(n + 1) + pad[0];
}

static uint64_t overflow(void *arg)
{
	(void)arg;
	return bottomless(0);
}

static void test_coro_overflow_hits_the_guard_and_is_reported(void **state)
{
	(void)state;
	int err[2];
	assert_int_equal(pipe(err), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(err[1], STDERR_FILENO);
		close(err[0]);
		wf_coro *c = wf_coro_new_ex("bottomless", overflow, NULL, 64 * 1024, how, 0);
		if (c)
			wf_coro_send(c, 0, NULL);
		_exit(0); /* not reached if the guard works */
	}
	close(err[1]);
	char msg[512] = {0};
	size_t got = 0;
	ssize_t n;
	while (got < sizeof msg - 1 && (n = read(err[0], msg + got, sizeof msg - 1 - got)) > 0)
		got += (size_t)n;
	close(err[0]);
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGSEGV);
	assert_non_null(strstr(msg, "coroutine bottomless overflowed its 64 KiB stack"));
}

/* --- close ---------------------------------------------------------------------- */

static int cleaned;

static uint64_t polite(void *arg)
{
	(void)arg;
	for (;;) {
		wf_yield(1);
		if (wf_coro_closing()) {
			cleaned++;
			return 0;
		}
	}
}

static uint64_t stubborn(void *arg)
{
	(void)arg;
	for (;;)
		wf_yield(1);
	return 0;
}

static void test_coro_close_is_generator_close(void **state)
{
	(void)state;
	cleaned = 0;
	wf_coro *never = make("never", polite, NULL, 0);
	assert_int_equal(wf_coro_close(never), 0); /* never started: simply closed */
	assert_int_equal(wf_coro_state(never), WF_CORO_CLOSED);
	assert_int_equal(cleaned, 0);

	wf_coro *p = make("polite", polite, NULL, 0);
	wf_coro_send(p, 0, NULL);
	assert_int_equal(wf_coro_close(p), 0);
	assert_int_equal(cleaned, 1);
	assert_int_equal(wf_coro_state(p), WF_CORO_CLOSED);
	assert_int_equal(wf_coro_send(p, 0, NULL), WF_EDONE);

	wf_coro *s = make("stubborn", stubborn, NULL, 0);
	wf_coro_send(s, 0, NULL);
	assert_int_equal(wf_coro_close(s), WF_ESTATE); /* ignored GeneratorExit */
	assert_true(wf_coro_done(s));
	wf_coro_free(never);
	wf_coro_free(p);
	wf_coro_free(s);
}

/* --- events ------------------------------------------------------------------------ */

static uint64_t once(void *arg)
{
	(void)arg;
	wf_yield(41);
	return 42;
}

static void test_coro_events_name_who_hands_the_thread_to_whom(void **state)
{
	(void)state;
	struct wf_ev ev[64];
	ring_drain(&wf_arena->rings[MAIN], ev, 64); /* main's own spawn */
	wf_coro *c = make("once", once, NULL, 0);
	uint16_t id = wf_coro_actor(c);
	wf_coro_send(c, 5, NULL);
	wf_coro_send(c, 6, NULL);
	size_t n = ring_drain(&wf_arena->rings[MAIN], ev, 64);
	struct {
		uint16_t actor, type;
		uint64_t a, b;
	} want[] = {
		{id, EV_SPAWN, MAIN, (uint64_t)(uint32_t)getpid() << 32},
		{MAIN, EV_CORO_RESUME, id, 5},
		{id, EV_CORO_YIELD, MAIN, 41},
		{MAIN, EV_CORO_RESUME, id, 6},
		{id, EV_CORO_YIELD, MAIN, 42},
		{id, EV_EXIT, 0, 0},
	};
	assert_int_equal(n, sizeof want / sizeof *want);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(ev[i].actor, want[i].actor);
		assert_int_equal(ev[i].type, want[i].type);
		assert_int_equal(ev[i].a, want[i].a);
		assert_int_equal(ev[i].b, want[i].b);
	}
	assert_int_equal(ring_drain(&wf_arena->rings[id], ev, 64), 0); /* it has no ring of its own */
	wf_coro_free(c);
}

#define BOTH(t)                                                                                  \
	cmocka_unit_test_prestate_setup_teardown(t, setup, teardown, (void *)(intptr_t)WF_SWITCH_ASM), \
	cmocka_unit_test_prestate_setup_teardown(t, setup, teardown,                              \
						 (void *)(intptr_t)WF_SWITCH_UCONTEXT)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_coro_values_cross_each_switch),
		BOTH(test_coro_nested_send_returns_to_the_sender),
		BOTH(test_coro_callee_saved_registers_survive),
		BOTH(test_coro_rounding_mode_is_per_coroutine),
		BOTH(test_coro_deep_recursion_fits_its_stack),
		BOTH(test_coro_overflow_hits_the_guard_and_is_reported),
		BOTH(test_coro_close_is_generator_close),
		BOTH(test_coro_events_name_who_hands_the_thread_to_whom),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
