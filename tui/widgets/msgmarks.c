/*
 * msgmarks.c - messages drawn over the timeline's lanes (see widgets.h).
 *
 * A message is a mark on its sender's lane at the column it was sent (●)
 * and an arrow head on its receiver's lane at the column it was received
 * (▼ when the receiver's lane is below, ▲ above), joined by a vertical
 * rule (│) across the lanes in between, in the sender's colour.  A message
 * still in flight has its sender's mark only.  Marks overwrite the lane's
 * cell, so a message stays visible at any zoom; a lane that sends and
 * receives within one column (a request and its reply) shows ◆ there.
 * The walk covers the model's window of the latest MODEL_MSG_MAX messages
 * once per frame.
 *
 * Marks and a lane's labels (what a blocked stretch waits for, a CPU
 * digit) never share a cell: the timeline asks msgmarks_columns where the
 * lane's ends fall and places its labels clear of them, and a rule passes
 * behind a label (it skips reversed cells) rather than cut a word.
 */
#include "theme.h"
#include "widgets.h"

struct marks {
	uint32_t sent, down, up, both, rule;
};

static const struct marks unicode = {0x25cf /* ● */, 0x25bc /* ▼ */, 0x25b2 /* ▲ */, 0x25c6 /* ◆ */,
				     0x2502 /* │ */};
static const struct marks ascii = {'o', 'v', '^', '*', '|'};

/* The column of lesson time t, or -1 when it is outside the view. */
static int column(const struct timeline_view *v, int w, int64_t t)
{
	if (t < v->start || t > v->now || v->ns_per_col <= 0)
		return -1;
	int64_t col = (t - v->start) / v->ns_per_col;
	return col < w ? (int)col : -1;
}

/* Puts an end mark; a cell that already holds the other kind of end (a
 * lane that sent and received within one column) gets the "both" mark. */
static void put_end(canvas *c, int x, int y, uint32_t ch, uint8_t style, const struct marks *g)
{
	const struct cell *old = canvas_cell(c, x, y);
	if (old && old->ch != ch && (old->ch == g->sent || old->ch == g->down || old->ch == g->up || old->ch == g->both))
		ch = g->both;
	canvas_put(c, x, y, ch, style, A_BOLD_);
}

/* Where message msg is drawn: its sender's row and column, its receiver's
 * (-1 when not in view). */
struct ends {
	int ys, xs, yr, xr;
};

static struct ends ends_of(const struct model_message *msg, const int *row_of, size_t nrows,
			  const struct timeline_view *v, int w)
{
	struct ends e = {-1, -1, -1, -1};
	if (msg->from == WF_NONE || msg->from >= nrows || row_of[msg->from] < 0)
		return e;
	e.ys = row_of[msg->from];
	e.xs = column(v, w, msg->sent);
	if (msg->to != WF_NONE && msg->to < nrows && row_of[msg->to] >= 0 && msg->to != msg->from) {
		e.yr = row_of[msg->to];
		e.xr = column(v, w, msg->received);
	}
	return e;
}

int msgmarks_draw(canvas *c, int x, int w, const int *row_of, size_t nrows, const model *m,
		  const struct timeline_view *v, const struct look *k)
{
	const struct marks *g = k->ascii ? &ascii : &unicode;
	int drawn = 0;
	/* Rules first, then the ends over them. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < model_message_count(m); i++) {
			const struct model_message *msg = model_message(m, i);
			if (!msg)
				continue;
			struct ends e = ends_of(msg, row_of, nrows, v, w);
			if (e.ys < 0)
				continue;
			uint8_t style = (uint8_t)(S_ACTOR0 + msg->from % S_ACTOR_COUNT);
			if (pass == 0 && e.xr >= 0) {
				int lo = e.ys < e.yr ? e.ys : e.yr, hi = e.ys < e.yr ? e.yr : e.ys;
				for (int y = lo + 1; y < hi; y++) {
					const struct cell *under = canvas_cell(c, x + e.xr, y);
					if (!under || !(under->attr & A_REVERSE_)) /* a label's cell */
						canvas_put(c, x + e.xr, y, g->rule, style, A_BOLD_);
				}
				continue;
			}
			if (pass == 0)
				continue;
			if (e.xs >= 0) {
				put_end(c, x + e.xs, e.ys, g->sent, style, g);
				drawn++;
			}
			if (e.xr >= 0)
				put_end(c, x + e.xr, e.yr, e.yr > e.ys ? g->down : g->up, style, g);
		}
	}
	return drawn;
}

void msgmarks_columns(const model *m, size_t actor, const struct timeline_view *v, int w, bool *marked)
{
	for (int i = 0; i < w; i++)
		marked[i] = false;
	for (size_t i = 0; i < model_message_count(m); i++) {
		const struct model_message *msg = model_message(m, i);
		if (!msg || msg->from == WF_NONE)
			continue;
		int col = msg->from == actor ? column(v, w, msg->sent) : -1;
		if (col >= 0)
			marked[col] = true;
		col = msg->to == actor && msg->to != msg->from ? column(v, w, msg->received) : -1;
		if (col >= 0)
			marked[col] = true;
	}
}
