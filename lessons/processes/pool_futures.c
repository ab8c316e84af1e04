/*
 * pool-futures - concurrent.futures on worker processes: map, submit +
 * result, submit + add_done_callback, then as_completed.
 *
 * Python: the notes' 002 "简单的并行编程" (three ways to run fib(30) on a
 * ProcessPoolExecutor(), which has os.cpu_count() workers) and 003's
 * concurrent-pool.py (evaluate_item over 1..10: one after another, on a
 * ThreadPoolExecutor(5), on a ProcessPoolExecutor(5), results printed by
 * as_completed in the order they finish).  Each `with` block is a pool of
 * its own, shut down (and its processes joined) at the end of the block.
 *
 *  1. map(fib, [30] * 4): the results come back in input order, whatever
 *     order the workers finished in (each call notes when it ended);
 *  2. submit(fib, 30).result(): the parent blocks on the future until a
 *     worker's result reaches it;
 *  3. submit(fib, 30).add_done_callback(when_done): the parent returns at
 *     once and keeps working; the callback runs in the parent, on the
 *     pool's result thread, when the result arrives;
 *  4. evaluate_item(1..10): sequential, then a thread pool and a process
 *     pool of five, with as_completed (finishing order), and map over the
 *     same inputs (input order).
 *
 * The parts are a second apart (gap_ms) so each is seen on its own: C runs
 * fib(30) in a few milliseconds where CPython takes about 0.3 s.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

#define MAX_ITEMS 20

/* What the workers note for the parent, in memory every process shares. */
struct shared {
	double end[MAX_ITEMS]; /* when call i ended (map), lesson seconds */
	_Atomic int fired;     /* the done callback has run */
	char fired_on[32];     /* where it ran: "result-thread", or "main" when the
	                          future was done before the callback was added */
	pthread_t parent;      /* the thread that added the callback */
};

static struct shared *sh;

static long fib(int n)
{
	return n < 2 ? 1 : fib(n - 1) + fib(n - 2);
}

/* fib(n) for map: arg = index << 8 | n, so the call can note when it ended. */
static int fib_noted(uint64_t arg, uint64_t *result)
{
	*result = (uint64_t)fib((int)(arg & 0xff));
	sh->end[arg >> 8] = wf_now();
	return 0;
}

static int fib_task(uint64_t n, uint64_t *result)
{
	*result = (uint64_t)fib((int)n);
	return 0;
}

/* count(number): a loop to burn time, as in the notes. */
static long count(long number)
{
	long loops = wf_param_int("loops");
	volatile long i = 0;
	for (long k = 0; k < loops; k++)
		i = k + 1;
	return i * number;
}

static int evaluate_item(uint64_t x, uint64_t *result)
{
	*result = (uint64_t)count((long)x);
	return 0;
}

static void list_text(const uint64_t *v, size_t n, char *out, size_t size)
{
	size_t at = 0;
	out[at++] = '[';
	for (size_t i = 0; i < n && at + 24 < size; i++)
		at += (size_t)snprintf(out + at, size - at, "%s%llu", i ? ", " : "", (unsigned long long)v[i]);
	snprintf(out + at, size - at, "]");
}

