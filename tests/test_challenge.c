/*
 * test_challenge.c - challenge goals held to hand-built models: each goal
 * reached by the events that reach it and not by others; the registry's
 * challenges are unique and name lessons that run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "challenge.h"
#include "registry.h"

static void fold(model *m, uint64_t ts, uint16_t actor, unsigned type, uint16_t obj, uint64_t a,
		 uint64_t b, const char *text)
{
	struct wf_ev ev = {.ts = ts, .actor = actor, .type = (uint16_t)type, .obj = obj, .a = a, .b = b};
	model_fold(m, &ev, text);
}

/* main and T1, T2 of one process. */
static model *cast(void)
{
	model *m = model_new();
	assert_non_null(m);
	fold(m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, (uint64_t)7 << 32 | 7, "main");
	fold(m, 0, 1, EV_SPAWN, WF_NONE, 0, (uint64_t)7 << 32 | 8, "T1");
	fold(m, 0, 2, EV_SPAWN, WF_NONE, 0, (uint64_t)7 << 32 | 9, "T2");
	return m;
}

static void step_at(model *m, uint64_t ts, uint16_t actor, const char *label)
{
	fold(m, ts, actor, EV_STEP, WF_NONE, 0, STEP_B(strlen(label), EV_STEP, 1), label);
}

static void test_challenge_both_at(void **state)
{
	(void)state;
	const struct wf_challenge c = {"t", "g", "g", WF_GOAL_BOTH_AT, "write:", NULL};
	model *m = cast();
	step_at(m, 1, 1, "read: tmp = counter");
	step_at(m, 1, 2, "read: tmp = counter");
	assert_false(challenge_reached(&c, m, ""));
	step_at(m, 2, 1, "write: counter = tmp + 1");
	assert_false(challenge_reached(&c, m, "")); /* one inside is not both */
	step_at(m, 3, 2, "write: counter = tmp + 1");
	assert_true(challenge_reached(&c, m, ""));
	model_free(m);
}

static void test_challenge_deadlock(void **state)
{
	(void)state;
	const struct wf_challenge c = {"t", "g", "g", WF_GOAL_DEADLOCK, NULL, NULL};
	model *m = cast();
	fold(m, 0, 0, EV_OBJ_NEW, 0, OBJ_MUTEX, 0, "A");
	fold(m, 0, 0, EV_OBJ_NEW, 1, OBJ_MUTEX, 0, "B");
	fold(m, 1, 1, EV_ACQUIRE, 0, 0, 1, NULL);
	fold(m, 1, 2, EV_ACQUIRE, 1, 0, 1, NULL);
	fold(m, 2, 1, EV_BLOCK_LOCK, 1, 2, 0, NULL);
	assert_false(challenge_reached(&c, m, ""));
	fold(m, 3, 2, EV_BLOCK_LOCK, 0, 1, 0, NULL);
	assert_true(challenge_reached(&c, m, ""));
	model_free(m);
}

static void test_challenge_empty_get(void **state)
{
	(void)state;
	const struct wf_challenge c = {"t", "g", "g", WF_GOAL_EMPTY_GET, "q", NULL};
	model *m = cast();
	fold(m, 0, 0, EV_OBJ_NEW, 0, OBJ_QUEUE, 0, "q");
	fold(m, 0, 0, EV_OBJ_NEW, 1, OBJ_QUEUE, 0, "other");
	fold(m, 1, 1, EV_PUT, 0, 1, 0, NULL);
	fold(m, 2, 2, EV_GET, 0, 0, 0, NULL);
	fold(m, 3, 2, EV_QUEUE_EMPTY, 1, 0, 1, NULL); /* another queue's empty get */
	assert_false(challenge_reached(&c, m, ""));
	fold(m, 4, 2, EV_QUEUE_EMPTY, 0, 0, 1, NULL);
	assert_true(challenge_reached(&c, m, ""));
	model_free(m);
}

static void test_challenge_result(void **state)
{
	(void)state;
	const struct wf_challenge c = {"t", "g", "g", WF_GOAL_RESULT, "lost>0", NULL};
	model *m = cast();
	assert_false(challenge_reached(&c, m, "")); /* no results while it runs */
	assert_false(challenge_reached(&c, m, "counter=2 expected=2 lost=0"));
	assert_true(challenge_reached(&c, m, "counter=1 expected=2 lost=1"));
	model_free(m);
}

static void test_challenge_registry(void **state)
{
	(void)state;
	static const char *const must[] = {"race", "deadlock", "mutex-rlock", "semaphore",
					   "queue-handshake", "process-queue"};
	assert_true(challenge_count() >= 6);
	for (size_t i = 0; i < challenge_count(); i++) {
		const struct wf_lesson *l = NULL, *again = NULL;
		const struct wf_challenge *c = challenge_at(i, &l);
		assert_non_null(l);
		assert_ptr_equal(challenge_find(c->id, &again), c); /* ids are unique */
		assert_ptr_equal(again, l);
		assert_true(c->goal_en && *c->goal_en && c->goal_zh && *c->goal_zh);
		struct lesson_args args;
		char err[128];
		lesson_args_init(&args, l);
		assert_int_equal(challenge_args(c, l, &args, err, sizeof err), 0);
	}
	for (size_t i = 0; i < sizeof must / sizeof *must; i++)
		assert_true(registry_find(must[i])->nchallenges > 0);
	assert_null(challenge_find("no-such", NULL));
	static const char *const asks[] = {"race", "deadlock", "process-pool", "await-vs-tasks",
					   "round-robin", "gil", "semaphore"};
	for (size_t i = 0; i < sizeof asks / sizeof *asks; i++) {
		const struct wf_predict *p = registry_find(asks[i])->predict;
		assert_non_null(p);
		assert_true(p->nchoices <= 9 && p->key && p->explain_zh && p->question_zh);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_challenge_both_at),
		cmocka_unit_test(test_challenge_deadlock),
		cmocka_unit_test(test_challenge_empty_get),
		cmocka_unit_test(test_challenge_result),
		cmocka_unit_test(test_challenge_registry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
