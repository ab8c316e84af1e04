/*
 * ttyguard.h - the terminal put back even when the UI dies without a word.
 *
 * q, Ctrl-C, SIGTERM, SIGHUP and a crash of the UI all restore the
 * terminal in the UI itself (tui/term/term.c).  SIGKILL cannot be caught: the UI
 * is gone with the terminal still in curses mode (no echo, alternate
 * screen, cursor hidden).  So while curses runs the UI leaves, in a shared
 * page every lesson host inherits, a copy of the terminal's settings from
 * before curses started, a descriptor of the terminal and the bytes that
 * leave curses mode (rmcup, cnorm, sgr0...).  The lesson's sentry
 * (sim/host/sentry.h), noticing that the UI is gone, calls ttyguard_fire(): the
 * settings are restored and the bytes written, unless the UI had already
 * restored the terminal itself (disarmed).
 *
 * Only the UI arms and disarms; ttyguard_fire is async-signal-safe.
 */
#ifndef WEFT_TTYGUARD_H
#define WEFT_TTYGUARD_H

#include <termios.h>

/* The UI, once curses runs: fd is the terminal (duplicated here, close on
 * exec), saved its settings before curses, seq what leaves curses mode.
 * 0, or -1 when the shared page cannot be made (nothing armed). */
int ttyguard_arm(int fd, const struct termios *saved, const char *seq);
/* The UI has put the terminal back itself; the guard stands down. */
void ttyguard_disarm(void);
/* Puts the terminal back if armed (and disarms): in any process that
 * inherited the guard. */
void ttyguard_fire(void);
/* The duplicate of the terminal the guard writes to, or -1 (the sentry keeps it). */
int ttyguard_fd(void);

#endif
