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
	assert_non_null(strstr(row(f, 0), "loop (main)  ready 0  timers 1  callbacks 2"));
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
	assert_true(strncmp(row(f, 1), "回调  ", strlen("回调  ")) == 0);
	assert_non_null(strstr(row(f, 4), "等待中  睡眠 1.0s")); /* what it waits on, in Chinese too */
	assert_null(strstr(row(f, 4), "sleep 1"));
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

/* No timer pending: the note takes its own row and the tasks start under it
 * (they were written over it: "main()mers pdoneng)"). */
static void test_looppanel_no_timers_row_is_its_own(void **state)
{
	struct fixture *f = *state;
	struct look k = {false, false};
	fixture_fold(f->m, 1600 * MS, MAIN, EV_TIMER_DONE, LOOP, 0, EV_TIMER_OFFSET(EV_TIMER_ID(64, 4)), NULL);
	looppanel_draw(f->c, (struct rect){0, 0, 60, 10}, f->m, 0, 2000 * MS, 1700 * MS, &k);
	assert_string_equal(row(f, 3), "(no timers pending)                                         ");
	assert_true(strncmp(row(f, 4), "sleeper", 7) == 0);
	assert_non_null(strstr(row(f, 4), "waiting  sleep 1.0s"));
}

/* Times as far out as a trace may claim draw without overflowing (under
 * UBSan a signed overflow fails this test): a timer due at INT64_MAX, a
 * callback begun just before it, a window ending there. */
static void test_looppanel_times_at_the_ends_of_int64(void **state)
{
	struct fixture *f = *state;
	struct look k = {false, false};
	fixture_fold(f->m, INT64_MAX - 10, MAIN, EV_TIMER_ADD, LOOP, (uint64_t)INT64_MAX, EV_TIMER_ID(80, 3), "far");
	fixture_fold(f->m, INT64_MAX - 5, MAIN, EV_CB_BEGIN, LOOP, 0, 3, "end");
	fixture_fold(f->m, (uint64_t)-1, MAIN, EV_TIMER_ADD, LOOP, (uint64_t)INT64_MIN, EV_TIMER_ID(96, 3), "neg");
	looppanel_draw(f->c, (struct rect){0, 0, 60, 10}, f->m, 0, INT64_MAX, INT64_MAX, &k);
	looppanel_draw(f->c, (struct rect){0, 0, 60, 10}, f->m, INT64_MAX / 2, INT64_MAX, 0, &k);
	assert_non_null(strstr(row(f, 0), "callbacks 3"));
}

/* Two loops of one name on two processes of one name (loop-per-core's
 * rounds) are told apart by their pids. */
static void test_looppanel_loops_told_apart(void **state)
{
	struct fixture *f = *state;
	struct look k = {false, false};
	model *m = model_new();
	fixture_fold(m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 7ull << 32 | 7, "main");
	fixture_fold(m, 0, 1, EV_SPAWN, WF_NONE, 0, 8ull << 32 | 8, "loop-1");
	fixture_fold(m, 0, 2, EV_SPAWN, WF_NONE, 0, 9ull << 32 | 9, "loop-1");
	fixture_fold(m, 0, 1, EV_OBJ_NEW, 0, OBJ_LOOP, 0, "loop");
	fixture_fold(m, 0, 2, EV_OBJ_NEW, 1, OBJ_LOOP, 0, "loop");
	fixture_fold(m, 1 * MS, 1, EV_CB_BEGIN, 0, 0, 1, "a");
	fixture_fold(m, 2 * MS, 1, EV_CB_END, 0, 0, 0, NULL);
	fixture_fold(m, 3 * MS, 2, EV_CB_BEGIN, 1, 0, 1, "b");
	fixture_fold(m, 4 * MS, 2, EV_CB_END, 1, 0, 0, NULL);
	looppanel_draw(f->c, (struct rect){0, 0, 60, 10}, m, 0, 10 * MS, 5 * MS, &k);
	assert_true(strncmp(row(f, 0), "loop (loop-1 pid 8)  ready", 26) == 0);
	bool second = false;
	for (int y = 1; y < 10; y++)
		second |= strncmp(row(f, y), "loop (loop-1 pid 9)  ready", 26) == 0;
	assert_true(second);
	model_free(m);
}

