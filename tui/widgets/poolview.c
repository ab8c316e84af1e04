/*
 * poolview.c - the pool view (see widgets.h): each pool of workers, the
 * newest first, its workers with the call each runs now and its pid, and
 * its queue.
 *
 * A pool gets a heading row (name, workers) and a row of counts (calls
 * queued now and at most, done of submitted, run on a reused worker),
 * then one row per worker a call has reached: its name (the part after
 * the pool's name when the view is narrow), its pid (a thread's tid), the
 * call it runs (its future's name) and for how long, and how many calls
 * it has started (x2: it was reused); workers no call has reached yet are
 * only counted ("8 more not started": a thread pool starts its threads as
 * calls come).  Under them, the queue's depth over the timeline's
 * lesson-time window: each column the deepest the queue was in that
 * slice, scaled to the deepest it has been.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "model_pool.h"
#include "theme.h"
#include "widgets.h"

#define CHART_ROWS 2
#define NARROW 50 /* columns below which a worker is named by its suffix */

/* Worker slots no call has reached yet: one row says how many. */
static size_t unseen_slots(const model *m, const struct model_pool *p)
{
	const struct model_object *o = model_object(m, p->obj);
	return o && o->capacity > p->workers ? o->capacity - p->workers : 0;
}

int poolview_height(const model *m)
{
	int h = 0;
	for (size_t i = 0; i < model_pool_count(m); i++) {
		const struct model_pool *p = model_pool(m, i);
		h += 2 + (int)p->workers + (unseen_slots(m, p) ? 1 : 0) + CHART_ROWS;
	}
	return h;
}

/* The deepest the queue was in [t0, t1), carrying the depth in force at t0. */
static uint32_t deepest(const struct model_pool *p, size_t *i, int64_t t0, int64_t t1)
{
	while (*i + 1 < p->series_len && p->series[*i + 1].t <= t0)
		(*i)++;
	uint32_t d = 0;
	for (size_t j = *i; j < p->series_len && p->series[j].t < t1; j++)
		if ((j == *i || p->series[j].t >= t0) && p->series[j].depth > d)
			d = p->series[j].depth;
	return *i < p->series_len && p->series[*i].t < t1 ? d : 0;
}

static void draw_chart(canvas *c, struct rect r, const struct model_pool *p, int64_t start,
		       int64_t end, const struct look *k)
{
	const struct glyphs *g = theme_glyphs(k->ascii);
	char label[32];
	snprintf(label, sizeof label, "%s ", tr(M_POOL_QUEUE, k->zh));
	int lw = canvas_text(c, r.x, r.y + r.h - 1, r.w, label, S_DIM, 0);
	struct rect ch = {r.x + lw, r.y, r.w - lw, r.h};
	uint32_t top = p->peak ? p->peak : 1;
	int64_t span = end > start ? end - start : 1;
	size_t walk = 0;
	for (int col = 0; col < ch.w; col++) {
		int64_t t0 = start + span * col / ch.w, t1 = start + span * (col + 1) / ch.w;
		uint32_t d = deepest(p, &walk, t0, t1);
		for (int row = 0; row < ch.h; row++) {
			uint32_t level = (uint32_t)(ch.h - row); /* row 0 is the top; any depth fills level 1 */
			if (d * (uint32_t)ch.h > (level - 1) * top)
				canvas_put(c, ch.x + col, ch.y + row, g->bar, S_ACCENT, 0);
			else if (row == ch.h - 1)
				canvas_put(c, ch.x + col, ch.y + row, '_', S_DIM, 0);
		}
	}
}

