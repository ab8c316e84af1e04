/*
 * canvas.c - a grid of cells every widget draws into.
 *
 * The grid is w*h cells, row-major.  Invariants, kept by every function that
 * writes a cell:
 *
 *   - a cell holding CANVAS_WIDE_TAIL is never in column 0, and the cell to
 *     its left holds a character of width 2;
 *   - a character of width 2 is always followed by CANVAS_WIDE_TAIL;
 *   - every other cell holds a code point of width 1 (never 0 or 2).
 *
 * So before a cell is overwritten it is "detached": if it is one half of a
 * wide character, the other half becomes a space (keeping its style and
 * attributes, so a highlighted bar stays highlighted), and the grid never
 * holds half a character.
 *
 * Code points of width 0 cannot stand in a cell of their own: control
 * characters (below U+0020, U+007F-U+009F) and combining marks are skipped,
 * which matches utf8_width(), where they count 0 columns, so the columns
 * canvas_text() reports equal the width a widget measured beforehand.
 * Surrogates and values beyond U+10FFFF draw as U+FFFD.
 */
#include "canvas.h"

#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct canvas {
	int w, h;
	struct cell *cells; /* w*h cells, row-major; NULL when w*h == 0 */
};

static const struct cell blank = {' ', S_NORMAL, 0};

static struct cell *alloc_grid(int w, int h)
{
	size_t n = (size_t)w * (size_t)h, i;
	struct cell *g;

	if (n == 0)
		return NULL;
	g = malloc(n * sizeof *g);
	for (i = 0; g && i < n; i++)
		g[i] = blank;
	return g;
}

/* Negative sizes mean 0; a size whose grid would not fit in memory fails. */
static int valid_size(int *w, int *h)
{
	if (*w < 0)
		*w = 0;
	if (*h < 0)
		*h = 0;
	return *h == 0 || (size_t)*w <= SIZE_MAX / sizeof(struct cell) / (size_t)*h;
}

canvas *canvas_new(int w, int h)
{
	canvas *c;

	if (!valid_size(&w, &h))
		return NULL;
	c = malloc(sizeof *c);
	if (!c)
		return NULL;
	c->w = w;
	c->h = h;
	c->cells = alloc_grid(w, h);
	if (!c->cells && (size_t)w * (size_t)h > 0) {
		free(c);
		return NULL;
	}
	return c;
}

void canvas_free(canvas *c)
{
	if (!c)
		return;
	free(c->cells);
	free(c);
}

int canvas_resize(canvas *c, int w, int h)
{
	struct cell *g;

	if (!valid_size(&w, &h))
		return -1;
	g = alloc_grid(w, h);
	if (!g && (size_t)w * (size_t)h > 0)
		return -1;
	free(c->cells);
	c->cells = g;
	c->w = w;
	c->h = h;
	return 0;
}

int canvas_width(const canvas *c)
{
	return c->w;
}

int canvas_height(const canvas *c)
{
	return c->h;
}

void canvas_clear(canvas *c)
{
	size_t n = (size_t)c->w * (size_t)c->h, i;

	for (i = 0; i < n; i++)
		c->cells[i] = blank;
}

