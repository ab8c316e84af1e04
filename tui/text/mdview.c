/*
 * mdview.c - a lesson text: Markdown parsed once, laid out to a width, drawn.
 *
 * Two stages, each with its own storage in the view:
 *
 *   parse   md4c's callbacks append blocks.  A block's text lives in `text`
 *           as runs of one style each (`runs`); a block has four ranges of
 *           runs: the prefix of its first line (quote bars, the list marker
 *           of the item it starts), the prefix of its other lines (the same
 *           widths in spaces, so items hang), the prefix of the blank line
 *           before it (the containers it shares with the block before), and
 *           its body.  In a body, '\n' is a hard break and '\r' a soft
 *           break: md4c passes neither byte inside text (code blocks aside,
 *           where '\n' ends a line), so they are free to mark what the
 *           layout needs to know.
 *   layout  each block becomes lines of glyphs (`cells`, `lines`) no wider
 *           than the width; the layout is cached until the width or the
 *           code's sideways scroll changes.  Code lines are never wrapped:
 *           cut, with a mark on the side where text is hidden.
 *
 * A soft break between two wide characters vanishes (Chinese puts no space
 * where the source line ended); anywhere else it is a space.  Control
 * characters and combining marks are dropped (a canvas cell holds one code
 * point of width 1 or 2), tabs are spaces, and in code blocks tabs move to
 * the next multiple of 4 columns.
 *
 * Break rules (kinsoku, simplified): a line may end before b, after a, if b
 * is not a space and not closing punctuation, a is not opening punctuation,
 * and a is a space or either of them is wide.  The greedy breaker ends each
 * line at the last such place that fits; where there is none, it cuts the
 * word, one character earlier if the cut would start a line with closing
 * punctuation.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdview_parse.h"
#include "utf8.h"

mdview *mdview_new(const char *md, size_t len, int ascii)
{
	mdview *v = malloc(sizeof *v);
	int rc;

	if (!v)
		return NULL;
	v->ascii = ascii;
	v->title = NULL;
	v->width = 0;
	v->hscroll = v->laid_hscroll = v->code_width = 0;
	vec_init(&v->text, 1);
	vec_init(&v->runs, sizeof(struct run));
	vec_init(&v->blocks, sizeof(struct block));
	vec_init(&v->cells, sizeof(struct glyph));
	vec_init(&v->lines, sizeof(struct line));
	vec_init(&v->scratch, sizeof(struct glyph));
	vec_init(&v->pfirst, sizeof(struct glyph));
	vec_init(&v->pcont, sizeof(struct glyph));
	if (!md) {
		md = "";
		len = 0;
	}
	rc = mdview_parse(v, md, len);
	if (rc > 0)
		rc = mdview_parse_raw(v, md, len);
	if (rc < 0) {
		mdview_free(v);
		return NULL;
	}
	return v;
}

void mdview_free(mdview *v)
{
	if (!v)
		return;
	free(v->title);
	free(v->text.p);
	free(v->runs.p);
	free(v->blocks.p);
	free(v->cells.p);
	free(v->lines.p);
	free(v->scratch.p);
	free(v->pfirst.p);
	free(v->pcont.p);
	free(v);
}

const char *mdview_title(const mdview *v)
{
	return v->title ? v->title : "";
}

/* ---- layout: blocks into lines ------------------------------------------ */

static int cp_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Punctuation that may not start a line (sorted). */
/* clang-format off */
static const uint32_t closing[] = {
	'!', ')', ',', '.', ':', ';', '?', ']', '}',
	0x2019, 0x201d, 0x2025, 0x2026, 0x203c, 0x2047, 0x2048, 0x2049,
	0x3001, 0x3002, 0x3009, 0x300b, 0x300d, 0x300f, 0x3011, 0x3015,
	0x3017, 0x3019, 0x301b, 0x301e, 0x301f, 0x30fb, 0x30fc,
	0xff01, 0xff09, 0xff0c, 0xff0e, 0xff1a, 0xff1b, 0xff1f, 0xff3d,
	0xff5d, 0xff60, 0xff61, 0xff63, 0xff64,
};
/* clang-format on */

