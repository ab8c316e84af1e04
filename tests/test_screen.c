/*
 * test_screen.c - the frame's own rows (status bar, title, browser) at the
 * documented minimum and above, and the ASCII fold: what must always be on
 * the screen is, and what is cut says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "fixtures.h"
#include "i18n.h"
#include "keymap.h"
#include "registry.h"
#include "theme.h"
#include "widgets.h"

static const char *row(const canvas *c, int y)
{
	static char buf[2048];
	canvas_row_text(c, y, buf, sizeof buf);
	return buf;
}

/* The status row of a long note and big numbers at width w. */
static const char *status_at(int w, bool zh, const char *hints, const char *note)
{
	static canvas *c;
	canvas_free(c);
	c = canvas_new(w, 1);
	struct status s = {.mode = tr(M_MODE_DEADLOCK, zh), .speed = 0.25,
			   .lesson_ns = 12345678901, .events = 1234567890, .dropped = 98765432,
			   .note = note, .hints = hints};
	struct look k = {zh, false};
	statusbar_draw(c, (struct rect){0, 0, w, 1}, &s, &k);
	return row(c, 0);
}

static void test_screen_status_keeps_help_and_quit(void **state)
{
	(void)state;
	const enum msg hints[] = {M_HINTS_LESSON, M_HINTS_BROWSER, M_HINTS_STEP, M_HINTS_REPLAY};
	for (int zh = 0; zh < 2; zh++)
		for (size_t i = 0; i < sizeof hints / sizeof *hints; i++)
			for (int w = 80; w <= 200; w += 8) {
				const char *r = status_at(w, zh, tr(hints[i], zh),
							  "a note long enough to push everything else off the row");
				assert_non_null(strstr(r, zh ? "? 帮助" : "? help"));
				assert_non_null(strstr(r, zh ? "q 退出" : "q quit"));
			}
}

static void test_screen_status_drops_last_hints_first(void **state)
{
	(void)state;
	const char *r = status_at(100, false, tr(M_HINTS_LESSON, false), NULL);
	assert_non_null(strstr(r, "Space pause"));
	assert_null(strstr(r, "Tab panel")); /* listed last of the others: gone first */
	assert_non_null(strstr(r, "dropped 98765432")); /* lost events are never hidden */
	r = status_at(200, false, tr(M_HINTS_LESSON, false), NULL);
	assert_non_null(strstr(r, "Tab panel"));
	assert_non_null(strstr(r, "events 1234567890"));
	/* a long note: cut with the mark, never silently */
	r = status_at(80, false, tr(M_HINTS_LESSON, false),
		      "T1 waits for lock B held by T2, T2 waits for lock A held by T1, and so on");
	assert_non_null(strstr(r, "…"));
}

/* A lesson screen at w x h for lesson id with its defaults, not started. */
static void frame_of(canvas *c, const char *id, bool zh, bool ascii)
{
	struct cli cli;
	memset(&cli, 0, sizeof cli);
	cli.cmd = CLI_BROWSE;
	cli.lang = zh ? "zh" : "en";
	cli.ascii = ascii;
	cli.speed = 1;
	struct app a;
	app_init(&a, &cli);
	for (size_t i = 0; i < registry_count(); i++)
		if (strcmp(registry_at(i)->id, id) == 0)
			a.selected = i;
	app_draw(&a, c);
	app_free(&a);
}

/* True when s is a lesson's or a track's whole title. */
static bool whole_title(const char *s)
{
	for (size_t i = 0; i < registry_count(); i++)
		if (strcmp(s, registry_at(i)->title_en) == 0 ||
		    strcmp(s, registry_track_title(registry_at(i)->track, "en")) == 0)
			return true;
	return false;
}

