/*
 * process-lock - five processes take turns at one lock.
 *
 * Python: multiprocessing.Lock passed to five Process objects; each takes
 * it, prints "hello world i", sleeps 1 s, prints "i do something." and lets
 * it go.  With the lock (a WF_SHARED wf_mutex, a process-shared pthread
 * mutex in the arena) each process's two lines are adjacent and the run
 * takes about five seconds; with lock=off all five sleep at once, about
 * one second, and the lines interleave.
 *
 * Who got the lock when is measured, not assumed: each process takes a
 * ticket from a shared counter when it starts to run, another when it has
 * the lock (or, unlocked, when it goes ahead), and one for each line it
 * prints.  The results give both orders and whether every pair of lines
 * was adjacent.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

#define PROCS_MAX 10

struct shared {
	_Atomic int ran, got, printed; /* the next ticket of each kind */
	int ran_by[PROCS_MAX];         /* ran_by[k]: the process that started k-th */
	int got_by[PROCS_MAX];         /* got_by[k]: the process that went ahead k-th */
	int line[PROCS_MAX][2];        /* line[i][j]: the place of process i's line j */
};

static struct shared *sh;
static wf_mutex *lock; /* NULL with lock=off */

static void f(void *arg)
{
	int i = (int)(intptr_t)arg;
	sh->ran_by[atomic_fetch_add(&sh->ran, 1)] = i;
	if (lock)
		wf_mutex_lock(lock);
	sh->got_by[atomic_fetch_add(&sh->got, 1)] = i;
	sh->line[i][0] = atomic_fetch_add(&sh->printed, 1);
	wf_print("hello world %d (pid %d)", i, (int)getpid());
	wf_sleep((double)wf_param_int("hold"));
	sh->line[i][1] = atomic_fetch_add(&sh->printed, 1);
	wf_print("%d does something", i);
	if (lock)
		wf_mutex_unlock(lock);
}

/* "2,4,0,3,1" from the first n entries of v. */
static void order(char *buf, size_t size, const int *v, int n)
{
	size_t at = 0;
	buf[0] = 0;
	for (int k = 0; k < n && at < size; k++)
		at += (size_t)snprintf(buf + at, size - at, k ? ",%d" : "%d", v[k]);
}

static void run(void)
{
	int n = (int)wf_param_int("n");
	sh = wf_shared_alloc(sizeof *sh);
	lock = wf_param_is("lock", "on") ? wf_mutex_new("lock", WF_SHARED) : NULL;
	if (!sh || (wf_param_is("lock", "on") && !lock)) {
		wf_print("out of shared memory");
		return;
	}
	double start = wf_now();
	wf_process p[PROCS_MAX];
	char names[PROCS_MAX][16];
	int started = 0;
	for (int i = 0; i < n; i++) {
		snprintf(names[i], sizeof names[i], "P%d", i);
		if (wf_process_spawn(&p[i], names[i], f, (void *)(intptr_t)i) < 0)
			break;
		started++;
	}
	/* Python joins non-daemon children when the main process ends; here
	 * it is said out loud. */
	for (int i = 0; i < started; i++)
		wf_process_join(&p[i]);
	double elapsed = wf_now() - start;

	int adjacent = 0;
	for (int i = 0; i < started; i++)
		adjacent += sh->line[i][1] == sh->line[i][0] + 1;
	int in_start_order = 1;
	for (int k = 0; k < started; k++)
		in_start_order &= sh->got_by[k] == k;
	char got[64], ran[64];
	order(got, sizeof got, sh->got_by, started);
	order(ran, sizeof ran, sh->ran_by, started);
	wf_print("%.2f s in all, lock %s", elapsed, lock ? "on" : "off");
	wf_print("%s %s", lock ? "took the lock:" : "went ahead:   ", got);
	wf_print("started:       %s", ran);
	wf_result("lock=%s procs=%d elapsed_s=%.2f adjacent_pairs=%d order=%s ran=%s in_start_order=%s",
		  lock ? "on" : "off", started, elapsed, adjacent, got, ran, in_start_order ? "yes" : "no");
}

static const struct wf_param params[] = {
	{"lock", "on|off", "on", 0, 0, "hold a process-shared lock around the two lines"},
	{"n", NULL, "5", 1, PROCS_MAX, "processes to start"},
	{"hold", NULL, "1", 0, 5, "seconds each process sleeps between its two lines"},
};

const struct wf_lesson lesson_process_lock = {
	.id = "process-lock",
	.track = "processes",
	.title_en = "A lock shared by processes",
	.title_zh = "进程之间共用一把锁",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
