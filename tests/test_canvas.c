/*
 * test_canvas.c - the cell grid: clipping, wide characters, rows as text,
 * and the headless backend that prints them.
 *
 * The fixture is a fresh 10x3 canvas.  Rows are compared as strings; after
 * every drawing test the grid is checked for half characters (a tail
 * without its head, a wide head without its tail).
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
#include "headless.h"
#include "utf8.h"

#define W 10
#define H 3

static int setup(void **state)
{
	*state = canvas_new(W, H);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	canvas_free(*state);
	return 0;
}

/* Row y as UTF-8, trailing spaces kept. */
static const char *row(const canvas *c, int y)
{
	static char buf[256];

	canvas_row_text(c, y, buf, sizeof buf);
	return buf;
}

/* Fails the test if any wide character is split. */
static void assert_no_half_characters(const canvas *c)
{
	int x, y;

	for (y = 0; y < canvas_height(c); y++) {
		for (x = 0; x < canvas_width(c); x++) {
			uint32_t ch = canvas_cell(c, x, y)->ch;

			if (ch == CANVAS_WIDE_TAIL) {
				assert_true(x > 0);
				assert_int_equal(cell_width(canvas_cell(c, x - 1, y)->ch), 2);
			} else if (cell_width(ch) == 2) {
				assert_true(x + 1 < canvas_width(c));
				assert_int_equal(canvas_cell(c, x + 1, y)->ch, CANVAS_WIDE_TAIL);
			} else {
				assert_int_equal(cell_width(ch), 1);
			}
		}
	}
}

static void test_canvas_new_is_blank(void **state)
{
	canvas *c = *state;
	const struct cell *p = canvas_cell(c, W - 1, H - 1);

	assert_int_equal(canvas_width(c), W);
	assert_int_equal(canvas_height(c), H);
	assert_string_equal(row(c, 0), "          ");
	assert_int_equal(p->ch, ' ');
	assert_int_equal(p->style, S_NORMAL);
	assert_int_equal(p->attr, 0);
	assert_null(canvas_cell(c, W, 0));
	assert_null(canvas_cell(c, 0, -1));
}

static void test_canvas_put_clips_outside(void **state)
{
	canvas *c = *state;

	assert_int_equal(canvas_put(c, -1, 0, 'a', S_NORMAL, 0), 0);
	assert_int_equal(canvas_put(c, W, 0, 'a', S_NORMAL, 0), 0);
	assert_int_equal(canvas_put(c, 0, H, 'a', S_NORMAL, 0), 0);
	assert_int_equal(canvas_put(c, 0, -1, 'a', S_NORMAL, 0), 0);
	assert_int_equal(canvas_put(c, W - 1, 0, 'z', S_ACCENT, A_BOLD_), 1);
	assert_string_equal(row(c, 0), "         z");
	assert_int_equal(canvas_cell(c, W - 1, 0)->style, S_ACCENT);
	assert_int_equal(canvas_cell(c, W - 1, 0)->attr, A_BOLD_);
}

static void test_canvas_put_wide_takes_two_cells(void **state)
{
	canvas *c = *state;

	assert_int_equal(canvas_put(c, 2, 0, 0x4e2d, S_TITLE, 0), 2);
	assert_int_equal(canvas_cell(c, 2, 0)->ch, 0x4e2d);
	assert_int_equal(canvas_cell(c, 3, 0)->ch, CANVAS_WIDE_TAIL);
	assert_int_equal(canvas_cell(c, 3, 0)->style, S_TITLE);
	assert_string_equal(row(c, 0), "  中      ");
	assert_no_half_characters(c);
}

static void test_canvas_put_wide_at_last_column_becomes_space(void **state)
{
	canvas *c = *state;

	canvas_put(c, W - 1, 0, 'x', S_NORMAL, 0);
	assert_int_equal(canvas_put(c, W - 1, 0, 0x4e2d, S_NORMAL, 0), 1);
	assert_int_equal(canvas_cell(c, W - 1, 0)->ch, ' ');
	assert_no_half_characters(c);
}

static void test_canvas_put_wide_half_left_of_edge_becomes_space(void **state)
{
	canvas *c = *state;

	canvas_put(c, 0, 0, 'x', S_NORMAL, 0);
	assert_int_equal(canvas_put(c, -1, 0, 0x4e2d, S_NORMAL, 0), 1);
	assert_int_equal(canvas_cell(c, 0, 0)->ch, ' ');
	assert_no_half_characters(c);
}