static struct cell *at(const canvas *c, int x, int y)
{
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

/* Prepares cell (x, y) for overwriting: the other half of a wide character
 * it belongs to becomes a space. */
static void detach(canvas *c, int x, int y)
{
	struct cell *p = at(c, x, y);

	if (p->ch == CANVAS_WIDE_TAIL)
		p[-1].ch = ' ';
	else if (x + 1 < c->w && p[1].ch == CANVAS_WIDE_TAIL)
		p[1].ch = ' ';
}

static void set(canvas *c, int x, int y, uint32_t ch, uint8_t style, uint8_t attr)
{
	struct cell *p;

	detach(c, x, y);
	p = at(c, x, y);
	p->ch = ch;
	p->style = style;
	p->attr = attr;
}

/*
 * Puts ch at (x, y) where only columns before `limit` may be written (the
 * canvas edge, or the end of a field).  A wide character with only its left
 * half before the limit, or only its right half inside the canvas, is
 * replaced by a space in the column it can have.  Returns the columns
 * written on the canvas.
 */
static int put_limited(canvas *c, int x, int y, uint32_t ch, uint8_t style, uint8_t attr, int limit)
{
	int w = cell_width(ch);

	if (ch > 0x10ffff || (ch >= 0xd800 && ch <= 0xdfff)) {
		ch = UTF8_REPLACEMENT;
		w = 1;
	}
	if (limit > c->w)
		limit = c->w;
	if (w == 0 || y < 0 || y >= c->h || x >= limit || x + w <= 0)
		return 0;
	if (w == 2 && (x < 0 || x + 1 >= limit)) {
		if (x < 0)
			x = 0; /* the right half is the visible one */
		if (x >= limit)
			return 0;
		set(c, x, y, ' ', style, attr);
		return 1;
	}
	set(c, x, y, ch, style, attr);
	if (w == 2)
		set(c, x + 1, y, CANVAS_WIDE_TAIL, style, attr);
	return w;
}

int canvas_put(canvas *c, int x, int y, uint32_t ch, uint8_t style, uint8_t attr)
{
	return put_limited(c, x, y, ch, style, attr, c->w);
}

/* The return value counts the columns from x to the end of the last
 * character drawn, including any left of the canvas, so a caller can place
 * what follows; a wide character cut by maxw or the edge leaves a space and
 * counts one column. */
int canvas_text(canvas *c, int x, int y, int maxw, const char *s, uint8_t style, uint8_t attr)
{
	int limit, col = x;
	size_t n, off = 0;

	if (!s || maxw <= 0 || y < 0 || y >= c->h)
		return 0;
	limit = (long long)x + maxw < c->w ? x + maxw : c->w;
	n = strlen(s);
	while (off < n && col < limit) {
		uint32_t cp;
		int w;

		off += utf8_decode(s + off, n - off, &cp);
		w = cell_width(cp);
		if (col + w > limit) {
			col += put_limited(c, col, y, cp, style, attr, limit);
			break;
		}
		put_limited(c, col, y, cp, style, attr, limit);
		col += w;
	}
	return col - x;
}

int canvas_text_cut(canvas *c, int x, int y, int maxw, const char *s, uint8_t style, uint8_t attr,
		    uint32_t mark)
{
	if (!s || maxw <= 0)
		return 0;
	if (utf8_width(s) <= maxw)
		return canvas_text(c, x, y, maxw, s, style, attr);
	int cols = canvas_text(c, x, y, maxw - 1, s, style, attr);
	return cols + canvas_put(c, x + cols, y, mark, style, attr);
}

int canvas_printf(canvas *c, int x, int y, int maxw, uint8_t style, uint8_t attr, const char *fmt,
                  ...)
{
	char small[256], *buf = small;
	va_list ap;
	int len, cols;

	va_start(ap, fmt);
	len = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (len < 0)
		return 0;
	if ((size_t)len >= sizeof small) {
		buf = malloc((size_t)len + 1);
		if (buf) {
			va_start(ap, fmt);
			vsnprintf(buf, (size_t)len + 1, fmt, ap);
			va_end(ap);
		} else {
			buf = small; /* out of memory: draw what fitted */
		}
	}
	cols = canvas_text(c, x, y, maxw, buf, style, attr);
	if (buf != small)
		free(buf);
	return cols;
}

/* A wide fill character in a rectangle of odd width ends in a space, as
 * the rectangle's right edge acts as the limit. */
void canvas_fill(canvas *c, struct rect r, uint32_t ch, uint8_t style, uint8_t attr)
{
	int step = cell_width(ch) == 2 ? 2 : 1, x, y;

	if (r.w <= 0 || r.h <= 0 || cell_width(ch) == 0)
		return;
	for (y = r.y; y < r.y + r.h; y++) {
		if (y < 0 || y >= c->h)
			continue;
		for (x = r.x; x < r.x + r.w && x < c->w; x += step)
			put_limited(c, x, y, ch, style, attr, r.x + r.w);
	}
}

const struct cell *canvas_row(const canvas *c, int y)
{
	if (y < 0 || y >= c->h || c->w <= 0)
		return NULL;
	return at(c, 0, y);
}

const struct cell *canvas_cell(const canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return NULL;
	return at(c, x, y);
}

/* A row that does not fit in buf is cut before the first character that
 * would not fit whole, so buf always holds valid UTF-8. */
size_t canvas_row_text(const canvas *c, int y, char *buf, size_t size)
{
	size_t len = 0;
	int x;

	if (size == 0)
		return 0;
	for (x = 0; y >= 0 && y < c->h && x < c->w; x++) {
		const struct cell *p = at(c, x, y);
		char enc[4];
		size_t k;

		if (p->ch == CANVAS_WIDE_TAIL)
			continue;
		k = utf8_encode(p->ch, enc);
		if (len + k >= size)
			break;
		memcpy(buf + len, enc, k);
		len += k;
	}
	buf[len] = '\0';
	return len;
}

void canvas_blit(canvas *dst, int dx, int dy, const canvas *src, int sy, int w, int h)
{
	for (int y = 0; y < h; y++) {
		const struct cell *row = canvas_row(src, sy + y);
		if (!row || dy + y < 0 || dy + y >= dst->h)
			continue;
		for (int x = 0; x < w && x < src->w; x++) {
			if (row[x].ch == CANVAS_WIDE_TAIL)
				continue; /* its head put it */
			canvas_put(dst, dx + x, dy + y, row[x].ch, row[x].style, row[x].attr);
		}
	}
}
