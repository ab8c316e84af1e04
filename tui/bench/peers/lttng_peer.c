/*
 * lttng_peer.c - weft-bench-lttng: the LTTng-UST peer of `weft bench`'s
 * event-emit row, a program of its own so that the weft binary never links
 * liblttng-ust (whose constructor starts threads in every process that
 * loads it, and weft forks lessons).
 *
 * `weft bench` creates a live session with the weft_bench:ev event enabled
 * in a channel with large buffers, then runs this with the number of
 * batches.  It waits (up to 5 s) until the session daemon has enabled the
 * tracepoint, times batches of tracepoints with a pause between them so
 * the consumer daemon keeps up (no event measured as a cheap discard), and
 * prints "ns MEDIAN MIN MAX RUNS", or "skip REASON".
 */
#define LTTNG_UST_TRACEPOINT_CREATE_PROBES
#define LTTNG_UST_TRACEPOINT_DEFINE
#include "lttng_tp.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define BATCH 16384

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 9;
	if (runs < 1 || runs > 256)
		runs = 9;
	for (int i = 0; i < 500 && !lttng_ust_tracepoint_enabled(weft_bench, ev); i++)
		usleep(10000);
	if (!lttng_ust_tracepoint_enabled(weft_bench, ev)) {
		printf("skip no live session enabled weft_bench:ev (is lttng-sessiond running?)\n");
		return 0;
	}
	double v[256];
	for (int r = -1; r < runs; r++) {
		uint64_t t0 = now_ns();
		for (uint32_t i = 0; i < BATCH; i++)
			lttng_ust_tracepoint(weft_bench, ev, 1, 11, 0, 0, i, 0);
		uint64_t t1 = now_ns();
		if (r >= 0)
			v[r] = (double)(t1 - t0) / BATCH;
		usleep(20000); /* the consumer daemon empties the sub-buffers */
	}
	qsort(v, (size_t)runs, sizeof *v, cmp);
	double median = runs % 2 ? v[runs / 2] : (v[runs / 2 - 1] + v[runs / 2]) / 2;
	printf("ns %.2f %.2f %.2f %d\n", median, v[0], v[runs - 1], runs);
	return 0;
}
