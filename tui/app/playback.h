/*
 * playback.h - the controls of `weft replay`: the app's lesson view with a
 * recording instead of a live run.
 *
 * Space plays and pauses, s or . steps one event forward and , one back,
 * Left and Right scrub by ten columns of the timeline, Home and End jump to
 * the start and the end, + and - change the speed.  The playhead moves in
 * lesson time at the replay's speed.
 *
 * A struct playback is the whole state of a replay: the app owns one and
 * passes it in, and playback knows nothing of the app (the timeline's column
 * width is handed to the one action that needs it).
 */
#ifndef WEFT_PLAYBACK_H
#define WEFT_PLAYBACK_H

#include <stdbool.h>
#include <stdint.h>

#include "keymap.h"
#include "replay.h"
#include "widgets.h"

struct playback {
	replay *replay;     /* owned; NULL when the app shows no recording */
	bool playing;       /* the playhead moves */
	uint64_t played_at; /* monotonic ns the playhead last moved */
	double speed;       /* lesson ns per real ns while playing */
};

/* Takes over r, paused at the start, at the speed it was recorded at. */
void playback_init(struct playback *p, replay *r);
/* Frees the replay; p shows no recording afterwards. */
void playback_free(struct playback *p);
/* Does a replay action (ns_per_col: the timeline's lesson ns per column, the
 * scrub step); false when the action is not a replay control. */
bool playback_apply(struct playback *p, enum action act, int64_t ns_per_col);
/* Moves the playhead while playing; true when the frame changed. */
bool playback_tick(struct playback *p);
/* The status bar of a replay, in Chinese when zh. */
void playback_status(const struct playback *p, bool zh, struct status *s);
/* Whether the run played back was stepped (its trace says sched step) and
 * the playhead is before its end: the replay then shows the Source pane
 * with each actor's step, as the live run did until it ended.  False with
 * no replay. */
bool playback_stepped(const struct playback *p);

#endif
