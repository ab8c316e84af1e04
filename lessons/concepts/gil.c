/*
 * gil - a simulated interpreter lock, and the notes' concurrent.futures
 * timing run four ways.
 *
 * The notes (003) run count(number) for the ten numbers 1..10 (a loop of
 * ten million additions, returning 10000000 * number) sequentially, in a
 * ThreadPoolExecutor(max_workers=5) and in a ProcessPoolExecutor(5), and
 * time each.  Here the loop's "bytecodes" are C arithmetic that must hold
 * one global lock, the GIL, as CPython's eval loop must:
 *
 *  - the holder checks, every 1024 bytecodes, whether someone is waiting
 *    and it has held the lock for the switch interval (5 ms, as
 *    sys.getswitchinterval() says); then it drops the lock and waits until
 *    another thread has taken it (CPython's FORCE_SWITCHING), and queues
 *    for it again;
 *  - a thread sleeping (io=on: "reading a slow device") releases it, as
 *    time.sleep and blocking I/O release the GIL in CPython.
 *
 * The four runs: sequential (main alone), the thread pool with the GIL, a
 * process pool of real forked processes (each its own interpreter, so its
 * own uncontended lock; results come back through wf_shared_alloc memory),
 * and the thread pool without the lock (free-threaded CPython 3.13t/3.14t).
 * The lock itself is lessons/common/interp_lock.c, which free-threading
 * shares.  Every wall time is measured with CLOCK_MONOTONIC; CPU work does not
 * follow --speed, the io=on sleeps (lesson time) do.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/interp_lock.h"
#include "lesson.h"
#include "weft.h"

#define MAX_ITEMS 20
#define MAX_WORKERS 16


struct pool {
	struct interp_lock *gil;          /* NULL: no interpreter lock */
	wf_queue *items;          /* the executor's work queue */
	long loops;
	bool io;
	double interval_s;
	_Atomic int next;         /* process pool: the next item to take */
	_Atomic uint64_t queued_ns; /* run-queue waits of the current run's workers, summed */
	_Atomic uint64_t cpu_ns;  /* their CPU time, summed */
	uint64_t results[MAX_ITEMS + 1];
	int nitems;
};

/* ---- count(number) ----------------------------------------------------------- */

/* count(number): `loops` bytecodes under the lock (if any), 10000000 *
 * number as the notes' function returns (i is loops after the loop). */
static uint64_t count(struct pool *p, int number)
{
	volatile uint64_t sink;
	uint64_t x = (uint64_t)number;
	long cpu_loops = p->io ? p->loops / 10 : p->loops;
	for (long i = 0; i < cpu_loops; i++) {
		x = interp_bytecode(x);
		if (p->gil && (i % INTERP_CHECK_EVERY) == 0)
			interp_check(p->gil, p->interval_s);
	}
	sink = x;
	(void)sink;
	if (p->io) { /* a slow device: sleeping releases the lock */
		if (p->gil)
			interp_drop(p->gil);
		wf_sleep(0.5);
		if (p->gil)
			interp_take(p->gil);
	}
	return (uint64_t)p->loops * (uint64_t)number;
}

/* This thread's time on a CPU and waiting on a run queue, in ns (schedstat). */
static void schedstat(uint64_t *run, uint64_t *wait)
{
	unsigned long long r = 0, w = 0;
	FILE *f = fopen("/proc/thread-self/schedstat", "r");
	if (f) {
		if (fscanf(f, "%llu %llu", &r, &w) != 2)
			r = w = 0;
		fclose(f);
	}
	*run = r;
	*wait = w;
}

/* Adds this thread's CPU time and run-queue wait since (run0, wait0). */
static void account(struct pool *p, uint64_t run0, uint64_t wait0)
{
	uint64_t run1, wait1;
	schedstat(&run1, &wait1);
	atomic_fetch_add(&p->cpu_ns, run1 - run0);
	atomic_fetch_add(&p->queued_ns, wait1 - wait0);
}

static void worker(void *arg)
{
	struct pool *p = arg;
	uint64_t run0, wait0;
	schedstat(&run0, &wait0);
	if (p->gil)
		interp_take(p->gil);
	uint64_t item;
	while (wf_queue_get(p->items, &item, 0) == 0)
		wf_print("%llu", (unsigned long long)count(p, (int)item));
	if (p->gil)
		interp_drop(p->gil);
	account(p, run0, wait0);
}

