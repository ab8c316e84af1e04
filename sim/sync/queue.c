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
 *
 * Shutdown (weft_shutdown.h, Python 3.13): `shut` is set under the mutex
 * and both conditions are broadcast, so every blocked caller re-checks: a
 * put fails with WF_ESHUTDOWN, a get fails once nothing is left.  Each put
 * counts an unfinished item; task_done and an immediate shutdown's drops
 * count them off, and join waits on all_done until none is left.  The
 * arena's level carries ARENA_LEVEL_SHUT then, so a parked step may go.
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
	pthread_cond_t not_empty, not_full, all_done;
	unsigned capacity, head, count;
	unsigned unfinished; /* items put and not yet task_done (or dropped) */
	bool shut;
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
	    pshared_cond_init(&q->not_empty, shared) != 0 || pshared_cond_init(&q->not_full, shared) != 0 ||
	    pshared_cond_init(&q->all_done, shared) != 0)
		return NULL;
	q->capacity = capacity;
	q->id = object_register(name, OBJ_QUEUE, capacity);
	return q->id == WF_NONE ? NULL : q;
}

/* The waits' predicates: true once the caller may go on (or must fail). */
static bool has_room(void *q)
{
	return ((wf_queue *)q)->count < ((wf_queue *)q)->capacity || ((wf_queue *)q)->shut;
}

static bool has_item(void *q)
{
	return ((wf_queue *)q)->count > 0 || ((wf_queue *)q)->shut;
}

/* With q->mu held: put, or get from an empty queue, after shutdown. */
static bool refused(const wf_queue *q, bool put)
{
	return q->shut && (put || q->count == 0);
}

/* The depth (and ARENA_LEVEL_SHUT), for the scheduler (a release store:
 * it reads it settled). */
static void published(wf_queue *q)
{
	atomic_store_explicit(&wf_arena->objects[q->id].level,
			      q->count | (q->shut ? ARENA_LEVEL_SHUT : 0), memory_order_release);
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
	if (refused(q, put))
		return WF_ESHUTDOWN;
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
	if (refused(q, put)) { /* woken by the shutdown: ShutDown in the blocked caller */
		emit(EV_WAKE, q->id, 0, 0);
		return WF_ESHUTDOWN;
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
		q->unfinished++;
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

unsigned wf_queue_shutdown(wf_queue *q, bool immediate)
{
	pthread_mutex_lock(&q->mu);
	unsigned dropped = 0;
	q->shut = true;
	if (immediate) {
		dropped = q->count;
		q->head = (q->head + q->count) % q->capacity;
		q->count = 0;
		q->unfinished -= dropped < q->unfinished ? dropped : q->unfinished;
		if (q->unfinished == 0)
			pthread_cond_broadcast(&q->all_done);
	}
	published(q);
	emit(EV_QUEUE_SHUTDOWN, q->id, q->count, (uint64_t)dropped | (uint64_t)immediate << 32);
	pthread_cond_broadcast(&q->not_empty);
	pthread_cond_broadcast(&q->not_full);
	pthread_mutex_unlock(&q->mu);
	return dropped;
}

bool wf_queue_is_shutdown(wf_queue *q)
{
	pthread_mutex_lock(&q->mu);
	bool shut = q->shut;
	pthread_mutex_unlock(&q->mu);
	return shut;
}

int wf_queue_task_done(wf_queue *q)
{
	pthread_mutex_lock(&q->mu);
	int r = q->unfinished ? 0 : WF_ESTATE;
	if (q->unfinished && --q->unfinished == 0)
		pthread_cond_broadcast(&q->all_done);
	pthread_mutex_unlock(&q->mu);
	return r;
}

static bool all_finished(void *q)
{
	return ((wf_queue *)q)->unfinished == 0;
}

int wf_queue_join(wf_queue *q, double timeout)
{
	pthread_mutex_lock(&q->mu);
	int r = 0;
	if (q->unfinished) {
		emit(EV_WAIT, q->id, 0, 0);
		bool done = lessontime_wait_for(&q->all_done, &q->mu, lessontime_deadline(timeout),
						all_finished, q);
		emit(EV_WAKE, q->id, !done, 0);
		r = done ? 0 : WF_ETIMEDOUT;
	}
	pthread_mutex_unlock(&q->mu);
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
