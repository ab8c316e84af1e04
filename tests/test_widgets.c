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
#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "duration.h"
#include "model.h"
#include "widgets.h"
#include "fixtures.h"

#define WIDGET_W 40
#define WIDGET_H 8
#include "widget_fixture.h"

#define MS 1000000LL


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

static void test_widgets_timeline_lanes_in_ascii(void **state)
{
	struct fixture *f = *state;
	contended_run(f->m);
	struct timeline_view v = {0, 5 * MS, 0, 60 * MS, false};
	struct look k = {false, true};
	timeline_draw(f->c, (struct rect){0, 0, 40, 6}, f->m, &v, &k);
	/* Labels are 7 wide ("main", a space, the state glyph, a space);
	 * 5 ms a column, 12 columns to 60 ms. */
	assert_string_equal(row(f->c, 0), "main x T1xxxxxxxxxx");
	assert_string_equal(row(f->c, 1), "T1   . ########....");
	assert_string_equal(row(f->c, 2), "T2   . ##Axxxxx##..");
	assert_string_equal(row(f->c, 4), "       '0us      '50ms     '100ms    '");
	assert_string_equal(row(f->c, 5), "# running  = runnable  x blocked"); /* each key whole or not at all */
}

static void test_widgets_timeline_respects_now(void **state)
{
	struct fixture *f = *state;
	contended_run(f->m);
	struct timeline_view v = {0, 5 * MS, 0, 20 * MS, false};
	struct look k = {false, true};
	timeline_draw(f->c, (struct rect){0, 0, 40, 6}, f->m, &v, &k);
	/* Blocked from 10 ms: two columns, room for the lock's name. */
	assert_string_equal(row(f->c, 2), "T2   . ##Ax");
}

/* Where events were lost the axis says so, column by column. */
static void test_widgets_timeline_marks_lost_events(void **state)
{
	struct fixture *f = *state;
	contended_run(f->m); /* up to 50 ms */
	fixture_fold(f->m, 60 * MS, WF_NONE, EV_DROPPED, WF_NONE, 10, 50 * MS, NULL);
	assert_int_equal(model_dropped(f->m), 10);
	assert_int_equal(model_drop_count(f->m), 1);
	struct timeline_view v = {0, 5 * MS, 0, 100 * MS, false};
	struct look k = {false, true};
	timeline_draw(f->c, (struct rect){0, 0, 40, 6}, f->m, &v, &k);
	/* 50 to 60 ms: columns 10 to 12 of the lanes */
	assert_string_equal(row(f->c, 4), "       '0us      !!!       '100ms    '"); /* no label cut by the marks */
	/* a later loss that goes on from it widens the same stretch */
	fixture_fold(f->m, 70 * MS, WF_NONE, EV_DROPPED, WF_NONE, 15, 60 * MS, NULL);
	assert_int_equal(model_drop_count(f->m), 1);
	assert_int_equal(model_drop(f->m, 0)->lost, 15);
	canvas_clear(f->c);
	timeline_draw(f->c, (struct rect){0, 0, 40, 6}, f->m, &v, &k);
	assert_string_equal(row(f->c, 4), "       '0us      !!!!!     '100ms    '");
}

/* A message mark and a blocked label never share a cell: T2 sends at the
 * column its block on A begins, so the label "A" moves one column right
 * instead of being covered ("oA", not "o" alone). */
static void test_widgets_timeline_marks_clear_of_labels(void **state)
{
	struct fixture *f = *state;
	model *m = f->m; /* contended_run's events, with the message in time order */
	fixture_fold(m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 0, OBJ_MUTEX, 0, "A");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 1, OBJ_QUEUE, 4, "q");
	fixture_fold(m, 0, 1, EV_SPAWN, WF_NONE, 0, 1ull << 32 | 2, "T1");
	fixture_fold(m, 0, 2, EV_SPAWN, WF_NONE, 0, 1ull << 32 | 3, "T2");
	fixture_fold(m, 0, 0, EV_JOIN, WF_NONE, 1, 0, NULL);
	fixture_fold(m, 0, 1, EV_ACQUIRE, 0, 0, 1, NULL);
	fixture_fold(m, 10 * MS, 2, EV_MSG_SEND, 1, 7, MSG_B(8, 0), NULL);
	fixture_fold(m, 10 * MS, 2, EV_BLOCK_LOCK, 0, 1, 0, NULL);
	fixture_fold(m, 40 * MS, 1, EV_RELEASE, 0, 0, 0, NULL);
	fixture_fold(m, 40 * MS, 2, EV_ACQUIRE, 0, 30 * MS, 1, NULL);
	fixture_fold(m, 40 * MS, 1, EV_SLEEP, WF_NONE, 0, 0, NULL);
	fixture_fold(m, 45 * MS, 1, EV_MSG_RECV, 1, 7, MSG_B(8, 0), NULL);
	fixture_fold(m, 50 * MS, 2, EV_RELEASE, 0, 0, 0, NULL);
	fixture_fold(m, 50 * MS, 2, EV_SLEEP, WF_NONE, 0, 0, NULL);
	struct timeline_view v = {0, 5 * MS, 0, 60 * MS, false};
	struct look k = {false, true};
	timeline_draw(f->c, (struct rect){0, 0, 40, 6}, f->m, &v, &k);
	assert_string_equal(row(f->c, 1), "T1   . ########.^..");
	assert_string_equal(row(f->c, 2), "T2   . ##oAxxxx##..");
}