static void test_screen_browser_marks_cut_titles(void **state)
{
	(void)state;
	canvas *c = canvas_new(80, 24);
	frame_of(c, "race", false, false);
	int cut = 0;
	for (int y = 2; y < 22; y++) {
		char left[256];
		const char *r = row(c, y), *bar = strstr(r, "│");
		assert_non_null(bar);
		snprintf(left, sizeof left, "%.*s", (int)(bar - r), r);
		for (size_t n = strlen(left); n && left[n - 1] == ' ';)
			left[--n] = 0;
		const char *t = left + strspn(left, " ");
		if (strncmp(t, "▸ ", strlen("▸ ")) == 0)
			t += strlen("▸ ");
		if (!*t)
			continue;
		size_t n = strlen(t);
		if (n >= 3 && strcmp(t + n - 3, "…") == 0)
			cut++;
		else if (!whole_title(t))
			fail_msg("row %d cut with no mark: '%s'", y, t);
	}
	assert_true(cut > 0); /* at 80 columns some titles do not fit */
	canvas_free(c);
}

static void test_screen_ascii_frame_is_ascii(void **state)
{
	(void)state;
	canvas *c = canvas_new(100, 30);
	frame_of(c, "process-queue", false, true);
	for (int y = 0; y < 30; y++)
		for (int x = 0; x < 100; x++)
			assert_true(canvas_cell(c, x, y)->ch < 0x80);
	/* Chinese stays (it is text, not a symbol); its punctuation too */
	assert_int_equal(theme_ascii(0x4e2d), 0x4e2d);
	assert_int_equal(theme_ascii(0xff0c), 0xff0c);
	assert_int_equal(theme_ascii(0x00b7), '.');
	assert_int_equal(theme_ascii(0x2248), '~');
	canvas_free(c);
}

/* --- what the lesson texts name must be on the screen -------------------- */

/* The key a text names ("s", "Tab", "Space"), as keymap.h has it; 0 for
 * a name that is no key. */
static uint32_t key_named(const char *name)
{
	static const struct {
		const char *name;
		uint32_t key;
	} named[] = {{"Tab", WK_TAB}, {"Space", ' '}, {"Esc", WK_ESC}, {"Enter", WK_ENTER},
		     {"空格", ' '}, {"回车", WK_ENTER}};
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (strcmp(name, named[i].name) == 0)
			return named[i].key;
	return strlen(name) == 1 ? (uint32_t)(unsigned char)name[0] : 0;
}

/* Every key a text tells the student to press ("press `s`", "按 `s`",
 * "press Tab") is bound, and `i` only where the lesson takes input. */
