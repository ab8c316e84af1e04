/*
 * bench_coro.c - rows coroutine-switch and coroutine-switch-1000: one
 * switch between coroutines on a thread, next to glibc's swapcontext and
 * Boost.Context's jump_fcontext (its C ABI, when found at build time).
 *
 * A figure is ns per one-way switch: a ping-pong between two contexts
 * does two switches per round.  swapcontext makes an rt_sigprocmask
 * system call on every switch, which is why it is the slow peer.
 *
 * Weft's figure is sim/coro's assembly switch (coro_switch.h: callee-saved
 * registers, the stack pointer, MXCSR and the x87 control word), the one
 * wf_coro_send and wf_yield use.  coroutine-switch bounces between two
 * contexts; coroutine-switch-1000 runs 1,000 coroutines round-robin from a
 * scheduler loop (scheduler -> coroutine i -> scheduler -> i + 1 ...), so
 * every switch lands on a stack that has been cold for 999 others.  The
 * arena's actor table holds 128 actors, so the 1,000 are bare contexts on
 * the same switch, not wf_coro objects; the full wf_coro_send + wf_yield
 * path (quiet: no events) is reported in the note.
 */
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>

#include "actor.h"
#include "bench.h"
#include "coro_switch.h" /* sim-internal: the switch itself is what is measured */
#include "weft.h"

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

/* The same switch behind a generator's send and yield, the shape of
 * wf_coro_send/wf_yield (and of any generator library on Boost): each
 * returns to its caller after the switch, where the bare loop above never
 * returns.  The return-stack predictor holds the other side's return
 * address then, so every switch pays one mispredicted return, in Weft's
 * path and in this one alike. */
struct fc_gen {
	fcontext_t ctx, caller;
	uint64_t value;
	bool closing;
};
static _Thread_local struct fc_gen *fc_running;

static __attribute__((noinline)) uint64_t fc_send(struct fc_gen *g, uint64_t v)
{
	g->value = v;
	struct fc_gen *prev = fc_running;
	fc_running = g;
	transfer_t t = jump_fcontext(g->ctx, g);
	g->ctx = t.fctx;
	fc_running = prev;
	return g->value;
}

static __attribute__((noinline)) uint64_t fc_yield(uint64_t v)
{
	struct fc_gen *g = fc_running;
	g->value = v;
	transfer_t t = jump_fcontext(g->caller, NULL);
	g->caller = t.fctx;
	return g->value;
}

static __attribute__((noinline)) bool fc_closing(void)
{
	return fc_running && fc_running->closing;
}

static void fc_gen_body(transfer_t t)
{
	struct fc_gen *g = t.data;
	g->caller = t.fctx;
	while (!fc_closing())
		fc_yield(0);
	jump_fcontext(g->caller, NULL);
}

static double fc_generator_ns(long rounds)
{
	static char *stack;
	if (!stack && !(stack = malloc(STACK)))
		return -1;
	struct fc_gen g = {make_fcontext(stack + STACK, STACK, fc_gen_body), NULL, 0, false};
	fc_send(&g, 0);
	uint64_t t0 = bench_now_ns();
	for (long i = 0; i < rounds; i++)
		fc_send(&g, 0);
	uint64_t t1 = bench_now_ns();
	g.closing = true;
	fc_send(&g, 0);
	return per_switch(t0, t1, 2 * rounds);
}
#endif

/* --- Weft's assembly switch ---------------------------------------------------- */

#define COROS 1000
#define CORO_STACK (16 * 1024)

static void *sched_sp;
static void **coro_sp;
static int ncoro;

static void asm_body(void *arg)
{
	void **mine = &coro_sp[(size_t)arg];
	for (;;)
		coro_asm_switch(mine, sched_sp);
}

/* n bare coroutines on the assembly switch; 0 or -1. */
static int asm_setup(int n)
{
	static char *stacks;
	if (!coro_asm_available())
		return -1;
	free(stacks);
	free(coro_sp);
	stacks = aligned_alloc(64, (size_t)n * CORO_STACK);
	coro_sp = calloc((size_t)n, sizeof *coro_sp);
	if (!stacks || !coro_sp)
		return -1;
	for (int i = 0; i < n; i++)
		coro_sp[i] = coro_asm_prepare(stacks + (size_t)i * CORO_STACK, CORO_STACK, asm_body,
					      (void *)(size_t)i);
	ncoro = n;
	return 0;
}

/* ns a switch, `rounds` times through every coroutine. */
static double asm_round_robin_ns(long rounds)
{
	uint64_t t0 = bench_now_ns();
	for (long r = 0; r < rounds; r++)
		for (int i = 0; i < ncoro; i++)
			coro_asm_switch(&sched_sp, coro_sp[i]);
	uint64_t t1 = bench_now_ns();
	return per_switch(t0, t1, 2 * rounds * ncoro);
}

/* The whole wf_coro path: send, yield, back; quiet (no events), or as a
 * lesson's coroutine with recording off or on (two events a round trip,
 * the ring emptied every CHUNK round trips as the collector would). */
enum coro_mode { CORO_QUIET, CORO_LESSON_OFF, CORO_LESSON_REC };
static enum coro_mode coro_mode;
#define CHUNK 16384

static uint64_t yield_body(void *arg)
{
	(void)arg;
	while (!wf_coro_closing())
		wf_yield(0);
	return 0;
}

