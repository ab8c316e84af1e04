/*
 * test-tables (a hidden test lesson): fills one table of the arena until it
 * refuses, so e2e_sync.sh can check that the lesson is stopped with the
 * limit named ("stopped: too many sync objects (4096)") and nothing else
 * goes wrong.  --set table=objects|actors|heap.
 */
#include <string.h>

#include "lesson.h"
#include "weft.h"

static void nothing(void *arg)
{
	(void)arg;
}

static void run_tables(void)
{
	const char *table = wf_param_str("table");
	wf_print("filling the %s table until it refuses", table);
	for (unsigned long n = 0;; n++) {
		bool made;
		if (strcmp(table, "actors") == 0) {
			wf_thread t;
			made = wf_thread_spawn(&t, "short", nothing, NULL) == 0;
			if (made)
				wf_thread_join(&t);
		} else if (strcmp(table, "heap") == 0) {
			made = wf_queue_new("big", 1u << 20, 0) != NULL;
		} else {
			made = wf_mutex_new("lock", 0) != NULL;
		}
		if (!made) { /* not reached in the host: the refusal stops the lesson */
			wf_print("refused after %lu", n);
			wf_result("refused=%lu", n);
			return;
		}
	}
}

static const struct wf_param tables_params[] = {
	{"table", "objects|actors|heap", "objects", 0, 0, "the table to fill"},
};

const struct wf_lesson lesson_test_tables = {
	.id = "test-tables",
	.track = "testing",
	.title_en = "Test: a lesson that fills a table of the arena",
	.title_zh = "测试：填满共享内存表的课程",
	.params = tables_params,
	.nparams = sizeof tables_params / sizeof *tables_params,
	.run = run_tables,
};
