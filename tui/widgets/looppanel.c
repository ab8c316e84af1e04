/*
 * looppanel.c - the event-loop panel (see widgets.h).
 *
 * For each loop, top to bottom:
 *   loop  ready 2  timers 3  callbacks 41  longest 1.0s (blocker)
 *   cb    █function_1     █function_2     █function_3
 *   ready ▁▁▃▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁
 *   1.000s  function_2   in 0.42s         (the pending timers, earliest first)
 *   task1      waiting  sleep 3.0s        (its tasks, unfinished first)
 * The callback strip and the ready row share the timeline's window, column
 * for column, so a block here sits under the same instant as on the lanes.
 */
#include <stdio.h>
#include <string.h>

#include "cuttext.h"
#include "duration.h"
#include "i18n.h"
#include "task_state.h"
#include "theme.h"
#include "utf8.h"
#include "widgets.h"

#define STRIP_MAX 512
#define HEAD_W 6 /* "cb    " / "ready " */
#define LONG_CALLBACK_NS (100 * 1000 * 1000) /* a callback this long stalls the loop visibly */

static const uint32_t spark_unicode[] = {' ', 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588};
static const uint32_t spark_ascii[] = {' ', '.', '.', ':', ':', '=', '=', '#', '#'};

/* The column of [0, w) lesson time t falls in, for a window of `span` ns
 * from `start` (t >= start).  In double: (t - start) * w overflows int64
 * for a window as long as a trace may claim. */
static int col_at(int64_t t, int64_t start, int64_t span, int w)
{
	double col = ((double)t - (double)start) * w / (double)span;
	return col <= 0 ? 0 : col >= w ? w - 1 : (int)col;
}

/* Lesson time at column k of w over [start, start + span). */
static int64_t time_at(int64_t start, int64_t span, int k, int w)
{
	return start + (int64_t)((double)span * k / w);
}

static enum msg state_word(uint8_t state)
{
	switch (state) {
	case TASK_RUNNING:
		return M_TASK_RUNNING;
	case TASK_WAITING:
		return M_TASK_WAITING;
	case TASK_DONE:
		return M_TASK_DONE;
	case TASK_CANCELLED:
		return M_TASK_CANCELLED;
	case TASK_FAILED:
		return M_TASK_FAILED;
	default:
		return M_TASK_PENDING;
	}
}

static uint8_t state_style(uint8_t state)
{
	switch (state) {
	case TASK_RUNNING:
		return S_RUNNING;
	case TASK_WAITING:
		return S_SLEEPING;
	case TASK_FAILED:
		return S_ERROR;
	case TASK_CANCELLED:
		return S_WARN;
	case TASK_DONE:
		return S_DIM;
	default:
		return S_RUNNABLE;
	}
}

/* What a waiting task waits on, in k's words: "sleep 1.0s", "task world". */
static void wait_words(const model *m, const struct model_task *t, char *buf, size_t size, bool zh)
{
	const struct model_actor *a;
	const struct model_object *o;
	buf[0] = 0;
	if (t->state != TASK_WAITING)
		return;
	switch (t->wait) {
	case TW_SLEEP:
		snprintf(buf, size, "%s %.1fs", tr(M_TW_SLEEP, zh), (double)t->detail / 1000);
		break;
	case TW_TASK:
		a = model_actor(m, t->detail);
		snprintf(buf, size, "%s %s", tr(M_TW_TASK, zh), a ? a->name : "?");
		break;
	case TW_QUEUE_GET:
	case TW_QUEUE_PUT:
	case TW_QUEUE_JOIN:
		o = model_object(m, t->detail);
		snprintf(buf, size, "%s %s",
			 tr(t->wait == TW_QUEUE_GET ? M_TW_GET : t->wait == TW_QUEUE_PUT ? M_TW_PUT : M_TW_JOIN, zh),
			 o ? o->name : "?");
		break;
	case TW_GATHER:
		snprintf(buf, size, "%s %u", tr(M_TW_GATHER, zh), t->detail);
		break;
	case TW_WAIT:
		snprintf(buf, size, "%s %u", tr(M_TW_WAIT, zh), t->detail);
		break;
	case TW_EXECUTOR:
		snprintf(buf, size, "%s", tr(M_TW_EXECUTOR, zh));
		break;
	default:
		snprintf(buf, size, "%s", tr(M_TW_FUTURE, zh));
		break;
	}
}

