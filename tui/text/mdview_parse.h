/*
 * mdview_parse.h - what the two halves of the lesson-text view share
 * (internal to tui/text/mdview.c and tui/text/mdview_parse.c).
 *
 * A view holds its parsed blocks (text, runs, blocks: written by the
 * parser) and its layout (cells, lines and scratch: written by the layout).
 * See mdview.c for the whole design.
 */
#ifndef WEFT_MDVIEW_PARSE_H
#define WEFT_MDVIEW_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "mdview.h"

#define MDV_NEST 16   /* containers nested deeper than this add no prefix */
#define MDV_TABSTOP 4 /* tab stops in code blocks */

/* A growable array of elements of `size` bytes. */
struct vec {
	void *p;
	size_t n, cap, size;
};

enum bkind { BK_TEXT, BK_CODE, BK_RULE };

struct run {
	size_t off, len; /* bytes in v->text */
	uint8_t style, attr;
};

struct runs {
	size_t at, n; /* a range of v->runs */
};

struct block {
	enum bkind kind;
	int heading;       /* 1..6 for a heading, else 0 */
	int gap;           /* a blank line goes before it */
	struct runs gapp;  /* prefix of that blank line, before trimming */
	struct runs first; /* prefix of the first line */
	struct runs cont;  /* prefix of every other line */
	struct runs body;
};

/* One laid-out character; also the scratch unit of the layout, where cp may
 * be '\n' (hard break) or '\r' (soft break) with w == 0. */
struct glyph {
	uint32_t cp;
	uint8_t style, attr, w;
};

struct line {
	size_t at, n; /* a range of v->cells */
};

struct mdview {
	int ascii;
	char *title;        /* first H1 as plain text; NULL if none */
	struct vec text;    /* char */
	struct vec runs;    /* struct run */
	struct vec blocks;  /* struct block */
	int width;          /* width of the layout below; 0 when there is none */
	int hscroll;        /* code blocks start this many columns in */
	int laid_hscroll;   /* the hscroll the layout below was made with */
	int code_width;     /* the widest code line with its indent, in that layout */
	struct vec cells;   /* struct glyph: every line's glyphs, in order */
	struct vec lines;   /* struct line */
	struct vec scratch; /* struct glyph: the block being laid out */
	struct vec pfirst;  /* struct glyph: its first-line prefix */
	struct vec pcont;   /* struct glyph: its other-line prefix */
};

/* An empty array of elements of `size` bytes. */
void vec_init(struct vec *a, size_t size);
/* Appends `count` uninitialised elements; returns the first (never NULL
 * when count is 0), or NULL when out of memory (the array is unchanged). */
void *vec_add(struct vec *a, size_t count);

/* Parses md into v's blocks with md4c: 0, 1 when md4c failed, -1 when out
 * of memory. */
int mdview_parse(mdview *v, const char *md, size_t len);
/* Replaces whatever a failed parse left with one block of the raw text, its
 * line ends as hard breaks: 0, or -1 when out of memory. */
int mdview_parse_raw(mdview *v, const char *md, size_t len);

#endif
