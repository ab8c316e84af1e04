/*
 * bench.h - `weft bench`: what the observer costs, measured next to peers.
 *
 * Each group of rows lives in its own file (bench_emit.c, bench_switch.c,
 * bench_coro.c, bench_sync.c, bench_ingest.c, bench_render.c, bench_replay.c,
 * bench_idle.c) and reports through bench_report(); bench.c runs the groups
 * and prints the table or the JSON lines.
 *
 * Invariants:
 *  - A figure is a median of several runs, with the min and max of those
 *    runs beside it.  A row whose subject is missing (not built yet, a peer
 *    not installed) says so in `note` with no figure: never a made-up number.
 *  - Nothing here decides pass or fail for a test: `met` is information.
 *  - Only tui/term/term.c calls curses; the render rows reach it through the
 *    function pointers in struct bench_term, given by main.c.
 */
#ifndef WEFT_BENCH_H
#define WEFT_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "canvas.h"
#include "cli.h"

/* A figure: median of runs, with their spread. */
struct bench_stat {
	double median, min, max;
	int runs;       /* 0: not measured */
};

/* One line of the table (a row with several peers gives one line per peer). */
struct bench_row {
	const char *row;        /* "event-emit" */
	const char *unit;       /* "ns", "us", "M ev/s", "ms", "MB", "% core" */
	struct bench_stat weft;
	const char *peer;       /* NULL: no peer */
	struct bench_stat peer_value;
	double ratio;           /* peer / weft (how many times cheaper), 0: none */
	bool cost;              /* ratio is weft / peer instead: what Weft costs over its peer */
	const char *target;     /* "<= 12", "reported" */
	bool has_target;        /* false: only reported, `met` means nothing */
	bool met;
	char note[160];         /* why there is no figure, drops, bytes per frame... */
};

/* The curses backend, for the render rows (main.c passes tui/term/term.c's). */
struct bench_term {
	/* Starts curses on the pty slave `fd` as terminal type `term`; 0 or -1. */
	int (*open)(int fd, const char *term);
	/* Draws the canvas: every cell when `full`, else only those that changed. */
	void (*blit)(const canvas *c, bool full);
	void (*close)(void);
};

struct bench_opts {
	bool quick;  /* fewer and shorter runs */
	int runs;    /* runs per figure */
	const struct bench_term *term;
	const char *self; /* path of the weft executable, for the idle row */
};

/* Runs every group and prints; returns the exit code (0, or 1 if the
 * benchmark itself could not run). */
int bench_main(const struct cli *c, const struct bench_term *term);

/* Adds a finished row to the output; its strings must outlive the run
 * (literals).  Computes `ratio` when both figures are there. */
void bench_report(const struct bench_row *r);
/* A row that cannot be measured here, with the reason. */
void bench_missing(const char *row, const char *unit, const char *target, const char *why);

/* Median, min and max of n samples (the array is sorted in place). */
struct bench_stat bench_stat_of(double *v, int n);
/* Monotonic ns now. */
uint64_t bench_now_ns(void);
/* Pins the calling thread to `cpu` (or to the last CPU when cpu < 0);
 * returns the CPU, or -1 when it cannot. */
int bench_pin(int cpu);
/* Lets the calling thread run on every CPU again. */
void bench_unpin(void);

/* A fresh arena made the current run's (wf_arena), lesson time started,
 * with the calling thread as its actor "main", recording on. */
struct bench_arena {
	struct arena *a, *saved;
};
/* 0, or -1 when the arena cannot be mapped. */
int bench_arena_open(struct bench_arena *b);
/* Makes the previous arena current again and unmaps this one. */
void bench_arena_close(struct bench_arena *b);
/* ns per emit() over n events (a multiple of 8) into ring r, emptied first
 * (bench_emit.c). */
double bench_emit_ns(struct ring *r, uint32_t n);

/* The groups. */
void bench_emit(const struct bench_opts *o);
void bench_coro(const struct bench_opts *o);
void bench_switch(const struct bench_opts *o);
void bench_sync(const struct bench_opts *o);
void bench_ingest(const struct bench_opts *o);
void bench_render(const struct bench_opts *o);
void bench_replay(const struct bench_opts *o);
void bench_idle(const struct bench_opts *o);
/* `weft bench --soak`: a lesson left running `seconds`; RSS must stay flat
 * (bench_soak.c).  0, or 1 when the soak could not run to its end. */
int bench_soak(const struct bench_opts *o, bool json, double seconds);

#endif
