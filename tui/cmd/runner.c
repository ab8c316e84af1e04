/*
 * runner.c - see runner.h.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "challenge.h"
#include "clock.h"
#include "predict.h"
#include "runner.h"
#include "session.h"
#include "registry.h"
#include "signals.h"
#include "trace.h"

#define PUMP_MS 1

/* Prints console lines not printed yet; `printed` counts lines ever seen. */
static void print_lines(const model *m, uint64_t *printed)
{
	uint64_t total = model_line_total(m);
	size_t kept = model_line_count(m);
	if (total - *printed > kept) {
		printf("[... %llu lines not shown: printed faster than read]\n",
		       (unsigned long long)(total - *printed - kept));
		*printed = total - kept;
	}
	for (size_t i = kept - (size_t)(total - *printed); i < kept; i++) {
		const struct model_line *l = model_line(m, i);
		const struct model_actor *a = model_actor(m, l->actor);
		printf("[%8.3f] %-10s %s\n", (double)l->t / 1e9, a ? a->name : "?", l->text);
	}
	*printed = total;
}

/* One line per object: its name (quoted if it has a space), its kind and
 * its exact counters ("wait_ns" as wait_ms); a count only the events gave,
 * some of them lost, is marked with a trailing "~". */
static void print_objects(const model *m)
{
	for (size_t i = 0; i < model_object_count(m); i++) {
		const struct model_object *o = model_object(m, i);
		if (!o)
			continue;
		const struct objkind *k = objkind_get(o->kind);
		/* a name with a space is quoted, so the line still splits on spaces */
		printf(strpbrk(o->name, " \t\"") ? "object: name=\"%s\" kind=%s" : "object: name=%s kind=%s",
		       o->name, k->id);
		for (unsigned slot = 0; slot < OBJ_COUNTERS; slot++) {
			const char *name = k->counter[slot];
			size_t len = strlen(name);
			if (!len)
				continue;
			bool partial;
			uint64_t v = model_count(m, o, slot, &partial);
			if (len > 3 && strcmp(name + len - 3, "_ns") == 0)
				printf(" %.*s_ms=%llu", (int)(len - 3), name,
				       (unsigned long long)((v + 500000) / 1000000));
			else
				printf(" %s=%llu", name, (unsigned long long)v);
			if (partial)
				printf("~");
		}
		printf("\n");
	}
}

static void print_ending(const session *s)
{
	const model *m = session_model(s);
	printf("summary: lesson=%s elapsed_ms=%lld actors=%zu events=%llu dropped=%llu",
	       session_lesson(s)->id, (long long)(session_lesson_ns(s) / 1000000),
	       model_actor_count(m), (unsigned long long)session_events(s),
	       (unsigned long long)session_dropped(s));
	if (session_coalesced(s)) /* folded in runs, none lost (sim/observe/collector.c) */
		printf(" coalesced=%llu", (unsigned long long)session_coalesced(s));
	printf("\n");
	print_objects(m);
	if (session_state(s) == SESSION_DEADLOCK) {
		const struct model_deadlock *d = model_deadlock(m);
		printf("result: deadlock=yes cycle=");
		for (size_t i = 0; i < d->len; i++) {
			const struct model_actor *a = model_actor(m, d->actor[i]);
			const struct model_object *o = d->obj[i] == WF_NONE ? NULL : model_object(m, d->obj[i]);
			printf("%s%s>%s", i ? ">" : "", a ? a->name : "?", o ? o->name : "join");
		}
		printf("\n");
	} else if (session_results(s)[0]) {
		printf("result: %s\n", session_results(s));
	}
}

int runner_stdout_failed(void)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	if (errno != EPIPE) /* a reader that left (head) needs no word */
		fprintf(stderr, "weft: standard output: %s\n", errno ? strerror(errno) : "write error");
	return 1;
}

/* A challenge followed through a headless run: the step it was first
 * reached at (0: not yet). */
struct goal_watch {
	const struct wf_challenge *c;
	const char *record;
	uint32_t reached_at;
	bool reached;
};

static void watch_goal(struct goal_watch *g, const session *s, bool ended)
{
	if (!g->c || g->reached)
		return;
	if (challenge_reached(g->c, session_model(s), ended ? session_results(s) : "")) {
		g->reached = true;
		g->reached_at = session_grants(s);
	}
}

/* The predict: and challenge: lines, after the result: line. */
static void print_classroom(const struct cli *c, const session *s, struct goal_watch *g)
{
	if (c->predict && session_lesson(s)->predict) {
		const struct wf_predict *p = session_lesson(s)->predict;
		char line[256];
		struct predict_verdict v = predict_judge(p, c->answer, session_results(s),
							 session_state(s) == SESSION_DEADLOCK);
		predict_line(p, c->answer, &v, line, sizeof line);
		printf("%s\n", line);
	}
	if (g->c) {
		watch_goal(g, s, true);
		printf("challenge: id=%s reached=%s", g->c->id, g->reached ? "yes" : "no");
		if (g->reached)
			printf(" steps=%u", g->reached_at);
		if (g->reached && g->record)
			printf(" trace=%s", g->record);
		printf("\n");
	}
}

/* Starts s and runs it to its end, printing as it goes; frees s and
 * returns the exit code. */
