/*
 * app.c - the front end's state machine and screen layout (see app.h).
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "registry.h"
#include "theme.h"
#include "utf8.h"
#include "widgets.h"
#include "wrap.h"

#define MIN_W 80
#define MIN_H 24
#define SCROLL_COLS 10

static const int64_t zoom_levels[] = {
	10000, 20000, 50000, 100000, 200000, 500000,          /* 10 us .. 500 us a column */
	1000000, 2000000, 5000000, 10000000, 20000000, 50000000, /* 1 ms .. 50 ms */
	100000000, 200000000, 500000000, 1000000000, 2000000000, 5000000000, 10000000000,
};
#define ZOOMS ((int)(sizeof zoom_levels / sizeof *zoom_levels))

static const double speeds[] = {0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20};
#define SPEEDS ((int)(sizeof speeds / sizeof *speeds))

int64_t app_zoom_ns(int z)
{
	return zoom_levels[z < 0 ? 0 : z >= ZOOMS ? ZOOMS - 1 : z];
}

/* --- lesson text -------------------------------------------------------- */

static void load_text(struct app *a, const struct wf_lesson *l)
{
	if (a->text_of == l && a->text && a->text_zh == a->zh)
		return;
	mdview_free(a->text);
	const char *md = registry_text(l, a->zh ? "zh" : "en");
	a->text = md ? mdview_new(md, strlen(md), a->ascii) : NULL;
	a->text_of = l;
	a->text_zh = a->zh;
	a->text_scroll = a->text_hscroll = 0;
}

/* --- runs ----------------------------------------------------------------- */

static void stop_lesson(struct app *a)
{
	session_free(a->session);
	a->session = NULL;
}

static void reset_view(struct app *a)
{
	a->view = VIEW_FIT;
	a->zoom = 0;
	a->view_start = 0;
	a->lane_scroll = a->console_scroll = a->sync_scroll = a->loop_scroll = a->pool_scroll = 0;
}

static void start_run(struct app *a)
{
	a->error[0] = 0;
	reset_view(a);
	classroom_restart(a);
	if (session_start(a->session, a->error, sizeof a->error) < 0)
		return;
}

static void open_lesson(struct app *a, const struct wf_lesson *l, const struct lesson_args *args)
{
	stop_lesson(a);
	a->lesson = l;
	a->args = *args;
	a->screen = SCREEN_LESSON;
	a->focus = PANEL_TIMELINE;
	load_text(a, l);
	a->session = session_new(l, args, a->speed);
	if (!a->session || session_record(a->session, a->record) < 0) {
		snprintf(a->error, sizeof a->error, "out of memory");
		return;
	}
	session_schedule(a->session, a->start_stepping ? SCHED_STEP : (enum sched_kind)a->sched,
			 a->seed, NULL, 0);
	session_take_input(a->session, l->input_en != NULL);
	if (!classroom_holds(a)) /* --predict: the answer first */
		start_run(a);
}

void app_init(struct app *a, const struct cli *c)
{
	memset(a, 0, sizeof *a);
	a->zh = strcmp(cli_language(c), "zh") == 0;
	a->ascii = c->ascii;
	a->speed = c->speed;
	a->start_stepping = c->step;
	a->sched = c->sched;
	a->seed = c->seed;
	a->record = c->record;
	classroom_init(a, c);
	a->screen = SCREEN_BROWSER;
	if (c->zh_refused)
		snprintf(a->notice, sizeof a->notice, "%s", tr(M_ZH_REFUSED, false));
	if (c->cmd == CLI_OPEN && c->lesson) {
		open_lesson(a, c->lesson, &c->args);
		for (size_t i = 0; i < registry_count(); i++)
			if (registry_at(i) == c->lesson)
				a->selected = i;
	}
}

void app_init_replay(struct app *a, const struct cli *c, replay *r)
{
	struct cli open = *c;
	open.cmd = CLI_BROWSE;
	app_init(a, &open);
	playback_init(&a->playback, r);
	a->screen = SCREEN_LESSON;
	a->lesson = registry_find(replay_trace(r)->h.lesson);
	if (a->lesson) {
		load_text(a, a->lesson);
		lesson_args_init(&a->args, a->lesson);
	}
}

