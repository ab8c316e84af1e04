/*
 * heldlocks.c - see heldlocks.h.
 */
#include "event.h"
#include "heldlocks.h"

_Thread_local uint16_t heldlocks_ids[HELDLOCKS_MAX];
_Thread_local unsigned heldlocks_n;

void heldlocks_pop_slow(uint16_t id)
{
	unsigned n = heldlocks_n < HELDLOCKS_MAX ? heldlocks_n : HELDLOCKS_MAX;
	for (unsigned i = n; i-- > 0;) {
		if (heldlocks_ids[i] != id)
			continue;
		for (unsigned j = i; j + 1 < heldlocks_n && j + 1 < HELDLOCKS_MAX; j++)
			heldlocks_ids[j] = heldlocks_ids[j + 1];
		heldlocks_n--;
		return;
	}
	/* Not in the list: one of those past MAX, or taken before the
	 * check was on (never pushed). */
	if (heldlocks_n > HELDLOCKS_MAX)
		heldlocks_n--;
}

uint16_t heldlocks_highest(void)
{
	unsigned n = heldlocks_n < HELDLOCKS_MAX ? heldlocks_n : HELDLOCKS_MAX;
	uint16_t top = WF_NONE;
	for (unsigned i = 0; i < n; i++)
		if (top == WF_NONE || heldlocks_ids[i] > top)
			top = heldlocks_ids[i];
	return top;
}
