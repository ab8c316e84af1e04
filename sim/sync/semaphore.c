/*
 * semaphore.c - wf_sem: threading.Semaphore and BoundedSemaphore.
 *
 * A counter guarded by a mutex, with a condition for acquirers.  Release
 * emits EV_NOTIFY with the value after; an acquirer that must wait emits
 * EV_WAIT, and every successful acquire ends with EV_WAKE carrying the value
 * after it.  A bounded semaphore refuses to go above its start value.
 *
 * Waiters are served first come, first served, as Python's are (its
 * release() notifies the oldest waiter of a Condition): each waiter holds
 * a ticket in a slot of the semaphore, and a permit goes to the waiting
 * ticket that is oldest; an acquirer that finds others waiting queues
 * behind them even if a permit is free.  Slots live in the semaphore, so a
 * WF_SHARED one works across processes.
 * Exact counters (arena.h): acquisitions, those that had to wait, the ns waited.
 */
#include <errno.h>

#include "actor.h"
#include "gate.h"
#include "lessontime.h"
#include "pshared.h"
#include "weft.h"

#define SEM_WAITERS ARENA_MAX_ACTORS /* every actor may wait at once */

struct wf_sem {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned value, initial;
	bool bounded;
	uint16_t id;
	unsigned waiting;      /* slots in use */
	uint64_t next_ticket;
	uint64_t slot[SEM_WAITERS]; /* a waiter's ticket, 0: free */
	uint16_t actor[SEM_WAITERS]; /* who holds the ticket */
};

/* The value, mirrored where a scheduler can see it (gate.h). */
static void publish(wf_sem *s)
{
	atomic_store(&wf_arena->objects[s->id].level, s->value);
}

wf_sem *wf_sem_new(const char *name, unsigned initial, bool bounded, unsigned flags)
{
	wf_sem *s = arena_alloc(wf_arena, sizeof *s);
	if (!s || pshared_mutex_init(&s->mu, flags & WF_SHARED) != 0 ||
	    pshared_cond_init(&s->cv, flags & WF_SHARED) != 0)
		return NULL;
	s->value = s->initial = initial;
	s->bounded = bounded;
	s->id = object_register(name, bounded ? OBJ_BSEMAPHORE : OBJ_SEMAPHORE, bounded ? initial : 0);
	if (s->id == WF_NONE)
		return NULL;
	publish(s);
	return s;
}

struct waiter {
	wf_sem *s;
	uint64_t ticket;
};

/* A permit is free and no one who came earlier still waits for it. */
static bool my_turn(void *arg)
{
	const struct waiter *w = arg;
	if (w->s->value == 0)
		return false;
	for (int i = 0; i < SEM_WAITERS; i++)
		if (w->s->slot[i] && w->s->slot[i] < w->ticket)
			return false;
	return true;
}

static uint64_t *take_slot(wf_sem *s)
{
	for (int i = 0; i < SEM_WAITERS; i++)
		if (!s->slot[i]) {
			s->slot[i] = ++s->next_ticket;
			s->actor[i] = actor_self.id;
			s->waiting++;
			return &s->slot[i];
		}
	return NULL;
}

int wf_sem_acquire(wf_sem *s, double timeout)
{
	gate_step(timeout < 0 ? EV_WAIT : EV_STEP, s->id, NULL, wf_line);
	int64_t deadline = lessontime_deadline(timeout);
	pthread_mutex_lock(&s->mu);
	bool got = s->value > 0 && s->waiting == 0;
	bool waited = !got && timeout != 0;
	uint64_t t0 = waited ? clock_mono_ns() : 0; /* a lesson converts no ticks (clock.h) */
	if (waited) {
		uint64_t *slot = take_slot(s);
		if (!slot) {
			pthread_mutex_unlock(&s->mu);
			return WF_ENOMEM;
		}
		struct waiter me = {s, *slot};
		emit(EV_WAIT, s->id, 0, 0);
		got = lessontime_wait_for(&s->cv, &s->mu, deadline, my_turn, &me);
		*slot = 0;
		s->waiting--;
		/* The next in line may now be first with a permit still free. */
		if (s->waiting && s->value > (unsigned)got)
			pthread_cond_broadcast(&s->cv);
	}
	if (got) {
		s->value--;
		arena_count_add(wf_arena, s->id, CNT_ACQUIRES, 1);
		if (waited) {
			arena_count_add(wf_arena, s->id, CNT_CONTENDED, 1);
			arena_count_add(wf_arena, s->id, CNT_WAIT_NS,
					clock_mono_ns() - t0);
		}
	}
	publish(s);
	emit(EV_WAKE, s->id, !got, s->value);
	pthread_mutex_unlock(&s->mu);
	return got ? 0 : WF_ETIMEDOUT;
}

/* Marks the oldest waiter running before it wakes, so a scheduler does
 * not see a settled run in between (gate.h). */
static void wake_oldest(wf_sem *s)
{
	int oldest = -1;
	for (int i = 0; i < SEM_WAITERS; i++)
		if (s->slot[i] && (oldest < 0 || s->slot[i] < s->slot[oldest]))
			oldest = i;
	if (oldest >= 0)
		gate_wake(s->actor[oldest]);
}

int wf_sem_release(wf_sem *s)
{
	gate_step(EV_NOTIFY, s->id, NULL, wf_line);
	pthread_mutex_lock(&s->mu);
	int r = 0;
	if (s->bounded && s->value >= s->initial) {
		r = WF_EBOUND; /* Python's ValueError: an event (a = 0) and a count, no crash */
		arena_count_add(wf_arena, s->id, CNT_REFUSED, 1);
	} else {
		s->value++;
		publish(s);
		if (s->waiting) { /* every waiter looks; only the oldest goes */
			wake_oldest(s);
			pthread_cond_broadcast(&s->cv);
		}
	}
	emit(EV_NOTIFY, s->id, r == 0, s->value);
	pthread_mutex_unlock(&s->mu);
	return r;
}

unsigned wf_sem_waiting(wf_sem *s)
{
	pthread_mutex_lock(&s->mu);
	unsigned n = s->waiting;
	pthread_mutex_unlock(&s->mu);
	return n;
}
