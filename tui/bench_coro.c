/*
 * bench_coro.c - rows coroutine-switch and coroutine-switch-1000: one
 * switch between coroutines on a thread, next to glibc's swapcontext and
 * Boost.Context's jump_fcontext (its C ABI, when found at build time).
 *
 * A figure is ns per one-way switch: a ping-pong between two contexts
 * does two switches per round.  swapcontext makes an rt_sigprocmask
 * system call on every switch, which is why it is the slow peer.
 *
 * Weft's own switch is sim/coro's; until that runtime is in the tree the
 * rows say "not built yet" and carry the peers' figures only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>

#include "bench.h"

#define STACK (64 * 1024)

static double per_switch(uint64_t t0, uint64_t t1, long switches)
{
	return (double)(t1 - t0) / (double)switches;
}

/* --- glibc swapcontext ------------------------------------------------------ */

static ucontext_t uc_main, uc_co;

static void uc_body(void)
{
	for (;;)
		swapcontext(&uc_co, &uc_main);
}

static double swapcontext_ns(long rounds)
{
	static char *stack;
	if (!stack && !(stack = malloc(STACK)))
		return -1;
	getcontext(&uc_co);
	uc_co.uc_stack.ss_sp = stack;
	uc_co.uc_stack.ss_size = STACK;
	uc_co.uc_link = NULL;
	makecontext(&uc_co, uc_body, 0);
	uint64_t t0 = bench_now_ns();
	for (long i = 0; i < rounds; i++)
		swapcontext(&uc_main, &uc_co);
	uint64_t t1 = bench_now_ns();
	return per_switch(t0, t1, 2 * rounds);
}

/* --- Boost.Context jump_fcontext (C ABI) -------------------------------------- */

#ifdef WEFT_HAVE_BOOST_CONTEXT
typedef void *fcontext_t;
typedef struct {
	fcontext_t fctx;
	void *data;
} transfer_t;
extern transfer_t jump_fcontext(fcontext_t const to, void *vp);
extern fcontext_t make_fcontext(void *sp, size_t size, void (*fn)(transfer_t));

static void fc_body(transfer_t t)
{
	for (;;)
		t = jump_fcontext(t.fctx, NULL);
}

static double fcontext_ns(long rounds)
{
	static char *stack;
	if (!stack && !(stack = malloc(STACK)))
		return -1;
	transfer_t t = {make_fcontext(stack + STACK, STACK, fc_body), NULL};
	uint64_t t0 = bench_now_ns();
	for (long i = 0; i < rounds; i++)
		t = jump_fcontext(t.fctx, NULL);
	uint64_t t1 = bench_now_ns();
	return per_switch(t0, t1, 2 * rounds);
}
#endif

static struct bench_stat repeat(double (*f)(long), long rounds, int runs)
{
	double v[64];
	int n = 0;
	f(rounds / 10);
	for (int i = 0; i < runs && i < 64; i++) {
		double x = f(rounds);
		if (x > 0)
			v[n++] = x;
	}
	return bench_stat_of(v, n);
}

void bench_coro(const struct bench_opts *o)
{
	long rounds = o->quick ? 200000 : 1000000;
	int runs = o->runs * 3;
	bench_pin(-1);
	struct bench_stat uc = repeat(swapcontext_ns, rounds / 10, runs);
	struct bench_stat fc = {0, 0, 0, 0};
	const char *boost_note = "Boost.Context not found at build time (make bench installs it)";
#ifdef WEFT_HAVE_BOOST_CONTEXT
	fc = repeat(fcontext_ns, rounds, runs);
	boost_note = "";
#endif
	bench_unpin();

	struct bench_stat none = {0, 0, 0, 0};
	const char *missing = "not built yet: sim/coro (the coroutine runtime) is not in this build";
	struct bench_row r = {.row = "coroutine-switch", .unit = "ns", .weft = none,
			      .peer = "swapcontext", .peer_value = uc,
			      .target = "<= 6, ratio >= 40", .has_target = true};
	snprintf(r.note, sizeof r.note, "%s", missing);
	bench_report(&r);
	r.peer = "boost-fcontext";
	r.peer_value = fc;
	r.target = "<= 6, within 1.2x";
	snprintf(r.note, sizeof r.note, "%s%s%s", missing, boost_note[0] ? "; " : "", boost_note);
	bench_report(&r);
	bench_missing("coroutine-switch-1000", "ns", "<= 8", missing);
}
