/*
 * cuttext.c - see cuttext.h.
 */
#include <stdio.h>

#include "cuttext.h"
#include "utf8.h"

int cut_text(canvas *c, int x, int y, int w, const char *s, uint8_t style, uint8_t attr, bool ascii)
{
	if (w <= 0 || !s)
		return 0;
	if (utf8_width(s) <= w)
		return canvas_text(c, x, y, w, s, style, attr);
	char head[256];
	size_t n = utf8_fit(s, w - 1);
	snprintf(head, sizeof head, "%.*s", (int)(n < sizeof head ? n : sizeof head - 1), s);
	int used = canvas_text(c, x, y, w - 1, head, style, attr);
	return used + canvas_put(c, x + used, y, ascii ? '~' : 0x2026, style, attr);
}
