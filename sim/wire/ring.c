/*
 * ring.c - the consumer side of the event ring, and the producer's path
 * while it is full (see ring.h).
 */
#include <stdbool.h>
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

#if defined(__x86_64__) || defined(__i386__)
#define __builtin_ia32_pause_or_nothing() __builtin_ia32_pause()
#else
#define __builtin_ia32_pause_or_nothing() ((void)0)
#endif

static void put(struct ring *r, const struct wf_ev *ev)
{
	uint64_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
	r->slot[h & RING_MASK] = *ev;
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
}

static void count_dropped(struct ring *r, uint64_t n)
{
	atomic_store_explicit(&r->dropped, atomic_load_explicit(&r->dropped, memory_order_relaxed) + n,
			      memory_order_relaxed);
}

/* Whether x may begin a pair that leaves the model as it was. */
static bool pair_first(const struct wf_ev *x)
{
	return (x->type == EV_ACQUIRE && x->a == 0 && x->b == 1) || x->type == EV_CORO_RESUME;
}

/* The pair (x, y) as EV_COALESCED counts it: its kind, or 0 if no pair. */
static uint16_t pair_kind(const struct wf_ev *x, const struct wf_ev *y)
{
	if (x->type == EV_ACQUIRE && y->type == EV_RELEASE && y->b == 0 && y->actor == x->actor &&
	    y->obj == x->obj)
		return EV_ACQUIRE;
	if (x->type == EV_CORO_RESUME && y->type == EV_CORO_YIELD && y->actor == x->a &&
	    y->a == x->actor)
		return EV_CORO_RESUME;
	return 0;
}

/* Keeps ev in the overflow; false when it is full. */
static bool keep(struct ring *r, const struct wf_ev *ev)
{
	if (r->nover == RING_OVER)
		return false;
	r->over[r->nover++] = *ev;
	return true;
}

/* The pair (held, ev) into the overflow: counted in the last EV_COALESCED
 * if it is of the same pair, else in a new one; false when full. */
static bool keep_pair(struct ring *r, const struct wf_ev *ev, uint16_t kind)
{
	const struct wf_ev *x = &r->held;
	uint16_t with = kind == EV_ACQUIRE ? x->obj : (uint16_t)x->a;
	/* Counts after the last kept event are in no order among themselves:
	 * the pair joins its own among the last few (a worker taking turns
	 * with a run-queue lock and its coroutines). */
	for (uint32_t k = r->nover; k > 0 && r->nover - k < 8; k--) {
		struct wf_ev *e = &r->over[k - 1];
		if (e->type != EV_COALESCED)
			break;
		if (e->b == kind && e->actor == x->actor && e->obj == with) {
			e->a++;
			return true;
		}
	}
	(void)ev;
	return keep(r, &(struct wf_ev){x->ts, x->actor, EV_COALESCED, with, x->line, 1, kind});
}

static void over_lock(struct ring *r)
{
	while (atomic_exchange_explicit(&r->over_lock, 1, memory_order_acquire))
		while (atomic_load_explicit(&r->over_lock, memory_order_relaxed))
			__builtin_ia32_pause_or_nothing();
}

static void over_unlock(struct ring *r)
{
	atomic_store_explicit(&r->kept, r->nover + (r->held.type != EV_NONE) + (r->steps.a != 0),
			      memory_order_relaxed);
	atomic_store_explicit(&r->over_lock, 0, memory_order_release);
}

static int push_full(struct ring *r, const struct wf_ev *ev);

int ring_push_full(struct ring *r, const struct wf_ev *ev)
{
	over_lock(r);
	int ok = push_full(r, ev);
	over_unlock(r);
	return ok;
}

size_t ring_take_overflow(struct ring *r, struct wf_ev *out)
{
	if (!ring_kept(r))
		return 0;
	over_lock(r);
	size_t n = 0;
	/* Only once the ring is read empty: what it holds is older.  The
	 * producer cannot write it meanwhile, as its next push takes the full
	 * path (tail_seen stays stale while it keeps events). */
	if (atomic_load_explicit(&r->head, memory_order_relaxed) ==
	    atomic_load_explicit(&r->tail, memory_order_relaxed)) {
		if (r->steps.a)
			out[n++] = r->steps;
		r->steps.a = 0;
		memcpy(out + n, r->over, r->nover * sizeof *out);
		n += r->nover;
		if (r->held.type != EV_NONE)
			out[n++] = r->held;
		r->nover = 0;
		r->held.type = EV_NONE;
	}
	over_unlock(r);
	return n;
}

static int push_full(struct ring *r, const struct wf_ev *ev)
{
	uint64_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
	uint64_t t = atomic_load_explicit(&r->tail, memory_order_acquire);
	uint64_t room = RING_CAP - (h - t);
	uint64_t kept = r->nover + (r->held.type != EV_NONE) + (r->steps.a != 0);
	if (room >= kept + 1) { /* room again: what was kept goes first */
		if (r->steps.a)
			put(r, &r->steps);
		r->steps.a = 0;
		for (uint32_t i = 0; i < r->nover; i++)
			put(r, &r->over[i]);
		if (r->held.type != EV_NONE)
			put(r, &r->held);
		r->nover = 0;
		r->held.type = EV_NONE;
		put(r, ev);
		r->tail_seen = t;
		return 0;
	}
	if (ev->type == EV_STEP && !STEP_PARKED(ev->b)) { /* only its place in the order counts */
		if (r->steps.a && r->steps.actor != ev->actor && !keep(r, &r->steps)) {
			count_dropped(r, r->steps.a);
			r->steps.a = 0;
		} else if (r->steps.a && r->steps.actor != ev->actor) {
			r->steps.a = 0;
		}
		if (!r->steps.a)
			r->steps = (struct wf_ev){ev->ts, ev->actor, EV_COALESCED, WF_NONE, ev->line, 0, EV_STEP};
		r->steps.a++;
		return 0;
	}
	if (r->held.type != EV_NONE) {
		uint16_t kind = pair_kind(&r->held, ev);
		bool ok = kind ? keep_pair(r, ev, kind) : keep(r, &r->held);
		if (!ok)
			count_dropped(r, kind ? 2 : 1);
		r->held.type = EV_NONE;
		if (kind)
			return ok ? 0 : -1;
	}
	if (pair_first(ev)) {
		r->held = *ev;
		return 0;
	}
	if (keep(r, ev))
		return 0;
	count_dropped(r, 1);
	return -1;
}
