/*
 * test_keymap.c - the keys people expect map to the actions they expect.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "keymap.h"

static void test_keymap_quit_and_back(void **state)
{
	(void)state;
	assert_int_equal(keymap_action('q'), ACT_QUIT);
	assert_int_equal(keymap_action(WK_ESC), ACT_BACK);
	assert_int_equal(keymap_action('?'), ACT_HELP);
}

static void test_keymap_arrows_and_hjkl_agree(void **state)
{
	(void)state;
	assert_int_equal(keymap_action(WK_UP), keymap_action('k'));
	assert_int_equal(keymap_action(WK_DOWN), keymap_action('j'));
	assert_int_equal(keymap_action(WK_LEFT), keymap_action('h'));
	assert_int_equal(keymap_action(WK_RIGHT), keymap_action('l'));
	assert_int_equal(keymap_action('k'), ACT_UP);
	assert_int_equal(keymap_action('l'), ACT_RIGHT);
}

static void test_keymap_run_control(void **state)
{
	(void)state;
	assert_int_equal(keymap_action(' '), ACT_PAUSE);
	assert_int_equal(keymap_action('r'), ACT_RESTART);
	assert_int_equal(keymap_action('+'), ACT_FASTER);
	assert_int_equal(keymap_action('-'), ACT_SLOWER);
	assert_int_equal(keymap_action('['), ACT_ZOOM_IN);
	assert_int_equal(keymap_action(']'), ACT_ZOOM_OUT);
	assert_int_equal(keymap_action(WK_TAB), ACT_NEXT_PANEL);
	assert_int_equal(keymap_action(WK_ENTER), ACT_ENTER);
	assert_int_equal(keymap_action('\r'), ACT_ENTER);
	assert_int_equal(keymap_action(WK_RESIZE), ACT_RESIZE);
}

static void test_keymap_unbound_keys_do_nothing(void **state)
{
	(void)state;
	assert_int_equal(keymap_action('z'), ACT_NONE);
	assert_int_equal(keymap_action(0x4e2d /* 中 */), ACT_NONE);
	assert_int_equal(keymap_action(0), ACT_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keymap_quit_and_back),
		cmocka_unit_test(test_keymap_arrows_and_hjkl_agree),
		cmocka_unit_test(test_keymap_run_control),
		cmocka_unit_test(test_keymap_unbound_keys_do_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
