/*
 * queues.c - the queue panel (see widgets.h).
 *
 * A queue gets a heading row (name, depth now / capacity, puts and gets)
 * and a chart of its depth over the same lesson-time window as the
 * timeline: each column is the deepest the queue was in that slice, drawn
 * as a bar against a capacity line.
 */
#include <stdio.h>

#include "i18n.h"
#include "theme.h"
#include "widgets.h"

#define CHART_ROWS 3

/* The deepest sample in [t0, t1), carrying the depth in force at t0. */
static uint32_t deepest(const struct model_object *o, size_t *i, int64_t t0, int64_t t1)
{
	while (*i + 1 < o->series_len && o->series[*i + 1].t <= t0)
		(*i)++;
	if (*i >= o->series_len || o->series[*i].t >= t1)
		return 0;
	uint32_t d = 0;
	for (size_t j = *i; j < o->series_len && o->series[j].t < t1; j++)
		if (o->series[j].depth > d)
			d = o->series[j].depth;
	return d;
}

static void draw_chart(canvas *c, struct rect r, const struct model_object *o, int64_t start,
		       int64_t end, const struct glyphs *g)
{
	uint32_t cap = o->capacity ? o->capacity : 1;
	int64_t span = end > start ? end - start : 1;
	size_t walk = 0;
	for (int col = 0; col < r.w; col++) {
		int64_t t0 = start + span * col / r.w, t1 = start + span * (col + 1) / r.w;
		uint32_t d = deepest(o, &walk, t0, t1);
		for (int row = 0; row < r.h; row++) {
			/* row 0 is the top: full means depth reaches capacity */
			uint32_t level = (uint32_t)(r.h - row);
			bool filled = d * (uint32_t)r.h >= level * cap && d > 0;
			if (filled)
				canvas_put(c, r.x + col, r.y + row, g->bar,
					   d >= cap ? S_WARN : S_ACCENT, 0);
			else if (row == 0)
				canvas_put(c, r.x + col, r.y + row, g->cap, S_DIM, 0);
		}
	}
}

void queues_draw(canvas *c, struct rect r, const model *m, int64_t start, int64_t end,
		 const struct look *k)
{
	const struct glyphs *g = theme_glyphs(k->ascii);
	int y = 0;
	bool any = false;
	for (size_t i = 0; i < model_object_count(m) && y < r.h; i++) {
		const struct model_object *o = model_object(m, i);
		if (!o || o->kind != OBJ_QUEUE)
			continue;
		any = true;
		char row[160];
		int x = r.x + canvas_text(c, r.x, r.y + y, r.w, o->name, S_TITLE, A_BOLD_);
		snprintf(row, sizeof row, " %u/%u  put %llu get %llu", o->queue_depth, o->capacity,
			 (unsigned long long)o->puts, (unsigned long long)o->gets);
		canvas_text(c, x, r.y + y, r.x + r.w - x, row, S_NORMAL, 0);
		y++;
		int h = r.h - y < CHART_ROWS ? r.h - y : CHART_ROWS;
		if (h > 0)
			draw_chart(c, (struct rect){r.x, r.y + y, r.w, h}, o, start, end, g);
		y += h;
	}
	if (!any && r.h > 0)
		canvas_text(c, r.x, r.y, r.w, tr(M_NO_QUEUES, k->zh), S_DIM, 0);
}
