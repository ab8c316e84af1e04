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
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "collector.h"
#include "host.h"
#include "input.h"
#include "runlimits.h"
#include "sampler.h"
#include "gate.h"
#include "session.h"
#include "trace.h"

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
	/* scheduling and recording of the next runs */
	enum sched_kind sched;
	uint64_t seed;
	uint16_t *plan;         /* rerun: the recorded grants (owned) */
	size_t nplan;
	char *record_path;      /* NULL: not recorded */
	btrace_writer *trace;   /* binary (btrace.h); `weft export --trace` gives the text */
	uint32_t grants_logged; /* grants of the arena's log already in the trace */
	char record_err[320];   /* why the last trace could not be written whole, "" if it was */
	uint16_t last_stepped;  /* the actor `s` (step next in turn) stepped last */
	bool input;             /* a person presses the input key (runtime/input.h) */
};

static int plan_run(session *s, char *err, size_t errsize);
static int refuse_schedule(const session *s, int kind, char *why, size_t size);
static int open_trace(session *s, char *err, size_t errsize);
static void close_trace(session *s);
static void log_grants(session *s);

session *session_new(const struct wf_lesson *l, const struct lesson_args *args, double speed)
{
	session *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->lesson = l;
	s->args = *args;
	s->speed = speed;
	s->host = (struct host){0, -1, false, 0, -1, 0};
	return s;
}

static void release_run(session *s)
{
	collector_free(s->collector);
	sampler_free(s->sampler);
	if (wf_arena == s->arena) /* no dangling pointer to the unmapped arena */
		wf_arena = NULL;
	arena_free(s->arena);
	s->collector = NULL;
	s->sampler = NULL;
	s->arena = NULL;
}

void session_free(session *s)
{
	if (!s)
		return;
	session_stop(s);
	release_run(s);
	free(s->plan);
	free(s->record_path);
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
	/* A stepped or scheduled run keeps the step clock from the start, so
	 * its timestamps are the same every time (gate.h). */
	timebase_start(&s->arena->ctl.time, s->sched == SCHED_FREE ? s->speed : 0);
	/* The collector reads from the first event on: the step clock must not
	 * write over segment 0 before its first pump (a scheduler grants a
	 * segment a step, faster than a pump when the machine is busy). */
	timebase_keep_from(&s->arena->ctl.time, 0);
	atomic_store(&s->arena->ctl.gate, GATE_RECORDING); /* the collector reads every ring */
	if (plan_run(s, err, errsize) < 0 || open_trace(s, err, errsize) < 0) {
		release_run(s);
		return -1;
	}
	input_attach(s->arena, s->input);
	if (host_start(&s->host, s->arena, s->lesson, &s->args) < 0) {
		snprintf(err, errsize, "cannot start lesson %s: %s", s->lesson->id, strerror(errno));
		release_run(s);
		return -1;
	}
	/* Only after the forks of host_start: a thread of the UI that allocates
	 * while the host and the sentry are forked leaves a sanitizer's
	 * allocator locked in them (glibc's malloc is fork-safe, ASan's is not). */
	collector_start_drainer(s->collector); /* without it, pumps alone read the rings */
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
	close_trace(s);
	if (s->state == SESSION_RUNNING)
		s->state = SESSION_DONE;
}

/* --- scheduling and recording --------------------------------------------- */

void session_schedule(session *s, enum sched_kind kind, uint64_t seed, const uint16_t *grants,
		      size_t n)
{
	s->sched = kind;
	s->seed = seed;
	free(s->plan);
	s->plan = NULL;
	s->nplan = 0;
	if (n && (s->plan = malloc(n * sizeof *s->plan))) {
		memcpy(s->plan, grants, n * sizeof *s->plan);
		s->nplan = n;
	}
}

int session_record(session *s, const char *path)
{
	free(s->record_path);
	s->record_path = path ? strdup(path) : NULL;
	return path && !s->record_path ? -1 : 0;
}

