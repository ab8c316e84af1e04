/*
 * condition.c - wf_cond: threading.Condition, instrumented.
 *
 * As Python builds it: a waiter enters a slot, lets go of the lock, sleeps
 * until a notify marks its slot (or its timeout), then takes the lock back
 * with an ordinary acquire, which may wait for the notifier to let go.
 * Slots carry a ticket: notify marks the waiting slot with the oldest
 * ticket, notify_all every waiting slot, so a notify reaches only actors
 * already waiting when it was sent, in arrival order, and a waiter that
 * timed out has left its slot and cannot swallow one.  Sleepers wait on a
 * futex word the notify bumps (not a pthread condition: its wait takes
 * the mutex back as contended, which costs a wake syscall at every unlock),
 * in lesson-time slices (lessontime.h), so a wake without a mark goes back
 * to sleep.  Slots live in the condition (not on waiters' stacks), so a
 * WF_SHARED condition works across processes.  As in Python, wait and
 * notify are called with the lock held; the condition's own mutex guards
 * the slots, and is held neither while the lock is let go nor when a
 * notify wakes the sleepers (each would make the woken thread block on it
 * again: two more context switches a hand-over).  Exact counters (arena.h): waits and notifies.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "actor.h"
#include "gate.h"
#include "lessontime.h"
#include "mutex.h"
#include "pshared.h"

#define COND_WAITERS 256 /* threads and processes waiting at once (coroutines do not) */

struct slot {
	uint64_t ticket; /* 0: free */
	uint16_t actor;
	bool woken;
};

struct wf_cond {
	pthread_mutex_t mu;
	_Atomic uint32_t seq;   /* bumped by every notify that marked a slot: the futex sleepers wait on */
	bool shared;
	uint64_t next_ticket;
	uint16_t id;
	uint16_t used;  /* slots [used, COND_WAITERS) have never been taken: a notify stops there */
	struct slot slot[COND_WAITERS];
};

wf_cond *wf_cond_new(const char *name, unsigned flags)
{
	wf_cond *c = arena_alloc(wf_arena, sizeof *c);
	bool shared = flags & WF_SHARED;
	if (!c || pshared_mutex_init(&c->mu, shared) != 0)
		return NULL;
	c->shared = shared;
	c->id = object_register(name, OBJ_COND, 0);
	return c->id == WF_NONE ? NULL : c;
}

static struct slot *take_slot(wf_cond *c)
{
	for (int i = 0; i < COND_WAITERS; i++)
		if (c->slot[i].ticket == 0) {
			c->slot[i] = (struct slot){++c->next_ticket, actor_self.id, false};
			if (i >= c->used)
				c->used = (uint16_t)(i + 1);
			return &c->slot[i];
		}
	return NULL;
}

int wf_cond_wait(wf_cond *c, wf_mutex *m, double timeout)
{
	gate_step(EV_WAIT, c->id, NULL, wf_line);
	int64_t deadline = lessontime_deadline(timeout);
	pthread_mutex_lock(&c->mu);
	struct slot *me = take_slot(c);
	if (!me) {
		pthread_mutex_unlock(&c->mu);
		return WF_ENOMEM;
	}
	/* In a slot before the lock is let go: a notify after that sees us.
	 * c->mu is not held while m is let go: the waiter m's release wakes
	 * may go on to notify at once, and would only block on c->mu. */
	pthread_mutex_unlock(&c->mu);
	uint32_t depth = mutex_let_go(m);
	arena_count_add(wf_arena, c->id, CNT_WAITS, 1);
	emit(EV_WAIT, c->id, 0, 0);
	int r = 0;
	pthread_mutex_lock(&c->mu);
	/* A notify may have marked us while m was let go (and found us
	 * running): then we never settle, so a scheduler never sees us
	 * blocked while we can go on. */
	if (!me->woken) {
		if (timeout < 0)
			gate_block();
		else
			gate_sleep(deadline);
	}
	while (!me->woken && r != ETIMEDOUT) {
		/* seq read with c->mu held and the slot unmarked: a notify that
		 * marks it after this bumps seq, so the futex wait returns. */
		uint32_t seen = atomic_load_explicit(&c->seq, memory_order_relaxed);
		pthread_mutex_unlock(&c->mu);
		r = lessontime_futex_wait(&c->seq, seen, c->shared, deadline);
		pthread_mutex_lock(&c->mu);
	}
	bool notified = me->woken;
	me->ticket = 0;
	pthread_mutex_unlock(&c->mu);
	gate_unblocked();
	emit(EV_WAKE, c->id, !notified, 0);
	mutex_retake(m, depth);
	return notified ? 0 : WF_ETIMEDOUT;
}

/* Marks the waiting slots chosen (the oldest, or all) and wakes them. */
static void notify(wf_cond *c, bool all)
{
	gate_step(EV_NOTIFY, c->id, NULL, wf_line);
	arena_count_add(wf_arena, c->id, CNT_NOTIFIES, 1);
	emit(EV_NOTIFY, c->id, all ? WF_ALL : 1, 0);
	pthread_mutex_lock(&c->mu);
	struct slot *oldest = NULL;
	for (int i = 0; i < c->used; i++) {
		struct slot *s = &c->slot[i];
		if (!s->ticket || s->woken)
			continue;
		if (all) {
			s->woken = true;
			gate_wake(s->actor);
		} else if (!oldest || s->ticket < oldest->ticket) {
			oldest = s;
		}
	}
	if (oldest) {
		oldest->woken = true;
		gate_wake(oldest->actor);
	}
	bool marked = all || oldest;
	pthread_mutex_unlock(&c->mu);
	/* After the unlock: a waiter woken while we held c->mu would only
	 * block on it again (two more switches a notify).  The marks were made
	 * under c->mu, so a waiter not yet asleep sees its own before it waits. */
	if (marked) { /* a marked waiter may be any of the sleepers */
		atomic_fetch_add_explicit(&c->seq, 1, memory_order_release);
		syscall(SYS_futex, &c->seq, c->shared ? FUTEX_WAKE : FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	}
}

void wf_cond_notify(wf_cond *c)
{
	notify(c, false);
}

void wf_cond_notify_all(wf_cond *c)
{
	notify(c, true);
}
