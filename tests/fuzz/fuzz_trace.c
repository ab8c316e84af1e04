/*
 * fuzz_trace.c - libFuzzer target: the trace reader.
 *
 * Any bytes are parsed as a trace.  A parse either fails with one line
 * naming the file and line, or gives a trace whose events fold into a model
 * and replay back and forth without a crash.  Seeds: tests/fuzz/trace/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "replay.h"
#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace t;
	char err[320];
	err[0] = 0;
	if (trace_parse((const char *)data, size, "fuzz.trace", &t, err, sizeof err) < 0) {
		if (strncmp(err, "fuzz.trace:", 11) != 0 || strchr(err, '\n'))
			abort();
		return 0;
	}
	replay *r = replay_new(&t);
	if (!r)
		return 0;
	replay_seek(r, replay_end(r));
	replay_step(r, -1);
	replay_seek(r, 0);
	replay_step(r, 1);
	replay_free(r);
	return 0;
}
