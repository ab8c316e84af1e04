/*
 * timeline.c - lanes of actor states over lesson time (see widgets.h).
 *
 * A lane is sampled column by column: for each column the lane's intervals
 * overlapping it are walked once (the walk never goes back), and the state
 * that covers most of the column wins.  That keeps a short block of
 * contention visible only when it matters at this zoom, and costs
 * O(columns + intervals) per lane.
 *
 * In a lesson about process states (v->letters), a process's lane also
 * carries the kernel's state letter from /proc (R, S, D, Z): where it
 * changes, the first column of the stretch shows the new letter, so the
 * lane reads as the kernel saw the process.
 */
#include <stdio.h>
#include <string.h>

#include "cuttext.h"
#include "duration.h"
#include "i18n.h"
#include "theme.h"
#include "utf8.h"
#include "widgets.h"

#define LABEL_MAX 14 /* name, a space, the state glyph, a space */
#define AXIS_STEP 10 /* columns between axis labels */

int timeline_lane_rows(int h)
{
	return h > 2 ? h - 2 : 0; /* the axis and the legend take a row each */
}

struct column {
	uint8_t state;
	uint8_t cpu;
	uint16_t obj;
	uint8_t joining;
	char kstate;
};

/* The dominant state of [t0, t1); *i is the walk's position in the lane.
 * A coroutine's run, however short, marks its column: resumed for a few
 * microseconds between long suspensions it would never show at all, and
 * its thread's lane shows the gap it left there. */
static struct column sample(const struct model_actor *a, size_t *i, int64_t t0, int64_t t1)
{
	int64_t covered[AS_COUNT] = {0};
	struct column best = {AS_NONE, 0xff, WF_NONE, 0, 0}, ran = best;
	bool brief = a->kind == AK_CORO;
	const struct model_interval *lane = a->lane;
	while (*i + 1 < a->lane_len && lane[*i + 1].t0 <= t0)
		(*i)++;
	int64_t top = -1;
	for (size_t j = *i; j < a->lane_len && lane[j].t0 < t1; j++) {
		int64_t from = lane[j].t0 > t0 ? lane[j].t0 : t0;
		int64_t to = j + 1 < a->lane_len && lane[j + 1].t0 < t1 ? lane[j + 1].t0 : t1;
		if (to <= from)
			continue;
		uint8_t s = lane[j].state < AS_COUNT ? lane[j].state : AS_NONE;
		covered[s] += to - from;
		if (covered[s] > top) {
			top = covered[s];
			best = (struct column){s, lane[j].cpu, lane[j].obj, lane[j].joining, lane[j].kstate};
		}
		if (brief && s == AS_RUNNING && ran.state == AS_NONE)
			ran = (struct column){s, lane[j].cpu, lane[j].obj, lane[j].joining, lane[j].kstate};
	}
	return ran.state == AS_RUNNING ? ran : best;
}

/* The name of what a blocked column waits for: a lock, a queue, or the
 * actor it joins. */
static const char *waited_for(const model *m, const struct column *c)
{
	if (c->obj == WF_NONE)
		return NULL;
	if (c->joining) {
		const struct model_actor *t = model_actor(m, c->obj);
		return t ? t->name : NULL;
	}
	const struct model_object *o = model_object(m, c->obj);
	return o ? o->name : NULL;
}

#define LANE_COLS_MAX 1024
#define CPU_MARK_MIN 3 /* a running stretch this long shows its CPU */
#define LETTER_MARK_MIN 3 /* a kernel letter lasting this long is marked */

/* The first column p in [from, to - width) such that [p, p + width) holds
 * no message mark, or -1: where a label of that width may go. */
static int clear_of_marks(const bool *marked, int from, int to, int width)
{
	for (int p = from, run = 0; p < to; p++) {
		run = marked[p] ? 0 : run + 1;
		if (run == width && p + 1 < to)
			return p + 1 - width;
	}
	return -1;
}

/* Draws one lane: columns are sampled first, then drawn as stretches, so a
 * stretch knows its length before it chooses to carry a label.  Labels keep
 * clear of the cells msgmarks.c will mark on this lane (id). */
