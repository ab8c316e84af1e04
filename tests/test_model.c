/*
 * test_model.c - the model folded from hand-written event streams.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model.h"

#define PID 4242
#define MAIN 0
#define T1 1
#define T2 2
#define LOCK_A 0
#define LOCK_B 1

static void fold(model *m, uint64_t ts, uint16_t actor, unsigned type, uint16_t obj,
		 uint64_t a, uint64_t b, const char *text)
{
	struct wf_ev ev = {
		.ts = ts, .actor = actor, .type = (uint16_t)type, .obj = obj, .a = a, .b = b,
	};

	model_fold(m, &ev, text);
}

static void spawn(model *m, uint64_t ts, uint16_t id, uint16_t parent, uint32_t pid, const char *name)
{
	fold(m, ts, id, EV_SPAWN, WF_NONE, parent, (uint64_t)pid << 32 | (uint64_t)(pid + id), name);
}

static void obj_new(model *m, uint16_t id, unsigned kind, uint32_t capacity, const char *name)
{
	fold(m, 0, MAIN, EV_OBJ_NEW, id, kind, capacity, name);
}

/* main, then threads T1 and T2 of the same process, and locks A and B. */
static void cast(model *m)
{
	spawn(m, 0, MAIN, WF_NONE, PID, "main");
	spawn(m, 0, T1, MAIN, PID, "T1");
	spawn(m, 0, T2, MAIN, PID, "T2");
	obj_new(m, LOCK_A, OBJ_MUTEX, 0, "A");
	obj_new(m, LOCK_B, OBJ_MUTEX, 0, "B");
}

static int setup(void **state)
{
	*state = model_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	model_free(*state);
	return 0;
}

static void assert_interval(const struct model_interval *iv, int64_t t0, unsigned st, uint16_t obj)
{
	assert_int_equal(iv->t0, t0);
	assert_string_equal(actor_state_name(iv->state), actor_state_name(st));
	assert_int_equal(iv->obj, obj);
}

static void test_model_spawn_sleep_run_intervals(void **state)
{
	model *m = *state;
	const struct model_actor *a;

	spawn(m, 0, MAIN, WF_NONE, PID, "main");
	spawn(m, 10, T1, MAIN, PID, "worker");
	spawn(m, 20, T2, MAIN, PID + 1, "child");
	fold(m, 100, T1, EV_SLEEP, WF_NONE, 200, 0, NULL);
	fold(m, 300, T1, EV_RUN, WF_NONE, 0, 0, NULL);
	fold(m, 400, T1, EV_EXIT, WF_NONE, 3, 0, NULL);

	assert_int_equal(model_actor_count(m), 3);
	assert_int_equal(model_actor(m, MAIN)->kind, AK_PROCESS);
	assert_int_equal(model_actor(m, T2)->kind, AK_PROCESS);
	a = model_actor(m, T1);
	assert_string_equal(a->name, "worker");
	assert_int_equal(a->kind, AK_THREAD);
	assert_int_equal(a->parent, MAIN);
	assert_int_equal(a->pid, PID);
	assert_int_equal(a->tid, PID + T1);
	assert_int_equal(a->state, AS_EXITED);
	assert_int_equal(a->exit_status, 3);
	assert_int_equal(a->since, 400);
	assert_int_equal(a->lane_len, 4);
	assert_interval(&a->lane[0], 10, AS_RUNNING, WF_NONE);
	assert_interval(&a->lane[1], 100, AS_SLEEPING, WF_NONE);
	assert_interval(&a->lane[2], 300, AS_RUNNING, WF_NONE);
	assert_interval(&a->lane[3], 400, AS_EXITED, WF_NONE);
	assert_int_equal(a->lane[0].cpu, 0xff);

	assert_int_equal(model_state_at(m, T1, 5).state, AS_NONE);
	assert_int_equal(model_state_at(m, T1, 10).state, AS_RUNNING);
	assert_int_equal(model_state_at(m, T1, 299).state, AS_SLEEPING);
	assert_int_equal(model_state_at(m, T1, 300).state, AS_RUNNING);
	assert_int_equal(model_state_at(m, T1, 1000000).state, AS_EXITED);
	assert_int_equal(model_state_at(m, 77, 10).state, AS_NONE);
	assert_int_equal(model_actor_find(m, "child"), T2);
	assert_int_equal(model_actor_find(m, "nobody"), -1);
	assert_int_equal(model_events(m), 6);
	assert_int_equal(model_ignored(m), 0);
	assert_int_equal(model_now(m), 400);

	assert_string_equal(actor_state_name(AS_RUNNABLE), "runnable");
	assert_string_equal(actor_state_name(99), "none");
	assert_int_equal(actor_state_parse("sleeping"), AS_SLEEPING);
	assert_int_equal(actor_state_parse("dozing"), -1);
}

