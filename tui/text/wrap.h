/*
 * wrap.h - a plain sentence wrapped into a rectangle.
 *
 * For the UI's own messages (a deadlock, "terminal too small"), which are
 * not Markdown.  Lines break at spaces, or anywhere next to a wide (CJK)
 * character; a word longer than the width is cut.  Lesson texts use mdview.
 */
#ifndef WEFT_WRAP_H
#define WEFT_WRAP_H

#include <stdint.h>

#include "canvas.h"

/* Draws text wrapped to r.w, at most r.h rows; returns the rows used. */
int wrap_draw(canvas *c, struct rect r, const char *text, uint8_t style, uint8_t attr);

#endif
