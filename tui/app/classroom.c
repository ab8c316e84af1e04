/*
 * classroom.c - see classroom.h.
 *
 * Invariants: the verdict is judged only from a run that has ended (its
 * results and whether it deadlocked), never while it runs; the challenge
 * is reached at most once a run, and only when its schedule was chosen.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "challenge.h"
#include "classroom.h"
#include "i18n.h"
#include "predict.h"
#include "theme.h"
#include "wrap.h"

#define BOX_W 72

static const struct wf_predict *question(const struct app *a)
{
	return a->lesson && !a->playback.replay ? a->lesson->predict : NULL;
}

/* The challenge, when it is the open lesson's. */
static const struct wf_challenge *goal(const struct app *a)
{
	const struct wf_lesson *l = NULL;
	if (!a->cls.challenge || a->playback.replay)
		return NULL;
	challenge_find(a->cls.challenge->id, &l);
	return l == a->lesson ? a->cls.challenge : NULL;
}

void classroom_init(struct app *a, const struct cli *c)
{
	struct classroom *k = &a->cls;
	memset(k, 0, sizeof *k);
	k->asking = c->predict && c->lesson && c->lesson->predict;
	k->challenge = c->challenge;
	if (c->challenge) {
		snprintf(k->trace, sizeof k->trace, "%s", c->record ? c->record : "");
		if (!c->record)
			snprintf(k->trace, sizeof k->trace, "challenge-%s.trace", c->challenge->id);
		a->record = k->trace;
	}
}

bool classroom_holds(const struct app *a)
{
	return a->cls.asking;
}

void classroom_restart(struct app *a)
{
	a->cls.reached = a->cls.chosen = false;
	a->cls.steps = 0;
	a->cls.shown = false;
}

static bool ended(const struct app *a)
{
	return a->session && session_state(a->session) != SESSION_RUNNING &&
	       session_state(a->session) != SESSION_IDLE;
}

static void ask(struct app *a)
{
	if (!question(a)) {
		snprintf(a->notice, sizeof a->notice, "%s", tr(M_PR_NONE, a->zh));
		return;
	}
	a->cls.asking = true;
	a->cls.answered = false;
	a->cls.typed[0] = 0;
	if (a->session && session_state(a->session) == SESSION_RUNNING)
		session_set_paused(a->session, true);
}

/* A key while a number is typed. */
static enum classroom_do type_number(struct app *a, const struct wf_predict *p, int act)
{
	struct classroom *k = &a->cls;
	size_t n = strlen(k->typed);
	char ch = 0;
	if (act >= ACT_STEP_1 && act <= ACT_STEP_9)
		ch = (char)('1' + (act - ACT_STEP_1));
	else if (act == ACT_DIGIT_0)
		ch = '0';
	else if (act == ACT_STEP) /* '.' */
		ch = '.';
	else if (act == ACT_SLOWER && n == 0) /* '-' first */
		ch = '-';
	if (ch) {
		if (n + 1 < sizeof k->typed) {
			k->typed[n] = ch;
			k->typed[n + 1] = 0;
		}
		return CLASS_TAKEN;
	}
	if ((act == ACT_ERASE || act == ACT_LEFT) && n > 0) {
		k->typed[n - 1] = 0;
		return CLASS_TAKEN;
	}
	if (act == ACT_ENTER && n > 0) {
		char why[160];
		if (predict_parse(p, k->typed, &k->answer, why, sizeof why) < 0) {
			snprintf(a->notice, sizeof a->notice, "%s", why);
			return CLASS_TAKEN;
		}
		k->asking = false;
		k->answered = true;
		return CLASS_START;
	}
	return CLASS_TAKEN;
}

