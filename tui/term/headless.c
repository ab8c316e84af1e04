/*
 * headless.c - the text backend: a canvas printed as plain lines.
 *
 * Each row goes through canvas_row_text(), so wide characters appear once
 * (their tails are skipped) and the output is valid UTF-8.  Only U+0020 is
 * trimmed from the end of a row; the row count always equals the canvas
 * height, blank rows included, so frames line up when diffed.
 */
#include "headless.h"

#include <stdlib.h>

/* A row needs at most 4 bytes per cell; rows narrower than this use the
 * stack. */
#define HEADLESS_STACK_ROW 1024

void headless_print(const canvas *c, FILE *out)
{
	char small[HEADLESS_STACK_ROW], *buf = small;
	size_t size = (size_t)canvas_width(c) * 4 + 1;
	int y;

	if (size > sizeof small) {
		buf = malloc(size);
		if (!buf) {
			buf = small; /* out of memory: rows are cut, not lost */
			size = sizeof small;
		}
	} else {
		size = sizeof small;
	}
	for (y = 0; y < canvas_height(c); y++) {
		size_t len = canvas_row_text(c, y, buf, size);

		while (len > 0 && buf[len - 1] == ' ')
			len--;
		fwrite(buf, 1, len, out);
		fputc('\n', out);
	}
	if (buf != small)
		free(buf);
}
