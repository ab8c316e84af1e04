/*
 * console.c - what the lesson printed (see widgets.h): "  1.006 producer
 * put item 1", newest at the bottom, the actor's name in its colour.  A
 * line wider than the panel ends with "…": the reader knows it goes on.
 * A deadlock, once found, is what the lesson has come to: it stays under
 * the newest line, in words and as a picture of the cycle, for as long as
 * the model holds it (the run is stopped, nothing prints after it).
 */
#include <stdio.h>

#include "cuttext.h"
#include "i18n.h"
#include "wrap.h"
#include "widgets.h"

#define DEADLOCK_WORD_ROWS 3

/* Draws the deadlock at the bottom of r: its words (wrapped, at most
 * DEADLOCK_WORD_ROWS rows, fewer in a short panel) over its picture;
 * returns the rows it took, 0 when there is none. */
static int draw_deadlock(canvas *c, struct rect r, const model *m, const struct look *k)
{
	char why[256], words[320], picture[256];
	if (r.h <= 0 || r.w <= 0 || !deadlock_words(m, k->zh, why, sizeof why))
		return 0;
	deadlock_picture(m, k->ascii, picture, sizeof picture);
	snprintf(words, sizeof words, tr(M_DEADLOCK, k->zh), why);
	int most = r.h / 2 < DEADLOCK_WORD_ROWS ? r.h / 2 : DEADLOCK_WORD_ROWS, rows = 0;
	canvas *scratch = most > 0 ? canvas_new(r.w, most) : NULL;
	if (scratch) /* how many rows the words take, drawn where they go */
		rows = wrap_draw(scratch, (struct rect){0, 0, r.w, most}, words, S_ERROR, A_BOLD_);
	canvas_free(scratch);
	if (rows)
		wrap_draw(c, (struct rect){r.x, r.y + r.h - 1 - rows, r.w, rows}, words, S_ERROR, A_BOLD_);
	int x = r.x + canvas_text(c, r.x, r.y + r.h - 1, r.w, "  ", S_NORMAL, 0);
	cut_text(c, x, r.y + r.h - 1, r.x + r.w - x, picture, S_ERROR, A_BOLD_, k->ascii);
	return rows + 1;
}

void console_draw(canvas *c, struct rect r, const model *m, int scroll, const struct look *k)
{
	r.h -= draw_deadlock(c, r, m, k);
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
		if (x < r.x + r.w) /* a full row has no room for the space */
			x += canvas_put(c, x, y, ' ', S_NORMAL, 0);
		cut_text(c, x, y, r.x + r.w - x, l->text, S_NORMAL, 0, k->ascii);
	}
}