/* Punctuation that may not end a line (sorted). */
/* clang-format off */
static const uint32_t opening[] = {
	'(', '[', '{', 0x2018, 0x201c, 0x3008, 0x300a, 0x300c, 0x300e,
	0x3010, 0x3014, 0x3016, 0x3018, 0x301a, 0x301d, 0xff08, 0xff3b,
	0xff5b, 0xff5f, 0xff62,
};
/* clang-format on */

static int is_in(uint32_t cp, const uint32_t *set, size_t n)
{
	return bsearch(&cp, set, n, sizeof *set, cp_cmp) != NULL;
}

static int is_closing(uint32_t cp)
{
	return is_in(cp, closing, sizeof closing / sizeof closing[0]);
}

static int can_break(const struct glyph *a, const struct glyph *b)
{
	if (b->cp == ' ' || is_closing(b->cp))
		return 0;
	if (is_in(a->cp, opening, sizeof opening / sizeof opening[0]))
		return 0;
	return a->cp == ' ' || a->w == 2 || b->w == 2;
}

/* Decodes a range of runs into glyphs appended to out.  In verbatim text
 * (code) tabs advance to the next tab stop; elsewhere they are spaces.
 * Returns 0, or -1 when out of memory. */
static int expand(const mdview *v, struct runs rs, int verbatim, struct vec *out)
{
	const struct run *runs = v->runs.p;
	int col = 0;
	size_t i;

	for (i = 0; i < rs.n; i++) {
		const struct run *r = &runs[rs.at + i];
		const char *s = (const char *)v->text.p + r->off;
		size_t off = 0;

		while (off < r->len) {
			uint32_t cp;
			int w, k, reps = 1;
			struct glyph *g;

			off += utf8_decode(s + off, r->len - off, &cp);
			if (cp == '\t') {
				cp = ' ';
				reps = verbatim ? MDV_TABSTOP - col % MDV_TABSTOP : 1;
			}
			w = cell_width(cp);
			if (w == 0 && cp != '\n' && cp != '\r')
				continue;
			g = vec_add(out, (size_t)reps);
			if (!g)
				return -1;
			for (k = 0; k < reps; k++)
				g[k] = (struct glyph){cp, r->style, r->attr, (uint8_t)w};
			col = cp == '\n' ? 0 : col + w * reps;
		}
	}
	return 0;
}

/* Soft breaks become spaces, or nothing between two wide characters. */
static void resolve_soft_breaks(struct vec *a)
{
	struct glyph *g = a->p;
	size_t i, o = 0;

	for (i = 0; i < a->n; i++) {
		if (g[i].cp == '\r') {
			if (o > 0 && g[o - 1].w == 2 && i + 1 < a->n && g[i + 1].w == 2)
				continue;
			g[i].cp = ' ';
			g[i].w = 1;
		}
		g[o++] = g[i];
	}
	a->n = o;
}

static int width_of(const struct vec *a)
{
	const struct glyph *g = a->p;
	int w = 0;
	size_t i;

	for (i = 0; i < a->n; i++)
		w += g[i].w;
	return w;
}

/* Appends a line of the given glyphs to the layout; with `trim`, trailing
 * spaces are left out.  Returns 0, or -1 when out of memory. */
static int emit(mdview *v, const struct glyph *pre, size_t npre, const struct glyph *g, size_t n,
                int trim)
{
	struct glyph *cells;
	struct line *l;

	l = vec_add(&v->lines, 1);
	if (!l)
		return -1;
	l->at = v->cells.n;
	cells = vec_add(&v->cells, npre + n);
	if (!cells)
		return -1;
	if (npre > 0)
		memcpy(cells, pre, npre * sizeof *pre);
	if (n > 0)
		memcpy(cells + npre, g, n * sizeof *g);
	while (trim && v->cells.n > l->at && cells[v->cells.n - l->at - 1].cp == ' ')
		v->cells.n--;
	l->n = v->cells.n - l->at;
	return 0;
}

