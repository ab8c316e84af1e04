/*
 * mn-scheduler - coroutines run by two worker threads (M:N), two ways.
 *
 * The notes' interview question (003, "why do coroutine runtimes mostly
 * use one thread?") gives two reasons: workers that share one run queue
 * must lock it, and a coroutine that hops between threads loses its CPU
 * caches.  Both are measured here:
 *
 * Lanes: the coroutines s1.. (shared) and p1.. (per thread) under main,
 * the workers sW1, sW2 and pW1, pW2.
 *
 *  1. shared: one run queue behind one wf_mutex ("run queue"); each worker
 *     locks it to pop a coroutine, runs it for one step (until it yields),
 *     locks it again to push it back.  The lock panel shows the
 *     contentions and the wait; a coroutine runs on whichever worker popped
 *     it, so it moves between threads (counted: a step on another worker
 *     than its last one).
 *  2. per thread: each worker has a run queue of its own, touched by no
 *     one else, so it needs no lock; coroutines are dealt out once and
 *     never move.
 *
 * Results: steps (switches into a coroutine) per second of each phase,
 * measured with CLOCK_MONOTONIC, and moves.  The lock's acquisitions,
 * contentions and wait are the mutex's own counters (the lock panel, and
 * the `object:` line of a headless run).
 *
 * Migration is real: a coroutine suspended on one thread is resumed by the
 * other.  That is safe because sim/coro keeps no thread-local address
 * across a switch, and because this file's coroutine body calls nothing
 * that touches thread-local state (no wf_* call with a source-line macro)
 * between its yields.  CPU work does not follow --speed.
 */
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "lesson.h"
#include "weft.h"

#define MAX_COROS 32
#define WORKERS 2

struct task {
	wf_coro *coro;
	int last;               /* the worker that ran its last step, -1: none yet */
};

struct runq {
	struct task *slot[MAX_COROS + 1];
	unsigned head, tail;    /* a ring: empty when equal */
	wf_mutex *lock;         /* NULL: private to one worker */
};

struct worker {
	int id;
	struct runq *q;
	long steps, moves;
};

static long work, steps_each;
static _Atomic int alive;   /* coroutines not finished */
static struct task tasks[MAX_COROS];

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void push(struct runq *q, struct task *t)
{
	q->slot[q->tail] = t;
	q->tail = (q->tail + 1) % (MAX_COROS + 1);
}

static struct task *pop(struct runq *q)
{
	if (q->head == q->tail)
		return NULL;
	struct task *t = q->slot[q->head];
	q->head = (q->head + 1) % (MAX_COROS + 1);
	return t;
}

static void take(struct worker *w)
{
	if (w->q->lock)
		wf_mutex_lock(w->q->lock);
}

static void give(struct worker *w)
{
	if (w->q->lock)
		wf_mutex_unlock(w->q->lock);
}

/* A coroutine's life: `steps_each` steps of arithmetic, a yield after each. */
static uint64_t body(void *arg)
{
	uint64_t x = (uint64_t)(uintptr_t)arg;
	for (long s = 0; s < steps_each; s++) {
		for (long i = 0; i < work; i++)
			x = x * 6364136223846793005u + 1442695040888963407u;
		wf_yield(x);
	}
	return x;
}

static void worker(void *arg)
{
	struct worker *w = arg;
	for (;;) {
		take(w);
		struct task *t = pop(w->q);
		give(w);
		if (!t) {
			if (atomic_load(&alive) == 0)
				break;
			sched_yield(); /* the others are out running; look again */
			continue;
		}
		if (t->last >= 0 && t->last != w->id)
			w->moves++;
		t->last = w->id;
		w->steps++;
		if (wf_coro_send(t->coro, 0, NULL) == WF_EDONE) {
			atomic_fetch_sub(&alive, 1);
			continue;
		}
		take(w);
		push(w->q, t);
		give(w);
	}
}

static void phase(const char *how, int ncoros, struct runq q[WORKERS], bool shared)
{
	char name[24];
	atomic_store(&alive, ncoros);
	for (int i = 0; i < ncoros; i++) {
		snprintf(name, sizeof name, "%s%d", shared ? "s" : "p", i + 1);
		tasks[i] = (struct task){wf_coro_new(name, body, (void *)(uintptr_t)(i + 1)), -1};
		if (!tasks[i].coro)
			return;
		push(shared ? &q[0] : &q[i % WORKERS], &tasks[i]);
	}
	struct worker w[WORKERS];
	wf_thread t[WORKERS];
	double t0 = mono_s();
	for (int i = 0; i < WORKERS; i++) {
		w[i] = (struct worker){.id = i, .q = shared ? &q[0] : &q[i]};
		snprintf(name, sizeof name, "%sW%d", shared ? "s" : "p", i + 1);
		wf_thread_spawn(&t[i], name, worker, &w[i]);
	}
	for (int i = 0; i < WORKERS; i++)
		wf_thread_join(&t[i]);
	double wall = mono_s() - t0;
	long steps = w[0].steps + w[1].steps, moves = w[0].moves + w[1].moves;
	wf_print("%s: %ld steps in %.3f s = %.0f switches/s; W1 ran %ld, W2 %ld", how, steps, wall,
		 (double)steps / wall, w[0].steps, w[1].steps);
	wf_print("%s: %ld of the steps moved a coroutine to the other thread (%.0f%%)", how, moves,
		 100.0 * (double)moves / (double)steps);
	wf_result("%s_per_s=%.0f %s_moves=%ld %s_steps=%ld %s_w1=%ld %s_w2=%ld", how,
		  (double)steps / wall, how, moves, how, steps, how, w[0].steps, how, w[1].steps);
	for (int i = 0; i < ncoros; i++)
		wf_coro_free(tasks[i].coro);
}

static void run(void)
{
	int ncoros = (int)wf_param_int("coros");
	work = wf_param_int("work");
	steps_each = wf_param_int("steps");
	const char *mode = wf_param_str("queue");
	wf_print("%d coroutines x %ld steps, %ld arithmetic ops a step, on %d worker threads", ncoros,
		 steps_each, work, WORKERS);
	static struct runq shared[WORKERS], own[WORKERS];
	shared[0].lock = wf_mutex_new("run queue", 0);
	if (!wf_param_is("queue", "own"))
		phase("shared", ncoros, shared, true);
	if (mode[0] == 'b')
		wf_sleep(0.5); /* a gap between the two on the timeline */
	if (!wf_param_is("queue", "shared"))
		phase("own", ncoros, own, false);
}

static const struct wf_param params[] = {
	{"queue", "both|shared|own", "both", 0, 0,
	 "shared: one locked run queue; own: one per worker; both: one then the other"},
	{"coros", NULL, "8", 2, MAX_COROS, "coroutines"},
	{"steps", NULL, "3000", 10, 100000, "steps (yields) per coroutine"},
	{"work", NULL, "1000", 0, 1000000, "arithmetic operations per step (real CPU time)"},
};

const struct wf_lesson lesson_mn_scheduler = {
	.id = "mn-scheduler",
	.track = "coroutines",
	.title_en = "M:N scheduling: coroutines on two threads",
	.title_zh = "M:N 调度：两个线程上的协程",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
