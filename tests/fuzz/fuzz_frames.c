/*
 * fuzz_frames.c - libFuzzer target: frames drawn from any trace.
 *
 * The trace fuzzer parses and folds but never draws, so it cannot reach the
 * widgets (a signed overflow in the event-loop panel hid there, issue 18).
 * Here any bytes that parse as a trace are played back in the app, as
 * `weft replay` does, and frames are drawn at several sizes (down to 1x1)
 * and several playheads: the start, the end, steps back from it, a seek to
 * the middle, zoomed in and out, in English and Chinese, ASCII or not (the
 * first byte picks).  A frame must draw without a sanitizer report.
 * Seeds: tests/fuzz/frames/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "canvas.h"
#include "cli.h"
#include "replay.h"
#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int sizes[][2] = {{120, 40}, {80, 24}, {41, 13}, {200, 60}, {12, 5}, {1, 1}};

static void draw_all(struct app *a)
{
	app_tick(a);
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		canvas *c = canvas_new(sizes[i][0], sizes[i][1]);
		if (!c)
			return;
		app_draw(a, c);
		canvas_free(c);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace t;
	char err[320];
	if (trace_parse((const char *)data, size, "fuzz.trace", &t, err, sizeof err) < 0)
		return 0;
	replay *r = replay_new(&t);
	if (!r)
		return 0;
	struct cli cli;
	memset(&cli, 0, sizeof cli);
	cli.cmd = CLI_REPLAY;
	cli.speed = 1.0;
	uint8_t pick = size ? data[size - 1] : 0;
	cli.lang = pick & 1 ? "zh" : "en";
	cli.ascii = (pick & 2) != 0;
	struct app a;
	app_init_replay(&a, &cli, r);
	draw_all(&a); /* the start */
	app_apply(&a, ACT_END);
	draw_all(&a);
	app_apply(&a, ACT_BACK_STEP);
	app_apply(&a, ACT_BACK_STEP);
	draw_all(&a);
	replay_seek(r, replay_end(r) / 2);
	draw_all(&a);
	app_apply(&a, ACT_ZOOM_IN);
	app_apply(&a, ACT_ZOOM_IN);
	app_apply(&a, ACT_NEXT_PANEL);
	draw_all(&a);
	for (int i = 0; i < 12; i++)
		app_apply(&a, ACT_ZOOM_OUT);
	app_apply(&a, ACT_RIGHT);
	app_apply(&a, ACT_PAGE_DOWN);
	draw_all(&a);
	app_free(&a);
	return 0;
}
