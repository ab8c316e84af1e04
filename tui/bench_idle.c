/*
 * bench_idle.c - row idle: placeholder while the row is written.
 */
#include "bench.h"

void bench_idle(const struct bench_opts *o)
{
	(void)o;
	bench_missing("idle", "% core", "<= 1", "not measured yet");
}
