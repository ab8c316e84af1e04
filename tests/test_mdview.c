/*
 * test_mdview.c - lesson texts parsed, laid out and drawn.
 *
 * Each test renders Markdown into the fixture's canvas and compares rows as
 * strings (trailing spaces trimmed).  The view is laid out to the width
 * under test but drawn into a rect as wide as the canvas, so a line wider
 * than its layout would show instead of being clipped away.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "embedded.h"
#include "mdview.h"
#include "utf8.h"

#define CW 100 /* canvas columns: wider than any layout under test */
#define CH 400

struct fixture {
	canvas *c;
	mdview *v;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (!f)
		return -1;
	f->c = canvas_new(CW, CH);
	*state = f;
	return f->c ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mdview_free(f->v);
	canvas_free(f->c);
	free(f);
	return 0;
}

/* Parses md, lays it out `width` wide and draws it from line 0; returns the
 * number of lines. */
static int render(struct fixture *f, const char *md, size_t len, int width, int ascii)
{
	int n;

	mdview_free(f->v);
	f->v = mdview_new(md, len, ascii);
	assert_non_null(f->v);
	n = mdview_layout(f->v, width);
	assert_true(n >= 0 && n <= CH);
	canvas_clear(f->c);
	mdview_draw(f->v, f->c, (struct rect){0, 0, CW, CH}, 0);
	return n;
}

static int render_str(struct fixture *f, const char *md, int width)
{
	return render(f, md, strlen(md), width, 0);
}

/* Row y, trailing spaces trimmed. */
static const char *row(const struct fixture *f, int y)
{
	static char buf[CW * 4 + 1];
	size_t len = canvas_row_text(f->c, y, buf, sizeof buf);

	while (len > 0 && buf[len - 1] == ' ')
		buf[--len] = '\0';
	return buf;
}

/* The rendered text is exactly these rows. */
static void assert_rows(const struct fixture *f, int lines, const char *const *want, int n)
{
	int y;

	for (y = 0; y < n; y++)
		assert_string_equal(row(f, y), want[y]);
	assert_int_equal(lines, n);
	assert_string_equal(row(f, n), "");
}

#define ASSERT_ROWS(f, lines, ...)                                                                 \
	do {                                                                                       \
		const char *const want_[] = {__VA_ARGS__};                                         \
		assert_rows(f, lines, want_, (int)(sizeof want_ / sizeof want_[0]));               \
	} while (0)

/* Columns from `width` on are blank in every row. */
static void assert_within(const struct fixture *f, int width)
{
	int x, y;

	for (y = 0; y < CH; y++)
		for (x = width; x < CW; x++)
			assert_int_equal(canvas_cell(f->c, x, y)->ch, ' ');
}

/* The first character of row y that is not a space. */
static const struct cell *first_glyph(const struct fixture *f, int y)
{
	int x;

	for (x = 0; x < CW; x++)
		if (canvas_cell(f->c, x, y)->ch != ' ')
			return canvas_cell(f->c, x, y);
	return NULL;
}

static int is_closing_punct(uint32_t cp)
{
	static const uint32_t set[] = {0xff0c, 0x3002, 0x3001, 0xff1b, 0xff1a, 0xff1f,
	                               0xff01, 0xff09, 0x300d, 0x300f, 0x3011, 0x300b};
	size_t i;

	for (i = 0; i < sizeof set / sizeof set[0]; i++)
		if (cp == set[i])
			return 1;
	return 0;
}

/* No row of prose starts with closing punctuation. */
static void assert_no_closing_at_line_start(const struct fixture *f, int lines)
{
	int y;

	for (y = 0; y < lines; y++) {
		const struct cell *p = first_glyph(f, y);

		if (p && p->style != S_CODE && is_closing_punct(p->ch))
			fail_msg("row %d starts with closing punctuation: \"%s\"", y, row(f, y));
	}
}

static void test_mdview_blocks_at_width_20(void **state)
{
	struct fixture *f = *state;
	const char *md = "# Locks\n"
	                 "\n"
	                 "A mutex guards shared data from two threads.\n"
	                 "\n"
	                 "- first item\n"
	                 "- second item that wraps around\n"
	                 "\n"
	                 "```c\n"
	                 "lock(&m);\n"
	                 "```\n";
	static const char *const want[] = {
	    "Locks",
	    "═════",
	    "",
	    "A mutex guards",
	    "shared data from two",
	    "threads.",
	    "",
	    "• first item",
	    "• second item that",
	    "  wraps around",
	    "",
	    "  lock(&m);",
	};
	int n = render_str(f, md, 20);

	assert_rows(f, n, want, (int)(sizeof want / sizeof want[0]));
	assert_string_equal(mdview_title(f->v), "Locks");
}