enum classroom_do classroom_apply(struct app *a, int act)
{
	struct classroom *k = &a->cls;
	const struct wf_predict *p = question(a);
	if (act == ACT_PREDICT) {
		ask(a);
		return CLASS_TAKEN;
	}
	if (k->asking && p) {
		if (act == ACT_RESIZE)
			return CLASS_PASS;
		if (act == ACT_BACK) { /* no answer: just run */
			k->asking = false;
			return CLASS_START;
		}
		if (!p->choices)
			return type_number(a, p, act);
		if (act >= ACT_STEP_1 && act < ACT_STEP_1 + (int)p->nchoices) {
			k->answer = act - ACT_STEP_1 + 1;
			k->asking = false;
			k->answered = true;
			return CLASS_START;
		}
		return CLASS_TAKEN;
	}
	if (k->answered && !k->shown && ended(a) && (act == ACT_ENTER || act == ACT_BACK)) {
		k->shown = true;
		return CLASS_TAKEN;
	}
	return CLASS_PASS;
}

void classroom_tick(struct app *a)
{
	struct classroom *k = &a->cls;
	const struct wf_challenge *c = goal(a);
	if (!c || k->reached || !a->session || session_state(a->session) == SESSION_IDLE)
		return;
	if (session_stepping(a->session) || a->sched)
		k->chosen = true;
	if (!k->chosen)
		return;
	const char *results = ended(a) ? session_results(a->session) : "";
	if (challenge_reached(c, session_model(a->session), results)) {
		k->reached = true;
		k->steps = session_grants(a->session);
	}
}

const char *classroom_help(const struct app *a)
{
	return question(a) ? tr(M_PR_HELP, a->zh) : "";
}

/* --- drawing ------------------------------------------------------------ */

/* Lines of text, wrapped, drawn into a box in the middle of the frame:
 * the rows are laid out in a scratch canvas first, to size the box. */
static void draw_box(canvas *c, const char *title, const char *const *parts, const uint8_t *styles,
		     int nparts, const char *foot, const struct look *look)
{
	int cw = canvas_width(c), ch = canvas_height(c);
	int w = cw - 4 < BOX_W ? cw - 4 : BOX_W;
	canvas *body = canvas_new(w - 4, ch);
	if (!body)
		return;
	int y = 0;
	for (int i = 0; i < nparts; i++) {
		if (!parts[i])
			continue;
		if (!*parts[i]) { /* a blank line between parts */
			y++;
			continue;
		}
		y += wrap_draw(body, (struct rect){0, y, w - 4, ch - y}, parts[i], styles[i], 0);
	}
	int h = y + 4 > ch - 2 ? ch - 2 : y + 4;
	struct rect box = {(cw - w) / 2, (ch - h) / 2, w, h};
	canvas_fill(c, box, ' ', S_NORMAL, 0);
	panel_title(c, (struct rect){box.x, box.y, box.w, 1}, title, true, look);
	canvas_blit(c, box.x + 2, box.y + 2, body, 0, w - 4, h - 4);
	canvas_free(body);
	const struct glyphs *g = theme_glyphs(look->ascii);
	canvas_fill(c, (struct rect){box.x, box.y + box.h - 1, box.w, 1}, g->hline, S_BORDER, 0);
	canvas_text(c, box.x + 2, box.y + box.h - 1, box.w - 4, foot, S_DIM, 0);
}

static void draw_question(const struct app *a, canvas *c, const struct wf_predict *p,
			  const struct look *k)
{
	char lines[9][200], typed[64];
	const char *parts[14];
	uint8_t styles[14];
	int n = 0;
	parts[n] = a->zh ? p->question_zh : p->question_en;
	styles[n++] = S_TITLE;
	parts[n] = "";
	styles[n++] = S_NORMAL;
	for (size_t i = 0; p->choices && i < p->nchoices && i < 9; i++) {
		snprintf(lines[i], sizeof lines[i], "%zu  %s", i + 1,
			 a->zh ? p->choices[i].zh : p->choices[i].en);
		parts[n] = lines[i];
		styles[n++] = S_NORMAL;
	}
	if (!p->choices) {
		snprintf(typed, sizeof typed, "> %s_", a->cls.typed);
		parts[n] = typed;
		styles[n++] = S_ACCENT;
	}
	char foot[160];
	if (p->choices)
		snprintf(foot, sizeof foot, tr(M_PR_CHOOSE, a->zh), p->nchoices);
	else
		snprintf(foot, sizeof foot, "%s", tr(M_PR_NUMBER, a->zh));
	draw_box(c, tr(M_PR_TITLE, a->zh), parts, styles, n, foot, k);
}

