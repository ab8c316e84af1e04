/*
 * replay.h - a recorded run played back: no lesson code runs.
 *
 * A replay folds a trace's events into its own model up to a playhead (a
 * lesson time): forward by folding on, backward by folding again from the
 * nearest checkpoint before the target.  Since the model is a pure function
 * of the events, the frames drawn from it are the live run's frames.
 */
#ifndef WEFT_REPLAY_H
#define WEFT_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"
#include "trace.h"

typedef struct replay replay;

/* A replay of t, which it takes over (t is left empty); the playhead at the
 * start.  NULL when out of memory (t is then freed). */
replay *replay_new(struct trace *t);
void replay_free(replay *r);
const model *replay_model(const replay *r);
const struct trace *replay_trace(const replay *r);
/* The playhead, and the lesson time of the last event. */
int64_t replay_now(const replay *r);
int64_t replay_end(const replay *r);
/* Events folded so far. */
size_t replay_position(const replay *r);
/* Moves the playhead to lesson time t (clamped to the trace). */
void replay_seek(replay *r, int64_t t);
/* Folds one event more (dir > 0) or one less, and moves the playhead to
 * the time of the last one folded: events at one time are stepped one by
 * one. */
void replay_step(replay *r, int dir);

#endif
