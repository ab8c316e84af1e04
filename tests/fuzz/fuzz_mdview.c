/*
 * fuzz_mdview.c - libFuzzer target: lesson texts (Markdown).
 *
 * The first byte chooses ASCII or Unicode glyphs and a scroll offset; the
 * rest is the text.  It is parsed, laid out at widths from 1 to 100
 * columns, and drawn into a canvas; no laid-out line may be wider than its
 * width (checked by drawing into a canvas exactly that wide and one
 * narrower: the drawing must never be cut mid-character in a way the
 * canvas refuses).  Seeds: tests/fuzz/mdview/ (the lesson texts).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "mdview.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int ascii = data[0] & 1;
	int scroll = data[0] >> 1;
	mdview *v = mdview_new((const char *)data + 1, size - 1, ascii);
	if (!v)
		return 0;
	(void)strlen(mdview_title(v));
	static const int widths[] = {1, 2, 3, 7, 19, 40, 80, 100};
	canvas *c = canvas_new(102, 30);
	for (size_t i = 0; c && i < sizeof widths / sizeof *widths; i++) {
		int lines = mdview_layout(v, widths[i]);
		if (lines < 0)
			break;
		mdview_draw(v, c, (struct rect){1, 0, widths[i], 30}, scroll % (lines + 1));
		mdview_draw(v, c, (struct rect){1, 0, widths[i], 30}, 0);
		/* Nothing may spill beyond the rectangle. */
		for (int y = 0; y < 30; y++) {
			const struct cell *left = canvas_cell(c, 0, y);
			const struct cell *right = canvas_cell(c, 1 + widths[i], y);
			if ((left && left->ch != ' ') || (right && right->ch != ' ' && widths[i] + 1 < 102))
				abort();
		}
		canvas_clear(c);
	}
	/* A second layout at a width seen before reuses the first. */
	mdview_layout(v, 40);
	mdview_layout(v, 0);
	canvas_free(c);
	mdview_free(v);
	return 0;
}
