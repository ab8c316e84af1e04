/*
 * bench_render.c - rows render-full and render-partial: a lesson screen of
 * 200×50 with 64 lanes drawn by the real widgets into a canvas and blitted
 * by tui/term.c's blit through ncurses into a pty.
 *
 * The model is real (model_fold of a synthetic 64-actor run: locks taken
 * and waited for, queues, sleeps, printed lines, scheduler samples); the
 * screen is laid out as the lesson view lays it out (timeline and console
 * left, locks, queues and the lesson text right, title and status bar).
 *
 *  - render-full: draw every widget and repaint every cell (what a resize
 *    or Ctrl-L costs);
 *  - render-partial: what a live frame costs: lesson time moves one column,
 *    a few actors change state, the status bar counts on; the blit writes
 *    only the cells that changed.
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

#include "bench.h"
#include "i18n.h"
#include "mdview.h"
#include "registry.h"
#include "widgets.h"

#define W 200
#define H 50
#define LANES 64
#define LOCKS 4
#define QUEUES 2
#define STEP_NS 1000000ll     /* the synthetic run changes something every 1 ms */
#define COL_NS 20000000ll     /* lesson ns per timeline column */
#define START_NS 1000000000ll /* the run so far when a measurement starts */
#define PARTIAL_FRAMES 40

struct screen {
	model *m;
	mdview *text;
	canvas *c;
	int64_t now;
	uint64_t events;
	uint32_t rng;
};

static uint32_t next_rand(struct screen *s)
{
	s->rng = s->rng * 1103515245u + 12345u;
	return s->rng >> 8;
}

static void fold(struct screen *s, uint16_t actor, uint16_t type, uint16_t obj, uint64_t a,
		 uint64_t b, const char *text)
{
	struct wf_ev ev = {(uint64_t)s->now, actor, type, obj, 0, a, b};
	model_fold(s->m, &ev, text);
	s->events++;
}

/* One thing happening at s->now to a pseudo-random actor. */
static void happen(struct screen *s)
{
	uint16_t actor = (uint16_t)(next_rand(s) % LANES);
	uint16_t lock = (uint16_t)(next_rand(s) % LOCKS);
	uint16_t queue = (uint16_t)(LOCKS + next_rand(s) % QUEUES);
	switch (next_rand(s) % 8) {
	case 0:
		fold(s, actor, EV_BLOCK_LOCK, lock, WF_NONE, 0, NULL);
		break;
	case 1:
		fold(s, actor, EV_ACQUIRE, lock, 1000, 1, NULL);
		break;
	case 2:
		fold(s, actor, EV_RELEASE, lock, 0, 0, NULL);
		break;
	case 3:
		fold(s, actor, EV_SLEEP, WF_NONE, 5000000, 0, NULL);
		break;
	case 4:
		fold(s, actor, EV_PUT, queue, next_rand(s) % 9, 8, NULL);
		break;
	case 5: {
		char line[64];
		snprintf(line, sizeof line, "T%u: step %llu done", actor,
			 (unsigned long long)(s->now / STEP_NS));
		fold(s, actor, EV_PRINT, WF_NONE, 0, 0, line);
		break;
	}
	case 6:
		fold(s, actor, EV_SCHED, WF_NONE, KSCHED_RUNNABLE, next_rand(s) % 2, NULL);
		break;
	default:
		fold(s, actor, EV_RUN, WF_NONE, 0, 0, NULL);
		break;
	}
}

