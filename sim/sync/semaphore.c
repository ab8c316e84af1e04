/*
 * semaphore.c - wf_sem: threading.Semaphore and BoundedSemaphore.
 *
 * A counter guarded by a mutex, with a condition for acquirers.  Release
 * emits EV_NOTIFY with the value after; an acquirer that must wait emits
 * EV_WAIT, and every successful acquire ends with EV_WAKE carrying the value
 * after it.  A bounded semaphore refuses to go above its start value.
 */
#include <errno.h>

#include "actor.h"
#include "gate.h"
#include "lessontime.h"
#include "pshared.h"
#include "weft.h"

struct wf_sem {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned value, initial;
	bool bounded;
	uint16_t id;
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
	s->id = object_register(name, OBJ_SEMAPHORE, bounded ? initial : 0);
	publish(s);
	return s;
}

static bool has_permit(void *s)
{
	return ((wf_sem *)s)->value > 0;
}

int wf_sem_acquire(wf_sem *s, double timeout)
{
	gate_step(timeout < 0 ? EV_WAIT : EV_STEP, s->id, NULL, wf_line);
	int64_t deadline = lessontime_deadline(timeout);
	pthread_mutex_lock(&s->mu);
	if (s->value == 0 && timeout != 0) {
		emit(EV_WAIT, s->id, 0, 0);
		lessontime_wait_for(&s->cv, &s->mu, deadline, has_permit, s);
	}
	int got = s->value > 0;
	if (got)
		s->value--;
	publish(s);
	emit(EV_WAKE, s->id, !got, s->value);
	pthread_mutex_unlock(&s->mu);
	return got ? 0 : WF_ETIMEDOUT;
}

int wf_sem_release(wf_sem *s)
{
	gate_step(EV_NOTIFY, s->id, NULL, wf_line);
	pthread_mutex_lock(&s->mu);
	int r = 0;
	if (s->bounded && s->value >= s->initial) {
		r = WF_EBOUND;
	} else {
		s->value++;
		publish(s);
		pthread_cond_signal(&s->cv);
	}
	emit(EV_NOTIFY, s->id, r == 0, s->value);
	pthread_mutex_unlock(&s->mu);
	return r;
}
