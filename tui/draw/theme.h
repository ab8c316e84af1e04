/*
 * theme.h - how states look: a glyph and a style for each, in Unicode or
 * ASCII.
 *
 * Every state has its own glyph, so the timeline reads in monochrome
 * (NO_COLOR) and on a projector as well as in colour; colour only adds.
 * ASCII glyphs are used with --ascii or when the locale is not UTF-8.
 */
#ifndef WEFT_THEME_H
#define WEFT_THEME_H

#include <stdbool.h>
#include <stdint.h>

#include "canvas.h"
#include "model.h"

struct glyphs {
	uint32_t state[AS_COUNT]; /* timeline cell per enum actor_state */
	uint32_t hline;           /* panel title rules */
	uint32_t vline;           /* the column between left and right */
	uint32_t tick;            /* time-axis tick */
	uint32_t bar;             /* queue chart cell */
	uint32_t cap;             /* queue capacity mark */
	uint32_t select;          /* browser selection marker */
	uint32_t more;            /* the end of a cut text, or more rows below */
};

const struct glyphs *theme_glyphs(bool ascii);
/* The style (enum style, canvas.h) for an actor state. */
uint8_t theme_state_style(unsigned state);
/* The foreground colour of a style (enum style): an xterm-256 index when
 * c256, else one of the 8 basic colours (0-7); -1 for the terminal's own.
 * Okabe-Ito, colour-blind safe.  The curses backend and the asciicast
 * writer both paint with it. */
short theme_colour(uint8_t style, bool c256);

/* The ASCII stand-in for a symbol (· → '.', ≈ → '~', box drawing → - | +),
 * or cp itself: ASCII, wide (Chinese) characters and letters are kept. */
uint32_t theme_ascii(uint32_t cp);
/* Every cell of c through theme_ascii(): with --ascii or without a UTF-8
 * locale no symbol reaches the terminal as '?' or at an unknown width. */
void theme_ascii_fold(canvas *c);

#endif
