/*
 * headless.h - the text backend: a canvas printed as plain lines.
 *
 * What `weft` writes for text frames and what golden tests compare: one line
 * per canvas row, UTF-8, no styles, trailing spaces trimmed, so a frame is
 * the same whatever the terminal or locale.
 */
#ifndef WEFT_HEADLESS_H
#define WEFT_HEADLESS_H

#include <stdio.h>

#include "canvas.h"

/* Prints every row of c to out, each followed by '\n'; write errors are left
 * in out's error indicator for the caller to check with ferror(). */
void headless_print(const canvas *c, FILE *out);

#endif