const model *app_model(const struct app *a)
{
	return a->session ? session_model(a->session) : a->playback.replay ? replay_model(a->playback.replay) : NULL;
}

void app_free(struct app *a)
{
	playback_free(&a->playback);
	stop_lesson(a);
	mdview_free(a->text);
	a->text = NULL;
}

bool app_live(const struct app *a)
{
	if (a->playback.replay)
		return a->playback.playing;
	return a->session && session_state(a->session) == SESSION_RUNNING &&
	       !session_paused(a->session);
}

bool app_tick(struct app *a)
{
	if (a->playback.replay)
		return playback_tick(&a->playback);
	if (!a->session)
		return false;
	enum session_state before = session_state(a->session);
	size_t n = session_pump(a->session);
	classroom_tick(a);
	return n > 0 || before == SESSION_RUNNING;
}

/* --- actions ------------------------------------------------------------ */

static void change_speed(struct app *a, int dir)
{
	int i = 0;
	while (i < SPEEDS - 1 && speeds[i] < a->speed - 1e-9)
		i++;
	i += dir;
	if (i < 0 || i >= SPEEDS)
		return;
	a->speed = speeds[i];
	if (a->session)
		session_set_speed(a->session, a->speed);
}

static int64_t lesson_now(const struct app *a)
{
	if (a->playback.replay)
		return replay_now(a->playback.replay);
	return a->session ? session_lesson_ns(a->session) : 0;
}

/* The finest scale at which `ns` fit in `cols` columns, from steps of
 * 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 per decade (ticks every ten columns
 * then read 120ms, 250ms, 3s...): the run fills at least 4/5 of the axis
 * once it is longer than the finest zoom shows. */
static int64_t fit_ns_per_col(int64_t ns, int cols)
{
	static const int steps[] = {10, 12, 15, 20, 25, 30, 40, 50, 60, 80};
	for (int64_t decade = zoom_levels[0]; decade <= zoom_levels[ZOOMS - 1]; decade *= 10)
		for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
			int64_t per = decade * steps[i] / 10;
			if (per * cols >= ns || per >= zoom_levels[ZOOMS - 1])
				return per;
		}
	return zoom_levels[ZOOMS - 1];
}

/* The timeline's view right now: FIT and FOLLOW are derived from the
 * present, FIXED is where the user left it. */
struct timeline_view app_view(const struct app *a)
{
	struct timeline_view v = {0, zoom_levels[0], a->lane_scroll, lesson_now(a),
				  a->lesson && (a->lesson->flags & WF_LESSON_KERNEL_LETTERS)};
	int cols = a->lane_cols > 0 ? a->lane_cols : 1;
	switch (a->view) {
	case VIEW_FIT:
		v.ns_per_col = fit_ns_per_col(v.now, cols);
		break;
	case VIEW_FOLLOW:
		v.ns_per_col = app_zoom_ns(a->zoom);
		v.start = v.now - v.ns_per_col * cols;
		break;
	case VIEW_FIXED:
		v.ns_per_col = app_zoom_ns(a->zoom);
		v.start = a->view_start;
		break;
	}
	if (v.start < 0)
		v.start = 0;
	return v;
}

static int zoom_index(int64_t ns_per_col)
{
	int z = 0;
	while (z < ZOOMS - 1 && zoom_levels[z] < ns_per_col)
		z++;
	return z;
}

static void zoom(struct app *a, int dir)
{
	struct timeline_view v = app_view(a);
	int z = zoom_index(v.ns_per_col) + dir;
	if (z < 0 || z >= ZOOMS)
		return;
	int cols = a->lane_cols > 0 ? a->lane_cols : 1;
	if (a->view == VIEW_FIXED) { /* keep the middle where it is */
		int64_t mid = v.start + v.ns_per_col * cols / 2;
		a->view_start = mid - zoom_levels[z] * cols / 2;
		if (a->view_start < 0)
			a->view_start = 0;
	} else {
		a->view = VIEW_FOLLOW;
	}
	a->zoom = z;
}

