/*
 * script.h - `weft script FILE`: a session driven by a file, no terminal.
 *
 * One command a line, `#` starts a comment (docs/scripts.md has the whole
 * language): open a lesson or a recording, set parameters, start it (free,
 * in step mode, or under a seeded scheduler), grant steps by actor name,
 * let lesson time pass, press keys as the TUI takes them, write frames, and
 * check results, states and printed lines.
 *
 * Parsing is separate from running and pure, so it can be fuzzed: a
 * malformed line is an error naming the file and line, before anything
 * runs.  Frames are the headless canvas as text; everything drawn comes
 * from lesson time, never wall time, so a stepped script draws the same
 * frames every time.
 */
#ifndef WEFT_SCRIPT_H
#define WEFT_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

enum script_op {
	OP_OPEN, OP_REPLAY, OP_RECORD, OP_SET, OP_SIZE, OP_LANG, OP_START, OP_STEP, OP_RUN, OP_KEY, OP_FRAME,
	OP_EXPECT_RESULT, OP_EXPECT_STATE, OP_EXPECT_LINE, OP_EXPECT_DEADLOCK, OP_WAIT_EXIT,
};

#define SCRIPT_ARG_MAX 160

struct script_cmd {
	enum script_op op;
	int line;
	char arg[2][SCRIPT_ARG_MAX]; /* words as written (open LESSON, set NAME VALUE, ...) */
	int64_t ns;                  /* run, wait-exit: a duration in ns */
	uint32_t key;                /* key: the key code (keymap.h) */
	int num[2];                  /* size W H; start random|pct SEED */
};

struct script {
	struct script_cmd *cmd;
	size_t n;
};

/* Parses len bytes; `name` is for messages.  0, or -1 with "name:line: what
 * is wrong" in err. */
int script_parse(const char *text, size_t len, const char *name, struct script *s, char *err,
		 size_t errsize);
void script_free(struct script *s);
/* Runs a parsed script, writing frames into frames_dir (NULL: render them
 * but write nothing).  0 when every expectation held; 1 with the failed
 * one in err; 2 for bad input found only when run (an unknown actor). */
int script_run(const struct script *s, const char *name, const char *frames_dir, char *err,
	       size_t errsize);

/* `weft script FILE [--frames DIR]`: reads, parses and runs the file,
 * saying what went wrong on stderr; returns the exit code (0, 1 a failed
 * expectation, 2 bad input). */
int script_main(const char *file, const char *frames_dir);

#endif
