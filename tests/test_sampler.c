/*
 * test_sampler.c - the scheduler's view read from /proc for real threads:
 * a thread that spins is seen on a CPU, one asleep in read() is not, three
 * spinners sharing one CPU are seen waiting for it, and a thread that ends
 * without its actor saying so is reported gone, once.
 *
 * The threads are actors of a test arena (registered here, entered in the
 * thread, as the runtime does).  What the sampler injects is read back in
 * the order the collector folded it (fixtures.h).  No duration is asserted:
 * what the kernel reports of a spinning or a blocked thread does not
 * depend on how busy the machine is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sampler.h"
#include "fixtures.h"

#define SPINNERS 3

struct worker {
	uint16_t id;
	pthread_t t;
	int cpu;          /* pin to this CPU, or -1 */
	int wake;         /* read end of a pipe a sleeper blocks on, or -1 */
};

static atomic_bool stop;

struct fixture {
	struct fixture_recorder r;
	sampler *s;
	int pipe[2];
};

static int setup(void **state)
{
	static struct fixture f;
	if (fixture_arena_up(1.0, false) < 0 || fixture_recorder_up(&f.r, "sampler") < 0)
		return -1;
	f.s = sampler_new();
	if (!f.s || pipe(f.pipe) < 0)
		return -1;
	atomic_store(&stop, false);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	sampler_free(f->s);
	close(f->pipe[0]);
	close(f->pipe[1]);
	fixture_recorder_down(&f->r);
	return fixture_arena_down();
}

static void *work(void *arg)
{
	struct worker *w = arg;
	if (w->cpu >= 0) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(w->cpu, &set);
		pthread_setaffinity_np(pthread_self(), sizeof set, &set);
	}
	actor_enter(w->id);
	if (w->wake >= 0) {
		char c;
		while (read(w->wake, &c, 1) < 0) /* asleep in the kernel */
			;
	} else {
		volatile uint64_t spin = 0;
		while (!atomic_load_explicit(&stop, memory_order_relaxed))
			spin++;
	}
	return NULL;
}

static void start(struct worker *w, const char *name, int cpu, int wake)
{
	w->id = actor_register(name, AK_THREAD, WF_NONE);
	w->cpu = cpu;
	w->wake = wake;
	assert_int_not_equal(w->id, WF_NONE);
	assert_int_equal(pthread_create(&w->t, NULL, work, w), 0);
	while (!atomic_load(&wf_arena->actors[w->id].started))
		sched_yield();
}

/* The state the sampler last reported for actor id (0: none), and how many
 * reports of `state` it made. */
static uint8_t last_state(const struct trace *t, uint16_t id, uint8_t state, int *count)
{
	uint8_t last = 0;
	*count = 0;
	for (size_t i = 0; i < t->nev; i++) {
		if (t->ev[i].type != EV_SCHED || t->ev[i].actor != id)
			continue;
		last = (uint8_t)t->ev[i].a;
		*count += last == state;
	}
	return last;
}

static void nap_ms(long ms)
{
	nanosleep(&(struct timespec){ms / 1000, ms % 1000 * 1000000}, NULL);
}

/* A spinner is on a CPU or waiting for one, never asleep; a thread blocked
 * in read() is asleep; the spinner's CPU is one it may run on. */
static void test_sampler_running_and_sleeping_threads(void **state)
{
	struct fixture *f = *state;
	struct worker spinner, sleeper;
	start(&spinner, "spin", -1, -1);
	start(&sleeper, "nap", -1, f->pipe[0]);
	nap_ms(20); /* the sleeper reaches its read */
	sampler_tick(f->s, wf_arena, f->r.c);
	nap_ms(100);
	sampler_tick(f->s, wf_arena, f->r.c);
	atomic_store(&stop, true);
	assert_int_equal(write(f->pipe[1], "x", 1), 1);
	pthread_join(spinner.t, NULL);
	pthread_join(sleeper.t, NULL);
	collector_pump(f->r.c, true);
	const struct trace *t = fixture_recorded(&f->r);
	assert_non_null(t);
	int n;
	/* First reading: the state letter alone, and a spinner's is R. */
	uint8_t s = last_state(t, spinner.id, KSCHED_RUNNING, &n);
	assert_true(n >= 1);
	assert_true(s == KSCHED_RUNNING || s == KSCHED_RUNNABLE);
	assert_int_equal(last_state(t, sleeper.id, KSCHED_IDLE, &n), KSCHED_IDLE);
	assert_int_equal(n, 1); /* reported once: nothing changed at the second tick */
	for (size_t i = 0; i < t->nev; i++)
		if (t->ev[i].type == EV_SCHED && t->ev[i].actor == spinner.id)
			assert_in_range(SCHED_CPU(t->ev[i].b), 0, CPU_SETSIZE - 1);
}

/* Three spinners pinned to one CPU: between two readings they ran at most
 * one CPU's worth together, so at least one spent most of the time waiting
 * on the run queue, and the sampler says RUNNABLE for it. */
