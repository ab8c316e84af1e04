/*
 * bench_emit.c - rows event-emit and event-emit-off: what one instrumentation
 * point costs a lesson, next to the usual ways of getting an event out.
 *
 * Weft's figure is the real emit() of sim/runtime/actor.h, inlined here as in every
 * primitive: the gate load, the timestamp (clock_ticks), the 32-byte store
 * into this thread's ring in a real arena.  The peers write the same event
 * (timestamp included): one write() to a pipe, a buffered fwrite of its 32
 * bytes, and an LTTng-UST tracepoint with a live session, measured
 * by the weft-bench-lttng helper next to the weft binary when LTTng-UST was
 * found at build time.
 *
 * Invariants: the ring is emptied between batches (as the collector would),
 * so no emit is measured as a cheap drop; a batch never overruns the pipe,
 * so no write() blocks; every figure is ns per event, median over batches.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actor.h"
#include "bench.h"

#define BATCH (RING_CAP - 64)
#define OFF_BATCH (1u << 20)
#define PIPE_BYTES (1 << 20)

/* Frees every slot of the ring, as the collector's drain would. */
static void ring_empty(struct ring *r)
{
	atomic_store_explicit(&r->tail, atomic_load_explicit(&r->head, memory_order_relaxed),
			      memory_order_release);
}

/* (bench.h) Eight emits a loop turn, so the loop's own counter and branch
 * stay out of the figure. */
double bench_emit_ns(struct ring *r, uint32_t n)
{
	ring_empty(r);
	uint64_t t0 = bench_now_ns();
	for (uint32_t i = 0; i < n; i += 8) {
		emit(EV_NOTIFY, 0, i, 0);
		emit(EV_NOTIFY, 0, i + 1, 0);
		emit(EV_NOTIFY, 0, i + 2, 0);
		emit(EV_NOTIFY, 0, i + 3, 0);
		emit(EV_NOTIFY, 0, i + 4, 0);
		emit(EV_NOTIFY, 0, i + 5, 0);
		emit(EV_NOTIFY, 0, i + 6, 0);
		emit(EV_NOTIFY, 0, i + 7, 0);
	}
	uint64_t t1 = bench_now_ns();
	return (double)(t1 - t0) / n;
}

/* ns per clock_ticks() alone: the part of an emit that is the clock's. */
static struct bench_stat measure_clock(int samples)
{
	double v[64];
	volatile uint64_t sink = 0;
	for (int s = -1; s < samples; s++) {
		uint64_t acc = 0, t0 = bench_now_ns();
		for (uint32_t i = 0; i < BATCH; i += 4)
			acc += clock_ticks() + clock_ticks() + clock_ticks() + clock_ticks();
		uint64_t t1 = bench_now_ns();
		sink += acc;
		if (s >= 0)
			v[s] = (double)(t1 - t0) / BATCH;
	}
	(void)sink;
	return bench_stat_of(v, samples);
}

static struct bench_stat measure_emit(struct ring *r, int samples, uint32_t batch)
{
	double v[64];
	bench_emit_ns(r, batch); /* faults the ring's pages in */
	for (int i = 0; i < samples; i++)
		v[i] = bench_emit_ns(r, batch);
	return bench_stat_of(v, samples);
}

static struct wf_ev event_now(uint32_t i)
{
	return (struct wf_ev){clock_ticks(), 1, EV_NOTIFY, 0, 0, i, 0};
}

