/*
 * loop-per-core - an event loop runs on one thread, so CPU-bound
 * coroutines share one core however many there are.  Four tasks do the
 * same CPU work in chunks, yielding to the loop between chunks (sleep(0)):
 *   round 1: one process, one loop, all four tasks;
 *   round 2: two processes, a loop each, two tasks each.
 * With two free cores round 2 takes about half the wall time.  Times are
 * real seconds (CPU work does not follow the lesson's speed).
 */
#include <time.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

#define TASKS 4

struct shared {
	double wall[2];        /* real seconds of each process of a round */
};

static long chunks;
static uint64_t spins_per_chunk;
static struct shared *shared;

static double real_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU work the compiler cannot drop: the sum is returned and kept. */
static uint64_t burn(uint64_t spins)
{
	volatile uint64_t x = 0;
	for (uint64_t i = 0; i < spins; i++)
		x += i;
	return x;
}

static int crunch(void *arg, uint64_t *result)
{
	(void)arg;
	for (long k = 0; k < chunks; k++) {
		burn(spins_per_chunk);
		wf_async_sleep(0); /* give the loop a turn */
	}
	*result = 0;
	return 0;
}

struct which {
	int slot;
	long tasks;
};

/* Each task its own name, numbered across the processes of a round, so no
 * two lanes read alike. */
static const char *const names[TASKS] = {"crunch-1", "crunch-2", "crunch-3", "crunch-4"};

static int loop_main(void *arg, uint64_t *result)
{
	const struct which *w = arg;
	long tasks = w->tasks, first = w->slot * w->tasks;
	wf_future *fs[TASKS];
	for (long i = 0; i < tasks && first + i < TASKS; i++) {
		wf_task *t = wf_task_create(wf_loop_get(), names[first + i], crunch, NULL);
		if (!t)
			return WF_ENOMEM;
		fs[i] = wf_task_future(t);
	}
	*result = 0;
	return wf_gather(fs, (size_t)tasks, NULL);
}

static void process_main(void *arg)
{
	struct which *w = arg;
	double t0 = real_s();
	wf_async_run("main()", loop_main, w, NULL);
	shared->wall[w->slot] = real_s() - t0;
}

static double round_with(int processes)
{
	wf_process p[2];
	struct which w[2] = {{0, TASKS / processes}, {1, TASKS / processes}};
	double t0 = real_s();
	for (int i = 0; i < processes; i++)
		wf_process_spawn(&p[i], i ? "loop-2" : "loop-1", process_main, &w[i]);
	for (int i = 0; i < processes; i++)
		wf_process_join(&p[i]);
	return real_s() - t0;
}

static void run(void)
{
	chunks = wf_param_int("chunks");
	shared = wf_shared_alloc(sizeof *shared);
	if (!shared)
		return;
	/* How many spins make a chunk of about chunk_ms on this CPU: the best
	 * of a few tries, as another process may have had the CPU meanwhile. */
	double per_spin = 1;
	for (int i = 0; i < 5; i++) {
		double t0 = real_s();
		burn(200000);
		double s = (real_s() - t0) / 200000;
		if (s > 0 && s < per_spin)
			per_spin = s;
	}
	spins_per_chunk = (uint64_t)((double)wf_param_int("chunk_ms") / 1000 / (per_spin > 0 ? per_spin : 1e-9));
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	wf_print("round 1: one loop in one process runs %d CPU-bound tasks", TASKS);
	double one = round_with(1);
	wf_print("round 1 took %.2f s of real time", one);
	wf_print("round 2: two processes, a loop each, %d tasks each", TASKS / 2);
	double two = round_with(2);
	wf_print("round 2 took %.2f s of real time (%ld CPUs here)", two, cpus);
	wf_result("one_loop_s=%.2f two_loops_s=%.2f speedup=%.2f cpus=%ld", one, two, two > 0 ? one / two : 0,
		  cpus);
}

static const struct wf_param params[] = {
	{"chunks", NULL, "40", 1, 1000, "chunks of work per task"},
	{"chunk_ms", NULL, "5", 1, 100, "real ms of CPU work per chunk"},
};

const struct wf_lesson lesson_loop_per_core = {
	.id = "loop-per-core",
	.track = "eventloop",
	.title_en = "One loop per core",
	.title_zh = "每个核心一个事件循环",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