static void test_mdview_styles_of_runs(void **state)
{
	struct fixture *f = *state;

	render_str(f, "# Title\n\nplain `code` **bold** *em* [link](http://x)\n\n    block\n", 40);
	assert_string_equal(row(f, 3), "plain code bold em link");
	assert_int_equal(canvas_cell(f->c, 0, 0)->style, S_TITLE);
	assert_true(canvas_cell(f->c, 0, 0)->attr & A_BOLD_);
	assert_int_equal(canvas_cell(f->c, 0, 1)->style, S_TITLE); /* the rule under H1 */
	assert_int_equal(canvas_cell(f->c, 0, 3)->style, S_NORMAL);
	assert_int_equal(canvas_cell(f->c, 6, 3)->style, S_CODE);
	assert_true(canvas_cell(f->c, 11, 3)->attr & A_BOLD_);
	assert_true(canvas_cell(f->c, 16, 3)->attr & A_UNDERLINE_);
	assert_int_equal(canvas_cell(f->c, 19, 3)->style, S_ACCENT);
	assert_string_equal(row(f, 5), "  block");
	assert_int_equal(canvas_cell(f->c, 2, 5)->style, S_CODE);
}

static void test_mdview_chinese_wraps_within_width(void **state)
{
	struct fixture *f = *state;
	int n = render_str(f, "一二三四五，六七八九十。一二三四五六七八九十，好。", 10);

	/* Naive breaking would start rows 2 and 6 with ， and 。: the character
	 * before each comes down with it instead. */
	ASSERT_ROWS(f, n, "一二三四", "五，六七八", "九十。一二", "三四五六七", "八九十，", "好。");
	assert_within(f, 10);
	assert_no_closing_at_line_start(f, n);
}

static void test_mdview_long_latin_word_hard_wrapped(void **state)
{
	struct fixture *f = *state;
	int n = render_str(f, "supercalifragilisticexpialidocious word", 10);

	ASSERT_ROWS(f, n, "supercalif", "ragilistic", "expialidoc", "ious word");
}

static void test_mdview_hard_wrap_keeps_comma_with_word(void **state)
{
	struct fixture *f = *state;
	int n = render_str(f, "abcdefghij，k", 10);

	/* Cut after 10 columns, "，" would start a line: cut one earlier. */
	ASSERT_ROWS(f, n, "abcdefghi", "j，k");
}

static void test_mdview_hard_wrap_keeps_two_closing_marks_with_word(void **state)
{
	struct fixture *f = *state;
	int n = render_str(f, "abcdefghi）。k", 10);

	/* "）" and "。" both close: neither may start a line, so "i" comes
	 * down with them. */
	ASSERT_ROWS(f, n, "abcdefgh", "i）。k");
	assert_no_closing_at_line_start(f, n);
}

static void test_mdview_mixed_chinese_and_english(void **state)
{
	struct fixture *f = *state;
	const char *md = "Weft 用 mutex 保护 counter，再跑一次 race 看看。";
	int n = render_str(f, md, 16);

	ASSERT_ROWS(f, n, "Weft 用 mutex 保", "护 counter，再跑", "一次 race 看看。");
	n = render_str(f, md, 12);
	ASSERT_ROWS(f, n, "Weft 用", "mutex 保护", "counter，再", "跑一次 race", "看看。");
	assert_within(f, 12);
}

static void test_mdview_soft_break_between_chinese_vanishes(void **state)
{
	struct fixture *f = *state;
	int n = render_str(f, "中文\n段落 and\nEnglish", 40);

	ASSERT_ROWS(f, n, "中文段落 and English");
}

static void test_mdview_hard_break(void **state)
{
	struct fixture *f = *state;
	int n = render_str(f, "one\\\ntwo  \nthree", 40);

	ASSERT_ROWS(f, n, "one", "two", "three");
}

static void test_mdview_ordered_and_nested_lists_hang(void **state)
{
	struct fixture *f = *state;
	const char *md = "3. first step is long\n"
	                 "4. second\n"
	                 "   - nested item wraps\n";
	int n = render(f, md, strlen(md), 16, 1);

	ASSERT_ROWS(f, n, "3. first step is", "   long", "4. second", "   * nested item",
	            "     wraps");
}