static void process_worker(void *arg)
{
	struct pool *p = arg;
	uint64_t run0, wait0;
	schedstat(&run0, &wait0);
	for (;;) {
		int i = atomic_fetch_add(&p->next, 1) + 1;
		if (i > p->nitems)
			break;
		p->results[i] = count(p, i);
		wf_print("%llu", (unsigned long long)p->results[i]);
	}
	account(p, run0, wait0);
}

/* ---- the four runs ------------------------------------------------------------ */

static double sequential(struct pool *p)
{
	uint64_t run0, wait0;
	schedstat(&run0, &wait0);
	double t0 = interp_mono_s();
	if (p->gil)
		interp_take(p->gil);
	for (int i = 1; i <= p->nitems; i++)
		wf_print("%llu", (unsigned long long)count(p, i));
	if (p->gil)
		interp_drop(p->gil);
	double wall = interp_mono_s() - t0;
	account(p, run0, wait0);
	return wall;
}

/* The CPU time and run-queue wait of the last run, in seconds; resets them. */
static void taken(struct pool *p, double *cpu, double *queued)
{
	*cpu = (double)atomic_exchange(&p->cpu_ns, 0) / 1e9;
	*queued = (double)atomic_exchange(&p->queued_ns, 0) / 1e9;
}

static double thread_pool(struct pool *p, int workers, const char *prefix)
{
	double t0 = interp_mono_s();
	for (int i = 1; i <= p->nitems; i++)
		wf_queue_put(p->items, (uint64_t)i, WF_FOREVER);
	wf_thread t[MAX_WORKERS];
	char names[MAX_WORKERS][16];
	for (int i = 0; i < workers; i++) {
		snprintf(names[i], sizeof names[i], "%s%d", prefix, i + 1);
		wf_thread_spawn(&t[i], names[i], worker, p);
	}
	for (int i = 0; i < workers; i++)
		wf_thread_join(&t[i]);
	return interp_mono_s() - t0;
}

static double process_pool(struct pool *p, int workers)
{
	double t0 = interp_mono_s();
	atomic_store(&p->next, 0);
	wf_process w[MAX_WORKERS];
	char names[MAX_WORKERS][16];
	for (int i = 0; i < workers; i++) {
		snprintf(names[i], sizeof names[i], "P%d", i + 1);
		wf_process_spawn(&w[i], names[i], process_worker, p);
	}
	for (int i = 0; i < workers; i++)
		wf_process_join(&w[i]);
	return interp_mono_s() - t0;
}

