/*
 * cond.c - wf_cond: threading.Condition, instrumented.
 *
 * Waits are cut into lesson-time slices (lessontime.h), so a wait can wake
 * without a notify; tokens make sure the caller only returns for a real
 * notify or its timeout: notify hands out one token per waiter at most,
 * notify_all one to every waiter, and a waiter returns once it takes one.
 * As in Python, notify is called with the condition's mutex held, which
 * also guards `waiters` and `tokens`.
 */
#include <errno.h>

#include "actor.h"
#include "lessontime.h"
#include "mutex.h"
#include "pshared.h"

struct wf_cond {
	pthread_cond_t cv;
	uint32_t waiters;  /* actors inside wf_cond_wait */
	uint32_t tokens;   /* notifies not yet taken by a waiter */
	uint16_t id;
};

wf_cond *wf_cond_new(const char *name, unsigned flags)
{
	wf_cond *c = arena_alloc(wf_arena, sizeof *c);
	if (!c || pshared_cond_init(&c->cv, flags & WF_SHARED) != 0)
		return NULL;
	c->id = object_register(name, OBJ_COND, 0);
	return c;
}

int wf_cond_wait(wf_cond *c, wf_mutex *m, double timeout)
{
	int64_t deadline = lessontime_deadline(timeout);
	uint32_t depth = mutex_letting_go(m);
	emit(EV_WAIT, c->id, 0, 0);
	c->waiters++;
	int r = 0;
	while (c->tokens == 0 && r != ETIMEDOUT)
		r = lessontime_cond_wait(&c->cv, mutex_pthread(m), deadline);
	bool notified = c->tokens > 0;
	if (notified)
		c->tokens--;
	c->waiters--;
	emit(EV_WAKE, c->id, !notified, 0);
	mutex_taken(m, depth, 0);
	return notified ? 0 : WF_ETIMEDOUT;
}

void wf_cond_notify(wf_cond *c)
{
	emit(EV_NOTIFY, c->id, 1, 0);
	if (c->tokens < c->waiters) {
		c->tokens++;
		pthread_cond_signal(&c->cv);
	}
}

void wf_cond_notify_all(wf_cond *c)
{
	emit(EV_NOTIFY, c->id, WF_ALL, 0);
	c->tokens = c->waiters;
	pthread_cond_broadcast(&c->cv);
}
