/*
 * registry.h - every lesson Weft has, in the order the browser lists them,
 * and the texts that go with each.
 */
#ifndef WEFT_REGISTRY_H
#define WEFT_REGISTRY_H

#include <stddef.h>

#include "lesson.h"

size_t registry_count(void);
/* Lesson i (0 .. count-1), in track order. */
const struct wf_lesson *registry_at(size_t i);
/* The lesson called `id` (listed, or one of the hidden test lessons), or NULL. */
const struct wf_lesson *registry_find(const char *id);
/* The lesson's Markdown text in `lang` ("en" or "zh"), falling back to
 * English; NULL when it has none. */
const char *registry_text(const struct wf_lesson *l, const char *lang);
/* The lesson's own C file, embedded ("lessons/threads/race.c"), found by
 * the convention lessons/<track>/<id with - as _>.c; NULL if there is none. */
const char *registry_source(const struct wf_lesson *l);
/* A track's display name in `lang`: "threads" -> "Threads" / "线程". */
const char *registry_track_title(const char *track, const char *lang);

#endif
