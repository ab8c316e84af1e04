/*
 * free-threading - CPython without its interpreter lock (PEP 703; a build
 * of its own in 3.13, `python3.13t`, supported from 3.14 by PEP 779).
 *
 * Three parts, all measured on this machine:
 *
 *   1. the gil lesson's CPU-bound count() on `threads` threads, run
 *      sequentially, then on threads under an interpreter lock (the GIL of
 *      lessons/common/interp_lock.c), then on threads with no lock: with
 *      the lock the threads take about as long as one thread alone; without
 *      it they spread over the CPUs;
 *   2. what a build without the lock pays in one thread: each operation on
 *      a shared object takes that object's own small lock (CPython's
 *      PyMutex, one byte, one compare-and-swap to take, one store to let
 *      go).  `ops` list appends timed bare and with the per-object lock;
 *      the difference per operation is printed;
 *   3. why a Lock is still needed: two threads each do `ops` times
 *      `lst[0] = lst[0] + 1`.  Every read and every write takes the list's
 *      own lock, so each is atomic, but the pair is not: updates are lost.
 *      The same with a threading.Lock around the pair loses none.
 *
 * Invariant: part 3's per-object lock is real (an atomic byte a thread
 * spins and yields on), so what is lost is lost between two atomic
 * operations, never inside one.
 */
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "common/interp_lock.h"
#include "lesson.h"
#include "weft.h"

#define MAX_THREADS 8

/* ---- part 1: count() with and without the interpreter lock ----------------- */

struct work {
	struct interp_lock *gil; /* NULL: free-threaded */
	long loops;
	double interval_s;
	int number;
};

static uint64_t count(struct work *w)
{
	volatile uint64_t sink;
	uint64_t x = (uint64_t)w->number;
	for (long i = 0; i < w->loops; i++) {
		x = interp_bytecode(x);
		if (w->gil && i % INTERP_CHECK_EVERY == 0)
			interp_check(w->gil, w->interval_s);
	}
	sink = x;
	(void)sink;
	return (uint64_t)w->loops * (uint64_t)w->number;
}

static void counter(void *arg)
{
	struct work *w = arg;
	if (w->gil)
		interp_take(w->gil);
	uint64_t r = count(w);
	if (w->gil)
		interp_drop(w->gil);
	wf_print("count(%d) = %llu", w->number, (unsigned long long)r);
}

/* n counts on n threads (or on main alone when threads == 0); wall seconds. */
static double counts(struct interp_lock *gil, int n, bool threads, long loops, double interval_s,
		     const char *prefix)
{
	struct work w[MAX_THREADS];
	wf_thread t[MAX_THREADS];
	char names[MAX_THREADS][32];
	double t0 = interp_mono_s();
	for (int i = 0; i < n; i++) {
		w[i] = (struct work){gil, loops, interval_s, i + 1};
		if (!threads) {
			counter(&w[i]);
			continue;
		}
		snprintf(names[i], sizeof names[i], "%s%d", prefix, i + 1);
		wf_thread_spawn(&t[i], names[i], counter, &w[i]);
	}
	for (int i = 0; threads && i < n; i++)
		wf_thread_join(&t[i]);
	return interp_mono_s() - t0;
}

/* ---- the per-object lock (PyMutex) ------------------------------------------ */

struct pylist {
	_Atomic unsigned char lock; /* 0 free, 1 held */
	long len;
	long item[1];               /* lst[0] for part 3; appends count len only */
};

static inline void pymutex_lock(_Atomic unsigned char *m)
{
	unsigned char free_ = 0;
	while (!atomic_compare_exchange_weak_explicit(m, &free_, 1, memory_order_acquire,
						      memory_order_relaxed)) {
		free_ = 0;
		sched_yield();
	}
}

static inline void pymutex_unlock(_Atomic unsigned char *m)
{
	atomic_store_explicit(m, 0, memory_order_release);
}

/* ---- part 2: one thread, with and without per-object locking ---------------- */

static double appends(struct pylist *l, long ops, bool locked)
{
	double t0 = interp_mono_s();
	for (long i = 0; i < ops; i++) {
		if (locked)
			pymutex_lock(&l->lock);
		l->len++;
		atomic_signal_fence(memory_order_seq_cst); /* one append each, not one add of ops */
		if (locked)
			pymutex_unlock(&l->lock);
	}
	return interp_mono_s() - t0;
}

/* ---- part 3: atomic operations, a compound that is not ---------------------- */