static void draw_lane(canvas *c, int x, int y, int w, const model *m, size_t id,
		      const struct model_actor *a, const struct timeline_view *v, const struct glyphs *g,
		      bool *seen)
{
	struct column col[LANE_COLS_MAX];
	bool marked[LANE_COLS_MAX];
	int n = 0;
	size_t walk = 0;
	if (w > LANE_COLS_MAX)
		w = LANE_COLS_MAX;
	for (; n < w; n++) {
		int64_t t0 = v->start + n * v->ns_per_col, t1 = t0 + v->ns_per_col;
		if (t0 >= v->now)
			break;
		col[n] = sample(a, &walk, t0, t1 < v->now ? t1 : v->now);
	}
	msgmarks_columns(m, id, v, n, marked);
	bool letters = v->letters && a->kind == AK_PROCESS;
	char shown = 0; /* the kernel letter last marked on this lane */
	for (int i = 0; i < n;) {
		int end = i + 1;
		/* the CPU splits a running stretch only: a blocked thread's last
		 * CPU may change under it (the sampler's reading) without it
		 * running, and must not make the label repeat */
		while (end < n && col[end].state == col[i].state && col[end].obj == col[i].obj &&
		       (col[i].state != AS_RUNNING || col[end].cpu == col[i].cpu) &&
		       col[end].joining == col[i].joining &&
		       (!letters || col[end].kstate == col[i].kstate))
			end++;
		uint8_t style = theme_state_style(col[i].state);
		for (int k = i; k < end; k++)
			canvas_put(c, x + k, y, g->state[col[i].state], style, 0);
		seen[col[i].state] = true;
		int at = i; /* where a label may start */
		if (letters && col[i].kstate && col[i].kstate != shown && col[i].state != AS_EXITED &&
		    col[i].state != AS_NONE) {
			int run = end;
			while (run < n && col[run].kstate == col[i].kstate)
				run++;
			if (run - i >= LETTER_MARK_MIN) {
				canvas_put(c, x + i, y, (uint32_t)(unsigned char)col[i].kstate, style,
					   A_REVERSE_ | A_BOLD_);
				shown = col[i].kstate;
				at++;
			}
		}
		const char *name = col[i].state == AS_BLOCKED ? waited_for(m, &col[i]) : NULL;
		int wn = name ? utf8_width(name) : 0, p;
		if (name && (p = clear_of_marks(marked, at, end, wn)) >= 0)
			canvas_text(c, x + p, y, wn, name, style, A_REVERSE_);
		else if (col[i].state == AS_RUNNING && col[i].cpu != 0xff && end - at >= CPU_MARK_MIN &&
			 (p = clear_of_marks(marked, at, end, 1)) >= 0)
			canvas_put(c, x + p, y, '0' + col[i].cpu % 10, style, A_REVERSE_ | A_BOLD_);
		i = end;
	}
}

/* The finest step duration_format() can tell apart at t (what it rounds
 * to there). */
static int64_t format_resolution(int64_t t)
{
	if (t >= 10000000000LL)
		return 100000000;
	if (t >= 1000000000)
		return t % 100000000 ? 10000000 : 100000000;
	if (t >= 10000000 || (t >= 1000000 && t % 1000000 == 0))
		return 1000000;
	if (t >= 1000000)
		return 100000;
	return 1000;
}

/* The label of a tick at t, ticks `step` ns apart: duration_format()'s when
 * it is exact or tells neighbours apart, else t with as many decimals as the step needs
 * ("4.0001s", "12.35ms"), so zoomed in the labels still differ. */
static void tick_label(int64_t t, int64_t step, char *buf, size_t size)
{
	int64_t res = format_resolution(t);
	if (step <= 0 || res <= step || t % res == 0) {
		duration_format(t, buf, size);
		return;
	}
	int64_t unit = t >= 1000000000 ? 1000000000 : t >= 1000000 ? 1000000 : 1000;
	const char *name = unit == 1000000000 ? "s" : unit == 1000000 ? "ms" : "us";
	int decimals = 0;
	for (int64_t u = unit; u > step && decimals < 9; u /= 10)
		decimals++;
	snprintf(buf, size, "%.*f%s", decimals, (double)t / (double)unit, name);
}

/* The axis, and over it a "!" on every column in which events were lost
 * (model_drop): what the lanes show there may be partial.  Returns whether
 * any was drawn. */
