/*
 * test_limits.c - every table of the arena refuses a new entry when full.
 *
 * Each test fills one table through the calls lessons make (or the
 * registration they go through), then checks that the next call fails as
 * documented, that the refusal is recorded with its reason (ctl.limit_hit)
 * and reported through arena_on_refuse (the host's stop), and that nothing
 * was written past the table: the bytes after it are still zero.  The arena
 * is one mapping, so ASan would not see such a write; the zero check does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "weft.h"
#include "fixtures.h"

static unsigned refusals;
static enum limit_kind last_refusal;

static void count_refusal(enum limit_kind why)
{
	refusals++;
	last_refusal = why;
}

static int up(void **state)
{
	(void)state;
	refusals = 0;
	last_refusal = LIMIT_NONE;
	arena_on_refuse = count_refusal;
	return fixture_arena_up(1000.0, true);
}

static int down(void **state)
{
	(void)state;
	arena_on_refuse = NULL;
	return fixture_arena_down();
}

/* True when the n bytes at p are all zero. */
static bool zero(const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++)
		if (c[i])
			return false;
	return true;
}

static void test_limits_objects(void **state)
{
	(void)state;
	char name[32];
	for (unsigned i = 0; i < ARENA_MAX_OBJECTS; i++) {
		snprintf(name, sizeof name, "lock %u", i);
		assert_non_null(wf_mutex_new(name, 0));
	}
	assert_int_equal(refusals, 0);
	/* every kind refuses once the table is full, and none writes past it */
	assert_null(wf_mutex_new("one too many", 0));
	assert_null(wf_mutex_new("rlock", WF_RECURSIVE));
	assert_null(wf_sem_new("sem", 1, false, 0));
	assert_null(wf_sem_new("bsem", 1, true, 0));
	assert_null(wf_event_new("event", 0));
	assert_null(wf_cond_new("cond", 0));
	assert_null(wf_queue_new("queue", 4, 0));
	assert_null(wf_barrier_new("barrier", 2, 0));
	assert_int_equal(refusals, 8);
	assert_int_equal(last_refusal, LIMIT_OBJECTS);
	assert_int_equal(atomic_load(&wf_arena->ctl.limit_hit), LIMIT_OBJECTS);
	assert_int_equal(atomic_load(&wf_arena->ctl.object_count), ARENA_MAX_OBJECTS);
	assert_int_equal(arena_object_count(wf_arena), ARENA_MAX_OBJECTS);
	assert_string_equal(wf_arena->objects[ARENA_MAX_OBJECTS - 1].name, "lock 4095");
	/* the table is followed by the text ring, never written here */
	assert_true(zero((const char *)&wf_arena->objects[ARENA_MAX_OBJECTS], 64 * 1024));
}

static void test_limits_actors(void **state)
{
	(void)state;
	/* actor 0 is main (the fixture) */
	for (unsigned i = 1; i < ARENA_MAX_ACTORS; i++)
		assert_int_equal(actor_register("worker", AK_CORO, 0), i);
	assert_int_equal(refusals, 0);
	assert_int_equal(actor_register("one too many", AK_CORO, 0), WF_NONE);
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "thread", NULL, NULL), WF_ENOMEM);
	assert_int_equal(refusals, 2);
	assert_int_equal(last_refusal, LIMIT_ACTORS);
	assert_int_equal(atomic_load(&wf_arena->ctl.actor_count), ARENA_MAX_ACTORS);
	assert_int_equal(arena_actor_count(wf_arena), ARENA_MAX_ACTORS);
	/* the actor table is followed by the object table, still empty */
	assert_true(zero(&wf_arena->actors[ARENA_MAX_ACTORS], sizeof wf_arena->objects[0] * 16));
}

static void test_limits_heap(void **state)
{
	(void)state;
	assert_null(arena_alloc(wf_arena, ARENA_HEAP_SIZE + 1));
	assert_int_equal(refusals, 1);
	assert_int_equal(last_refusal, LIMIT_HEAP);
	/* all but 64 bytes, then what does not fit is refused whole */
	assert_non_null(arena_alloc(wf_arena, ARENA_HEAP_SIZE - 64));
	assert_null(wf_queue_new("big", 1000, 0));
	assert_null(wf_barrier_new("barrier", 100, 0));
	assert_int_equal(refusals, 3);
	assert_true(atomic_load(&wf_arena->ctl.heap_used) <= ARENA_HEAP_SIZE);
	assert_non_null(arena_alloc(wf_arena, 64)); /* what is left still serves */
	assert_null(arena_alloc(wf_arena, 1));
	assert_int_equal(atomic_load(&wf_arena->ctl.heap_used), ARENA_HEAP_SIZE);
	assert_int_equal(object_register("x", OBJ_MUTEX, 0), 0); /* other tables are unaffected */
}

/* A huge request is refused, never rounded around to 0 (issue 18 item 9):
 * the next allocation gets memory of its own. */
static void test_limits_heap_huge_request(void **state)
{
	(void)state;
	static const size_t huge[] = {SIZE_MAX, SIZE_MAX - 9, SIZE_MAX - 63, SIZE_MAX - 64,
				      (size_t)ARENA_HEAP_SIZE + 1};
	for (size_t i = 0; i < sizeof huge / sizeof *huge; i++)
		assert_null(wf_shared_alloc(huge[i]));
	assert_int_equal(refusals, 5);
	char *a = wf_shared_alloc(1), *b = wf_shared_alloc(1);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(b >= a + 64);
	assert_int_equal(atomic_load(&wf_arena->ctl.heap_used), 128);
}

/* The first reason stays: a lesson stopped by one limit is not blamed on
 * another that a dying process hit next. */
static void test_limits_first_reason_wins(void **state)
{
	(void)state;
	arena_refuse(wf_arena, LIMIT_HEAP);
	arena_refuse(wf_arena, LIMIT_OBJECTS);
	assert_int_equal(atomic_load(&wf_arena->ctl.limit_hit), LIMIT_HEAP);
	assert_int_equal(refusals, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_limits_objects, up, down),
		cmocka_unit_test_setup_teardown(test_limits_actors, up, down),
		cmocka_unit_test_setup_teardown(test_limits_heap, up, down),
		cmocka_unit_test_setup_teardown(test_limits_heap_huge_request, up, down),
		cmocka_unit_test_setup_teardown(test_limits_first_reason_wins, up, down),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