bool session_record_failed(const session *s, char *err, size_t errsize)
{
	if (s->record_err[0]) { /* found when the trace was closed */
		snprintf(err, errsize, "%s", s->record_err);
		return true;
	}
	return btrace_write_failed(s->trace, err, errsize);
}

/* Tells the arena how the run is scheduled; the host reads it (host.c). */
static int plan_run(session *s, char *err, size_t errsize)
{
	if (refuse_schedule(s, s->sched, err, errsize) < 0)
		return -1;
	struct arena_control *c = &s->arena->ctl;
	c->sched_kind = s->sched;
	c->sched_seed = s->seed;
	if (s->sched != SCHED_FREE) /* step mode from the first step point on */
		atomic_fetch_or(&c->gate, GATE_STEP);
	if (s->nplan) {
		uint16_t *plan = arena_alloc(s->arena, s->nplan * sizeof *plan);
		if (!plan) {
			snprintf(err, errsize, "the recorded schedule (%zu steps) is too long", s->nplan);
			return -1;
		}
		memcpy(plan, s->plan, s->nplan * sizeof *plan);
		c->sched_plan = plan;
		c->sched_plan_len = s->nplan;
	}
	return 0;
}

static int open_trace(session *s, char *err, size_t errsize)
{
	s->grants_logged = 0;
	s->record_err[0] = 0;
	if (!s->record_path)
		return 0;
	struct trace_header h = {.speed = s->speed, .seed = s->seed};
	snprintf(h.weft, sizeof h.weft, "%s", WEFT_VERSION);
	snprintf(h.lesson, sizeof h.lesson, "%s", s->lesson->id);
	lesson_args_format(&s->args, h.params, sizeof h.params);
	snprintf(h.sched, sizeof h.sched, "%s", sched_name(s->sched));
	s->trace = btrace_create(s->record_path, &h, err, errsize);
	if (!s->trace)
		return -1;
	collector_record_binary(s->collector, s->trace);
	if (s->sched == SCHED_FREE) /* keep the order actors pass their step points */
		atomic_fetch_or(&s->arena->ctl.gate, GATE_TRACE_STEPS);
	return 0;
}

/* Moves the grants made since the last look from the arena into the trace. */
static void log_grants(session *s)
{
	if (!s->trace || !s->arena)
		return;
	uint32_t n = atomic_load(&s->arena->ctl.grants);
	if (n - s->grants_logged > GRANT_LOG) /* fell behind: the oldest are gone */
		s->grants_logged = n - GRANT_LOG;
	for (; s->grants_logged != n; s->grants_logged++)
		btrace_grant(s->trace, s->arena->ctl.grant_log[s->grants_logged % GRANT_LOG]);
}

static void close_trace(session *s)
{
	if (!s->trace)
		return;
	log_grants(s);
	static const char *const endings[] = {"", "running", "done", "deadlock", "crashed"};
	char ending[96];
	snprintf(ending, sizeof ending, "%s%s%s", endings[s->state], s->ending[0] ? ": " : "",
		 s->ending);
	btrace_end(s->trace, session_results(s), ending);
	collector_record_binary(s->collector, NULL);
	btrace_flush(s->trace);
	btrace_write_failed(s->trace, s->record_err, sizeof s->record_err);
	if (btrace_close(s->trace) < 0 && !s->record_err[0])
		snprintf(s->record_err, sizeof s->record_err, "%s: cannot write the trace", s->record_path);
	s->trace = NULL;
}

static int refuse_schedule(const session *s, int kind, char *why, size_t size)
{
	const char *refused = lesson_schedule_refusal(s->lesson, kind);
	if (!refused)
		return 0;
	snprintf(why, size, "%s %s", s->lesson->id, refused);
	return -1;
}

bool session_stepping(const session *s)
{
	return s->arena && s->state == SESSION_RUNNING && gate_stepping(s->arena);
}