static void test_canvas_overwrite_right_half_clears_left(void **state)
{
	canvas *c = *state;

	canvas_put(c, 2, 0, 0x4e2d, S_ACCENT, A_REVERSE_);
	canvas_put(c, 3, 0, 'a', S_NORMAL, 0);
	assert_string_equal(row(c, 0), "   a      ");
	/* The orphaned half keeps its look, so a highlighted bar stays whole. */
	assert_int_equal(canvas_cell(c, 2, 0)->style, S_ACCENT);
	assert_int_equal(canvas_cell(c, 2, 0)->attr, A_REVERSE_);
	assert_no_half_characters(c);
}

static void test_canvas_overwrite_left_half_clears_right(void **state)
{
	canvas *c = *state;

	canvas_put(c, 2, 0, 0x4e2d, S_NORMAL, 0);
	canvas_put(c, 2, 0, 'a', S_NORMAL, 0);
	assert_string_equal(row(c, 0), "  a       ");
	assert_no_half_characters(c);
}

static void test_canvas_overwrite_wide_with_offset_wide(void **state)
{
	canvas *c = *state;

	canvas_text(c, 2, 0, W, "中文", S_NORMAL, 0); /* columns 2-5 */
	canvas_put(c, 3, 0, 0x5b57, S_NORMAL, 0);     /* 字 over both halves' edge */
	assert_string_equal(row(c, 0), "   字     ");
	assert_no_half_characters(c);
}

static void test_canvas_control_characters_skipped(void **state)
{
	canvas *c = *state;

	assert_int_equal(canvas_put(c, 0, 0, '\n', S_NORMAL, 0), 0);
	assert_int_equal(canvas_put(c, 0, 0, 0x0301, S_NORMAL, 0), 0);
	assert_int_equal(canvas_text(c, 0, 0, W, "a\tb\177c", S_NORMAL, 0), 3);
	assert_string_equal(row(c, 0), "abc       ");
	assert_int_equal(canvas_text(c, 0, 1, W, "a\tb", S_NORMAL, 0), utf8_width("a\tb"));
}

static void test_canvas_put_unencodable_as_replacement(void **state)
{
	canvas *c = *state;

	assert_int_equal(canvas_put(c, 0, 0, 0xd800, S_NORMAL, 0), 1);
	assert_int_equal(canvas_cell(c, 0, 0)->ch, UTF8_REPLACEMENT);
	assert_int_equal(canvas_put(c, 1, 0, CANVAS_WIDE_TAIL, S_NORMAL, 0), 1);
	assert_int_equal(canvas_cell(c, 1, 0)->ch, UTF8_REPLACEMENT);
	assert_no_half_characters(c);
}

static void test_canvas_text_clips_at_edge(void **state)
{
	canvas *c = *state;

	assert_int_equal(canvas_text(c, 5, 0, 100, "hello world", S_NORMAL, 0), 5);
	assert_string_equal(row(c, 0), "     hello");
	assert_int_equal(canvas_text(c, -3, 1, 100, "abcdef", S_NORMAL, 0), 6);
	assert_string_equal(row(c, 1), "def       ");
	assert_int_equal(canvas_text(c, 0, H, 100, "nothing", S_NORMAL, 0), 0);
}

static void test_canvas_text_stops_at_maxw(void **state)
{
	canvas *c = *state;

	assert_int_equal(canvas_text(c, 1, 0, 3, "hello", S_NORMAL, 0), 3);
	assert_string_equal(row(c, 0), " hel      ");
	assert_int_equal(canvas_text(c, 1, 1, 0, "hello", S_NORMAL, 0), 0);
	assert_int_equal(canvas_text(c, 1, 1, -5, "hello", S_NORMAL, 0), 0);
	assert_string_equal(row(c, 1), "          ");
}

static void test_canvas_text_wide_cut_by_maxw_leaves_space(void **state)
{
	canvas *c = *state;

	canvas_text(c, 0, 0, W, "xxxxxxxxxx", S_NORMAL, 0);
	assert_int_equal(canvas_text(c, 0, 0, 3, "中文", S_NORMAL, 0), 3);
	assert_string_equal(row(c, 0), "中 xxxxxxx");
	assert_no_half_characters(c);
}

static void test_canvas_text_wide_at_edge_leaves_space(void **state)
{
	canvas *c = *state;

	assert_int_equal(canvas_text(c, 7, 0, 100, "a中文", S_NORMAL, 0), 3);
	assert_string_equal(row(c, 0), "       a中");
	assert_int_equal(canvas_text(c, 6, 1, 100, "a中文", S_NORMAL, 0), 4);
	assert_string_equal(row(c, 1), "      a中 ");
	assert_no_half_characters(c);
}

