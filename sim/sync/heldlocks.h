/*
 * heldlocks.h - the locks the calling thread holds, for lock-order checks.
 *
 * Thread-local, so it needs no locking; a forked process starts with the
 * forking thread's list, as it starts with the same locks held.  Deeper
 * nesting than HELDLOCKS_MAX is not tracked (checks then see fewer locks).
 */
#ifndef WEFT_HELDLOCKS_H
#define WEFT_HELDLOCKS_H

#include <stdint.h>

#define HELDLOCKS_MAX 32

void heldlocks_push(uint16_t id);
/* Forgets one hold of `id` (the most recent). */
void heldlocks_pop(uint16_t id);
/* The highest object id held, or WF_NONE. */
uint16_t heldlocks_highest(void);

#endif
