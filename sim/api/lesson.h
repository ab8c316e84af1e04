/*
 * lesson.h - what a lesson is, to the runtime and the UI: an id, titles, the
 * parameters it takes, and the function the host runs.
 *
 * Parameters are declared with their default and range (integers) or their
 * choices ("on|off"); every value is validated against the declaration
 * before the lesson starts (runtime/params.h), so a lesson may read them
 * with wf_param_int / wf_param_str without checking.
 *
 * This header and weft.h are all a lesson sees: the lessons' include path
 * holds sim/api/ alone (CMakeLists.txt), so nothing of the arena leaks in.
 */
#ifndef WEFT_LESSON_H
#define WEFT_LESSON_H

#include <stddef.h>

struct wf_param {
	const char *name;
	const char *choices; /* "on|off" for a choice; NULL for an integer */
	const char *def;     /* default value, as text */
	long min, max;       /* integers only */
	const char *help;    /* one line, English */
};

/* Predict, then run (tui/app/predict.c): a question the student answers
 * before the lesson runs, judged only by what the run measured.  A
 * condition is "KEY OP VALUE" over the run's `result:` pairs (OP one of
 * = != < <= > >=; numbers compared as numbers, else as text); the key
 * `deadlock` is "yes" when the model found a wait-for cycle, else "no". */
struct wf_choice {
	const char *en, *zh;
	const char *when;     /* the condition under which this choice is what happened */
};

struct wf_predict {
	const char *question_en, *question_zh;
	const struct wf_choice *choices; /* NULL: the answer is a number */
	size_t nchoices;                 /* at most 9 (keys 1-9) */
	const char *key;      /* the result key shown as measured; a number answer is judged by it */
	double tolerance;     /* a number answer is right within +- tolerance */
	const char *explain_en, *explain_zh;
};

/* A challenge (tui/app/challenge.c): a goal over the model and results
 * that the student reaches by stepping the lesson's real actors. */
enum wf_goal {
	WF_GOAL_RESULT = 1, /* `arg` is a condition over the results (as wf_predict's) */
	WF_GOAL_DEADLOCK,   /* the model found a wait-for cycle */
	WF_GOAL_EMPTY_GET,  /* a get found queue `arg` (its name) empty: EV_QUEUE_EMPTY */
	WF_GOAL_BOTH_AT,    /* two actors wait at once at steps whose label begins with `arg` */
};

struct wf_challenge {
	const char *id;       /* "race-lose", unique among all lessons */
	const char *goal_en, *goal_zh;
	enum wf_goal goal;
	const char *arg;
	const char *params;   /* --set pairs it starts with, "threads=2 iters=2"; NULL: defaults */
};

struct wf_lesson {
	const char *id;       /* "race" */
	const char *track;    /* "threads" */
	const char *title_en;
	const char *title_zh;
	const struct wf_param *params;
	size_t nparams;
	void (*run)(void);    /* the lesson's main, on the host's main thread */
	unsigned flags;       /* WF_LESSON_* */
	/* What a press of the input key does (weft_input.h), for the help and
	 * the status bar: "release one permit"; NULL when the lesson takes none. */
	const char *input_en, *input_zh;
	const struct wf_predict *predict;       /* NULL: no question before the run */
	const struct wf_challenge *challenges;  /* goals for step mode */
	size_t nchallenges;
};

/* The lesson only runs free: no step mode, no scheduler.  An event loop
 * waits in the kernel (epoll) on lesson time, not at step points, so a
 * step clock that stands still would stop it for good; a measurement of
 * switch costs means nothing stepped. */
#define WF_LESSON_FREE_ONLY 1u
/* The timeline marks, on each process's lane, the kernel's state letter
 * (R, S, D, Z from /proc/PID/stat) where it changes: for a lesson about
 * process states.  Elsewhere the lane's glyphs say it, and a letter on
 * every lane would be noise. */
#define WF_LESSON_KERNEL_LETTERS 2u

#endif
