/*
 * namecopy.h - a name copied into a fixed array, never cutting a character.
 *
 * Actors, objects, loop callbacks and coroutines carry their names in
 * fixed arrays (the arena's, the model's, a trace's).  A name longer than
 * its array is cut at the last UTF-8 character boundary that fits, so that
 * a Chinese name loses whole characters, never half of one; the copy is
 * always terminated.  Bytes that are not UTF-8 are copied as they are.
 */
#ifndef WEFT_NAMECOPY_H
#define WEFT_NAMECOPY_H

#include <stddef.h>

/* Copies the string src (NULL: the empty name) into dst of `size` bytes
 * (size > 0), cut to fit as above; returns the bytes copied. */
size_t name_copy(char *dst, size_t size, const char *src);
/* The same for the n bytes at src, which need no terminator. */
size_t name_copy_n(char *dst, size_t size, const char *src, size_t n);

#endif
