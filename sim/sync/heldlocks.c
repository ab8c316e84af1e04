/*
 * heldlocks.c - see heldlocks.h.
 */
#include "event.h"
#include "heldlocks.h"

static _Thread_local uint16_t held[HELDLOCKS_MAX];
static _Thread_local unsigned nheld;

void heldlocks_push(uint16_t id)
{
	if (nheld < HELDLOCKS_MAX)
		held[nheld] = id;
	nheld++;
}

void heldlocks_pop(uint16_t id)
{
	unsigned n = nheld < HELDLOCKS_MAX ? nheld : HELDLOCKS_MAX;
	for (unsigned i = n; i-- > 0;) {
		if (held[i] != id)
			continue;
		for (unsigned j = i; j + 1 < n; j++)
			held[j] = held[j + 1];
		break;
	}
	if (nheld)
		nheld--;
}

uint16_t heldlocks_highest(void)
{
	unsigned n = nheld < HELDLOCKS_MAX ? nheld : HELDLOCKS_MAX;
	uint16_t top = WF_NONE;
	for (unsigned i = 0; i < n; i++)
		if (top == WF_NONE || held[i] > top)
			top = held[i];
	return top;
}
