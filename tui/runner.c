/*
 * runner.c - see runner.h.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "runner.h"
#include "session.h"
#include "signals.h"

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
	fflush(stdout);
}

static void print_ending(const session *s)
{
	const model *m = session_model(s);
	printf("summary: lesson=%s elapsed_ms=%lld actors=%zu events=%llu dropped=%llu\n",
	       session_lesson(s)->id, (long long)(session_lesson_ns(s) / 1000000),
	       model_actor_count(m), (unsigned long long)session_events(s),
	       (unsigned long long)session_dropped(s));
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

int runner_run(const struct cli *c)
{
	char err[256];
	session *s = session_new(c->lesson, &c->args, c->speed);
	if (!s || signals_install() < 0 || session_start(s, err, sizeof err) < 0) {
		fprintf(stderr, "weft: %s\n", s ? err : "out of memory");
		session_free(s);
		return 1;
	}
	uint64_t printed = 0;
	uint64_t deadline = c->timeout > 0 ? clock_mono_ns() + (uint64_t)(c->timeout * 1e9) : 0;
	int code = 0, sig = 0;
	while (session_state(s) == SESSION_RUNNING) {
		struct pollfd fds[2] = {{session_fd(s), POLLIN, 0}, {signals_fd(), POLLIN, 0}};
		poll(fds, 2, PUMP_MS);
		if ((sig = signals_next()) != 0)
			break;
		session_pump(s);
		print_lines(session_model(s), &printed);
		if (deadline && clock_mono_ns() > deadline) {
			fprintf(stderr, "weft: %s did not finish within %g s; stopped\n", c->lesson->id,
				c->timeout);
			code = 1;
			break;
		}
	}
	if (session_state(s) == SESSION_DEADLOCK) {
		char why[512];
		printf("deadlock: %s\n", model_deadlock_describe(session_model(s), why, sizeof why));
	}
	session_stop(s);
	print_lines(session_model(s), &printed);
	print_ending(s);
	if (session_state(s) == SESSION_CRASHED) {
		fprintf(stderr, "weft: lesson %s %s\n", c->lesson->id, session_ending(s));
		code = 1;
	}
	if (sig) {
		fprintf(stderr, "weft: stopped by SIG%s\n", sigabbrev_np(sig));
		code = 128 + sig;
	}
	session_free(s);
	return code;
}
