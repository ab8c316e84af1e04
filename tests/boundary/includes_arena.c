/*
 * includes_arena.c - a lesson that reaches past weft.h into the arena.
 * Built with the lessons' include path (sim/api/ only) it must not
 * compile: test lesson_boundary expects this build to fail.
 */
#include "weft.h"
#include "lesson.h"
#include "arena.h"

int boundary_probe(void)
{
	return (int)sizeof(struct arena);
}
