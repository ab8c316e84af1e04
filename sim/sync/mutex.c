/*
 * mutex.c - wf_mutex: threading.Lock and threading.RLock, instrumented.
 *
 * A pthread mutex plus who holds it (an actor id, so it is meaningful across
 * processes) and how deep.  An uncontended acquire emits EV_ACQUIRE; a
 * contended one first emits EV_BLOCK_LOCK naming the holder, so the model
 * can draw the wait and the wait-for graph.  Release is emitted before the
 * pthread unlock, so the next holder's EV_ACQUIRE always comes after it.
 *
 * A plain mutex taken twice by its holder really deadlocks, as
 * threading.Lock does; the model reports it as a cycle of one.
 *
 * Lock-order checking, when on, refuses to take a lock while holding one
 * created after it (EV_ORDER_VIOLATION, WF_EORDER): with every actor taking
 * locks in creation order, no wait-for cycle can form.
 *
 * Exact counters (arena.h), bumped by the new holder while it holds the
 * lock (so plain stores do): acquisitions (a re-entry of an RLock counts),
 * those that had to wait, and the ns waited.
 */
#include <stdlib.h>

#include "actor.h"
#include "gate.h"
#include "heldlocks.h"
#include "mutex.h"
#include "pshared.h"
#include "weft.h"

struct wf_mutex {
	pthread_mutex_t mu;
	_Atomic uint16_t owner; /* actor id, WF_NONE when free */
	uint32_t depth;         /* holder's recursion depth; written by the holder only */
	uint16_t id;
	bool recursive;
};

wf_mutex *wf_mutex_new(const char *name, unsigned flags)
{
	wf_mutex *m = arena_alloc(wf_arena, sizeof *m);
	if (!m || pshared_mutex_init(&m->mu, flags & WF_SHARED) != 0)
		return NULL;
	m->recursive = flags & WF_RECURSIVE;
	m->owner = WF_NONE;
	m->id = object_register(name, m->recursive ? OBJ_RMUTEX : OBJ_MUTEX, 0);
	return m->id == WF_NONE ? NULL : m;
}

void wf_lock_order_check(bool on)
{
	atomic_store(&wf_arena->ctl.lock_order, on);
}

/* Bookkeeping once the pthread mutex is ours (after lock or a condition wait). */
void mutex_taken(wf_mutex *m, uint32_t depth, uint64_t waited_ns)
{
	atomic_store_explicit(&m->owner, actor_self.id, memory_order_relaxed);
	if (m->id != WF_NONE)
		atomic_store(&wf_arena->objects[m->id].holder, actor_self.id);
	m->depth = depth;
	heldlocks_push(m->id);
	emit(EV_ACQUIRE, m->id, waited_ns, depth);
}

/* Bookkeeping before the pthread mutex is let go; returns the depth held. */
uint32_t mutex_letting_go(wf_mutex *m)
{
	uint32_t depth = m->depth;
	emit(EV_RELEASE, m->id, 0, 0);
	m->depth = 0;
	heldlocks_pop(m->id);
	atomic_store_explicit(&m->owner, WF_NONE, memory_order_relaxed);
	if (m->id != WF_NONE)
		atomic_store(&wf_arena->objects[m->id].holder, WF_NONE);
	return depth;
}

static bool mine(wf_mutex *m)
{
	return actor_self.id != WF_NONE &&
	       atomic_load_explicit(&m->owner, memory_order_relaxed) == actor_self.id;
}

static int order_refused(wf_mutex *m)
{
	if (!atomic_load_explicit(&wf_arena->ctl.lock_order, memory_order_relaxed))
		return 0;
	uint16_t highest = heldlocks_highest();
	if (highest == WF_NONE || highest < m->id)
		return 0;
	emit(EV_ORDER_VIOLATION, m->id, highest, 0);
	return 1;
}

/* Takes m (a step); if it is taken and `wait` is false, gives up with
 * WF_ETIMEDOUT.  `depth` is the holder's depth once taken (1, or what a
 * condition wait had let go of). */
static int take(wf_mutex *m, bool wait, uint32_t depth)
{
	/* Refused at once, so not a step: in step mode it would otherwise park
	 * as a blocked acquire that the runtime was never going to wait for. */
	if (!(m->recursive && mine(m)) && order_refused(m))
		return WF_EORDER;
	gate_step(wait ? EV_ACQUIRE : EV_STEP, m->id, NULL, wf_line);
	if (m->recursive && mine(m)) {
		arena_count_add_locked(wf_arena, m->id, CNT_ACQUIRES, 1);
		emit(EV_ACQUIRE, m->id, 0, ++m->depth);
		return 0;
	}
	gate_pass();
	uint64_t waited_ns = 0;
	if (pthread_mutex_trylock(&m->mu) != 0) {
		if (!wait)
			return WF_ETIMEDOUT;
		emit(EV_BLOCK_LOCK, m->id, atomic_load_explicit(&m->owner, memory_order_relaxed), 0);
		uint64_t t0 = clock_ticks();
		pthread_mutex_lock(&m->mu);
		waited_ns = (uint64_t)((double)(clock_ticks() - t0) * clock_ns_per_tick());
		arena_count_add_locked(wf_arena, m->id, CNT_CONTENDED, 1);
		arena_count_add_locked(wf_arena, m->id, CNT_WAIT_NS, waited_ns);
	}
	arena_count_add_locked(wf_arena, m->id, CNT_ACQUIRES, 1);
	mutex_taken(m, depth, waited_ns);
	return 0;
}

int wf_mutex_lock(wf_mutex *m)
{
	return take(m, true, 1);
}

int wf_mutex_trylock(wf_mutex *m)
{
	return take(m, false, 1);
}

void mutex_retake(wf_mutex *m, uint32_t depth)
{
	take(m, true, depth);
}

uint32_t mutex_let_go(wf_mutex *m)
{
	uint32_t depth = mutex_letting_go(m);
	pthread_mutex_unlock(&m->mu);
	return depth;
}

void wf_mutex_unlock(wf_mutex *m)
{
	gate_step(EV_RELEASE, m->id, NULL, wf_line);
	if (m->recursive && m->depth > 1) {
		emit(EV_RELEASE, m->id, 0, --m->depth);
		return;
	}
	mutex_letting_go(m);
	pthread_mutex_unlock(&m->mu);
}
