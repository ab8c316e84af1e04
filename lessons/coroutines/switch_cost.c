/*
 * switch-cost - what it costs to hand a CPU from one flow of control to
 * another, measured here and now:
 *   - a coroutine switch, with Weft's assembly switch and with ucontext
 *     (a send and a yield are two switches);
 *   - a thread switch: two threads bounce a futex word;
 *   - a process switch: two processes bounce a byte through two pipes.
 * Each figure is nanoseconds per one-way switch.  With pin=on the threads
 * and processes share one CPU, so each round trip is two real context
 * switches; with pin=off they may sit on two CPUs, and the figure is then
 * mostly the time to wake an idle CPU, not the switch.
 *
 * The coroutines are WF_CORO_QUIET (no events per switch), and the bars are
 * printed on a log scale: the figures differ by a factor of a thousand.
 */
#include <linux/futex.h>
#include <math.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof set, &set);
}

/* --- coroutines ------------------------------------------------------------- */

static uint64_t pong(void *arg)
{
	(void)arg;
	for (;;)
		wf_yield(0);
	return 0;
}

static double coro_ns(enum wf_coro_switch how, long rounds)
{
	wf_coro *c = wf_coro_new_ex(how == WF_SWITCH_ASM ? "coro-asm" : "coro-ucontext", pong, NULL,
				    0, how, WF_CORO_QUIET);
	if (!c)
		return -1;
	for (long i = 0; i < 1000; i++) /* warm the caches and the branch predictors */
		wf_coro_send(c, 0, NULL);
	double t0 = now_ns();
	for (long i = 0; i < rounds; i++)
		wf_coro_send(c, 0, NULL);
	double t1 = now_ns();
	wf_coro_free(c);
	return (t1 - t0) / (2.0 * (double)rounds);
}

/* --- threads: a futex word bounced --------------------------------------------- */

struct bounce {
	_Atomic uint32_t turn; /* 1: the peer's turn, 0: main's */
	long rounds;
	int cpu;
	int fds[4];            /* pipes: main -> peer, peer -> main */
};

static void futex_wait(_Atomic uint32_t *w, uint32_t v)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void thread_peer(void *arg)
{
	struct bounce *b = arg;
	pin(b->cpu);
	for (long i = 0; i < b->rounds; i++) {
		while (atomic_load(&b->turn) == 0)
			futex_wait(&b->turn, 0);
		atomic_store(&b->turn, 0);
		futex_wake(&b->turn);
	}
}

static double thread_ns(struct bounce *b, int cpu)
{
	b->turn = 0;
	wf_thread t;
	if (wf_thread_spawn(&t, "peer-thread", thread_peer, b) != 0)
		return -1;
	pin(cpu);
	wf_sleep(0.05); /* let the peer pin itself and wait */
	double t0 = now_ns();
	for (long i = 0; i < b->rounds; i++) {
		atomic_store(&b->turn, 1);
		futex_wake(&b->turn);
		while (atomic_load(&b->turn) == 1)
			futex_wait(&b->turn, 1);
	}
	double t1 = now_ns();
	wf_thread_join(&t);
	return (t1 - t0) / (2.0 * (double)b->rounds);
}

/* --- processes: a byte through two pipes ---------------------------------------- */

static void process_peer(void *arg)
{
	struct bounce *b = arg;
	pin(b->cpu);
	char c;
	for (long i = 0; i < b->rounds; i++) {
		if (read(b->fds[0], &c, 1) != 1 || write(b->fds[3], &c, 1) != 1)
			return;
	}
}

static double process_ns(struct bounce *b, int cpu)
{
	if (pipe(b->fds) < 0 || pipe(b->fds + 2) < 0)
		return -1;
	wf_process p;
	if (wf_process_spawn(&p, "peer-process", process_peer, b) != 0)
		return -1;
	pin(cpu);
	wf_sleep(0.05);
	char c = 'x';
	double t0 = now_ns();
	for (long i = 0; i < b->rounds; i++)
		if (write(b->fds[1], &c, 1) != 1 || read(b->fds[2], &c, 1) != 1)
			break;
	double t1 = now_ns();
	wf_process_join(&p);
	for (int i = 0; i < 4; i++)
		close(b->fds[i]);
	return (t1 - t0) / (2.0 * (double)b->rounds);
}

/* --- bars ------------------------------------------------------------------------- */

/* A bar of CELLS_PER_10X cells for each factor of ten, drawn first so the
 * bars start in one column and keep their lengths in a narrow panel (at
 * 80 columns the Output panel has room for the bars and the figures; the
 * names come last and are what a narrow panel cuts). */
#define CELLS_PER_10X 4

static void bar(const char *what, double ns)
{
	char cells[3 * 24 + 1] = "";
	int n = ns > 1 ? (int)lround(CELLS_PER_10X * log10(ns)) : 0;
	if (n > 24)
		n = 24;
	for (int i = 0; i < n; i++)
		strcat(cells, "\u2588");
	for (int i = n; i < 4 * CELLS_PER_10X; i++) /* up to 10 us: the figures line up */
		strcat(cells, " ");
	if (ns < 0)
		wf_print("%16s   not available  %s", "", what);
	else
		wf_print("%s %7.1f ns  %s", cells, ns, what);
}

static void run(void)
{
	long rounds = wf_param_int("rounds");
	bool pinned = wf_param_is("pin", "on");
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t all;
	sched_getaffinity(0, sizeof all, &all);
	int main_cpu = 0, peer_cpu = pinned || cpus < 2 ? 0 : 1;

	wf_print("measuring %ld round trips each (%s)...", rounds,
		 pinned ? "pinned to CPU 0" : "main on CPU 0, peers on CPU 1");
	double asm_ns = wf_coro_switch_available(WF_SWITCH_ASM) ? coro_ns(WF_SWITCH_ASM, rounds * 20) : -1;
	double uc_ns = coro_ns(WF_SWITCH_UCONTEXT, rounds * 5);
	struct bounce *b = wf_shared_alloc(sizeof *b);
	if (!b)
		return;
	b->rounds = rounds;
	b->cpu = peer_cpu;
	double proc = process_ns(b, main_cpu); /* fork before any thread starts */
	double thr = thread_ns(b, main_cpu);
	sched_setaffinity(0, sizeof all, &all);

	wf_print("ns per switch, log scale (each %d cells is 10x):", CELLS_PER_10X);
	bar("coroutine (asm)", asm_ns);
	bar("coroutine (ucontext)", uc_ns);
	bar("thread (futex)", thr);
	bar("process (pipe)", proc);
	if (asm_ns > 0)
		wf_print("asm is %.0fx cheaper than ucontext, %.0fx cheaper than a thread switch",
			 uc_ns / asm_ns, thr / asm_ns);
	wf_result("asm_ns=%.1f ucontext_ns=%.1f thread_ns=%.0f process_ns=%.0f pinned=%s cpus=%ld default=%s",
		  asm_ns, uc_ns, thr, proc, pinned ? "yes" : "no", cpus,
		  wf_coro_switch_name(WF_SWITCH_DEFAULT));
}

static const struct wf_param params[] = {
	{"rounds", NULL, "20000", 100, 1000000, "round trips for threads and processes (coroutines do 20x)"},
	{"pin", "on|off", "on", 0, 0, "share one CPU (on), or spread over two (off)"},
};

const struct wf_lesson lesson_switch_cost = {
	.id = "switch-cost",
	.track = "coroutines",
	.title_en = "What a switch costs",
	.title_zh = "切换的代价",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
