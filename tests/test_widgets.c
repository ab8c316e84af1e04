/*
 * test_widgets.c - widgets render a known model into known rows.
 *
 * The model is folded from a synthetic stream, so every frame here is exact:
 * a row is compared as a string, as a person would read it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "canvas.h"
#include "duration.h"
#include "model.h"
#include "widgets.h"
#include "fixtures.h"

#define MS 1000000LL

struct fixture {
	model *m;
	canvas *c;
};


/* main starts T1 and T2; T1 holds lock A from 0 to 40 ms; T2 blocks on it
 * from 10 ms and gets it at 40 ms; both sleep after; T2 prints. */
static void contended_run(model *m)
{
	fixture_fold(m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 0, OBJ_MUTEX, 0, "A");
	fixture_fold(m, 0, 1, EV_SPAWN, WF_NONE, 0, 1ull << 32 | 2, "T1");
	fixture_fold(m, 0, 2, EV_SPAWN, WF_NONE, 0, 1ull << 32 | 3, "T2");
	fixture_fold(m, 0, 0, EV_JOIN, WF_NONE, 1, 0, NULL);
	fixture_fold(m, 0, 1, EV_ACQUIRE, 0, 0, 1, NULL);
	fixture_fold(m, 10 * MS, 2, EV_BLOCK_LOCK, 0, 1, 0, NULL);
	fixture_fold(m, 40 * MS, 1, EV_RELEASE, 0, 0, 0, NULL);
	fixture_fold(m, 40 * MS, 2, EV_ACQUIRE, 0, 30 * MS, 1, NULL);
	fixture_fold(m, 40 * MS, 1, EV_SLEEP, WF_NONE, 0, 0, NULL);
	fixture_fold(m, 50 * MS, 2, EV_RELEASE, 0, 0, 0, NULL);
	fixture_fold(m, 50 * MS, 2, EV_PRINT, WF_NONE, 0, 0, "T2 done");
	fixture_fold(m, 50 * MS, 2, EV_SLEEP, WF_NONE, 0, 0, NULL);
}

static int setup(void **state)
{
	static struct fixture f;
	f.m = model_new();
	f.c = canvas_new(40, 8);
	*state = &f;
	return f.m && f.c ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	model_free(f->m);
	canvas_free(f->c);
	return 0;
}

static const char *row(canvas *c, int y)
{
	static char buf[512];
	canvas_row_text(c, y, buf, sizeof buf);
	for (size_t n = strlen(buf); n > 0 && buf[n - 1] == ' ';)
		buf[--n] = 0;
	return buf;
}

static void test_widgets_timeline_lanes_in_ascii(void **state)
{
	struct fixture *f = *state;
	contended_run(f->m);
	struct timeline_view v = {0, 5 * MS, 0, 60 * MS};
	struct look k = {false, true};
	timeline_draw(f->c, (struct rect){0, 0, 40, 6}, f->m, &v, &k);
	/* Labels are 7 wide ("main", a space, the state glyph, a space);
	 * 5 ms a column, 12 columns to 60 ms. */
	assert_string_equal(row(f->c, 0), "main x T1xxxxxxxxxx");
	assert_string_equal(row(f->c, 1), "T1   . ########....");
	assert_string_equal(row(f->c, 2), "T2   . ##Axxxxx##..");
	assert_string_equal(row(f->c, 4), "       '0us      '50ms     '100ms    '");
	assert_string_equal(row(f->c, 5), "# running  = runnable  x blocked  . slee");
}

static void test_widgets_timeline_respects_now(void **state)
{
	struct fixture *f = *state;
	contended_run(f->m);
	struct timeline_view v = {0, 5 * MS, 0, 20 * MS};
	struct look k = {false, true};
	timeline_draw(f->c, (struct rect){0, 0, 40, 6}, f->m, &v, &k);
	/* Blocked from 10 ms: two columns, room for the lock's name. */
	assert_string_equal(row(f->c, 2), "T2   . ##Ax");
}

static void test_widgets_locks_panel_counts(void **state)
{
	struct fixture *f = *state;
	contended_run(f->m);
	struct look k = {false, true};
	locks_draw(f->c, (struct rect){0, 0, 40, 4}, f->m, &k);
	assert_string_equal(row(f->c, 0), "A free");
	assert_string_equal(row(f->c, 1), "  acq 2  contended 1  wait 30ms");
}

static void test_widgets_locks_panel_in_chinese(void **state)
{
	struct fixture *f = *state;
	contended_run(f->m);
	struct look k = {true, false};
	locks_draw(f->c, (struct rect){0, 0, 40, 4}, f->m, &k);
	assert_string_equal(row(f->c, 0), "A 空闲");
	assert_string_equal(row(f->c, 1), "  获取 2  争用 1  等待 30ms");
}

static void test_widgets_deadlock_is_named(void **state)
{
	struct fixture *f = *state;
	model *m = f->m;
	fixture_fold(m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "T1");
	fixture_fold(m, 0, 1, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 2, "T2");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 0, OBJ_MUTEX, 0, "A");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 1, OBJ_MUTEX, 0, "B");
	fixture_fold(m, 1, 0, EV_ACQUIRE, 0, 0, 1, NULL);
	fixture_fold(m, 1, 1, EV_ACQUIRE, 1, 0, 1, NULL);
	fixture_fold(m, 2, 0, EV_BLOCK_LOCK, 1, 1, 0, NULL);
	fixture_fold(m, 2, 1, EV_BLOCK_LOCK, 0, 0, 0, NULL);
	struct look k = {false, true};
	locks_draw(f->c, (struct rect){0, 0, 40, 8}, f->m, &k);
	assert_string_equal(row(f->c, 0), "DEADLOCK: T1 waits for lock B held by");
	assert_string_equal(row(f->c, 1), "T2, T2 waits for lock A held by T1");
	assert_string_equal(row(f->c, 2), "A held by T1, 1 waiting");
}

static void test_widgets_console_shows_newest_last(void **state)
{
	struct fixture *f = *state;
	contended_run(f->m);
	fixture_fold(f->m, 60 * MS, 1, EV_PRINT, WF_NONE, 0, 0, "中文 line");
	struct look k = {false, true};
	console_draw(f->c, (struct rect){0, 0, 40, 2}, f->m, 0, &k);
	assert_string_equal(row(f->c, 0), "  0.050 T2 T2 done");
	assert_string_equal(row(f->c, 1), "  0.060 T1 中文 line");
}

static void test_widgets_format_ns(void **state)
{
	(void)state;
	char buf[24];
	duration_format(250 * MS, buf, sizeof buf);
	assert_string_equal(buf, "250ms");
	duration_format(1500 * MS, buf, sizeof buf);
	assert_string_equal(buf, "1.5s");
	duration_format(1250 * MS, buf, sizeof buf);
	assert_string_equal(buf, "1.25s");
	duration_format(2000 * MS, buf, sizeof buf);
	assert_string_equal(buf, "2s");
	duration_format(12000 * MS, buf, sizeof buf);
	assert_string_equal(buf, "12s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_widgets_timeline_lanes_in_ascii, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_timeline_respects_now, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_locks_panel_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_locks_panel_in_chinese, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_deadlock_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_console_shows_newest_last, setup, teardown),
		cmocka_unit_test(test_widgets_format_ns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