static int screen_init(struct screen *s)
{
	memset(s, 0, sizeof *s);
	s->rng = 12345;
	s->m = model_new();
	s->c = canvas_new(W, H);
	const struct wf_lesson *l = registry_find("race");
	const char *md = l ? registry_text(l, "en") : NULL;
	s->text = md ? mdview_new(md, strlen(md), 0) : NULL;
	if (!s->m || !s->c)
		return -1;
	fold(s, 0, EV_SPAWN, WF_NONE, WF_NONE, (uint64_t)1000 << 32 | 1000, "main");
	for (uint16_t i = 0; i < LOCKS + QUEUES; i++) {
		char name[16];
		snprintf(name, sizeof name, i < LOCKS ? "lock_%c" : "queue_%c", 'A' + i);
		fold(s, 0, EV_OBJ_NEW, i, i < LOCKS ? OBJ_MUTEX : OBJ_QUEUE, i < LOCKS ? 0 : 8, name);
	}
	for (uint16_t i = 1; i < LANES; i++) {
		char name[16];
		snprintf(name, sizeof name, "T%u", i);
		fold(s, i, EV_SPAWN, WF_NONE, 0, (uint64_t)1000 << 32 | (1000u + i), name);
	}
	for (s->now = STEP_NS; s->now <= START_NS; s->now += STEP_NS)
		happen(s);
	s->now = START_NS;
	return 0;
}

static void screen_free(struct screen *s)
{
	model_free(s->m);
	mdview_free(s->text);
	canvas_free(s->c);
}