static void run(void)
{
	const char *mode = wf_param_str("mode");
	int workers = (int)wf_param_int("workers");
	struct interp_lock *gil = wf_shared_alloc(sizeof *gil);
	struct pool *p = wf_shared_alloc(sizeof *p);
	if (!gil || !p)
		return;
	gil->lock = wf_mutex_new("GIL", 0);
	p->items = wf_queue_new("executor queue", MAX_ITEMS, 0);
	p->loops = wf_param_int("loops");
	p->nitems = (int)wf_param_int("items");
	p->io = wf_param_is("io", "on");
	p->interval_s = (double)wf_param_int("interval") / 1000.0;
	wf_print("count(1..%d): %ld bytecodes each%s; %d workers; switch interval %ld ms", p->nitems,
		 p->loops, p->io ? " (a tenth of them, then 0.5 s of I/O)" : "", workers,
		 wf_param_int("interval"));

	bool all = strcmp(mode, "all") == 0;
	double seq = 0, thr = 0, prc = 0, nogil = 0;
	uint32_t handoffs = 0;
	if (all || strcmp(mode, "sequential") == 0) {
		p->gil = gil;
		seq = sequential(p);
		double cpu, queued;
		taken(p, &cpu, &queued);
		wf_print("Sequential execution in %.2f seconds", seq);
		wf_result("seq_s=%.3f seq_queued_s=%.3f", seq, queued);
	}
	if (all || strcmp(mode, "threads") == 0) {
		p->gil = gil;
		uint32_t h0 = atomic_load(&gil->handoffs);
		thr = thread_pool(p, workers, "T");
		handoffs = atomic_load(&gil->handoffs) - h0;
		double cpu, queued;
		taken(p, &cpu, &queued);
		wf_print("Thread pool execution in %.2f seconds (the GIL changed hands %u times)", thr,
			 handoffs);
		wf_result("threads_s=%.3f threads_queued_s=%.3f handoffs=%u", thr, queued, handoffs);
	}
	if (all || strcmp(mode, "processes") == 0) {
		p->gil = NULL; /* each process has an interpreter, and a lock, of its own */
		prc = process_pool(p, workers);
		double cpu, queued;
		taken(p, &cpu, &queued);
		wf_print("Process pool execution in %.2f seconds (CPU %.2f s, run queue %.2f s)", prc,
			 cpu, queued);
		wf_result("procs_s=%.3f procs_cpu_s=%.3f procs_queued_s=%.3f", prc, cpu, queued);
	}
	if (all || strcmp(mode, "nogil") == 0) {
		p->gil = NULL;
		nogil = thread_pool(p, workers, "F");
		double cpu, queued;
		taken(p, &cpu, &queued);
		wf_print("Thread pool without the GIL (free-threaded) in %.2f seconds", nogil);
		wf_result("nogil_s=%.3f nogil_cpu_s=%.3f", nogil, cpu);
	}
	if (seq > 0 && thr > 0)
		wf_result("threads_vs_seq=%.2f", thr / seq);
	if (seq > 0 && prc > 0)
		wf_result("procs_vs_seq=%.2f", prc / seq);
	if (prc > 0 && nogil > 0)
		wf_result("nogil_vs_procs=%.2f", nogil / prc);
	if (all)
		wf_print("threads / sequential = %.2f, processes / sequential = %.2f, "
			 "free threads / processes = %.2f",
			 thr / seq, prc / seq, nogil / prc);
	wf_result("cpus=%ld", sysconf(_SC_NPROCESSORS_ONLN));
}

static const struct wf_param params[] = {
	{"mode", "all|sequential|threads|processes|nogil", "all", 0, 0,
	 "which runs: all four, or one of them"},
	{"workers", NULL, "5", 1, MAX_WORKERS, "threads or processes in the pool (max_workers)"},
	{"items", NULL, "10", 1, MAX_ITEMS, "count(1) .. count(items)"},
	{"loops", NULL, "10000000", 1000, 100000000, "bytecodes in one count() (real CPU time)"},
	{"interval", NULL, "5", 1, 100, "switch interval in ms (sys.setswitchinterval)"},
	{"io", "off|on", "off", 0, 0, "on: each count() also sleeps 0.5 s, releasing the lock"},
};

/* Predict, then run (lesson.h). */
static const struct wf_choice gil_choices[] = {
	{"clearly faster (under 0.8 of the time)", "明显更快（不到 0.8 倍时间）", "threads_vs_seq<0.8"},
	{"about as slow, or slower", "差不多一样慢，甚至更慢", "threads_vs_seq>=0.8"},
};
static const struct wf_predict gil_predict = {
	.question_en = "The counts run in a thread pool, under the GIL, instead of one after the "
		       "other. The threads are:",
	.question_zh = "这些计数放进线程池在 GIL 下运行，而不是一个接一个。线程版会：",
	.choices = gil_choices,
	.nchoices = 2,
	.key = "threads_vs_seq",
	.explain_en = "Only the thread holding the GIL runs bytecode, so CPU work in threads takes "
		      "turns on one CPU, plus the hand-offs. Processes (or free-threading) run on "
		      "every CPU.",
	.explain_zh = "只有拿着 GIL 的线程能执行字节码，所以线程里的 CPU 计算只能轮流用一个 CPU，"
		      "还要加上交接的开销。多进程（或自由线程）才能用上所有 CPU。",
};

const struct wf_lesson lesson_gil = {
	.id = "gil",
	.track = "concepts",
	.title_en = "The GIL: threads, processes and one interpreter lock",
	.title_zh = "GIL：线程、进程与一把解释器锁",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
	.predict = &gil_predict,
};
