/*
 * signals.h - turning signals into bytes the main loop reads.
 *
 * Handlers only write the signal number to a non-blocking, close-on-exec
 * self-pipe (saving errno); the main loop polls signals_fd() next to its
 * input and does the real work (kill the lesson's group, reap, restore the
 * terminal).  SIGINT, SIGTERM, SIGHUP and SIGQUIT are caught; SIGPIPE is
 * ignored.  Install before curses starts, so ncurses' own handlers stay out.
 */
#ifndef WEFT_SIGNALS_H
#define WEFT_SIGNALS_H

/* 0, or -1 when the pipe cannot be made. */
int signals_install(void);
/* The read end to poll. */
int signals_fd(void);
/* The next signal caught, or 0 when none is pending. */
int signals_next(void);

#endif
