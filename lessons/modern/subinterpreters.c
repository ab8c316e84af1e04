/*
 * subinterpreters - several interpreters in one process, each with its own
 * interpreter lock and heap (PEP 684, Python 3.12), sharing nothing but
 * messages (PEP 734's concurrent.interpreters and InterpreterPoolExecutor,
 * Python 3.14).
 *
 * An "interpreter" here is what CPython's is to a thread that runs it: a
 * state of its own (its own interp_lock, the GIL of lessons/common/
 * interp_lock.c, and a heap it allocates and initialises itself) and a
 * channel (a wf_queue of copied payloads) as its only way to the others.
 * Nothing in C stops a thread from reading another's memory; these keep to
 * their own, as CPython's interpreters do by construction.  Three parts,
 * measured:
 *
 *   1. count() on `workers` threads sharing ONE interpreter (one lock),
 *      on `workers` interpreters (a lock each), on `workers` processes:
 *      the interpreters scale as the processes do;
 *   2. start-up: from the start call to the worker's first line, for an
 *      interpreter (a thread and its fresh heap) and for a process (fork),
 *      the median of `starts` each;
 *   3. passing data costs a copy: `msg_kb` KiB sent to an interpreter
 *      through its channel (copied in, copied out) and answered, timed.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/interp_lock.h"
#include "lesson.h"
#include "weft.h"

#define MAX_WORKERS 8
#define MAX_STARTS 20

/* One interpreter's own state: its lock, its heap, its module global. */
struct interp {
	struct interp_lock own;   /* its lock, when it has one of its own */
	struct interp_lock *gil;  /* the lock it runs under: &own, or another's */
	unsigned char *heap;
	size_t heap_size;
	long config;        /* a module-level global: starts at 0 in every interpreter */
	wf_queue *channel;  /* main -> it */
	wf_queue *answers;  /* it -> main */
	long loops;
	int number;
	double started;     /* interp_mono_s() at its first line */
};

static uint64_t count(struct interp_lock *lock, long loops, int number)
{
	volatile uint64_t sink;
	uint64_t x = (uint64_t)number;
	for (long i = 0; i < loops; i++) {
		x = interp_bytecode(x);
		if (i % INTERP_CHECK_EVERY == 0)
			interp_check(lock, 0.005);
	}
	sink = x;
	(void)sink;
	return (uint64_t)loops * (uint64_t)number;
}

static void run_count(void *arg)
{
	struct interp *in = arg;
	in->started = interp_mono_s();
	interp_take(in->gil);
	uint64_t r = count(in->gil, in->loops, in->number);
	interp_drop(in->gil);
	wf_print("count(%d) = %llu", in->number, (unsigned long long)r);
}

/* An interpreter's state, with a heap of heap_kb its owner sets up; with
 * a lock of its own named "NAME GIL" when `locked` (shared: one a forked
 * process can use). */
static int interp_init(struct interp *in, const char *name, size_t heap_kb, bool locked, bool shared)
{
	memset(in, 0, sizeof *in);
	in->heap_size = heap_kb * 1024;
	if (!locked)
		return 0;
	char lock[48];
	snprintf(lock, sizeof lock, "%.24s GIL", name);
	in->own.lock = wf_mutex_new(lock, shared ? WF_SHARED : 0);
	in->gil = &in->own;
	return in->own.lock ? 0 : -1;
}

static void heap_up(struct interp *in)
{
	in->heap = malloc(in->heap_size);
	if (in->heap)
		memset(in->heap, 0, in->heap_size); /* touched: its pages are its own */
}

static void start_interp(void *arg)
{
	struct interp *in = arg;
	in->started = interp_mono_s();
	heap_up(in);
	free(in->heap);
}

