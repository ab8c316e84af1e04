/*
 * fileline.h - "file:line: what is wrong", the one shape of every message
 * about bad input read from a file (trace files, scripts); and the one way
 * such a file is opened, which refuses what is not a regular file.
 */
#ifndef WEFT_FILELINE_H
#define WEFT_FILELINE_H

#include <stdarg.h>
#include <stddef.h>

/* Writes "name:line: <fmt, ap>" into err, on one line (control characters
 * from the input become '?'); returns -1, for a parser's own fail(...). */
int fileline_verror(char *err, size_t size, const char *name, size_t line, const char *fmt,
		    va_list ap) __attribute__((format(printf, 5, 0)));

/* Opens path for reading without ever blocking (a FIFO with no writer, a
 * terminal): only a regular file of at most max bytes is taken.  `what` names
 * it in the message ("a trace": "x.trace: a FIFO, not a trace").  The fd, or
 * -1 with "path: why" in err. */
int fileline_open(const char *path, unsigned long long max, const char *what, char *err,
		  size_t size);

#endif
