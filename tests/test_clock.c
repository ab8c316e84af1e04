/*
 * test_clock.c - the TSC calibration that refines as it is read: right
 * from the first read (no sleep at start), ever closer to CLOCK_MONOTONIC,
 * never going back for later ticks, and safe to read from several threads
 * while one refines it.  Bounds are loose (a loaded machine preempts):
 * they catch a wrong rate (a 1 % error is 10 ms a second), not speed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "clock.h"

static void spin_ms(int ms)
{
	uint64_t end = clock_mono_ns() + (uint64_t)ms * 1000000u;
	while (clock_mono_ns() < end)
		;
}

/* |converted - monotonic| for a tick read now, best of a few tries (a
 * preemption between the two reads would add to it). */
static int64_t error_now(void)
{
	int64_t best = INT64_MAX;
	for (int i = 0; i < 16; i++) {
		int64_t m = (int64_t)clock_mono_ns();
		uint64_t t = clock_ticks();
		int64_t e = llabs(clock_ns(t) - m);
		if (e < best)
			best = e;
	}
	return best;
}

static void test_clock_first_read_is_close(void **state)
{
	(void)state;
	clock_init();
	spin_ms(3);
	int64_t e = error_now();
	if (e > 200000)
		fail_msg("a tick 3 ms after clock_init converts %lld ns off", (long long)e);
}

static void test_clock_refines_and_stays_close(void **state)
{
	(void)state;
	clock_init();
	for (int i = 0; i < 10; i++) {
		spin_ms(5);
		(void)clock_map(); /* a pump */
	}
	int64_t e = error_now();
	if (e > 100000)
		fail_msg("after 50 ms of pumps a tick converts %lld ns off", (long long)e);
	/* A duration converts by the rate alone: 10 ms of ticks is 10 ms. */
	uint64_t t0 = clock_ticks();
	int64_t m0 = (int64_t)clock_mono_ns();
	spin_ms(10);
	uint64_t t1 = clock_ticks();
	int64_t m1 = (int64_t)clock_mono_ns();
	double ns = (double)(t1 - t0) * clock_ns_per_tick();
	double real = (double)(m1 - m0);
	if (ns < real * 0.99 || ns > real * 1.01)
		fail_msg("10 ms of ticks converts to %.0f ns, the clock says %.0f", ns, real);
}

static void test_clock_later_ticks_never_go_back(void **state)
{
	(void)state;
	clock_init();
	int64_t last = INT64_MIN;
	uint64_t tick = clock_ticks();
	for (int i = 0; i < 2000; i++) {
		if (i % 100 == 0)
			(void)clock_map(); /* refinements in between */
		uint64_t t = clock_ticks();
		assert_true(t >= tick);
		tick = t;
		int64_t ns = clock_ns(t);
		/* Successive maps agree at the present to within a pair's error. */
		if (ns + 5000 < last)
			fail_msg("tick %d converts %lld ns before the one read earlier", i,
				 (long long)(last - ns));
		if (ns > last)
			last = ns;
		spin_ms(i % 100 == 0 ? 1 : 0);
	}
}

static _Atomic int readers_go;

static void *read_many(void *arg)
{
	(void)arg;
	int64_t sum = 0;
	while (atomic_load(&readers_go))
		sum += clock_ns(clock_ticks()) & 1;
	return (void *)(intptr_t)sum;
}

static void test_clock_readers_while_refining(void **state)
{
	(void)state;
	clock_init();
	atomic_store(&readers_go, 1);
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, read_many, NULL), 0);
	for (int i = 0; i < 20; i++) {
		spin_ms(3);
		struct clock_map m = clock_map();
		if (clock_use_tsc)
			assert_true(m.ns_per_tick > 0);
	}
	atomic_store(&readers_go, 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	assert_true(error_now() < 200000);
}

static void test_clock_monotonic_when_forced(void **state)
{
	(void)state;
	setenv("WEFT_CLOCK", "monotonic", 1);
	clock_init();
	unsetenv("WEFT_CLOCK");
	assert_false(clock_use_tsc);
	assert_string_equal(clock_source(), "clock_gettime");
	uint64_t t = clock_ticks();
	assert_int_equal(clock_ns(t), (int64_t)t);
	assert_true(clock_ns_per_tick() == 1.0);
	clock_init(); /* the other tests' clock again */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock_first_read_is_close),
		cmocka_unit_test(test_clock_refines_and_stays_close),
		cmocka_unit_test(test_clock_later_ticks_never_go_back),
		cmocka_unit_test(test_clock_readers_while_refining),
		cmocka_unit_test(test_clock_monotonic_when_forced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
