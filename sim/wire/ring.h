/*
 * ring.h - a single-producer, single-consumer ring of events.
 *
 * Exactly one thread writes a ring (the actor it belongs to) and exactly one
 * reads it (the UI's collector).  head is written only by the producer, tail
 * only by the consumer; they sit on separate cache lines so neither side
 * bounces the other's line on every event.  The producer keeps a private
 * copy of tail and re-reads the shared one only when the ring looks full.
 *
 * A full ring never blocks the producer.  While it is full the producer
 * keeps what does not fit in a short overflow of its own (ring_push_full,
 * off the fast path), coalescing as it goes: an uncontended acquire
 * followed by its release of the same lock, or a send to a coroutine that
 * yields straight back, is counted in one EV_COALESCED; those pairs leave
 * the model as it was, so nothing a panel shows is lost.  Step points an
 * actor passed without parking (a free run being recorded: only their
 * order is kept, for a rerun) are counted apart, in one EV_COALESCED of
 * EV_STEP that goes in first, so they never break a run of pairs.  The overflow goes
 * into the ring, in order and before anything newer, as soon as there is
 * room, or the consumer takes it (ring_take_overflow) once it has read the
 * ring empty, so an actor that stops writing does not keep its last events
 * back.  The overflow is guarded by a spin flag that only the full path and
 * that take ever hold.  Only an event that finds the overflow full too is
 * dropped and counted in `dropped`, which the UI shows.  The ring lives in the shared arena, so a forked
 * process writes it with plain stores.  RING_CAP is a power of two.
 */
#ifndef WEFT_RING_H
#define WEFT_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

#define RING_CAP (1u << 16)
#define RING_MASK (RING_CAP - 1)
#define RING_OVER 64 /* events (and EV_COALESCED counts) kept while the ring is full */

struct ring {
	_Alignas(64) _Atomic uint64_t head; /* next slot to write; producer only */
	uint64_t tail_seen;                 /* producer's last look at tail */
	_Atomic uint64_t dropped;           /* events lost to a full ring (producer writes) */
	/* while full, under over_lock: over[0, nover) in order, then the first
	 * half of a pair waiting for its second (type EV_NONE: none); `kept`
	 * says how many events wait there, for the consumer's quick look */
	_Atomic uint32_t over_lock, kept;
	uint32_t nover;
	struct wf_ev held;
	struct wf_ev steps; /* step points passed unparked (a free run recorded), counted as an
	                       EV_COALESCED of EV_STEP (a = 0: none); they go in first */
	struct wf_ev over[RING_OVER];
	_Alignas(64) _Atomic uint64_t tail; /* next slot to read; consumer only */
	_Alignas(64) struct wf_ev slot[RING_CAP];
};

/* ring_push when the ring looked full: coalesces or drops (see the top of
 * the file); 0, or -1 when ev was dropped (and counted). */
int ring_push_full(struct ring *r, const struct wf_ev *ev);

/* Appends ev; returns 0, or -1 when the ring is full and ev could not be
 * coalesced (it is counted as dropped). Producer side only.  While pairs
 * are being coalesced tail_seen is left stale, so every push takes the
 * slow path until they are in. */
static inline int ring_push(struct ring *r, const struct wf_ev *ev)
{
	uint64_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
	if (__builtin_expect(h - r->tail_seen >= RING_CAP, 0))
		return ring_push_full(r, ev);
	r->slot[h & RING_MASK] = *ev;
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
	return 0;
}

/* Copies up to `max` events into out, oldest first, and frees their slots;
 * returns how many. Consumer side only. */
size_t ring_drain(struct ring *r, struct wf_ev *out, size_t max);

/* When the ring is empty, moves what the producer keeps in its overflow
 * to out (at most RING_OVER + 2 events), oldest first; returns how many.
 * Consumer side only. */
size_t ring_take_overflow(struct ring *r, struct wf_ev *out);

/* Whether the producer keeps events in its overflow (a relaxed look). */
static inline bool ring_kept(const struct ring *r)
{
	return atomic_load_explicit(&((struct ring *)r)->kept, memory_order_relaxed) != 0;
}

/* Events lost to a full ring so far. */
static inline uint64_t ring_dropped(const struct ring *r)
{
	return atomic_load_explicit(&r->dropped, memory_order_relaxed);
}

#endif
