/*
 * browser.c - the lesson list (see widgets.h): a heading per track, then
 * its lessons, id and title in the chosen language.
 */
#include <string.h>

#include "registry.h"
#include "theme.h"
#include "widgets.h"

void browser_draw(canvas *c, struct rect r, size_t selected, const struct look *k)
{
	const struct glyphs *g = theme_glyphs(k->ascii);
	const char *lang = k->zh ? "zh" : "en";
	const char *track = NULL;
	int y = r.y;
	/* Scroll so the selection stays on screen: count the rows above it. */
	int above = 0;
	for (size_t i = 0; i <= selected && i < registry_count(); i++) {
		const struct wf_lesson *l = registry_at(i);
		above += 1 + (!track || strcmp(track, l->track) != 0);
		track = l->track;
	}
	int skip = above > r.h ? above - r.h : 0;
	track = NULL;
	for (size_t i = 0; i < registry_count() && y < r.y + r.h; i++) {
		const struct wf_lesson *l = registry_at(i);
		if (!track || strcmp(track, l->track) != 0) {
			track = l->track;
			if (skip > 0)
				skip--;
			else
				canvas_text(c, r.x, y++, r.w, registry_track_title(track, lang), S_TITLE,
					    A_BOLD_);
		}
		if (skip > 0) {
			skip--;
			continue;
		}
		if (y >= r.y + r.h)
			break;
		bool sel = i == selected;
		if (sel)
			canvas_fill(c, (struct rect){r.x, y, r.w, 1}, ' ', S_ACCENT, A_REVERSE_);
		uint8_t attr = sel ? A_REVERSE_ | A_BOLD_ : 0;
		if (r.w > 1)
			canvas_put(c, r.x + 1, y, sel ? g->select : ' ', S_ACCENT, attr);
		canvas_text_cut(c, r.x + 3, y, r.w - 3, k->zh ? l->title_zh : l->title_en,
				sel ? S_ACCENT : S_NORMAL, attr, g->more);
		y++;
	}
}
