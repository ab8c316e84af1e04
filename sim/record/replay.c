/*
 * replay.c - see replay.h.
 */
#include <stdlib.h>
#include <string.h>

#include "btrace.h"
#include "replay.h"

/* A copy of the model every REPLAY_EVERY events, so a seek backward folds
 * at most that many events again instead of the whole trace (about 2 ms
 * of folding; a copy is up to a few hundred KiB, so 8 a million events). */
#define REPLAY_EVERY 131072

struct replay {
	struct trace t;
	model *m;
	size_t pos;      /* events [0, pos) are folded into m */
	struct btrace_cursor cur; /* a binary trace's packed events: at event pos */
	int64_t end;     /* ts of the last event */
	int64_t now;     /* the playhead */
	model **check;   /* check[k]: the model after k * REPLAY_EVERY events, or NULL */
	size_t ncheck;
};

/* The ts of event i (a binary trace's: decoded from the mark before it). */
static int64_t ev_ts(const replay *r, size_t i)
{
	if (!r->t.packed)
		return (int64_t)r->t.ev[i].ts;
	struct btrace_cursor c = btrace_at(&r->t, i);
	struct wf_ev ev;
	const char *text;
	return btrace_next(&r->t, &c, &ev, &text) ? (int64_t)ev.ts : 0;
}

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
	if (r->t.nev)
		r->end = ev_ts(r, r->t.nev - 1);
	r->ncheck = r->t.nev / REPLAY_EVERY + 1;
	r->check = calloc(r->ncheck, sizeof *r->check);
	if (!r->check) {
		replay_free(r);
		return NULL;
	}
	return r;
}

void replay_free(replay *r)
{
	if (!r)
		return;
	model_free(r->m);
	for (size_t k = 0; r->check && k < r->ncheck; k++)
		model_free(r->check[k]);
	free(r->check);
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
	return r->end;
}

size_t replay_position(const replay *r)
{
	return r->pos;
}

/* The number of events at or before lesson time t (events are in ts order). */
static size_t events_until(const replay *r, int64_t t)
{
	if (r->t.packed) { /* the last mark not after t, then event by event */
		size_t lo = 0, hi = r->t.nmark;
		while (lo + 1 < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if ((int64_t)r->t.mark[mid].ts <= t)
				lo = mid;
			else
				hi = mid;
		}
		struct btrace_cursor c = btrace_at(&r->t, lo * BTRACE_MARK_EVERY);
		struct wf_ev ev;
		const char *text;
		size_t n = c.i;
		while (btrace_next(&r->t, &c, &ev, &text) && (int64_t)ev.ts <= t)
			n = c.i;
		return n;
	}
	size_t lo = 0, hi = r->t.nev;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((int64_t)r->t.ev[mid].ts <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Starts folding again from checkpoint k (a fresh model when k is 0 and
 * none is kept). */
static void restart_from(replay *r, size_t k)
{
	model *m = r->check[k] ? model_clone(r->check[k]) : model_new();
	if (!m)
		return;
	model_free(r->m);
	r->m = m;
	r->pos = r->check[k] ? k * REPLAY_EVERY : 0;
	if (r->t.packed)
		r->cur = btrace_at(&r->t, r->pos);
}

/* Folds until the first `want` events are in: from where the model is, or
 * from the latest checkpoint at or before the target when that is closer
 * (always when the model is already past it); checkpoints are kept on the
 * way. */
static void fold_count(replay *r, size_t want)
{
	size_t k = want / REPLAY_EVERY;
	while (k > 0 && !r->check[k])
		k--;
	size_t from = r->check[k] ? k * REPLAY_EVERY : 0;
	if (want < r->pos || from > r->pos)
		restart_from(r, k);
	while (r->pos < want) {
		if (r->t.packed) {
			struct wf_ev ev;
			const char *text;
			if (!btrace_next(&r->t, &r->cur, &ev, &text))
				break;
			model_fold(r->m, &ev, text);
		} else {
			model_fold(r->m, &r->t.ev[r->pos], trace_text(&r->t, r->pos));
		}
		r->pos++;
		size_t c = r->pos / REPLAY_EVERY;
		if (r->pos % REPLAY_EVERY == 0 && c < r->ncheck && !r->check[c])
			r->check[c] = model_clone(r->m); /* NULL when out of memory: folded again later */
	}
}

/* Folds until every event at or before t is in. */
static void fold_to(replay *r, int64_t t)
{
	fold_count(r, events_until(r, t));
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
	/* One event, even among several at one time: the playhead moves to
	 * the time of the last one folded. */
	size_t want = dir > 0 ? (r->pos < r->t.nev ? r->pos + 1 : r->pos) : (r->pos ? r->pos - 1 : 0);
	fold_count(r, want);
	r->now = r->pos ? ev_ts(r, r->pos - 1) : 0;
}
