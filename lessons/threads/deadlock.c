/*
 * deadlock - two threads take two locks in opposite order.
 *
 * T1 takes A then B, T2 takes B then A, each holding its first lock for a
 * moment so both get it: then each waits for the lock the other holds, for
 * ever.  The model finds the wait-for cycle and names it.
 *
 * order=fixed turns on lock-order checking (locks must be taken in the
 * order they were created: A before B).  T2 still tries its own order
 * first; taking A while it holds B is refused, so it lets go of B and takes
 * both in order.  Nothing can wait in a circle, and both finish.
 */
#include <stdatomic.h>

#include "lesson.h"
#include "weft.h"

static wf_mutex *lock_a, *lock_b;
static atomic_int finished, violations;

struct plan {
	const char *name;
	wf_mutex *first, *second;
	const char *first_name, *second_name;
};

static void take_both(void *arg)
{
	const struct plan *p = arg;
	wf_mutex_lock(p->first);
	wf_print("%s holds %s", p->name, p->first_name);
	wf_sleep(0.5);
	wf_print("%s wants %s", p->name, p->second_name);
	wf_mutex *low = p->first, *high = p->second;
	if (wf_mutex_lock(p->second) == WF_EORDER) {
		atomic_fetch_add(&violations, 1);
		wf_print("%s: lock order violation (%s before %s); lets go of %s and starts over",
			 p->name, p->second_name, p->first_name, p->first_name);
		wf_mutex_unlock(p->first);
		low = p->second;
		high = p->first;
		wf_mutex_lock(low);
		wf_mutex_lock(high);
	}
	wf_print("%s holds both, working", p->name);
	wf_sleep(0.5);
	wf_mutex_unlock(high);
	wf_mutex_unlock(low);
	atomic_fetch_add(&finished, 1);
	wf_print("%s done", p->name);
}

static void run(void)
{
	bool fixed = wf_param_is("order", "fixed");
	lock_a = wf_mutex_new("A", 0);
	lock_b = wf_mutex_new("B", 0);
	wf_lock_order_check(fixed);
	static struct plan p1, p2;
	p1 = (struct plan){"T1", lock_a, lock_b, "A", "B"};
	p2 = (struct plan){"T2", lock_b, lock_a, "B", "A"};
	wf_thread t1, t2;
	wf_thread_spawn(&t1, "T1", take_both, &p1);
	wf_thread_spawn(&t2, "T2", take_both, &p2);
	wf_thread_join(&t1);
	wf_thread_join(&t2);
	wf_result("finished=%d violations=%d", atomic_load(&finished), atomic_load(&violations));
}

static const struct wf_param params[] = {
	{"order", "opposite|fixed", "opposite", 0, 0,
	 "opposite: T2 takes B then A; fixed: locks must be taken in creation order"},
};

const struct wf_lesson lesson_deadlock = {
	.id = "deadlock",
	.track = "threads",
	.title_en = "Deadlock: locks in opposite order",
	.title_zh = "死锁：相反顺序加锁",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