/* A child process that ends and is not yet joined: Z from the sampler (the
 * kernel's letter rides in b), until main's join returns; a sample read
 * late, after the reap, changes nothing. */
static void test_model_zombie_until_joined(void **state)
{
	model *m = *state;
	const struct model_actor *a;

	spawn(m, 0, MAIN, WF_NONE, PID, "main");
	spawn(m, 0, 1, MAIN, PID + 1, "child");
	fold(m, 10, 1, EV_SCHED, WF_NONE, KSCHED_RUNNING, SCHED_B(0, 'R'), NULL);
	fold(m, 20, 1, EV_SLEEP, WF_NONE, 10, 0, NULL);
	fold(m, 25, 1, EV_SCHED, WF_NONE, KSCHED_IDLE, SCHED_B(0, 'S'), NULL); /* asleep: the letter only */
	fold(m, 30, 1, EV_EXIT, WF_NONE, 0, 0, NULL);
	fold(m, 35, 1, EV_SCHED, WF_NONE, KSCHED_RUNNING, SCHED_B(0, 'R'), NULL); /* still ending */
	fold(m, 40, 1, EV_SCHED, WF_NONE, KSCHED_ZOMBIE, SCHED_B(0, 'Z'), NULL);
	a = model_actor(m, 1);
	assert_int_equal(a->kind, AK_PROCESS);
	assert_int_equal(a->state, AS_ZOMBIE);
	assert_int_equal(a->kstate, 'Z');
	fold(m, 50, MAIN, EV_JOIN, WF_NONE, 1, 0, NULL);
	fold(m, 60, MAIN, EV_RUN, WF_NONE, 0, 0, NULL);
	fold(m, 70, 1, EV_SCHED, WF_NONE, KSCHED_ZOMBIE, SCHED_B(0, 'Z'), NULL); /* late */

	a = model_actor(m, 1);
	assert_int_equal(a->state, AS_EXITED);
	assert_int_equal(a->lane_len, 7);
	assert_interval(&a->lane[1], 10, AS_RUNNING, WF_NONE);
	assert_int_equal(a->lane[1].kstate, 'R');
	assert_interval(&a->lane[2], 20, AS_SLEEPING, WF_NONE);
	assert_int_equal(a->lane[2].kstate, 'R');
	assert_interval(&a->lane[3], 25, AS_SLEEPING, WF_NONE);
	assert_int_equal(a->lane[3].kstate, 'S');
	assert_interval(&a->lane[4], 30, AS_EXITED, WF_NONE);
	assert_interval(&a->lane[5], 40, AS_ZOMBIE, WF_NONE);
	assert_int_equal(a->lane[5].kstate, 'Z');
	assert_interval(&a->lane[6], 60, AS_EXITED, WF_NONE); /* reaped when the join returned */
	assert_int_equal(model_state_at(m, 1, 59).state, AS_ZOMBIE);
	assert_int_equal(model_state_at(m, 1, 60).state, AS_EXITED);
	assert_string_equal(actor_state_name(AS_ZOMBIE), "zombie");
}