static void scroll_time(struct app *a, int dir)
{
	struct timeline_view v = app_view(a);
	int cols = a->lane_cols > 0 ? a->lane_cols : 1;
	a->zoom = zoom_index(v.ns_per_col);
	a->view_start = v.start + dir * SCROLL_COLS * v.ns_per_col;
	if (a->view_start < 0)
		a->view_start = 0;
	a->view = a->view_start + v.ns_per_col * cols >= v.now ? VIEW_FOLLOW : VIEW_FIXED;
}

/* Tab: the next panel on screen: the timeline, the right column from the
 * top (the loop and pool panels only while the run has them), the console. */
static void next_panel(struct app *a, int dir)
{
	static const enum panel order[] = {PANEL_TIMELINE, PANEL_SYNC, PANEL_LOOP, PANEL_POOL,
					   PANEL_TEXT, PANEL_CONSOLE};
	const int n = (int)(sizeof order / sizeof *order);
	int at = 0;
	while (at < n && order[at] != a->focus)
		at++;
	for (int i = 1; i <= n; i++) {
		enum panel p = order[((at + dir * i) % n + n) % n];
		if (a->shown[p] || p == PANEL_TIMELINE) {
			a->focus = p;
			return;
		}
	}
}

/* Code blocks sideways, SCROLL_COLS at a time, no further than shows the
 * widest code line's end. */
static void scroll_code(struct app *a, int dir)
{
	int most = a->text_code_w - a->text_w + 1;
	a->text_hscroll += dir * SCROLL_COLS;
	if (a->text_hscroll > most)
		a->text_hscroll = most;
	if (a->text_hscroll < 0)
		a->text_hscroll = 0;
}

static void scroll_panel(struct app *a, int lines)
{
	switch (a->focus) {
	case PANEL_TIMELINE:
		a->lane_scroll += lines;
		if (a->lane_scroll < 0)
			a->lane_scroll = 0;
		break;
	case PANEL_TEXT:
		a->text_scroll += lines;
		if (a->text_scroll > a->text_lines - 1)
			a->text_scroll = a->text_lines - 1;
		if (a->text_scroll < 0)
			a->text_scroll = 0;
		break;
	case PANEL_CONSOLE:
		a->console_scroll -= lines; /* up shows older lines */
		if (a->console_scroll < 0)
			a->console_scroll = 0;
		break;
	case PANEL_LOOP: /* by rows; the draw keeps them in range */
	case PANEL_POOL: {
		int *scroll = a->focus == PANEL_LOOP ? &a->loop_scroll : &a->pool_scroll;
		*scroll += lines;
		if (*scroll < 0)
			*scroll = 0;
		break;
	}
	case PANEL_SYNC: /* by entries; the draw keeps it below the count */
		a->sync_scroll += lines;
		if (a->sync_scroll < 0)
			a->sync_scroll = 0;
		break;
	default:
		break;
	}
}

static void apply_browser(struct app *a, enum action act)
{
	size_t n = registry_count();
	switch (act) {
	case ACT_UP:
		a->selected = a->selected ? a->selected - 1 : n - 1;
		break;
	case ACT_DOWN:
		a->selected = (a->selected + 1) % n;
		break;
	case ACT_HOME:
		a->selected = 0;
		break;
	case ACT_END:
		a->selected = n - 1;
		break;
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
		scroll_panel(a, act == ACT_PAGE_UP ? -a->page : a->page);
		break;
	case ACT_ENTER:
	case ACT_RIGHT: {
		struct lesson_args args;
		lesson_args_init(&args, registry_at(a->selected));
		a->from_browser = true;
		open_lesson(a, registry_at(a->selected), &args);
		break;
	}
	case ACT_BACK:
		a->quit = true;
		break;
	default:
		break;
	}
}

int app_step_target(const struct app *a, int n)
{
	const model *m = app_model(a);
	for (size_t i = 1; m && i < model_actor_count(m); i++) /* 0 is the free main */
		if (model_actor(m, i) && --n == 0)
			return (int)i;
	return -1;
}

