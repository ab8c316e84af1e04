/*
 * utf8.c - decoding UTF-8 and measuring it in terminal columns.
 *
 * The decoder is strict (RFC 3629): overlong forms, UTF-16 surrogates, code
 * points above U+10FFFF, stray continuation bytes and truncated sequences
 * all decode as U+FFFD and consume exactly one byte, so every loop over a
 * string makes progress and resynchronises on the next lead byte.
 *
 * Widths come from two sorted range tables searched by bisection and never
 * from the C library, so they do not depend on the locale:
 *
 *   - zero_ranges: combining marks, zero-width spaces and joiners,
 *     bidirectional controls and variation selectors.  This is the common
 *     subset of Unicode's Mn/Me/Cf (Latin, Greek, Cyrillic, Hebrew, Arabic,
 *     Thai, Hangul medial jamo, the ideographic tone marks and kana voicing
 *     marks), not all of it: a mark missing here counts as one column.
 *   - wide_ranges: East Asian Width W and F from Unicode 14.0 (the version
 *     glibc 2.36's wcwidth follows), adjacent ranges merged across
 *     unassigned gaps, plus the planes 2 and 3 that default to wide.
 *
 * A code point in both (U+302A-302D, U+3099-309A) is a combining mark: the
 * zero table is consulted first.
 */
#include "utf8.h"

#include <string.h>

struct range {
	uint32_t lo, hi;
};

/* clang-format off */
static const struct range zero_ranges[] = {
	{0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x05bf, 0x05bf},
	{0x05c1, 0x05c2}, {0x05c4, 0x05c5}, {0x05c7, 0x05c7}, {0x0610, 0x061a},
	{0x064b, 0x065f}, {0x0670, 0x0670}, {0x06d6, 0x06dc}, {0x06df, 0x06e4},
	{0x06e7, 0x06e8}, {0x06ea, 0x06ed}, {0x0e31, 0x0e31}, {0x0e34, 0x0e3a},
	{0x0e47, 0x0e4e}, {0x1160, 0x11ff}, {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff},
	{0x200b, 0x200f}, {0x202a, 0x202e}, {0x2060, 0x2064}, {0x20d0, 0x20ff},
	{0x302a, 0x302d}, {0x3099, 0x309a}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f},
	{0xfeff, 0xfeff}, {0xe0001, 0xe0001}, {0xe0020, 0xe007f}, {0xe0100, 0xe01ef},
};
/* clang-format on */

