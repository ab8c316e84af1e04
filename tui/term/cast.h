/*
 * cast.h - the screen as an asciicast v2 recording (`--cast FILE`), which
 * `asciinema play` plays and asciinema's web player embeds.
 */
#ifndef WEFT_CAST_H
#define WEFT_CAST_H

#include <stdbool.h>
#include <stddef.h>

#include "canvas.h"

typedef struct cast cast;

/* Creates `path` and writes the header for a w×h screen titled `title`;
 * colour as the screen has it (false under NO_COLOR).  NULL with a
 * one-line reason in err when the file cannot be created. */
cast *cast_open(const char *path, int w, int h, const char *title, bool colour, char *err,
		size_t errsize);
/* Records frame c shown `t` seconds after the start: only the rows that
 * changed since the last frame, and a resize event when its size changed. */
void cast_frame(cast *k, const canvas *c, double t);
/* Closes and frees (NULL is fine).  0, or -1 if any write failed. */
int cast_close(cast *k);

#endif
