/*
 * syncpanel.c - the sync panel: every object of the run and its state now.
 *
 * One entry an object, in creation order: a heading row (its name, its
 * kind's word, what it is now, and who waits on it, by name) and a row of
 * its counters; a queue adds a chart of its depth over the timeline's
 * window (each column the deepest it was in that slice, against a
 * capacity line).  A deadlock is written above the objects, since it is
 * what the student must see first.  What the heading says comes from the
 * kind's shape (sim/wire/objkind.h), never from the kind itself, so a new
 * kind of an existing shape is drawn without a line here.
 *
 * Counters are model_count()'s: exact (from the arena) or, when events
 * were lost and no exact reading covers them, counted from the events and
 * marked "~", with a note under the last entry.  The panel scrolls by
 * entries; an entry is never cut in half at the top, and the last row says
 * how many more follow.
 */
#include <stdio.h>
#include <string.h>

#include "duration.h"
#include "i18n.h"
#include "objkind.h"
#include "theme.h"
#include "utf8.h"
#include "widgets.h"
#include "wrap.h"

#define CHART_ROWS 2
#define DEADLOCK_ROWS 3

/* Objects the panel lists: every kind but the event loop (looppanel.c). */
static bool listed(const struct model_object *o)
{
	return o && objkind_get(o->kind)->shape != SHAPE_LOOP;
}

static int counters_layout(canvas *c, int x, int y, int end, int w, const model *m,
			   const struct model_object *o, const struct look *k, bool *partial);

/* Rows object o's entry takes in w columns. */
static int entry_rows(const model *m, const struct model_object *o, int w, const struct look *k)
{
	bool partial = false;
	return 1 + counters_layout(NULL, 0, 0, 0, w, m, o, k, &partial) +
	       (objkind_get(o->kind)->shape == SHAPE_QUEUE ? CHART_ROWS : 0);
}

int syncpanel_rows(const model *m, int w, const struct look *k)
{
	int rows = model_deadlock(m) ? DEADLOCK_ROWS : 0;
	bool any = false;
	for (size_t i = 0; i < model_object_count(m); i++) {
		const struct model_object *o = model_object(m, i);
		if (listed(o)) {
			rows += entry_rows(m, o, w, k);
			any = true;
		}
	}
	return rows + (any ? (model_dropped(m) ? 1 : 0) : 1);
}

size_t syncpanel_entries(const model *m)
{
	size_t n = 0;
	for (size_t i = 0; i < model_object_count(m); i++)
		n += listed(model_object(m, i));
	return n;
}

/* 1234567 -> "1.2M": counts must fit a narrow panel. */
static void compact(uint64_t n, char *buf, size_t size)
{
	if (n >= 10000000)
		snprintf(buf, size, "%lluM", (unsigned long long)(n / 1000000));
	else if (n >= 1000000)
		snprintf(buf, size, "%.1fM", (double)n / 1e6);
	else if (n >= 10000)
		snprintf(buf, size, "%lluk", (unsigned long long)(n / 1000));
	else
		snprintf(buf, size, "%llu", (unsigned long long)n);
}

/* Appends s to buf if it fits in `cols` display columns; false if not. */
static bool append_fits(char *buf, size_t size, const char *s, int cols)
{
	size_t used = strlen(buf);
	if (used + strlen(s) + 1 > size)
		return false;
	memcpy(buf + used, s, strlen(s) + 1);
	if (utf8_width(buf) > cols) {
		buf[used] = 0;
		return false;
	}
	return true;
}

/* "waiting: T1, T2 +3": the actors blocked on object `id` now, as many
 * names as fit in `cols` columns and a count of the rest; "" for none. */
static void waiters_text(const model *m, size_t id, int cols, const struct look *k, char *buf,
			 size_t size)
{
	buf[0] = 0;
	size_t total = 0, named = 0;
	for (size_t i = 0; i < model_actor_count(m); i++) {
		const struct model_actor *a = model_actor(m, i);
		total += a && a->state == AS_BLOCKED && !a->joining && a->obj == id;
	}
	for (size_t i = 0; i < model_actor_count(m) && named < total; i++) {
		const struct model_actor *a = model_actor(m, i);
		if (!a || a->state != AS_BLOCKED || a->joining || a->obj != id)
			continue;
		char part[MODEL_NAME_MAX + 32];
		snprintf(part, sizeof part, "%s%s", named ? ", " : tr(M_WAITERS, k->zh), a->name);
		/* room is kept for " +N" unless this is the last name */
		if (!append_fits(buf, size, part, named + 1 == total ? cols : cols - 4))
			break;
		named++;
	}
	char more[48];
	if (total > named && named)
		snprintf(more, sizeof more, " +%zu", total - named);
	else if (total > named)
		snprintf(more, sizeof more, "%s%zu", tr(M_WAITERS, k->zh), total);
	if (total > named)
		append_fits(buf, size, more, cols);
}

