/*
 * test_objkind.c - the table of object kinds holds together.
 *
 * Every kind in OBJKIND_LIST has a unique id, names in both languages and
 * a shape; objkind_find is objkind_get's inverse; a kind from a newer trace
 * gets the neutral descriptor, never NULL; counter names are unique within
 * a kind.  And the enum stays where recorded traces put it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "objkind.h"

static void test_objkind_every_kind_is_described(void **state)
{
	(void)state;
	for (unsigned k = OBJ_NONE + 1; k < OBJ_KIND_COUNT; k++) {
		const struct objkind *d = objkind_get(k);
		assert_true(d->id[0] && d->en[0] && d->zh[0]);
		assert_true(d->shape >= SHAPE_LOCK && d->shape <= SHAPE_LOOP);
		assert_true(d->wait == WAIT_ALWAYS || d->wait == WAIT_LEVEL);
		assert_int_equal(objkind_find(d->id), k);
		for (unsigned j = OBJ_NONE + 1; j < k; j++)
			assert_string_not_equal(objkind_get(j)->id, d->id);
		for (unsigned a = 0; a < OBJ_COUNTERS; a++)
			for (unsigned b = 0; b < a; b++)
				if (d->counter[a][0])
					assert_string_not_equal(d->counter[a], d->counter[b]);
	}
}

static void test_objkind_unknown_is_neutral(void **state)
{
	(void)state;
	assert_string_equal(objkind_get(OBJ_NONE)->id, "object");
	assert_string_equal(objkind_get(OBJ_KIND_COUNT + 7)->id, "object");
	assert_int_equal(objkind_get(OBJ_KIND_COUNT)->shape, 0);
	assert_int_equal(objkind_find("no such kind"), OBJ_NONE);
	assert_int_equal(objkind_find(NULL), OBJ_NONE);
}

/* The values EV_OBJ_NEW carries are in recorded traces: appended, never moved. */
static void test_objkind_values_are_stable(void **state)
{
	(void)state;
	assert_int_equal(OBJ_MUTEX, 1);
	assert_int_equal(OBJ_RMUTEX, 2);
	assert_int_equal(OBJ_COND, 3);
	assert_int_equal(OBJ_SEMAPHORE, 4);
	assert_int_equal(OBJ_EVENT, 5);
	assert_int_equal(OBJ_QUEUE, 6);
	assert_int_equal(OBJ_LOOP, 7);
	assert_int_equal(OBJ_PIPE, 8);
	assert_int_equal(OBJ_BSEMAPHORE, 9);
	assert_int_equal(OBJ_BARRIER, 10);
	assert_string_equal(objkind_get(OBJ_MUTEX)->counter[CNT_ACQUIRES], "acquires");
	assert_string_equal(objkind_get(OBJ_QUEUE)->counter[CNT_PEAK], "peak");
	assert_string_equal(objkind_get(OBJ_BARRIER)->counter[CNT_PASSES], "passes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_objkind_every_kind_is_described),
		cmocka_unit_test(test_objkind_unknown_is_neutral),
		cmocka_unit_test(test_objkind_values_are_stable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
