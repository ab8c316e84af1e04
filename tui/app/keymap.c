/*
 * keymap.c - the bindings people expect from terminal tools (htop, less,
 * lazygit): arrows and hjkl, Space, q, ?, Esc.
 */
#include "keymap.h"

enum action keymap_action(uint32_t key)
{
	switch (key) {
	case 'q':
	case 'Q':
		return ACT_QUIT;
	case WK_ESC:
		return ACT_BACK;
	case WK_UP:
	case 'k':
		return ACT_UP;
	case WK_DOWN:
	case 'j':
		return ACT_DOWN;
	case WK_LEFT:
	case 'h':
		return ACT_LEFT;
	case WK_RIGHT:
	case 'l':
		return ACT_RIGHT;
	case WK_PGUP:
		return ACT_PAGE_UP;
	case WK_PGDN:
		return ACT_PAGE_DOWN;
	case WK_HOME:
	case 'g':
		return ACT_HOME;
	case WK_END:
	case 'G':
		return ACT_END;
	case WK_ENTER:
	case '\n':
	case '\r':
		return ACT_ENTER;
	case ' ':
		return ACT_PAUSE;
	case 'r':
	case 'R':
		return ACT_RESTART;
	case '+':
	case '=':
		return ACT_FASTER;
	case '-':
	case '_':
		return ACT_SLOWER;
	case ']':
		return ACT_ZOOM_OUT;
	case '[':
		return ACT_ZOOM_IN;
	case WK_TAB:
	case '\t':
		return ACT_NEXT_PANEL;
	case WK_BACKTAB:
		return ACT_PREV_PANEL;
	case '?':
		return ACT_HELP;
	case WK_RESIZE:
		return ACT_RESIZE;
	case 'p':
	case 'P':
		return ACT_HOLD;
	case 's':
	case '.':
		return ACT_STEP;
	case ',':
		return ACT_BACK_STEP;
	case 'i':
	case 'I':
		return ACT_INPUT;
	case 'a':
	case 'A':
		return ACT_PREDICT;
	case '0':
		return ACT_DIGIT_0;
	case 127:
	case 8:
		return ACT_ERASE;
	case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
		return ACT_STEP_1 + (enum action)(key - '1');
	default:
		return ACT_NONE;
	}
}
