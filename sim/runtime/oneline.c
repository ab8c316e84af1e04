/*
 * oneline.c - see oneline.h.
 */
#include "oneline.h"

char *oneline(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
	return s;
}