static bool draw_axis(canvas *c, int x, int y, int w, const model *m,
		      const struct timeline_view *v, const struct glyphs *g)
{
	bool lost_at[LANE_COLS_MAX] = {false}, lost = false;
	if (w > LANE_COLS_MAX)
		w = LANE_COLS_MAX;
	int64_t ns = v->ns_per_col > 0 ? v->ns_per_col : 1;
	for (size_t i = 0; i < model_drop_count(m); i++) {
		const struct model_drop *d = model_drop(m, i);
		int64_t from = d->t0 > v->start ? (d->t0 - v->start) / ns : 0;
		int64_t to = d->t1 > v->now ? v->now : d->t1;
		for (int64_t col = from; col < w && v->start + col * ns <= to; col++)
			lost = lost_at[col] = true;
	}
	char buf[32];
	int64_t step = v->ns_per_col * AXIS_STEP;
	for (int col = 0; col + 1 < w; col += AXIS_STEP) {
		int64_t t = v->start + col * v->ns_per_col;
		tick_label(t, step, buf, sizeof buf);
		int room = w - col - 1 < AXIS_STEP - 2 ? w - col - 1 : AXIS_STEP - 2;
		if (utf8_width(buf) > room && !col) { /* the first: where the window begins, rounded */
			duration_format(t, buf, sizeof buf);
		} else if (utf8_width(buf) > room) { /* too many digits: the time since the first */
			buf[0] = '+';
			tick_label(t - v->start, step, buf + 1, sizeof buf - 1);
		}
		/* a tick and its label whole, or not where events were lost (the
		 * marks below would garble it: "100!!!ms") */
		int span = 1 + (utf8_width(buf) <= room ? utf8_width(buf) : 0), clear = 1;
		for (int k = col; k < col + span && k < w; k++)
			clear &= !lost_at[k];
		if (!clear)
			continue;
		canvas_put(c, x + col, y, g->tick, S_DIM, 0);
		if (span > 1)
			canvas_text(c, x + col + 1, y, room, buf, S_DIM, 0);
	}
	for (int col = 0; col < w; col++)
		if (lost_at[col])
			canvas_put(c, x + col, y, '!', S_WARN, A_BOLD_);
	return lost;
}

/* The states' glyphs and names; "suspended" only where coroutines are,
 * "zombie" only where processes were forked (and only if it fits whole
 * beside the messages' key). */
static void draw_legend(canvas *c, int x, int y, int w, const struct look *k,
			const struct glyphs *g, bool coroutines, bool processes, bool messages, bool lost,
			bool parked, const bool *seen)
{
	/* "waiting for a step" second, where actors were parked: it is what
	 * a stepped lane shows most; then only the states the lanes show, so
	 * the keys fit a half-width timeline.  Each key whole or not at all. */
	static const struct {
		uint8_t state;
		enum msg word;
	} keys[] = {{AS_RUNNING, M_RUNNING}, {AS_PARKED, M_PARKED}, {AS_RUNNABLE, M_RUNNABLE},
		    {AS_BLOCKED, M_BLOCKED}, {AS_SLEEPING, M_SLEEPING}, {AS_SUSPENDED, M_SUSPENDED},
		    {AS_ZOMBIE, M_ZOMBIE}};
	int at = 0;
	for (size_t i = 0; i < sizeof keys / sizeof *keys && at < w; i++) {
		if ((keys[i].state == AS_SUSPENDED && !coroutines) ||
		    (keys[i].state == AS_ZOMBIE && !processes) || (keys[i].state == AS_PARKED && !parked) ||
		    (parked && keys[i].state != AS_PARKED && !seen[keys[i].state])) /* stepped: room for what is shown */
			continue;
		if (at + 2 + utf8_width(tr(keys[i].word, k->zh)) > w) /* whole or not at all */
			continue;
		/* whole or not at all, and not in the way of the messages' key */
		if (keys[i].state == AS_ZOMBIE &&
		    at + 4 + utf8_width(tr(keys[i].word, k->zh)) +
				    (messages ? 5 + utf8_width(tr(M_MESSAGE, k->zh)) : 0) > w)
			break;
		uint8_t style = theme_state_style(keys[i].state);
		at += canvas_put(c, x + at, y, g->state[keys[i].state], style, 0);
		at += canvas_text(c, x + at, y, w - at, " ", S_NORMAL, 0);
		at += canvas_text(c, x + at, y, w - at, tr(keys[i].word, k->zh), S_DIM, 0);
		at += canvas_text(c, x + at, y, w - at, "  ", S_NORMAL, 0);
	}
	/* msgmarks.c's marks: whole or not at all (a cut key would also spill
	 * its trailing space past w, into the next panel's border) */
	if (messages && at + 5 + utf8_width(tr(M_MESSAGE, k->zh)) <= w) {
		at += canvas_text(c, x + at, y, w - at, k->ascii ? "o-v*" : "●→▼◆", S_ACCENT, A_BOLD_);
		at += canvas_text(c, x + at, y, w - at, " ", S_NORMAL, 0);
		at += canvas_text(c, x + at, y, w - at, tr(M_MESSAGE, k->zh), S_DIM, 0);
		at += canvas_text(c, x + at, y, w - at, "  ", S_NORMAL, 0);
	}
	if (lost && at < w) { /* draw_axis's marks */
		at += canvas_text(c, x + at, y, w - at, "! ", S_WARN, A_BOLD_);
		canvas_text(c, x + at, y, w - at, tr(M_LOST, k->zh), S_DIM, 0);
	}
}

