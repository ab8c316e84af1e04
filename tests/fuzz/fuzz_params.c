/*
 * fuzz_params.c - libFuzzer target: `--set NAME=VALUE` values.
 *
 * The first byte picks a lesson (the listed ones and the hidden test ones,
 * by id), the rest is one NAME=VALUE string given to lesson_args_set.  It
 * must accept it (and then every stored value fits, NUL-terminated) or
 * refuse it with a one-line reason.  Seeds: tests/fuzz/params/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "params.h"
#include "registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || registry_count() == 0)
		return 0;
	const struct wf_lesson *l = registry_at(data[0] % registry_count());
	char *kv = malloc(size);
	if (!kv)
		return 0;
	memcpy(kv, data + 1, size - 1);
	kv[size - 1] = 0;
	struct lesson_args args;
	lesson_args_init(&args, l);
	char err[256];
	err[0] = 0;
	if (lesson_args_set(&args, l, kv, err, sizeof err) < 0) {
		if (strlen(err) == 0 || strchr(err, '\n'))
			abort();
	} else {
		for (unsigned i = 0; i < args.n; i++)
			if (!memchr(args.p[i].value, 0, sizeof args.p[i].value))
				abort();
	}
	char out[512];
	lesson_args_format(&args, out, sizeof out);
	free(kv);
	return 0;
}