static void test_model_sched_runnable_and_cpu(void **state)
{
	model *m = *state;
	const struct model_actor *a;

	cast(m);
	fold(m, 10, T1, EV_SCHED, WF_NONE, KSCHED_RUNNING, 2, NULL);
	fold(m, 20, T1, EV_SCHED, WF_NONE, KSCHED_RUNNING, 3, NULL); /* migrated */
	fold(m, 30, T1, EV_SCHED, WF_NONE, KSCHED_RUNNABLE, 3, NULL);
	fold(m, 40, T1, EV_SCHED, WF_NONE, KSCHED_IDLE, 3, NULL); /* leaves it */
	fold(m, 50, T1, EV_SLEEP, WF_NONE, 10, 0, NULL);
	fold(m, 55, T1, EV_SCHED, WF_NONE, KSCHED_RUNNABLE, 1, NULL); /* asleep: no interval */
	fold(m, 60, T1, EV_RUN, WF_NONE, 0, 0, NULL);

	a = model_actor(m, T1);
	assert_int_equal(a->lane_len, 6);
	assert_interval(&a->lane[1], 10, AS_RUNNING, WF_NONE);
	assert_int_equal(a->lane[1].cpu, 2);
	assert_interval(&a->lane[2], 20, AS_RUNNING, WF_NONE);
	assert_int_equal(a->lane[2].cpu, 3);
	assert_interval(&a->lane[3], 30, AS_RUNNABLE, WF_NONE);
	assert_interval(&a->lane[4], 50, AS_SLEEPING, WF_NONE);
	assert_interval(&a->lane[5], 60, AS_RUNNABLE, WF_NONE);
	assert_int_equal(a->lane[5].cpu, 1);
	assert_int_equal(a->cpu, 1);
}

static void test_model_contended_lock(void **state)
{
	model *m = *state;
	const struct model_object *l;

	cast(m);
	fold(m, 10, T1, EV_ACQUIRE, LOCK_A, 0, 1, NULL);
	fold(m, 20, T2, EV_BLOCK_LOCK, LOCK_A, T1, 0, NULL);
	fold(m, 25, MAIN, EV_BLOCK_LOCK, LOCK_A, T1, 0, NULL);
	l = model_object(m, LOCK_A);
	assert_string_equal(l->name, "A");
	assert_int_equal(l->kind, OBJ_MUTEX);
	assert_int_equal(l->holder, T1);
	assert_int_equal(l->waiters, 2);
	assert_int_equal(model_actor(m, T2)->state, AS_BLOCKED);
	assert_int_equal(model_actor(m, T2)->obj, LOCK_A);
	assert_int_equal(model_actor(m, T2)->joining, 0);

	fold(m, 50, T1, EV_RELEASE, LOCK_A, 0, 0, NULL);
	l = model_object(m, LOCK_A);
	assert_int_equal(l->holder, WF_NONE);
	fold(m, 55, T2, EV_ACQUIRE, LOCK_A, 35, 1, NULL);
	fold(m, 60, T2, EV_RELEASE, LOCK_A, 0, 0, NULL);
	fold(m, 125, MAIN, EV_ACQUIRE, LOCK_A, 100, 1, NULL);

	l = model_object(m, LOCK_A);
	assert_int_equal(l->holder, MAIN);
	assert_int_equal(l->depth, 1);
	assert_int_equal(l->waiters, 0);
	assert_int_equal(l->acquisitions, 3);
	assert_int_equal(l->contentions, 2);
	assert_int_equal(l->wait_ns, 135);
	assert_int_equal(l->wait_max_ns, 100);
	assert_int_equal(model_actor(m, T2)->state, AS_RUNNING);
	assert_interval(&model_actor(m, T2)->lane[1], 20, AS_BLOCKED, LOCK_A);
	assert_interval(&model_actor(m, T2)->lane[2], 55, AS_RUNNING, WF_NONE);
	assert_null(model_deadlock(m));
}

static void test_model_recursive_depth_release(void **state)
{
	model *m = *state;
	const struct model_object *l;

	cast(m);
	obj_new(m, 2, OBJ_RMUTEX, 0, "R");
	fold(m, 10, T1, EV_ACQUIRE, 2, 0, 1, NULL);
	fold(m, 20, T1, EV_ACQUIRE, 2, 0, 2, NULL);
	fold(m, 30, T2, EV_RELEASE, 2, 0, 0, NULL); /* not the holder's: no effect */
	fold(m, 40, T1, EV_RELEASE, 2, 0, 1, NULL);
	l = model_object(m, 2);
	assert_int_equal(l->holder, T1);
	assert_int_equal(l->depth, 1);
	assert_int_equal(l->contentions, 0);
	fold(m, 50, T1, EV_RELEASE, 2, 0, 0, NULL);
	l = model_object(m, 2);
	assert_int_equal(l->holder, WF_NONE);
	assert_int_equal(l->depth, 0);
	assert_int_equal(l->acquisitions, 2);
}