static double wf_coro_ns(long rounds)
{
	struct arena *a = arena_new();
	if (!a)
		return -1;
	struct arena *saved = wf_arena;
	wf_arena = a;
	actor_enter(actor_register("bench", AK_THREAD, WF_NONE));
	struct ring *r = actor_self.ring;
	wf_coro *c = wf_coro_new_ex("co", yield_body, NULL, 0, WF_SWITCH_DEFAULT,
				    coro_mode == CORO_QUIET ? WF_CORO_QUIET : 0);
	atomic_store(&a->ctl.gate, coro_mode == CORO_LESSON_OFF ? 0 : GATE_RECORDING);
	double ns = -1;
	if (c) {
		wf_coro_send(c, 0, NULL);
		uint64_t t0 = bench_now_ns();
		for (long i = 0; i < rounds; i += CHUNK) {
			atomic_store_explicit(&r->tail, atomic_load_explicit(&r->head, memory_order_relaxed),
					      memory_order_release);
			for (long k = 0; k < CHUNK; k++)
				wf_coro_send(c, 0, NULL);
		}
		uint64_t t1 = bench_now_ns();
		long done = (rounds + CHUNK - 1) / CHUNK * CHUNK;
		ns = per_switch(t0, t1, 2 * done);
		wf_coro_close(c);
		wf_coro_free(c);
	}
	actor_self = (struct actor_self){NULL, WF_NONE};
	wf_arena = saved;
	arena_free(a);
	return ns;
}

static double wf_coro_quiet_ns(long rounds)
{
	coro_mode = CORO_QUIET;
	return wf_coro_ns(rounds);
}

static double wf_coro_lesson_ns(long rounds)
{
	coro_mode = CORO_LESSON_OFF;
	return wf_coro_ns(rounds);
}

static double wf_coro_rec_ns(long rounds)
{
	coro_mode = CORO_LESSON_REC;
	return wf_coro_ns(rounds);
}

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
	int few = o->runs > 0 ? o->runs : 1;
	bench_pin(-1);
	struct bench_stat uc = repeat(swapcontext_ns, rounds / 10, runs);
	struct bench_stat one = {0, 0, 0, 0}, many = {0, 0, 0, 0};
	if (asm_setup(1) == 0)
		one = repeat(asm_round_robin_ns, rounds, runs);
	if (asm_setup(COROS) == 0)
		many = repeat(asm_round_robin_ns, rounds / COROS * 4, runs);
	struct bench_stat full = repeat(wf_coro_quiet_ns, rounds / 4, few);
	struct bench_stat lesson = repeat(wf_coro_lesson_ns, rounds / 4, few);
	struct bench_stat rec = repeat(wf_coro_rec_ns, rounds / 4, few);
	struct bench_stat fc = {0, 0, 0, 0}, fg = {0, 0, 0, 0};
	const char *boost_note = "Boost.Context not found at build time (make bench installs it)";
#ifdef WEFT_HAVE_BOOST_CONTEXT
	fc = repeat(fcontext_ns, rounds, runs);
	fg = repeat(fc_generator_ns, rounds / 4, few);
	boost_note = "";
#endif
	bench_unpin();

	char note[160] = "";
	if (!one.runs)
		snprintf(note, sizeof note, "no assembly switch on this machine (sim/coro/coro_switch.h)");
	else if (full.runs)
		snprintf(note, sizeof note, "one way, FP control words kept; whole wf_coro_send+wf_yield "
			 "(quiet): %.1f ns a switch", full.median);
	else
		snprintf(note, sizeof note, "one way, FP control words kept");
	struct bench_row r = {.row = "coroutine-switch", .unit = "ns", .weft = one,
			      .peer = "swapcontext", .peer_value = uc,
			      .target = "<= 6, ratio >= 40", .has_target = true};
	r.met = one.runs && uc.runs && one.median <= 6 && uc.median / one.median >= 40;
	snprintf(r.note, sizeof r.note, "%s", note);
	bench_report(&r);
	r.peer = "boost-fcontext";
	r.peer_value = fc;
	r.target = "<= 6, within 1.2x";
	r.met = one.runs && fc.runs && one.median <= 6 && one.median <= 1.2 * fc.median;
	snprintf(r.note, sizeof r.note, "%s", boost_note);
	bench_report(&r);
	struct bench_row m = {.row = "coroutine-switch-1000", .unit = "ns", .weft = many,
			      .target = "<= 8", .has_target = true};
	m.met = many.runs && many.median <= 8;
	snprintf(m.note, sizeof m.note, "%d coroutines round-robin from a scheduler loop, %d KB stacks",
		 COROS, CORO_STACK / 1024);
	bench_report(&m);

	struct bench_row l = {.row = "coroutine-lesson", .unit = "ns", .weft = lesson,
			      .peer = "boost-generator", .peer_value = fg, .cost = true,
			      .target = "within 1.5x", .has_target = true};
	l.met = lesson.runs && fg.runs && lesson.median <= 1.5 * fg.median;
	snprintf(l.note, sizeof l.note, "%s", fg.runs ? "wf_coro_send + wf_yield, a lesson's coroutine, "
		 "recording off, ns a switch; peer: jump_fcontext behind send/yield" : boost_note);
	bench_report(&l);
	l.peer = "boost-fcontext";
	l.peer_value = fc;
	l.has_target = false;
	l.target = "reported";
	snprintf(l.note, sizeof l.note, "%s", fc.runs ? "peer: the bare jump_fcontext loop (no return "
		 "after a switch: see docs/performance.md)" : boost_note);
	bench_report(&l);
	l.peer = "bare switch";
	l.peer_value = one;
	snprintf(l.note, sizeof l.note, "peer: sim/coro's own assembly switch in a bare loop");
	bench_report(&l);
	struct bench_row lr = {.row = "coroutine-lesson-rec", .unit = "ns", .weft = rec,
			       .peer = "coroutine-lesson", .peer_value = lesson, .cost = true,
			       .target = "reported"};
	snprintf(lr.note, sizeof lr.note, "recording on: one event a switch (EV_CORO_RESUME, "
		 "EV_CORO_YIELD)");
	bench_report(&lr);
}
