/*
 * test_cli.c - the command line, parsed into what to do.
 *
 * cli_parse does no I/O, so every good and bad command line is checked
 * here: what it means, or the one-line reason it is refused.  The locale
 * tests set LC_ALL, LC_MESSAGES and LANG themselves; the fixture saves and
 * restores them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const locale_vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
#define NVARS (sizeof locale_vars / sizeof *locale_vars)

struct fixture {
	struct cli cli;
	char err[256];
	char *saved[NVARS]; /* the environment before the test, NULL if unset */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	for (size_t i = 0; i < NVARS; i++) {
		const char *v = getenv(locale_vars[i]);
		f->saved[i] = v ? strdup(v) : NULL;
		unsetenv(locale_vars[i]);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	for (size_t i = 0; i < NVARS; i++) {
		if (f->saved[i])
			setenv(locale_vars[i], f->saved[i], 1);
		else
			unsetenv(locale_vars[i]);
		free(f->saved[i]);
	}
	free(f);
	return 0;
}

#define MAX_ARGS 16

/* Parses "weft" followed by the NULL-terminated words. */
static int parse_v(struct fixture *f, const char *first, va_list ap)
{
	char *argv[MAX_ARGS + 1] = {"weft"};
	int argc = 1;
	for (const char *w = first; w; w = va_arg(ap, const char *)) {
		if (argc == MAX_ARGS)
			fail_msg("too many words for %s", "parse");
		argv[argc++] = (char *)w;
	}
	argv[argc] = NULL;
	f->err[0] = 0;
	return cli_parse(&f->cli, argc, argv, f->err, sizeof f->err);
}

/* Expects the command line to parse. */
static void ok(struct fixture *f, const char *first, ...)
{
	va_list ap;
	va_start(ap, first);
	int r = parse_v(f, first, ap);
	va_end(ap);
	if (r != 0)
		fail_msg("refused: %s", f->err);
}

/* Expects the command line to be refused with a one-line reason that
 * contains `want`. */
static void refused(struct fixture *f, const char *want, const char *first, ...)
{
	va_list ap;
	va_start(ap, first);
	int r = parse_v(f, first, ap);
	va_end(ap);
	if (r != -1)
		fail_msg("accepted (command %d), want an error with '%s'", (int)f->cli.cmd, want);
	if (!f->err[0] || strchr(f->err, '\n'))
		fail_msg("reason '%s' is not one non-empty line", f->err);
	if (!strstr(f->err, want))
		fail_msg("reason '%s' does not contain '%s'", f->err, want);
}

static const char *arg_value(const struct cli *c, const char *name)
{
	for (unsigned i = 0; i < c->args.n; i++)
		if (strcmp(c->args.p[i].name, name) == 0)
			return c->args.p[i].value;
	return "(none)";
}

static void test_cli_no_args_browses(void **state)
{
	struct fixture *f = *state;
	ok(f, NULL);
	assert_int_equal(f->cli.cmd, CLI_BROWSE);
	assert_null(f->cli.lesson);
	assert_true(f->cli.speed == 1.0);
	assert_true(f->cli.timeout == 0);
	assert_null(f->cli.lang);
	assert_false(f->cli.ascii);
}

static void test_cli_list(void **state)
{
	struct fixture *f = *state;
	ok(f, "list", NULL);
	assert_int_equal(f->cli.cmd, CLI_LIST);
	assert_null(f->cli.lesson);
	/* `weft list LESSON`: that lesson's parameters. */
	ok(f, "list", "race", NULL);
	assert_int_equal(f->cli.cmd, CLI_LIST);
	assert_string_equal(f->cli.lesson->id, "race");
	refused(f, "unknown lesson", "list", "nosuch", NULL);
}

static void test_cli_export(void **state)
{
	struct fixture *f = *state;
	ok(f, "export", "run.trace", "--chrome", "out.json", NULL);
	assert_int_equal(f->cli.cmd, CLI_EXPORT);
	assert_string_equal(f->cli.file, "run.trace");
	assert_string_equal(f->cli.chrome, "out.json");
	assert_null(f->cli.text);
	ok(f, "export", "--text=-", "run.trace", NULL);
	assert_string_equal(f->cli.text, "-");
	refused(f, "one of --chrome", "export", "run.trace", NULL);
	refused(f, "one of --chrome", "export", "run.trace", "--text", "a", "--chrome", "b", NULL);
	refused(f, "needs a FILE", "export", "--text", "a", NULL);
	refused(f, "--chrome is for export", "replay", "run.trace", "--chrome", "b", NULL);
}