static void sync_draw(struct fixture *f, int h, int scroll, bool zh)
{
	struct look k = {zh, true};
	struct syncpanel_view v = {0, 40 * MS, scroll};
	syncpanel_draw(f->c, (struct rect){0, 0, 40, h}, f->m, &v, &k);
}

static void test_widgets_sync_panel_lock_counts(void **state)
{
	struct fixture *f = *state;
	contended_run(f->m);
	sync_draw(f, 4, 0, false);
	assert_string_equal(row(f->c, 0), "A lock free");
	assert_string_equal(row(f->c, 1), "  acq 2  contended 1  wait 30ms");
	struct look k = {false, true};
	assert_int_equal(syncpanel_rows(f->m, 40, &k), 2);
	assert_int_equal(syncpanel_rows(f->m, 20, &k), 3); /* the counters take two rows */
}

static void test_widgets_sync_panel_in_chinese(void **state)
{
	struct fixture *f = *state;
	contended_run(f->m);
	sync_draw(f, 4, 0, true);
	assert_string_equal(row(f->c, 0), "A 锁 空闲");
	assert_string_equal(row(f->c, 1), "  获取 2  争用 1  等待 30ms");
}

/* Holders and waiters by name, for every shape of object. */
static void test_widgets_sync_panel_shapes(void **state)
{
	struct fixture *f = *state;
	model *m = f->m;
	fixture_fold(m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	fixture_fold(m, 0, 1, EV_SPAWN, WF_NONE, 0, 1ull << 32 | 2, "T1");
	fixture_fold(m, 0, 2, EV_SPAWN, WF_NONE, 0, 1ull << 32 | 3, "T2");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 0, OBJ_RMUTEX, 0, "R");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 1, OBJ_BSEMAPHORE, 2, "S");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 2, OBJ_EVENT, 0, "E");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 3, OBJ_BARRIER, 3, "B");
	fixture_fold(m, 1, 0, EV_ACQUIRE, 0, 0, 1, NULL);
	fixture_fold(m, 1, 0, EV_ACQUIRE, 0, 0, 2, NULL);  /* re-entered: depth 2 */
	fixture_fold(m, 2, 1, EV_BLOCK_LOCK, 0, 0, 0, NULL); /* T1 waits for R */
	fixture_fold(m, 3, 0, EV_WAKE, 1, 0, 1, NULL);      /* main takes a permit: 1 left */
	fixture_fold(m, 4, 0, EV_NOTIFY, 2, WF_ALL, 1, NULL); /* E set */
	fixture_fold(m, 5, 2, EV_WAIT, 3, 0, 1, NULL);      /* T2 first at the barrier */
	sync_draw(f, 8, 0, false);
	assert_string_equal(row(f->c, 0), "R recursive lock held by main depth 2");
	assert_string_equal(row(f->c, 2), "S bounded semaphore value 1/2");
	/* four counters do not fit in 40 columns: they go on over two rows */
	assert_string_equal(row(f->c, 3), "  acq 1  contended 0  wait 0us");
	assert_string_equal(row(f->c, 4), "  refused 0");
	assert_string_equal(row(f->c, 5), "E event set");
	assert_string_equal(row(f->c, 6), "  sets 1  waits 0");
	assert_string_equal(row(f->c, 7), "B barrier arrived 1/3  waiting: T2");
	/* the waiter of R, narrower than the row: its name still fits whole */
	fixture_fold(m, 6, 0, EV_RELEASE, 0, 0, 1, NULL);
	canvas_clear(f->c);
	sync_draw(f, 8, 0, false);
	assert_string_equal(row(f->c, 0), "R recursive lock held by main depth 1");
}

