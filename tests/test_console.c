/*
 * test_console.c - the Output panel: printed lines newest at the bottom,
 * a line too wide for it marked as cut, and a deadlock drawn under the
 * lines in words and as the cycle's picture, in either language.
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

#define WIDGET_W 60
#define WIDGET_H 8
#include "widget_fixture.h"

#define MS 1000000LL

static void deadlock(model *m)
{
	fixture_fold(m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 0, OBJ_MUTEX, 0, "A");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 1, OBJ_MUTEX, 0, "B");
	fixture_fold(m, 0, 1, EV_SPAWN, WF_NONE, 0, 1ull << 32 | 2, "T1");
	fixture_fold(m, 0, 2, EV_SPAWN, WF_NONE, 0, 1ull << 32 | 3, "T2");
	fixture_fold(m, 1 * MS, 1, EV_ACQUIRE, 0, 0, 1, NULL);
	fixture_fold(m, 1 * MS, 1, EV_PRINT, WF_NONE, 0, 0, "T1 holds A");
	fixture_fold(m, 1 * MS, 2, EV_ACQUIRE, 1, 0, 1, NULL);
	fixture_fold(m, 1 * MS, 2, EV_PRINT, WF_NONE, 0, 0, "T2 holds B");
	fixture_fold(m, 500 * MS, 1, EV_BLOCK_LOCK, 1, 2, 0, NULL);
	fixture_fold(m, 500 * MS, 2, EV_BLOCK_LOCK, 0, 1, 0, NULL);
}

/* The cycle reaches the Output panel, under the lines, with its picture. */
static void test_console_shows_the_deadlock_and_its_picture(void **state)
{
	struct fixture *f = *state;
	struct look k = {false, false};
	deadlock(f->m);
	console_draw(f->c, (struct rect){0, 0, 60, 8}, f->m, 0, &k);
	assert_string_equal(row(f->c, 0), "  0.001 T1 T1 holds A");
	assert_string_equal(row(f->c, 1), "  0.001 T2 T2 holds B");
	assert_string_equal(row(f->c, 5), "DEADLOCK: T1 waits for lock B held by T2, T2 waits for lock");
	assert_string_equal(row(f->c, 6), "A held by T1");
	assert_string_equal(row(f->c, 7), "  T1 \u2192 B \u2192 T2 \u2192 A \u2192 T1");
	k.ascii = true;
	canvas_clear(f->c);
	console_draw(f->c, (struct rect){0, 0, 60, 8}, f->m, 0, &k);
	assert_string_equal(row(f->c, 7), "  T1 -> B -> T2 -> A -> T1");
}

static void test_console_deadlock_in_chinese(void **state)
{
	struct fixture *f = *state;
	struct look k = {true, false};
	deadlock(f->m);
	console_draw(f->c, (struct rect){0, 0, 60, 8}, f->m, 0, &k);
	assert_string_equal(row(f->c, 6), "死锁：T1 等待锁 B，它被 T2 持有；T2 等待锁 A，它被 T1 持有");
	assert_string_equal(row(f->c, 7), "  T1 \u2192 B \u2192 T2 \u2192 A \u2192 T1");
}

/* A line wider than the panel ends with a mark. */
static void test_console_cut_line_is_marked(void **state)
{
	struct fixture *f = *state;
	struct look k = {false, false};
	fixture_fold(f->m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	fixture_fold(f->m, 0, 0, EV_PRINT, WF_NONE, 0, 0, "0123456789abcdefghijklmnopqrstuvwxyz");
	console_draw(f->c, (struct rect){0, 0, 30, 8}, f->m, 0, &k);
	assert_string_equal(row(f->c, 0), "  0.000 main 0123456789abcdef\u2026");
}

#define TEST(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_console_shows_the_deadlock_and_its_picture),
		TEST(test_console_deadlock_in_chinese),
		TEST(test_console_cut_line_is_marked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
