/*
 * script.c - running a parsed script (see script.h and docs/scripts.md).
 *
 * The script drives the same app the terminal UI drives: keys go through
 * the keymap into app_apply, frames are app_draw into a canvas printed as
 * text.  In step mode every command waits for the run to settle first, so
 * the same script makes the same choices on the same state.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>

#include "app.h"
#include "clock.h"
#include "fileline.h"
#include "headless.h"
#include "registry.h"
#include "script.h"

#define SETTLE_MS 5000
#define DEFAULT_W 120
#define DEFAULT_H 40

struct runner {
	const char *name, *frames;
	char *err;
	size_t errsize;
	const struct script_cmd *at;
	/* before start */
	const struct wf_lesson *lesson;
	struct lesson_args args;
	struct cli cli;
	int w, h;
	/* after start */
	bool started;
	struct app app;
};

static int say(struct runner *r, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int say(struct runner *r, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fileline_verror(r->err, r->errsize, r->name, (size_t)r->at->line, fmt, ap);
	va_end(ap);
	return code;
}

static session *live(struct runner *r)
{
	return r->started ? r->app.session : NULL;
}

/* Lets the app fold what happened: in step mode until the run settles. */
static void catch_up(struct runner *r)
{
	session *s = live(r);
	if (s && session_stepping(s))
		session_settle(s, SETTLE_MS);
	else if (r->started)
		app_tick(&r->app);
}

static int need_started(struct runner *r)
{
	return r->started ? 0 : say(r, 2, "nothing is started yet (open LESSON, then start)");
}

static int do_start(struct runner *r, const struct script_cmd *c)
{
	if (r->started)
		return say(r, 2, "already started");
	if (!r->lesson)
		return say(r, 2, "open a lesson first");
	r->cli.cmd = CLI_OPEN;
	r->cli.lesson = r->lesson;
	r->cli.args = r->args;
	r->cli.step = strcmp(c->arg[0], "step") == 0;
	r->cli.sched = strcmp(c->arg[0], "random") == 0 ? SCHED_RANDOM :
		       strcmp(c->arg[0], "pct") == 0 ? SCHED_PCT : SCHED_FREE;
	r->cli.seed = (uint64_t)c->num[0];
	app_init(&r->app, &r->cli);
	r->started = true;
	if (r->app.error[0])
		return say(r, 1, "%s", r->app.error);
	catch_up(r);
	return 0;
}

static int do_step(struct runner *r, const struct script_cmd *c)
{
	session *s = live(r);
	if (!s || !session_stepping(s))
		return say(r, 2, "step needs a run started in step mode (start step)");
	catch_up(r);
	int actor = -1;
	if (strcmp(c->arg[0], "any") != 0 &&
	    (actor = model_actor_find(session_model(s), c->arg[0])) < 0)
		return say(r, 2, "there is no actor '%s'", c->arg[0]);
	char why[160];
	if (session_step(s, actor, why, sizeof why) < 0)
		return say(r, 1, "step %s: %s", c->arg[0], why);
	catch_up(r);
	return 0;
}

static int do_run(struct runner *r, const struct script_cmd *c)
{
	session *s = live(r);
	if (!s)
		return need_started(r);
	int64_t until = session_lesson_ns(s) + c->ns;
	if (session_stepping(s)) { /* steps in turn until the step clock gets there */
		char why[160];
		while (session_state(s) == SESSION_RUNNING && session_lesson_ns(s) < until &&
		       session_step(s, -1, why, sizeof why) == 0)
			catch_up(r);
		return 0;
	}
	uint64_t give_up = clock_mono_ns() + (uint64_t)((double)c->ns / session_speed(s)) + 5000000000ull;
	while (session_state(s) == SESSION_RUNNING && session_lesson_ns(s) < until &&
	       clock_mono_ns() < give_up) {
		nanosleep(&(struct timespec){0, 2000000}, NULL);
		app_tick(&r->app);
	}
	return 0;
}

static int do_wait_exit(struct runner *r, const struct script_cmd *c)
{
	session *s = live(r);
	if (!s)
		return need_started(r);
	uint64_t give_up = clock_mono_ns() + (uint64_t)c->ns;
	while (session_state(s) == SESSION_RUNNING && clock_mono_ns() < give_up) {
		if (session_stepping(s))
			catch_up(r);
		nanosleep(&(struct timespec){0, 2000000}, NULL);
		app_tick(&r->app);
	}
	if (session_state(s) == SESSION_RUNNING)
		return say(r, 1, "the run did not end within %.3g s", (double)c->ns / 1e9);
	app_tick(&r->app);
	return 0;
}

static int do_frame(struct runner *r, const struct script_cmd *c)
{
	if (!r->started)
		return need_started(r);
	catch_up(r);
	canvas *cv = canvas_new(r->w, r->h);
	if (!cv)
		return say(r, 1, "out of memory");
	app_draw(&r->app, cv);
	int code = 0;
	if (r->frames) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s.txt", r->frames, c->arg[0]);
		FILE *f = fopen(path, "w");
		if (!f) {
			code = say(r, 1, "%s: %s", path, strerror(errno));
		} else {
			headless_print(cv, f);
			if (fclose(f) != 0)
				code = say(r, 1, "%s: write failed", path);
		}
	}
	canvas_free(cv);
	return code;
}

