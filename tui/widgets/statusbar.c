/*
 * statusbar.c - the bottom row (see widgets.h).  The mode comes first and
 * reversed, so PAUSED or DEADLOCK is seen at a glance from the back of a
 * lecture hall; then the note, the run's numbers and the key hints.
 *
 * Invariant: `? help` and `q quit` are on the row at every width from 80
 * columns up.  When the row is short, what goes first is the other hints,
 * from the last listed (the least important) back, then the numbers but
 * speed and time, then the note's end (cut with a mark).
 */
#include <stdio.h>
#include <string.h>

#include "duration.h"
#include "i18n.h"
#include "theme.h"
#include "utf8.h"
#include "widgets.h"

#define HINTS_MAX 16

/* Hints are items split by two spaces: "Space pause  r restart  ? help". */
static int split_hints(const char *hints, char items[][64], int max)
{
	int n = 0;
	for (const char *p = hints; p && *p && n < max;) {
		while (*p == ' ')
			p++;
		const char *end = strstr(p, "  ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len) {
			snprintf(items[n], sizeof items[n], "%.*s", (int)len, p);
			n++;
		}
		p += len;
	}
	return n;
}

/* `? help` and `q quit` are the ones a newcomer needs to find the rest. */
static bool essential(const char *item)
{
	return (item[0] == '?' || item[0] == 'q') && item[1] == ' ';
}

/* The hints that fit in w columns, essentials always, into out. */
static void fit_hints(const char *hints, int w, char *out, size_t size)
{
	char items[HINTS_MAX][64];
	int n = split_hints(hints, items, HINTS_MAX), need = 0;
	bool keep[HINTS_MAX] = {0};
	for (int i = 0; i < n; i++)
		if (essential(items[i])) {
			keep[i] = true;
			need += utf8_width(items[i]) + 2;
		}
	for (int i = 0; i < n; i++) { /* the others in their order, while they fit */
		if (keep[i])
			continue;
		if (need + utf8_width(items[i]) + 2 > w + 2)
			break;
		keep[i] = true;
		need += utf8_width(items[i]) + 2;
	}
	out[0] = 0;
	for (int i = 0; i < n; i++)
		if (keep[i])
			snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? "  " : "",
				 items[i]);
}

static int essential_width(const char *hints)
{
	char out[256];
	fit_hints(hints, 0, out, sizeof out);
	return utf8_width(out);
}

void statusbar_draw(canvas *c, struct rect r, const struct status *s, const struct look *k)
{
	const struct glyphs *g = theme_glyphs(k->ascii);
	canvas_fill(c, r, ' ', S_STATUS, A_REVERSE_);
	char mode[64], full[160] = "", brief[96] = "", drop[64] = "", hints[256];
	snprintf(mode, sizeof mode, " %s ", s->mode);
	if (s->speed > 0) {
		char t[24];
		duration_format(s->lesson_ns, t, sizeof t);
		snprintf(brief, sizeof brief, " x%.2g  t=%s  ", s->speed, t);
		snprintf(full, sizeof full, "%s%s %llu  ", brief, tr(M_EVENTS, k->zh),
			 (unsigned long long)s->events);
		snprintf(drop, sizeof drop, "%s %llu  ", tr(M_DROPPED, k->zh),
			 (unsigned long long)s->dropped);
	}
	int ess = essential_width(s->hints) + 1;
	int room = r.w - utf8_width(mode) - ess;
	/* Lost events are shown whenever there are any: they make counts partial. */
	int dropw = s->dropped || utf8_width(full) + utf8_width(drop) <= room ? utf8_width(drop) : 0;
	int numw = utf8_width(full) + dropw <= room ? utf8_width(full) : utf8_width(brief);
	int x = r.x;
	x += canvas_text(c, x, r.y, r.w, mode, s->mode_style, A_REVERSE_ | A_BOLD_);
	/* What happened to the lesson comes before the numbers. */
	if (s->note && *s->note) {
		char note[256];
		snprintf(note, sizeof note, " %s  ", s->note);
		int left = room - numw - dropw, w = utf8_width(note);
		if (w > left) { /* the numbers but speed and time give way, then those */
			dropw = s->dropped ? dropw : 0;
			numw = utf8_width(brief);
			left = room - numw - dropw;
		}
		if (w > left) {
			numw = dropw = 0;
			left = room;
		}
		if (left > 3)
			x += canvas_text_cut(c, x, r.y, w < left ? w : left - 2, note, S_ERROR,
					     A_REVERSE_ | A_BOLD_, g->more);
		if (w >= left && left > 3)
			x += 2;
	}
	if (numw) {
		x += canvas_text(c, x, r.y, numw, numw == utf8_width(full) ? full : brief, S_STATUS,
				 A_REVERSE_);
		if (dropw)
			x += canvas_text(c, x, r.y, dropw, drop, s->dropped ? S_WARN : S_STATUS,
					 A_REVERSE_ | (s->dropped ? A_BOLD_ : 0));
	}
	fit_hints(s->hints, r.x + r.w - x - 1, hints, sizeof hints);
	canvas_text(c, x + 1, r.y, r.x + r.w - x - 1, hints, S_STATUS, A_REVERSE_);
}
