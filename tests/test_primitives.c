/*
 * test_primitives.c - every wf_* primitive writes the events the model
 * expects (the table in sim/wire/event.h), in order.
 *
 * Each test maps a fresh arena, starts lesson time at speed 1 and makes the
 * test thread actor 0 ("main"); the test reads the rings itself (it is their
 * only consumer) and checks type, object and operands event by event.
 * Timeouts are a few lesson milliseconds; nothing asserts a duration.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "heldlocks.h"
#include "weft.h"
#include "fixtures.h"

#define MAIN 0
#define LOG_MAX 256
#define ANY UINT64_MAX /* an operand not checked */

/* The events read so far from each actor's ring. */
struct log {
	struct wf_ev ev[LOG_MAX];
	size_t n;
};

static struct log logs[ARENA_MAX_ACTORS];

/* Appends whatever actor `id` has written since the last call. */
static struct log *collect(uint16_t id)
{
	struct log *l = &logs[id];
	l->n += ring_drain(&wf_arena->rings[id], l->ev + l->n, LOG_MAX - l->n);
	return l;
}

static void pause_ms(long ms)
{
	nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000}, NULL);
}

/* Waits (up to 10 s of real time, polling) until actor `id` has written an
 * event of `type`; fails the test if it never does. */
static void await_event(uint16_t id, unsigned type)
{
	for (int i = 0; i < 10000; i++) {
		struct log *l = collect(id);
		for (size_t j = 0; j < l->n; j++)
			if (l->ev[j].type == type)
				return;
		pause_ms(1);
	}
	fail_msg("actor %u never wrote a %s event", (unsigned)id, ev_type_name(type));
}

/* Checks event `i` of actor `id`'s log: its type, object and operands
 * (ANY skips an operand), and that the actor field names the ring's owner. */
static void check_ev(uint16_t id, size_t i, unsigned type, uint16_t obj, uint64_t a, uint64_t b)
{
	struct log *l = collect(id);
	if (i >= l->n)
		fail_msg("actor %u: wanted event %zu (%s), the ring has only %zu", (unsigned)id, i,
			 ev_type_name(type), l->n);
	const struct wf_ev *e = &l->ev[i];
	if (e->type != type || e->obj != obj || (a != ANY && e->a != a) || (b != ANY && e->b != b))
		fail_msg("actor %u event %zu: got %s obj=%u a=%llu b=%llu, want %s obj=%u a=%lld b=%lld",
			 (unsigned)id, i, ev_type_name(e->type), (unsigned)e->obj,
			 (unsigned long long)e->a, (unsigned long long)e->b, ev_type_name(type),
			 (unsigned)obj, a == ANY ? -1ll : (long long)a, b == ANY ? -1ll : (long long)b);
	if (e->actor != id)
		fail_msg("actor %u event %zu (%s) names actor %u", (unsigned)id, i,
			 ev_type_name(e->type), (unsigned)e->actor);
}

/* Checks that actor `id` has written exactly `n` events so far. */
static void check_count(uint16_t id, size_t n)
{
	struct log *l = collect(id);
	if (l->n != n)
		fail_msg("actor %u wrote %zu events, want %zu (last: %s)", (unsigned)id, l->n, n,
			 l->n ? ev_type_name(l->ev[l->n - 1].type) : "none");
}

/* The index of actor `id`'s first event of `type` at or after `from`. */
static size_t find_ev(uint16_t id, unsigned type, size_t from)
{
	struct log *l = collect(id);
	for (size_t i = from; i < l->n; i++)
		if (l->ev[i].type == type)
			return i;
	fail_msg("actor %u wrote no %s event from index %zu", (unsigned)id, ev_type_name(type), from);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(logs, 0, sizeof logs);
	/* Locks a failed test left behind must not upset lock-order checks. */
	while (heldlocks_highest() != WF_NONE)
		heldlocks_pop(heldlocks_highest());
	return fixture_arena_up(1.0, true);
}

static int teardown(void **state)
{
	(void)state;
	return fixture_arena_down();
}

/* Events 0 (SPAWN) and the OBJ_NEW of each object are in every main log;
 * this is the index of main's first event after `nobjects` objects. */
#define AFTER(nobjects) (1 + (nobjects))

/* ---- actors ------------------------------------------------------------- */

static void test_primitives_actor_enter_emits_spawn(void **state)
{
	(void)state;
	uint64_t me = (uint64_t)(uint32_t)getpid() << 32 | (uint32_t)syscall(SYS_gettid);
	check_ev(MAIN, 0, EV_SPAWN, WF_NONE, WF_NONE, me);
	check_count(MAIN, 1);
	assert_string_equal(wf_arena->actors[MAIN].name, "main");
	assert_int_equal(atomic_load(&wf_arena->actors[MAIN].started), 1);
}

/* ---- mutex -------------------------------------------------------------- */

