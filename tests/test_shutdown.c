/*
 * test_shutdown.c - queue shutdown as Python 3.13 defines it, for the
 * thread queue (wf_queue) and the loop's queue (wf_aqueue): threads and
 * tasks blocked in get and in put wake with WF_ESHUTDOWN; a plain shutdown
 * lets gets drain what is left first; an immediate one drops it, counting
 * each dropped item as done so join returns; puts after it always fail.
 *
 * Lesson time runs at speed 1; waits are a few lesson milliseconds and only
 * orders and results are asserted, never durations.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "actor.h"
#include "weft.h"
#include "fixtures.h"

static int setup(void **state)
{
	(void)state;
	return fixture_arena_up(1.0, true);
}

static int teardown(void **state)
{
	(void)state;
	return fixture_arena_down();
}

static void pause_ms(long ms)
{
	nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000}, NULL);
}

/* --- wf_queue ------------------------------------------------------------ */

struct caller {
	wf_queue *q;
	int result;         /* what its blocking call returned */
	atomic_int started; /* 1 once it is about to block */
};

static void getter(void *arg)
{
	struct caller *c = arg;
	uint64_t item;
	atomic_store(&c->started, 1);
	c->result = wf_queue_get(c->q, &item, WF_FOREVER);
}

static void putter(void *arg)
{
	struct caller *c = arg;
	atomic_store(&c->started, 1);
	c->result = wf_queue_put(c->q, 9, WF_FOREVER);
}

static void test_shutdown_wakes_blocked_getters_and_putters(void **state)
{
	(void)state;
	wf_queue *empty = wf_queue_new("empty", 2, 0), *full = wf_queue_new("full", 1, 0);
	assert_non_null(empty);
	assert_non_null(full);
	assert_int_equal(wf_queue_put(full, 1, 0), 0);
	struct caller g[2] = {{empty, 1, 0}, {empty, 1, 0}}, p = {full, 1, 0};
	wf_thread t[3];
	assert_int_equal(wf_thread_spawn(&t[0], "g0", getter, &g[0]), 0);
	assert_int_equal(wf_thread_spawn(&t[1], "g1", getter, &g[1]), 0);
	assert_int_equal(wf_thread_spawn(&t[2], "p", putter, &p), 0);
	while (!atomic_load(&g[0].started) || !atomic_load(&g[1].started) || !atomic_load(&p.started))
		pause_ms(1);
	pause_ms(20); /* into their waits */
	assert_int_equal(g[0].result, 1); /* still blocked */
	assert_int_equal(wf_queue_shutdown(empty, false), 0);
	assert_int_equal(wf_queue_shutdown(full, false), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(wf_thread_join(&t[i]), 0);
	assert_int_equal(g[0].result, WF_ESHUTDOWN);
	assert_int_equal(g[1].result, WF_ESHUTDOWN);
	assert_int_equal(p.result, WF_ESHUTDOWN);
	assert_true(wf_queue_is_shutdown(empty));
	/* The full queue's item is still there for a get, then ShutDown. */
	uint64_t item = 0;
	assert_int_equal(wf_queue_get(full, &item, 0), 0);
	assert_int_equal(item, 1);
	assert_int_equal(wf_queue_get(full, &item, WF_FOREVER), WF_ESHUTDOWN);
}

static void test_shutdown_plain_drains_then_refuses(void **state)
{
	(void)state;
	wf_queue *q = wf_queue_new("q", 4, 0);
	for (uint64_t i = 1; i <= 3; i++)
		assert_int_equal(wf_queue_put(q, i, 0), 0);
	assert_int_equal(wf_queue_shutdown(q, false), 0);
	assert_int_equal(wf_queue_put(q, 4, 0), WF_ESHUTDOWN);       /* put_nowait too */
	assert_int_equal(wf_queue_put(q, 4, WF_FOREVER), WF_ESHUTDOWN);
	uint64_t item;
	for (uint64_t i = 1; i <= 3; i++) {
		assert_int_equal(wf_queue_get(q, &item, WF_FOREVER), 0);
		assert_int_equal(item, i);
		assert_int_equal(wf_queue_task_done(q), 0);
	}
	assert_int_equal(wf_queue_get(q, &item, 0), WF_ESHUTDOWN); /* not Empty */
	assert_int_equal(wf_queue_join(q, WF_FOREVER), 0);
	assert_int_equal(wf_queue_task_done(q), WF_ESTATE);
}

struct joiner {
	wf_queue *q;
	int result;
	atomic_int done;
};

static void join_it(void *arg)
{
	struct joiner *j = arg;
	j->result = wf_queue_join(j->q, WF_FOREVER);
	atomic_store(&j->done, 1);
}

static void test_shutdown_immediate_drops_and_join_returns(void **state)
{
	(void)state;
	wf_queue *q = wf_queue_new("q", 4, 0);
	for (uint64_t i = 1; i <= 3; i++)
		assert_int_equal(wf_queue_put(q, i, 0), 0);
	uint64_t item;
	assert_int_equal(wf_queue_get(q, &item, 0), 0); /* one taken, not yet done */
	struct joiner j = {q, 1, 0};
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "joiner", join_it, &j), 0);
	pause_ms(20);
	assert_int_equal(atomic_load(&j.done), 0);
	assert_int_equal(wf_queue_shutdown(q, true), 2);
	assert_int_equal(wf_queue_depth(q), 0);
	assert_int_equal(wf_queue_get(q, &item, WF_FOREVER), WF_ESHUTDOWN);
	pause_ms(20);
	assert_int_equal(atomic_load(&j.done), 0); /* the item taken is not done yet */
	assert_int_equal(wf_queue_task_done(q), 0);
	assert_int_equal(wf_thread_join(&t), 0);
	assert_int_equal(j.result, 0);
	assert_int_equal(wf_queue_task_done(q), WF_ESTATE);
	assert_int_equal(wf_queue_shutdown(q, true), 0); /* again: harmless */
}

