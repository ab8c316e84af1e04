/*
 * console.c - what the lesson printed (see widgets.h): "  1.006 producer
 * put item 1", newest at the bottom, the actor's name in its colour.  A
 * line wider than the panel ends with "…": the reader knows it goes on.
 */
#include <stdio.h>

#include "cuttext.h"
#include "i18n.h"
#include "widgets.h"

void console_draw(canvas *c, struct rect r, const model *m, int scroll, const struct look *k)
{
	size_t n = model_line_count(m);
	if (n == 0) {
		if (r.h > 0)
			canvas_text(c, r.x, r.y, r.w, tr(M_NO_OUTPUT, k->zh), S_DIM, 0);
		return;
	}
	if (scroll < 0)
		scroll = 0;
	if ((size_t)scroll >= n)
		scroll = (int)n - 1;
	size_t last = n - (size_t)scroll; /* one past the newest line shown */
	size_t first = last > (size_t)r.h ? last - (size_t)r.h : 0;
	for (size_t i = first; i < last; i++) {
		const struct model_line *l = model_line(m, i);
		const struct model_actor *a = model_actor(m, l->actor);
		int y = r.y + (int)(i - first);
		char stamp[24];
		snprintf(stamp, sizeof stamp, "%7.3f ", (double)l->t / 1e9);
		int x = r.x + canvas_text(c, r.x, y, r.w, stamp, S_DIM, 0);
		x += canvas_text(c, x, y, r.x + r.w - x, a ? a->name : "?",
				 S_ACTOR0 + l->actor % S_ACTOR_COUNT, A_BOLD_);
		x += canvas_put(c, x, y, ' ', S_NORMAL, 0);
		cut_text(c, x, y, r.x + r.w - x, l->text, S_NORMAL, 0, k->ascii);
	}
}