static void test_model_queue_depth_series_and_blocked_get(void **state)
{
	model *m = *state;
	const struct model_object *q;
	const struct model_actor *c;

	cast(m);
	obj_new(m, 3, OBJ_QUEUE, 2, "jobs");
	fold(m, 10, T2, EV_QUEUE_EMPTY, 3, 0, 1, NULL);
	c = model_actor(m, T2);
	assert_int_equal(c->state, AS_BLOCKED);
	assert_int_equal(c->obj, 3);
	assert_int_equal(model_object(m, 3)->waiters, 1);

	fold(m, 20, T1, EV_PUT, 3, 1, 2, NULL);
	fold(m, 25, T2, EV_GET, 3, 0, 2, NULL);
	assert_int_equal(model_actor(m, T2)->state, AS_RUNNING);
	fold(m, 30, T1, EV_PUT, 3, 1, 2, NULL);
	fold(m, 30, T1, EV_PUT, 3, 2, 2, NULL); /* same t: replaces */
	fold(m, 40, T1, EV_QUEUE_FULL, 3, 2, 0, NULL); /* put_nowait failed */
	assert_int_equal(model_actor(m, T1)->state, AS_RUNNING);
	fold(m, 45, T1, EV_QUEUE_FULL, 3, 2, 1, NULL);
	assert_int_equal(model_actor(m, T1)->state, AS_BLOCKED);

	q = model_object(m, 3);
	assert_int_equal(q->capacity, 2);
	assert_int_equal(q->queue_depth, 2);
	assert_int_equal(q->puts, 3);
	assert_int_equal(q->gets, 1);
	assert_int_equal(q->full, 2);
	assert_int_equal(q->empty, 1);
	assert_int_equal(q->waiters, 1);
	assert_int_equal(q->series_len, 4);
	assert_int_equal(q->series[0].t, 0);
	assert_int_equal(q->series[0].depth, 0);
	assert_int_equal(q->series[1].t, 20);
	assert_int_equal(q->series[1].depth, 1);
	assert_int_equal(q->series[2].t, 25);
	assert_int_equal(q->series[2].depth, 0);
	assert_int_equal(q->series[3].t, 30);
	assert_int_equal(q->series[3].depth, 2);
}

static void test_model_abba_deadlock(void **state)
{
	model *m = *state;
	const struct model_deadlock *d;
	char buf[128];

	cast(m);
	fold(m, 10, T1, EV_ACQUIRE, LOCK_A, 0, 1, NULL);
	fold(m, 20, T2, EV_ACQUIRE, LOCK_B, 0, 1, NULL);
	fold(m, 30, T1, EV_BLOCK_LOCK, LOCK_B, T2, 0, NULL);
	assert_null(model_deadlock(m));
	assert_string_equal(model_deadlock_describe(m, buf, sizeof buf), "");
	fold(m, 40, T2, EV_BLOCK_LOCK, LOCK_A, T1, 0, NULL);

	d = model_deadlock(m);
	assert_non_null(d);
	assert_int_equal(d->t, 40);
	assert_int_equal(d->len, 2);
	assert_int_equal(d->actor[0], T1); /* closed by T2, reported from T1 */
	assert_int_equal(d->obj[0], LOCK_B);
	assert_int_equal(d->actor[1], T2);
	assert_int_equal(d->obj[1], LOCK_A);
	assert_string_equal(model_deadlock_describe(m, buf, sizeof buf),
			    "T1 waits for lock B held by T2, T2 waits for lock A held by T1");
	assert_string_equal(model_deadlock_describe(m, buf, 8), "T1 wait");

	/* The first deadlock stays the one reported. */
	fold(m, 50, MAIN, EV_BLOCK_LOCK, LOCK_A, T1, 0, NULL);
	assert_int_equal(model_deadlock(m)->t, 40);
}

static void test_model_self_deadlock(void **state)
{
	model *m = *state;
	const struct model_deadlock *d;
	char buf[128];

	cast(m);
	obj_new(m, 2, OBJ_RMUTEX, 0, "R");
	fold(m, 10, T2, EV_ACQUIRE, 2, 0, 1, NULL);
	fold(m, 15, T2, EV_BLOCK_LOCK, 2, T2, 0, NULL); /* a recursive lock: no cycle */
	assert_null(model_deadlock(m));

	fold(m, 20, T1, EV_ACQUIRE, LOCK_A, 0, 1, NULL);
	fold(m, 30, T1, EV_BLOCK_LOCK, LOCK_A, T1, 0, NULL);
	d = model_deadlock(m);
	assert_non_null(d);
	assert_int_equal(d->t, 30);
	assert_int_equal(d->len, 1);
	assert_int_equal(d->actor[0], T1);
	assert_int_equal(d->obj[0], LOCK_A);
	assert_string_equal(model_deadlock_describe(m, buf, sizeof buf),
			    "T1 waits for lock A, which it holds itself");
}