/* The callbacks begun in each column of [start, end): blocks, then names
 * where the room until the next block allows. */
static void draw_strip(canvas *c, int x, int y, int w, const model *m, const struct model_loop *l,
		       int64_t start, int64_t end, const struct glyphs *g)
{
	int32_t first[STRIP_MAX]; /* index of the first callback begun in each column, -1: none */
	if (w > STRIP_MAX)
		w = STRIP_MAX;
	if (w <= 0 || end <= start)
		return;
	for (int i = 0; i < w; i++)
		first[i] = -1;
	int64_t span = end - start;
	for (size_t i = 0; i < l->cb_len; i++) {
		const struct model_callback *cb = &l->cb[i];
		int64_t t1 = cb->t1 < 0 ? end : cb->t1;
		if (t1 < start || cb->t0 >= end)
			continue;
		int col0 = cb->t0 <= start ? 0 : col_at(cb->t0, start, span, w);
		int col1 = t1 >= end ? w - 1 : col_at(t1, start, span, w);
		for (int k = col0; k <= col1 && k < w; k++) {
			canvas_put(c, x + k, y, g->bar, S_ACCENT, 0);
			if (first[k] < 0 && k == col0)
				first[k] = (int32_t)i;
		}
	}
	for (int k = 0; k < w; k++) {
		if (first[k] < 0)
			continue;
		int room = 0;
		while (k + 1 + room < w && first[k + 1 + room] < 0 &&
		       canvas_cell(c, x + k + 1 + room, y)->ch == ' ')
			room++;
		const char *name = model_loop_name(m, l->cb[first[k]].name);
		if (room >= 3)
			canvas_text(c, x + k + 1, y, room - 1, name, S_DIM, 0);
	}
}

/* The ready queue's longest length in each column, as a sparkline scaled to
 * the window's peak. */
static void draw_ready(canvas *c, int x, int y, int w, const struct model_loop *l, int64_t start,
		       int64_t end, bool ascii)
{
	const uint32_t *spark = ascii ? spark_ascii : spark_unicode;
	uint32_t col[STRIP_MAX] = {0}, peak = 1;
	if (w > STRIP_MAX)
		w = STRIP_MAX;
	if (w <= 0 || end <= start)
		return;
	size_t j = 0;
	for (int k = 0; k < w; k++) {
		int64_t t0 = time_at(start, end - start, k, w), t1 = time_at(start, end - start, k + 1, w);
		while (j + 1 < l->ready_len && l->ready_series[j + 1].t <= t0)
			j++;
		for (size_t i = j; i < l->ready_len && l->ready_series[i].t < t1; i++)
			if (l->ready_series[i].depth > col[k])
				col[k] = l->ready_series[i].depth;
		if (col[k] > peak)
			peak = col[k];
	}
	for (int k = 0; k < w; k++) {
		unsigned level = col[k] ? 1 + (unsigned)((col[k] * 7 + peak - 1) / peak) : 0;
		canvas_put(c, x + k, y, spark[level > 8 ? 8 : level], S_ACCENT, 0);
	}
}

/* The thread (or process) a loop runs on, which tells loops of one name
 * apart: "loop-1", or "loop-1 pid 4242" where another loop of the same
 * name runs on a thread of the same name. */
static void loop_owner(const model *m, const struct model_loop *l, const struct look *k, char *buf,
		       size_t size)
{
	const struct model_actor *a = model_actor(m, l->actor);
	const struct model_object *o = model_object(m, l->obj);
	buf[0] = 0;
	if (!a)
		return;
	bool twin = false;
	for (size_t i = 0; i < model_loop_count(m); i++) {
		const struct model_loop *x = model_loop(m, i);
		const struct model_actor *xa = model_actor(m, x->actor);
		const struct model_object *xo = model_object(m, x->obj);
		twin |= x != l && xa && o && xo && strcmp(xa->name, a->name) == 0 &&
			strcmp(xo->name, o->name) == 0;
	}
	if (twin)
		snprintf(buf, size, " (%s %s %d)", a->name, tr(M_PID, k->zh), (int)a->pid);
	else
		snprintf(buf, size, " (%s)", a->name);
}

