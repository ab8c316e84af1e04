/*
 * theme.c - see theme.h.
 */
#include "canvas.h"
#include "theme.h"
#include "utf8.h"

static const struct glyphs unicode = {
	.state = {[AS_NONE] = ' ', [AS_RUNNING] = 0x2588 /* █ */, [AS_RUNNABLE] = 0x2592 /* ▒ */,
		  [AS_BLOCKED] = 0x2591 /* ░ */, [AS_SLEEPING] = 0x00b7 /* · */, [AS_EXITED] = ' ',
		  [AS_SUSPENDED] = 0x2500 /* ─ */, [AS_ZOMBIE] = 'Z' /* the kernel's letter */,
		  [AS_PARKED] = 0x2506 /* ┆ a gate */},
	.hline = 0x2500,  /* ─ */
	.vline = 0x2502,  /* │ */
	.tick = 0x2575,   /* ╵ */
	.bar = 0x2588,    /* █ */
	.cap = 0x2504,    /* ┄ */
	.select = 0x25b8, /* ▸ */
	.more = 0x2026,   /* … */
};

static const struct glyphs ascii = {
	.state = {[AS_NONE] = ' ', [AS_RUNNING] = '#', [AS_RUNNABLE] = '=', [AS_BLOCKED] = 'x',
		  [AS_SLEEPING] = '.', [AS_EXITED] = ' ', [AS_SUSPENDED] = '-', [AS_ZOMBIE] = 'Z',
		  [AS_PARKED] = '|'},
	.hline = '-',
	.vline = '|',
	.tick = '\'',
	.bar = '#',
	.cap = '-',
	.select = '>',
	.more = '~', /* as cuttext.c's */
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
	case AS_PARKED:
		return S_ACCENT;
	case AS_EXITED:
	case AS_ZOMBIE:
		return S_EXITED;
	default:
		return S_DIM;
	}
}

/* Symbols the texts and widgets use, by their nearest ASCII. */
static const struct {
	uint32_t cp;
	char ascii;
} folds[] = {
	{0x00b7, '.'},  /* · */ {0x2022, '*'},  /* • */ {0x2013, '-'},  /* – */
	{0x2014, '-'},  /* — */ {0x2026, '~'},  /* … (a cut, as cuttext.c marks it) */
	{0x2018, '\''}, {0x2019, '\''}, {0x201c, '"'}, {0x201d, '"'},
	{0x2192, '>'},  /* → */ {0x2190, '<'},  /* ← */ {0x2191, '^'},  {0x2193, 'v'},
	{0x2248, '~'},  /* ≈ */ {0x2260, '!'},  {0x2264, '<'},  {0x2265, '>'},
	{0x00d7, 'x'},  /* × */ {0x00b5, 'u'},  /* µ */ {0x00a7, 'S'},  /* § */
	{0x00a0, ' '},  {0x25cf, 'o'},  /* ● */ {0x25cb, 'o'},  {0x25b2, '^'},  /* ▲ */
	{0x25bc, 'v'},  {0x25b8, '>'},  {0x25b6, '>'},  {0x25c6, '*'},  /* ◆ */
	{0x2713, 'v'},  {0x2717, 'x'},  {0x2575, '\''}, /* ╵ */ {0x2502, '|'},
	{0x2503, '|'},  {0x2506, '|'},  {0x250a, '|'},  {0x2551, '|'},  {0x2550, '='},
};

uint32_t theme_ascii(uint32_t cp)
{
	if (cp < 0x80 || cell_width(cp) == 2 || cp == CANVAS_WIDE_TAIL)
		return cp;
	for (size_t i = 0; i < sizeof folds / sizeof *folds; i++)
		if (folds[i].cp == cp)
			return (uint32_t)folds[i].ascii;
	if (cp >= 0x2500 && cp <= 0x257f) /* the rest of box drawing */
		return cp <= 0x250b || (cp >= 0x254c && cp <= 0x254f) ? '-' : '+';
	if (cp >= 0x2580 && cp <= 0x259f) /* blocks and shades */
		return '#';
	return cp;
}

void theme_ascii_fold(canvas *c)
{
	for (int y = 0; y < canvas_height(c); y++) {
		const struct cell *row = canvas_row(c, y);
		for (int x = 0; x < canvas_width(c); x++) {
			uint32_t a = theme_ascii(row[x].ch);
			if (a != row[x].ch)
				canvas_put(c, x, y, a, row[x].style, row[x].attr);
		}
	}
}

/* Okabe-Ito, colour-blind safe, as xterm-256 indices and as 8-colour
 * fallbacks (0 black, 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan,
 * 7 white, as curses and SGR 30-37 number them). */
enum { ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILION, PURPLE, GREY, DEFAULT_FG };
static const short palette256[] = {214, 74, 36, 185, 25, 166, 175, 244, -1};
static const short palette8[] = {3, 6, 2, 3, 4, 1, 5, 7, -1};

static const unsigned char style_colour[S_COUNT] = {
	[S_NORMAL] = DEFAULT_FG, [S_DIM] = GREY, [S_TITLE] = DEFAULT_FG, [S_ACCENT] = SKY,
	[S_BORDER] = GREY, [S_RUNNING] = GREEN, [S_RUNNABLE] = YELLOW, [S_BLOCKED] = VERMILION,
	[S_SLEEPING] = SKY, [S_EXITED] = GREY, [S_WARN] = ORANGE, [S_ERROR] = VERMILION,
	[S_CODE] = PURPLE, [S_STATUS] = DEFAULT_FG,
	[S_ACTOR0] = ORANGE, [S_ACTOR0 + 1] = SKY, [S_ACTOR0 + 2] = GREEN, [S_ACTOR0 + 3] = PURPLE,
	[S_ACTOR0 + 4] = BLUE, [S_ACTOR0 + 5] = VERMILION, [S_ACTOR0 + 6] = YELLOW,
};

short theme_colour(uint8_t style, bool c256)
{
	unsigned c = style < S_COUNT ? style_colour[style] : DEFAULT_FG;
	return (c256 ? palette256 : palette8)[c];
}
