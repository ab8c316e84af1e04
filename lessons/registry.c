/*
 * registry.c - the list of lessons (see registry.h).  A new lesson adds one
 * line to `lessons` and its two texts under assets/lessons/.
 */
#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "registry.h"

extern const struct wf_lesson lesson_process_queue;
extern const struct wf_lesson lesson_thread_start_join;
extern const struct wf_lesson lesson_race;
extern const struct wf_lesson lesson_deadlock;
extern const struct wf_lesson lesson_generator_send;
extern const struct wf_lesson lesson_coroutine_pipeline;
extern const struct wf_lesson lesson_round_robin;
extern const struct wf_lesson lesson_task_scheduler;
extern const struct wf_lesson lesson_callbacks;
extern const struct wf_lesson lesson_switch_cost;
extern const struct wf_lesson lesson_loop_callbacks;
extern const struct wf_lesson lesson_await_vs_tasks;
extern const struct wf_lesson lesson_wait_for_timeout;
extern const struct wf_lesson lesson_async_queue;
extern const struct wf_lesson lesson_gather_wait;
extern const struct wf_lesson lesson_async_interleave;
extern const struct wf_lesson lesson_blocking_in_loop;
extern const struct wf_lesson lesson_loop_per_core;

static const struct wf_lesson *const lessons[] = {
	&lesson_process_queue,
	&lesson_thread_start_join,
	&lesson_race,
	&lesson_deadlock,
	&lesson_generator_send,
	&lesson_coroutine_pipeline,
	&lesson_round_robin,
	&lesson_task_scheduler,
	&lesson_callbacks,
	&lesson_switch_cost,
	&lesson_loop_callbacks,
	&lesson_await_vs_tasks,
	&lesson_wait_for_timeout,
	&lesson_async_queue,
	&lesson_gather_wait,
	&lesson_async_interleave,
	&lesson_blocking_in_loop,
	&lesson_loop_per_core,
};

/* Lessons for Weft's own tests (a crash, an exit, a fork bomb in a box):
 * `weft run` and `weft open` find them by id; list and the browser do not
 * show them. */
extern const struct wf_lesson lesson_test_segv;
extern const struct wf_lesson lesson_test_exit;
extern const struct wf_lesson lesson_test_forktree;
extern const struct wf_lesson lesson_test_spin;
extern const struct wf_lesson lesson_test_hog;
extern const struct wf_lesson lesson_test_forkbomb;
extern const struct wf_lesson lesson_test_soak;

static const struct wf_lesson *const test_lessons[] = {
	NULL, /* keeps the array non-empty; skipped */
	&lesson_test_segv,      /* testing/crash.c */
	&lesson_test_exit,      /* testing/exit.c */
	&lesson_test_forktree,  /* testing/forktree.c */
	&lesson_test_spin,      /* testing/runaway.c */
	&lesson_test_hog,
	&lesson_test_forkbomb,
	&lesson_test_soak,      /* testing/soak.c: weft bench --soak */
};

static const struct {
	const char *id, *en, *zh;
} tracks[] = {
	{"concepts", "Concepts", "概念"},
	{"processes", "Processes", "进程"},
	{"threads", "Threads", "线程"},
	{"coroutines", "Coroutines", "协程"},
	{"eventloop", "Event loop", "事件循环"},
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
