/*
 * i18n.h - the UI's own words, in English and Chinese.
 *
 * Lesson texts and titles live with the lessons; this is everything else
 * the screen says.  tr() never returns NULL.
 */
#ifndef WEFT_I18N_H
#define WEFT_I18N_H

#include <stdbool.h>

enum msg {
	M_TIMELINE, M_LOCKS, M_QUEUES, M_LESSON, M_CONSOLE, M_LESSONS,
	M_RUNNING, M_RUNNABLE, M_BLOCKED, M_SLEEPING, M_EXITED, M_NOT_STARTED,
	M_MODE_RUN, M_MODE_PAUSED, M_MODE_DONE, M_MODE_DEADLOCK, M_MODE_CRASHED, M_MODE_IDLE,
	M_HELD_BY, M_FREE, M_WAITING, M_ACQ, M_CONTENDED, M_WAIT, M_VIOLATIONS,
	M_NO_LOCKS, M_NO_QUEUES, M_NO_OUTPUT, M_DEPTH, M_CAP,
	M_EVENTS, M_DROPPED, M_SPEED,
	M_HINTS_LESSON, M_HINTS_BROWSER, M_HELP_TITLE, M_HELP_KEYS, M_HELP_CLOSE,
	M_TOO_SMALL, M_DEADLOCK, M_RESTART_HINT, M_CRASHED, M_FINISHED, M_NO_TEXT,
	M_MODE_STEP, M_HINTS_STEP, M_SOURCE, M_NO_SOURCE, M_MODE_REPLAY, M_HINTS_REPLAY, M_NOT_AT_STEP,
	M_SUSPENDED, M_ZOMBIE, M_LOOP, M_READY, M_TIMERS, M_TASKS, M_CALLBACKS, M_LONGEST, M_NO_TIMERS, M_DUE_IN,
	M_TASK_PENDING, M_TASK_RUNNING, M_TASK_WAITING, M_TASK_DONE, M_TASK_CANCELLED, M_TASK_FAILED,
	M_MESSAGE,
	M_SYNC, M_NO_OBJECTS, M_WAITERS, M_SET, M_CLEAR, M_VALUE, M_ARRIVED, M_PARTIAL, M_IN_FLIGHT, M_SHUT_DOWN,
	M_LOST,
	M_POOL, M_POOL_WORKERS, M_POOL_HEAD, M_POOL_QUEUE, M_POOL_IDLE, M_PID, M_POOL_UNSEEN,
	M_ZH_REFUSED, M_ESC_NO_BACK, M_SIZE_PAUSED, M_MORE_ROWS, M_EXIT_CODE, M_EXIT_SIGNAL,
	/* the screens' truth (issue 14): the wait-for cycle in words, states in step mode */
	M_DL_WAITS, M_DL_SELF, M_DL_JOINS, M_DL_SEP, M_PARKED, M_PARKED_SHORT, M_HELP_REPLAY,
	M_TW_SLEEP, M_TW_TASK, M_TW_GET, M_TW_PUT, M_TW_JOIN, M_TW_GATHER, M_TW_WAIT, M_TW_EXECUTOR, M_TW_FUTURE, M_CB_ROW,
	/* predict, then run, and challenges (issue 16; tui/app/classroom.c) */
	M_PR_TITLE, M_PR_CHOOSE, M_PR_NUMBER, M_PR_RESULT, M_PR_YOURS, M_PR_ACTUAL, M_PR_RIGHT,
	M_PR_WRONG, M_PR_UNKNOWN, M_PR_CLOSE, M_PR_NONE, M_PR_HELP, M_CH_GOAL, M_CH_FREE, M_CH_REACHED,
	M_COUNT
};

/* The message in "en" or "zh". */
const char *tr(enum msg m, bool zh);
/* The screen's short word for an object counter (objkind.h's ids:
 * "acquires" -> "acq" / "获取"); the id itself for one without a word. */
const char *tr_counter(const char *id, bool zh);

#endif
