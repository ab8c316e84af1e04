/*
 * theme.c - see theme.h.
 */
#include "canvas.h"
#include "theme.h"

static const struct glyphs unicode = {
	.state = {[AS_NONE] = ' ', [AS_RUNNING] = 0x2588 /* █ */, [AS_RUNNABLE] = 0x2592 /* ▒ */,
		  [AS_BLOCKED] = 0x2591 /* ░ */, [AS_SLEEPING] = 0x00b7 /* · */, [AS_EXITED] = ' ',
		  [AS_SUSPENDED] = 0x2500 /* ─ */, [AS_ZOMBIE] = 'Z' /* the kernel's letter */},
	.hline = 0x2500,  /* ─ */
	.vline = 0x2502,  /* │ */
	.tick = 0x2575,   /* ╵ */
	.bar = 0x2588,    /* █ */
	.cap = 0x2504,    /* ┄ */
	.select = 0x25b8, /* ▸ */
};

static const struct glyphs ascii = {
	.state = {[AS_NONE] = ' ', [AS_RUNNING] = '#', [AS_RUNNABLE] = '=', [AS_BLOCKED] = 'x',
		  [AS_SLEEPING] = '.', [AS_EXITED] = ' ', [AS_SUSPENDED] = '-', [AS_ZOMBIE] = 'Z'},
	.hline = '-',
	.vline = '|',
	.tick = '\'',
	.bar = '#',
	.cap = '-',
	.select = '>',
};

const struct glyphs *theme_glyphs(bool use_ascii)
{
	return use_ascii ? &ascii : &unicode;
}

uint8_t theme_state_style(unsigned state)
{
	switch (state) {
	case AS_RUNNING:
		return S_RUNNING;
	case AS_RUNNABLE:
		return S_RUNNABLE;
	case AS_BLOCKED:
		return S_BLOCKED;
	case AS_SLEEPING:
		return S_SLEEPING;
	case AS_EXITED:
	case AS_ZOMBIE:
		return S_EXITED;
	default:
		return S_DIM;
	}
}