int timeline_label_width(const model *m)
{
	int label = 6;
	for (size_t i = 0; i < model_actor_count(m); i++) {
		const struct model_actor *a = model_actor(m, i);
		int w = a ? utf8_width(a->name) + 3 + (a->kind == AK_CORO) : 0;
		if (w > label)
			label = w;
	}
	for (size_t i = 0; i < model_loop_count(m); i++) { /* a loop's lane: " loop", indented */
		const struct model_object *o = model_object(m, model_loop(m, i)->obj);
		int w = 4 + utf8_width(o ? o->name : "loop");
		if (w > label)
			label = w;
	}
	return label < LABEL_MAX ? label : LABEL_MAX;
}

/* The lanes in the order they are drawn: actors by id, except that each
 * coroutine comes right under the thread it runs on (its parent), indented
 * by one column.  Returns how many ids went into order. */
static size_t lane_order(const model *m, uint16_t *order, size_t max)
{
	size_t n = model_actor_count(m), len = 0;
	for (size_t i = 0; i < n && len < max; i++) {
		const struct model_actor *a = model_actor(m, i);
		const struct model_actor *p;
		if (!a)
			continue;
		if (a->kind == AK_CORO && (p = model_actor(m, a->parent)) && p->kind != AK_CORO)
			continue; /* placed under its thread below */
		order[len++] = (uint16_t)i;
		for (size_t j = i + 1; j < n && len < max && a->kind != AK_CORO; j++) {
			const struct model_actor *b = model_actor(m, j);
			if (b && b->kind == AK_CORO && b->parent == i)
				order[len++] = (uint16_t)j;
		}
	}
	return len;
}

static void draw_timeline(canvas *c, struct rect r, const model *m, const struct timeline_view *v,
			  const struct look *k);

/* Drawn into a canvas of the rectangle's size, then copied: nothing can
 * land outside the rectangle, however small (test_screen checks). */
void timeline_draw(canvas *c, struct rect r, const model *m, const struct timeline_view *v,
		   const struct look *k)
{
	canvas *own = r.w > 0 && r.h > 0 ? canvas_new(r.w, r.h) : NULL;
	if (!own)
		return;
	draw_timeline(own, (struct rect){0, 0, r.w, r.h}, m, v, k);
	canvas_blit(c, r.x, r.y, own, 0, r.w, r.h);
	canvas_free(own);
}

/* Lanes that did not fit, counted under the names on the axis row ("+3 ↓",
 * "+3 ↕" when some are above too), so none is hidden silently. */
static void draw_hidden_mark(canvas *c, int x, int y, int w, const model *m, const uint16_t *order,
			     size_t n, int scroll, const int *row_of)
{
	int above = 0, below = 0;
	for (size_t o = 0; o < n; o++) {
		const struct model_actor *a = model_actor(m, order[o]);
		if (!a || a->state == AS_NONE || row_of[order[o]] >= 0)
			continue;
		if ((int)o < scroll)
			above++;
		else
			below++;
	}
	if (!above && !below)
		return;
	char buf[32];
	snprintf(buf, sizeof buf, "+%d %s", above + below, below ? (above ? "\u2195" : "\u2193") : "\u2191");
	canvas_text(c, x, y, w - 1, buf, S_WARN, A_BOLD_);
}

/* Where a process's lane ends, how it ended ("exited 0", "killed by
 * SIGTERM"), when the rest of the row has room for it. */
