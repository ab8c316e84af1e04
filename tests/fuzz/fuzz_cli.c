/*
 * fuzz_cli.c - libFuzzer target: the command line.
 *
 * The input is split at NUL bytes into argv[1..] (at most 64 arguments) and
 * handed to cli_parse, which is pure.  Whatever the bytes, cli_parse must
 * return 0 or -1 with a one-line, NUL-terminated reason, and never read or
 * write outside its buffers.  Seeds: tests/fuzz/cli/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* One copy with a NUL after every argument, the last one included. */
	char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = 0;
	char *argv[MAX_ARGS + 2];
	int argc = 0;
	argv[argc++] = "weft";
	for (size_t at = 0; at <= size && argc <= MAX_ARGS;) {
		argv[argc++] = buf + at;
		at += strlen(buf + at) + 1;
	}
	argv[argc] = NULL;
	struct cli c;
	char err[256];
	err[0] = 0;
	if (cli_parse(&c, argc, argv, err, sizeof err) < 0) {
		if (strlen(err) == 0 || strchr(err, '\n'))
			abort(); /* a refusal must say why, on one line */
	} else {
		if ((c.cmd == CLI_OPEN || c.cmd == CLI_RUN) && !c.lesson)
			abort();
		char args[512];
		lesson_args_format(&c.args, args, sizeof args);
	}
	free(buf);
	return 0;
}
