/*
 * namecopy.c - see namecopy.h.
 */
#include <string.h>

#include "namecopy.h"

size_t name_copy_n(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size) {
		n = size - 1;
		/* src[n] is the first byte left out: while it continues a
		 * character, that character does not fit either. */
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	if (n)
		memmove(dst, src, n);
	dst[n] = '\0';
	return n;
}

size_t name_copy(char *dst, size_t size, const char *src)
{
	return name_copy_n(dst, size, src, src ? strlen(src) : 0);
}