/* s, ., 1-9: one step; the first s of a free run enters step mode. */
static void step(struct app *a, int actor)
{
	if (!a->session || session_state(a->session) != SESSION_RUNNING)
		return;
	if (!session_stepping(a->session)) {
		a->error[0] = 0;
		session_set_stepping(a->session, true, a->error, sizeof a->error);
		return;
	}
	a->error[0] = 0;
	session_step(a->session, actor, a->error, sizeof a->error);
}

static void apply_lesson(struct app *a, enum action act)
{
	if (a->playback.replay && playback_apply(&a->playback, act, app_view(a).ns_per_col))
		return;
	if (act >= ACT_STEP_1 && act <= ACT_STEP_9) {
		int target = app_step_target(a, (int)(act - ACT_STEP_1) + 1);
		if (target >= 0)
			step(a, target);
		return;
	}
	switch (act) {
	case ACT_STEP:
		step(a, -1);
		break;
	case ACT_HOLD:
		if (a->session && session_state(a->session) == SESSION_RUNNING)
			session_set_paused(a->session, !session_paused(a->session));
		break;
	case ACT_BACK:
		if (a->from_browser) {
			stop_lesson(a);
			a->screen = SCREEN_BROWSER;
			a->focus = PANEL_TEXT;
		} else { /* `weft open`: no list to go back to, and q is one key away */
			snprintf(a->notice, sizeof a->notice, "%s", tr(M_ESC_NO_BACK, a->zh));
		}
		break;
	case ACT_PAUSE: /* Space: leaves step mode, else pauses or resumes */
		if (a->session && session_stepping(a->session))
			session_set_stepping(a->session, false, NULL, 0);
		else if (a->session && session_state(a->session) == SESSION_RUNNING)
			session_set_paused(a->session, !session_paused(a->session));
		break;
	case ACT_RESTART:
		if (a->session)
			start_run(a);
		break;
	case ACT_INPUT: /* only lessons that take input get the key */
		if (a->session && a->lesson->input_en)
			session_press(a->session);
		break;
	case ACT_FASTER:
	case ACT_SLOWER:
		change_speed(a, act == ACT_FASTER ? 1 : -1);
		break;
	case ACT_ZOOM_IN:
	case ACT_ZOOM_OUT:
		zoom(a, act == ACT_ZOOM_IN ? -1 : 1);
		break;
	case ACT_LEFT:
	case ACT_RIGHT:
		if (a->focus == PANEL_TEXT) /* the text's code, which is never wrapped */
			scroll_code(a, act == ACT_LEFT ? -1 : 1);
		else
			scroll_time(a, act == ACT_LEFT ? -1 : 1);
		break;
	case ACT_HOME:
		a->view = VIEW_FIT;
		break;
	case ACT_END:
		a->view = VIEW_FOLLOW;
		break;
	case ACT_UP:
	case ACT_DOWN:
		scroll_panel(a, act == ACT_UP ? -1 : 1);
		break;
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
		scroll_panel(a, act == ACT_PAGE_UP ? -a->page : a->page);
		break;
	case ACT_NEXT_PANEL:
	case ACT_PREV_PANEL:
		next_panel(a, act == ACT_NEXT_PANEL ? 1 : -1);
		break;
	default:
		break;
	}
}

void app_apply(struct app *a, enum action act)
{
	if (act != ACT_NONE && act != ACT_RESIZE)
		a->notice[0] = 0;
	if (act == ACT_QUIT) {
		a->quit = true;
		return;
	}
	if (act == ACT_HELP) {
		a->help = !a->help;
		return;
	}
	if (a->help) { /* the overlay takes Esc; other keys act underneath */
		if (act == ACT_BACK) {
			a->help = false;
			return;
		}
	}
	if (a->screen == SCREEN_BROWSER) {
		apply_browser(a, act);
		return;
	}
	enum classroom_do d = classroom_apply(a, act);
	if (d == CLASS_START)
		start_run(a);
	if (d == CLASS_PASS)
		apply_lesson(a, act);
}

/* --- drawing ------------------------------------------------------------ */

