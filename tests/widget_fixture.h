/*
 * widget_fixture.h - what the widget tests share: a model to fold events
 * into and a canvas to draw it on, made before each test and freed after,
 * and a canvas row read back as text without its trailing spaces.
 *
 * A test file defines WIDGET_W and WIDGET_H (its canvas size) before
 * including this, and uses `setup` / `teardown` with cmocka.
 */
#ifndef WEFT_WIDGET_FIXTURE_H
#define WEFT_WIDGET_FIXTURE_H

#include <string.h>

#include "canvas.h"
#include "model.h"

struct fixture {
	model *m;
	canvas *c;
};

static int setup(void **state)
{
	static struct fixture f;
	f.m = model_new();
	f.c = canvas_new(WIDGET_W, WIDGET_H);
	*state = &f;
	return f.m && f.c ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	model_free(f->m);
	canvas_free(f->c);
	return 0;
}

/* Row y of c as UTF-8 text, trailing spaces cut; valid until the next call. */
static const char *row(canvas *c, int y)
{
	static char buf[512];
	canvas_row_text(c, y, buf, sizeof buf);
	for (size_t n = strlen(buf); n > 0 && buf[n - 1] == ' ';)
		buf[--n] = 0;
	return buf;
}

#endif