/* The task tree, as `python -m asyncio pstree` prints it: main() gathers
 * A and B, B awaits C; each awaited task sits under its awaiter.  When
 * main() runs again its gather is over and A and B are roots again. */
static void test_looppanel_task_tree(void **state)
{
	struct fixture *f = *state;
	struct look k = {false, false};
	model *m = model_new();
	const char *names[] = {"loop-thread", "main()", "A", "B", "C"};
	for (uint16_t a = 0; a < 5; a++)
		fixture_fold(m, 0, a, EV_SPAWN, WF_NONE, a ? 0 : WF_NONE, 7ull << 32, names[a]);
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 0, OBJ_LOOP, 0, "loop");
	fixture_fold(m, 0, 0, EV_LOOP_STATE, 0, 0, 0, NULL);
	for (uint16_t a = 1; a < 5; a++)
		fixture_fold(m, 1, 0, EV_TASK, 0, a, TASK_EV_B(TASK_PENDING, TW_NONE, 0), NULL);
	fixture_fold(m, 2 * MS, 1, EV_TASK_AWAIT, 0, 2, 0, NULL);
	fixture_fold(m, 2 * MS, 1, EV_TASK_AWAIT, 0, 3, 0, NULL);
	fixture_fold(m, 2 * MS, 0, EV_TASK, 0, 1, TASK_EV_B(TASK_WAITING, TW_GATHER, 2), NULL);
	fixture_fold(m, 3 * MS, 0, EV_TASK, 0, 3, TASK_EV_B(TASK_WAITING, TW_TASK, 4), NULL);
	fixture_fold(m, 3 * MS, 0, EV_TASK, 0, 2, TASK_EV_B(TASK_WAITING, TW_SLEEP, 1000), NULL);
	fixture_fold(m, 3 * MS, 0, EV_TASK, 0, 4, TASK_EV_B(TASK_WAITING, TW_SLEEP, 500), NULL);
	looppanel_draw(f->c, (struct rect){0, 0, 60, 10}, m, 0, 10 * MS, 5 * MS, &k);
	int y = 0;
	while (y < 10 && strncmp(row(f, y), "main()", 6) != 0)
		y++;
	assert_true(y < 7);
	assert_non_null(strstr(row(f, y), "waiting  gather 2"));
	assert_true(strncmp(row(f, y + 1), "\u2514\u2500A ", strlen("\u2514\u2500A ")) == 0);
	assert_true(strncmp(row(f, y + 2), "\u2514\u2500B ", strlen("\u2514\u2500B ")) == 0);
	assert_true(strncmp(row(f, y + 3), "  \u2514\u2500C ", strlen("  \u2514\u2500C ")) == 0);
	/* The gather is over: main() runs, then awaits A alone; B is no one's. */
	fixture_fold(m, 6 * MS, 0, EV_TASK, 0, 1, TASK_EV_B(TASK_RUNNING, TW_NONE, 0), NULL);
	fixture_fold(m, 7 * MS, 0, EV_TASK, 0, 1, TASK_EV_B(TASK_WAITING, TW_TASK, 2), NULL);
	canvas_clear(f->c);
	looppanel_draw(f->c, (struct rect){0, 0, 60, 10}, m, 0, 10 * MS, 7 * MS, &k);
	bool a_under = false;
	for (int r = 0; r < 10; r++) {
		a_under |= strncmp(row(f, r), "\u2514\u2500A", strlen("\u2514\u2500A")) == 0;
		assert_true(strncmp(row(f, r), "\u2514\u2500B", strlen("\u2514\u2500B")) != 0);
	}
	assert_true(a_under);
	model_free(m);
}

#define TEST(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_looppanel_shows_callbacks_ready_timers_tasks),
		TEST(test_looppanel_task_tree),
		TEST(test_looppanel_chinese_words),
		TEST(test_looppanel_loop_lane_on_the_timeline),
		TEST(test_looppanel_no_timers_row_is_its_own),
		TEST(test_looppanel_times_at_the_ends_of_int64),
		TEST(test_looppanel_loops_told_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
