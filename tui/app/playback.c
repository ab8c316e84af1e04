/*
 * playback.c - see playback.h.
 */
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "playback.h"
#include "session.h"

#define SCRUB_COLS 10

void playback_init(struct playback *p, replay *r)
{
	p->replay = r;
	p->playing = false;
	p->played_at = 0;
	p->speed = replay_trace(r)->h.speed;
}

void playback_free(struct playback *p)
{
	replay_free(p->replay);
	p->replay = NULL;
	p->playing = false;
}

static void speed_by(struct playback *p, double f)
{
	p->speed *= f;
	if (p->speed < SESSION_SPEED_MIN)
		p->speed = SESSION_SPEED_MIN;
	if (p->speed > SESSION_SPEED_MAX)
		p->speed = SESSION_SPEED_MAX;
}

bool playback_apply(struct playback *p, enum action act, int64_t ns_per_col)
{
	replay *r = p->replay;
	switch (act) {
	case ACT_PAUSE:
	case ACT_HOLD:
		p->playing = !p->playing;
		if (p->playing && replay_now(r) >= replay_end(r))
			replay_seek(r, 0); /* play again from the start */
		p->played_at = clock_mono_ns();
		return true;
	case ACT_STEP:
		p->playing = false;
		replay_step(r, 1);
		return true;
	case ACT_BACK_STEP:
		p->playing = false;
		replay_step(r, -1);
		return true;
	case ACT_LEFT:
	case ACT_RIGHT:
		replay_seek(r, replay_now(r) + (act == ACT_LEFT ? -1 : 1) * SCRUB_COLS * ns_per_col);
		return true;
	case ACT_HOME:
	case ACT_END:
		replay_seek(r, act == ACT_HOME ? 0 : replay_end(r));
		return true;
	case ACT_FASTER:
	case ACT_SLOWER:
		speed_by(p, act == ACT_FASTER ? 2 : 0.5);
		return true;
	case ACT_RESTART:
		replay_seek(r, 0);
		return true;
	default:
		return false;
	}
}

bool playback_tick(struct playback *p)
{
	if (!p->playing)
		return false;
	uint64_t now = clock_mono_ns();
	int64_t dt = (int64_t)((double)(now - p->played_at) * p->speed);
	p->played_at = now;
	replay_seek(p->replay, replay_now(p->replay) + dt);
	if (replay_now(p->replay) >= replay_end(p->replay))
		p->playing = false;
	return true;
}

bool playback_stepped(const struct playback *p)
{
	/* the live run's step mode ended with the run: at the end, its text again */
	return p->replay && strcmp(replay_trace(p->replay)->h.sched, "step") == 0 &&
	       replay_position(p->replay) < replay_trace(p->replay)->nev;
}

void playback_status(const struct playback *p, bool zh, struct status *s)
{
	s->mode = tr(M_MODE_REPLAY, zh);
	s->mode_style = p->playing ? S_RUNNING : S_ACCENT;
	s->hints = tr(M_HINTS_REPLAY, zh);
	s->speed = p->speed;
	s->lesson_ns = replay_now(p->replay);
	s->events = replay_position(p->replay);
	s->dropped = model_dropped(replay_model(p->replay)); /* lost when it was recorded, so far */
}
