/*
 * test_loop.c - the event loop keeps asyncio's orders: call_soon is FIFO,
 * callbacks scheduled while running wait for the next iteration, timers due
 * together run in the order they were scheduled; cancellation reaches
 * handles, sleeping tasks, tasks not started and wait_for's inner task
 * (which may swallow it: wait_for then returns its result); all_tasks;
 * wait's three conditions and its timeout; gather's order and errors;
 * queue put/get/task_done/join; run_in_executor; and what it reports.
 *
 * Durations are a few lesson milliseconds at speed 1; orders are asserted,
 * never durations.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "task_state.h"
#include "weft.h"
#include "fixtures.h"

static char order[256]; /* one letter per callback run */

static int setup(void **state)
{
	(void)state;
	order[0] = 0;
	return fixture_arena_up(1.0, true);
}

static int teardown(void **state)
{
	(void)state;
	wf_loop_free(wf_loop_get());
	return fixture_arena_down();
}

static void note(char c)
{
	size_t n = strlen(order);
	if (n + 1 < sizeof order) {
		order[n] = c;
		order[n + 1] = 0;
	}
}

static void mark(void *arg)
{
	note((char)(uintptr_t)arg);
}

static void stop(void *arg)
{
	(void)arg;
	note('.');
	wf_loop_stop(wf_loop_get());
}

/* --- callbacks and timers ---------------------------------------------------- */

static void mark_then_later(void *arg)
{
	note((char)(uintptr_t)arg);
	wf_call_soon(wf_loop_get(), "d", mark, (void *)'d');
	wf_call_soon(wf_loop_get(), "stop", stop, NULL);
}

static void test_loop_call_soon_is_fifo_by_iteration(void **state)
{
	(void)state;
	wf_loop *l = wf_loop_new("loop");
	assert_non_null(l);
	assert_null(wf_loop_new("second")); /* one per thread */
	wf_call_soon(l, "a", mark_then_later, (void *)'a');
	wf_call_soon(l, "b", mark, (void *)'b');
	uint32_t c = wf_call_soon(l, "c", mark, (void *)'c');
	wf_call_soon(l, "e", mark, (void *)'e');
	assert_true(wf_handle_cancel(l, c));
	assert_false(wf_handle_cancel(l, c));
	assert_int_equal(wf_loop_run_forever(l), 0);
	/* a schedules d and stop: they run after b and e, which were ready
	 * first; stop ends the loop after its iteration. */
	assert_string_equal(order, "abed.");
}

static void test_loop_equal_deadlines_run_in_scheduling_order(void **state)
{
	(void)state;
	wf_loop *l = wf_loop_new("loop");
	double t = wf_loop_time(l);
	wf_call_at(l, t + 0.020, "x", mark, (void *)'x');
	wf_call_at(l, t + 0.010, "y", mark, (void *)'y');
	wf_call_at(l, t + 0.020, "z", mark, (void *)'z');
	uint32_t gone = wf_call_at(l, t + 0.015, "q", mark, (void *)'q');
	wf_call_at(l, t + 0.010, "w", mark, (void *)'w');
	wf_call_later(l, 0.005, "v", mark, (void *)'v');
	wf_call_at(l, t + 0.030, "stop", stop, NULL);
	assert_true(wf_handle_cancel(l, gone));
	wf_loop_run_forever(l);
	assert_string_equal(order, "vywxz.");
	assert_true(wf_loop_time(l) >= t + 0.030);
}

/* --- tasks, sleep, cancellation ------------------------------------------------ */

static int sleeper(void *arg, uint64_t *result)
{
	note((char)(uintptr_t)arg);
	int r = wf_async_sleep(0.200);
	note(r == WF_ECANCELLED ? 'C' : (char)((uintptr_t)arg - 32));
	*result = (uintptr_t)arg;
	return r;
}