/* 1: pool.map(fib, [30, 30, 30, 30]). */
static void part_map(unsigned workers, int n, bool *in_order)
{
	wf_print("-- 1. pool.map(fib, [%d] * 4)", n);
	wf_pool *p = wf_pool_new("map", workers, WF_POOL_PROCESSES);
	uint64_t args[4], results[4];
	for (int i = 0; i < 4; i++)
		args[i] = (uint64_t)i << 8 | (uint64_t)n;
	int r = wf_pool_map(p, "fib", fib_noted, args, 4, results);
	wf_pool_shutdown(p, true, false);
	char text[160];
	list_text(results, 4, text, sizeof text);
	wf_print("%s", text);
	/* the order they finished in, by the time each call noted */
	int order[4] = {0, 1, 2, 3};
	for (int i = 1; i < 4; i++)
		for (int j = i; j > 0 && sh->end[order[j]] < sh->end[order[j - 1]]; j--) {
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	wf_print("they finished in the order %d, %d, %d, %d; map gave them in input order", order[0],
		 order[1], order[2], order[3]);
	*in_order = r == 0;
	for (int i = 0; i < 4; i++)
		*in_order = *in_order && results[i] == (uint64_t)fib(n);
	wf_result("map=%llu,%llu,%llu,%llu map_finished=%d%d%d%d", (unsigned long long)results[0],
		  (unsigned long long)results[1], (unsigned long long)results[2],
		  (unsigned long long)results[3], order[0], order[1], order[2], order[3]);
}

/* 2: pool.submit(fib, 30).result(). */
static void part_result(unsigned workers, int n)
{
	wf_print("-- 2. pool.submit(fib, %d).result()", n);
	wf_pool *p = wf_pool_new("submit", workers, WF_POOL_PROCESSES);
	char name[24];
	snprintf(name, sizeof name, "fib(%d)", n);
	wf_pfuture *f = wf_pool_submit(p, name, fib_task, (uint64_t)n);
	double t0 = wf_now();
	uint64_t v = 0;
	wf_pfuture_result(f, WF_FOREVER, &v); /* the parent blocks here */
	double waited = wf_now() - t0;
	wf_print("%llu", (unsigned long long)v);
	wf_print("the parent waited %.3f s in result()", waited);
	wf_pool_shutdown(p, true, false);
	wf_result("result=%llu result_wait_ms=%.1f", (unsigned long long)v, waited * 1000);
}

static void when_done(wf_pfuture *f, void *arg)
{
	(void)arg;
	uint64_t v = 0;
	wf_pfuture_result(f, 0, &v);
	wf_print("%llu", (unsigned long long)v);
	/* As in Python: added to a future already done, it runs at once, in
	 * the thread that adds it. */
	snprintf(sh->fired_on, sizeof sh->fired_on, "%s",
		 pthread_equal(pthread_self(), sh->parent) ? "main" : "result-thread");
	atomic_store(&sh->fired, 1);
}

/* 3: pool.submit(fib, 30).add_done_callback(when_done). */
static void part_callback(unsigned workers, int n)
{
	wf_print("-- 3. pool.submit(fib, %d).add_done_callback(when_done)", n);
	wf_pool *p = wf_pool_new("callback", workers, WF_POOL_PROCESSES);
	char name[24];
	snprintf(name, sizeof name, "fib(%d)", n);
	wf_pfuture *f = wf_pool_submit(p, name, fib_task, (uint64_t)n);
	sh->parent = pthread_self();
	wf_pfuture_add_done_callback(f, when_done, NULL);
	wf_print("add_done_callback returned at once: the parent goes on working");
	long rounds = 0;
	while (!atomic_load(&sh->fired)) { /* the parent's own work, never a wait */
		volatile long sum = 0;
		for (long i = 0; i < 100000; i++)
			sum = sum + i;
		rounds++;
	}
	wf_print("the parent did %ld rounds of its own work while fib(%d) ran", rounds, n);
	wf_pool_shutdown(p, true, false);
	wf_result("callback_rounds=%ld", rounds);
}

static double item_run(const char *what, const char *key, wf_pool *p, long items)
{
	double t0 = wf_now();
	wf_pfuture *fs[MAX_ITEMS];
	for (long i = 0; i < items; i++) {
		char name[32];
		snprintf(name, sizeof name, "evaluate_item(%d)", (int)(i + 1));
		fs[i] = wf_pool_submit(p, name, evaluate_item, (uint64_t)(i + 1));
	}
	wf_as_completed *it = wf_as_completed_new(fs, (size_t)items, WF_FOREVER);
	wf_pfuture *f;
	char order[MAX_ITEMS * 4] = "";
	while (it && wf_as_completed_next(it, &f) == 0) {
		uint64_t v = 0;
		wf_pfuture_result(f, 0, &v);
		wf_print("%llu", (unsigned long long)v);
		size_t len = strlen(order); /* which item: count(x) is loops * x */
		snprintf(order + len, sizeof order - len, "%s%llu", len ? "," : "",
			 (unsigned long long)(v / (uint64_t)wf_param_int("loops")));
	}
	wf_as_completed_free(it);
	wf_pool_shutdown(p, true, false);
	double took = wf_now() - t0;
	wf_print("%s execution in %.3f seconds", what, took);
	wf_result("%s_finished=%s", key, order);
	return took;
}

/* 4: 003's concurrent-pool.py. */
static void part_items(long items)
{
	wf_print("-- 4. evaluate_item over 1..%ld: sequential, ThreadPoolExecutor(5), "
		 "ProcessPoolExecutor(5)", items);
	double t0 = wf_now();
	for (long i = 1; i <= items; i++)
		wf_print("%ld", count(i));
	double seq = wf_now() - t0;
	wf_print("Sequential execution in %.3f seconds", seq);
	double thr = item_run("Thread pool", "thread", wf_pool_new("ThreadPoolExecutor-0", 5, 0), items);
	double proc = item_run("Process pool", "process", wf_pool_new("items", 5, WF_POOL_PROCESSES), items);

	/* map over the same inputs: input order, whatever the finishing order */
	wf_pool *p = wf_pool_new("items-map", 5, WF_POOL_PROCESSES);
	uint64_t args[MAX_ITEMS], results[MAX_ITEMS];
	for (long i = 0; i < items; i++)
		args[i] = (uint64_t)(i + 1);
	wf_pool_map(p, "evaluate_item", evaluate_item, args, (size_t)items, results);
	wf_pool_shutdown(p, true, false);
	bool ordered = true;
	for (long i = 0; i < items; i++)
		ordered = ordered && results[i] == (uint64_t)(wf_param_int("loops") * (i + 1));
	wf_print("map over the same inputs: %s", ordered ? "input order" : "out of order");
	wf_result("seq_s=%.3f thread_s=%.3f process_s=%.3f items_map=%s", seq, thr, proc,
		  ordered ? "input-order" : "wrong");
}

static void run(void)
{
	sh = wf_shared_alloc(sizeof *sh);
	if (!sh) {
		wf_print("out of shared memory");
		return;
	}
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned workers = (unsigned)(wf_param_int("workers") ? wf_param_int("workers")
							       : (cpus > 0 ? cpus : 1));
	if (workers > WF_POOL_MAX_WORKERS)
		workers = WF_POOL_MAX_WORKERS;
	int n = (int)wf_param_int("n");
	wf_print("ProcessPoolExecutor(): %u workers (os.cpu_count() = %ld)", workers, cpus);
	double gap = (double)wf_param_int("gap_ms") / 1000;
	bool in_order = false;
	part_map(workers, n, &in_order);
	wf_sleep(gap);
	part_result(workers, n);
	wf_sleep(gap);
	part_callback(workers, n);
	wf_sleep(gap);
	part_items(wf_param_int("items"));
	wf_result("workers=%u map_order=%s callback_on=%s", workers, in_order ? "input" : "wrong",
		  sh->fired_on);
}

static const struct wf_param params[] = {
	{"n", NULL, "30", 1, 40, "fib(n) in parts 1-3 (fib(30) = 1346269)"},
	{"workers", NULL, "0", 0, WF_POOL_MAX_WORKERS, "processes in parts 1-3 (0: os.cpu_count())"},
	{"items", NULL, "10", 1, MAX_ITEMS, "part 4's number_list: 1..items"},
	{"loops", NULL, "10000000", 1000, 100000000, "count()'s loop in part 4"},
	{"gap_ms", NULL, "1000", 0, 5000, "lesson ms between the parts, to see each apart"},
};

const struct wf_lesson lesson_pool_futures = {
	.id = "pool-futures",
	.track = "processes",
	.title_en = "Futures on a process pool",
	.title_zh = "进程池与 Future",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	/* Part 3's parent works on, never waiting, while the callback comes:
	 * a free actor that never settles, so a step or a scheduler could
	 * never grant the workers theirs. */
	.flags = WF_LESSON_FREE_ONLY,
};
