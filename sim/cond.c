/*
 * cond.c - wf_cond: threading.Condition, instrumented.
 *
 * Waits are cut into lesson-time slices (lessontime.h), so a wait can wake
 * without a notify.  Each waiter therefore holds a slot with a ticket, and
 * returns only when a notify marked its slot: notify marks the waiting slot
 * with the oldest ticket, notify_all every waiting slot.  A notify thus
 * reaches only actors already waiting when it was sent, in arrival order,
 * and a waiter that timed out has left its slot, so it cannot swallow one.
 * The slots live in the condition itself (not on waiters' stacks), so a
 * WF_SHARED condition works across processes.  As in Python, wait and
 * notify are called with the condition's mutex held, which guards the slots.
 */
#include <errno.h>

#include "actor.h"
#include "lessontime.h"
#include "mutex.h"
#include "pshared.h"

#define COND_WAITERS ARENA_MAX_ACTORS /* every actor may wait at once */

struct slot {
	uint64_t ticket; /* 0: free */
	bool woken;
};

struct wf_cond {
	pthread_cond_t cv;
	uint64_t next_ticket;
	uint16_t id;
	struct slot slot[COND_WAITERS];
};

wf_cond *wf_cond_new(const char *name, unsigned flags)
{
	wf_cond *c = arena_alloc(wf_arena, sizeof *c);
	if (!c || pshared_cond_init(&c->cv, flags & WF_SHARED) != 0)
		return NULL;
	c->id = object_register(name, OBJ_COND, 0);
	return c;
}

static struct slot *take_slot(wf_cond *c)
{
	for (int i = 0; i < COND_WAITERS; i++)
		if (c->slot[i].ticket == 0) {
			c->slot[i] = (struct slot){++c->next_ticket, false};
			return &c->slot[i];
		}
	return NULL;
}

int wf_cond_wait(wf_cond *c, wf_mutex *m, double timeout)
{
	int64_t deadline = lessontime_deadline(timeout);
	struct slot *me = take_slot(c);
	if (!me)
		return WF_ENOMEM;
	uint32_t depth = mutex_letting_go(m);
	emit(EV_WAIT, c->id, 0, 0);
	int r = 0;
	while (!me->woken && r != ETIMEDOUT)
		r = lessontime_cond_wait(&c->cv, mutex_pthread(m), deadline);
	bool notified = me->woken;
	me->ticket = 0;
	emit(EV_WAKE, c->id, !notified, 0);
	mutex_taken(m, depth, 0);
	return notified ? 0 : WF_ETIMEDOUT;
}

void wf_cond_notify(wf_cond *c)
{
	emit(EV_NOTIFY, c->id, 1, 0);
	struct slot *oldest = NULL;
	for (int i = 0; i < COND_WAITERS; i++) {
		struct slot *s = &c->slot[i];
		if (s->ticket && !s->woken && (!oldest || s->ticket < oldest->ticket))
			oldest = s;
	}
	if (oldest) {
		oldest->woken = true;
		pthread_cond_broadcast(&c->cv); /* the marked waiter may be any sleeper */
	}
}

void wf_cond_notify_all(wf_cond *c)
{
	emit(EV_NOTIFY, c->id, WF_ALL, 0);
	for (int i = 0; i < COND_WAITERS; i++)
		if (c->slot[i].ticket)
			c->slot[i].woken = true;
	pthread_cond_broadcast(&c->cv);
}