static void test_model_join_deadlock(void **state)
{
	model *m = *state;
	const struct model_deadlock *d;
	char buf[128];

	cast(m);
	fold(m, 10, T1, EV_ACQUIRE, LOCK_A, 0, 1, NULL);
	fold(m, 20, T1, EV_JOIN, WF_NONE, T2, 0, NULL);
	assert_int_equal(model_actor(m, T1)->joining, 1);
	assert_int_equal(model_actor(m, T1)->obj, T2);
	assert_int_equal(model_object(m, LOCK_A)->waiters, 0);
	fold(m, 30, T2, EV_BLOCK_LOCK, LOCK_A, T1, 0, NULL);

	d = model_deadlock(m);
	assert_non_null(d);
	assert_int_equal(d->len, 2);
	assert_int_equal(d->actor[0], T1);
	assert_int_equal(d->obj[0], WF_NONE);
	assert_int_equal(d->actor[1], T2);
	assert_int_equal(d->obj[1], LOCK_A);
	assert_string_equal(model_deadlock_describe(m, buf, sizeof buf),
			    "T1 joins T2, T2 waits for lock A held by T1");
}

static void test_model_no_false_deadlock_after_release(void **state)
{
	model *m = *state;

	cast(m);
	obj_new(m, 2, OBJ_COND, 0, "C");
	fold(m, 10, T1, EV_ACQUIRE, LOCK_A, 0, 1, NULL);
	fold(m, 20, T2, EV_ACQUIRE, LOCK_B, 0, 1, NULL);
	fold(m, 30, T1, EV_BLOCK_LOCK, LOCK_B, T2, 0, NULL);
	fold(m, 40, T2, EV_RELEASE, LOCK_B, 0, 0, NULL); /* the chain is broken */
	fold(m, 50, T2, EV_BLOCK_LOCK, LOCK_A, T1, 0, NULL);
	assert_null(model_deadlock(m));
	fold(m, 60, T1, EV_ACQUIRE, LOCK_B, 30, 1, NULL);
	assert_null(model_deadlock(m));

	/* A condition wait has no holder, so it closes no cycle either. */
	fold(m, 70, T1, EV_WAIT, 2, 0, 0, NULL);
	assert_null(model_deadlock(m));
	assert_int_equal(model_object(m, 2)->waiters, 1);
	fold(m, 80, MAIN, EV_NOTIFY, 2, 1, 0, NULL);
	fold(m, 85, T1, EV_WAKE, 2, 0, 0, NULL);
	assert_int_equal(model_object(m, 2)->notifies, 1);
	assert_int_equal(model_object(m, 2)->waiters, 0);
	assert_int_equal(model_actor(m, T1)->state, AS_RUNNING);
}

static void test_model_order_violation_counted(void **state)
{
	model *m = *state;

	cast(m);
	fold(m, 10, T1, EV_ACQUIRE, LOCK_B, 0, 1, NULL);
	fold(m, 20, T1, EV_ORDER_VIOLATION, LOCK_A, LOCK_B, 0, NULL);
	fold(m, 30, T1, EV_ORDER_VIOLATION, LOCK_A, LOCK_B, 0, NULL);
	assert_int_equal(model_object(m, LOCK_A)->violations, 2);
	assert_int_equal(model_object(m, LOCK_B)->violations, 0);
	assert_int_equal(model_object(m, LOCK_A)->holder, WF_NONE);
}