/* Every "k=v" of want appears among the results' pairs. */
static int do_expect_result(struct runner *r, const struct script_cmd *c)
{
	session *s = live(r);
	if (!s)
		return need_started(r);
	catch_up(r);
	char want[SCRIPT_ARG_MAX], have[1100];
	snprintf(want, sizeof want, "%s", c->arg[0]);
	snprintf(have, sizeof have, " %s ", session_results(s));
	for (char *save, *kv = strtok_r(want, " ", &save); kv; kv = strtok_r(NULL, " ", &save)) {
		char token[SCRIPT_ARG_MAX + 2];
		snprintf(token, sizeof token, " %s ", kv);
		if (!strstr(have, token))
			return say(r, 1, "expected result %s, got: %s", kv,
				   session_results(s)[0] ? session_results(s) : "(no results yet)");
	}
	return 0;
}

static int do_expect_state(struct runner *r, const struct script_cmd *c)
{
	catch_up(r);
	const model *m = app_model(&r->app);
	if (!m)
		return need_started(r);
	int id = model_actor_find(m, c->arg[0]);
	if (id < 0)
		return say(r, 2, "there is no actor '%s'", c->arg[0]);
	if (actor_state_parse(c->arg[1]) < 0)
		return say(r, 2, "'%s' is not a state (running, runnable, blocked, sleeping, exited)",
			   c->arg[1]);
	const char *state = actor_state_name(model_actor(m, (size_t)id)->state);
	if (strcmp(state, c->arg[1]) != 0)
		return say(r, 1, "expected %s %s, it is %s", c->arg[0], c->arg[1], state);
	return 0;
}

static int do_expect_line(struct runner *r, const struct script_cmd *c)
{
	catch_up(r);
	const model *m = app_model(&r->app);
	if (!m)
		return need_started(r);
	for (size_t i = 0; i < model_line_count(m); i++)
		if (strstr(model_line(m, i)->text, c->arg[0]))
			return 0;
	return say(r, 1, "no printed line contains \"%s\"", c->arg[0]);
}

static int do_expect_deadlock(struct runner *r)
{
	catch_up(r);
	const model *m = app_model(&r->app);
	if (!m)
		return need_started(r);
	return model_deadlock(m) ? 0 : say(r, 1, "expected a deadlock, there is none");
}

static int do_replay(struct runner *r, const struct script_cmd *c)
{
	if (r->started)
		return say(r, 2, "already started");
	struct trace t;
	char why[320];
	if (trace_load(c->arg[0], &t, why, sizeof why) < 0)
		return say(r, 2, "%s", why);
	replay *rp = replay_new(&t);
	if (!rp)
		return say(r, 1, "out of memory");
	app_init_replay(&r->app, &r->cli, rp);
	r->started = true;
	return 0;
}

