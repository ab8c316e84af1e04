/*
 * widgets.h - the pieces of the screen.  Each draws model data into a
 * rectangle of a canvas and nothing else: no state of its own, no curses,
 * no clock (time comes in as lesson ns), so the same model gives the same
 * frame.  One widget per file.
 */
#ifndef WEFT_WIDGETS_H
#define WEFT_WIDGETS_H

#include <stdbool.h>
#include <stdint.h>

#include "canvas.h"
#include "model.h"

struct look {
	bool zh;     /* Chinese words */
	bool ascii;  /* ASCII glyphs */
};

/* panel.c: a title row "── Title ─────", highlighted when focused. */
void panel_title(canvas *c, struct rect r, const char *title, bool focused, const struct look *k);

/* timeline.c: one lane per actor, a time axis and a legend.  Each cell shows
 * the state the actor spent most of that column's time in; a CPU digit marks
 * where a running stretch starts (or moves CPU), and a blocked stretch names
 * what it waits for when there is room. */
struct timeline_view {
	int64_t start;      /* lesson ns at the left edge */
	int64_t ns_per_col;
	int lane_scroll;    /* first lane shown */
	int64_t now;        /* lesson ns of the present: nothing is drawn after it */
	bool letters;       /* mark the kernel's state letters on process lanes
			       (WF_LESSON_KERNEL_LETTERS) */
};
void timeline_draw(canvas *c, struct rect r, const model *m, const struct timeline_view *v,
		   const struct look *k);
/* Columns the lane names take, before the lanes start. */
int timeline_label_width(const model *m);
/* The number of rows lanes get in a timeline of height h. */
int timeline_lane_rows(int h);

/* msgmarks.c: each message through a queue or pipe, over the lanes from x
 * (w columns): a mark on its sender's lane where it was sent, an arrow on
 * its receiver's where it was received, a rule between.  row_of[actor] is
 * the row of the actor's lane, -1 when not shown (nrows entries).  Returns
 * the messages whose sending is in view. */
int msgmarks_draw(canvas *c, int x, int w, const int *row_of, size_t nrows, const model *m,
		  const struct timeline_view *v, const struct look *k);
/* Sets marked[col] for each of the w columns where msgmarks_draw puts an end
 * mark on actor's lane (so labels can stay clear of them). */
void msgmarks_columns(const model *m, size_t actor, const struct timeline_view *v, int w, bool *marked);

/* syncpanel.c: every object of the run but event loops, in creation order,
 * from entry `scroll`: its kind and state now (holder, value, set or clear,
 * arrivals, depth, messages in flight), who waits on it by name, its
 * counters (exact, or marked "~" when counted from events some of which
 * were lost), and for a queue its depth over the lesson-time window
 * [start, end); a deadlock above all. */
struct syncpanel_view {
	int64_t start, end; /* the timeline's window, lesson ns */
	int scroll;         /* entries skipped at the top */
};
void syncpanel_draw(canvas *c, struct rect r, const model *m, const struct syncpanel_view *v,
		    const struct look *k);
/* Rows the panel needs, w columns wide in k's words, to show every entry. */
int syncpanel_rows(const model *m, int w, const struct look *k);
/* Entries it lists (its scroll runs 0 .. entries-1). */
size_t syncpanel_entries(const model *m);

/* looppanel.c: each event loop: its queue lengths; a strip of the
 * callbacks it ran in the lesson-time window [start, end), each a block
 * labelled with its name where there is room; the ready queue's length
 * over the same window; the timers pending with their due times (counted
 * down from `now`); and its tasks with their states. */
void looppanel_draw(canvas *c, struct rect r, const model *m, int64_t start, int64_t end,
		    int64_t now, const struct look *k);
/* Rows looppanel_draw wants to show every loop, timer and task of m. */
int looppanel_rows(const model *m);
/* One row, w columns from (x, y): loop l's callbacks in [start, end), the
 * timeline draws it as the loop's own lane under its thread. */
void looppanel_strip(canvas *c, int x, int y, int w, const model *m, const struct model_loop *l,
		     int64_t start, int64_t end, const struct look *k);

/* poolview.c: each pool of workers, the newest first: its counts (queued now and at most,
 * done, reused workers), every worker with its pid and the call it runs
 * (for how long at `now`), and the queue's depth over the lesson-time
 * window [start, end). */
void poolview_draw(canvas *c, struct rect r, const model *m, int64_t start, int64_t end,
		   int64_t now, const struct look *k);
/* Rows the pool view wants for every pool of m; 0 when there is none. */
int poolview_height(const model *m);

/* console.c: the lesson's printed lines, newest at the bottom; `scroll`
 * lines back from the newest. */
void console_draw(canvas *c, struct rect r, const model *m, int scroll, const struct look *k);

/* browser.c: the lessons by track, `selected` marked (a registry index). */
void browser_draw(canvas *c, struct rect r, size_t selected, const struct look *k);

/* statusbar.c: one row: mode, speed, lesson time, events, dropped, hints. */
struct status {
	const char *mode;   /* "RUNNING", "PAUSED", ... */
	uint8_t mode_style;
	double speed;       /* 0: no run */
	int64_t lesson_ns;
	uint64_t events, dropped;
	const char *note;   /* an error or ending to show, or NULL */
	const char *hints;
};
void statusbar_draw(canvas *c, struct rect r, const struct status *s, const struct look *k);

/* sourcepane.c: the lesson's C source, each parked actor's line marked
 * with its key number and the step it waits to take. */
void source_draw(canvas *c, struct rect r, const model *m, const char *src, int scroll,
		 const struct look *k);

/* help.c: the key list, centred over whatever is drawn; `extra` (may be
 * "" or NULL) is one more line, a key only this lesson takes; `replay`: the
 * keys of a replay instead (no lesson runs: no start, no restart). */
void help_draw(canvas *c, const struct look *k, const char *extra, bool replay);

/* deadlock.c: the model's wait-for cycle in k's words ("T1 waits for lock B
 * held by T2, ..."), and as a picture ("T1 → B → T2 → A → T1"; ASCII
 * arrows with `ascii`), into buf (always terminated, cut to size); false,
 * and "", while there is no deadlock. */
bool deadlock_words(const model *m, bool zh, char *buf, size_t size);
bool deadlock_picture(const model *m, bool ascii, char *buf, size_t size);

#endif
