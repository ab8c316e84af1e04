/*
 * gate.c - stepping (see gate.h).
 */
#include <limits.h>
#include <linux/futex.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "gate.h"
#include "imagetext.h"
#include "weft.h"

/* How long a step waits for the collector to take in the step clock's
 * segments before it overwrites them anyway (a reader that stopped). */
#define GATE_ROOM_WAIT_MS 200

_Thread_local int wf_line;

void wf_step(const char *label, int line)
{
	gate_step(EV_STEP, WF_NONE, label, line);
}

static void futex_wake_all(_Atomic uint32_t *word)
{
	syscall(SYS_futex, word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

static void futex_wait(_Atomic uint32_t *word, uint32_t seen, const struct timespec *rel)
{
	syscall(SYS_futex, word, FUTEX_WAIT, seen, rel, NULL, 0);
}

static struct arena_actor *me(void)
{
	return actor_self.id < ARENA_MAX_ACTORS ? &wf_arena->actors[actor_self.id] : NULL;
}

/* This actor stops counting as running; the last one to stop wakes the
 * scheduler waiting for a settled run. */
static void settle(struct arena *a, struct arena_actor *self, uint32_t status)
{
	atomic_store(&self->status, status);
	if (atomic_fetch_sub(&a->ctl.running, 1) == 1)
		futex_wake_all(&a->ctl.running);
}

/* from -> STATUS_RUN, counted once whoever gets there first. */
static bool unsettle(struct arena *a, struct arena_actor *x, uint32_t from)
{
	uint32_t expected = from;
	if (!atomic_compare_exchange_strong(&x->status, &expected, STATUS_RUN))
		return false;
	atomic_fetch_add(&a->ctl.running, 1);
	return true;
}

/* --- the actor's side ---------------------------------------------------- */

void gate_step_point(uint16_t kind, uint16_t obj, const char *label, int line)
{
	uint32_t g = atomic_load_explicit(&wf_arena->ctl.gate, memory_order_relaxed);
	if (__builtin_expect(!(g & (GATE_STEP | GATE_TRACE_STEPS)), 1))
		return;
	struct arena_actor *self = me();
	if (!self || self->free)
		return;
	/* The label, without formatting or a shared cursor on this path: a
	 * primitive's is made by the collector from kind and object, a literal
	 * is read by the UI where it lies (imagetext.h); only another string
	 * is copied into the text ring. */
	uint64_t at = 0, where = STEP_LABEL_MADE;
	size_t len = 0;
	if (label && image_text_holds(label)) {
		at = (uintptr_t)label;
		where = STEP_LABEL_IMAGE;
	} else if (label) {
		len = strnlen(label, STEP_LABEL_LEN_MASK);
		at = arena_text_put(wf_arena, label, len);
		where = 0;
	}
	bool park = g & GATE_STEP;
	self->pending = (struct pending_step){kind, obj, (uint16_t)line};
	if (g & GATE_RECORDING && actor_self.ring) {
		struct wf_ev ev = {clock_ticks(), actor_self.id, EV_STEP, obj, (uint16_t)line, at,
				   STEP_B(len, kind, park) | where};
		ring_push(actor_self.ring, &ev);
	}
	if (!park)
		return;
	uint32_t granted = atomic_load(&self->grant);
	settle(wf_arena, self, STATUS_PARKED);
	while (granted == self->taken) {
		futex_wait(&self->grant, granted, NULL);
		granted = atomic_load(&self->grant);
	}
	self->taken++;
	/* The granter marked us running before it woke us. */
}

void gate_block(void)
{
	struct arena_actor *self = me();
	if (self)
		settle(wf_arena, self, STATUS_BLOCKED);
}

void gate_unblocked(void)
{
	struct arena_actor *self = me();
	/* No-op if a waker did it; a timed wait settled as sleeping. */
	if (self && !unsettle(wf_arena, self, STATUS_BLOCKED))
		unsettle(wf_arena, self, STATUS_SLEEPING);
}

void gate_wake(uint16_t id)
{
	if (id < ARENA_MAX_ACTORS && !unsettle(wf_arena, &wf_arena->actors[id], STATUS_BLOCKED))
		unsettle(wf_arena, &wf_arena->actors[id], STATUS_SLEEPING); /* a timed wait */
}

void gate_reaped(uint16_t id)
{
	if (id >= ARENA_MAX_ACTORS)
		return;
	struct arena_actor *x = &wf_arena->actors[id];
	uint32_t was = atomic_exchange(&x->status, STATUS_DONE);
	if (was == STATUS_RUN && atomic_fetch_sub(&wf_arena->ctl.running, 1) == 1)
		futex_wake_all(&wf_arena->ctl.running);
}

void gate_joining(uint16_t target)
{
	if (target >= ARENA_MAX_ACTORS)
		return;
	struct arena_actor *t = &wf_arena->actors[target];
	atomic_store(&t->joiner, actor_self.id);
	gate_block();
	if (atomic_load(&t->status) == STATUS_DONE) /* it ended before it could see us */
		gate_unblocked();
}

void gate_sleep(int64_t until)
{
	struct arena_actor *self = me();
	if (!self)
		return;
	self->sleep_until = until;
	settle(wf_arena, self, STATUS_SLEEPING);
}

void gate_done(void)
{
	struct arena_actor *self = me();
	if (!self)
		return;
	uint16_t joiner = atomic_load(&self->joiner);
	if (joiner != WF_NONE)
		gate_wake(joiner);
	settle(wf_arena, self, STATUS_DONE);
}

/* --- the UI's or a scheduler's side -------------------------------------- */

bool gate_stepping(const struct arena *a)
{
	return atomic_load(&((struct arena *)a)->ctl.gate) & GATE_STEP;
}

void gate_set_stepping(struct arena *a, bool on, double speed)
{
	struct timebase *tb = &a->ctl.time;
	if (on) {
		timebase_jump(tb, timebase_lesson_ns(tb, (int64_t)clock_mono_ns()), 0);
		atomic_fetch_or(&a->ctl.gate, GATE_STEP);
		return;
	}
	atomic_fetch_and(&a->ctl.gate, ~GATE_STEP);
	uint32_t n = arena_actor_count(a);
	for (uint32_t i = 0; i < n; i++) {
		struct arena_actor *x = &a->actors[i];
		if (unsettle(a, x, STATUS_PARKED)) {
			atomic_fetch_add(&x->grant, 1);
			futex_wake_all(&x->grant);
		}
	}
	timebase_jump(tb, timebase_lesson_ns(tb, (int64_t)clock_mono_ns()), speed);
}

bool gate_settled(const struct arena *a)
{
	/* Before the first actor registers, the run has not begun: a host
	 * just forked has nothing running yet, but will. */
	return arena_actor_count(a) > 0 && atomic_load(&((struct arena *)a)->ctl.running) == 0;
}

bool gate_wait_settled(struct arena *a, int timeout_ms)
{
	uint64_t end = clock_mono_ns() + (uint64_t)timeout_ms * 1000000u;
	for (;;) {
		uint32_t r = atomic_load(&a->ctl.running);
		if (r == 0 && gate_settled(a))
			return true;
		uint64_t now = clock_mono_ns();
		if (now >= end)
			return false;
		uint64_t left = end - now;
		if (left > 1000000 && r == 0) /* not begun: nothing will wake us */
			left = 1000000;
		struct timespec rel = {(time_t)(left / 1000000000u), (long)(left % 1000000000u)};
		futex_wait(&a->ctl.running, r, &rel);
	}
}

/* Why actor x's pending step cannot go now, or NULL when it can. */
static const char *blocked_by(const struct arena *a, const struct arena_actor *x, uint16_t id,
			      char *buf, size_t size)
{
	const struct pending_step *p = &x->pending;
	if (p->obj >= ARENA_MAX_OBJECTS)
		return NULL;
	const struct arena_object *o = &a->objects[p->obj];
	uint32_t level = atomic_load(&((struct arena_object *)o)->level);
	switch (p->type) {
	case EV_ACQUIRE: {
		uint16_t h = atomic_load(&((struct arena_object *)o)->holder);
		if (h == WF_NONE || h == id)
			return NULL;
		snprintf(buf, size, "%s waits for lock %s held by %s", x->name, o->name,
			 h < ARENA_MAX_ACTORS ? a->actors[h].name : "?");
		return buf;
	}
	case EV_PUT:
		if (level < o->capacity || (level & ARENA_LEVEL_SHUT))
			return NULL;
		snprintf(buf, size, "%s waits for room in %s", x->name, o->name);
		return buf;
	case EV_GET:
		if (level > 0) /* an item, or ARENA_LEVEL_SHUT */
			return NULL;
		snprintf(buf, size, "%s waits for an item in %s", x->name, o->name);
		return buf;
	case EV_WAIT:
		if (level > 0 || objkind_get(o->kind)->wait == WAIT_ALWAYS)
			return NULL;
		snprintf(buf, size, "%s waits for %s", x->name, o->name);
		return buf;
	default:
		return NULL;
	}
}

bool gate_enabled(const struct arena *a, uint16_t id)
{
	char buf[8];
	if (id >= arena_actor_count(a))
		return false;
	const struct arena_actor *x = &a->actors[id];
	return atomic_load(&((struct arena_actor *)x)->status) == STATUS_PARKED &&
	       !blocked_by(a, x, id, buf, sizeof buf);
}

int gate_grant(struct arena *a, uint16_t id, char *why, size_t size)
{
	if (id >= arena_actor_count(a)) {
		snprintf(why, size, "there is no actor %u", id);
		return -1;
	}
	struct arena_actor *x = &a->actors[id];
	uint32_t status = atomic_load(&x->status);
	if (status != STATUS_PARKED) {
		static const char *const what[] = {"is running", "", "is blocked", "is sleeping",
						   "has exited"};
		snprintf(why, size, "%s %s", x->name, status <= STATUS_DONE ? what[status] : "?");
		return -1;
	}
	if (blocked_by(a, x, id, why, size))
		return -1;
	struct timebase *tb = &a->ctl.time;
	timebase_wait_room(tb, GATE_ROOM_WAIT_MS);
	timebase_jump(tb, timebase_lesson_ns(tb, (int64_t)clock_mono_ns()) + GATE_QUANTUM_NS, 0);
	uint32_t n = atomic_fetch_add(&a->ctl.grants, 1);
	a->ctl.grant_log[n % GRANT_LOG] = id;
	unsettle(a, x, STATUS_PARKED);
	atomic_fetch_add(&x->grant, 1);
	futex_wake_all(&x->grant);
	return 0;
}

bool gate_advance_clock(struct arena *a)
{
	uint32_t n = arena_actor_count(a);
	int64_t earliest = INT64_MAX;
	for (uint32_t i = 0; i < n; i++)
		if (atomic_load(&a->actors[i].status) == STATUS_SLEEPING &&
		    a->actors[i].sleep_until < earliest)
			earliest = a->actors[i].sleep_until;
	if (earliest == INT64_MAX)
		return false;
	struct timebase *tb = &a->ctl.time;
	timebase_wait_room(tb, GATE_ROOM_WAIT_MS);
	int64_t now = timebase_lesson_ns(tb, (int64_t)clock_mono_ns());
	for (uint32_t i = 0; i < n; i++)
		if (atomic_load(&a->actors[i].status) == STATUS_SLEEPING &&
		    a->actors[i].sleep_until <= earliest)
			unsettle(a, &a->actors[i], STATUS_SLEEPING);
	timebase_jump(tb, earliest > now ? earliest : now, 0); /* wakes the sleepers */
	return true;
}

size_t gate_candidates(const struct arena *a, uint16_t *out, size_t max)
{
	size_t k = 0;
	uint32_t n = arena_actor_count(a);
	for (uint32_t i = 0; i < n && k < max; i++)
		if (gate_enabled(a, (uint16_t)i))
			out[k++] = (uint16_t)i;
	return k;
}