static void test_cli_run_with_options(void **state)
{
	struct fixture *f = *state;
	ok(f, "run", "race", "--set", "lock=on", "--speed", "2", "--timeout", "5", NULL);
	assert_int_equal(f->cli.cmd, CLI_RUN);
	assert_non_null(f->cli.lesson);
	assert_string_equal(f->cli.lesson->id, "race");
	assert_true(f->cli.speed == 2.0);
	assert_true(f->cli.timeout == 5.0);
	assert_string_equal(arg_value(&f->cli, "lock"), "on");
	assert_string_equal(arg_value(&f->cli, "threads"), "8"); /* default kept */
}

static void test_cli_equals_forms_and_option_order(void **state)
{
	struct fixture *f = *state;
	ok(f, "--speed=0.5", "--set=threads=3", "run", "--set", "lock=on", "race", NULL);
	assert_int_equal(f->cli.cmd, CLI_RUN);
	assert_string_equal(f->cli.lesson->id, "race");
	assert_true(f->cli.speed == 0.5);
	assert_string_equal(arg_value(&f->cli, "threads"), "3");
	assert_string_equal(arg_value(&f->cli, "lock"), "on");
}

static void test_cli_open_lesson(void **state)
{
	struct fixture *f = *state;
	ok(f, "open", "deadlock", "--set", "order=fixed", "--ascii", "--lang", "zh", NULL);
	assert_int_equal(f->cli.cmd, CLI_OPEN);
	assert_string_equal(f->cli.lesson->id, "deadlock");
	assert_string_equal(arg_value(&f->cli, "order"), "fixed");
	assert_true(f->cli.ascii);
	assert_string_equal(f->cli.lang, "zh");
}

static void test_cli_speed_limits_accepted(void **state)
{
	struct fixture *f = *state;
	ok(f, "run", "race", "--speed", "0.05", NULL);
	assert_true(f->cli.speed == 0.05);
	ok(f, "run", "race", "--speed", "20", NULL);
	assert_true(f->cli.speed == 20.0);
}

static void test_cli_help_and_version(void **state)
{
	struct fixture *f = *state;
	ok(f, "--help", NULL);
	assert_int_equal(f->cli.cmd, CLI_HELP);
	ok(f, "-h", NULL);
	assert_int_equal(f->cli.cmd, CLI_HELP);
	ok(f, "run", "race", "--help", NULL);
	assert_int_equal(f->cli.cmd, CLI_HELP);
	ok(f, "--version", NULL);
	assert_int_equal(f->cli.cmd, CLI_VERSION);
	ok(f, "-V", NULL);
	assert_int_equal(f->cli.cmd, CLI_VERSION);
	assert_non_null(strstr(cli_usage(), "usage"));
	assert_non_null(strstr(cli_usage(), "--set"));
}

static void test_cli_unknown_command(void **state)
{
	struct fixture *f = *state;
	refused(f, "'frobnicate'", "frobnicate", NULL);
}

static void test_cli_unknown_lesson(void **state)
{
	struct fixture *f = *state;
	refused(f, "'nope'", "run", "nope", NULL);
	refused(f, "'nope'", "open", "nope", NULL);
}

static void test_cli_run_without_lesson(void **state)
{
	struct fixture *f = *state;
	refused(f, "lesson", "run", NULL);
	refused(f, "run", "run", "--speed", "2", NULL);
	refused(f, "open", "open", NULL);
}

static void test_cli_extra_argument(void **state)
{
	struct fixture *f = *state;
	refused(f, "'extra'", "run", "race", "extra", NULL);
	refused(f, "'deadlock'", "list", "race", "deadlock", NULL);
}

static void test_cli_speed_out_of_range(void **state)
{
	struct fixture *f = *state;
	refused(f, "--speed", "run", "race", "--speed", "0", NULL);
	refused(f, "between", "run", "race", "--speed", "0", NULL);
	refused(f, "between", "run", "race", "--speed", "100", NULL);
	refused(f, "between", "run", "race", "--speed", "-1", NULL);
}

static void test_cli_speed_not_a_number(void **state)
{
	struct fixture *f = *state;
	refused(f, "'abc'", "run", "race", "--speed", "abc", NULL);
	refused(f, "number", "run", "race", "--speed", "2x", NULL);
	refused(f, "number", "run", "race", "--speed", "", NULL);
	refused(f, "number", "run", "race", "--speed", "nan", NULL);
	refused(f, "number", "run", "race", "--speed=", NULL);
}

