/*
 * cast.c - the screen as an asciicast v2 recording.
 *
 * An asciicast v2 file is a JSON header line ({"version": 2, "width",
 * "height", "timestamp", "title", "env"}) and then one JSON array a line,
 * [seconds, "o", "what the terminal was sent"] or [seconds, "r", "WxH"] for
 * a resize.  What is sent here is plain ANSI: a cursor move to each row
 * that changed and the row's cells with their SGR colours, so a player
 * shows exactly the canvas the terminal showed, cell for cell.
 *
 * Invariants: rows are compared with the previous frame, so an unchanged
 * screen costs nothing; every row written starts at column 1 and is
 * written whole, with SGR reset at its end, so a player that joins late
 * or seeks shows no stale attributes past what a full redraw fixes; the
 * first frame and every resize clear and redraw everything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cast.h"
#include "theme.h"
#include "utf8.h"

struct cast {
	FILE *f;
	int w, h;
	bool colour;
	bool failed;
	struct cell *shown; /* the last frame, w×h; NULL before the first */
	char *buf;          /* one frame's output, before JSON escaping */
	size_t len, cap;
};

static void put(struct cast *k, const char *s, size_t n)
{
	if (k->len + n + 1 > k->cap) {
		size_t cap = k->cap ? k->cap : 4096;
		while (k->len + n + 1 > cap)
			cap *= 2;
		char *grown = realloc(k->buf, cap);
		if (!grown) {
			k->failed = true;
			return;
		}
		k->buf = grown;
		k->cap = cap;
	}
	memcpy(k->buf + k->len, s, n);
	k->len += n;
}

static void puts_(struct cast *k, const char *s)
{
	put(k, s, strlen(s));
}

/* One JSON string of n bytes: UTF-8 passes, control bytes are \u escapes. */
static void json(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

cast *cast_open(const char *path, int w, int h, const char *title, bool colour, char *err,
		size_t errsize)
{
	struct cast *k = calloc(1, sizeof *k);
	FILE *f = k ? fopen(path, "w") : NULL;
	if (!f) {
		snprintf(err, errsize, "cannot create %s", path);
		free(k);
		return NULL;
	}
	k->f = f;
	k->w = w;
	k->h = h;
	k->colour = colour;
	fprintf(f, "{\"version\": 2, \"width\": %d, \"height\": %d, \"timestamp\": %lld, \"title\": ", w, h,
		(long long)time(NULL));
	json(f, title, strlen(title));
	fputs(", \"env\": {\"TERM\": \"xterm-256color\"}}\n", f);
	return k;
}

/* The SGR sequence for a cell's look. */
static void sgr(struct cast *k, const struct cell *c)
{
	char seq[48];
	int n = snprintf(seq, sizeof seq, "\033[0");
	if (c->attr & A_BOLD_)
		n += snprintf(seq + n, sizeof seq - (size_t)n, ";1");
	if (c->attr & A_UNDERLINE_)
		n += snprintf(seq + n, sizeof seq - (size_t)n, ";4");
	if (c->attr & A_REVERSE_)
		n += snprintf(seq + n, sizeof seq - (size_t)n, ";7");
	if (!k->colour && c->style == S_DIM)
		n += snprintf(seq + n, sizeof seq - (size_t)n, ";2");
	short fg = k->colour ? theme_colour(c->style, true) : -1;
	if (fg >= 0)
		n += snprintf(seq + n, sizeof seq - (size_t)n, ";38;5;%d", fg);
	snprintf(seq + n, sizeof seq - (size_t)n, "m");
	puts_(k, seq);
}

static void row(struct cast *k, const struct cell *r, int y)
{
	char at[24];
	snprintf(at, sizeof at, "\033[%d;1H", y + 1);
	puts_(k, at);
	const struct cell *look = NULL;
	for (int x = 0; x < k->w; x++) {
		const struct cell *c = &r[x];
		if (c->ch == CANVAS_WIDE_TAIL)
			continue;
		if (!look || look->style != c->style || look->attr != c->attr) {
			sgr(k, c);
			look = c;
		}
		char u[4];
		put(k, u, utf8_encode(c->ch, u));
	}
	puts_(k, "\033[0m");
}

void cast_frame(struct cast *k, const canvas *c, double t)
{
	if (!k || k->failed)
		return;
	int w = canvas_width(c), h = canvas_height(c);
	bool full = !k->shown || w != k->w || h != k->h;
	if (full && k->shown) {
		fprintf(k->f, "[%.6f, \"r\", \"%dx%d\"]\n", t, w, h);
	}
	if (full) {
		struct cell *grown = realloc(k->shown, (size_t)w * (size_t)h * sizeof *grown);
		if (!grown) {
			k->failed = true;
			return;
		}
		k->shown = grown;
		k->w = w;
		k->h = h;
	}
	k->len = 0;
	if (full)
		puts_(k, "\033[?25l\033[2J");
	for (int y = 0; y < h; y++) {
		const struct cell *r = canvas_row(c, y);
		struct cell *was = &k->shown[(size_t)y * (size_t)w];
		if (!full && memcmp(r, was, (size_t)w * sizeof *r) == 0)
			continue;
		memcpy(was, r, (size_t)w * sizeof *r);
		row(k, r, y);
	}
	if (k->len && !k->failed) {
		fprintf(k->f, "[%.6f, \"o\", ", t);
		json(k->f, k->buf, k->len);
		fputs("]\n", k->f);
	}
	if (ferror(k->f))
		k->failed = true;
}

int cast_close(struct cast *k)
{
	if (!k)
		return 0;
	bool failed = k->failed || ferror(k->f);
	if (fclose(k->f) != 0)
		failed = true;
	free(k->shown);
	free(k->buf);
	free(k);
	return failed ? -1 : 0;
}
