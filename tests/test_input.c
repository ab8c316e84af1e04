/*
 * test_input.c - the input key's channel (sim/runtime/input.c): presses the
 * UI delivers are taken once each, in order, by wf_input_poll/wf_input_wait;
 * a wait blocks until a press comes or its lesson-time timeout runs out,
 * and says so in events on the presses' object.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "actor.h"
#include "input.h"
#include "keymap.h"
#include "weft.h"
#include "fixtures.h"

#define MAIN 0

static int setup(void **state)
{
	(void)state;
	return fixture_arena_up(1.0, true);
}

static int teardown(void **state)
{
	(void)state;
	return fixture_arena_down();
}

/* The main actor's events so far. */
static size_t drain(struct wf_ev *ev, size_t max)
{
	return ring_drain(&wf_arena->rings[MAIN], ev, max);
}

/* The first event of `type` in ev[0..n), or NULL. */
static const struct wf_ev *find(const struct wf_ev *ev, size_t n, unsigned type)
{
	for (size_t i = 0; i < n; i++)
		if (ev[i].type == type)
			return &ev[i];
	return NULL;
}

static void test_input_live_follows_attach(void **state)
{
	(void)state;
	assert_false(wf_input_live());
	input_attach(wf_arena, true);
	assert_true(wf_input_live());
	input_attach(wf_arena, false);
	assert_false(wf_input_live());
}

static void test_input_poll_takes_each_press_once(void **state)
{
	(void)state;
	assert_false(wf_input_poll());
	assert_int_equal(input_press(wf_arena), 1);
	assert_int_equal(input_press(wf_arena), 2);
	assert_int_equal(input_pending(wf_arena), 2);
	assert_true(wf_input_poll());
	assert_true(wf_input_poll());
	assert_false(wf_input_poll());
	assert_int_equal(input_pending(wf_arena), 0);

	/* Each take is an EV_WAKE on the presses' object, b = presses taken. */
	struct wf_ev ev[32];
	size_t n = drain(ev, 32);
	const struct wf_ev *obj = find(ev, n, EV_OBJ_NEW);
	assert_non_null(obj);
	assert_int_equal(obj->a, OBJ_EVENT);
	int wakes = 0;
	for (size_t i = 0; i < n; i++)
		if (ev[i].type == EV_WAKE) {
			assert_int_equal(ev[i].obj, obj->obj);
			assert_int_equal(ev[i].b, (uint64_t)++wakes);
		}
	assert_int_equal(wakes, 2);
}

static void test_input_wait_times_out_in_lesson_time(void **state)
{
	(void)state;
	assert_int_equal(wf_input_wait(0), WF_ETIMEDOUT); /* 0: do not block */
	assert_int_equal(wf_input_wait(0.02), WF_ETIMEDOUT);
	struct wf_ev ev[32];
	size_t n = drain(ev, 32);
	const struct wf_ev *wait = find(ev, n, EV_WAIT), *wake = find(ev, n, EV_WAKE);
	assert_non_null(wait);
	assert_non_null(wake);
	assert_true(wait < wake);
	assert_int_equal(wake->a, 1); /* timed out */
	assert_true(wf_now() >= 0.02);
}

static void *press_later(void *arg)
{
	(void)arg;
	nanosleep(&(struct timespec){0, 30 * 1000 * 1000}, NULL);
	input_press(wf_arena);
	return NULL;
}

static void test_input_wait_returns_on_a_press(void **state)
{
	(void)state;
	pthread_t ui;
	assert_int_equal(pthread_create(&ui, NULL, press_later, NULL), 0);
	assert_int_equal(wf_input_wait(WF_FOREVER), 0);
	pthread_join(ui, NULL);
	assert_int_equal(input_pending(wf_arena), 0);
	struct wf_ev ev[32];
	size_t n = drain(ev, 32);
	const struct wf_ev *wait = find(ev, n, EV_WAIT), *wake = find(ev, n, EV_WAKE);
	assert_non_null(wait);
	assert_non_null(wake);
	assert_true(wait < wake);
	assert_int_equal(wake->a, 0);
	assert_int_equal(wake->b, 1);
}

#define PRESSES 2000
static atomic_int taken_by[2];

static void *taker(void *arg)
{
	int me = (int)(intptr_t)arg;
	while (atomic_load(&taken_by[0]) + atomic_load(&taken_by[1]) < PRESSES)
		if (wf_input_poll())
			atomic_fetch_add(&taken_by[me], 1);
	return NULL;
}

/* Two takers racing for presses never take one twice nor lose one. */
static void test_input_presses_taken_once_under_contention(void **state)
{
	(void)state;
	pthread_t a, b;
	atomic_store(&taken_by[0], 0);
	atomic_store(&taken_by[1], 0);
	assert_int_equal(pthread_create(&a, NULL, taker, (void *)0), 0);
	assert_int_equal(pthread_create(&b, NULL, taker, (void *)1), 0);
	for (int i = 0; i < PRESSES; i++)
		input_press(wf_arena);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	assert_int_equal(atomic_load(&taken_by[0]) + atomic_load(&taken_by[1]), PRESSES);
	assert_int_equal(input_pending(wf_arena), 0);
	assert_false(wf_input_poll());
}

static void test_input_key_is_i(void **state)
{
	(void)state;
	assert_int_equal(keymap_action('i'), ACT_INPUT);
	assert_int_equal(keymap_action('I'), ACT_INPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_input_live_follows_attach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_poll_takes_each_press_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_wait_times_out_in_lesson_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_wait_returns_on_a_press, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_presses_taken_once_under_contention, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_input_key_is_i, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