static void test_canvas_text_invalid_bytes_as_replacement(void **state)
{
	canvas *c = *state;

	assert_int_equal(canvas_text(c, 0, 0, W, "a\377b\344\270", S_NORMAL, 0), 5);
	assert_string_equal(row(c, 0), "a\uFFFDb\uFFFD\uFFFD     ");
}

static void test_canvas_row_text_round_trips_chinese(void **state)
{
	canvas *c = *state;
	const char *s = "中文abc，";

	assert_int_equal(canvas_text(c, 0, 0, W, s, S_NORMAL, 0), 9);
	assert_string_equal(row(c, 0), "中文abc， ");
	assert_int_equal(canvas_row_text(c, 0, (char[64]){0}, 64), strlen(s) + 1);
}

static void test_canvas_row_text_small_buffer_keeps_whole_characters(void **state)
{
	canvas *c = *state;
	char buf[5];

	canvas_text(c, 0, 0, W, "中文", S_NORMAL, 0);
	assert_int_equal(canvas_row_text(c, 0, buf, sizeof buf), 3);
	assert_string_equal(buf, "中");
	assert_int_equal(canvas_row_text(c, H, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
	assert_int_equal(canvas_row_text(c, 0, buf, 0), 0);
}

static void test_canvas_fill_wide_in_odd_rect(void **state)
{
	canvas *c = *state;

	canvas_fill(c, (struct rect){1, 1, 5, 2}, 0x4e2d, S_BORDER, 0);
	assert_string_equal(row(c, 0), "          ");
	assert_string_equal(row(c, 1), " 中中     ");
	assert_string_equal(row(c, 2), " 中中     ");
	assert_int_equal(canvas_cell(c, 5, 1)->style, S_BORDER);
	canvas_fill(c, (struct rect){-2, 0, 100, 1}, '#', S_NORMAL, 0);
	assert_string_equal(row(c, 0), "##########");
	assert_no_half_characters(c);
}

static void test_canvas_clear_and_resize(void **state)
{
	canvas *c = *state;

	canvas_text(c, 0, 0, W, "abc", S_WARN, A_BOLD_);
	canvas_clear(c);
	assert_string_equal(row(c, 0), "          ");
	assert_int_equal(canvas_cell(c, 0, 0)->style, S_NORMAL);
	canvas_text(c, 0, 0, W, "abc", S_NORMAL, 0);
	assert_int_equal(canvas_resize(c, 4, 5), 0);
	assert_int_equal(canvas_width(c), 4);
	assert_int_equal(canvas_height(c), 5);
	assert_string_equal(row(c, 0), "    ");
	assert_string_equal(row(c, 4), "    ");
	assert_int_equal(canvas_resize(c, 0, 0), 0);
	assert_int_equal(canvas_put(c, 0, 0, 'a', S_NORMAL, 0), 0);
	assert_string_equal(row(c, 0), "");
}

static void test_canvas_printf_formats(void **state)
{
	canvas *c = *state;

	assert_int_equal(canvas_printf(c, 0, 0, W, S_NORMAL, 0, "%d/%s", 42, "中"), 5);
	assert_string_equal(row(c, 0), "42/中     ");
}

static void test_canvas_headless_print_trims_rows(void **state)
{
	canvas *c = *state;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	canvas_text(c, 0, 0, W, "ab  ", S_NORMAL, 0);
	canvas_text(c, 8, 2, W, "中", S_ACCENT, 0);
	headless_print(c, f);
	fclose(f);
	assert_string_equal(out, "ab\n\n        中\n");
	free(out);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_canvas_new_is_blank),
	    T(test_canvas_put_clips_outside),
	    T(test_canvas_put_wide_takes_two_cells),
	    T(test_canvas_put_wide_at_last_column_becomes_space),
	    T(test_canvas_put_wide_half_left_of_edge_becomes_space),
	    T(test_canvas_overwrite_right_half_clears_left),
	    T(test_canvas_overwrite_left_half_clears_right),
	    T(test_canvas_overwrite_wide_with_offset_wide),
	    T(test_canvas_control_characters_skipped),
	    T(test_canvas_put_unencodable_as_replacement),
	    T(test_canvas_text_clips_at_edge),
	    T(test_canvas_text_stops_at_maxw),
	    T(test_canvas_text_wide_cut_by_maxw_leaves_space),
	    T(test_canvas_text_wide_at_edge_leaves_space),
	    T(test_canvas_text_invalid_bytes_as_replacement),
	    T(test_canvas_row_text_round_trips_chinese),
	    T(test_canvas_row_text_small_buffer_keeps_whole_characters),
	    T(test_canvas_fill_wide_in_odd_rect),
	    T(test_canvas_clear_and_resize),
	    T(test_canvas_printf_formats),
	    T(test_canvas_headless_print_trims_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
