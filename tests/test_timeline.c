/*
 * test_timeline.c - the timeline tells the truth at every zoom and width:
 * axis labels that differ when zoomed in, names cut with a mark, a loop's
 * lane named in full.  Rendered from synthetic models into a canvas and
 * read back row by row.
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
#include "task_state.h"
#include "widgets.h"
#include "fixtures.h"

#define WIDGET_W 60
#define WIDGET_H 8
#include "widget_fixture.h"

#define US 1000LL
#define MS 1000000LL
#define S 1000000000LL

static void spawn(model *m, int64_t t, uint16_t id, uint16_t parent, const char *name)
{
	fixture_fold(m, t, id, EV_SPAWN, WF_NONE, parent, 1ull << 32 | (uint64_t)(id + 1), name);
}

/* Zoomed in to 10 us a column near 4 s, the ticks are 100 us apart: each
 * label must differ from the next (they all read "4.00s"). */
static void test_timeline_axis_labels_differ_when_zoomed(void **state)
{
	struct fixture *f = *state;
	spawn(f->m, 0, 0, WF_NONE, "main");
	fixture_fold(f->m, 5 * S, 0, EV_SLEEP, WF_NONE, 0, 0, NULL);
	struct timeline_view v = {4 * S, 10 * US, 0, 5 * S, false};
	struct look k = {false, true};
	timeline_draw(f->c, (struct rect){0, 0, 60, 4}, f->m, &v, &k);
	assert_string_equal(row(f->c, 2), "       '4s       '4.0001s  '4.0002s  '4.0003s  '4.0004s  '");
	/* 20 ms a column from 0: duration_format's labels, as before */
	canvas_clear(f->c);
	v = (struct timeline_view){0, 20 * MS, 0, 5 * S, false};
	timeline_draw(f->c, (struct rect){0, 0, 60, 4}, f->m, &v, &k);
	assert_string_equal(row(f->c, 2), "       '0us      '200ms    '400ms    '600ms    '800ms    '1s");
	/* 1 ms a column at 0.5 s: ticks 10 ms apart read in ms */
	canvas_clear(f->c);
	v = (struct timeline_view){500 * MS + 3 * US, 1 * MS, 0, 5 * S, false};
	timeline_draw(f->c, (struct rect){0, 0, 60, 4}, f->m, &v, &k);
	assert_string_equal(row(f->c, 2), "       '500ms    '510ms    '520ms    '530ms    '540ms    '");
	/* too many digits for the room: the time since the first tick */
	canvas_clear(f->c);
	v = (struct timeline_view){123 * S, 10 * US, 0, 200 * S, false};
	fixture_fold(f->m, 200 * S, 0, EV_RUN, WF_NONE, 0, 0, NULL);
	timeline_draw(f->c, (struct rect){0, 0, 60, 4}, f->m, &v, &k);
	assert_string_equal(row(f->c, 2), "       '123s     '+100us   '+200us   '+300us   '+400us   '");
}

/* A name longer than the label column ends with a mark, and names that
 * differ only at the end stay apart ("executor-1", "executor-2"). */
static void test_timeline_names_cut_with_a_mark(void **state)
{
	struct fixture *f = *state;
	spawn(f->m, 0, 0, WF_NONE, "main");
	spawn(f->m, 0, 1, 0, "executor-1");
	spawn(f->m, 0, 2, 0, "executor-2");
	spawn(f->m, 0, 3, 0, "coro-ucontext");
	struct timeline_view v = {0, 10 * MS, 0, 100 * MS, false};
	struct look k = {false, false};
	timeline_draw(f->c, (struct rect){0, 0, 60, 7}, f->m, &v, &k);
	assert_true(strncmp(row(f->c, 1), "executor-1 ", strlen("executor-1 ")) == 0);
	assert_true(strncmp(row(f->c, 2), "executor-2 ", strlen("executor-2 ")) == 0);
	assert_true(strncmp(row(f->c, 3), "coro-ucont\u2026 ", strlen("coro-ucont\u2026 ")) == 0);
	k.ascii = true;
	canvas_clear(f->c);
	timeline_draw(f->c, (struct rect){0, 0, 60, 7}, f->m, &v, &k);
	assert_true(strncmp(row(f->c, 3), "coro-ucont~ ", 12) == 0);
}

/* A loop's own lane is named in full even under a short thread name
 * (" loo" under "main"). */
