/*
 * event.c - wf_event: threading.Event, a flag actors can wait for.
 *
 * set() wakes every waiter and keeps the flag set until clear(); a waiter
 * emits EV_WAIT only when it really has to wait, and EV_WAKE when it stops.
 * Exact counters (arena.h): sets, and waits that had to wait.
 */
#include <errno.h>

#include "actor.h"
#include "gate.h"
#include "lessontime.h"
#include "pshared.h"
#include "weft.h"

struct wf_event {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool set;
	uint16_t id;
};

wf_event *wf_event_new(const char *name, unsigned flags)
{
	wf_event *e = arena_alloc(wf_arena, sizeof *e);
	if (!e || pshared_mutex_init(&e->mu, flags & WF_SHARED) != 0 ||
	    pshared_cond_init(&e->cv, flags & WF_SHARED) != 0)
		return NULL;
	e->id = object_register(name, OBJ_EVENT, 0);
	return e->id == WF_NONE ? NULL : e;
}

/* The flag, mirrored where a scheduler can see it (gate.h). */
static void publish(wf_event *e)
{
	atomic_store(&wf_arena->objects[e->id].level, e->set);
}

static bool is_set(void *e)
{
	return ((wf_event *)e)->set;
}

void wf_event_set(wf_event *e)
{
	gate_step(EV_NOTIFY, e->id, NULL, wf_line);
	pthread_mutex_lock(&e->mu);
	e->set = true;
	arena_count_add(wf_arena, e->id, CNT_SETS, 1);
	publish(e);
	emit(EV_NOTIFY, e->id, WF_ALL, 1);
	pthread_cond_broadcast(&e->cv);
	pthread_mutex_unlock(&e->mu);
}

void wf_event_clear(wf_event *e)
{
	pthread_mutex_lock(&e->mu);
	e->set = false;
	publish(e);
	emit(EV_NOTIFY, e->id, 0, 0);
	pthread_mutex_unlock(&e->mu);
}

bool wf_event_is_set(wf_event *e)
{
	pthread_mutex_lock(&e->mu);
	bool set = e->set;
	pthread_mutex_unlock(&e->mu);
	return set;
}

int wf_event_wait(wf_event *e, double timeout)
{
	gate_step(timeout < 0 ? EV_WAIT : EV_STEP, e->id, NULL, wf_line);
	int64_t deadline = lessontime_deadline(timeout);
	pthread_mutex_lock(&e->mu);
	if (!e->set && timeout != 0) {
		arena_count_add(wf_arena, e->id, CNT_WAITS, 1);
		emit(EV_WAIT, e->id, 0, 0);
		lessontime_wait_for(&e->cv, &e->mu, deadline, is_set, e);
		emit(EV_WAKE, e->id, !e->set, 0);
	}
	bool set = e->set;
	pthread_mutex_unlock(&e->mu);
	return set ? 0 : WF_ETIMEDOUT;
}
