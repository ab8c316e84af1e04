/*
 * barrier.c - wf_barrier: threading.Barrier, instrumented.
 *
 * A round counter (`generation`), the number arrived in this round, and
 * the actors waiting in it, under one mutex.  An arrival that does not fill
 * the round emits EV_WAIT (b = arrived so far) and sleeps until the round's
 * generation moves on or the barrier breaks; the arrival that fills it
 * emits EV_NOTIFY (a = WF_ALL, b = rounds passed), starts the next round and
 * wakes the others, each of which emits EV_WAKE (a = 1 when it failed).  As
 * Python's: the arrival index is the return value; a timeout breaks the
 * barrier for every waiter; reset breaks the waiting round and clears.
 * Waiters are actors blocked for real (gate_block), so in step mode the
 * wait itself is always granted and the last arrival's step releases them.
 * Exact counters (arena.h): arrivals and rounds passed.
 *
 * Invariant: 0 <= arrived < parties between calls; waiter[0 .. arrived-1]
 * are the actors waiting in round `generation`.  Every round ends (passes,
 * breaks or is reset) by moving `generation` on, its outcome kept in bit
 * round % 64 of `passed`, so a waiter woken late still reads its own
 * round's outcome.
 */
#include <errno.h>

#include "actor.h"
#include "gate.h"
#include "lessontime.h"
#include "pshared.h"
#include "weft.h"

struct wf_barrier {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned parties, arrived;
	uint64_t generation, rounds_passed;
	uint64_t passed; /* bit g % 64: round g passed (valid once it ended) */
	bool broken;
	uint16_t id;
	uint16_t waiter[]; /* parties slots */
};

wf_barrier *wf_barrier_new(const char *name, unsigned parties, unsigned flags)
{
	if (parties == 0)
		return NULL;
	wf_barrier *b = arena_alloc(wf_arena, sizeof *b + parties * sizeof(uint16_t));
	if (!b || pshared_mutex_init(&b->mu, flags & WF_SHARED) != 0 ||
	    pshared_cond_init(&b->cv, flags & WF_SHARED) != 0)
		return NULL;
	b->parties = parties;
	b->id = object_register(name, OBJ_BARRIER, parties);
	return b->id == WF_NONE ? NULL : b;
}

/* With b->mu held: ends the round, passed or not, and wakes its waiters. */
static void end_round(wf_barrier *b, bool passed)
{
	uint64_t bit = 1ull << (b->generation % 64);
	b->passed = passed ? b->passed | bit : b->passed & ~bit;
	b->generation++;
	for (unsigned i = 0; i < b->arrived; i++)
		gate_wake(b->waiter[i]);
	b->arrived = 0;
	atomic_store(&wf_arena->objects[b->id].level, 0);
	pthread_cond_broadcast(&b->cv);
}

int wf_barrier_wait(wf_barrier *b, double timeout)
{
	gate_step(EV_WAIT, b->id, NULL, wf_line);
	int64_t deadline = lessontime_deadline(timeout);
	pthread_mutex_lock(&b->mu);
	if (b->broken) {
		pthread_mutex_unlock(&b->mu);
		return WF_EBROKEN;
	}
	int index = (int)b->arrived;
	arena_count_add(wf_arena, b->id, CNT_WAITS, 1);
	if (b->arrived + 1 == b->parties) { /* the last: the round passes */
		arena_count_add(wf_arena, b->id, CNT_PASSES, 1);
		emit(EV_NOTIFY, b->id, WF_ALL, ++b->rounds_passed);
		end_round(b, true);
		pthread_mutex_unlock(&b->mu);
		return index;
	}
	uint64_t round = b->generation;
	b->waiter[b->arrived++] = actor_self.id;
	atomic_store(&wf_arena->objects[b->id].level, b->arrived);
	emit(EV_WAIT, b->id, 0, b->arrived);
	if (timeout < 0)
		gate_block();
	else
		gate_sleep(deadline);
	int r = 0;
	while (b->generation == round && r != ETIMEDOUT)
		r = lessontime_cond_wait(&b->cv, &b->mu, deadline);
	if (b->generation == round) { /* timed out: the barrier breaks for all */
		b->broken = true;
		emit(EV_NOTIFY, b->id, 0, b->rounds_passed);
		end_round(b, false);
	}
	bool passed = (b->passed >> (round % 64)) & 1;
	pthread_mutex_unlock(&b->mu);
	gate_unblocked();
	emit(EV_WAKE, b->id, !passed, 0);
	return passed ? index : WF_EBROKEN;
}

void wf_barrier_abort(wf_barrier *b)
{
	pthread_mutex_lock(&b->mu);
	b->broken = true;
	emit(EV_NOTIFY, b->id, 0, b->rounds_passed);
	end_round(b, false);
	pthread_mutex_unlock(&b->mu);
}

void wf_barrier_reset(wf_barrier *b)
{
	pthread_mutex_lock(&b->mu);
	end_round(b, false); /* its waiters, if any, fail; a new round starts clean */
	b->broken = false;
	emit(EV_NOTIFY, b->id, 0, b->rounds_passed);
	pthread_mutex_unlock(&b->mu);
}

unsigned wf_barrier_waiting(wf_barrier *b)
{
	pthread_mutex_lock(&b->mu);
	unsigned n = b->arrived;
	pthread_mutex_unlock(&b->mu);
	return n;
}

bool wf_barrier_broken(wf_barrier *b)
{
	pthread_mutex_lock(&b->mu);
	bool broken = b->broken;
	pthread_mutex_unlock(&b->mu);
	return broken;
}