static void test_sampler_sees_threads_waiting_for_a_cpu(void **state)
{
	struct fixture *f = *state;
	cpu_set_t mine;
	assert_int_equal(sched_getaffinity(0, sizeof mine, &mine), 0);
	int cpu = 0;
	while (!CPU_ISSET(cpu, &mine))
		cpu++;
	struct worker w[SPINNERS];
	for (int i = 0; i < SPINNERS; i++)
		start(&w[i], i == 0 ? "s1" : i == 1 ? "s2" : "s3", cpu, -1);
	nap_ms(20); /* all pinned */
	sampler_tick(f->s, wf_arena, f->r.c);
	nap_ms(300);
	sampler_tick(f->s, wf_arena, f->r.c);
	atomic_store(&stop, true);
	for (int i = 0; i < SPINNERS; i++)
		pthread_join(w[i].t, NULL);
	collector_pump(f->r.c, true);
	const struct trace *t = fixture_recorded(&f->r);
	assert_non_null(t);
	int waiting = 0, n;
	for (int i = 0; i < SPINNERS; i++) {
		uint8_t s = last_state(t, w[i].id, KSCHED_RUNNABLE, &n);
		assert_true(s == KSCHED_RUNNING || s == KSCHED_RUNNABLE);
		waiting += s == KSCHED_RUNNABLE;
		/* every report of a pinned thread names its one CPU */
		for (size_t k = 0; k < t->nev; k++)
			if (t->ev[k].type == EV_SCHED && t->ev[k].actor == w[i].id)
				assert_int_equal(SCHED_CPU(t->ev[k].b), (uint64_t)cpu);
	}
	assert_true(waiting >= 1);
}

/* A thread that ended with no EV_EXIT (killed, or its exit lost) is
 * reported gone at the next tick, and only once; one whose actor says it
 * exited is dropped without a report. */
static void test_sampler_reports_gone_threads_once(void **state)
{
	struct fixture *f = *state;
	struct worker lost, said;
	start(&lost, "lost", -1, f->pipe[0]);
	start(&said, "said", -1, f->pipe[0]);
	sampler_tick(f->s, wf_arena, f->r.c); /* both watched: files open */
	assert_int_equal(write(f->pipe[1], "xy", 2), 2);
	pthread_join(lost.t, NULL);
	pthread_join(said.t, NULL);
	atomic_store(&wf_arena->actors[said.id].exited, 1);
	/* The kernel may keep the task's /proc entry a moment after the join. */
	for (int i = 0; i < 3; i++) {
		sampler_tick(f->s, wf_arena, f->r.c);
		nap_ms(10);
	}
	collector_pump(f->r.c, true);
	const struct trace *t = fixture_recorded(&f->r);
	assert_non_null(t);
	int n;
	assert_int_equal(last_state(t, lost.id, KSCHED_GONE, &n), KSCHED_GONE);
	assert_int_equal(n, 1);
	assert_int_not_equal(last_state(t, said.id, KSCHED_GONE, &n), KSCHED_GONE);
	assert_int_equal(n, 0);
}

/* A forked process that has ended is read on as a zombie (Z, its letter in
 * b) until it is reaped, then reported gone, once. */
static void test_sampler_sees_a_zombie_until_reaped(void **state)
{
	struct fixture *f = *state;
	uint16_t parent = actor_register("main", AK_PROCESS, WF_NONE);
	uint16_t id = actor_register("child", AK_PROCESS, parent);
	assert_int_not_equal(id, WF_NONE);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		actor_enter(id);
		actor_leave(0);
		_exit(0);
	}
	while (!atomic_load(&wf_arena->actors[id].exited))
		sched_yield();
	siginfo_t info;
	/* Until the kernel has it as a zombie (WNOWAIT: not reaped). */
	assert_int_equal(waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT), 0);
	sampler_tick(f->s, wf_arena, f->r.c);
	sampler_tick(f->s, wf_arena, f->r.c);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	sampler_tick(f->s, wf_arena, f->r.c);
	sampler_tick(f->s, wf_arena, f->r.c);
	collector_pump(f->r.c, true);
	const struct trace *t = fixture_recorded(&f->r);
	assert_non_null(t);
	int n;
	assert_int_equal(last_state(t, id, KSCHED_ZOMBIE, &n), KSCHED_GONE);
	assert_int_equal(n, 1); /* once */
	for (size_t i = 0; i < t->nev; i++)
		if (t->ev[i].type == EV_SCHED && t->ev[i].actor == id && t->ev[i].a == KSCHED_ZOMBIE)
			assert_int_equal(SCHED_LETTER(t->ev[i].b), 'Z');
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sampler_running_and_sleeping_threads),
		T(test_sampler_sees_threads_waiting_for_a_cpu),
		T(test_sampler_reports_gone_threads_once),
		T(test_sampler_sees_a_zombie_until_reaped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