static void test_primitives_mutex_new_emits_obj_new(void **state)
{
	(void)state;
	wf_mutex *m = wf_mutex_new("m", 0);
	wf_mutex *r = wf_mutex_new("r", WF_RECURSIVE);
	assert_non_null(m);
	assert_non_null(r);
	check_ev(MAIN, 1, EV_OBJ_NEW, 0, OBJ_MUTEX, 0);
	check_ev(MAIN, 2, EV_OBJ_NEW, 1, OBJ_RMUTEX, 0);
	check_count(MAIN, 3);
	assert_string_equal(wf_arena->objects[0].name, "m");
	assert_string_equal(wf_arena->objects[1].name, "r");
}

static void test_primitives_mutex_lock_unlock_uncontended(void **state)
{
	(void)state;
	wf_mutex *m = wf_mutex_new("m", 0);
	assert_int_equal(wf_mutex_lock(m), 0);
	wf_mutex_unlock(m);
	check_ev(MAIN, AFTER(1), EV_ACQUIRE, 0, 0, 1);
	check_ev(MAIN, AFTER(1) + 1, EV_RELEASE, 0, ANY, 0);
	check_count(MAIN, AFTER(1) + 2);
}

static wf_mutex *shared_mutex;

static void trylock_once(void *arg)
{
	*(int *)arg = wf_mutex_trylock(shared_mutex);
}

static void test_primitives_mutex_trylock_free_and_held(void **state)
{
	(void)state;
	shared_mutex = wf_mutex_new("m", 0);
	assert_int_equal(wf_mutex_trylock(shared_mutex), 0);
	check_ev(MAIN, AFTER(1), EV_ACQUIRE, 0, 0, 1);
	/* Held by main: another actor's trylock fails without waiting. */
	int result = -100;
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "T", trylock_once, &result), 0);
	assert_int_equal(wf_thread_join(&t), 0);
	assert_int_equal(result, WF_ETIMEDOUT);
	check_ev(t.actor, 1, EV_EXIT, WF_NONE, 0, ANY); /* no BLOCK_LOCK, no ACQUIRE */
	wf_mutex_unlock(shared_mutex);
	check_ev(MAIN, AFTER(1) + 3, EV_RELEASE, 0, ANY, 0);
	check_count(MAIN, AFTER(1) + 4);
}

static void test_primitives_mutex_recursive_depths(void **state)
{
	(void)state;
	wf_mutex *r = wf_mutex_new("r", WF_RECURSIVE);
	assert_int_equal(wf_mutex_lock(r), 0);
	assert_int_equal(wf_mutex_lock(r), 0);
	wf_mutex_unlock(r);
	wf_mutex_unlock(r);
	check_ev(MAIN, AFTER(1), EV_ACQUIRE, 0, 0, 1);
	check_ev(MAIN, AFTER(1) + 1, EV_ACQUIRE, 0, 0, 2);
	check_ev(MAIN, AFTER(1) + 2, EV_RELEASE, 0, ANY, 1);
	check_ev(MAIN, AFTER(1) + 3, EV_RELEASE, 0, ANY, 0);
	check_count(MAIN, AFTER(1) + 4);
	/* Really let go: taking it again starts at depth 1. */
	assert_int_equal(wf_mutex_trylock(r), 0);
	check_ev(MAIN, AFTER(1) + 4, EV_ACQUIRE, 0, 0, 1);
	wf_mutex_unlock(r);
}

static void lock_unlock(void *arg)
{
	(void)arg;
	wf_mutex_lock(shared_mutex);
	wf_mutex_unlock(shared_mutex);
}

static void test_primitives_mutex_contended_blocks_naming_holder(void **state)
{
	(void)state;
	shared_mutex = wf_mutex_new("m", 0);
	assert_int_equal(wf_mutex_lock(shared_mutex), 0);
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "T", lock_unlock, NULL), 0);
	assert_int_equal(t.actor, 1);
	await_event(t.actor, EV_BLOCK_LOCK);
	wf_mutex_unlock(shared_mutex);
	assert_int_equal(wf_thread_join(&t), 0);

	check_ev(t.actor, 0, EV_SPAWN, WF_NONE, MAIN, ANY);
	check_ev(t.actor, 1, EV_BLOCK_LOCK, 0, MAIN, ANY);
	check_ev(t.actor, 2, EV_ACQUIRE, 0, ANY, 1);
	assert_true(logs[t.actor].ev[2].a > 0); /* it waited */
	check_ev(t.actor, 3, EV_RELEASE, 0, ANY, 0);
	check_ev(t.actor, 4, EV_EXIT, WF_NONE, 0, ANY);
	check_count(t.actor, 5);

	check_ev(MAIN, AFTER(1), EV_ACQUIRE, 0, 0, 1);
	check_ev(MAIN, AFTER(1) + 1, EV_RELEASE, 0, ANY, 0);
	check_ev(MAIN, AFTER(1) + 2, EV_JOIN, WF_NONE, t.actor, ANY);
	check_ev(MAIN, AFTER(1) + 3, EV_RUN, WF_NONE, ANY, ANY);
	check_count(MAIN, AFTER(1) + 4);
}