static void check_keys(const struct wf_lesson *l, const char *lang, const char *text)
{
	static const char *const says[] = {"press `", "Press `", "按 `", "按下 `", "press ", "Press ",
					   "按 "};
	for (size_t s = 0; s < sizeof says / sizeof *says; s++)
		for (const char *p = strstr(text, says[s]); p; p = strstr(p + 1, says[s])) {
			const char *k = p + strlen(says[s]);
			bool quoted = says[s][strlen(says[s]) - 1] == '`';
			size_t n = quoted ? strcspn(k, "`") : strspn(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
			char name[32];
			snprintf(name, sizeof name, "%.*s", (int)(n < 31 ? n : 31), k);
			if (!quoted && strcmp(name, "Tab") != 0 && strcmp(name, "Space") != 0 &&
			    strcmp(name, "Esc") != 0 && strcmp(name, "Enter") != 0)
				continue; /* "press on" is no key */
			if (strlen(name) > 5)
				continue; /* 按 also reads "by": 按 `os.cpu_count()` */
			uint32_t key = key_named(name);
			enum action act = key ? keymap_action(key) : ACT_NONE;
			if (act == ACT_NONE)
				fail_msg("%s.%s.md: says press '%s', which is no key", l->id, lang, name);
			if (act == ACT_INPUT && !l->input_en)
				fail_msg("%s.%s.md: says press '%s', the lesson takes no input", l->id, lang,
					 name);
		}
}

/* The panels on screen by their titles, in both languages, and the short
 * names a text may use for them. */
static bool is_panel(const char *words, bool zh)
{
	const enum msg titles[] = {M_TIMELINE, M_CONSOLE, M_SYNC, M_LOOP, M_POOL, M_LESSON, M_SOURCE};
	static const char *const aliases[] = {"sync", "loop", "event-loop", "lock and queue"};
	size_t n = strlen(words);
	for (size_t i = 0; i < sizeof titles / sizeof *titles; i++) {
		const char *t = tr(titles[i], zh);
		size_t tn = strlen(t);
		if (n >= tn && strncasecmp(words + n - tn, t, tn) == 0 &&
		    (n == tn || zh || words[n - tn - 1] == ' '))
			return true;
	}
	for (size_t i = 0; !zh && i < sizeof aliases / sizeof *aliases; i++)
		if (strcasecmp(words, aliases[i]) == 0)
			return true;
	return false;
}

/* Every "X panel" (英文) or "X面板" a text names is a panel of the screen,
 * which Tab reaches. */
static void check_panels(const struct wf_lesson *l, const char *lang, const char *text, bool zh)
{
	const char *word = zh ? "面板" : " panel";
	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
		/* the words before it: two in English, the run of characters in Chinese */
		const char *b = p, *end = p;
		int spaces = 0;
		if (b > text && b[-1] == '"') /* "同步对象"面板 */
			b = --end;
		while (b > text && b[-1] != '\n' && b[-1] != '(' && b[-1] != '`') {
			if (!zh && b[-1] == ' ' && ++spaces == 2)
				break;
			if (zh && (b[-1] == ' ' || (unsigned char)b[-1] < 0x80))
				break;
			b--;
		}
		if (end - b > 48) /* the last few characters are enough */
			for (b = end - 48; ((unsigned char)*b & 0xc0) == 0x80; b++)
				;
		char before[96];
		snprintf(before, sizeof before, "%.*s", (int)(end - b), b);
		/* quotes around a name: "同步对象"面板 */
		for (size_t n = strlen(before); n >= 3 && (strcmp(before + n - 3, "”") == 0 ||
							   strcmp(before + n - 3, "」") == 0);)
			before[n -= 3] = 0;
		if (!zh && strchr(before, ' ')) {
			const char *last = strrchr(before, ' ') + 1;
			static const char *const generic[] = {"the", "The", "a", "this", "that", "each",
							      "its", "which", "one", "same", "every"};
			for (size_t i = 0; i < sizeof generic / sizeof *generic; i++)
				if (strcmp(before, generic[i]) == 0 || strcmp(last, generic[i]) == 0)
					goto next;
			if (!is_panel(before, zh) && !is_panel(last, zh))
				fail_msg("%s.%s.md: names the '%s panel', which the screen has not", l->id,
					 lang, before);
		} else if (zh) {
			/* a verb or a measure word before 面板 is the panel in general */
			static const char *const generic[] = {"着", "个", "该", "此", "这", "那", "各", "到"};
			size_t n = strlen(before);
			for (size_t i = 0; i < sizeof generic / sizeof *generic; i++)
				if (n >= 3 && strcmp(before + n - 3, generic[i]) == 0)
					goto next;
			if (!n || !is_panel(before, zh))
				fail_msg("%s.%s.md: names the '%s面板', which the screen has not", l->id, lang,
					 before);
		} else if (*before && !is_panel(before, zh)) {
			static const char *const generic[] = {"the", "The", "a", "this", "that", "each"};
			for (size_t i = 0; i < sizeof generic / sizeof *generic; i++)
				if (strcmp(before, generic[i]) == 0)
					goto next;
			fail_msg("%s.%s.md: names the '%s panel', which the screen has not", l->id, lang,
				 before);
		}
	next:;
	}
}

static void test_screen_texts_name_what_exists(void **state)
{
	(void)state;
	for (size_t i = 0; i < registry_count(); i++) {
		const struct wf_lesson *l = registry_at(i);
		for (int zh = 0; zh < 2; zh++) {
			const char *lang = zh ? "zh" : "en", *md = registry_text(l, lang);
			assert_non_null(md);
			/* a name may run over a line end, and ** marks bold */
			char *text = strdup(md), *o = text;
			assert_non_null(text);
			for (const char *q = md; *q; q++) {
				char ch = *q == '\n' && !zh ? ' ' : *q;
				if (ch != '*' && !(ch == ' ' && o > text && o[-1] == ' '))
					*o++ = ch;
			}
			*o = 0;
			check_keys(l, lang, text);
			check_panels(l, lang, text, zh);
			free(text);
		}
	}
}

/* The checker itself fails on what issue 14 found: a lock panel, a queue
 * panel (in Chinese), a key that does nothing. */
