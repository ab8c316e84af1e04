/*
 * msgmarks.c - messages drawn over the timeline's lanes (see widgets.h).
 *
 * A message is a mark on its sender's lane at the column it was sent (●)
 * and an arrow head on its receiver's lane at the column it was received
 * (▼ when the receiver's lane is below, ▲ above), joined by a vertical
 * rule (│) across the lanes in between, in the sender's colour.  A message
 * still in flight has its sender's mark only.  Marks overwrite the lane's
 * cell, so a message stays visible at any zoom; where two fall in one
 * cell the later wins.  The walk covers the model's window of the latest
 * MODEL_MSG_MAX messages once per frame.
 */
#include "theme.h"
#include "widgets.h"

struct marks {
	uint32_t sent, down, up, rule;
};

static const struct marks unicode = {0x25cf /* ● */, 0x25bc /* ▼ */, 0x25b2 /* ▲ */, 0x2502 /* │ */};
static const struct marks ascii = {'o', 'v', '^', '|'};

/* The column of lesson time t, or -1 when it is outside the view. */
static int column(const struct timeline_view *v, int w, int64_t t)
{
	if (t < v->start || t > v->now || v->ns_per_col <= 0)
		return -1;
	int64_t col = (t - v->start) / v->ns_per_col;
	return col < w ? (int)col : -1;
}

int msgmarks_draw(canvas *c, int x, int w, const int *row_of, size_t nrows, const model *m,
		  const struct timeline_view *v, const struct look *k)
{
	const struct marks *g = k->ascii ? &ascii : &unicode;
	int drawn = 0;
	for (size_t i = 0; i < model_message_count(m); i++) {
		const struct model_message *msg = model_message(m, i);
		if (!msg || msg->from == WF_NONE || msg->from >= nrows || row_of[msg->from] < 0)
			continue;
		uint8_t style = (uint8_t)(S_ACTOR0 + msg->from % S_ACTOR_COUNT);
		int ys = row_of[msg->from];
		int xs = column(v, w, msg->sent);
		bool to_shown = msg->to != WF_NONE && msg->to < nrows && row_of[msg->to] >= 0 &&
				msg->to != msg->from;
		int xr = to_shown ? column(v, w, msg->received) : -1;
		if (xr >= 0) {
			int yr = row_of[msg->to];
			for (int y = ys < yr ? ys + 1 : yr + 1; y < (ys < yr ? yr : ys); y++)
				canvas_put(c, x + xr, y, g->rule, style, A_BOLD_);
			canvas_put(c, x + xr, yr, yr > ys ? g->down : g->up, style, A_BOLD_);
		}
		if (xs >= 0) {
			canvas_put(c, x + xs, ys, g->sent, style, A_BOLD_);
			drawn++;
		}
	}
	return drawn;
}