static void test_widgets_sync_panel_waiters_by_name(void **state)
{
	struct fixture *f = *state;
	model *m = f->m;
	fixture_fold(m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 0, OBJ_MUTEX, 0, "lock");
	char name[8];
	for (int i = 1; i <= 6; i++) {
		snprintf(name, sizeof name, "T%d", i);
		fixture_fold(m, 0, (uint16_t)i, EV_SPAWN, WF_NONE, 0, 1ull << 32 | (uint64_t)(i + 1), name);
	}
	fixture_fold(m, 1, 0, EV_ACQUIRE, 0, 0, 1, NULL);
	for (int i = 1; i <= 6; i++)
		fixture_fold(m, 2, (uint16_t)i, EV_BLOCK_LOCK, 0, 0, 0, NULL);
	sync_draw(f, 2, 0, false);
	/* as many names as fit in 40 columns, then how many more */
	assert_string_equal(row(f->c, 0), "lock lock held by main  waiting: T1 +5");
}

/* Counts from events are marked once events were lost; an exact reading
 * from the arena replaces them. */
static void test_widgets_sync_panel_partial_then_exact(void **state)
{
	struct fixture *f = *state;
	contended_run(f->m);
	fixture_fold(f->m, 60 * MS, WF_NONE, EV_DROPPED, WF_NONE, 500, 55 * MS, NULL);
	sync_draw(f, 4, 0, false);
	assert_string_equal(row(f->c, 1), "  acq 2~  contended 1~  wait 30ms~");
	assert_string_equal(row(f->c, 2), "~ counted from events; 500 events lost");
	fixture_fold(f->m, 70 * MS, WF_NONE, EV_COUNTER, 0, CNT_ACQUIRES, 800, NULL);
	fixture_fold(f->m, 70 * MS, WF_NONE, EV_COUNTER, 0, CNT_CONTENDED, 7, NULL);
	fixture_fold(f->m, 70 * MS, WF_NONE, EV_COUNTER, 0, CNT_WAIT_NS, 90 * MS, NULL);
	canvas_clear(f->c);
	sync_draw(f, 4, 0, false);
	assert_string_equal(row(f->c, 1), "  acq 800  contended 7  wait 90ms");
	assert_string_equal(row(f->c, 2), "");
}

/* More entries than rows: scroll by entries, the last row counts the rest. */
static void test_widgets_sync_panel_scrolls(void **state)
{
	struct fixture *f = *state;
	model *m = f->m;
	fixture_fold(m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	char name[8];
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof name, "L%d", i);
		fixture_fold(m, 0, 0, EV_OBJ_NEW, (uint16_t)i, OBJ_MUTEX, 0, name);
	}
	assert_int_equal(syncpanel_entries(m), 5);
	sync_draw(f, 5, 0, false);
	assert_string_equal(row(f->c, 0), "L0 lock free");
	assert_string_equal(row(f->c, 2), "L1 lock free");
	assert_string_equal(row(f->c, 4), "+3 v");
	canvas_clear(f->c);
	sync_draw(f, 5, 3, false);
	assert_string_equal(row(f->c, 0), "L3 lock free");
	assert_string_equal(row(f->c, 2), "L4 lock free");
	assert_string_equal(row(f->c, 4), "");
}

static void test_widgets_sync_panel_queue_chart(void **state)
{
	struct fixture *f = *state;
	model *m = f->m;
	fixture_fold(m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 0, OBJ_QUEUE, 2, "q");
	fixture_fold(m, 10 * MS, 0, EV_PUT, 0, 1, 2, NULL);
	fixture_fold(m, 20 * MS, 0, EV_PUT, 0, 2, 2, NULL);
	fixture_fold(m, 30 * MS, 0, EV_GET, 0, 1, 2, NULL);
	sync_draw(f, 4, 0, false);
	assert_string_equal(row(f->c, 0), "q queue 1/2");
	assert_string_equal(row(f->c, 1), "  put 2  get 1  peak 2");
	/* 40 ms over 40 columns: full from 20 to 30 ms, half from 10 and 30 */
	assert_string_equal(row(f->c, 2), "--------------------##########----------");
	assert_string_equal(row(f->c, 3), "          ##############################");
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
	sync_draw(f, 8, 0, false);
	assert_string_equal(row(f->c, 0), "DEADLOCK: T1 waits for lock B held by");
	assert_string_equal(row(f->c, 1), "T2, T2 waits for lock A held by T1");
	assert_string_equal(row(f->c, 2), "A lock held by T1  waiting: T2");
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
		cmocka_unit_test_setup_teardown(test_widgets_timeline_marks_clear_of_labels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_timeline_marks_lost_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_sync_panel_lock_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_sync_panel_in_chinese, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_sync_panel_shapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_sync_panel_waiters_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_sync_panel_partial_then_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_sync_panel_scrolls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_sync_panel_queue_chart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_deadlock_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widgets_console_shows_newest_last, setup, teardown),
		cmocka_unit_test(test_widgets_format_ns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
