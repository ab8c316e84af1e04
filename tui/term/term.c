/*
 * term.c - the terminal backend: the only file that calls curses.
 *
 * One thread does everything: it polls the keyboard, the signal self-pipe
 * and the lesson's output, lets the app fold events, and blits the app's
 * canvas to the screen, writing only the cells that changed since the last
 * frame.  While a lesson runs it wakes every PUMP_MS to drain the rings and
 * redraws at most every FRAME_MS; while nothing moves it sleeps in poll.
 *
 * The terminal is restored on every way out: q, Esc, a caught signal (the
 * main loop sees it on the self-pipe and leaves normally), exit() (atexit),
 * and a fatal signal in the UI itself (restore, then re-raise so the crash
 * is still reported).
 */
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <curses.h>

#include "app.h"
#include "cast.h"
#include "clock.h"
#include "signals.h"
#include "oneline.h"
#include "term.h"
#include "theme.h"
#include "ttyguard.h"

#define PUMP_MS 5
#define FRAME_MS 33
#define PAUSED_PUMP_MS 200

#if defined(__SANITIZE_ADDRESS__)
/* LeakSanitizer: ncurses keeps the screen it was building when newterm()
 * fails on an unknown TERM (new_prescr's calloc), and weft exits 2 right
 * after; the one suppression of the ASan build (make asan). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:new_prescr\n";
}

/* ...and no table of suppressions used on stderr: the refusal stays one line. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}
#endif

static bool curses_on;
/* The UI process: a lesson host forked from it inherits the atexit handler
 * (a lesson may call exit()) and must leave the terminal alone. */
static pid_t ui_pid;
/* What the screen holds, to write only the cells that changed. */
static struct cell *shown;
static int shown_w, shown_h;

static void restore_terminal(void)
{
	if (curses_on && getpid() == ui_pid) {
		curses_on = false;
		endwin();
		ttyguard_disarm();
	}
}

/* Leaves, for a lesson's sentry, what puts the terminal back should the UI
 * be killed without a chance to (SIGKILL): see sim/host/ttyguard.h. */
static void arm_guard(const struct termios *before)
{
	static const char *const caps[] = {"rmcup", "cnorm", "sgr0", "rmkx"};
	char seq[512];
	size_t at = 0;
	seq[0] = 0;
	for (size_t i = 0; i < sizeof caps / sizeof *caps; i++) {
		const char *s = tigetstr(caps[i]);
		if (s && s != (char *)-1 && at + strlen(s) < sizeof seq) {
			memcpy(seq + at, s, strlen(s) + 1);
			at += strlen(s);
		}
	}
	ttyguard_arm(STDOUT_FILENO, before, seq);
}

