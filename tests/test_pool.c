/*
 * test_pool.c - wf_pfuture (concurrent.futures.Future) and wf_pool
 * (thread and process pool executors): every wait mode, cancellation,
 * callbacks in the completing thread, a result crossing processes, and
 * the events the executors write (submit, start, end, a worker reused).
 *
 * Each test maps a fresh arena with lesson time at speed 1 and makes the
 * test thread actor 0 ("main"), then reads the rings itself.  Sleeps are a
 * few lesson milliseconds; orders are forced by who waits for whom, never
 * by a duration alone, and nothing asserts a duration.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "model_pool.h"
#include "weft.h"
#include "widgets.h"
#include "fixtures.h"

#define MAIN 0
#define LOG_MAX 512

struct log {
	struct wf_ev ev[LOG_MAX];
	size_t n;
};

static struct log logs[ARENA_MAX_ACTORS];

static struct log *collect(uint16_t id)
{
	struct log *l = &logs[id];
	l->n += ring_drain(&wf_arena->rings[id], l->ev + l->n, LOG_MAX - l->n);
	return l;
}

/* How many events of `type` (on obj, unless WF_NONE) actor id wrote. */
static size_t count_ev(uint16_t id, unsigned type, uint16_t obj)
{
	struct log *l = collect(id);
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += l->ev[i].type == type && (obj == WF_NONE || l->ev[i].obj == obj);
	return n;
}

/* The first event of `type` actor id wrote, or fails. */
static const struct wf_ev *first_ev(uint16_t id, unsigned type)
{
	struct log *l = collect(id);
	for (size_t i = 0; i < l->n; i++)
		if (l->ev[i].type == type)
			return &l->ev[i];
	fail_msg("actor %u wrote no %s event", (unsigned)id, ev_type_name(type));
	return NULL;
}

static int setup(void **state)
{
	(void)state;
	memset(logs, 0, sizeof logs);
	return fixture_arena_up(1.0, true);
}

static int teardown(void **state)
{
	(void)state;
	return fixture_arena_down();
}

/* The object id of the future most recently made (its EV_OBJ_NEW). */
static uint16_t last_object(void)
{
	return (uint16_t)(atomic_load(&wf_arena->ctl.object_count) - 1);
}

/* ---- a thread that completes a future after a delay -------------------- */

struct completer {
	wf_pfuture *f;
	double delay;
	int how; /* 0 result, 1 exception, 2 cancel */
	uint64_t value;
};

static void complete_later(void *arg)
{
	struct completer *c = arg;
	wf_sleep(c->delay);
	if (c->how == 0)
		wf_pfuture_set_result(c->f, c->value);
	else if (c->how == 1)
		wf_pfuture_set_exception(c->f, (int)c->value);
	else
		wf_pfuture_cancel(c->f);
}

/* ---- the future ---------------------------------------------------------- */

static void test_pool_result_blocks_until_set(void **state)
{
	(void)state;
	wf_pfuture *f = wf_pfuture_new("f");
	uint16_t obj = last_object();
	assert_false(wf_pfuture_done(f));
	struct completer c = {f, 0.02, 0, 42};
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "setter", complete_later, &c), 0);
	uint64_t v = 0;
	assert_int_equal(wf_pfuture_result(f, WF_FOREVER, &v), 0);
	assert_int_equal(v, 42);
	assert_true(wf_pfuture_done(f));
	wf_thread_join(&t);
	/* main was drawn blocked on the future, then woken (not timed out) */
	assert_int_equal(count_ev(MAIN, EV_WAIT, obj), 1);
	const struct wf_ev *wake = first_ev(MAIN, EV_WAKE);
	assert_int_equal(wake->obj, obj);
	assert_int_equal(wake->a, 0);
	/* the setter reported the state: finished with 42 */
	const struct wf_ev *st = first_ev(t.actor, EV_FUT_STATE);
	assert_int_equal(st->obj, obj);
	assert_int_equal(st->a, PF_FINISHED);
	assert_int_equal(st->b, 42);
	/* a result already there does not block */
	assert_int_equal(wf_pfuture_result(f, 0, &v), 0);
	assert_int_equal(count_ev(MAIN, EV_WAIT, obj), 1);
}

