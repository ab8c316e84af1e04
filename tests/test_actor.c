/*
 * test_actor.c - an actor's end is never lost: with its ring full when it
 * leaves, its EV_EXIT waits for the collector to make room instead of
 * being dropped (a lost exit left its lane drawn alive to the end of the
 * run, race --set lock=on).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <time.h>

#include "actor.h"
#include "fixtures.h"

static int setup(void **state)
{
	(void)state;
	if (fixture_arena_up(1, true) < 0)
		return -1;
	atomic_store(&wf_arena->ctl.gate, GATE_RECORDING);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_arena_down();
}

static struct wf_ev drained[RING_CAP];
static size_t ndrained;

/* The collector, late: waits 50 ms, then empties main's ring. */
static void *late_collector(void *arg)
{
	(void)arg;
	nanosleep(&(struct timespec){0, 50000000}, NULL);
	ndrained = ring_drain(&wf_arena->rings[0], drained, RING_CAP);
	return NULL;
}

static void test_actor_exit_waits_for_room_in_a_full_ring(void **state)
{
	(void)state;
	struct ring *r = &wf_arena->rings[0];
	while (atomic_load(&r->head) - atomic_load(&r->tail) < RING_CAP)
		emit_store(0, EV_RUN, WF_NONE, 0, 0);
	uint64_t dropped = ring_dropped(r);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, late_collector, NULL), 0);
	actor_leave(0);
	pthread_join(t, NULL);
	assert_int_equal(ring_dropped(r), dropped); /* the exit was not dropped */
	struct wf_ev rest[4];
	size_t n = ring_drain(r, rest, 4);
	const struct wf_ev *last = n ? &rest[n - 1] : ndrained ? &drained[ndrained - 1] : NULL;
	assert_non_null(last);
	assert_int_equal(last->type, EV_EXIT);
	assert_int_equal(last->actor, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_actor_exit_waits_for_room_in_a_full_ring, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
