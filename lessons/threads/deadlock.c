/*
 * deadlock - two threads, two locks: the wrong order, and the notes' cure.
 *
 * order=opposite (the default): T1 takes A then B, T2 takes B then A, each
 * holding its first lock for a moment so both get it: then each waits for
 * the lock the other holds, for ever.  The model finds the wait-for cycle
 * and names it.
 *
 * order=fixed is the notes' demo (002, "防止死锁的加锁机制"): every lock
 * has a number (Python's id(), here its address), and acquire(locks)
 * takes a group of locks lowest number first, whatever order the caller
 * wrote them in.  Thread-1 asks for (x_lock, y_lock) and Thread-2 for
 * (y_lock, x_lock), ten times each; both really take x_lock first, so no
 * cycle can form and both finish.  Each thread keeps the list of locks it
 * holds (thread-local, as the notes' threading.local()); a NESTED acquire
 * whose lowest lock is not above every lock already held is refused with
 * "RuntimeError: Lock Order Violation" before anything is taken.
 * order=nested shows that check: Thread-1 nests acquire(low) then
 * acquire(high) and passes; Thread-2 nests high then low and is refused,
 * which ends it as the exception ends a Python thread.
 */
#include <stdatomic.h>
#include <stdint.h>

#include "lesson.h"
#include "weft.h"

static wf_mutex *lock_a, *lock_b;
static atomic_int finished, violations;

/* ---- order=opposite: the deadlock ---------------------------------------- */

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
	wf_mutex_lock(p->second);
	wf_print("%s holds both, working", p->name);
	wf_sleep(0.5);
	wf_mutex_unlock(p->second);
	wf_mutex_unlock(p->first);
	atomic_fetch_add(&finished, 1);
	wf_print("%s done", p->name);
}

/* ---- order=fixed and nested: the notes' acquire(*locks) ------------------ */

struct lock {
	wf_mutex *m;
	const char *name;
};

#define HELD_MAX 8

/* The locks this thread holds through acquire(), oldest first. */
static _Thread_local const struct lock *held[HELD_MAX];
static _Thread_local int nheld;

/* A lock's number, as id() is an object's address in CPython. */
static uintptr_t lock_id(const struct lock *l)
{
	return (uintptr_t)l->m;
}

/* Sorts the group by number, refuses it if its lowest lock is not above
 * every lock this thread already holds, else records and takes them all,
 * lowest first.  0, or -1 (nothing taken) for a lock order violation. */
static int acquire(const struct lock **locks, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && lock_id(locks[j]) < lock_id(locks[j - 1]); j--) {
			const struct lock *t = locks[j];
			locks[j] = locks[j - 1];
			locks[j - 1] = t;
		}
	for (int i = 0; i < nheld; i++)
		if (lock_id(held[i]) >= lock_id(locks[0])) {
			wf_print("RuntimeError: Lock Order Violation (holds %s, asked for %s)", held[i]->name,
				 locks[0]->name);
			return -1;
		}
	for (int i = 0; i < n && nheld < HELD_MAX; i++)
		held[nheld++] = locks[i];
	for (int i = 0; i < n; i++)
		wf_mutex_lock(locks[i]->m);
	return 0;
}

/* Lets go of a group acquire() took, highest first, and forgets it. */
static void release(const struct lock **locks, int n)
{
	for (int i = n; i-- > 0;)
		wf_mutex_unlock(locks[i]->m);
	nheld -= n;
}

static struct lock x_lock, y_lock;

struct worker {
	const char *name;
	const struct lock *first, *second; /* in the order the caller writes them */
	bool nested;                       /* acquire(first) { acquire(second) } */
};

static void worker(void *arg)
{
	const struct worker *w = arg;
	for (int i = 0; i < 10; i++) {
		if (!w->nested) {
			const struct lock *both[2] = {w->first, w->second};
			acquire(both, 2);
			wf_print("%s", w->name);
			release(both, 2);
			continue;
		}
		const struct lock *outer[1] = {w->first}, *inner[1] = {w->second};
		acquire(outer, 1);
		if (acquire(inner, 1) != 0) {
			release(outer, 1); /* the with-block's finally on the way out */
			atomic_fetch_add(&violations, 1);
			wf_print("%s ends with the exception", w->name);
			return;
		}
		wf_print("%s", w->name);
		release(inner, 1);
		release(outer, 1);
	}
	atomic_fetch_add(&finished, 1);
}