static struct bench_stat measure_write(int samples)
{
	int fd[2];
	double v[64];
	if (pipe(fd) < 0)
		return (struct bench_stat){0, 0, 0, 0};
	int cap = fcntl(fd[1], F_SETPIPE_SZ, PIPE_BYTES);
	if (cap <= 0)
		cap = fcntl(fd[1], F_GETPIPE_SZ);
	uint32_t per = (uint32_t)(cap > 0 ? cap : 65536) / sizeof(struct wf_ev);
	char *sink = malloc((size_t)per * sizeof(struct wf_ev));
	for (int s = -1; s < samples && sink; s++) {
		uint64_t t0 = bench_now_ns();
		for (uint32_t i = 0; i < per; i++) {
			struct wf_ev ev = event_now(i);
			if (write(fd[1], &ev, sizeof ev) != sizeof ev)
				break;
		}
		uint64_t t1 = bench_now_ns();
		if (s >= 0)
			v[s] = (double)(t1 - t0) / per;
		size_t left = (size_t)per * sizeof(struct wf_ev);
		while (left > 0) {
			ssize_t got = read(fd[0], sink, left);
			if (got <= 0)
				break;
			left -= (size_t)got;
		}
	}
	free(sink);
	close(fd[0]);
	close(fd[1]);
	return bench_stat_of(v, sink ? samples : 0);
}

/* The same 32-byte event, buffered: fwrite into a 64 KiB FILE buffer. */
static struct bench_stat measure_fwrite(int samples)
{
	FILE *f = fopen("/dev/null", "w");
	double v[64];
	if (!f)
		return (struct bench_stat){0, 0, 0, 0};
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	for (int s = -1; s < samples; s++) {
		uint64_t t0 = bench_now_ns();
		for (uint32_t i = 0; i < BATCH; i++) {
			struct wf_ev ev = event_now(i);
			fwrite(&ev, sizeof ev, 1, f);
		}
		fflush(f);
		uint64_t t1 = bench_now_ns();
		if (s >= 0)
			v[s] = (double)(t1 - t0) / BATCH;
	}
	fclose(f);
	return bench_stat_of(v, samples);
}

/* Sets up a live LTTng session (starting a session daemon if none runs, and
 * stopping it after), runs the helper in it, tears the session down.  $0 is
 * the helper, $1 the number of batches. */
static const char lttng_script[] =
	"dir=$(mktemp -d) || exit 0; s=weft-bench-$$; started=; "
	"if ! lttng list >/dev/null 2>&1; then "
	"  lttng-sessiond --daemonize --no-kernel --pidfile=\"$dir/sessiond.pid\" >/dev/null 2>&1 && started=1; "
	"fi; "
	"if lttng create \"$s\" --output=\"$dir/trace\" >/dev/null 2>&1; then "
	"  lttng enable-channel -u --subbuf-size=4M --num-subbuf=8 ch >/dev/null 2>&1; "
	"  lttng enable-event -u -c ch weft_bench:ev >/dev/null 2>&1; "
	"  lttng start >/dev/null 2>&1; "
	"  \"$0\" \"$1\"; "
	"  lttng destroy \"$s\" >/dev/null 2>&1; "
	"else echo skip cannot create an LTTng session: lttng-tools not installed or no session daemon; fi; "
	"if [ -n \"$started\" ]; then kill $(cat \"$dir/sessiond.pid\") 2>/dev/null; fi; "
	"rm -rf \"$dir\"";

/* Runs the LTTng-UST helper in a live session; it prints
 * "ns MEDIAN MIN MAX RUNS" or "skip REASON". */