/* Draws one loop from row y; returns the rows used. */
static int draw_loop(canvas *c, struct rect r, int y, const model *m, const struct model_loop *l,
		     int64_t start, int64_t end, int64_t now, const struct look *k)
{
	const struct glyphs *g = theme_glyphs(k->ascii);
	const struct model_object *o = model_object(m, l->obj);
	char buf[160], t[24];
	int y0 = y;
	duration_format(l->longest_ns, t, sizeof t);
	int x = r.x + canvas_text(c, r.x, y, r.w, o ? o->name : "loop", S_TITLE, A_BOLD_);
	loop_owner(m, l, k, buf, sizeof buf);
	x += canvas_text(c, x, y, r.x + r.w - x, buf, S_DIM, 0);
	snprintf(buf, sizeof buf, "  %s %u  %s %u  %s %llu", tr(M_READY, k->zh), l->ready,
		 tr(M_TIMERS, k->zh), l->timers, tr(M_CALLBACKS, k->zh), (unsigned long long)l->callbacks);
	canvas_text(c, x, y++, r.x + r.w - x, buf, S_NORMAL, 0);
	if (l->longest_ns >= LONG_CALLBACK_NS && y < r.y + r.h) { /* a callback that held the loop */
		snprintf(buf, sizeof buf, "%s: %s %s", tr(M_LONGEST, k->zh), t,
			 model_loop_name(m, l->longest_name));
		canvas_text(c, r.x, y++, r.w, buf, S_WARN, 0);
	}
	if (y < r.y + r.h) {
		canvas_text(c, r.x, y, HEAD_W, tr(M_CB_ROW, k->zh), S_DIM, 0);
		draw_strip(c, r.x + HEAD_W, y++, r.w - HEAD_W, m, l, start, end, g);
	}
	if (y < r.y + r.h) {
		canvas_text(c, r.x, y, HEAD_W, tr(M_READY, k->zh), S_DIM, 0);
		draw_ready(c, r.x + HEAD_W, y++, r.w - HEAD_W, l, start, end, k->ascii);
	}
	/* Timers: what the loop's tasks leave, and never less than half of
	 * what is left when there are more tasks than room. */
	int room = r.y + r.h - y, tasks = 0;
	for (size_t t = 0; t < model_task_count(m); t++)
		tasks += model_task(m, t)->loop == l->obj;
	int timer_rows = l->timer_len ? (int)l->timer_len : 1;
	int cap = room - tasks > (room + 1) / 2 ? room - tasks : (room + 1) / 2;
	if (timer_rows > cap)
		timer_rows = cap;
	for (int i = 0; i < timer_rows && y < r.y + r.h; i++, y++) {
		if (!l->timer_len) {
			canvas_text(c, r.x, y++, r.w, tr(M_NO_TIMERS, k->zh), S_DIM, 0);
			break; /* (the row is counted: tasks start under it) */
		}
		const struct model_timer *tm = &l->timer[i];
		char due[24], left[24];
		duration_format(tm->due, due, sizeof due);
		duration_format(tm->due > now ? tm->due - now : 0, left, sizeof left); /* now >= 0 */
		if (i == timer_rows - 1 && (size_t)timer_rows < l->timer_len)
			snprintf(buf, sizeof buf, "+%zu %s", l->timer_len - (size_t)i, tr(M_TIMERS, k->zh));
		else
			snprintf(buf, sizeof buf, "%8s  %-16.16s %s %s", due, model_loop_name(m, tm->name),
				 tr(M_DUE_IN, k->zh), left);
		canvas_text(c, r.x, y, r.w, buf, S_NORMAL, 0);
	}
	return y - y0;
}

