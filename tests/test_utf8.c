/*
 * test_utf8.c - decoding UTF-8 and measuring it in columns, without a locale.
 *
 * The module is stateless, so there is no fixture.  Every invalid input is
 * checked for both halves of the contract: U+FFFD comes out, and exactly one
 * byte is consumed so a loop moves on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "utf8.h"

/* Decodes the first code point of the n bytes at s and checks it. */
static void expect_decode(const char *s, size_t n, uint32_t cp, size_t used)
{
	uint32_t got = 0;

	assert_int_equal(utf8_decode(s, n, &got), used);
	assert_int_equal(got, cp);
}

static void test_utf8_decode_one_to_four_bytes(void **state)
{
	(void)state;
	expect_decode("A", 1, 'A', 1);
	expect_decode("\xc3\xa9", 2, 0xe9, 2);            /* é */
	expect_decode("\xe4\xb8\xad", 3, 0x4e2d, 3);      /* 中 */
	expect_decode("\xf0\x9f\x98\x80", 4, 0x1f600, 4); /* 😀 */
	expect_decode("\xf4\x8f\xbf\xbf", 4, 0x10ffff, 4);
}

static void test_utf8_decode_stops_at_n(void **state)
{
	uint32_t cp = 1;

	(void)state;
	assert_int_equal(utf8_decode("abc", 0, &cp), 0);
	expect_decode("\xe4\xb8\xad", 2, UTF8_REPLACEMENT, 1); /* 中 cut by n */
}

static void test_utf8_decode_invalid_gives_replacement(void **state)
{
	(void)state;
	expect_decode("\x80", 1, UTF8_REPLACEMENT, 1);             /* stray continuation */
	expect_decode("\xff", 1, UTF8_REPLACEMENT, 1);             /* never valid */
	expect_decode("\xc0\xaf", 2, UTF8_REPLACEMENT, 1);         /* overlong '/' */
	expect_decode("\xe0\x80\xaf", 3, UTF8_REPLACEMENT, 1);     /* overlong, 3 bytes */
	expect_decode("\xed\xa0\x80", 3, UTF8_REPLACEMENT, 1);     /* surrogate D800 */
	expect_decode("\xf4\x90\x80\x80", 4, UTF8_REPLACEMENT, 1); /* 0x110000 */
	expect_decode("\xe4\x41\x41", 3, UTF8_REPLACEMENT, 1);     /* bad continuation */
}

static void test_utf8_decode_truncated_resynchronises(void **state)
{
	/* 'a', a 3-byte lead with one continuation, 'b', then a cut 4-byte one. */
	const char s[] = "a\344\270b\360\237\230";
	const uint32_t want[] = {'a',
	                         UTF8_REPLACEMENT,
	                         UTF8_REPLACEMENT,
	                         'b',
	                         UTF8_REPLACEMENT,
	                         UTF8_REPLACEMENT,
	                         UTF8_REPLACEMENT};
	size_t off = 0, n = sizeof s - 1, i = 0;

	(void)state;
	while (off < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + off, n - off, &cp);

		assert_true(k >= 1);
		assert_true(i < sizeof want / sizeof want[0]);
		assert_int_equal(cp, want[i]);
		off += k;
		i++;
	}
	assert_int_equal(i, sizeof want / sizeof want[0]);
}

static void test_utf8_encode_round_trips(void **state)
{
	const uint32_t cps[] = {0,      'z',    0x7f,    0x80,    0x7ff,   0x800,
	                        0x4e2d, 0xffff, 0x10000, 0x1f600, 0x10ffff};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char buf[4];
		uint32_t back;
		size_t k = utf8_encode(cps[i], buf);

		assert_int_equal(utf8_decode(buf, k, &back), k);
		assert_int_equal(back, cps[i]);
	}
}

static void test_utf8_encode_unencodable_as_replacement(void **state)
{
	char buf[4];

	(void)state;
	assert_int_equal(utf8_encode(0xd800, buf), 3);
	assert_memory_equal(buf, "\xef\xbf\xbd", 3);
	assert_int_equal(utf8_encode(0x110000, buf), 3);
	assert_memory_equal(buf, "\xef\xbf\xbd", 3);
}

static void test_utf8_cell_width_ascii(void **state)
{
	(void)state;
	assert_int_equal(cell_width('a'), 1);
	assert_int_equal(cell_width(' '), 1);
	assert_int_equal(cell_width('~'), 1);
}

