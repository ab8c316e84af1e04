/*
 * embedded.h - files compiled into the binary (lesson texts).
 *
 * The table is generated at build time by cmake/embed.cmake from
 * assets/lessons/; it ends with an entry whose path is NULL.  Each file's
 * bytes are followed by a NUL, so a text can be used as a C string.
 */
#ifndef WEFT_EMBEDDED_H
#define WEFT_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *path;  /* relative to the source tree: "assets/lessons/race.en.md" */
	const char *data;
	size_t size;
};

extern const struct embedded_file embedded_files[];

/* The file at `path`, or NULL. */
const struct embedded_file *embedded_find(const char *path);

#endif
