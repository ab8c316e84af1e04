/*
 * duration.c - see duration.h.
 */
#include <stdio.h>

#include "duration.h"

void duration_format(int64_t ns, char *buf, size_t size)
{
	if (ns < 0)
		ns = 0;
	if (ns >= 10000000000LL || (ns >= 1000000000 && ns % 100000000 == 0))
		snprintf(buf, size, "%.*fs", ns % 1000000000 ? 1 : 0, (double)ns / 1e9);
	else if (ns >= 1000000000)
		snprintf(buf, size, "%.2fs", (double)ns / 1e9);
	else if (ns >= 1000000 && ns < 10000000 && ns % 1000000)
		snprintf(buf, size, "%.1fms", (double)ns / 1e6);
	else if (ns >= 1000000)
		snprintf(buf, size, "%lldms", (long long)(ns / 1000000));
	else
		snprintf(buf, size, "%lldus", (long long)(ns / 1000));
}