static void draw_text_panel(struct app *a, canvas *c, struct rect r, bool focused,
			    const struct look *k)
{
	if (a->text_of)
		load_text(a, a->text_of); /* in the language of the frame */
	panel_title(c, (struct rect){r.x, r.y, r.w, 1}, tr(M_LESSON, a->zh), focused, k);
	struct rect body = {r.x + 1, r.y + 1, r.w - 1, r.h - 1};
	if (!a->text) {
		canvas_text(c, body.x, body.y, body.w, tr(M_NO_TEXT, a->zh), S_DIM, 0);
		return;
	}
	mdview_set_hscroll(a->text, a->text_hscroll);
	a->text_lines = mdview_layout(a->text, body.w);
	a->text_w = body.w;
	a->text_code_w = mdview_code_width(a->text);
	if (a->text_scroll >= a->text_lines)
		a->text_scroll = a->text_lines > 0 ? a->text_lines - 1 : 0;
	mdview_draw(a->text, c, body, a->text_scroll);
}

/* In step mode the lesson's own code takes the text's place: what each
 * actor is about to do is what the student decides on. */
static void draw_source_panel(struct app *a, canvas *c, struct rect r, bool focused,
			      const struct look *k)
{
	panel_title(c, (struct rect){r.x, r.y, r.w, 1}, tr(M_SOURCE, a->zh), focused, k);
	source_draw(c, (struct rect){r.x + 1, r.y + 1, r.w - 1, r.h - 1},
		    app_model(a), registry_source(a->lesson), a->text_scroll, k);
}

/* " Weft · TITLE  (ID)  PARAMS" in w columns.  The parameters' values are
 * what the run is, so they give way last: first the title is cut (with a
 * mark), then the id goes, then the parameters are cut with a mark. */
static void title_row(canvas *c, int w, const char *head, const char *title, const char *id,
		      const char *params, uint32_t more)
{
	char tail[400];
	int hw = utf8_width(head);
	snprintf(tail, sizeof tail, "  (%s)  %s", id, params);
	if (hw + 12 + utf8_width(tail) > w) /* too little title left: drop the id */
		snprintf(tail, sizeof tail, "  %s", params);
	int tw = w - hw - utf8_width(tail);
	if (tw < 12)
		tw = 12;
	int x = canvas_text(c, 0, 0, w, head, S_STATUS, A_REVERSE_ | A_BOLD_);
	x += canvas_text_cut(c, x, 0, tw, title, S_STATUS, A_REVERSE_ | A_BOLD_, more);
	canvas_text_cut(c, x, 0, w - x, tail, S_STATUS, A_REVERSE_ | A_BOLD_, more);
}

static void draw_title(const struct app *a, canvas *c, int w)
{
	canvas_fill(c, (struct rect){0, 0, w, 1}, ' ', S_STATUS, A_REVERSE_);
	char head[96], params[160];
	uint32_t more = theme_glyphs(a->ascii)->more;
	/* The middle dot is not ASCII: with --ascii or a non-UTF-8 locale it
	 * would reach the terminal as '?'. */
	const char *dot = a->ascii ? "-" : "·";
	const char *title = a->lesson ? (a->zh ? a->lesson->title_zh : a->lesson->title_en) : "";
	if (a->playback.replay) {
		const struct trace_header *h = &replay_trace(a->playback.replay)->h;
		char tail[400];
		snprintf(head, sizeof head, " Weft %s %s ", dot, tr(M_MODE_REPLAY, a->zh));
		snprintf(tail, sizeof tail, "%s  [%s]", h->params, h->sched);
		title_row(c, w, head, title, h->lesson, tail, more);
	} else if (a->screen == SCREEN_LESSON) {
		snprintf(head, sizeof head, " Weft %s ", dot);
		title_row(c, w, head, title, a->lesson->id,
			  lesson_args_format(&a->args, params, sizeof params), more);
	} else {
		snprintf(head, sizeof head, " Weft %s %s", dot, tr(M_LESSONS, a->zh));
		canvas_text(c, 0, 0, w, head, S_STATUS, A_REVERSE_ | A_BOLD_);
	}
}

