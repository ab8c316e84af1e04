/*
 * actor.h - who is running this code, and the emit path.
 *
 * Each thread or process of a lesson is an actor: an id handed out by the
 * arena, an entry in its actor table and a ring of its own.  The calling
 * thread's actor lives in thread-local storage (`actor_self`); a thread that
 * is not an actor (none in a lesson) emits nothing and counts an orphan.
 *
 * emit() is on every lock operation of every lesson, so it is inline and
 * does only this: pass the gate (one relaxed load of ctl.gate, which says
 * both "recording" and "held"), take a timestamp, store 32 bytes into the
 * actor's own ring.  When no one records, emit() returns after that one
 * load, before the timestamp.
 */
#ifndef WEFT_ACTOR_H
#define WEFT_ACTOR_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "event.h"

struct actor_self {
	struct ring *ring; /* NULL when this thread is not an actor */
	uint16_t id;
};

/* The arena of the current run; set in the UI before the host is forked. */
extern struct arena *wf_arena;
extern _Thread_local struct actor_self actor_self;

/* Waits while the UI holds every actor (pause); returns whether events are
 * recorded once it lets go. */
bool gate_wait(void);

/* Passes the gate; returns true when the caller's event is to be written.
 * Recording and running: one relaxed load and a compare.  No one
 * recording: false at once.  Held: waits until let go. */
static inline bool gate_pass(void)
{
	uint32_t g = atomic_load_explicit(&wf_arena->ctl.gate, memory_order_relaxed);
	if (__builtin_expect((g & ~GATE_RECORDING) != 0, 0)) {
		if (!(g & GATE_HOLD))
			return g & GATE_RECORDING; /* other bits (step mode) do not stop an event */
		return gate_wait();
	}
	/* Recording or not, both fall through here: when no one records the
	 * caller's store is skipped by one forward branch (bench: event-emit-off). */
	return g == GATE_RECORDING;
}

/* Stores the event in the caller's ring, timestamp taken now; no gate. */
static inline void emit_store(uint16_t actor, uint16_t type, uint16_t obj, uint64_t a, uint64_t b)
{
	struct ring *r = actor_self.ring;
	if (__builtin_expect(r == NULL, 0)) {
		if (wf_arena)
			atomic_fetch_add_explicit(&wf_arena->ctl.dropped_orphan, 1, memory_order_relaxed);
		return;
	}
	struct wf_ev ev = {clock_ticks(), actor, type, obj, 0, a, b};
	ring_push(r, &ev);
}

/* Writes an event on behalf of `actor` into the caller's ring (a parent
 * reporting its child's exit) if events are recorded; never waits. */
static inline void emit_for(uint16_t actor, uint16_t type, uint16_t obj, uint64_t a, uint64_t b)
{
	if (wf_arena && !(atomic_load_explicit(&wf_arena->ctl.gate, memory_order_relaxed) & GATE_RECORDING))
		return;
	emit_store(actor, type, obj, a, b);
}

/* Passes the gate, then writes an event for the calling actor. */
static inline void emit(uint16_t type, uint16_t obj, uint64_t a, uint64_t b)
{
	if (gate_pass())
		emit_store(actor_self.id, type, obj, a, b);
}

/* Hands out the next actor id and fills its table entry; WF_NONE when the
 * table is full (refused: the lesson is stopped, arena.h). */
uint16_t actor_register(const char *name, uint8_t kind, uint16_t parent);
/* Makes the calling thread actor `id`: binds its ring, records pid and tid,
 * emits EV_SPAWN. */
void actor_enter(uint16_t id);
/* Emits EV_EXIT for the calling actor and marks it exited. */
void actor_leave(int status);
/* Registers a new object and emits EV_OBJ_NEW; returns its id, or WF_NONE
 * when the table is full (refused: the lesson is stopped, arena.h): the
 * primitive then fails its _new with NULL. */
uint16_t object_register(const char *name, uint8_t kind, uint32_t capacity);

#endif