static void test_timeline_loop_lane_named_in_full(void **state)
{
	struct fixture *f = *state;
	spawn(f->m, 0, 0, WF_NONE, "main");
	fixture_fold(f->m, 0, 0, EV_OBJ_NEW, 0, OBJ_LOOP, 0, "loop");
	fixture_fold(f->m, 1 * MS, 0, EV_CB_BEGIN, 0, 0, 2, "cb");
	fixture_fold(f->m, 2 * MS, 0, EV_CB_END, 0, 0, 0, NULL);
	struct timeline_view v = {0, 1 * MS, 0, 10 * MS, false};
	struct look k = {false, true};
	timeline_draw(f->c, (struct rect){0, 0, 60, 5}, f->m, &v, &k);
	assert_true(strncmp(row(f->c, 1), " loop ", 6) == 0);
}

/* A thread parked at its step point is its own state: its own glyph and
 * legend key, not "runnable" (which says it waits for a CPU); and in
 * Chinese the key is Chinese, as are the Source pane's states. */
static void test_timeline_parked_is_its_own_state(void **state)
{
	struct fixture *f = *state;
	spawn(f->m, 0, 0, WF_NONE, "main");
	spawn(f->m, 0, 1, 0, "T1");
	fixture_fold(f->m, 0, 0, EV_JOIN, WF_NONE, 1, 0, NULL);
	fixture_fold(f->m, 0, 1, EV_STEP, WF_NONE, 0, STEP_B(4, EV_STEP, 1), "read");
	fixture_fold(f->m, 50 * MS, 0, EV_SCHED, WF_NONE, KSCHED_IDLE, 0, NULL);
	assert_int_equal(model_actor(f->m, 1)->state, AS_PARKED);
	struct timeline_view v = {0, 10 * MS, 0, 50 * MS, false};
	struct look k = {false, true};
	timeline_draw(f->c, (struct rect){0, 0, 60, 5}, f->m, &v, &k);
	assert_string_equal(row(f->c, 1), "T1   | |||||");
	assert_string_equal(row(f->c, 4), "| waiting for a step  x blocked");
	k = (struct look){true, false};
	canvas_clear(f->c);
	timeline_draw(f->c, (struct rect){0, 0, 60, 5}, f->m, &v, &k);
	assert_string_equal(row(f->c, 4), "\u2506 等待单步  \u2591 阻塞");
	canvas_clear(f->c);
	source_draw(f->c, (struct rect){0, 0, 60, 5}, f->m, "int x;\n", 0, &k);
	assert_string_equal(row(f->c, 0), "1 T1       待单步   L0    read");
	k.zh = false;
	canvas_clear(f->c);
	source_draw(f->c, (struct rect){0, 0, 60, 5}, f->m, "int x;\n", 0, &k);
	assert_string_equal(row(f->c, 0), "1 T1       at step  L0    read");
}

/* generator-send: main resumes its generator for microseconds every 200 ms;
 * at 50 ms a column the generator's lane still shows each run. */
static void test_timeline_brief_coroutine_runs_mark_their_column(void **state)
{
	struct fixture *f = *state;
	spawn(f->m, 0, 0, WF_NONE, "main");
	fixture_fold(f->m, 0, 1, EV_SPAWN, WF_NONE, 0, 1ull << 32, "fib"); /* tid 0: a coroutine */
	for (int i = 0; i < 4; i++) {
		int64_t t = i * 200 * MS;
		fixture_fold(f->m, t, 0, EV_CORO_RESUME, WF_NONE, 1, 0, NULL);
		fixture_fold(f->m, t + 10 * US, 1, EV_CORO_YIELD, WF_NONE, 0, 0, NULL);
		fixture_fold(f->m, t + 11 * US, 0, EV_SLEEP, WF_NONE, 200 * MS, 0, NULL);
	}
	struct timeline_view v = {0, 50 * MS, 0, 800 * MS, false};
	struct look k = {false, true};
	timeline_draw(f->c, (struct rect){0, 0, 60, 5}, f->m, &v, &k);
	assert_string_equal(row(f->c, 0), "main . ................");
	assert_string_equal(row(f->c, 1), " fib - #---#---#---#---");
}

#define TEST(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_timeline_axis_labels_differ_when_zoomed),
		TEST(test_timeline_names_cut_with_a_mark),
		TEST(test_timeline_loop_lane_named_in_full),
		TEST(test_timeline_parked_is_its_own_state),
		TEST(test_timeline_brief_coroutine_runs_mark_their_column),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
