/*
 * bench_replay.c - rows replay-load, replay-seek, replay-memory and
 * replay-load-10m: recorded runs read back and played.
 *
 * The recorded trace is a real one: `weft run race --set threads=8 --set
 * iters=100000 --record FILE` (the binary format, step labels and all, as
 * the collector wrote them; what it coalesced is in the note).  replay-load
 * is trace_load + replay_new; replay-seek one replay_seek to a random
 * lesson time (forward or back, from the nearest checkpoint), median over
 * 100; replay-memory the peak RSS a forked process adds by loading the
 * trace and playing it through to the end and back, per million events of
 * the trace.  replay-load-10m loads a 10 M-event trace written by the real
 * binary writer (8 threads, two locks, step labels, sleeps).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "btrace.h"
#include "replay.h"
#include "trace.h"

#define EVENTS 10000000
#define THREADS 8
#define SEEKS 100
#define SPAN_NS 10000000000ll /* 10 s of lesson time */

static void put(btrace_writer *w, int64_t t, uint16_t actor, uint16_t type, uint16_t obj,
		uint64_t a, uint64_t b, const char *text)
{
	struct wf_ev ev = {(uint64_t)t, actor, type, obj, 0, a, b};
	btrace_event(w, &ev, text);
}
/* Writes the synthetic run; 0, or -1 with a reason in err. */
static int write_trace(const char *path, char *err, size_t size)
{
	struct trace_header h = {.speed = 1.0};
	snprintf(h.weft, sizeof h.weft, "%s", WEFT_VERSION);
	snprintf(h.lesson, sizeof h.lesson, "race");
	snprintf(h.params, sizeof h.params, "threads=%d iters=%d lock=on", THREADS,
		 EVENTS / THREADS / 2);
	snprintf(h.sched, sizeof h.sched, "free");
	btrace_writer *w = btrace_create(path, &h, err, size);
	if (!w)
		return -1;
	put(w, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, (uint64_t)1000 << 32 | 1000, "main");
	put(w, 0, 0, EV_OBJ_NEW, 0, OBJ_MUTEX, 0, "lock_A");
	put(w, 0, 0, EV_OBJ_NEW, 1, OBJ_MUTEX, 0, "lock_B");
	for (uint16_t i = 1; i <= THREADS; i++) {
		char name[8];
		snprintf(name, sizeof name, "T%u", i);
		put(w, 0, i, EV_SPAWN, WF_NONE, 0, (uint64_t)1000 << 32 | (1000u + i), name);
	}
	uint32_t rng = 1;
	int64_t step = SPAN_NS / EVENTS;
	for (int n = 0; n < EVENTS; n++) {
		rng = rng * 1103515245u + 12345u;
		uint16_t actor = (uint16_t)(1 + (rng >> 8) % THREADS), lock = (uint16_t)((rng >> 20) & 1);
		int64_t t = (int64_t)n * step;
		switch ((rng >> 4) % 7) {
		case 0:
			put(w, t, actor, EV_BLOCK_LOCK, lock, WF_NONE, 0, NULL);
			break;
		case 1:
		case 2:
			put(w, t, actor, EV_ACQUIRE, lock, 500, 1, NULL);
			break;
		case 3:
		case 4:
			put(w, t, actor, EV_RELEASE, lock, 0, 0, NULL);
			break;
		case 5:
			put(w, t, actor, EV_STEP, WF_NONE, 0, STEP_B(0, EV_STEP, 0), (rng >> 12) & 1 ?
			    "read: tmp = counter" : "write: counter = tmp + 1");
			break;
		default:
			put(w, t, actor, (rng >> 12) & 1 ? EV_SLEEP : EV_RUN, WF_NONE, 1000000, 0, NULL);
			break;
		}
	}
	btrace_end(w, "counter=0 expected=0 lost=0", "done");
	if (btrace_close(w) < 0) {
		snprintf(err, size, "writing the trace failed");
		return -1;
	}
	return 0;
}

/* Records a real run into path with the weft at `self`; 0 or -1. */
static int record_run(const char *self, const char *path)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execl(self, self, "run", "race", "--set", "threads=8", "--set", "iters=100000", "--set",
		      "lock=on", "--record", path, (char *)NULL);
		_exit(127);
	}
	int st = 0;
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR) {
	}
	return pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* "VmHWM:   1234 kB" in MB. */
static double hwm_mb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	double mb = 0;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			mb = strtod(line + 6, NULL) / 1024.0;
	if (f)
		fclose(f);
	return mb;
}

/* In a forked child: the peak RSS loading and playing path through adds,
 * in MB per million events, and the events; -1 if it cannot. */
static double memory_per_m(const char *path, size_t *events)
{
	int fd[2];
	if (pipe(fd) < 0)
		return -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		double out[2] = {-1, 0};
		double before = hwm_mb();
		struct trace t;
		char err[256];
		if (trace_load(path, &t, err, sizeof err) == 0) {
			out[1] = (double)t.nev;
			replay *rp = replay_new(&t);
			if (rp) {
				replay_seek(rp, replay_end(rp));
				replay_seek(rp, 0);
				replay_seek(rp, replay_end(rp) / 2);
				out[0] = (hwm_mb() - before) / (out[1] / 1e6);
				replay_free(rp);
			}
		}
		_exit(write(fd[1], out, sizeof out) == sizeof out ? 0 : 1);
	}
	close(fd[1]);
	double in[2] = {-1, 0};
	ssize_t got = pid > 0 ? read(fd[0], in, sizeof in) : -1;
	close(fd[0]);
	while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
	}
	*events = (size_t)in[1];
	return got == (ssize_t)sizeof in ? in[0] : -1;
}

