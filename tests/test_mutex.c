/*
 * test_mutex.c - wf_mutex's fast path keeps everything the slow path
 * kept: mutual exclusion (threads and processes), the holder mirror the
 * scheduler and the sync panel read, exact counters, recursion depths
 * across a condition wait, lock order, and a pause (GATE_HOLD) that stops
 * an acquire; a condition's hand-over.  test_primitives.c checks the events one by one; this file
 * checks the state under load, recording on and off.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/futex.h>
#include <limits.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "heldlocks.h"
#include "mutex.h"
#include "weft.h"
#include "fixtures.h"

#define MAIN 0
#define WORKERS 4
#define ITERS 20000

static wf_mutex *lock;
static long *shared_count; /* in the arena's heap: shared with a forked child */

static int setup(void **state)
{
	(void)state;
	while (heldlocks_highest() != WF_NONE)
		heldlocks_pop(heldlocks_highest());
	return fixture_arena_up(1.0, true);
}

static int teardown(void **state)
{
	(void)state;
	wf_lock_order_check(false);
	return fixture_arena_down();
}

static uint16_t holder_of(uint16_t obj)
{
	return atomic_load(&wf_arena->objects[obj].holder);
}

static uint64_t counter(uint16_t obj, unsigned slot)
{
	return atomic_load(&wf_arena->objects[obj].count[slot]);
}

/* Frees every ring slot (the test is no collector: a full ring drops). */
static void rings_empty(void)
{
	for (uint32_t i = 0; i < arena_actor_count(wf_arena); i++)
		atomic_store(&wf_arena->rings[i].tail, atomic_load(&wf_arena->rings[i].head));
}

static void add_many(void *arg)
{
	(void)arg;
	for (int i = 0; i < ITERS; i++) {
		wf_mutex_lock(lock);
		long v = *shared_count; /* a read and a write apart: a lost update without the lock */
		*shared_count = v + 1;
		wf_mutex_unlock(lock);
	}
}

static uint16_t object_id(void)
{
	return (uint16_t)(arena_object_count(wf_arena) - 1);
}

/* Threads on one lock: the count is exact, every acquire counted, the
 * holder mirror free at the end; recording on (`rec`) or off. */
static void contend_threads(bool rec)
{
	atomic_store(&wf_arena->ctl.gate, rec ? GATE_RECORDING : 0);
	lock = wf_mutex_new("L", 0);
	uint16_t id = object_id();
	shared_count = arena_alloc(wf_arena, sizeof *shared_count);
	wf_thread t[WORKERS];
	for (int i = 0; i < WORKERS; i++)
		assert_int_equal(wf_thread_spawn(&t[i], "T", add_many, NULL), 0);
	for (int i = 0; i < WORKERS; i++)
		assert_int_equal(wf_thread_join(&t[i]), 0);
	assert_int_equal(*shared_count, WORKERS * ITERS);
	assert_int_equal(counter(id, CNT_ACQUIRES), WORKERS * ITERS);
	assert_true(counter(id, CNT_CONTENDED) <= WORKERS * ITERS);
	assert_int_equal(holder_of(id), WF_NONE);
	assert_int_equal(wf_mutex_trylock(lock), 0); /* the word was left free */
	assert_int_equal(holder_of(id), MAIN);
	wf_mutex_unlock(lock);
}

static void test_mutex_threads_exclusive_recording_off(void **state)
{
	(void)state;
	contend_threads(false);
}

static void test_mutex_threads_exclusive_recording_on(void **state)
{
	(void)state;
	contend_threads(true);
	rings_empty();
}

static void test_mutex_holder_mirror_and_counters(void **state)
{
	(void)state;
	atomic_store(&wf_arena->ctl.gate, 0);
	wf_mutex *m = wf_mutex_new("M", 0);
	uint16_t id = object_id();
	uint64_t head = atomic_load(&wf_arena->rings[MAIN].head);
	assert_int_equal(holder_of(id), WF_NONE);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(wf_mutex_lock(m), 0);
		assert_int_equal(holder_of(id), MAIN);
		wf_mutex_unlock(m);
		assert_int_equal(holder_of(id), WF_NONE);
	}
	assert_int_equal(counter(id, CNT_ACQUIRES), 3);
	assert_int_equal(counter(id, CNT_CONTENDED), 0);
	/* Recording off: the ring got nothing. */
	assert_int_equal(atomic_load(&wf_arena->rings[MAIN].head), head);
}

