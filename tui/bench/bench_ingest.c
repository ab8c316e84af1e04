/*
 * bench_ingest.c - rows ingest, ingest-drops, ui-gap and memory: how fast
 * the UI takes a lesson's events in, in the real UI loop, what it loses
 * and what it keeps.
 *
 * Each run is `weft open LESSON` without a terminal: the real app
 * (app_init: session, host, collector with its drainer thread, /proc
 * sampler) in the loop tui/term/term.c runs - poll on the lesson's output
 * for PUMP_MS, app_tick (read output, sample, drain, merge, fold), and
 * every FRAME_MS app_draw of every widget into a 200x50 canvas - until the
 * lesson ends.  The lessons are the issue's: race with 8 threads x 1 M
 * locked increments, a coroutine ping-pong of 2 M rounds (mn-scheduler, 20
 * coroutines x 100 k yields) and race with 100 threads.
 *
 *  - ingest: events taken in per second of the UI process's own CPU time
 *    (both its threads), counting those folded coalesced (collector.h) as
 *    the events they stand for; the note gives the raw count too;
 *  - ingest-drops: the share of events lost (full rings and overflows),
 *    target 0;
 *  - ui-gap: the largest gap between two pumps of the loop (a frame being
 *    drawn included), with 100 actors;
 *  - memory: the UI process's peak RSS (VmHWM) over a run, forked for it
 *    alone (the lesson runs in its own processes).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "bench.h"
#include "canvas.h"
#include "cli.h"
#include "session.h"

#define PUMP_MS 5   /* as tui/term/term.c */
#define FRAME_MS 33

