/*
 * app.h - the front end's state, and how actions change it.
 *
 * Two screens: the lesson browser, and a lesson view with its live run.
 * app_apply() turns an action (keymap.h) into a new state; app_tick() does
 * the periodic work (folding the run's events); app_draw() renders the state
 * into a canvas.  None of them touches the terminal, so a test can drive a
 * whole session with actions and read the frames as text.
 *
 * The view of time: the timeline shows lesson time from view_start, ns_per_col
 * lesson ns per column.  In FIT mode the whole run fits the width; in FOLLOW
 * mode the right edge is the present; otherwise the user has scrolled.
 */
#ifndef WEFT_APP_H
#define WEFT_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "canvas.h"
#include "classroom.h"
#include "cli.h"
#include "keymap.h"
#include "lesson.h"
#include "params.h"
#include "mdview.h"
#include "playback.h"
#include "session.h"
#include "widgets.h"

enum app_screen { SCREEN_BROWSER, SCREEN_LESSON };
/* The panels Tab moves between (those on screen, in screen order). */
enum panel { PANEL_TIMELINE, PANEL_TEXT, PANEL_CONSOLE, PANEL_SYNC, PANEL_LOOP, PANEL_POOL,
	     PANEL_COUNT };
enum timeview { VIEW_FIT, VIEW_FOLLOW, VIEW_FIXED };

struct app {
	enum app_screen screen;
	bool zh, ascii;
	bool help;
	bool quit;
	bool from_browser;          /* Esc in the lesson view goes back */
	size_t selected;            /* browser: index into the registry */
	const struct wf_lesson *lesson;
	struct lesson_args args;
	double speed;
	session *session;           /* owned; NULL on the browser and in a replay */
	struct playback playback;   /* `weft replay FILE`: its replay, else NULL */
	mdview *text;               /* the lesson's (or the selected lesson's) text */
	const struct wf_lesson *text_of;
	bool text_zh;               /* the language text was loaded in */
	enum panel focus;
	int text_scroll, console_scroll, lane_scroll, sync_scroll;
	int loop_scroll, pool_scroll; /* rows of the event loop and pool panels */
	bool shown[PANEL_COUNT];    /* the panels the last frame drew (Tab's stops) */
	int text_hscroll;           /* columns the text's code blocks are scrolled sideways */
	enum timeview view;
	int zoom;                   /* index into the zoom levels, VIEW_FIXED and FOLLOW */
	int64_t view_start;         /* lesson ns at the left edge, VIEW_FIXED */
	char error[160];            /* a failure to show in the status bar */
	char notice[160];           /* a word on the last key (or the start), until the next */
	bool size_paused;           /* the run was paused for a too small terminal */
	/* how lessons are started: --step, --sched/--seed, --record */
	bool start_stepping;
	int sched;                  /* enum sched_kind */
	uint64_t seed;
	const char *record;
	struct classroom cls;       /* predict, then run; the challenge (classroom.h) */
	/* geometry of the last frame, for scrolling by pages and columns */
	int lane_cols, page, text_lines, text_w, text_code_w;
};

/* An app for the command line c: the browser, or c->lesson started. */
void app_init(struct app *a, const struct cli *c);
/* An app playing back r (taken over), paused at the start. */
void app_init_replay(struct app *a, const struct cli *c, replay *r);
/* What the screen shows: the live run's model or the replay's; NULL on the
 * browser. */
const model *app_model(const struct app *a);
/* The timeline's view now (FIT, FOLLOW or where the user scrolled). */
struct timeline_view app_view(const struct app *a);
/* Stops any run (killing and reaping it) and frees what the app owns. */
void app_free(struct app *a);
void app_apply(struct app *a, enum action act);
/* Folds new events; returns true when the frame may have changed. */
bool app_tick(struct app *a);
/* True while a lesson is running and not paused (the UI must keep ticking). */
bool app_live(const struct app *a);
void app_draw(struct app *a, canvas *c);

/* The actor that key `n` (1..9) steps: the n-th actor that is not free,
 * in id order; -1 if there is none. */
int app_step_target(const struct app *a, int n);

/* Lesson ns per timeline column at zoom level z (clamped). */
int64_t app_zoom_ns(int z);

#endif
