/*
 * fuzz_btrace.c - libFuzzer target: the binary trace reader (btrace.c).
 *
 * Any bytes, after the binary magic (added when they lack it, so every
 * input reaches the reader rather than the text one), are parsed as a
 * trace.  A parse either fails with one line naming the file and offset,
 * or gives a trace whose packed events replay back and forth, unpack into
 * arrays and write out as text without a crash.  Seeds: tests/fuzz/btrace/
 * (recorded runs).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"
#include "replay.h"
#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t skip = btrace_is(data, size) ? 0 : BTRACE_MAGIC_LEN;
	uint8_t *buf = malloc(size + skip + 1);
	if (!buf)
		return 0;
	memcpy(buf, BTRACE_MAGIC, skip);
	memcpy(buf + skip, data, size);
	struct trace t;
	char err[320];
	err[0] = 0;
	if (btrace_parse(buf, size + skip, "fuzz.trace", &t, err, sizeof err) < 0) {
		if (strncmp(err, "fuzz.trace:", 11) != 0 || strchr(err, '\n'))
			abort();
		return 0;
	}
	struct trace copy;
	FILE *out = fopen("/dev/null", "w");
	if (out) {
		btrace_write_text(&t, out);
		fclose(out);
	}
	replay *r = replay_new(&t);
	if (!r)
		return 0;
	replay_seek(r, replay_end(r));
	replay_step(r, -1);
	replay_seek(r, 0);
	replay_step(r, 1);
	replay_free(r);
	/* the same bytes again, unpacked into arrays */
	if ((buf = malloc(size + skip + 1))) {
		memcpy(buf, BTRACE_MAGIC, skip);
		memcpy(buf + skip, data, size);
		if (btrace_parse(buf, size + skip, "fuzz.trace", &copy, err, sizeof err) == 0) {
			trace_unpack(&copy);
			trace_free(&copy);
		}
	}
	return 0;
}