static int canceller(void *arg, uint64_t *result)
{
	(void)arg;
	wf_loop *l = wf_loop_get();
	wf_task *a = wf_task_create(l, "a", sleeper, (void *)'a');
	wf_task *b = wf_task_create(l, "b", sleeper, (void *)'b');
	wf_task *never = wf_task_create(l, "n", sleeper, (void *)'n');
	assert_true(wf_task_cancel(never)); /* before its first step: it never runs */
	wf_async_sleep(0.020);              /* a and b are sleeping now (0.18 s to spare) */
	assert_true(wf_task_cancel(b));
	uint64_t v = 0;
	assert_int_equal(wf_await_task(a, &v), 0);
	assert_int_equal(v, 'a');
	assert_int_equal(wf_await_task(b, NULL), WF_ECANCELLED);
	assert_true(wf_future_cancelled(wf_task_future(b)));
	assert_int_equal(wf_await_task(never, NULL), WF_ECANCELLED);
	assert_false(wf_task_cancel(a)); /* done */
	*result = 1;
	return 0;
}

static void test_loop_cancel_reaches_sleepers_and_unstarted_tasks(void **state)
{
	(void)state;
	uint64_t r = 0;
	assert_int_equal(wf_async_run("main", canceller, NULL, &r), 0);
	assert_int_equal(r, 1);
	assert_string_equal(order, "abCA");
	assert_null(wf_loop_get());
}

static int forever(void *arg, uint64_t *result)
{
	(void)arg, (void)result;
	int r = wf_async_sleep(3600);
	note(r == WF_ECANCELLED ? 'C' : 'X');
	return r;
}

static int times_out(void *arg, uint64_t *result)
{
	(void)arg;
	wf_task *slow = wf_task_create(wf_loop_get(), "slow", forever, NULL);
	double t0 = wf_now();
	int r = wf_wait_for(wf_task_future(slow), 0.010, NULL);
	note(r == WF_ETIMEDOUT ? 'T' : 'X');
	assert_true(wf_future_cancelled(wf_task_future(slow))); /* ended before wait_for returned */
	assert_true(wf_now() - t0 >= 0.010);
	*result = 0;
	return 0;
}

static void test_loop_wait_for_cancels_on_timeout(void **state)
{
	(void)state;
	assert_int_equal(wf_async_run("main", times_out, NULL, NULL), 0);
	assert_string_equal(order, "CT");
}

/* Catches the cancellation, sleeps a little more and returns 42. */
static int stubborn(void *arg, uint64_t *result)
{
	(void)arg;
	int r = wf_async_sleep(3600);
	note(r == WF_ECANCELLED ? 'C' : 'X');
	wf_async_sleep(0.005);
	*result = 42;
	return 0;
}

static int swallowed(void *arg, uint64_t *result)
{
	(void)arg;
	wf_task *slow = wf_task_create(wf_loop_get(), "stubborn", stubborn, NULL);
	uint64_t v = 0;
	double t0 = wf_now();
	int r = wf_wait_for(wf_task_future(slow), 0.010, &v);
	note(r == 0 && v == 42 ? 'R' : 'X');
	assert_true(wf_future_done(wf_task_future(slow)));
	assert_false(wf_future_cancelled(wf_task_future(slow)));
	assert_true(wf_now() - t0 >= 0.015); /* it waited for the task's extra sleep */
	*result = 0;
	return 0;
}

/* As Python 3.9+: a task that swallows CancelledError makes wait_for wait
 * for it and return its result, with no TimeoutError. */
static void test_loop_wait_for_returns_a_swallowed_cancels_result(void **state)
{
	(void)state;
	assert_int_equal(wf_async_run("main", swallowed, NULL, NULL), 0);
	assert_string_equal(order, "CR");
}

/* --- introspection: current_task, all_tasks ------------------------------------ */

static int napper(void *arg, uint64_t *result)
{
	(void)arg;
	*result = 0;
	note(strcmp(wf_task_name(wf_task_current()), "nap") == 0 ? 'n' : 'X');
	return wf_async_sleep(0.002);
}