int session_set_stepping(session *s, bool on, char *why, size_t size)
{
	if (on && refuse_schedule(s, SCHED_STEP, why, size) < 0)
		return -1;
	if (s->arena && s->state == SESSION_RUNNING)
		gate_set_stepping(s->arena, on, s->paused ? 0 : s->speed);
	return 0;
}

int session_step(session *s, int actor, char *why, size_t size)
{
	if (!session_stepping(s)) {
		snprintf(why, size, "not in step mode");
		return -1;
	}
	if (s->sched != SCHED_FREE && s->sched != SCHED_STEP) {
		snprintf(why, size, "the %s scheduler chooses who steps", sched_name(s->sched));
		return -1;
	}
	if (actor >= 0) {
		if (gate_grant(s->arena, (uint16_t)actor, why, size) < 0)
			return -1;
		s->last_stepped = (uint16_t)actor;
		return 0;
	}
	uint16_t cand[ARENA_MAX_ACTORS];
	size_t n = gate_candidates(s->arena, cand, ARENA_MAX_ACTORS);
	if (n == 0) {
		if (gate_advance_clock(s->arena))
			return 0;
		snprintf(why, size, "no actor can take a step now");
		return -1;
	}
	size_t pick = 0; /* the first after the one stepped last, round robin */
	while (pick < n && cand[pick] <= s->last_stepped)
		pick++;
	return session_step(s, cand[pick < n ? pick : 0], why, size);
}

bool session_settle(session *s, int timeout_ms)
{
	if (!s->arena)
		return false;
	bool settled = s->state != SESSION_RUNNING || gate_wait_settled(s->arena, timeout_ms);
	/* Events written just before settling may still be behind the
	 * collector's holdback: wait it out, then fold everything. */
	struct timespec holdback = {0, COLLECTOR_HOLDBACK_NS + 1000000};
	nanosleep(&holdback, NULL);
	session_pump(s);
	if (s->collector)
		collector_pump(s->collector, true);
	return settled;
}

uint32_t session_diverged(const session *s)
{
	return s->arena ? atomic_load(&s->arena->ctl.diverged) : 0;
}

uint32_t session_grants(const session *s)
{
	return s->arena ? atomic_load(&s->arena->ctl.grants) : 0;
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
	if (limits_explain(s->arena, st, s->ending, sizeof s->ending)) {
		s->state = SESSION_CRASHED; /* "stopped: CPU time limit (10 s)" */
	} else if (WIFSIGNALED(st)) {
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
	if (!s->arena || !(atomic_load(&s->arena->ctl.gate) & GATE_STEP))
		sampler_tick(s->sampler, s->arena, s->collector); /* stepped actors sit parked */
	bool ended = host_poll(&s->host);
	if (ended)
		read_output(s);
	size_t n = collector_pump(s->collector, ended);
	log_grants(s);
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

uint64_t session_coalesced(const session *s)
{
	return s->collector ? collector_coalesced(s->collector) : 0;
}

int64_t session_lesson_ns(const session *s)
{
	if (!s->arena)
		return 0;
	if (s->state != SESSION_RUNNING)
		return s->end_ns;
	return timebase_lesson_ns(&s->arena->ctl.time, (int64_t)clock_mono_ns());
}

void session_take_input(session *s, bool on)
{
	s->input = on;
}

int session_press(session *s)
{
	if (!s->arena || s->state != SESSION_RUNNING)
		return -1;
	return (int)input_press(s->arena);
}

void session_set_paused(session *s, bool paused)
{
	s->paused = paused;
	if (!s->arena || s->state != SESSION_RUNNING)
		return;
	if (!gate_stepping(s->arena)) /* the step clock moves only with steps */
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
	if (s->arena && s->state == SESSION_RUNNING && !s->paused && !gate_stepping(s->arena))
		timebase_set(&s->arena->ctl.time, speed);
}

double session_speed(const session *s)
{
	return s->speed;
}
