/*
 * session.c - see session.h.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actor.h"
#include "collector.h"
#include "host.h"
#include "sampler.h"
#include "session.h"

#define OUTPUT_LINE_MAX 512
/* A wait-for cycle must stand this long (real ns) before the run is called
 * deadlocked: a cycle misread from a stream that lost events is withdrawn
 * by the model as soon as one of its actors acts again. */
#define DEADLOCK_SETTLE_NS (40 * 1000 * 1000)

struct session {
	const struct wf_lesson *lesson;
	struct lesson_args args;
	double speed;
	bool paused;
	enum session_state state;
	struct arena *arena;
	struct host host;
	model *model;
	collector *collector;
	sampler *sampler;
	char out[OUTPUT_LINE_MAX]; /* a partial line of the lesson's stdout */
	size_t out_len;
	char results[ARENA_RESULTS_SIZE];
	char ending[64];
	int64_t end_ns; /* lesson ns when the run ended */
	uint64_t cycle_seen_ns; /* monotonic ns the current wait-for cycle was first seen, 0: none */
};

session *session_new(const struct wf_lesson *l, const struct lesson_args *args, double speed)
{
	session *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->lesson = l;
	s->args = *args;
	s->speed = speed;
	s->host = (struct host){0, -1, false, 0};
	return s;
}

static void release_run(session *s)
{
	collector_free(s->collector);
	sampler_free(s->sampler);
	arena_free(s->arena);
	s->collector = NULL;
	s->sampler = NULL;
	s->arena = NULL;
	if (wf_arena && !s->arena)
		wf_arena = NULL;
}

void session_free(session *s)
{
	if (!s)
		return;
	session_stop(s);
	release_run(s);
	model_free(s->model);
	free(s);
}

static void keep_results(session *s)
{
	if (!s->arena)
		return;
	uint32_t n = atomic_load(&s->arena->ctl.results_len);
	if (n >= ARENA_RESULTS_SIZE)
		n = ARENA_RESULTS_SIZE - 1;
	memcpy(s->results, s->arena->ctl.results, n);
	s->results[n] = 0;
}

int session_start(session *s, char *err, size_t errsize)
{
	session_stop(s);
	release_run(s);
	model_free(s->model);
	s->model = model_new();
	s->arena = arena_new();
	s->collector = s->arena && s->model ? collector_new(s->arena, s->model) : NULL;
	s->sampler = sampler_new();
	if (!s->model || !s->arena || !s->collector || !s->sampler) {
		snprintf(err, errsize, "out of memory starting %s", s->lesson->id);
		release_run(s);
		return -1;
	}
	wf_arena = s->arena;
	s->results[0] = s->ending[0] = 0;
	s->out_len = 0;
	s->end_ns = 0;
	s->cycle_seen_ns = 0;
	s->paused = false;
	timebase_start(&s->arena->ctl.time, s->speed);
	atomic_store(&s->arena->ctl.gate, GATE_RECORDING); /* the collector reads every ring */
	if (host_start(&s->host, s->arena, s->lesson, &s->args) < 0) {
		snprintf(err, errsize, "cannot start lesson %s: %s", s->lesson->id, strerror(errno));
		release_run(s);
		return -1;
	}
	s->state = SESSION_RUNNING;
	return 0;
}

