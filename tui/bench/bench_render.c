/*
 * bench_render.c - rows render-full and render-partial: the lesson screen
 * at 200×50 with 64 lanes, drawn by the real app (app_draw: every widget,
 * the real layout) into a canvas and put on a pty by tui/term/term.c's own blit
 * through ncurses.
 *
 * The app shows a replay (app_init_replay), so its model is the real model
 * folded from a real trace: a synthetic 64-actor run written by the trace
 * writer (locks taken and waited for, queues, sleeps, printed lines,
 * scheduler samples), as `weft replay` would show it.  The timeline is in
 * its default FIT view.
 *
 *  - render-full: app_draw, then every cell repainted (what a resize or a
 *    redraw of the whole screen costs);
 *  - render-partial: what a live frame costs: the playhead moves one
 *    column of lesson time (its events fold first, untimed, as app_tick
 *    would), then app_draw and the diff blit, which writes only the cells
 *    that changed.
 *
 * A thread reads the pty's other side, as a terminal would, and counts the
 * bytes: reported per frame.  Figures are ms per frame (draw + blit).
 */
#include <fcntl.h>
#include <pthread.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "app.h"
#include "bench.h"
#include "replay.h"
#include "trace.h"

#define W 200
#define H 50
#define LANES 64
#define LOCKS 4
#define QUEUES 2
#define STEP_NS 500000ll      /* the synthetic run does something every 0.5 ms */
#define END_NS 2600000000ll   /* and lasts 2.6 s */
#define START_NS 1200000000ll /* the playhead when a measurement starts */
#define PARTIAL_FRAMES 40

static uint32_t next_rand(uint32_t *rng)
{
	*rng = *rng * 1103515245u + 12345u;
	return *rng >> 8;
}

static void put(trace_writer *w, int64_t t, uint16_t actor, uint16_t type, uint16_t obj,
		uint64_t a, uint64_t b, const char *text)
{
	struct wf_ev ev = {(uint64_t)t, actor, type, obj, 0, a, b};
	trace_event(w, &ev, text);
}

/* One thing happening at t to a pseudo-random actor. */
static void happen(trace_writer *w, int64_t t, uint32_t *rng)
{
	uint16_t actor = (uint16_t)(next_rand(rng) % LANES);
	uint16_t lock = (uint16_t)(next_rand(rng) % LOCKS);
	uint16_t queue = (uint16_t)(LOCKS + next_rand(rng) % QUEUES);
	char line[64];
	switch (next_rand(rng) % 8) {
	case 0:
		put(w, t, actor, EV_BLOCK_LOCK, lock, WF_NONE, 0, NULL);
		break;
	case 1:
		put(w, t, actor, EV_ACQUIRE, lock, 1000, 1, NULL);
		break;
	case 2:
		put(w, t, actor, EV_RELEASE, lock, 0, 0, NULL);
		break;
	case 3:
		put(w, t, actor, EV_SLEEP, WF_NONE, 5000000, 0, NULL);
		break;
	case 4:
		put(w, t, actor, EV_PUT, queue, next_rand(rng) % 9, 8, NULL);
		break;
	case 5:
		snprintf(line, sizeof line, "T%u: step %lld done", actor, (long long)(t / STEP_NS));
		put(w, t, actor, EV_PRINT, WF_NONE, 0, strlen(line), line);
		break;
	case 6:
		put(w, t, actor, EV_SCHED, WF_NONE, KSCHED_RUNNABLE, next_rand(rng) % 2, NULL);
		break;
	default:
		put(w, t, actor, EV_RUN, WF_NONE, 0, 0, NULL);
		break;
	}
}

