/*
 * model_loop.c - the event loops and their tasks, folded from the loop's
 * events (see model.h): for each loop the callbacks it ran (a labelled
 * block each on its lane), its ready-queue length over time, the timers
 * pending with their due times; for each task its latest state and what it
 * waits on.
 *
 * Invariants, as the rest of the model: a pure function of the events;
 * bounded memory (callbacks and the ready series merge their older half
 * pairwise when full, so recent history stays exact; timers, tasks, loops
 * and names are capped tables, whatever does not fit is ignored and
 * counted by the caller); pointers handed out live until the next fold.
 */
#include <stdlib.h>
#include <string.h>

#include "task_state.h"
#include "model_loop.h"
#include "namecopy.h"
#include "model_series.h"

struct loop_rec {
	struct model_loop pub;
	struct model_callback *cb;
	size_t cb_cap;
	struct model_sample *ready;
	size_t ready_cap;
	struct model_timer timer[MODEL_TIMER_MAX];
};

struct mloop {
	struct loop_rec *loop[MODEL_LOOP_MAX];
	size_t nloops;
	struct model_task task[MODEL_TASK_MAX];
	size_t ntasks;
	char name[MODEL_NAMES_MAX][MODEL_NAME_MAX];
	size_t nnames;
};

#define NAME_NONE 0xffffu

static uint16_t intern(struct mloop *ml, const char *text)
{
	if (!text)
		return NAME_NONE;
	char cut[MODEL_NAME_MAX];
	name_copy(cut, sizeof cut, text); /* names are compared as they are kept */
	for (size_t i = 0; i < ml->nnames; i++)
		if (strcmp(ml->name[i], cut) == 0)
			return (uint16_t)i;
	if (ml->nnames == MODEL_NAMES_MAX)
		return NAME_NONE;
	memcpy(ml->name[ml->nnames], cut, sizeof cut);
	return (uint16_t)ml->nnames++;
}

static struct loop_rec *loop_of(struct mloop *ml, uint16_t obj)
{
	for (size_t i = 0; i < ml->nloops; i++)
		if (ml->loop[i]->pub.obj == obj)
			return ml->loop[i];
	if (ml->nloops == MODEL_LOOP_MAX)
		return NULL;
	struct loop_rec *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->pub.obj = obj;
	l->pub.actor = WF_NONE;
	l->pub.longest_name = NAME_NONE;
	ml->loop[ml->nloops++] = l;
	return l;
}

/* Grows an array of `size`-byte elements to hold one more, up to max;
 * false when it is at max or out of memory (the caller merges then). */
static bool grow(void **v, size_t *cap, size_t len, size_t size, size_t max)
{
	if (len < *cap)
		return true;
	if (*cap >= max)
		return false;
	size_t want = *cap ? *cap * 2 : 64;
	if (want > max)
		want = max;
	void *p = realloc(*v, want * size);
	if (!p)
		return false;
	*v = p;
	*cap = want;
	return true;
}

/* Merges the older half of the callbacks pairwise: each pair becomes one
 * block spanning both, named after the longer. */
static size_t cb_compact(struct model_callback *v, size_t len)
{
	size_t old = (len / 2) & ~(size_t)1, n = 0;
	for (size_t i = 0; i < len; i += i < old ? 2 : 1) {
		struct model_callback keep = v[i];
		if (i < old) {
			if (v[i + 1].t1 - v[i + 1].t0 > v[i].t1 - v[i].t0)
				keep.name = v[i + 1].name;
			keep.t1 = v[i + 1].t1;
		}
		v[n++] = keep;
	}
	return n;
}

static int cb_begin(struct loop_rec *l, uint16_t name, int64_t t)
{
	struct model_loop *p = &l->pub;
	if (!grow((void **)&l->cb, &l->cb_cap, p->cb_len, sizeof *l->cb, MODEL_CALLBACK_MAX)) {
		if (!p->cb_len)
			return -1;
		p->cb_len = cb_compact(l->cb, p->cb_len);
	}
	l->cb[p->cb_len++] = (struct model_callback){t, -1, name};
	p->cb = l->cb;
	p->callbacks++;
	return 0;
}

