/*
 * test_lessontime.c - the timebase: real monotonic ns to lesson ns and back.
 *
 * Each test starts a fresh timebase and converts real times computed from
 * the segments it recorded, never from the wall clock, so no result depends
 * on how fast the test runs.  Speeds are powers of two or small integers so
 * the double arithmetic inside is exact and conversions compare exactly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <time.h>

#include "clock.h"

#define SEC 1000000000ll

static int setup(void **state)
{
	struct timebase *tb = calloc(1, sizeof *tb);
	if (!tb)
		return -1;
	*state = tb;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* Segment i (0 = the first) as the timebase recorded it. */
static const struct timebase_segment *seg(const struct timebase *tb, uint32_t i)
{
	return &tb->seg[i % TIMEBASE_SEGMENTS];
}

/* Lets the monotonic clock move, so consecutive segments start at
 * different real times.  Nothing is measured. */
static void tick(void)
{
	nanosleep(&(struct timespec){0, 10000}, NULL);
}

static void test_lessontime_starts_at_zero(void **state)
{
	struct timebase *tb = *state;
	timebase_start(tb, 1.0);
	assert_int_equal(atomic_load(&tb->count), 1);
	int64_t r0 = seg(tb, 0)->real0;
	assert_true(r0 > 0);
	assert_int_equal(timebase_lesson_ns(tb, r0), 0);
	/* Before the start, lesson time is still 0, never negative. */
	assert_int_equal(timebase_lesson_ns(tb, r0 - SEC), 0);
	assert_true(timebase_speed(tb) == 1.0);
}

static void test_lessontime_scales_with_speed(void **state)
{
	struct timebase *tb = *state;
	const double speeds[] = {1.0, 2.0, 0.5, 10.0, 0.25};
	for (size_t i = 0; i < sizeof speeds / sizeof *speeds; i++) {
		timebase_start(tb, speeds[i]);
		int64_t r0 = seg(tb, 0)->real0;
		assert_int_equal(timebase_lesson_ns(tb, r0 + SEC), (int64_t)(SEC * speeds[i]));
		assert_int_equal(timebase_lesson_ns(tb, r0 + 4 * SEC), (int64_t)(4 * SEC * speeds[i]));
		assert_true(timebase_speed(tb) == speeds[i]);
	}
}

static void test_lessontime_restart_forgets_old_segments(void **state)
{
	struct timebase *tb = *state;
	timebase_start(tb, 1.0);
	timebase_set(tb, 4.0);
	timebase_start(tb, 2.0);
	assert_int_equal(atomic_load(&tb->count), 1);
	int64_t r0 = seg(tb, 0)->real0;
	assert_int_equal(timebase_lesson_ns(tb, r0 + SEC), 2 * SEC);
}

static void test_lessontime_speed_change_continues_from_now(void **state)
{
	struct timebase *tb = *state;
	timebase_start(tb, 2.0);
	tick();
	timebase_set(tb, 4.0);
	assert_int_equal(atomic_load(&tb->count), 2);
	int64_t r0 = seg(tb, 0)->real0, r1 = seg(tb, 1)->real0;
	assert_true(r1 > r0);
	/* The new segment starts where the old one had got to: no jump. */
	assert_int_equal(seg(tb, 1)->lesson0, 2 * (r1 - r0));
	assert_int_equal(timebase_lesson_ns(tb, r1), 2 * (r1 - r0));
	assert_int_equal(timebase_lesson_ns(tb, r1 + SEC), 2 * (r1 - r0) + 4 * SEC);
	assert_true(timebase_speed(tb) == 4.0);
}

static void test_lessontime_old_timestamp_uses_old_segment(void **state)
{
	struct timebase *tb = *state;
	timebase_start(tb, 1.0);
	tick();
	timebase_set(tb, 4.0);
	int64_t r0 = seg(tb, 0)->real0, r1 = seg(tb, 1)->real0;
	int64_t mid = r0 + (r1 - r0) / 2;
	/* Written before the change, converted after it: speed 1 applies. */
	assert_int_equal(timebase_lesson_ns(tb, mid), mid - r0);
	assert_int_equal(timebase_lesson_ns(tb, r1 - 1), r1 - 1 - r0);
	/* And it stays so after yet another change. */
	tick();
	timebase_set(tb, 2.0);
	assert_int_equal(timebase_lesson_ns(tb, mid), mid - r0);
	int64_t r2 = seg(tb, 2)->real0, l2 = seg(tb, 2)->lesson0;
	int64_t mid12 = r1 + (r2 - r1) / 2;
	assert_int_equal(timebase_lesson_ns(tb, mid12), (r1 - r0) + 4 * (mid12 - r1));
	assert_int_equal(l2, (r1 - r0) + 4 * (r2 - r1));
	assert_int_equal(timebase_lesson_ns(tb, r2 + SEC), l2 + 2 * SEC);
}

