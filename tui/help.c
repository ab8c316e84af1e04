/*
 * help.c - the key list overlay (see widgets.h).
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "theme.h"
#include "utf8.h"
#include "widgets.h"

void help_draw(canvas *c, const struct look *k)
{
	const char *keys = tr(M_HELP_KEYS, k->zh);
	int lines = 0, wide = utf8_width(tr(M_HELP_CLOSE, k->zh));
	for (const char *p = keys; *p;) {
		size_t n = strcspn(p, "\n");
		char line[256];
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		if (utf8_width(line) > wide)
			wide = utf8_width(line);
		lines++;
		p += n + (p[n] == '\n');
	}
	int w = wide + 4, h = lines + 4;
	int cw = canvas_width(c), ch = canvas_height(c);
	if (w > cw)
		w = cw;
	if (h > ch)
		h = ch;
	struct rect box = {(cw - w) / 2, (ch - h) / 2, w, h};
	canvas_fill(c, box, ' ', S_NORMAL, 0);
	panel_title(c, (struct rect){box.x, box.y, box.w, 1}, tr(M_HELP_TITLE, k->zh), true, k);
	int y = box.y + 2;
	for (const char *p = keys; *p && y < box.y + box.h - 1; y++) {
		size_t n = strcspn(p, "\n");
		char line[256];
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		canvas_text(c, box.x + 2, y, box.w - 4, line, S_NORMAL, 0);
		p += n + (p[n] == '\n');
	}
	const struct glyphs *g = theme_glyphs(k->ascii);
	canvas_fill(c, (struct rect){box.x, box.y + box.h - 1, box.w, 1}, g->hline, S_BORDER, 0);
	canvas_text(c, box.x + 2, box.y + box.h - 1, box.w - 4, tr(M_HELP_CLOSE, k->zh), S_DIM, 0);
}