static void test_cli_option_without_value(void **state)
{
	struct fixture *f = *state;
	refused(f, "--speed", "run", "race", "--speed", NULL);
	refused(f, "--set", "run", "race", "--set", NULL);
	refused(f, "--timeout", "run", "race", "--timeout", NULL);
	refused(f, "--lang", "--lang", NULL);
}

static void test_cli_set_needs_lesson(void **state)
{
	struct fixture *f = *state;
	refused(f, "--set", "list", "--set", "threads=2", NULL);
	refused(f, "--set", "--set", "threads=2", NULL);
}

static void test_cli_bad_set_value(void **state)
{
	struct fixture *f = *state;
	refused(f, "between", "run", "race", "--set", "threads=0", NULL);
	refused(f, "'nope'", "run", "race", "--set", "nope=1", NULL);
	refused(f, "name=value", "run", "race", "--set", "threads", NULL);
}

static void test_cli_timeout_only_for_run(void **state)
{
	struct fixture *f = *state;
	refused(f, "--timeout", "open", "race", "--timeout", "5", NULL);
	refused(f, "--timeout", "run", "race", "--timeout", "0", NULL);
	refused(f, "--timeout", "run", "race", "--timeout", "soon", NULL);
}

static void test_cli_bench_flags(void **state)
{
	struct fixture *f = *state;
	ok(f, "bench", NULL);
	assert_int_equal(f->cli.cmd, CLI_BENCH);
	assert_false(f->cli.quick);
	assert_false(f->cli.json);
	ok(f, "--json", "bench", "--quick", NULL);
	assert_int_equal(f->cli.cmd, CLI_BENCH);
	assert_true(f->cli.quick);
	assert_true(f->cli.json);
	refused(f, "--quick is for bench", "list", "--quick", NULL);
	refused(f, "--json is for bench", "run", "race", "--json", NULL);
	refused(f, "unexpected argument 'race'", "bench", "race", NULL);
}

static void test_cli_unknown_option(void **state)
{
	struct fixture *f = *state;
	refused(f, "'--bogus'", "--bogus", NULL);
	refused(f, "'--settings'", "run", "race", "--settings", NULL);
	refused(f, "'-x'", "run", "race", "-x", NULL);
}

static void test_cli_bad_language(void **state)
{
	struct fixture *f = *state;
	refused(f, "'fr'", "--lang", "fr", NULL);
	refused(f, "en or zh", "list", "--lang=de", NULL);
}

static void test_cli_language_from_flag(void **state)
{
	struct fixture *f = *state;
	setenv("LANG", "zh_CN.UTF-8", 1);
	ok(f, "--lang", "en", NULL);
	assert_string_equal(cli_language(&f->cli), "en");
	unsetenv("LANG");
	ok(f, "--lang", "zh", NULL);
	assert_string_equal(cli_language(&f->cli), "zh");
}

static void test_cli_language_from_environment(void **state)
{
	struct fixture *f = *state;
	ok(f, NULL);
	assert_string_equal(cli_language(&f->cli), "en"); /* nothing set */
	setenv("LANG", "zh_CN.UTF-8", 1);
	assert_string_equal(cli_language(&f->cli), "zh");
	setenv("LANG", "en_US.UTF-8", 1);
	assert_string_equal(cli_language(&f->cli), "en");
	setenv("LC_MESSAGES", "zh_TW.UTF-8", 1);
	assert_string_equal(cli_language(&f->cli), "zh");
	setenv("LC_ALL", "C", 1); /* LC_ALL overrides the others */
	assert_string_equal(cli_language(&f->cli), "en");
	setenv("LC_ALL", "", 1); /* set but empty: ignored */
	assert_string_equal(cli_language(&f->cli), "zh");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_cli_no_args_browses),
		T(test_cli_list),
		T(test_cli_export),
		T(test_cli_run_with_options),
		T(test_cli_equals_forms_and_option_order),
		T(test_cli_open_lesson),
		T(test_cli_speed_limits_accepted),
		T(test_cli_help_and_version),
		T(test_cli_unknown_command),
		T(test_cli_unknown_lesson),
		T(test_cli_run_without_lesson),
		T(test_cli_extra_argument),
		T(test_cli_speed_out_of_range),
		T(test_cli_speed_not_a_number),
		T(test_cli_option_without_value),
		T(test_cli_set_needs_lesson),
		T(test_cli_bad_set_value),
		T(test_cli_timeout_only_for_run),
		T(test_cli_bench_flags),
		T(test_cli_unknown_option),
		T(test_cli_bad_language),
		T(test_cli_language_from_flag),
		T(test_cli_language_from_environment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
