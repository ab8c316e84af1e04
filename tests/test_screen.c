/*
 * test_screen.c - the frame's own rows (status bar, title, browser) at the
 * documented minimum and above, and the ASCII fold: what must always be on
 * the screen is, and what is cut says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "registry.h"
#include "theme.h"
#include "widgets.h"

static const char *row(const canvas *c, int y)
{
	static char buf[2048];
	canvas_row_text(c, y, buf, sizeof buf);
	return buf;
}

/* The status row of a long note and big numbers at width w. */
static const char *status_at(int w, bool zh, const char *hints, const char *note)
{
	static canvas *c;
	canvas_free(c);
	c = canvas_new(w, 1);
	struct status s = {.mode = tr(M_MODE_DEADLOCK, zh), .speed = 0.25,
			   .lesson_ns = 12345678901, .events = 1234567890, .dropped = 98765432,
			   .note = note, .hints = hints};
	struct look k = {zh, false};
	statusbar_draw(c, (struct rect){0, 0, w, 1}, &s, &k);
	return row(c, 0);
}

static void test_screen_status_keeps_help_and_quit(void **state)
{
	(void)state;
	const enum msg hints[] = {M_HINTS_LESSON, M_HINTS_BROWSER, M_HINTS_STEP, M_HINTS_REPLAY};
	for (int zh = 0; zh < 2; zh++)
		for (size_t i = 0; i < sizeof hints / sizeof *hints; i++)
			for (int w = 80; w <= 200; w += 8) {
				const char *r = status_at(w, zh, tr(hints[i], zh),
							  "a note long enough to push everything else off the row");
				assert_non_null(strstr(r, zh ? "? 帮助" : "? help"));
				assert_non_null(strstr(r, zh ? "q 退出" : "q quit"));
			}
}

static void test_screen_status_drops_last_hints_first(void **state)
{
	(void)state;
	const char *r = status_at(100, false, tr(M_HINTS_LESSON, false), NULL);
	assert_non_null(strstr(r, "Space pause"));
	assert_null(strstr(r, "Tab panel")); /* listed last of the others: gone first */
	assert_non_null(strstr(r, "dropped 98765432")); /* lost events are never hidden */
	r = status_at(200, false, tr(M_HINTS_LESSON, false), NULL);
	assert_non_null(strstr(r, "Tab panel"));
	assert_non_null(strstr(r, "events 1234567890"));
	/* a long note: cut with the mark, never silently */
	r = status_at(80, false, tr(M_HINTS_LESSON, false),
		      "T1 waits for lock B held by T2, T2 waits for lock A held by T1, and so on");
	assert_non_null(strstr(r, "…"));
}

/* A lesson screen at w x h for lesson id with its defaults, not started. */
static void frame_of(canvas *c, const char *id, bool zh, bool ascii)
{
	struct cli cli;
	memset(&cli, 0, sizeof cli);
	cli.cmd = CLI_BROWSE;
	cli.lang = zh ? "zh" : "en";
	cli.ascii = ascii;
	cli.speed = 1;
	struct app a;
	app_init(&a, &cli);
	for (size_t i = 0; i < registry_count(); i++)
		if (strcmp(registry_at(i)->id, id) == 0)
			a.selected = i;
	app_draw(&a, c);
	app_free(&a);
}

/* True when s is a lesson's or a track's whole title. */
static bool whole_title(const char *s)
{
	for (size_t i = 0; i < registry_count(); i++)
		if (strcmp(s, registry_at(i)->title_en) == 0 ||
		    strcmp(s, registry_track_title(registry_at(i)->track, "en")) == 0)
			return true;
	return false;
}

static void test_screen_browser_marks_cut_titles(void **state)
{
	(void)state;
	canvas *c = canvas_new(80, 24);
	frame_of(c, "race", false, false);
	int cut = 0;
	for (int y = 2; y < 22; y++) {
		char left[256];
		const char *r = row(c, y), *bar = strstr(r, "│");
		assert_non_null(bar);
		snprintf(left, sizeof left, "%.*s", (int)(bar - r), r);
		for (size_t n = strlen(left); n && left[n - 1] == ' ';)
			left[--n] = 0;
		const char *t = left + strspn(left, " ");
		if (strncmp(t, "▸ ", strlen("▸ ")) == 0)
			t += strlen("▸ ");
		if (!*t)
			continue;
		size_t n = strlen(t);
		if (n >= 3 && strcmp(t + n - 3, "…") == 0)
			cut++;
		else if (!whole_title(t))
			fail_msg("row %d cut with no mark: '%s'", y, t);
	}
	assert_true(cut > 0); /* at 80 columns some titles do not fit */
	canvas_free(c);
}

static void test_screen_ascii_frame_is_ascii(void **state)
{
	(void)state;
	canvas *c = canvas_new(100, 30);
	frame_of(c, "process-queue", false, true);
	for (int y = 0; y < 30; y++)
		for (int x = 0; x < 100; x++)
			assert_true(canvas_cell(c, x, y)->ch < 0x80);
	/* Chinese stays (it is text, not a symbol); its punctuation too */
	assert_int_equal(theme_ascii(0x4e2d), 0x4e2d);
	assert_int_equal(theme_ascii(0xff0c), 0xff0c);
	assert_int_equal(theme_ascii(0x00b7), '.');
	assert_int_equal(theme_ascii(0x2248), '~');
	canvas_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_screen_status_keeps_help_and_quit),
		cmocka_unit_test(test_screen_status_drops_last_hints_first),
		cmocka_unit_test(test_screen_browser_marks_cut_titles),
		cmocka_unit_test(test_screen_ascii_frame_is_ascii),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