static struct bench_stat measure_lttng(const struct bench_opts *o, char *why, size_t size)
{
	struct bench_stat s = {0, 0, 0, 0};
	char helper[4200], cmd[4400];
	snprintf(helper, sizeof helper, "%s", o->self);
	char *slash = strrchr(helper, '/');
	snprintf(slash ? slash + 1 : helper, sizeof helper - (size_t)(slash ? slash + 1 - helper : 0),
		 "weft-bench-lttng");
	if (access(helper, X_OK) != 0) {
		snprintf(why, size, "LTTng-UST not found at build time (make bench installs it)");
		return s;
	}
	size_t full_size = sizeof lttng_script + sizeof cmd + 16;
	char *full = malloc(full_size);
	if (!full) {
		snprintf(why, size, "out of memory");
		return s;
	}
	snprintf(cmd, sizeof cmd, "' '%s' %d 2>&1", helper, o->runs * 3);
	snprintf(full, full_size, "sh -c '%s%s", lttng_script, cmd);
	FILE *p = popen(full, "r");
	free(full);
	if (!p) {
		snprintf(why, size, "cannot run weft-bench-lttng");
		return s;
	}
	char line[256] = "";
	bool found = false;
	while (fgets(line, sizeof line, p)) {
		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "ns %lf %lf %lf %d", &s.median, &s.min, &s.max, &s.runs) == 4) {
			found = true;
			break;
		}
		if (strncmp(line, "skip ", 5) == 0) {
			snprintf(why, size, "LTTng-UST: %.120s", line + 5);
			break;
		}
	}
	pclose(p);
	/* A session daemon the script started and stopped was adopted by weft
	 * (a child subreaper, for lessons): reap it. */
	while (waitpid(-1, NULL, WNOHANG) > 0) {
	}
	if (!found) {
		s.runs = 0;
		if (!why[0])
			snprintf(why, size, "LTTng-UST helper gave no figure");
	}
	return s;
}

static void report_emit(const struct bench_stat *w, const char *peer, const struct bench_stat *p,
			double want_ratio, const char *target, const char *note)
{
	struct bench_row r = {.row = "event-emit", .unit = "ns", .weft = *w, .peer = peer,
			      .peer_value = *p, .target = target, .has_target = true};
	r.met = w->runs && w->median <= 12;
	if (want_ratio > 0)
		r.met = r.met && p->runs && p->median / w->median >= want_ratio;
	snprintf(r.note, sizeof r.note, "%s", note ? note : "");
	bench_report(&r);
}

void bench_emit(const struct bench_opts *o)
{
	struct arena *a = arena_new();
	if (!a) {
		bench_missing("event-emit", "ns", "<= 12", "cannot map an arena");
		bench_missing("event-emit-off", "ns", "<= 1", "cannot map an arena");
		return;
	}
	struct arena *saved = wf_arena;
	wf_arena = a;
	uint16_t id = actor_register("bench", AK_THREAD, WF_NONE);
	actor_enter(id);
	struct ring *r = &a->rings[id];
	int samples = o->runs * 3;

	bench_pin(-1);
	struct bench_stat emit_on = measure_emit(r, samples, BATCH);
	atomic_store(&a->ctl.gate, 0); /* no one is recording */
	struct bench_stat emit_off = measure_emit(r, samples, OFF_BATCH);
	atomic_store(&a->ctl.gate, GATE_RECORDING);
	struct bench_stat wr = measure_write(samples);
	struct bench_stat fp = measure_fwrite(samples);
	struct bench_stat clk = measure_clock(samples);
	bench_unpin();
	char clock_note[160];
	snprintf(clock_note, sizeof clock_note, "of which the timestamp (%s) alone: %.1f ns (%.1f-%.1f)",
		 clock_source(), clk.median, clk.min, clk.max);

	char why[160] = "";
	struct bench_stat lt = measure_lttng(o, why, sizeof why);

	report_emit(&emit_on, "write", &wr, 50, "<= 12, ratio >= 50", clock_note);
	report_emit(&emit_on, "fwrite", &fp, 0, "<= 12", "peer: the same 32-byte event, buffered fwrite");
	report_emit(&emit_on, "lttng-ust", &lt, 8, "<= 12, ratio >= 8", why);

	struct bench_row off = {.row = "event-emit-off", .unit = "ns", .weft = emit_off,
				.peer = "event-emit", .peer_value = emit_on, .target = "<= 1",
				.has_target = true, .met = emit_off.median <= 1};
	snprintf(off.note, sizeof off.note, "recording off: one relaxed load of ctl.gate, no timestamp");
	bench_report(&off);

	actor_self = (struct actor_self){NULL, WF_NONE};
	wf_arena = saved;
	arena_free(a);
}
