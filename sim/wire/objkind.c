/*
 * objkind.c - the table of object kinds (see objkind.h), built from
 * OBJKIND_LIST so that it cannot disagree with the enum.
 */
#include <string.h>

#include "objkind.h"

static const struct objkind kinds[OBJ_KIND_COUNT] = {
#define OBJKIND_ROW(sym, id_, en_, zh_, shape_, wait_, c0, c1, c2, c3) \
	[OBJ_##sym] = {id_, en_, zh_, shape_, wait_, {c0, c1, c2, c3}},
	OBJKIND_LIST(OBJKIND_ROW)
#undef OBJKIND_ROW
};

static const struct objkind unknown = {"object", "object", "对象", 0, WAIT_ALWAYS, {"", "", "", ""}};

const struct objkind *objkind_get(unsigned kind)
{
	return kind > OBJ_NONE && kind < OBJ_KIND_COUNT ? &kinds[kind] : &unknown;
}

unsigned objkind_find(const char *id)
{
	for (unsigned k = OBJ_NONE + 1; id && k < OBJ_KIND_COUNT; k++)
		if (strcmp(kinds[k].id, id) == 0)
			return k;
	return OBJ_NONE;
}