static void start_process(void *arg)
{
	struct interp *in = arg;
	in->started = interp_mono_s();
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Part 3's interpreter: answers each message with its length, read from its
 * own copy; its `config` is its own. */
static void echo(void *arg)
{
	struct interp *in = arg;
	heap_up(in);
	wf_print("interp: my config is %ld (main's is not mine)", in->config);
	size_t n;
	while (in->heap && wf_queue_get_msg(in->channel, in->heap, in->heap_size, &n, WF_FOREVER) == 0 && n) {
		in->config += (long)n;
		wf_queue_put_int(in->answers, (long)n, WF_FOREVER);
	}
	free(in->heap);
}

static void run(void)
{
	int workers = (int)wf_param_int("workers"), starts = (int)wf_param_int("starts");
	long loops = wf_param_int("loops");
	size_t msg = (size_t)wf_param_int("msg_kb") * 1024;
	static struct interp in[MAX_WORKERS];
	struct interp *shared = wf_shared_alloc(sizeof *shared * MAX_WORKERS);
	struct interp one;
	if (!shared || interp_init(&one, "main", 0, true, false) < 0)
		return;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	wf_print("-- 1. count() x %d: threads of one interpreter, %d interpreters, %d processes --",
		 workers, workers, workers);
	wf_thread t[MAX_WORKERS];
	wf_process p[MAX_WORKERS];
	char names[MAX_WORKERS][32];
	double t0 = interp_mono_s();
	for (int i = 0; i < workers; i++) { /* one interpreter: every thread takes its one lock */
		interp_init(&in[i], "", 0, false, false);
		in[i].gil = &one.own;
		in[i].loops = loops;
		in[i].number = i + 1;
		snprintf(names[i], sizeof names[i], "T%d", i + 1);
		wf_thread_spawn(&t[i], names[i], run_count, &in[i]);
	}
	for (int i = 0; i < workers; i++)
		wf_thread_join(&t[i]);
	double threads_s = interp_mono_s() - t0;
	wf_print("threads of one interpreter: %.2f s", threads_s);
	t0 = interp_mono_s();
	for (int i = 0; i < workers; i++) { /* an interpreter each: a lock each */
		snprintf(names[i], sizeof names[i], "interp%d", i + 1);
		if (interp_init(&in[i], names[i], 0, true, false) < 0)
			return;
		in[i].loops = loops;
		in[i].number = i + 1;
		wf_thread_spawn(&t[i], names[i], run_count, &in[i]);
	}
	for (int i = 0; i < workers; i++)
		wf_thread_join(&t[i]);
	double interps_s = interp_mono_s() - t0;
	wf_print("%d interpreters: %.2f s", workers, interps_s);
	t0 = interp_mono_s();
	for (int i = 0; i < workers; i++) {
		snprintf(names[i], sizeof names[i], "P%d", i + 1);
		if (interp_init(&shared[i], names[i], 0, true, true) < 0)
			return;
		shared[i].loops = loops;
		shared[i].number = i + 1;
		wf_process_spawn(&p[i], names[i], run_count, &shared[i]);
	}
	for (int i = 0; i < workers; i++)
		wf_process_join(&p[i]);
	double procs_s = interp_mono_s() - t0;
	wf_print("%d processes: %.2f s (%ld CPUs)", workers, procs_s, cpus);

	wf_print("-- 2. start-up, the median of %d: an interpreter (a thread, a fresh %ld KiB heap), a process (fork) --",
		 starts, wf_param_int("heap_kb"));
	double interp_us[MAX_STARTS], proc_us[MAX_STARTS];
	for (int i = 0; i < starts; i++) {
		interp_init(&in[0], "start", (size_t)wf_param_int("heap_kb"), false, false);
		double s = interp_mono_s();
		char name[32];
		snprintf(name, sizeof name, "new interp %d", i + 1);
		wf_thread_spawn(&t[0], name, start_interp, &in[0]);
		wf_thread_join(&t[0]);
		interp_us[i] = (in[0].started - s) * 1e6;
		shared[0].started = 0;
		s = interp_mono_s();
		snprintf(name, sizeof name, "new proc %d", i + 1);
		wf_process_spawn(&p[0], name, start_process, &shared[0]);
		wf_process_join(&p[0]);
		proc_us[i] = (shared[0].started - s) * 1e6;
	}
	double interp_start = median(interp_us, starts), proc_start = median(proc_us, starts);
	wf_print("an interpreter starts in %.0f us, a process in %.0f us", interp_start, proc_start);

	wf_print("-- 3. %zu KiB to an interpreter through its channel, and an answer back --", msg / 1024);
	struct interp *e = &in[0];
	interp_init(e, "echo", msg / 1024 + 1, false, false);
	e->channel = wf_queue_new("channel", 4, 0);
	e->answers = wf_queue_new("answers", 4, 0);
	one.config = 42;
	wf_print("main: config = %ld", one.config);
	wf_thread et;
	wf_thread_spawn(&et, "interp", echo, e);
	unsigned char *payload = malloc(msg);
	double copy_us = 0;
	long got = 0;
	if (payload) {
		memset(payload, 'x', msg);
		int rounds = 8;
		double s = interp_mono_s();
		for (int i = 0; i < rounds; i++) {
			wf_queue_put_msg(e->channel, payload, msg, WF_FOREVER);
			wf_queue_get_int(e->answers, &got, WF_FOREVER);
		}
		copy_us = (interp_mono_s() - s) * 1e6 / rounds;
		wf_print("each %zu KiB message: %.0f us there and back (copied in, copied out); the interpreter got %ld bytes",
			 msg / 1024, copy_us, got);
	}
	wf_queue_put_msg(e->channel, "", 0, WF_FOREVER); /* an empty message: stop */
	wf_thread_join(&et);
	free(payload);
	wf_result("threads_s=%.3f interps_s=%.3f procs_s=%.3f interps_vs_threads=%.2f procs_vs_threads=%.2f "
		  "cpus=%ld interp_start_us=%.0f proc_start_us=%.0f msg_kb=%zu msg_us=%.0f got=%ld",
		  threads_s, interps_s, procs_s, interps_s / threads_s, procs_s / threads_s, cpus, interp_start,
		  proc_start, msg / 1024, copy_us, got);
}

static const struct wf_param params[] = {
	{"workers", NULL, "2", 1, MAX_WORKERS, "threads, interpreters and processes in part 1"},
	{"loops", NULL, "10000000", 1000, 100000000, "bytecodes in one count() (real CPU time)"},
	{"starts", NULL, "5", 1, MAX_STARTS, "starts of each kind timed in part 2"},
	{"heap_kb", NULL, "1024", 4, 65536, "the heap a new interpreter sets up, KiB"},
	{"msg_kb", NULL, "64", 1, 64, "the message sent in part 3, KiB"},
};

const struct wf_lesson lesson_subinterpreters = {
	.id = "subinterpreters",
	.track = "modern",
	.title_en = "Subinterpreters: a lock each, nothing shared",
	.title_zh = "子解释器：各有一把锁，互不共享",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