static void test_mdview_loose_list_has_gaps(void **state)
{
	struct fixture *f = *state;
	int n = render_str(f, "- a\n\n  more a\n- b\n\nafter\n", 20);

	ASSERT_ROWS(f, n, "• a", "", "  more a", "", "• b", "", "after");
}

static void test_mdview_quote_and_rule(void **state)
{
	struct fixture *f = *state;
	int n = render_str(f, "> q1\n>\n> q2\n\n---\n\nend\n", 6);

	ASSERT_ROWS(f, n, "│ q1", "│", "│ q2", "", "──────", "", "end");
	n = render(f, "a\n\n***\n", 7, 4, 1);
	ASSERT_ROWS(f, n, "a", "", "----");
}

static void test_mdview_code_block_cut_at_width(void **state)
{
	struct fixture *f = *state;
	int n = render_str(f, "```\nabcdefghijklmnop\n\tx\n\ny，\n```\n", 10);

	/* never wrapped (Python's indentation would break): cut with a mark */
	ASSERT_ROWS(f, n, "  abcdefg…", "      x", "", "  y，");
	assert_int_equal(canvas_cell(f->c, 2, 0)->style, S_CODE);
	assert_int_equal(mdview_code_width(f->v), 18);
}

/* Scrolled sideways, code shows a mark on the side where text is hidden;
 * the prose around it is not moved. */
static void test_mdview_code_block_scrolls_sideways(void **state)
{
	struct fixture *f = *state;
	const char *md = "prose here\n\n```\n    task1 = create_task(say(3, \"hello\"))\nx\n```\n";

	mdview_free(f->v);
	f->v = mdview_new(md, strlen(md), 0);
	assert_non_null(f->v);
	mdview_set_hscroll(f->v, 4);
	int n = mdview_layout(f->v, 20);
	mdview_draw(f->v, f->c, (struct rect){0, 0, 20, n}, 0);
	ASSERT_ROWS(f, n, "prose here", "", "  …task1 = create_t…", "  …");
	mdview_set_hscroll(f->v, 0);
	n = mdview_layout(f->v, 20);
	mdview_draw(f->v, f->c, (struct rect){0, 0, 20, n}, 0);
	ASSERT_ROWS(f, n, "prose here", "", "      task1 = creat…", "  x");
}

static void test_mdview_entities_and_nul(void **state)
{
	struct fixture *f = *state;
	int n = render_str(f, "&amp; &lt;b&gt; &#20013; &#x6587; &bogus;", 40);

	ASSERT_ROWS(f, n, "& <b> 中 文 &bogus;");
	n = render(f, "a\0b", 3, 40, 0);
	ASSERT_ROWS(f, n, "a\uFFFDb"); /* NUL shows as U+FFFD */
}

static void test_mdview_title_of_first_h1(void **state)
{
	struct fixture *f = *state;

	render_str(f, "intro\n\n## not this\n\n# 竞态：丢失的更新\n\n# second\n", 40);
	assert_string_equal(mdview_title(f->v), "竞态：丢失的更新");
	render_str(f, "Lost\nupdate\n======\n", 40);
	assert_string_equal(mdview_title(f->v), "Lost update");
	render_str(f, "## only H2\n", 40);
	assert_string_equal(mdview_title(f->v), "");
}

static void test_mdview_empty_text(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(render_str(f, "", 20), 0);
	assert_string_equal(mdview_title(f->v), "");
	mdview_free(f->v);
	f->v = mdview_new(NULL, 0, 0);
	assert_non_null(f->v);
	assert_int_equal(mdview_layout(f->v, 20), 0);
}

static void test_mdview_layout_follows_width(void **state)
{
	struct fixture *f = *state;
	const char *md = "one two three four five six seven eight nine ten";
	int wide = render_str(f, md, 40), narrow;

	narrow = mdview_layout(f->v, 10);
	assert_true(narrow > wide);
	assert_int_equal(mdview_layout(f->v, 10), narrow);
	assert_int_equal(mdview_layout(f->v, 40), wide);
	assert_int_equal(mdview_layout(f->v, 0), 0);
	canvas_clear(f->c);
	mdview_draw(f->v, f->c, (struct rect){0, 0, CW, CH}, 0);
	assert_string_equal(row(f, 0), ""); /* no layout, nothing drawn */
}

