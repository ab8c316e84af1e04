/*
 * host.h - the process a lesson runs in.
 *
 * Every run forks a host from the UI; lesson code never runs in the UI
 * process.  The host leads its own process group (so one kill reaches every
 * thread and process of the lesson), dies with the UI (PR_SET_PDEATHSIG),
 * reads /dev/null as stdin, and writes stdout and stderr into a pipe the UI
 * reads for the console; every other descriptor is closed right after the
 * fork, so no lesson holds the UI's signal pipe, trace file or terminal.
 * Its main thread is the lesson's "main" actor.  Before the lesson runs it
 * puts itself under the resource limits of sim/runtime/runlimits.h.  The
 * run's sentry (sim/host/sentry.h: kills the group when the UI dies, even
 * by SIGKILL) is forked by the UI, not the host, so the lesson's processes
 * have no child that is not the lesson's.
 *
 * host_stop kills the whole group and reaps it: when it returns, nothing of
 * the lesson is left running.  The UI should be a child subreaper
 * (host_adopt_orphans) so orphaned lesson processes come back to it.
 */
#ifndef WEFT_HOST_H
#define WEFT_HOST_H

#include <stdbool.h>
#include <sys/types.h>

#include "arena.h"
#include "lesson.h"
#include "params.h"

struct host {
	pid_t pid;      /* also the process group id; 0 when not running */
	int out_fd;     /* read end of the lesson's stdout+stderr, non-blocking; -1 when none */
	bool exited;    /* the host process has ended */
	int status;     /* its waitpid status, once exited */
	int watch_fd;   /* write end of the sentry's pipe (sim/host/sentry.h); valid while pid > 0 */
	pid_t sentry;   /* the run's sentry, a child of the UI; 0 once reaped */
};

/* Makes the calling process the reaper of orphaned descendants. */
void host_adopt_orphans(void);
/* Copies args into the arena and forks the host running l->run().  0, or -1
 * with errno set (nothing is left running). */
int host_start(struct host *h, struct arena *a, const struct wf_lesson *l,
	       const struct lesson_args *args);
/* Notes whether the host has ended (non-blocking); true once it has.  Also
 * reaps any orphan of the lesson. */
bool host_poll(struct host *h);
/* Closes every descriptor from 3 up except keep1 and keep2 (-1: none). */
void host_close_fds(int keep1, int keep2);
/* Kills the host's process group with SIGKILL and reaps it (waits at most
 * about a second for stragglers).  Safe when not running. */
void host_stop(struct host *h);
/* True while any process of the lesson's group is still alive. */
bool host_group_alive(const struct host *h);

#endif
