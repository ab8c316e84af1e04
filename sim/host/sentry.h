/*
 * sentry.h - ends the lesson when the UI dies, however it dies.
 *
 * The host dies with the UI (PR_SET_PDEATHSIG), but the processes a lesson
 * forks are the host's children, not the UI's, and are orphaned instead.
 * So every run has a sentry: a small process forked by the UI just before
 * the host, outside the lesson's process group, that runs no lesson code
 * and holds no descriptor of the UI's but its pipe (and the terminal dup
 * of ttyguard).  It is not the host's child, so a lesson that waits for
 * every child until ECHILD sees only its own.  It blocks reading a pipe
 * whose only writer is the UI: first the host's pid (the lesson's group),
 * then nothing.  When the UI dies (SIGKILL included) the pipe reads
 * end-of-file: the sentry puts the terminal back if the UI could not
 * (ttyguard_fire) and kills the lesson's whole process group.  When the UI
 * stops a run normally it kills the group first, then the sentry, and only
 * then closes the pipe.
 *
 * While it waits, the sentry watches the group's limits (runlimits.h:
 * limits_watch, every LIMITS_WATCH_MS): memory of every kind its
 * processes hold together, and how many there are.  Past one, it writes
 * the reason into the arena and kills the group, as a limit hit inside
 * the host would.
 */
#ifndef WEFT_SENTRY_H
#define WEFT_SENTRY_H

#include <sys/types.h>

#include "arena.h"

/* In the UI, before the host is forked: forks the sentry, which keeps
 * `watch_rd` (the read end; the caller closes it afterwards) and closes
 * `watch_wr`.  Its pid, or -1 when the fork failed. */
pid_t sentry_start(int watch_rd, int watch_wr, struct arena *a);
/* In the UI, once the host is forked: tells the sentry the lesson's group. */
void sentry_watch(int watch_wr, pid_t group);

#endif
