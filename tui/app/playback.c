/*
 * playback.c - see playback.h.
 */
#include "clock.h"
#include "i18n.h"
#include "playback.h"

#define SCRUB_COLS 10

static void speed_by(struct app *a, double f)
{
	a->speed *= f;
	if (a->speed < SESSION_SPEED_MIN)
		a->speed = SESSION_SPEED_MIN;
	if (a->speed > SESSION_SPEED_MAX)
		a->speed = SESSION_SPEED_MAX;
}

bool playback_apply(struct app *a, enum action act)
{
	replay *r = a->replay;
	struct timeline_view v = app_view(a);
	switch (act) {
	case ACT_PAUSE:
	case ACT_HOLD:
		a->playing = !a->playing;
		if (a->playing && replay_now(r) >= replay_end(r))
			replay_seek(r, 0); /* play again from the start */
		a->played_at = clock_mono_ns();
		return true;
	case ACT_STEP:
		a->playing = false;
		replay_step(r, 1);
		return true;
	case ACT_BACK_STEP:
		a->playing = false;
		replay_step(r, -1);
		return true;
	case ACT_LEFT:
	case ACT_RIGHT:
		replay_seek(r, replay_now(r) + (act == ACT_LEFT ? -1 : 1) * SCRUB_COLS * v.ns_per_col);
		return true;
	case ACT_HOME:
	case ACT_END:
		replay_seek(r, act == ACT_HOME ? 0 : replay_end(r));
		return true;
	case ACT_FASTER:
	case ACT_SLOWER:
		speed_by(a, act == ACT_FASTER ? 2 : 0.5);
		return true;
	case ACT_RESTART:
		replay_seek(r, 0);
		return true;
	default:
		return false;
	}
}

bool playback_tick(struct app *a)
{
	if (!a->playing)
		return false;
	uint64_t now = clock_mono_ns();
	int64_t dt = (int64_t)((double)(now - a->played_at) * a->speed);
	a->played_at = now;
	replay_seek(a->replay, replay_now(a->replay) + dt);
	if (replay_now(a->replay) >= replay_end(a->replay))
		a->playing = false;
	return true;
}

void playback_status(const struct app *a, struct status *s)
{
	s->mode = tr(M_MODE_REPLAY, a->zh);
	s->mode_style = a->playing ? S_RUNNING : S_ACCENT;
	s->hints = tr(M_HINTS_REPLAY, a->zh);
	s->speed = a->speed;
	s->lesson_ns = replay_now(a->replay);
	s->events = replay_position(a->replay);
}
