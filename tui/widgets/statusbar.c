/*
 * statusbar.c - the bottom row (see widgets.h).  The mode comes first and
 * reversed, so PAUSED or DEADLOCK is seen at a glance from the back of a
 * lecture hall; key hints fill what is left.
 */
#include <stdio.h>

#include "duration.h"
#include "i18n.h"
#include "widgets.h"

void statusbar_draw(canvas *c, struct rect r, const struct status *s, const struct look *k)
{
	canvas_fill(c, r, ' ', S_STATUS, A_REVERSE_);
	char buf[256];
	int x = r.x;
	snprintf(buf, sizeof buf, " %s ", s->mode);
	x += canvas_text(c, x, r.y, r.w, buf, s->mode_style, A_REVERSE_ | A_BOLD_);
	/* What happened to the lesson comes before the numbers, so it is seen
	 * whole at 80 columns. */
	if (s->note && *s->note) {
		snprintf(buf, sizeof buf, " %s  ", s->note);
		x += canvas_text(c, x, r.y, r.x + r.w - x, buf, S_ERROR, A_REVERSE_ | A_BOLD_);
	}
	if (s->speed > 0) {
		char t[24];
		duration_format(s->lesson_ns, t, sizeof t);
		snprintf(buf, sizeof buf, " x%.2g  t=%s  %s %llu  ", s->speed, t, tr(M_EVENTS, k->zh),
			 (unsigned long long)s->events);
		x += canvas_text(c, x, r.y, r.x + r.w - x, buf, S_STATUS, A_REVERSE_);
		snprintf(buf, sizeof buf, "%s %llu  ", tr(M_DROPPED, k->zh),
			 (unsigned long long)s->dropped);
		x += canvas_text(c, x, r.y, r.x + r.w - x, buf, s->dropped ? S_WARN : S_STATUS,
				 A_REVERSE_ | (s->dropped ? A_BOLD_ : 0));
	}
	canvas_text(c, x + 1, r.y, r.x + r.w - x - 1, s->hints, S_STATUS, A_REVERSE_);
}