/* clang-format off */
static const struct range wide_ranges[] = {
	{0x1100, 0x115f},   /* Hangul Jamo initial consonants */
	{0x231a, 0x231b}, {0x2329, 0x232a}, {0x23e9, 0x23ec}, {0x23f0, 0x23f0},
	{0x23f3, 0x23f3}, {0x25fd, 0x25fe}, {0x2614, 0x2615}, {0x2648, 0x2653},
	{0x267f, 0x267f}, {0x2693, 0x2693}, {0x26a1, 0x26a1}, {0x26aa, 0x26ab},
	{0x26bd, 0x26be}, {0x26c4, 0x26c5}, {0x26ce, 0x26ce}, {0x26d4, 0x26d4},
	{0x26ea, 0x26ea}, {0x26f2, 0x26f3}, {0x26f5, 0x26f5}, {0x26fa, 0x26fa},
	{0x26fd, 0x26fd}, {0x2705, 0x2705}, {0x270a, 0x270b}, {0x2728, 0x2728},
	{0x274c, 0x274c}, {0x274e, 0x274e}, {0x2753, 0x2755}, {0x2757, 0x2757},
	{0x2795, 0x2797}, {0x27b0, 0x27b0}, {0x27bf, 0x27bf}, {0x2b1b, 0x2b1c},
	{0x2b50, 0x2b50}, {0x2b55, 0x2b55},
	{0x2e80, 0x303e},   /* CJK radicals, ideographic description, CJK punctuation */
	{0x3041, 0x3247},   /* kana, bopomofo, Hangul compatibility jamo, enclosed */
	{0x3250, 0x4dbf},   /* enclosed, compatibility, CJK extension A */
	{0x4e00, 0xa4c6},   /* CJK unified ideographs, Yi */
	{0xa960, 0xa97c},   /* Hangul Jamo extended A */
	{0xac00, 0xd7a3},   /* Hangul syllables */
	{0xf900, 0xfaff},   /* CJK compatibility ideographs */
	{0xfe10, 0xfe19},   /* vertical forms */
	{0xfe30, 0xfe6b},   /* CJK compatibility forms, small form variants */
	{0xff01, 0xff60},   /* fullwidth ASCII and brackets */
	{0xffe0, 0xffe6},   /* fullwidth signs */
	{0x16fe0, 0x1b2fb}, /* Tangut, Khitan, Nushu, kana supplement */
	{0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf}, {0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a},
	{0x1f200, 0x1f320}, {0x1f32d, 0x1f335}, {0x1f337, 0x1f37c}, {0x1f37e, 0x1f393},
	{0x1f3a0, 0x1f3ca}, {0x1f3cf, 0x1f3d3}, {0x1f3e0, 0x1f3f0}, {0x1f3f4, 0x1f3f4},
	{0x1f3f8, 0x1f43e}, {0x1f440, 0x1f440}, {0x1f442, 0x1f4fc}, {0x1f4ff, 0x1f53d},
	{0x1f54b, 0x1f54e}, {0x1f550, 0x1f567}, {0x1f57a, 0x1f57a}, {0x1f595, 0x1f596},
	{0x1f5a4, 0x1f5a4}, {0x1f5fb, 0x1f64f}, {0x1f680, 0x1f6c5}, {0x1f6cc, 0x1f6cc},
	{0x1f6d0, 0x1f6d2}, {0x1f6d5, 0x1f6df}, {0x1f6eb, 0x1f6ec}, {0x1f6f4, 0x1f6fc},
	{0x1f7e0, 0x1f7f0}, {0x1f90c, 0x1f93a}, {0x1f93c, 0x1f945}, {0x1f947, 0x1f9ff},
	{0x1fa70, 0x1faf6},
	{0x20000, 0x3fffd}, /* CJK extensions B-H, planes 2 and 3 */
};
/* clang-format on */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int in_ranges(uint32_t cp, const struct range *t, size_t n)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < t[0].lo || cp > t[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t v, min;
	size_t len, i;

	if (n == 0) {
		*cp = 0;
		return 0;
	}
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2, v = p[0] & 0x1fu, min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3, v = p[0] & 0x0fu, min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4, v = p[0] & 0x07u, min = 0x10000;
	} else {
		goto invalid; /* continuation byte, 0xc0/0xc1 or beyond U+10FFFF */
	}
	if (n < len)
		goto invalid;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto invalid;
		v = v << 6 | (p[i] & 0x3fu);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		goto invalid;
	*cp = v;
	return len;
invalid:
	*cp = UTF8_REPLACEMENT;
	return 1;
}

/* Code points that cannot be encoded (surrogates, beyond U+10FFFF) are
 * written as U+FFFD, so the output is always valid UTF-8. */
size_t utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Code points beyond U+10FFFF (such as CANVAS_WIDE_TAIL) are no characters
 * and take no columns. */
int cell_width(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7f)
		return 1; /* the common case, before any table */
	if (cp >= 0x2500 && cp <= 0x25fc)
		return 1; /* box drawing, blocks, shapes: every frame's lanes and borders */
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp > 0x10ffff)
		return 0;
	if (in_ranges(cp, zero_ranges, COUNT(zero_ranges)))
		return 0;
	if (in_ranges(cp, wide_ranges, COUNT(wide_ranges)))
		return 2;
	return 1;
}

int utf8_width(const char *s)
{
	size_t n = s ? strlen(s) : 0, off = 0;
	int cols = 0;

	while (off < n) {
		uint32_t cp;

		off += utf8_decode(s + off, n - off, &cp);
		cols += cell_width(cp);
	}
	return cols;
}

/* Zero-width code points after the last one that fits belong to it (a
 * combining accent stays with its letter), so they are included. */
size_t utf8_fit(const char *s, int cols)
{
	size_t n = s ? strlen(s) : 0, off = 0;
	int used = 0;

	while (off < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + off, n - off, &cp);
		int w = cell_width(cp);

		if (used + w > cols)
			break;
		used += w;
		off += k;
	}
	return off;
}
