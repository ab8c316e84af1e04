/*
 * help.c - the key list overlay (see widgets.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "theme.h"
#include "utf8.h"
#include "widgets.h"

/* Copies the line at *p into line and moves *p past it; false at the end. */
static bool next_line(const char **p, char *line, size_t size)
{
	if (!**p)
		return false;
	size_t n = strcspn(*p, "\n");
	snprintf(line, size, "%.*s", (int)n, *p);
	*p += n + ((*p)[n] == '\n');
	return true;
}

void help_draw(canvas *c, const struct look *k, const char *extra, bool replay)
{
	char keys[2048], line[256];
	snprintf(keys, sizeof keys, "%s%s%s", tr(replay ? M_HELP_REPLAY : M_HELP_KEYS, k->zh),
		 extra && *extra ? "\n" : "",
		 extra ? extra : "");
	const char *p = keys;
	int lines = 0, wide = utf8_width(tr(M_HELP_CLOSE, k->zh));
	for (; next_line(&p, line, sizeof line); lines++)
		if (utf8_width(line) > wide)
			wide = utf8_width(line);
	int w = wide + 4, h = lines + 4;
	int cw = canvas_width(c), ch = canvas_height(c);
	if (w > cw)
		w = cw;
	if (h > ch)
		h = ch;
	struct rect box = {(cw - w) / 2, (ch - h) / 2, w, h};
	canvas_fill(c, box, ' ', S_NORMAL, 0);
	panel_title(c, (struct rect){box.x, box.y, box.w, 1}, tr(M_HELP_TITLE, k->zh), true, k);
	p = keys;
	for (int y = box.y + 2; y < box.y + box.h - 1 && next_line(&p, line, sizeof line); y++)
		canvas_text(c, box.x + 2, y, box.w - 4, line, S_NORMAL, 0);
	const struct glyphs *g = theme_glyphs(k->ascii);
	canvas_fill(c, (struct rect){box.x, box.y + box.h - 1, box.w, 1}, g->hline, S_BORDER, 0);
	canvas_text(c, box.x + 2, box.y + box.h - 1, box.w - 4, tr(M_HELP_CLOSE, k->zh), S_DIM, 0);
}
