/*
 * test_syncpanel.c - the sync panel says what is true while it is true: a
 * thread blocked on a lock is a contended acquire from the moment it
 * waits, its wait grows while it waits, and the waiters are named; the
 * deadlock above the objects is in the screen's language.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "model.h"
#include "widgets.h"
#include "fixtures.h"

#define WIDGET_W 50
#define WIDGET_H 8
#include "widget_fixture.h"

#define MS 1000000LL
#define MAIN 0
#define T1 1
#define T2 2
#define A 0
#define B 1

/* The deadlock lesson: T1 holds A, T2 holds B, at 500 ms each asks for the
 * other's. */
static void deadlock(model *m)
{
	fixture_fold(m, 0, MAIN, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	fixture_fold(m, 0, MAIN, EV_OBJ_NEW, A, OBJ_MUTEX, 0, "A");
	fixture_fold(m, 0, MAIN, EV_OBJ_NEW, B, OBJ_MUTEX, 0, "B");
	fixture_fold(m, 0, T1, EV_SPAWN, WF_NONE, MAIN, 1ull << 32 | 2, "T1");
	fixture_fold(m, 0, T2, EV_SPAWN, WF_NONE, MAIN, 1ull << 32 | 3, "T2");
	fixture_fold(m, 1 * MS, T1, EV_ACQUIRE, A, 0, 1, NULL);
	fixture_fold(m, 1 * MS, T2, EV_ACQUIRE, B, 0, 1, NULL);
	fixture_fold(m, 500 * MS, T1, EV_BLOCK_LOCK, B, T2, 0, NULL);
	fixture_fold(m, 500 * MS, T2, EV_BLOCK_LOCK, A, T1, 0, NULL);
}

static void draw(struct fixture *f, bool zh)
{
	struct look k = {zh, false};
	struct syncpanel_view v = {0, 1000 * MS, 0};
	canvas_clear(f->c);
	syncpanel_draw(f->c, (struct rect){0, 0, 50, 8}, f->m, &v, &k);
}

/* "acq 1 contended 0 wait 0us" while T2 had been blocked on A for seconds:
 * contended counts from the wait's start, the wait grows with lesson time. */
static void test_syncpanel_contention_counted_while_waiting(void **state)
{
	struct fixture *f = *state;
	deadlock(f->m);
	/* the sampler's readings move lesson time on while both wait */
	fixture_fold(f->m, 2500 * MS, T1, EV_SCHED, WF_NONE, KSCHED_IDLE, 0, NULL);
	draw(f, false);
	assert_string_equal(row(f->c, 2), "A lock held by T1  waiting: T2");
	assert_string_equal(row(f->c, 3), "  acq 1  contended 1  wait 2s");
	assert_string_equal(row(f->c, 4), "B lock held by T2  waiting: T1");
	assert_string_equal(row(f->c, 5), "  acq 1  contended 1  wait 2s");
	/* the exact counters agree: the waiter counted itself when it began */
	fixture_fold(f->m, 2600 * MS, WF_NONE, EV_COUNTER, A, CNT_CONTENDED, 1, NULL);
	fixture_fold(f->m, 2600 * MS, WF_NONE, EV_COUNTER, A, CNT_WAIT_NS, 0, NULL);
	draw(f, false);
	assert_string_equal(row(f->c, 3), "  acq 1  contended 1  wait 2.1s");
}

/* Once the wait ends its time is counted once, not twice. */
static void test_syncpanel_wait_counted_once_it_ends(void **state)
{
	struct fixture *f = *state;
	model *m = f->m;
	fixture_fold(m, 0, MAIN, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	fixture_fold(m, 0, MAIN, EV_OBJ_NEW, A, OBJ_MUTEX, 0, "A");
	fixture_fold(m, 0, T1, EV_SPAWN, WF_NONE, MAIN, 1ull << 32 | 2, "T1");
	fixture_fold(m, 0, T2, EV_SPAWN, WF_NONE, MAIN, 1ull << 32 | 3, "T2");
	fixture_fold(m, 0, T1, EV_ACQUIRE, A, 0, 1, NULL);
	fixture_fold(m, 10 * MS, T2, EV_BLOCK_LOCK, A, T1, 0, NULL);
	fixture_fold(m, 40 * MS, T1, EV_RELEASE, A, 0, 0, NULL);
	fixture_fold(m, 40 * MS, T2, EV_ACQUIRE, A, 30 * MS, 1, NULL);
	fixture_fold(m, 90 * MS, T2, EV_RELEASE, A, 0, 0, NULL);
	draw(f, false);
	assert_string_equal(row(f->c, 1), "  acq 2  contended 1  wait 30ms");
}

/* In Chinese the deadlock above the objects is Chinese, names and all. */
static void test_syncpanel_deadlock_in_chinese(void **state)
{
	struct fixture *f = *state;
	deadlock(f->m);
	draw(f, true);
	assert_non_null(model_deadlock(f->m));
	assert_true(strncmp(row(f->c, 0), "死锁：T1 等待锁 B，它被 T2 持有；", strlen("死锁：T1 等待锁 B，它被 T2 持有；")) == 0);
	assert_null(strstr(row(f->c, 0), "waits"));
	assert_null(strstr(row(f->c, 1), "held"));
}

/* After events were lost, a thread that has ended holds no lock: its
 * release was in the lost stretch ("held by T4" after a DONE race).  With
 * nothing lost, a lock held at exit stays held: that is the truth then. */
static void test_syncpanel_no_holder_gone_after_losses(void **state)
{
	struct fixture *f = *state;
	model *m = f->m;
	fixture_fold(m, 0, MAIN, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	fixture_fold(m, 0, MAIN, EV_OBJ_NEW, A, OBJ_MUTEX, 0, "A");
	fixture_fold(m, 0, T1, EV_SPAWN, WF_NONE, MAIN, 1ull << 32 | 2, "T1");
	fixture_fold(m, 0, T2, EV_SPAWN, WF_NONE, MAIN, 1ull << 32 | 3, "T2");
	fixture_fold(m, 1 * MS, T1, EV_ACQUIRE, A, 0, 1, NULL);
	fixture_fold(m, 2 * MS, T1, EV_EXIT, WF_NONE, 0, 0, NULL);
	assert_int_equal(model_object(m, A)->holder, T1); /* nothing lost: it did end holding A */
	fixture_fold(m, 3 * MS, T2, EV_ACQUIRE, A, 0, 1, NULL);
	fixture_fold(m, 9 * MS, WF_NONE, EV_DROPPED, WF_NONE, 500, 4 * MS, NULL);
	fixture_fold(m, 9 * MS, T2, EV_EXIT, WF_NONE, 0, 0, NULL);
	draw(f, false);
	assert_string_equal(row(f->c, 0), "A lock free");
}

/* Stepped: an acquire parked at its step while another holds the lock must
 * wait, so it is contended, once, however often the model settles it. */
static void test_syncpanel_parked_acquire_of_a_held_lock_is_contended(void **state)
{
	struct fixture *f = *state;
	model *m = f->m;
	fixture_fold(m, 0, MAIN, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	fixture_fold(m, 0, MAIN, EV_OBJ_NEW, A, OBJ_MUTEX, 0, "A");
	fixture_fold(m, 0, T1, EV_SPAWN, WF_NONE, MAIN, 1ull << 32 | 2, "T1");
	fixture_fold(m, 0, T2, EV_SPAWN, WF_NONE, MAIN, 1ull << 32 | 3, "T2");
	fixture_fold(m, 1 * MS, T1, EV_ACQUIRE, A, 0, 1, NULL);
	fixture_fold(m, 2 * MS, T2, EV_STEP, A, 0, STEP_B(9, EV_ACQUIRE, 1), "acquire A");
	fixture_fold(m, 3 * MS, T1, EV_STEP, A, 0, STEP_B(9, EV_RELEASE, 1), "release A");
	draw(f, false);
	assert_string_equal(row(f->c, 0), "A lock held by T1  waiting: T2");
	assert_string_equal(row(f->c, 1), "  acq 1  contended 1  wait 0us");
	fixture_fold(m, 4 * MS, T1, EV_RELEASE, A, 0, 0, NULL);
	fixture_fold(m, 5 * MS, T2, EV_ACQUIRE, A, 0, 1, NULL);
	draw(f, false);
	assert_string_equal(row(f->c, 1), "  acq 2  contended 1  wait 0us");
}

#define TEST(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_syncpanel_contention_counted_while_waiting),
		TEST(test_syncpanel_wait_counted_once_it_ends),
		TEST(test_syncpanel_deadlock_in_chinese),
		TEST(test_syncpanel_no_holder_gone_after_losses),
		TEST(test_syncpanel_parked_acquire_of_a_held_lock_is_contended),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