static void test_screen_text_checker_catches(void **state)
{
	(void)state;
	assert_false(is_panel("lock", false));
	assert_false(is_panel("队列", true));
	assert_true(is_panel("Sync objects", false));
	assert_true(is_panel("同步对象", true));
	assert_true(is_panel("Event loop", false));
	assert_int_equal(keymap_action(key_named("z")), ACT_NONE);
	assert_int_not_equal(keymap_action(key_named("Tab")), ACT_NONE);
}

/* --- no English in a Chinese frame ------------------------------------------ */

/* Puts into out[] the English pieces of the table that a Chinese frame must
 * not show: the parts of each English string between its placeholders,
 * lines and double spaces that differ from the Chinese.  `words` gets the
 * single lowercase words (running, blocked), which a lesson's own output
 * may also print, so they are looked for only where the UI alone writes. */
#define PIECES 1024
static int english_pieces(char out[][96], bool *single)
{
	int n = 0;
	for (int m = 0; m < M_COUNT; m++) {
		const char *en = tr((enum msg)m, false), *zh = tr((enum msg)m, true);
		if (strcmp(en, zh) == 0 || strcmp(en, "?") == 0)
			continue;
		for (const char *p = en; *p && n < PIECES;) {
			size_t len = 0;
			while (p[len] && p[len] != '\n' && p[len] != '%' && strncmp(p + len, "  ", 2) != 0)
				len++;
			char piece[96];
			snprintf(piece, sizeof piece, "%.*s", (int)(len < 95 ? len : 95), p);
			/* trim, and drop the punctuation around a piece */
			char *b = piece;
			while (*b && !isalpha((unsigned char)*b))
				b++;
			size_t bl = strlen(b);
			while (bl && !isalpha((unsigned char)b[bl - 1]))
				b[--bl] = 0;
			int letters = 0;
			for (const char *q = b; *q; q++)
				letters += isalpha((unsigned char)*q) != 0;
			bool one = !strchr(b, ' ');
			if (letters >= 4 && !strstr(zh, b)) {
				snprintf(out[n], sizeof out[n], "%s", b);
				single[n] = one; /* texts say RUNNING, BLOCKED as the terms */
				n++;
			}
			p += len;
			if (*p == '%') /* past the conversion */
				for (p++; *p && !isalpha((unsigned char)*p); p++)
					;
			if (*p == '%' || isalpha((unsigned char)*p))
				p++;
			while (*p == '\n' || *p == ' ')
				p++;
		}
	}
	return n;
}

/* The first English piece in a Chinese frame's rows, or NULL.  Whole
 * words only; single words only on the legend and status rows. */
static const char *english_in(char rows[][1024], int nrows)
{
	static char pieces[PIECES][96];
	static bool single[PIECES];
	static int n = -1;
	if (n < 0)
		n = english_pieces(pieces, single);
	int legend = -1;
	for (int y = 0; y < nrows; y++)
		if (strstr(rows[y], "─ 输出 "))
			legend = y - 1;
	/* The lesson's text is the author's words, not the table's: from its
	 * title down, the right column is left out. */
	int text_from = nrows;
	for (int y = 0; y < nrows; y++)
		if (strstr(rows[y], "─ 课文 ") && y < text_from)
			text_from = y;
	for (int y = 0; y < nrows; y++)
		for (int i = 0; i < n; i++) {
			if (single[i] && y != legend && y != nrows - 1)
				continue;
			bool cut = (y > text_from && y < nrows - 1) || (single[i] && y == legend);
			char *bar = cut ? strstr(rows[y], "│") : NULL;
			char keep = 0;
			if (bar) { /* the row up to the divider only */
				keep = *bar;
				*bar = 0;
			}
			const char *hit = NULL;
			size_t len = strlen(pieces[i]);
			for (const char *f = strstr(rows[y], pieces[i]); f && !hit; f = strstr(f + 1, pieces[i]))
				if ((f == rows[y] || !isalpha((unsigned char)f[-1])) && !isalpha((unsigned char)f[len]))
					hit = pieces[i];
			if (bar)
				*bar = keep;
			if (hit)
				return hit;
		}
	return NULL;
}