static void cb_end(struct loop_rec *l, int64_t t)
{
	struct model_loop *p = &l->pub;
	if (!p->cb_len || l->cb[p->cb_len - 1].t1 >= 0)
		return;
	struct model_callback *c = &l->cb[p->cb_len - 1];
	c->t1 = t;
	if (t - c->t0 > p->longest_ns) {
		p->longest_ns = t - c->t0;
		p->longest_name = c->name;
	}
}

static int ready_push(struct loop_rec *l, uint32_t ready, int64_t t)
{
	struct model_loop *p = &l->pub;
	size_t len = p->ready_len;
	if (len && l->ready[len - 1].depth == ready)
		return 0;
	if (len && l->ready[len - 1].t == t) {
		l->ready[len - 1].depth = ready;
		return 0;
	}
	if (!grow((void **)&l->ready, &l->ready_cap, len, sizeof *l->ready, MODEL_SERIES_MAX)) {
		if (!len)
			return -1;
		len = series_compact(l->ready, len);
	}
	l->ready[len++] = (struct model_sample){t, ready};
	p->ready_series = l->ready;
	p->ready_len = len;
	return 0;
}

static int timer_add(struct loop_rec *l, uint64_t id, int64_t due, uint16_t name)
{
	struct model_loop *p = &l->pub;
	if (p->timer_len == MODEL_TIMER_MAX)
		return -1;
	size_t at = p->timer_len;
	while (at > 0 && l->timer[at - 1].due > due) /* equal dues stay in scheduling order */
		at--;
	memmove(l->timer + at + 1, l->timer + at, (p->timer_len - at) * sizeof *l->timer);
	l->timer[at] = (struct model_timer){id, due, name};
	p->timer_len++;
	p->timer = l->timer;
	return 0;
}

static void timer_done(struct loop_rec *l, uint64_t id)
{
	struct model_loop *p = &l->pub;
	for (size_t i = 0; i < p->timer_len; i++) {
		if (l->timer[i].id == id) {
			memmove(l->timer + i, l->timer + i + 1, (p->timer_len - i - 1) * sizeof *l->timer);
			p->timer_len--;
			return;
		}
	}
}

static struct model_task *task_find(struct mloop *ml, uint64_t actor)
{
	for (size_t i = 0; i < ml->ntasks; i++)
		if (ml->task[i].actor == actor)
			return &ml->task[i];
	return NULL;
}

/* The task tree: `awaiter` awaits task `actor` (EV_TASK_AWAIT, or an
 * EV_TASK that waits on TW_TASK).  -1 when the awaited task is unknown. */
static int task_awaited(struct mloop *ml, uint64_t actor, uint16_t awaiter)
{
	struct model_task *k = task_find(ml, actor);
	if (!k || actor == awaiter)
		return -1;
	k->awaiter = awaiter;
	return 0;
}

static int task_set(struct mloop *ml, const struct wf_ev *ev, int64_t t)
{
	struct model_task *k = task_find(ml, ev->a);
	if (!k) {
		if (ml->ntasks == MODEL_TASK_MAX || ev->a >= WF_NONE)
			return -1;
		k = &ml->task[ml->ntasks++];
		k->actor = (uint16_t)ev->a;
		k->awaiter = WF_NONE;
	}
	k->loop = ev->obj;
	k->state = TASK_EV_STATE(ev->b);
	k->wait = TASK_EV_WAIT(ev->b);
	k->detail = TASK_EV_DETAIL(ev->b);
	k->since = t;
	/* Once it runs again it awaits nothing: its gather or wait is over. */
	if (k->state != TASK_WAITING)
		for (size_t i = 0; i < ml->ntasks; i++)
			if (ml->task[i].awaiter == k->actor)
				ml->task[i].awaiter = WF_NONE;
	if (k->state == TASK_WAITING && k->wait == TW_TASK)
		task_awaited(ml, k->detail, k->actor); /* unknown yet: drawn as its own root */
	return 0;
}

