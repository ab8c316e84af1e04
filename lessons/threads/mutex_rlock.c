/*
 * mutex-rlock - a counter whose decr() calls incr() under the same lock.
 *
 * Python: threading.Lock vs threading.RLock.  The notes' SharedCounter keeps
 * one class-level lock; incr() takes it around `value += delta`, and decr()
 * takes it and then calls incr(-delta), which takes it again.  A thread
 * named "counter" makes one counter, calls incr(1), then decr(1).
 *
 * lock=rlock (the notes' fix): the holder may take the lock again; the
 * depth goes 1 -> 2 -> 1 -> 0 inside decr, and the counter is back at 0.
 * lock=plain: the second acquire, by the thread that already holds the
 * lock, waits for the holder to let go, which it never will: a wait-for
 * cycle of one thread and one lock.  The model finds it; the session ends
 * the run as deadlocked.  The depth printed is the lesson's own count of
 * the acquires it made; the sync panel shows the lock's, from its events.
 * The notes' calls take no time; hold=N spends N lesson seconds at each
 * depth, so the panels can be read as it happens.
 */
#include "lesson.h"
#include "weft.h"

struct shared_counter {
	long value;
};

static wf_mutex *class_lock; /* SharedCounter._lock, one for every instance */
static int depth, max_depth;  /* acquires held now, by the one thread that takes it */
static bool recursive;
static double hold;           /* lesson seconds at each depth (0: as the notes, at once) */

static void lock_take(const char *who)
{
	wf_print("%s: acquire _lock (held at depth %d)", who, depth);
	if (depth > 0 && !recursive)
		wf_print("%s: a Lock has no owner: this waits for itself", who);
	wf_mutex_lock(class_lock);
	if (++depth > max_depth)
		max_depth = depth;
	wf_print("%s: holds _lock, depth %d", who, depth);
	if (hold > 0)
		wf_sleep(hold);
}

static void lock_give(const char *who)
{
	depth--;
	wf_mutex_unlock(class_lock);
	wf_print("%s: released _lock, depth %d", who, depth);
}

static void incr(struct shared_counter *c, long delta)
{
	lock_take("incr");
	c->value += delta;
	lock_give("incr");
}

static void decr(struct shared_counter *c, long delta)
{
	lock_take("decr");
	incr(c, -delta); /* takes the lock a second time */
	lock_give("decr");
}

static void use_counter(void *arg)
{
	struct shared_counter *c = arg;
	wf_print("incr(1)");
	incr(c, 1);
	wf_print("value %ld", c->value);
	wf_print("decr(1): takes _lock, then calls incr(-1)");
	decr(c, 1);
	wf_print("value %ld", c->value);
}

static void run(void)
{
	bool rlock = recursive = wf_param_is("lock", "rlock");
	static struct shared_counter counter;
	counter.value = 0;
	depth = max_depth = 0;
	hold = (double)wf_param_int("hold");
	class_lock = wf_mutex_new("_lock", rlock ? WF_RECURSIVE : 0);
	wf_print("SharedCounter._lock = threading.%s()", rlock ? "RLock" : "Lock");

	wf_thread t;
	wf_thread_spawn(&t, "counter", use_counter, &counter);
	wf_thread_join(&t); /* with a plain lock the run ends here, deadlocked */
	wf_result("lock=%s value=%ld max_depth=%d", rlock ? "rlock" : "plain", counter.value,
		  max_depth);
}

static const struct wf_param params[] = {
	{"lock", "rlock|plain", "rlock", 0, 0,
	 "rlock: threading.RLock, re-entrant; plain: threading.Lock, the second acquire waits for ever"},
	{"hold", NULL, "0", 0, 5, "lesson seconds spent at each depth, to read the panels (0: at once)"},
};

/* The challenge (lesson.h). */
static const struct wf_challenge rlock_challenges[] = {
	{"mutex-rlock-self", "with a plain Lock, make decr() deadlock its own thread",
	 "用普通 Lock，让 decr() 把自己的线程锁死", WF_GOAL_DEADLOCK, NULL, "lock=plain"},
};

const struct wf_lesson lesson_mutex_rlock = {
	.id = "mutex-rlock",
	.track = "threads",
	.title_en = "RLock: a lock its holder may take again",
	.title_zh = "RLock：持有者可以再次获取的锁",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.challenges = rlock_challenges,
	.nchallenges = 1,
};