/* What the input key does in this lesson ("release one permit"), or NULL. */
static const char *input_label(const struct app *a)
{
	if (a->screen != SCREEN_LESSON || !a->lesson || !a->lesson->input_en)
		return NULL;
	return a->zh && a->lesson->input_zh ? a->lesson->input_zh : a->lesson->input_en;
}

static void status_of(const struct app *a, struct status *s, char *note, size_t size,
		      char *hints, size_t hsize)
{
	memset(s, 0, sizeof *s);
	s->mode = tr(M_MODE_IDLE, a->zh);
	s->mode_style = S_STATUS;
	s->hints = tr(a->screen == SCREEN_LESSON ? M_HINTS_LESSON : M_HINTS_BROWSER, a->zh);
	if (input_label(a)) { /* first, so it is seen at 80 columns */
		snprintf(hints, hsize, "i %s  %s", input_label(a), s->hints);
		s->hints = hints;
	}
	note[0] = 0;
	if (a->error[0])
		snprintf(note, size, "%s", a->error);
	else if (a->notice[0])
		snprintf(note, size, "%s", a->notice);
	s->note = note;
	if (a->playback.replay) {
		playback_status(&a->playback, a->zh, s);
		return;
	}
	if (!a->session)
		return;
	s->speed = a->speed;
	s->lesson_ns = session_lesson_ns(a->session);
	s->events = session_events(a->session);
	s->dropped = session_dropped(a->session);
	switch (session_state(a->session)) {
	case SESSION_RUNNING:
		if (session_stepping(a->session)) {
			s->mode = tr(M_MODE_STEP, a->zh);
			s->mode_style = S_ACCENT;
			s->hints = tr(M_HINTS_STEP, a->zh);
			break;
		}
		s->mode = tr(session_paused(a->session) ? M_MODE_PAUSED : M_MODE_RUN, a->zh);
		s->mode_style = session_paused(a->session) ? S_WARN : S_RUNNING;
		break;
	case SESSION_DONE:
		s->mode = tr(M_MODE_DONE, a->zh);
		s->mode_style = S_ACCENT;
		break;
	case SESSION_DEADLOCK:
		s->mode = tr(M_MODE_DEADLOCK, a->zh);
		s->mode_style = S_ERROR;
		snprintf(note, size, "%s", tr(M_RESTART_HINT, a->zh));
		break;
	case SESSION_CRASHED:
		s->mode = tr(M_MODE_CRASHED, a->zh);
		s->mode_style = S_ERROR;
		snprintf(note, size, tr(M_CRASHED, a->zh), session_ending(a->session));
		break;
	case SESSION_IDLE:
		break;
	}
}

/* Rows for the panels stacked above the text, by what each holds: none gets
 * more than it needs; when they need more than `room` in all, the small
 * ones get theirs and the rest share what is left evenly. */
static void share_rows(const int *need, int *got, int n, int room)
{
	int left = room, open = 0;
	for (int i = 0; i < n; i++) {
		got[i] = 0;
		open += need[i] > 0;
	}
	while (open > 0 && left > 0) {
		int share = left / open, given = 0;
		if (share == 0)
			share = 1;
		for (int i = 0; i < n && left > 0; i++) {
			int want = need[i] - got[i];
			if (want <= 0)
				continue;
			int g = want < share ? want : share;
			got[i] += g;
			left -= g;
			given += g;
			if (got[i] == need[i])
				open--;
		}
		if (!given)
			break;
	}
}

/* A panel of the right column: its title (with "+N" when rows are hidden,
 * so nothing is cut off silently) and, for those drawn whole off screen,
 * the rows from its scroll. */
static void side_title(struct app *a, canvas *c, struct rect r, enum msg title, enum panel p,
		       int hidden, const struct look *k)
{
	char buf[96];
	snprintf(buf, sizeof buf, hidden > 0 ? tr(M_MORE_ROWS, a->zh) : "%s", tr(title, a->zh), hidden);
	panel_title(c, r, buf, a->focus == p, k);
	a->shown[p] = true;
}

enum side { SIDE_LOOP, SIDE_POOL, SIDES };

