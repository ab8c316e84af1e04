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
	for (size_t i = 0; i < n; i++)
		out[i] = r->slot[(t + i) & RING_MASK];
	atomic_store_explicit(&r->tail, t + n, memory_order_release);
	return n;
}