static void test_screen_chinese_frames_have_no_english(void **state)
{
	(void)state;
	char dir[1024];
	snprintf(dir, sizeof dir, "%s", __FILE__);
	*(strrchr(dir, '/') ? strrchr(dir, '/') : dir) = 0;
	snprintf(dir + strlen(dir), sizeof dir - strlen(dir), "/golden");
	DIR *d = opendir(dir);
	assert_non_null(d);
	int frames = 0;
	static char rows[80][1024];
	for (struct dirent *e; (e = readdir(d));) {
		if (strncmp(e->d_name, "lesson-", 7) != 0)
			continue;
		const char *names[] = {"zh-80x24.txt", "zh-120x40.txt"};
		for (int k = 0; k < 2; k++) {
			char path[1400];
			snprintf(path, sizeof path, "%s/%s/%s", dir, e->d_name, names[k]);
			FILE *f = fopen(path, "r");
			if (!f)
				continue;
			int n = 0;
			while (n < 80 && fgets(rows[n], sizeof rows[n], f))
				n++;
			fclose(f);
			const char *en = english_in(rows, n);
			if (en)
				fail_msg("%s/%s shows English: '%s'", e->d_name, names[k], en);
			frames++;
		}
	}
	closedir(d);
	assert_true(frames >= 10);
}

/* The checker finds what issue 14 saw: the deadlock line and step states
 * in English, a status row's English hint. */
static void test_screen_chinese_checker_catches(void **state)
{
	(void)state;
	static char rows[4][1024] = {
		"死锁：T1 waits for lock B held by T2",
		"─ 输出 ──────",
		"",
		" 运行中  x1  ? help  q 退出",
	};
	assert_non_null(english_in(rows, 4));
	strcpy(rows[0], "");
	strcpy(rows[2], "   0.503 T1 T1 wants B (a lesson's own words)");
	assert_string_equal(english_in(rows, 4), "help");
	strcpy(rows[3], " 运行中  x1  ? 帮助  q 退出");
	assert_null(english_in(rows, 4));
	strcpy(rows[0], "┆ waiting for a step  ░ 阻塞");
	assert_non_null(english_in(rows, 4));
	strcpy(rows[0], "");
	strcpy(rows[2], "T1   runnable"); /* a word on a lane row may be a name */
	assert_null(english_in(rows, 4));
	strcpy(rows[0], "█ running  ▒ 就绪"); /* but not on the legend row */
	assert_string_equal(english_in(rows, 4), "running");
}

/* --- no widget writes outside its rectangle --------------------------------- */

#define MS 1000000LL
#define SENTINEL 0x2603u /* ☃: nothing draws it */

/* A run with a bit of everything the widgets show: lanes in every state, a
 * contended lock, a queue, long and wide (Chinese) names and lines. */
static void busy_model(model *m)
{
	fixture_fold(m, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, 1ull << 32 | 1, "main");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 0, OBJ_MUTEX, 0, "a_lock_with_a_rather_long_name");
	fixture_fold(m, 0, 0, EV_OBJ_NEW, 1, OBJ_QUEUE, 3, "队列");
	fixture_fold(m, 0, 1, EV_SPAWN, WF_NONE, 0, 1ull << 32 | 2, "a-thread-named-at-length");
	fixture_fold(m, 0, 2, EV_SPAWN, WF_NONE, 0, 1ull << 32 | 3, "线程二号");
	fixture_fold(m, 0, 0, EV_JOIN, WF_NONE, 1, 0, NULL);
	fixture_fold(m, 0, 1, EV_ACQUIRE, 0, 0, 1, NULL);
	fixture_fold(m, 10 * MS, 2, EV_BLOCK_LOCK, 0, 1, 0, NULL);
	fixture_fold(m, 40 * MS, 1, EV_RELEASE, 0, 0, 0, NULL);
	fixture_fold(m, 40 * MS, 2, EV_ACQUIRE, 0, 30 * MS, 1, NULL);
	fixture_fold(m, 40 * MS, 1, EV_SLEEP, WF_NONE, 0, 0, NULL);
	fixture_fold(m, 45 * MS, 1, EV_PRINT, WF_NONE, 0, 0,
		     "a line far wider than any panel it could be drawn in, and then some more words");
	fixture_fold(m, 50 * MS, 2, EV_RELEASE, 0, 0, 0, NULL);
	fixture_fold(m, 50 * MS, 2, EV_PRINT, WF_NONE, 0, 0, "中文的一行输出，比面板还宽得多得多得多得多");
	fixture_fold(m, 50 * MS, 2, EV_SLEEP, WF_NONE, 0, 0, NULL);
}

