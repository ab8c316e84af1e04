/*
 * model_series.c - see model_series.h.
 */
#include "model_series.h"

size_t series_compact(struct model_sample *v, size_t len)
{
	size_t old = (len / 2) & ~(size_t)1;
	size_t n = 0;

	for (size_t i = 0; i < len; i += i < old ? 2 : 1) {
		struct model_sample keep = v[i];

		if (i < old && v[i + 1].depth > keep.depth)
			keep.depth = v[i + 1].depth;
		if (n == 0 || v[n - 1].depth != keep.depth)
			v[n++] = keep;
	}
	return n;
}
