/*
 * test_green.c - green threads on a hub: spawned ones start in spawn order
 * at the hub's next turn; a green sleep lets the others run and the
 * shorter sleep wakes first; a green read of an empty pipe switches away
 * and comes back when it is written; an error runs the link_exception
 * callback once, before joinall returns; joinall refuses to run inside a
 * green thread; a real (unpatched) sleep holds every green thread up.
 *
 * Durations are a few lesson milliseconds at speed 1; orders are asserted,
 * and one lower bound on a stall (it cannot be shorter than the sleep).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "weft.h"
#include "fixtures.h"

static char order[128];

static void note(char c)
{
	size_t n = strlen(order);
	if (n + 1 < sizeof order) {
		order[n] = c;
		order[n + 1] = 0;
	}
}

static int setup(void **state)
{
	(void)state;
	order[0] = 0;
	return fixture_arena_up(1.0, true);
}

static int teardown(void **state)
{
	(void)state;
	wf_green_hub_free();
	return fixture_arena_down();
}

struct sleeper {
	char start, end;
	double seconds;
};

static int sleeper(void *arg)
{
	struct sleeper *s = arg;
	note(s->start);
	wf_green_sleep(s->seconds);
	note(s->end);
	return 0;
}

static void test_green_spawn_order_and_sleeps(void **state)
{
	(void)state;
	struct sleeper a = {'a', 'A', 0.03}, b = {'b', 'B', 0.01}, c = {'c', 'C', 0.02};
	wf_green *g[3] = {wf_green_spawn("a", sleeper, &a), wf_green_spawn("b", sleeper, &b),
			  wf_green_spawn("c", sleeper, &c)};
	assert_non_null(g[0]);
	assert_null(wf_green_current());
	note('.'); /* spawning does not run them: the hub does, in joinall */
	assert_int_equal(wf_green_joinall(g, 3), 0);
	assert_string_equal(order, ".abcBCA");
	for (int i = 0; i < 3; i++) {
		assert_true(wf_green_dead(g[i]));
		assert_int_equal(wf_green_error(g[i]), 0);
	}
}

static int fds[2];

static int reader(void *arg)
{
	(void)arg;
	char buf[4] = {0};
	note('r');
	ssize_t n = wf_green_read(fds[0], buf, sizeof buf);
	note(n == 2 && memcmp(buf, "hi", 2) == 0 ? 'R' : '?');
	return 0;
}

static int writer(void *arg)
{
	(void)arg;
	note('w');
	wf_green_sleep(0.01);
	note(write(fds[1], "hi", 2) == 2 ? 'W' : '?');
	return 0;
}

static void test_green_read_switches_until_readable(void **state)
{
	(void)state;
	assert_int_equal(pipe(fds), 0);
	wf_green *g[2] = {wf_green_spawn("reader", reader, NULL), wf_green_spawn("writer", writer, NULL)};
	assert_int_equal(wf_green_joinall(g, 2), 0);
	assert_string_equal(order, "rwWR");
	close(fds[0]);
	close(fds[1]);
}

static int raiser(void *arg)
{
	(void)arg;
	note('x');
	wf_green_sleep(0.005);
	return WF_EUSER - 3;
}

static int links;

static void on_error(wf_green *g, void *arg)
{
	assert_ptr_equal(arg, &links);
	assert_int_equal(wf_green_error(g), WF_EUSER - 3);
	assert_string_equal(wf_green_name(g), "raiser");
	links++;
	note('L');
}

static void test_green_link_exception_runs_once_before_joinall_returns(void **state)
{
	(void)state;
	links = 0;
	struct sleeper ok = {'o', 'O', 0.001};
	wf_green *g[2] = {wf_green_spawn("raiser", raiser, NULL), wf_green_spawn("ok", sleeper, &ok)};
	assert_int_equal(wf_green_link_exception(g[0], on_error, &links), 0);
	assert_int_equal(wf_green_link_exception(g[0], on_error, &links), WF_ENOMEM);
	assert_int_equal(wf_green_link_exception(g[1], on_error, &links), 0); /* never called: no error */
	assert_int_equal(wf_green_joinall(g, 2), 0);
	assert_int_equal(links, 1);
	assert_string_equal(order, "xoOL");
}

static int nested_rc;

static int nester(void *arg)
{
	(void)arg;
	wf_green *me = wf_green_current();
	nested_rc = wf_green_joinall(&me, 1);
	return 0;
}

static void test_green_joinall_refused_inside_a_green_thread(void **state)
{
	(void)state;
	nested_rc = 0;
	wf_green *g = wf_green_spawn("nester", nester, NULL);
	assert_int_equal(wf_green_joinall(&g, 1), 0);
	assert_int_equal(nested_rc, WF_ESTATE);
}

static int blocker(void *arg)
{
	(void)arg;
	note('k');
	wf_sleep(0.05); /* not the green sleep: the thread itself sleeps */
	note('K');
	return 0;
}

static void test_green_real_sleep_stalls_every_green_thread(void **state)
{
	(void)state;
	struct sleeper s = {'s', 'S', 0.001};
	double t0 = wf_now();
	wf_green *g[2] = {wf_green_spawn("sleeper", sleeper, &s), wf_green_spawn("blocker", blocker, NULL)};
	assert_int_equal(wf_green_joinall(g, 2), 0);
	/* The sleeper's 1 ms timer could only fire after the blocker let go. */
	assert_string_equal(order, "skKS");
	assert_true(wf_now() - t0 >= 0.05);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_green_spawn_order_and_sleeps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_green_read_switches_until_readable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_green_link_exception_runs_once_before_joinall_returns,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_green_joinall_refused_inside_a_green_thread, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_green_real_sleep_stalls_every_green_thread, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