static void on_fatal(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* --- colours ---------------------------------------------------------------- */

static bool colour;

static void setup_colours(void)
{
	const char *no = getenv("NO_COLOR");
	colour = has_colors() && !(no && *no);
	if (!colour)
		return;
	start_color();
	use_default_colors();
	for (int s = 0; s < S_COUNT; s++)
		init_pair((short)(s + 1), theme_colour((uint8_t)s, COLORS >= 256), -1);
}

static attr_t cell_attrs(const struct cell *cell)
{
	attr_t a = A_NORMAL;
	if (cell->attr & A_BOLD_)
		a |= A_BOLD;
	if (cell->attr & A_REVERSE_)
		a |= A_REVERSE;
	if (cell->attr & A_UNDERLINE_)
		a |= A_UNDERLINE;
	if (cell->style == S_DIM && !colour)
		a |= A_DIM;
	return a;
}

/* --- frames --------------------------------------------------------------- */

static bool utf8_locale;

static void blit(const canvas *c, bool full)
{
	int w = canvas_width(c), h = canvas_height(c);
	if (full || shown_w != w || shown_h != h) {
		struct cell *grown = realloc(shown, (size_t)w * (size_t)h * sizeof *shown);
		if (!grown)
			return;
		shown = grown;
		shown_w = w;
		shown_h = h;
		clearok(curscr, TRUE);
		full = true;
	}
	for (int y = 0; y < h; y++) {
		const struct cell *row = canvas_row(c, y);
		/* A live frame changes a few rows: the others cost one compare. */
		if (!full && memcmp(row, &shown[y * w], (size_t)w * sizeof *row) == 0)
			continue;
		for (int x = 0; x < w; x++) {
			const struct cell *now = &row[x];
			struct cell *was = &shown[y * w + x];
			if (!full && memcmp(now, was, sizeof *now) == 0)
				continue;
			*was = *now;
			if (now->ch == CANVAS_WIDE_TAIL)
				continue;
			wchar_t wc[2] = {(wchar_t)now->ch, 0};
			if (!utf8_locale && now->ch > 0x7e)
				wc[0] = '?';
			cchar_t cc;
			setcchar(&cc, wc, cell_attrs(now), colour ? (short)(now->style + 1) : 0, NULL);
			mvadd_wch(y, x, &cc);
		}
	}
	refresh();
}

/* --- input ----------------------------------------------------------------- */

static uint32_t translate(int r, wint_t wc)
{
	if (r == OK)
		return wc == 27 ? WK_ESC : wc == '\t' ? WK_TAB : wc == '\n' || wc == '\r' ? WK_ENTER : (uint32_t)wc;
	switch (wc) {
	case KEY_UP: return WK_UP;
	case KEY_DOWN: return WK_DOWN;
	case KEY_LEFT: return WK_LEFT;
	case KEY_RIGHT: return WK_RIGHT;
	case KEY_PPAGE: return WK_PGUP;
	case KEY_NPAGE: return WK_PGDN;
	case KEY_HOME: return WK_HOME;
	case KEY_END: return WK_END;
	case KEY_ENTER: return WK_ENTER;
	case KEY_BACKSPACE: return 127; /* as DEL: takes back a typed digit (classroom.c) */
	case KEY_BTAB: return WK_BACKTAB;
	case KEY_RESIZE: return WK_RESIZE;
	default: return 0;
	}
}

/* Reads every key waiting; returns true if any changed the state. */
static bool read_keys(struct app *a, canvas *c)
{
	bool any = false;
	wint_t wc;
	int r;
	while ((r = get_wch(&wc)) != ERR) {
		uint32_t key = translate(r, wc);
		if (key == WK_RESIZE)
			canvas_resize(c, COLS, LINES);
		app_apply(a, keymap_action(key));
		any = true;
	}
	return any;
}

static int start_curses(void)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "weft: the lesson view needs a terminal; for a headless run use "
				"`weft run LESSON`\n");
		return -1;
	}
	const char *term = getenv("TERM");
	if (!term || !*term) {
		fprintf(stderr, "weft: TERM is not set; set it (e.g. TERM=xterm-256color), "
				"or use `weft run LESSON`\n");
		return -1;
	}
	char shown_term[64]; /* quoted below: one line, whatever TERM holds */
	snprintf(shown_term, sizeof shown_term, "%s", term);
	term = oneline(shown_term);
	struct termios before;
	bool have_before = tcgetattr(STDIN_FILENO, &before) == 0;
	SCREEN *s = newterm(NULL, stdout, stdin);
	if (!s) {
		fprintf(stderr, "weft: unknown terminal type '%s'; set TERM (e.g. xterm-256color), "
				"or use `weft run LESSON`\n", term);
		return -1;
	}
	set_term(s);
	if (!tigetstr("cup") || tigetstr("cup") == (char *)-1) {
		endwin();
		fprintf(stderr, "weft: terminal '%s' cannot move the cursor; use a full terminal "
				"or `weft run LESSON`\n", term ? term : "");
		return -1;
	}
	curses_on = true;
	ui_pid = getpid();
	atexit(restore_terminal);
	const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++)
		signal(fatal[i], on_fatal);
	set_escdelay(25);
	cbreak(); /* not raw(): Ctrl-C must still raise SIGINT */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	setup_colours();
	if (have_before)
		arm_guard(&before);
	return 0;
}