/* One task's row, `depth` levels into the task tree. */
static void task_row(canvas *c, struct rect r, int y, const model *m, const struct model_task *t,
		     int depth, const struct look *k)
{
	const struct model_actor *a = model_actor(m, t->actor);
	char what[64];
	wait_words(m, t, what, sizeof what, k->zh);
	int x = r.x;
	if (depth > 0) {
		x += 2 * (depth - 1);
		x += canvas_text(c, x, y, r.x + r.w - x, k->ascii ? "`-" : "└─", S_DIM, 0);
	}
	int name_w = 11 - 2 * depth > 4 ? 11 - 2 * depth : 4;
	int end = x + cut_text(c, x, y, name_w, a ? a->name : "?", S_ACTOR0 + t->actor % S_ACTOR_COUNT,
			       A_BOLD_, k->ascii);
	x = r.x + 12 > end ? r.x + 12 : end + 1;
	x += canvas_text(c, x, y, r.x + r.w - x, tr(state_word(t->state), k->zh), state_style(t->state), 0);
	if (what[0])
		canvas_text(c, x + 2, y, r.x + r.w - x - 2, what, S_DIM, 0);
}

/* The task awaiting t, while it does (it waits and t is not over), or NULL. */
static const struct model_task *awaiting(const model *m, const struct model_task *t)
{
	if (t->awaiter == WF_NONE || t->state >= TASK_DONE)
		return NULL;
	for (size_t i = 0; i < model_task_count(m); i++) {
		const struct model_task *p = model_task(m, i);
		if (p->actor == t->awaiter && p->loop == t->loop)
			return p->state == TASK_WAITING ? p : NULL;
	}
	return NULL;
}

#define TREE_DEPTH_MAX 6

/* Task t and, under it, the tasks it awaits (asyncio's `pstree`). */
static int task_tree(canvas *c, struct rect r, int y, const model *m, const struct model_task *t,
		     int depth, const struct look *k)
{
	int y0 = y;
	task_row(c, r, y++, m, t, depth, k);
	for (size_t i = 0; i < model_task_count(m) && y < r.y + r.h; i++) {
		const struct model_task *u = model_task(m, i);
		if (u != t && awaiting(m, u) == t)
			y += depth < TREE_DEPTH_MAX ? task_tree(c, r, y, m, u, depth + 1, k)
						    : (task_row(c, r, y, m, u, depth + 1, k), 1);
	}
	return y - y0;
}

/* The tasks of loop `obj`: unfinished ones first, as a tree of who awaits
 * whom (a task under the one awaiting it), then the finished ones. */
static int draw_tasks(canvas *c, struct rect r, int y, const model *m, uint16_t obj,
		      const struct look *k)
{
	int y0 = y;
	for (size_t i = 0; i < model_task_count(m) && y < r.y + r.h; i++) {
		const struct model_task *t = model_task(m, i);
		if (t->loop == obj && t->state < TASK_DONE && !awaiting(m, t))
			y += task_tree(c, r, y, m, t, 0, k);
	}
	for (size_t i = 0; i < model_task_count(m) && y < r.y + r.h; i++) {
		const struct model_task *t = model_task(m, i);
		if (t->loop == obj && t->state >= TASK_DONE)
			task_row(c, r, y++, m, t, 0, k);
	}
	return y - y0;
}

void looppanel_strip(canvas *c, int x, int y, int w, const model *m, const struct model_loop *l,
		     int64_t start, int64_t end, const struct look *k)
{
	draw_strip(c, x, y, w, m, l, start, end, theme_glyphs(k->ascii));
}

void looppanel_draw(canvas *c, struct rect r, const model *m, int64_t start, int64_t end,
		    int64_t now, const struct look *k)
{
	int y = r.y;
	for (size_t i = 0; i < model_loop_count(m) && y < r.y + r.h; i++) {
		const struct model_loop *l = model_loop(m, i);
		y += draw_loop(c, r, y, m, l, start, end, now, k);
		y += draw_tasks(c, r, y, m, l->obj, k);
	}
}

int looppanel_rows(const model *m)
{
	int rows = 0;
	for (size_t i = 0; i < model_loop_count(m); i++) {
		const struct model_loop *l = model_loop(m, i);
		rows += 3 + (l->longest_ns >= LONG_CALLBACK_NS) + (l->timer_len ? (int)l->timer_len : 1);
		for (size_t t = 0; t < model_task_count(m); t++)
			rows += model_task(m, t)->loop == l->obj;
	}
	return rows;
}