static void test_primitives_mutex_lock_order_refuses(void **state)
{
	(void)state;
	wf_mutex *a = wf_mutex_new("A", 0);
	wf_mutex *b = wf_mutex_new("B", 0);
	wf_lock_order_check(true);
	assert_int_equal(wf_mutex_lock(b), 0);
	assert_int_equal(wf_mutex_lock(a), WF_EORDER);
	assert_int_equal(wf_mutex_trylock(a), WF_EORDER);
	wf_mutex_unlock(b);
	/* In creation order it is fine. */
	assert_int_equal(wf_mutex_lock(a), 0);
	assert_int_equal(wf_mutex_lock(b), 0);
	wf_mutex_unlock(b);
	wf_mutex_unlock(a);

	size_t i = AFTER(2);
	check_ev(MAIN, i++, EV_ACQUIRE, 1, 0, 1);
	check_ev(MAIN, i++, EV_ORDER_VIOLATION, 0, 1, ANY);
	check_ev(MAIN, i++, EV_ORDER_VIOLATION, 0, 1, ANY);
	check_ev(MAIN, i++, EV_RELEASE, 1, ANY, 0);
	check_ev(MAIN, i++, EV_ACQUIRE, 0, 0, 1);
	check_ev(MAIN, i++, EV_ACQUIRE, 1, 0, 1);
	check_ev(MAIN, i++, EV_RELEASE, 1, ANY, 0);
	check_ev(MAIN, i++, EV_RELEASE, 0, ANY, 0);
	check_count(MAIN, i);
}

static void test_primitives_mutex_lock_order_off_allows_any_order(void **state)
{
	(void)state;
	wf_mutex *a = wf_mutex_new("A", 0);
	wf_mutex *b = wf_mutex_new("B", 0);
	assert_int_equal(wf_mutex_lock(b), 0);
	assert_int_equal(wf_mutex_lock(a), 0);
	wf_mutex_unlock(a);
	wf_mutex_unlock(b);
	check_ev(MAIN, AFTER(2), EV_ACQUIRE, 1, 0, 1);
	check_ev(MAIN, AFTER(2) + 1, EV_ACQUIRE, 0, 0, 1);
	check_count(MAIN, AFTER(2) + 4);
}

/* ---- queue -------------------------------------------------------------- */

static void test_primitives_queue_put_get_depth_and_capacity(void **state)
{
	(void)state;
	wf_queue *q = wf_queue_new("q", 2, 0);
	assert_non_null(q);
	check_ev(MAIN, 1, EV_OBJ_NEW, 0, OBJ_QUEUE, 2);
	assert_int_equal(wf_queue_put(q, 7, WF_FOREVER), 0);
	assert_int_equal(wf_queue_put(q, 8, 0), 0);
	assert_int_equal(wf_queue_depth(q), 2);
	uint64_t item = 0;
	assert_int_equal(wf_queue_get(q, &item, WF_FOREVER), 0);
	assert_int_equal(item, 7);
	assert_int_equal(wf_queue_get(q, &item, 0), 0);
	assert_int_equal(item, 8);
	assert_int_equal(wf_queue_depth(q), 0);

	check_ev(MAIN, AFTER(1), EV_PUT, 0, 1, 2);
	check_ev(MAIN, AFTER(1) + 1, EV_PUT, 0, 2, 2);
	check_ev(MAIN, AFTER(1) + 2, EV_GET, 0, 1, 2);
	check_ev(MAIN, AFTER(1) + 3, EV_GET, 0, 0, 2);
	check_count(MAIN, AFTER(1) + 4);
}

static void test_primitives_queue_wraps_fifo(void **state)
{
	(void)state;
	wf_queue *q = wf_queue_new("q", 3, 0);
	uint64_t next_out = 1, item;
	assert_int_equal(wf_queue_put(q, 1, 0), 0);
	assert_int_equal(wf_queue_put(q, 2, 0), 0);
	/* Depth stays 2 while the slots go round the array several times. */
	for (uint64_t in = 3; in <= 20; in++) {
		assert_int_equal(wf_queue_put(q, in, 0), 0);
		assert_int_equal(wf_queue_get(q, &item, 0), 0);
		assert_int_equal(item, next_out++);
	}
	while (wf_queue_get(q, &item, 0) == 0)
		assert_int_equal(item, next_out++);
	assert_int_equal(next_out, 21);
}