/* Writes the synthetic run to path; 0, or -1 with a reason in err. */
static int write_run(const char *path, char *err, size_t size)
{
	struct trace_header h = {.speed = 1.0};
	snprintf(h.weft, sizeof h.weft, "%s", WEFT_VERSION);
	snprintf(h.lesson, sizeof h.lesson, "race");
	snprintf(h.params, sizeof h.params, "threads=%d iters=100000 lock=on", LANES - 1);
	snprintf(h.sched, sizeof h.sched, "free");
	trace_writer *w = trace_create(path, &h, err, size);
	if (!w)
		return -1;
	put(w, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, (uint64_t)1000 << 32 | 1000, "main");
	for (uint16_t i = 0; i < LOCKS + QUEUES; i++) {
		char name[16];
		snprintf(name, sizeof name, i < LOCKS ? "lock_%c" : "queue_%c", 'A' + i);
		put(w, 0, 0, EV_OBJ_NEW, i, i < LOCKS ? OBJ_MUTEX : OBJ_QUEUE, i < LOCKS ? 0 : 8, name);
	}
	for (uint16_t i = 1; i < LANES; i++) {
		char name[16];
		snprintf(name, sizeof name, "T%u", i);
		put(w, 0, i, EV_SPAWN, WF_NONE, 0, (uint64_t)1000 << 32 | (1000u + i), name);
	}
	uint32_t rng = 12345;
	for (int64_t t = STEP_NS; t <= END_NS; t += STEP_NS)
		happen(w, t, &rng);
	trace_end(w, "", "done");
	if (trace_close(w) < 0) {
		snprintf(err, size, "writing the trace failed");
		return -1;
	}
	return 0;
}

/* The real app showing the run at START_NS; 0, or -1 with a reason. */
static int app_open(struct app *a, char *err, size_t size)
{
	char path[] = "/tmp/weft-bench-render-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		snprintf(err, size, "cannot make a temporary file");
		return -1;
	}
	close(fd);
	struct trace t;
	int ok = write_run(path, err, size) == 0 && trace_load(path, &t, err, size) == 0;
	unlink(path);
	replay *r = ok ? replay_new(&t) : NULL;
	if (!r) {
		if (ok)
			snprintf(err, size, "out of memory");
		return -1;
	}
	struct cli c;
	memset(&c, 0, sizeof c);
	c.cmd = CLI_REPLAY;
	c.speed = 1.0;
	c.lang = "en";
	app_init_replay(a, &c, r);
	replay_seek(a->playback.replay, START_NS);
	return 0;
}

/* --- the terminal's side of the pty ----------------------------------------- */

struct reader {
	int fd;
	_Atomic uint64_t bytes;
	_Atomic int stop;
};

static void *read_pty(void *arg)
{
	struct reader *r = arg;
	char buf[65536];
	while (!atomic_load(&r->stop)) {
		ssize_t n = read(r->fd, buf, sizeof buf);
		if (n > 0)
			atomic_fetch_add(&r->bytes, (uint64_t)n);
		else
			usleep(2000);
	}
	return NULL;
}

/* Waits until the reader has seen everything written so far. */
static uint64_t settled_bytes(struct reader *r)
{
	uint64_t seen = atomic_load(&r->bytes), now;
	for (;;) {
		usleep(20000);
		now = atomic_load(&r->bytes);
		if (now == seen)
			return now;
		seen = now;
	}
}

