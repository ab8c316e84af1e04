/*
 * bench_replay.c - rows replay-load and replay-seek: reading a recorded
 * 1 M-event trace, and seeking to 100 random points of it.
 *
 * Until recorded runs (sim/trace) are in the build, both rows say
 * "not built yet".
 */
#include "bench.h"

void bench_replay(const struct bench_opts *o)
{
	(void)o;
	bench_missing("replay-load", "ms", "<= 300", "not built yet: sim/trace (recorded runs) is not in this build");
	bench_missing("replay-seek", "ms", "<= 10", "not built yet: sim/trace (recorded runs) is not in this build");
}
