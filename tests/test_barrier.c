/*
 * test_barrier.c - wf_barrier behaves as threading.Barrier, with its events
 * and exact counters.
 *
 * Real threads in a test arena (lesson time 100x, so timeouts are short):
 * a round of three passes together with arrival indexes 0, 1, 2; the
 * barrier is reusable; a wait that times out breaks it for every waiter
 * and later wait until reset; abort wakes a waiter with WF_EBROKEN.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "actor.h"
#include "gate.h"
#include "weft.h"
#include "fixtures.h"

static int up(void **state)
{
	(void)state;
	return fixture_arena_up(100.0, true);
}

static int down(void **state)
{
	(void)state;
	return fixture_arena_down();
}

struct arrival {
	wf_barrier *b;
	double timeout;
	int result;
};

static void arrive(void *arg)
{
	struct arrival *a = arg;
	a->result = wf_barrier_wait(a->b, a->timeout);
}

/* Waits (real time, up to 5 s) until n actors wait at b. */
static void until_waiting(wf_barrier *b, unsigned n)
{
	for (int i = 0; i < 5000 && wf_barrier_waiting(b) < n; i++) {
		struct timespec ms = {0, 1000000};
		nanosleep(&ms, NULL);
	}
	assert_int_equal(wf_barrier_waiting(b), n);
}

static void test_barrier_round_passes_with_indexes(void **state)
{
	(void)state;
	wf_barrier *b = wf_barrier_new("b", 3, 0);
	assert_non_null(b);
	for (int round = 0; round < 2; round++) { /* reusable: a second round too */
		struct arrival a[2] = {{b, WF_FOREVER, -99}, {b, WF_FOREVER, -99}};
		wf_thread t[2];
		assert_int_equal(wf_thread_spawn(&t[0], "T1", arrive, &a[0]), 0);
		until_waiting(b, 1);
		assert_int_equal(wf_thread_spawn(&t[1], "T2", arrive, &a[1]), 0);
		until_waiting(b, 2);
		assert_int_equal(a[0].result, -99); /* still waiting for the third */
		assert_int_equal(wf_barrier_wait(b, WF_FOREVER), 2); /* main is last */
		wf_thread_join(&t[0]);
		wf_thread_join(&t[1]);
		assert_int_equal(a[0].result, 0);
		assert_int_equal(a[1].result, 1);
		assert_int_equal(wf_barrier_waiting(b), 0);
	}
	assert_false(wf_barrier_broken(b));
	struct arena_object *o = &wf_arena->objects[0];
	assert_int_equal(o->kind, OBJ_BARRIER);
	assert_int_equal(o->capacity, 3);
	assert_int_equal(atomic_load(&o->count[CNT_WAITS]), 6);
	assert_int_equal(atomic_load(&o->count[CNT_PASSES]), 2);
}

static void test_barrier_timeout_breaks_it(void **state)
{
	(void)state;
	wf_barrier *b = wf_barrier_new("b", 3, 0);
	struct arrival a = {b, WF_FOREVER, -99};
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "T1", arrive, &a), 0);
	until_waiting(b, 1);
	/* 0.5 lesson s, 5 ms real: nobody else comes, the barrier breaks */
	assert_int_equal(wf_barrier_wait(b, 0.5), WF_EBROKEN);
	wf_thread_join(&t);
	assert_int_equal(a.result, WF_EBROKEN); /* the other waiter fails too */
	assert_true(wf_barrier_broken(b));
	assert_int_equal(wf_barrier_wait(b, WF_FOREVER), WF_EBROKEN); /* and later waits */
	wf_barrier_reset(b);
	assert_false(wf_barrier_broken(b));
	assert_int_equal(wf_barrier_waiting(b), 0);
	assert_int_equal(atomic_load(&wf_arena->objects[0].count[CNT_PASSES]), 0);
}

static void test_barrier_abort_wakes_waiters(void **state)
{
	(void)state;
	wf_barrier *b = wf_barrier_new("b", 2, 0);
	struct arrival a = {b, WF_FOREVER, -99};
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "T1", arrive, &a), 0);
	until_waiting(b, 1);
	wf_barrier_abort(b);
	wf_thread_join(&t);
	assert_int_equal(a.result, WF_EBROKEN);
	assert_true(wf_barrier_broken(b));
}

static void test_barrier_of_one_never_waits(void **state)
{
	(void)state;
	wf_barrier *b = wf_barrier_new("b", 1, 0);
	assert_int_equal(wf_barrier_wait(b, WF_FOREVER), 0);
	assert_int_equal(wf_barrier_wait(b, WF_FOREVER), 0);
	assert_null(wf_barrier_new("none", 0, 0));
}

static atomic_int passed;
static wf_barrier *step_barrier;

static void meet(void *arg)
{
	(void)arg;
	if (wf_barrier_wait(step_barrier, WF_FOREVER) >= 0)
		atomic_fetch_add(&passed, 1);
}

/* In step mode a wait is always granted (the waiter then blocks for real)
 * and the last arrival's step releases the round. */
static void test_barrier_in_step_mode(void **state)
{
	(void)state;
	char why[96];
	atomic_fetch_or(&wf_arena->ctl.gate, GATE_STEP);
	atomic_store(&passed, 0);
	step_barrier = wf_barrier_new("b", 2, 0);
	wf_thread t1, t2;
	assert_int_equal(wf_thread_spawn(&t1, "T1", meet, NULL), 0);
	assert_int_equal(wf_thread_spawn(&t2, "T2", meet, NULL), 0);
	/* main is free; the two workers park at their waits */
	for (int i = 0; i < 5000 && !(gate_enabled(wf_arena, t1.actor) && gate_enabled(wf_arena, t2.actor)); i++) {
		struct timespec ms = {0, 1000000};
		nanosleep(&ms, NULL);
	}
	assert_true(gate_enabled(wf_arena, t1.actor));
	assert_int_equal(gate_grant(wf_arena, t1.actor, why, sizeof why), 0);
	until_waiting(step_barrier, 1);
	for (int i = 0; i < 5000 && atomic_load(&wf_arena->actors[t1.actor].status) != STATUS_BLOCKED; i++) {
		struct timespec ms = {0, 1000000};
		nanosleep(&ms, NULL);
	}
	assert_int_equal(atomic_load(&wf_arena->actors[t1.actor].status), STATUS_BLOCKED);
	assert_int_equal(atomic_load(&passed), 0);
	assert_true(gate_enabled(wf_arena, t2.actor)); /* a barrier wait may always go */
	assert_int_equal(gate_grant(wf_arena, t2.actor, why, sizeof why), 0);
	gate_set_stepping(wf_arena, false, 100.0);
	wf_thread_join(&t1);
	wf_thread_join(&t2);
	assert_int_equal(atomic_load(&passed), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_barrier_round_passes_with_indexes, up, down),
		cmocka_unit_test_setup_teardown(test_barrier_timeout_breaks_it, up, down),
		cmocka_unit_test_setup_teardown(test_barrier_abort_wakes_waiters, up, down),
		cmocka_unit_test_setup_teardown(test_barrier_of_one_never_waits, up, down),
		cmocka_unit_test_setup_teardown(test_barrier_in_step_mode, up, down),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