static void test_utf8_cell_width_wide(void **state)
{
	(void)state;
	assert_int_equal(cell_width(0x4e2d), 2);  /* 中 */
	assert_int_equal(cell_width(0xff0c), 2);  /* ， full-width comma */
	assert_int_equal(cell_width(0x3002), 2);  /* 。 */
	assert_int_equal(cell_width(0x3000), 2);  /* ideographic space */
	assert_int_equal(cell_width(0x3042), 2);  /* あ */
	assert_int_equal(cell_width(0x30a2), 2);  /* ア */
	assert_int_equal(cell_width(0xac00), 2);  /* 가 */
	assert_int_equal(cell_width(0xff21), 2);  /* Ａ */
	assert_int_equal(cell_width(0x20000), 2); /* CJK extension B */
}

static void test_utf8_cell_width_emoji(void **state)
{
	(void)state;
	assert_int_equal(cell_width(0x1f600), 2); /* 😀 */
	assert_int_equal(cell_width(0x1f680), 2); /* 🚀 */
	assert_int_equal(cell_width(0x1f914), 2); /* 🤔 */
	assert_int_equal(cell_width(0x2705), 2);  /* ✅ */
}

static void test_utf8_cell_width_zero(void **state)
{
	(void)state;
	assert_int_equal(cell_width(0x0301), 0); /* combining acute */
	assert_int_equal(cell_width(0x200b), 0); /* zero-width space */
	assert_int_equal(cell_width(0x200d), 0); /* zero-width joiner */
	assert_int_equal(cell_width(0xfe0f), 0); /* variation selector 16 */
	assert_int_equal(cell_width(0x3099), 0); /* kana voicing mark, inside a wide block */
	assert_int_equal(cell_width(0), 0);
	assert_int_equal(cell_width('\n'), 0);
	assert_int_equal(cell_width('\t'), 0);
	assert_int_equal(cell_width(0x7f), 0);
	assert_int_equal(cell_width(0x85), 0);
	assert_int_equal(cell_width(0xffffffffu), 0);
}

static void test_utf8_cell_width_ambiguous_is_narrow(void **state)
{
	(void)state;
	assert_int_equal(cell_width(0x2500), 1); /* ─ */
	assert_int_equal(cell_width(0x2022), 1); /* • */
	assert_int_equal(cell_width(0x00d7), 1); /* × */
	assert_int_equal(cell_width(0x00e9), 1); /* é */
	assert_int_equal(cell_width(0x303f), 1); /* just past CJK punctuation */
}

static void test_utf8_width_of_strings(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("a中，"), 5);
	assert_int_equal(utf8_width("e\xcc\x81"), 1); /* e + combining acute */
	assert_int_equal(utf8_width("a\377b"), 3);    /* U+FFFD is one column */
	assert_int_equal(utf8_width("\x1b[1m"), 3);   /* ESC itself is 0 */
}

static void test_utf8_fit_never_splits(void **state)
{
	const char *s = "中文ab";

	(void)state;
	assert_int_equal(utf8_fit(s, 0), 0);
	assert_int_equal(utf8_fit(s, 1), 0);
	assert_int_equal(utf8_fit(s, 3), 3); /* 中 only: 文 would need column 4 */
	assert_int_equal(utf8_fit(s, 4), 6);
	assert_int_equal(utf8_fit(s, 5), 7);
	assert_int_equal(utf8_fit(s, 99), strlen(s));
	assert_int_equal(utf8_fit(s, -1), 0);
}

static void test_utf8_fit_keeps_combining_mark(void **state)
{
	(void)state;
	assert_int_equal(utf8_fit("e\xcc\x81x", 1), 3); /* é as e + U+0301 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_decode_one_to_four_bytes),
	    cmocka_unit_test(test_utf8_decode_stops_at_n),
	    cmocka_unit_test(test_utf8_decode_invalid_gives_replacement),
	    cmocka_unit_test(test_utf8_decode_truncated_resynchronises),
	    cmocka_unit_test(test_utf8_encode_round_trips),
	    cmocka_unit_test(test_utf8_encode_unencodable_as_replacement),
	    cmocka_unit_test(test_utf8_cell_width_ascii),
	    cmocka_unit_test(test_utf8_cell_width_wide),
	    cmocka_unit_test(test_utf8_cell_width_emoji),
	    cmocka_unit_test(test_utf8_cell_width_zero),
	    cmocka_unit_test(test_utf8_cell_width_ambiguous_is_narrow),
	    cmocka_unit_test(test_utf8_width_of_strings),
	    cmocka_unit_test(test_utf8_fit_never_splits),
	    cmocka_unit_test(test_utf8_fit_keeps_combining_mark),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
