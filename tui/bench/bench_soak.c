/*
 * bench_soak.c - `weft bench --soak[=SECONDS]`: a lesson left running for
 * a long time (600 s unless told) must not make Weft grow.
 *
 * The soak opens the hidden lesson test-soak (lessons/testing/soak.c: two
 * producers, two consumers, a lock and a queue, looping for ever) in the
 * same app the terminal UI runs (tui/app/app.c), with the CPU time limit off,
 * and does what the UI's loop does: a tick every 5 ms, a frame drawn into a
 * 120x40 canvas every 33 ms (everything but the curses blit).  Every second
 * it reads the resident set size of the UI (this process) and of the lesson
 * host from /proc/PID/statm.
 *
 * The first tenth of the run (at least 5 s) is warm-up: the model's bounded
 * buffers fill to their bounds.  After it, "flat" means: the median of the
 * last five samples is at most 10% (or 2 MiB, whichever is more) above the
 * median of the first five.  Two rows, soak-rss-ui and soak-rss-host, give
 * the end RSS with the min and max seen after warm-up; `met` is
 * information, as for every row (bench.h).  In table mode a progress line
 * is printed every tenth of the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "bench.h"
#include "registry.h"
#include "runlimits.h"

#define SOAK_TICK_MS 5
#define SOAK_FRAME_MS 33
#define SOAK_SAMPLES_MAX 86400
#define SOAK_GROWTH_PCT 10.0
#define SOAK_GROWTH_MIN_MB 2.0

/* Resident set size of pid (0: this process) in MiB, or -1. */
static double rss_mb(int pid)
{
	char path[64];
	if (pid > 0)
		snprintf(path, sizeof path, "/proc/%d/statm", pid);
	else
		snprintf(path, sizeof path, "/proc/self/statm");
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	unsigned long size, resident;
	int n = fscanf(f, "%lu %lu", &size, &resident);
	fclose(f);
	return n == 2 ? (double)resident * (double)sysconf(_SC_PAGESIZE) / 1048576.0 : -1;
}

static double median_of(const double *v, int n)
{
	double tmp[5];
	if (n > 5)
		n = 5;
	memcpy(tmp, v, (size_t)n * sizeof *v);
	return bench_stat_of(tmp, n).median;
}

/* One row from the samples taken after warm-up. */
static void report(const char *row, const double *v, int n, double seconds, uint64_t events,
		   uint64_t dropped)
{
	struct bench_row r = {.row = row, .unit = "MB", .target = "flat: end <= start +10%",
			      .has_target = true};
	if (n < 10) {
		snprintf(r.note, sizeof r.note, "too few samples (%d) after warm-up", n);
		bench_report(&r);
		return;
	}
	double start = median_of(v, n), end = median_of(v + n - 5, 5);
	double lo = v[0], hi = v[0];
	for (int i = 1; i < n; i++) {
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	double growth = end - start;
	r.weft = (struct bench_stat){end, lo, hi, n};
	r.met = growth <= start * SOAK_GROWTH_PCT / 100.0 || growth <= SOAK_GROWTH_MIN_MB;
	snprintf(r.note, sizeof r.note, "%.1f -> %.1f MB (%+.1f%%) over %.0f s, %llu events, %llu dropped",
		 start, end, start > 0 ? 100.0 * growth / start : 0.0, seconds,
		 (unsigned long long)events, (unsigned long long)dropped);
	bench_report(&r);
}

int bench_soak(const struct bench_opts *o, bool json, double seconds)
{
	(void)o;
	const struct wf_lesson *l = registry_find("test-soak");
	if (!l) {
		bench_missing("soak-rss-ui", "MB", "flat", "the test-soak lesson is not built in");
		return 1;
	}
	/* Ten minutes of four busy threads would meet the CPU time limit. */
	struct wf_limits lim = *limits_current();
	lim.cpu_s = 0;
	limits_configure(&lim);

	struct cli c;
	memset(&c, 0, sizeof c);
	c.cmd = CLI_OPEN;
	c.lesson = l;
	lesson_args_init(&c.args, l);
	c.speed = 1.0;
	c.lang = "en";
	c.limits = lim;
	struct app a;
	app_init(&a, &c);
	canvas *frame = canvas_new(120, 40);
	int cap = (int)seconds + 2 < SOAK_SAMPLES_MAX ? (int)seconds + 2 : SOAK_SAMPLES_MAX;
	double *ui = calloc((size_t)cap, sizeof *ui), *host = calloc((size_t)cap, sizeof *host);
	if (!a.session || !frame || !ui || !host) {
		fprintf(stderr, "weft: bench --soak: cannot start: %s\n", a.error[0] ? a.error : "out of memory");
		app_free(&a);
		canvas_free(frame);
		free(ui);
		free(host);
		return 1;
	}
	double warm = seconds / 10 > 5 ? seconds / 10 : 5;
	int n = 0, progress = 0;
	uint64_t t0 = bench_now_ns(), last_frame = 0, last_sample = t0;
	bool ended = false;
	for (;;) {
		uint64_t now = bench_now_ns();
		double t = (double)(now - t0) / 1e9;
		if (t >= seconds)
			break;
		nanosleep(&(struct timespec){0, SOAK_TICK_MS * 1000000L}, NULL);
		app_tick(&a);
		if (session_state(a.session) != SESSION_RUNNING) {
			ended = true;
			break;
		}
		if (now - last_frame >= SOAK_FRAME_MS * 1000000ull) {
			app_draw(&a, frame);
			last_frame = now;
		}
		if (now - last_sample >= 1000000000ull) {
			last_sample = now;
			const struct model_actor *main_actor = model_actor(session_model(a.session), 0);
			double u = rss_mb(0), h = main_actor ? rss_mb(main_actor->pid) : -1;
			if (t >= warm && n < cap && u >= 0 && h >= 0) {
				ui[n] = u;
				host[n] = h;
				n++;
			}
			if (!json && t >= (progress + 1) * seconds / 10) {
				progress++;
				printf("soak %3.0f s: ui %.1f MB, host %.1f MB, %llu events, %llu dropped\n", t, u,
				       h, (unsigned long long)session_events(a.session),
				       (unsigned long long)session_dropped(a.session));
				fflush(stdout);
			}
		}
	}
	uint64_t events = session_events(a.session), dropped = session_dropped(a.session);
	if (ended) {
		char why[200];
		snprintf(why, sizeof why, "the lesson ended after %.0f s: %s",
			 (double)(bench_now_ns() - t0) / 1e9, session_ending(a.session));
		bench_missing("soak-rss-ui", "MB", "flat", why);
	} else {
		report("soak-rss-ui", ui, n, seconds, events, dropped);
		report("soak-rss-host", host, n, seconds, events, dropped);
	}
	app_free(&a);
	canvas_free(frame);
	free(ui);
	free(host);
	return ended ? 1 : 0;
}