static int lister(void *arg, uint64_t *result)
{
	(void)arg;
	wf_task *me = wf_task_current(), *got[4] = {0};
	wf_task *a = wf_task_create(wf_loop_get(), "nap", napper, NULL);
	wf_task *b = wf_task_create(wf_loop_get(), "nap", napper, NULL);
	assert_int_equal(wf_all_tasks(NULL, got, 4), 3);
	assert_ptr_equal(got[0], me); /* oldest first */
	assert_ptr_equal(got[1], a);
	assert_ptr_equal(got[2], b);
	wf_task *first = NULL;
	assert_int_equal(wf_all_tasks(NULL, &first, 1), 3); /* all counted, one kept */
	assert_ptr_equal(first, me);
	wf_await_task(a, NULL);
	wf_await_task(b, NULL);
	assert_int_equal(wf_all_tasks(NULL, got, 4), 1); /* done tasks are not listed */
	assert_ptr_equal(got[0], me);
	*result = 0;
	return 0;
}

static void test_loop_all_tasks_lists_pending_oldest_first(void **state)
{
	(void)state;
	assert_int_equal(wf_all_tasks(NULL, NULL, 0), 0); /* no loop on this thread */
	assert_int_equal(wf_async_run("main", lister, NULL, NULL), 0);
	assert_string_equal(order, "nn");
}

/* --- wait and gather ------------------------------------------------------------ */

static int after(void *arg, uint64_t *result)
{
	uintptr_t ms = (uintptr_t)arg;
	wf_async_sleep((double)ms / 1000);
	*result = ms;
	return ms == 150 ? WF_EUSER - 1 : 0; /* the 150 ms one fails */
}

static void spawn_four(wf_future *fs[4], const uintptr_t *ms)
{
	for (int i = 0; i < 4; i++)
		fs[i] = wf_task_future(wf_task_create(wf_loop_get(), "t", after, (void *)ms[i]));
}

