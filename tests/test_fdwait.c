/*
 * test_fdwait.c - wf_fd_poll / wf_fd_wait: readiness as poll(2) reports
 * it, and the events that show the wait on the caller's lane.
 *
 * A fresh arena per test, lesson time at speed 1, the test thread actor 0.
 * Something already ready is reported with no wait events; a wait that
 * nobody ends runs out as WF_ETIMEDOUT between EV_WAIT and EV_WAKE (a = 1);
 * another thread's write ends a wait with no limit (EV_WAKE a = 0); a zero
 * timeout never waits.  Nothing asserts a duration.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "gate.h"
#include "weft.h"
#include "fixtures.h"

#define MAIN 0
#define LOG_MAX 64

static struct wf_ev ev[LOG_MAX];
static size_t nev;
static int fds[2];

/* Main's events so far (the test is its ring's only reader). */
static size_t collect(void)
{
	nev += ring_drain(&wf_arena->rings[MAIN], ev + nev, LOG_MAX - nev);
	return nev;
}

/* The types of main's events after SPAWN and the OBJ_NEW, as a string of
 * names ("wait wake"). */
static const char *after_new(char *buf, size_t size)
{
	collect();
	buf[0] = '\0';
	for (size_t i = 2; i < nev; i++) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s", n ? " " : "", ev_type_name(ev[i].type));
	}
	return buf;
}

static int setup(void **state)
{
	(void)state;
	nev = 0;
	if (pipe(fds) != 0)
		return -1;
	return fixture_arena_up(1.0, true);
}

static int teardown(void **state)
{
	(void)state;
	close(fds[0]);
	close(fds[1]);
	return fixture_arena_down();
}

static void test_fdwait_new_registers_an_fd_object(void **state)
{
	(void)state;
	wf_fd *w = wf_fd_new("accept");
	assert_non_null(w);
	collect();
	assert_true(nev >= 2);
	assert_int_equal(ev[1].type, EV_OBJ_NEW);
	assert_int_equal(ev[1].a, OBJ_FD);
	assert_string_equal(wf_arena->objects[ev[1].obj].name, "accept");
}

static void test_fdwait_ready_fd_is_reported_without_waiting(void **state)
{
	(void)state;
	wf_fd *w = wf_fd_new("r");
	assert_int_equal(write(fds[1], "x", 1), 1);
	assert_int_equal(wf_fd_wait(w, fds[0], POLLIN, WF_FOREVER), 1);
	char buf[64];
	assert_string_equal(after_new(buf, sizeof buf), "");
}

static void test_fdwait_timeout_is_a_wait_that_runs_out(void **state)
{
	(void)state;
	wf_fd *w = wf_fd_new("r");
	assert_int_equal(wf_fd_wait(w, fds[0], POLLIN, 0.03), WF_ETIMEDOUT);
	char buf[64];
	assert_string_equal(after_new(buf, sizeof buf), "wait wake");
	assert_int_equal(ev[2].obj, ev[1].obj);
	assert_int_equal(ev[3].obj, ev[1].obj);
	assert_int_equal(ev[3].a, 1);
	assert_int_equal(wf_arena->objects[ev[1].obj].count[CNT_WAITS], 1);
}

/* Writes once main is blocked in its wait (or after 5 s of trying). */
static void writer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 5000 && atomic_load(&wf_arena->actors[MAIN].status) != STATUS_BLOCKED; i++)
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	if (write(fds[1], "x", 1) != 1)
		fail_msg("write to the pipe failed");
}

static void test_fdwait_another_thread_ends_an_unlimited_wait(void **state)
{
	(void)state;
	wf_fd *w = wf_fd_new("r");
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "writer", writer, NULL), 0);
	struct pollfd p = {.fd = fds[0], .events = POLLIN};
	assert_int_equal(wf_fd_poll(w, &p, 1, WF_FOREVER), 1);
	assert_true(p.revents & POLLIN);
	wf_thread_join(&t);
	collect();
	size_t wait = 0, wake = 0;
	for (size_t i = 2; i < nev; i++) {
		if (ev[i].type == EV_WAIT && !wait)
			wait = i;
		if (ev[i].type == EV_WAKE && ev[i].obj == ev[1].obj)
			wake = i;
	}
	assert_true(wait > 0 && wake > wait);
	assert_int_equal(ev[wait].obj, ev[1].obj);
	assert_int_equal(ev[wake].a, 0);
}

static void test_fdwait_zero_timeout_never_waits(void **state)
{
	(void)state;
	wf_fd *w = wf_fd_new("r");
	assert_int_equal(wf_fd_wait(w, fds[0], POLLIN, 0), WF_ETIMEDOUT);
	char buf[64];
	assert_string_equal(after_new(buf, sizeof buf), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fdwait_new_registers_an_fd_object, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fdwait_ready_fd_is_reported_without_waiting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fdwait_timeout_is_a_wait_that_runs_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fdwait_another_thread_ends_an_unlimited_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fdwait_zero_timeout_never_waits, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