/* A line of `n` copies of one character after a prefix. */
static int emit_rule(mdview *v, const struct vec *pre, uint32_t cp, uint8_t style, int n)
{
	struct glyph *g;
	int i;

	v->scratch.n = 0;
	g = n > 0 ? vec_add(&v->scratch, (size_t)n) : NULL;
	if (n > 0 && !g)
		return -1;
	for (i = 0; i < n; i++)
		g[i] = (struct glyph){cp, style, 0, 1};
	return emit(v, pre->p, pre->n, v->scratch.p, v->scratch.n, 0);
}

/* One line of code: prefix, a mark where text is hidden on the left, the
 * glyphs, a mark where text is hidden on the right.  0, or -1 when out of
 * memory. */
static int emit_code(mdview *v, const struct vec *pre, const struct glyph *g, size_t n, int left,
                     int right)
{
	uint32_t lm = v->ascii ? '<' : 0x2026, rm = v->ascii ? '~' : 0x2026;
	struct line *l = vec_add(&v->lines, 1);
	struct glyph *cells;
	size_t k = 0;

	if (!l)
		return -1;
	l->at = v->cells.n;
	cells = vec_add(&v->cells, pre->n + (size_t)left + n + (size_t)right);
	if (!cells)
		return -1;
	if (pre->n > 0)
		memcpy(cells, pre->p, pre->n * sizeof(struct glyph));
	k = pre->n;
	if (left)
		cells[k++] = (struct glyph){lm, S_DIM, 0, 1};
	if (n > 0)
		memcpy(cells + k, g, n * sizeof *g);
	k += n;
	if (right)
		cells[k++] = (struct glyph){rm, S_DIM, 0, 1};
	l->n = k;
	return 0;
}

/*
 * A code block is never wrapped (that would break Python's indentation):
 * each of its lines starts v->hscroll columns in, and where text is hidden
 * on either side a mark takes that side's last column.  Returns the widest
 * line's whole width, or -1 when out of memory.
 */
static int flow_code(mdview *v, int width)
{
	const struct glyph *a = v->scratch.p;
	size_t n = v->scratch.n, i = 0;
	int first = 1, widest = 0;

	do {
		const struct vec *pre = first ? &v->pfirst : &v->pcont;
		int avail = width - width_of(pre), whole = 0, col = 0, left, right;
		size_t start, end, j;

		for (end = i; end < n && a[end].cp != '\n'; end++)
			whole += a[end].w;
		if (whole > widest)
			widest = whole;
		/* skip hscroll columns (a wide character cut by the edge goes too) */
		for (start = i; start < end && col < v->hscroll; start++)
			col += a[start].w;
		left = start > i;
		right = whole - col > avail - left;
		col = 0;
		for (j = start; j < end && col + a[j].w <= avail - left - right; j++)
			col += a[j].w;
		if (avail < 2) /* too narrow for marks: the text alone */
			left = right = 0;
		if (emit_code(v, pre, a ? a + start : NULL, j - start, left, right) < 0)
			return -1;
		i = end < n ? end + 1 : n;
		first = 0;
	} while (i < n);
	return widest;
}

/*
 * Breaks the glyphs in v->scratch into lines after the prefixes; verbatim
 * text is only cut at the width, other text wraps by the rules at the top.
 * Returns the widest line's text width, or -1 when out of memory.
 */
static int flow(mdview *v, int width, int verbatim)
{
	const struct glyph *a = v->scratch.p;
	size_t n = v->scratch.n, i = 0;
	int first = 1, wrapped = 0, widest = 0;

	do {
		const struct vec *pre = first ? &v->pfirst : &v->pcont;
		int avail = width - width_of(pre), col = 0;
		size_t start, end, next, brk, j;

		while (wrapped && !verbatim && i < n && a[i].cp == ' ')
			i++;
		if (wrapped && i == n)
			break;
		start = brk = i;
		for (j = start;; j++) {
			if (j == n || a[j].cp == '\n') {
				end = j;
				next = j < n ? j + 1 : n;
				wrapped = 0;
				break;
			}
			if (!verbatim && j > start && can_break(&a[j - 1], &a[j]))
				brk = j;
			if (col + a[j].w > avail) {
				if (!verbatim && a[j].cp == ' ')
					end = j;
				else if (brk > start)
					end = brk;
				else if (!verbatim && j > start + 1 && is_closing(a[j].cp)) {
					/* take the characters before down too, past
					 * every closing mark: "x）。" moves down whole */
					end = j - 1;
					while (end > start + 1 && is_closing(a[end].cp))
						end--;
				} else {
					end = j;
				}
				next = end > start ? end : j + 1; /* wider than a line: dropped */
				wrapped = 1;
				break;
			}
			col += a[j].w;
		}
		/* a is NULL for an empty block: no offset may be added to it */
		if (emit(v, pre->p, pre->n, a ? a + start : NULL, end - start, !verbatim) < 0)
			return -1;
		for (col = 0, j = start; j < end; j++)
			col += a[j].w;
		if (col > widest)
			widest = col;
		i = next;
		first = 0;
	} while (i < n);
	return widest;
}