static void test_primitives_queue_put_nowait_full(void **state)
{
	(void)state;
	wf_queue *q = wf_queue_new("q", 1, 0);
	assert_int_equal(wf_queue_put(q, 1, 0), 0);
	assert_int_equal(wf_queue_put(q, 2, 0), WF_EFULL);
	assert_int_equal(wf_queue_depth(q), 1);
	check_ev(MAIN, AFTER(1), EV_PUT, 0, 1, 1);
	check_ev(MAIN, AFTER(1) + 1, EV_QUEUE_FULL, 0, 1, 0);
	check_count(MAIN, AFTER(1) + 2);
	uint64_t item;
	assert_int_equal(wf_queue_get(q, &item, 0), 0);
	assert_int_equal(item, 1); /* the refused item did not overwrite it */
}

static void test_primitives_queue_get_nowait_empty(void **state)
{
	(void)state;
	wf_queue *q = wf_queue_new("q", 4, 0);
	uint64_t item = 99;
	assert_int_equal(wf_queue_get(q, &item, 0), WF_EEMPTY);
	assert_int_equal(item, 99);
	check_ev(MAIN, AFTER(1), EV_QUEUE_EMPTY, 0, 0, 0);
	check_count(MAIN, AFTER(1) + 1);
}

static void test_primitives_queue_get_timeout_empty(void **state)
{
	(void)state;
	wf_queue *q = wf_queue_new("q", 4, 0);
	uint64_t item;
	assert_int_equal(wf_queue_get(q, &item, 0.05), WF_EEMPTY);
	check_ev(MAIN, AFTER(1), EV_QUEUE_EMPTY, 0, 0, 1);
	check_ev(MAIN, AFTER(1) + 1, EV_WAKE, 0, 1, ANY);
	check_count(MAIN, AFTER(1) + 2);
}

static void test_primitives_queue_put_timeout_full(void **state)
{
	(void)state;
	wf_queue *q = wf_queue_new("q", 1, 0);
	assert_int_equal(wf_queue_put(q, 1, 0), 0);
	assert_int_equal(wf_queue_put(q, 2, 0.02), WF_EFULL);
	check_ev(MAIN, AFTER(1) + 1, EV_QUEUE_FULL, 0, 1, 1);
	check_ev(MAIN, AFTER(1) + 2, EV_WAKE, 0, 1, ANY);
	check_count(MAIN, AFTER(1) + 3);
}

static wf_queue *shared_queue;

static void put_42(void *arg)
{
	(void)arg;
	wf_queue_put(shared_queue, 42, WF_FOREVER);
}

static void test_primitives_queue_blocked_get_woken_by_put(void **state)
{
	(void)state;
	shared_queue = wf_queue_new("q", 2, 0);
	wf_thread t;
	/* The put may land before or after the get starts waiting: either
	 * way the get returns the item, and if it waited, it says so first. */
	assert_int_equal(wf_thread_spawn(&t, "P", put_42, NULL), 0);
	uint64_t item = 0;
	assert_int_equal(wf_queue_get(shared_queue, &item, WF_FOREVER), 0);
	assert_int_equal(item, 42);
	assert_int_equal(wf_thread_join(&t), 0);
	size_t get = find_ev(MAIN, EV_GET, AFTER(1));
	check_ev(MAIN, get, EV_GET, 0, 0, 2);
	if (get == AFTER(1) + 1)
		check_ev(MAIN, AFTER(1), EV_QUEUE_EMPTY, 0, 0, 1);
	else
		assert_int_equal(get, AFTER(1));
	check_ev(t.actor, 1, EV_PUT, 0, 1, 2);
}

/* ---- event -------------------------------------------------------------- */

static void test_primitives_event_set_wait_clear(void **state)
{
	(void)state;
	wf_event *e = wf_event_new("e", 0);
	assert_non_null(e);
	check_ev(MAIN, 1, EV_OBJ_NEW, 0, OBJ_EVENT, 0);
	assert_false(wf_event_is_set(e));
	assert_int_equal(wf_event_wait(e, 0), WF_ETIMEDOUT); /* no wait, no events */
	assert_int_equal(wf_event_wait(e, 0.02), WF_ETIMEDOUT);
	wf_event_set(e);
	assert_true(wf_event_is_set(e));
	assert_int_equal(wf_event_wait(e, WF_FOREVER), 0); /* set: returns at once */
	wf_event_clear(e);
	assert_false(wf_event_is_set(e));

	size_t i = AFTER(1);
	check_ev(MAIN, i++, EV_WAIT, 0, ANY, ANY);
	check_ev(MAIN, i++, EV_WAKE, 0, 1, ANY);
	check_ev(MAIN, i++, EV_NOTIFY, 0, WF_ALL, 1);
	check_ev(MAIN, i++, EV_NOTIFY, 0, 0, 0);
	check_count(MAIN, i);
}

static wf_event *shared_event;

static void wait_event(void *arg)
{
	*(int *)arg = wf_event_wait(shared_event, WF_FOREVER);
}

