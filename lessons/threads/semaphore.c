/*
 * semaphore - ten workers wait on a semaphore that starts at 0; each
 * release() lets exactly one of them work.
 *
 * Python: threading.Semaphore and BoundedSemaphore.  As the notes' demo:
 * worker n acquires, then prints "Working n".  Main starts the workers in
 * order and lets each reach its acquire before starting the next (Python's
 * start() returns once the thread runs, and the thread blocks at once), so
 * they queue 0, 1, 2 ...; waiters are served first come, first served.
 *
 * The first `releases` permits are released one at a time: in the TUI one
 * per press of the input key, headless one a second.  Each is followed by a
 * look at how many workers woke (one, and the oldest).  Then main releases
 * the rest, so every worker can end (in Python the waiting threads would
 * keep the program alive).  Two more facts follow:
 *  - a plain semaphore released with no one waiting keeps the permit: the
 *    value goes to 1 and a late acquire passes without waiting;
 *  - a BoundedSemaphore(1) released past its start value refuses: the
 *    release fails (Python raises ValueError), an event on its lane, and
 *    the value stays 1.  The run goes on.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "lesson.h"
#include "weft.h"

#define MAX_WORKERS 20

static wf_sem *sema;
static atomic_int worked;              /* workers past their acquire */
static atomic_int order[MAX_WORKERS];  /* order[k]: the k-th worker to get a permit */

static void worker(void *arg)
{
	int n = (int)(intptr_t)arg;
	wf_sem_acquire(sema, WF_FOREVER);
	atomic_store(&order[atomic_fetch_add(&worked, 1)], n);
	wf_print("Working %d", n);
}

/* The late worker: takes the kept permit without waiting, or says it cannot. */
static void late_worker(void *arg)
{
	int n = (int)(intptr_t)arg;
	if (wf_sem_acquire(sema, 0) == 0)
		wf_print("Working %d: took the kept permit without waiting", n);
	else
		wf_print("worker %d: no permit kept", n);
}

/* Appends ",k" (or "k" first) to buf. */
static void list_add(char *buf, size_t size, long k)
{
	size_t used = 0;
	while (buf[used])
		used++;
	snprintf(buf + used, size - used, "%s%ld", used ? "," : "", k);
}

static void run(void)
{
	int nworkers = (int)wf_param_int("workers");
	int releases = (int)wf_param_int("releases");
	if (releases > nworkers)
		releases = nworkers;
	bool live = wf_input_live();
	atomic_store(&worked, 0);
	sema = wf_sem_new("sema", 0, false, 0);
	wf_print("sema = Semaphore(0), %d workers", nworkers);

	wf_thread t[MAX_WORKERS];
	char names[MAX_WORKERS][24];
	for (int n = 0; n < nworkers; n++) {
		snprintf(names[n], sizeof names[n], "worker %d", n);
		wf_thread_spawn(&t[n], names[n], worker, (void *)(intptr_t)n);
		/* Until it waits in acquire: a real pause, no events.  Bounded,
		 * for a stepped or scheduled run, where the worker's acquire is
		 * a step that waits for its grant and the order is the
		 * scheduler's. */
		for (int i = 0; i < 1000 && wf_sem_waiting(sema) < (unsigned)n + 1; i++)
			nanosleep(&(struct timespec){0, 200 * 1000}, NULL);
	}
	if (live)
		wf_print("press i to release one permit");

	/* One at a time: a key press (TUI) or a second (headless) each. */
	char woke[4 * MAX_WORKERS] = "", who[4 * MAX_WORKERS] = "";
	bool one_each = true;
	for (int r = 0; r < releases; r++) {
		if (live)
			wf_input_wait(WF_FOREVER);
		else
			wf_sleep(0.5);
		int before = atomic_load(&worked);
		wf_print("release() #%d", r + 1);
		wf_sem_release(sema);
		wf_sleep(0.5); /* long enough for any woken worker to say so */
		int now = atomic_load(&worked);
		list_add(woke, sizeof woke, now - before);
		for (int k = before; k < now; k++)
			list_add(who, sizeof who, atomic_load(&order[k]));
		one_each = one_each && now - before == 1;
	}

	int rest = nworkers - atomic_load(&worked);
	if (rest > 0) {
		wf_print("%d workers still wait; releasing %d permits so every thread can end", rest, rest);
		for (int r = 0; r < rest; r++)
			wf_sem_release(sema);
	}
	for (int n = 0; n < nworkers; n++)
		wf_thread_join(&t[n]);

	/* A plain semaphore keeps a permit no one was waiting for. */
	wf_print("release() with no one waiting: the permit is kept");
	wf_sem_release(sema);
	wf_thread late;
	wf_thread_spawn(&late, "late", late_worker, (void *)(intptr_t)nworkers);
	wf_thread_join(&late);

	/* A bounded one refuses to go past its start value. */
	wf_sem *bounded = wf_sem_new("bounded", 1, true, 0);
	wf_print("bounded = BoundedSemaphore(1): acquire, release, release again");
	wf_sem_acquire(bounded, WF_FOREVER);
	wf_sem_release(bounded);
	int errors = 0;
	if (wf_sem_release(bounded) == WF_EBOUND) {
		errors++;
		wf_print("ValueError: Semaphore released too many times");
	}

	wf_result("released=%d woke_per_release=%s order=%s one_each=%s bounded_errors=%d", releases,
		  woke, who, one_each ? "yes" : "no", errors);
}

static const struct wf_param params[] = {
	{"workers", NULL, "10", 1, MAX_WORKERS, "worker threads waiting on Semaphore(0)"},
	{"releases", NULL, "3", 0, MAX_WORKERS,
	 "permits released one at a time (TUI: one per press of i; headless: one a second)"},
};

/* Predict, then run, and the challenge (lesson.h). */
static const struct wf_choice sema_choices[] = {
	{"exactly one worker", "正好一个工作线程", "one_each=yes"},
	{"more than one", "不止一个", "one_each=no"},
};
static const struct wf_predict sema_predict = {
	.question_en = "Ten workers wait on Semaphore(0). How many does one release() wake?",
	.question_zh = "十个工作线程在等 Semaphore(0)。一次 release() 唤醒几个？",
	.choices = sema_choices,
	.nchoices = 2,
	.key = "one_each",
	.explain_en = "release() adds one permit and one waiter takes it; the others go on waiting. "
		      "Weft counts who woke after each release.",
	.explain_zh = "release() 只加一个许可，只有一个等待者能拿到，其余的继续等。"
		      "Weft 数了每次 release 之后醒来的线程。",
};
static const struct wf_challenge sema_challenges[] = {
	{"semaphore-order", "make the first release() wake a worker other than worker 0",
	 "让第一次 release() 唤醒的不是 0 号工作线程", WF_GOAL_RESULT, "order!=0,1,2", NULL},
};

const struct wf_lesson lesson_semaphore = {
	.id = "semaphore",
	.track = "threads",
	.title_en = "Semaphore: one release, one worker",
	.title_zh = "Semaphore：释放一次，唤醒一个",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.input_en = "release one permit",
	.input_zh = "释放一个许可",
	.predict = &sema_predict,
	.challenges = sema_challenges,
	.nchallenges = 1,
};