static void *try_from_other(void *arg)
{
	actor_enter(actor_register("other", AK_THREAD, MAIN));
	return (void *)(intptr_t)wf_mutex_trylock(arg);
}

static void test_mutex_trylock_held_elsewhere_keeps_holder(void **state)
{
	(void)state;
	wf_mutex *m = wf_mutex_new("M", 0);
	uint16_t id = object_id();
	assert_int_equal(wf_mutex_lock(m), 0);
	pthread_t t;
	void *r = NULL;
	assert_int_equal(pthread_create(&t, NULL, try_from_other, m), 0);
	pthread_join(t, &r);
	assert_int_equal((intptr_t)r, WF_ETIMEDOUT);
	assert_int_equal(holder_of(id), MAIN);
	assert_int_equal(counter(id, CNT_ACQUIRES), 1);
	wf_mutex_unlock(m);
	assert_int_equal(holder_of(id), WF_NONE);
}

static void test_mutex_process_shared_exclusive(void **state)
{
	(void)state;
	atomic_store(&wf_arena->ctl.gate, 0);
	lock = wf_mutex_new("L", WF_SHARED);
	uint16_t id = object_id();
	shared_count = arena_alloc(wf_arena, sizeof *shared_count);
	wf_process p;
	assert_int_equal(wf_process_spawn(&p, "child", add_many, NULL), 0);
	add_many(NULL);
	assert_int_equal(wf_process_join(&p), 0);
	assert_true(WIFEXITED(p.status));
	assert_int_equal(*shared_count, 2 * ITERS);
	assert_int_equal(counter(id, CNT_ACQUIRES), 2 * ITERS);
	assert_int_equal(holder_of(id), WF_NONE);
}

/* A condition wait lets go of every depth of an RLock and takes them back. */
static void test_mutex_recursive_let_go_and_retake(void **state)
{
	(void)state;
	wf_mutex *m = wf_mutex_new("R", WF_RECURSIVE);
	uint16_t id = object_id();
	assert_int_equal(wf_mutex_lock(m), 0);
	assert_int_equal(wf_mutex_lock(m), 0);
	assert_int_equal(mutex_let_go(m), 2);
	assert_int_equal(holder_of(id), WF_NONE);
	mutex_retake(m, 2);
	assert_int_equal(holder_of(id), MAIN);
	wf_mutex_unlock(m);
	assert_int_equal(holder_of(id), MAIN); /* depth 1 left */
	wf_mutex_unlock(m);
	assert_int_equal(holder_of(id), WF_NONE);
	assert_int_equal(counter(id, CNT_ACQUIRES), 3);
	/* A plain mutex lets go of depth 1. */
	wf_mutex *p = wf_mutex_new("P", 0);
	assert_int_equal(wf_mutex_lock(p), 0);
	assert_int_equal(mutex_let_go(p), 1);
	mutex_retake(p, 1);
	wf_mutex_unlock(p);
	assert_int_equal(wf_mutex_trylock(p), 0);
	wf_mutex_unlock(p);
}

/* Lock order turned on while a lock is held: letting go of that one is
 * no error, and the locks taken after are checked. */
static void test_mutex_lock_order_on_while_held(void **state)
{
	(void)state;
	wf_mutex *a = wf_mutex_new("A", 0);
	wf_mutex *b = wf_mutex_new("B", 0);
	assert_int_equal(wf_mutex_lock(a), 0);
	wf_lock_order_check(true);
	wf_mutex_unlock(a);
	assert_int_equal(heldlocks_highest(), WF_NONE);
	assert_int_equal(wf_mutex_lock(b), 0);
	assert_int_equal(heldlocks_highest(), 1);
	assert_int_equal(wf_mutex_lock(a), WF_EORDER);
	wf_mutex_unlock(b);
	assert_int_equal(heldlocks_highest(), WF_NONE);
	assert_int_equal(wf_mutex_lock(a), 0);
	assert_int_equal(wf_mutex_lock(b), 0);
	wf_mutex_unlock(a); /* out of order: the list keeps b */
	assert_int_equal(heldlocks_highest(), 1);
	wf_mutex_unlock(b);
	assert_int_equal(heldlocks_highest(), WF_NONE);
}

