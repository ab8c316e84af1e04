/*
 * fixtures.h - what several tests set up the same way (header only).
 *
 *  - an arena in this process, as the host maps one, with lesson time
 *    running and (if asked) this thread as the lesson's "main" actor, so
 *    wf_* calls emit into a ring the test can drain;
 *  - folding a synthetic event into a model in one line.
 */
#ifndef WEFT_TEST_FIXTURES_H
#define WEFT_TEST_FIXTURES_H

#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "model.h"

/* Maps a fresh arena with lesson time at `speed` (0: the step clock);
 * with `main`, this thread becomes actor 0, "main".  0, or -1. */
static inline int fixture_arena_up(double speed, bool main)
{
	wf_arena = arena_new();
	if (!wf_arena)
		return -1;
	clock_init();
	timebase_start(&wf_arena->ctl.time, speed);
	if (main)
		actor_enter(actor_register("main", AK_PROCESS, WF_NONE));
	return main && actor_self.id != 0 ? -1 : 0;
}

/* Unmaps it; this thread is no actor any more. */
static inline int fixture_arena_down(void)
{
	actor_self = (struct actor_self){NULL, WF_NONE};
	arena_free(wf_arena);
	wf_arena = NULL;
	return 0;
}

/* Folds one event (ts in lesson ns) into m. */
static inline void fixture_fold(model *m, int64_t t, uint16_t actor, uint16_t type, uint16_t obj,
				uint64_t a, uint64_t b, const char *text)
{
	struct wf_ev e = {(uint64_t)t, actor, type, obj, 0, a, b};
	model_fold(m, &e, text);
}

#endif
