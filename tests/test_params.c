/*
 * test_params.c - lesson parameters: defaults, and validating "name=value"
 * from the command line before a lesson starts.
 *
 * The fixture is a lesson of its own with one integer and one choice
 * parameter, so the tests do not change when a real lesson does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "params.h"
#include "registry.h"

static const struct wf_param test_params[] = {
	{"threads", NULL, "8", 1, 100, "threads"},
	{"lock", "on|off", "off", 0, 0, "lock or not"},
};

static const struct wf_lesson test_lesson = {
	.id = "fixture",
	.track = "threads",
	.title_en = "Fixture",
	.title_zh = "Fixture",
	.params = test_params,
	.nparams = 2,
	.run = NULL,
};

static const struct wf_lesson no_params = {
	.id = "bare", .track = "threads", .title_en = "Bare", .title_zh = "Bare",
};

struct fixture {
	struct lesson_args args;
	char err[256];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	lesson_args_init(&f->args, &test_lesson);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

#define assert_contains(hay, needle)                                                     \
	do {                                                                             \
		if (!strstr((hay), (needle)))                                            \
			fail_msg("'%s' does not contain '%s'", (hay), (needle));         \
	} while (0)

/* The current args as "threads=8 lock=off". */
static const char *formatted(const struct fixture *f)
{
	static char buf[256];
	return lesson_args_format(&f->args, buf, sizeof buf);
}

/* Sets kv, expecting it to be refused with a one-line reason and the args
 * left as they were; returns the reason. */
static const char *refused(struct fixture *f, const char *kv)
{
	char before[256];
	strcpy(before, formatted(f));
	f->err[0] = 0;
	if (lesson_args_set(&f->args, &test_lesson, kv, f->err, sizeof f->err) != -1)
		fail_msg("'%s' was accepted", kv);
	if (!f->err[0] || strchr(f->err, '\n'))
		fail_msg("'%s': reason '%s' is not one non-empty line", kv, f->err);
	assert_string_equal(formatted(f), before);
	return f->err;
}

static void accepted(struct fixture *f, const char *kv)
{
	f->err[0] = 0;
	if (lesson_args_set(&f->args, &test_lesson, kv, f->err, sizeof f->err) != 0)
		fail_msg("'%s' was refused: %s", kv, f->err);
}

static void test_params_init_gives_defaults(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(f->args.n, 2);
	assert_string_equal(f->args.p[0].name, "threads");
	assert_string_equal(f->args.p[0].value, "8");
	assert_string_equal(f->args.p[1].name, "lock");
	assert_string_equal(f->args.p[1].value, "off");
	assert_string_equal(formatted(f), "threads=8 lock=off");
}

static void test_params_init_real_lesson_defaults(void **state)
{
	struct fixture *f = *state;
	const struct wf_lesson *race = registry_find("race");
	assert_non_null(race);
	lesson_args_init(&f->args, race);
	assert_int_equal(f->args.n, race->nparams);
	for (size_t i = 0; i < race->nparams; i++) {
		assert_string_equal(f->args.p[i].name, race->params[i].name);
		assert_string_equal(f->args.p[i].value, race->params[i].def);
	}
}

static void test_params_init_no_params(void **state)
{
	struct fixture *f = *state;
	lesson_args_init(&f->args, &no_params);
	assert_int_equal(f->args.n, 0);
	assert_string_equal(formatted(f), "");
}

static void test_params_set_valid_int(void **state)
{
	struct fixture *f = *state;
	accepted(f, "threads=16");
	assert_string_equal(formatted(f), "threads=16 lock=off");
	accepted(f, "threads=1");
	assert_string_equal(f->args.p[0].value, "1");
	accepted(f, "threads=100");
	assert_string_equal(f->args.p[0].value, "100");
}

static void test_params_set_out_of_range_names_range(void **state)
{
	struct fixture *f = *state;
	const char *why = refused(f, "threads=0");
	assert_contains(why, "threads");
	assert_contains(why, "between 1 and 100");
	assert_contains(why, "0");
	why = refused(f, "threads=101");
	assert_contains(why, "between 1 and 100");
	assert_contains(why, "101");
	why = refused(f, "threads=-5");
	assert_contains(why, "-5");
}

static void test_params_set_not_a_number(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = {"threads=abc", "threads=", "threads=12x", "threads=1.5", "threads=0x10",
			     "threads=99999999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *why = refused(f, bad[i]);
		assert_contains(why, "threads");
		assert_contains(why, "number");
	}
}

static void test_params_set_unknown_name_lists_names(void **state)
{
	struct fixture *f = *state;
	const char *why = refused(f, "nope=1");
	assert_contains(why, "nope");
	assert_contains(why, "threads");
	assert_contains(why, "lock");
	/* A prefix of a real name is not that name. */
	why = refused(f, "thread=4");
	assert_contains(why, "'thread'");
	why = refused(f, "threadsx=4");
	assert_contains(why, "threadsx");
}

static void test_params_set_unknown_name_without_params(void **state)
{
	struct fixture *f = *state;
	lesson_args_init(&f->args, &no_params);
	assert_int_equal(lesson_args_set(&f->args, &no_params, "x=1", f->err, sizeof f->err), -1);
	assert_contains(f->err, "'x'");
	assert_contains(f->err, "none");
}

static void test_params_set_choice(void **state)
{
	struct fixture *f = *state;
	accepted(f, "lock=on");
	assert_string_equal(formatted(f), "threads=8 lock=on");
	accepted(f, "lock=off");
	assert_string_equal(f->args.p[1].value, "off");
}

static void test_params_set_choice_not_ok(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = {"lock=maybe", "lock=", "lock=o", "lock=onn", "lock=on|off", "lock=ON"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *why = refused(f, bad[i]);
		assert_contains(why, "lock");
		assert_contains(why, "on|off");
	}
	assert_contains(refused(f, "lock=maybe"), "maybe");
}

static void test_params_set_missing_equals(void **state)
{
	struct fixture *f = *state;
	const char *why = refused(f, "threads");
	assert_contains(why, "name=value");
	assert_contains(why, "threads");
	why = refused(f, "=4");
	assert_contains(why, "name=value");
	refused(f, "");
}

static void test_params_set_value_too_long(void **state)
{
	struct fixture *f = *state;
	/* In range once parsed, but longer than a value slot holds. */
	refused(f, "threads=000000000000000000000000000000000000000000000000007");
}

static void test_params_set_later_wins(void **state)
{
	struct fixture *f = *state;
	accepted(f, "threads=2");
	accepted(f, "lock=on");
	accepted(f, "threads=3");
	assert_string_equal(formatted(f), "threads=3 lock=on");
}

static void test_params_format_truncates_safely(void **state)
{
	struct fixture *f = *state;
	char small[8];
	memset(small, 'x', sizeof small);
	lesson_args_format(&f->args, small, sizeof small);
	assert_non_null(memchr(small, 0, sizeof small));
	assert_true(strncmp(small, "threads", 7) == 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_params_init_gives_defaults),
		T(test_params_init_real_lesson_defaults),
		T(test_params_init_no_params),
		T(test_params_set_valid_int),
		T(test_params_set_out_of_range_names_range),
		T(test_params_set_not_a_number),
		T(test_params_set_unknown_name_lists_names),
		T(test_params_set_unknown_name_without_params),
		T(test_params_set_choice),
		T(test_params_set_choice_not_ok),
		T(test_params_set_missing_equals),
		T(test_params_set_value_too_long),
		T(test_params_set_later_wins),
		T(test_params_format_truncates_safely),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
