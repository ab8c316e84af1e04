/*
 * print.c - what a lesson says: console lines and results.
 *
 * wf_print() puts each line into the arena's text ring and emits EV_PRINT
 * pointing at it; the collector copies it out, stamped with the event's
 * lesson time and actor.  wf_result() appends "key=value" pairs to the
 * arena's results, which the headless run prints as its `result:` line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "weft.h"

#define PRINT_MAX 512

void wf_print(const char *fmt, ...)
{
	char buf[PRINT_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (char *line = buf; *line;) {
		size_t len = strcspn(line, "\n");
		uint64_t at = arena_text_put(wf_arena, line, len);
		emit(EV_PRINT, WF_NONE, at, len);
		line += len;
		if (*line == '\n')
			line++;
	}
}

void wf_result(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + 1, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	buf[0] = ' ';
	size_t len = strlen(buf);
	struct arena_control *c = &wf_arena->ctl;
	uint32_t at = atomic_fetch_add(&c->results_len, (uint32_t)len);
	if (at + len < ARENA_RESULTS_SIZE)
		memcpy(c->results + at, buf, len);
}

void *wf_shared_alloc(size_t size)
{
	return arena_alloc(wf_arena, size);
}
