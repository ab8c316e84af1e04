/*
 * test_predict.c - a lesson's question judged by the results a run
 * measured: conditions, answers in and out of range, the predict: line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "predict.h"

static const struct wf_choice choices[] = {
	{"exact", "正好", "lost=0"},
	{"less", "更少", "lost>0"},
};
static const struct wf_predict choice_q = {"q", "问", choices, 2, "lost", 0, "e", "释"};
static const struct wf_predict number_q = {"q", "问", NULL, 0, "total_s", 0.25, "e", "释"};

static void test_predict_value_and_conditions(void **state)
{
	(void)state;
	char buf[32];
	const char *r = "counter=3 expected=4 lost=1 order=0,1,2";
	assert_true(predict_value(r, false, "lost", buf, sizeof buf));
	assert_string_equal(buf, "1");
	assert_false(predict_value(r, false, "lo", buf, sizeof buf)); /* a prefix is not the key */
	assert_true(predict_value(r, true, "deadlock", buf, sizeof buf));
	assert_string_equal(buf, "yes");
	assert_int_equal(predict_cond("lost>0", r, false), 1);
	assert_int_equal(predict_cond("lost=0", r, false), 0);
	assert_int_equal(predict_cond("lost>=1", r, false), 1);
	assert_int_equal(predict_cond("lost<1", r, false), 0);
	assert_int_equal(predict_cond("lost<=1", r, false), 1);
	assert_int_equal(predict_cond("order!=0,1,2", r, false), 0); /* text, not a number */
	assert_int_equal(predict_cond("order=0,1,2", r, false), 1);
	assert_int_equal(predict_cond("deadlock=no", r, false), 1);
	assert_int_equal(predict_cond("missing>0", r, false), -1);
	assert_int_equal(predict_cond("lost", r, false), -1);
}

static void test_predict_parse_answers(void **state)
{
	(void)state;
	double v;
	char err[128];
	assert_int_equal(predict_parse(&choice_q, "2", &v, err, sizeof err), 0);
	assert_true(v == 2);
	assert_int_equal(predict_parse(&choice_q, "3", &v, err, sizeof err), -1);
	assert_non_null(strstr(err, "1 to 2"));
	assert_int_equal(predict_parse(&choice_q, "1.5", &v, err, sizeof err), -1);
	assert_int_equal(predict_parse(&choice_q, "two", &v, err, sizeof err), -1);
	assert_int_equal(predict_parse(&number_q, "3.5", &v, err, sizeof err), 0);
	assert_true(v == 3.5);
	assert_int_equal(predict_parse(&number_q, "", &v, err, sizeof err), -1);
}

static void test_predict_judge_choices(void **state)
{
	(void)state;
	char line[128];
	struct predict_verdict v = predict_judge(&choice_q, 2, "counter=3 expected=4 lost=1", false);
	assert_true(v.known);
	assert_true(v.right);
	assert_int_equal(v.actual, 2);
	predict_line(&choice_q, 2, &v, line, sizeof line);
	assert_string_equal(line, "predict: answer=2 actual=2 right=yes lost=1");
	v = predict_judge(&choice_q, 2, "counter=4 expected=4 lost=0", false);
	assert_false(v.right);
	predict_line(&choice_q, 2, &v, line, sizeof line);
	assert_string_equal(line, "predict: answer=2 actual=1 right=no lost=0");
	v = predict_judge(&choice_q, 1, "", false); /* a run that measured nothing */
	assert_false(v.known);
	assert_false(v.right);
	predict_line(&choice_q, 1, &v, line, sizeof line);
	assert_string_equal(line, "predict: answer=1 actual=unknown right=no");
}

static void test_predict_judge_numbers(void **state)
{
	(void)state;
	char line[128];
	struct predict_verdict v = predict_judge(&number_q, 3, "total_s=3.1", false);
	assert_true(v.right);
	predict_line(&number_q, 3, &v, line, sizeof line);
	assert_string_equal(line, "predict: answer=3 actual=3.1 right=yes total_s=3.1");
	v = predict_judge(&number_q, 4, "total_s=3.1", false);
	assert_true(v.known);
	assert_false(v.right);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_predict_value_and_conditions),
		cmocka_unit_test(test_predict_parse_answers),
		cmocka_unit_test(test_predict_judge_choices),
		cmocka_unit_test(test_predict_judge_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