static void ordered(bool nested)
{
	x_lock = (struct lock){wf_mutex_new("x_lock", 0), "x_lock"};
	y_lock = (struct lock){wf_mutex_new("y_lock", 0), "y_lock"};
	const struct lock *low = lock_id(&x_lock) < lock_id(&y_lock) ? &x_lock : &y_lock;
	const struct lock *high = low == &x_lock ? &y_lock : &x_lock;
	wf_print("by id, %s comes before %s", low->name, high->name);
	static struct worker w1, w2;
	if (nested) {
		w1 = (struct worker){"Thread-1", low, high, true};
		w2 = (struct worker){"Thread-2", high, low, true};
	} else {
		w1 = (struct worker){"Thread-1", &x_lock, &y_lock, false};
		w2 = (struct worker){"Thread-2", &y_lock, &x_lock, false};
	}
	wf_thread t1, t2;
	wf_thread_spawn(&t1, w1.name, worker, &w1);
	wf_thread_spawn(&t2, w2.name, worker, &w2);
	wf_thread_join(&t1);
	wf_thread_join(&t2);
}

static void run(void)
{
	if (!wf_param_is("order", "opposite")) {
		ordered(wf_param_is("order", "nested"));
	} else {
		lock_a = wf_mutex_new("A", 0);
		lock_b = wf_mutex_new("B", 0);
		static struct plan p1, p2;
		p1 = (struct plan){"T1", lock_a, lock_b, "A", "B"};
		p2 = (struct plan){"T2", lock_b, lock_a, "B", "A"};
		wf_thread t1, t2;
		wf_thread_spawn(&t1, "T1", take_both, &p1);
		wf_thread_spawn(&t2, "T2", take_both, &p2);
		wf_thread_join(&t1);
		wf_thread_join(&t2);
	}
	wf_result("finished=%d violations=%d", atomic_load(&finished), atomic_load(&violations));
}

static const struct wf_param params[] = {
	{"order", "opposite|fixed|nested", "opposite", 0, 0,
	 "opposite: T2 takes B then A; fixed: the notes' acquire(*locks), sorted by id; "
	 "nested: Thread-2 nests them out of order and is refused"},
};

/* Predict, then run, and the challenge (lesson.h). */
static const struct wf_choice deadlock_choices[] = {
	{"both finish, one after the other", "两个都做完，一个接一个", "deadlock=no"},
	{"each waits for the other's lock for ever", "各自等对方的锁，永远等下去", "deadlock=yes"},
};
static const struct wf_predict deadlock_predict = {
	.question_en = "T1 takes A then B, T2 takes B then A, each pausing in between. What happens?",
	.question_zh = "T1 先拿 A 再拿 B，T2 先拿 B 再拿 A，中间各停一下。会怎样？",
	.choices = deadlock_choices,
	.nchoices = 2,
	.key = "deadlock",
	.explain_en = "Each holds its first lock while it asks for the second, which the other "
		      "holds: a wait-for cycle T1 -> B -> T2 -> A -> T1 that nothing breaks. "
		      "order=fixed takes locks lowest first, so no cycle can form.",
	.explain_zh = "每个线程拿着第一把锁去要第二把，而第二把在对方手里：T1 -> B -> T2 -> A -> T1 "
		      "成了一个等待环，谁也打不破。order=fixed 总是先拿编号小的锁，环就形成不了。",
};
static const struct wf_challenge deadlock_challenges[] = {
	{"deadlock-cycle", "deadlock the two threads", "让两个线程死锁", WF_GOAL_DEADLOCK, NULL, NULL},
};

const struct wf_lesson lesson_deadlock = {
	.id = "deadlock",
	.track = "threads",
	.title_en = "Deadlock: locks in opposite order",
	.title_zh = "死锁：相反顺序加锁",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.predict = &deadlock_predict,
	.challenges = deadlock_challenges,
	.nchallenges = 1,
};
