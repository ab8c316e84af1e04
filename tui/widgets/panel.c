/*
 * panel.c - panel title rows (see widgets.h).
 */
#include "theme.h"
#include "widgets.h"

void panel_title(canvas *c, struct rect r, const char *title, bool focused, const struct look *k)
{
	const struct glyphs *g = theme_glyphs(k->ascii);
	canvas_fill(c, (struct rect){r.x, r.y, r.w, 1}, g->hline, S_BORDER, 0);
	if (r.w < 5) /* no room for " Title ": the rule alone */
		return;
	int x = r.x + 1;
	x += canvas_put(c, x, r.y, ' ', S_BORDER, 0);
	x += canvas_text(c, x, r.y, r.w - 4, title, focused ? S_ACCENT : S_TITLE,
			 focused ? A_BOLD_ | A_REVERSE_ : A_BOLD_);
	canvas_put(c, x, r.y, ' ', S_BORDER, 0);
}
