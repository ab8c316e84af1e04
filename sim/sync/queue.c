/*
 * queue.c - wf_queue: a bounded blocking FIFO (queue.Queue,
 * multiprocessing.Queue with WF_SHARED).
 *
 * A circular array of 64-bit items in the arena, a mutex and two conditions.
 * Every put and get reports the depth after it and the capacity, so the
 * model can draw depth over time against capacity.  A put that finds the
 * queue full emits EV_QUEUE_FULL (b = 1: it will wait; b = 0: put_nowait
 * fails with WF_EFULL); a get on an empty queue likewise EV_QUEUE_EMPTY.  A
 * timed wait that runs out emits EV_WAKE with a = 1 and fails the same way.
 * Events are emitted under the queue's mutex, so depths arrive in order.
 * Exact counters (arena.h): puts, gets and the peak depth, bumped under
 * the queue's mutex (plain stores do).  A waiter is signalled after the
 * mutex is let go (woken before, it would only block on the mutex again),
 * and a put or get lets go of the mutex around its step point only when
 * step points are on.
 */
#include <errno.h>

#include "actor.h"
#include "gate.h"
#include "lessontime.h"
#include "pshared.h"
#include "queue.h"
#include "weft.h"

struct wf_queue {
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	unsigned capacity, head, count;
	uint16_t id;
	uint64_t item[]; /* capacity slots */
};

wf_queue *wf_queue_new(const char *name, unsigned capacity, unsigned flags)
{
	if (capacity == 0)
		return NULL;
	wf_queue *q = arena_alloc(wf_arena, sizeof *q + capacity * sizeof(uint64_t));
	bool shared = flags & WF_SHARED;
	if (!q || pshared_mutex_init(&q->mu, shared) != 0 ||
	    pshared_cond_init(&q->not_empty, shared) != 0 || pshared_cond_init(&q->not_full, shared) != 0)
		return NULL;
	q->capacity = capacity;
	q->id = object_register(name, OBJ_QUEUE, capacity);
	return q->id == WF_NONE ? NULL : q;
}

/* The depth, for the scheduler (a release store: it reads it settled). */
static void published(wf_queue *q)
{
	atomic_store_explicit(&wf_arena->objects[q->id].level, q->count, memory_order_release);
}

static bool has_room(void *q)
{
	return ((wf_queue *)q)->count < ((wf_queue *)q)->capacity;
}

static bool has_item(void *q)
{
	return ((wf_queue *)q)->count > 0;
}

/* With q->mu held: waits until the queue is not full (put) or not empty
 * (get), emitting what a waiting or failing caller must.  0 when it may go
 * on, or WF_EFULL / WF_EEMPTY.  It is a step: in step mode a blocking put
 * or get waits, parked, until it can go (gate.h). */
static int wait_room(wf_queue *q, bool put, double timeout)
{
	if (gate_steps()) { /* parks without the queue's mutex */
		pthread_mutex_unlock(&q->mu);
		gate_step(timeout < 0 ? (put ? EV_PUT : EV_GET) : EV_STEP, q->id, NULL, wf_line);
		pthread_mutex_lock(&q->mu);
	}
	bool (*ready)(void *) = put ? has_room : has_item;
	if (ready(q))
		return 0;
	uint16_t type = put ? EV_QUEUE_FULL : EV_QUEUE_EMPTY;
	int fail = put ? WF_EFULL : WF_EEMPTY;
	if (timeout == 0) {
		emit(type, q->id, q->count, 0);
		return fail;
	}
	emit(type, q->id, q->count, 1);
	pthread_cond_t *cv = put ? &q->not_full : &q->not_empty;
	if (!lessontime_wait_for(cv, &q->mu, lessontime_deadline(timeout), ready, q)) {
		emit(EV_WAKE, q->id, 1, 0);
		return fail;
	}
	return 0;
}

int wf_queue_put(wf_queue *q, uint64_t item, double timeout)
{
	pthread_mutex_lock(&q->mu);
	int r = wait_room(q, true, timeout);
	if (r == 0) {
		q->item[(q->head + q->count) % q->capacity] = item;
		q->count++;
		published(q);
		arena_count_add_locked(wf_arena, q->id, CNT_PUTS, 1);
		if (q->count > atomic_load_explicit(&wf_arena->objects[q->id].count[CNT_PEAK],
						    memory_order_relaxed))
			arena_count_add_locked(wf_arena, q->id, CNT_PEAK, 1); /* the peak grows by one */
		emit(EV_PUT, q->id, q->count, q->capacity);
	}
	pthread_mutex_unlock(&q->mu);
	if (r == 0)
		pthread_cond_signal(&q->not_empty);
	return r;
}

int wf_queue_get(wf_queue *q, uint64_t *item, double timeout)
{
	pthread_mutex_lock(&q->mu);
	int r = wait_room(q, false, timeout);
	if (r == 0) {
		*item = q->item[q->head];
		q->head = (q->head + 1) % q->capacity;
		q->count--;
		published(q);
		arena_count_add_locked(wf_arena, q->id, CNT_GETS, 1);
		emit(EV_GET, q->id, q->count, q->capacity);
	}
	pthread_mutex_unlock(&q->mu);
	if (r == 0)
		pthread_cond_signal(&q->not_full);
	return r;
}

unsigned wf_queue_depth(wf_queue *q)
{
	pthread_mutex_lock(&q->mu);
	unsigned n = q->count;
	pthread_mutex_unlock(&q->mu);
	return n;
}

uint16_t queue_object(const wf_queue *q)
{
	return q->id;
}