static void test_mdview_draw_scrolls_and_clips_to_rect(void **state)
{
	struct fixture *f = *state;

	render_str(f, "aaaa bbbb cccc", 4);
	canvas_fill(f->c, (struct rect){0, 0, 10, 4}, '.', S_NORMAL, 0);
	mdview_draw(f->v, f->c, (struct rect){2, 1, 3, 3}, 1);
	assert_string_equal(row(f, 0), "..........");
	assert_string_equal(row(f, 1), "..bbb.....");
	assert_string_equal(row(f, 2), "..ccc.....");
	assert_string_equal(row(f, 3), "..   ....."); /* past the last line: cleared */
	mdview_draw(f->v, f->c, (struct rect){0, 0, 10, 1}, -1);
	assert_string_equal(row(f, 0), "");
}

static void test_mdview_narrow_widths_never_overflow(void **state)
{
	struct fixture *f = *state;
	const char *md = "# 标题 Title\n\n- 列表项目，很长很长的一项 with words\n  1. 嵌套\n\n"
	                 "> 引用，引用\n\n```\n代码，code\n```\n";
	int width;

	for (width = 1; width <= 12; width++) {
		render_str(f, md, width);
		assert_within(f, width);
	}
}

/* A fixed pseudo-random sequence (xorshift32), so failures reproduce. */
static uint32_t next_random(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void test_mdview_random_input_stays_within_width(void **state)
{
	struct fixture *f = *state;
	static const char *const pieces[] = {
	    "中",   "，",       "。",    "（",    " ",  "\n",    "\n\n",   "- ",   "1. ",
	    "# ",   "> ",       "`",     "```\n", "*",  "_",     "[a](b)", "word", "\t",
	    "\xff", "\xe4\xb8", "&amp;", "&#0;",  "  ", "---\n", "\\\n",   "😀",    "e\xcc\x81",
	};
	uint32_t seed = 0x5eed;
	int round;

	for (round = 0; round < 300; round++) {
		char md[512];
		size_t len = 0;
		int width = (int)(next_random(&seed) % 30) + 1;
		int pieces_n = (int)(next_random(&seed) % 60);

		while (pieces_n-- > 0) {
			const char *p =
			    pieces[next_random(&seed) % (sizeof pieces / sizeof pieces[0])];

			memcpy(md + len, p, strlen(p));
			len += strlen(p);
		}
		render(f, md, len, width, (int)(round & 1));
		assert_within(f, width);
	}
}

static void test_mdview_lesson_texts_fit(void **state)
{
	struct fixture *f = *state;
	static const int widths[] = {14, 20, 33, 47, 80};
	const struct embedded_file *e;
	int files = 0;
	size_t i;

	for (e = embedded_files; e->path; e++) {
		if (!strstr(e->path, ".md"))
			continue;
		files++;
		for (i = 0; i < sizeof widths / sizeof widths[0]; i++) {
			int n = render(f, e->data, e->size, widths[i], 0);

			assert_true(n > 0);
			assert_within(f, widths[i]);
			assert_no_closing_at_line_start(f, n);
		}
		assert_true(mdview_title(f->v)[0] != '\0');
	}
	assert_true(files > 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_mdview_blocks_at_width_20),
	    T(test_mdview_styles_of_runs),
	    T(test_mdview_chinese_wraps_within_width),
	    T(test_mdview_long_latin_word_hard_wrapped),
	    T(test_mdview_hard_wrap_keeps_comma_with_word),
	    T(test_mdview_hard_wrap_keeps_two_closing_marks_with_word),
	    T(test_mdview_mixed_chinese_and_english),
	    T(test_mdview_soft_break_between_chinese_vanishes),
	    T(test_mdview_hard_break),
	    T(test_mdview_ordered_and_nested_lists_hang),
	    T(test_mdview_loose_list_has_gaps),
	    T(test_mdview_quote_and_rule),
	    T(test_mdview_code_block_cut_at_width),
	    T(test_mdview_code_block_scrolls_sideways),
	    T(test_mdview_entities_and_nul),
	    T(test_mdview_title_of_first_h1),
	    T(test_mdview_empty_text),
	    T(test_mdview_layout_follows_width),
	    T(test_mdview_draw_scrolls_and_clips_to_rect),
	    T(test_mdview_narrow_widths_never_overflow),
	    T(test_mdview_random_input_stays_within_width),
	    T(test_mdview_lesson_texts_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