static void test_primitives_event_set_wakes_waiter(void **state)
{
	(void)state;
	shared_event = wf_event_new("e", 0);
	int result = -100;
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "W", wait_event, &result), 0);
	await_event(t.actor, EV_WAIT);
	wf_event_set(shared_event);
	assert_int_equal(wf_thread_join(&t), 0);
	assert_int_equal(result, 0);
	check_ev(t.actor, 1, EV_WAIT, 0, ANY, ANY);
	check_ev(t.actor, 2, EV_WAKE, 0, 0, ANY);
	check_ev(t.actor, 3, EV_EXIT, WF_NONE, 0, ANY);
	check_ev(MAIN, AFTER(1), EV_NOTIFY, 0, WF_ALL, 1);
}

/* ---- semaphore ---------------------------------------------------------- */

static void test_primitives_semaphore_acquire_release(void **state)
{
	(void)state;
	wf_sem *s = wf_sem_new("s", 1, false, 0);
	assert_non_null(s);
	check_ev(MAIN, 1, EV_OBJ_NEW, 0, OBJ_SEMAPHORE, 0);
	assert_int_equal(wf_sem_acquire(s, WF_FOREVER), 0);
	assert_int_equal(wf_sem_acquire(s, 0), WF_ETIMEDOUT);
	assert_int_equal(wf_sem_release(s), 0);
	assert_int_equal(wf_sem_release(s), 0); /* unbounded: past the start value */
	assert_int_equal(wf_sem_acquire(s, 0), 0);
	assert_int_equal(wf_sem_acquire(s, 0), 0);

	size_t i = AFTER(1);
	check_ev(MAIN, i++, EV_WAKE, 0, 0, 0);
	check_ev(MAIN, i++, EV_WAKE, 0, 1, 0);
	check_ev(MAIN, i++, EV_NOTIFY, 0, 1, 1);
	check_ev(MAIN, i++, EV_NOTIFY, 0, 1, 2);
	check_ev(MAIN, i++, EV_WAKE, 0, 0, 1);
	check_ev(MAIN, i++, EV_WAKE, 0, 0, 0);
	check_count(MAIN, i);
}

static void test_primitives_semaphore_acquire_timeout_waits(void **state)
{
	(void)state;
	wf_sem *s = wf_sem_new("s", 0, false, 0);
	assert_int_equal(wf_sem_acquire(s, 0.02), WF_ETIMEDOUT);
	check_ev(MAIN, AFTER(1), EV_WAIT, 0, ANY, ANY);
	check_ev(MAIN, AFTER(1) + 1, EV_WAKE, 0, 1, 0);
	check_count(MAIN, AFTER(1) + 2);
}

static void test_primitives_semaphore_bounded_release_error(void **state)
{
	(void)state;
	wf_sem *s = wf_sem_new("s", 2, true, 0);
	check_ev(MAIN, 1, EV_OBJ_NEW, 0, OBJ_BSEMAPHORE, 2);
	assert_int_equal(wf_sem_release(s), WF_EBOUND);
	assert_int_equal(wf_sem_acquire(s, 0), 0);
	assert_int_equal(wf_sem_release(s), 0);
	assert_int_equal(wf_sem_release(s), WF_EBOUND);

	size_t i = AFTER(1);
	check_ev(MAIN, i++, EV_NOTIFY, 0, 0, 2);
	check_ev(MAIN, i++, EV_WAKE, 0, 0, 1);
	check_ev(MAIN, i++, EV_NOTIFY, 0, 1, 2);
	check_ev(MAIN, i++, EV_NOTIFY, 0, 0, 2);
	check_count(MAIN, i);
}

static wf_sem *fifo_sem;
static _Atomic int fifo_order[3], fifo_taken;

static void acquire_in_turn(void *arg)
{
	wf_sem_acquire(fifo_sem, WF_FOREVER);
	fifo_order[atomic_fetch_add(&fifo_taken, 1)] = (int)(intptr_t)arg;
}

/* Waiters are served in the order they came, one per release. */
static void test_primitives_semaphore_serves_waiters_in_order(void **state)
{
	(void)state;
	fifo_sem = wf_sem_new("s", 0, false, 0);
	atomic_store(&fifo_taken, 0);
	wf_thread t[3];
	for (int n = 0; n < 3; n++) {
		assert_int_equal(wf_thread_spawn(&t[n], "W", acquire_in_turn, (void *)(intptr_t)n), 0);
		while (wf_sem_waiting(fifo_sem) < (unsigned)n + 1)
			pause_ms(1);
	}
	for (int r = 0; r < 3; r++) {
		assert_int_equal(wf_sem_release(fifo_sem), 0);
		while (atomic_load(&fifo_taken) < r + 1)
			pause_ms(1);
		pause_ms(5);
		assert_int_equal(atomic_load(&fifo_taken), r + 1); /* one release, one waiter */
		assert_int_equal(fifo_order[r], r);
	}
	for (int n = 0; n < 3; n++)
		wf_thread_join(&t[n]);
	assert_int_equal(wf_sem_waiting(fifo_sem), 0);
}

