/*
 * oneline.h - a message for the user, kept to one line.
 *
 * Error messages quote what the user typed or a file held ("unknown option
 * '%s'"); a newline, a carriage return or an escape sequence in that input
 * would break the one-line reason (or drive the terminal).  oneline()
 * replaces every control character (below 0x20, and 0x7f) with '?' in
 * place; the rest, UTF-8 included, is left as it is.
 */
#ifndef WEFT_ONELINE_H
#define WEFT_ONELINE_H

/* Returns s, with its control characters replaced by '?'. */
char *oneline(char *s);

#endif
