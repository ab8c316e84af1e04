/*
 * concurrent-vs-parallel - two CPU-bound threads on one CPU, then on two.
 *
 * The notes' picture: threads A and B share one CPU and take turns
 * (concurrent); C and D run on a CPU each at the same moment (parallel).
 * A and B are pinned to one CPU with sched_setaffinity, C and D to one
 * CPU each.  Every thread does the same fixed amount of arithmetic.
 *
 * What is measured, not assumed: each phase's wall time (CLOCK_MONOTONIC
 * around start and join), each thread's CPU time (CLOCK_THREAD_CPUTIME_ID)
 * and the time it spent waiting on a run queue (the second field of
 * /proc/self/task/<tid>/schedstat, read by the thread itself before and
 * after).  The lanes' RUNNING / RUNNABLE and CPU numbers come from the
 * sampler's reading of the same kernel accounting.
 *
 * CPU work does not follow --speed: the arithmetic takes what it takes.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

#define CHUNKS 4 /* progress lines per thread: 25 %, 50 %, 75 %, done */

struct worker {
	const char *name;
	int cpu;          /* the CPU it is pinned to */
	long iters;       /* loop iterations in all */
	double cpu_s;     /* measured: CPU time it used */
	double wait_s;    /* measured: time it waited on a run queue */
	double t0;        /* monotonic seconds when the phase started */
	uint64_t sum;     /* the work's result, so it is not optimised away */
};

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double thread_cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Nanoseconds this thread has waited on a run queue so far, or 0. */
static double runqueue_wait_s(void)
{
	char path[64], buf[128];
	snprintf(path, sizeof path, "/proc/self/task/%ld/schedstat", (long)syscall(SYS_gettid));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	unsigned long long run, wait;
	if (n <= 0)
		return 0;
	buf[n] = 0;
	if (sscanf(buf, "%llu %llu", &run, &wait) != 2)
		return 0;
	return (double)wait / 1e9;
}

static void pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof set, &set);
}

/* The arithmetic: a dependent chain the compiler cannot fold. */
static uint64_t crunch(long n, uint64_t x)
{
	for (long i = 0; i < n; i++)
		x = x * 6364136223846793005u + 1442695040888963407u;
	return x;
}

static void work(void *arg)
{
	struct worker *w = arg;
	pin(w->cpu);
	double cpu0 = thread_cpu_s(), wait0 = runqueue_wait_s();
	uint64_t x = 1;
	for (int k = 1; k <= CHUNKS; k++) {
		x = crunch(w->iters / CHUNKS, x);
		if (k < CHUNKS)
			wf_print("%d%% at %.2f s, CPU %d", 100 * k / CHUNKS, mono_s() - w->t0,
				 sched_getcpu());
	}
	w->sum = x;
	w->cpu_s = thread_cpu_s() - cpu0;
	w->wait_s = runqueue_wait_s() - wait0;
	wf_print("done at %.2f s: CPU %.2f s, run queue %.2f s", mono_s() - w->t0, w->cpu_s,
		 w->wait_s);
}

/* Runs two workers on cpu_a and cpu_b; returns the wall time in seconds. */
static double phase(struct worker w[2], int cpu_a, int cpu_b)
{
	w[0].cpu = cpu_a;
	w[1].cpu = cpu_b;
	if (cpu_a == cpu_b)
		wf_print("%s and %s both on CPU %d: concurrent", w[0].name, w[1].name, cpu_a);
	else
		wf_print("%s on CPU %d, %s on CPU %d: parallel", w[0].name, cpu_a, w[1].name, cpu_b);
	double t0 = mono_s();
	wf_thread t[2];
	for (int i = 0; i < 2; i++) {
		w[i].t0 = t0;
		wf_thread_spawn(&t[i], w[i].name, work, &w[i]);
	}
	for (int i = 0; i < 2; i++)
		wf_thread_join(&t[i]);
	double wall = mono_s() - t0;
	wf_print("%s and %s: wall %.2f s", w[0].name, w[1].name, wall);
	return wall;
}

/* The first two CPUs this process may run on; *second = *first when only one. */
static void allowed_cpus(int *first, int *second)
{
	cpu_set_t set;
	*first = *second = 0;
	if (sched_getaffinity(0, sizeof set, &set) < 0)
		return;
	int found = 0;
	for (int c = 0; c < CPU_SETSIZE && found < 2; c++) {
		if (!CPU_ISSET(c, &set))
			continue;
		if (found++ == 0)
			*first = *second = c;
		else
			*second = c;
	}
}

static void run(void)
{
	long iters = wf_param_int("work") * 1000000L;
	const char *cores = wf_param_str("cores");
	int c0, c1;
	allowed_cpus(&c0, &c1);
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	wf_print("%ld CPUs online; each thread does %ld million steps of arithmetic", online,
		 iters / 1000000L);

	double one = 0, two = 0;
	if (strcmp(cores, "2") != 0) {
		struct worker w[2] = {{.name = "A", .iters = iters}, {.name = "B", .iters = iters}};
		one = phase(w, c0, c0);
		wf_result("one_wall=%.3f one_cpu_a=%.3f one_cpu_b=%.3f one_wait_a=%.3f one_wait_b=%.3f",
			  one, w[0].cpu_s, w[1].cpu_s, w[0].wait_s, w[1].wait_s);
	}
	if (strcmp(cores, "1") != 0) {
		if (c0 == c1)
			wf_print("only one CPU is free to this process: C and D share it");
		struct worker w[2] = {{.name = "C", .iters = iters}, {.name = "D", .iters = iters}};
		two = phase(w, c0, c1);
		wf_result("two_wall=%.3f two_cpu_c=%.3f two_cpu_d=%.3f two_wait_c=%.3f two_wait_d=%.3f",
			  two, w[0].cpu_s, w[1].cpu_s, w[0].wait_s, w[1].wait_s);
	}
	if (one > 0 && two > 0) {
		wf_print("one CPU took %.2f x as long as two", one / two);
		wf_result("ratio=%.2f", one / two);
	}
	wf_result("cpus=%ld", online);
}

static const struct wf_param params[] = {
	{"cores", "both|1|2", "both", 0, 0,
	 "1: A and B share one CPU; 2: C and D get one each; both: one then the other"},
	{"work", NULL, "300", 10, 5000, "millions of arithmetic steps per thread (real CPU time)"},
};

const struct wf_lesson lesson_concurrent_vs_parallel = {
	.id = "concurrent-vs-parallel",
	.track = "concepts",
	.title_en = "Concurrent vs parallel: one CPU or two",
	.title_zh = "并发与并行：一个 CPU 还是两个",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