/* --- wf_aqueue ----------------------------------------------------------- */

static wf_aqueue *aq;
static int results[3];

static int aget(void *arg, uint64_t *result)
{
	uint64_t item;
	*result = 0;
	return results[(uintptr_t)arg] = wf_aqueue_get(aq, &item);
}

static int aput(void *arg, uint64_t *result)
{
	*result = 0;
	return results[(uintptr_t)arg] = wf_aqueue_put(aq, 5);
}

static int amain(void *arg, uint64_t *result)
{
	(void)arg, (void)result;
	wf_loop *l = wf_loop_get();
	aq = wf_aqueue_new(l, "aq", 1);
	wf_task *g0 = wf_task_create(l, "g0", aget, (void *)0);
	wf_task *g1 = wf_task_create(l, "g1", aget, (void *)1);
	wf_async_sleep(0.005); /* both park on the empty queue */
	assert_int_equal(wf_aqueue_shutdown(aq, false), 0);
	assert_int_equal(wf_await_task(g0, NULL), WF_ESHUTDOWN);
	assert_int_equal(wf_await_task(g1, NULL), WF_ESHUTDOWN);
	assert_int_equal(wf_aqueue_put_nowait(aq, 1), WF_ESHUTDOWN);

	/* A blocked putter wakes too; an immediate shutdown drops and joins. */
	aq = wf_aqueue_new(l, "aq2", 1);
	assert_int_equal(wf_aqueue_put_nowait(aq, 1), 0);
	wf_task *p = wf_task_create(l, "p", aput, (void *)2);
	wf_async_sleep(0.005);
	assert_int_equal(wf_aqueue_shutdown(aq, true), 1);
	assert_int_equal(wf_await_task(p, NULL), WF_ESHUTDOWN);
	assert_int_equal(wf_aqueue_size(aq), 0);
	assert_int_equal(wf_aqueue_join(aq), 0); /* the dropped item counts as done */
	uint64_t item;
	assert_int_equal(wf_aqueue_get_nowait(aq, &item), WF_ESHUTDOWN);
	return 0;
}

static void test_shutdown_asyncio_queue(void **state)
{
	(void)state;
	assert_int_equal(wf_async_run("main", amain, NULL, NULL), 0);
	wf_loop_free(wf_loop_get());
}

#define TEST(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_shutdown_wakes_blocked_getters_and_putters),
		TEST(test_shutdown_plain_drains_then_refuses),
		TEST(test_shutdown_immediate_drops_and_join_returns),
		TEST(test_shutdown_asyncio_queue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
