/*
 * sentry.h - ends the lesson when the UI dies, however it dies.
 *
 * The host dies with the UI (PR_SET_PDEATHSIG), but the processes a lesson
 * forks are the host's children, not the UI's, and are orphaned instead.
 * So every run has a sentry: a small process forked by the host before the
 * lesson starts, in the lesson's process group, that runs no lesson code.
 * It blocks reading a pipe whose only writer is the UI.  When the UI dies
 * (SIGKILL included) the pipe reads end-of-file: the sentry puts the
 * terminal back if the UI could not (ttyguard_fire) and kills the whole
 * process group, itself with it.  When the UI stops a run normally it kills
 * the group first, sentry included, and only then closes the pipe.
 */
#ifndef WEFT_SENTRY_H
#define WEFT_SENTRY_H

/* In the host, single-threaded, before the lesson: forks the sentry, which
 * keeps `watch_fd` (the read end); the caller should close it afterwards.
 * 0, or -1 when the fork failed. */
int sentry_start(int watch_fd);

#endif