/* The loop or pool panel drawn whole into a canvas of its own, then shown
 * from its scroll: these widgets draw from their top and have no scroll. */
static void draw_side(struct app *a, canvas *c, struct rect r, enum side which, int need,
		      const model *m, const struct timeline_view *v, const struct look *k)
{
	int *scroll = which == SIDE_LOOP ? &a->loop_scroll : &a->pool_scroll;
	if (*scroll > need - r.h)
		*scroll = need - r.h > 0 ? need - r.h : 0;
	canvas *whole = canvas_new(r.w, need > 0 ? need : 1);
	if (!whole)
		return;
	struct rect all = {0, 0, r.w, need};
	int64_t end = v->start + v->ns_per_col * a->lane_cols;
	if (which == SIDE_LOOP)
		looppanel_draw(whole, all, m, v->start, end, v->now, k);
	else
		poolview_draw(whole, all, m, v->start, end, v->now, k);
	canvas_blit(c, r.x, r.y, whole, *scroll, r.w, r.h);
	canvas_free(whole);
}

static void draw_lesson(struct app *a, canvas *c, int w, int h, const struct look *k)
{
	const struct glyphs *g = theme_glyphs(k->ascii);
	const model *m = app_model(a);
	int top = 1, body = h - 2;
	/* In step mode the source on the right needs room for code and marks. */
	bool stepping = (a->session && session_stepping(a->session)) ||
			playback_stepped(&a->playback); /* a replay shows what the live run showed */
	int left = stepping ? w / 2 : w * 3 / 5, right_x = left + 1, right_w = w - left - 1;
	for (int y = top; y < top + body; y++)
		canvas_put(c, left, y, g->vline, S_BORDER, 0);
	memset(a->shown, 0, sizeof a->shown);
	a->shown[PANEL_TIMELINE] = a->shown[PANEL_CONSOLE] = a->shown[PANEL_TEXT] = true;

	/* left: timeline above, console below */
	int tl_h = body * 3 / 5;
	struct rect tl = {0, top + 1, left, tl_h - 1};
	panel_title(c, (struct rect){0, top, left, 1}, tr(M_TIMELINE, a->zh),
		    a->focus == PANEL_TIMELINE, k);
	struct rect con = {1, top + tl_h + 1, left - 1, body - tl_h - 1};
	panel_title(c, (struct rect){0, top + tl_h, left, 1}, tr(M_CONSOLE, a->zh),
		    a->focus == PANEL_CONSOLE, k);

	/* right: the sync objects, the event loop and the pools when the run
	 * has them, each by the rows it holds, and the lesson text below with
	 * at least half of the column (it is what the student reads). */
	int need[3] = {1 + (m ? syncpanel_rows(m, right_w - 1, k) : 1),
		       m && model_loop_count(m) ? 1 + looppanel_rows(m) : 0,
		       m && poolview_height(m) ? 1 + poolview_height(m) : 0};
	int got[3];
	share_rows(need, got, 3, body - body / 2);
	if (got[0] < 2)
		got[0] = 2;
	int y = top;
	side_title(a, c, (struct rect){right_x, y, right_w, 1}, M_SYNC, PANEL_SYNC, 0, k);
	struct rect sy = {right_x + 1, y + 1, right_w - 1, got[0] - 1};
	y += got[0];
	struct rect side[SIDES];
	const enum msg side_msg[SIDES] = {M_LOOP, M_POOL};
	const enum panel side_panel[SIDES] = {PANEL_LOOP, PANEL_POOL};
	for (int i = 0; i < SIDES; i++) {
		side[i] = (struct rect){right_x + 1, y + 1, right_w - 1, got[1 + i] - 1};
		if (got[1 + i] > 1) {
			int *scroll = i == SIDE_LOOP ? &a->loop_scroll : &a->pool_scroll;
			int hidden = need[1 + i] - got[1 + i] - *scroll;
			side_title(a, c, (struct rect){right_x, y, right_w, 1}, side_msg[i],
				   side_panel[i], hidden > 0 ? hidden : 0, k);
			y += got[1 + i];
		}
	}
	struct rect tx = {right_x, y, right_w, top + body - y};
	if (!a->shown[a->focus]) /* its panel went (the run was restarted) */
		a->focus = PANEL_TIMELINE;

	a->page = con.h > 2 ? con.h - 1 : 1;
	if (m) {
		a->lane_cols = tl.w - timeline_label_width(m);
		struct timeline_view v = app_view(a);
		timeline_draw(c, tl, m, &v, k);
		size_t entries = syncpanel_entries(m);
		if (a->sync_scroll >= (int)entries)
			a->sync_scroll = entries ? (int)entries - 1 : 0;
		struct syncpanel_view sv = {v.start, v.start + v.ns_per_col * a->lane_cols, a->sync_scroll};
		syncpanel_draw(c, sy, m, &sv, k);
		for (int i = 0; i < SIDES; i++)
			if (side[i].h > 0)
				draw_side(a, c, side[i], (enum side)i, need[1 + i] - 1, m, &v, k);
		console_draw(c, con, m, a->console_scroll, k);
	}
	if (stepping)
		draw_source_panel(a, c, tx, a->focus == PANEL_TEXT, k);
	else
		draw_text_panel(a, c, tx, a->focus == PANEL_TEXT, k);
}

