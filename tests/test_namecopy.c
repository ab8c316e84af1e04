/*
 * test_namecopy.c - names cut to their fixed arrays keep whole characters.
 *
 * The arena's actor and object names were cut with strncpy, which could
 * leave the first byte of a Chinese character at the end of a name (and
 * the UI drew a replacement glyph); every copy now goes through
 * name_copy().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "fixtures.h"
#include "namecopy.h"

/* 11 three-byte characters: 33 bytes, one more than a name array holds. */
#define ELEVEN_ZH "一二三四五六七八九十百"

static void test_namecopy_short_names_are_copied_whole(void **state)
{
	(void)state;
	char d[8];
	assert_int_equal(name_copy(d, sizeof d, "worker"), 6);
	assert_string_equal(d, "worker");
	assert_int_equal(name_copy(d, sizeof d, "1234567"), 7); /* exactly fits */
	assert_string_equal(d, "1234567");
	assert_int_equal(name_copy(d, sizeof d, NULL), 0);
	assert_string_equal(d, "");
}

static void test_namecopy_ascii_is_cut_to_size(void **state)
{
	(void)state;
	char d[8];
	assert_int_equal(name_copy(d, sizeof d, "123456789"), 7);
	assert_string_equal(d, "1234567");
}

static void test_namecopy_never_cuts_a_character(void **state)
{
	(void)state;
	char d[32];
	/* 31 bytes would end one byte into 十: the copy stops before it. */
	assert_int_equal(name_copy(d, sizeof d, ELEVEN_ZH), 30);
	assert_string_equal(d, "一二三四五六七八九十");
	char e[6]; /* room for 5 bytes: "ab" and one character, not two */
	assert_int_equal(name_copy(e, sizeof e, "ab中文"), 5);
	assert_string_equal(e, "ab中");
	char f[3]; /* no whole character fits */
	assert_int_equal(name_copy(f, sizeof f, "中"), 0);
	assert_string_equal(f, "");
}

static void test_namecopy_n_reads_no_further_than_n(void **state)
{
	(void)state;
	char d[32];
	const char line[] = "worker-1 and the rest of the line";
	assert_int_equal(name_copy_n(d, sizeof d, line, 8), 8);
	assert_string_equal(d, "worker-1");
	assert_int_equal(name_copy_n(d, 4, "中文", 6), 3);
	assert_string_equal(d, "中");
}

/* The copy the review found: actor and object names in the arena. */
static void test_namecopy_arena_names_keep_whole_characters(void **state)
{
	(void)state;
	assert_int_equal(fixture_arena_up(1.0, false), 0);
	uint16_t a = actor_register(ELEVEN_ZH, AK_THREAD, WF_NONE);
	uint16_t o = object_register(ELEVEN_ZH, OBJ_MUTEX, 0);
	assert_int_not_equal(a, WF_NONE);
	assert_int_not_equal(o, WF_NONE);
	assert_string_equal(wf_arena->actors[a].name, "一二三四五六七八九十");
	assert_string_equal(wf_arena->objects[o].name, "一二三四五六七八九十");
	fixture_arena_down();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_namecopy_short_names_are_copied_whole),
		cmocka_unit_test(test_namecopy_ascii_is_cut_to_size),
		cmocka_unit_test(test_namecopy_never_cuts_a_character),
		cmocka_unit_test(test_namecopy_n_reads_no_further_than_n),
		cmocka_unit_test(test_namecopy_arena_names_keep_whole_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