/* What object o is now, by its shape: "held by T1", "value 2/3", "set". */
static void state_text(const model *m, const struct model_object *o, const struct look *k,
		       char *buf, size_t size, uint8_t *style)
{
	*style = S_NORMAL;
	buf[0] = 0;
	switch (objkind_get(o->kind)->shape) {
	case SHAPE_LOCK: {
		const struct model_actor *h = o->holder == WF_NONE ? NULL : model_actor(m, o->holder);
		if (!h) {
			snprintf(buf, size, "%s", tr(M_FREE, k->zh));
			*style = S_DIM;
		} else if (o->kind == OBJ_RMUTEX) {
			snprintf(buf, size, "%s %s %s %u", tr(M_HELD_BY, k->zh), h->name, tr(M_DEPTH, k->zh),
				 o->depth);
			*style = S_BLOCKED;
		} else {
			snprintf(buf, size, "%s %s", tr(M_HELD_BY, k->zh), h->name);
			*style = S_BLOCKED;
		}
		break;
	}
	case SHAPE_SEM:
		if (o->capacity)
			snprintf(buf, size, "%s %u/%u", tr(M_VALUE, k->zh), o->value, o->capacity);
		else
			snprintf(buf, size, "%s %u", tr(M_VALUE, k->zh), o->value);
		*style = o->value ? S_NORMAL : S_BLOCKED;
		break;
	case SHAPE_FLAG:
		snprintf(buf, size, "%s", tr(o->value ? M_SET : M_CLEAR, k->zh));
		*style = o->value ? S_RUNNING : S_DIM;
		break;
	case SHAPE_BARRIER:
		snprintf(buf, size, "%s %u/%u", tr(M_ARRIVED, k->zh), o->value, o->capacity);
		break;
	case SHAPE_QUEUE:
		snprintf(buf, size, "%u/%u%s%s", o->queue_depth, o->capacity, o->shut ? " " : "",
			 o->shut ? tr(M_SHUT_DOWN, k->zh) : "");
		*style = o->shut ? S_DIM : o->capacity && o->queue_depth >= o->capacity ? S_WARN : S_NORMAL;
		break;
	case SHAPE_PIPE:
		snprintf(buf, size, "%s 0>1:%u 1>0:%u", tr(M_IN_FLIGHT, k->zh), o->inflight[0],
			 o->inflight[1]);
		break;
	case SHAPE_VALUE:
		snprintf(buf, size, "%s %u", tr(M_VALUE, k->zh), o->value);
		break;
	case SHAPE_FUTURE: { /* enum pfuture_state */
		static const enum msg state[] = {M_TASK_PENDING, M_TASK_RUNNING, M_TASK_CANCELLED, M_TASK_DONE};
		snprintf(buf, size, "%s", tr(o->value < 4 ? state[o->value] : M_TASK_DONE, k->zh));
		break;
	}
	case SHAPE_POOL:
		snprintf(buf, size, "%s %u", tr(M_POOL_QUEUE, k->zh), o->value);
		break;
	default:
		break;
	}
}

/* Lays out object o's counters ("acq 1.6M", "contended 59", "wait 2.7s",
 * a partial one marked "~") from row y over rows of w columns, two spaces
 * before each, as many rows as they need; draws them, in rows before `end`,
 * when c is not NULL.  Returns the rows taken (drawn or not); sets
 * *partial when one was partial. */
static int counters_layout(canvas *c, int x, int y, int end, int w, const model *m,
			   const struct model_object *o, const struct look *k, bool *partial)
{
	const struct objkind *kind = objkind_get(o->kind);
	char item[OBJ_COUNTERS + 1][80];
	int n = 0;
	for (unsigned slot = 0; slot < OBJ_COUNTERS; slot++) {
		const char *id = kind->counter[slot];
		size_t len = strlen(id);
		if (!len)
			continue;
		bool part;
		uint64_t v = model_count(m, o, slot, &part);
		char num[24];
		if (len > 3 && strcmp(id + len - 3, "_ns") == 0)
			duration_format(v > INT64_MAX ? INT64_MAX : (int64_t)v, num, sizeof num);
		else
			compact(v, num, sizeof num);
		*partial |= part;
		snprintf(item[n++], sizeof item[0], "%s %s%s", tr_counter(id, k->zh), num, part ? "~" : "");
	}
	if (o->violations)
		snprintf(item[n++], sizeof item[0], "%s %llu", tr(M_VIOLATIONS, k->zh),
			 (unsigned long long)o->violations);
	int rows = n ? 1 : 0, at = 0;
	for (int i = 0; i < n; i++) {
		int iw = 2 + utf8_width(item[i]);
		if (at && at + iw > w) { /* the next row */
			rows++;
			at = 0;
		}
		if (c && y + rows - 1 < end)
			canvas_printf(c, x + at, y + rows - 1, w - at,
				      o->violations && i == n - 1 ? S_WARN : S_DIM, 0, "  %s", item[i]);
		at += iw;
	}
	return rows;
}

/* The deepest sample in [t0, t1), carrying the depth in force at t0. */
static uint32_t deepest(const struct model_object *o, size_t *i, int64_t t0, int64_t t1)
{
	while (*i + 1 < o->series_len && o->series[*i + 1].t <= t0)
		(*i)++;
	if (*i >= o->series_len || o->series[*i].t >= t1)
		return 0;
	uint32_t d = 0;
	for (size_t j = *i; j < o->series_len && o->series[j].t < t1; j++)
		if (o->series[j].depth > d)
			d = o->series[j].depth;
	return d;
}