/* ---- condition ---------------------------------------------------------- */

static wf_cond *shared_cond;

static void notify_under_lock(void *arg)
{
	(void)arg;
	wf_mutex_lock(shared_mutex);
	wf_cond_notify(shared_cond);
	wf_mutex_unlock(shared_mutex);
}

static void test_primitives_cond_wait_notified_by_thread(void **state)
{
	(void)state;
	shared_mutex = wf_mutex_new("m", 0);
	shared_cond = wf_cond_new("c", 0);
	assert_non_null(shared_cond);
	check_ev(MAIN, 2, EV_OBJ_NEW, 1, OBJ_COND, 0);
	assert_int_equal(wf_mutex_lock(shared_mutex), 0);
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "N", notify_under_lock, NULL), 0);
	/* The notifier can only take the mutex once this wait has let go of it,
	 * so its notify always finds a waiter. */
	assert_int_equal(wf_cond_wait(shared_cond, shared_mutex, WF_FOREVER), 0);
	wf_mutex_unlock(shared_mutex);
	assert_int_equal(wf_thread_join(&t), 0);

	size_t i = AFTER(2);
	check_ev(MAIN, i++, EV_ACQUIRE, 0, 0, 1);
	check_ev(MAIN, i++, EV_RELEASE, 0, ANY, 0);
	check_ev(MAIN, i++, EV_WAIT, 1, ANY, ANY);
	check_ev(MAIN, i++, EV_WAKE, 1, 0, ANY);
	/* Taking the lock back is an ordinary acquire, as in Python: it waits
	 * (BLOCK_LOCK) when the notifier still holds the lock. */
	if (collect(MAIN)->ev[i].type == EV_BLOCK_LOCK)
		check_ev(MAIN, i++, EV_BLOCK_LOCK, 0, t.actor, ANY);
	check_ev(MAIN, i++, EV_ACQUIRE, 0, ANY, 1);
	check_ev(MAIN, i++, EV_RELEASE, 0, ANY, 0);
	check_ev(MAIN, i++, EV_JOIN, WF_NONE, t.actor, ANY);
	check_ev(MAIN, i++, EV_RUN, WF_NONE, ANY, ANY);
	check_count(MAIN, i);

	size_t n = find_ev(t.actor, EV_NOTIFY, 1);
	check_ev(t.actor, n, EV_NOTIFY, 1, 1, ANY);
	check_ev(t.actor, n - 1, EV_ACQUIRE, 0, ANY, 1);
	check_ev(t.actor, n + 1, EV_RELEASE, 0, ANY, 0);
}

static void test_primitives_cond_wait_times_out(void **state)
{
	(void)state;
	wf_mutex *m = wf_mutex_new("m", 0);
	wf_cond *c = wf_cond_new("c", 0);
	assert_int_equal(wf_mutex_lock(m), 0);
	assert_int_equal(wf_cond_wait(c, m, 0.02), WF_ETIMEDOUT);
	wf_mutex_unlock(m);
	size_t i = AFTER(2) + 1;
	check_ev(MAIN, i++, EV_RELEASE, 0, ANY, 0);
	check_ev(MAIN, i++, EV_WAIT, 1, ANY, ANY);
	check_ev(MAIN, i++, EV_WAKE, 1, 1, ANY);
	check_ev(MAIN, i++, EV_ACQUIRE, 0, ANY, 1);
	check_ev(MAIN, i++, EV_RELEASE, 0, ANY, 0);
	check_count(MAIN, i);
}

static void test_primitives_cond_notify_without_waiter_is_lost(void **state)
{
	(void)state;
	wf_mutex *m = wf_mutex_new("m", 0);
	wf_cond *c = wf_cond_new("c", 0);
	assert_int_equal(wf_mutex_lock(m), 0);
	wf_cond_notify(c); /* nobody waits: as in Python, nothing is kept */
	assert_int_equal(wf_cond_wait(c, m, 0.02), WF_ETIMEDOUT);
	wf_mutex_unlock(m);
	check_ev(MAIN, AFTER(2) + 1, EV_NOTIFY, 1, 1, ANY);
}

static int waiter_result;

static void wait_for_notify(void *arg)
{
	(void)arg;
	wf_mutex_lock(shared_mutex);
	waiter_result = wf_cond_wait(shared_cond, shared_mutex, 0.5);
	wf_mutex_unlock(shared_mutex);
}

/* threading.Condition: notify() wakes a thread that is waiting when it is
 * called.  A thread that starts waiting afterwards must not take it. */