int term_main(const struct cli *cli)
{
	utf8_locale = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	/* A bad recording is bad input: say so before the terminal is taken.
	 * Until the handlers are in (below), a signal ends weft at once. */
	replay *recorded = NULL;
	char err[320];
	if (cli->cmd == CLI_REPLAY) {
		struct trace t;
		if (trace_load(cli->file, &t, err, sizeof err) < 0) {
			fprintf(stderr, "weft: %s\n", err);
			return 2;
		}
		if (!(recorded = replay_new(&t))) {
			fprintf(stderr, "weft: out of memory\n");
			return 1;
		}
	}
	bool existed = false;
	if (cli->record && trace_check_target(cli->record, &existed, err, sizeof err) < 0) {
		fprintf(stderr, "weft: %s\n", err);
		replay_free(recorded);
		return 2;
	}
	if (signals_install() < 0) {
		fprintf(stderr, "weft: cannot set up signal handling\n");
		replay_free(recorded);
		return 1;
	}
	if (start_curses() < 0) {
		replay_free(recorded);
		return 2;
	}
	struct cli c = *cli;
	/* Without UTF-8 the terminal cannot show Chinese or box glyphs. */
	c.ascii = c.ascii || !utf8_locale;
	if (!utf8_locale) {
		c.zh_refused = strcmp(cli_language(&c), "zh") == 0; /* the app says so */
		c.lang = "en";
	}
	struct app app;
	if (recorded) {
		app_init_replay(&app, &c, recorded);
		const struct trace *rt = replay_trace(recorded);
		char note[128];
		if (trace_other_version(rt, note, sizeof note))
			snprintf(app.notice, sizeof app.notice, "%s", note);
	} else {
		app_init(&app, &c);
		if (existed && !app.notice[0])
			snprintf(app.notice, sizeof app.notice, "%s is replaced by this run's trace", cli->record);
	}
	bool record_failed = false;
	canvas *frame = canvas_new(COLS, LINES);
	if (!frame) {
		app_free(&app);
		restore_terminal();
		fprintf(stderr, "weft: out of memory\n");
		return 1;
	}
	cast *recording = NULL;
	uint64_t cast_t0 = clock_mono_ns();
	if (cli->cast) {
		char err[320], title[160];
		snprintf(title, sizeof title, "weft %s %s", cli->cmd == CLI_REPLAY ? "replay" : "open",
			 cli->cmd == CLI_REPLAY ? cli->file : cli->lesson ? cli->lesson->id : "");
		if (!(recording = cast_open(cli->cast, COLS, LINES, title, colour, err, sizeof err))) {
			app_free(&app);
			restore_terminal();
			canvas_free(frame);
			fprintf(stderr, "weft: %s\n", err);
			return 2;
		}
	}
	uint64_t last_frame = 0;
	bool dirty = true, full = true;
	int code = 0;
	while (!app.quit) {
		if (dirty || clock_mono_ns() - last_frame >= FRAME_MS * 1000000ull) {
			if (dirty || app_live(&app)) {
				app_draw(&app, frame);
				blit(frame, full);
				cast_frame(recording, frame, (double)(clock_mono_ns() - cast_t0) / 1e9);
				full = dirty = false;
			}
			last_frame = clock_mono_ns();
		}
		int wait = app_live(&app) ? PUMP_MS : app.session ? PAUSED_PUMP_MS : -1;
		struct pollfd fds[3] = {{STDIN_FILENO, POLLIN, 0}, {signals_fd(), POLLIN, 0},
					{app.session ? session_fd(app.session) : -1, POLLIN, 0}};
		poll(fds, 3, wait);
		int sig = signals_next();
		if (sig) {
			code = 128 + sig;
			break;
		}
		if (read_keys(&app, frame))
			dirty = true;
		if (app_tick(&app) && !app_live(&app))
			dirty = true;
		/* A trace that cannot be written stops the run, saying why. */
		if (app.session && !record_failed &&
		    session_record_failed(app.session, app.error, sizeof app.error)) {
			session_stop(app.session);
			record_failed = dirty = true;
		}
	}
	char record_error[sizeof app.error];
	snprintf(record_error, sizeof record_error, "%s", app.error);
	app_free(&app);
	restore_terminal();
	canvas_free(frame);
	free(shown);
	shown = NULL;
	if (record_failed) {
		fprintf(stderr, "weft: %s\n", record_error);
		if (code == 0)
			code = 1;
	}
	if (cast_close(recording) < 0) {
		fprintf(stderr, "weft: writing %s failed; the recording is incomplete\n", cli->cast);
		if (code == 0)
			code = 1;
	}
	return code;
}

/* --- weft bench ------------------------------------------------------------ */

/* The render rows of `weft bench` drive the same blit on a pty of their own
 * (see bench.h); the screen lives from bench_open to bench_close. */
static SCREEN *bench_screen;
static FILE *bench_out, *bench_in;

static void bench_close(void)
{
	if (bench_screen) {
		endwin();
		delscreen(bench_screen);
		bench_screen = NULL;
	}
	if (bench_out)
		fclose(bench_out);
	if (bench_in)
		fclose(bench_in);
	bench_out = bench_in = NULL;
	free(shown);
	shown = NULL;
	shown_w = shown_h = 0;
}

static int bench_open(int fd, const char *term)
{
	int out = dup(fd), in = dup(fd);
	bench_out = out >= 0 ? fdopen(out, "w") : NULL;
	bench_in = in >= 0 ? fdopen(in, "r") : NULL;
	if (!bench_out || !bench_in) {
		if (!bench_out && out >= 0)
			close(out);
		if (!bench_in && in >= 0)
			close(in);
		bench_close();
		return -1;
	}
	use_env(FALSE); /* the size is the pty's, whatever LINES and COLUMNS say */
	bench_screen = newterm(term, bench_out, bench_in);
	if (!bench_screen) {
		bench_close();
		return -1;
	}
	set_term(bench_screen);
	utf8_locale = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	nonl();
	curs_set(0);
	setup_colours();
	return 0;
}

const struct bench_term term_bench = {bench_open, blit, bench_close};