void bench_render(const struct bench_opts *o)
{
	int master = -1, slave = -1;
	struct winsize ws = {H, W, 0, 0};
	char err[256] = "";
	if (!o->term || openpty(&master, &slave, NULL, NULL, &ws) < 0) {
		bench_missing("render-full", "ms", "<= 2", "no pty (openpty failed)");
		bench_missing("render-partial", "ms", "<= 0.3", "no pty (openpty failed)");
		return;
	}
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	struct reader rd = {master, 0, 0};
	pthread_t reader;
	struct app app;
	canvas *c = canvas_new(W, H);
	bool opened = c && app_open(&app, err, sizeof err) == 0;
	bool ok = opened && pthread_create(&reader, NULL, read_pty, &rd) == 0;
	if (!ok || o->term->open(slave, "xterm-256color") < 0) {
		char why[160];
		snprintf(why, sizeof why, "%.150s", !c ? "out of memory" : !opened ? err
								: "cannot start curses on a pty");
		bench_missing("render-full", "ms", "<= 2", why);
		bench_missing("render-partial", "ms", "<= 0.3", why);
		if (ok) {
			atomic_store(&rd.stop, 1);
			pthread_join(reader, NULL);
		}
		if (opened)
			app_free(&app);
		canvas_free(c);
		close(master);
		close(slave);
		return;
	}
	int runs = o->runs * 2, fulls = 0, partials = 0;
	double full[64], partial[64], draw_ms[64], partial_draw[64];
	uint64_t full_bytes = 0, partial_bytes = 0, partial_events = 0;
	bench_pin(0);
	for (int r = -1; r < runs; r++) { /* run -1 warms up */
		replay_seek(app.playback.replay, START_NS);
		uint64_t b0 = settled_bytes(&rd);
		uint64_t t0 = bench_now_ns();
		app_draw(&app, c);
		uint64_t t1 = bench_now_ns();
		o->term->blit(c, true);
		uint64_t t2 = bench_now_ns();
		uint64_t b1 = settled_bytes(&rd);
		if (r >= 0) {
			full[fulls] = (double)(t2 - t0) / 1e6;
			draw_ms[fulls++] = (double)(t1 - t0) / 1e6;
			full_bytes += b1 - b0;
		}
		/* live frames: the playhead moves one column each */
		uint64_t in_frames = 0, in_draw = 0;
		for (int f = 0; f < PARTIAL_FRAMES; f++) {
			size_t before = replay_position(app.playback.replay);
			replay_seek(app.playback.replay, replay_now(app.playback.replay) + app_view(&app).ns_per_col);
			partial_events += replay_position(app.playback.replay) - before;
			uint64_t d0 = bench_now_ns();
			app_draw(&app, c);
			uint64_t d1 = bench_now_ns();
			o->term->blit(c, false);
			in_frames += bench_now_ns() - d0;
			in_draw += d1 - d0;
		}
		uint64_t b2 = settled_bytes(&rd);
		if (r >= 0) {
			partial_draw[partials] = (double)in_draw / 1e6 / PARTIAL_FRAMES;
			partial[partials++] = (double)in_frames / 1e6 / PARTIAL_FRAMES;
			partial_bytes += b2 - b1;
		}
	}
	bench_unpin();
	o->term->close();
	atomic_store(&rd.stop, 1);
	pthread_join(reader, NULL);
	close(master);
	close(slave);
	app_free(&app);
	canvas_free(c);

	struct bench_stat dr = bench_stat_of(draw_ms, fulls);
	struct bench_row fr = {.row = "render-full", .unit = "ms", .weft = bench_stat_of(full, fulls),
			       .target = "<= 2", .has_target = true};
	fr.met = fr.weft.median <= 2;
	snprintf(fr.note, sizeof fr.note,
		 "app_draw of a %d-lane replay at %dx%d; %.1f KB written per frame; app_draw %.3f ms "
		 "of it, the rest is the blit", LANES, W, H, (double)full_bytes / fulls / 1024, dr.median);
	bench_report(&fr);
	struct bench_row pr = {.row = "render-partial", .unit = "ms",
			       .weft = bench_stat_of(partial, partials), .target = "<= 0.3",
			       .has_target = true};
	pr.met = pr.weft.median <= 0.3;
	struct bench_stat pd = bench_stat_of(partial_draw, partials);
	snprintf(pr.note, sizeof pr.note,
		 "a live frame: the playhead moves a column (%.0f events fold, untimed); %.0f bytes "
		 "written per frame; app_draw %.3f ms of it",
		 (double)partial_events / (partials + 1) / PARTIAL_FRAMES,
		 (double)partial_bytes / partials / PARTIAL_FRAMES, pd.median);
	bench_report(&pr);
}
