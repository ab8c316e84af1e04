/*
 * locks.c - the lock panel (see widgets.h).
 *
 * Two rows a lock: who holds it and how many wait; then what it has cost:
 * acquisitions, how many had to wait, and the wait time.  A deadlock is
 * written above the locks, since it is what the student must see first.
 */
#include <stdio.h>

#include "duration.h"
#include "i18n.h"
#include "theme.h"
#include "widgets.h"
#include "wrap.h"

static bool is_lock(const struct model_object *o)
{
	return o && (o->kind == OBJ_MUTEX || o->kind == OBJ_RMUTEX);
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

static int draw_deadlock(canvas *c, struct rect r, const model *m, const struct look *k)
{
	char why[256], line[320];
	if (!model_deadlock(m))
		return 0;
	model_deadlock_describe(m, why, sizeof why);
	snprintf(line, sizeof line, tr(M_DEADLOCK, k->zh), why);
	return wrap_draw(c, (struct rect){r.x, r.y, r.w, r.h < 3 ? r.h : 3}, line, S_ERROR, A_BOLD_);
}

void locks_draw(canvas *c, struct rect r, const model *m, const struct look *k)
{
	int y = draw_deadlock(c, r, m, k);
	bool any = false;
	for (size_t i = 0; i < model_object_count(m) && y + 1 < r.h; i++) {
		const struct model_object *o = model_object(m, i);
		if (!is_lock(o))
			continue;
		any = true;
		const struct model_actor *h = o->holder == WF_NONE ? NULL : model_actor(m, o->holder);
		char row[160], acq[16], cont[16], wait[24];
		int x = r.x + canvas_text(c, r.x, r.y + y, r.w, o->name, S_TITLE, A_BOLD_);
		if (h)
			snprintf(row, sizeof row, " %s %s", tr(M_HELD_BY, k->zh), h->name);
		else
			snprintf(row, sizeof row, " %s", tr(M_FREE, k->zh));
		x += canvas_text(c, x, r.y + y, r.x + r.w - x, row, h ? S_BLOCKED : S_DIM, 0);
		if (o->waiters) {
			snprintf(row, sizeof row, ", %u %s", o->waiters, tr(M_WAITING, k->zh));
			canvas_text(c, x, r.y + y, r.x + r.w - x, row, S_WARN, A_BOLD_);
		}
		y++;
		compact(o->acquisitions, acq, sizeof acq);
		compact(o->contentions, cont, sizeof cont);
		duration_format(o->wait_ns, wait, sizeof wait);
		snprintf(row, sizeof row, "  %s %s  %s %s  %s %s", tr(M_ACQ, k->zh), acq,
			 tr(M_CONTENDED, k->zh), cont, tr(M_WAIT, k->zh), wait);
		canvas_text(c, r.x, r.y + y++, r.w, row, S_DIM, 0);
		if (o->violations && y < r.h) {
			snprintf(row, sizeof row, "  %s %llu", tr(M_VIOLATIONS, k->zh),
				 (unsigned long long)o->violations);
			canvas_text(c, r.x, r.y + y++, r.w, row, S_WARN, A_BOLD_);
		}
	}
	if (!any && y < r.h)
		canvas_text(c, r.x, r.y + y, r.w, tr(M_NO_LOCKS, k->zh), S_DIM, 0);
}
