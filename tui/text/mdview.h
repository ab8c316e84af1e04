/*
 * mdview.h - a lesson text: Markdown parsed once, laid out to a width, drawn.
 *
 * md4c parses the text (raw HTML off) into blocks of styled runs: headings
 * (S_TITLE, bold; H1 followed by a rule, H2 underlined), paragraphs,
 * bullet and ordered lists with hanging indents, block quotes, code blocks
 * kept verbatim (S_CODE, indented two columns, never wrapped: cut at the
 * width with a mark, … or ~, and scrolled sideways by mdview_set_hscroll),
 * inline code (S_CODE), emphasis (underline), strong (bold), links (their
 * text in S_ACCENT), hard and soft breaks, thematic breaks.  A blank line
 * separates blocks, except the items of a tight list.
 *
 * Layout wraps words for English and Chinese alike: a line breaks at a
 * space or between two characters when either is wide (CJK), never before
 * closing punctuation such as ，。、）」 nor after opening punctuation such
 * as （「, so "中文，" moves down whole rather than leaving ， to start a
 * line; a word longer than the line is cut hard.  No laid-out line is wider
 * than the width it was laid out for.
 */
#ifndef WEFT_MDVIEW_H
#define WEFT_MDVIEW_H

#include <stddef.h>

#include "canvas.h"

typedef struct mdview mdview;

/* Parses len bytes of Markdown (need not be NUL-terminated; invalid UTF-8
 * shows as U+FFFD); `ascii` draws bullets and rules with ASCII only.
 * Returns NULL when out of memory; should md4c fail, the view shows the raw
 * text, wrapped. */
mdview *mdview_new(const char *md, size_t len, int ascii);
/* Frees v; NULL is allowed. */
void mdview_free(mdview *v);
/* Lays v out `width` columns wide and returns the number of lines (0 when
 * width <= 0); a second call with the same width reuses the layout.  On
 * out of memory returns -1 and leaves no layout. */
int mdview_layout(mdview *v, int width);
/* Code blocks' lines start `cols` columns in (0: at their start), with a
 * mark (… or <) where text is hidden on the left; the next layout uses it. */
void mdview_set_hscroll(mdview *v, int cols);
/* The widest code line of the last layout with its indent, in columns (0
 * when there is no code): how far sideways scrolling can usefully go. */
int mdview_code_width(const mdview *v);
/* Clears r and draws lines [first_line, first_line + r.h) of the last
 * layout into it, clipped to r; lines that do not exist stay blank. */
void mdview_draw(const mdview *v, canvas *c, struct rect r, int first_line);
/* The plain text of the first level-1 heading, or "" if there is none;
 * valid until mdview_free(). */
const char *mdview_title(const mdview *v);

#endif
