/*
 * cuttext.h - a name drawn in the columns it has, and marked where cut.
 *
 * A name wider than its room is not silently clipped: it keeps as much of
 * its start as fits in one column less and ends with "…" ("~" in ASCII),
 * so a reader knows there is more.  Never splits a wide character.
 */
#ifndef WEFT_CUTTEXT_H
#define WEFT_CUTTEXT_H

#include <stdbool.h>

#include "canvas.h"

/* Draws s at (x, y) in at most w columns, cut with a mark if it is wider;
 * returns the columns written. */
int cut_text(canvas *c, int x, int y, int w, const char *s, uint8_t style, uint8_t attr, bool ascii);

#endif