static void test_model_console_ring_keeps_last_lines(void **state)
{
	model *m = *state;
	char text[32];
	size_t total = MODEL_CONSOLE_MAX + 10;

	cast(m);
	for (size_t i = 0; i < total; i++) {
		snprintf(text, sizeof text, "line %zu", i);
		fold(m, i, T1, EV_PRINT, WF_NONE, 0, strlen(text), text);
	}
	strcpy(text, "scribbled"); /* the model owns its copies */

	assert_int_equal(model_line_count(m), MODEL_CONSOLE_MAX);
	assert_string_equal(model_line(m, 0)->text, "line 10");
	assert_int_equal(model_line(m, 0)->t, 10);
	assert_int_equal(model_line(m, 0)->actor, T1);
	snprintf(text, sizeof text, "line %zu", total - 1);
	assert_string_equal(model_line(m, MODEL_CONSOLE_MAX - 1)->text, text);
	assert_null(model_line(m, MODEL_CONSOLE_MAX));
}

/* A deterministic pseudo-random stream over three threads and two locks. */
static void synthetic(model *m, size_t n)
{
	static const unsigned types[] = { EV_SLEEP, EV_RUN, EV_SCHED, EV_BLOCK_LOCK, EV_ACQUIRE,
					  EV_RELEASE, EV_PRINT };
	uint64_t x = 0x9e3779b97f4a7c15u, ts = 0;

	cast(m);
	for (size_t i = 0; i < n; i++) {
		x = x * 6364136223846793005u + 1442695040888963407u;
		ts += (x >> 60) & 3;
		fold(m, ts, (uint16_t)(x >> 33) % 3, types[(x >> 40) % 7], (uint16_t)((x >> 50) & 1),
		     (x >> 20) % 4, (x >> 24) % 3, "tick");
	}
}

static void test_model_determinism(void **state)
{
	model *m = *state, *twin = model_new();

	assert_non_null(twin);
	synthetic(m, 200000);
	synthetic(twin, 200000);
	assert_int_equal(model_events(m), model_events(twin));
	assert_int_equal(model_ignored(m), model_ignored(twin));
	for (size_t id = 0; id < 3; id++) {
		const struct model_actor *a = model_actor(m, id), *b = model_actor(twin, id);

		assert_true(a->lane_len > 100);
		assert_true(a->lane_len <= MODEL_LANE_MAX);
		assert_int_equal(a->lane_len, b->lane_len);
		for (size_t i = 0; i < a->lane_len; i++) {
			assert_int_equal(a->lane[i].t0, b->lane[i].t0);
			assert_int_equal(a->lane[i].state, b->lane[i].state);
			assert_int_equal(a->lane[i].obj, b->lane[i].obj);
			assert_int_equal(a->lane[i].cpu, b->lane[i].cpu);
			if (i)
				assert_true(a->lane[i - 1].t0 < a->lane[i].t0);
		}
	}
	for (size_t id = 0; id < 2; id++) {
		const struct model_object *a = model_object(m, id), *b = model_object(twin, id);

		assert_int_equal(a->acquisitions, b->acquisitions);
		assert_int_equal(a->contentions, b->contentions);
		assert_int_equal(a->wait_ns, b->wait_ns);
		assert_int_equal(a->holder, b->holder);
	}
	assert_int_equal(model_deadlock(m) != NULL, model_deadlock(twin) != NULL);
	model_free(twin);
}

static void test_model_bounded_memory(void **state)
{
	model *m = *state;
	const uint64_t n = 10000000;
	const struct model_actor *a;
	const struct model_object *q;

	cast(m);
	obj_new(m, 3, OBJ_QUEUE, 8, "q");
	/* T1 sleeps at even steps and runs at odd ones, 10 ns apart. */
	for (uint64_t i = 0; i < n; i++)
		fold(m, 10 * (i + 1), T1, i % 2 ? EV_RUN : EV_SLEEP, WF_NONE, 0, 0, NULL);
	for (uint64_t i = 0; i < 100000; i++)
		fold(m, 10 * n + i, T2, i % 2 ? EV_GET : EV_PUT, 3, i % 2 ? 0 : 1, 8, NULL);

	a = model_actor(m, T1);
	assert_true(a->lane_len <= MODEL_LANE_MAX);
	assert_true(a->lane_len >= MODEL_LANE_MAX / 2);
	for (uint64_t i = n - 1000; i < n; i++) {
		struct model_interval iv = model_state_at(m, T1, (int64_t)(10 * (i + 1) + 5));

		assert_int_equal(iv.t0, 10 * (i + 1));
		assert_int_equal(iv.state, i % 2 ? AS_RUNNING : AS_SLEEPING);
	}
	assert_int_equal(model_state_at(m, T1, 0).state, AS_RUNNING); /* spawned at 0 */
	q = model_object(m, 3);
	assert_true(q->series_len <= MODEL_SERIES_MAX);
	assert_int_equal(q->series[q->series_len - 1].depth, 0);
	assert_int_equal(q->series[q->series_len - 2].depth, 1);
	assert_int_equal(q->series[0].t, 0);
	assert_int_equal(q->series[0].depth, 1); /* merged: the peak survives */
	assert_int_equal(model_ignored(m), 0);
}

