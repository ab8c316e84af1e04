/*
 * ring.c - the consumer side of the event ring (see ring.h).
 */
#include <string.h>

#include "ring.h"

size_t ring_drain(struct ring *r, struct wf_ev *out, size_t max)
{
	uint64_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	uint64_t h = atomic_load_explicit(&r->head, memory_order_acquire);
	size_t n = (size_t)(h - t);
	if (n > max)
		n = max;
	/* At most two runs of slots: up to the end of the array, then from 0. */
	size_t first = RING_CAP - (size_t)(t & RING_MASK);
	if (first > n)
		first = n;
	memcpy(out, &r->slot[t & RING_MASK], first * sizeof *out);
	memcpy(out + first, &r->slot[0], (n - first) * sizeof *out);
	atomic_store_explicit(&r->tail, t + n, memory_order_release);
	return n;
}