struct racer {
	struct pylist *l;
	wf_mutex *lock; /* threading.Lock around the pair, or NULL */
	long ops;
};

static long get0(struct pylist *l)
{
	pymutex_lock(&l->lock);
	long v = l->item[0];
	pymutex_unlock(&l->lock);
	return v;
}

static void set0(struct pylist *l, long v)
{
	pymutex_lock(&l->lock);
	l->item[0] = v;
	pymutex_unlock(&l->lock);
}

static void racer(void *arg)
{
	struct racer *r = arg;
	for (long i = 0; i < r->ops; i++) {
		if (r->lock)
			wf_mutex_lock(r->lock);
		set0(r->l, get0(r->l) + 1); /* lst[0] = lst[0] + 1 */
		if (r->lock)
			wf_mutex_unlock(r->lock);
	}
}

static long race(struct pylist *l, long ops, wf_mutex *lock)
{
	l->item[0] = 0;
	struct racer r = {l, lock, ops};
	wf_thread a, b;
	wf_thread_spawn(&a, lock ? "L1" : "R1", racer, &r);
	wf_thread_spawn(&b, lock ? "L2" : "R2", racer, &r);
	wf_thread_join(&a);
	wf_thread_join(&b);
	return l->item[0];
}

static void run(void)
{
	int n = (int)wf_param_int("threads");
	long loops = wf_param_int("loops"), ops = wf_param_int("ops");
	double interval_s = 0.005;
	struct interp_lock *gil = wf_shared_alloc(sizeof *gil);
	/* The list lives on a cache line of its own: what is measured is the
	 * lock, not another thread's traffic on the same line. */
	static _Alignas(64) struct pylist list;
	struct pylist *l = &list;
	if (!gil)
		return;
	gil->lock = wf_mutex_new("GIL", 0);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	wf_print("-- 1. count() x %d: one thread, %d threads with the GIL, %d without --", n, n, n);
	double seq = counts(NULL, n, false, loops, interval_s, "");
	wf_print("one thread: %.2f s", seq);
	double with = counts(gil, n, true, loops, interval_s, "G");
	wf_print("%d threads with the GIL: %.2f s (%.2f x one thread)", n, with, with / seq);
	double without = counts(NULL, n, true, loops, interval_s, "F");
	wf_print("%d threads without it: %.2f s (%.2f x one thread; %ld CPUs)", n, without, without / seq,
		 cpus);

	wf_print("-- 2. one thread, %ld list appends: bare, then each under the list's own lock --", ops);
	double bare = appends(l, ops, false);
	double locked = appends(l, ops, true);
	double extra_ns = (locked - bare) * 1e9 / (double)ops;
	wf_print("bare %.2f ms, locked %.2f ms: %.1f ns more an append", bare * 1e3, locked * 1e3, extra_ns);

	wf_print("-- 3. two threads, %ld x lst[0] = lst[0] + 1 each --", ops);
	long lost_free = 2 * ops - race(l, ops, NULL);
	wf_print("without a Lock: lst[0] = %ld, expected %ld, lost %ld", 2 * ops - lost_free, 2 * ops,
		 lost_free);
	wf_mutex *lock = wf_mutex_new("lock", 0);
	long got = race(l, ops, lock);
	wf_print("with a Lock around the pair: lst[0] = %ld, expected %ld, lost %ld", got, 2 * ops,
		 2 * ops - got);
	wf_result("seq_s=%.3f gil_s=%.3f nogil_s=%.3f gil_vs_seq=%.2f nogil_vs_seq=%.2f cpus=%ld "
		  "append_ns=%.1f locked_append_ns=%.1f lost_without_lock=%ld lost_with_lock=%ld",
		  seq, with, without, with / seq, without / seq, cpus, bare * 1e9 / (double)ops,
		  locked * 1e9 / (double)ops, lost_free, 2 * ops - got);
}

static const struct wf_param params[] = {
	{"threads", NULL, "2", 1, MAX_THREADS, "threads (and count() calls) in part 1"},
	{"loops", NULL, "10000000", 1000, 100000000, "bytecodes in one count() (real CPU time)"},
	{"ops", NULL, "1000000", 1000, 10000000, "appends in part 2, increments per thread in part 3"},
};

const struct wf_lesson lesson_free_threading = {
	.id = "free-threading",
	.track = "modern",
	.title_en = "Free-threaded Python: no GIL, and still a Lock",
	.title_zh = "自由线程 Python：没有 GIL，仍然要加锁",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