static void test_primitives_cond_notify_wakes_a_current_waiter(void **state)
{
	(void)state;
	shared_mutex = wf_mutex_new("m", 0);
	shared_cond = wf_cond_new("c", 0);
	waiter_result = -100;
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "W", wait_for_notify, NULL), 0);
	await_event(t.actor, EV_WAIT);
	assert_int_equal(wf_mutex_lock(shared_mutex), 0);
	wf_cond_notify(shared_cond); /* W is the only waiter */
	int late = wf_cond_wait(shared_cond, shared_mutex, 0.02);
	wf_mutex_unlock(shared_mutex);
	assert_int_equal(wf_thread_join(&t), 0);
	if (late == 0 || waiter_result != 0)
		fail_msg("the notify went to main, which began waiting after it (main's wait: %d, "
			 "W's wait: %d; want WF_ETIMEDOUT and 0)", late, waiter_result);
	check_ev(t.actor, find_ev(t.actor, EV_WAKE, 0), EV_WAKE, 1, 0, ANY);
}

/* ---- time and output ---------------------------------------------------- */

static void test_primitives_sleep_emits_sleep_then_run(void **state)
{
	(void)state;
	wf_sleep(0.05);
	check_ev(MAIN, 1, EV_SLEEP, WF_NONE, 50000000, ANY);
	check_ev(MAIN, 2, EV_RUN, WF_NONE, ANY, ANY);
	check_count(MAIN, 3);
	assert_true(logs[MAIN].ev[2].ts >= logs[MAIN].ev[1].ts);
}

static void test_primitives_print_text_reads_back(void **state)
{
	(void)state;
	wf_print("hello %d", 42);
	wf_print("two\nlines");
	check_ev(MAIN, 1, EV_PRINT, WF_NONE, ANY, 8);
	check_ev(MAIN, 2, EV_PRINT, WF_NONE, ANY, 3);
	check_ev(MAIN, 3, EV_PRINT, WF_NONE, ANY, 5);
	check_count(MAIN, 4);
	const char *want[] = {"hello 42", "two", "lines"};
	for (size_t i = 0; i < 3; i++) {
		const struct wf_ev *e = &logs[MAIN].ev[1 + i];
		char buf[64];
		assert_int_equal(arena_text_get(wf_arena, e->a, (size_t)e->b, buf, sizeof buf), 0);
		assert_string_equal(buf, want[i]);
	}
}

static void test_primitives_result_appends_pairs(void **state)
{
	(void)state;
	wf_result("a=%d", 1);
	wf_result("b=%s", "two");
	assert_string_equal(wf_arena->ctl.results, " a=1 b=two");
}

/* ---- threads ------------------------------------------------------------ */

struct child_info {
	pid_t pid;
	int32_t tid;
};

static void record_ids(void *arg)
{
	struct child_info *ci = arg;
	ci->pid = getpid();
	ci->tid = (int32_t)syscall(SYS_gettid);
}

static void test_primitives_thread_spawn_join(void **state)
{
	(void)state;
	struct child_info ci = {0, 0};
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "T1", record_ids, &ci), 0);
	assert_int_equal(wf_thread_join(&t), 0);
	uint16_t id = t.actor;
	assert_int_equal(id, 1);
	assert_int_equal(ci.pid, getpid());
	assert_int_not_equal(ci.tid, (int32_t)syscall(SYS_gettid));

	uint64_t ids = (uint64_t)(uint32_t)ci.pid << 32 | (uint32_t)ci.tid;
	check_ev(id, 0, EV_SPAWN, WF_NONE, MAIN, ids);
	check_ev(id, 1, EV_EXIT, WF_NONE, 0, ANY);
	check_count(id, 2);
	check_ev(MAIN, 1, EV_JOIN, WF_NONE, id, ANY);
	check_ev(MAIN, 2, EV_RUN, WF_NONE, ANY, ANY);
	check_count(MAIN, 3);

	const struct arena_actor *a = &wf_arena->actors[id];
	assert_string_equal(a->name, "T1");
	assert_int_equal(a->kind, AK_THREAD);
	assert_int_equal(a->parent, MAIN);
	assert_int_equal(a->pid, ci.pid);
	assert_int_equal(a->tid, ci.tid);
	assert_int_equal(atomic_load(&a->exited), 1);
}

/* ---- processes ---------------------------------------------------------- */

static void put_pid(void *arg)
{
	(void)arg;
	wf_queue_put(shared_queue, (uint64_t)getpid(), WF_FOREVER);
}

