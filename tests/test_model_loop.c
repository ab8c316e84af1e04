/*
 * test_model_loop.c - the model's coroutine lanes and event loops, folded
 * from synthetic events: control passing between a thread and its
 * coroutines, a coroutine that yields while blocked keeping its state,
 * callbacks with names and durations, timers pending in due order (equal
 * dues in scheduling order) and leaving when due or cancelled, the ready
 * queue's series, task states, and the bound on callbacks kept.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "task_state.h"
#include "model.h"

#define MAIN 0
#define CO 1
#define CO2 2
#define LOOP_OBJ 0
#define Q_OBJ 1
#define PID 100

static int setup(void **state)
{
	*state = model_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	model_free(*state);
	return 0;
}

static void fold(model *m, int64_t ts, uint16_t actor, uint16_t type, uint16_t obj, uint64_t a,
		 uint64_t b, const char *text)
{
	struct wf_ev ev = {(uint64_t)ts, actor, type, obj, 0, a, b};
	model_fold(m, &ev, text);
}

static void start(model *m)
{
	fold(m, 0, MAIN, EV_SPAWN, WF_NONE, WF_NONE, (uint64_t)PID << 32 | PID, "main");
	fold(m, 1, CO, EV_SPAWN, WF_NONE, MAIN, (uint64_t)PID << 32, "fib");
	fold(m, 1, CO2, EV_SPAWN, WF_NONE, MAIN, (uint64_t)PID << 32, "calc");
}

static void test_model_loop_coroutines_pass_the_thread(void **state)
{
	model *m = *state;
	start(m);
	assert_int_equal(model_actor(m, CO)->kind, AK_CORO);
	assert_int_equal(model_actor(m, MAIN)->kind, AK_PROCESS);
	assert_int_equal(model_actor(m, CO)->state, AS_SUSPENDED); /* created, not started */

	fold(m, 10, MAIN, EV_CORO_RESUME, WF_NONE, CO, 0, NULL);
	assert_int_equal(model_actor(m, MAIN)->state, AS_SUSPENDED);
	assert_int_equal(model_actor(m, CO)->state, AS_RUNNING);
	fold(m, 20, CO, EV_CORO_YIELD, WF_NONE, MAIN, 1, NULL);
	assert_int_equal(model_actor(m, MAIN)->state, AS_RUNNING);
	assert_int_equal(model_actor(m, CO)->state, AS_SUSPENDED);

	/* A coroutine that blocks, then yields, still shows what it waits on. */
	fold(m, 25, MAIN, EV_OBJ_NEW, Q_OBJ, OBJ_QUEUE, 2, "q");
	fold(m, 30, MAIN, EV_CORO_RESUME, WF_NONE, CO2, 0, NULL);
	fold(m, 40, CO2, EV_QUEUE_EMPTY, Q_OBJ, 0, 1, NULL);
	fold(m, 41, CO2, EV_CORO_YIELD, WF_NONE, MAIN, 0, NULL);
	assert_int_equal(model_actor(m, CO2)->state, AS_BLOCKED);
	assert_int_equal(model_actor(m, CO2)->obj, Q_OBJ);
	assert_int_equal(model_actor(m, MAIN)->state, AS_RUNNING);

	/* It ends: a last yield, then its exit. */
	fold(m, 50, MAIN, EV_CORO_RESUME, WF_NONE, CO, 0, NULL);
	fold(m, 60, CO, EV_CORO_YIELD, WF_NONE, MAIN, 42, NULL);
	fold(m, 60, CO, EV_EXIT, WF_NONE, 0, 0, NULL);
	assert_int_equal(model_actor(m, CO)->state, AS_EXITED);
	assert_int_equal(model_state_at(m, CO, 15).state, AS_RUNNING);
	assert_int_equal(model_state_at(m, MAIN, 15).state, AS_SUSPENDED);
	assert_int_equal(model_ignored(m), 0);
}

static uint64_t timer_id(uint64_t offset, size_t len)
{
	return EV_TIMER_ID(offset, len);
}

