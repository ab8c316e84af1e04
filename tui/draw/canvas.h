/*
 * canvas.h - a grid of cells every widget draws into.
 *
 * A cell holds one Unicode code point and a style.  A character two columns
 * wide (Chinese, full-width punctuation) occupies its cell and the next one,
 * which holds CANVAS_WIDE_TAIL; a wide character is never split: where only
 * one column is left it is replaced by a space.  Drawing outside the canvas
 * is clipped silently, so widgets need not check bounds.
 *
 * Widths come from utf8.h's cell_width(), not from the C library's
 * wcwidth(), so a frame is the same under every locale and in tests.
 */
#ifndef WEFT_CANVAS_H
#define WEFT_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#define CANVAS_WIDE_TAIL 0xffffffffu /* right half of a wide character */

/* Colour roles; the backend maps each to a colour pair or to monochrome. */
enum style {
	S_NORMAL = 0,
	S_DIM,
	S_TITLE,     /* headings, panel titles */
	S_ACCENT,    /* selection, key names */
	S_BORDER,
	S_RUNNING,   /* timeline states ... */
	S_RUNNABLE,
	S_BLOCKED,
	S_SLEEPING,
	S_EXITED,
	S_WARN,      /* dropped events, lock-order violations */
	S_ERROR,     /* deadlock */
	S_CODE,      /* code spans and blocks in lesson text */
	S_STATUS,    /* the status bar */
	S_ACTOR0,    /* S_ACTOR0 + (id % S_ACTOR_COUNT): one colour per actor */
	S_ACTOR_COUNT = 7,
	S_COUNT = S_ACTOR0 + S_ACTOR_COUNT
};

/* Attribute bits, combined with a style. */
enum {
	A_BOLD_ = 1,
	A_REVERSE_ = 2,
	A_UNDERLINE_ = 4,
};

struct cell {
	uint32_t ch;    /* code point, or CANVAS_WIDE_TAIL */
	uint8_t style;  /* enum style */
	uint8_t attr;   /* A_*_ bits */
};

struct rect {
	int x, y, w, h;
};

typedef struct canvas canvas;

/* A w×h canvas of spaces in S_NORMAL, or NULL when out of memory. */
canvas *canvas_new(int w, int h);
void canvas_free(canvas *c);
/* Changes the size and clears; returns 0, or -1 when out of memory (the old
 * grid is kept). */
int canvas_resize(canvas *c, int w, int h);
int canvas_width(const canvas *c);
int canvas_height(const canvas *c);
/* Every cell back to a space in S_NORMAL. */
void canvas_clear(canvas *c);

/* One code point at (x, y); returns the columns it took (0 if clipped). */
int canvas_put(canvas *c, int x, int y, uint32_t ch, uint8_t style, uint8_t attr);
/* UTF-8 text from (x, y), at most `maxw` columns; invalid bytes draw as
 * U+FFFD.  Returns the columns written. */
int canvas_text(canvas *c, int x, int y, int maxw, const char *s, uint8_t style, uint8_t attr);
/* canvas_text, but a text wider than maxw ends in `mark` (the theme's
 * "more" glyph, … or ~) in its last column, so a cut is never silent. */
int canvas_text_cut(canvas *c, int x, int y, int maxw, const char *s, uint8_t style, uint8_t attr,
		    uint32_t mark);
/* printf into canvas_text. */
int canvas_printf(canvas *c, int x, int y, int maxw, uint8_t style, uint8_t attr, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Fills a rectangle with one code point. */
void canvas_fill(canvas *c, struct rect r, uint32_t ch, uint8_t style, uint8_t attr);

/* Copies rows [sy, sy + h) of src, w columns from its left edge, to (dx, dy)
 * of dst, clipped to both: a widget drawn whole into a canvas of its own is
 * shown scrolled this way. */
void canvas_blit(canvas *dst, int dx, int dy, const canvas *src, int sy, int w, int h);
/* Cell (x, y), or NULL outside. */
const struct cell *canvas_cell(const canvas *c, int x, int y);
/* Row y: canvas_width() cells, left to right, contiguous; NULL outside. */
const struct cell *canvas_row(const canvas *c, int y);
/* Row y as UTF-8 (wide tails skipped, trailing spaces kept) into buf, always
 * NUL-terminated; returns the bytes written. */
size_t canvas_row_text(const canvas *c, int y, char *buf, size_t size);

#endif