/* The lesson view's layout (tui/app.c), drawn from this model. */
static void draw(struct screen *s)
{
	canvas *c = s->c;
	struct look k = {false, false};
	int top = 1, body = H - 2, left = W * 3 / 5, right_x = left + 1, right_w = W - left - 1;
	canvas_clear(c);
	canvas_fill(c, (struct rect){0, 0, W, 1}, ' ', S_STATUS, A_REVERSE_);
	canvas_text(c, 0, 0, W, " Weft · Race condition: lost updates  (race)  threads=64", S_STATUS,
		    A_REVERSE_ | A_BOLD_);
	for (int y = top; y < top + body; y++)
		canvas_put(c, left, y, 0x2502, S_BORDER, 0);
	int tl_h = body * 3 / 5;
	struct rect tl = {0, top + 1, left, tl_h - 1};
	panel_title(c, (struct rect){0, top, left, 1}, tr(M_TIMELINE, false), true, &k);
	struct rect con = {1, top + tl_h + 1, left - 1, body - tl_h - 1};
	panel_title(c, (struct rect){0, top + tl_h, left, 1}, tr(M_CONSOLE, false), false, &k);
	int lock_h = body / 3 < 1 + 2 * LOCKS + 1 ? body / 3 : 1 + 2 * LOCKS + 1;
	int queue_h = body / 3 < 1 + 4 * QUEUES ? body / 3 : 1 + 4 * QUEUES;
	panel_title(c, (struct rect){right_x, top, right_w, 1}, tr(M_LOCKS, false), false, &k);
	panel_title(c, (struct rect){right_x, top + lock_h, right_w, 1}, tr(M_QUEUES, false), false,
		    &k);
	struct rect lk = {right_x + 1, top + 1, right_w - 1, lock_h - 1};
	struct rect qu = {right_x + 1, top + lock_h + 1, right_w - 1, queue_h - 1};
	struct rect tx = {right_x, top + lock_h + queue_h, right_w, body - lock_h - queue_h};
	struct timeline_view v = {0, COL_NS, 0, s->now};
	int lane_cols = tl.w - timeline_label_width(s->m);
	timeline_draw(c, tl, s->m, &v, &k);
	locks_draw(c, lk, s->m, &k);
	queues_draw(c, qu, s->m, 0, COL_NS * lane_cols, &k);
	console_draw(c, con, s->m, 0, &k);
	panel_title(c, (struct rect){tx.x, tx.y, tx.w, 1}, tr(M_LESSON, false), false, &k);
	if (s->text && mdview_layout(s->text, tx.w - 1) > 0)
		mdview_draw(s->text, c, (struct rect){tx.x + 1, tx.y + 1, tx.w - 1, tx.h - 1}, 0);
	struct status st = {tr(M_MODE_RUN, false), S_RUNNING, 1.0, s->now, s->events, 0, NULL,
			    tr(M_HINTS_LESSON, false)};
	statusbar_draw(c, (struct rect){0, H - 1, W, 1}, &st, &k);
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
	if (!o->term || openpty(&master, &slave, NULL, NULL, &ws) < 0) {
		bench_missing("render-full", "ms", "<= 2", "no pty (openpty failed)");
		bench_missing("render-partial", "ms", "<= 0.3", "no pty (openpty failed)");
		return;
	}
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	struct reader rd = {master, 0, 0};
	pthread_t reader;
	struct screen s;
	bool ok = screen_init(&s) == 0 && pthread_create(&reader, NULL, read_pty, &rd) == 0;
	if (!ok || o->term->open(slave, "xterm-256color") < 0) {
		bench_missing("render-full", "ms", "<= 2", "cannot start curses on a pty");
		bench_missing("render-partial", "ms", "<= 0.3", "cannot start curses on a pty");
		if (ok) {
			atomic_store(&rd.stop, 1);
			pthread_join(reader, NULL);
		}
		if (ok)
			screen_free(&s);
		close(master);
		close(slave);
		return;
	}
	int runs = o->runs * 2, fulls = 0, partials = 0;
	double full[64], partial[64], draw_ms[64], partial_draw[64];
	uint64_t full_bytes = 0, partial_bytes = 0;
	bench_pin(0);
	for (int r = -1; r < runs; r++) { /* run -1 warms up */
		uint64_t b0 = settled_bytes(&rd);
		uint64_t t0 = bench_now_ns();
		draw(&s);
		uint64_t t1 = bench_now_ns();
		o->term->blit(s.c, true);
		uint64_t t2 = bench_now_ns();
		uint64_t b1 = settled_bytes(&rd);
		if (r >= 0) {
			full[fulls] = (double)(t2 - t0) / 1e6;
			draw_ms[fulls++] = (double)(t1 - t0) / 1e6;
			full_bytes += b1 - b0;
		}
		/* live frames: one column of lesson time each */
		uint64_t p0 = bench_now_ns(), in_draw = 0;
		for (int f = 0; f < PARTIAL_FRAMES; f++) {
			for (int64_t end = s.now + COL_NS; s.now < end; s.now += STEP_NS * 4)
				happen(&s);
			uint64_t d0 = bench_now_ns();
			draw(&s);
			in_draw += bench_now_ns() - d0;
			o->term->blit(s.c, false);
		}
		uint64_t p1 = bench_now_ns();
		if (r >= 0)
			partial_draw[partials] = (double)in_draw / 1e6 / PARTIAL_FRAMES;
		uint64_t b2 = settled_bytes(&rd);
		if (r >= 0) {
			partial[partials++] = (double)(p1 - p0) / 1e6 / PARTIAL_FRAMES;
			partial_bytes += b2 - b1;
		}
		screen_free(&s); /* the next run starts from the same second of history */
		if (screen_init(&s) < 0)
			break;
	}
	screen_free(&s);
	bench_unpin();
	o->term->close();
	atomic_store(&rd.stop, 1);
	pthread_join(reader, NULL);
	close(master);
	close(slave);

	struct bench_stat dr = bench_stat_of(draw_ms, fulls);
	struct bench_row fr = {.row = "render-full", .unit = "ms", .weft = bench_stat_of(full, fulls),
			       .target = "<= 2", .has_target = true};
	fr.met = fr.weft.median <= 2;
	snprintf(fr.note, sizeof fr.note,
		 "%dx%d, %d lanes; %.1f KB written per frame; widgets %.3f ms of it, the rest is the blit",
		 W, H, LANES, (double)full_bytes / fulls / 1024, dr.median);
	bench_report(&fr);
	struct bench_row pr = {.row = "render-partial", .unit = "ms",
			       .weft = bench_stat_of(partial, partials), .target = "<= 0.3",
			       .has_target = true};
	pr.met = pr.weft.median <= 0.3;
	struct bench_stat pd = bench_stat_of(partial_draw, partials);
	snprintf(pr.note, sizeof pr.note,
		 "a live frame: time moves a column, 5 events fold; %.0f bytes written per frame; "
		 "widgets %.3f ms of it",
		 (double)partial_bytes / partials / PARTIAL_FRAMES, pd.median);
	bench_report(&pr);
}