static _Atomic int locked;

static void *lock_while_held(void *arg)
{
	actor_enter(actor_register("held", AK_THREAD, MAIN));
	wf_mutex_lock(arg);
	atomic_store(&locked, 1);
	wf_mutex_unlock(arg);
	return NULL;
}

/* A pause holds an acquire before it takes the lock. */
static void test_mutex_hold_stops_acquire(void **state)
{
	(void)state;
	wf_mutex *m = wf_mutex_new("M", 0);
	uint16_t id = object_id();
	atomic_store(&locked, 0);
	atomic_fetch_or(&wf_arena->ctl.gate, GATE_HOLD);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, lock_while_held, m), 0);
	nanosleep(&(struct timespec){0, 20000000}, NULL);
	assert_int_equal(atomic_load(&locked), 0);
	assert_int_equal(counter(id, CNT_ACQUIRES), 0);
	atomic_fetch_and(&wf_arena->ctl.gate, ~GATE_HOLD);
	syscall(SYS_futex, &wf_arena->ctl.gate, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
	pthread_join(t, NULL);
	assert_int_equal(atomic_load(&locked), 1);
	assert_int_equal(counter(id, CNT_ACQUIRES), 1);
	assert_int_equal(holder_of(id), WF_NONE);
}

/* --- with a condition: the hand-over a notify starts ---------------------- */

#define ROUNDS 2000

static wf_cond *cv;
static int turn;

static void pong(void *arg)
{
	(void)arg;
	wf_mutex_lock(lock);
	for (int i = 0; i < ROUNDS; i++) {
		while (turn == 0)
			assert_int_equal(wf_cond_wait(cv, lock, WF_FOREVER), 0);
		turn = 0;
		wf_cond_notify(cv);
	}
	wf_mutex_unlock(lock);
}

/* A notify may reach a waiter while it is still letting go of the lock
 * (the condition's mutex is not held then): every round still hands over,
 * no waiter is left settled as blocked, and the counters are exact. */
static void test_mutex_cond_ping_pong_hands_over(void **state)
{
	(void)state;
	atomic_store(&wf_arena->ctl.gate, 0);
	lock = wf_mutex_new("L", 0);
	cv = wf_cond_new("C", 0);
	uint16_t cid = object_id();
	turn = 0;
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "B", pong, NULL), 0);
	wf_mutex_lock(lock);
	for (int i = 0; i < ROUNDS; i++) {
		turn = 1;
		wf_cond_notify(cv);
		while (turn == 1)
			assert_int_equal(wf_cond_wait(cv, lock, WF_FOREVER), 0);
	}
	wf_mutex_unlock(lock);
	assert_int_equal(wf_thread_join(&t), 0);
	assert_int_equal(counter(cid, CNT_NOTIFIES), 2 * ROUNDS);
	assert_true(counter(cid, CNT_WAITS) >= 2 * ROUNDS - 1);
	assert_int_equal(holder_of(cid - 1), WF_NONE);
	/* Only main runs: every wait that settled was unsettled again. */
	assert_int_equal(atomic_load(&wf_arena->ctl.running), 1);
	assert_int_equal(atomic_load(&wf_arena->actors[MAIN].status), STATUS_RUN);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_mutex_threads_exclusive_recording_off),
		T(test_mutex_threads_exclusive_recording_on),
		T(test_mutex_holder_mirror_and_counters),
		T(test_mutex_trylock_held_elsewhere_keeps_holder),
		T(test_mutex_process_shared_exclusive),
		T(test_mutex_recursive_let_go_and_retake),
		T(test_mutex_lock_order_on_while_held),
		T(test_mutex_hold_stops_acquire),
		T(test_mutex_cond_ping_pong_hands_over),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