static void test_primitives_process_shared_queue_across_fork(void **state)
{
	(void)state;
	shared_queue = wf_queue_new("q", 4, WF_SHARED);
	assert_non_null(shared_queue);
	wf_process p;
	assert_int_equal(wf_process_spawn(&p, "child", put_pid, NULL), 0);
	assert_true(p.pid > 0);
	uint64_t item = 0;
	assert_int_equal(wf_queue_get(shared_queue, &item, 10.0), 0);
	assert_int_equal(item, (uint64_t)p.pid);
	assert_int_equal(wf_process_join(&p), 0);
	assert_true(WIFEXITED(p.status));
	assert_int_equal(WEXITSTATUS(p.status), 0);

	uint16_t id = p.actor;
	const struct arena_actor *a = &wf_arena->actors[id];
	assert_int_equal(a->kind, AK_PROCESS);
	assert_int_equal(a->pid, p.pid);
	check_ev(id, 0, EV_SPAWN, WF_NONE, MAIN, (uint64_t)(uint32_t)p.pid << 32 | (uint32_t)a->tid);
	check_ev(id, 1, EV_PUT, 0, 1, 4);
	check_ev(id, 2, EV_EXIT, WF_NONE, 0, ANY);
	check_count(id, 3);

	/* The child wrote its own EXIT, so the parent's join adds none. */
	size_t i = AFTER(1);
	if (collect(MAIN)->n > i && logs[MAIN].ev[i].type == EV_QUEUE_EMPTY)
		i++;
	check_ev(MAIN, i++, EV_GET, 0, 0, 4);
	check_ev(MAIN, i++, EV_JOIN, WF_NONE, id, ANY);
	check_ev(MAIN, i++, EV_RUN, WF_NONE, ANY, ANY);
	check_count(MAIN, i);
}

static void sleep_long(void *arg)
{
	(void)arg;
	wf_sleep(60);
}

static void test_primitives_process_terminate_sleeping_child(void **state)
{
	(void)state;
	wf_process p;
	assert_int_equal(wf_process_spawn(&p, "sleeper", sleep_long, NULL), 0);
	await_event(p.actor, EV_SLEEP);
	assert_int_equal(wf_process_terminate(&p), 0);
	assert_int_equal(wf_process_join(&p), 0);
	assert_true(WIFSIGNALED(p.status));
	assert_int_equal(WTERMSIG(p.status), SIGTERM);

	check_ev(p.actor, 0, EV_SPAWN, WF_NONE, MAIN, ANY);
	check_ev(p.actor, 1, EV_SLEEP, WF_NONE, 60000000000ull, ANY);
	check_count(p.actor, 2);
	assert_int_equal(atomic_load(&wf_arena->actors[p.actor].exited), 0);

	/* The parent writes the EXIT the child could not, for the child. */
	check_ev(MAIN, 1, EV_TERMINATE, WF_NONE, p.actor, ANY);
	check_ev(MAIN, 2, EV_JOIN, WF_NONE, p.actor, ANY);
	const struct wf_ev *exit_ev = &logs[MAIN].ev[3];
	if (logs[MAIN].n < 4 || exit_ev->type != EV_EXIT)
		fail_msg("main's event 3 is not the child's EXIT");
	assert_int_equal(exit_ev->actor, p.actor);
	assert_int_equal(exit_ev->a, (uint64_t)(int64_t)p.status);
	check_ev(MAIN, 4, EV_RUN, WF_NONE, ANY, ANY);
	check_count(MAIN, 5);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_primitives_actor_enter_emits_spawn),
		T(test_primitives_mutex_new_emits_obj_new),
		T(test_primitives_mutex_lock_unlock_uncontended),
		T(test_primitives_mutex_trylock_free_and_held),
		T(test_primitives_mutex_recursive_depths),
		T(test_primitives_mutex_contended_blocks_naming_holder),
		T(test_primitives_mutex_lock_order_refuses),
		T(test_primitives_mutex_lock_order_off_allows_any_order),
		T(test_primitives_queue_put_get_depth_and_capacity),
		T(test_primitives_queue_wraps_fifo),
		T(test_primitives_queue_put_nowait_full),
		T(test_primitives_queue_get_nowait_empty),
		T(test_primitives_queue_get_timeout_empty),
		T(test_primitives_queue_put_timeout_full),
		T(test_primitives_queue_blocked_get_woken_by_put),
		T(test_primitives_event_set_wait_clear),
		T(test_primitives_event_set_wakes_waiter),
		T(test_primitives_semaphore_acquire_release),
		T(test_primitives_semaphore_acquire_timeout_waits),
		T(test_primitives_semaphore_bounded_release_error),
		T(test_primitives_semaphore_serves_waiters_in_order),
		T(test_primitives_cond_wait_notified_by_thread),
		T(test_primitives_cond_wait_times_out),
		T(test_primitives_cond_notify_without_waiter_is_lost),
		T(test_primitives_cond_notify_wakes_a_current_waiter),
		T(test_primitives_sleep_emits_sleep_then_run),
		T(test_primitives_print_text_reads_back),
		T(test_primitives_result_appends_pairs),
		T(test_primitives_thread_spawn_join),
		T(test_primitives_process_shared_queue_across_fork),
		T(test_primitives_process_terminate_sleeping_child),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