/* Times trace_load + replay_new of path, runs times; the seeks on the last. */
static int load_and_seek(const char *path, int runs, double *load, double *seek, int *nseek,
			 double *worst, size_t *nev)
{
	int nload = 0;
	char err[256];
	for (int r = 0; r < runs; r++) {
		struct trace t;
		uint64_t t0 = bench_now_ns();
		if (trace_load(path, &t, err, sizeof err) < 0)
			break;
		*nev = t.nev;
		replay *rp = replay_new(&t);
		uint64_t t1 = bench_now_ns();
		if (!rp)
			break;
		load[nload++] = (double)(t1 - t0) / 1e6;
		if (seek && r == runs - 1) {
			uint32_t rng = 7;
			int64_t end = replay_end(rp);
			for (int i = 0; i < SEEKS; i++) {
				rng = rng * 1103515245u + 12345u;
				int64_t at = (int64_t)((double)(rng >> 8) / (double)(1u << 24) * (double)end);
				uint64_t s0 = bench_now_ns();
				replay_seek(rp, at);
				seek[*nseek] = (double)(bench_now_ns() - s0) / 1e6;
				if (seek[*nseek] > *worst)
					*worst = seek[*nseek];
				(*nseek)++;
			}
		}
		replay_free(rp);
	}
	return nload;
}

void bench_replay(const struct bench_opts *o)
{
	char rec[] = "/tmp/weft-bench-rec-XXXXXX", syn[] = "/tmp/weft-bench-trace-XXXXXX", err[256] = "";
	int fd = mkstemp(rec);
	if (fd >= 0)
		close(fd);
	int runs = o->quick ? 2 : o->runs < 5 ? o->runs : 5;
	double load[8], seek[SEEKS], worst = 0;
	int nseek = 0, nload = 0;
	size_t nev = 0;
	if (fd >= 0 && o->self && record_run(o->self, rec) == 0)
		nload = load_and_seek(rec, runs, load, seek, &nseek, &worst, &nev);
	if (!nload) {
		bench_missing("replay-load", "ms", "<= 300", "cannot record or load a run of race");
		bench_missing("replay-seek", "ms", "<= 10", "cannot record or load a run of race");
		bench_missing("replay-memory", "MB/M ev", "<= 20", "cannot record or load a run of race");
	} else {
		struct bench_row l = {.row = "replay-load", .unit = "ms", .weft = bench_stat_of(load, nload),
				      .target = "<= 300", .has_target = true};
		l.met = l.weft.median <= 300;
		snprintf(l.note, sizeof l.note,
			 "trace_load + replay_new of a recorded race 8 x 100k lock=on: %zu events (runs of "
			 "pairs and steps coalesced as recorded)", nev);
		bench_report(&l);
		struct bench_row s = {.row = "replay-seek", .unit = "ms", .weft = bench_stat_of(seek, nseek),
				      .target = "<= 10", .has_target = true};
		s.met = nseek && s.weft.median <= 10;
		snprintf(s.note, sizeof s.note, "%d seeks to random lesson times; worst %.2f ms", nseek, worst);
		bench_report(&s);
		size_t mev = 0;
		double mb = memory_per_m(rec, &mev);
		struct bench_row m = {.row = "replay-memory", .unit = "MB/M ev", .weft = {mb, mb, mb, 1},
				      .target = "<= 20", .has_target = true};
		m.met = mb >= 0 && mb <= 20;
		m.ratio = -1;
		snprintf(m.note, sizeof m.note, "peak RSS added by loading and playing through the recorded "
			 "trace (%zu events), per million", mev);
		if (mb >= 0)
			bench_report(&m);
		else
			bench_missing("replay-memory", "MB/M ev", "<= 20", "the forked replay failed");
	}
	unlink(rec);
	fd = mkstemp(syn);
	if (fd < 0 || (close(fd), write_trace(syn, err, sizeof err) < 0)) {
		bench_missing("replay-load-10m", "ms", "<= 1000", "cannot write the 10 M-event trace");
		if (fd >= 0)
			unlink(syn);
		return;
	}
	double l10[8];
	int n10 = load_and_seek(syn, o->quick ? 1 : 3, l10, NULL, NULL, NULL, &nev);
	size_t mev = 0;
	double mb = n10 ? memory_per_m(syn, &mev) : -1;
	unlink(syn);
	if (!n10) {
		bench_missing("replay-load-10m", "ms", "<= 1000", "cannot load the 10 M-event trace");
		return;
	}
	struct bench_row l = {.row = "replay-load-10m", .unit = "ms", .weft = bench_stat_of(l10, n10),
			      .target = "<= 1000", .has_target = true};
	l.met = l.weft.median <= 1000;
	snprintf(l.note, sizeof l.note, "trace_load + replay_new of %zu events (binary writer, step labels); "
		 "played through: %.1f MB per M events", nev, mb);
	bench_report(&l);
}
