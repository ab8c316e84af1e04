/*
 * runner.h - `weft run`: a lesson with no terminal.
 *
 * Streams the lesson's console lines to stdout as they happen, stamped with
 * lesson time and actor, then prints the machine-readable ending:
 *
 *   summary: lesson=race elapsed_ms=812 actors=9 events=4800012 dropped=0
 *   result: counter=800000 expected=800000 lost=0
 *
 * A deadlock is printed (`deadlock: T1 waits for B held by T2; ...`) and ends
 * the run: the lesson's processes are killed and reaped.  SIGINT, SIGTERM
 * and SIGHUP stop the lesson the same way before the runner exits; so do a
 * failed write to stdout (exit 1, quietly when its reader has gone) and a
 * failed write to the --record file (exit 1, one line naming it).
 */
#ifndef WEFT_RUNNER_H
#define WEFT_RUNNER_H

#include "cli.h"

/* Runs c->lesson to its end; returns the exit code (0 done or deadlock
 * shown, 1 crashed lesson, timeout or internal failure, 128+n on signal n). */
int runner_run(const struct cli *c);
/* `weft rerun FILE`: the recorded lesson, with its parameters and speed,
 * forced through the recorded schedule; 2 for a bad trace file. */
int runner_rerun(const struct cli *c);

/* Flushes stdout: 0, or 1 when a write to it failed, said on stderr unless
 * the reader has gone (EPIPE: `weft run ... | head -1`). */
int runner_stdout_failed(void);

#endif