static void test_model_lane_merge_keeps_longer_state(void **state)
{
	model *m = *state;
	const struct model_actor *a;

	cast(m);
	/* After running 0..10, T1 sleeps 9 ns and runs 1 ns, until one merge. */
	for (int64_t i = 1; i <= MODEL_LANE_MAX / 2; i++) {
		fold(m, (uint64_t)(10 * i), T1, EV_SLEEP, WF_NONE, 9, 0, NULL);
		fold(m, (uint64_t)(10 * i + 9), T1, EV_RUN, WF_NONE, 0, 0, NULL);
	}
	a = model_actor(m, T1);
	assert_true(a->lane_len < MODEL_LANE_MAX);
	assert_interval(&a->lane[0], 0, AS_RUNNING, WF_NONE);  /* 10 ns beat 9 */
	assert_interval(&a->lane[1], 19, AS_SLEEPING, WF_NONE); /* 9 ns beat 1 */
	assert_int_equal(model_state_at(m, T1, 29).state, AS_SLEEPING); /* coarse */
	assert_int_equal(model_state_at(m, T1, 5 * MODEL_LANE_MAX - 1).state, AS_RUNNING); /* exact */
	assert_int_equal(model_state_at(m, T1, 5 * MODEL_LANE_MAX).state, AS_SLEEPING);
}

static void test_model_unknown_actors_ignored(void **state)
{
	model *m = *state;

	cast(m);
	fold(m, 10, 7, EV_SLEEP, WF_NONE, 0, 0, NULL);                 /* never spawned */
	fold(m, 10, 60000, EV_SPAWN, WF_NONE, WF_NONE, 1, "far");      /* beyond the table */
	fold(m, 10, T1, EV_ACQUIRE, 99, 0, 1, NULL);                   /* unknown object */
	fold(m, 10, T1, EV_OBJ_NEW + 1000, WF_NONE, 0, 0, NULL);       /* unknown type */
	fold(m, 10, T1, EV_SPAWN, WF_NONE, MAIN, 1, "again");          /* spawned twice */
	fold(m, 10, T1, EV_JOIN, WF_NONE, 60000, 0, NULL);             /* join beyond the table */
	fold(m, 10, 9, EV_PRINT, WF_NONE, 0, 5, "ghost");
	assert_int_equal(model_ignored(m), 7);
	assert_int_equal(model_events(m), 12);
	assert_int_equal(model_actor_count(m), 3);
	assert_null(model_actor(m, 7));
	assert_null(model_actor(m, 60000));
	assert_null(model_object(m, 99));
	assert_int_equal(model_line_count(m), 0);
	assert_string_equal(model_actor(m, T1)->name, "T1");
	assert_int_equal(model_actor(m, T1)->state, AS_RUNNING);

	/* A thread joined before its own EV_SPAWN arrives is still joined. */
	fold(m, 11, T1, EV_JOIN, WF_NONE, 12, 0, NULL);
	assert_int_equal(model_actor(m, T1)->state, AS_BLOCKED);
	assert_int_equal(model_actor(m, T1)->joining, 1);

	model_fold(m, NULL, NULL);
	model_fold(NULL, NULL, NULL);
	model_free(NULL);
	assert_null(model_actor(NULL, 0));
	assert_int_equal(model_state_at(NULL, 0, 0).state, AS_NONE);
}

