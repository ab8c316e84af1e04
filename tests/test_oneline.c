/*
 * test_oneline.c - error messages stay on one line whatever the input.
 *
 * The command line and --set values are quoted in the reasons they are
 * refused with; a newline or an escape in them must not split the reason
 * or reach the terminal (found by tests/fuzz/fuzz_params.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "cli.h"
#include "oneline.h"
#include "registry.h"

static void assert_one_line(const char *s)
{
	assert_true(strlen(s) > 0);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		assert_false(*p < 0x20 || *p == 0x7f);
}

static void test_oneline_replaces_controls(void **state)
{
	(void)state;
	char s[] = "a\nb\rc\td\x1b[2Je\x7f" "f 中文";
	assert_string_equal(oneline(s), "a?b?c?d?[2Je?f 中文");
	char empty[] = "";
	assert_string_equal(oneline(empty), "");
}

static void test_oneline_cli_unknown_option_with_newline(void **state)
{
	(void)state;
	struct cli c;
	char err[256];
	char *argv[] = {"weft", "--bad\noption", NULL};
	assert_int_equal(cli_parse(&c, 2, argv, err, sizeof err), -1);
	assert_one_line(err);
	assert_non_null(strstr(err, "--bad?option"));
}

static void test_oneline_cli_unknown_lesson_with_escape(void **state)
{
	(void)state;
	struct cli c;
	char err[256];
	char *argv[] = {"weft", "run", "\x1b]0;pwned\a", NULL};
	assert_int_equal(cli_parse(&c, 3, argv, err, sizeof err), -1);
	assert_one_line(err);
}

static void test_oneline_set_value_with_newline(void **state)
{
	(void)state;
	const struct wf_lesson *l = registry_find("race");
	assert_non_null(l);
	struct lesson_args args;
	lesson_args_init(&args, l);
	char err[256];
	assert_int_equal(lesson_args_set(&args, l, "\n", err, sizeof err), -1);
	assert_one_line(err);
	assert_int_equal(lesson_args_set(&args, l, "threads=4\n", err, sizeof err), -1);
	assert_one_line(err);
}

static void test_oneline_limit_value_with_newline(void **state)
{
	(void)state;
	struct cli c;
	char err[256];
	char *argv[] = {"weft", "run", "race", "--limit", "cpu=1\n0", NULL};
	assert_int_equal(cli_parse(&c, 5, argv, err, sizeof err), -1);
	assert_one_line(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oneline_replaces_controls),
		cmocka_unit_test(test_oneline_cli_unknown_option_with_newline),
		cmocka_unit_test(test_oneline_cli_unknown_lesson_with_escape),
		cmocka_unit_test(test_oneline_set_value_with_newline),
		cmocka_unit_test(test_oneline_limit_value_with_newline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
