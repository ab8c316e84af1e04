/*
 * gate.h - stepping: each actor's gate, and who may pass it.
 *
 * A step point is where an actor is about to do something another actor
 * could see: take or let go of a lock, put or get, wait, notify, sleep, or a
 * lesson's own WF_STEP.  In RUN mode a step point costs one load of the gate
 * word.  In STEP mode (GATE_STEP) the actor publishes its pending step
 * (kind, object, source line, label) as an EV_STEP, parks, and sleeps on its
 * own grant word until the UI or a scheduler grants it exactly one step.
 *
 * The step contract: spawning is not a step; the lesson's main (a "free"
 * actor) never parks unless the lesson opts it in; a worker's first pending
 * step is its first step point in lesson code; exiting is not a step.
 *
 * For a scheduler to choose, the run must be settled: every actor parked,
 * blocked (only another actor can end it), sleeping or done, none running.
 * Actors keep their status in the arena and count themselves in
 * ctl.running; whoever wakes a blocked actor marks it running first, so a
 * settled run stays settled until the next grant.  A pending step is
 * enabled when it can go at once: a lock that is free, a queue with room or
 * items, a semaphore with a permit, an event that is set; a grant is refused
 * otherwise, so a blocked acquire is shown blocked and waits, parked, for
 * the holder's release.
 *
 * Lesson time in STEP mode is a step clock: it stands still, moves
 * GATE_QUANTUM_NS with each grant, and jumps to the earliest sleeper's
 * deadline when nothing else can run, so a stepped run is the same run
 * every time, down to its timestamps.
 */
#ifndef WEFT_GATE_H
#define WEFT_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "arena.h"

#define GATE_QUANTUM_NS 1000000 /* lesson time one step takes in step mode */

/* --- the actor's side ---------------------------------------------------- */

/* The source line of the current wf_* call (set by weft.h's macros). */
extern _Thread_local int wf_line;

/* gate_step once the gate word says step mode or traced steps are on. */
void gate_step_point(uint16_t kind, uint16_t obj, const char *label, int line);
/* True when a step point does anything (step mode, or a recorded free run
 * that keeps the order of steps): one relaxed load of the gate word. */
static inline bool gate_steps(void)
{
	uint32_t g = atomic_load_explicit(&wf_arena->ctl.gate, memory_order_relaxed);
	return __builtin_expect((g & (GATE_STEP | GATE_TRACE_STEPS)) != 0, 0);
}

/* A step point: `kind` is the step's event type (EV_ACQUIRE, EV_PUT,
 * EV_GET, EV_WAIT on a semaphore or event) or EV_STEP for one that is
 * always enabled; label NULL means "kind obj" is made up.  Inline: in RUN
 * mode it is the one relaxed load of the gate word. */
static inline void gate_step(uint16_t kind, uint16_t obj, const char *label, int line)
{
	if (gate_steps())
		gate_step_point(kind, obj, label, line);
}
/* Around a real blocking call that another actor ends (condition wait,
 * join): before it, and after it returns (also after a timed wait that
 * began with gate_sleep). */
void gate_block(void);
void gate_unblocked(void);
/* Before joining actor `target`: blocked until it is done. */
void gate_joining(uint16_t target);
/* Marks actor `id`, blocked (or in a timed wait), as running again: call
 * before waking it. */
void gate_wake(uint16_t id);
/* Actor `id` was ended from outside (killed, then reaped by a join). */
void gate_reaped(uint16_t id);
/* Around wf_sleep. */
void gate_sleep(int64_t until);
/* The calling actor is ending (actor_leave). */
void gate_done(void);

/* --- the UI's or a scheduler's side -------------------------------------- */

/* Turns step mode on or off.  On freezes lesson time and makes actors park
 * at their next step point; off lets every parked actor go once and starts
 * lesson time again at `speed`. */
void gate_set_stepping(struct arena *a, bool on, double speed);
bool gate_stepping(const struct arena *a);
/* True when the run has begun (an actor registered) and no actor is
 * running: each is parked, blocked, sleeping or done. */
bool gate_settled(const struct arena *a);
/* Waits up to timeout_ms for the run to settle; true if it did. */
bool gate_wait_settled(struct arena *a, int timeout_ms);
/* True when actor id is parked at a step that can go now. */
bool gate_enabled(const struct arena *a, uint16_t id);
/* Grants actor id one step.  0, or -1 with a short reason ("T2 is not at a
 * step", "T2 waits for lock A held by T1") in why. */
int gate_grant(struct arena *a, uint16_t id, char *why, size_t size);
/* Moves the step clock to the earliest sleeper's deadline and wakes it;
 * false when nobody sleeps. */
bool gate_advance_clock(struct arena *a);
/* Every actor that may take a step now, in id order; returns how many. */
size_t gate_candidates(const struct arena *a, uint16_t *out, size_t max);

#endif
