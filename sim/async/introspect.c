/*
 * introspect.c - asyncio.all_tasks(): the loop's pending tasks, read from
 * its table of owned futures (`owned`, newest first; a task's future is in
 * it from wf_task_create until the loop is freed, done or not).  Only the
 * loop's thread touches the table, so no lock is taken.
 */
#include "loop_impl.h"
#include "weft_introspect.h"

size_t wf_all_tasks(wf_loop *l, wf_task **out, size_t max)
{
	if (!l)
		l = wf_loop_get();
	if (!l)
		return 0;
	size_t n = 0;
	for (wf_future *f = l->owned; f; f = f->next_owned)
		n += f->task && f->state == FUT_PENDING;
	/* The table is newest first: the i-th pending one met is n-1-i by age. */
	size_t i = 0;
	for (wf_future *f = l->owned; f; f = f->next_owned)
		if (f->task && f->state == FUT_PENDING) {
			size_t age = n - 1 - i++;
			if (age < max)
				out[age] = f->task;
		}
	return n;
}
