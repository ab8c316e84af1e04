/*
 * wrap.c - see wrap.h.
 */
#include <string.h>

#include "utf8.h"
#include "wrap.h"

/* Bytes of the next line of s that fit in w columns, preferring to end at a
 * space or next to a wide character. */
static size_t line_end(const char *s, int w)
{
	size_t fit = utf8_fit(s, w);
	if (s[fit] == 0 || s[fit] == ' ')
		return fit;
	size_t best = 0;
	for (size_t i = 0; i < fit;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, fit - i, &cp);
		if (cp == ' ' || cell_width(cp) == 2)
			best = cp == ' ' ? i : i + n;
		i += n;
	}
	return best ? best : fit;
}

int wrap_draw(canvas *c, struct rect r, const char *text, uint8_t style, uint8_t attr)
{
	int y = 0;
	const char *p = text;
	while (*p && y < r.h && r.w > 0) {
		size_t n = line_end(p, r.w);
		if (n == 0)
			break;
		char line[512];
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, p, n);
		line[n] = 0;
		canvas_text(c, r.x, r.y + y++, r.w, line, style, attr);
		p += n;
		while (*p == ' ')
			p++;
	}
	return y;
}
