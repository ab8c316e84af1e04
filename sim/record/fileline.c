/*
 * fileline.c - see fileline.h.
 */
#include <stdio.h>

#include "fileline.h"
#include "oneline.h"

int fileline_verror(char *err, size_t size, const char *name, size_t line, const char *fmt,
		    va_list ap)
{
	char why[256];
	vsnprintf(why, sizeof why, fmt, ap);
	snprintf(err, size, "%s:%zu: %s", name, line, why);
	oneline(err);
	return -1;
}
