/*
 * ring.h - a single-producer, single-consumer ring of events.
 *
 * Exactly one thread writes a ring (the actor it belongs to) and exactly one
 * reads it (the UI's collector).  head is written only by the producer, tail
 * only by the consumer; they sit on separate cache lines so neither side
 * bounces the other's line on every event.  The producer keeps a private
 * copy of tail and re-reads the shared one only when the ring looks full.
 *
 * A full ring never blocks the producer: the event is dropped and counted in
 * `dropped`, which the UI shows.  The ring lives in the shared arena, so a
 * forked process writes it with plain stores.  RING_CAP is a power of two.
 */
#ifndef WEFT_RING_H
#define WEFT_RING_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

#define RING_CAP (1u << 16)
#define RING_MASK (RING_CAP - 1)

struct ring {
	_Alignas(64) _Atomic uint64_t head; /* next slot to write; producer only */
	uint64_t tail_seen;                 /* producer's last look at tail */
	_Atomic uint64_t dropped;           /* events lost to a full ring (producer writes) */
	_Alignas(64) _Atomic uint64_t tail; /* next slot to read; consumer only */
	_Alignas(64) struct wf_ev slot[RING_CAP];
};

/* Appends ev; returns 0, or -1 when the ring is full (the event is counted
 * as dropped). Producer side only. */
static inline int ring_push(struct ring *r, const struct wf_ev *ev)
{
	uint64_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
	if (h - r->tail_seen >= RING_CAP) {
		r->tail_seen = atomic_load_explicit(&r->tail, memory_order_acquire);
		if (h - r->tail_seen >= RING_CAP) {
			atomic_store_explicit(&r->dropped,
					      atomic_load_explicit(&r->dropped, memory_order_relaxed) + 1,
					      memory_order_relaxed);
			return -1;
		}
	}
	r->slot[h & RING_MASK] = *ev;
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
	return 0;
}

/* Copies up to `max` events into out, oldest first, and frees their slots;
 * returns how many. Consumer side only. */
size_t ring_drain(struct ring *r, struct wf_ev *out, size_t max);

/* Events lost to a full ring so far. */
static inline uint64_t ring_dropped(const struct ring *r)
{
	return atomic_load_explicit(&r->dropped, memory_order_relaxed);
}

#endif