static void draw_exit_mark(canvas *c, int x, int y, int w, const struct model_actor *a,
			   const struct timeline_view *v, const struct look *k)
{
	if (a->state != AS_EXITED || a->kind != AK_PROCESS || a->parent == WF_NONE ||
	    v->ns_per_col <= 0 || a->since < v->start)
		return;
	int64_t col = (a->since - v->start) / v->ns_per_col + 1;
	char buf[48];
	int st = (int)a->exit_status;
	if (st & 0x7f)
		snprintf(buf, sizeof buf, tr(M_EXIT_SIGNAL, k->zh), sigabbrev_np(st & 0x7f) ? sigabbrev_np(st & 0x7f) : "?");
	else
		snprintf(buf, sizeof buf, tr(M_EXIT_CODE, k->zh), (st >> 8) & 0xff);
	if (col + 1 + utf8_width(buf) <= w)
		canvas_text(c, x + (int)col + 1, y, w - (int)col - 1, buf, S_DIM, 0);
}

static void draw_timeline(canvas *c, struct rect r, const model *m, const struct timeline_view *v,
			  const struct look *k)
{
	const struct glyphs *g = theme_glyphs(k->ascii);
	int rows = timeline_lane_rows(r.h);
	static uint16_t order[MODEL_ACTOR_MAX];
	static int row_of[MODEL_ACTOR_MAX]; /* each actor's lane row, for messages */
	size_t n = lane_order(m, order, MODEL_ACTOR_MAX);
	for (size_t i = 0; i < MODEL_ACTOR_MAX; i++)
		row_of[i] = -1;
	int label = timeline_label_width(m);
	int lane_x = r.x + label, lane_w = r.w - label;
	int row = 0;
	bool shown[AS_COUNT] = {false}; /* the states the lanes in view show */
	for (size_t o = (size_t)v->lane_scroll; o < n && row < rows; o++) {
		size_t i = order[o];
		const struct model_actor *a = model_actor(m, i);
		if (!a || a->state == AS_NONE)
			continue;
		int y = r.y + row++;
		row_of[i] = y;
		int indent = a->kind == AK_CORO ? 1 : 0;
		cut_text(c, r.x + indent, y, label - 3 - indent, a->name, S_ACTOR0 + i % S_ACTOR_COUNT,
			 A_BOLD_, k->ascii);
		canvas_put(c, r.x + label - 2, y, g->state[a->state], theme_state_style(a->state), 0);
		if (lane_w > 0)
			draw_lane(c, lane_x, y, lane_w, m, i, a, v, g, shown);
		if (lane_w > 0)
			draw_exit_mark(c, lane_x, y, lane_w, a, v, k);
		shown[a->state < AS_COUNT ? a->state : AS_NONE] = true; /* its glyph by the name */
		/* An event loop's own lane under its thread: its callbacks, named. */
		for (size_t l = 0; l < model_loop_count(m) && row < rows && lane_w > 0; l++) {
			const struct model_loop *lp = model_loop(m, l);
			if (lp->actor != i || a->kind == AK_CORO)
				continue;
			int ly = r.y + row++;
			const struct model_object *o = model_object(m, lp->obj);
			cut_text(c, r.x + 1, ly, label - 4, o ? o->name : "loop", S_DIM, A_BOLD_, k->ascii);
			int64_t end = v->start + (int64_t)lane_w * v->ns_per_col;
			int cols = end > v->now ? (int)((v->now - v->start) / v->ns_per_col) + 1 : lane_w;
			looppanel_strip(c, lane_x, ly, cols < lane_w ? cols : lane_w, m, lp, v->start,
					v->start + (int64_t)(cols < lane_w ? cols : lane_w) * v->ns_per_col, k);
		}
	}
	int messages = lane_w > 0 ? msgmarks_draw(c, lane_x, lane_w, row_of, MODEL_ACTOR_MAX, m, v, k) : 0;
	bool lost = lane_w > 0 && draw_axis(c, lane_x, r.y + rows, lane_w, m, v, g);
	draw_hidden_mark(c, r.x, r.y + rows, label, m, order, n, v->lane_scroll, row_of);
	bool coroutines = false, processes = false;
	for (size_t i = 0; i < model_actor_count(m); i++) {
		const struct model_actor *a = model_actor(m, i);
		coroutines |= a && a->kind == AK_CORO;
		processes |= a && a->kind == AK_PROCESS && a->parent != WF_NONE; /* forked ones */
	}
	draw_legend(c, r.x, r.y + rows + 1, r.w, k, g, coroutines, processes, messages > 0, lost,
		    model_ever_parked(m), shown);
}
