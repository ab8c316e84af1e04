/*
 * keymap.h - keys to actions.
 *
 * The backend turns whatever the terminal sends into a key: a Unicode code
 * point, or one of the KEY_* codes below (above the Unicode range); the
 * keymap turns a key into an action; app_apply() does the action.  Nothing
 * here calls curses, so every binding is testable.
 */
#ifndef WEFT_KEYMAP_H
#define WEFT_KEYMAP_H

#include <stdint.h>

enum {
	WK_BASE = 0x110000,
	WK_UP, WK_DOWN, WK_LEFT, WK_RIGHT, WK_PGUP, WK_PGDN, WK_HOME, WK_END,
	WK_ENTER, WK_ESC, WK_TAB, WK_BACKTAB, WK_RESIZE,
};

enum action {
	ACT_NONE,
	ACT_QUIT,      /* q */
	ACT_BACK,      /* Esc: close help, else back, else quit */
	ACT_UP, ACT_DOWN, ACT_LEFT, ACT_RIGHT,
	ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HOME, ACT_END,
	ACT_ENTER,
	ACT_PAUSE,     /* Space */
	ACT_RESTART,   /* r */
	ACT_FASTER, ACT_SLOWER,
	ACT_ZOOM_IN, ACT_ZOOM_OUT,
	ACT_NEXT_PANEL, ACT_PREV_PANEL,
	ACT_HELP,      /* ? */
	ACT_RESIZE,
	ACT_HOLD,      /* p: pause, also in step mode */
	ACT_STEP,      /* s or .: step the next actor in turn (entering step mode) */
	ACT_STEP_1,    /* 1..9: step that actor; ACT_STEP_1 + 8 is 9 */
	ACT_STEP_9 = ACT_STEP_1 + 8,
	ACT_BACK_STEP, /* ,: replay one event back */
	ACT_INPUT,     /* i: a press for a lesson that takes input (weft_input.h) */
	ACT_PREDICT,   /* a: ask the lesson's question, then run (tui/app/classroom.c) */
	ACT_DIGIT_0,   /* 0: a digit of a number answer */
	ACT_ERASE,     /* Backspace: take back a digit */
};

enum action keymap_action(uint32_t key);

#endif