static void test_pool_result_times_out(void **state)
{
	(void)state;
	wf_pfuture *f = wf_pfuture_new("never");
	uint16_t obj = last_object();
	assert_int_equal(wf_pfuture_result(f, 0.01, NULL), WF_ETIMEDOUT);
	assert_int_equal(wf_pfuture_exception(f, 0), WF_ETIMEDOUT);
	const struct wf_ev *wake = first_ev(MAIN, EV_WAKE);
	assert_int_equal(wake->obj, obj);
	assert_int_equal(wake->a, 1);
	assert_false(wf_pfuture_done(f));
}

static void test_pool_exception_is_raised_by_result(void **state)
{
	(void)state;
	wf_pfuture *f = wf_pfuture_new("boom");
	struct completer c = {f, 0.01, 1, (uint64_t)(int64_t)(WF_EUSER - 3)};
	wf_thread t;
	wf_thread_spawn(&t, "raiser", complete_later, &c);
	assert_int_equal(wf_pfuture_exception(f, WF_FOREVER), WF_EUSER - 3);
	assert_int_equal(wf_pfuture_result(f, WF_FOREVER, NULL), WF_EUSER - 3);
	wf_thread_join(&t);
	assert_int_equal(wf_pfuture_set_result(f, 1), WF_ESTATE); /* InvalidStateError */
	wf_pfuture *ok = wf_pfuture_new("ok");
	wf_pfuture_set_result(ok, 7);
	assert_int_equal(wf_pfuture_exception(ok, 0), 0);
}

static void test_pool_cancel(void **state)
{
	(void)state;
	wf_pfuture *f = wf_pfuture_new("pending");
	assert_true(wf_pfuture_cancel(f));
	assert_true(wf_pfuture_cancelled(f));
	assert_true(wf_pfuture_done(f));
	assert_true(wf_pfuture_cancel(f)); /* cancelled already: still true */
	assert_false(wf_pfuture_set_running(f));
	assert_int_equal(wf_pfuture_result(f, 0, NULL), WF_ECANCELLED);
	assert_int_equal(wf_pfuture_exception(f, 0), WF_ECANCELLED);
	assert_int_equal(wf_pfuture_set_result(f, 1), WF_ESTATE);

	wf_pfuture *r = wf_pfuture_new("running");
	assert_true(wf_pfuture_set_running(r));
	assert_true(wf_pfuture_running(r));
	assert_false(wf_pfuture_cancel(r));
	assert_int_equal(wf_pfuture_set_result(r, 5), 0);
	assert_false(wf_pfuture_cancel(r));

	/* a waiter is woken by the cancel */
	wf_pfuture *w = wf_pfuture_new("waited");
	struct completer c = {w, 0.01, 2, 0};
	wf_thread t;
	wf_thread_spawn(&t, "canceller", complete_later, &c);
	assert_int_equal(wf_pfuture_result(w, WF_FOREVER, NULL), WF_ECANCELLED);
	wf_thread_join(&t);
}

/* ---- done callbacks -------------------------------------------------------- */

struct seen {
	uint16_t actor[4];
	pthread_t thread[4];
	int n;
};

static void note_caller(wf_pfuture *f, void *arg)
{
	(void)f;
	struct seen *s = arg;
	s->actor[s->n] = actor_self.id;
	s->thread[s->n] = pthread_self();
	s->n++;
}

static void test_pool_callback_runs_in_completing_thread(void **state)
{
	(void)state;
	struct seen s = {0};
	wf_pfuture *f = wf_pfuture_new("cb");
	uint16_t obj = last_object();
	assert_int_equal(wf_pfuture_add_done_callback(f, note_caller, &s), 0);
	assert_int_equal(s.n, 0);
	struct completer c = {f, 0.01, 0, 1};
	wf_thread t;
	wf_thread_spawn(&t, "completer", complete_later, &c);
	wf_thread_join(&t);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.actor[0], t.actor);
	assert_true(pthread_equal(s.thread[0], (pthread_t)t.handle));
	const struct wf_ev *cb = first_ev(t.actor, EV_FUT_CALLBACK);
	assert_int_equal(cb->obj, obj);
	assert_int_equal(cb->a, 0);
	/* added once done: runs at once, here */
	assert_int_equal(wf_pfuture_add_done_callback(f, note_caller, &s), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.actor[1], MAIN);
	assert_int_equal(count_ev(MAIN, EV_FUT_CALLBACK, obj), 1);
	/* a cancel runs them too, in the canceller */
	wf_pfuture *g = wf_pfuture_new("cancelled");
	wf_pfuture_add_done_callback(g, note_caller, &s);
	wf_pfuture_cancel(g);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.actor[2], MAIN);
}

