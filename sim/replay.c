/*
 * replay.c - see replay.h.
 */
#include <stdlib.h>
#include <string.h>

#include "replay.h"

struct replay {
	struct trace t;
	model *m;
	size_t pos;   /* events [0, pos) are folded into m */
	int64_t now;  /* the playhead */
};

replay *replay_new(struct trace *t)
{
	replay *r = calloc(1, sizeof *r);
	if (!r || !(r->m = model_new())) {
		free(r);
		trace_free(t);
		return NULL;
	}
	r->t = *t;
	memset(t, 0, sizeof *t);
	return r;
}

void replay_free(replay *r)
{
	if (!r)
		return;
	model_free(r->m);
	trace_free(&r->t);
	free(r);
}

const model *replay_model(const replay *r)
{
	return r->m;
}

const struct trace *replay_trace(const replay *r)
{
	return &r->t;
}

int64_t replay_now(const replay *r)
{
	return r->now;
}

int64_t replay_end(const replay *r)
{
	return r->t.nev ? (int64_t)r->t.ev[r->t.nev - 1].ts : 0;
}

size_t replay_position(const replay *r)
{
	return r->pos;
}

/* Folds until every event at or before t is in, starting again when the
 * model is already past t. */
static void fold_to(replay *r, int64_t t)
{
	if (r->pos > 0 && (int64_t)r->t.ev[r->pos - 1].ts > t) {
		model *fresh = model_new();
		if (!fresh)
			return;
		model_free(r->m);
		r->m = fresh;
		r->pos = 0;
	}
	while (r->pos < r->t.nev && (int64_t)r->t.ev[r->pos].ts <= t) {
		model_fold(r->m, &r->t.ev[r->pos], trace_text(&r->t, r->pos));
		r->pos++;
	}
}

void replay_seek(replay *r, int64_t t)
{
	if (t < 0)
		t = 0;
	if (t > replay_end(r))
		t = replay_end(r);
	fold_to(r, t);
	r->now = t;
}

void replay_step(replay *r, int dir)
{
	if (dir > 0) {
		if (r->pos < r->t.nev)
			replay_seek(r, (int64_t)r->t.ev[r->pos].ts);
		return;
	}
	/* Back to the time of the event before the last one folded. */
	size_t back = r->pos >= 2 ? r->pos - 2 : 0;
	int64_t t = r->pos >= 2 ? (int64_t)r->t.ev[back].ts : 0;
	if (r->pos >= 2 && t == (int64_t)r->t.ev[r->pos - 1].ts && back > 0) {
		/* several events at one time: step over them together */
		while (back > 0 && (int64_t)r->t.ev[back - 1].ts == t)
			back--;
		t = back > 0 ? (int64_t)r->t.ev[back - 1].ts : 0;
	}
	replay_seek(r, t);
}
