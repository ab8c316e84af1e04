/*
 * sourcepane.c - the lesson's own C file in step mode (see widgets.h).
 *
 * Each actor parked at a step marks its line: its number (the key that
 * steps it) in its colour in the gutter, and, after the code, its name and
 * the step it waits to take.  The view scrolls to keep the marked lines in
 * sight; with none marked it keeps `scroll`.
 */
#include <stdio.h>
#include <string.h>

#include "cuttext.h"
#include "i18n.h"
#include "theme.h"
#include "utf8.h"
#include "widgets.h"

#define GUTTER 6    /* "  42 " and a marker */
#define MARKS_MAX 4 /* actors named on one line */

/* The line-th line (1-based) of src: its start, and its length in *len. */
static const char *nth_line(const char *src, int line, size_t *len)
{
	const char *p = src;
	for (int i = 1; i < line && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p || !*p)
		return NULL;
	*len = strcspn(p, "\n");
	return p;
}

static int count_lines(const char *src)
{
	int n = 1;
	for (const char *p = src; *p; p++)
		n += *p == '\n';
	return n;
}

/* The actors parked at `line` (at most max) and their key numbers. */
static int parked_at(const model *m, int line, const struct model_actor **who, int *key, int max)
{
	int n = 0, k = 0;
	for (size_t i = 1; i < model_actor_count(m) && n < max; i++) {
		const struct model_actor *a = model_actor(m, i);
		if (!a)
			continue;
		k++;
		if (a->parked && a->pending_line == line && a->state != AS_EXITED) {
			who[n] = a;
			key[n++] = k;
		}
	}
	return n;
}

/* A state in the screen's words. */
static const char *state_word(unsigned state, bool zh)
{
	switch (state) {
	case AS_RUNNING:
		return tr(M_RUNNING, zh);
	case AS_RUNNABLE:
		return tr(M_RUNNABLE, zh);
	case AS_BLOCKED:
		return tr(M_BLOCKED, zh);
	case AS_SLEEPING:
		return tr(M_SLEEPING, zh);
	case AS_EXITED:
		return tr(M_EXITED, zh);
	case AS_SUSPENDED:
		return tr(M_SUSPENDED, zh);
	case AS_ZOMBIE:
		return tr(M_ZOMBIE, zh);
	case AS_PARKED:
		return tr(M_PARKED_SHORT, zh);
	default:
		return tr(M_NOT_STARTED, zh);
	}
}

/* One row per actor that is not free: its key, name, state, line and the
 * step it waits to take.  Returns the rows used. */
static int draw_pending(canvas *c, struct rect r, const model *m, const struct look *k)
{
	int row = 0, key = 0;
	char buf[160];
	for (size_t i = 1; i < model_actor_count(m) && row < r.h; i++) {
		const struct model_actor *a = model_actor(m, i);
		if (!a)
			continue;
		key++;
		if (a->state == AS_EXITED || a->state == AS_NONE)
			continue;
		int y = r.y + row++;
		int x = r.x + canvas_put(c, r.x, y, '0' + key % 10, S_ACTOR0 + (uint8_t)(key % S_ACTOR_COUNT),
					 A_REVERSE_ | A_BOLD_);
		/* columns padded by width, not bytes: the words may be Chinese */
		x += canvas_put(c, x, y, ' ', S_NORMAL, 0);
		int at = x;
		x += cut_text(c, x, y, 8, a->name, theme_state_style(a->state), A_BOLD_, k->ascii);
		x = at + 9;
		const char *word = state_word(a->state, k->zh);
		x += canvas_text(c, x, y, r.x + r.w - x, word, theme_state_style(a->state), A_BOLD_);
		x = at + 9 + (utf8_width(word) > 8 ? utf8_width(word) : 8) + 1;
		if (a->parked)
			snprintf(buf, sizeof buf, "L%-4d %s", a->pending_line, a->pending);
		else
			snprintf(buf, sizeof buf, "%s", tr(M_NOT_AT_STEP, k->zh));
		canvas_text(c, x, y, r.x + r.w - x, buf, a->parked ? S_NORMAL : S_DIM, 0);
	}
	return row;
}

static void draw_source(canvas *c, struct rect r, const model *m, const char *src, int scroll,
			const struct look *k);

/* Drawn into a canvas of the rectangle's size, then copied: nothing can
 * land outside the rectangle, however small (test_screen checks). */
void source_draw(canvas *c, struct rect r, const model *m, const char *src, int scroll,
		 const struct look *k)
{
	canvas *own = r.w > 0 && r.h > 0 ? canvas_new(r.w, r.h) : NULL;
	if (!own)
		return;
	draw_source(own, (struct rect){0, 0, r.w, r.h}, m, src, scroll, k);
	canvas_blit(c, r.x, r.y, own, 0, r.w, r.h);
	canvas_free(own);
}

static void draw_source(canvas *c, struct rect r, const model *m, const char *src, int scroll,
			const struct look *k)
{
	if (!src) {
		canvas_text(c, r.x, r.y, r.w, tr(M_NO_SOURCE, k->zh), S_DIM, 0);
		return;
	}
	int top = draw_pending(c, r, m, k);
	if (top) { /* a rule between who waits and the code */
		canvas_fill(c, (struct rect){r.x, r.y + top, r.w, 1}, theme_glyphs(k->ascii)->hline, S_BORDER, 0);
		r.y += top + 1;
		r.h -= top + 1;
	}
	int lines = count_lines(src), first = scroll + 1;
	int want = 0; /* the first marked line: keep it in view */
	for (size_t i = 1; i < model_actor_count(m) && !want; i++) {
		const struct model_actor *a = model_actor(m, i);
		if (a && a->parked && a->pending_line)
			want = a->pending_line;
	}
	if (want && (want < first || want >= first + r.h))
		first = want - r.h / 3 > 1 ? want - r.h / 3 : 1;
	for (int row = 0; row < r.h && first + row <= lines; row++) {
		int line = first + row, y = r.y + row, key[MARKS_MAX];
		size_t len = 0;
		const char *text = nth_line(src, line, &len);
		if (!text)
			break;
		const struct model_actor *who[MARKS_MAX];
		int marks = parked_at(m, line, who, key, MARKS_MAX);
		const struct model_actor *a = marks ? who[0] : NULL;
		char buf[512];
		snprintf(buf, sizeof buf, "%4d ", line);
		canvas_text(c, r.x, y, r.w, buf, a ? S_ACCENT : S_DIM, 0);
		if (a)
			canvas_put(c, r.x + GUTTER - 1, y, marks > 1 ? '+' : '0' + key[0] % 10,
				   S_ACTOR0 + (uint8_t)(key[0] % S_ACTOR_COUNT), A_REVERSE_ | A_BOLD_);
		/* Tabs as four spaces; the lesson files use tabs. */
		size_t o = 0;
		for (size_t i = 0; i < len && o + 4 < sizeof buf; i++) {
			if (text[i] == '\t') {
				memcpy(buf + o, "    ", 4);
				o += 4;
			} else {
				buf[o++] = text[i];
			}
		}
		buf[o] = 0;
		int x = r.x + GUTTER;
		x += canvas_text(c, x, y, r.x + r.w - x, buf, a ? S_NORMAL : S_CODE, a ? A_BOLD_ : 0);
		(void)x;
	}
}
