/*
 * fileline.h - "file:line: what is wrong", the one shape of every message
 * about bad input read from a file (trace files, scripts).
 */
#ifndef WEFT_FILELINE_H
#define WEFT_FILELINE_H

#include <stdarg.h>
#include <stddef.h>

/* Writes "name:line: <fmt, ap>" into err, on one line (control characters
 * from the input become '?'); returns -1, for a parser's own fail(...). */
int fileline_verror(char *err, size_t size, const char *name, size_t line, const char *fmt,
		    va_list ap) __attribute__((format(printf, 5, 0)));

#endif
