/*
 * heldlocks.h - the locks the calling thread holds, for lock-order checks.
 *
 * Thread-local, so it needs no locking; a forked process starts with the
 * forking thread's list, as it starts with the same locks held.  Deeper
 * nesting than HELDLOCKS_MAX is not tracked (checks then see fewer locks).
 * wf_mutex keeps it only while lock order is checked (wf_lock_order_check,
 * which a lesson turns on before it takes a lock): a lock taken before
 * that is not in it, and letting go of one is no error.
 * Push and the common pop (the lock taken last) are inline: every
 * wf_mutex acquire and release does one.
 */
#ifndef WEFT_HELDLOCKS_H
#define WEFT_HELDLOCKS_H

#include <stdint.h>

#define HELDLOCKS_MAX 32

/* The list: heldlocks_ids[0 .. min(heldlocks_n, MAX) - 1], oldest first. */
extern _Thread_local uint16_t heldlocks_ids[HELDLOCKS_MAX];
extern _Thread_local unsigned heldlocks_n;

static inline void heldlocks_push(uint16_t id)
{
	if (heldlocks_n < HELDLOCKS_MAX)
		heldlocks_ids[heldlocks_n] = id;
	heldlocks_n++;
}

/* heldlocks_pop's other cases: a lock let go out of order, or past MAX. */
void heldlocks_pop_slow(uint16_t id);

/* Forgets one hold of `id` (the most recent). */
static inline void heldlocks_pop(uint16_t id)
{
	unsigned n = heldlocks_n;
	if (__builtin_expect(n - 1 < HELDLOCKS_MAX && heldlocks_ids[n - 1] == id, 1))
		heldlocks_n = n - 1;
	else
		heldlocks_pop_slow(id);
}

/* The highest object id held, or WF_NONE. */
uint16_t heldlocks_highest(void);

#endif