/* "2 (less: some increments are lost)" or "3". */
static void say_answer(const struct app *a, const struct wf_predict *p, int choice, double number,
		       char *buf, size_t size)
{
	if (p->choices && choice >= 1 && choice <= (int)p->nchoices)
		snprintf(buf, size, "%d  %s", choice,
			 a->zh ? p->choices[choice - 1].zh : p->choices[choice - 1].en);
	else
		predict_answer_text(p, number, buf, size);
}

static void draw_verdict(const struct app *a, canvas *c, const struct wf_predict *p,
			 const struct look *k)
{
	bool deadlocked = session_state(a->session) == SESSION_DEADLOCK;
	struct predict_verdict v = predict_judge(p, a->cls.answer, session_results(a->session), deadlocked);
	char yours[260], actual[420], said[200], happened[200];
	say_answer(a, p, (int)a->cls.answer, a->cls.answer, said, sizeof said);
	snprintf(yours, sizeof yours, "%s %s", tr(M_PR_YOURS, a->zh), said);
	if (p->choices && v.actual)
		say_answer(a, p, v.actual, 0, happened, sizeof happened);
	else
		snprintf(happened, sizeof happened, "%s", v.known ? strchr(v.measured, '=') + 1 : "?");
	snprintf(actual, sizeof actual, "%s %s%s%s%s", tr(M_PR_ACTUAL, a->zh), happened,
		 p->choices && v.measured[0] ? "  (" : "", p->choices ? v.measured : "",
		 p->choices && v.measured[0] ? ")" : "");
	const char *parts[] = {a->zh ? p->question_zh : p->question_en, "", yours, actual, "",
			       tr(!v.known ? M_PR_UNKNOWN : v.right ? M_PR_RIGHT : M_PR_WRONG, a->zh), "",
			       a->zh ? p->explain_zh : p->explain_en};
	const uint8_t styles[] = {S_TITLE, 0, S_NORMAL, S_NORMAL, 0,
				  (uint8_t)(!v.known ? S_WARN : v.right ? S_RUNNING : S_ERROR), 0, S_NORMAL};
	draw_box(c, tr(M_PR_RESULT, a->zh), parts, styles, 8, tr(M_PR_CLOSE, a->zh), k);
}

/* The challenge's goal, or what reaching it took, on the row above the
 * status bar. */
static void draw_banner(const struct app *a, canvas *c, const struct wf_challenge *g)
{
	char line[600];
	const char *what = a->zh ? g->goal_zh : g->goal_en;
	int w = canvas_width(c), y = canvas_height(c) - 2;
	if (a->cls.reached)
		snprintf(line, sizeof line, tr(M_CH_REACHED, a->zh), a->cls.steps, a->cls.trace, what);
	else
		snprintf(line, sizeof line, tr(a->cls.chosen ? M_CH_GOAL : M_CH_FREE, a->zh), what);
	canvas_fill(c, (struct rect){0, y, w, 1}, ' ', a->cls.reached ? S_RUNNING : S_ACCENT, A_REVERSE_);
	canvas_text(c, 1, y, w - 2, line, a->cls.reached ? S_RUNNING : S_ACCENT, A_REVERSE_ | A_BOLD_);
}

void classroom_draw(struct app *a, canvas *c, const struct look *k)
{
	if (a->screen != SCREEN_LESSON)
		return;
	const struct wf_challenge *g = goal(a);
	if (g)
		draw_banner(a, c, g);
	const struct wf_predict *p = question(a);
	if (!p)
		return;
	if (a->cls.asking)
		draw_question(a, c, p, k);
	else if (a->cls.answered && !a->cls.shown && ended(a))
		draw_verdict(a, c, p, k);
}