static void draw_worker(canvas *c, struct rect r, int y, const model *m, const struct model_pool *p,
			size_t slot, int64_t now, const struct look *k)
{
	const struct model_pool_worker *w = &p->worker[slot];
	const struct model_actor *a = w->actor != WF_NONE ? model_actor(m, w->actor) : NULL;
	const struct model_object *po = model_object(m, p->obj);
	int x = r.x + 1;
	char buf[96];
	const char *name = a ? a->name : "";
	/* narrow: "ForkPoolWorker-1" of pool "ForkPoolWorker" reads "-1" */
	size_t plen = po ? strlen(po->name) : 0;
	if (r.w < NARROW && plen && strncmp(name, po->name, plen) == 0 && name[plen])
		name += plen;
	if (a)
		snprintf(buf, sizeof buf, "%s", name);
	else
		snprintf(buf, sizeof buf, "#%zu", slot + 1);
	x += canvas_text(c, x, y, r.x + r.w - x, buf, a ? (uint8_t)(S_ACTOR0 + w->actor % S_ACTOR_COUNT)
						   : S_DIM, 0);
	/* a process's pid; a thread's own id (its pid is the pool's process) */
	int id = a ? (a->kind == AK_THREAD ? (int)a->tid : (int)a->pid) : 0;
	if (id > 0) {
		snprintf(buf, sizeof buf, " %s %d", a->kind == AK_THREAD ? "tid" : tr(M_PID, k->zh), id);
		x += canvas_text(c, x, y, r.x + r.w - x, buf, S_DIM, 0);
	}
	x += canvas_text(c, x, y, r.x + r.w - x, " ", S_NORMAL, 0);
	if (w->task >= 0) {
		uint16_t f = model_pool_task_future(m, p, (uint32_t)w->task);
		const struct model_object *o = f != WF_NONE ? model_object(m, f) : NULL;
		if (o)
			snprintf(buf, sizeof buf, "%s %.1fs", o->name, (double)(now - w->since) / 1e9);
		else
			snprintf(buf, sizeof buf, "#%d %.1fs", (int)w->task, (double)(now - w->since) / 1e9);
		x += canvas_text(c, x, y, r.x + r.w - x, buf, S_RUNNING, A_BOLD_);
	} else {
		x += canvas_text(c, x, y, r.x + r.w - x,
				 a && (a->state == AS_EXITED || a->state == AS_ZOMBIE) ? tr(M_EXITED, k->zh)
										       : tr(M_POOL_IDLE, k->zh),
				 S_DIM, 0);
	}
	if (w->tasks) {
		snprintf(buf, sizeof buf, " %s%u", k->ascii ? "x" : "\u00d7", w->tasks);
		canvas_text(c, x, y, r.x + r.w - x, buf, w->tasks > 1 ? S_ACCENT : S_DIM, 0);
	}
}

void poolview_draw(canvas *c, struct rect r, const model *m, int64_t start, int64_t end,
		   int64_t now, const struct look *k)
{
	int y = 0;
	for (size_t i = model_pool_count(m); i-- > 0 && y < r.h;) { /* the newest first */
		const struct model_pool *p = model_pool(m, i);
		const struct model_object *o = model_object(m, p->obj);
		size_t slots = o && o->capacity > p->workers ? o->capacity : p->workers;
		int x = r.x + canvas_text(c, r.x, r.y + y, r.w, o ? o->name : "pool", S_TITLE, A_BOLD_);
		char row[160];
		snprintf(row, sizeof row, tr(M_POOL_WORKERS, k->zh), slots);
		canvas_text(c, x, r.y + y, r.x + r.w - x, row, S_NORMAL, 0);
		if (++y >= r.h)
			break;
		snprintf(row, sizeof row, tr(M_POOL_HEAD, k->zh), p->depth, p->peak, p->ended,
			 p->submitted, p->reused);
		canvas_text(c, r.x + 1, r.y + y, r.w - 1, row, p->depth ? S_WARN : S_NORMAL, 0);
		y++;
		for (size_t s = 0; s < p->workers && y < r.h; s++, y++)
			draw_worker(c, r, r.y + y, m, p, s, now, k);
		if (unseen_slots(m, p) && y < r.h) {
			snprintf(row, sizeof row, tr(M_POOL_UNSEEN, k->zh), unseen_slots(m, p));
			canvas_text(c, r.x + 1, r.y + y++, r.w - 1, row, S_DIM, 0);
		}
		int h = r.h - y < CHART_ROWS ? r.h - y : CHART_ROWS;
		if (h > 0)
			draw_chart(c, (struct rect){r.x + 1, r.y + y, r.w - 1, h}, p, start, end, k);
		y += h;
	}
}