static int waiter(void *arg, uint64_t *result)
{
	(void)arg;
	/* 50 ms apart at least: a loaded two-CPU machine may keep the loop
	 * off its CPU for several milliseconds, and each wait below must see
	 * exactly the tasks due before it. */
	static const uintptr_t ms[4] = {300, 100, 150, 400};
	wf_future *fs[4];
	bool done[4];

	spawn_four(fs, ms);
	assert_int_equal(wf_wait(fs, 4, 0.040, WF_ALL_COMPLETED, done), 0); /* timeout first */
	assert_int_equal(wf_wait(fs, 4, WF_FOREVER, WF_FIRST_COMPLETED, done), 1);
	assert_true(done[1] && !done[0] && !done[2] && !done[3]);
	assert_int_equal(wf_wait(fs, 4, WF_FOREVER, WF_FIRST_EXCEPTION, done), 2);
	assert_true(done[1] && done[2] && !done[0]);
	assert_int_equal(wf_future_result(fs[2], NULL), WF_EUSER - 1);
	assert_int_equal(wf_wait(fs, 4, WF_FOREVER, WF_ALL_COMPLETED, done), 4);

	static const uintptr_t ok[4] = {20, 5, 10, 1};
	uint64_t results[4];
	spawn_four(fs, ok);
	assert_int_equal(wf_gather(fs, 4, results), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(results[i], ok[i]); /* in the order given, not finished */

	spawn_four(fs, ms);
	assert_int_equal(wf_gather(fs, 4, results), WF_EUSER - 1); /* the first error, at 150 ms */
	assert_false(wf_future_done(fs[0]));                         /* the others go on */
	*result = 0;
	return 0;
}

static void test_loop_wait_variants_and_gather(void **state)
{
	(void)state;
	assert_int_equal(wf_async_run("main", waiter, NULL, NULL), 0);
}

/* --- queue -------------------------------------------------------------------------------- */

static wf_aqueue *q;

static int producer(void *arg, uint64_t *result)
{
	(void)arg, (void)result;
	for (uint64_t i = 1; i <= 5; i++) {
		wf_aqueue_put(q, i);
		note((char)('0' + i)); /* put */
	}
	return 0;
}

static int consumer(void *arg, uint64_t *result)
{
	(void)arg, (void)result;
	for (;;) {
		uint64_t item;
		if (wf_aqueue_get(q, &item) == WF_ECANCELLED)
			return WF_ECANCELLED;
		note((char)('a' + item - 1)); /* got */
		wf_async_sleep(0.001);
		wf_aqueue_task_done(q);
	}
}

static int joiner(void *arg, uint64_t *result)
{
	(void)arg, (void)result;
	wf_loop *l = wf_loop_get();
	q = wf_aqueue_new(l, "q", 2);
	uint64_t item;
	assert_int_equal(wf_aqueue_get_nowait(q, &item), WF_EEMPTY);
	wf_task *c = wf_task_create(l, "consumer", consumer, NULL);
	wf_task *p = wf_task_create(l, "producer", producer, NULL);
	wf_await_task(p, NULL);
	wf_aqueue_join(q);
	note('J');
	assert_int_equal(wf_aqueue_size(q), 0);
	assert_int_equal(wf_aqueue_task_done(q), WF_ESTATE); /* one too many */
	wf_task_cancel(c);
	assert_int_equal(wf_await_task(c, NULL), WF_ECANCELLED);
	return 0;
}

static void test_loop_queue_blocks_and_joins(void **state)
{
	(void)state;
	assert_int_equal(wf_async_run("main", joiner, NULL, NULL), 0);
	/* The producer fills the queue (1, 2), waits; each get lets one more in. */
	assert_string_equal(order, "12a3b4c5deJ");
}

/* --- executor ----------------------------------------------------------------------------------- */

static uint64_t blocking(void *arg)
{
	usleep(2000);
	return (uintptr_t)arg * 2;
}

static int offload(void *arg, uint64_t *result)
{
	(void)arg;
	wf_future *f = wf_run_in_executor(wf_loop_get(), NULL, "blocking", blocking, (void *)21);
	assert_non_null(f);
	return wf_await(f, result);
}

static void test_loop_run_in_executor(void **state)
{
	(void)state;
	uint64_t v = 0;
	assert_int_equal(wf_async_run("main", offload, NULL, &v), 0);
	assert_int_equal(v, 42);
}

/* --- what it reports --------------------------------------------------------------------------- */

static void test_loop_reports_callbacks_timers_and_tasks(void **state)
{
	(void)state;
	static struct wf_ev ev[4096];
	wf_loop *l = wf_loop_new("loop");
	wf_call_later(l, 0.001, "tick", mark, (void *)'t');
	wf_call_later(l, 0.002, "stop", stop, NULL);
	wf_loop_run_forever(l);
	size_t n = ring_drain(&wf_arena->rings[0], ev, 4096);
	int begins = 0, ends = 0, adds = 0, dones = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t off;
		size_t len;
		char text[64];
		switch (ev[i].type) {
		case EV_CB_BEGIN:
			assert_true(ev_text_ref(&ev[i], &off, &len));
			assert_int_equal(arena_text_get(wf_arena, off, len, text, sizeof text), 0);
			assert_string_equal(text, begins++ ? "stop" : "tick");
			break;
		case EV_CB_END:
			ends++;
			break;
		case EV_TIMER_ADD:
			assert_true(ev_text_ref(&ev[i], &off, &len));
			assert_int_equal(arena_text_get(wf_arena, off, len, text, sizeof text), 0);
			assert_string_equal(text, adds++ ? "stop" : "tick");
			break;
		case EV_TIMER_DONE:
			assert_int_equal(ev[i].a, 0); /* came due */
			dones++;
			break;
		default:
			break;
		}
	}
	assert_int_equal(begins, 2);
	assert_int_equal(ends, 2);
	assert_int_equal(adds, 2);
	assert_int_equal(dones, 2);
	assert_string_equal(order, "t.");
}

#define TEST(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_loop_call_soon_is_fifo_by_iteration),
		TEST(test_loop_equal_deadlines_run_in_scheduling_order),
		TEST(test_loop_cancel_reaches_sleepers_and_unstarted_tasks),
		TEST(test_loop_wait_for_cancels_on_timeout),
		TEST(test_loop_wait_for_returns_a_swallowed_cancels_result),
		TEST(test_loop_all_tasks_lists_pending_oldest_first),
		TEST(test_loop_wait_variants_and_gather),
		TEST(test_loop_queue_blocks_and_joins),
		TEST(test_loop_run_in_executor),
		TEST(test_loop_reports_callbacks_timers_and_tasks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