static void test_model_loop_callbacks_timers_and_ready(void **state)
{
	model *m = *state;
	start(m);
	fold(m, 0, MAIN, EV_OBJ_NEW, LOOP_OBJ, OBJ_LOOP, 0, "loop");
	fold(m, 5, MAIN, EV_LOOP_STATE, LOOP_OBJ, 2, 0, NULL);
	fold(m, 6, MAIN, EV_TIMER_ADD, LOOP_OBJ, 3000, timer_id(100, 2), "t2");
	fold(m, 7, MAIN, EV_TIMER_ADD, LOOP_OBJ, 2000, timer_id(200, 2), "t1");
	fold(m, 8, MAIN, EV_TIMER_ADD, LOOP_OBJ, 3000, timer_id(300, 2), "t3");
	fold(m, 10, MAIN, EV_CB_BEGIN, LOOP_OBJ, 0, 5, "first");
	fold(m, 15, MAIN, EV_CB_END, LOOP_OBJ, 0, 0, NULL);
	fold(m, 16, MAIN, EV_LOOP_STATE, LOOP_OBJ, 1, 3, NULL);
	fold(m, 20, MAIN, EV_CB_BEGIN, LOOP_OBJ, 0, 5, "second");

	assert_int_equal(model_loop_count(m), 1);
	const struct model_loop *l = model_loop(m, 0);
	assert_int_equal(l->obj, LOOP_OBJ);
	assert_int_equal(l->actor, MAIN);
	assert_int_equal(l->ready, 1);
	assert_int_equal(l->timers, 3);
	assert_int_equal(l->callbacks, 2);
	assert_int_equal(l->cb_len, 2);
	assert_string_equal(model_loop_name(m, l->cb[0].name), "first");
	assert_int_equal(l->cb[0].t0, 10);
	assert_int_equal(l->cb[0].t1, 15);
	assert_int_equal(l->cb[1].t1, -1); /* still running */
	assert_int_equal(l->longest_ns, 5);

	/* Timers, earliest first; equal dues in the order they were added. */
	assert_int_equal(l->timer_len, 3);
	assert_string_equal(model_loop_name(m, l->timer[0].name), "t1");
	assert_string_equal(model_loop_name(m, l->timer[1].name), "t2");
	assert_string_equal(model_loop_name(m, l->timer[2].name), "t3");
	fold(m, 21, MAIN, EV_TIMER_DONE, LOOP_OBJ, 1, 100, NULL); /* t2 cancelled */
	fold(m, 22, MAIN, EV_TIMER_DONE, LOOP_OBJ, 0, 200, NULL); /* t1 came due */
	l = model_loop(m, 0);
	assert_int_equal(l->timer_len, 1);
	assert_string_equal(model_loop_name(m, l->timer[0].name), "t3");

	/* The ready queue over time. */
	assert_int_equal(l->ready_len, 2);
	assert_int_equal(l->ready_series[0].t, 5);
	assert_int_equal(l->ready_series[0].depth, 2);
	assert_int_equal(l->ready_series[1].depth, 1);
	assert_int_equal(model_ignored(m), 0);
}

static void test_model_loop_task_states(void **state)
{
	model *m = *state;
	start(m);
	fold(m, 0, MAIN, EV_OBJ_NEW, LOOP_OBJ, OBJ_LOOP, 0, "loop");
	fold(m, 1, MAIN, EV_TASK, LOOP_OBJ, CO, TASK_EV_B(TASK_PENDING, TW_NONE, 0), NULL);
	fold(m, 2, CO, EV_TASK, LOOP_OBJ, CO, TASK_EV_B(TASK_WAITING, TW_TASK, CO2), NULL);
	fold(m, 3, MAIN, EV_TASK, LOOP_OBJ, CO2, TASK_EV_B(TASK_WAITING, TW_SLEEP, 1500), NULL);
	assert_int_equal(model_task_count(m), 2);
	const struct model_task *t = model_task(m, 0);
	assert_int_equal(t->actor, CO);
	assert_int_equal(t->state, TASK_WAITING);
	assert_int_equal(t->wait, TW_TASK);
	assert_int_equal(t->detail, CO2);
	assert_int_equal(t->since, 2);
	fold(m, 9, MAIN, EV_TASK, LOOP_OBJ, CO2, TASK_EV_B(TASK_CANCELLED, TW_NONE, 0), NULL);
	assert_int_equal(model_task(m, 1)->state, TASK_CANCELLED);
	assert_int_equal(model_task(m, 1)->detail, 0);
}

static void test_model_loop_callbacks_stay_bounded(void **state)
{
	model *m = *state;
	start(m);
	fold(m, 0, MAIN, EV_OBJ_NEW, LOOP_OBJ, OBJ_LOOP, 0, "loop");
	int64_t t = 10;
	for (int i = 0; i < 3 * MODEL_CALLBACK_MAX; i++, t += 10) {
		fold(m, t, MAIN, EV_CB_BEGIN, LOOP_OBJ, 0, 1, i % 2 ? "odd" : "even");
		fold(m, t + 5, MAIN, EV_CB_END, LOOP_OBJ, 0, 0, NULL);
	}
	const struct model_loop *l = model_loop(m, 0);
	assert_true(l->cb_len <= MODEL_CALLBACK_MAX);
	assert_int_equal(l->callbacks, 3 * MODEL_CALLBACK_MAX);
	assert_int_equal(l->cb[0].t0, 10);                      /* the start is kept */
	assert_int_equal(l->cb[l->cb_len - 1].t1, t - 10 + 5); /* and the latest exactly */
	for (size_t i = 1; i < l->cb_len; i++)
		assert_true(l->cb[i].t0 > l->cb[i - 1].t0);
}

#define TEST(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_model_loop_coroutines_pass_the_thread),
		TEST(test_model_loop_callbacks_timers_and_ready),
		TEST(test_model_loop_task_states),
		TEST(test_model_loop_callbacks_stay_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