/* ---- wait and as_completed ------------------------------------------------- */

/* Three futures completed by one thread: fs[order[0]] first, ... */
struct sequence {
	wf_pfuture *fs[3];
	int order[3];
	int raise; /* index completed with an exception, -1: none */
	double gap;
};

static void complete_in_order(void *arg)
{
	struct sequence *q = arg;
	for (int i = 0; i < 3; i++) {
		wf_sleep(q->gap);
		int k = q->order[i];
		if (k == q->raise)
			wf_pfuture_set_exception(q->fs[k], WF_EUSER - 1);
		else
			wf_pfuture_set_result(q->fs[k], (uint64_t)k);
	}
}

static void make_three(struct sequence *q, int a, int b, int c, int raise, double gap)
{
	for (int i = 0; i < 3; i++) {
		char name[16];
		snprintf(name, sizeof name, "f%d", i);
		q->fs[i] = wf_pfuture_new(name);
	}
	q->order[0] = a;
	q->order[1] = b;
	q->order[2] = c;
	q->raise = raise;
	q->gap = gap;
}

static void test_pool_wait_first_completed(void **state)
{
	(void)state;
	struct sequence q;
	make_three(&q, 1, 0, 2, -1, 0.02);
	wf_thread t;
	wf_thread_spawn(&t, "seq", complete_in_order, &q);
	bool done[3];
	int n = wf_pfuture_wait(q.fs, 3, WF_FIRST_COMPLETED, WF_FOREVER, done);
	assert_true(n >= 1);
	assert_true(done[1]);
	wf_thread_join(&t);
}

static void test_pool_wait_first_exception(void **state)
{
	(void)state;
	struct sequence q;
	make_three(&q, 2, 0, 1, 0, 0.02); /* f2 fine, then f0 raises, then f1 */
	wf_thread t;
	wf_thread_spawn(&t, "seq", complete_in_order, &q);
	bool done[3];
	int n = wf_pfuture_wait(q.fs, 3, WF_FIRST_EXCEPTION, WF_FOREVER, done);
	assert_true(done[0] && done[2]);
	assert_true(n >= 2);
	assert_int_equal(wf_pfuture_exception(q.fs[0], 0), WF_EUSER - 1);
	wf_thread_join(&t);
	/* with no exception at all it waits for every one */
	struct sequence r;
	make_three(&r, 0, 1, 2, -1, 0.01);
	wf_thread_spawn(&t, "seq2", complete_in_order, &r);
	assert_int_equal(wf_pfuture_wait(r.fs, 3, WF_FIRST_EXCEPTION, WF_FOREVER, done), 3);
	wf_thread_join(&t);
}

static void test_pool_wait_all_completed_and_timeout(void **state)
{
	(void)state;
	struct sequence q;
	make_three(&q, 0, 2, 1, -1, 0.01);
	wf_thread t;
	wf_thread_spawn(&t, "seq", complete_in_order, &q);
	bool done[3];
	assert_int_equal(wf_pfuture_wait(q.fs, 3, WF_ALL_COMPLETED, WF_FOREVER, done), 3);
	assert_true(done[0] && done[1] && done[2]);
	wf_thread_join(&t);

	wf_pfuture *open[2] = {wf_pfuture_new("a"), wf_pfuture_new("b")};
	wf_pfuture_set_result(open[0], 1);
	assert_int_equal(wf_pfuture_wait(open, 2, WF_ALL_COMPLETED, 0.01, done), 1);
	assert_true(done[0]);
	assert_false(done[1]);
}

/* A wait on several futures is drawn on the first still pending, and
 * moves to the next when that one finishes first. */