static void draw_browser(struct app *a, canvas *c, int w, int h, const struct look *k)
{
	const struct glyphs *g = theme_glyphs(k->ascii);
	int left = w * 2 / 5;
	for (int y = 1; y < h - 1; y++)
		canvas_put(c, left, y, g->vline, S_BORDER, 0);
	panel_title(c, (struct rect){0, 1, left, 1}, tr(M_LESSONS, a->zh), true, k);
	browser_draw(c, (struct rect){1, 2, left - 1, h - 4}, a->selected, k);
	load_text(a, registry_at(a->selected));
	a->page = h - 4;
	draw_text_panel(a, c, (struct rect){left + 1, 1, w - left - 1, h - 2}, false, k);
}

/* Too small to show the run: the run waits (paused) until the terminal is
 * large enough again, so nothing happens that the student cannot see. */
static void draw_too_small(struct app *a, canvas *c, int w, int h)
{
	if (a->session && session_state(a->session) == SESSION_RUNNING && !session_paused(a->session)) {
		session_set_paused(a->session, true);
		a->size_paused = true;
	}
	char buf[320];
	snprintf(buf, sizeof buf, tr(M_TOO_SMALL, a->zh), w, h);
	if (a->size_paused)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " %s", tr(M_SIZE_PAUSED, a->zh));
	wrap_draw(c, (struct rect){0, 0, w, h}, buf, S_WARN, A_BOLD_);
}

void app_draw(struct app *a, canvas *c)
{
	int w = canvas_width(c), h = canvas_height(c);
	canvas_clear(c);
	if (w < MIN_W || h < MIN_H) {
		draw_too_small(a, c, w, h);
		if (a->ascii)
			theme_ascii_fold(c);
		return;
	}
	if (a->size_paused) { /* large enough again: go on where it waited */
		a->size_paused = false;
		if (a->session && session_state(a->session) == SESSION_RUNNING && session_paused(a->session))
			session_set_paused(a->session, false);
	}
	struct look k = {a->zh, a->ascii};
	draw_title(a, c, w);
	if (a->screen == SCREEN_LESSON)
		draw_lesson(a, c, w, h, &k);
	else
		draw_browser(a, c, w, h, &k);
	struct status s;
	char note[200], hints[320], extra[240] = "";
	status_of(a, &s, note, sizeof note, hints, sizeof hints);
	statusbar_draw(c, (struct rect){0, h - 1, w, 1}, &s, &k);
	if (input_label(a))
		snprintf(extra, sizeof extra, "i            %s", input_label(a));
	if (*classroom_help(a))
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "%s%s", *extra ? "\n" : "",
			 classroom_help(a));
	classroom_draw(a, c, &k);
	if (a->help)
		help_draw(c, &k, a->playback.replay ? NULL : extra, a->playback.replay != NULL);
	if (a->ascii)
		theme_ascii_fold(c);
}