static void test_lessontime_pause_freezes(void **state)
{
	struct timebase *tb = *state;
	timebase_start(tb, 1.0);
	tick();
	timebase_set(tb, 0);
	int64_t r1 = seg(tb, 1)->real0, frozen = seg(tb, 1)->lesson0;
	assert_true(timebase_speed(tb) == 0);
	assert_int_equal(timebase_lesson_ns(tb, r1), frozen);
	assert_int_equal(timebase_lesson_ns(tb, r1 + SEC), frozen);
	assert_int_equal(timebase_lesson_ns(tb, r1 + 3600 * SEC), frozen);
	/* Paused, no lesson deadline in the future is ever reached. */
	assert_int_equal(timebase_real_ns(tb, frozen + 1), INT64_MAX);

	/* Resume: lesson time goes on from where it stopped. */
	tick();
	timebase_set(tb, 2.0);
	int64_t r2 = seg(tb, 2)->real0;
	assert_int_equal(seg(tb, 2)->lesson0, frozen);
	assert_int_equal(timebase_lesson_ns(tb, r2 + SEC), frozen + 2 * SEC);
	/* A time inside the pause still reads the frozen value. */
	assert_int_equal(timebase_lesson_ns(tb, r1 + (r2 - r1) / 2), frozen);
}

static void test_lessontime_real_ns_inverts_lesson_ns(void **state)
{
	struct timebase *tb = *state;
	const double speeds[] = {1.0, 2.0, 0.5, 3.0};
	timebase_start(tb, 1.0);
	for (size_t i = 0; i < sizeof speeds / sizeof *speeds; i++) {
		tick();
		timebase_set(tb, speeds[i]);
		const struct timebase_segment *s = seg(tb, atomic_load(&tb->count) - 1);
		for (int64_t d = 1; d <= 10 * SEC; d *= 7) {
			int64_t lesson = s->lesson0 + d;
			int64_t real = timebase_real_ns(tb, lesson);
			assert_true(real >= s->real0);
			/* Rounding down to whole ns may lose up to `speed` lesson ns. */
			int64_t back = timebase_lesson_ns(tb, real);
			assert_in_range(lesson - back, 0, (uint64_t)speeds[i]);
		}
		/* A deadline already passed maps to the segment's start. */
		assert_int_equal(timebase_real_ns(tb, s->lesson0 - SEC), s->real0);
	}
}

static void test_lessontime_real_ns_exact_for_power_of_two(void **state)
{
	struct timebase *tb = *state;
	timebase_start(tb, 0.5);
	int64_t r0 = seg(tb, 0)->real0;
	assert_int_equal(timebase_real_ns(tb, SEC), r0 + 2 * SEC);
	timebase_start(tb, 4.0);
	r0 = seg(tb, 0)->real0;
	assert_int_equal(timebase_real_ns(tb, 4 * SEC), r0 + SEC);
	assert_int_equal(timebase_lesson_ns(tb, timebase_real_ns(tb, 4 * SEC)), 4 * SEC);
}