void session_stop(session *s)
{
	if (s->arena && s->state == SESSION_RUNNING)
		s->end_ns = session_lesson_ns(s);
	if (s->arena) {
		/* Let go of paused actors first, so none dies holding the gate. */
		atomic_fetch_and(&s->arena->ctl.gate, ~GATE_HOLD);
		syscall(SYS_futex, &s->arena->ctl.gate, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
	}
	host_stop(&s->host);
	if (s->collector)
		collector_pump(s->collector, true);
	keep_results(s);
	if (s->state == SESSION_RUNNING)
		s->state = SESSION_DONE;
}

static void inject_line(session *s, const char *line)
{
	struct wf_ev ev = {clock_ticks(), 0, EV_PRINT, WF_NONE, 0, 0, 0};
	collector_inject(s->collector, &ev, line);
}

/* The lesson's raw stdout and stderr, line by line, as prints of "main". */
static void read_output(session *s)
{
	if (s->host.out_fd < 0)
		return;
	char buf[4096];
	ssize_t n;
	while ((n = read(s->host.out_fd, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n' || s->out_len == OUTPUT_LINE_MAX - 1) {
				s->out[s->out_len] = 0;
				inject_line(s, s->out);
				s->out_len = 0;
				if (buf[i] == '\n')
					continue;
			}
			s->out[s->out_len++] = buf[i];
		}
	}
	if (n == 0 && s->out_len) { /* end of output without a newline */
		s->out[s->out_len] = 0;
		inject_line(s, s->out);
		s->out_len = 0;
	}
}

static void note_ending(session *s)
{
	int st = s->host.status;
	if (WIFSIGNALED(st)) {
		s->state = SESSION_CRASHED;
		snprintf(s->ending, sizeof s->ending, "killed by SIG%s", sigabbrev_np(WTERMSIG(st)) ?
			 sigabbrev_np(WTERMSIG(st)) : "?");
	} else if (WIFEXITED(st) && WEXITSTATUS(st) != 0) {
		s->state = SESSION_CRASHED;
		snprintf(s->ending, sizeof s->ending, "exited with code %d", WEXITSTATUS(st));
	} else {
		s->state = SESSION_DONE;
	}
}

size_t session_pump(session *s)
{
	if (!s->collector)
		return 0;
	read_output(s);
	if (s->state != SESSION_RUNNING)
		return collector_pump(s->collector, true);
	sampler_tick(s->sampler, s->arena, s->collector);
	bool ended = host_poll(&s->host);
	if (ended)
		read_output(s);
	size_t n = collector_pump(s->collector, ended);
	if (ended) {
		s->end_ns = session_lesson_ns(s);
		keep_results(s);
		host_stop(&s->host); /* whatever the lesson left behind */
		note_ending(s);
	} else if (!model_deadlock(s->model)) {
		s->cycle_seen_ns = 0;
	} else if (!s->cycle_seen_ns) {
		s->cycle_seen_ns = clock_mono_ns();
	} else if (clock_mono_ns() - s->cycle_seen_ns >= DEADLOCK_SETTLE_NS) {
		s->end_ns = session_lesson_ns(s);
		s->state = SESSION_DEADLOCK;
	}
	return n;
}

int session_fd(const session *s)
{
	return s->host.out_fd;
}

enum session_state session_state(const session *s)
{
	return s->state;
}

const model *session_model(const session *s)
{
	return s->model;
}

const struct wf_lesson *session_lesson(const session *s)
{
	return s->lesson;
}

const struct lesson_args *session_args(const session *s)
{
	return &s->args;
}

const char *session_ending(const session *s)
{
	return s->ending;
}

const char *session_results(const session *s)
{
	return s->results[0] == ' ' ? s->results + 1 : s->results;
}

uint64_t session_events(const session *s)
{
	return s->collector ? collector_events(s->collector) : 0;
}

uint64_t session_dropped(const session *s)
{
	return s->collector ? collector_dropped(s->collector) : 0;
}

int64_t session_lesson_ns(const session *s)
{
	if (!s->arena)
		return 0;
	if (s->state != SESSION_RUNNING)
		return s->end_ns;
	return timebase_lesson_ns(&s->arena->ctl.time, (int64_t)clock_mono_ns());
}

void session_set_paused(session *s, bool paused)
{
	s->paused = paused;
	if (!s->arena || s->state != SESSION_RUNNING)
		return;
	timebase_set(&s->arena->ctl.time, paused ? 0 : s->speed);
	if (paused)
		atomic_fetch_or(&s->arena->ctl.gate, GATE_HOLD);
	else
		atomic_fetch_and(&s->arena->ctl.gate, ~GATE_HOLD);
	if (!paused)
		syscall(SYS_futex, &s->arena->ctl.gate, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

bool session_paused(const session *s)
{
	return s->paused;
}

void session_set_speed(session *s, double speed)
{
	if (speed < SESSION_SPEED_MIN)
		speed = SESSION_SPEED_MIN;
	if (speed > SESSION_SPEED_MAX)
		speed = SESSION_SPEED_MAX;
	s->speed = speed;
	if (s->arena && s->state == SESSION_RUNNING && !s->paused)
		timebase_set(&s->arena->ctl.time, speed);
}

double session_speed(const session *s)
{
	return s->speed;
}
