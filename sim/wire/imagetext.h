/*
 * imagetext.h - whether a string lies in the program's own read-only image.
 *
 * The lesson host is a fork of the UI and never execs, so a string literal
 * of a lesson (a WF_STEP label) sits at the same address in both and never
 * changes: an event may carry its address instead of a copy of its bytes
 * (EV_STEP's STEP_LABEL_IMAGE), and the UI reads it where it is.  The
 * ranges are the main program's read-only PT_LOAD segments, found once at
 * start (a constructor, before any fork); a pointer elsewhere (the stack,
 * the heap, a library) is not in them.
 */
#ifndef WEFT_IMAGETEXT_H
#define WEFT_IMAGETEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMAGE_RANGES 4

struct image_text {
	uintptr_t lo[IMAGE_RANGES], hi[IMAGE_RANGES];
	int n;
};

extern struct image_text image_text;

/* True when p lies in a read-only segment of the program's image. */
static inline bool image_text_holds(const void *p)
{
	uintptr_t a = (uintptr_t)p;
	for (int i = 0; i < image_text.n; i++)
		if (a >= image_text.lo[i] && a < image_text.hi[i])
			return true;
	return false;
}

/* The string at p if p is in the image and its NUL comes within max bytes
 * and the segment; NULL else. */
const char *image_text_string(uintptr_t p, size_t max);

#endif