static void test_lessontime_many_changes_convert_recent_times(void **state)
{
	struct timebase *tb = *state;
	const uint32_t changes = 3 * TIMEBASE_SEGMENTS + 5;
	timebase_start(tb, 1.0);
	for (uint32_t i = 0; i < changes; i++) {
		tick();
		timebase_set(tb, i % 2 ? 1.0 : 2.0);
	}
	uint32_t n = atomic_load(&tb->count);
	assert_int_equal(n, changes + 1);

	/* The newest segment and the one before it convert exactly. */
	const struct timebase_segment *last = seg(tb, n - 1), *prev = seg(tb, n - 2);
	assert_true(last->speed == ((changes - 1) % 2 ? 1.0 : 2.0));
	assert_int_equal(timebase_lesson_ns(tb, last->real0 + SEC),
			 last->lesson0 + (int64_t)(last->speed * SEC));
	int64_t mid = prev->real0 + (last->real0 - prev->real0) / 2;
	assert_int_equal(timebase_lesson_ns(tb, mid),
			 prev->lesson0 + (int64_t)(prev->speed * (double)(mid - prev->real0)));

	/* Every segment still kept converts its own start to its own lesson0,
	 * and lesson time never runs backwards across them. */
	int64_t before = -1;
	for (uint32_t i = n - TIMEBASE_SEGMENTS; i < n; i++) {
		const struct timebase_segment *s = seg(tb, i);
		assert_int_equal(timebase_lesson_ns(tb, s->real0), s->lesson0);
		assert_true(s->lesson0 >= before);
		before = s->lesson0;
	}
	/* The inverse works on the newest segment too. */
	int64_t target = last->lesson0 + SEC;
	assert_int_equal(timebase_lesson_ns(tb, timebase_real_ns(tb, target)), target);
}

/* A raw timestamp picks its segment by the tick the segment began, not by
 * its calibrated real time, and never reads past the next segment's start:
 * here the two clocks disagree by 1 ms at a jump and at a pause.  (Without
 * clock_init, ticks are monotonic ns: tick0 and real0 start equal.) */
static void test_lessontime_ticks_pick_their_segment_by_tick0(void **state)
{
	struct timebase *tb = *state;
	timebase_start(tb, 1.0);
	tick();
	timebase_jump(tb, 5 * SEC, 0);
	struct timebase_segment *jump = &tb->seg[1];
	uint64_t t0 = jump->tick0;
	jump->real0 += 1000000; /* the monotonic clock reads ahead */
	assert_int_equal(timebase_ticks_lesson_ns(tb, t0), 5 * SEC);
	assert_int_equal(timebase_ticks_lesson_ns(tb, t0 + 10), 5 * SEC);
	/* Before the jump, the first segment at speed 1. */
	int64_t r0 = seg(tb, 0)->real0;
	assert_int_equal(timebase_ticks_lesson_ns(tb, t0 - 1), (int64_t)(t0 - 1) - r0);

	tick();
	timebase_set(tb, 2.0);
	tick();
	timebase_set(tb, 0);
	struct timebase_segment *pause = &tb->seg[3], *run = &tb->seg[2];
	int64_t frozen = pause->lesson0;
	pause->tick0 += 1000000; /* the monotonic clock reads behind */
	/* Still in the running segment by its tick, yet past the pause's real
	 * start: it stops at the pause's time, never beyond it. */
	assert_int_equal(timebase_ticks_lesson_ns(tb, pause->tick0 - 1), frozen);
	assert_int_equal(timebase_ticks_lesson_ns(tb, pause->tick0 + SEC), frozen);
	assert_int_equal(timebase_ticks_lesson_ns(tb, run->tick0 + 2),
			 run->lesson0 + 2 * (int64_t)(run->tick0 + 2 - (uint64_t)run->real0));
}

static void test_lessontime_set_wakes_sleepers_count(void **state)
{
	struct timebase *tb = *state;
	/* count is also the futex word sleepers wait on: every change bumps it. */
	timebase_start(tb, 1.0);
	uint32_t before = atomic_load(&tb->count);
	timebase_set(tb, 1.0);
	timebase_set(tb, 0);
	assert_int_equal(atomic_load(&tb->count), before + 2);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_lessontime_starts_at_zero),
		T(test_lessontime_scales_with_speed),
		T(test_lessontime_restart_forgets_old_segments),
		T(test_lessontime_speed_change_continues_from_now),
		T(test_lessontime_old_timestamp_uses_old_segment),
		T(test_lessontime_pause_freezes),
		T(test_lessontime_real_ns_inverts_lesson_ns),
		T(test_lessontime_real_ns_exact_for_power_of_two),
		T(test_lessontime_many_changes_convert_recent_times),
		T(test_lessontime_ticks_pick_their_segment_by_tick0),
		T(test_lessontime_set_wakes_sleepers_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
