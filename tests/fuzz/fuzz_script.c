/*
 * fuzz_script.c - libFuzzer target: the script parser.
 *
 * Any bytes are parsed as a script (nothing is run).  A parse either fails
 * with one line naming the file and line, or gives commands whose words
 * are NUL-terminated and whose durations are not negative.  Seeds:
 * tests/fuzz/script/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script s;
	char err[320];
	err[0] = 0;
	if (script_parse((const char *)data, size, "fuzz.weft", &s, err, sizeof err) < 0) {
		if (strncmp(err, "fuzz.weft:", 10) != 0 || strchr(err, '\n'))
			abort();
		return 0;
	}
	for (size_t i = 0; i < s.n; i++) {
		const struct script_cmd *c = &s.cmd[i];
		if (!memchr(c->arg[0], 0, SCRIPT_ARG_MAX) || !memchr(c->arg[1], 0, SCRIPT_ARG_MAX) ||
		    c->ns < 0 || c->line < 1)
			abort();
	}
	script_free(&s);
	return 0;
}