static int outside_writes;

/* Fails when a cell outside r is not the sentinel any more. */
static void assert_outside_untouched(const canvas *c, struct rect r, const char *widget)
{
	for (int y = 0; y < canvas_height(c); y++)
		for (int x = 0; x < canvas_width(c); x++) {
			bool in = x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
			const struct cell *cell = canvas_cell(c, x, y);
			if (!in && (cell->ch != SENTINEL || cell->style != S_WARN))
				print_message("%s in %dx%d at (%d,%d) wrote (%d,%d)\n", widget, r.w, r.h, r.x, r.y, x,
					 y), outside_writes++;
		}
}

static void test_screen_widgets_stay_in_their_rectangles(void **state)
{
	(void)state;
	model *m = model_new();
	assert_non_null(m);
	busy_model(m);
	canvas *c = canvas_new(130, 50);
	assert_non_null(c);
	const char *md = "# 标题 title\n\nSome *text* with `code` 和中文。\n\n```\nlong code line, long code line\n```\n";
	mdview *v = mdview_new(md, strlen(md), 0);
	assert_non_null(v);
	const int ws[] = {1, 2, 3, 7, 13, 41, 97}, hs[] = {1, 2, 3, 6, 17};
	for (int zh = 0; zh < 2; zh++)
		for (size_t i = 0; i < sizeof ws / sizeof *ws; i++)
			for (size_t j = 0; j < sizeof hs / sizeof *hs; j++) {
				struct rect r = {5, 4, ws[i], hs[j]};
				struct look k = {zh, zh};
				struct timeline_view tv = {0, MS, 0, 60 * MS, false};
				struct syncpanel_view sv = {0, 60 * MS, 0};
				struct status st = {.mode = "RUNNING", .speed = 1, .lesson_ns = 60 * MS,
						    .events = 15, .note = "a note", .hints = tr(M_HINTS_LESSON, zh)};
#define CHECK(name, call)                                                                          \
	do {                                                                                       \
		canvas_fill(c, (struct rect){0, 0, 130, 50}, SENTINEL, S_WARN, 0);                  \
		call;                                                                              \
		assert_outside_untouched(c, r, name);                                              \
	} while (0)
				CHECK("timeline", timeline_draw(c, r, m, &tv, &k));
				CHECK("syncpanel", syncpanel_draw(c, r, m, &sv, &k));
				CHECK("looppanel", looppanel_draw(c, r, m, 0, 60 * MS, 60 * MS, &k));
				CHECK("poolview", poolview_draw(c, r, m, 0, 60 * MS, 60 * MS, &k));
				CHECK("console", console_draw(c, r, m, 0, &k));
				CHECK("browser", browser_draw(c, r, 3, &k));
				CHECK("statusbar", statusbar_draw(c, (struct rect){r.x, r.y, r.w, 1}, &st, &k));
				CHECK("panel_title", panel_title(c, (struct rect){r.x, r.y, r.w, 1}, "同步对象 Sync", true, &k));
				CHECK("source", source_draw(c, r, m, "int main(void)\n{\n\treturn 0; /* 中文 */\n}\n", 0, &k));
				if (mdview_layout(v, r.w) >= 0)
					CHECK("mdview", mdview_draw(v, c, r, 0));
#undef CHECK
			}
	mdview_free(v);
	canvas_free(c);
	model_free(m);
	assert_int_equal(outside_writes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_screen_status_keeps_help_and_quit),
		cmocka_unit_test(test_screen_status_drops_last_hints_first),
		cmocka_unit_test(test_screen_browser_marks_cut_titles),
		cmocka_unit_test(test_screen_ascii_frame_is_ascii),
		cmocka_unit_test(test_screen_texts_name_what_exists),
		cmocka_unit_test(test_screen_text_checker_catches),
		cmocka_unit_test(test_screen_chinese_frames_have_no_english),
		cmocka_unit_test(test_screen_chinese_checker_catches),
		cmocka_unit_test(test_screen_widgets_stay_in_their_rectangles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
