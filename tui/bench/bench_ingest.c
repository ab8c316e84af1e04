/*
 * bench_ingest.c - rows ingest and memory: how fast the UI side takes
 * events in, and what it keeps.
 *
 * Four producer threads, each a real actor of a real arena, emit flat out
 * through the real emit() path a mix a lesson makes (acquire and release
 * of their own lock, now and then a sleep, a wake and a queue put); the
 * calling thread runs the real collector (drain every ring, merge by
 * timestamp, convert to lesson time) into the real model until it has
 * folded the target number of events.  Producers outrun any reader, so
 * rings fill and events drop: the drops are reported, never hidden.
 * Producers run at nice +5, as the lesson host does (sim/host/host.c), so the
 * reader gets the CPU share the UI gets in a real run; the reader's own
 * CPU time is reported too (events folded per CPU-second).
 *
 * Each run happens in a forked child, so its peak RSS (VmHWM) is that of
 * the ingest alone: the memory row is the RSS after folding 10 M events.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "bench.h"
#include "collector.h"

#define PRODUCERS 4
#define TARGET_EVENTS 10000000ull

struct producer {
	pthread_t thread;
	uint16_t actor, lock, queue;
	_Atomic int *stop;
};

static void *produce(void *arg)
{
	struct producer *p = arg;
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 5); /* as the lesson host */
	actor_enter(p->actor);
	uint64_t i = 0;
	while (!atomic_load_explicit(p->stop, memory_order_relaxed)) {
		for (int k = 0; k < 64; k++, i++) {
			emit(EV_ACQUIRE, p->lock, 0, 1);
			emit(EV_RELEASE, p->lock, 0, 0);
		}
		emit(EV_PUT, p->queue, i & 7, 8);
		emit(EV_SLEEP, WF_NONE, 1000, 0);
		emit(EV_RUN, WF_NONE, 0, 0);
	}
	actor_leave(0);
	return NULL;
}

struct ingest_result {
	double events_per_s; /* folded, per second of real time */
	double per_cpu_s;    /* folded, per second of the reader's CPU time */
	uint64_t folded, dropped, read;
	double rss_mb, hwm_mb;
};

/* "VmRSS:   1234 kB" from /proc/self/status, in MB. */
static double status_mb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	double mb = 0;
	size_t n = strlen(key);
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, key, n) == 0)
			mb = strtod(line + n + 1, NULL) / 1024.0;
	if (f)
		fclose(f);
	return mb;
}

/* One run, in the child: returns 0 and fills r, or -1. */
static int ingest_run(uint64_t target, struct ingest_result *r)
{
	struct arena *a = arena_new();
	model *m = model_new();
	collector *c = a && m ? collector_new(a, m) : NULL;
	if (!c)
		return -1;
	wf_arena = a;
	timebase_start(&a->ctl.time, 1.0);
	actor_enter(actor_register("main", AK_THREAD, WF_NONE));
	_Atomic int stop = 0;
	struct producer p[PRODUCERS];
	for (int i = 0; i < PRODUCERS; i++) {
		char name[16];
		snprintf(name, sizeof name, "T%d", i + 1);
		p[i].lock = object_register(name, OBJ_MUTEX, 0);
		p[i].queue = object_register(name, OBJ_QUEUE, 8);
		p[i].actor = actor_register(name, AK_THREAD, 0);
		p[i].stop = &stop;
	}
	for (int i = 0; i < PRODUCERS; i++)
		if (pthread_create(&p[i].thread, NULL, produce, &p[i]) != 0)
			return -1;
	struct timespec c0, c1;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
	uint64_t t0 = bench_now_ns();
	while (model_events(m) < target)
		collector_pump(c, false);
	uint64_t t1 = bench_now_ns();
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
	double cpu = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
	r->folded = model_events(m);
	atomic_store(&stop, 1);
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(p[i].thread, NULL);
	collector_pump(c, true);
	r->events_per_s = (double)r->folded / ((double)(t1 - t0) / 1e9);
	r->per_cpu_s = cpu > 0 ? (double)r->folded / cpu : 0;
	r->dropped = collector_dropped(c);
	r->read = collector_events(c);
	r->rss_mb = status_mb("VmRSS:");
	r->hwm_mb = status_mb("VmHWM:");
	return 0;
}

/* Forks a child for one run and reads its result through a pipe. */
static int ingest_in_child(uint64_t target, struct ingest_result *r)
{
	int fd[2];
	if (pipe(fd) < 0)
		return -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		struct ingest_result mine;
		int ok = ingest_run(target, &mine);
		if (ok == 0 && write(fd[1], &mine, sizeof mine) != sizeof mine)
			ok = -1;
		_exit(ok == 0 ? 0 : 1);
	}
	close(fd[1]);
	ssize_t got = pid > 0 ? read(fd[0], r, sizeof *r) : -1;
	close(fd[0]);
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
		}
	return got == (ssize_t)sizeof *r ? 0 : -1;
}

void bench_ingest(const struct bench_opts *o)
{
	int runs = o->quick ? 1 : o->runs < 5 ? o->runs : 5;
	double rate[8], rss[8], hwm[8], per_cpu[8];
	uint64_t dropped = 0, read_total = 0, folded = 0;
	int n = 0;
	for (int i = 0; i < runs; i++) {
		struct ingest_result r;
		if (ingest_in_child(TARGET_EVENTS, &r) < 0)
			continue;
		rate[n] = r.events_per_s / 1e6;
		per_cpu[n] = r.per_cpu_s / 1e6;
		rss[n] = r.rss_mb;
		hwm[n] = r.hwm_mb;
		dropped += r.dropped;
		read_total += r.read;
		folded += r.folded;
		n++;
	}
	if (!n) {
		bench_missing("ingest", "M ev/s", ">= 20", "the ingest run failed");
		bench_missing("memory", "MB", "<= 64", "the ingest run failed");
		return;
	}
	struct bench_row in = {.row = "ingest", .unit = "M ev/s", .weft = bench_stat_of(rate, n),
			       .target = ">= 20", .has_target = true};
	in.met = in.weft.median >= 20;
	struct bench_stat cpu = bench_stat_of(per_cpu, n);
	snprintf(in.note, sizeof in.note,
		 "%d producers flat out (nice +5); %.0f M ev per reader CPU-second; per run %.1f M read, "
		 "%.1f M dropped (full rings, %.0f%% of emitted)",
		 PRODUCERS, cpu.median, (double)read_total / n / 1e6, (double)dropped / n / 1e6,
		 100.0 * (double)dropped / (double)(dropped + read_total));
	bench_report(&in);

	struct bench_stat peak = bench_stat_of(hwm, n);
	struct bench_row mem = {.row = "memory", .unit = "MB", .weft = bench_stat_of(rss, n),
				.peer = "peak (VmHWM)", .peer_value = peak, .target = "<= 64",
				.has_target = true};
	mem.met = mem.weft.median <= 64;
	mem.ratio = -1; /* not a cost comparison */
	snprintf(mem.note, sizeof mem.note, "RSS of a process that folded %.0f M events (%d producers)",
		 (double)folded / n / 1e6, PRODUCERS);
	bench_report(&mem);
}
