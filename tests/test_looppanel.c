/*
 * test_looppanel.c - the event-loop panel and the loop's lane, rendered
 * from a synthetic model into a canvas and read back row by row: the
 * header counts, the labelled callback blocks, the ready row, the pending
 * timers earliest first, and the tasks with what they wait on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "task_state.h"
#include "widgets.h"
#include "fixtures.h"

#define MS 1000000LL
#define MAIN 0
#define TASK 1
#define LOOP 0

struct fixture {
	model *m;
	canvas *c;
};


/* A loop that ran "first" at 0 ms and "second" at 500 ms, with one timer
 * pending and a task asleep. */
static void a_loop(model *m)
{
	fixture_fold(m, 0, MAIN, EV_SPAWN, WF_NONE, WF_NONE, 7ull << 32 | 7, "main");
	fixture_fold(m, 0, TASK, EV_SPAWN, WF_NONE, MAIN, 7ull << 32, "sleeper");
	fixture_fold(m, 0, MAIN, EV_OBJ_NEW, LOOP, OBJ_LOOP, 0, "loop");
	fixture_fold(m, 0, MAIN, EV_LOOP_STATE, LOOP, 1, 0, NULL);
	fixture_fold(m, 0, MAIN, EV_CB_BEGIN, LOOP, 0, 5, "first");
	fixture_fold(m, 1 * MS, MAIN, EV_CB_END, LOOP, 0, 0, NULL);
	fixture_fold(m, 1 * MS, MAIN, EV_LOOP_STATE, LOOP, 0, 1, NULL);
	fixture_fold(m, 2 * MS, MAIN, EV_TIMER_ADD, LOOP, 1500 * MS, EV_TIMER_ID(64, 4), "tick");
	fixture_fold(m, 500 * MS, MAIN, EV_CB_BEGIN, LOOP, 0, 6, "second");
	fixture_fold(m, 501 * MS, MAIN, EV_CB_END, LOOP, 0, 0, NULL);
	fixture_fold(m, 502 * MS, MAIN, EV_TASK, LOOP, TASK, TASK_EV_B(TASK_WAITING, TW_SLEEP, 1000), NULL);
}

static int setup(void **state)
{
	static struct fixture f;
	f.m = model_new();
	f.c = canvas_new(60, 10);
	if (!f.m || !f.c)
		return -1;
	a_loop(f.m);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	model_free(f->m);
	canvas_free(f->c);
	return 0;
}

static const char *row(const struct fixture *f, int y)
{
	static char buf[512];
	canvas_row_text(f->c, y, buf, sizeof buf);
	return buf;
}

static void test_looppanel_shows_callbacks_ready_timers_tasks(void **state)
{
	struct fixture *f = *state;
	struct look k = {false, false};
	looppanel_draw(f->c, (struct rect){0, 0, 60, 10}, f->m, 0, 1000 * MS, 600 * MS, &k);
	assert_non_null(strstr(row(f, 0), "loop  ready 0  timers 1  callbacks 2"));
	/* 54 columns for one second: "first" at column 0, "second" at 27 */
	assert_non_null(strstr(row(f, 1), "cb    \u2588first"));
	assert_non_null(strstr(row(f, 1), "\u2588second"));
	assert_true(strncmp(row(f, 2), "ready ", 6) == 0);
	assert_non_null(strstr(row(f, 3), "1.5s  tick"));
	assert_non_null(strstr(row(f, 3), "in 900ms"));
	assert_non_null(strstr(row(f, 4), "sleeper"));
	assert_non_null(strstr(row(f, 4), "waiting  sleep 1.0s"));
}

static void test_looppanel_chinese_words(void **state)
{
	struct fixture *f = *state;
	struct look k = {true, false};
	looppanel_draw(f->c, (struct rect){0, 0, 60, 10}, f->m, 0, 1000 * MS, 600 * MS, &k);
	assert_non_null(strstr(row(f, 0), "就绪 0"));
	assert_non_null(strstr(row(f, 4), "等待中"));
}

static void test_looppanel_loop_lane_on_the_timeline(void **state)
{
	struct fixture *f = *state;
	struct look k = {false, true};
	struct timeline_view v = {0, 20 * MS, 0, 600 * MS, false};
	timeline_draw(f->c, (struct rect){0, 0, 60, 10}, f->m, &v, &k);
	assert_true(strncmp(row(f, 0), "main", 4) == 0);
	assert_true(strncmp(row(f, 1), " loop", 5) == 0);  /* the loop's lane, under its thread */
	assert_non_null(strstr(row(f, 1), "#first"));      /* ASCII block, then the name */
	assert_true(strncmp(row(f, 2), " sleeper", 8) == 0); /* the coroutine, under its thread too */
}

#define TEST(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_looppanel_shows_callbacks_ready_timers_tasks),
		TEST(test_looppanel_chinese_words),
		TEST(test_looppanel_loop_lane_on_the_timeline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