struct ingest_result {
	double ev_per_cpu_s;  /* taken in (coalesced ones as what they stand for) per UI CPU-second */
	double raw_per_cpu_s; /* read from the rings and folded one by one */
	uint64_t events, coalesced, dropped;
	double max_gap_ms, wall_s, hwm_mb;
	bool ok;
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

static double cpu_s(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
	       (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/* One run of `weft open ARGV...`, in the child: returns 0 and fills r, or -1. */
static int ingest_run(char **argv, int argc, struct ingest_result *r)
{
	struct cli c;
	char err[256];
	if (cli_parse(&c, argc, argv, err, sizeof err) < 0)
		return -1;
	struct app app;
	app_init(&app, &c);
	canvas *frame = canvas_new(200, 50);
	if (!app.session || !frame)
		return -1;
	double c0 = cpu_s();
	uint64_t t0 = bench_now_ns(), last_frame = 0, last_pump = 0, max_gap = 0;
	while (session_state(app.session) == SESSION_RUNNING) {
		uint64_t now = bench_now_ns();
		if (now - last_frame >= FRAME_MS * 1000000ull) {
			app_draw(&app, frame);
			last_frame = now;
		}
		struct pollfd fds[1] = {{session_fd(app.session), POLLIN, 0}};
		poll(fds, 1, PUMP_MS);
		now = bench_now_ns();
		if (last_pump && now - last_pump > max_gap)
			max_gap = now - last_pump;
		last_pump = now;
		app_tick(&app);
		if (now - t0 > 60ull * 1000000000ull)
			break; /* a runaway: the figures say so */
	}
	app_tick(&app);
	app_draw(&app, frame);
	double cpu = cpu_s() - c0;
	r->wall_s = (double)(bench_now_ns() - t0) / 1e9;
	r->events = session_events(app.session);
	r->coalesced = session_coalesced(app.session);
	r->dropped = session_dropped(app.session);
	r->ev_per_cpu_s = cpu > 0 ? (double)(r->events + r->coalesced) / cpu : 0;
	r->raw_per_cpu_s = cpu > 0 ? (double)r->events / cpu : 0;
	r->max_gap_ms = (double)max_gap / 1e6;
	r->ok = session_state(app.session) == SESSION_DONE;
	app_free(&app);
	canvas_free(frame);
	r->hwm_mb = status_mb("VmHWM:");
	return 0;
}

/* Forks a child for one run and reads its result through a pipe. */
static int ingest_in_child(char **argv, int argc, struct ingest_result *r)
{
	int fd[2];
	if (pipe(fd) < 0)
		return -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		struct ingest_result mine = {0};
		int ok = ingest_run(argv, argc, &mine);
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

#define MAX_RUNS 5

struct ingest_case {
	const char *what; /* for the notes */
	char *argv[12];
	char *quick_argv[12];
};

static const struct ingest_case cases[] = {
	{"race 8x1M lock",
	 {"weft", "open", "race", "--set", "threads=8", "--set", "iters=1000000", "--set", "lock=on", NULL},
	 {"weft", "open", "race", "--set", "threads=8", "--set", "iters=200000", "--set", "lock=on", NULL}},
	{"coro ping-pong 2M",
	 {"weft", "open", "mn-scheduler", "--set", "coros=20", "--set", "steps=100000", "--set", "work=0",
	  "--speed", "20", NULL},
	 {"weft", "open", "mn-scheduler", "--set", "coros=20", "--set", "steps=20000", "--set", "work=0",
	  "--speed", "20", NULL}},
	{"race 100 threads",
	 {"weft", "open", "race", "--set", "threads=100", "--set", "iters=20000", "--set", "lock=on", NULL},
	 {"weft", "open", "race", "--set", "threads=100", "--set", "iters=5000", "--set", "lock=on", NULL}},
};
#define CASES (sizeof cases / sizeof *cases)

void bench_ingest(const struct bench_opts *o)
{
	int runs = o->quick ? 1 : o->runs < MAX_RUNS ? o->runs : MAX_RUNS;
	double rate[CASES][MAX_RUNS], raw[MAX_RUNS], share[CASES][MAX_RUNS], gap[MAX_RUNS],
		hwm[MAX_RUNS];
	int n[CASES] = {0};
	uint64_t dropped[CASES] = {0}, taken[CASES] = {0};
	for (size_t k = 0; k < CASES; k++)
		for (int i = 0; i < runs; i++) {
			char *const *v = o->quick ? cases[k].quick_argv : cases[k].argv;
			int argc = 0;
			while (v[argc])
				argc++;
			struct ingest_result r;
			if (ingest_in_child((char **)v, argc, &r) < 0 || !r.ok)
				continue;
			int j = n[k]++;
			rate[k][j] = r.ev_per_cpu_s / 1e6;
			share[k][j] = 100.0 * (double)r.dropped / (double)(r.events + r.coalesced + r.dropped);
			dropped[k] += r.dropped;
			taken[k] += r.events + r.coalesced;
			if (k == 0) {
				raw[j] = r.raw_per_cpu_s / 1e6;
				hwm[j] = r.hwm_mb;
			}
			if (k == 2)
				gap[j] = r.max_gap_ms;
		}
	if (!n[0]) {
		bench_missing("ingest", "M ev/s", ">= 100", "the ingest run failed");
		bench_missing("ingest-drops", "%", "0", "the ingest run failed");
		bench_missing("memory", "MB", "<= 64", "the ingest run failed");
	} else {
		struct bench_row in = {.row = "ingest", .unit = "M ev/s", .weft = bench_stat_of(rate[0], n[0]),
				       .target = ">= 100", .has_target = true};
		in.met = in.weft.median >= 100;
		struct bench_stat r1 = bench_stat_of(raw, n[0]);
		if (n[1]) {
			struct bench_stat coro = bench_stat_of(rate[1], n[1]);
			snprintf(in.note, sizeof in.note,
				 "%s%s, real UI loop, per UI CPU-s (coalesced counted as what they stand for; "
				 "%.0f M one by one); %s: %.0f M/s",
				 cases[0].what, o->quick ? " (quick: 1/5)" : "", r1.median, cases[1].what, coro.median);
		} else {
			snprintf(in.note, sizeof in.note, "%s in the UI loop, per UI CPU-second (%.0f M one by one)",
				 cases[0].what, r1.median);
		}
		bench_report(&in);
		struct bench_row dr = {.row = "ingest-drops", .unit = "%", .weft = bench_stat_of(share[0], n[0]),
				       .target = "0", .has_target = true};
		dr.met = dropped[0] == 0 && (!n[1] || dropped[1] == 0);
		snprintf(dr.note, sizeof dr.note, "%s: %llu of %.1f M lost; %s: %llu lost", cases[0].what,
			 (unsigned long long)dropped[0], (double)taken[0] / 1e6, cases[1].what,
			 (unsigned long long)dropped[1]);
		bench_report(&dr);
		struct bench_row mem = {.row = "memory", .unit = "MB", .weft = bench_stat_of(hwm, n[0]),
					.target = "<= 64", .has_target = true};
		mem.met = mem.weft.median <= 64;
		mem.ratio = -1; /* not a cost comparison */
		snprintf(mem.note, sizeof mem.note, "peak RSS (VmHWM) of the UI process over %s (%.0f M events)",
			 cases[0].what, (double)taken[0] / n[0] / 1e6);
		bench_report(&mem);
	}
	if (!n[2]) {
		bench_missing("ui-gap", "ms", "<= 50", "the 100-thread run failed");
		return;
	}
	struct bench_row g = {.row = "ui-gap", .unit = "ms", .weft = bench_stat_of(gap, n[2]),
			      .target = "<= 50", .has_target = true};
	g.met = g.weft.median <= 50;
	snprintf(g.note, sizeof g.note, "largest gap between two pumps of the UI loop (drawing included), %s",
		 cases[2].what);
	bench_report(&g);
}