static int run_to_end(session *s, double timeout, const struct cli *c)
{
	struct goal_watch goal = {c->challenge, c->record, 0, false};
	char err[256];
	const struct wf_lesson *lesson = session_lesson(s);
	if (signals_install() < 0 || session_start(s, err, sizeof err) < 0) {
		fprintf(stderr, "weft: %s\n", err);
		session_free(s);
		return 1;
	}
	uint64_t printed = 0;
	uint64_t deadline = timeout > 0 ? clock_mono_ns() + (uint64_t)(timeout * 1e9) : 0;
	int code = 0, sig = 0;
	bool out_broken = false;
	while (session_state(s) == SESSION_RUNNING) {
		/* stdout with no event asked: a pipe whose reader left says POLLERR */
		struct pollfd fds[3] = {{session_fd(s), POLLIN, 0}, {signals_fd(), POLLIN, 0},
					{STDOUT_FILENO, 0, 0}};
		poll(fds, 3, PUMP_MS);
		if ((sig = signals_next()) != 0)
			break;
		if (fds[2].revents & POLLERR) { /* as EPIPE: nobody reads, nothing to say */
			out_broken = true;
			code = 1;
			break;
		}
		session_pump(s);
		watch_goal(&goal, s, false);
		print_lines(session_model(s), &printed);
		if (runner_stdout_failed()) {
			out_broken = true;
			code = 1;
			break;
		}
		if (session_record_failed(s, err, sizeof err)) {
			fprintf(stderr, "weft: %s\n", err);
			code = 1;
			break;
		}
		if (deadline && clock_mono_ns() > deadline) {
			fprintf(stderr, "weft: %s did not finish within %g s; stopped\n", lesson->id,
				timeout);
			code = 1;
			break;
		}
	}
	if (session_state(s) == SESSION_DEADLOCK) {
		char why[512];
		printf("deadlock: %s\n", model_deadlock_describe(session_model(s), why, sizeof why));
	}
	session_stop(s);
	if (out_broken) {
		session_free(s);
		return code;
	}
	print_lines(session_model(s), &printed);
	print_ending(s);
	print_classroom(c, s, &goal);
	if (!code && session_record_failed(s, err, sizeof err)) { /* the trace's last write */
		fprintf(stderr, "weft: %s\n", err);
		code = 1;
	}
	if (session_state(s) == SESSION_CRASHED) {
		fprintf(stderr, "weft: lesson %s %s\n", lesson->id, session_ending(s));
		code = 1;
	}
	if (sig) {
		fprintf(stderr, "weft: stopped by SIG%s\n", sigabbrev_np(sig));
		code = 128 + sig;
	}
	uint32_t diverged = session_diverged(s);
	if (diverged) { /* not the recorded run: a script must be able to tell */
		printf("rerun: %u steps could not follow the recording\n", diverged);
		if (code == 0)
			code = 1;
	}
	session_free(s);
	if (runner_stdout_failed() && !code)
		code = 1;
	return code;
}

/* The parameters a trace was recorded with, checked against the lesson. */
static int recorded_args(const struct trace *t, const struct wf_lesson *l, struct lesson_args *args,
			 char *err, size_t errsize)
{
	char params[sizeof t->h.params], why[200];
	lesson_args_init(args, l);
	snprintf(params, sizeof params, "%s", t->h.params);
	for (char *save, *kv = strtok_r(params, " ", &save); kv; kv = strtok_r(NULL, " ", &save))
		if (lesson_args_set(args, l, kv, why, sizeof why) < 0) {
			snprintf(err, errsize, "%s: recorded parameters: %s", t->h.lesson, why);
			return -1;
		}
	return 0;
}

int runner_run(const struct cli *c)
{
	if (c->record) {
		char err[320];
		bool existed;
		if (trace_check_target(c->record, &existed, err, sizeof err) < 0) {
			fprintf(stderr, "weft: %s\n", err);
			return 2;
		}
		if (existed)
			fprintf(stderr, "weft: note: %s is replaced by this run's trace\n", c->record);
	}
	session *s = session_new(c->lesson, &c->args, c->speed);
	if (!s || session_record(s, c->record) < 0) {
		fprintf(stderr, "weft: out of memory\n");
		session_free(s);
		return 1;
	}
	session_schedule(s, c->sched, c->seed, NULL, 0);
	return run_to_end(s, c->timeout, c);
}

int runner_rerun(const struct cli *c)
{
	struct trace t;
	struct lesson_args args;
	char err[320];
	if (trace_load(c->file, &t, err, sizeof err) < 0) {
		fprintf(stderr, "weft: %s\n", err);
		return 2;
	}
	const struct wf_lesson *l = registry_find(t.h.lesson);
	if (!l || recorded_args(&t, l, &args, err, sizeof err) < 0) {
		if (!l)
			snprintf(err, sizeof err, "%s: the recorded lesson '%s' is not in this weft",
				 c->file, t.h.lesson);
		fprintf(stderr, "weft: %s\n", err);
		trace_free(&t);
		return 2;
	}
	const struct wf_lesson *challenged = NULL;
	if (c->challenge && (challenge_find(c->challenge->id, &challenged), challenged != l)) {
		fprintf(stderr, "weft: %s: challenge %s is for lesson %s, the trace is of %s\n", c->file,
			c->challenge->id, challenged->id, l->id);
		trace_free(&t);
		return 2;
	}
	const char *refused = lesson_schedule_refusal(l, SCHED_RERUN);
	if (refused) {
		fprintf(stderr, "weft: %s: lesson %s %s\n", c->file, l->id, refused);
		trace_free(&t);
		return 2;
	}
	char note[128];
	if (trace_other_version(&t, note, sizeof note))
		printf("note: %s was %s; a lesson may have changed since\n", c->file, note);
	if (strcmp(t.h.sched, "free") == 0)
		printf("note: %s was a free run: its schedule is the order actors passed their steps; "
		       "the OS may have interleaved them differently inside a step\n", c->file);
	session *s = session_new(l, &args, t.h.speed);
	if (s)
		session_schedule(s, SCHED_RERUN, 0, t.grant, t.ngrant);
	trace_free(&t);
	if (!s) {
		fprintf(stderr, "weft: out of memory\n");
		return 1;
	}
	return run_to_end(s, c->timeout, c);
}