static void draw_chart(canvas *c, struct rect r, const struct model_object *o, int64_t start,
		       int64_t end, const struct glyphs *g)
{
	uint32_t cap = o->capacity ? o->capacity : 1;
	int64_t span = end > start ? end - start : 1;
	size_t walk = 0;
	for (int col = 0; col < r.w; col++) {
		int64_t t0 = start + span * col / r.w, t1 = start + span * (col + 1) / r.w;
		uint32_t d = deepest(o, &walk, t0, t1);
		for (int row = 0; row < r.h; row++) {
			/* row 0 is the top, full when depth reaches capacity; a row
			 * fills once depth passes the one below it, so any item shows */
			uint32_t level = (uint32_t)(r.h - row);
			bool filled = d * (uint32_t)r.h > (level - 1) * cap;
			if (filled)
				canvas_put(c, r.x + col, r.y + row, g->bar, d >= cap ? S_WARN : S_ACCENT, 0);
			else if (row == 0)
				canvas_put(c, r.x + col, r.y + row, g->cap, S_DIM, 0);
		}
	}
}

static int draw_deadlock(canvas *c, struct rect r, const model *m, const struct look *k)
{
	char why[256], line[320];
	if (!deadlock_words(m, k->zh, why, sizeof why))
		return 0;
	snprintf(line, sizeof line, tr(M_DEADLOCK, k->zh), why);
	return wrap_draw(c, (struct rect){r.x, r.y, r.w, r.h < DEADLOCK_ROWS ? r.h : DEADLOCK_ROWS},
			 line, S_ERROR, A_BOLD_);
}

/* Draws object `id`'s entry from row y, in rows before `end`; returns the
 * rows it took. */
static int draw_entry(canvas *c, struct rect r, int y, int end, const model *m, size_t id,
		      const struct syncpanel_view *v, const struct look *k, bool *partial)
{
	const struct model_object *o = model_object(m, id);
	char text[256];
	uint8_t style;
	int top = y;
	int x = r.x + canvas_text(c, r.x, r.y + y, r.w, o->name, S_TITLE, A_BOLD_);
	const struct objkind *kind = objkind_get(o->kind);
	x += canvas_printf(c, x, r.y + y, r.x + r.w - x, S_DIM, 0, " %s", k->zh ? kind->zh : kind->en);
	state_text(m, o, k, text, sizeof text, &style);
	if (text[0])
		x += canvas_printf(c, x, r.y + y, r.x + r.w - x, style, 0, " %s", text);
	waiters_text(m, id, r.x + r.w - x - 2, k, text, sizeof text);
	if (text[0])
		canvas_printf(c, x, r.y + y, r.x + r.w - x, S_WARN, A_BOLD_, "  %s", text);
	if (++y >= end)
		return y - top;
	int rows = counters_layout(c, r.x, r.y + y, r.y + end, r.w, m, o, k, partial);
	y = y + rows < end ? y + rows : end;
	if (kind->shape == SHAPE_QUEUE) {
		int h = end - y < CHART_ROWS ? end - y : CHART_ROWS;
		if (h > 0)
			draw_chart(c, (struct rect){r.x, r.y + y, r.w, h}, o, v->start, v->end,
				   theme_glyphs(k->ascii));
		y += h > 0 ? h : 0;
	}
	return y - top;
}

void syncpanel_draw(canvas *c, struct rect r, const model *m, const struct syncpanel_view *v,
		    const struct look *k)
{
	if (r.h <= 0 || r.w <= 0)
		return;
	int y = draw_deadlock(c, r, m, k);
	size_t entries = syncpanel_entries(m);
	if (!entries) {
		if (y < r.h)
			canvas_text(c, r.x, r.y + y, r.w, tr(M_NO_OBJECTS, k->zh), S_DIM, 0);
		return;
	}
	size_t first = v->scroll > 0 ? (size_t)v->scroll : 0;
	if (first >= entries)
		first = entries - 1;
	size_t seen = 0, drawn = 0;
	bool partial = false;
	for (size_t i = 0; i < model_object_count(m); i++) {
		const struct model_object *o = model_object(m, i);
		if (!listed(o) || seen++ < first)
			continue;
		/* keep the last row for "+N more" while entries remain below */
		bool last = seen == entries;
		int room = r.h - y - (last ? 0 : 1);
		if (room < (last ? 1 : 2) && drawn)
			break;
		y += draw_entry(c, r, y, y + (room > 0 ? room : 1), m, i, v, k, &partial);
		drawn++;
	}
	size_t below = entries - first - drawn;
	if (below && y < r.h)
		canvas_printf(c, r.x, r.y + y++, r.w, S_DIM, 0, "+%zu %s", below, k->ascii ? "v" : "↓");
	else if (partial && y < r.h)
		canvas_printf(c, r.x, r.y + y, r.w, S_WARN, 0, tr(M_PARTIAL, k->zh),
			      (unsigned long long)model_dropped(m));
}