int mloop_fold(struct mloop **pml, const struct wf_ev *ev, const char *text, int64_t t)
{
	if (!*pml && !(*pml = calloc(1, sizeof **pml)))
		return -1;
	struct mloop *ml = *pml;
	if (ev->type == EV_TASK)
		return task_set(ml, ev, t);
	if (ev->type == EV_TASK_AWAIT)
		return task_awaited(ml, ev->a, ev->actor);
	struct loop_rec *l = loop_of(ml, ev->obj);
	if (!l)
		return -1;
	switch (ev->type) {
	case EV_CB_BEGIN:
		l->pub.actor = ev->actor;
		return cb_begin(l, intern(ml, text), t);
	case EV_CB_END:
		cb_end(l, t);
		return 0;
	case EV_TIMER_ADD:
		return timer_add(l, EV_TIMER_OFFSET(ev->b), (int64_t)ev->a, intern(ml, text));
	case EV_TIMER_DONE:
		timer_done(l, ev->b);
		return 0;
	case EV_LOOP_STATE:
		l->pub.ready = (uint32_t)ev->a;
		l->pub.timers = (uint32_t)ev->b;
		return ready_push(l, l->pub.ready, t);
	default:
		return -1;
	}
}

/* A copy of `len` elements of `size` bytes (of an array with room for
 * `cap`), or NULL when out of memory; NULL for NULL. */
static void *dup_array(const void *v, size_t cap, size_t size)
{
	if (!v || !cap)
		return NULL;
	void *p = malloc(cap * size);
	if (p)
		memcpy(p, v, cap * size);
	return p;
}

struct mloop *mloop_clone(const struct mloop *ml, bool *oom)
{
	if (!ml)
		return NULL;
	struct mloop *c = malloc(sizeof *c);
	if (!c) {
		*oom = true;
		return NULL;
	}
	*c = *ml;
	for (size_t i = 0; i < ml->nloops; i++) {
		const struct loop_rec *from = ml->loop[i];
		struct loop_rec *l = malloc(sizeof *l);
		if (l) {
			*l = *from;
			l->cb = dup_array(from->cb, from->cb_cap, sizeof *l->cb);
			l->ready = dup_array(from->ready, from->ready_cap, sizeof *l->ready);
		}
		if (!l || (from->cb && !l->cb) || (from->ready && !l->ready)) {
			if (l) {
				free(l->cb);
				free(l->ready);
			}
			free(l);
			c->nloops = i;
			mloop_free(c);
			*oom = true;
			return NULL;
		}
		l->pub.cb = l->cb; /* the public view points into this copy */
		l->pub.ready_series = l->ready;
		l->pub.timer = l->timer;
		c->loop[i] = l;
	}
	return c;
}

void mloop_free(struct mloop *ml)
{
	if (!ml)
		return;
	for (size_t i = 0; i < ml->nloops; i++) {
		free(ml->loop[i]->cb);
		free(ml->loop[i]->ready);
		free(ml->loop[i]);
	}
	free(ml);
}

size_t mloop_count(const struct mloop *ml)
{
	return ml ? ml->nloops : 0;
}

const struct model_loop *mloop_loop(const struct mloop *ml, size_t i)
{
	return ml && i < ml->nloops ? &ml->loop[i]->pub : NULL;
}

const char *mloop_name(const struct mloop *ml, uint16_t name)
{
	return ml && name < ml->nnames ? ml->name[name] : "";
}

size_t mloop_task_count(const struct mloop *ml)
{
	return ml ? ml->ntasks : 0;
}

const struct model_task *mloop_task(const struct mloop *ml, size_t i)
{
	return ml && i < ml->ntasks ? &ml->task[i] : NULL;
}