static void test_model_out_of_order_ts_clamped(void **state)
{
	model *m = *state;
	const struct model_actor *a;

	cast(m);
	fold(m, 100, T1, EV_SLEEP, WF_NONE, 50, 0, NULL);
	fold(m, 200, T2, EV_SLEEP, WF_NONE, 50, 0, NULL);
	fold(m, 150, T1, EV_RUN, WF_NONE, 0, 0, NULL); /* older than now: read as 200 */
	assert_int_equal(model_now(m), 200);
	a = model_actor(m, T1);
	assert_int_equal(a->lane_len, 3);
	assert_interval(&a->lane[2], 200, AS_RUNNING, WF_NONE);
	assert_int_equal(a->since, 200);
	assert_int_equal(model_state_at(m, T1, 175).state, AS_SLEEPING);

	/* A change at the same t replaces the interval; one back to where it was drops it. */
	fold(m, 200, T1, EV_SLEEP, WF_NONE, 50, 0, NULL);
	assert_int_equal(model_actor(m, T1)->lane_len, 2);
	assert_int_equal(model_actor(m, T1)->state, AS_SLEEPING);
}

/* Step mode: a parked actor is parked (waiting for a step, not a CPU); one
 * whose acquire cannot go is blocked on the lock, and parked again once
 * the holder lets go. */
static void test_model_step_parked_and_blocked(void **state)
{
	model *m = *state;

	cast(m);
	fold(m, 1, T1, EV_STEP, LOCK_A, 0, STEP_B(9, EV_ACQUIRE, 1), "acquire A");
	fold(m, 1, T2, EV_STEP, LOCK_A, 0, STEP_B(9, EV_ACQUIRE, 1), "acquire A");
	assert_int_equal(model_actor(m, T1)->state, AS_PARKED);
	assert_true(model_ever_parked(m));
	assert_int_equal(model_actor(m, T1)->parked, 1);
	assert_string_equal(model_actor(m, T1)->pending, "acquire A");
	fold(m, 2, T1, EV_ACQUIRE, LOCK_A, 0, 1, NULL); /* T1 was granted */
	assert_int_equal(model_actor(m, T1)->parked, 0);
	assert_int_equal(model_actor(m, T2)->state, AS_BLOCKED);
	assert_int_equal(model_object(m, LOCK_A)->waiters, 1);
	fold(m, 3, T1, EV_STEP, LOCK_A, 0, STEP_B(9, EV_RELEASE, 1), "release A");
	fold(m, 4, T1, EV_RELEASE, LOCK_A, 0, 0, NULL);
	assert_int_equal(model_actor(m, T2)->state, AS_PARKED);
	assert_int_equal(model_object(m, LOCK_A)->waiters, 0);
}

/* Two parked acquires, each of the lock the other holds: a deadlock with
 * nobody inside pthread_mutex_lock. */
static void test_model_step_deadlock(void **state)
{
	model *m = *state;
	char buf[160];

	cast(m);
	fold(m, 1, T1, EV_ACQUIRE, LOCK_A, 0, 1, NULL);
	fold(m, 1, T2, EV_ACQUIRE, LOCK_B, 0, 1, NULL);
	fold(m, 2, T1, EV_STEP, LOCK_B, 0, STEP_B(9, EV_ACQUIRE, 1), "acquire B");
	assert_null(model_deadlock(m));
	fold(m, 3, T2, EV_STEP, LOCK_A, 0, STEP_B(9, EV_ACQUIRE, 1), "acquire A");
	assert_non_null(model_deadlock(m));
	assert_string_equal(model_deadlock_describe(m, buf, sizeof buf),
			    "T1 waits for lock B held by T2, T2 waits for lock A held by T1");
}

/* A free run being recorded passes its step points: nothing changes. */
static void test_model_step_passing_changes_nothing(void **state)
{
	model *m = *state;

	cast(m);
	fold(m, 1, T1, EV_STEP, WF_NONE, 0, STEP_B(4, EV_STEP, 0), "read");
	assert_int_equal(model_actor(m, T1)->state, AS_RUNNING);
	assert_int_equal(model_actor(m, T1)->parked, 0);
	assert_string_equal(model_actor(m, T1)->pending, "read");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_model_spawn_sleep_run_intervals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_sched_runnable_and_cpu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_zombie_until_joined, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_contended_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_recursive_depth_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_queue_depth_series_and_blocked_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_abba_deadlock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_self_deadlock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_join_deadlock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_step_parked_and_blocked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_step_deadlock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_step_passing_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_no_false_deadlock_after_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_order_violation_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_console_ring_keeps_last_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_determinism, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_bounded_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_lane_merge_keeps_longer_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_unknown_actors_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_out_of_order_ts_clamped, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
