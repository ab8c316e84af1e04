/*
 * export.h - `weft export FILE`: a recorded run as Chrome Trace Event JSON
 * (--chrome) or one event a line (--text).
 */
#ifndef WEFT_EXPORT_H
#define WEFT_EXPORT_H

/* Writes the trace at `file` to chrome_out as Chrome JSON, or to text_out
 * as text (exactly one is non-NULL; "-" is stdout).  The exit code: 0, 2
 * when the trace cannot be read or the output not created, 1 when a write
 * fails. */
int export_main(const char *file, const char *chrome_out, const char *text_out,
		const char *trace_out);

#endif