static void test_pool_wait_is_drawn_on_the_pending_future(void **state)
{
	(void)state;
	struct sequence q;
	make_three(&q, 0, 1, 2, -1, 0.02);
	uint16_t f0 = (uint16_t)(last_object() - 2);
	wf_thread t;
	wf_thread_spawn(&t, "seq", complete_in_order, &q);
	assert_int_equal(wf_pfuture_wait(q.fs, 3, WF_ALL_COMPLETED, WF_FOREVER, NULL), 3);
	wf_thread_join(&t);
	struct log *l = collect(MAIN);
	uint16_t seen[8];
	size_t n = 0;
	for (size_t i = 0; i < l->n && n < 8; i++)
		if (l->ev[i].type == EV_WAIT)
			seen[n++] = l->ev[i].obj;
	assert_int_equal(n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(seen[i], f0 + i);
	assert_int_equal(count_ev(MAIN, EV_WAKE, WF_NONE), 3);
}

static void test_pool_as_completed_in_finishing_order(void **state)
{
	(void)state;
	struct sequence q;
	make_three(&q, 2, 0, 1, -1, 0.02);
	wf_pfuture *all[4] = {q.fs[0], q.fs[1], q.fs[2], wf_pfuture_new("early")};
	wf_pfuture_set_result(all[3], 9); /* done before the iteration: given first */
	wf_thread t;
	wf_thread_spawn(&t, "seq", complete_in_order, &q);
	wf_as_completed *it = wf_as_completed_new(all, 4, WF_FOREVER);
	assert_non_null(it);
	wf_pfuture *got[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(wf_as_completed_next(it, &got[i]), 0);
	assert_int_equal(wf_as_completed_next(it, &got[0]), WF_EDONE);
	wf_as_completed_free(it);
	wf_thread_join(&t);
	assert_ptr_equal(got[0], all[3]);
	assert_ptr_equal(got[1], q.fs[2]);
	assert_ptr_equal(got[2], q.fs[0]);
	assert_ptr_equal(got[3], q.fs[1]);

	wf_pfuture *never = wf_pfuture_new("never");
	it = wf_as_completed_new(&never, 1, 0.01);
	assert_int_equal(wf_as_completed_next(it, &got[0]), WF_ETIMEDOUT);
	wf_as_completed_free(it);
}

/* ---- across processes --------------------------------------------------- */

static void child_sets(void *arg)
{
	wf_sleep(0.02);
	wf_pfuture_set_result(arg, (uint64_t)getpid());
}

static void test_pool_result_crosses_processes(void **state)
{
	(void)state;
	wf_pfuture *f = wf_pfuture_new("from child");
	wf_process p;
	assert_int_equal(wf_process_spawn(&p, "child", child_sets, f), 0);
	uint64_t v = 0;
	assert_int_equal(wf_pfuture_result(f, 10.0, &v), 0);
	assert_int_equal(v, (uint64_t)p.pid);
	assert_int_equal(wf_process_join(&p), 0);
	assert_true(WIFEXITED(p.status) && WEXITSTATUS(p.status) == 0);
}

/* ---- executors ----------------------------------------------------------- */

/* Sleeps arg lesson ms and returns arg * 10; arg 0 raises. */
static int nap(uint64_t arg, uint64_t *result)
{
	if (arg == 0)
		return WF_EUSER - 2;
	wf_sleep((double)arg / 1000);
	*result = arg * 10;
	return 0;
}

/* Checks a pool's events: one submit per call from main, one start and
 * one end per call from the workers, a worker that ran two or more. */
static void check_pool_events(uint16_t pool, uint16_t first_worker, unsigned workers, size_t calls)
{
	assert_int_equal(count_ev(MAIN, EV_TASK_SUBMIT, pool), calls);
	size_t starts = 0, ends = 0, most = 0;
	for (unsigned w = 0; w < workers; w++) {
		size_t s = count_ev((uint16_t)(first_worker + w), EV_TASK_START, pool);
		starts += s;
		ends += count_ev((uint16_t)(first_worker + w), EV_TASK_END, pool);
		if (s > most)
			most = s;
		/* each start is followed by its end before the next start */
		struct log *l = collect((uint16_t)(first_worker + w));
		uint64_t open = UINT64_MAX;
		for (size_t i = 0; i < l->n; i++) {
			if (l->ev[i].type == EV_TASK_START) {
				assert_int_equal(open, UINT64_MAX);
				assert_int_equal(l->ev[i].b, w);
				open = l->ev[i].a;
			} else if (l->ev[i].type == EV_TASK_END) {
				assert_int_equal(l->ev[i].a, open);
				open = UINT64_MAX;
			}
		}
	}
	assert_int_equal(starts, calls);
	assert_int_equal(ends, calls);
	assert_true(most >= 2); /* more calls than workers: a worker was reused */
}

static void test_pool_thread_pool_map_in_input_order(void **state)
{
	(void)state;
	wf_pool *p = wf_pool_new("ThreadPoolExecutor-0", 2, 0);
	assert_non_null(p);
	uint16_t pool = last_object();
	assert_int_equal(wf_arena->objects[pool].kind, OBJ_POOL);
	assert_int_equal(arena_actor_count(wf_arena), 1); /* threads start with the calls */
	uint64_t args[4] = {40, 10, 30, 5}, results[4];
	assert_int_equal(wf_pool_map(p, "nap", nap, args, 4, results), 0);
	assert_int_equal(arena_actor_count(wf_arena), 3); /* never more than its size */
	assert_string_equal(wf_arena->actors[1].name, "ThreadPoolExecutor-0_0");
	assert_string_equal(wf_arena->actors[2].name, "ThreadPoolExecutor-0_1");
	for (int i = 0; i < 4; i++)
		assert_int_equal(results[i], args[i] * 10);
	assert_int_equal(wf_pool_queued(p), 0);
	assert_int_equal(wf_pool_shutdown(p, true, false), 0);
	check_pool_events(pool, 1, 2, 4);
	assert_null(wf_pool_submit(p, "late", nap, 1)); /* after shutdown */
}

static void test_pool_thread_pool_callbacks_on_worker_lanes(void **state)
{
	(void)state;
	wf_pool *p = wf_pool_new("tp", 2, 0);
	struct seen s = {0};
	wf_pfuture *f = wf_pool_submit(p, "one", nap, 10);
	wf_pfuture_add_done_callback(f, note_caller, &s);
	uint64_t v;
	assert_int_equal(wf_pfuture_result(f, WF_FOREVER, &v), 0);
	assert_int_equal(v, 100);
	wf_pfuture *bad = wf_pool_submit(p, "raises", nap, 0);
	assert_int_equal(wf_pfuture_result(bad, WF_FOREVER, NULL), WF_EUSER - 2);
	wf_pool_shutdown(p, true, false);
	assert_int_equal(s.n, 1);
	assert_true(s.actor[0] == 1 || s.actor[0] == 2); /* a worker, not main */
	int pid;
	uint16_t who;
	assert_int_equal(wf_pool_worker_of(p, f, &pid, &who), 0);
	assert_int_equal(pid, getpid());
	assert_int_equal(who, s.actor[0]);
}

static void test_pool_shutdown_cancels_queued(void **state)
{
	(void)state;
	wf_pool *p = wf_pool_new("one", 1, 0);
	wf_pfuture *busy = wf_pool_submit(p, "busy", nap, 30);
	wf_pfuture *queued[3];
	for (int i = 0; i < 3; i++)
		queued[i] = wf_pool_submit(p, "queued", nap, 30);
	while (!wf_pfuture_running(busy))
		wf_sleep(0.001);
	assert_int_equal(wf_pool_queued(p), 3);
	assert_int_equal(wf_pool_shutdown(p, true, true), 0);
	assert_int_equal(wf_pfuture_result(busy, 0, NULL), 0);
	for (int i = 0; i < 3; i++)
		assert_true(wf_pfuture_cancelled(queued[i]));
	assert_int_equal(count_ev(1, EV_TASK_START, WF_NONE), 1);
	assert_int_equal(count_ev(1, EV_TASK_END, WF_NONE), 4); /* three dropped */
}

static void test_pool_process_pool_reuses_pids(void **state)
{
	(void)state;
	wf_pool *p = wf_pool_new("ForkPoolWorker", 2, WF_POOL_PROCESSES);
	assert_non_null(p);
	uint16_t pool = (uint16_t)(atomic_load(&wf_arena->ctl.object_count) - 1);
	assert_string_equal(wf_arena->actors[1].name, "ForkPoolWorker-1");
	assert_string_equal(wf_arena->actors[3].name, "ForkPoolWorker-results");
	struct seen s = {0};
	wf_pfuture *fs[3];
	uint64_t args[3] = {30, 10, 10};
	for (int i = 0; i < 3; i++)
		fs[i] = wf_pool_submit(p, "nap", nap, args[i]);
	wf_pfuture_add_done_callback(fs[0], note_caller, &s);
	int pids[3];
	for (int i = 0; i < 3; i++) {
		uint64_t v;
		assert_int_equal(wf_pfuture_result(fs[i], WF_FOREVER, &v), 0);
		assert_int_equal(v, args[i] * 10);
		assert_int_equal(wf_pool_worker_of(p, fs[i], &pids[i], NULL), 0);
		assert_int_not_equal(pids[i], getpid());
	}
	assert_int_equal(wf_pool_shutdown(p, true, false), 0);
	/* three calls on two processes: two of them ran in the same one */
	assert_true(pids[0] == pids[1] || pids[0] == pids[2] || pids[1] == pids[2]);
	check_pool_events(pool, 1, 2, 3);
	/* the callback ran in the parent, on the result thread's lane */
	assert_int_equal(s.n, 1);
	assert_int_equal(s.actor[0], 3);
}

/* ---- the model's fold and the pool view --------------------------------- */

#define MS 1000000LL

/* Two workers, three calls: 0 and 1 at once, 2 queued until worker 0 is
 * free at 2 s and reused; futures 11..13 named call0..call2. */
static model *pool_story(void)
{
	model *m = model_new();
	fixture_fold(m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	fixture_fold(m, 0, 1, EV_SPAWN, WF_NONE, 0, 2ull << 32 | 2, "w-1");
	fixture_fold(m, 0, 2, EV_SPAWN, WF_NONE, 0, 3ull << 32 | 3, "w-2");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 10, OBJ_POOL, 2, "w");
	for (int i = 0; i < 3; i++) {
		char name[8];
		snprintf(name, sizeof name, "call%d", i);
		fixture_fold(m, 1 * MS, 0, EV_OBJ_NEW, (uint16_t)(11 + i), OBJ_FUTURE, 0, name);
		fixture_fold(m, 1 * MS, 0, EV_TASK_SUBMIT, 10, (uint64_t)i, (uint64_t)(11 + i), NULL);
	}
	fixture_fold(m, 2 * MS, 1, EV_TASK_START, 10, 0, 0, NULL);
	fixture_fold(m, 2 * MS, 2, EV_TASK_START, 10, 1, 1, NULL);
	fixture_fold(m, 2000 * MS, 1, EV_TASK_END, 10, 0, 0, NULL);
	fixture_fold(m, 2000 * MS, 1, EV_FUT_STATE, 11, PF_FINISHED, 7, NULL);
	fixture_fold(m, 2001 * MS, 1, EV_TASK_START, 10, 2, 0, NULL);
	return m;
}

static void test_pool_model_folds_workers_and_queue(void **state)
{
	(void)state;
	model *m = pool_story();
	assert_int_equal(model_pool_count(m), 1);
	const struct model_pool *p = model_pool_of(m, 10);
	assert_non_null(p);
	assert_int_equal(p->submitted, 3);
	assert_int_equal(p->started, 3);
	assert_int_equal(p->ended, 1);
	assert_int_equal(p->depth, 0);
	assert_int_equal(p->peak, 3);
	assert_int_equal(p->reused, 1);
	assert_int_equal(p->workers, 2);
	assert_int_equal(p->worker[0].actor, 1);
	assert_int_equal(p->worker[0].task, 2);
	assert_int_equal(p->worker[0].tasks, 2);
	assert_int_equal(p->worker[1].task, 1);
	assert_int_equal(model_pool_task_future(m, p, 2), 13);
	/* depth 3 at 1 ms, 1 from 2 ms until 2001 ms, then 0 */
	assert_int_equal(p->series_len, 3);
	assert_int_equal(p->series[1].depth, 1);
	assert_int_equal(p->series[1].t, 2 * MS);
	assert_int_equal(p->series[2].depth, 0);
	uint64_t v = 0;
	assert_int_equal(model_future_state(m, 11, &v), PF_FINISHED);
	assert_int_equal(v, 7);
	assert_int_equal(model_future_state(m, 12, NULL), -1);
	/* the shape fold: the pool's queue and counters, the future's state */
	assert_int_equal(model_object(m, 10)->value, 0);
	assert_int_equal(model_object(m, 10)->ev_count[0], 3);
	assert_int_equal(model_object(m, 11)->value, PF_FINISHED);
	model *c = model_clone(m);
	assert_non_null(c);
	assert_int_equal(model_pool_of(c, 10)->series[1].depth, 1);
	model_free(m);
	assert_int_equal(model_pool_of(c, 10)->reused, 1);
	model_free(c);
}

static const char *row_of(canvas *c, int y)
{
	static char buf[512];
	canvas_row_text(c, y, buf, sizeof buf);
	for (size_t n = strlen(buf); n > 0 && buf[n - 1] == ' ';)
		buf[--n] = 0;
	return buf;
}

static void test_pool_view_shows_workers_pids_and_calls(void **state)
{
	(void)state;
	model *m = pool_story();
	canvas *c = canvas_new(60, 8);
	struct look k = {false, true};
	assert_int_equal(poolview_height(m), 2 + 2 + 2);
	poolview_draw(c, (struct rect){0, 0, 60, 6}, m, 0, 4000 * MS, 2500 * MS, &k);
	assert_string_equal(row_of(c, 0), "w 2 workers");
	assert_string_equal(row_of(c, 1), " queued 0 (max 3)  done 1/3  reused 1");
	assert_string_equal(row_of(c, 2), " w-1 pid 2 call2 0.5s x2");
	assert_string_equal(row_of(c, 3), " w-2 pid 3 call1 2.5s x1");
	/* the queue over 0 .. 4 s, 53 columns of 75 ms: the peak of 3 in the
	 * first fills both rows, depth 1 until 2.001 s (27 columns) the lower */
	assert_string_equal(row_of(c, 4), "       #");
	assert_string_equal(row_of(c, 5), " queue ###########################__________________________");
	canvas_free(c);
	model_free(m);
}

/* Thread workers (the pool's own pid) are shown by their tid, and slots no
 * call reached yet are only counted. */
static void test_pool_view_thread_workers(void **state)
{
	(void)state;
	model *m = model_new();
	fixture_fold(m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 5ull << 32 | 5, "main");
	fixture_fold(m, 0, 1, EV_SPAWN, WF_NONE, 0, 5ull << 32 | 77, "tp_0");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 3, OBJ_POOL, 4, "tp");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 4, OBJ_FUTURE, 0, "job");
	fixture_fold(m, 1 * MS, 0, EV_TASK_SUBMIT, 3, 0, 4, NULL);
	fixture_fold(m, 1 * MS, 1, EV_TASK_START, 3, 0, 0, NULL);
	canvas *c = canvas_new(40, 6);
	struct look k = {false, true};
	assert_int_equal(poolview_height(m), 2 + 1 + 1 + 2);
	poolview_draw(c, (struct rect){0, 0, 40, 6}, m, 0, 10 * MS, 1001 * MS, &k);
	assert_string_equal(row_of(c, 0), "tp 4 workers");
	assert_string_equal(row_of(c, 2), " _0 tid 77 job 1.0s x1");
	assert_string_equal(row_of(c, 3), " 3 more not started");
	canvas_free(c);
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pool_result_blocks_until_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_result_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_exception_is_raised_by_result, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_callback_runs_in_completing_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_wait_first_completed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_wait_first_exception, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_wait_all_completed_and_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_wait_is_drawn_on_the_pending_future, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_as_completed_in_finishing_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_result_crosses_processes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_thread_pool_map_in_input_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_thread_pool_callbacks_on_worker_lanes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_shutdown_cancels_queued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_process_pool_reuses_pids, setup, teardown),
		cmocka_unit_test(test_pool_model_folds_workers_and_queue),
		cmocka_unit_test(test_pool_view_shows_workers_pids_and_calls),
		cmocka_unit_test(test_pool_view_thread_workers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