/* Lays out one block after its blank line, if any: 0, or -1 when out of
 * memory. */
static int layout_block(mdview *v, const struct block *b, int width)
{
	int verbatim = b->kind == BK_CODE, widest;

	v->pfirst.n = v->pcont.n = v->scratch.n = 0;
	if (expand(v, b->first, 0, &v->pfirst) < 0 || expand(v, b->cont, 0, &v->pcont) < 0)
		return -1;
	if (width - width_of(&v->pfirst) < 2 || width - width_of(&v->pcont) < 2)
		v->pfirst.n = v->pcont.n = 0; /* too narrow for indents */
	if (b->gap && (expand(v, b->gapp, 0, &v->scratch) < 0 ||
	               emit(v, v->scratch.p, v->scratch.n, NULL, 0, 1) < 0))
		return -1;
	v->scratch.n = 0;
	if (b->kind == BK_RULE)
		return emit_rule(v, &v->pfirst, v->ascii ? '-' : 0x2500, S_DIM,
		                 width - width_of(&v->pfirst));
	if (expand(v, b->body, verbatim, &v->scratch) < 0)
		return -1;
	if (!verbatim)
		resolve_soft_breaks(&v->scratch);
	widest = verbatim ? flow_code(v, width) : flow(v, width, 0);
	if (widest < 0)
		return -1;
	if (verbatim && widest + width_of(&v->pcont) > v->code_width)
		v->code_width = widest + width_of(&v->pcont);
	if (b->heading == 1)
		return emit_rule(v, &v->pcont, v->ascii ? '=' : 0x2550, S_TITLE, widest);
	return 0;
}

int mdview_layout(mdview *v, int width)
{
	const struct block *blocks = v->blocks.p;
	size_t i;

	if (width == v->width && width > 0 && v->hscroll == v->laid_hscroll)
		return (int)v->lines.n;
	v->width = 0;
	v->code_width = 0;
	v->laid_hscroll = v->hscroll;
	v->lines.n = v->cells.n = 0;
	if (width <= 0)
		return 0;
	for (i = 0; i < v->blocks.n; i++) {
		if (layout_block(v, &blocks[i], width) < 0) {
			v->lines.n = v->cells.n = 0;
			return -1;
		}
	}
	v->width = width;
	return v->lines.n > INT_MAX ? INT_MAX : (int)v->lines.n;
}

void mdview_set_hscroll(mdview *v, int cols)
{
	v->hscroll = cols > 0 ? cols : 0;
}

int mdview_code_width(const mdview *v)
{
	return v->code_width;
}

void mdview_draw(const mdview *v, canvas *c, struct rect r, int first_line)
{
	const struct line *lines = v->lines.p;
	const struct glyph *cells = v->cells.p;
	int row;

	canvas_fill(c, r, ' ', S_NORMAL, 0);
	for (row = 0; row < r.h; row++) {
		long long ln = (long long)first_line + row;
		int x = r.x;
		size_t k;

		if (ln < 0 || (size_t)ln >= v->lines.n)
			continue;
		for (k = 0; k < lines[ln].n; k++) {
			const struct glyph *g = &cells[lines[ln].at + k];

			if (x + g->w > r.x + r.w)
				break;
			canvas_put(c, x, r.y + row, g->cp, g->style, g->attr);
			x += g->w;
		}
	}
}
