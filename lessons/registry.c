/*
 * registry.c - the lessons of lessons.def, found by id, with their embedded
 * texts and sources (see registry.h).  A new lesson adds one line to
 * lessons.def and its two texts under assets/lessons/.
 */
#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "registry.h"

#define LESSON(track, sym) extern const struct wf_lesson lesson_##sym;
#define TEST_LESSON(sym) extern const struct wf_lesson lesson_##sym;
#include "lessons.def"
#undef LESSON
#undef TEST_LESSON

static const struct wf_lesson *const lessons[] = {
#define LESSON(track, sym) &lesson_##sym,
#define TEST_LESSON(sym)
#include "lessons.def"
#undef LESSON
#undef TEST_LESSON
};

/* Lessons for Weft's own tests (a crash, an exit, a fork bomb in a box):
 * `weft run` and `weft open` find them by id; list and the browser do not
 * show them. */
static const struct wf_lesson *const test_lessons[] = {
	NULL, /* keeps the array non-empty; skipped */
#define LESSON(track, sym)
#define TEST_LESSON(sym) &lesson_##sym,
#include "lessons.def"
#undef LESSON
#undef TEST_LESSON
};

static const struct {
	const char *id, *en, *zh;
} tracks[] = {
	{"concepts", "Concepts", "概念"},
	{"processes", "Processes", "进程"},
	{"threads", "Threads", "线程"},
	{"coroutines", "Coroutines", "协程"},
	{"eventloop", "Event loop", "事件循环"},
	{"modern", "Modern Python (3.11+)", "新版 Python（3.11+）"},
};

size_t registry_count(void)
{
	return sizeof lessons / sizeof *lessons;
}

const struct wf_lesson *registry_at(size_t i)
{
	return i < registry_count() ? lessons[i] : NULL;
}

const struct wf_lesson *registry_find(const char *id)
{
	for (size_t i = 0; i < registry_count(); i++)
		if (strcmp(lessons[i]->id, id) == 0)
			return lessons[i];
	for (size_t i = 0; i < sizeof test_lessons / sizeof *test_lessons; i++)
		if (test_lessons[i] && strcmp(test_lessons[i]->id, id) == 0)
			return test_lessons[i];
	return NULL;
}

const char *registry_text(const struct wf_lesson *l, const char *lang)
{
	char path[128];
	snprintf(path, sizeof path, "assets/lessons/%s.%s.md", l->id, lang);
	const struct embedded_file *f = embedded_find(path);
	if (!f && strcmp(lang, "en") != 0)
		return registry_text(l, "en");
	return f ? f->data : NULL;
}

const char *registry_source(const struct wf_lesson *l)
{
	char path[160];
	int n = snprintf(path, sizeof path, "lessons/%s/%s.c", l->track, l->id);
	for (int i = (int)strlen("lessons/") + (int)strlen(l->track) + 1; i < n; i++)
		if (path[i] == '-')
			path[i] = '_';
	const struct embedded_file *f = embedded_find(path);
	return f ? f->data : NULL;
}

const char *registry_track_title(const char *track, const char *lang)
{
	for (size_t i = 0; i < sizeof tracks / sizeof *tracks; i++)
		if (strcmp(tracks[i].id, track) == 0)
			return strcmp(lang, "zh") == 0 ? tracks[i].zh : tracks[i].en;
	return track;
}
