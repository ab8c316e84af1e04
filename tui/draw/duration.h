/*
 * duration.h - a span of lesson time as a few characters ("250ms", "1.5s").
 *
 * For axes, panels and the status bar: the unit is the largest that keeps
 * the number short, tenths appear only where they say something, and a
 * negative span reads as zero.
 */
#ifndef WEFT_DURATION_H
#define WEFT_DURATION_H

#include <stddef.h>
#include <stdint.h>

/* Writes ns as "12us", "3.5ms", "250ms", "1.25s" or "12s" into buf (always
 * terminated; cut to size). */
void duration_format(int64_t ns, char *buf, size_t size);

#endif
