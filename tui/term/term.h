/*
 * term.h - the terminal front end: the only code that calls curses.
 */
#ifndef WEFT_TERM_H
#define WEFT_TERM_H

#include "bench.h"
#include "cli.h"

/* Runs the interactive UI (browser, or the lesson c->lesson when
 * c->cmd == CLI_OPEN) until the user quits; returns the exit code.  Without a
 * terminal on stdin and stdout it says so and returns 2. */
int term_main(const struct cli *c);

/* The blit of term_main, on a pty of its own, for `weft bench`'s render rows. */
extern const struct bench_term term_bench;

#endif
