/*
 * utf8.h - decoding UTF-8 and measuring it in terminal columns.
 *
 * Independent of the C locale: the same string has the same width under
 * LANG=C, in a test and in a Chinese terminal.  Widths follow Unicode's East
 * Asian Width: W and F are 2 columns, combining marks and zero-width
 * characters 0, control characters 0, everything else 1.  Ambiguous-width
 * characters (box drawing, blocks) count as 1; `--ascii` avoids them.
 */
#ifndef WEFT_UTF8_H
#define WEFT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xfffdu

/* Decodes one code point from s (at most n bytes) into *cp; returns the bytes
 * used (1..4), or 0 when n == 0.  Invalid or truncated input gives
 * UTF8_REPLACEMENT and consumes one byte, so a loop always makes progress. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp into out (4 bytes room); returns the bytes written. */
size_t utf8_encode(uint32_t cp, char *out);
/* Columns one code point takes: 0, 1 or 2. */
int cell_width(uint32_t cp);
/* Columns a UTF-8 string takes. */
int utf8_width(const char *s);
/* Bytes of the longest prefix of s that fits in `cols` columns. */
size_t utf8_fit(const char *s, int cols);

#endif
