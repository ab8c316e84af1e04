/*
 * playback.h - the controls of `weft replay`: the app's lesson view with a
 * recording instead of a live run.
 *
 * Space plays and pauses, s or . steps one event forward and , one back,
 * Left and Right scrub by ten columns of the timeline, Home and End jump to
 * the start and the end, + and - change the speed.  The playhead moves in
 * lesson time at the replay's speed.
 */
#ifndef WEFT_PLAYBACK_H
#define WEFT_PLAYBACK_H

#include <stdbool.h>

#include "app.h"

/* Does a replay action; false when the action is not a replay control. */
bool playback_apply(struct app *a, enum action act);
/* Moves the playhead while playing; true when the frame changed. */
bool playback_tick(struct app *a);
/* The status bar of a replay. */
void playback_status(const struct app *a, struct status *s);

#endif
