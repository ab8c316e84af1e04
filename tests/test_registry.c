/*
 * test_registry.c - the one list of lessons (lessons/lessons.def) against
 * what each listed lesson must bring: both texts, its embedded source, a
 * known track, a unique id, and parameters whose defaults validate.
 * (e2e_registry.sh runs every listed lesson headless to a result: line.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "params.h"
#include "registry.h"

static void test_registry_every_lesson_has_both_texts(void **state)
{
	(void)state;
	assert_true(registry_count() > 0);
	for (size_t i = 0; i < registry_count(); i++) {
		const struct wf_lesson *l = registry_at(i);
		char path[160];
		for (int lang = 0; lang < 2; lang++) {
			snprintf(path, sizeof path, "assets/lessons/%s.%s.md", l->id, lang ? "zh" : "en");
			if (!embedded_find(path))
				fail_msg("lesson %s has no %s", l->id, path);
		}
	}
}

static void test_registry_every_lesson_has_its_source(void **state)
{
	(void)state;
	for (size_t i = 0; i < registry_count(); i++) {
		const struct wf_lesson *l = registry_at(i);
		const char *src = registry_source(l);
		if (!src)
			fail_msg("lesson %s: no embedded lessons/%s/<id>.c", l->id, l->track);
		/* The file is the lesson's own: it defines the descriptor. */
		assert_non_null(strstr(src, "struct wf_lesson"));
	}
}

static void test_registry_ids_unique_tracks_known(void **state)
{
	(void)state;
	for (size_t i = 0; i < registry_count(); i++) {
		const struct wf_lesson *l = registry_at(i);
		assert_ptr_equal(registry_find(l->id), l);
		/* A known track has a title of its own, not the id echoed back. */
		if (registry_track_title(l->track, "en") == l->track)
			fail_msg("lesson %s: unknown track %s", l->id, l->track);
		assert_non_null(l->title_en);
		assert_non_null(l->title_zh);
		assert_non_null(l->run);
		for (size_t j = i + 1; j < registry_count(); j++)
			assert_string_not_equal(l->id, registry_at(j)->id);
	}
}

static void test_registry_defaults_validate(void **state)
{
	(void)state;
	for (size_t i = 0; i < registry_count(); i++) {
		const struct wf_lesson *l = registry_at(i);
		struct lesson_args args;
		lesson_args_init(&args, l);
		for (size_t p = 0; p < l->nparams; p++) {
			char kv[160], err[200];
			snprintf(kv, sizeof kv, "%s=%s", l->params[p].name, l->params[p].def);
			if (lesson_args_set(&args, l, kv, err, sizeof err) != 0)
				fail_msg("lesson %s: default %s refused: %s", l->id, kv, err);
		}
	}
}

static void test_registry_tracks_in_browser_order(void **state)
{
	(void)state;
	static const char *const order[] = {"concepts", "processes", "threads", "coroutines", "eventloop",
					     "modern"};
	const size_t ntracks = sizeof order / sizeof *order;
	size_t at = 0;
	for (size_t i = 0; i < registry_count(); i++) {
		const char *t = registry_at(i)->track;
		while (at < ntracks && strcmp(order[at], t) != 0)
			at++;
		if (at == ntracks)
			fail_msg("lesson %s: track %s out of browser order", registry_at(i)->id, t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_every_lesson_has_both_texts),
		cmocka_unit_test(test_registry_every_lesson_has_its_source),
		cmocka_unit_test(test_registry_ids_unique_tracks_known),
		cmocka_unit_test(test_registry_defaults_validate),
		cmocka_unit_test(test_registry_tracks_in_browser_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