static int execute(struct runner *r, const struct script_cmd *c)
{
	char why[200];
	switch (c->op) {
	case OP_OPEN:
		if (r->started)
			return say(r, 2, "open comes before start");
		if (!(r->lesson = registry_find(c->arg[0])))
			return say(r, 2, "unknown lesson '%s' (weft list shows them)", c->arg[0]);
		lesson_args_init(&r->args, r->lesson);
		return 0;
	case OP_SET: {
		if (!r->lesson || r->started)
			return say(r, 2, "set comes after open and before start");
		char kv[2 * SCRIPT_ARG_MAX + 2];
		snprintf(kv, sizeof kv, "%s=%s", c->arg[0], c->arg[1]);
		return lesson_args_set(&r->args, r->lesson, kv, why, sizeof why) < 0 ? say(r, 2, "%s", why) : 0;
	}
	case OP_RECORD:
		if (r->started)
			return say(r, 2, "record comes before start");
		bool existed;
		if (trace_check_target(c->arg[0], &existed, why, sizeof why) < 0)
			return say(r, 2, "%s", why);
		r->cli.record = c->arg[0];
		return 0;
	case OP_SIZE:
		r->w = c->num[0];
		r->h = c->num[1];
		return 0;
	case OP_LANG:
		r->cli.lang = strcmp(c->arg[0], "zh") == 0 ? "zh" : "en";
		if (r->started)
			r->app.zh = strcmp(c->arg[0], "zh") == 0;
		return 0;
	case OP_START:
		return do_start(r, c);
	case OP_REPLAY:
		return do_replay(r, c);
	case OP_STEP:
		return do_step(r, c);
	case OP_RUN:
		return do_run(r, c);
	case OP_KEY:
		if (!r->started)
			return need_started(r);
		catch_up(r);
		app_apply(&r->app, keymap_action(c->key));
		catch_up(r);
		return 0;
	case OP_FRAME:
		return do_frame(r, c);
	case OP_EXPECT_RESULT:
		return do_expect_result(r, c);
	case OP_EXPECT_STATE:
		return do_expect_state(r, c);
	case OP_EXPECT_LINE:
		return do_expect_line(r, c);
	case OP_EXPECT_DEADLOCK:
		return do_expect_deadlock(r);
	case OP_WAIT_EXIT:
		return do_wait_exit(r, c);
	}
	return say(r, 2, "unknown command");
}

int script_run(const struct script *s, const char *name, const char *frames_dir, char *err,
	       size_t errsize)
{
	struct runner r = {.name = name, .frames = frames_dir, .err = err, .errsize = errsize,
			   .w = DEFAULT_W, .h = DEFAULT_H};
	r.cli.speed = 1.0;
	r.cli.lang = "en"; /* frames must not depend on the tester's LANG */
	if (frames_dir && mkdir(frames_dir, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errsize, "%s: %s", frames_dir, strerror(errno));
		return 2;
	}
	int code = 0;
	for (size_t i = 0; i < s->n && code == 0; i++) {
		r.at = &s->cmd[i];
		code = execute(&r, r.at);
	}
	if (r.started)
		app_free(&r.app);
	return code;
}

int script_main(const char *file, const char *frames_dir)
{
	char err[400];
	char text[1 << 16];
	int fd = fileline_open(file, sizeof text, "a script", err, sizeof err);
	if (fd < 0) {
		fprintf(stderr, "weft: %s\n", err);
		return 2;
	}
	size_t len = 0;
	ssize_t n;
	while ((n = read(fd, text + len, sizeof text - len)) > 0 || (n < 0 && errno == EINTR))
		len += n > 0 ? (size_t)n : 0;
	bool whole = n == 0 && len < sizeof text;
	close(fd);
	if (!whole) {
		fprintf(stderr, "weft: %s: longer than %zu bytes, or unreadable\n", file, sizeof text - 1);
		return 2;
	}
	struct script s;
	if (script_parse(text, len, file, &s, err, sizeof err) < 0) {
		fprintf(stderr, "weft: %s\n", err);
		return 2;
	}
	int code = script_run(&s, file, frames_dir, err, sizeof err);
	script_free(&s);
	if (code)
		fprintf(stderr, "weft: %s\n", err);
	return code;
}
