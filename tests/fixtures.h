/*
 * fixtures.h - what several tests set up the same way (header only).
 *
 *  - an arena in this process, as the host maps one, with lesson time
 *    running and (if asked) this thread as the lesson's "main" actor, so
 *    wf_* calls emit into a ring the test can drain;
 *  - folding a synthetic event into a model in one line;
 *  - a collector that records what it folds, to read back in fold order.
 */
#ifndef WEFT_TEST_FIXTURES_H
#define WEFT_TEST_FIXTURES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "collector.h"
#include "host.h"
#include "model.h"
#include "trace.h"

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

/* Polls h until its host has ended, at most `seconds` (a hung host fails
 * the test instead of hanging it); true when it ended. */
static inline bool fixture_host_wait(struct host *h, int seconds)
{
	for (long i = 0; i < seconds * 1000L; i++) {
		if (host_poll(h))
			return true;
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	}
	return false;
}

/* A collector of wf_arena folding into a fresh model and recording every
 * event it folds, in fold order, to a trace file named after `tag`. */
struct fixture_recorder {
	model *m;
	collector *c;
	trace_writer *w;
	char path[96];
	struct trace t;  /* what fixture_recorded read back */
};

/* 0, or -1 (nothing is left to free but what _down frees). */
static inline int fixture_recorder_up(struct fixture_recorder *r, const char *tag)
{
	memset(r, 0, sizeof *r);
	r->m = model_new();
	r->c = r->m ? collector_new(wf_arena, r->m) : NULL;
	snprintf(r->path, sizeof r->path, "/tmp/weft-test-%s-%d", tag, (int)getpid());
	struct trace_header h = {"test", "", "", 1.0, "free", 0};
	char err[160];
	r->w = trace_create(r->path, &h, err, sizeof err);
	if (!r->c || !r->w)
		return -1;
	collector_record(r->c, r->w);
	timebase_keep_from(&wf_arena->ctl.time, 0); /* as the session does: read from the start */
	return 0;
}

/* Stops recording and reads the trace back; NULL if it does not read. */
static inline const struct trace *fixture_recorded(struct fixture_recorder *r)
{
	char err[160];
	collector_record(r->c, NULL);
	int closed = trace_close(r->w);
	r->w = NULL;
	if (closed < 0 || trace_load(r->path, &r->t, err, sizeof err) < 0)
		return NULL;
	return &r->t;
}

static inline void fixture_recorder_down(struct fixture_recorder *r)
{
	collector_free(r->c);
	model_free(r->m);
	trace_close(r->w);
	trace_free(&r->t);
	unlink(r->path);
}

#endif
